package pades

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"image"
	"image/png"
)

// Image is a seal's picture made ready to stamp: decoded and
// compressed once, for any number of signatures.
type Image struct {
	w, h       int
	rgb, alpha []byte // deflated
}

// NewImage reads a PNG picture.
func NewImage(data []byte) (*Image, error) {
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: seal image: %v", ErrPDF, err)
	}
	bounds := img.Bounds()
	w, h := bounds.Dx(), bounds.Dy()
	rgb := make([]byte, 0, 3*w*h)
	alpha := make([]byte, 0, w*h)
	nrgba, ok := img.(*image.NRGBA)
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			if ok {
				c := nrgba.NRGBAAt(x, y)
				rgb = append(rgb, c.R, c.G, c.B)
				alpha = append(alpha, c.A)
				continue
			}
			r, g, b, a := img.At(x, y).RGBA()
			if a != 0 { // un-premultiply
				r, g, b = r*0xffff/a, g*0xffff/a, b*0xffff/a
			}
			rgb = append(rgb, byte(r>>8), byte(g>>8), byte(b>>8))
			alpha = append(alpha, byte(a>>8))
		}
	}
	return &Image{w: w, h: h, rgb: deflate(rgb), alpha: deflate(alpha)}, nil
}

// image writes the seal as an image XObject with its alpha channel as a
// soft mask, so that the text under the seal shows through, and returns
// its object number.
func (u *update) image(img *Image) int {
	mask := u.alloc()
	u.stream(mask, fmt.Sprintf(" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode", img.w, img.h), img.alpha)
	num := u.alloc()
	u.stream(num, fmt.Sprintf(" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode /SMask %d 0 R", img.w, img.h, mask), img.rgb)
	return num
}

func deflate(data []byte) []byte {
	var b bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&b, zlib.BestSpeed)
	zw.Write(data)
	zw.Close()
	return b.Bytes()
}
