package chart

import (
	"math"

	"github.com/jixiao/jixiao/render"
)

// Columns draws one vertical bar per category, the value's text above
// each bar.
func Columns(bars []Bar, o Options) render.Drawing {
	hi := 0.0
	for _, b := range bars {
		hi = max(hi, b.Value)
	}
	c := newCanvas(o, 40)
	a := newAxis(0, max(hi*1.1, 1), 5)
	if a.step < 1 {
		a = newAxis(0, max(hi, 5), 5)
	}
	c.yAxis(a, "")
	p := c.plot
	n := float64(max(len(bars), 1))
	slot := p.w / n
	for i, b := range bars {
		h := a.pos(b.Value) * p.h
		x := p.x + float64(i)*slot + slot*0.2
		c.rect(x, p.y+p.h-h, slot*0.6, h, color(b.Color))
		c.text(x+slot*0.3, p.y+p.h-h-3, b.Text, "center")
		c.text(x+slot*0.3, p.y+p.h+c.size()+4, b.Label, "center")
	}
	c.line(p.x, p.y+p.h, p.x+p.w, p.y+p.h, 0.8, ink, nil)
	return c.d
}

// Rows draws one horizontal bar per category, top down in the order
// given, the label left of the axis and the value's text at the bar's
// end.
func Rows(bars []Bar, lo, hi float64, o Options) render.Drawing {
	labelW := 0.0
	for _, b := range bars {
		labelW = max(labelW, (&canvas{o: o}).textWidth(b.Label))
		hi = max(hi, b.Value)
	}
	left := min(max(labelW+10, 40), o.Width*0.45)
	c := newCanvas(o, left)
	a := newAxis(lo, hi, 5)
	c.xAxis(a, "")
	c.markerX(a)
	p := c.plot
	n := float64(max(len(bars), 1))
	slot := p.h / n
	for i, b := range bars {
		y := p.y + float64(i)*slot + slot*0.15
		w := a.pos(b.Value) * p.w
		c.rect(p.x, y, max(w, 0), slot*0.7, color(b.Color))
		mid := y + slot*0.35 + c.size()*0.35
		c.text(p.x-4, mid, b.Label, "right")
		c.text(p.x+max(w, 0)+3, mid, b.Text, "left")
	}
	c.line(p.x, p.y, p.x, p.y+p.h, 0.8, ink, nil)
	return c.d
}

// Bin is one bar of a histogram: the count of values in [From, To).
type Bin struct {
	From, To float64
	Count    int
	Color    *render.Color
}

// Histogram draws adjacent bars over a numeric axis, the count above
// each, with the marker line when the options have one.
func Histogram(bins []Bin, suffix string, o Options) render.Drawing {
	c := newCanvas(o, 40)
	if len(bins) == 0 {
		return c.d
	}
	top := 0
	for _, b := range bins {
		top = max(top, b.Count)
	}
	y := newAxis(0, math.Max(float64(top)*1.15, 5), 5)
	c.yAxis(y, "")
	x := axis{lo: bins[0].From, hi: bins[len(bins)-1].To, step: 10}
	x.decimals = 0
	p := c.plot
	for _, b := range bins {
		x1, x2 := p.x+x.pos(b.From)*p.w, p.x+x.pos(b.To)*p.w
		h := y.pos(float64(b.Count)) * p.h
		c.rect(x1+0.5, p.y+p.h-h, x2-x1-1, h, color(b.Color))
		if b.Count > 0 {
			c.text((x1+x2)/2, p.y+p.h-h-3, itoa(b.Count), "center")
		}
	}
	for v := math.Ceil(x.lo/10) * 10; v <= x.hi+1e-9; v += 10 {
		xx := p.x + x.pos(v)*p.w
		c.line(xx, p.y+p.h, xx, p.y+p.h+3, 0.6, ink, nil)
		c.text(xx, p.y+p.h+c.size()+5, x.format(v)+suffix, "center")
	}
	c.line(p.x, p.y+p.h, p.x+p.w, p.y+p.h, 0.8, ink, nil)
	c.markerX(x)
	return c.d
}

// Scatter draws one dot per point over two numeric axes covering
// [xlo, xhi] and [ylo, yhi] at least.
func Scatter(pts []Point, xlo, xhi, ylo, yhi float64, xSuffix string, o Options) render.Drawing {
	for _, pt := range pts {
		xlo, xhi = min(xlo, pt.X), max(xhi, pt.X)
		ylo, yhi = min(ylo, pt.Y), max(yhi, pt.Y)
	}
	c := newCanvas(o, 40)
	xa, ya := newAxis(xlo, xhi, 6), newAxis(ylo, yhi, 5)
	c.yAxis(ya, "")
	c.xAxis(xa, xSuffix)
	c.markerX(xa)
	p := c.plot
	for _, pt := range pts {
		c.dot(p.x+xa.pos(pt.X)*p.w, p.y+p.h-ya.pos(pt.Y)*p.h, 2.2, color(pt.Color))
	}
	return c.d
}

func color(c *render.Color) render.Color {
	if c == nil {
		return Blue
	}
	return *c
}

func itoa(n int) string { return (axis{}).format(float64(n)) }
