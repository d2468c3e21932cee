// Package batch evaluates and renders many disclosures in one run and
// stores the documents, one folder per department, with a manifest.json
// that lists every input with its status, figures and errors. It is shared
// by the HTTP service (a ZIP streamed as the response) and the command line
// (a ZIP file or a folder).
//
// Memory does not grow with the batch: inputs are read one at a time as
// they are needed (NDJSON line by line, JSON arrays element by element), at
// most a fixed number of them are in flight, results are written in input
// order as soon as they are ready, and the manifest is spooled to a
// temporary file once it outgrows a few megabytes. One invalid input never
// sinks the batch: it is listed in the manifest with its errors and the
// rest is produced.
package batch

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/internal/countio"
	"github.com/jixiao/jixiao/profile"
	"github.com/jixiao/jixiao/summary"
)

// WriteFunc writes a plan in one format; export.Write is the real one.
type WriteFunc func(ctx context.Context, w io.Writer, p *export.Plan, f *export.Format) (export.Stats, error)

// Options configure a batch run.
type Options struct {
	// Formats lists the formats to produce for every input; PDF and XLSX
	// when empty.
	Formats []*export.Format
	// Render chooses what of each input is rendered and how (its Format
	// is not used: Formats says). Every format of an input is written
	// from one plan (export.NewPlan).
	Render export.Options
	// Workers is the number of inputs processed at once; GOMAXPROCS when
	// zero. At most twice as many inputs are held in memory.
	Workers int
	// Write writes a document; export.Write when nil.
	Write WriteFunc
	// Evaluation chooses the profiles inputs are evaluated with; nil
	// means the built-in profiles and the one each input names.
	Evaluation *evaluation.Config
	// Limits bound the size of each input (evaluation.Config.Limits);
	// an input over one is invalid. The zero value leaves the limits of
	// Evaluation.
	Limits evaluation.Limits
	// Acquire, when set, is called before an input's documents are
	// rendered and its release function after, so that a caller can share
	// a limit on rendering with other work.
	Acquire func(ctx context.Context) (release func(), err error)
	// Interrupt, when set, is called when Run stops before the end of the
	// inputs (ctx is done, or the sink failed) and must make a Next call
	// blocked in the Source return: Run waits for it, so that it no longer
	// reads the Source once it returns. Sources that never block for long
	// need none.
	Interrupt func()
	// OnEntry, when set, is called with each entry once its files are
	// stored, in input order, from one goroutine.
	OnEntry func(Entry)
	// Created dates the archive entries and the manifest; now when zero.
	Created time.Time
	// TempDir is where the manifest spills over; os.TempDir when empty.
	TempDir string
	// Summary lists the formats of the summary of the batch (package
	// summary) to store after the documents, as summary.FORMAT; none
	// when empty. It is written when every input was read.
	Summary []*export.Format
	// OnSummary, when set, is given the summary of the batch once every
	// input was read, as it is written (the web page draws its charts).
	OnSummary func(*summary.Summary)

	// pack has each document's checksum taken by the worker that
	// rendered it, for a sink that stores it with one (a Zip).
	pack bool
}

// SummaryStem is the name of the summary's files, before the extension.
const SummaryStem = "summary"

// Statuses of an entry.
const (
	StatusOK      = "ok"      // every document was produced
	StatusInvalid = "invalid" // the input has errors; nothing was produced
	StatusFailed  = "failed"  // a format failed to render; the others were produced
)

// Entry is the manifest's record of one input.
type Entry struct {
	Index      int                  `json:"index"`
	Source     string               `json:"source"`
	Status     string               `json:"status"`
	Department string               `json:"department,omitempty"`
	Year       int                  `json:"year,omitempty"`
	Profile    string               `json:"profile,omitempty"`
	Files      []File               `json:"files"`
	Result     *evaluation.Result   `json:"result,omitempty"`
	Errors     evaluation.Problems  `json:"errors"`
	Findings   []evaluation.Finding `json:"findings"`
	// Skipped are the invalid parts left out of the documents (with
	// SkipInvalid), or, when one part was rendered, the other parts that
	// are invalid; Errors holds their problems too.
	Skipped []evaluation.InvalidPart `json:"skipped,omitempty"`

	// Size is the number of input bytes the entry took.
	Size int64 `json:"-"`
	// Err is the cause of a failure, for the log; the manifest names it
	// in Errors too.
	Err error `json:"-"`
}

// File is one document produced for an input.
type File struct {
	Name   string `json:"name"`
	Format string `json:"format"`
	Bytes  int64  `json:"bytes"`
	Pages  int    `json:"pages"`
}

// Summary counts the outcome of a batch.
type Summary struct {
	Inputs  int   `json:"inputs"`
	OK      int   `json:"ok"`
	Invalid int   `json:"invalid"`
	Failed  int   `json:"failed"`
	Files   int   `json:"files"`
	Pages   int   `json:"pages"`
	Bytes   int64 `json:"bytes"`
}

// ManifestName is the name of the manifest in the output.
const ManifestName = "manifest.json"

func (o Options) withDefaults() Options {
	if len(o.Formats) == 0 {
		o.Formats = DefaultFormats()
	}
	if o.Render.Figures == "" {
		o.Render.Figures = export.FiguresComputed
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.Write == nil {
		o.Write = export.Write
	}
	if o.Evaluation == nil {
		set, err := profile.Builtin()
		if err != nil {
			// The embedded profiles are part of the binary and tested.
			panic(fmt.Sprintf("batch: built-in profiles: %v", err))
		}
		o.Evaluation = &evaluation.Config{Profiles: set}
	}
	if o.Limits != (evaluation.Limits{}) {
		// Checked as each input is read.
		ev := *o.Evaluation
		ev.Limits = o.Limits
		o.Evaluation = &ev
	}
	if o.Created.IsZero() {
		o.Created = Now()
	}
	return o
}

// DefaultFormats are the formats of a batch that names none: the PDF to
// publish and the workbook to work on.
func DefaultFormats() []*export.Format { return []*export.Format{export.PDF, export.XLSX} }

// Now is the time a batch is dated: SOURCE_DATE_EPOCH (seconds since
// 1970, the reproducible-builds convention) when it is set, so the same
// inputs give the same archive bytes; else the wall clock. The documents
// inside never carry a date.
func Now() time.Time {
	if v, ok := os.LookupEnv("SOURCE_DATE_EPOCH"); ok {
		if sec, err := strconv.ParseInt(v, 10, 64); err == nil {
			return time.Unix(sec, 0).UTC()
		}
	}
	return time.Now()
}

// job is one input on its way through the pipeline.
type job struct {
	item  Item
	entry Entry
	// rep is the input's evaluation, kept for the summary when there is
	// one.
	rep  *evaluation.Report
	stem string // file name without extension, for an input that rendered
	docs []doc
	// manifest is the entry as the manifest lists it, less its files
	// (encodeEntry), encoded by the worker; nil to encode at writing.
	manifest []byte
	done     chan struct{}
}

type doc struct {
	format string
	// buf holds the document, or with deflated its DEFLATE stream; with
	// packed, crc and size are the document's checksum and length.
	buf      *bytes.Buffer
	stats    export.Stats
	packed   bool
	deflated bool
	crc      uint32
	size     int64
}

// pack takes d's checksum and length, as Pack does.
func (d *doc) pack() {
	p := Pack(d.buf.Bytes())
	d.crc, d.size, d.packed = p.CRC32, p.Size, true
}

func (j *job) free() {
	for _, d := range j.docs {
		putBuffer(d.buf)
	}
	j.docs = nil
}

// Run reads every input of src, evaluates it, renders the valid ones and
// stores their documents in sink, followed by the manifest, and closes
// sink. Invalid inputs and failed renders are listed in the manifest and
// do not stop the batch.
//
// Run returns an error when the batch could not be completed: src
// failed, ctx was done, or sink failed. In the first two cases the
// output is still a complete archive whose manifest lists the inputs processed and the
// reason the rest was not. Run does not return while it still reads src
// (see Options.Interrupt) or renders.
func Run(ctx context.Context, src Source, sink Sink, opts Options) (Summary, error) {
	opts = opts.withDefaults()
	_, opts.pack = sink.(*Zip)
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	jobs := make(chan *job)
	order := make(chan *job, 2*opts.Workers) // the inputs in flight, in input order
	readErr := make(chan error, 1)
	dispatched := make(chan struct{})
	go func() {
		defer close(dispatched)
		defer close(order)
		defer close(jobs)
		for index := 0; ctx.Err() == nil; index++ {
			it, err := src.Next()
			if err != nil {
				if err != io.EOF && ctx.Err() == nil {
					readErr <- err
				}
				return
			}
			j := &job{item: it, entry: Entry{Index: index, Source: it.Source, Size: it.Size}, done: make(chan struct{})}
			select {
			case order <- j:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- j:
			case <-ctx.Done():
				j.entry.Status, j.entry.Errors = StatusFailed, canceledProblems()
				close(j.done)
				return
			}
			if index == 0 {
				// The output is in input order, so all of it waits for the
				// first input: that one runs alone, with every core, and
				// the archive starts as soon as it can.
				select {
				case <-j.done:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	var workers sync.WaitGroup
	for range opts.Workers {
		workers.Go(func() {
			for {
				select {
				case j, ok := <-jobs:
					if !ok {
						return
					}
					process(ctx, j, &opts)
					j.manifest, _ = encodeEntry(j.entry)
					close(j.done)
				case <-ctx.Done():
					return
				}
			}
		})
	}
	// stopEarly ends the reading of src before its end, and waits until
	// src is no longer read, so that the caller may close it.
	stopEarly := func() {
		cancel()
		if opts.Interrupt != nil {
			opts.Interrupt()
		}
		<-dispatched
		workers.Wait()
	}

	w, err := newWriter(sink, &opts)
	if err != nil {
		stopEarly()
		return Summary{}, err
	}
	defer w.spool.Close()
	complete := true
loop:
	for {
		select {
		case j, ok := <-order:
			if !ok {
				break loop
			}
			select {
			case <-j.done:
			case <-ctx.Done():
				complete = false
				break loop
			}
			err := w.add(j)
			j.free()
			j.rep = nil
			if err != nil {
				stopEarly()
				return w.sum, err
			}
		case <-ctx.Done():
			complete = false
			break loop
		}
	}
	if complete {
		workers.Wait()
	} else {
		stopEarly()
	}
	var stop error
	var bad *evaluation.Problem
	if err := parent.Err(); err != nil {
		stop = context.Cause(parent)
		p := canceledProblems()[0]
		bad = &p
	} else {
		select {
		case err := <-readErr:
			stop = err
			bad = &evaluation.Problem{Code: CodeInput,
				Message:   "读取输入中断，其后的输入未处理：" + err.Error(),
				MessageEN: "reading the input failed; the rest was not processed: " + err.Error()}
		default:
		}
	}
	if bad == nil && w.summary != nil {
		if err := w.writeSummary(ctx); err != nil {
			return w.sum, err
		}
	}
	if err := w.finish(bad); err != nil {
		return w.sum, err
	}
	return w.sum, stop
}

// writeSummary stores the summary of the batch in each of its formats.
func (w *writer) writeSummary(ctx context.Context) error {
	s := w.summary.Summary()
	if w.opts.OnSummary != nil {
		w.opts.OnSummary(s)
	}
	for _, f := range w.opts.Summary {
		name := SummaryStem + "." + f.Name
		out, err := w.sink.Create(name)
		if err != nil {
			return err
		}
		cw := &countio.Writer{W: out}
		pages, err := s.Write(ctx, cw, summary.WriteOptions{Format: f.Name, Fonts: w.opts.Render.Fonts, Created: w.opts.Created})
		if err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
		w.summaryFiles = append(w.summaryFiles, File{Name: name, Format: f.Name, Bytes: cw.N, Pages: pages})
	}
	return nil
}

func canceledProblems() evaluation.Problems {
	return evaluation.Problems{{Code: CodeCanceled,
		Message:   "批处理已取消或超时，其后的输入未处理",
		MessageEN: "the batch was canceled or timed out; the rest was not processed"}}
}

func evaluate(eval func(*evaluation.Config) *evaluation.Report, data []byte, opts *Options) *evaluation.Report {
	if eval != nil {
		return eval(opts.Evaluation)
	}
	return evaluation.Evaluate(data, opts.Evaluation)
}

// summarized reports whether the batch is summed up (Summary, OnSummary).
func (o *Options) summarized() bool { return len(o.Summary) > 0 || o.OnSummary != nil }

// Reevaluate evaluates it again as RenderItem did, for the summary of a
// batch whose inputs were rendered apart (Rendered.Report): the report,
// with the findings its documents' plan adds, or nil for an input that
// is not evaluated.
func Reevaluate(it Item, opts Options) *evaluation.Report {
	if len(it.Problems) > 0 {
		return nil
	}
	opts = opts.withDefaults()
	rep := evaluate(it.Evaluate, it.Data, &opts)
	export.NewPlan(rep, opts.Render) // the characters no face can draw are findings
	return rep
}

// process evaluates and renders one input.
func process(ctx context.Context, j *job, opts *Options) {
	e := &j.entry
	e.Files, e.Errors, e.Findings = []File{}, evaluation.Problems{}, []evaluation.Finding{}
	data := j.item.Data
	j.item.Data = nil
	if len(j.item.Problems) > 0 {
		e.Status, e.Errors = StatusInvalid, j.item.Problems
		return
	}
	// Evaluation takes a slot like rendering: it is the other half of
	// the work of an input.
	if opts.Acquire != nil {
		release, err := opts.Acquire(ctx)
		if err != nil {
			fail(e, err)
			return
		}
		defer release()
	}
	rep := evaluate(j.item.Evaluate, data, opts)
	j.item.Evaluate = nil
	if opts.summarized() {
		j.rep = rep
	}
	if d := rep.Disclosure; d != nil {
		e.Department, e.Year = d.Department, d.Year
	}
	if rep.Profile != nil {
		e.Profile = rep.Profile.Name
	}
	if rep.Valid() {
		e.Result = rep.Result // the figures of a valid disclosure only
	}
	if rep.Problems != nil {
		e.Errors = rep.Problems
	}
	if rep.Findings != nil {
		e.Findings = rep.Findings
	}
	plan, err := export.NewPlan(rep, opts.Render)
	if rep.Findings != nil {
		e.Findings = rep.Findings // with the characters no face can draw
	}
	switch failure := export.Explain(err); {
	case err == nil:
	case failure.Kind == export.FailInvalid:
		e.Status = StatusInvalid
		return
	case failure.Kind == export.FailOption:
		e.Status = StatusInvalid
		e.Errors = append(slices.Clip(rep.Problems), evaluation.Problem{Code: CodePart,
			Message: failure.Problems[0].Message, MessageEN: failure.Problems[0].MessageEN})
		return
	default:
		fail(e, fmt.Errorf("plan: %w", err))
		return
	}
	e.Skipped = append(plan.Skipped, plan.Others...)
	var failed []error
	for _, f := range opts.Formats {
		buf := getBuffer()
		st, err := opts.Write(ctx, buf, plan, f)
		if err != nil {
			putBuffer(buf)
			if ctx.Err() != nil {
				j.free()
				fail(e, err)
				return
			}
			// One format failing keeps the others: the input is failed,
			// with the cause of each failure named, and what rendered is
			// stored.
			failed = append(failed, fmt.Errorf("render %s: %w", f, err))
			e.Errors = append(e.Errors, export.Explain(err).ForFormat(f)...)
			continue
		}
		if j.stem == "" {
			name := plan.FileName(f)
			j.stem = strings.TrimSuffix(name, path.Ext(name))
		}
		d := doc{format: f.Name, buf: buf, stats: st}
		if opts.pack {
			d.pack()
		}
		j.docs = append(j.docs, d)
	}
	if len(failed) > 0 {
		e.Status, e.Err = StatusFailed, errors.Join(failed...)
		return
	}
	e.Status = StatusOK
}

func fail(e *Entry, err error) {
	e.Status, e.Err = StatusFailed, err
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		e.Errors = canceledProblems()
		return
	}
	e.Errors = evaluation.Problems{{Code: export.CodeRender, Message: "文档生成失败", MessageEN: "rendering failed"}}
}

// writer stores the results in input order and keeps the manifest.
type writer struct {
	sink  Sink
	opts  *Options
	used  map[string]bool // lower-cased paths taken, for case-blind file systems
	spool spool
	sum   Summary
	// summary rolls the inputs up when Options.Summary asks for it.
	summary      *summary.Builder
	summaryFiles []File
}

func newWriter(sink Sink, opts *Options) (*writer, error) {
	w := &writer{sink: sink, opts: opts, used: map[string]bool{}, spool: spool{dir: opts.TempDir, limit: spoolLimit}}
	if opts.summarized() {
		b, err := summary.NewBuilder(summary.Options{})
		if err != nil {
			return nil, err
		}
		w.summary = b
	}
	return w, nil
}

func (w *writer) add(j *job) error {
	e := &j.entry
	if w.summary != nil {
		if j.rep != nil {
			w.summary.Add(e.Source, j.rep, nil)
		} else {
			w.summary.Add(e.Source, nil, e.Errors)
		}
	}
	if len(j.docs) > 0 {
		folder := cleanName(e.Department)
		stem := cleanName(j.stem)
		for n := 2; w.taken(folder, stem, j.docs); n++ {
			stem = fmt.Sprintf("%s (%d)", cleanName(j.stem), n)
		}
		for _, d := range j.docs {
			name := folder + "/" + stem + "." + d.format
			w.used[strings.ToLower(name)] = true
			n, err := w.store(name, d)
			if err != nil {
				return err
			}
			e.Files = append(e.Files, File{Name: name, Format: d.format, Bytes: n, Pages: d.stats.Pages})
			w.sum.Files++
			w.sum.Pages += d.stats.Pages
			w.sum.Bytes += n
		}
	}
	w.sum.Inputs++
	switch e.Status {
	case StatusOK:
		w.sum.OK++
	case StatusInvalid:
		w.sum.Invalid++
	default:
		w.sum.Failed++
	}
	if err := w.entry(e, j.manifest); err != nil {
		return err
	}
	if err := w.sink.Flush(); err != nil {
		return err
	}
	if w.opts.OnEntry != nil {
		w.opts.OnEntry(*e)
	}
	e.Result = nil
	return nil
}

// store writes one document into the sink and returns its length.
func (w *writer) store(name string, d doc) (int64, error) {
	if d.packed {
		if z, ok := w.sink.(*Zip); ok {
			return d.size, z.writePacked(name, Packed{Data: d.buf.Bytes(), Deflated: d.deflated, CRC32: d.crc, Size: d.size})
		}
	}
	out, err := w.sink.Create(name)
	if err != nil {
		return 0, err
	}
	var n int64
	if d.deflated {
		// An assembled batch written somewhere else than a ZIP.
		fr := flate.NewReader(d.buf)
		n, err = io.Copy(out, fr)
		fr.Close()
		if err == nil && n != d.size {
			err = fmt.Errorf("%d bytes inflated, want %d", n, d.size)
		}
	} else {
		n, err = d.buf.WriteTo(out)
	}
	if err != nil {
		return 0, fmt.Errorf("write %s: %w", name, err)
	}
	return n, nil
}

func (w *writer) taken(folder, stem string, docs []doc) bool {
	for _, d := range docs {
		if w.used[strings.ToLower(folder+"/"+stem+"."+d.format)] {
			return true
		}
	}
	return false
}

// Indentation of the manifest's list of inputs: an entry's fields are
// at 6 spaces.
const (
	entryPrefix = "    "
	entryIndent = "  "
	filesKey    = "\n" + entryPrefix + entryIndent + `"files": `
)

// encodeEntry encodes e as the manifest lists it, with no files: the
// writer puts them in (withFiles). It is the costly part of the manifest
// (the figures and findings), done by the worker that rendered the input.
func encodeEntry(e Entry) ([]byte, error) {
	e.Files = []File{}
	data, err := json.MarshalIndent(&e, entryPrefix, entryIndent)
	if err != nil {
		return nil, fmt.Errorf("manifest entry %d: %w", e.Index, err)
	}
	return data, nil
}

// entry appends e to the spooled list of the manifest; data, when set,
// is e less its files, as encodeEntry gives it.
func (w *writer) entry(e *Entry, data []byte) error {
	if data == nil {
		var err error
		if data, err = encodeEntry(*e); err != nil {
			return err
		}
	}
	sep := ",\n    "
	if w.sum.Inputs == 1 {
		sep = "\n    "
	}
	if _, err := io.WriteString(&w.spool, sep); err != nil {
		return err
	}
	if len(e.Files) == 0 {
		_, err := w.spool.Write(data)
		return err
	}
	// The files in place of the empty list, indented as MarshalIndent
	// of the whole entry would: a key never occurs inside a string,
	// whose line breaks and quotes are escaped.
	i := bytes.Index(data, []byte(filesKey+"[]"))
	if i < 0 {
		return fmt.Errorf("manifest entry %d: no list of files", e.Index)
	}
	i += len(filesKey)
	files, err := json.MarshalIndent(e.Files, entryPrefix+entryIndent, entryIndent)
	if err != nil {
		return fmt.Errorf("manifest entry %d: %w", e.Index, err)
	}
	for _, part := range [][]byte{data[:i], files, data[i+len("[]"):]} {
		if _, err := w.spool.Write(part); err != nil {
			return err
		}
	}
	return nil
}

// manifestHead is the manifest before its list of inputs.
type manifestHead struct {
	Generator string              `json:"generator"`
	Created   time.Time           `json:"created"`
	Formats   []string            `json:"formats"`
	Part      string              `json:"part"`
	Figures   string              `json:"figures"`
	Complete  bool                `json:"complete"`
	Error     *evaluation.Problem `json:"error"`
	Summary   Summary             `json:"summary"`
	// SummaryFiles are the files of the summary of the batch.
	SummaryFiles []File `json:"summaryFiles,omitempty"`
}

// finish writes the manifest and closes the sink.
func (w *writer) finish(bad *evaluation.Problem) error {
	head, err := json.MarshalIndent(manifestHead{
		Generator:    "jixiao",
		Created:      w.opts.Created.UTC().Truncate(time.Second),
		Formats:      export.Names(w.opts.Formats),
		Part:         w.opts.Render.Part.String(),
		Figures:      string(w.opts.Render.Figures),
		Complete:     bad == nil,
		Error:        bad,
		Summary:      w.sum,
		SummaryFiles: w.summaryFiles,
	}, "", "  ")
	if err != nil {
		return fmt.Errorf("manifest: %w", err)
	}
	out, err := w.sink.Create(ManifestName)
	if err != nil {
		return err
	}
	head = bytes.TrimSuffix(head, []byte("\n}"))
	if _, err := fmt.Fprintf(out, "%s,\n  \"inputs\": [", head); err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	if _, err := w.spool.WriteTo(out); err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	tail := "\n  ]\n}\n"
	if w.sum.Inputs == 0 {
		tail = "]\n}\n"
	}
	if _, err := io.WriteString(out, tail); err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	return w.sink.Close()
}

var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuffer() *bytes.Buffer { return buffers.Get().(*bytes.Buffer) }

// putBuffer recycles a buffer unless it grew large: one huge document
// should not pin its memory for the rest of the process.
func putBuffer(b *bytes.Buffer) {
	if b.Cap() > 16<<20 {
		return
	}
	b.Reset()
	buffers.Put(b)
}
