// Package svg writes a render.Drawing — a chart — as an SVG image for a
// web page: its shapes as paths, its labels as text in the sizes of the
// layout's styles, for the browser's own CJK faces to set. The output
// has no script, no external reference and no style sheet of its own, so
// a page can put it inline under a strict content security policy.
package svg

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/jixiao/jixiao/profile"
	"github.com/jixiao/jixiao/render"
)

// Drawing returns d as an SVG element, scaled to its own size in CSS
// pixels; l gives the sizes of the labels' styles.
func Drawing(d *render.Drawing, l *profile.Layout) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" width="%s" height="%s" role="img" aria-label="%s">`,
		num(d.Width), num(d.Height), num(d.Width), num(d.Height), escape(d.Name))
	for _, s := range d.Shapes {
		shape(&b, s)
	}
	for _, lb := range d.Labels {
		size := lb.Size
		if st, ok := l.Styles[lb.Style]; ok && size == 0 {
			size = st.Size
		}
		anchor := "start"
		switch lb.Align {
		case "center":
			anchor = "middle"
		case "right":
			anchor = "end"
		}
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="%s" text-anchor="%s">%s</text>`,
			num(lb.X), num(lb.Y), num(size), anchor, escape(lb.Text))
	}
	b.WriteString(`</svg>`)
	return b.Bytes()
}

func shape(b *bytes.Buffer, s render.Shape) {
	if len(s.Points) < 2 {
		return
	}
	b.WriteString(`<path d="`)
	for i, p := range s.Points {
		if i == 0 {
			b.WriteString("M")
		} else {
			b.WriteString(" L")
		}
		b.WriteString(num(p.X) + " " + num(p.Y))
	}
	if s.Closed {
		b.WriteString(" Z")
	}
	b.WriteString(`" fill="`)
	if s.Fill != nil {
		b.WriteString(color(*s.Fill))
	} else {
		b.WriteString("none")
	}
	b.WriteByte('"')
	if s.Stroke != nil && s.Width > 0 {
		fmt.Fprintf(b, ` stroke="%s" stroke-width="%s"`, color(*s.Stroke), num(s.Width))
		if len(s.Dash) > 0 {
			ds := make([]string, len(s.Dash))
			for i, d := range s.Dash {
				ds[i] = num(d)
			}
			fmt.Fprintf(b, ` stroke-dasharray="%s"`, strings.Join(ds, " "))
		}
	}
	b.WriteString("/>")
}

func color(c render.Color) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// num prints a coordinate to a hundredth of a point.
func num(v float64) string { return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64) }

func escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&quot;")
		default:
			if r < 0x20 && r != '\t' && r != '\n' || r == 0xFFFE || r == 0xFFFF {
				continue // not a character XML allows
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}
