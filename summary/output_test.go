package summary

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// tool finds a program the test needs: CI must have it (CI set); on
// another machine the test is skipped without it.
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s not found: CI must install it (scripts/ci-deps.sh)", name)
		}
		t.Skipf("%s not found: install it (scripts/ci-deps.sh) to run this test", name)
	}
	return p
}

func write(t *testing.T, s *Summary, format string) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := s.Write(context.Background(), &b, WriteOptions{Format: format}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestPDFChartsAreVectors checks the PDF draws its charts without a
// single image, and prints their Chinese labels as text.
func TestPDFChartsAreVectors(t *testing.T) {
	pdfimages, pdftotext := tool(t, "pdfimages"), tool(t, "pdftotext")
	s := build(t, Options{}, append(exampleInputs(t), synthInputs(20, 2)...), nil)
	dir := t.TempDir()
	name := filepath.Join(dir, "summary.pdf")
	if err := os.WriteFile(name, write(t, s, PDF), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdfimages, "-list", name).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfimages: %v\n%s", err, out)
	}
	if lines := strings.Split(strings.TrimSpace(string(out)), "\n"); len(lines) != 2 {
		t.Errorf("pdfimages -list lists images:\n%s", out)
	}
	txt, err := exec.Command(pdftotext, "-f", "1", "-l", "2", name, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	f := s.forms
	for _, want := range []string{f.Charts.Grades, f.Charts.Rates, f.Charts.Scatter, f.Charts.Findings, "90%", "优", f.Charts.ScatterX} {
		if !strings.Contains(string(txt), want) {
			t.Errorf("the first pages do not print %q:\n%s", want, txt)
		}
	}
}

// TestOFDCharts checks the OFD draws the charts as filled paths and
// their labels as text.
func TestOFDCharts(t *testing.T) {
	s := build(t, Options{}, append(exampleInputs(t), synthInputs(5, 2)...), nil)
	data := write(t, s, OFD)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var page string
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, "Page_0/Content.xml") {
			r, _ := f.Open()
			b, _ := io.ReadAll(r)
			page = string(b)
		}
		if strings.HasPrefix(f.Name, "Doc_0/Res") && strings.Contains(strings.ToLower(f.Name), ".png") {
			t.Errorf("the package holds an image: %s", f.Name)
		}
	}
	for _, want := range []string{`Fill="true"`, `<ofd:FillColor Value="89 161 79"/>`, "DashPattern=", "自评等级分布"} {
		if !strings.Contains(page, want) {
			t.Errorf("the first page has no %s", want)
		}
	}
	if strings.Contains(page, "ImageObject") {
		t.Error("the first page draws an image")
	}
}

// TestXLSXCharts checks the workbook holds a native chart per chart of
// the PDF, with the numbers behind them in cells, and that LibreOffice
// opens and converts it.
func TestXLSXCharts(t *testing.T) {
	s := build(t, Options{}, append(exampleInputs(t), synthInputs(20, 2)...), nil)
	data := write(t, s, XLSX)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	charts := 0
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "xl/charts/chart") && strings.HasSuffix(f.Name, ".xml") {
			charts++
		}
	}
	if charts != 5 {
		t.Errorf("%d charts, want 5", charts)
	}
	wb, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	for i, g := range s.Grades {
		label, _ := wb.GetCellValue(dataSheet, "A"+itoa(i+2))
		n, _ := wb.GetCellValue(dataSheet, "B"+itoa(i+2))
		if label != g || n != itoa(s.Totals.Grades[g]) {
			t.Errorf("grade row %d: %s %s, want %s %d", i, label, n, g, s.Totals.Grades[g])
		}
	}
	// The projects' sheet holds the exact amounts as numbers.
	rows, err := wb.GetRows(s.forms.Projects.Sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	last := rows[len(rows)-1]
	if last[0] != s.forms.Total || last[2] != s.Totals.Budget.String() || last[4] != s.Totals.Rate.String() {
		t.Errorf("total row %q, want %s %s %s", last, s.forms.Total, s.Totals.Budget, s.Totals.Rate)
	}

	office := tool(t, "soffice")
	dir := t.TempDir()
	in := filepath.Join(dir, "summary.xlsx")
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(office, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless", "--norestore",
		"--convert-to", "pdf", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pdf, err := os.ReadFile(filepath.Join(dir, "summary.pdf"))
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("LibreOffice made no PDF: %v", err)
	}
	if keep := os.Getenv("SUMMARY_KEEP"); keep != "" {
		_ = os.WriteFile(filepath.Join(keep, "summary-xlsx.pdf"), pdf, 0o644)
	}
}
