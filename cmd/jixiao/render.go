package main

import (
	"context"
	"encoding/json"
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
	pdfKind := fs.String("pdf", "pdfa", "pdfa: tagged PDF/A-3a and PDF/UA-1 with the data embedded; plain: untagged, the smallest file")
	skipInvalid := fs.Bool("skip-invalid", false, "of a whole disclosure with invalid parts, render the valid parts and list the others")
	detail := fs.Bool("detail", false, "under each error, its JSON Pointer and code")
	asJSON := fs.Bool("json", false, "print what was written, and the parts left out or invalid, as JSON on standard output")
	profiles := addProfileFlags(fs)
	signs := addSignFlags(fs)
	fontSpecs := addFontFlag(fs)
	setUsage(fs, stderr, "usage: jixiao render [flags] -o OUT FILE")
	if !parseArgs(fs, args, func() bool { return *out != "" && fs.NArg() == 1 }) {
		return exitUnread
	}
	opts, err := export.Query{Format: *format, Part: *part, Figures: *figures, Findings: *findings, PDF: *pdfKind}.Options()
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
		printProblems(stderr, fs.Arg(0), invalid, *detail)
		if *asJSON {
			writeJSON(stdout, renderReport{File: fs.Arg(0), Part: invalid.Part, Errors: invalid.Problems})
		}
		return exitInvalid
	case err != nil:
		fmt.Fprintf(stderr, "jixiao: %s\n", optionMessage(err))
		return exitUnread
	}
	printParts(stderr, "已跳过无效部分 skipped invalid parts", plan.Skipped, *detail)
	printParts(stderr, "注意：其他部分无效 note: other parts are invalid", plan.Others, *detail)
	if len(rep.Findings) > 0 {
		fmt.Fprintf(stderr, "jixiao: %s\n", findingsNote(rep.Findings))
	}
	var stats export.Stats
	if err := writeFileAtomic(*out, func(w io.Writer) error {
		stats, err = export.Write(context.Background(), w, plan, nil)
		return err
	}); err != nil {
		fmt.Fprintf(stderr, "jixiao: %v\n", err)
		return exitInvalid
	}
	if *asJSON {
		writeJSON(stdout, renderReport{File: fs.Arg(0), Output: *out, Format: opts.Format.Name, Part: opts.Part.String(),
			Pages: stats.Pages, Bytes: stats.Bytes, Skipped: plan.Skipped, Others: plan.Others, Findings: len(rep.Findings)})
	}
	return exitOK
}

// renderReport is what render --json prints: the file written, or the
// errors that kept it from being written.
type renderReport struct {
	File   string `json:"file"`
	Output string `json:"output,omitempty"`
	Format string `json:"format,omitempty"`
	Part   string `json:"part"`
	Pages  int    `json:"pages,omitempty"`
	Bytes  int64  `json:"bytes,omitempty"`
	// Skipped are the invalid parts --skip-invalid left out; Others, of
	// a render of one part, the other parts that are invalid.
	Skipped  []evaluation.InvalidPart `json:"skipped"`
	Others   []evaluation.InvalidPart `json:"others,omitempty"`
	Findings int                      `json:"findings"`
	// Errors are the problems of the part asked for, when it is invalid.
	Errors evaluation.Problems `json:"errors,omitempty"`
}

func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	enc.Encode(v)
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
func printProblems(w io.Writer, name string, e *export.InvalidError, detail bool) {
	fmt.Fprintf(w, "== %s\n", name)
	fmt.Fprintf(w, "部分 part %s 错误 errors (%d):\n", e.Part, len(e.Problems))
	for _, p := range e.Problems {
		printProblem(w, "  ", p, detail)
	}
	fmt.Fprintln(w, "无效 invalid")
}

// printParts lists invalid parts under a heading, each with its pointer
// and problems; nothing when there are none.
func printParts(w io.Writer, heading string, parts []evaluation.InvalidPart, detail bool) {
	if len(parts) == 0 {
		return
	}
	fmt.Fprintf(w, "jixiao: %s (%d):\n", heading, len(parts))
	for _, part := range parts {
		fmt.Fprintf(w, "  %s %s\n", part.Name, part.Pointer)
		for _, p := range part.Problems {
			printProblem(w, "    ", p, detail)
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
