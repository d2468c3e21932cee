package export

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jixiao/jixiao/batch/synth"
	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/fonts"
	"github.com/jixiao/jixiao/internal/abuse"
	"github.com/jixiao/jixiao/render/layout"
	"github.com/jixiao/jixiao/render/pdf"
)

// fuzzLimits keep one fuzz input to a fraction of a second.
var fuzzLimits = evaluation.Limits{Depth: 64, Rows: 300, Items: 3000, Chars: 20_000, Tables: 10}

// fuzzSeeds are the seed corpus of the whole-path fuzz targets: the
// examples, a synthetic disclosure and the hostile inputs (run by a
// plain `go test`).
func fuzzSeeds(f *testing.F) {
	examples, _ := filepath.Glob(filepath.Join("..", "examples", "*.json"))
	for _, e := range examples {
		data, err := os.ReadFile(e)
		if err != nil {
			f.Fatal(err)
		}
		if evaluation.CheckLimits(data, fuzzLimits) == nil {
			f.Add(data)
		}
	}
	for _, s := range [][]byte{
		synth.JSON(synth.Table, 0), abuse.Valid(), abuse.TallHeader(), abuse.ZeroWidths(), abuse.TinyBudget(),
		abuse.LongWord(4000), abuse.FreeTableRows(50), abuse.IndicatorRows(50), abuse.DeepNesting(200),
		abuse.LoneSurrogate(), abuse.BOM(), abuse.Text("示例\u202e项目"),
		abuse.WithTable(map[string]any{"widths": []any{"NaN", "1"}, "rows": []any{[]any{"a", "b"}}}),
		abuse.WithTable(map[string]any{"widths": []any{"0.0000001", "1"}, "rows": []any{[]any{"a", "b"}}}),
		abuse.WithTable(map[string]any{"widths": []any{"1", "Infinity"}, "rows": []any{[]any{"a", "b"}}}),
		abuse.WithTable(map[string]any{"header": []any{[]any{map[string]any{"text": "合并", "colSpan": 2}}},
			"rows": []any{[]any{map[string]any{"text": "跨行", "rowSpan": 2}, "b"}, []any{"c"}}}),
	} {
		f.Add(s)
	}
}

// fuzzReport evaluates data within the fuzz limits; nil when it is
// refused (the point of the target is what is accepted).
func fuzzReport(t *testing.T, data []byte) *evaluation.Report {
	if evaluation.CheckLimits(data, fuzzLimits) != nil {
		return nil
	}
	rep := evaluation.Evaluate(data, nil)
	if !rep.Valid() {
		return nil
	}
	// Validation promises rendering: no free table reaches the layout
	// with a width that is not positive.
	walkTables(rep.Disclosure, func(tb *evaluation.Table) {
		for _, w := range tb.Widths {
			if !w.Value.IsPositive() {
				t.Fatalf("width %s accepted", w.Raw)
			}
		}
	})
	return rep
}

func walkTables(d *evaluation.Disclosure, fn func(*evaluation.Table)) {
	var sections func([]evaluation.Section)
	sections = func(ss []evaluation.Section) {
		for _, s := range ss {
			for _, b := range s.Blocks {
				if b.Table != nil {
					fn(b.Table)
				}
			}
			sections(s.Sections)
		}
	}
	if d.DepartmentReport != nil {
		sections(d.DepartmentReport.Sections)
	}
	for _, p := range d.ProjectReports {
		sections(p.Sections)
	}
}

// renderable reports whether err is one a valid input may meet: a
// limit, or the deadline of the run.
func renderable(err error) bool {
	var le *layout.LimitError
	return err == nil || errors.As(err, &le) || errors.Is(err, context.DeadlineExceeded)
}

// FuzzPDF runs decode → validate → layout → PDF on arbitrary bytes: a
// valid input lays out with finite coordinates inside the page and
// becomes a PDF, or meets a limit. Long run:
//
//	go test -run X -fuzz FuzzPDF -fuzztime 10m -fuzzminimizetime 10s ./export
func FuzzPDF(f *testing.F) {
	fuzzSeeds(f)
	fs, err := fonts.Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rep := fuzzReport(t, data)
		if rep == nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		plan, err := NewPlan(rep, Options{Fonts: fs, MaxPages: 200})
		if err != nil {
			t.Fatalf("build: %v", err)
		}
		doc := plan.Document
		res, err := plan.Pages(ctx)
		if !renderable(err) {
			t.Fatalf("layout: %v", err)
		}
		if err != nil {
			return
		}
		finite := func(vs ...float64) bool {
			for _, v := range vs {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return false
				}
			}
			return true
		}
		for i, p := range res.Pages {
			for _, r := range p.Rules {
				if !finite(r.X1, r.Y1, r.X2, r.Y2, r.Width) {
					t.Fatalf("page %d: rule %+v", i+1, r)
				}
			}
			for _, r := range p.Runs {
				if !finite(r.X, r.Y, r.Size, r.CharSpacing) || r.X < 0 || r.X > p.Width || r.Y < 0 || r.Y > p.Height {
					t.Fatalf("page %d: run %q at %.1f,%.1f", i+1, r.Text, r.X, r.Y)
				}
			}
		}
		var buf bytes.Buffer
		if err := pdf.Write(ctx, &buf, doc, res, pdf.Options{}); !renderable(err) {
			t.Fatalf("pdf: %v", err)
		}
	})
}

// FuzzXLSX runs decode → validate → XLSX on arbitrary bytes. Long run:
//
//	go test -run X -fuzz FuzzXLSX -fuzztime 10m -fuzzminimizetime 10s ./export
func FuzzXLSX(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		rep := fuzzReport(t, data)
		if rep == nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		var buf bytes.Buffer
		if _, err := Render(ctx, &buf, rep, Options{Format: XLSX}); !renderable(err) {
			t.Fatalf("xlsx: %v", err)
		}
	})
}
