package layout

import (
	"context"
	"testing"

	"github.com/jixiao/jixiao/profile"
	"github.com/jixiao/jixiao/render"
	"github.com/jixiao/jixiao/render/text"
)

// glyph is a character as the backends draw it: its origin on the page.
type glyph struct {
	r       rune
	x, y    float64
	adv     float64 // its advance in the face, without spacing
	size    float64
	spacing float64 // the character spacing of its run
}

// glyphs returns the glyphs of p's runs in painting order.
func glyphs(p *Page) []glyph {
	var out []glyph
	for _, run := range p.Runs {
		x := run.X
		for _, r := range run.Text {
			adv := float64(run.Face.Advance(r)) * run.Size / float64(run.Face.UnitsPerEm())
			out = append(out, glyph{r, x, run.Y, adv, run.Size, run.CharSpacing})
			x += adv + run.CharSpacing
		}
	}
	return out
}

// pairGaps returns, for every two adjacent full-width marks that
// compression applies to, how far after the first the second starts,
// less the letter spacing of the second's line.
func pairGaps(res *Result) []float64 {
	var gaps []float64
	for i := range res.Pages {
		gs := glyphs(&res.Pages[i])
		for j := 1; j+1 < len(gs); j++ {
			a, b := gs[j], gs[j+1]
			if a.y != b.y || b.x < a.x || text.Squeeze(a.r, b.r, a.adv, a.size) == 0 {
				continue
			}
			// The mark before a is set as the line is, unless it is a
			// compressed mark too; the glyph after b likewise.
			spacing := max(gs[j-1].spacing, b.spacing)
			gaps = append(gaps, (b.x-a.x-spacing)/a.size)
		}
	}
	return gaps
}

// TestPunctuationCompression checks the advances of adjacent marks in
// the reference: with the profile's default, the glyph after "）" in
// "），" (and in every other pair clreq compresses) starts half an em
// after it; with punctuation "full", a whole em.
func TestPunctuationCompression(t *testing.T) {
	l, fs := setup(t)
	doc := referenceDocument(t, render.Options{})
	for _, tt := range []struct {
		punctuation string
		want        float64
	}{{"", 0.5}, {profile.PunctuationCompressed, 0.5}, {profile.PunctuationFull, 1}} {
		t.Run(tt.punctuation, func(t *testing.T) {
			l := *l
			l.Punctuation = tt.punctuation
			res, err := Do(context.Background(), doc, &l, fs, Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkRules(t, res)
			gaps := pairGaps(res)
			t.Logf("%d pairs of adjacent marks", len(gaps))
			// The reference holds about 80 such pairs.
			if len(gaps) < 60 {
				t.Fatalf("%d pairs of adjacent marks, want at least 60", len(gaps))
			}
			for _, g := range gaps {
				if g < tt.want-0.001 || g > tt.want+0.001 {
					t.Errorf("a mark's advance before the next is %.3f em, want %.1f", g, tt.want)
				}
			}
		})
	}
}
