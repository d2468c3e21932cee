package gopdf

import (
	"io"
	"strconv"
)

// Patched for Jixiao: text, marked content, lines, line widths and
// colours written into the page's content stream when they are drawn. Upstream kept a cacheContentText
// for every run of text (a struct of some two hundred bytes, the text
// copied into it by a string concatenation, its width measured glyph by
// glyph) and turned the runs into operators only when the document was
// written, looking every glyph up once more. A table page has hundreds of
// runs. Now TextAt, MarkedContent and BeginMarkedContent append their
// operators at once to the bytes at the end of the page's content list
// (cacheContentBytes), the text state tracked as listCacheContent.write
// tracks it, so the stream is byte for byte what the cached runs gave;
// Line, SetLineWidth, SetStrokeColor and SetFillColor write theirs there
// too, with the code that wrote their cached items, and leave the text
// state unknown as those did. A page drawn with these alone is then one
// slice of bytes, compressed as it is.

// cacheContentBytes is content stream operators written already.
type cacheContentBytes struct{ b []byte }

func (c *cacheContentBytes) write(w io.Writer, protection *PDFProtection) error {
	_, err := w.Write(c.b)
	return err
}

// tail returns the bytes at the end of the list to append operators to,
// adding them if the last item is something else. A new page's first
// bytes are made as large as the last page's were.
func (l *listCacheContent) tail(size int) *cacheContentBytes {
	if n := len(l.caches); n > 0 {
		if b, ok := l.caches[n-1].(*cacheContentBytes); ok {
			return b
		}
	}
	b := &cacheContentBytes{b: make([]byte, 0, size)}
	l.caches = append(l.caches, b)
	return b
}

// appendBytes appends what add appends to the content's bytes, without
// changing the text state.
func (gp *GoPdf) appendBytes(add func(b []byte) []byte) {
	c := gp.getContent()
	t := c.listCache.tail(gp.directSize)
	t.b = add(t.b)
	gp.directSize = max(gp.directSize, cap(t.b))
}

// TextAt draws text with its baseline starting at (x, y), in the current
// font, size and character spacing, as SetXY followed by Text does, but
// writes it into the page's content at once. Unlike Text, it leaves the
// current position at (x, y).
func (gp *GoPdf) TextAt(x, y float64, text string) error {
	gp.SetXY(x, y)
	cur := &gp.curr
	f := cur.FontISubset
	if f == nil {
		return ErrMissingFontFamily
	}
	if cur.txtColorMode == "color" || cur.FontStyle&Underline == Underline {
		// Operators the direct writer does not make: the cached way.
		return gp.Text(text)
	}
	c := gp.getContent()
	t := c.listCache.tail(gp.directSize)
	b, ok := appendText(t.b, f, cur, &c.listCache.ts, text, false)
	if !ok {
		// A character new to the subset: add it (or its substitute)
		// and write the text as AddChars returns it.
		s, err := f.AddChars(text)
		if err != nil {
			return err
		}
		b, _ = appendText(t.b, f, cur, &c.listCache.ts, s, true)
	}
	t.b = b
	gp.directSize = max(gp.directSize, cap(t.b))
	return nil
}

// appendText appends the text object of text at the current position in
// the text state ts, as cacheContentText.writeInState writes it, and
// updates ts. Unless skip is set, ok is false, and b and ts are as they
// were, when a character of text is not in the subset yet; with skip,
// such a character is left out, as writeInState leaves it out.
func appendText(b []byte, f *SubsetFontObj, cur *Current, ts *textState, text string, skip bool) (_ []byte, ok bool) {
	start := len(b)
	b = append(b, "BT\n"...)
	b = appendF2(b, cur.X)
	b = append(b, ' ')
	b = appendF2(b, cur.pageSize.H-cur.Y)
	b = append(b, " TD\n"...)
	font := textState{true, cur.FontFontCount + 1, cur.FontSize, cur.CharSpacing}
	if *ts != font {
		b = append(b, "/F"...)
		b = strconv.AppendInt(b, int64(font.fontCountIndex), 10)
		b = append(b, ' ')
		b = appendFloatTrim(b, font.fontSize)
		b = append(b, " Tf "...)
		b = appendFloatTrim(b, font.charSpacing)
		b = append(b, " Tc\n"...)
	}
	b = append(b, "[("...)
	kerning := f.ttfFontOption.UseKerning
	unitsPerEm := int(f.ttfp.UnitsPerEm())
	var leftRune rune
	var leftRuneIndex uint
	for i, r := range text {
		glyphindex, cid, found := f.charCID(r)
		if !found {
			if skip {
				continue
			}
			return b[:start], false
		}
		if i > 0 && kerning {
			pairval := kern(f, leftRune, r, leftRuneIndex, glyphindex)
			if p := convertTTFUnit2PDFUnit(int(pairval), unitsPerEm); p != 0 {
				b = append(b, ')')
				b = strconv.AppendInt(b, int64(-p), 10)
				b = append(b, '(')
			}
		}
		b = appendCode(b, cid)
		leftRune = r
		leftRuneIndex = glyphindex
	}
	*ts = font
	return append(b, ")] TJ\nET\n"...), true
}

// tailWriter appends to the bytes at the end of a content list; it
// offers their free space as a bytes.Buffer does, for availableBuffer.
type tailWriter struct{ t *cacheContentBytes }

func (w *tailWriter) Write(b []byte) (int, error) {
	w.t.b = append(w.t.b, b...)
	return len(b), nil
}

func (w *tailWriter) AvailableBuffer() []byte { return w.t.b[len(w.t.b):] }

// directWriter returns a writer of operators to the end of c's content,
// which make the text state unknown; doneDirect follows the writing.
func (c *ContentObj) directWriter() io.Writer {
	l := &c.listCache
	l.tw.t = l.tail(c.getRoot().directSize)
	l.ts = textState{}
	return &l.tw
}

func (c *ContentObj) doneDirect() {
	gp := c.getRoot()
	gp.directSize = max(gp.directSize, cap(c.listCache.tw.t.b))
}

// directBytes returns the content's operators when they were all
// written directly, else nil.
func (l *listCacheContent) directBytes() []byte {
	if len(l.caches) == 1 {
		if b, ok := l.caches[0].(*cacheContentBytes); ok {
			return b.b
		}
	}
	return nil
}
