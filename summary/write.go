package summary

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/jixiao/jixiao/fonts"
	"github.com/jixiao/jixiao/render/layout"
	"github.com/jixiao/jixiao/render/ofd"
	"github.com/jixiao/jixiao/render/pdf"
	"github.com/jixiao/jixiao/render/xlsx"
)

// Formats a summary is written in: the names of the backends.
const (
	PDF  = pdf.Name
	OFD  = ofd.Name
	XLSX = xlsx.Name
)

// WriteOptions are how a summary is written.
type WriteOptions struct {
	// Format is PDF, OFD or XLSX.
	Format string
	// Fonts are the faces of the text roles; the embedded ones when nil.
	Fonts *fonts.Set
	// Created dates the OFD and the PDF; none when zero.
	Created time.Time
}

// Write writes the summary in a format to w and returns the number of
// pages (sheets for a workbook). The PDF and OFD are laid out in the
// summary profile's page layout, charts included, as vector drawings.
func (s *Summary) Write(ctx context.Context, w io.Writer, o WriteOptions) (int, error) {
	if o.Format == XLSX {
		_, sheets, err := s.writeXLSX(ctx, w)
		return sheets, err
	}
	if o.Format != PDF && o.Format != OFD {
		return 0, fmt.Errorf("summary: unknown format %q (pdf, ofd or xlsx)", o.Format)
	}
	fs := o.Fonts
	if fs == nil {
		var err error
		if fs, err = fonts.Default(); err != nil {
			return 0, err
		}
	}
	doc := s.Document()
	res, err := layout.Do(ctx, doc, &s.profile.Layout, fs, layout.Options{})
	if err != nil {
		return 0, fmt.Errorf("summary %s: %w", o.Format, err)
	}
	if o.Format == PDF {
		err = pdf.Write(ctx, w, doc, res, pdf.Options{Created: o.Created})
	} else {
		err = ofd.Write(ctx, w, doc, res, ofd.Options{Created: o.Created})
	}
	if err != nil {
		return 0, fmt.Errorf("summary %s: %w", o.Format, err)
	}
	return len(res.Pages), nil
}
