// Package ofd paints a laid-out document (render/layout) as OFD, the
// Chinese fixed-layout format of GB/T 33190-2016: a ZIP package with
// OFD.xml, a Document.xml, one Content.xml per page and the fonts as
// subset TrueType files. Like render/pdf it makes no layout decisions:
// every glyph stands where the layout put it, which is where the PDF
// draws it.
//
// Pages are written to the ZIP as they are painted, so memory holds one
// page's XML and the set of characters used, not the document.
package ofd

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/emmansun/gmsm/sm3"
	"github.com/jixiao/jixiao/fonts"
	"github.com/jixiao/jixiao/internal/zipstamp"
	"github.com/jixiao/jixiao/render"
	"github.com/jixiao/jixiao/render/layout"
	"github.com/klauspost/compress/flate"
)

// Namespace is the OFD namespace (GB/T 33190-2016 §7.1); every element
// carries the "ofd" prefix, as the standard's examples and readers expect.
const Namespace = "http://www.ofdspec.org/2016"

// Options are what the layout does not say.
type Options struct {
	// Created is the document's creation and modification date
	// (DocInfo/CreationDate and ModDate, written as dates) and the time
	// stamp of the ZIP entries. The zero time writes no date and dates
	// the entries 1980-01-01.
	Created time.Time
	// Digests, when not nil, receives the SM3 digest of every file of
	// the package, taken while the file is in memory anyway (the page
	// and font files on the cores that compress them), for a seal that
	// protects them (render/ofd/seal) without reading them back.
	Digests map[string][sm3.Size]byte
}

// SkippedName is the name of the DocInfo CustomData that lists the parts
// left out of the document (render.SkippedText).
const SkippedName = "JixiaoSkipped"

// Write paints res as an OFD package to w. doc supplies the document
// information. It checks ctx before each page.
func Write(ctx context.Context, w io.Writer, doc *render.Document, res *layout.Result, opts Options) error {
	if len(res.Pages) == 0 {
		return fmt.Errorf("write ofd: the document has no pages")
	}
	zw := zip.NewWriter(w)
	// Fast deflate, as for the PDF: the default level would make the
	// reference package 15% smaller (620 KB instead of 726 KB of entries)
	// at twice the compression time.
	zw.RegisterCompressor(zip.Deflate, newFlateWriter)
	p := &packer{zw: zw, created: opts.Created.UTC(), faces: map[*fonts.Face]*faceUse{}, digest: sha256.New(), sums: opts.Digests}
	// The document's page area is the size most pages have (GB/T 42133
	// 6.2.3 a); a page of another size (a landscape part) sets its own.
	defaultW, defaultH := pageArea(res.Pages)
	// The IDs and the fonts' characters are taken in page order first:
	// they number the resources, and the fonts can then be subset and
	// compressed while the pages are written.
	pageIDs := make([]int, len(res.Pages))
	writers := make([]*pageWriter, len(res.Pages))
	for i := range res.Pages {
		pageIDs[i] = p.id()
		writers[i] = p.plan(&res.Pages[i])
	}
	fontEntries, fontsDone := p.subsetFonts()
	defer fontsDone() // no goroutine outlives Write, whatever it returns
	if err := p.pages(ctx, res.Pages, writers, defaultW, defaultH); err != nil {
		return err
	}
	fontsDone()
	if err := p.fonts(fontEntries); err != nil {
		return err
	}
	var buf bytes.Buffer
	if doc.Source != nil {
		if err := p.attach(&buf, doc.Source); err != nil {
			return fmt.Errorf("write ofd attachment: %w", err)
		}
		buf.Reset()
	}
	p.document(&buf, res, pageIDs, defaultW, defaultH, doc.Source != nil)
	if err := p.file("Doc_0/Document.xml", buf.Bytes()); err != nil {
		return fmt.Errorf("write ofd document: %w", err)
	}
	buf.Reset()
	skipped, err := render.SkippedText(doc.Skipped)
	if err != nil {
		return fmt.Errorf("write ofd: %w", err)
	}
	p.root(&buf, doc, skipped)
	if err := p.file("OFD.xml", buf.Bytes()); err != nil {
		return fmt.Errorf("write ofd: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("write ofd: %w", err)
	}
	return nil
}

// pageArea is the size most pages have; of sizes as common, the one
// that got there first.
func pageArea(pages []layout.Page) (w, h float64) {
	type size struct{ w, h float64 }
	count := map[size]int{}
	best := size{pages[0].Width, pages[0].Height}
	for _, pg := range pages {
		s := size{pg.Width, pg.Height}
		count[s]++
		if count[s] > count[best] {
			best = s
		}
	}
	return best.w, best.h
}

// pages writes and compresses the pages on all cores and stores them in
// order. At most two pages per core are in flight, each with its own
// buffers, which go back to a free list when the page is stored: memory
// stays a few pages, and the bytes are those of a page-by-page writer.
// Unlike windows of one page per core, a long page does not hold up the
// cores that finished theirs.
func (p *packer) pages(ctx context.Context, pages []layout.Page, writers []*pageWriter, defaultW, defaultH float64) error {
	inFlight := 2 * runtime.GOMAXPROCS(0)
	type slot struct {
		e             entry
		page, deflate bytes.Buffer
		done          chan struct{}
	}
	free := make(chan *slot, inFlight)
	for range inFlight {
		free <- &slot{}
	}
	slots := make([]*slot, len(pages))
	var wg sync.WaitGroup
	defer wg.Wait() // on an early return too: no goroutine outlives Write
	started := 0
	for i := range pages {
		for ; started < len(pages) && started < i+inFlight; started++ {
			if err := ctx.Err(); err != nil {
				return context.Cause(ctx)
			}
			k, pg := started, &pages[started]
			sl := <-free
			sl.e = entry{name: fmt.Sprintf("Doc_0/Pages/Page_%d/Content.xml", k), sum: p.sums != nil}
			sl.done = make(chan struct{})
			slots[k] = sl
			wg.Go(func() {
				defer close(sl.done)
				sl.page.Reset()
				sl.page.Grow(256 + 100*len(pg.Runs) + 40*len(pg.Rules)) // about what a page takes
				writers[k].page(&sl.page, pg, pg.Width != defaultW || pg.Height != defaultH)
				sl.e.data = sl.page.Bytes()
				sl.e.deflate(&sl.deflate)
			})
		}
		sl := slots[i]
		<-sl.done
		if err := p.stored(&sl.e); err != nil {
			return fmt.Errorf("write ofd page %d: %w", i+1, err)
		}
		slots[i] = nil
		free <- sl
	}
	return nil
}

// flateWriters recycles compressors across entries and documents: a
// package has an entry per page, and a compressor allocates about a
// megabyte.
var flateWriters sync.Pool

func newFlateWriter(w io.Writer) (io.WriteCloser, error) {
	fw, ok := flateWriters.Get().(*flate.Writer)
	if ok {
		fw.Reset(w)
		return &pooledFlate{fw}, nil
	}
	fw, err := flate.NewWriter(w, flate.BestSpeed)
	if err != nil {
		return nil, err
	}
	return &pooledFlate{fw}, nil
}

type pooledFlate struct{ fw *flate.Writer }

func (p *pooledFlate) Write(b []byte) (int, error) {
	if p.fw == nil {
		return 0, errors.New("ofd: write to a closed entry")
	}
	return p.fw.Write(b)
}

func (p *pooledFlate) Close() error {
	if p.fw == nil {
		return nil
	}
	err := p.fw.Close()
	flateWriters.Put(p.fw)
	p.fw = nil
	return err
}

// faceUse is a face the document draws with: its resource ID and the
// characters drawn.
type faceUse struct {
	face  *fonts.Face
	id    int
	runes map[rune]struct{}
}

type packer struct {
	zw      *zip.Writer
	created time.Time
	last    int // the last ID handed out: IDs are unique in the document
	faces   map[*fonts.Face]*faceUse
	order   []*faceUse // in order of first use
	// digest hashes every entry, so DocID identifies the content.
	digest hash.Hash
	// sums, when not nil, receives the SM3 digest of every entry
	// (Options.Digests).
	sums map[string][sm3.Size]byte
}

func (p *packer) id() int { p.last++; return p.last }

// entry is a package entry compressed ahead of its place in the ZIP.
type entry struct {
	name       string
	data, zipd []byte
	crc        uint32
	err        error
	// sum asks deflate for sm3, the SM3 digest of data.
	sum bool
	sm3 [sm3.Size]byte
}

// deflate compresses the entry's data into b, which then holds it until
// the entry is stored.
func (e *entry) deflate(b *bytes.Buffer) {
	b.Reset()
	b.Grow(len(e.data)/4 + 64) // text deflates to about a fifth
	fw, err := newFlateWriter(b)
	if err == nil {
		if _, err = fw.Write(e.data); err == nil {
			err = fw.Close()
		}
	}
	e.zipd, e.crc, e.err = b.Bytes(), crc32.ChecksumIEEE(e.data), err
	if e.sum {
		e.sm3 = sm3.Sum(e.data)
	}
}

// stored adds a compressed entry to the package, in its place.
func (p *packer) stored(e *entry) error {
	if e.err != nil {
		return e.err
	}
	fmt.Fprintf(p.digest, "%s\x00%d\x00", e.name, len(e.data))
	p.digest.Write(e.data)
	if p.sums != nil {
		p.sums[e.name] = e.sm3
	}
	h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, CRC32: e.crc,
		CompressedSize64: uint64(len(e.zipd)), UncompressedSize64: uint64(len(e.data))}
	zipstamp.Set(h, p.created)
	f, err := p.zw.CreateRaw(h)
	if err != nil {
		return err
	}
	_, err = f.Write(e.zipd)
	return err
}

func (p *packer) file(name string, data []byte) error {
	fmt.Fprintf(p.digest, "%s\x00%d\x00", name, len(data))
	p.digest.Write(data)
	if p.sums != nil {
		p.sums[name] = sm3.Sum(data)
	}
	h := &zip.FileHeader{Name: name, Method: zip.Deflate}
	zipstamp.Set(h, p.created)
	f, err := p.zw.CreateHeader(h)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	return err
}

func (p *packer) use(f *fonts.Face) *faceUse {
	u := p.faces[f]
	if u == nil {
		u = &faceUse{face: f, id: p.id(), runes: map[rune]struct{}{}}
		p.faces[f] = u
		p.order = append(p.order, u)
	}
	return u
}

const header = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

// pageWriter writes one page's XML with the IDs its plan took, so that
// pages can be written at once and still number their objects in page
// order.
type pageWriter struct {
	p   *packer // read only while pages are written
	ids []int
	// Scratch space reused from one text object to the next.
	pos    []int64
	codes  []code
	deltas []byte
}

func (w *pageWriter) id() int {
	id := w.ids[0]
	w.ids = w.ids[1:]
	return id
}

// plan takes, in the order the page writes them, the IDs of the page's
// layer, path objects and text objects, registers the faces it draws
// with and the characters of each.
func (p *packer) plan(pg *layout.Page) *pageWriter {
	w := &pageWriter{p: p}
	w.ids = append(w.ids, p.id()) // the layer
	for range ruleGroups(pg.Rules) {
		w.ids = append(w.ids, p.id())
	}
	for range pg.Shapes {
		w.ids = append(w.ids, p.id())
	}
	for _, group := range textGroups(pg.Runs) {
		u := p.use(group[0].Face)
		for i := range group {
			for _, r := range group[i].Text {
				u.runes[r] = struct{}{}
			}
		}
		w.ids = append(w.ids, p.id())
	}
	return w
}

// textGroups splits runs into runs of one face and size, each a text
// object of several text codes: a table page is hundreds of cell lines in
// one face, and an object each would add some 100 bytes of markup per
// line, which is most of a page's XML and of the time to compress it.
// Empty runs draw nothing and join whichever group they fall in; no group
// is only empty runs.
func textGroups(runs []layout.Run) [][]layout.Run {
	var out [][]layout.Run
	for len(runs) > 0 {
		if runs[0].Text == "" {
			runs = runs[1:]
			continue
		}
		n := 1
		for n < len(runs) && (runs[n].Text == "" || runs[n].Face == runs[0].Face && runs[n].Size == runs[0].Size) {
			n++
		}
		out = append(out, runs[:n])
		runs = runs[n:]
	}
	return out
}

// ruleGroups splits rules into runs of one width, each a path object.
func ruleGroups(rules []layout.Rule) [][]layout.Rule {
	var out [][]layout.Rule
	for len(rules) > 0 {
		n := 1
		for n < len(rules) && rules[n].Width == rules[0].Width {
			n++
		}
		out = append(out, rules[:n])
		rules = rules[n:]
	}
	return out
}

// page writes one page's Content.xml: a body layer with the rules as
// path objects, then the text, in the PDF's painting order.
func (w *pageWriter) page(b *bytes.Buffer, pg *layout.Page, area bool) {
	b.WriteString(header)
	b.WriteString(`<ofd:Page xmlns:ofd="` + Namespace + `">`)
	if area {
		fmt.Fprintf(b, `<ofd:Area><ofd:PhysicalBox>0 0 %s %s</ofd:PhysicalBox></ofd:Area>`, num(mm(pg.Width)), num(mm(pg.Height)))
	}
	fmt.Fprintf(b, `<ofd:Content><ofd:Layer ID="%d">`, w.id())
	w.rules(b, pg.Rules)
	w.shapes(b, pg.Shapes)
	for _, group := range textGroups(pg.Runs) {
		w.text(b, group)
	}
	b.WriteString(`</ofd:Layer></ofd:Content></ofd:Page>`)
}

// rules writes consecutive rules of one width as one path object of
// several subpaths: a table's borders are hundreds of rules, and an
// object each would add some 80 bytes of markup per rule for the same
// drawing.
func (pw *pageWriter) rules(b *bytes.Buffer, rules []layout.Rule) {
	for _, group := range ruleGroups(rules) {
		w := mm(group[0].Width)
		minX, minY, maxX, maxY := int64(math.MaxInt64), int64(math.MaxInt64), int64(math.MinInt64), int64(math.MinInt64)
		for _, r := range group {
			for _, v := range [][2]float64{{r.X1, r.Y1}, {r.X2, r.Y2}} {
				x, y := mm(v[0]), mm(v[1])
				minX, maxX = min(minX, x), max(maxX, x)
				minY, maxY = min(minY, y), max(maxY, y)
			}
		}
		// The boundary holds the stroke, half its width either side.
		half := (w + 1) / 2
		bx, by := minX-half, minY-half
		fmt.Fprintf(b, `<ofd:PathObject ID="%d" Boundary="%s %s %s %s" LineWidth="%s"><ofd:AbbreviatedData>`,
			pw.id(), num(bx), num(by), num(maxX-minX+2*half), num(maxY-minY+2*half), num(w))
		for i, r := range group {
			if i > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(b, "M %s %s L %s %s", num(mm(r.X1)-bx), num(mm(r.Y1)-by), num(mm(r.X2)-bx), num(mm(r.Y2)-by))
		}
		b.WriteString(`</ofd:AbbreviatedData></ofd:PathObject>`)
	}
}

// shapes writes each path of the page's drawings as a path object,
// filled and stroked as the shape says.
func (pw *pageWriter) shapes(b *bytes.Buffer, shapes []render.Shape) {
	for _, s := range shapes {
		id := pw.id() // taken by plan whatever the shape holds
		if len(s.Points) < 2 {
			continue
		}
		stroke := s.Stroke != nil && s.Width > 0
		w := int64(0)
		if stroke {
			w = mm(s.Width)
		}
		minX, minY, maxX, maxY := int64(math.MaxInt64), int64(math.MaxInt64), int64(math.MinInt64), int64(math.MinInt64)
		for _, p := range s.Points {
			x, y := mm(p.X), mm(p.Y)
			minX, maxX = min(minX, x), max(maxX, x)
			minY, maxY = min(minY, y), max(maxY, y)
		}
		half := (w + 1) / 2
		bx, by := minX-half, minY-half
		fmt.Fprintf(b, `<ofd:PathObject ID="%d" Boundary="%s %s %s %s" Stroke="%t" Fill="%t"`,
			id, num(bx), num(by), num(maxX-minX+2*half), num(maxY-minY+2*half), stroke, s.Fill != nil)
		if stroke {
			fmt.Fprintf(b, ` LineWidth="%s"`, num(w))
			if len(s.Dash) > 0 {
				b.WriteString(` DashPattern="`)
				for i, d := range s.Dash {
					if i > 0 {
						b.WriteByte(' ')
					}
					b.WriteString(num(mm(d)))
				}
				b.WriteByte('"')
			}
		}
		b.WriteByte('>')
		if stroke {
			fmt.Fprintf(b, `<ofd:StrokeColor Value="%d %d %d"/>`, s.Stroke.R, s.Stroke.G, s.Stroke.B)
		}
		if s.Fill != nil {
			fmt.Fprintf(b, `<ofd:FillColor Value="%d %d %d"/>`, s.Fill.R, s.Fill.G, s.Fill.B)
		}
		b.WriteString(`<ofd:AbbreviatedData>`)
		for i, p := range s.Points {
			op := " L "
			if i == 0 {
				op = "M "
			}
			b.WriteString(op + num(mm(p.X)-bx) + " " + num(mm(p.Y)-by))
		}
		if s.Closed {
			b.WriteString(" C")
		}
		b.WriteString(`</ofd:AbbreviatedData></ofd:PathObject>`)
	}
}

// text writes runs of one face and size as a text object with a text
// code each. The object's boundary holds every run's box, which starts at
// the run's origin one em above the baseline; each TextCode puts its first
// glyph at the baseline and DeltaX gives each next glyph's offset,
// computed from the glyphs' positions rounded to the micrometre so that
// rounding never accumulates along a line. The codes are set aside while
// the boundary grows, then written after the object's start.
func (w *pageWriter) text(b *bytes.Buffer, runs []layout.Run) {
	u := w.p.faces[runs[0].Face] // registered by plan
	size := mm(runs[0].Size)
	minX, minY := int64(math.MaxInt64), int64(math.MaxInt64)
	maxX, maxY := int64(math.MinInt64), int64(math.MinInt64)
	codes := w.codes[:0]
	for i := range runs {
		run := &runs[i]
		if run.Text == "" {
			continue
		}
		scale := run.Size / float64(run.Face.UnitsPerEm())
		x0 := mm(run.X)
		pos := w.pos[:0]
		x := run.X
		for _, r := range run.Text {
			pos = append(pos, mm(x)-x0)
			x += float64(run.Face.Advance(r))*scale + run.CharSpacing
		}
		w.pos = pos
		width := mm(x-run.CharSpacing) - x0
		base := mm(run.Y)
		minX, maxX = min(minX, x0), max(maxX, x0+max(width, 1))
		minY, maxY = min(minY, base-size), max(maxY, base-size+size*5/4)
		codes = append(codes, code{x0: x0, base: base, text: run.Text, deltas: len(w.deltas)})
		if len(pos) > 1 {
			w.deltas = deltas(w.deltas, pos)
		}
	}
	w.codes = codes
	b.WriteString(`<ofd:TextObject ID="`)
	writeInt(b, int64(w.id()))
	b.WriteString(`" Boundary="`)
	writeNums(b, minX, minY, maxX-minX, maxY-minY)
	b.WriteString(`" Font="`)
	writeInt(b, int64(u.id))
	b.WriteString(`" Size="`)
	writeNum(b, size)
	b.WriteString(`">`)
	for i, c := range codes {
		b.WriteString(`<ofd:TextCode X="`)
		writeNum(b, c.x0-minX)
		b.WriteString(`" Y="`)
		writeNum(b, c.base-minY)
		b.WriteByte('"')
		end := len(w.deltas)
		if i+1 < len(codes) {
			end = codes[i+1].deltas
		}
		if end > c.deltas {
			b.WriteString(` DeltaX="`)
			b.Write(w.deltas[c.deltas:end])
			b.WriteByte('"')
		}
		b.WriteByte('>')
		escape(b, c.text)
		b.WriteString(`</ofd:TextCode>`)
	}
	b.WriteString(`</ofd:TextObject>`)
	w.deltas = w.deltas[:0]
}

// code is a text code set aside while its object's boundary is found: its
// origin and baseline in page micrometres, and where its DeltaX starts in
// the writer's buffer of offsets.
type code struct {
	x0, base int64
	text     string
	deltas   int
}

// deltas appends the offsets between consecutive positions to b, a run
// of three or more equal offsets abbreviated as "g N d" (GB/T 33190
// §11.3): justified CJK lines are one such run.
func deltas(b []byte, pos []int64) []byte {
	for i := 1; i < len(pos); {
		d := pos[i] - pos[i-1]
		n := 1
		for i+n < len(pos) && pos[i+n]-pos[i+n-1] == d {
			n++
		}
		if i > 1 {
			b = append(b, ' ')
		}
		if n >= 3 {
			b = append(b, "g "...)
			b = strconv.AppendInt(b, int64(n), 10)
			b = append(b, ' ')
			b = appendNum(b, d)
			i += n
			continue
		}
		b = appendNum(b, d)
		i++
	}
	return b
}

// subsetFonts subsets and compresses each used face, each on its own
// goroutine (a document draws with a handful). The entries are ready
// when done returns; done may be called more than once.
func (p *packer) subsetFonts() (entries []entry, done func()) {
	entries = make([]entry, len(p.order))
	var wg sync.WaitGroup
	for k, u := range p.order {
		runes := make([]rune, 0, len(u.runes))
		for r := range u.runes {
			runes = append(runes, r)
		}
		slices.Sort(runes)
		e := &entries[k]
		e.name = fmt.Sprintf("Doc_0/Res/font_%d.ttf", u.id)
		e.sum = p.sums != nil
		wg.Go(func() {
			sub, err := subset(u.face, runes)
			if err != nil {
				e.err = err
				return
			}
			e.data = sub.Data
			e.deflate(new(bytes.Buffer))
		})
	}
	return entries, wg.Wait
}

// fonts stores the faces' subsets under Res/, in order of first use,
// and the resource list that names them.
func (p *packer) fonts(entries []entry) error {
	for k := range entries {
		if err := p.stored(&entries[k]); err != nil {
			return fmt.Errorf("write ofd font %s: %w", p.order[k].face.Name, err)
		}
	}
	var b bytes.Buffer
	b.WriteString(header)
	b.WriteString(`<ofd:Res xmlns:ofd="` + Namespace + `" BaseLoc="Res">`)
	if len(p.order) > 0 {
		b.WriteString(`<ofd:Fonts>`)
		for _, u := range p.order {
			fmt.Fprintf(&b, `<ofd:Font ID="%d" FontName="`, u.id)
			escape(&b, u.face.Name)
			b.WriteByte('"')
			if bold(u.face) {
				b.WriteString(` Bold="true"`)
			}
			fmt.Fprintf(&b, `><ofd:FontFile>font_%d.ttf</ofd:FontFile></ofd:Font>`, u.id)
		}
		b.WriteString(`</ofd:Fonts>`)
	}
	b.WriteString(`</ofd:Res>`)
	if err := p.file("Doc_0/PublicRes.xml", b.Bytes()); err != nil {
		return fmt.Errorf("write ofd resources: %w", err)
	}
	return nil
}

// bold reports whether the face is bold by its OS/2 weight class.
func bold(f *fonts.Face) bool {
	src, err := sourceOf(f)
	if err != nil || len(src.tables["OS/2"]) < 6 {
		return false
	}
	os2 := src.tables["OS/2"]
	return int(os2[4])<<8|int(os2[5]) >= 700
}

// document writes Document.xml: the common data, the page list and the
// outline, which mirrors the PDF's.
func (p *packer) document(b *bytes.Buffer, res *layout.Result, pageIDs []int, w, h float64, attached bool) {
	b.WriteString(header)
	b.WriteString(`<ofd:Document xmlns:ofd="` + Namespace + `">`)
	// The outline's items take no IDs, so MaxUnitID is known here.
	fmt.Fprintf(b, `<ofd:CommonData><ofd:MaxUnitID>%d</ofd:MaxUnitID>`, p.last)
	fmt.Fprintf(b, `<ofd:PageArea><ofd:PhysicalBox>0 0 %s %s</ofd:PhysicalBox></ofd:PageArea>`, num(mm(w)), num(mm(h)))
	b.WriteString(`<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>`)
	b.WriteString(`<ofd:Pages>`)
	for i, id := range pageIDs {
		fmt.Fprintf(b, `<ofd:Page ID="%d" BaseLoc="Pages/Page_%d/Content.xml"/>`, id, i)
	}
	b.WriteString(`</ofd:Pages>`)
	if len(res.Outline) > 0 {
		b.WriteString(`<ofd:Outlines>`)
		outline(b, res.Outline, pageIDs)
		b.WriteString(`</ofd:Outlines>`)
	}
	if attached {
		b.WriteString(`<ofd:Attachments>Attachments.xml</ofd:Attachments>`)
	}
	b.WriteString(`</ofd:Document>`)
}

// AttachmentsPath is where a document's list of attachments is, and
// SourcePath where its source data (render.SourceName) is.
const (
	AttachmentsPath = "Doc_0/Attachments.xml"
	SourcePath      = "Doc_0/Attachs/" + render.SourceName
)

// attach writes the document's source data as an attachment (GB/T
// 33190-2016 §20), with the list that names it; b is a scratch buffer.
func (p *packer) attach(b *bytes.Buffer, src []byte) error {
	if err := p.file(SourcePath, src); err != nil {
		return err
	}
	b.WriteString(header)
	b.WriteString(`<ofd:Attachments xmlns:ofd="` + Namespace + `">`)
	fmt.Fprintf(b, `<ofd:Attachment ID="%d" Name="%s" Format="json" Size="%s" Visible="true" Usage="none"`,
		p.id(), render.SourceName, strconv.FormatFloat(float64(len(src))/1024, 'f', 3, 64))
	if !p.created.IsZero() {
		b.WriteString(` CreationDate="` + p.created.UTC().Format(time.RFC3339) + `"`)
	}
	b.WriteString(`><ofd:FileLoc>Attachs/` + render.SourceName + `</ofd:FileLoc></ofd:Attachment></ofd:Attachments>`)
	return p.file(AttachmentsPath, b.Bytes())
}

// outline writes the marks as nested outline elements: each mark is a
// child of the nearest earlier mark of a lower level, as in the PDF. An
// element with children starts closed, like the PDF's.
func outline(b *bytes.Buffer, marks []layout.Mark, pageIDs []int) {
	var open []int // levels of the elements not yet closed
	for i, m := range marks {
		for len(open) > 0 && open[len(open)-1] >= m.Level {
			b.WriteString(`</ofd:OutlineElem>`)
			open = open[:len(open)-1]
		}
		b.WriteString(`<ofd:OutlineElem Title="`)
		escape(b, m.Title)
		b.WriteByte('"')
		if i+1 < len(marks) && marks[i+1].Level > m.Level {
			b.WriteString(` Expanded="false"`)
		}
		fmt.Fprintf(b, `><ofd:Actions><ofd:Action Event="CLICK"><ofd:Goto><ofd:Dest Type="XYZ" PageID="%d" Left="0" Top="%s"/></ofd:Goto></ofd:Action></ofd:Actions>`,
			pageIDs[m.Page], num(mm(m.Y)))
		open = append(open, m.Level)
	}
	for range open {
		b.WriteString(`</ofd:OutlineElem>`)
	}
}

// DocType is the OFD's document type: OFD-A, the archival profile of
// GB/T 42133-2022, which the package keeps (fonts embedded, one
// document, no permissions, encryption, view preferences, extensions or
// actions other than in-document Goto; docs/rendering.md).
const DocType = "OFD-A"

// root writes OFD.xml, the entry point: the document information and the
// document's root. DocID is derived from the content of every other entry,
// so the same document always has the same ID. skipped lists the parts
// left out of the document (render.SkippedText), or is "".
func (p *packer) root(b *bytes.Buffer, doc *render.Document, skipped string) {
	b.WriteString(header)
	b.WriteString(`<ofd:OFD xmlns:ofd="` + Namespace + `" Version="1.0" DocType="` + DocType + `"><ofd:DocBody><ofd:DocInfo>`)
	b.WriteString(`<ofd:DocID>` + hex.EncodeToString(p.digest.Sum(nil)[:16]) + `</ofd:DocID>`)
	for _, e := range [][2]string{{"Title", doc.Title}, {"Author", doc.Author}, {"Subject", doc.Subject}} {
		if e[1] != "" {
			element(b, e[0], e[1])
		}
	}
	if !p.created.IsZero() {
		// Written once, never modified: the modification date is the
		// creation date, as in the PDF.
		date := p.created.UTC().Format(time.DateOnly)
		b.WriteString(`<ofd:CreationDate>` + date + `</ofd:CreationDate><ofd:ModDate>` + date + `</ofd:ModDate>`)
	}
	keywords := slices.DeleteFunc(slices.Clone(doc.Keywords), func(k string) bool { return k == "" })
	if skipped != "" {
		keywords = append(keywords, render.SkippedKeywords(doc.Skipped))
	}
	if len(keywords) > 0 {
		b.WriteString(`<ofd:Keywords>`)
		for _, k := range keywords {
			element(b, "Keyword", k)
		}
		b.WriteString(`</ofd:Keywords>`)
	}
	b.WriteString(`<ofd:Creator>` + Creator + `</ofd:Creator>`)
	if v := creatorVersion(); v != "" {
		element(b, "CreatorVersion", v)
	}
	if skipped != "" {
		b.WriteString(`<ofd:CustomDatas><ofd:CustomData Name="` + SkippedName + `">`)
		escape(b, skipped)
		b.WriteString(`</ofd:CustomData></ofd:CustomDatas>`)
	}
	b.WriteString(`</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`)
}

// Creator is the DocInfo's Creator, the program that made the document.
const Creator = "Jixiao"

// creatorVersion is the version of the module the program was built
// from, as the go command stamped it, or "" when it stamped none (a test
// binary, a build outside version control).
var creatorVersion = sync.OnceValue(func() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok || bi.Main.Version == "" || bi.Main.Version == "(devel)" {
		return ""
	}
	return bi.Main.Version
})

// element writes <ofd:name>text</ofd:name>.
func element(b *bytes.Buffer, name, text string) {
	b.WriteString(`<ofd:` + name + `>`)
	escape(b, text)
	b.WriteString(`</ofd:` + name + `>`)
}

// mm converts a length in points to whole micrometres (1 pt = 25.4/72 mm),
// the precision every coordinate is written with.
func mm(pt float64) int64 { return int64(math.Round(pt * 25400 / 72)) }

// num formats micrometres as millimetres with no trailing zeros.
func num(um int64) string {
	var b bytes.Buffer
	writeNum(&b, um)
	return b.String()
}

// writeNum writes micrometres as millimetres with no trailing zeros
// (ST_Pos, ST_Box and ST_Array members are xs:double).
func writeNum(b *bytes.Buffer, um int64) {
	var tmp [24]byte
	b.Write(appendNum(tmp[:0], um))
}

// appendNum appends micrometres as millimetres, as writeNum writes them.
func appendNum(b []byte, um int64) []byte {
	if um < 0 {
		b = append(b, '-')
		um = -um
	}
	b = strconv.AppendInt(b, um/1000, 10)
	f := um % 1000
	if f == 0 {
		return b
	}
	digits := [3]byte{byte('0' + f/100), byte('0' + f/10%10), byte('0' + f%10)}
	n := 3
	for digits[n-1] == '0' {
		n--
	}
	b = append(b, '.')
	return append(b, digits[:n]...)
}

// writeNums writes numbers separated by spaces.
func writeNums(b *bytes.Buffer, ums ...int64) {
	for i, v := range ums {
		if i > 0 {
			b.WriteByte(' ')
		}
		writeNum(b, v)
	}
}

func writeInt(b *bytes.Buffer, v int64) {
	var tmp [20]byte
	b.Write(strconv.AppendInt(tmp[:0], v, 10))
}

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

// escape writes s as XML character data or attribute value. Characters
// XML 1.0 cannot carry (C0 controls other than tab, newline and carriage
// return; U+FFFE, U+FFFF) become U+FFFD, so that input text can never
// make a page unreadable.
func escape(b *bytes.Buffer, s string) {
	if strings.IndexFunc(s, notXML) >= 0 {
		s = strings.Map(func(r rune) rune {
			if notXML(r) {
				return '\uFFFD'
			}
			return r
		}, s)
	}
	escaper.WriteString(b, s)
}

func notXML(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF
}

// Name and MediaType identify the format: the name is its file
// extension and the value of every format option.
const (
	Name      = "ofd"
	MediaType = "application/ofd"
)
