package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/jixiao/jixiao/batch"
	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/importer"
)

// batchWrite writes the documents of a batch; tests replace it.
var batchWrite batch.WriteFunc

func runBatch(args []string, stdout, stderr io.Writer) int {
	return runBatchIn(args, os.Stdin, stdout, stderr)
}

func runBatchIn(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("batch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "output: a .zip file, or a folder (required)")
	formats := fs.String("format", strings.Join(export.Names(batch.DefaultFormats()), ","), "formats to produce for each input, comma-separated: "+strings.Join(export.FormatNames(), ", "))
	part := fs.String("part", "all", "all, department, project:N or table:N")
	figures := fs.String("figures", "computed", "computed, or declared to reprint published figures")
	pdfKind := fs.String("pdf", "pdfa", "pdfa: tagged PDF/A-3a and PDF/UA-1 with the data embedded; plain: untagged, the smallest file")
	skipInvalid := fs.Bool("skip-invalid", false, "of an input with invalid parts, render the valid parts and list the others")
	jobs := fs.Int("j", runtime.NumCPU(), "inputs processed at once")
	quiet := fs.Bool("q", false, "no progress line")
	summaryFormats := fs.String("summary", "", "also store the summary of the batch (tables and charts) in these formats, comma-separated: "+strings.Join(export.FormatNames(), ", "))
	profiles := addProfileFlags(fs)
	fontSpecs := addFontFlag(fs)
	signs := addSignFlags(fs)
	fs.Usage = func() {
		fmt.Fprint(stderr, `usage: jixiao batch [flags] -o OUT.zip|DIR INPUTS...

Each INPUT is a file holding one disclosure, a JSON array of them, or NDJSON
(one a line; .ndjson or .jsonl, or detected); a folder (its .json, .ndjson
and .jsonl files, recursively); or - for standard input. The output has one
folder per department with its documents, and manifest.json listing every
input with its status, figures and errors. Exit status: 0 when every input
was produced, 1 when some were invalid or failed, 2 when the batch could not
run.

`)
		fs.PrintDefaults()
	}
	if !parseArgs(fs, args, func() bool { return *out != "" && fs.NArg() > 0 }) {
		return exitUnread
	}
	cfg, status := profiles.config(stderr)
	if cfg == nil {
		return status
	}
	opts := batch.Options{Workers: *jobs, Write: batchWrite, Evaluation: cfg}
	var err error
	if opts.Formats, err = export.ParseFormats(*formats); err == nil {
		opts.Render, err = export.Query{Part: *part, Figures: *figures, PDF: *pdfKind}.Options()
	}
	if err == nil && *summaryFormats != "" {
		opts.Summary, err = export.ParseFormats(*summaryFormats)
	}
	if err == nil && len(*fontSpecs) > 0 {
		opts.Render.Fonts, err = export.OverrideFonts(*fontSpecs)
	}
	if err == nil {
		opts.Render.Sign, err = signs.signing(nil)
	}
	if s := opts.Render.Sign; err == nil && s != nil {
		formats := opts.Formats
		if len(formats) == 0 {
			formats = batch.DefaultFormats()
		}
		for _, f := range formats {
			if f.Pages && err == nil {
				err = s.Signs(f)
			}
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "jixiao batch: %s\n", optionMessage(err))
		return exitUnread
	}
	opts.Render.SkipInvalid = *skipInvalid
	inputs, total, err := expandInputs(fs.Args())
	if err != nil {
		fmt.Fprintf(stderr, "jixiao batch: %v\n", err)
		return exitUnread
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	p := newProgress(stderr, total, *quiet)
	opts.OnEntry = p.entry
	src := &fileSource{names: inputs, stdin: stdin, cfg: cfg}
	defer src.close()
	start := time.Now()
	var sum batch.Summary
	if strings.EqualFold(filepath.Ext(*out), ".zip") {
		err = writeFileAtomic(*out, func(w io.Writer) error {
			bw := bufio.NewWriterSize(w, 256<<10)
			s, err := batch.Run(ctx, src, batch.NewZip(bw, batch.Now()), opts)
			sum = s
			if err != nil {
				return err
			}
			return bw.Flush()
		})
	} else {
		var dir *batch.Dir
		if dir, err = batch.NewDir(*out); err == nil {
			if sum, err = batch.Run(ctx, src, dir, opts); err != nil {
				dir.Abort()
			}
		}
	}
	p.finish()
	if err != nil {
		fmt.Fprintf(stderr, "jixiao batch: %v\n", err)
		if ctx.Err() != nil {
			fmt.Fprintln(stderr, "已中断 interrupted")
		}
		return exitUnread
	}
	p.summary(sum, *out, time.Since(start))
	if sum.Invalid+sum.Failed > 0 {
		return exitInvalid
	}
	return exitOK
}

// inputExts are the extensions of the files taken from a folder.
var inputExts = []string{".json", ".ndjson", ".jsonl", ".xlsx", ".docx"}

// expandInputs replaces folders by their input files, and returns the
// total size of the inputs, or -1 when standard input is among them.
func expandInputs(args []string) ([]string, int64, error) {
	var names []string
	var total int64
	for _, a := range args {
		if a == "-" {
			names, total = append(names, a), -1
			continue
		}
		st, err := os.Stat(a)
		if err != nil {
			// Listed, not fatal: the manifest will say it is unreadable.
			names = append(names, a)
			continue
		}
		if !st.IsDir() {
			names = append(names, a)
			if total >= 0 {
				total += st.Size()
			}
			continue
		}
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.Type().IsRegular() && slices.Contains(inputExts, strings.ToLower(filepath.Ext(p))) {
				names = append(names, p)
				if info, err := d.Info(); err == nil && total >= 0 {
					total += info.Size()
				}
			}
			return nil
		})
		if err != nil {
			return nil, 0, fmt.Errorf("read folder: %w", err)
		}
	}
	if len(names) == 0 {
		return nil, 0, errors.New("no input files")
	}
	return names, total, nil
}

// fileSource reads the inputs of the command line one file at a time.
type fileSource struct {
	names   []string
	stdin   io.Reader
	cur     batch.Source
	curName string
	file    *os.File
	cfg     *evaluation.Config // for the workbooks and documents imported
}

const codeUnreadable = "unreadable"

func (s *fileSource) Next() (batch.Item, error) {
	for {
		if s.cur == nil {
			if len(s.names) == 0 {
				return batch.Item{}, io.EOF
			}
			name := s.names[0]
			s.names = s.names[1:]
			src, err := s.open(name)
			if err != nil {
				s.closeCurrent()
				return unreadable(name, err), nil
			}
			s.cur, s.curName = src, name
		}
		it, err := s.cur.Next()
		if err == nil {
			return it, nil
		}
		name := s.closeCurrent()
		if err != io.EOF {
			// A file that fails half-way spoils only itself.
			return unreadable(name, err), nil
		}
	}
}

func unreadable(name string, err error) batch.Item {
	return batch.Item{Source: name, Problems: evaluation.Problems{{Code: codeUnreadable,
		Message: "无法读取输入：" + err.Error(), MessageEN: "cannot read the input: " + err.Error()}}}
}

// open returns the Source of one input, by its extension or its content.
func (s *fileSource) open(name string) (batch.Source, error) {
	var r io.Reader = s.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		s.file, r = f, f
	}
	br := bufio.NewReaderSize(r, 64<<10)
	if head, _ := br.Peek(8); bytes.HasPrefix(head, []byte("PK")) || bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		// A workbook or document: imported whole, then one disclosure.
		data, err := io.ReadAll(io.LimitReader(br, evaluation.MaxInputSize+1))
		if err != nil {
			return nil, err
		}
		item := batch.Item{Source: name, Size: int64(len(data)),
			Evaluate: importer.Evaluator(importer.File{Name: name, Data: data}, importer.Options{})}
		return &oneItem{item: item}, nil
	}
	ext := strings.ToLower(filepath.Ext(name))
	if ext == ".ndjson" || ext == ".jsonl" {
		return batch.NewNDJSON(br, name, evaluation.MaxInputSize), nil
	}
	first, err := batch.SkipSpace(br)
	if err == io.EOF {
		return batch.NewSingle(br, name, evaluation.MaxInputSize), nil
	}
	if err != nil {
		return nil, err
	}
	if first == '[' {
		return batch.NewArray(br, name, evaluation.MaxInputSize), nil
	}
	// One disclosure, or NDJSON: NDJSON when the first line alone is a
	// whole JSON value.
	line, err := firstLine(br, evaluation.MaxInputSize)
	if err != nil {
		return nil, err
	}
	rest := io.MultiReader(bytes.NewReader(line), br)
	if json.Valid(bytes.TrimSpace(line)) {
		return batch.NewNDJSON(rest, name, evaluation.MaxInputSize), nil
	}
	return batch.NewSingle(rest, name, evaluation.MaxInputSize), nil
}

// firstLine reads up to and including the first newline, or at most
// limit bytes.
func firstLine(br *bufio.Reader, limit int) ([]byte, error) {
	var line []byte
	for len(line) <= limit {
		chunk, err := br.ReadSlice('\n')
		line = append(line, chunk...)
		switch err {
		case bufio.ErrBufferFull:
			continue
		case nil, io.EOF:
			return line, nil
		default:
			return nil, err
		}
	}
	return line, nil
}

func (s *fileSource) closeCurrent() string {
	if s.file != nil {
		s.file.Close()
		s.file = nil
	}
	name := s.curName
	s.cur, s.curName = nil, ""
	return name
}

func (s *fileSource) close() { s.closeCurrent() }

// progress draws a progress line on a terminal (or a line every few
// seconds elsewhere) and collects what the summary lists.
type progress struct {
	w        io.Writer
	total    int64 // input bytes, or -1 when unknown
	quiet    bool
	tty      bool
	start    time.Time
	last     time.Time
	done     int64
	sum      batch.Summary
	drawn    bool
	problems []string
	more     int
}

func newProgress(w io.Writer, total int64, quiet bool) *progress {
	tty := false
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			tty = true
		}
	}
	return &progress{w: w, total: total, quiet: quiet, tty: tty, start: time.Now()}
}

const maxListed = 20

func (p *progress) entry(e batch.Entry) {
	p.done += e.Size
	p.sum.Inputs++
	switch e.Status {
	case batch.StatusOK:
		p.sum.OK++
	case batch.StatusInvalid:
		p.sum.Invalid++
	default:
		p.sum.Failed++
	}
	if e.Status == batch.StatusOK && len(e.Skipped) > 0 {
		// Rendered without its invalid parts, or one part of it: said,
		// so that nothing is left out silently.
		if len(p.problems) < maxListed {
			var parts []string
			for _, s := range e.Skipped {
				parts = append(parts, fmt.Sprintf("%s %s (%d 处错误 errors)", s.Name, s.Pointer, len(s.Problems)))
			}
			p.problems = append(p.problems, fmt.Sprintf("  %s  %s  无效部分 invalid parts: %s", e.Source, e.Status, strings.Join(parts, "; ")))
		} else {
			p.more++
		}
	}
	if e.Status != batch.StatusOK {
		if len(p.problems) < maxListed {
			msg := ""
			if len(e.Errors) > 0 {
				msg = e.Errors[0].String()
				if n := len(e.Errors) - 1; n > 0 {
					msg += fmt.Sprintf("（另有 %d 处）", n)
				}
			}
			if e.Err != nil {
				msg += ": " + e.Err.Error()
			}
			p.problems = append(p.problems, fmt.Sprintf("  %s  %s  %s", e.Source, e.Status, msg))
		} else {
			p.more++
		}
	}
	interval := 100 * time.Millisecond
	if !p.tty {
		interval = 10 * time.Second
	}
	if now := time.Now(); now.Sub(p.last) >= interval {
		p.last = now
		p.draw()
	}
}

func (p *progress) draw() {
	if p.quiet {
		return
	}
	line := fmt.Sprintf("%d 份  成功 %d  无效 %d  失败 %d  %.1f 份/秒", p.sum.Inputs, p.sum.OK, p.sum.Invalid, p.sum.Failed,
		float64(p.sum.Inputs)/max(time.Since(p.start).Seconds(), 1e-3))
	if p.total > 0 {
		const width = 30
		frac := min(float64(p.done)/float64(p.total), 1)
		n := int(frac * width)
		line = fmt.Sprintf("[%s%s] %3.0f%%  %s", strings.Repeat("#", n), strings.Repeat("-", width-n), frac*100, line)
	}
	if p.tty {
		fmt.Fprintf(p.w, "\r%s\x1b[K", line)
		p.drawn = true
	} else {
		fmt.Fprintln(p.w, line)
	}
}

func (p *progress) finish() {
	if p.quiet {
		return
	}
	if p.sum.Inputs > 0 {
		p.done = max(p.done, p.total)
		p.draw()
	}
	if p.drawn {
		fmt.Fprintln(p.w)
	}
}

func (p *progress) summary(sum batch.Summary, out string, took time.Duration) {
	fmt.Fprintf(p.w, "完成 done: %d 份输入，成功 %d，无效 %d，失败 %d；%d 个文件，%d 页，%s；用时 %s；输出 %s\n",
		sum.Inputs, sum.OK, sum.Invalid, sum.Failed, sum.Files, sum.Pages, humanBytes(sum.Bytes), took.Round(time.Millisecond), out)
	if len(p.problems) > 0 {
		fmt.Fprintln(p.w, "未生成或有无效部分的输入 inputs not produced or with invalid parts:")
		for _, line := range p.problems {
			fmt.Fprintln(p.w, line)
		}
		if p.more > 0 {
			fmt.Fprintf(p.w, "  ……另有 %d 份，详见 %s\n", p.more, batch.ManifestName)
		}
	}
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// oneItem is a batch.Source of one item.
type oneItem struct {
	item batch.Item
	done bool
}

func (o *oneItem) Next() (batch.Item, error) {
	if o.done {
		return batch.Item{}, io.EOF
	}
	o.done = true
	return o.item, nil
}
