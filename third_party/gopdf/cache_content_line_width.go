package gopdf

import (
	"io"
)

type cacheContentLineWidth struct {
	width float64
}

func (c *cacheContentLineWidth) write(w io.Writer, protection *PDFProtection) error {
	// Patched for Jixiao: appended with strconv (content_append.go).
	b := appendF2(availableBuffer(w), c.width)
	b = append(b, " w\n"...)
	_, err := w.Write(b)
	return err
}
