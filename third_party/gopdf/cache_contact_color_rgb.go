package gopdf

import (
	"io"
)

const colorTypeStrokeRGB = "RG"

const colorTypeFillRGB = "rg"

type cacheContentColorRGB struct {
	colorType string
	r, g, b   uint8
}

func (c *cacheContentColorRGB) write(w io.Writer, protection *PDFProtection) error {
	// Patched for Jixiao: appended with strconv (content_append.go).
	b := availableBuffer(w)
	b = appendF3(b, float64(c.r)/255)
	b = append(b, ' ')
	b = appendF3(b, float64(c.g)/255)
	b = append(b, ' ')
	b = appendF3(b, float64(c.b)/255)
	b = append(b, ' ')
	b = append(b, c.colorType...)
	b = append(b, '\n')
	_, err := w.Write(b)
	return err
}
