package batch

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/internal/abuse"
)

// TestRunFailureNamesCause: an input whose PDF passes the page limit is
// failed with the limit named in the manifest, and its XLSX, which
// renders, is kept; an input over a size limit is invalid with the
// limit and the field named.
func TestRunFailureNamesCause(t *testing.T) {
	var out bytes.Buffer
	sum, err := Run(context.Background(),
		NewNDJSON(lines(abuse.FreeTableRows(400), abuse.FreeTableRows(99), abuse.Valid()), "b", 1<<20),
		NewZip(&out, time.Now()),
		Options{Render: export.Options{MaxPages: 2}, Limits: evaluation.Limits{Rows: 100}})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Inputs != 3 || sum.Invalid != 1 || sum.Failed != 1 || sum.OK != 1 {
		t.Fatalf("summary %+v", sum)
	}
	_, m := readZip(t, out.Bytes())
	over := m.Inputs[0]
	if over.Status != StatusInvalid || over.Errors[0].Code != evaluation.CodeLimit ||
		over.Errors[0].Path != "/projectReports/0/sections/0/blocks/0/table/rows/100" {
		t.Errorf("input over the row limit: %+v", over)
	}
	pages := m.Inputs[1]
	if pages.Status != StatusFailed || len(pages.Files) != 1 || pages.Files[0].Format != export.XLSX.Name ||
		pages.Errors[0].Code != evaluation.CodeLimit || !strings.Contains(pages.Errors[0].Message, "PDF") ||
		!strings.Contains(pages.Errors[0].MessageEN, "(limit pages)") {
		t.Errorf("input over the page limit: %+v", pages)
	}
}

// TestRunLeadingBOM: an input with a byte order mark is read as the same
// input without, as validate and render read it.
func TestRunLeadingBOM(t *testing.T) {
	var out bytes.Buffer
	sum, err := Run(context.Background(), NewSingle(bytes.NewReader(abuse.BOM()), "x", 1<<20), NewZip(&out, time.Now()), Options{Write: fakeRender})
	if err != nil || sum.OK != 1 {
		t.Fatalf("Run: %v %+v", err, sum)
	}
}

// TestCleanNameDropsInvisible: bidi overrides and invisible separators
// never reach a ZIP entry name.
func TestCleanNameDropsInvisible(t *testing.T) {
	if got := cleanName("示例\u202e局\u200b\u2028\u2066"); got != "示例局" {
		t.Errorf("cleanName = %q", got)
	}
}
