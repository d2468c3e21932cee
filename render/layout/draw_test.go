package layout

import (
	"context"
	"math"
	"testing"

	"github.com/jixiao/jixiao/render"
)

// TestDrawing checks a drawing is placed in the type area, scaled down
// to its width, moved to a new page when it does not fit, and that its
// labels become runs in the embedded faces.
func TestDrawing(t *testing.T) {
	l, fs := setup(t)
	width := l.Width()
	wide := render.Drawing{Name: "wide", Width: 2 * width, Height: 200,
		Shapes: []render.Shape{render.Rect(0, 0, 2*width, 200)},
		Labels: []render.Label{{X: width, Y: 100, Text: "自评等级分布", Align: "center", Style: "body"}}}
	tall := render.Drawing{Name: "tall", Width: width / 2, Height: 600, Shapes: []render.Shape{render.Line(0, 0, width/2, 600)}}
	doc := &render.Document{Parts: []render.Part{{Bookmark: "x", Blocks: []render.Block{wide, tall}}}}
	res, err := Do(context.Background(), doc, l, fs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Pages) != 2 {
		t.Fatalf("%d pages, want 2 (the tall drawing on a page of its own)", len(res.Pages))
	}
	p := res.Pages[0]
	if len(p.Shapes) != 1 {
		t.Fatalf("first page: %d shapes", len(p.Shapes))
	}
	r := p.Shapes[0].Points
	if math.Abs(r[0].X-l.Margins.Left) > 0.01 || math.Abs(r[1].X-r[0].X-width) > 0.01 || math.Abs(r[2].Y-r[1].Y-100) > 0.01 {
		t.Errorf("the wide drawing is at %v, want the type area's width at half the height", r)
	}
	var text string
	for _, run := range p.Runs {
		if run.Face == nil {
			t.Errorf("run %q has no face", run.Text)
		}
		text += run.Text
	}
	if text == "" || len(p.Lines) == 0 {
		t.Fatal("the label is not set")
	}
	ln := p.Lines[0]
	// Centred on the drawing's middle, at half the style's size.
	if mid := ln.X + ln.Width/2; math.Abs(mid-(l.Margins.Left+width/2)) > 0.5 {
		t.Errorf("label centred at %.2f, want %.2f", mid, l.Margins.Left+width/2)
	}
	if !ln.Container.Contains(Box{ln.X, ln.Y, ln.Width, ln.Height}) {
		t.Errorf("label %v outside the drawing %v", ln, ln.Container)
	}
	q := res.Pages[1]
	if len(q.Shapes) != 1 || math.Abs(q.Shapes[0].Points[0].Y-l.Margins.Top) > 0.01 {
		t.Errorf("the tall drawing is not at the top of the second page: %v", q.Shapes)
	}
}

func TestDrawingWithoutSize(t *testing.T) {
	l, fs := setup(t)
	doc := &render.Document{Parts: []render.Part{{Bookmark: "x", Blocks: []render.Block{render.Drawing{Name: "empty"}}}}}
	if _, err := Do(context.Background(), doc, l, fs, Options{}); err == nil {
		t.Error("a drawing of no size is laid out")
	}
}
