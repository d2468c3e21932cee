// Package xlsx renders an evaluated disclosure as an Excel workbook
// (github.com/xuri/excelize/v2) that prints like the official forms and
// keeps working when a finance officer edits it.
//
// The workbook holds a 汇总 sheet (one row per self-assessment table, with
// totals, averages and the number of tables of each grade), one sheet per
// 项目支出绩效自评表 in the layout of the published form, then the scored
// indicator tree of the department report and of each project evaluation
// report. Every derived figure — 执行率, the 预算执行 得分, each 一级指标's
// points, 总分, the grade, every 汇总 figure and every inner node of a
// report tree — is a live formula whose cached value is the figure
// computed by package evaluation, so a viewer that never recalculates
// shows the right numbers and a user who changes a score sees the totals
// follow. The formulas round as the profile's scheme does (ROUND or
// ROUNDDOWN, to its scales), and grades come from its thresholds.
//
// A self-assessment sheet is the table part of the document render.Build
// makes, the one the PDF draws: the form's columns, wording and figures
// are described once, in the profile, and each figure's Calc becomes the
// cell's formula. The 汇总 and report sheets, which the PDF does not have,
// take their wording from the profile's sheet section.
//
// Excel and LibreOffice do not size rows for wrapped text, and no
// spreadsheet sizes merged cells: every row height is computed here from
// the text, with the advance widths of the embedded Song face (package
// fonts) and the line breaker shared with the PDF renderer (render/text).
// The cells name 宋体, the face a Chinese Office install has; its CJK
// advances equal those of the embedded face (one em), Latin ones differ
// slightly, which the cell padding absorbs.
//
// Sheets are written with excelize's stream writer, and the package is
// written in an order fixed by the input, so the same input gives the same
// bytes.
package xlsx

import (
	"archive/zip"
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"github.com/klauspost/compress/flate"
	"hash/crc32"
	"io"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf16"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/fonts"
	"github.com/jixiao/jixiao/internal/countio"
	"github.com/jixiao/jixiao/internal/zipstamp"
	"github.com/jixiao/jixiao/profile"
	"github.com/jixiao/jixiao/render"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// Parts of a disclosure that Options.Part selects.
const (
	PartAll        = "all"
	PartDepartment = "department"
	PartProject    = "project"
	PartTable      = "table"
)

// Options choose what the workbook holds.
type Options struct {
	// Part is PartAll ("" too): the 汇总, every table and every report;
	// PartDepartment, PartProject or PartTable: that one sheet.
	Part string
	// Index is the 0-based project report or table for PartProject and
	// PartTable.
	Index int
	// Fonts measures text for row heights; nil means fonts.Default().
	Fonts *fonts.Set
}

// SkippedProperty is the custom document property that lists the parts
// left out of the workbook (render.SkippedText).
const SkippedProperty = "JixiaoSkipped"

// Stats describe a written workbook.
type Stats struct {
	Sheets int
	Bytes  int64
}

// ErrInvalid reports a report that cannot be rendered.
var ErrInvalid = errors.New("xlsx: invalid report")

// Write renders the valid report rep as an XLSX workbook to w, in the
// layout and wording of the profile rep was computed with. doc is the
// document render.Build made of the same selection: its table parts are
// the table sheets, with the figures it prints — where it shows a
// figure as declared, the sheet shows the declared value and keeps its
// computed formula in a hidden column of the same row, which the
// formulas that depend on the figure refer to (docs/rendering.md). A
// PartAll workbook names the invalid parts the document leaves out
// (Document.Skipped) in its custom document property SkippedProperty;
// its sheets are those of the parts the report holds valid, and the 汇总
// only when every table is.
func Write(ctx context.Context, w io.Writer, rep *evaluation.Report, doc *render.Document, opts Options) (Stats, error) {
	if rep == nil || rep.Disclosure == nil || rep.Result == nil || rep.Profile == nil || doc == nil {
		return Stats{}, fmt.Errorf("%w: it has problems or was not computed", ErrInvalid)
	}
	if ptr := evaluation.PartPointer(opts.Part, opts.Index); ptr != "" && !rep.PartValid(ptr) {
		return Stats{}, fmt.Errorf("%w: part %s: %w", ErrInvalid, ptr, rep.PartProblems(ptr))
	}
	var err error
	if opts.Fonts == nil {
		if opts.Fonts, err = fonts.Default(); err != nil {
			return Stats{}, err
		}
	}
	p := rep.Profile
	wr := &writer{
		ctx: ctx, cfg: &p.Sheet, forms: &p.Forms.SelfAssessment, scheme: &p.Scheme, fonts: opts.Fonts,
		doc: doc, rep: rep, skipped: doc.Skipped, d: rep.Disclosure, res: rep.Result, unit: rep.MoneyUnit(), styles: map[style]int{}, kinds: map[profile.Kind]style{}, lineCache: map[lineKey]int{},
		cells: make(map[string]cellRef, len(rep.Findings)),
	}
	for _, f := range rep.Findings {
		wr.cells[f.Path] = cellRef{} // found on a sheet, it gets its cell
	}
	plan, err := wr.plan(opts)
	if err != nil {
		return Stats{}, err
	}
	f := excelize.NewFile()
	defer f.Close()
	wr.f = f
	if err := wr.workbook(plan); err != nil {
		return Stats{}, err
	}
	if err := wr.embedSource(plan); err != nil {
		return Stats{}, err
	}
	zw := &sortedZip{}
	if err := zw.spliceRows(f, wr.rows); err != nil {
		return Stats{}, err
	}
	wr.rows = nil // each sheet's rows are dropped once its part is written
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zw })
	if _, err := f.WriteTo(io.Discard); err != nil {
		return Stats{}, err
	}
	cw := &countio.Writer{W: w}
	if err := zw.writeTo(cw); err != nil {
		return Stats{}, err
	}
	return Stats{Sheets: len(plan), Bytes: cw.N}, nil
}

// writer holds the state of one rendering.
type writer struct {
	ctx    context.Context
	f      *excelize.File
	cfg    *profile.Sheet
	forms  *profile.SelfAssessmentForm
	scheme *profile.Scheme
	fonts  *fonts.Set // measures text for row heights
	// doc is the document of the selection, whose table parts the
	// table sheets show.
	doc     *render.Document
	rep     *evaluation.Report
	skipped []evaluation.InvalidPart // Options.Skipped
	d       *evaluation.Disclosure
	res     *evaluation.Result
	unit    string // the money unit
	styles  map[style]int
	kinds   map[profile.Kind]style // the styles of the kinds of figure
	// lineCache holds the number of lines of the texts measured so far.
	lineCache map[lineKey]int
	titles    []printTitles
	// rows are the rows of the sheets whose grids wrote them, by sheet
	// name (rows.go).
	rows map[string]*bytes.Buffer
	// rowScratch is where a sheet's rows are written before they are
	// copied into rows at their size.
	rowScratch bytes.Buffer
	// cells are where the table sheets show the values the findings are
	// about, by JSON Pointer, for the 审核 sheet's links; a zero cellRef
	// until a sheet shows it.
	cells map[string]cellRef
}

// sheet is one planned worksheet.
type sheet struct {
	name  string
	kind  string // PartAll (the 汇总), PartTable, PartDepartment, PartProject
	index int
}

// plan lists the sheets of the selection, in order, with unique names.
func (w *writer) plan(opts Options) ([]sheet, error) {
	d := w.d
	var out []sheet
	tables := func(i int) { out = append(out, sheet{name: d.SelfAssessments[i].Project, kind: PartTable, index: i}) }
	projects := func(i int) {
		out = append(out, sheet{name: w.fill(w.cfg.Report.ProjectSheet, "project", d.ProjectReports[i].Project), kind: PartProject, index: i})
	}
	department := func() { out = append(out, sheet{name: w.cfg.Report.DepartmentSheet, kind: PartDepartment}) }
	switch opts.Part {
	case "", PartAll:
		valid := func(kind string, i int) bool { return w.rep.PartValid(evaluation.PartPointer(kind, i)) }
		// The 汇总 adds up every table: of some tables, it would read as
		// the department's.
		all := true
		for i := range d.SelfAssessments {
			all = all && valid(PartTable, i)
		}
		if all {
			out = append(out, sheet{name: w.cfg.Summary.Sheet, kind: PartAll})
		}
		for i := range d.SelfAssessments {
			if valid(PartTable, i) {
				tables(i)
			}
		}
		if d.DepartmentReport != nil && valid(PartDepartment, 0) {
			department()
		}
		for i := range d.ProjectReports {
			if valid(PartProject, i) {
				projects(i)
			}
		}
		if len(w.rep.Findings) > 0 {
			out = append(out, sheet{name: w.cfg.Audit.Sheet, kind: PartAudit})
		}
	case PartDepartment:
		if d.DepartmentReport == nil {
			return nil, fmt.Errorf("%w: no department report", ErrInvalid)
		}
		department()
	case PartProject:
		if opts.Index < 0 || opts.Index >= len(d.ProjectReports) {
			return nil, fmt.Errorf("%w: no project report %d", ErrInvalid, opts.Index+1)
		}
		projects(opts.Index)
	case PartTable:
		if opts.Index < 0 || opts.Index >= len(d.SelfAssessments) {
			return nil, fmt.Errorf("%w: no self-assessment table %d", ErrInvalid, opts.Index+1)
		}
		tables(opts.Index)
	default:
		return nil, fmt.Errorf("%w: part %q", ErrInvalid, opts.Part)
	}
	names := sheetNames{}
	for i := range out {
		out[i].name = names.unique(out[i].name, strconv.Itoa(i+1))
	}
	return out, nil
}

// workbook creates the sheets in order, then fills each one.
func (w *writer) workbook(plan []sheet) error {
	f := w.f
	if err := f.SetDefaultFont(w.cfg.Font); err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", plan[0].name); err != nil {
		return err
	}
	for _, s := range plan[1:] {
		if _, err := f.NewSheet(s.name); err != nil {
			return err
		}
	}
	var refs []tableRefs
	var summary, audit *sheet
	for i := range plan {
		if err := w.ctx.Err(); err != nil {
			return err
		}
		s := &plan[i]
		var err error
		switch s.kind {
		case PartAll:
			summary = s // written after the tables: it refers to them
		case PartAudit:
			audit = s // written last: it links to the cells of every sheet
		case PartTable:
			var r tableRefs
			r, err = w.table(s.name, s.index)
			refs = append(refs, r)
		case PartDepartment:
			err = w.departmentSheet(s.name)
		case PartProject:
			err = w.projectSheet(s.name, s.index)
		}
		if err != nil {
			return fmt.Errorf("xlsx: sheet %s: %w", s.name, err)
		}
	}
	if summary != nil {
		if err := w.summary(summary.name, refs); err != nil {
			return fmt.Errorf("xlsx: sheet %s: %w", summary.name, err)
		}
	}
	if audit != nil {
		if err := w.audit(audit.name); err != nil {
			return fmt.Errorf("xlsx: sheet %s: %w", audit.name, err)
		}
	}
	if err := w.definePrintTitles(); err != nil {
		return err
	}
	// The first sheet is the active one already (excelize's Sheet1);
	// SetActiveSheet would read every streamed sheet back.
	return w.properties()
}

// properties sets the workbook's document properties. The dates are fixed
// by the input (1 January after the evaluated year, when a disclosure is
// published), so that the same input gives the same bytes.
func (w *writer) properties() error {
	d := w.d
	title := d.Title
	if title == "" {
		title = fmt.Sprintf("%s%d年度绩效评价", d.Department, d.Year)
	}
	stamp := fmt.Sprintf("%04d-01-01T00:00:00Z", d.Year+1)
	keywords := fmt.Sprintf("%d;绩效评价;绩效自评", d.Year)
	if len(w.skipped) > 0 {
		keywords += ";" + render.SkippedKeywords(w.skipped)
	}
	if err := w.f.SetDocProps(&excelize.DocProperties{
		Title: title, Subject: w.forms.Title, Creator: d.Department, LastModifiedBy: d.Department,
		Created: stamp, Modified: stamp, Language: "zh-CN", Keywords: keywords,
	}); err != nil {
		return err
	}
	if err := w.f.SetAppProps(&excelize.AppProperties{Application: "Jixiao", Company: d.Department}); err != nil {
		return err
	}
	skipped, err := render.SkippedText(w.skipped)
	if err != nil || skipped == "" {
		return err
	}
	return w.f.SetCustomProps(excelize.CustomProperty{Name: SkippedProperty, Value: skipped})
}

// style returns the workbook style id of st, creating it on first use.
func (w *writer) style(st style) int {
	if id, ok := w.styles[st]; ok {
		return id
	}
	s := &excelize.Style{
		Font: &excelize.Font{Family: w.cfg.Font, Size: w.size(st), Bold: st.bold},
		Alignment: &excelize.Alignment{
			Horizontal: cmp.Or(st.align, "center"), Vertical: "center", WrapText: true, Indent: st.indent,
		},
		NumFmt: st.numFmt,
	}
	if st.format != "" {
		format := st.format // not &st.format: st would escape on every call
		s.CustomNumFmt = &format
	}
	if st.top {
		s.Alignment.Vertical = "top"
	}
	if st.border {
		for _, side := range []string{"left", "right", "top", "bottom"} {
			s.Border = append(s.Border, excelize.Border{Type: side, Color: "000000", Style: 1})
		}
	}
	id, err := w.f.NewStyle(s)
	if err != nil {
		// Only an invalid style fails, and styles are constants here.
		panic(fmt.Sprintf("xlsx: style %+v: %v", st, err))
	}
	w.styles[st] = id
	return id
}

func (w *writer) size(st style) float64 { return cmp.Or(st.size, w.cfg.Sizes.Text) }

// printTitles are the rows repeated at the top of every printed page.
type printTitles struct {
	sheet      string
	first, end int // 0-based rows [first, end]
}

// newSheet prepares a sheet for printing and opens its stream writer:
// A4, fit to one page wide, centred, page numbers in the footer, no grid
// lines on screen (the form draws its own borders).
func (w *writer) newSheet(name string, landscape bool) (*excelize.StreamWriter, error) {
	f, p := w.f, &w.cfg.Page
	yes, no := true, false
	if err := f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &yes}); err != nil {
		return nil, err
	}
	if err := f.SetSheetView(name, 0, &excelize.ViewOptions{ShowGridLines: &no}); err != nil {
		return nil, err
	}
	orientation := "portrait"
	if landscape {
		orientation = "landscape"
	}
	one, zero := 1, 0
	if err := f.SetPageLayout(name, &excelize.PageLayoutOptions{
		Size: &p.Paper, Orientation: &orientation, FitToWidth: &one, FitToHeight: &zero,
	}); err != nil {
		return nil, err
	}
	m := p.Margins
	if err := f.SetPageMargins(name, &excelize.PageLayoutMarginsOptions{
		Left: &m.Left, Right: &m.Right, Top: &m.Top, Bottom: &m.Bottom, Header: &m.Header, Footer: &m.Footer,
		Horizontally: &yes,
	}); err != nil {
		return nil, err
	}
	if p.Footer != "" {
		if err := f.SetHeaderFooter(name, &excelize.HeaderFooterOptions{OddFooter: p.Footer}); err != nil {
			return nil, err
		}
	}
	return f.NewStreamWriter(name)
}

// definePrintTitles sets _xlnm.Print_Titles of every sheet. The first is
// set through excelize; the others are appended to the workbook's defined
// names directly, because SetDefinedName checks each new name against all
// existing ones by sheet name, which is cubic in the number of sheets.
func (w *writer) definePrintTitles() error {
	if len(w.titles) == 0 {
		return nil
	}
	ref := func(t printTitles) string {
		return fmt.Sprintf("%s$%d:$%d", sheetRef(t.sheet), t.first+1, t.end+1)
	}
	t0 := w.titles[0]
	if err := w.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: ref(t0), Scope: t0.sheet}); err != nil {
		return err
	}
	index := map[string]int{}
	for i, name := range w.f.GetSheetList() {
		index[name] = i
	}
	names := &w.f.WorkBook.DefinedNames.DefinedName
	tmpl := (*names)[len(*names)-1]
	for _, t := range w.titles[1:] {
		d := tmpl
		id := index[t.sheet]
		d.LocalSheetID, d.Data = &id, ref(t)
		*names = append(*names, d)
	}
	return nil
}

// sheetRef returns the quoted sheet prefix of a reference: '名称'!.
func sheetRef(name string) string {
	return "'" + strings.ReplaceAll(name, "'", "''") + "'!"
}

// sheetNames makes sheet names valid and unique: at most 31 UTF-16 units,
// none of : \ / ? * [ ] (replaced by their full-width forms), no quote at
// either end, not Excel's reserved History, and unique ignoring case — a
// repeated name gets （2）, （3）… and a long one is cut with ….
type sheetNames map[string]bool

const maxSheetName = 31

var sheetNameReplacer = strings.NewReplacer(
	":", "：", "\\", "＼", "/", "／", "?", "？", "*", "＊", "[", "［", "]", "］",
	"\n", " ", "\r", " ", "\t", " ")

func (n sheetNames) unique(name, fallback string) string {
	base := strings.Join(strings.Fields(sheetNameReplacer.Replace(name)), " ")
	base = strings.Trim(base, "'")
	if base == "" {
		base = fallback
	}
	for i := 1; ; i++ {
		suffix := ""
		if i > 1 {
			suffix = fmt.Sprintf("（%d）", i)
		}
		s := cut(base, maxSheetName-utf16Len(suffix)) + suffix
		key := strings.ToLower(s)
		if !n[key] && key != "history" {
			n[key] = true
			return s
		}
	}
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// cut shortens s to at most limit UTF-16 units, ending it with … when cut.
func cut(s string, limit int) string {
	if utf16Len(s) <= limit {
		return s
	}
	rs := []rune(s)
	for utf16Len(string(rs))+1 > limit {
		rs = rs[:len(rs)-1]
	}
	return strings.TrimRight(string(rs), " '") + "…"
}

// f64 converts a final decimal to the float64 stored in a cell.
func f64(d decimal.Decimal) float64 { return d.InexactFloat64() }

// sortedZip is the ZIP writer given to excelize: it compresses each part
// as it comes and writes the parts sorted by name, because excelize emits
// streamed sheets in map order. The parts are compressed one after the
// other into one buffer, by a compressor and into a buffer taken from
// pools and given back once the archive is written.
type sortedZip struct {
	parts []*zipPart
	fw    *flate.Writer
	out   *bytes.Buffer // the compressed parts, one after the other
	// splice holds the rows of the sheet parts, by part name, that the
	// grids wrote themselves (spliceRows).
	splice map[string][]byte
	// scratch is the space for a reusable part's bytes, reused from
	// part to part.
	scratch []byte
	err     error
}

type zipPart struct {
	name string
	// start and end delimit the part's compressed bytes in out.
	start, end int
	crc        uint32
	size       uint64
	finalized  bool
	// held is a sheet part as excelize writes it, held back until its
	// rows are put in (spliced), or a part that may be one compressed
	// before (reused).
	held, rows []byte
	reuse      bool
}

// The compressors and buffers of the workbooks written so far: a
// compressor holds about 600 KB of tables, which a workbook written
// after another need not allocate and clear again.
var (
	zipWriters sync.Pool // *flate.Writer
	zipBuffers sync.Pool // *bytes.Buffer
)

// maxPooledBuffer bounds the buffers kept for the next workbook.
const maxPooledBuffer = 8 << 20

func (z *sortedZip) Create(name string) (io.Writer, error) {
	z.finish()
	if z.out == nil {
		if b, ok := zipBuffers.Get().(*bytes.Buffer); ok {
			z.out = b
		} else {
			z.out = new(bytes.Buffer)
		}
	}
	p := &zipPart{name: name, start: z.out.Len()}
	if rows, ok := z.splice[name]; ok {
		p.rows = rows
		delete(z.splice, name)
	} else if reusable(name) {
		p.reuse = true
		p.held = z.scratch[:0]
	}
	z.parts = append(z.parts, p)
	if z.fw == nil {
		if fw, ok := zipWriters.Get().(*flate.Writer); ok {
			z.fw = fw
		} else {
			var err error
			// Best speed: compressing the parts was a tenth of a batch's
			// time at the default level. It costs the reference workbook
			// 11% more bytes (251 → 279 KB) and saves 7% of a batch of 50
			// disclosures' time (BenchmarkRun, benchstat, p < 0.001): the
			// service runs out of CPU long before bandwidth.
			if z.fw, err = flate.NewWriter(z.out, flate.BestSpeed); err != nil {
				return nil, err
			}
		}
	}
	z.fw.Reset(z.out)
	return &partWriter{z: z, p: p}, nil
}

// finish closes the compressed stream of the last part, after writing
// it with its rows when it was held back.
func (z *sortedZip) finish() {
	if n := len(z.parts); n > 0 && !z.parts[n-1].finalized {
		p := z.parts[n-1]
		p.finalized = true
		switch {
		case p.rows != nil:
			z.err = errors.Join(z.err, z.spliced(p))
		case p.reuse:
			if z.reused(p) {
				return
			}
		}
		_ = z.fw.Close() // writes to a bytes.Buffer: cannot fail
		p.end = z.out.Len()
		if p.reuse {
			keepCompressed(p.name, p.held, z.out.Bytes()[p.start:p.end], p.crc)
			z.scratch, p.held = p.held[:0], nil
		}
	}
}

// A workbook's small parts other than its sheets — the content types,
// relationships, document properties, styles, theme and workbook — are
// mostly the same bytes from one workbook to the next (every workbook of
// a batch has the same theme, and most have the same styles), and
// compressing them cost a dynamic Huffman block each, most of the time
// spent on them. The last compressed form of each such part is kept, by
// name, and reused when a part's bytes are the same: a compressor Reset
// between parts writes the same bytes for the same input.
var compressedParts struct {
	sync.Mutex
	m map[string]*compressedPart
}

type compressedPart struct {
	raw, deflated []byte
	crc           uint32
}

// maxReusedPart bounds the parts kept, and held back until they are
// complete: a larger part is compressed as it comes.
const maxReusedPart = 16 << 10

// reusable reports whether a part's compressed form may be kept: the
// parts excelize names by itself, not the sheets, whose number depends
// on the input, nor the embedded source.
func reusable(name string) bool {
	return !strings.HasPrefix(name, "xl/worksheets/") && !strings.HasPrefix(name, "customXml/")
}

// reused writes p's compressed form kept from an earlier workbook, when
// its bytes are the same, and reports whether it did.
func (z *sortedZip) reused(p *zipPart) bool {
	compressedParts.Lock()
	c := compressedParts.m[p.name]
	ok := c != nil && bytes.Equal(c.raw, p.held)
	if ok {
		z.out.Write(c.deflated)
		p.crc = c.crc
	}
	compressedParts.Unlock()
	if !ok {
		if _, err := z.fw.Write(p.held); err != nil {
			z.err = errors.Join(z.err, err)
		}
		return false
	}
	p.end = z.out.Len()
	z.scratch, p.held = p.held[:0], nil
	return true
}

// keepCompressed keeps a part's compressed form for the next workbook.
func keepCompressed(name string, raw, deflated []byte, crc uint32) {
	c := &compressedPart{raw: bytes.Clone(raw), deflated: bytes.Clone(deflated), crc: crc}
	compressedParts.Lock()
	if compressedParts.m == nil {
		compressedParts.m = make(map[string]*compressedPart)
	}
	compressedParts.m[name] = c
	compressedParts.Unlock()
}

// release gives the compressor and the buffer back to their pools.
func (z *sortedZip) release() {
	if z.fw != nil {
		zipWriters.Put(z.fw)
		z.fw = nil
	}
	if z.out != nil && z.out.Cap() <= maxPooledBuffer {
		z.out.Reset()
		zipBuffers.Put(z.out)
	}
	z.out = nil
}

func (z *sortedZip) AddFS(fs.FS) error {
	return errors.New("xlsx: AddFS is not supported")
}

func (z *sortedZip) Close() error {
	z.finish()
	return z.err
}

type partWriter struct {
	z *sortedZip
	p *zipPart
}

func (pw *partWriter) Write(b []byte) (int, error) {
	if pw.p.rows != nil {
		pw.p.held = append(pw.p.held, b...)
		return len(b), nil
	}
	if p := pw.p; p.reuse {
		if len(p.held)+len(b) <= maxReusedPart {
			p.crc = crc32.Update(p.crc, crc32.IEEETable, b)
			p.size += uint64(len(b))
			p.held = append(p.held, b...)
			return len(b), nil
		}
		// Too large to keep: what was held is compressed, and the rest
		// as it comes.
		if _, err := pw.z.fw.Write(p.held); err != nil {
			return 0, err
		}
		pw.z.scratch, p.held, p.reuse = p.held[:0], nil, false
	}
	return pw.write(b)
}

// write compresses b as the part's next bytes.
func (pw *partWriter) write(b []byte) (int, error) {
	pw.p.crc = crc32.Update(pw.p.crc, crc32.IEEETable, b)
	pw.p.size += uint64(len(b))
	return pw.z.fw.Write(b)
}

// writeTo writes the archive, parts sorted by name, and releases the
// compressor and the buffer.
func (z *sortedZip) writeTo(w io.Writer) error {
	defer z.release()
	z.finish()
	if z.err != nil {
		return z.err
	}
	if len(z.splice) > 0 {
		return fmt.Errorf("xlsx: %d sheets of rows without their part", len(z.splice))
	}
	parts := slices.Clone(z.parts)
	slices.SortFunc(parts, func(a, b *zipPart) int { return strings.Compare(a.name, b.name) })
	zw := zip.NewWriter(w)
	for _, p := range parts {
		data := z.out.Bytes()[p.start:p.end]
		h := &zip.FileHeader{
			Name: p.name, Method: zip.Deflate, CRC32: p.crc,
			CompressedSize64: uint64(len(data)), UncompressedSize64: p.size,
		}
		zipstamp.Set(h, time.Time{}) // the workbook's own properties carry its date
		out, err := zw.CreateRaw(h)
		if err != nil {
			return err
		}
		if _, err := out.Write(data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// Name and MediaType identify the format: the name is its file
// extension and the value of every format option.
const (
	Name      = "xlsx"
	MediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)
