package layout

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/jixiao/jixiao/internal/spans"
	"github.com/jixiao/jixiao/profile"
	"github.com/jixiao/jixiao/render"
	"github.com/jixiao/jixiao/render/text"
)

// cell is a table cell placed on the grid and measured.
type cell struct {
	r, c, rs, cs int
	x, w         float64
	st           *profile.Style
	lines        []text.Line
	// cont are the lines of a spanning label repeated on a continuation
	// page with the layout's continued mark; nil without one.
	cont []text.Line
	path string
	top  bool
	elem int // its TH or TD element
}

// height is what the cell needs for all its lines.
func (c *cell) height() float64 { return float64(len(c.lines))*c.st.LineHeight + 2*c.st.Padding }

// contHeight is what the cell needs repeated on a continuation page.
func (c *cell) contHeight() float64 {
	return float64(max(len(c.lines), len(c.cont)))*c.st.LineHeight + 2*c.st.Padding
}

// slice is a row, or part of a row, placed on a page.
type slice struct {
	r    int
	y, h float64
	// from and to delimit the lines shown of each one-row cell of a row
	// split across pages, by cell index; nil for a whole row.
	from, to map[int]int
	// repeated marks a header row repeated on a continuation page.
	repeated bool
}

type tableLayout struct {
	t      *render.Table
	cells  []cell
	starts [][]int // cells starting in each row, in column order
	h      []float64
	minH   float64
	// spans are the indices of the cells spanning rows, by first row.
	spans []int
	// repeat is false when the header rows are too tall to repeat on
	// every page.
	repeat bool
	// shown marks the cells painted already.
	shown []bool
	// painted and round tell the cells paintTable has drawn on the
	// current page: those whose painted is round, counted from 1.
	painted []int
	round   int
	// keep marks the cells spanning rows that a page break should not
	// divide (profile.Layout.KeepWhole); nil when none is.
	keep []bool
}

// table sets a table; notes is the height of the notes that follow it,
// which stay with its last rows.
func (e *engine) table(t *render.Table, notes float64) error {
	if e.tableElem == 0 {
		e.tableElem = e.open("Table", 0)
	}
	defer func() { e.tableElem = 0 }()
	tl, err := e.measureTable(t)
	if err != nil {
		return fmt.Errorf("table %q: %w", t.Name, err)
	}
	return e.paginate(tl, notes)
}

// measureTable places the cells on the grid, breaks their text and sizes
// the rows: a row is as tall as its tallest one-row cell, and the last
// row under a spanning cell grows if the span is too short for it.
func (e *engine) measureTable(t *render.Table) (*tableLayout, error) {
	ncols := len(t.Columns)
	if ncols == 0 {
		return nil, fmt.Errorf("no columns")
	}
	// Relative widths; zero, negative or non-finite ones (which
	// validation refuses) fall back to equal columns rather than to
	// NaN coordinates.
	var total float64
	for _, w := range t.Columns {
		if !(w > 0) || math.IsInf(w, 0) {
			total = 0
			break
		}
		total += w
	}
	xs := make([]float64, ncols+1)
	xs[0] = e.m.Left
	for i, w := range t.Columns {
		if !(total > 0) || math.IsInf(total, 0) {
			w, total = 1, float64(ncols)
		}
		xs[i+1] = xs[i] + w/total*e.width()
	}
	n := 0
	for _, row := range t.Rows {
		n += len(row)
	}
	// A table's cells are done with when it is painted: the next
	// table's reuse their array.
	if cap(e.cellBuf) < n {
		e.cellBuf = make([]cell, 0, n)
	}
	tl := &tableLayout{t: t, starts: make([][]int, len(t.Rows)), h: make([]float64, len(t.Rows)), cells: e.cellBuf[:0]}
	var cols spans.Grid
	base, err := e.style("table")
	if err != nil {
		return nil, err
	}
	tl.minH = base.LineHeight + 2*base.Padding
	for r, row := range t.Rows {
		if r%checkEvery == checkEvery-1 {
			if err := e.ctx.Err(); err != nil {
				return nil, context.Cause(e.ctx)
			}
		}
		cols.Row(r)
		tr := e.open("TR", e.tableElem)
		for _, rc := range row {
			rs, cs := rc.Span()
			c := cols.Next()
			if c+cs > ncols || r+rs > len(t.Rows) {
				return nil, fmt.Errorf("%w: row %d: cells run past the grid", ErrInput, r)
			}
			cols.Place(rs, cs)
			sd, err := e.styled(rc.Style)
			if err != nil {
				return nil, err
			}
			st := &sd.st
			x, w := xs[c], xs[c+cs]-xs[c]
			cl := cell{r: r, c: c, rs: rs, cs: cs, x: x, w: w, st: st, path: rc.Path, top: rc.Top,
				lines: e.cellLines(rc.Text, sd, w-2*st.Side()), elem: e.cellElem(tr, r, rs, cs, t, &rc)}
			tl.starts[r] = append(tl.starts[r], len(tl.cells))
			if rs > 1 {
				tl.spans = append(tl.spans, len(tl.cells))
				if mark := e.l.Continued; mark != "" && rc.Text != "" {
					cl.cont = e.cellLines(rc.Text+mark, sd, w-2*st.Side())
				}
				if e.keepWhole(rc.Path) {
					if tl.keep == nil {
						tl.keep = make([]bool, n)
					}
					tl.keep[len(tl.cells)] = true
				}
			}
			tl.cells = append(tl.cells, cl)
		}
	}
	tl.shown = make([]bool, len(tl.cells))
	for r := range tl.h {
		tl.h[r] = tl.minH
	}
	for _, c := range tl.cells {
		if c.rs == 1 {
			tl.h[c.r] = math.Max(tl.h[c.r], c.height())
		}
	}
	// Shorter spans first, as their rows are sized before the longer
	// spans that cover them; the work is the spanned rows, at most the
	// grid's area.
	bySpan := slices.Clone(tl.spans)
	slices.SortStableFunc(bySpan, func(a, b int) int { return tl.cells[a].rs - tl.cells[b].rs })
	for _, ci := range bySpan {
		c := &tl.cells[ci]
		var sum float64
		for r := c.r; r < c.r+c.rs; r++ {
			sum += tl.h[r]
		}
		if d := c.height() - sum; d > 0 {
			tl.h[c.r+c.rs-1] += d
		}
	}
	// Repeat the header rows only if they leave most of a page for the
	// body: a header taller than that is set once, split like any row.
	var head float64
	for i := t.RepeatFrom; i < min(t.RepeatTo, len(tl.h)); i++ {
		head += tl.h[i]
	}
	tl.repeat = t.RepeatTo > t.RepeatFrom && head <= (e.bottom()-e.m.Top)/2
	return tl, nil
}

// cellLines is CellLines in style sd. The tables of a document repeat
// their column heads, labels and many figures, so each text is broken
// once per style and width; the lines are only read, and shared.
func (e *engine) cellLines(s string, sd *styled, width float64) []text.Line {
	k := cellKey{s, sd, width}
	if lines, ok := e.cells[k]; ok {
		return lines
	}
	m := sd.m
	if e.maxPages > 0 && sd.st.LineHeight > 0 {
		// No page holds more of a cell's lines than its height over
		// the line height: a cell with more lines than maxPages such
		// pages needs more pages than the render may make, which the
		// pagination then reports, so the lines past that are never
		// set and are not made.
		w, h := e.l.Page.Width, e.l.Page.Height
		m.MaxLines = e.maxPages * (int(max(w, h)/sd.st.LineHeight) + 1)
	}
	lines := CellLines(s, sd.st, width, m)
	if e.cells == nil {
		e.cells = map[cellKey][]text.Line{}
	}
	e.cells[k] = lines
	return lines
}

// cellKey is a cell's text in a style at a width.
type cellKey struct {
	text  string
	style *styled
	width float64
}

// keepWhole reports whether the rows of a cell at path, spanning rows,
// stay on one page: its field, the last segment of the path, is one the
// layout keeps whole.
func (e *engine) keepWhole(path string) bool {
	if len(e.l.KeepWhole) == 0 || path == "" {
		return false
	}
	return slices.Contains(e.l.KeepWhole, path[strings.LastIndexByte(path, '/')+1:])
}

// cellElem adds the element of cell rc at row r of t, spanning rs rows
// and cs columns, to the row tr: a header cell (TH) when the cell is a
// label (its Scope) or in the header rows the table repeats (heading
// their columns unless the cell says otherwise), a data cell (TD)
// elsewhere.
func (e *engine) cellElem(tr, r, rs, cs int, t *render.Table, rc *render.Cell) int {
	typ, scope := "TD", rc.Scope
	if scope == "" && r >= t.RepeatFrom && r < t.RepeatTo {
		scope = render.ScopeColumn
	}
	if scope != "" {
		typ = "TH"
	}
	i := e.open(typ, tr)
	el := &e.res.Elems[i]
	el.RowSpan, el.ColSpan, el.Scope = rs, cs, scope
	return i
}

// covering returns the cells that span into row r from a row above it.
func (tl *tableLayout) covering(r int) []int {
	var out []int
	for _, ci := range tl.spans {
		c := &tl.cells[ci]
		if c.r >= r {
			break
		}
		if r < c.r+c.rs {
			out = append(out, ci)
		}
	}
	return out
}

// tableGap is the room below a table.
const tableGap = 6

// tablePage is the part of a table set on one page: its slices, top
// down, and the bottom of the last.
type tablePage struct {
	slices []slice
	end    float64
}

// paginate plans the table's pages, then paints them. The plan comes
// first so that a rule that looks ahead — the notes under the table
// never start a page alone — can move a break before anything is drawn:
// when the notes do not fit below the last row, the table's foot (at
// least its last two rows) goes to the next page with them.
func (e *engine) paginate(tl *tableLayout, notes float64) error {
	if len(tl.t.Rows) == 0 {
		return nil
	}
	if e.y+tl.h[0] > e.bottom() {
		e.newPage()
	}
	pages, err := e.planTable(tl, e.y, -1)
	if err != nil {
		return err
	}
	fits := func(pages []tablePage) bool {
		return pages[len(pages)-1].end+tableGap+notes <= e.bottom()+0.01
	}
	if notes > 0 && !fits(pages) {
		if moved, err := e.planTable(tl, e.y, tl.footBreak()); err != nil {
			return err
		} else if fits(moved) {
			pages = moved
		}
	}
	for i, pg := range pages {
		if i > 0 {
			e.newPage()
		}
		if e.stop != nil {
			return e.stop
		}
		e.paintTable(tl, pg.slices)
	}
	e.y = pages[len(pages)-1].end + tableGap
	return nil
}

// footBreak is the row before which the table breaks to take its foot
// to the next page: the last two rows, the foot (t.KeepFrom) and the row
// above it.
func (tl *tableLayout) footBreak() int {
	b := len(tl.t.Rows) - 2
	if k := tl.t.KeepFrom; k > 0 {
		b = min(b, k-1)
	}
	return max(b, 1)
}

// planTable places the rows page by page from y on the current page,
// breaking before row brk (if above 0 and not at the top of a page).
// A row taller than a whole page is split where the page ends; with the
// layout's splitRows, so is a row that does not fit what is left of a
// page, when each cell split keeps two lines or more on either side. Where a page ends, it gives back rows that would leave it
// unfinished (see fixEnd).
func (e *engine) planTable(tl *tableLayout, y float64, brk int) ([]tablePage, error) {
	t := tl.t
	bottom := e.bottom()
	p := &planner{tl: tl, y: y, top: e.m.Top, bottom: bottom}
	for r := 0; r < len(t.Rows); {
		if r%checkEvery == checkEvery-1 {
			if err := e.ctx.Err(); err != nil {
				return nil, context.Cause(e.ctx)
			}
		}
		next := slice{r: r, h: tl.h[r]}
		if p.pending != nil {
			next = *p.pending
			next.h = math.Max(next.h, tl.labelHeight(r, true))
		} else if p.continuation {
			// The first row on a continuation page holds the repeated
			// labels of the cells spanning into it.
			next.h = math.Max(next.h, tl.labelHeight(r, false))
		}
		room := bottom - p.y
		forced := r == brk && p.placed > 0 && p.pending == nil
		if !forced && next.h <= room+0.01 {
			p.place(next)
			p.pending = nil
			r++
			continue
		}
		if !forced {
			if p.placed == 0 && room < tl.minH {
				return nil, fmt.Errorf("%w: row %d: no room below the repeated header rows", ErrInput, r)
			}
			if head, rest, ok := tl.split(next, room, p.placed == 0); ok && (p.placed == 0 || e.l.SplitRows) {
				p.place(head)
				p.pending = rest
				if rest == nil {
					r++
					continue
				}
			}
		}
		r = p.fixEnd(r)
		p.pages = append(p.pages, tablePage{p.cur, p.y})
		p.cur, p.y, p.placed = nil, e.m.Top, 0
		if tl.repeat && r >= t.RepeatTo {
			for i := t.RepeatFrom; i < t.RepeatTo; i++ {
				p.cur = append(p.cur, slice{r: i, y: p.y, h: tl.h[i], repeated: true})
				p.y += tl.h[i]
			}
		}
		p.continuation = p.pending == nil
	}
	p.pages = append(p.pages, tablePage{p.cur, p.y})
	return p.pages, nil
}

// planner is the state of planTable.
type planner struct {
	tl           *tableLayout
	pages        []tablePage
	cur          []slice // the slices on the current page
	y, top       float64
	bottom       float64
	placed       int    // rows of the table, not repeated headers, on this page
	pending      *slice // the rest of a row split across pages
	continuation bool   // the page continues the table
}

func (p *planner) place(s slice) {
	s.y = p.y
	p.cur = append(p.cur, s)
	p.y += s.h
	p.placed++
}

// fixEnd finishes the current page before row r (or the pending rest of
// a split row) goes to the next one, and returns the row the next page
// starts with. It gives back to the next page
//   - the table's own header rows (they head what follows them),
//   - the row above the foot when the foot would start the next page,
//   - rows a spanning label would be cut in: a label that continues on
//     the next page is set whole on this one too, in the room left below
//     the last row if there is enough, else on fewer rows;
//
// but never the page's last row of the table.
func (p *planner) fixEnd(r int) int {
	tl := p.tl
	t := tl.t
	for p.placed > 1 {
		last := &p.cur[len(p.cur)-1]
		next := r
		if p.pending != nil {
			next = p.pending.r
		}
		switch {
		case !last.repeated && last.r >= t.RepeatFrom && last.r < t.RepeatTo,
			p.pending == nil && r == t.KeepFrom && last.r == r-1 && last.from == nil,
			tl.keptAcross(p.cur, next, p.pending != nil, p.bottom-p.top):
		default:
			short := tl.labelShortfall(p.cur, next, p.pending != nil)
			if short <= 0 {
				return r
			}
			if p.y+short <= p.bottom+0.01 {
				last.h += short
				p.y += short
				continue
			}
		}
		// Give the last row back.
		p.cur = p.cur[:len(p.cur)-1]
		p.y -= last.h
		p.placed--
		r, p.pending = last.r, nil
	}
	return r
}

// keptAcross reports whether the break before row next (or inside it,
// when split) would divide the rows of a group the layout keeps whole
// (profile.Layout.KeepWhole) that started on this page and fits on a
// page of height room under the repeated header.
func (tl *tableLayout) keptAcross(cur []slice, next int, split bool, room float64) bool {
	if len(tl.keep) == 0 {
		return false
	}
	if tl.repeat {
		for i := tl.t.RepeatFrom; i < tl.t.RepeatTo; i++ {
			room -= tl.h[i]
		}
	}
	for _, ci := range tl.spanning(next, split) {
		c := &tl.cells[ci]
		if !tl.keep[ci] || c.r == next && !split {
			continue
		}
		var h float64
		for r := c.r; r < c.r+c.rs; r++ {
			h += tl.h[r]
		}
		if h > room {
			continue
		}
		for _, s := range cur {
			if s.r == c.r && !s.repeated {
				return true
			}
		}
	}
	return false
}

// labelShortfall returns how much taller the last slices of cur must be
// for every cell spanning across the break before row next (or inside
// it, when it is split) to show its whole text on this page.
func (tl *tableLayout) labelShortfall(cur []slice, next int, split bool) float64 {
	var short float64
	for _, ci := range tl.spanning(next, split) {
		c := &tl.cells[ci]
		var h float64
		for i := len(cur) - 1; i >= 0 && cur[i].r >= c.r && cur[i].r < c.r+c.rs; i-- {
			h += cur[i].h
		}
		if h > 0 {
			short = math.Max(short, c.contHeight()-h)
		}
	}
	return short
}

// spanning returns the cells spanning into row r from a row above it
// and, with split (row r continues on the next page), those spanning
// from row r down.
func (tl *tableLayout) spanning(r int, split bool) []int {
	out := tl.covering(r)
	if split {
		for _, ci := range tl.starts[r] {
			if tl.cells[ci].rs > 1 {
				out = append(out, ci)
			}
		}
	}
	return out
}

// labelHeight is the height the first row on a continuation page needs
// for the labels spanning into it, repeated there.
func (tl *tableLayout) labelHeight(r int, split bool) float64 {
	var h float64
	for _, ci := range tl.spanning(r, split) {
		h = math.Max(h, tl.cells[ci].contHeight())
	}
	return h
}

// split cuts a row at height room: each one-row cell shows the lines
// that fit, and the rest continues in the returned remainder (nil when
// nothing remains). Unless force is set, a cell that is split keeps at
// least two lines on either side, and the split is refused (ok false)
// when it would show less than two lines of any cell or leave nothing
// for the next page. Cells spanning rows are labels: they show their
// whole text on both sides.
func (tl *tableLayout) split(s slice, room float64, force bool) (head slice, rest *slice, ok bool) {
	head = slice{r: s.r, h: room, from: map[int]int{}, to: map[int]int{}}
	rest = &slice{r: s.r, from: map[int]int{}, to: map[int]int{}}
	more, shown := false, false
	for _, ci := range tl.starts[s.r] {
		c := &tl.cells[ci]
		if c.rs > 1 {
			continue
		}
		from, to := 0, len(c.lines)
		if s.from != nil {
			from, to = s.from[ci], s.to[ci]
		}
		fit := min(max(int((room-2*c.st.Padding+0.01)/c.st.LineHeight), 0), to-from)
		if !force && fit < to-from {
			if fit = min(fit, to-from-2); fit < 2 {
				fit = 0
			}
		}
		shown = shown || fit >= 2
		head.from[ci], head.to[ci] = from, from+fit
		rest.from[ci], rest.to[ci] = from+fit, to
		if from+fit < to {
			more = true
			rest.h = math.Max(rest.h, float64(to-from-fit)*c.st.LineHeight+2*c.st.Padding)
		}
	}
	if !force && (!more || !shown) {
		return slice{}, nil, false
	}
	if !more {
		return head, nil, true
	}
	rest.h = math.Max(rest.h, tl.minH)
	return head, rest, true
}

// paintTable draws the rows placed on the current page. A cell spanning
// rows is drawn once per page it reaches, its text repeated, so a label
// stays with its rows across a page break. Text is painted row by row,
// a cell's text with the first row of its fragment; a top-aligned
// spanning label is painted line by line with the row each line stands
// level with, as a form written into separate cells reads.
func (e *engine) paintTable(tl *tableLayout, slices []slice) {
	if len(slices) == 0 {
		return
	}
	rule := e.l.TableRule
	p := e.page()
	// The cells' rules are drawn into work space and merged onto the
	// page at the end.
	raw := e.rules[:0]
	defer func() {
		p.Rules = e.merger.merge(p.Rules, raw)
		e.rules = raw
	}()
	for len(e.bands) < len(slices) {
		e.bands = append(e.bands, nil)
	}
	bands := e.bands[:len(slices)]
	for i := range bands {
		bands[i] = bands[i][:0]
	}
	// painted[ci] == round: the cell is drawn on this page already.
	if tl.painted == nil {
		tl.painted = make([]int, len(tl.cells))
	}
	tl.round++
	for si, s := range slices {
		// The cells to draw from this slice on: those starting in its
		// row, and, where the rows on the page jump (the first slice, a
		// repeated header), those spanning into it from above. Looking
		// only at these keeps painting linear in the table.
		cand := tl.starts[s.r]
		if si == 0 || slices[si-1].r != s.r-1 {
			cand = append(tl.covering(s.r), cand...)
		}
		for _, ci := range cand {
			c := &tl.cells[ci]
			if tl.painted[ci] == tl.round || s.r < c.r || s.r >= c.r+c.rs {
				continue
			}
			// The fragment runs over the following slices this cell covers.
			end := si
			for end+1 < len(slices) && slices[end+1].r >= c.r && slices[end+1].r < c.r+c.rs {
				end++
			}
			tl.painted[ci] = tl.round
			box := Box{c.x, s.y, c.w, slices[end].y + slices[end].h - s.y}
			raw = append(raw,
				Rule{box.X, box.Y, box.X + box.W, box.Y, rule},
				Rule{box.X, box.Y + box.H, box.X + box.W, box.Y + box.H, rule},
				Rule{box.X, box.Y, box.X, box.Y + box.H, rule},
				Rule{box.X + box.W, box.Y, box.X + box.W, box.Y + box.H, rule})
			kind := KindTable
			if s.repeated || c.r < tl.t.RepeatFrom {
				kind = KindTableHead
			}
			lines := c.lines
			split := s.from != nil && c.r == s.r && c.rs == 1
			if split {
				lines = c.lines[s.from[ci]:s.to[ci]]
			}
			repeated := s.repeated || tl.shown[ci] && !split
			tl.shown[ci] = true
			if repeated && c.cont != nil && !s.repeated {
				lines = c.cont
			}
			first, n := cellLines(c, len(lines), box)
			for i := range n {
				top := first + float64(i)*c.st.LineHeight
				mid := top + c.st.LineHeight/2
				b := si
				for c.top && b < end && mid > slices[b].y+slices[b].h {
					b++
				}
				bands[b] = append(bands[b], placed{c, &lines[i], top, box, i, kind, repeated})
			}
		}
	}
	for _, band := range bands {
		for _, pl := range band {
			side := pl.c.st.Side()
			e.kind, e.repeated, e.elem = pl.kind, pl.repeated, pl.c.elem
			e.setLine(*pl.ln, pl.c.st, pl.box.X+side, pl.top, pl.box.W-2*side, pl.c.path, pl.box, pl.i == 0)
		}
	}
}

// placed is a line of a cell placed on the page, to be painted with the
// band of rows it stands level with.
type placed struct {
	c        *cell
	ln       *text.Line
	top      float64
	box      Box
	i        int
	kind     LineKind
	repeated bool
}

// cellLines returns the top of the first of the first n lines of c in
// box, and how many fit: centred vertically, or from the top. The line
// i stands at first + i·LineHeight.
func cellLines(c *cell, n int, box Box) (first float64, fit int) {
	st := c.st
	n = min(n, max(int((box.H-2*st.Padding+0.01)/st.LineHeight), 0))
	textH := float64(n) * st.LineHeight
	top := box.Y + (box.H-textH)/2
	if c.top {
		top = box.Y + st.Padding
	}
	return top, n
}
