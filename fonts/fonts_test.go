package fonts

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"unicode"

	"github.com/signintech/gopdf"

	"github.com/jixiao/jixiao/fonts/internal/tables"
)

// common holds characters that every budget-performance document uses.
const common = "项目支出绩效自评表（）、，。“”《》—%0123456789ABCabc①●" +
	"年度预算执行率得分偏差原因分析改进措施：；！？·…％．－≤≥±×÷ 　"

func defaultSet(t testing.TB) *Set {
	t.Helper()
	s, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func faceData(t testing.TB, s *Set, name string) []byte {
	t.Helper()
	for _, f := range s.Faces() {
		if f.Name == name {
			return f.Data
		}
	}
	t.Fatalf("no face %q", name)
	return nil
}

func TestRoles(t *testing.T) {
	want := []Role{RoleTitle, RoleHeading1, RoleHeading2, RoleBody, RoleTable, RoleNumber}
	if got := Roles(); !slices.Equal(got, want) {
		t.Errorf("Roles() = %v, want %v", got, want)
	}
	if len(want) != numRoles {
		t.Errorf("numRoles = %d, want %d", numRoles, len(want))
	}
	for i, r := range want {
		if r.index() != i {
			t.Errorf("%s.index() = %d, want %d", r, r.index(), i)
		}
	}
}

func TestDefaultFaces(t *testing.T) {
	s := defaultSet(t)
	if s2 := defaultSet(t); s2 != s {
		t.Error("Default returned a different Set on the second call")
	}
	tests := []struct {
		role Role
		face string
	}{
		{RoleTitle, "NotoSerifSC-Bold"},
		{RoleHeading1, "NotoSansSC-Medium"},
		{RoleHeading2, "LXGWWenKai-Regular"},
		{RoleBody, "NotoSerifSC-Regular"},
		{RoleTable, "NotoSerifSC-Regular"},
		{RoleNumber, "NotoSerifSC-Regular"},
	}
	for _, tt := range tests {
		f := s.Face(tt.role)
		if f == nil || f.Name != tt.face {
			t.Errorf("Face(%s) = %v, want %s", tt.role, f, tt.face)
			continue
		}
		if f.UnitsPerEm() != 1000 {
			t.Errorf("%s: UnitsPerEm() = %d, want 1000", f.Name, f.UnitsPerEm())
		}
		fb := s.Fallbacks(tt.role)
		if len(fb) != len(faceFiles)-1 || containsFace(fb, f) {
			t.Errorf("Fallbacks(%s) = %v, want the %d other faces", tt.role, names(fb), len(faceFiles)-1)
		}
	}
	if got := len(s.Faces()); got != len(faceFiles) {
		t.Errorf("len(Faces()) = %d, want %d", got, len(faceFiles))
	}
	if f := s.Face("caption"); f != nil {
		t.Errorf("Face(caption) = %s, want nil", f.Name)
	}
	if f, ok := s.Resolve("caption", '项'); f != nil || ok {
		t.Errorf("Resolve(caption, '项') = %v, %v, want nil, false", f, ok)
	}
}

func names(faces []*Face) []string {
	var n []string
	for _, f := range faces {
		n = append(n, f.Name)
	}
	return n
}

func TestCommonCharacters(t *testing.T) {
	s := defaultSet(t)
	for _, role := range Roles() {
		f := s.Face(role)
		for _, r := range common {
			if !f.Has(r) {
				t.Errorf("%s (%s) lacks %q %U", role, f.Name, r, r)
			}
			if f.Advance(r) <= 0 {
				t.Errorf("%s (%s): Advance(%q) = %d, want > 0", role, f.Name, r, f.Advance(r))
			}
			if g, ok := s.Resolve(role, r); !ok || g != f {
				t.Errorf("Resolve(%s, %q) = %v, %v, want %s", role, r, g, ok, f.Name)
			}
		}
	}
}

func TestAdvance(t *testing.T) {
	s := defaultSet(t)
	for _, f := range s.Faces() {
		tests := []struct {
			r    rune
			want int
		}{
			{'项', 1000},      // ideographs are one em wide
			{'，', 1000},      // full-width punctuation too
			{'\u3000', 1000}, // ideographic space
			{'😀', 0},         // missing everywhere
			{-1, 0},
			{0x110000, 0},
		}
		for _, tt := range tests {
			if got := f.Advance(tt.r); got != tt.want {
				t.Errorf("%s: Advance(%U) = %d, want %d", f.Name, tt.r, got, tt.want)
			}
		}
		if a := f.Advance('0'); a <= 0 || a >= 1000 {
			t.Errorf("%s: Advance('0') = %d, want a proportional width", f.Name, a)
		}
		// Whitespace that the fonts do not map counts as present.
		if !f.Has('\t') || f.Advance('\t') != f.Advance(' ') {
			t.Errorf("%s: tab: Has = %v, Advance = %d; want true, %d", f.Name, f.Has('\t'), f.Advance('\t'), f.Advance(' '))
		}
	}
}

func TestResolveFallback(t *testing.T) {
	s := defaultSet(t)
	tests := []struct {
		role Role
		r    rune
		want string // "" if no face has r
	}{
		// CJK compatibility ideograph U+F900: in Noto Sans SC only.
		{RoleBody, '\uF900', "NotoSansSC-Medium"},
		// Latin Extended-A: only LXGW WenKai has it.
		{RoleTitle, 'Ą', "LXGWWenKai-Regular"},
		{RoleTable, 'ą', "LXGWWenKai-Regular"},
		// CJK Extension B, above the BMP: only LXGW WenKai has it.
		{RoleNumber, '𠮷', "LXGWWenKai-Regular"},
		{RoleHeading1, '𠮷', "LXGWWenKai-Regular"},
		// Mathematical operator missing from LXGW WenKai: the Kai role's
		// first fallback is Noto Serif SC Regular.
		{RoleHeading2, '≅', "NotoSerifSC-Regular"},
		{RoleHeading2, '项', "LXGWWenKai-Regular"},
		// Missing from every face.
		{RoleBody, '😀', ""},
		{RoleTitle, '\uE000', ""},
	}
	for _, tt := range tests {
		f, ok := s.Resolve(tt.role, tt.r)
		switch {
		case tt.want == "" && (ok || f != nil):
			t.Errorf("Resolve(%s, %q) = %s, %v, want nil, false", tt.role, tt.r, f.Name, ok)
		case tt.want != "" && (!ok || f == nil || f.Name != tt.want):
			t.Errorf("Resolve(%s, %q) = %v, %v, want %s", tt.role, tt.r, f, ok, tt.want)
		case tt.want != "" && s.Face(tt.role).Name != tt.want && s.Face(tt.role).Has(tt.r):
			t.Errorf("%s has %q, so the test does not exercise fallback", s.Face(tt.role).Name, tt.r)
		}
	}
}

// setTag returns a copy of data with the table directory tag old renamed.
func setTag(t *testing.T, data []byte, old, new string) []byte {
	t.Helper()
	c := bytes.Clone(data)
	n := int(binary.BigEndian.Uint16(c[4:]))
	for i := range n {
		if tag := c[12+16*i:][:4]; string(tag) == old {
			copy(tag, new)
			return c
		}
	}
	t.Fatalf("no %q table", old)
	return nil
}

func TestOverride(t *testing.T) {
	s := defaultSet(t)
	kai := faceData(t, s, "LXGWWenKai-Regular")
	o, err := s.Override(RoleBody, "Custom", kai)
	if err != nil {
		t.Fatal(err)
	}
	if got := o.Face(RoleBody).Name; got != "Custom" {
		t.Errorf("overridden body face = %s, want Custom", got)
	}
	if fb := o.Fallbacks(RoleBody); len(fb) != len(faceFiles) || fb[0].Name != "NotoSerifSC-Regular" {
		t.Errorf("overridden body fallbacks = %v, want NotoSerifSC-Regular then the other embedded faces", names(fb))
	}
	if f, _ := o.Resolve(RoleBody, '≅'); f == nil || f.Name != "NotoSerifSC-Regular" {
		t.Errorf("Resolve(body, '≅') on the overridden set = %v, want NotoSerifSC-Regular", f)
	}
	if got := s.Face(RoleBody).Name; got != "NotoSerifSC-Regular" {
		t.Errorf("Override modified the original set: body face = %s", got)
	}
	if got := o.Face(RoleTable).Name; got != "NotoSerifSC-Regular" {
		t.Errorf("Override changed another role: table face = %s", got)
	}
	if got := len(o.Faces()); got != len(faceFiles)+1 {
		t.Errorf("len(Faces()) = %d, want %d", got, len(faceFiles)+1)
	}

	// The same name and data again reuses the face.
	o2, err := o.Override(RoleTable, "Custom", kai)
	if err != nil {
		t.Fatal(err)
	}
	if o2.Face(RoleTable) != o2.Face(RoleBody) {
		t.Error("Override with the same name and data parsed a second face")
	}
	// An embedded face's name with its data selects that face.
	o3, err := s.Override(RoleTitle, "NotoSansSC-Medium", faceData(t, s, "NotoSansSC-Medium"))
	if err != nil {
		t.Fatal(err)
	}
	if o3.Face(RoleTitle) != s.Face(RoleHeading1) {
		t.Error("Override with an embedded face's name and data did not reuse it")
	}
	// Overriding a role again replaces its previous override.
	if _, err := o.Override(RoleBody, "Custom", faceData(t, s, "NotoSansSC-Medium")); err != nil {
		t.Errorf("re-overriding body under the same name: %v", err)
	}
}

func TestOverrideRejects(t *testing.T) {
	s := defaultSet(t)
	ttf := faceData(t, s, "NotoSansSC-Medium")
	header := func(tag string) []byte { return append([]byte(tag), make([]byte, 64)...) }
	tests := []struct {
		name     string
		role     Role
		face     string
		data     []byte
		contains string
	}{
		{"empty", RoleBody, "X", nil, "only 0 bytes"},
		{"text", RoleBody, "X", []byte("这不是字体，this is not a font"), "unrecognised signature"},
		{"otf", RoleBody, "X", header("OTTO"), "CFF-based OpenType"},
		{"ttc", RoleBody, "X", header("ttcf"), "collection"},
		{"woff", RoleBody, "X", header("wOFF"), "web font"},
		{"woff2", RoleBody, "X", header("wOF2"), "web font"},
		{"apple", RoleBody, "X", header("true"), "'true'"},
		{"truncated", RoleBody, "X", ttf[:4096], "truncated: table"},
		{"no glyf", RoleBody, "X", setTag(t, ttf, "glyf", "glyF"), `no "glyf" table`},
		{"cff", RoleBody, "X", setTag(t, ttf, "gasp", "CFF "), "CFF outlines"},
		{"no unicode cmap", RoleBody, "X", setTag(t, ttf, "cmap", "cmaq"), `no "cmap" table`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := s.Override(tt.role, tt.face, tt.data)
			if err == nil {
				t.Fatalf("Override succeeded, returned %v", o)
			}
			if !errors.Is(err, ErrNotTrueType) {
				t.Errorf("error %q does not wrap ErrNotTrueType", err)
			}
			if !strings.Contains(err.Error(), tt.contains) || !strings.HasPrefix(err.Error(), "fonts: override body: X: ") {
				t.Errorf("error %q, want prefix %q and %q", err, "fonts: override body: X: ", tt.contains)
			}
		})
	}

	others := []struct {
		name     string
		role     Role
		face     string
		data     []byte
		contains string
	}{
		{"unknown role", "caption", "X", ttf, `unknown role "caption"`},
		{"empty name", RoleBody, "", ttf, "empty face name"},
		{"name taken", RoleBody, "LXGWWenKai-Regular", ttf, "already used"},
	}
	for _, tt := range others {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Override(tt.role, tt.face, tt.data)
			if err == nil || !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("Override error = %v, want one containing %q", err, tt.contains)
			}
		})
	}
}

func TestCheckCmap(t *testing.T) {
	cmap := func(platform, encoding, format uint16) []byte {
		b := binary.BigEndian.AppendUint16(nil, 0)
		b = binary.BigEndian.AppendUint16(b, 1)
		b = binary.BigEndian.AppendUint16(b, platform)
		b = binary.BigEndian.AppendUint16(b, encoding)
		b = binary.BigEndian.AppendUint32(b, 12)
		return binary.BigEndian.AppendUint16(b, format)
	}
	tests := []struct {
		name     string
		data     []byte
		contains string // "" for no error
	}{
		{"format 4", cmap(3, 1, 4), ""},
		{"format 6", cmap(3, 1, 6), "format 6"},
		{"mac only", cmap(1, 0, 4), "platform 3, encoding 1"},
		{"short", []byte{0, 0}, "truncated"},
	}
	for _, tt := range tests {
		err := checkCmap(tt.data)
		if tt.contains == "" && err != nil || tt.contains != "" && (err == nil || !strings.Contains(err.Error(), tt.contains)) {
			t.Errorf("%s: checkCmap = %v, want %q", tt.name, err, tt.contains)
		}
	}
}

func TestLoadFile(t *testing.T) {
	s := defaultSet(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "Operator.ttf")
	if err := os.WriteFile(path, faceData(t, s, "LXGWWenKai-Regular"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if f.Name != "Operator" || !f.Has('楷') || f.Advance('楷') != 1000 {
		t.Errorf("LoadFile: Name = %q, Has('楷') = %v, Advance('楷') = %d", f.Name, f.Has('楷'), f.Advance('楷'))
	}

	bad := filepath.Join(dir, "bad.otf")
	if err := os.WriteFile(bad, append([]byte("OTTO"), make([]byte, 64)...), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadFile(bad); !errors.Is(err, ErrNotTrueType) || !strings.Contains(err.Error(), bad) {
		t.Errorf("LoadFile(%s) error = %v, want ErrNotTrueType naming the file", bad, err)
	}
	if _, err := LoadFile(filepath.Join(dir, "missing.ttf")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("LoadFile(missing) error = %v, want os.ErrNotExist", err)
	}
}

// TestConcurrent checks, under -race, that faces and sets are safe to share
// between concurrent renders.
func TestConcurrent(t *testing.T) {
	s := defaultSet(t)
	text := []rune(common + "\uF900Ą𠮷≅😀")
	type result struct {
		face string
		ok   bool
		adv  int
	}
	want := make(map[Role][]result)
	for _, role := range Roles() {
		for _, r := range text {
			f, ok := s.Resolve(role, r)
			res := result{ok: ok}
			if ok {
				res.face, res.adv = f.Name, f.Advance(r)
			}
			want[role] = append(want[role], res)
		}
	}

	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			s, err := Default()
			if err != nil {
				t.Error(err)
				return
			}
			for n := range 50 {
				role := Roles()[(g+n)%numRoles]
				for i, r := range text {
					f, ok := s.Resolve(role, r)
					got := result{ok: ok}
					if ok {
						got.face, got.adv = f.Name, f.Advance(r)
						_ = f.Has(r)
					}
					if got != want[role][i] {
						t.Errorf("concurrent Resolve(%s, %q) = %+v, want %+v", role, r, got, want[role][i])
						return
					}
				}
			}
		})
	}
	wg.Wait()
}

// TestGopdf checks that gopdf loads each face and measures text as
// Face.Advance does.
func TestGopdf(t *testing.T) {
	s := defaultSet(t)
	const size = 12.0
	for _, f := range s.Faces() {
		t.Run(f.Name, func(t *testing.T) {
			pdf := gopdf.GoPdf{}
			pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4})
			if err := pdf.AddTTFFontData(f.Name, f.Data); err != nil {
				t.Fatalf("AddTTFFontData: %v", err)
			}
			pdf.AddPage()
			if err := pdf.SetFont(f.Name, "", size); err != nil {
				t.Fatalf("SetFont: %v", err)
			}
			// Besides the common characters, measure those that only
			// some faces have, including one above the BMP, so that
			// gopdf and Face.Has agree on coverage.
			text := strings.TrimSpace(common)
			for _, r := range "\uF900Ą≅𠮷" {
				if f.Has(r) {
					text += string(r)
				}
			}
			got, err := pdf.MeasureTextWidth(text)
			if err != nil {
				t.Fatalf("MeasureTextWidth: %v", err)
			}
			sum := 0
			for _, r := range text {
				sum += f.Advance(r)
			}
			if want := float64(sum) * size / float64(f.UnitsPerEm()); math.Abs(got-want) > 1e-6 {
				t.Errorf("gopdf width %.4f, Advance gives %.4f", got, want)
			}
			if err := pdf.Text(text); err != nil {
				t.Fatalf("Text: %v", err)
			}
			out, err := pdf.GetBytesPdfReturnErr()
			if err != nil {
				t.Fatalf("GetBytesPdf: %v", err)
			}
			if !bytes.HasPrefix(out, []byte("%PDF-")) {
				t.Errorf("output does not start with %%PDF-")
			}
		})
	}
}

var (
	sink         int
	parallelSink atomic.Int64
)

var benchText = []rune("项目支出绩效自评表（2024年度）一、项目基本情况：本项目预算资金1,234.56万元，" +
	"执行率98.7%，绩效目标完成情况良好。“数量指标”《管理办法》—①●ABCabc　")

func BenchmarkAdvance(b *testing.B) {
	f := defaultSet(b).Face(RoleBody)
	b.Run("bmp", func(b *testing.B) {
		n := 0
		for i := 0; b.Loop(); i++ {
			n += f.Advance(benchText[i%len(benchText)])
		}
		sink = n
	})
	b.Run("bmp-parallel", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			n, i := 0, 0
			for pb.Next() {
				n += f.Advance(benchText[i%len(benchText)])
				i++
			}
			parallelSink.Add(int64(n))
		})
	})
	b.Run("astral", func(b *testing.B) {
		kai := defaultSet(b).Face(RoleHeading2)
		n := 0
		for b.Loop() {
			n += kai.Advance('𠮷')
		}
		sink = n
	})
}

func BenchmarkResolve(b *testing.B) {
	s := defaultSet(b)
	n := 0
	for i := 0; b.Loop(); i++ {
		f, _ := s.Resolve(RoleBody, benchText[i%len(benchText)])
		n += f.Advance(benchText[i%len(benchText)])
	}
	sink = n
}

func BenchmarkNewFace(b *testing.B) {
	data := faceData(b, defaultSet(b), "NotoSerifSC-Regular")
	for b.Loop() {
		if _, err := NewFace("x", data); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPreparedTables checks that the embedded tables are what
// internal/gentables makes of the embedded fonts today, so that they
// cannot drift from the fonts: after changing a font or the tables'
// layout, run go generate in this directory.
func TestPreparedTables(t *testing.T) {
	for _, file := range faceFiles {
		e := embeddedData[file]
		if err := checkTrueType(e.data); err != nil {
			t.Errorf("%s: %v", file, err)
		}
		got, err := tables.Build(e.data)
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		if string(got) != e.tables {
			t.Errorf("%s: the embedded %s.tables differ from the font's; run go generate in fonts", file, strings.TrimSuffix(file, ".ttf"))
		}
	}
}

// TestAgreesWithGopdf checks that what the prepared tables say of every
// embedded face is what gopdf's own parser reads: the glyph of every BMP
// rune and of the runes above it that a face has, the widths, and the
// figures gopdf writes into a font descriptor.
func TestAgreesWithGopdf(t *testing.T) {
	for _, f := range defaultSet(t).Faces() {
		var s gopdf.SubsetFontObj
		s.SetTtfFontOption(gopdf.TtfOption{})
		if err := s.SetTTFData(f.Data); err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		p := s.GetTTFParser()
		m := f.Metrics()
		got := []int{int(m.UnitsPerEm), int(m.XMin), int(m.YMin), int(m.XMax), int(m.YMax), int(m.NumberOfHMetrics),
			int(m.TypoAscender), int(m.TypoDescender), int(m.ItalicAngle), int(m.UnderlinePosition), int(m.UnderlineThickness), int(m.NumGlyphs)}
		want := []int{int(p.UnitsPerEm()), p.XMin(), p.YMin(), p.XMax(), p.YMax(), int(p.NumberOfHMetrics()),
			p.TypoAscender(), p.TypoDescender(), p.ItalicAngle(), p.UnderlinePosition(), p.UnderlineThickness(), int(p.NumGlyphs())}
		if !slices.Equal(got, want) {
			t.Errorf("%s: metrics %v, gopdf %v", f.Name, got, want)
		}
		for r := range rune(1 << 16) {
			gid, ok := f.GlyphIndex(r)
			pg, err := s.CharCodeToGlyphIndex(r)
			if ok != (err == nil) || (ok && uint(gid) != pg) {
				t.Errorf("%s: %U: glyph %d, %v; gopdf %d, %v", f.Name, r, gid, ok, pg, err)
				break
			}
			if ok && gid != 0 && f.Has(r) && !unicode.IsSpace(r) {
				if w := s.GlyphIndexToPdfWidth(pg); w != uint(f.Advance(r)*1000/f.UnitsPerEm()) {
					t.Errorf("%s: %U: advance %d, gopdf width %d", f.Name, r, f.Advance(r), w)
					break
				}
			}
		}
		for _, r := range "𠮷𡈽𤭢𪚥􏿿" {
			gid, ok := f.GlyphIndex(r)
			pg, err := s.CharCodeToGlyphIndex(r)
			if ok != (err == nil) || (ok && uint(gid) != pg) {
				t.Errorf("%s: %U: glyph %d, %v; gopdf %d, %v", f.Name, r, gid, ok, pg, err)
			}
			if f.Has(r) && !ok {
				t.Errorf("%s: %U: Has, but gopdf finds no glyph", f.Name, r)
			}
		}
	}
}

// BenchmarkFirstUse measures what an embedded face costs a process the
// first time it is asked for a rune: once its table was filled from the
// font; now its prepared tables are read in place.
func BenchmarkFirstUse(b *testing.B) {
	e := embeddedData["NotoSerifSC-Regular.ttf"]
	b.ReportAllocs()
	for b.Loop() {
		if f := face("x", e.data, tables.Tables(e.tables)); !f.Has('项') {
			b.Fatal("no 项")
		}
	}
}
