package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
)

func runRender(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("render", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "output file (required)")
	format := fs.String("format", "", strings.Join(export.FormatNames(), ", ")+" (default: from the -o extension, else "+export.DefaultFormat().Name+")")
	part := fs.String("part", "all", "all, department, project:N or table:N")
	figures := fs.String("figures", "computed", "computed, or declared to reprint published figures")
	findings := fs.String("findings", "none", "none, or appendix: end the PDF with the audit's findings")
	skipInvalid := fs.Bool("skip-invalid", false, "of a whole disclosure with invalid parts, render the valid parts and list the others")
	profiles := addProfileFlags(fs)
	signs := addSignFlags(fs)
	fontSpecs := addFontFlag(fs)
	setUsage(fs, stderr, "usage: jixiao render [flags] -o OUT FILE")
	if !parseArgs(fs, args, func() bool { return *out != "" && fs.NArg() == 1 }) {
		return exitUnread
	}
	opts, err := export.Query{Format: *format, Part: *part, Figures: *figures, Findings: *findings}.Options()
	if err == nil {
		opts.Fonts, err = export.OverrideFonts(*fontSpecs)
	}
	if err != nil {
		fmt.Fprintf(stderr, "jixiao: %s\n", optionMessage(err))
		return exitUnread
	}
	if opts.Format == nil {
		if opts.Format = export.FormatOfFile(*out); opts.Format == nil {
			opts.Format = export.DefaultFormat()
		}
	}
	opts.SkipInvalid = *skipInvalid
	if opts.Sign, err = signs.signing(nil); err == nil && opts.Sign != nil {
		err = opts.Sign.Signs(opts.Format)
	}
	if err != nil {
		fmt.Fprintf(stderr, "jixiao: %s\n", optionMessage(err))
		return exitUnread
	}
	cfg, status := profiles.config(stderr)
	if cfg == nil {
		return status
	}
	data, err := readInput(fs.Arg(0), stdin)
	if err != nil {
		fmt.Fprintf(stderr, "jixiao: %v\n", err)
		return exitUnread
	}
	rep, err := evaluateInput(fs.Arg(0), data, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "jixiao: %v\n", err)
		return exitUnread
	}
	plan, err := export.NewPlan(rep, opts)
	var invalid *export.InvalidError
	switch {
	case errors.As(err, &invalid):
		printProblems(stderr, fs.Arg(0), invalid)
		return exitInvalid
	case err != nil:
		fmt.Fprintf(stderr, "jixiao: %s\n", optionMessage(err))
		return exitUnread
	}
	printParts(stderr, "已跳过无效部分 skipped invalid parts", plan.Skipped)
	printParts(stderr, "注意：其他部分无效 note: other parts are invalid", plan.Others)
	if n := len(rep.Findings); n > 0 {
		fmt.Fprintf(stderr, "jixiao: 注意：%d 处填报数与计算数不符或字符无法显示，详见 jixiao validate (%d findings; see jixiao validate)\n", n, n)
	}
	if err := writeFileAtomic(*out, func(w io.Writer) error {
		_, err := export.Write(context.Background(), w, plan, nil)
		return err
	}); err != nil {
		fmt.Fprintf(stderr, "jixiao: %v\n", err)
		return exitInvalid
	}
	return exitOK
}

// addFontFlag adds the repeatable --font flag to fs.
func addFontFlag(fs *flag.FlagSet) *[]string {
	var specs []string
	fs.Func("font", "`role=file.ttf`: use a TrueType face for a text role (title, heading1, heading2, body, table, number); repeatable", func(s string) error {
		specs = append(specs, s)
		return nil
	})
	return &specs
}

// optionMessage is an option error in Chinese and English.
func optionMessage(err error) string {
	var oe *export.OptionError
	if errors.As(err, &oe) {
		return oe.Message + " (" + oe.MessageEN + ")"
	}
	return err.Error()
}

// printProblems lists the problems that stop a render.
func printProblems(w io.Writer, name string, e *export.InvalidError) {
	fmt.Fprintf(w, "== %s\n", name)
	fmt.Fprintf(w, "部分 part %s 错误 errors (%d):\n", e.Part, len(e.Problems))
	for _, p := range e.Problems {
		fmt.Fprintf(w, "  %s\n", p)
	}
	fmt.Fprintln(w, "无效 invalid")
}

// printParts lists invalid parts under a heading, each with its pointer
// and problems; nothing when there are none.
func printParts(w io.Writer, heading string, parts []evaluation.InvalidPart) {
	if len(parts) == 0 {
		return
	}
	fmt.Fprintf(w, "jixiao: %s (%d):\n", heading, len(parts))
	for _, part := range parts {
		fmt.Fprintf(w, "  %s %s\n", part.Name, part.Pointer)
		for _, p := range part.Problems {
			fmt.Fprintf(w, "    %s\n", p)
		}
	}
}

// writeFileAtomic writes through a temporary file in the same folder and
// renames it into place, so a failed render never leaves a half-written
// file behind.
func writeFileAtomic(name string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return fmt.Errorf("create %s: %w", name, err)
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
