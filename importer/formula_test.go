package importer

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"strings"
	"testing"
)

// uncache removes every formula's cached value, as a workbook written by
// a program that does not calculate has none.
func uncache(t *testing.T, book []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	cached := regexp.MustCompile(`(</f>|<f[^>]*/>)<v>[^<]*</v>`)
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range zr.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		if strings.HasPrefix(f.Name, "xl/worksheets/") {
			data = cached.ReplaceAll(data, []byte("$1"))
		}
		w, _ := zw.Create(f.Name)
		w.Write(data)
	}
	zw.Close()
	return b.Bytes()
}

// Formulas without cached values are not calculated: each figure cell
// holding one is a problem naming its sheet and cell, so that no figure
// is silently left out and none is computed by the importer.
func TestUncachedFormulas(t *testing.T) {
	d := handMadeCases(t)["minimal-self-assessment"]
	book := uncache(t, withoutSource(t, workbookOf(t, mustJSON(t, d), "")))
	res, err := Import([]File{{Name: "nocache.xlsx", Data: book}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tb := res.Disclosure.SelfAssessments[0]
	if tb.Declared.ExecutionRate.Valid || tb.Declared.Total.Valid {
		t.Fatalf("declared figures calculated: %+v", tb.Declared)
	}
	checkFormulaProblems(t, res, []string{"/declared/executionRate", "/declared/executionScore", "/declared/total", "/indicators/0/level1"})
	if rep := res.Evaluate(nil); rep.Valid() {
		t.Error("a workbook with uncalculated formulas evaluates as valid")
	}
}
