package tables

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"unicode"

	"golang.org/x/image/font/sfnt"
)

func fonts(t testing.TB) map[string][]byte {
	t.Helper()
	files, err := filepath.Glob("../../*.ttf")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fonts: %v", err)
	}
	m := map[string][]byte{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m[filepath.Base(f)] = data
	}
	return m
}

// TestEntries checks that the entry of every BMP rune, read directly from
// cmap and hmtx, is sfnt's answer, for every embedded face.
func TestEntries(t *testing.T) {
	for name, data := range fonts(t) {
		tab, err := Build(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := checkLayout(string(tab)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		sf, err := sfnt.Parse(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		m := tab.Metrics()
		if tab.UnitsPerEm() != m.UnitsPerEm || tab.NumGlyphs() != m.NumGlyphs {
			t.Errorf("%s: UnitsPerEm, NumGlyphs %d, %d; Metrics %d, %d", name, tab.UnitsPerEm(), tab.NumGlyphs(), m.UnitsPerEm, m.NumGlyphs)
		}
		upem := int(m.UnitsPerEm)
		if upem != int(sf.UnitsPerEm()) {
			t.Errorf("%s: unitsPerEm %d, sfnt %d", name, upem, sf.UnitsPerEm())
		}
		var b sfnt.Buffer
		for r := range rune(1 << 16) {
			if got, want := tab.Entry(uint16(r)), Lookup(sf, &b, upem, r); got != want {
				t.Errorf("%s: %U: table %#x, sfnt %#x", name, r, got, want)
				break
			}
		}
	}
}

// TestBuildRejects checks that damaged fonts give an error, not a panic.
func TestBuildRejects(t *testing.T) {
	var data []byte
	for _, d := range fonts(t) {
		data = d
		break
	}
	dir, err := Directory(data)
	if err != nil {
		t.Fatal(err)
	}
	// Cut each table the tables read to 4 bytes, in a copy.
	for _, tag := range []string{"head", "hhea", "maxp", "OS/2", "post", "hmtx", "cmap"} {
		d := slices.Clone(data)
		for i := range int(d[5]) {
			rec := d[12+16*i:]
			if string(rec[:4]) == tag {
				rec[12], rec[13], rec[14], rec[15] = 0, 0, 0, 4
			}
		}
		if _, err := Build(d); err == nil {
			t.Errorf("%s cut: no error", tag)
		}
	}
	if _, err := Build(data[:100]); err == nil {
		t.Error("truncated font: no error")
	}
	if len(dir) == 0 {
		t.Error("no tables")
	}
}

// TestSpaces checks that spaces yields exactly the BMP runes that
// unicode.IsSpace reports, in order.
func TestSpaces(t *testing.T) {
	var want, got []rune
	for r := range rune(1 << 16) {
		if unicode.IsSpace(r) {
			want = append(want, r)
		}
	}
	for r := range spaces() {
		got = append(got, r)
	}
	if !slices.Equal(got, want) {
		t.Errorf("spaces = %U, want %U", got, want)
	}
}

// BenchmarkBuild measures what preparing an operator's font costs.
func BenchmarkBuild(b *testing.B) {
	data := fonts(b)["NotoSerifSC-Regular.ttf"]
	for b.Loop() {
		if _, err := Build(data); err != nil {
			b.Fatal(err)
		}
	}
}

// checkLayout reports whether t has the layout that Build writes: the
// header, and every block index within its blocks.
func checkLayout(t string) error {
	tt := Tables(t)
	if len(t) < headerSize || t[:4] != magic || tt.u16(4) != version {
		return errors.New("not prepared font tables of this version")
	}
	eb, gb := int(tt.u32(entryBlocksAt)), int(tt.u32(glyphBlocksAt))
	if eb != headerSize || gb < eb || (gb-eb)%1024 != 0 || (len(t)-gb)%512 != 0 {
		return errors.New("prepared font tables: bad block offsets")
	}
	ne, ng := (gb-eb)/1024, (len(t)-gb)/512
	for i := range 256 {
		if int(tt.u16(entryIndexAt+2*i)) >= ne || int(tt.u16(glyphIndexAt+2*i)) >= ng {
			return errors.New("prepared font tables: block out of range")
		}
	}
	return nil
}
