package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/importer"
)

// runImport turns workbooks and documents into one input JSON.
func runImport(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "-", "output `file` for the JSON (\"-\" for standard output)")
	prov := fs.String("provenance", "", "also write the provenance map (JSON Pointer → Sheet!A1) to this `file`")
	bind := fs.Bool("bind-figures", false, "turn the figures the prose states into placeholders that print the computed figures (docs/audit.md); also for a JSON input")
	profiles := addProfileFlags(fs)
	setUsage(fs, stderr, "usage: jixiao import [--profile NAME] [--provenance FILE] [--bind-figures] [-o OUT.json] FILE.xlsx|FILE.docx|FILE.pdf|FILE.ofd|FILE.json... (\"-\" reads standard input)")
	if !parseArgs(fs, args, func() bool { return fs.NArg() > 0 }) {
		return exitUnread
	}
	cfg, status := profiles.config(stderr)
	if cfg == nil {
		return status
	}
	var files []importer.File
	for _, name := range fs.Args() {
		data, err := readInput(name, stdin)
		if err != nil {
			fmt.Fprintf(stderr, "jixiao: %v\n", err)
			return exitUnread
		}
		files = append(files, importer.File{Name: name, Data: data})
	}
	var data []byte
	res := &importer.Result{}
	if *bind && len(files) == 1 && importer.Sniff(files[0].Data) == importer.JSON {
		data = files[0].Data // a disclosure already in JSON: bind its prose only
	} else {
		var err error
		if res, err = importer.Import(files, importOptions(cfg)); err != nil {
			fmt.Fprintf(stderr, "jixiao: %v\n", err)
			return exitUnread
		}
		for _, n := range res.Notes {
			fmt.Fprintf(stderr, "jixiao: %s\n", n)
		}
		for _, p := range res.Problems {
			fmt.Fprintf(stderr, "jixiao: %s\n", p)
		}
		if data, err = res.JSON(); err != nil {
			fmt.Fprintf(stderr, "jixiao: %v\n", err)
			return exitUnread
		}
	}
	if *bind {
		bound, err := bindFigures(data, cfg, stderr)
		if err != nil {
			fmt.Fprintf(stderr, "jixiao: --bind-figures: %v\n", err)
			return exitInvalid
		}
		data = bound
	}
	write := func(name string, data []byte) error {
		if name == "-" {
			_, err := stdout.Write(data)
			return err
		}
		return writeFileAtomic(name, func(w io.Writer) error { _, err := w.Write(data); return err })
	}
	if err := write(*out, data); err != nil {
		fmt.Fprintf(stderr, "jixiao: %v\n", err)
		return exitUnread
	}
	if *prov != "" {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res.Provenance); err != nil {
			return exitUnread
		}
		if err := write(*prov, b.Bytes()); err != nil {
			fmt.Fprintf(stderr, "jixiao: %v\n", err)
			return exitUnread
		}
	}
	if len(res.Problems) > 0 {
		return exitInvalid
	}
	return exitOK
}

// bindFigures turns the figures the prose of an input states into
// placeholders (evaluation.BindFigures); the input must be valid.
func bindFigures(data []byte, cfg *evaluation.Config, stderr io.Writer) ([]byte, error) {
	rep := evaluation.Evaluate(data, cfg)
	if !rep.Valid() {
		return nil, fmt.Errorf("the input is invalid: %w", rep.Problems)
	}
	d, n := evaluation.BindFigures(rep)
	fmt.Fprintf(stderr, "jixiao: 正文中 %d 处数字已改为占位符 (%d figures of the prose bound to placeholders)\n", n, n)
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(d); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func importOptions(cfg *evaluation.Config) importer.Options {
	return importer.Options{Profiles: cfg.Profiles, Profile: cfg.Profile}
}

// evaluateInput evaluates one input file through importer.Evaluate:
// JSON as it is; a workbook or a document imported first, its problems
// and findings then naming the cell they come from.
func evaluateInput(name string, data []byte, cfg *evaluation.Config) (*evaluation.Report, error) {
	return importer.Evaluate(importer.File{Name: name, Data: data}, cfg, importer.Options{})
}
