package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/profile"
	"github.com/shopspring/decimal"
)

// Exit statuses of validate.
const (
	exitOK      = 0
	exitInvalid = 1
	exitUnread  = 2
)

func runValidate(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the reports as JSON")
	strict := fs.Bool("strict", false, "treat audit warnings as errors (findings of severity info stay findings)")
	detail := fs.Bool("detail", false, "under each error and finding, its JSON Pointer and code")
	profiles := addProfileFlags(fs)
	setUsage(fs, stderr, "usage: jixiao validate [--json] [--strict] [--detail] [--profile NAME] [--profiles DIR] FILE... (\"-\" reads standard input)")
	if !parseArgs(fs, args, func() bool { return fs.NArg() > 0 }) {
		return exitUnread
	}
	cfg, status := profiles.config(stderr)
	if cfg == nil {
		return status
	}
	var out []fileReport
	for _, name := range fs.Args() {
		data, err := readInput(name, stdin)
		if err != nil {
			fmt.Fprintf(stderr, "jixiao: %v\n", err)
			status = exitUnread
			continue
		}
		rep, err := evaluateInput(name, data, cfg)
		if err != nil {
			fmt.Fprintf(stderr, "jixiao: %v\n", err)
			status = exitUnread
			continue
		}
		if err := export.CheckGlyphs(rep, nil); err != nil {
			fmt.Fprintf(stderr, "jixiao: %v\n", err)
			return exitUnread
		}
		// In strict mode a warning fails the input, in every output alike.
		valid := rep.Valid() && !(*strict && rep.Warnings() > 0)
		if !valid {
			status = max(status, exitInvalid)
		}
		if *asJSON {
			r := *rep
			if !r.Valid() {
				r.Result = nil // the figures of a valid disclosure only
			}
			fr := fileReport{File: name, Valid: valid, Report: &r, InvalidParts: rep.InvalidParts()}
			if rep.Profile != nil {
				fr.Profile = rep.Profile.Name
			}
			out = append(out, fr)
		} else {
			printReport(stdout, name, rep, valid, *detail)
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(out); err != nil {
			fmt.Fprintf(stderr, "jixiao: %v\n", err)
			return exitUnread
		}
	}
	return status
}

type fileReport struct {
	File    string `json:"file"`
	Valid   bool   `json:"valid"`
	Profile string `json:"profile,omitempty"`
	// InvalidParts are the parts that cannot be rendered, with their
	// problems; the others can (render --part, --skip-invalid).
	InvalidParts []evaluation.InvalidPart `json:"invalidParts,omitempty"`
	*evaluation.Report
}

func readInput(name string, stdin io.Reader) ([]byte, error) {
	if name == "-" {
		data, err := io.ReadAll(io.LimitReader(stdin, evaluation.MaxInputSize+1))
		if err != nil {
			return nil, fmt.Errorf("无法读取标准输入 (read standard input: %w)", err)
		}
		return data, nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, readError(name, err)
	}
	return data, nil
}

// printReport writes a report for people: the figures, then every error
// and finding at its place as the forms name it; detail adds each one's
// JSON Pointer and code.
func printReport(w io.Writer, name string, rep *evaluation.Report, valid, detail bool) {
	fmt.Fprintf(w, "== %s\n", name)
	if res := rep.Result; res != nil {
		d := rep.Disclosure
		s := &rep.Profile.Scheme
		score := func(v decimal.Decimal) string { return s.Print(profile.KindScore, v) }
		fmt.Fprintf(w, "%s %d 年度（表单配置 profile %s）\n", d.Department, d.Year, rep.Profile.Name)
		if dr := res.Department; dr != nil {
			fmt.Fprintf(w, "部门整体绩效评价报告：总分 %s，等级 %s，预算执行率 %s\n", score(dr.Total), dr.Grade, s.Print(profile.KindRate, dr.ExecutionRate))
		}
		for i, p := range res.Projects {
			if res.Has(evaluation.PartPointer("project", i)) {
				fmt.Fprintf(w, "项目支出绩效评价报告 %s：总分 %s，等级 %s\n", p.Project, score(p.Total), p.Grade)
			}
		}
		for i, t := range res.Tables {
			if res.Has(evaluation.PartPointer("table", i)) {
				fmt.Fprintf(w, "自评表 %2d %s：执行率 %s，总分 %s，等级 %s\n", i+1, t.Project, s.Print(profile.KindRate, t.ExecutionRate), score(t.Total), t.Grade)
			}
		}
	}
	if len(rep.Problems) > 0 {
		fmt.Fprintf(w, "错误 errors (%d):\n", len(rep.Problems))
		for _, p := range rep.Problems {
			printProblem(w, "  ", p, detail)
		}
	}
	if parts := rep.InvalidParts(); len(parts) > 0 && rep.Result != nil {
		names := make([]string, len(parts))
		for i, p := range parts {
			names[i] = p.Name
		}
		fmt.Fprintf(w, "无效部分 invalid parts: %s（其余部分可输出 the others can be rendered）\n", strings.Join(names, ", "))
	}
	if len(rep.Findings) > 0 {
		fmt.Fprintf(w, "审核发现 findings (%d):\n", len(rep.Findings))
		for _, f := range rep.Findings {
			printFinding(w, "  ", f, detail)
		}
	}
	switch {
	case valid:
		fmt.Fprintln(w, "有效 valid")
	case rep.Valid():
		fmt.Fprintf(w, "无效 invalid：严格模式下 %d 条警告视为错误 (strict: %d warnings count as errors)\n", rep.Warnings(), rep.Warnings())
	default:
		fmt.Fprintln(w, "无效 invalid")
	}
}
