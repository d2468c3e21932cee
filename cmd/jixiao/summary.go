package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/jixiao/jixiao/batch"
	"github.com/jixiao/jixiao/evaluation"
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
// being read.
func readInputs(ctx context.Context, args []string, stdin io.Reader, cfg *evaluation.Config, add func(string, *evaluation.Report, evaluation.Problems)) error {
	names, _, err := expandInputs(args)
	if err != nil {
		return err
	}
	src := &fileSource{names: names, stdin: stdin, cfg: cfg}
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
		if it.Problems != nil {
			add(it.Source, nil, it.Problems)
			continue
		}
		add(it.Source, evaluation.Evaluate(it.Data, cfg), nil)
	}
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
