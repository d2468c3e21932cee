package xlsx

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The two tests below are the Go half of scripts/xlsx-recalc.sh; they
// skip unless the script sets their variables.

// TestLibreOfficeExport writes, into the directory JIXIAO_XLSX_EXPORT,
// the reference workbook (reference.xlsx) and a copy whose cached formula
// values are all 0 (poisoned.xlsx): a value right after LibreOffice
// converted the copy can only come from a recalculation.
func TestLibreOfficeExport(t *testing.T) {
	dir := os.Getenv("JIXIAO_XLSX_EXPORT")
	if dir == "" {
		t.Skip("JIXIAO_XLSX_EXPORT not set: run scripts/xlsx-recalc.sh")
	}
	data := writeBook(t, reference(t), Options{})
	if err := os.WriteFile(filepath.Join(dir, "reference.xlsx"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "poisoned.xlsx"), poison(t, data), 0o644); err != nil {
		t.Fatal(err)
	}
}

var cachedValue = regexp.MustCompile(`(<f>[^<]*</f>)<v>[^<]*</v>`)

// poison replaces the cached value of every formula by 0.
func poison(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	n := 0
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(f.Name, "xl/worksheets/") {
			n += len(cachedValue.FindAllIndex(b, -1))
			b = cachedValue.ReplaceAll(b, []byte("${1}<v>0</v>"))
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if n < 500 {
		t.Fatalf("poisoned %d cached values, want every formula's", n)
	}
	return out.Bytes()
}

// TestLibreOfficeRecalc reads JIXIAO_XLSX_RECALCULATED, the poisoned
// workbook after LibreOffice recalculated and saved it, and checks that
// every formula cell holds the value cached in the reference workbook —
// the computed value, as TestReferenceWorkbook shows.
func TestLibreOfficeRecalc(t *testing.T) {
	path := os.Getenv("JIXIAO_XLSX_RECALCULATED")
	if path == "" {
		t.Skip("JIXIAO_XLSX_RECALCULATED not set: run scripts/xlsx-recalc.sh")
	}
	want := newBook(t, open(t, writeBook(t, reference(t), Options{})))
	got, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer got.Close()
	if g, w := got.GetSheetList(), want.f.GetSheetList(); strings.Join(g, "|") != strings.Join(w, "|") {
		t.Fatalf("LibreOffice sheets %q, want %q", g, w)
	}
	n, bad := 0, 0
	for _, sheet := range want.f.GetSheetList() {
		for r, row := range want.sheetRows(sheet) {
			for c := range row {
				if want.formula(sheet, c, r) == "" {
					continue
				}
				n++
				v, err := got.GetCellValue(sheet, cellName(c, r))
				if err != nil {
					t.Fatal(err)
				}
				if !sameValue(v, row[c]) {
					bad++
					if bad <= 50 {
						t.Errorf("%s!%s: LibreOffice computes %q, Jixiao %q (%s)", sheet, cellName(c, r), v, row[c], want.formula(sheet, c, r))
					}
				}
			}
		}
	}
	t.Logf("%d formula cells recalculated by LibreOffice, %d differ", n, bad)
	if n < 500 {
		t.Errorf("only %d formula cells", n)
	}
}

// sameValue compares a recalculated value with a cached one: equal
// strings, or numbers that are the same float64.
func sameValue(a, b string) bool {
	if a == b {
		return true
	}
	x, err1 := strconv.ParseFloat(a, 64)
	y, err2 := strconv.ParseFloat(b, 64)
	return err1 == nil && err2 == nil && x == y
}
