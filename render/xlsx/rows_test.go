package xlsx

import (
	"archive/zip"
	"bytes"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestRowsAsStreamWriter holds the rows the grid writes itself to the
// bytes excelize's stream writer makes of the same cells.
func TestRowsAsStreamWriter(t *testing.T) {
	values := []any{
		nil, 0, 7, -12, 1 << 40,
		0.0, math.Copysign(0, -1), 0.1, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 123456789.123456789, 1234567890123456789.0,
		1e21, 1e-7, 1.2345678901234567e-5, -98765.4321, math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64,
		"", "a", "合计", " lead", "trail ", "\tTab", "line\nfeed", "cr\r", "both \n", `"quoted" 'single'`,
		"a & b < c > d", "bad \xff utf8", "ctl \x01 char", "\uFFFD literal", "emoji 😀", "x_y", "_y0041_", "_X0041_",
		strings.Repeat("长", 300), "&#xA; already", "\n",
	}
	formulas := []string{"", `ROUND(B2*100,2)`, `IF(A1="",“否”,"a&b<c")`, "SUM(A1:A3)\n"}
	var g grid
	g.widths = make([]float64, 5)
	style := 0
	for i, v := range values {
		for j, f := range formulas {
			if v == nil && f == "" && j > 0 {
				continue
			}
			row := gridRow{height: float64(i%4) * 7.25, cells: make([]cell, len(g.widths))}
			row.cells[j%len(row.cells)] = cell{style: style % 4, set: true, value: v, formula: f}
			row.cells[(j+2)%len(row.cells)] = cell{style: 3} // style only
			style++
			g.rows = append(g.rows, row)
		}
	}
	if !g.directRows() {
		t.Fatal("directRows refused the test's values")
	}
	var direct bytes.Buffer
	g.writeRows(&direct)

	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	if err := g.streamRows(sw); err != nil {
		t.Fatal(err)
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var book bytes.Buffer
	if err := f.Write(&book); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(book.Bytes()), int64(book.Len()))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.Open("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	sheet, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := bytes.Cut(sheet, []byte("<sheetData>"))
	streamed, _, ok := bytes.Cut(rest, []byte("</sheetData>"))
	if !ok {
		t.Fatalf("no sheetData in %s", sheet)
	}
	if !bytes.Equal(direct.Bytes(), streamed) {
		d, s := direct.String(), string(streamed)
		i := 0
		for i < len(d) && i < len(s) && d[i] == s[i] {
			i++
		}
		t.Fatalf("rows differ at byte %d:\ndirect:   %.300s\nstreamed: %.300s", i, d[i:], s[i:])
	}
}

// TestDirectRowsFallBack lists what the grid leaves to the stream
// writer.
func TestDirectRowsFallBack(t *testing.T) {
	for _, v := range []any{math.NaN(), math.Inf(1), "_x0041_", strings.Repeat("a", excelize.TotalCellChars+1), int64(3), true} {
		g := grid{rows: []gridRow{{cells: []cell{{set: true, value: v}}}}}
		if g.directRows() {
			t.Errorf("directRows accepts %#v", v)
		}
	}
	g := grid{rows: []gridRow{{height: excelize.MaxRowHeight + 1, cells: []cell{{set: true, value: "a"}}}}}
	if g.directRows() {
		t.Error("directRows accepts a row over the maximum height")
	}
}

// TestSheetAsStreamWriter holds a whole sheet written with the grid's own
// columns and rows to the same sheet written through the stream writer:
// widths, hidden columns, merged ranges, page breaks and cells alike.
func TestSheetAsStreamWriter(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	w := &writer{f: f}
	names := []string{"直", "流"} // sheet2.xml, sheet3.xml: made alike
	for _, name := range names {
		if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
	}
	for i, name := range names {
		g := w.newGrid([]float64{9.5, 14, 7.25, 255, 12.125})
		g.hide(2, 9)
		row := func(h float64, cells ...cell) {
			r := gridRow{height: h, cells: make([]cell, len(g.widths))}
			copy(r.cells, cells)
			g.rows = append(g.rows, r)
		}
		row(20, cell{style: 1, set: true, value: "标题 title"}, cell{style: 1}, cell{style: 1}, cell{style: 2, set: true, value: 12.5, formula: "ROUND(B2,2)"})
		row(0, cell{set: true, value: 3}, cell{style: 3, set: true, value: "合并 " + strings.Repeat("长文字", 20)}, cell{style: 3}, cell{style: 3}, cell{style: 3})
		row(maxRowHeight, cell{set: true, value: "tall"})
		row(maxRowHeight)
		g.merge(area{0, 0, 0, 2})
		g.merge(area{1, 1, 1, 4})
		g.merge(area{2, 0, 3, 6})
		g.keep(2, 3)
		g.breaks = []int{2}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := g.flushWith(sw, i == 0); err != nil {
			t.Fatal(err)
		}
	}
	var book bytes.Buffer
	zw := &sortedZip{}
	if err := zw.spliceRows(f, w.rows); err != nil {
		t.Fatal(err)
	}
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zw })
	if _, err := f.WriteTo(io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := zw.writeTo(&book); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(book.Bytes()), int64(book.Len()))
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		rc, err := zr.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		b, err := io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	direct, streamed := read("xl/worksheets/sheet2.xml"), read("xl/worksheets/sheet3.xml")
	if !strings.Contains(direct, `hidden="1"`) || !strings.Contains(direct, "<mergeCell ") || !strings.Contains(direct, "<brk ") {
		t.Fatalf("the test sheet lacks hidden columns, merges or breaks: %s", direct)
	}
	if direct != streamed {
		i := 0
		for i < len(direct) && i < len(streamed) && direct[i] == streamed[i] {
			i++
		}
		t.Fatalf("sheets differ at byte %d:\ndirect:   %.300s\nstreamed: %.300s", i, direct[i:], streamed[i:])
	}
}
