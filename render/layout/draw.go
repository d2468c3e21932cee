package layout

import (
	"fmt"

	"github.com/jixiao/jixiao/render"
)

// drawing places a vector drawing at the current position, centred in
// the type area and scaled down to its width when wider, on a new page
// when it does not fit below; its shapes go to the page in page
// coordinates and its labels become runs like any other text.
func (e *engine) drawing(d *render.Drawing) error {
	if !(d.Width > 0) || !(d.Height > 0) {
		return fmt.Errorf("drawing %q: no size", d.Name)
	}
	width := e.width()
	scale := min(1, width/d.Width)
	h := d.Height * scale
	if e.y+h > e.bottom()+0.01 && e.y > e.m.Top {
		e.newPage()
	}
	x0 := e.m.Left + (width-d.Width*scale)/2
	y0 := e.y
	box := Box{x0, y0, d.Width * scale, h}
	at := func(p render.Point) render.Point { return render.Point{X: x0 + p.X*scale, Y: y0 + p.Y*scale} }
	p := e.page()
	for _, s := range d.Shapes {
		out := s
		out.Points = make([]render.Point, len(s.Points))
		for i, pt := range s.Points {
			out.Points[i] = at(pt)
		}
		out.Width = s.Width * scale
		if s.Dash != nil {
			out.Dash = make([]float64, len(s.Dash))
			for i, v := range s.Dash {
				out.Dash[i] = v * scale
			}
		}
		p.Shapes = append(p.Shapes, out)
	}
	for _, l := range d.Labels {
		st, err := e.style(l.Style)
		if err != nil {
			return fmt.Errorf("drawing %q: %w", d.Name, err)
		}
		if l.Size > 0 {
			st.Size = l.Size
		}
		st.Size *= scale
		ln := e.metrics(st).Break(l.Text, 1e9, 1e9)
		if len(ln) == 0 {
			continue
		}
		pos := at(render.Point{X: l.X, Y: l.Y})
		x := pos.X
		switch l.Align {
		case "center":
			x -= ln[0].Width / 2
		case "right":
			x -= ln[0].Width
		}
		s := ln[0].String()
		p.Lines = append(e.lineSlab.room(p.Lines, 1), LineBox{Text: s, X: x, Y: pos.Y - st.Size*0.88, Width: ln[0].Width,
			Height: st.Size, Container: box, ParagraphStart: true, Last: true})
		e.runs(p, ln[0].Runes, s, &st, x, pos.Y, 0, "")
	}
	e.y += h
	return nil
}
