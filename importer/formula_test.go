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

// Formulas without cached values are calculated: the declared figures
// read from them are the computed ones, so the audit finds nothing.
func TestUncachedFormulas(t *testing.T) {
	d := handMadeCases(t)["minimal-self-assessment"]
	book := uncache(t, withoutSource(t, workbookOf(t, mustJSON(t, d), "")))
	res := importOne(t, "nocache.xlsx", book, Options{})
	tb := res.Disclosure.SelfAssessments[0]
	if !tb.Declared.ExecutionRate.Valid || !tb.Declared.Total.Valid {
		t.Fatalf("declared figures not calculated: %+v", tb.Declared)
	}
	rep := res.Evaluate(nil)
	declared := 0 // the form's rules (a missing 偏差原因) are not this test's
	for _, f := range rep.Findings {
		if strings.HasPrefix(f.Code, "declared_") {
			declared++
		}
	}
	if !rep.Valid() || declared != 0 {
		t.Errorf("problems %v findings %v (rate %s, score %s, total %s)", rep.Problems, rep.Findings,
			tb.Declared.ExecutionRate.Raw, tb.Declared.ExecutionScore.Raw, tb.Declared.Total.Raw)
	}
}
