package sealimage

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"testing"

	"github.com/jixiao/jixiao/fonts"
)

func TestDraw(t *testing.T) {
	set, err := fonts.Default()
	if err != nil {
		t.Fatal(err)
	}
	data, err := Draw("北京市地方金融监督管理局", set.Face(fonts.RoleTitle).Data, 300)
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("SEAL_PNG"); dir != "" {
		os.WriteFile(dir, data, 0o644)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	n := img.(*image.NRGBA)
	ink := func(x, y int) bool { return n.NRGBAAt(x, y).A > 128 }
	// The ring is inked, the corners and the space between the star and
	// the name are not, the star's centre is.
	for _, tc := range []struct {
		x, y int
		want bool
	}{{150, 9, true}, {2, 2, false}, {150, 150, true}, {150, 102, false}, {150, 196, false}} {
		if got := ink(tc.x, tc.y); got != tc.want {
			t.Errorf("ink at (%d,%d) = %v", tc.x, tc.y, got)
		}
	}
	again, _ := Draw("北京市地方金融监督管理局", set.Face(fonts.RoleTitle).Data, 300)
	if !bytes.Equal(again, data) {
		t.Error("the same seal drew differently")
	}
	if _, err := Draw("", set.Face(fonts.RoleTitle).Data, 300); err == nil {
		t.Error("a seal without a name was drawn")
	}
}
