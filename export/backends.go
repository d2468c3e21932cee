package export

import (
	"context"
	"fmt"
	"io"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/fonts"
	"github.com/jixiao/jixiao/render"
	"github.com/jixiao/jixiao/render/layout"
	"github.com/jixiao/jixiao/render/ofd"
	"github.com/jixiao/jixiao/render/pdf"
	"github.com/jixiao/jixiao/render/xlsx"
)

// document builds the neutral document of plan.
func document(rep *evaluation.Report, opts Options, plan Plan) (*render.Document, error) {
	return render.Build(rep, render.Options{Findings: opts.Findings == "appendix", Part: plan.Kind, Index: plan.Index,
		Declared: opts.Figures == "declared", Skipped: plan.Skipped})
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// PageWriter draws laid-out pages in a fixed-layout format: a backend
// such as render/pdf or render/ofd. It checks ctx as it goes.
type PageWriter func(ctx context.Context, w io.Writer, doc *render.Document, res *layout.Result) error

// pageFormats are the fixed-layout formats: each draws the same pages,
// laid out once by render/layout.
var pageFormats = map[string]PageWriter{
	PDF: pdf.Write,
	OFD: func(ctx context.Context, w io.Writer, doc *render.Document, res *layout.Result) error {
		return ofd.Write(ctx, w, doc, res, ofd.Options{Created: created()})
	},
}

// renderPages lays the document out in the profile's page layout and
// draws the pages with write.
func renderPages(ctx context.Context, w io.Writer, rep *evaluation.Report, opts Options, plan Plan, write PageWriter) (Stats, error) {
	doc, err := document(rep, opts, plan)
	if err != nil {
		return Stats{}, err
	}
	fs := opts.Fonts
	if fs == nil {
		if fs, err = fonts.Default(); err != nil {
			return Stats{}, err
		}
	}
	res, err := layout.Do(ctx, doc, &rep.Profile.Layout, fs)
	if err != nil {
		return Stats{}, fmt.Errorf("render %s: %w", opts.Format, err)
	}
	cw := &countingWriter{w: w}
	if err := write(ctx, cw, doc, res); err != nil {
		return Stats{}, fmt.Errorf("render %s: %w", opts.Format, err)
	}
	return Stats{Pages: len(res.Pages), Bytes: cw.n}, nil
}

func renderXLSX(ctx context.Context, w io.Writer, rep *evaluation.Report, opts Options, plan Plan) (Stats, error) {
	st, err := xlsx.Write(ctx, w, rep, xlsx.Options{Part: plan.Kind, Index: plan.Index, Declared: opts.Figures == "declared", Fonts: opts.Fonts, Skipped: plan.Skipped})
	if err != nil {
		return Stats{}, fmt.Errorf("render xlsx: %w", err)
	}
	return Stats{Pages: st.Sheets, Bytes: st.Bytes}, nil
}
