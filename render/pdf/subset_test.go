package pdf

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/binary"
	"io"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/jixiao/jixiao/fonts"
	"github.com/jixiao/jixiao/render"
	"github.com/jixiao/jixiao/render/layout"
	"github.com/signintech/gopdf"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// TestSubsetFonts checks the embedded font programs, which gopdf now
// writes with only the used glyphs, renumbered: each must parse as a
// TrueType font with exactly .notdef plus one glyph per distinct
// character drawn in it, every glyph must load, and each glyph must
// keep the advance the original font gives its character.
func TestSubsetFonts(t *testing.T) {
	set, err := fonts.Default()
	if err != nil {
		t.Fatal(err)
	}
	texts := map[fonts.Role]string{
		fonts.RoleBody:     "项目支出绩效自评表（2021年度）预算执行率98.7%",
		fonts.RoleTitle:    "部门整体绩效评价报告",
		fonts.RoleHeading1: "一、项目基本情况",
		fonts.RoleHeading2: "（一）绩效目标",
	}
	var page layout.Page
	page.Width, page.Height = 595.28, 841.89
	y := 100.0
	distinct := map[*fonts.Face]map[rune]bool{}
	order := []*fonts.Face{}
	for _, role := range []fonts.Role{fonts.RoleBody, fonts.RoleTitle, fonts.RoleHeading1, fonts.RoleHeading2} {
		f := set.Face(role)
		// Twice, so that repeated characters share a glyph.
		page.Runs = append(page.Runs, layout.Run{X: 72, Y: y, Face: f, Size: 12, Text: texts[role]},
			layout.Run{X: 72, Y: y + 20, Face: f, Size: 12, Text: texts[role]})
		y += 40
		if distinct[f] == nil {
			distinct[f] = map[rune]bool{}
			order = append(order, f)
		}
		for _, r := range texts[role] {
			distinct[f][r] = true
		}
	}
	page.Rules = []layout.Rule{{X1: 72, Y1: 90, X2: 500, Y2: 90, Width: 0.6}}
	res := &layout.Result{Pages: []layout.Page{page}}
	var out bytes.Buffer
	if err := Write(context.Background(), &out, &render.Document{Title: "t", Language: "zh-CN"}, res, Options{}); err != nil {
		t.Fatal(err)
	}

	// The font programs, in the order the faces were first used.
	re := regexp.MustCompile(`(?s)<</Length (\d+)\n/Filter /FlateDecode\n/Length1 (\d+)\n>>\nstream\n`)
	pdf := out.Bytes()
	var progs [][]byte
	for _, m := range re.FindAllSubmatchIndex(pdf, -1) {
		n, _ := strconv.Atoi(string(pdf[m[2]:m[3]]))
		raw, _ := strconv.Atoi(string(pdf[m[4]:m[5]]))
		zr, err := zlib.NewReader(bytes.NewReader(pdf[m[1] : m[1]+n]))
		if err != nil {
			t.Fatal(err)
		}
		prog, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		if len(prog) != raw {
			t.Errorf("font program is %d bytes, /Length1 says %d", len(prog), raw)
		}
		progs = append(progs, prog)
	}
	if len(progs) != len(order) {
		t.Fatalf("%d font programs, want %d", len(progs), len(order))
	}
	for i, f := range order {
		if sum := checkSum(progs[i]); sum != 0xB1B0AFBA {
			t.Errorf("%s: font checksum %#x, want 0xB1B0AFBA (head.checkSumAdjustment)", f.Name, sum)
		}
		// A CIDFontType2 program needs no cmap or post table, but sfnt
		// wants them.
		sf, err := sfnt.Parse(withTables(t, progs[i], map[string][]byte{"cmap": emptyCmap, "post": emptyPost}))
		if err != nil {
			t.Errorf("%s: subset does not parse: %v", f.Name, err)
			continue
		}
		if got, want := sf.NumGlyphs(), 1+len(distinct[f]); got != want {
			t.Errorf("%s: subset has %d glyphs, want %d (.notdef and one per character)", f.Name, got, want)
		}
		var b sfnt.Buffer
		upem := fixed.Int26_6(f.UnitsPerEm())
		advances := map[fixed.Int26_6]bool{}
		for g := range sf.NumGlyphs() {
			if _, err := sf.LoadGlyph(&b, sfnt.GlyphIndex(g), upem, nil); err != nil {
				t.Errorf("%s: glyph %d: %v", f.Name, g, err)
			}
			adv, err := sf.GlyphAdvance(&b, sfnt.GlyphIndex(g), upem, 0)
			if err != nil {
				t.Errorf("%s: glyph %d advance: %v", f.Name, g, err)
			}
			advances[adv] = true
		}
		for r := range distinct[f] {
			if !advances[fixed.Int26_6(f.Advance(r))] {
				t.Errorf("%s: no glyph of the subset has the advance %d of %q", f.Name, f.Advance(r), r)
			}
		}
	}
}

// emptyCmap is a cmap table with one format 4 subtable mapping nothing.
var emptyCmap = []byte{
	0, 0, 0, 1, // version, one subtable
	0, 3, 0, 1, 0, 0, 0, 12, // Windows Unicode BMP, at 12
	0, 4, 0, 24, 0, 0, // format 4, length, language
	0, 2, 0, 2, 0, 0, 0, 0, // segCountX2, searchRange, entrySelector, rangeShift
	0xFF, 0xFF, 0, 0, 0xFF, 0xFF, 0, 1, 0, 0, // the final segment
}

// emptyPost is a version 3 post table: no glyph names.
var emptyPost = append([]byte{0, 3, 0, 0}, make([]byte, 28)...)

// withTables returns the TrueType font prog with extra tables added,
// checking each table's checksum on the way.
func withTables(t *testing.T, prog []byte, extra map[string][]byte) []byte {
	t.Helper()
	n := int(binary.BigEndian.Uint16(prog[4:]))
	tables := maps.Clone(extra)
	for i := range n {
		rec := prog[12+16*i:]
		off, size := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		tbl := prog[off : off+size]
		padded := prog[off : off+(size+3)&^3]
		if got, want := checkSum(padded), binary.BigEndian.Uint32(rec[4:]); got != want && string(rec[:4]) != "head" {
			t.Errorf("table %q checksum %#x, directory says %#x", rec[:4], got, want)
		}
		tables[string(rec[:4])] = tbl
	}
	tags := slices.Sorted(maps.Keys(tables))
	out := make([]byte, 12+16*len(tags))
	binary.BigEndian.PutUint32(out, 0x00010000)
	binary.BigEndian.PutUint16(out[4:], uint16(len(tags)))
	for i, tag := range tags {
		rec := out[12+16*i:]
		copy(rec, tag)
		binary.BigEndian.PutUint32(rec[8:], uint32(len(out)))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(tables[tag])))
		out = append(out, tables[tag]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out
}

// checkSum is the TrueType checksum of b, whose length is a multiple of 4.
func checkSum(b []byte) uint32 {
	var sum uint32
	for i := 0; i+4 <= len(b); i += 4 {
		sum += binary.BigEndian.Uint32(b[i:])
	}
	return sum
}

// BenchmarkFontContainer measures what giving gopdf one face costs a
// process, the first time it draws with it: parsing the font's tables, as
// gopdf does by itself, against the face's prepared tables.
func BenchmarkFontContainer(b *testing.B) {
	set, err := fonts.Default()
	if err != nil {
		b.Fatal(err)
	}
	f := set.Face(fonts.RoleBody)
	b.Run("parsed", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var fc gopdf.FontContainer
			if err := fc.AddTTFFontData(f.Name, f.Data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("prepared", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var fc gopdf.FontContainer
			if err := fc.AddPreparedTTFFont(f.Name, f.Data, prepared(f)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
