package gopdf

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"sync"
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
func (gp *GoPdf) MarkedContent(ops string) {
	gp.getContent().listCache.append(&cacheContentRaw{ops: ops})
}

// cacheContentRaw is content stream text written as it is, on a line of
// its own.
type cacheContentRaw struct{ ops string }

func (c *cacheContentRaw) write(w io.Writer, protection *PDFProtection) error {
	b := availableBuffer(w)
	b = append(b, c.ops...)
	b = append(b, '\n')
	_, err := w.Write(b)
	return err
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

// packedPerStream bounds the objects of one object stream, so that a
// reader need not decompress much to reach one object.
const packedPerStream = 500

// objStm is an object stream being made: the numbers of its objects,
// their offsets in the stream and the stream itself.
type objStm struct {
	num     int
	objs    []int
	offsets []int
	body    bytes.Buffer
	packed  []byte
}

// writePacked writes the object streams holding the packed objects and
// the cross-reference stream, after the other objects; locs are the
// offsets of those, 0 for a packed object.
func (gp *GoPdf) writePacked(w *countingWriter, locs []int64) {
	next := len(gp.pdfObjs) + 1
	var streams []*objStm
	where := map[int][2]int{} // packed object → stream number, index
	for i, o := range gp.pdfObjs {
		r, ok := o.(*rawObj)
		if !ok || !r.packed {
			continue
		}
		if len(streams) == 0 || len(streams[len(streams)-1].objs) == packedPerStream {
			streams = append(streams, &objStm{num: next})
			next++
		}
		s := streams[len(streams)-1]
		where[i+1] = [2]int{s.num, len(s.objs)}
		s.objs = append(s.objs, i+1)
		s.offsets = append(s.offsets, s.body.Len())
		if err := r.body(&s.body); err != nil && w.err == nil {
			w.err = err
		}
		s.body.WriteByte('\n')
	}
	var wg sync.WaitGroup
	for _, s := range streams {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var head []byte
			for k, n := range s.objs {
				head = strconv.AppendInt(head, int64(n), 10)
				head = append(head, ' ')
				head = strconv.AppendInt(head, int64(s.offsets[k]), 10)
				head = append(head, ' ')
			}
			s.packed = deflateLevel(append(head, s.body.Bytes()...), packedLevel)
			s.offsets = append(s.offsets, len(head)) // the /First
		}()
	}
	wg.Wait()
	offsets := make(map[int]int64, len(streams)+2)
	for _, s := range streams {
		offsets[s.num] = w.offset
		fmt.Fprintf(w, "%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n",
			s.num, len(s.objs), s.offsets[len(s.offsets)-1], len(s.packed))
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
	zw, err := getZlibWriter(&out, level)
	if err != nil {
		return nil
	}
	zw.Write(b)
	zw.Close()
	putZlibWriter(zw, level)
	return out.Bytes()
}
