package gopdf

import (
	"io"
	"strconv"
)

type cacheContentLine struct {
	pageHeight float64
	x1         float64
	y1         float64
	x2         float64
	y2         float64
	opts       lineOptions
}

func (c *cacheContentLine) write(w io.Writer, protection *PDFProtection) error {
	// Patched for Jixiao: appended with strconv (content_append.go), and
	// saved and restored with q/Q only when an ExtGState is set for the
	// line: stroking a path changes no other graphics state, and a table
	// page has hundreds of lines.
	save := len(c.opts.extGStateIndexes) > 0
	b := availableBuffer(w)
	if save {
		b = append(b, "q\n"...)
	}
	for _, extGStateIndex := range c.opts.extGStateIndexes {
		b = append(b, "/GS"...)
		b = strconv.AppendInt(b, int64(extGStateIndex), 10)
		b = append(b, " gs\n"...)
	}
	b = appendF2(b, c.x1)
	b = append(b, ' ')
	b = appendF2(b, c.pageHeight-c.y1)
	b = append(b, " m "...)
	b = appendF2(b, c.x2)
	b = append(b, ' ')
	b = appendF2(b, c.pageHeight-c.y2)
	b = append(b, " l S\n"...)
	if save {
		b = append(b, "Q\n"...)
	}
	_, err := w.Write(b)
	return err
}
