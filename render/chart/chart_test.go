package chart

import (
	"fmt"
	"testing"

	"github.com/jixiao/jixiao/render"
)

func TestAxis(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		n      int
		want   string
	}{
		{0, 617, 5, "[0 200 400 600 800]"},
		{0, 4.4, 5, "[0 1 2 3 4 5]"},
		{60, 100, 5, "[60 70 80 90 100]"},
		{0, 0, 5, "[0.0 0.2 0.4 0.6 0.8 1.0]"},
		{75.3, 100, 6, "[75 80 85 90 95 100]"},
	} {
		a := newAxis(c.lo, c.hi, c.n)
		var got []string
		for _, v := range a.ticks() {
			got = append(got, a.format(v))
		}
		if s := fmt.Sprint(got); s != c.want {
			t.Errorf("axis(%g, %g): %s, want %s", c.lo, c.hi, s, c.want)
		}
	}
}

func TestShorten(t *testing.T) {
	if got := Shorten("区域性股权市场、投资公司、社会众筹", 10); got != "区域性股权市场、投…" {
		t.Errorf("got %q", got)
	}
	if got := Shorten("短名", 10); got != "短名" {
		t.Errorf("got %q", got)
	}
}

// TestMarksInside checks every kind of chart keeps its shapes and label
// anchors inside the drawing, with data at and beyond the axes' ends.
func TestMarksInside(t *testing.T) {
	o := Options{Width: 500, Height: 230, Title: "标题", XTitle: "横轴", YTitle: "纵轴", TitleStyle: "caption", Style: "tableText",
		Marker: &Marker{At: 90, Label: "90%"}}
	red := Red
	for name, d := range map[string]render.Drawing{
		"columns":   Columns([]Bar{{Label: "优", Value: 617, Text: "617"}, {Label: "差", Value: 0, Text: "0", Color: &red}}, o),
		"rows":      Rows([]Bar{{Label: "很长很长的项目名称", Value: 100, Text: "100.00"}, {Label: "b", Value: 0, Text: "0"}}, 0, 100, o),
		"histogram": Histogram([]Bin{{From: 50, To: 55, Count: 3}, {From: 95, To: 100, Count: 200}}, "%", o),
		"scatter":   Scatter([]Point{{X: 0, Y: 0}, {X: 120, Y: 100}, {X: 90, Y: 95}}, 60, 100, 60, 100, "%", o),
		"empty":     Columns(nil, o),
	} {
		if len(d.Shapes) == 0 || len(d.Labels) == 0 {
			t.Errorf("%s: nothing drawn", name)
		}
		for _, s := range d.Shapes {
			for _, p := range s.Points {
				if p.X < -0.01 || p.Y < -0.01 || p.X > o.Width+0.01 || p.Y > o.Height+0.01 {
					t.Errorf("%s: point %v outside %gx%g", name, p, o.Width, o.Height)
				}
			}
		}
		for _, l := range d.Labels {
			if l.X < 0 || l.Y < 0 || l.X > o.Width || l.Y > o.Height {
				t.Errorf("%s: label %q at %g,%g outside", name, l.Text, l.X, l.Y)
			}
		}
	}
}
