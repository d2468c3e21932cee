package layout

import (
	"context"
	"fmt"
	"github.com/jixiao/jixiao/profile"
	"math"
	"slices"

	"github.com/jixiao/jixiao/render"
	"github.com/jixiao/jixiao/render/text"
)

// cell is a table cell placed on the grid and measured.
type cell struct {
	r, c, rs, cs int
	x, w         float64
	st           profile.Style
	lines        []text.Line
	path         string
	top          bool
}

// height is what the cell needs for all its lines.
func (c *cell) height() float64 { return float64(len(c.lines))*c.st.LineHeight + 2*c.st.Padding }

// slice is a row, or part of a row, placed on a page.
type slice struct {
	r    int
	y, h float64
	// from and to delimit the lines shown of each one-row cell of a row
	// split across pages, by cell index; nil for a whole row.
	from, to map[int]int
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
}

func (e *engine) table(t *render.Table) error {
	tl, err := e.measureTable(t)
	if err != nil {
		return fmt.Errorf("table %q: %w", t.Name, err)
	}
	return e.paginate(tl)
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
	tl := &tableLayout{t: t, starts: make([][]int, len(t.Rows)), h: make([]float64, len(t.Rows)), cells: make([]cell, 0, n)}
	// busy[c] is the first row at which column c is free again: placing
	// the cells costs time in the cells, whatever their spans.
	busy := make([]int, ncols)
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
		c := 0
		for _, rc := range row {
			for c < ncols && busy[c] > r {
				c++
			}
			rs, cs := rc.Span()
			if c+cs > ncols || r+rs > len(t.Rows) {
				return nil, fmt.Errorf("%w: row %d: cells run past the grid", ErrInput, r)
			}
			for dc := range cs {
				busy[c+dc] = r + rs
			}
			st, err := e.style(rc.Style)
			if err != nil {
				return nil, err
			}
			x, w := xs[c], xs[c+cs]-xs[c]
			cl := cell{r: r, c: c, rs: rs, cs: cs, x: x, w: w, st: st, path: rc.Path, top: rc.Top,
				lines: CellLines(rc.Text, st, w-2*st.Side(), e.metrics(st))}
			tl.starts[r] = append(tl.starts[r], len(tl.cells))
			if rs > 1 {
				tl.spans = append(tl.spans, len(tl.cells))
			}
			tl.cells = append(tl.cells, cl)
			c += cs
		}
	}
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

// paginate places the rows page by page and paints each page's part.
func (e *engine) paginate(tl *tableLayout) error {
	t := tl.t
	if len(t.Rows) == 0 {
		return nil
	}
	if e.y+tl.h[0] > e.bottom() {
		e.newPage()
	}
	var slices []slice
	placed := 0        // rows of the table, not repeated headers, on this page
	var pending *slice // the rest of a row split across pages
	continuation := false
	for r := 0; r < len(t.Rows); {
		if e.stop != nil {
			return e.stop
		}
		next := slice{r: r, h: tl.h[r]}
		if pending != nil {
			next = *pending
		} else if continuation {
			// The first row on a continuation page holds the repeated
			// labels of the cells spanning into it.
			for _, ci := range tl.covering(r) {
				next.h = math.Max(next.h, tl.cells[ci].height())
			}
		}
		room := e.bottom() - e.y
		if r == t.KeepFrom && r > 0 && placed > 0 && pending == nil {
			var rest float64
			for i := r; i < len(t.Rows); i++ {
				rest += tl.h[i]
			}
			if rest > room && rest <= e.bottom()-e.m.Top {
				next.h = math.Inf(1) // break here: the rows fit on the next page
			}
		}
		switch {
		case next.h <= room+0.01:
			next.y = e.y
			slices = append(slices, next)
			e.y += next.h
			placed++
			continuation, pending = false, nil
			r++
			continue
		case placed == 0:
			if room < tl.minH {
				return fmt.Errorf("%w: row %d: no room below the repeated header rows", ErrInput, r)
			}
			// Taller than a whole page: split the row inside its cells.
			head, rest := tl.split(next, room)
			head.y = e.y
			slices = append(slices, head)
			e.y += head.h
			pending = rest
			if rest == nil {
				r++
			}
		}
		e.paintTable(tl, slices)
		e.newPage()
		slices = e.repeatHeader(tl, r, nil)
		placed = 0
		continuation = pending == nil
	}
	e.paintTable(tl, slices)
	e.y += 6
	return nil
}

func (e *engine) repeatHeader(tl *tableLayout, r int, slices []slice) []slice {
	if !tl.repeat || r < tl.t.RepeatTo {
		return slices
	}
	for i := tl.t.RepeatFrom; i < tl.t.RepeatTo; i++ {
		slices = append(slices, slice{r: i, y: e.y, h: tl.h[i]})
		e.y += tl.h[i]
	}
	return slices
}

// split cuts a row at height room: each one-row cell shows the lines
// that fit, and the rest continues in the returned remainder (nil when
// nothing remains).
func (tl *tableLayout) split(s slice, room float64) (slice, *slice) {
	head := slice{r: s.r, h: room, from: map[int]int{}, to: map[int]int{}}
	rest := &slice{r: s.r, from: map[int]int{}, to: map[int]int{}}
	more := false
	for _, ci := range tl.starts[s.r] {
		c := &tl.cells[ci]
		from, to := 0, len(c.lines)
		if s.from != nil {
			from, to = s.from[ci], s.to[ci]
		}
		fit := min(max(int((room-2*c.st.Padding+0.01)/c.st.LineHeight), 0), to-from)
		head.from[ci], head.to[ci] = from, from+fit
		rest.from[ci], rest.to[ci] = from+fit, to
		if from+fit < to {
			more = true
			rest.h = math.Max(rest.h, float64(to-from-fit)*c.st.LineHeight+2*c.st.Padding)
		}
	}
	if !more {
		return head, nil
	}
	rest.h = math.Max(rest.h, tl.minH)
	return head, rest
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
	firstRule := len(p.Rules)
	defer func() { p.Rules = append(p.Rules[:firstRule], mergeRules(p.Rules[firstRule:])...) }()
	type placed struct {
		c    *cell
		ln   text.Line
		top  float64
		box  Box
		path string
		i    int
	}
	bands := make([][]placed, len(slices))
	done := map[int]bool{}
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
			if done[ci] || s.r < c.r || s.r >= c.r+c.rs {
				continue
			}
			// The fragment runs over the following slices this cell covers.
			end := si
			for end+1 < len(slices) && slices[end+1].r >= c.r && slices[end+1].r < c.r+c.rs {
				end++
			}
			done[ci] = true
			box := Box{c.x, s.y, c.w, slices[end].y + slices[end].h - s.y}
			p.Rules = append(p.Rules,
				Rule{box.X, box.Y, box.X + box.W, box.Y, rule},
				Rule{box.X, box.Y + box.H, box.X + box.W, box.Y + box.H, rule},
				Rule{box.X, box.Y, box.X, box.Y + box.H, rule},
				Rule{box.X + box.W, box.Y, box.X + box.W, box.Y + box.H, rule})
			lines := c.lines
			if s.from != nil && c.r == s.r {
				lines = c.lines[s.from[ci]:s.to[ci]]
			}
			for i, top := range e.cellLines(c, len(lines), box) {
				mid := top + c.st.LineHeight/2
				b := si
				for c.top && b < end && mid > slices[b].y+slices[b].h {
					b++
				}
				bands[b] = append(bands[b], placed{c, lines[i], top, box, c.path, i})
			}
		}
	}
	for _, band := range bands {
		for _, pl := range band {
			side := pl.c.st.Side()
			e.setLine(pl.ln, pl.c.st, pl.box.X+side, pl.top, pl.box.W-2*side, pl.path, pl.box, pl.i == 0)
		}
	}
}

// cellLines returns the tops of the first n lines of c in box: centred
// vertically, or from the top, as many as fit.
func (e *engine) cellLines(c *cell, n int, box Box) []float64 {
	st := c.st
	n = min(n, max(int((box.H-2*st.Padding+0.01)/st.LineHeight), 0))
	textH := float64(n) * st.LineHeight
	top := box.Y + (box.H-textH)/2
	if c.top {
		top = box.Y + st.Padding
	}
	tops := make([]float64, n)
	for i := range tops {
		tops[i] = top + float64(i)*st.LineHeight
	}
	return tops
}
