package export

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/fonts"
	"github.com/jixiao/jixiao/render/layout"
	"github.com/jixiao/jixiao/render/ofd"
)

// renderOFD lays the document out exactly as for the PDF and paints the
// same pages as OFD.
func renderOFD(ctx context.Context, w io.Writer, rep *evaluation.Report, opts Options) (Stats, error) {
	doc, err := document(rep, opts)
	if err != nil {
		return Stats{}, err
	}
	fs := opts.Fonts
	if fs == nil {
		if fs, err = fonts.Default(); err != nil {
			return Stats{}, err
		}
	}
	l, err := layout.Default()
	if err != nil {
		return Stats{}, err
	}
	res, err := layout.Do(doc, l, fs)
	if err != nil {
		return Stats{}, fmt.Errorf("render ofd: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return Stats{}, err
	}
	cw := &countingWriter{w: w}
	if err := ofd.Write(cw, doc, res, l, ofd.Options{Created: created()}); err != nil {
		return Stats{}, fmt.Errorf("render ofd: %w", err)
	}
	return Stats{Pages: len(res.Pages), Bytes: cw.n}, nil
}

// created is the OFD's creation date: SOURCE_DATE_EPOCH (seconds since
// 1970, the reproducible-builds convention) when it is set, so that the
// same input gives the same bytes; else today.
func created() time.Time {
	if v, ok := os.LookupEnv("SOURCE_DATE_EPOCH"); ok {
		if sec, err := strconv.ParseInt(v, 10, 64); err == nil {
			return time.Unix(sec, 0).UTC()
		}
	}
	return time.Now().UTC()
}
