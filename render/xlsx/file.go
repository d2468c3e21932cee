package xlsx

import (
	"io"

	"github.com/jixiao/jixiao/internal/countio"
	"github.com/xuri/excelize/v2"
)

// WriteFile writes a workbook built with excelize to w with its parts in
// a fixed order and fast compression, as Write does, so that another
// package's workbook (the summary of a batch) is deterministic too. It
// returns the number of bytes written.
func WriteFile(f *excelize.File, w io.Writer) (int64, error) {
	zw := &sortedZip{}
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zw })
	if _, err := f.WriteTo(io.Discard); err != nil {
		return 0, err
	}
	cw := &countio.Writer{W: w}
	err := zw.writeTo(cw)
	return cw.N, err
}
