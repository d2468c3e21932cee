package importer

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// bomb is a valid workbook plus one part of n zero bytes, which packs to
// about n/1000.
func bomb(t *testing.T, n int) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, name := range []string{"[Content_Types].xml", "xl/workbook.xml"} {
		w, _ := zw.Create(name)
		w.Write([]byte("<x/>"))
	}
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	zero := make([]byte, 1<<20)
	for range n >> 20 {
		w.Write(zero)
	}
	zw.Close()
	return b.Bytes()
}

// sheetOf is a workbook with one sheet of the given rows.
func sheetOf(t *testing.T, rows int, cells ...string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for r := range rows {
		row := []any{r}
		for _, c := range cells {
			row = append(row, c)
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+1)
		if err := sw.SetRow(cell, row); err != nil {
			t.Fatal(err)
		}
	}
	sw.Flush()
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Every bad file gets an error of its kind that names the file (and the
// sheet, where there is one) and says what to do, in time.
func TestBadFiles(t *testing.T) {
	ole := []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	for _, c := range []struct {
		name   string
		data   []byte
		limits Limits
		kind   error
		says   []string
	}{
		{"legacy.xls", append(ole, make([]byte, 1024)...), Limits{}, ErrUnsupported, []string{"legacy.xls", ".xls", "另存为", "Save As"}},
		{"locked.xlsx", append(append(ole, make([]byte, 100)...), utf16le("EncryptedPackage")...), Limits{}, ErrUnsupported, []string{"locked.xlsx", "密码", "password"}},
		{"page.xls", []byte("<html><body><table><tr><td>项目名称</td></tr></table></body></html>"), Limits{}, ErrUnsupported, []string{"page.xls", "HTML", ".xlsx"}},
		{"xml.xls", []byte(`<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>`), Limits{}, ErrUnsupported, []string{"xml.xls", "SpreadsheetML"}},
		{"notes.txt", []byte("just text"), Limits{}, ErrUnsupported, []string{"notes.txt", "unrecognised"}},
		{"cut.xlsx", []byte("PK\x03\x04\x14\x00 cut short"), Limits{}, ErrUnsupported, []string{"cut.xlsx", "ZIP"}},
		{"bomb.xlsx", bomb(t, 64<<20), Limits{}, ErrTooLarge, []string{"bomb.xlsx", "sheet1.xml", "ZIP bomb"}},
		{"big.xlsx", bomb(t, 8<<20), Limits{MaxUnpacked: 4 << 20, MaxRatio: 1 << 20}, ErrTooLarge, []string{"big.xlsx", "4 MiB"}},
		{"rows.xlsx", sheetOf(t, 100000), Limits{}, ErrTooLarge, []string{"rows.xlsx", "Sheet1", "20000 rows"}},
		{"empty.xlsx", sheetOf(t, 3, "项目", "金额"), Limits{}, ErrNoTable, []string{"empty.xlsx", "Sheet1", "项目名称"}},
		{"huge.json", make([]byte, 100), Limits{MaxFileSize: 10}, ErrTooLarge, []string{"huge.json"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			_, err := Import([]File{{Name: c.name, Data: c.data}}, Options{Limits: c.limits})
			if took := time.Since(start); took > 20*time.Second {
				t.Errorf("took %v", took)
			}
			if !errors.Is(err, c.kind) {
				t.Fatalf("error %v, want %v", err, c.kind)
			}
			for _, s := range c.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("%q does not say %q", err, s)
				}
			}
		})
	}
}

// A cell that is not the figure the form expects is a problem at its
// place, not a dropped value or an error for the whole file.
func TestBadCell(t *testing.T) {
	cases := handMadeCasesNoOffice(t)
	d := cases["minimal-self-assessment"]
	book := workbookOf(t, mustJSON(t, d), "")
	f, err := excelize.OpenReader(bytes.NewReader(withoutSource(t, book)))
	if err != nil {
		t.Fatal(err)
	}
	sheet := f.GetSheetList()[1]
	// The total row's 全年预算数 (found by its label, as the importer does).
	var at string
	rows, _ := f.GetRows(sheet)
	for r, row := range rows {
		for c, v := range row {
			if v == "全年预算数" {
				at, _ = excelize.CoordinatesToCellName(c+1, r+2)
			}
		}
	}
	f.SetCellStr(sheet, at, "五十万")
	var b bytes.Buffer
	f.Write(&b)
	res, err := Import([]File{{Name: "bad.xlsx", Data: b.Bytes()}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) != 1 || res.Problems[0].Path != "/selfAssessments/0/funds/total/budget" || res.Problems[0].Place != sheetRef(sheet)+"!"+at {
		t.Fatalf("problems %v", res.Problems)
	}
	rep := res.Evaluate(nil)
	if rep.Valid() || !strings.Contains(rep.Problems[0].String(), sheet+"!"+at) {
		t.Errorf("report problems %v", rep.Problems)
	}
}
