// Package sealimage draws the picture of a unit's round seal: a red
// ring, a five-pointed star and the unit's name along the upper arc, on
// a transparent ground, as a PNG. An electronic seal carries such a
// picture (GB/T 38540 SES_ESPictrueInfo), and a signed PDF shows it
// where the unit stamps.
package sealimage

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// Red is the seal's ink.
var Red = color.NRGBA{R: 0xE6, G: 0x00, B: 0x12, A: 0xFF}

// Draw returns a size×size PNG of the seal of name, lettered with the
// TrueType or OpenType font fontData. The characters are spaced over at
// most 240° of the arc, as many as fit.
func Draw(name string, fontData []byte, size int) ([]byte, error) {
	if size < 64 || size > 4096 {
		return nil, fmt.Errorf("seal image: size %d px; want 64 to 4096", size)
	}
	runes := []rune(name)
	if len(runes) == 0 {
		return nil, errors.New("seal image: no name")
	}
	f, err := sfnt.Parse(fontData)
	if err != nil {
		return nil, fmt.Errorf("seal image: font: %w", err)
	}
	s := float32(size)
	c := s / 2
	r := vector.NewRasterizer(size, size)
	circle(r, c, c, 0.485*s, false)
	circle(r, c, c, 0.445*s, true)
	star(r, c, c, 0.15*s)

	// The characters stand on the arc, tops outward, from the left to
	// the right over the top.
	height := 0.105 * s
	if len(runes) > 12 {
		height = 0.105 * s * 12 / float32(len(runes))
	}
	span := math.Min(240, float64(len(runes))*24) * math.Pi / 180
	baseline := 0.43*s - height
	var buf sfnt.Buffer
	ppem := fixed.Int26_6(height * 64 / 0.88) // CJK glyphs fill about 0.88 em
	for i, ch := range runes {
		gi, err := f.GlyphIndex(&buf, ch)
		if err != nil || gi == 0 {
			return nil, fmt.Errorf("seal image: the font has no glyph for %q", ch)
		}
		segs, err := f.LoadGlyph(&buf, gi, ppem, nil)
		if err != nil {
			return nil, fmt.Errorf("seal image: glyph %q: %w", ch, err)
		}
		adv, _ := f.GlyphAdvance(&buf, gi, ppem, 0)
		theta := -span/2 + span*(float64(i)+0.5)/float64(len(runes))
		if len(runes) == 1 {
			theta = 0
		}
		ux, uy := float32(math.Sin(theta)), float32(-math.Cos(theta)) // outward
		tx, ty := -uy, ux                                             // along the arc, left to right
		half := float32(adv) / 128
		// The glyph's vertical centre is about 0.38 em above its baseline.
		lift := float32(ppem) / 64 * 0.12
		at := func(p fixed.Point26_6) (float32, float32) {
			gx := float32(p.X)/64 - half
			gy := float32(p.Y)/64 + lift // y down: up is negative
			rad := baseline - gy
			return c + ux*rad + tx*gx, c + uy*rad + ty*gx
		}
		for _, seg := range segs {
			switch seg.Op {
			case sfnt.SegmentOpMoveTo:
				r.MoveTo(at(seg.Args[0]))
			case sfnt.SegmentOpLineTo:
				r.LineTo(at(seg.Args[0]))
			case sfnt.SegmentOpQuadTo:
				x1, y1 := at(seg.Args[0])
				x2, y2 := at(seg.Args[1])
				r.QuadTo(x1, y1, x2, y2)
			case sfnt.SegmentOpCubeTo:
				x1, y1 := at(seg.Args[0])
				x2, y2 := at(seg.Args[1])
				x3, y3 := at(seg.Args[2])
				r.CubeTo(x1, y1, x2, y2, x3, y3)
			}
		}
		r.ClosePath()
	}
	mask := image.NewAlpha(image.Rect(0, 0, size, size))
	r.Draw(mask, mask.Bounds(), image.Opaque, image.Point{})
	img := image.NewNRGBA(mask.Bounds())
	draw.DrawMask(img, img.Bounds(), image.NewUniform(Red), image.Point{}, mask, image.Point{}, draw.Src)
	var out bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&out, img); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// circle adds a circle of radius rad to r, counter-clockwise when hole,
// so that under the non-zero rule it cuts a ring out of an outer one.
func circle(r *vector.Rasterizer, cx, cy, rad float32, hole bool) {
	const n = 128
	for i := 0; i <= n; i++ {
		a := 2 * math.Pi * float64(i) / n
		if hole {
			a = -a
		}
		x, y := cx+rad*float32(math.Cos(a)), cy+rad*float32(math.Sin(a))
		if i == 0 {
			r.MoveTo(x, y)
		} else {
			r.LineTo(x, y)
		}
	}
	r.ClosePath()
}

// star adds a five-pointed star, point up.
func star(r *vector.Rasterizer, cx, cy, rad float32) {
	inner := rad * 0.382
	for i := range 10 {
		rr := rad
		if i%2 == 1 {
			rr = inner
		}
		a := -math.Pi/2 + float64(i)*math.Pi/5
		x, y := cx+rr*float32(math.Cos(a)), cy+rr*float32(math.Sin(a))
		if i == 0 {
			r.MoveTo(x, y)
		} else {
			r.LineTo(x, y)
		}
	}
	r.ClosePath()
}
