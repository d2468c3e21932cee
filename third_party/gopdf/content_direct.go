package gopdf

import (
	"io"
	"strconv"
	"unicode/utf8"
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
// adding them, from s, if the last item is something else; with room
// for n more bytes.
func (l *listCacheContent) tail(s *contentSlab, n int) *cacheContentBytes {
	if k := len(l.caches); k > 0 {
		if b, ok := l.caches[k-1].(*cacheContentBytes); ok {
			s.room(b, n)
			return b
		}
	}
	b := s.start()
	s.room(b, n)
	l.caches = append(l.caches, b)
	return b
}

// contentSlab hands out the bytes written directly from shared arrays:
// a page's bytes start where the last page's end, which keeps them, and
// the array they reach the end of is left for a new one, twice as large
// up to a limit. The pages' bytes are then neither each made as large
// as the largest page's nor grown and copied as they are written.
type contentSlab struct {
	owner *cacheContentBytes // the bytes whose array's rest is free
	size  int
}

// start returns new bytes, in the free rest of the last bytes' array if
// enough is left.
func (s *contentSlab) start() *cacheContentBytes {
	b := &cacheContentBytes{}
	if o := s.owner; o != nil && cap(o.b)-len(o.b) >= 1024 {
		b.b = o.b[len(o.b):len(o.b)]
		o.b = o.b[:len(o.b):len(o.b)]
	} else {
		s.size = min(max(2*s.size, 16<<10), 256<<10)
		b.b = make([]byte, 0, s.size)
	}
	s.owner = b
	return b
}

// room makes room for n more bytes in t, moving them to a new array
// when their array has too little left. Operators longer than asked for
// still fit: append grows the bytes.
func (s *contentSlab) room(t *cacheContentBytes, n int) {
	if cap(t.b)-len(t.b) >= n {
		return
	}
	s.size = min(max(2*s.size, 16<<10), 256<<10)
	b := make([]byte, len(t.b), max(s.size, 2*(len(t.b)+n)))
	copy(b, t.b)
	t.b = b
	s.owner = t
}

// appendBytes appends what add appends, at most n bytes, to the
// content's bytes, without changing the text state.
func (gp *GoPdf) appendBytes(n int, add func(b []byte) []byte) {
	t := gp.getContent().listCache.tail(&gp.content, n)
	t.b = add(t.b)
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
	// A glyph takes two to four bytes, a character of the text one to
	// four: room for the text object at most.
	t := c.listCache.tail(&gp.content, 128+4*len(text))
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
	for i, n := 0, 0; i < len(text); i += n {
		var r rune
		r, n = decodeRune(text, i)
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
// which make the text state unknown.
func (c *ContentObj) directWriter() io.Writer {
	l := &c.listCache
	l.tw.t = l.tail(&c.getRoot().content, 256)
	l.ts = textState{}
	return &l.tw
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

// decodeRune returns the rune at byte i of s and its length, as ranging
// over s gives them, decoding the three-byte characters of Chinese text
// in line rather than in the runtime's general decoder.
func decodeRune(s string, i int) (rune, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	if c&0xF0 == 0xE0 && i+2 < len(s) {
		c1, c2 := s[i+1], s[i+2]
		if c1&0xC0 == 0x80 && c2&0xC0 == 0x80 {
			r := rune(c&0x0F)<<12 | rune(c1&0x3F)<<6 | rune(c2&0x3F)
			if r >= 0x800 && (r < 0xD800 || r > 0xDFFF) {
				return r, 3
			}
		}
	}
	return utf8.DecodeRuneInString(s[i:])
}
