package export

import (
	"context"
	"fmt"
	"io"

	"github.com/emmansun/gmsm/sm3"
	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/fonts"
	"github.com/jixiao/jixiao/internal/countio"
	"github.com/jixiao/jixiao/internal/ctxio"
	"github.com/jixiao/jixiao/render"
	"github.com/jixiao/jixiao/render/layout"
)

// Plan is a render worked out once: what of an evaluated report is
// printed and what is left out, the document built of it and, once a
// page format asks, its pages. Every format of the plan is written from
// the same document and the page formats from the same pages, so that a
// PDF, an OFD and a workbook of one input cost one build and one layout.
//
// A Plan is written from one goroutine at a time.
type Plan struct {
	// Report is the evaluated input; NewPlan adds to its findings the
	// characters no face can draw.
	Report  *evaluation.Report
	Options Options
	// Skipped are the invalid parts a render of the whole disclosure
	// with SkipInvalid leaves out; the file's metadata names them.
	Skipped []evaluation.InvalidPart
	// Others are, for a render of one part, the other parts that are
	// invalid: they do not stop it, and are worth telling.
	Others []evaluation.InvalidPart
	// Document is the document of the selection, the findings appendix
	// included when asked for.
	Document *render.Document

	fonts *fonts.Set
	pages *layout.Result
	// ofdDigests, set while a signed OFD is written, receives the SM3
	// digests of its files (writeSigned).
	ofdDigests map[string][sm3.Size]byte
}

// InvalidError is the error of a render whose selection cannot be
// rendered: Problems are those that stop it, in the order of the input.
type InvalidError struct {
	Part     string
	Problems evaluation.Problems
}

func (e *InvalidError) Error() string { return fmt.Sprintf("render %s: %v", e.Part, e.Problems) }

func (e *InvalidError) Unwrap() error { return e.Problems }

// NewPlan works out the render of rep with opts. One part renders when
// its own data and the disclosure-wide values are valid, whatever the
// other parts hold. The whole disclosure renders when it is valid, or
// with SkipInvalid when some part is. When it cannot, the error is an
// *InvalidError, or an *OptionError for a part the input does not have.
//
// The plan's document is built here, once, and checked for characters
// that no face of opts.Fonts can draw: each is a finding of code
// FindingMissingGlyph added to rep.Findings, so that no character is
// ever printed blank without the user knowing. The findings appendix,
// when asked for, lists them too.
func NewPlan(rep *evaluation.Report, opts Options) (*Plan, error) {
	if rep.Disclosure == nil {
		return nil, &InvalidError{Part: opts.Part.String(), Problems: rep.Problems}
	}
	if err := opts.Part.in(rep.Disclosure); err != nil {
		return nil, err
	}
	p := &Plan{Report: rep, Options: opts}
	if p.Options.Format == nil {
		p.Options.Format = DefaultFormat()
	}
	if err := p.selection(); err != nil {
		return nil, err
	}
	if p.fonts = opts.Fonts; p.fonts == nil {
		var err error
		if p.fonts, err = fonts.Default(); err != nil {
			return nil, err
		}
	}
	doc, err := render.Build(rep, render.Options{Part: opts.Part.Kind, Index: opts.Part.Index,
		Declared: opts.Figures == FiguresDeclared, Skipped: p.Skipped})
	if err != nil {
		return nil, err
	}
	checkGlyphs(rep, doc, p.fonts)
	if opts.Findings == FindingsAppendix {
		if part, ok := render.FindingsPart(rep); ok {
			doc.Parts = append(doc.Parts, part)
		}
	}
	p.Document = doc
	return p, nil
}

// selection tells what of the report the plan prints.
func (p *Plan) selection() error {
	rep, part := p.Report, p.Options.Part
	if ptr := part.Pointer(); ptr != "" {
		if !rep.PartValid(ptr) {
			return &InvalidError{Part: part.String(), Problems: rep.PartProblems(ptr)}
		}
		p.Others = rep.InvalidParts()
		return nil
	}
	if rep.PartValid("") {
		return nil
	}
	if !p.Options.SkipInvalid || rep.Result == nil {
		return &InvalidError{Part: part.String(), Problems: rep.Problems}
	}
	p.Skipped = rep.InvalidParts()
	return nil
}

// Pages returns the plan's document laid out in its profile's page
// layout, laid out on the first call.
func (p *Plan) Pages(ctx context.Context) (*layout.Result, error) {
	if p.pages != nil {
		return p.pages, nil
	}
	res, err := layout.Do(ctx, p.Document, &p.Report.Profile.Layout, p.fonts, layout.Options{MaxPages: p.Options.MaxPages})
	if err != nil {
		return nil, err
	}
	p.pages = res
	return res, nil
}

// sourceLater starts encoding the document's Source, the data a PDF/A or
// an OFD embeds (a workbook or a plain PDF never needs it), on a
// goroutine of its own so that it runs alongside the layout, and
// returns a function that waits for it and sets it.
func (p *Plan) sourceLater() func() error {
	if p.Document.Source != nil {
		return func() error { return nil }
	}
	type encoded struct {
		data []byte
		err  error
	}
	c := make(chan encoded, 1)
	go func() {
		data, err := render.Source(p.Report, render.Options{Part: p.Options.Part.Kind, Index: p.Options.Part.Index})
		c <- encoded{data, err}
	}()
	return func() error {
		e := <-c
		if e.err == nil {
			p.Document.Source = e.data
		}
		return e.err
	}
}

// Stats describe a written document.
type Stats struct {
	Pages int // pages of a page format, or worksheets of a workbook
	Bytes int64
}

// Write writes the plan in format f (nil: the plan's Format) to w. It
// checks ctx as it goes.
func Write(ctx context.Context, w io.Writer, p *Plan, f *Format) (Stats, error) {
	if f == nil {
		f = p.Options.Format
	}
	cw := &countio.Writer{W: ctxio.Writer(ctx, w)}
	if s := p.Options.Sign; s != nil && f.Pages {
		return writeSigned(ctx, cw, p, f, s)
	}
	pages, err := f.write(ctx, cw, p)
	if err != nil {
		return Stats{}, fmt.Errorf("render %s: %w", f.Name, err)
	}
	return Stats{Pages: pages, Bytes: cw.N}, nil
}

// Render writes the document opts choose of rep to w: NewPlan, then
// Write in opts.Format.
func Render(ctx context.Context, w io.Writer, rep *evaluation.Report, opts Options) (Stats, error) {
	p, err := NewPlan(rep, opts)
	if err != nil {
		return Stats{}, err
	}
	return Write(ctx, w, p, nil)
}
