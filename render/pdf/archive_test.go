package pdf

import (
	"bytes"
	"math"
	"testing"

	"github.com/jixiao/jixiao/fonts"
	"github.com/jixiao/jixiao/render/layout"
	"github.com/signintech/gopdf"
)

func TestFileID(t *testing.T) {
	set, err := fonts.Default()
	if err != nil {
		t.Fatal(err)
	}
	face := set.Faces()[0]
	doc := func(x, y, size float64, text string) *layout.Result {
		return &layout.Result{Pages: []layout.Page{{Runs: []layout.Run{
			{X: x, Y: y, Size: size, Face: face, Text: text},
			{X: 90, Y: 120, Size: 12, Face: face, Text: "第二行"},
		}}}}
	}
	info := gopdf.PdfInfo{Title: "绩效评价报告"}
	base := fileID(info, []byte("source"), doc(79.37, 100.25, 15.75, "预算执行率"))
	for _, tt := range []struct {
		name string
		res  *layout.Result
		same bool
	}{
		// What a fused multiply-add does to a computed place: the bits
		// move, the place the page writes does not.
		{"x an ulp off", doc(math.Nextafter(79.37, 80), 100.25, 15.75, "预算执行率"), true},
		{"y an ulp off", doc(79.37, math.Nextafter(100.25, 0), 15.75, "预算执行率"), true},
		{"size an ulp off", doc(79.37, 100.25, math.Nextafter(15.75, 16), "预算执行率"), true},
		{"x moved", doc(79.38, 100.25, 15.75, "预算执行率"), false},
		{"y moved", doc(79.37, 100.26, 15.75, "预算执行率"), false},
		{"size changed", doc(79.37, 100.25, 15.751, "预算执行率"), false},
		{"text changed", doc(79.37, 100.25, 15.75, "预算执行"), false},
	} {
		got := fileID(info, []byte("source"), tt.res)
		if bytes.Equal(got, base) != tt.same {
			t.Errorf("%s: same /ID = %v, want %v", tt.name, !tt.same, tt.same)
		}
	}
	if bytes.Equal(fileID(info, []byte("sourcf"), doc(79.37, 100.25, 15.75, "预算执行率")), base) {
		t.Error("another source, the same /ID")
	}
}
