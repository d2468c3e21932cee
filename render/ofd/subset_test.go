package ofd

import (
	"bytes"
	"encoding/binary"
	"slices"
	"testing"

	"github.com/jixiao/jixiao/fonts"
	"github.com/jixiao/jixiao/render/layout"
	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// TestSubset checks every embedded face's subset against the face: each
// character maps to a glyph with the same advance and the same outline,
// whitespace the face only counts as present has an empty glyph of the
// face's advance, and the file is a well-formed sfnt (checksums).
func TestSubset(t *testing.T) {
	set, err := fonts.Default()
	if err != nil {
		t.Fatal(err)
	}
	text := []rune("绩效评价报告（一）部门概况：预算执行率96.16%，得分9.62。ABC xyz—…“”、 　\u00a0")
	for _, f := range set.Faces() {
		t.Run(f.Name, func(t *testing.T) {
			sub, err := subset(f, text)
			if err != nil {
				t.Fatal(err)
			}
			got, err := sfnt.Parse(sub.Data)
			if err != nil {
				t.Fatal(err)
			}
			orig, err := sfnt.Parse(f.Data)
			if err != nil {
				t.Fatal(err)
			}
			if len(sub.Data) > 200_000 {
				t.Errorf("subset of %d characters is %d bytes", len(text), len(sub.Data))
			}
			ppem := fixed.Int26_6(f.UnitsPerEm())
			var b1, b2 sfnt.Buffer
			for _, r := range text {
				if !f.Has(r) {
					continue
				}
				x, err := got.GlyphIndex(&b1, r)
				if err != nil || x == 0 {
					t.Errorf("%q: no glyph in the subset", r)
					continue
				}
				if x != sfnt.GlyphIndex(sub.Glyphs[r]) {
					t.Errorf("%q: cmap gives %d, subset says %d", r, x, sub.Glyphs[r])
				}
				adv, err := got.GlyphAdvance(&b1, x, ppem, font.HintingNone)
				if err != nil || int(adv) != f.Advance(r) {
					t.Errorf("%q: advance %d, face says %d (%v)", r, adv, f.Advance(r), err)
				}
				ox, _ := orig.GlyphIndex(&b2, r)
				if ox == 0 {
					// whitespace the face counts without a glyph: empty
					segs, err := got.LoadGlyph(&b1, x, ppem, nil)
					if err != nil || len(segs) != 0 {
						t.Errorf("%q: stand-in glyph has %d segments (%v)", r, len(segs), err)
					}
					continue
				}
				s1, err1 := got.LoadGlyph(&b1, x, ppem, nil)
				s1 = slices.Clone(s1)
				s2, err2 := orig.LoadGlyph(&b2, ox, ppem, nil)
				if err1 != nil || err2 != nil || !slices.Equal(s1, s2) {
					t.Errorf("%q: outline differs from the face's (%v, %v)", r, err1, err2)
				}
			}
			if sum := checksum(sub.Data); sum != 0xB1B0AFBA {
				t.Errorf("file checksum %#x, want 0xB1B0AFBA", sum)
			}
			n := int(binary.BigEndian.Uint16(sub.Data[4:]))
			for i := range n {
				rec := sub.Data[12+16*i:]
				off, size := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
				tbl := sub.Data[off : off+size]
				if string(rec[:4]) == "head" {
					tbl = bytes.Clone(tbl)
					binary.BigEndian.PutUint32(tbl[8:], 0)
				}
				if checksum(tbl) != binary.BigEndian.Uint32(rec[4:]) {
					t.Errorf("table %s: bad checksum", rec[:4])
				}
			}
		})
	}
}

// TestSubsetComposite checks that a composite glyph brings its components
// along, renumbered.
func TestSubsetComposite(t *testing.T) {
	set, err := fonts.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range set.Faces() {
		src, err := sourceOf(f)
		if err != nil {
			t.Fatal(err)
		}
		sf, err := sfnt.Parse(f.Data)
		if err != nil {
			t.Fatal(err)
		}
		// Find a character drawn by a composite glyph.
		var buf sfnt.Buffer
		for r := rune(0x20); r < 0x3000; r++ {
			x, err := sf.GlyphIndex(&buf, r)
			if err != nil || x == 0 {
				continue
			}
			g, err := src.glyph(int(x))
			if err != nil || len(g) < 10 || int16(binary.BigEndian.Uint16(g)) >= 0 {
				continue
			}
			sub, err := subset(f, []rune{r})
			if err != nil {
				t.Fatal(err)
			}
			got, err := sfnt.Parse(sub.Data)
			if err != nil {
				t.Fatal(err)
			}
			ppem := fixed.Int26_6(f.UnitsPerEm())
			s1, err1 := got.LoadGlyph(&buf, sfnt.GlyphIndex(sub.Glyphs[r]), ppem, nil)
			s1 = slices.Clone(s1)
			var b2 sfnt.Buffer
			s2, err2 := sf.LoadGlyph(&b2, x, ppem, nil)
			if err1 != nil || err2 != nil || len(s1) == 0 || !slices.Equal(s1, s2) {
				t.Errorf("%s: composite %q differs in the subset (%v, %v)", f.Name, r, err1, err2)
			}
			if got.NumGlyphs() < 3 {
				t.Errorf("%s: composite %q came without its components (%d glyphs)", f.Name, r, got.NumGlyphs())
			}
			t.Logf("%s: composite %q (%U) checked", f.Name, r, r)
			return
		}
	}
	t.Log("no composite glyph found below U+3000")
}

func TestEscape(t *testing.T) {
	var b bytes.Buffer
	escape(&b, "a<b>&\"c\x01\uFFFE")
	if got, want := b.String(), "a&lt;b&gt;&amp;&quot;c\uFFFD\uFFFD"; got != want {
		t.Errorf("escape = %q, want %q", got, want)
	}
	for um, want := range map[int64]string{0: "0", 1: "0.001", 1500: "1.5", -2010: "-2.01", 210000: "210"} {
		if got := num(um); got != want {
			t.Errorf("num(%d) = %q, want %q", um, got, want)
		}
	}
}

// TestPageArea: the document's page area is the size most pages have,
// the first page's when none is more common.
func TestPageArea(t *testing.T) {
	a4, land := [2]float64{595, 842}, [2]float64{842, 595}
	for _, c := range []struct {
		sizes [][2]float64
		want  [2]float64
	}{
		{[][2]float64{a4}, a4},
		{[][2]float64{land, a4, a4}, a4},
		{[][2]float64{a4, land, land}, land},
		{[][2]float64{land, a4}, land},
		{[][2]float64{a4, land, land, a4, a4}, a4},
	} {
		pages := make([]layout.Page, len(c.sizes))
		for i, s := range c.sizes {
			pages[i].Width, pages[i].Height = s[0], s[1]
		}
		if w, h := pageArea(pages); w != c.want[0] || h != c.want[1] {
			t.Errorf("%v: %v × %v, want %v", c.sizes, w, h, c.want)
		}
	}
}

// BenchmarkSource measures what a face's font costs the first OFD a
// process writes with it, before any glyph is copied.
func BenchmarkSource(b *testing.B) {
	set, err := fonts.Default()
	if err != nil {
		b.Fatal(err)
	}
	data := set.Face(fonts.RoleBody).Data
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseSource(data); err != nil {
			b.Fatal(err)
		}
	}
}
