// Command gendata writes synthetic budget-performance disclosures, valid
// and deterministic for a seed, for batch runs, load tests and demos.
//
// Usage:
//
//	gendata [flags] [-o FILE|DIR]
//
// It writes NDJSON (one disclosure a line, the default), a JSON array, or
// one file per disclosure into a folder. With -invalid-every N, every Nth
// disclosure is spoiled (alternately a score over its weight and JSON cut
// short), to exercise error handling.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/jixiao/jixiao/batch/synth"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gendata", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 1000, "number of disclosures")
	seed := fs.Uint64("seed", 1, "random seed")
	tables := fs.Int("tables", synth.Default.Tables, "self-assessment tables per disclosure")
	projects := fs.Int("projects", synth.Default.Projects, "project evaluation reports per disclosure")
	department := fs.Bool("department", true, "include the department overall evaluation report")
	paragraphs := fs.Int("paragraphs", synth.Default.Paragraphs, "paragraphs per report section")
	invalid := fs.Int("invalid-every", 0, "spoil every Nth disclosure (0: none)")
	format := fs.String("format", "ndjson", "ndjson, array, or files (one file per disclosure into the -o folder)")
	out := fs.String("o", "", "output file or folder (default: standard output)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *n < 0 || *tables < 0 || *projects < 0 || *invalid < 0 || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	opts := synth.Options{Seed: *seed, Tables: *tables, Projects: *projects, Department: *department, Paragraphs: *paragraphs}
	doc := func(i int) []byte {
		if *invalid > 0 && (i+1)%*invalid == 0 {
			return synth.Invalid(opts, i)
		}
		return synth.JSON(opts, i)
	}
	var err error
	switch *format {
	case "ndjson", "array":
		err = writeStream(*out, stdout, *format == "array", *n, doc)
	case "files":
		if *out == "" {
			fmt.Fprintln(stderr, "gendata: -format files needs -o DIR")
			return 2
		}
		err = writeFiles(*out, *n, doc)
	default:
		fmt.Fprintf(stderr, "gendata: unknown format %q\n", *format)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "gendata: %v\n", err)
		return 1
	}
	return 0
}

func writeStream(name string, stdout io.Writer, array bool, n int, doc func(int) []byte) error {
	w := stdout
	var f *os.File
	if name != "" {
		var err error
		if f, err = os.Create(name); err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	sep, end := "\n", ""
	if array {
		bw.WriteString("[\n")
		end = "]\n"
	}
	for i := range n {
		if array && i > 0 {
			bw.WriteString(",\n")
		}
		bw.Write(doc(i))
		if !array {
			bw.WriteString(sep)
		}
	}
	if array && n > 0 {
		bw.WriteString("\n")
	}
	bw.WriteString(end)
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	if f != nil {
		return f.Close()
	}
	return nil
}

func writeFiles(dir string, n int, doc func(int) []byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i := range n {
		name := filepath.Join(dir, fmt.Sprintf("disclosure-%05d.json", i+1))
		if err := os.WriteFile(name, doc(i), 0o644); err != nil {
			return err
		}
	}
	return nil
}
