package xlsx

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jixiao/jixiao/evaluation"
)

// longTables returns a disclosure with one self-assessment table for each
// number of indicators in counts, on the national form: the minimal
// example's table with its indicators repeated, some names long enough to
// wrap, so that the tables end at every place of a page.
func longTables(tb testing.TB, counts []int) *evaluation.Report {
	tb.Helper()
	data, err := os.ReadFile("../../examples/minimal-self-assessment.json")
	if err != nil {
		tb.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		tb.Fatal(err)
	}
	base := doc["selfAssessments"].([]any)[0].(map[string]any)
	levels := [][2]string{{"产出指标", "数量指标"}, {"效益指标", "社会效益指标"}, {"满意度指标", "服务对象满意度指标"}}
	var tables []any
	for _, n := range counts {
		t := map[string]any{}
		for k, v := range base {
			t[k] = v
		}
		t["project"] = fmt.Sprintf("长表%d项", n)
		var inds []any
		for i := range n {
			l := levels[min(3*i/n, 2)]
			name := fmt.Sprintf("指标第%d项", i+1)
			if i%3 == 0 {
				name += "：按年度计划完成的工作事项及其成果验收情况"
			}
			weight := "1"
			if i == 0 {
				weight = strconv.Itoa(90 - (n - 1))
			}
			inds = append(inds, map[string]any{"level1": l[0], "level2": l[1], "name": name,
				"target": fmt.Sprintf("≥%d家", i+3), "actual": fmt.Sprintf("%d家", i+3), "weight": weight, "score": weight})
		}
		t["indicators"] = inds
		tables = append(tables, t)
	}
	doc["selfAssessments"] = tables
	if data, err = json.Marshal(doc); err != nil {
		tb.Fatal(err)
	}
	rep := evaluation.Evaluate(data, nil)
	if !rep.Valid() {
		tb.Fatal(rep.Problems)
	}
	return rep
}

// printedSheet is a worksheet's print layout as the package declares it,
// read from the XML independently of the writer.
type printedSheet struct {
	name      string
	paper     int
	landscape bool
	scale     int
	fitToPage bool
	margins   struct{ top, bottom, left, right float64 } // inches
	widths    []float64                                  // columns, in character units
	heights   []float64                                  // points, by 0-based row
	breaks    []int                                      // 0-based first rows of pages after the first
	titles    [2]int                                     // 0-based rows repeated on every page; -1 none
}

// pageHeight is the sheet points a printed page holds: the paper's
// height between the top and bottom margins, divided by the scale.
func (s *printedSheet) pageHeight(t *testing.T) float64 {
	if s.paper != 9 {
		t.Fatalf("%s: paper size %d, the test knows A4 (9)", s.name, s.paper)
	}
	w, h := 210/25.4*72, 297/25.4*72 // A4 in points
	if s.landscape {
		w, h = h, w
	}
	if s.scale == 0 {
		t.Fatalf("%s: no print scale: its breaks cannot be computed", s.name)
	}
	// Fit to one page wide: the scale that fits the columns (at 8 px a
	// character unit, 96 px an inch) between the side margins.
	var sheetW float64
	for _, cw := range s.widths {
		sheetW += math.Floor(cw*8+0.5) * 0.75
	}
	fit := 100
	if avail := w - (s.margins.left+s.margins.right)*72; sheetW > avail {
		fit = int(avail / sheetW * 100)
	}
	if !s.fitToPage || s.scale != fit {
		t.Errorf("%s: scale %d%% (fit to page %v), the columns fit the page's width at %d%%", s.name, s.scale, s.fitToPage, fit)
	}
	return (h - (s.margins.top+s.margins.bottom)*72) * 100 / float64(s.scale)
}

// pages lists each printed page's rows [first, end) and its height with
// the repeated titles.
func (s *printedSheet) pages() (spans [][2]int, heights []float64) {
	starts := append([]int{0}, s.breaks...)
	for i, a := range starts {
		b := len(s.heights)
		if i+1 < len(starts) {
			b = starts[i+1]
		}
		var h float64
		if s.titles[0] >= 0 && a > s.titles[1] {
			for r := s.titles[0]; r <= s.titles[1]; r++ {
				h += s.heights[r]
			}
		}
		for r := a; r < b; r++ {
			h += s.heights[r]
		}
		spans, heights = append(spans, [2]int{a, b}), append(heights, h)
	}
	return spans, heights
}

// readPrint reads the print layout of every sheet of a workbook.
func readPrint(t *testing.T, data []byte) map[string]*printedSheet {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	part := func(name string) []byte {
		f, err := zr.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		b, err := io.ReadAll(f)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
		Names []struct {
			Name  string `xml:"name,attr"`
			Sheet *int   `xml:"localSheetId,attr"`
			Ref   string `xml:",chardata"`
		} `xml:"definedNames>definedName"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.Unmarshal(part("xl/workbook.xml"), &wb); err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(part("xl/_rels/workbook.xml.rels"), &rels); err != nil {
		t.Fatal(err)
	}
	targets := map[string]string{}
	for _, r := range rels.Rels {
		targets[r.ID] = path.Join("xl", r.Target)
	}
	out := map[string]*printedSheet{}
	for i, sh := range wb.Sheets {
		var ws struct {
			SheetPr struct {
				PageSetUpPr struct {
					FitToPage bool `xml:"fitToPage,attr"`
				} `xml:"pageSetUpPr"`
			} `xml:"sheetPr"`
			Rows []struct {
				R  int     `xml:"r,attr"`
				Ht float64 `xml:"ht,attr"`
			} `xml:"sheetData>row"`
			Margins struct {
				Top    float64 `xml:"top,attr"`
				Bottom float64 `xml:"bottom,attr"`
				Left   float64 `xml:"left,attr"`
				Right  float64 `xml:"right,attr"`
			} `xml:"pageMargins"`
			Cols []struct {
				Min   int     `xml:"min,attr"`
				Max   int     `xml:"max,attr"`
				Width float64 `xml:"width,attr"`
			} `xml:"cols>col"`
			Setup struct {
				Paper       int    `xml:"paperSize,attr"`
				Scale       int    `xml:"scale,attr"`
				Orientation string `xml:"orientation,attr"`
			} `xml:"pageSetup"`
			Breaks []struct {
				ID int `xml:"id,attr"`
			} `xml:"rowBreaks>brk"`
		}
		if err := xml.Unmarshal(part(targets[sh.RID]), &ws); err != nil {
			t.Fatal(err)
		}
		s := &printedSheet{name: sh.Name, paper: ws.Setup.Paper, scale: ws.Setup.Scale,
			landscape: ws.Setup.Orientation == "landscape", fitToPage: ws.SheetPr.PageSetUpPr.FitToPage, titles: [2]int{-1, -1}}
		s.margins.top, s.margins.bottom = ws.Margins.Top, ws.Margins.Bottom
		s.margins.left, s.margins.right = ws.Margins.Left, ws.Margins.Right
		for _, c := range ws.Cols {
			for range c.Max - c.Min + 1 {
				s.widths = append(s.widths, c.Width)
			}
		}
		for _, r := range ws.Rows {
			for len(s.heights) < r.R {
				s.heights = append(s.heights, 15) // Excel's default height
			}
			s.heights[r.R-1] = r.Ht
		}
		for _, b := range ws.Breaks {
			s.breaks = append(s.breaks, b.ID) // the break follows 1-based row ID
		}
		for _, n := range wb.Names {
			if n.Name == "_xlnm.Print_Titles" && n.Sheet != nil && *n.Sheet == i {
				_, rows, _ := strings.Cut(n.Ref, "!")
				a, b, _ := strings.Cut(strings.ReplaceAll(rows, "$", ""), ":")
				x, err1 := strconv.Atoi(a)
				y, err2 := strconv.Atoi(b)
				if err1 != nil || err2 != nil {
					t.Fatalf("%s: print titles %q", sh.Name, n.Ref)
				}
				s.titles = [2]int{x - 1, y - 1}
			}
		}
		out[sh.Name] = s
	}
	return out
}

// checkTablePages checks the printed pages of a table sheet: each page
// holds what it is given at the sheet's scale; the 总分 never starts a
// page; no page after the first holds fewer than two rows below the
// repeated heads; and a page break after the 总分 is there only because
// the next row (or the notes, title to last note) does not fit on the
// page of the 总分, or the page after would otherwise hold one row; and
// the notes are on one page.
func checkTablePages(t *testing.T, b *book, s *printedSheet, total, notesTitle string) {
	t.Helper()
	pageH := s.pageHeight(t)
	spans, heights := s.pages()
	rows := b.sheetRows(s.name)
	text := func(r int) string {
		if r < len(rows) && len(rows[r]) > 0 {
			return rows[r][0]
		}
		return ""
	}
	totalRow := -1
	for r := range rows {
		if text(r) == total {
			totalRow = r
		}
	}
	notes := -1
	for r := range rows {
		if text(r) == notesTitle {
			notes = r
		}
	}
	if totalRow < 0 {
		t.Fatalf("%s: no %s row", s.name, total)
	}
	for i, sp := range spans {
		if heights[i] > pageH {
			t.Errorf("%s: page %d (rows %d–%d) is %.1f pt tall, the page holds %.1f", s.name, i+1, sp[0]+1, sp[1], heights[i], pageH)
		}
		if i == 0 {
			continue
		}
		if sp[0] == totalRow {
			t.Errorf("%s: page %d starts with the %s row", s.name, i+1, total)
		}
		if sp[1]-sp[0] < 2 {
			t.Errorf("%s: page %d holds the heads and %d row", s.name, i+1, sp[1]-sp[0])
		}
		if notes >= 0 && sp[0] > notes {
			t.Errorf("%s: page %d starts inside the notes, at row %d", s.name, i+1, sp[0]+1)
		}
		if brk := sp[0]; brk > totalRow {
			end := brk
			if text(brk) == notesTitle {
				end = len(rows) - 1
			}
			// Moved for the page's second row, the rule above.
			widow := sp[1]-(end+1) < 2
			h := heights[i-1] + sumRange(s.heights, spans[i-1][1], end+1)
			if h <= pageH && !widow {
				t.Errorf("%s: page %d starts at row %d (%q), which fits on the page before (%.1f of %.1f pt)", s.name, i+1, brk+1, text(brk), h, pageH)
			}
		}
	}
}

func sumRange(hs []float64, a, b int) float64 {
	var h float64
	for r := a; r < b; r++ {
		h += hs[r]
	}
	return h
}

// TestTablePagination renders tables of 6 to 80 indicators and checks the
// page breaks of every one against its declared row heights and page
// setup.
func TestTablePagination(t *testing.T) {
	var counts []int
	for n := 6; n <= 80; n++ {
		counts = append(counts, n)
	}
	rep := longTables(t, counts)
	data := writeBook(t, rep, Options{})
	b := newBook(t, open(t, data))
	sheets := readPrint(t, data)
	form := &rep.Profile.Forms.SelfAssessment
	multi := 0
	for i := range rep.Disclosure.SelfAssessments {
		s := sheets[b.f.GetSheetList()[i+1]]
		if len(s.breaks) > 0 {
			multi++
		}
		checkTablePages(t, b, s, form.Total, form.NotesTitle)
	}
	if multi < len(counts)/2 {
		t.Errorf("only %d of %d tables take more than a page", multi, len(counts))
	}
}

// TestLibreOfficePrintsBreaks prints long tables with LibreOffice and
// reads the PDF's pages back: LibreOffice must make exactly the pages the
// breaks declare (no break of its own, so the declared heights and scale
// are what it prints), and the page with the 总分 holds indicator rows
// too, never the heads and the 总分 alone. It needs soffice and
// pdftotext, which CI installs (scripts/ci-deps.sh); elsewhere it is
// skipped without them. JIXIAO_XLSX_IMAGES=DIR keeps the PDFs there,
// with each page as a PNG (pdftoppm).
func TestLibreOfficePrintsBreaks(t *testing.T) {
	office := tool(t, "soffice")
	pdftotext := tool(t, "pdftotext")
	counts := []int{11, 13, 33, 55, 77}
	rep := longTables(t, counts)
	dir := os.Getenv("JIXIAO_XLSX_IMAGES")
	if dir == "" {
		dir = t.TempDir()
	}
	args := []string{"-env:UserInstallation=file://" + filepath.Join(t.TempDir(), "profile"), "--headless", "--norestore",
		"--convert-to", "pdf", "--outdir", dir}
	breaks := map[string][]int{}
	for i, n := range counts {
		data := writeBook(t, rep, Options{Part: PartTable, Index: i})
		name := fmt.Sprintf("long-%d", n)
		for _, s := range readPrint(t, data) {
			breaks[name] = s.breaks
		}
		p := filepath.Join(dir, name+".xlsx")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	// The reference workbook, whole: no page of its 自评表 sheets holds
	// the repeated heads and the notes alone.
	refRep := reference(t)
	ref := filepath.Join(dir, "reference.xlsx")
	if err := os.WriteFile(ref, writeBook(t, refRep, Options{}), 0o644); err != nil {
		t.Fatal(err)
	}
	args = append(args, ref)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if msg, err := exec.CommandContext(ctx, office, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}
	form := &rep.Profile.Forms.SelfAssessment
	// The 总分 row's line: the label, then its figures (the notes
	// mention 总分 too, inside a sentence).
	totalLine := regexp.MustCompile(`(?m)^\s*` + regexp.QuoteMeta(form.Total) + `\s+[0-9]`)
	for _, n := range counts {
		name := fmt.Sprintf("long-%d", n)
		pdf := filepath.Join(dir, name+".pdf")
		out, err := exec.CommandContext(ctx, pdftotext, "-layout", pdf, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext %s: %v", pdf, err)
		}
		pages := strings.Split(strings.TrimRight(string(out), "\f"), "\f")
		if want := len(breaks[name]) + 1; len(pages) != want {
			t.Errorf("%s: LibreOffice printed %d pages, the sheet's breaks make %d", name, len(pages), want)
		}
		found := false
		for k, p := range pages {
			if !totalLine.MatchString(p) {
				continue
			}
			found = true
			if !strings.Contains(p, "指标第") {
				t.Errorf("%s: page %d holds the heads and the %s without an indicator:\n%s", name, k+1, form.Total, p)
			}
		}
		if !found {
			t.Errorf("%s: no page shows %s", name, form.Total)
		}
		checkNotesPages(t, name, pages, form.NotesTitle, totalLine)
		if os.Getenv("JIXIAO_XLSX_IMAGES") != "" {
			if pdftoppm, err := exec.LookPath("pdftoppm"); err == nil {
				if msg, err := exec.CommandContext(ctx, pdftoppm, "-r", "50", "-png", pdf, filepath.Join(dir, name)).CombinedOutput(); err != nil {
					t.Errorf("pdftoppm: %v\n%s", err, msg)
				}
			}
		}
	}
	out, err := exec.CommandContext(ctx, pdftotext, "-layout", filepath.Join(dir, "reference.pdf"), "-").Output()
	if err != nil {
		t.Fatalf("pdftotext reference.pdf: %v", err)
	}
	pages := strings.Split(strings.TrimRight(string(out), "\f"), "\f")
	notes := checkNotesPages(t, "reference", pages, form.NotesTitle, totalLine)
	t.Logf("reference workbook: %d printed pages, %d with notes", len(pages), notes)
	if notes < len(refRep.Disclosure.SelfAssessments)/2 {
		t.Errorf("reference workbook: %d pages show %s", notes, form.NotesTitle)
	}
}

// checkNotesPages fails for every printed page that shows the notes'
// title without the 总分 line, the table's foot that the notes stay
// with; it returns the number of pages that show the notes.
func checkNotesPages(t *testing.T, name string, pages []string, notesTitle string, totalLine *regexp.Regexp) int {
	t.Helper()
	n := 0
	for k, p := range pages {
		if !strings.Contains(p, notesTitle) {
			continue
		}
		n++
		if !totalLine.MatchString(p) {
			t.Errorf("%s: page %d holds the notes without the table's %s:\n%s", name, k+1, "总分", p)
		}
	}
	return n
}

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
