package xlsx

import (
	"archive/zip"
	"bytes"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/xuri/excelize/v2"
)

// TestLibreOfficeRecalc renders the workbook of every example (the
// reference disclosure and one per profile), replaces every cached
// formula value by 0, has LibreOffice recalculate and save the copies,
// and checks that every formula cell then holds the value Jixiao cached —
// the computed value, as TestReferenceWorkbook shows for the reference.
// It needs LibreOffice (soffice), which CI installs (scripts/ci-deps.sh);
// elsewhere it is skipped when soffice is missing.
func TestLibreOfficeRecalc(t *testing.T) {
	office, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("soffice not found: CI must install LibreOffice (scripts/ci-deps.sh)")
		}
		t.Skip("soffice not found: install libreoffice-calc-nogui")
	}
	examples, err := filepath.Glob("../../examples/*.json")
	if err != nil || len(examples) < 6 {
		t.Fatalf("examples: %v %v", examples, err)
	}
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in"), filepath.Join(dir, "out")
	for _, d := range []string{in, out, filepath.Join(dir, "profile", "user")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// A private LibreOffice profile that recalculates OOXML files on load
	// instead of trusting the cached values.
	if err := os.WriteFile(filepath.Join(dir, "profile", "user", "registrymodifications.xcu"), []byte(recalcOnLoad), 0o644); err != nil {
		t.Fatal(err)
	}
	books := map[string][]byte{}
	args := []string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless", "--norestore",
		"--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out}
	for _, e := range examples {
		name := strings.TrimSuffix(filepath.Base(e), ".json") + ".xlsx"
		data, err := os.ReadFile(e)
		if err != nil {
			t.Fatal(err)
		}
		rep := evaluation.Evaluate(data, nil)
		if !rep.Valid() {
			t.Fatalf("%s: %v", e, rep.Problems)
		}
		books[name] = writeBook(t, rep, Options{})
		path := filepath.Join(in, name)
		if err := os.WriteFile(path, poison(t, books[name]), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, path)
	}
	// The reference with its declared figures: the declared values must
	// survive the recalculation, the twins compute as the computed book.
	ref := reference(t)
	const declaredName = "beijing-finance-2021-declared.xlsx"
	books[declaredName] = writeBookAs(t, ref, Options{}, true)
	if err := os.WriteFile(filepath.Join(in, declaredName), poison(t, books[declaredName]), 0o644); err != nil {
		t.Fatal(err)
	}
	args = append(args, filepath.Join(in, declaredName))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if msg, err := exec.CommandContext(ctx, office, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}
	total := 0
	for name, data := range books {
		total += recalculated(t, name, data, filepath.Join(out, name))
	}
	checkDeclaredKept(t, ref, books[declaredName], filepath.Join(out, declaredName))
	if total < 600 {
		t.Errorf("only %d formula cells", total)
	}
}

const recalcOnLoad = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`

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
		b, err := fs.ReadFile(zr, f.Name)
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
	if n == 0 {
		t.Fatal("no cached formula value to poison")
	}
	return out.Bytes()
}

// recalculated checks the workbook LibreOffice saved at path against the
// one Jixiao wrote, cell by formula cell, and returns how many it checked.
func recalculated(t *testing.T, name string, data []byte, path string) int {
	t.Helper()
	want := newBook(t, open(t, data))
	got, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	defer got.Close()
	if g, w := got.GetSheetList(), want.f.GetSheetList(); strings.Join(g, "|") != strings.Join(w, "|") {
		t.Fatalf("%s: LibreOffice sheets %q, want %q", name, g, w)
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
					if bad <= 20 {
						t.Errorf("%s %s!%s: LibreOffice computes %q, Jixiao %q (%s)", name, sheet, cellName(c, r), v, row[c], want.formula(sheet, c, r))
					}
				}
			}
		}
	}
	t.Logf("%s: %d formula cells recalculated by LibreOffice, %d differ", name, n, bad)
	if n == 0 {
		t.Errorf("%s: no formula cells", name)
	}
	return n
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

// checkDeclaredKept checks that every declared figure of the workbook
// LibreOffice recalculated and saved at path holds the declared value
// Jixiao wrote.
func checkDeclaredKept(t *testing.T, rep *evaluation.Report, data []byte, path string) {
	t.Helper()
	want := newBook(t, open(t, data))
	got, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer got.Close()
	sheets := want.f.GetSheetList()
	n := 0
	for i := range rep.Disclosure.SelfAssessments {
		sheet := sheets[i+1]
		for _, d := range declaredCells(t, want, rep.Profile.Forms.SelfAssessment.Total, sheet, &rep.Disclosure.SelfAssessments[i], &rep.Result.Tables[i]) {
			n++
			v, err := got.GetCellValue(sheet, cellName(d.c, d.r))
			if err != nil {
				t.Fatal(err)
			}
			if w := want.value(sheet, d.c, d.r); !sameValue(v, w) {
				t.Errorf("%s!%s: declared %q, %q after LibreOffice recalculated", sheet, cellName(d.c, d.r), w, v)
			}
		}
	}
	t.Logf("%d declared figures kept by LibreOffice's recalculation", n)
	if n == 0 {
		t.Error("no declared figure")
	}
}
