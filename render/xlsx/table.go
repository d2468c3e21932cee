package xlsx

import (
	"fmt"
	"strings"

	"github.com/jixiao/jixiao/internal/spans"
	"github.com/jixiao/jixiao/profile"
	"github.com/jixiao/jixiao/render"
)

// tableRefs are the cells of a table sheet that the 汇总 refers to.
type tableRefs struct {
	sheet                         string
	index                         int
	budget, executed, rate, score string
	total                         string
	// levels holds, by 一级指标 name, the ranges of its score cells.
	levels map[string]string
}

// Reusable cell styles.
var (
	stText = style{border: true}
	stLeft = style{border: true, align: "left"}
)

func txt(c1, c2 int, s string, st style) item { return item{c1: c1, c2: c2, v: s, st: st} }

// quote writes s as an Excel string literal; a line break becomes
// CHAR(10).
func quote(s string) string {
	parts := strings.Split(s, "\n")
	for i, p := range parts {
		parts[i] = `"` + strings.ReplaceAll(p, `"`, `""`) + `"`
	}
	return strings.Join(parts, "&CHAR(10)&")
}

// table writes the sheet of self-assessment table i. The sheet is the
// table part of the document (render.Build), the one description the PDF
// draws too: its paragraphs become merged rows, its table the grid, and
// every figure a number or a live formula over the cells it is computed
// from.
func (w *writer) table(name string, i int) (tableRefs, error) {
	part := w.doc.Find(render.PartTable, i)
	if part == nil {
		return tableRefs{}, fmt.Errorf("the document has no table %d", i+1)
	}
	var tbl *render.Table
	for _, b := range part.Blocks {
		if t, ok := b.(render.Table); ok {
			tbl = &t
		}
	}
	if tbl == nil || len(tbl.SheetColumns) == 0 {
		return tableRefs{}, fmt.Errorf("the table part has no table on the form's grid")
	}
	sw, err := w.newSheet(name, false)
	if err != nil {
		return tableRefs{}, err
	}
	g := w.newGrid(tbl.SheetColumns)
	g.hide(declaredPerRow(tbl), w.cfg.Summary.Widths.Score)
	last := len(tbl.SheetColumns) - 1
	minH := w.cfg.MinRowHeight
	var refs gridRefs
	notes := -1 // the row of the notes' title
	for _, b := range part.Blocks {
		switch b := b.(type) {
		case render.Paragraph:
			switch b.Style {
			case "tableTitle":
				g.add(minH*1.75, txt(0, last, b.Text, style{size: w.cfg.Sizes.Title, bold: true}))
			case "tableYear":
				g.add(minH, txt(0, last, b.Text, style{size: w.cfg.Sizes.Subtitle}))
			default:
				r, _ := g.add(0, txt(0, last, b.Text, style{size: w.cfg.Sizes.Note, align: "left"}))
				if b.Text == w.forms.NotesTitle {
					notes = r
				}
			}
		case render.Table:
			if refs, err = w.grid(g, name, tbl, i); err != nil {
				return tableRefs{}, err
			}
		}
	}
	head := refs.header
	if notes >= 0 {
		// The notes go on one page, and never on a page of their own
		// under the repeated heads: the table's foot (the 总分) and the
		// row above it go with them, when all of it fits on a page.
		from := notes
		if refs.foot >= 0 && g.fits(refs.foot, len(g.rows)-1, [2]int{head, head}) {
			from = refs.foot
		}
		g.keep(from, len(g.rows)-1)
	}
	g.paginate(false, [2]int{head, head})
	return refs.tableRefs, g.flush(sw)
}

// placed is a table cell on the sheet: its columns and its rows.
type placed struct {
	cell       *render.Cell
	c1, c2     int
	row, rows  int // table row and row span
	top, below int // sheet rows, set once added
}

// gridRefs are what the table's grid tells its sheet: the cells the 汇总
// refers to, the row of the indicator grid's heads and the row above the
// table's foot (-1 if it has none).
type gridRefs struct {
	tableRefs
	header, foot int
}

// grid writes the table's rows, returning the references.
func (w *writer) grid(g *grid, sheet string, tbl *render.Table, index int) (gridRefs, error) {
	cells := layoutCells(tbl)
	first := make([]int, len(tbl.Rows)) // sheet rows of each table row
	lastRow := make([]int, len(tbl.Rows))
	minH := w.cfg.MinRowHeight
	// Cells of one row are added with it; cells spanning rows, and
	// figures computed from other cells, are put once every row is there.
	var deferred []*placed
	var items []item // reused row by row: add copies what it keeps
	for r := range tbl.Rows {
		if err := w.checkRows(r); err != nil {
			return gridRefs{}, err
		}
		items = items[:0]
		for _, p := range cells[r] {
			if p.rows > 1 || (p.cell.Figure != nil && p.cell.Figure.Calc != nil) {
				deferred = append(deferred, p)
				continue
			}
			items = append(items, w.cellItem(p, nil))
		}
		first[r], lastRow[r] = g.add(minH, items...)
	}
	addr := make(addresses, len(tbl.Rows)*2)
	for r := range cells {
		for _, p := range cells[r] {
			p.top, p.below = first[p.row], lastRow[p.row+p.rows-1]
			if p.cell.ID != "" {
				addr[p.cell.ID] = [2]int{p.c1, p.top}
			}
			if _, ok := w.cells[p.cell.Path]; ok && p.cell.Path != "" {
				w.cells[p.cell.Path] = cellRef{sheet: sheet, cell: cellName(p.c1, p.top)}
			}
		}
	}
	// A declared figure keeps its computed twin, a value or a formula, in
	// a hidden column of its row; the cells computed from it refer to the
	// twin, so that every formula computes as in the computed workbook.
	type twin struct {
		p   *placed
		col int
	}
	var twins []twin
	next := map[int]int{} // the next hidden column of each sheet row
	for r := range cells {
		for _, p := range cells[r] {
			if f := p.cell.Figure; f != nil && f.Declared.Valid {
				c := len(tbl.SheetColumns) + next[p.top]
				next[p.top]++
				if p.cell.ID != "" {
					addr[p.cell.ID] = [2]int{c, p.top}
				}
				twins = append(twins, twin{p, c})
			}
		}
	}
	for _, p := range deferred {
		g.span(p.top, p.below, w.cellItem(p, addr))
	}
	for _, t := range twins {
		it := w.computedItem(t.p, addr)
		it.c1, it.c2 = t.col, t.col
		g.put(t.p.top, it)
	}
	w.keeps(g, tbl, cells, first, lastRow)
	header := first[tbl.RepeatFrom]
	w.titles = append(w.titles, printTitles{sheet: sheet, first: header, end: lastRow[max(tbl.RepeatTo-1, tbl.RepeatFrom)]})
	foot := -1
	if k := tbl.KeepFrom; k > 1 {
		foot = first[k-1]
	}
	refs := gridRefs{header: header, foot: foot, tableRefs: tableRefs{
		sheet: sheet, index: index, levels: map[string]string{},
		budget: addr.name(render.FundID("total", "budget")), executed: addr.name(render.FundID("total", "executed")),
		rate: addr.name(render.IDExecutionRate), score: addr.name(render.IDExecutionScore), total: addr.name(render.IDTotalScore),
	}}
	inds := w.d.SelfAssessments[index].Indicators
	byLevel := map[string][]string{}
	for k := range inds {
		if _, ok := addr[render.IndicatorID(k, "score")]; ok {
			byLevel[inds[k].Level1] = append(byLevel[inds[k].Level1], render.IndicatorID(k, "score"))
		}
	}
	for name, ids := range byLevel {
		refs.levels[name] = addr.ranges(ids)
	}
	return refs, nil
}

// layoutCells places every cell of the table on its columns
// (spans.Grid).
func layoutCells(tbl *render.Table) [][]*placed {
	n := 0
	for _, row := range tbl.Rows {
		n += len(row)
	}
	cells := make([]placed, 0, n) // one allocation for the table's cells
	out := make([][]*placed, len(tbl.Rows))
	var cols spans.Grid
	for r, row := range tbl.Rows {
		cols.Row(r)
		for k := range row {
			rs, cs := row[k].Span()
			c := cols.Place(rs, cs)
			cells = append(cells, placed{cell: &row[k], c1: c, c2: c + cs - 1, row: r, rows: rs})
			out[r] = append(out[r], &cells[len(cells)-1])
		}
	}
	return out
}

// keeps asks the page breaks not to split what belongs together: the
// blocks above the indicator grid, its heads with the first indicator,
// every merged score cell, and the 总分 with the row above it.
func (w *writer) keeps(g *grid, tbl *render.Table, cells [][]*placed, first, last []int) {
	for r := range cells {
		for _, p := range cells[r] {
			if p.rows > 1 && (r < tbl.RepeatFrom || p.cell.ID != "") {
				g.keep(p.top, p.below)
			}
			if p.cell.ID == render.IDTotalScore && r > tbl.RepeatFrom {
				g.keep(first[r-1], last[r])
			}
		}
	}
	if next := tbl.RepeatTo; next < len(tbl.Rows) {
		g.keep(first[tbl.RepeatFrom], last[next])
	}
}

// addresses are the cells of a table's IDs: column and row, 0-based.
type addresses map[string][2]int

// name is the A1 reference of the cell id; "" for an unknown id.
func (a addresses) name(id string) string {
	at, ok := a[id]
	if !ok {
		return ""
	}
	return cellName(at[0], at[1])
}

// ranges lists the cells of ids for SUM, a run of cells one below the
// other in a column written as one range.
func (a addresses) ranges(ids []string) string {
	var parts []string
	col, start, end := -1, -1, -1
	flush := func() {
		if start < 0 {
			return
		}
		if start == end {
			parts = append(parts, cellName(col, start))
		} else {
			parts = append(parts, cellName(col, start)+":"+cellName(col, end))
		}
	}
	for _, id := range ids {
		at := a[id]
		if at[0] == col && at[1] == end+1 {
			end = at[1]
			continue
		}
		flush()
		col, start, end = at[0], at[1], at[1]
	}
	flush()
	return strings.Join(parts, ",")
}

// cellItem is the sheet item of a table cell; addr, once every cell has
// its place, turns the IDs of a figure's Calc into cell references.
func (w *writer) cellItem(p *placed, addr addresses) item {
	c := p.cell
	st := stText
	if c.Style == "tableText" {
		st = stLeft
	}
	st.top = c.Top
	lines := w.rep.Profile.Layout.Styles[c.Style].Lines
	f := c.Figure
	switch {
	case f == nil:
		it := txt(p.c1, p.c2, c.Text, st)
		it.lines = lines
		return it
	case f.Declared.Valid:
		return w.declaredItem(p, st)
	}
	return w.computedItem(p, addr)
}

// computedItem is the sheet item of a table cell's computed figure: the
// value the input gives, or a formula over the cells of addr.
func (w *writer) computedItem(p *placed, addr addresses) item {
	c, f := p.cell, p.cell.Figure
	st := stText
	if c.Style == "tableText" {
		st = stLeft
	}
	st.top = c.Top
	if f.Calc == nil {
		it := w.fig(p.c1, p.c2, f.Kind, f.Value, "")
		if f.Kind != profile.KindMoney {
			// A weight or score as the input gives it.
			it.st, it.text = style{border: true, numFmt: fmtGeneral}, c.Text
		}
		return it
	}
	expr := w.calc(f, addr)
	if f.Prefix == "" && f.Suffix == "" {
		return w.fig(p.c1, p.c2, f.Kind, f.Value, expr)
	}
	// A label around a figure, 产出指标（50分）: a text formula.
	prefix := f.Prefix
	if w.cfg.FigureLabelBreak {
		prefix = breakBeforeBracket(prefix)
	}
	number := w.scheme.Number(f.Kind, f.Value)
	return item{c1: p.c1, c2: p.c2, f: quote(prefix) + "&" + expr + "&" + quote(f.Suffix),
		v: prefix + number + f.Suffix, st: st, lines: w.rep.Profile.Layout.Styles[c.Style].Lines}
}

// declaredItem is the sheet item of a declared figure: the number as
// declared, shown with the decimals it was written with, or a level label
// with the declared points.
func (w *writer) declaredItem(p *placed, st style) item {
	f := p.cell.Figure
	if f.Prefix != "" || f.Suffix != "" {
		prefix := f.Prefix
		if w.cfg.FigureLabelBreak {
			prefix = breakBeforeBracket(prefix)
		}
		it := txt(p.c1, p.c2, prefix+f.Declared.Raw+f.Suffix, st)
		it.lines = w.rep.Profile.Layout.Styles[p.cell.Style].Lines
		return it
	}
	v, rate := f.Declared.Value, f.Kind == profile.KindRate
	if rate {
		v = v.Div(hundred)
	}
	raw := strings.TrimSuffix(f.Declared.Raw, "%")
	format := profile.Format{Grouping: strings.Contains(raw, ",")}
	if _, decimals, ok := strings.Cut(raw, "."); ok {
		format.Decimals = int32(len(decimals))
	}
	return item{c1: p.c1, c2: p.c2, v: f64(v), st: style{border: true, format: numberFormat(format, rate)}, text: p.cell.Text}
}

// declaredPerRow is the largest number of declared figures in a row of
// the table: the hidden columns their computed twins take.
func declaredPerRow(tbl *render.Table) int {
	n := 0
	for _, row := range tbl.Rows {
		k := 0
		for _, c := range row {
			if c.Figure != nil && c.Figure.Declared.Valid {
				k++
			}
		}
		n = max(n, k)
	}
	return n
}

// breakBeforeBracket starts a new line before a label's closing opening
// bracket, 产出指标（ → 产出指标\n（.
func breakBeforeBracket(s string) string {
	for _, b := range []string{"（", "("} {
		if i := strings.LastIndex(s, b); i > 0 && strings.TrimSpace(s[i+len(b):]) == "" {
			return strings.TrimRight(s[:i], " \u3000") + "\n" + s[i:]
		}
	}
	return s
}

// calc is the formula of a computed figure.
func (w *writer) calc(f *render.Figure, addr addresses) string {
	args := f.Calc.Args
	ref := func(i int) string { return addr.name(args[i]) }
	switch f.Calc.Op {
	case render.Rate:
		return w.rateFormula(ref(0), ref(1))
	case render.ExecutionScore:
		return w.executionFormula(ref(0), ref(1), ref(2))
	}
	if len(args) == 0 {
		return "0"
	}
	return w.sumFormula(addr.ranges(args), f.Kind)
}
