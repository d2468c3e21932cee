package gopdf

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strconv"
)

// Patched for Jixiao: what a tagged PDF (ISO 32000 §14.7, §14.8) and an
// archival PDF (ISO 19005) need beyond upstream's objects — marked-content
// operators in page contents, objects written by the caller (structure
// elements, metadata, output intents, embedded files), further entries of
// the catalog and of a page, and the trailer's file identifier. Each is
// written as the caller gives it: gopdf does not check what it says.

// rawObj is an object written by the caller's function.
type rawObj struct {
	body   func(w io.Writer) error
	packed bool // written in an object stream
}

func (o *rawObj) init(func() *GoPdf) {}

func (o *rawObj) getType() string { return "Raw" }

func (o *rawObj) write(w io.Writer, objID int) error { return o.body(w) }

// AddObject adds an object whose dictionary (or stream) body writes,
// without the "n 0 obj" and "endobj" lines, when the document is
// written; it returns the object's number. body may refer to objects
// added after it.
func (gp *GoPdf) AddObject(body func(w io.Writer) error) int {
	return gp.addObj(&rawObj{body: body}) + 1
}

// PageObjectNumber returns the object number of the current page.
func (gp *GoPdf) PageObjectNumber() int { return gp.curr.IndexOfPageObj + 1 }

// SetCatalogEntries sets entries written into the catalog dictionary as
// they are, such as "/MarkInfo <</Marked true>>".
func (gp *GoPdf) SetCatalogEntries(entries string) { gp.catalogEntries = entries }

// SetPageEntries sets entries written into the current page's
// dictionary as they are, such as "/StructParents 3".
func (gp *GoPdf) SetPageEntries(entries string) {
	if p, ok := gp.pdfObjs[gp.curr.IndexOfPageObj].(*PageObj); ok {
		p.entries = entries
	}
}

// SetFileID sets the trailer's /ID (ISO 32000 §14.4): two byte strings,
// written in hexadecimal.
func (gp *GoPdf) SetFileID(first, second []byte) { gp.fileID = [2][]byte{first, second} }

// MarkedContent appends content stream operators as they are, such as
// "/P <</MCID 0>> BDC" or "EMC": they change no graphics or text state.
// They are written into the page's content at once (content_direct.go).
func (gp *GoPdf) MarkedContent(ops string) {
	gp.appendBytes(len(ops)+1, func(b []byte) []byte {
		b = append(b, ops...)
		return append(b, '\n')
	})
}

// BeginMarkedContent begins a marked-content sequence of structure
// type tag with the identifier mcid ("/P<</MCID 3>>BDC"), written as
// tightly as the syntax allows: a tagged document has thousands.
func (gp *GoPdf) BeginMarkedContent(tag string, mcid int) {
	gp.appendBytes(len(tag)+32, func(b []byte) []byte {
		b = append(b, '/')
		b = append(b, tag...)
		b = append(b, "<</MCID "...)
		b = strconv.AppendInt(b, int64(mcid), 10)
		return append(b, ">>BDC\n"...)
	})
}

func writeFileID(w io.Writer, id [2][]byte) {
	if id[0] == nil {
		return
	}
	fmt.Fprintf(w, "/ID [<%X> <%X>]\n", id[0], id[1])
}

// AddPackedObject is AddObject for an object without a stream, which is
// written compressed in an object stream (ISO 32000 §7.5.7). A document
// with such objects ends with a cross-reference stream (§7.5.8) instead
// of a cross-reference table, and its information dictionary is an
// object of its own.
func (gp *GoPdf) AddPackedObject(body func(w io.Writer) error) int {
	return gp.addObj(&rawObj{body: body, packed: true}) + 1
}

// AddPackedObjects adds n objects as AddPackedObject does, numbered one
// after another: body writes the k-th. It returns the number of the
// first. A tagged document has thousands of structure elements; this
// adds them without a function and an object allocated for each.
func (gp *GoPdf) AddPackedObjects(n int, body func(k int, w io.Writer) error) int {
	objs := make([]packedObj, n)
	first := len(gp.pdfObjs) + 1
	gp.pdfObjs = slices.Grow(gp.pdfObjs, n) // patched for Jixiao: grown once
	for k := range objs {
		objs[k] = packedObj{k: k, body: body}
		gp.addObj(&objs[k])
	}
	return first
}

// packedObj is the k-th of the objects of AddPackedObjects.
type packedObj struct {
	k    int
	body func(k int, w io.Writer) error
}

func (o *packedObj) init(func() *GoPdf) {}

func (o *packedObj) getType() string { return "Raw" }

func (o *packedObj) write(w io.Writer, objID int) error { return o.body(o.k, w) }

// packedPerStream bounds the objects of one object stream, so that a
// reader need not decompress much to reach one object.
const packedPerStream = 500

// objStm is an object stream being made: the numbers of its objects,
// their offsets in the stream and the stream itself.
type objStm struct {
	num     int
	objs    []int
	offsets []int
	packed  []byte
	// first is the /First, the length of the header; width the bytes
	// of each of its entries and columns the entries of a row (see
	// predict).
	first, width, columns int
}

// packing is the object streams of a document, made before the
// document is written out.
type packing struct {
	streams []*objStm
	// where are the stream number and index of each packed object, by
	// object number; zero for the others.
	where [][2]int
	// next is the first object number after the streams.
	next int
	err  error
}

// pack makes the object streams: it writes the packed objects into them
// and compresses each. It runs on a goroutine of its own, alongside the
// compression of the pages and fonts (prepareStreams): the objects it
// writes only read what the others read.
//
// Patched for Jixiao: each stream is compressed as soon as it is full,
// its objects written into one buffer and predicted into another, both
// reused from stream to stream, so that only the compressed streams stay.
func (gp *GoPdf) pack() *packing {
	pk := &packing{next: len(gp.pdfObjs) + 1, where: make([][2]int, len(gp.pdfObjs)+1)}
	var body bytes.Buffer
	var rows []byte
	finish := func() {
		if n := len(pk.streams); n > 0 && pk.streams[n-1].packed == nil {
			s := pk.streams[n-1]
			rows = s.predict(rows[:0], body.Bytes())
			s.packed = deflateLevel(rows, packedLevel)
			body.Reset()
		}
	}
	for i, o := range gp.pdfObjs {
		if !packs(o) {
			continue
		}
		if len(pk.streams) == 0 || len(pk.streams[len(pk.streams)-1].objs) == packedPerStream {
			finish()
			pk.streams = append(pk.streams, &objStm{num: pk.next})
			pk.next++
		}
		s := pk.streams[len(pk.streams)-1]
		pk.where[i+1] = [2]int{s.num, len(s.objs)}
		s.objs = append(s.objs, i+1)
		s.offsets = append(s.offsets, body.Len())
		if err := o.write(&body, i+1); err != nil && pk.err == nil {
			pk.err = err
		}
		body.WriteByte('\n')
	}
	finish()
	return pk
}

// writePacked writes the object streams pk holds and the
// cross-reference stream, after the other objects; locs are the offsets
// of those, 0 for a packed object.
func (gp *GoPdf) writePacked(w *countingWriter, locs []int64, pk *packing) {
	if pk.err != nil && w.err == nil {
		w.err = pk.err
	}
	streams, where, next := pk.streams, pk.where, pk.next
	offsets := make(map[int]int64, len(streams)+2)
	for _, s := range streams {
		offsets[s.num] = w.offset
		fmt.Fprintf(w, "%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /DecodeParms << /Predictor 11 /Colors %d /BitsPerComponent 8 /Columns %d >> /Length %d >>\nstream\n",
			s.num, len(s.objs), s.first, s.width, s.columns, len(s.packed))
		w.Write(s.packed)
		io.WriteString(w, "\nendstream\nendobj\n\n")
	}
	info := 0
	if gp.isUseInfo {
		info = next
		next++
		offsets[info] = w.offset
		fmt.Fprintf(w, "%d 0 obj\n", info)
		gp.writeInfoDict(w)
		io.WriteString(w, "endobj\n\n")
	}
	xref := next
	offsets[xref] = w.offset
	size := xref + 1
	table := make([]byte, 0, size*7)
	entry := func(typ byte, f2 int64, f3 int) {
		table = append(table, typ, byte(f2>>24), byte(f2>>16), byte(f2>>8), byte(f2), byte(f3>>8), byte(f3))
	}
	entry(0, 0, 65535)
	for n := 1; n < size; n++ {
		switch {
		case n <= len(locs) && where[n] == [2]int{}:
			entry(1, locs[n-1], 0)
		case n <= len(locs):
			entry(2, int64(where[n][0]), where[n][1])
		default:
			entry(1, offsets[n], 0)
		}
	}
	// Each row is stored as its difference from the row above (the PNG
	// Up predictor): offsets that grow slowly compress to little.
	rows := make([]byte, 0, size*8)
	for r := 0; r < size; r++ {
		rows = append(rows, 2)
		for c := 0; c < 7; c++ {
			v := table[r*7+c]
			if r > 0 {
				v -= table[(r-1)*7+c]
			}
			rows = append(rows, v)
		}
	}
	packed := gp.deflate(rows)
	fmt.Fprintf(w, "%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /DecodeParms << /Columns 7 /Predictor 12 >> ", xref, size)
	if info > 0 {
		fmt.Fprintf(w, "/Info %d 0 R ", info)
	}
	writeFileID(w, gp.fileID)
	fmt.Fprintf(w, "/Filter /FlateDecode /Length %d >>\nstream\n", len(packed))
	w.Write(packed)
	io.WriteString(w, "\nendstream\nendobj\n\n")
	fmt.Fprintf(w, "startxref\n%d\n%%%%EOF\n", offsets[xref])
}

// packs reports whether o goes into an object stream in a document
// that has object streams: the objects added with AddPackedObject, and
// gopdf's own objects that hold no stream — pages, the page tree, the
// outline and its items, the font dictionaries — a hundred bytes or
// more each of dictionaries much alike, which compress to a fraction.
// The catalog stays a plain object, for a program that appends an
// incremental update (a signature) to find it as it is.
func packs(o IObj) bool {
	switch o := o.(type) {
	case *rawObj:
		return o.packed
	case *packedObj:
		return true
	case *PageObj, *PagesObj, *OutlinesObj, *OutlineObj, *ProcSetObj,
		*SubsetFontObj, *CIDFontObj, *SubfontDescriptorObj:
		return true
	}
	return false
}

// predict appends to out the stream's data, its objects body, as its
// filter takes it: the header and the objects, in rows of a PNG
// predictor (ISO 32000 §7.4.4.4).
//
// The header — an object number and an offset for each object — is
// most of what an object stream of small dictionaries costs once
// compressed: deflate finds no repeats in numbers that grow by one and
// by a few dozen. So each entry is written at one width, the numbers
// right-aligned, and the header's rows are PNG Sub rows with an entry
// as the pixel: each byte is stored as its difference from the byte
// one entry before, which leaves little but zeros, ones and small
// lengths to compress (a third of the reference's object streams). The
// objects follow in rows stored as they are (PNG None). Both parts are
// padded with spaces to whole rows.
func (s *objStm) predict(out, body []byte) []byte {
	maxOff := s.offsets[len(s.offsets)-1]
	wn, wo := digits(s.objs[len(s.objs)-1]), digits(maxOff)
	s.width = wn + wo + 2
	s.columns = max(1, 1024/s.width)
	row := s.width * s.columns
	headLen := (len(s.objs)*s.width + row - 1) / row * row
	bodyLen := (len(body) + row - 1) / row * row
	s.first = headLen
	head := make([]byte, 0, headLen)
	for k, n := range s.objs {
		head = appendPadded(head, n, wn)
		head = append(head, ' ')
		head = appendPadded(head, s.offsets[k], wo)
		head = append(head, ' ')
	}
	for len(head) < headLen {
		head = append(head, ' ')
	}
	out = slices.Grow(out, (headLen+bodyLen)/row*(row+1))
	for r := 0; r < headLen; r += row {
		out = append(out, 1) // Sub
		for x := r; x < r+row; x++ {
			left := byte(0)
			if x-r >= s.width {
				left = head[x-s.width]
			}
			out = append(out, head[x]-left)
		}
	}
	for r := 0; r < bodyLen; r += row {
		out = append(out, 0) // None
		end := min(r+row, len(body))
		if r < end {
			out = append(out, body[r:end]...)
		}
		for k := max(end, r); k < r+row; k++ {
			out = append(out, ' ')
		}
	}
	return out
}

// digits is the number of decimal digits of n ≥ 0.
func digits(n int) int {
	d := 1
	for ; n >= 10; n /= 10 {
		d++
	}
	return d
}

// appendPadded appends n right-aligned in width bytes.
func appendPadded(b []byte, n, width int) []byte {
	for k := digits(n); k < width; k++ {
		b = append(b, ' ')
	}
	return strconv.AppendInt(b, int64(n), 10)
}

// hasPacked reports whether any object goes into an object stream.
func (gp *GoPdf) hasPacked() bool {
	for _, o := range gp.pdfObjs {
		if r, ok := o.(*rawObj); ok && r.packed {
			return true
		}
	}
	return false
}

// packedLevel is the compression level of object streams: their
// dictionaries differ in little but numbers, which the default level
// packs a fifth smaller than the fastest, for a few milliseconds more.
const packedLevel = 6

// deflate compresses b at the document's level.
func (gp *GoPdf) deflate(b []byte) []byte { return deflateLevel(b, gp.compressLevel) }

func deflateLevel(b []byte, level int) []byte {
	var out bytes.Buffer
	out.Grow(len(b) / 4) // patched for Jixiao: about what it takes
	zw, err := getZlibWriter(&out, level)
	if err != nil {
		return nil
	}
	zw.Write(b)
	zw.Close()
	putZlibWriter(zw, level)
	return out.Bytes()
}
