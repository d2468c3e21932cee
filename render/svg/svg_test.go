package svg

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/profile"
	"github.com/jixiao/jixiao/render"
)

func TestDrawing(t *testing.T) {
	red := render.Color{R: 255}
	r := render.Rect(1, 2, 3, 4)
	r.Fill = &red
	l := render.Line(0, 0, 10.005, 0)
	l.Stroke, l.Width, l.Dash = &red, 1, []float64{4, 2}
	d := &render.Drawing{Name: `a<b>&"c"`, Width: 100, Height: 50, Shapes: []render.Shape{r, l},
		Labels: []render.Label{{X: 5, Y: 9, Text: "优 <script>\x01", Align: "center", Style: "body"}}}
	layout := &profile.Layout{Styles: map[string]profile.Style{"body": {Size: 12}}}
	out := string(Drawing(d, layout))
	if err := xml.Unmarshal([]byte(out), new(struct{})); err != nil {
		t.Fatalf("not XML: %v\n%s", err, out)
	}
	for _, want := range []string{`viewBox="0 0 100 50"`, `aria-label="a&lt;b&gt;&amp;&quot;c&quot;"`,
		`<path d="M1 2 L4 2 L4 6 L1 6 Z" fill="#ff0000"/>`, `stroke-dasharray="4 2"`, `M0 0 L10.01 0`,
		`font-size="12" text-anchor="middle">优 &lt;script&gt;</text>`} {
		if !strings.Contains(out, want) {
			t.Errorf("no %s in\n%s", want, out)
		}
	}
}
