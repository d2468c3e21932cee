package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/jixiao/jixiao/fonts"
	"github.com/jixiao/jixiao/profile"
	"github.com/jixiao/jixiao/render/layout"
	"github.com/jixiao/jixiao/render/text"
	"github.com/xuri/excelize/v2"
)

// maxRowHeight is the tallest row Excel allows, in points.
const maxRowHeight = excelize.MaxRowHeight

// style is the look of a cell; the writer turns each distinct style into
// one workbook style, in order of first use.
type style struct {
	size   float64 // points; 0 means the text size
	bold   bool
	align  string // horizontal: "" (centre), "left" or "right"
	top    bool   // vertical: top instead of centre
	border bool
	numFmt int // excelize built-in number format: 0 General, 1 "0"
	// format is a custom number format, such as "#,##0.00", taking
	// the place of numFmt.
	format string
	indent int
}

// Built-in number formats (locale independent).
const (
	fmtGeneral = 0
	fmtInt     = 1
)

// item is the content of one cell or of a horizontal span of cells.
type item struct {
	c1, c2 int    // columns, 0-based, inclusive
	v      any    // string, float64, int or nil
	f      string // formula, without "="
	st     style
	// text is what the cell shows, for measuring, when v is not a string.
	text string
	// lines is how the text breaks, as the PDF breaks the cell's text
	// (profile.Style.Lines).
	lines string
}

// cell is one grid cell as written.
type cell struct {
	style   int
	set     bool
	value   any
	formula string
}

type gridRow struct {
	height float64
	cells  []cell
}

// area is a merged range, 0-based and inclusive.
type area struct{ r1, c1, r2, c2 int }

func (a area) contains(b area) bool {
	return a.r1 <= b.r1 && b.r2 <= a.r2 && a.c1 <= b.c1 && b.c2 <= a.c2
}

func (a area) overlaps(b area) bool {
	return a.r1 <= b.r2 && b.r1 <= a.r2 && a.c1 <= b.c2 && b.c1 <= a.c2
}

// need is the height that the text of a cell merged over rows r1..r2
// requires of those rows together.
type need struct {
	r1, r2 int
	h      float64
}

// grid builds one worksheet in memory: rows are sized as they are added,
// from the text they hold, then the whole sheet goes to a stream writer.
// A sheet of a self-assessment table is small; only the 汇总 of a large
// disclosure has many rows, and its cells are few and short.
type grid struct {
	w      *writer
	widths []float64 // Excel width units
	rows   []gridRow
	merges []area
	needs  []need
	// keeps are row ranges a page break should not split.
	keeps [][2]int
	// breaks are rows that start a new printed page.
	breaks []int
	// hidden is the number of last columns hidden from view and print.
	hidden int
	// scale is the print scale in percent the page breaks were computed
	// for, written to the page setup; 0 when paginate was not called.
	scale uint
	err   error
}

func (w *writer) newGrid(widths []float64) *grid {
	return &grid{w: w, widths: slices.Clone(widths)}
}

// hide appends n hidden columns of the given width.
func (g *grid) hide(n int, width float64) {
	for range n {
		g.widths = append(g.widths, width)
	}
	g.hidden += n
}

// colPoints converts a column width in Excel units to points as excelize
// does (convertColWidthToPixels: pixels = int(width×8 + 0.5), the maximum
// digit width of the 宋体 11 default font being 8 px) at 96 px per inch.
func colPoints(width float64) float64 {
	return float64(int(width*8+0.5)) * 0.75
}

// width returns the usable text width of columns c1..c2 in points.
func (g *grid) width(c1, c2 int) float64 {
	var pt float64
	for c := c1; c <= c2; c++ {
		pt += colPoints(g.widths[c])
	}
	return pt - g.w.cfg.Padding.Horizontal
}

// fit widens the column of a number that would not fit on one line:
// spreadsheets show a number too wide for its cell as ###.
func (g *grid) fit(it item) {
	if _, ok := it.v.(string); ok || it.v == nil || it.c1 != it.c2 || it.text == "" {
		return
	}
	need := g.w.textWidth(it.text, it.st.bold, g.w.size(it.st)) + g.w.cfg.Padding.Horizontal
	if need > colPoints(g.widths[it.c1]) {
		g.widths[it.c1] = math.Ceil(need/0.75/8*4) / 4
	}
}

// height returns the height in points the item's text needs.
func (g *grid) height(it item) float64 {
	s := it.text
	if v, ok := it.v.(string); ok {
		s = v
	}
	if s == "" {
		return 0
	}
	size := g.w.size(it.st)
	n := g.w.lines(s, it.st.bold, size, g.width(it.c1, it.c2), it.lines)
	return float64(n)*size*g.w.cfg.LineHeight + g.w.cfg.Padding.Vertical
}

// add appends a row holding items, at least minHeight tall. A row whose
// text needs more than Excel's maximum row height becomes several rows
// with every item merged down over them. It returns the first and last
// row index (0-based).
func (g *grid) add(minHeight float64, items ...item) (first, last int) {
	h := minHeight
	for _, it := range items {
		g.fit(it)
		h = max(h, g.height(it))
	}
	k := max(int(math.Ceil(h/maxRowHeight-1e-9)), 1)
	per := math.Min(math.Ceil(h/float64(k)*4)/4, maxRowHeight)
	first = len(g.rows)
	for range k {
		g.rows = append(g.rows, gridRow{height: per, cells: make([]cell, len(g.widths))})
	}
	last = first + k - 1
	if k > 1 {
		g.keep(first, last)
	}
	for _, it := range items {
		g.fill(first, last, it)
		g.put(first, it)
		if k > 1 || it.c2 > it.c1 {
			g.merge(area{first, it.c1, last, it.c2})
		}
	}
	return first, last
}

// fill gives every cell of the item's columns in rows r1..r2 its style, so
// that a merged range has its borders all round.
func (g *grid) fill(r1, r2 int, it item) {
	id := g.w.style(it.st)
	for r := r1; r <= r2; r++ {
		for c := it.c1; c <= it.c2; c++ {
			g.rows[r].cells[c] = cell{style: id}
		}
	}
}

// put sets the content of the item's top-left cell in row r.
func (g *grid) put(r int, it item) {
	c := &g.rows[r].cells[it.c1]
	c.style = g.w.style(it.st)
	c.set, c.value, c.formula = true, it.v, it.f
	if it.v == "" {
		c.value = nil // a blank cell, not an empty string
	}
}

// span merges the item's columns over rows r1..r2 and puts its content
// there; the rows grow, when the sheet is finished, to fit its text.
func (g *grid) span(r1, r2 int, it item) {
	g.fill(r1, r2, it)
	g.put(r1, it)
	if r2 > r1 || it.c2 > it.c1 {
		g.merge(area{r1, it.c1, r2, it.c2})
	}
	g.needs = append(g.needs, need{r1, r2, g.height(it)})
}

// merge records a merged range, replacing the ranges it contains.
func (g *grid) merge(a area) {
	kept := g.merges[:0]
	for _, m := range g.merges {
		switch {
		case a.contains(m):
			continue
		case a.overlaps(m):
			g.err = errors.Join(g.err, fmt.Errorf("xlsx: merged range %s overlaps %s", a, m))
		}
		kept = append(kept, m)
	}
	g.merges = append(kept, a)
}

func (a area) String() string { return cellName(a.c1, a.r1) + ":" + cellName(a.c2, a.r2) }

// keep asks the page breaks not to split rows r1..r2.
func (g *grid) keep(r1, r2 int) {
	if r2 > r1 {
		g.keeps = append(g.keeps, [2]int{r1, r2})
	}
}

// fits reports whether rows r1 to r2 (inclusive) fit on a portrait page
// under the title rows.
func (g *grid) fits(r1, r2 int, titles [2]int) bool {
	g.finish()
	var h float64
	for r := titles[0]; titles[0] >= 0 && r <= titles[1]; r++ {
		h += g.rows[r].height
	}
	for r := r1; r <= r2; r++ {
		h += g.rows[r].height
	}
	return h <= g.pageHeight(false)
}

// paginate places the page breaks of a sheet printed landscape or not,
// with rows titles (0-based, inclusive; -1 for none) repeated on every
// page after the first. Pages are measured with the row heights the
// sheet declares at the scale that fits it to one page wide, which the
// sheet declares too: a page
// takes rows while they fit; a break that would split a kept range moves
// up to the range's first row, unless the range starts the page; and the
// last page holds at least two rows below the titles, never the titles
// and one row, when the page before can give them. Excel and LibreOffice
// honour manual breaks and, the pages being no taller than they print,
// put no other break.
func (g *grid) paginate(landscape bool, titles [2]int) {
	g.finish()
	pageH := g.pageHeight(landscape)
	var titlesH float64
	if titles[0] >= 0 {
		for r := titles[0]; r <= titles[1]; r++ {
			titlesH += g.rows[r].height
		}
	}
	afterTitles := func(b int) bool { return titles[0] < 0 || b > titles[1] }
	start, used := 0, 0.0
	for r := 0; r < len(g.rows); r++ {
		h := g.rows[r].height
		if used+h <= pageH || r == start {
			used += h
			continue
		}
		b := r
		for b > start && !g.breakable(b) {
			b--
		}
		if b == start || !afterTitles(b) {
			b = r
		}
		g.breaks = append(g.breaks, b)
		start, used = b, 0
		if afterTitles(b) {
			used = titlesH
		}
		r = b - 1
	}
	g.avoidWidow(pageH, titlesH)
}

// avoidWidow moves the last break up while the last page holds fewer than
// two rows, as long as the rows still fit under the titles, no kept range
// is split and the page before keeps two rows.
func (g *grid) avoidWidow(pageH, titlesH float64) {
	n := len(g.breaks)
	if n == 0 {
		return
	}
	prev := 0
	if n > 1 {
		prev = g.breaks[n-2]
	}
	b := g.breaks[n-1]
	used := titlesH
	for r := b; r < len(g.rows); r++ {
		used += g.rows[r].height
	}
	for len(g.rows)-b < 2 {
		nb := b - 1
		for nb > prev && !g.breakable(nb) {
			nb--
		}
		add := 0.0
		for r := nb; r < b; r++ {
			add += g.rows[r].height
		}
		if nb-prev < 2 || used+add > pageH {
			break
		}
		b, used = nb, used+add
	}
	g.breaks[n-1] = b
}

// breakable reports whether a page may start at row b: no kept range
// holds both b and the row above it.
func (g *grid) breakable(b int) bool {
	for _, k := range g.keeps {
		if k[0] < b && b <= k[1] {
			return false
		}
	}
	return true
}

// pageHeight sets the sheet's print scale, the whole percentage that fits
// its columns on the page's width between the margins, as fit to width
// does, and returns the sheet points a page holds at that scale between
// the top and bottom margins, less 2% for the rounding of row heights to
// device units.
func (g *grid) pageHeight(landscape bool) float64 {
	p := &g.w.cfg.Page
	pw, ph := p.Size[0], p.Size[1]
	if landscape {
		pw, ph = ph, pw
	}
	m := p.Margins
	var width float64
	for _, w := range g.widths[:len(g.widths)-g.hidden] {
		width += colPoints(w)
	}
	g.scale = 100
	if avail := pw - (m.Left+m.Right)*72; width > avail {
		g.scale = uint(math.Floor(avail / width * 100))
	}
	return (ph - (m.Top+m.Bottom)*72) * 100 / float64(g.scale) * 0.98
}

// finish grows the rows under merged cells whose text does not fit,
// spreading the missing height evenly and never beyond Excel's maximum.
func (g *grid) finish() {
	for _, n := range g.needs {
		for range 8 {
			var sum float64
			open := 0
			for r := n.r1; r <= n.r2; r++ {
				sum += g.rows[r].height
				if g.rows[r].height < maxRowHeight {
					open++
				}
			}
			if sum >= n.h-1e-9 || open == 0 {
				break
			}
			add := math.Ceil((n.h-sum)/float64(open)*4) / 4
			for r := n.r1; r <= n.r2; r++ {
				g.rows[r].height = math.Min(g.rows[r].height+add, maxRowHeight)
			}
		}
	}
	g.needs = nil
}

// flush writes the grid through a stream writer.
func (g *grid) flush(sw *excelize.StreamWriter) error {
	return g.flushWith(sw, g.direct())
}

// flushWith writes the grid through sw, its columns and rows written by
// the grid itself when direct is set (rows.go).
func (g *grid) flushWith(sw *excelize.StreamWriter, direct bool) error {
	g.finish()
	for _, b := range g.breaks {
		if err := sw.InsertPageBreak(cellName(0, b)); err != nil {
			return err
		}
	}
	if g.err != nil {
		return g.err
	}
	if g.scale > 0 {
		// Fit to width decides the scale; the one written is what the
		// breaks assume. The stream writer writes the page setup when it
		// is flushed.
		if err := g.w.f.SetPageLayout(sw.Sheet, &excelize.PageLayoutOptions{AdjustTo: &g.scale}); err != nil {
			return err
		}
	}
	for _, m := range g.merges {
		if err := sw.MergeCell(cellName(m.c1, m.r1), cellName(m.c2, m.r2)); err != nil {
			return err
		}
	}
	if direct {
		// The rows are written into one buffer that every sheet reuses,
		// then copied at their size: they stay until the workbook is
		// written, and rowsSize overestimates (for thousands of sheets the
		// slack was a quarter of the workbook's peak memory).
		scratch := &g.w.rowScratch
		scratch.Reset()
		scratch.Grow(len(g.widths)*64 + g.rowsSize())
		g.writeCols(scratch)
		scratch.WriteString("<sheetData>")
		g.writeRows(scratch)
		scratch.WriteString("</sheetData>")
		if g.w.rows == nil {
			g.w.rows = map[string]*bytes.Buffer{}
		}
		g.w.rows[sw.Sheet] = bytes.NewBuffer(bytes.Clone(scratch.Bytes()))
		return sw.Flush()
	}
	// excelize lists a sheet's columns in the reverse order of the calls;
	// Excel wants them ascending.
	n := len(g.widths)
	for i := n - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, g.widths[i]); err != nil {
			return err
		}
		if i >= n-g.hidden {
			if err := sw.SetColVisible(i+1, i+1, false); err != nil {
				return err
			}
		}
	}
	if err := g.streamRows(sw); err != nil {
		return err
	}
	return sw.Flush()
}

// streamRows writes the grid's rows through the stream writer.
func (g *grid) streamRows(sw *excelize.StreamWriter) error {
	vals := make([]any, len(g.widths))
	for r := range g.rows {
		row := &g.rows[r]
		for c, cl := range row.cells {
			if !cl.set && cl.style == 0 {
				vals[c] = nil
				continue
			}
			vals[c] = excelize.Cell{StyleID: cl.style, Formula: cl.formula, Value: cl.value}
		}
		if err := sw.SetRow(cellName(0, r), vals, excelize.RowOpts{Height: row.height}); err != nil {
			return err
		}
	}
	return nil
}

// colLetters returns the letters of a 0-based column.
func colLetters(c int) string {
	var b [4]byte
	i := len(b)
	for c++; c > 0; c = (c - 1) / 26 {
		i--
		b[i] = byte('A' + (c-1)%26)
	}
	return string(b[i:])
}

// cellName returns the A1 reference of a 0-based cell.
func cellName(c, r int) string { return colLetters(c) + strconv.Itoa(r+1) }

// measure returns the advance widths of the workbook's text, regular or
// bold, in size points: the PDF's measure (layout.Measure), with the
// embedded Song faces.
func (w *writer) measure(bold bool, size float64) text.Measure {
	return layout.Measure(w.fonts, textStyle(bold, size, ""))
}

// textStyle is how the sheet's text in a cell is set, in the terms of
// the PDF's layout: for measuring it alike.
func textStyle(bold bool, size float64, lines string) profile.Style {
	return profile.Style{Role: string(roleOf(bold)), Size: size, Lines: lines}
}

// textWidth returns the width of s on one line, in points.
func (w *writer) textWidth(s string, bold bool, size float64) float64 {
	measure := w.measure(bold, size)
	var total float64
	for _, r := range s {
		total += measure(r)
	}
	return total
}

func roleOf(bold bool) fonts.Role {
	if bold {
		return fonts.RoleTitle
	}
	return fonts.RoleTable
}

// lines returns the number of lines s takes in width points, broken as
// the PDF breaks a cell's text (layout.CellLines) in the way lines
// names (profile.Style.Lines).
func (w *writer) lines(s string, bold bool, size, width float64, lines string) int {
	measure := w.measure(bold, size)
	// Most cells hold one short line: skip the breaker for them.
	var total float64
	simple := true
	for _, r := range s {
		if r == '\n' {
			simple = false
			break
		}
		total += measure(r)
		if total > width {
			simple = false
			break
		}
	}
	if simple {
		return 1
	}
	// The same labels and marks come back in every table of a workbook:
	// each text is broken once per width and face.
	key := lineKey{s, lines, bold, size, width}
	if n, ok := w.lineCache[key]; ok {
		return n
	}
	// A spreadsheet program gives every mark its full em: the lines
	// are counted without the PDF's punctuation compression.
	n := len(layout.CellLines(s, textStyle(bold, size, lines), width, text.Metrics{Advance: measure}))
	w.lineCache[key] = n
	return n
}

// lineKey is a text measured at a width in a face and size.
type lineKey struct {
	text, lines string
	bold        bool
	size, width float64
}
