package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/render"
)

// TestRenderFormatFromExtension: -o x.ofd writes an OFD package, -o x.pdf
// a PDF, without --format.
func TestRenderFormatFromExtension(t *testing.T) {
	dir := t.TempDir()
	for ext, magic := range map[string]string{".ofd": "PK\x03\x04", ".pdf": "%PDF-"} {
		out := filepath.Join(dir, "table"+ext)
		var stderr bytes.Buffer
		if code := run([]string{"render", "--part", "table:1", "-o", out, "../../examples/beijing-finance-2021.json"}, nil, io.Discard, &stderr); code != 0 {
			t.Fatalf("render %s: exit %d: %s", ext, code, stderr.String())
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(data, []byte(magic)) {
			t.Errorf("%s: starts with %q", ext, data[:8])
		}
		if ext == ".ofd" && !bytes.Contains(data, []byte("OFD.xml")) {
			t.Error("the OFD package has no OFD.xml")
		}
	}
}

// TestRenderPartial renders from a disclosure whose first table is
// invalid (a score over its weight) and whose second is valid.
func TestRenderPartial(t *testing.T) {
	const input = "../../export/testdata/partial.json"
	const problem = "自评表 1「产出指标」第 1 行 得分：得分 60 超过分值 50"
	for _, tt := range []struct {
		name   string
		input  string
		args   []string
		code   int
		stderr []string // what the report on standard error says
		absent []string // what it does not
	}{
		{"the valid table", input, []string{"--part", "table:2"}, exitOK,
			[]string{"note: other parts are invalid (1)", "table:1 /selfAssessments/0", problem}, nil},
		{"the invalid table", input, []string{"--part", "table:1"}, exitInvalid,
			[]string{"部分 part table:1 错误 errors (1)", problem}, nil},
		{"the whole disclosure", input, nil, exitInvalid,
			[]string{"部分 part all 错误 errors (1)", problem}, nil},
		{"skip invalid", input, []string{"--skip-invalid"}, exitOK,
			// Its findings are rules of the form, not figures that differ.
			[]string{"skipped invalid parts (1)", "table:1 /selfAssessments/0", problem, "审核发现 3 处（3 处不合表单规则）"}, []string{"note:", "填报数与计算数不符"}},
		{"skip invalid, none valid", "../../export/testdata/all-invalid.json", []string{"--skip-invalid"}, exitInvalid,
			[]string{"错误 errors (2)", problem, "自评表 2「效益指标」第 1 行 得分"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out.pdf")
			var stderr bytes.Buffer
			args := append(append([]string{"render", "-o", out}, tt.args...), tt.input)
			if code := run(args, nil, io.Discard, &stderr); code != tt.code {
				t.Fatalf("exit %d, want %d: %s", code, tt.code, stderr.String())
			}
			for _, s := range tt.stderr {
				if !strings.Contains(stderr.String(), s) {
					t.Errorf("the report lacks %q:\n%s", s, stderr.String())
				}
			}
			for _, s := range tt.absent {
				if strings.Contains(stderr.String(), s) {
					t.Errorf("the report says %q:\n%s", s, stderr.String())
				}
			}
			_, err := os.Stat(out)
			if written := err == nil; written != (tt.code == exitOK) {
				t.Errorf("output written: %v, exit %d", written, tt.code)
			}
		})
	}
}

// TestRenderJSON: render --json says on standard output what it wrote and
// which parts it left out, or the errors that stopped it.
func TestRenderJSON(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.pdf")
	for _, tt := range []struct {
		name    string
		args    []string
		code    int
		skipped []string
		errors  int
	}{
		{"skip invalid", []string{"--skip-invalid"}, exitOK, []string{"table:1"}, 0},
		{"the whole disclosure", nil, exitInvalid, nil, 1},
	} {
		var stdout, stderr bytes.Buffer
		args := append(append([]string{"render", "--json", "-o", out}, tt.args...), "../../export/testdata/partial.json")
		if code := run(args, nil, &stdout, &stderr); code != tt.code {
			t.Fatalf("%s: exit %d, want %d: %s", tt.name, code, tt.code, stderr.String())
		}
		var rep struct {
			Output  string
			Pages   int
			Skipped []struct {
				Part    string
				Pointer string
				Errors  []struct{ Path, Code, Location string }
			}
			Errors []struct{ Path, Location string }
		}
		if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
			t.Fatalf("%s: %v\n%s", tt.name, err, stdout.String())
		}
		var skipped []string
		for _, p := range rep.Skipped {
			skipped = append(skipped, p.Part)
			if len(p.Errors) != 1 || p.Errors[0].Path != "/selfAssessments/0/indicators/0/score" || p.Errors[0].Location == "" {
				t.Errorf("%s: skipped %+v", tt.name, p)
			}
		}
		if !slices.Equal(skipped, tt.skipped) || len(rep.Errors) != tt.errors || (tt.code == exitOK) != (rep.Output == out && rep.Pages == 1) {
			t.Errorf("%s: %s", tt.name, stdout.String())
		}
	}
}

// TestUsageFormats: the usage of render and batch offers exactly the
// registered formats (export.Formats).
func TestUsageFormats(t *testing.T) {
	want := strings.Join(export.FormatNames(), ", ")
	for _, cmd := range []string{"render", "batch"} {
		var stderr bytes.Buffer
		run([]string{cmd, "-h"}, nil, io.Discard, &stderr)
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("%s usage does not list the formats %s:\n%s", cmd, want, stderr.String())
		}
	}
}

// TestRenderBuildsOnce: a render builds its document once, whatever
// checks run before it is written (options, parts, glyphs).
func TestRenderBuildsOnce(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"--part", "table:1", "-o", filepath.Join(dir, "t.pdf")},
		{"--findings", "appendix", "-o", filepath.Join(dir, "all.pdf")},
		{"-o", filepath.Join(dir, "all.xlsx")},
	} {
		before := render.Builds()
		var stderr bytes.Buffer
		if code := run(append(append([]string{"render"}, args...), "../../examples/beijing-finance-2021.json"), nil, io.Discard, &stderr); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr.String())
		}
		if n := render.Builds() - before; n != 1 {
			t.Errorf("%v: %d documents built, want 1", args, n)
		}
	}
}
