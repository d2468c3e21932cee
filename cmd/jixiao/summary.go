package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/jixiao/jixiao/batch"
	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/importer"
	"github.com/jixiao/jixiao/render/xlsx"
	"github.com/jixiao/jixiao/summary"
)

func runSummary(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("summary", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "-", "output file (- for standard output)")
	format := fs.String("format", "", "pdf, ofd or xlsx (default: from the -o extension, else pdf)")
	unit := fs.String("unit", "万元", "the unit of the amounts: 万元 or 元")
	mappingFile := fs.String("mapping", "", "a JSON `file` of renamed departments and projects: {\"last year's name\": \"this year's name\"}")
	var previous []string
	fs.Func("previous", "the previous year's `inputs` (file or folder; repeatable), to compare with", func(s string) error {
		previous = append(previous, s)
		return nil
	})
	profiles := addProfileFlags(fs)
	fs.Usage = func() {
		fmt.Fprint(stderr, `usage: jixiao summary [flags] [-o FILE] INPUTS...

Rolls the inputs up into the summary tables and charts a finance bureau
reviews: one row per 项目支出绩效自评表 with subtotals per department and
grand totals, one row per department, the audit's findings, and with
--previous the comparison with the previous year. INPUTS are as for batch:
files holding one disclosure, a JSON array or NDJSON, workbooks, documents
and folders of them. An invalid input is listed, not counted. Exit status:
0 when every input was valid, 1 when some were not, 2 when no summary was
written.

`)
		fs.PrintDefaults()
	}
	if !parseArgs(fs, args, func() bool { return fs.NArg() > 0 }) {
		return exitUnread
	}
	if *format == "" {
		*format = summary.PDF
		if ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(*out), ".")); ext == summary.OFD || ext == summary.XLSX {
			*format = ext
		}
	}
	if *format != summary.PDF && *format != summary.OFD && *format != summary.XLSX {
		fmt.Fprintf(stderr, "jixiao summary: --format %q: pdf, ofd or xlsx\n", *format)
		return exitUnread
	}
	cfg, status := profiles.config(stderr)
	if cfg == nil {
		return status
	}
	opts := summary.Options{Unit: *unit}
	if *mappingFile != "" {
		m, err := readMapping(*mappingFile)
		if err != nil {
			fmt.Fprintf(stderr, "jixiao summary: %v\n", err)
			return exitUnread
		}
		opts.Mapping = m
	}
	b, err := summary.NewBuilder(opts)
	if err != nil {
		fmt.Fprintf(stderr, "jixiao summary: %v\n", err)
		return exitUnread
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := readInputs(ctx, fs.Args(), stdin, cfg, b.Add); err != nil {
		fmt.Fprintf(stderr, "jixiao summary: %v\n", err)
		return exitUnread
	}
	if len(previous) > 0 {
		add := func(source string, rep *evaluation.Report, _ evaluation.Problems) { b.AddPrevious(source, rep) }
		if err := readInputs(ctx, previous, stdin, cfg, add); err != nil {
			fmt.Fprintf(stderr, "jixiao summary: --previous: %v\n", err)
			return exitUnread
		}
	}
	s := b.Summary()
	write := func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 256<<10)
		if _, err := s.Write(ctx, bw, summary.WriteOptions{Format: *format, Created: batch.Now()}); err != nil {
			return err
		}
		return bw.Flush()
	}
	if *out == "-" {
		err = write(stdout)
	} else {
		err = writeFileAtomic(*out, write)
	}
	if err != nil {
		fmt.Fprintf(stderr, "jixiao summary: %v\n", err)
		return exitUnread
	}
	t := s.Totals
	fmt.Fprintf(stderr, "汇总 %d 份输入：有效 %d，无效 %d；项目 %d 个，部门 %d 个 (%d inputs: %d valid, %d invalid)\n",
		t.Inputs, t.Valid, t.Invalid, t.Projects, len(s.Departments), t.Inputs, t.Valid, t.Invalid)
	for _, inv := range s.Invalid {
		fmt.Fprintf(stderr, "  无效 invalid: %s: %s\n", inv.Source, firstProblem(inv.Problems))
	}
	if t.Invalid > 0 {
		return exitInvalid
	}
	return exitOK
}

func firstProblem(ps evaluation.Problems) string {
	if len(ps) == 0 {
		return ""
	}
	p := ps[0]
	s := strings.TrimSpace(p.Path + " " + p.Message)
	if len(ps) > 1 {
		s += fmt.Sprintf("（另有 %d 项 and %d more）", len(ps)-1, len(ps)-1)
	}
	return s
}

// readInputs evaluates every input of the command line, in order, and
// hands each to add: its report, or the problems that kept it from
// being read. A .zip is a batch's archive (readArchive).
func readInputs(ctx context.Context, args []string, stdin io.Reader, cfg *evaluation.Config, add addFunc) error {
	names, _, err := expandInputs(args)
	if err != nil {
		return err
	}
	for _, name := range names {
		if strings.EqualFold(filepath.Ext(name), ".zip") {
			if err := readArchive(ctx, name, cfg, add); err != nil {
				return err
			}
			continue
		}
		if err := readFile(ctx, name, stdin, cfg, add); err != nil {
			return err
		}
	}
	return nil
}

type addFunc func(source string, rep *evaluation.Report, problems evaluation.Problems)

// readFile reads the inputs of one file as batch does.
func readFile(ctx context.Context, name string, stdin io.Reader, cfg *evaluation.Config, add addFunc) error {
	src := &fileSource{names: []string{name}, stdin: stdin, cfg: cfg}
	defer src.close()
	for {
		if err := ctx.Err(); err != nil {
			return context.Cause(ctx)
		}
		it, err := src.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		switch {
		case it.Problems != nil:
			add(it.Source, nil, it.Problems)
		case it.Evaluate != nil: // a workbook or document, imported
			add(it.Source, it.Evaluate(cfg), nil)
		default:
			add(it.Source, evaluation.Evaluate(it.Data, cfg), nil)
		}
	}
}

// codeNoSource is the problem of an input of a batch archive whose data
// cannot be read back: the batch stored no workbook of it.
const codeNoSource = "no_source"

// readArchive reads a batch's archive: the inputs its manifest lists, in
// order — an invalid one with its errors, a valid one from its workbook,
// which carries the input it was written from (render.WorkbookSourcePart).
// An archive without a manifest is read as a ZIP of input files.
func readArchive(ctx context.Context, name string, cfg *evaluation.Config, add addFunc) error {
	zr, err := zip.OpenReader(name)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	defer zr.Close()
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[f.Name] = f
	}
	read := func(f *zip.File) ([]byte, error) {
		if f.UncompressedSize64 > evaluation.MaxInputSize {
			return nil, fmt.Errorf("%s: over %d bytes", f.Name, evaluation.MaxInputSize)
		}
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		return io.ReadAll(io.LimitReader(rc, evaluation.MaxInputSize+1))
	}
	mf, ok := files[batch.ManifestName]
	if !ok {
		for _, f := range zr.File {
			if err := ctx.Err(); err != nil {
				return context.Cause(ctx)
			}
			ext := strings.ToLower(path.Ext(f.Name))
			if f.FileInfo().IsDir() || !slices.Contains(inputExts, ext) {
				continue
			}
			source := name + ":" + f.Name
			data, err := read(f)
			if err != nil {
				add(source, nil, unreadable(source, err).Problems)
				continue
			}
			if ext == ".json" || ext == ".ndjson" || ext == ".jsonl" {
				// Read as standard input is, its items renamed after the entry.
				err := readFile(ctx, "-", bytes.NewReader(data), cfg, func(s string, rep *evaluation.Report, ps evaluation.Problems) {
					add(source+strings.TrimPrefix(s, "-"), rep, ps)
				})
				if err != nil {
					return err
				}
				continue
			}
			rep, err := importer.Evaluate(importer.File{Name: f.Name, Data: data}, cfg, importer.Options{})
			if err != nil {
				add(source, nil, unreadable(source, err).Problems)
				continue
			}
			add(source, rep, nil)
		}
		return nil
	}
	data, err := read(mf)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	var m struct {
		Inputs []batch.Entry `json:"inputs"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return fmt.Errorf("%s: %s: %w", name, batch.ManifestName, err)
	}
	for _, e := range m.Inputs {
		if err := ctx.Err(); err != nil {
			return context.Cause(ctx)
		}
		if e.Status == batch.StatusInvalid {
			add(e.Source, nil, e.Errors)
			continue
		}
		var book *zip.File
		for _, f := range e.Files {
			if f.Format == xlsx.Name {
				book = files[f.Name]
			}
		}
		if book == nil {
			add(e.Source, nil, evaluation.Problems{{Code: codeNoSource,
				Message:   "归档中没有该输入的工作簿（.xlsx），无法读回其数据",
				MessageEN: "the archive holds no workbook (.xlsx) of this input to read its data back from"}})
			continue
		}
		data, err := read(book)
		if err != nil {
			add(e.Source, nil, unreadable(e.Source, err).Problems)
			continue
		}
		rep, err := importer.Evaluate(importer.File{Name: book.Name, Data: data}, cfg, importer.Options{})
		if err != nil {
			add(e.Source, nil, unreadable(e.Source, err).Problems)
			continue
		}
		add(e.Source, rep, nil)
	}
	return nil
}

// readMapping reads a JSON object of old names to new ones.
func readMapping(name string) (map[string]string, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("mapping: %w", err)
	}
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("mapping %s: want a JSON object of names: %w", name, err)
	}
	return m, nil
}
