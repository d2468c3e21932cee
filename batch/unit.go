package batch

import (
	"bytes"
	"context"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
)

// Rendered is the outcome of one input away from its batch: its manifest
// entry, without the files, and its documents. A batch cut into pieces
// that run apart (the jobs package) renders each input with RenderItem
// and joins the outcomes, in input order, with an Assembler: the archive
// is the one Run writes for the same inputs and options.
type Rendered struct {
	Entry Entry
	// Stem is the documents' file name without its extension.
	Stem string
	Docs []Document
	// Manifest is Entry as the manifest lists it, less its files; an
	// Assembler writes it rather than encoding Entry again, so that the
	// Entry it is given needs only what names and counts the files: its
	// Index, Source, Status, Department and Errors.
	Manifest []byte
	// Report is the input's evaluation (Reevaluate), for the summary of
	// a batch that has one (Options.Summary, OnSummary); it is not kept
	// by RenderItem.
	Report *evaluation.Report
}

// Document is one rendered document of an input, as the archive holds
// it (Pack).
type Document struct {
	Format string
	Pages  int
	Packed
}

// RenderItem evaluates and renders it, the index-th input of its batch
// (from 0), as Run does. Its failures are in the entry, like Run's.
func RenderItem(ctx context.Context, index int, it Item, opts Options) Rendered {
	opts = opts.withDefaults()
	opts.pack = true
	j := &job{item: it, entry: Entry{Index: index, Source: it.Source, Size: it.Size}}
	process(ctx, j, &opts)
	r := Rendered{Entry: j.entry, Stem: j.stem}
	for _, d := range j.docs {
		r.Docs = append(r.Docs, Document{Format: d.format, Pages: d.stats.Pages,
			Packed: Packed{Data: bytes.Clone(d.buf.Bytes()), CRC32: d.crc, Size: d.size}})
	}
	j.free()
	r.Entry.Files = []File{}
	if data, err := encodeEntry(r.Entry); err == nil {
		r.Manifest = data
	}
	return r
}

// An Assembler writes rendered inputs into a sink as Run does: the files
// of each, then the manifest. Into a Zip, the documents are copied as
// they were compressed.
type Assembler struct {
	w *writer
}

// NewAssembler returns an Assembler writing to sink for a batch run with
// opts; Created must be set for the archive to be reproducible.
func NewAssembler(sink Sink, opts Options) (*Assembler, error) {
	opts = opts.withDefaults()
	w, err := newWriter(sink, &opts)
	if err != nil {
		return nil, err
	}
	return &Assembler{w: w}, nil
}

// Add stores the next input's documents and lists it in the manifest.
func (a *Assembler) Add(r Rendered) error {
	j := &job{entry: r.Entry, stem: r.Stem, manifest: r.Manifest, rep: r.Report}
	j.entry.Files = []File{}
	for _, d := range r.Docs {
		j.docs = append(j.docs, doc{format: d.Format, buf: bytes.NewBuffer(d.Data), stats: export.Stats{Pages: d.Pages},
			packed: true, deflated: d.Deflated, crc: d.CRC32, size: d.Size})
	}
	return a.w.add(j)
}

// Close writes the summary of the batch, if it has one, and the manifest,
// and closes the sink; bad, when set, marks the batch incomplete and
// says why (and there is no summary, as in Run).
func (a *Assembler) Close(ctx context.Context, bad *evaluation.Problem) (Summary, error) {
	defer a.w.spool.Close()
	if bad == nil && a.w.summary != nil {
		if err := a.w.writeSummary(ctx); err != nil {
			return a.w.sum, err
		}
	}
	err := a.w.finish(bad)
	return a.w.sum, err
}

// Summary counts what was added so far.
func (a *Assembler) Summary() Summary { return a.w.sum }
