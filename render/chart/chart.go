// Package chart draws the few kinds of chart a summary of disclosures
// needs — vertical and horizontal bars, a histogram, a scatter plot — as
// render.Drawing values: axes, ticks, bars and points as paths, every
// word and number as a text label in the document's faces. The figures
// printed on a chart come in as text, formatted by the caller from exact
// decimals; the float64 values only place the marks.
//
// The axes take "nice" ticks (1, 2 or 5 times a power of ten) over the
// data's range, and the output depends on the input alone, so a chart is
// drawn the same every time.
package chart

import (
	"math"
	"strconv"

	"github.com/jixiao/jixiao/render"
)

// Options size and label a chart.
type Options struct {
	// Width and Height are the drawing's size in points.
	Width, Height float64
	// Title is printed centred above the plot, in TitleStyle.
	Title string
	// XTitle and YTitle name the axes.
	XTitle, YTitle string
	// TitleStyle and Style are the layout's text styles of the title and
	// of every other label.
	TitleStyle, Style string
	// Size is the size of the labels; the style's when 0.
	Size float64
	// Marker, when set, draws a dashed reference line at a value of the
	// numeric axis (the 90% execution line), labelled.
	Marker *Marker
}

// Marker is a reference line across the plot.
type Marker struct {
	At    float64
	Label string
}

// Bar is one bar: its category label, the value that sets its length,
// the text printed at its end and its colour (the chart's when nil).
type Bar struct {
	Label string
	Value float64
	Text  string
	Color *render.Color
}

// Point is one point of a scatter plot.
type Point struct {
	X, Y  float64
	Color *render.Color
}

// Colours of the marks.
var (
	Blue   = render.Color{R: 0x4E, G: 0x79, B: 0xA7}
	Orange = render.Color{R: 0xF2, G: 0x8E, B: 0x2B}
	Red    = render.Color{R: 0xE1, G: 0x57, B: 0x59}
	Green  = render.Color{R: 0x59, G: 0xA1, B: 0x4F}
	Gray   = render.Color{R: 0x9A, G: 0x9A, B: 0x9A}
	ink    = render.Color{R: 0x33, G: 0x33, B: 0x33}
	grid   = render.Color{R: 0xD9, G: 0xD9, B: 0xD9}
)

// canvas collects a drawing's shapes and labels around its plot area.
type canvas struct {
	o    Options
	d    render.Drawing
	plot struct{ x, y, w, h float64 }
}

func newCanvas(o Options, left float64) *canvas {
	c := &canvas{o: o, d: render.Drawing{Name: o.Title, Width: o.Width, Height: o.Height}}
	top := 8.0
	if o.Title != "" {
		top += 22
		c.label(o.Width/2, 18, o.Title, "center", o.TitleStyle, 0)
	}
	if o.YTitle != "" {
		top += 4
		c.text(left, top-4, o.YTitle, "left")
		top += 4
	}
	bottom := 22.0
	if o.XTitle != "" {
		bottom += 14
		c.text(o.Width-12, o.Height-6, o.XTitle, "right")
	}
	c.plot.x, c.plot.y = left, top
	c.plot.w, c.plot.h = o.Width-left-14, o.Height-top-bottom
	return c
}

func (c *canvas) size() float64 {
	if c.o.Size > 0 {
		return c.o.Size
	}
	return 8
}

func (c *canvas) label(x, y float64, s, align, style string, size float64) {
	c.d.Labels = append(c.d.Labels, render.Label{X: x, Y: y, Text: s, Align: align, Style: style, Size: size})
}

// text sets a label in the chart's style and size.
func (c *canvas) text(x, y float64, s, align string) { c.label(x, y, s, align, c.o.Style, c.size()) }

func (c *canvas) line(x1, y1, x2, y2, width float64, col render.Color, dash []float64) {
	s := render.Line(x1, y1, x2, y2)
	s.Stroke, s.Width, s.Dash = &col, width, dash
	c.d.Shapes = append(c.d.Shapes, s)
}

func (c *canvas) rect(x, y, w, h float64, col render.Color) {
	s := render.Rect(x, y, w, h)
	s.Fill = &col
	c.d.Shapes = append(c.d.Shapes, s)
}

// dot is a filled circle of radius r, as a polygon of sixteen sides.
func (c *canvas) dot(x, y, r float64, col render.Color) {
	s := render.Shape{Closed: true, Fill: &col}
	for k := range 16 {
		a := float64(k) * math.Pi / 8
		s.Points = append(s.Points, render.Point{X: x + r*math.Cos(a), Y: y + r*math.Sin(a)})
	}
	c.d.Shapes = append(c.d.Shapes, s)
}

// axis is a linear scale with nice ticks.
type axis struct {
	lo, hi, step float64
	decimals     int
}

// newAxis covers [lo, hi] with about n ticks at 1, 2 or 5 times a power
// of ten.
func newAxis(lo, hi float64, n int) axis {
	if !(hi > lo) {
		hi = lo + 1
	}
	raw := (hi - lo) / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * mag
	for _, m := range []float64{1, 2, 5} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	a := axis{lo: math.Floor(lo/step+1e-9) * step, hi: math.Ceil(hi/step-1e-9) * step, step: step}
	a.decimals = max(0, -int(math.Floor(math.Log10(step)+1e-9)))
	return a
}

// pos maps v to [0, 1] along the axis.
func (a axis) pos(v float64) float64 { return (v - a.lo) / (a.hi - a.lo) }

func (a axis) ticks() []float64 {
	var out []float64
	for k := 0; ; k++ {
		v := a.lo + float64(k)*a.step
		if v > a.hi+a.step/1e6 {
			return out
		}
		out = append(out, v)
	}
}

func (a axis) format(v float64) string { return strconv.FormatFloat(v, 'f', a.decimals, 64) }

// yAxis draws the horizontal grid lines and tick labels of a vertical
// value axis, with suffix after each number.
func (c *canvas) yAxis(a axis, suffix string) {
	p := c.plot
	for _, v := range a.ticks() {
		y := p.y + p.h - a.pos(v)*p.h
		c.line(p.x, y, p.x+p.w, y, 0.4, grid, nil)
		c.text(p.x-4, y+c.size()*0.35, a.format(v)+suffix, "right")
	}
	c.line(p.x, p.y, p.x, p.y+p.h, 0.8, ink, nil)
}

// xAxis draws the vertical grid lines and tick labels of a horizontal
// value axis.
func (c *canvas) xAxis(a axis, suffix string) {
	p := c.plot
	for _, v := range a.ticks() {
		x := p.x + a.pos(v)*p.w
		c.line(x, p.y, x, p.y+p.h, 0.4, grid, nil)
		c.text(x, p.y+p.h+c.size()+4, a.format(v)+suffix, "center")
	}
	c.line(p.x, p.y+p.h, p.x+p.w, p.y+p.h, 0.8, ink, nil)
}

// markerX draws the marker as a vertical dashed line on a horizontal
// value axis.
func (c *canvas) markerX(a axis) {
	m := c.o.Marker
	if m == nil || m.At < a.lo || m.At > a.hi {
		return
	}
	p := c.plot
	x := p.x + a.pos(m.At)*p.w
	c.line(x, p.y, x, p.y+p.h, 1.2, Red, []float64{4, 2})
	c.text(x, p.y-3, m.Label, "center")
}

// textWidth estimates the width of s in the chart's size: one em for a
// wide character, about half for the rest. It only reserves room for
// category labels, which are set right-aligned against the axis.
func (c *canvas) textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		if r >= 0x2E80 {
			w += 1
		} else {
			w += 0.55
		}
	}
	return w * c.size()
}

// Shorten cuts s to at most n characters, ending in an ellipsis when
// it was cut.
func Shorten(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n-1]) + "…"
}
