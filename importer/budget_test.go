package importer

import (
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/batch/synth"
	"github.com/jixiao/jixiao/evaluation"
)

// TestStatedBudget reads a department report's budget from its prose:
// each figure from the paragraph that states it, with its place; a figure
// stated twice keeps its first statement, and the second, different one
// is the audit's to report; a figure not stated is a note.
func TestStatedBudget(t *testing.T) {
	p := func(text string) string { return `<w:p><w:r><w:t>` + text + `</w:t></w:r></w:p>` }
	body := p("某局2021年度部门整体绩效评价报告") +
		p("一、当年预算执行情况") +
		p("2021 年全年预算数 １,２３5.50 万元，其中，基本支出预算数 1,000.5 万元，项目支出预算数 235 万元。") +
		p("二、预算管理情况分析") +
		p("2021 年度支出预算金额 900.00 万元，结转结余资金总额 30.00 万元，结转结余率 3.33%。") +
		p("重申：全年预算数 1,300.00 万元。")
	res, err := Import([]File{{Name: "r.docx", Data: docxOf(t, body)}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b := res.Disclosure.DepartmentReport.Budget
	for _, c := range []struct {
		name, raw, place string
	}{
		{"全年预算数", "1,235.50", "¶3"}, // full-width digits read half-width
		{"基本支出预算数", "1,000.5", "¶3"},
		{"项目支出预算数", "235", "¶3"},
		{"结转结余预算数", "900.00", "¶5"},
		{"结转结余资金", "30.00", "¶5"},
	} {
		n, path := b.Figure(c.name, false)
		if n == nil || !n.Valid || n.Raw != c.raw {
			t.Errorf("%s: %+v, want %s", c.name, n, c.raw)
			continue
		}
		if at := res.Provenance["/departmentReport/budget"+path]; at != c.place {
			t.Errorf("%s: place %q, want %q", c.name, at, c.place)
		}
	}
	if b.Budget.Total.Value.String() != "1235.5" {
		t.Errorf("全年预算数 %s: the first statement counts", b.Budget.Total.Value)
	}
	if b.Spending.Total.Valid || b.PreviousCarryover != nil || b.FinalAccounts != nil {
		t.Errorf("figures the text does not state were set: %+v", b)
	}
	notes := strings.Join(res.Notes, "\n")
	for _, want := range []string{"读取部门预算数字 5 项", "正文未写明全年支出数"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
	rep := res.Evaluate(nil)
	for _, e := range rep.Problems {
		if strings.HasPrefix(e.Path, "/departmentReport/budget/budget") || strings.HasPrefix(e.Path, "/departmentReport/budget/carryover") {
			t.Errorf("problem on a figure the text states: %v", e)
		}
	}
}

// TestStatedBudgetReference imports the reference's department report,
// laid out as a Word document by LibreOffice from HTML, and reads every
// budget figure the published JSON holds from its prose.
func TestStatedBudgetReference(t *testing.T) {
	input, err := os.ReadFile("../examples/beijing-finance-2021.json")
	if err != nil {
		t.Fatal(err)
	}
	rep := evaluation.Evaluate(input, nil)
	if !rep.Valid() {
		t.Fatalf("reference invalid: %v", rep.Problems)
	}
	d := rep.Disclosure
	data := wordOf(t, departmentHTML(d))
	checkStatedBudget(t, data, d)
}

// TestCommittedPandocReports imports reports made by another program,
// pandoc (`pandoc -f html -t docx`, from the pages the tests above lay
// out; files under testdata/pandoc): its documents name their styles and
// lay out tables otherwise than LibreOffice's.
func TestCommittedPandocReports(t *testing.T) {
	input, err := os.ReadFile("../examples/beijing-finance-2021.json")
	if err != nil {
		t.Fatal(err)
	}
	dept, err := os.ReadFile(filepath.Join("testdata", "pandoc", "department-report.docx"))
	if err != nil {
		t.Fatal(err)
	}
	checkStatedBudget(t, dept, evaluation.Evaluate(input, nil).Disclosure)
	project, err := os.ReadFile(filepath.Join("testdata", "pandoc", "project-report.docx"))
	if err != nil {
		t.Fatal(err)
	}
	checkWordReport(t, project, synth.Disclosure(synth.Options{Seed: 3, Projects: 1, Paragraphs: 2}, 0))
}

// checkStatedBudget imports a Word department report laid out from d
// (departmentHTML) and checks its sections and that every budget figure
// d holds is read from the prose, with its paragraph.
func checkStatedBudget(t *testing.T, data []byte, d *evaluation.Disclosure) {
	t.Helper()
	res, err := Import([]File{{Name: "dept.docx", Data: data}}, Options{Profile: d.Profile})
	if err != nil {
		t.Fatal(err)
	}
	got, want := res.Disclosure.DepartmentReport.Budget, d.DepartmentReport.Budget
	checked := 0
	for _, name := range []string{"全年预算数", "基本支出预算数", "项目支出预算数", "全年支出数", "基本支出数", "项目支出数",
		"结转结余预算数", "结转结余资金", "上年结转结余预算数", "上年结转结余资金", "支出预算数", "支出决算数"} {
		w, path := want.Figure(name, false)
		g, _ := got.Figure(name, false)
		if g == nil || !g.Valid || !g.Value.Equal(w.Value) {
			t.Errorf("%s: read %+v, want %s", name, g, w.Value)
			continue
		}
		if at := res.Provenance["/departmentReport/budget"+path]; !strings.HasPrefix(at, "¶") {
			t.Errorf("%s: place %q", name, at)
		}
		checked++
	}
	if checked != 12 {
		t.Errorf("read %d of 12 figures", checked)
	}
	gs, ws := res.Disclosure.DepartmentReport.Sections, d.DepartmentReport.Sections
	if len(gs) != len(ws) {
		t.Fatalf("%d sections, want %d", len(gs), len(ws))
	}
	for i := range ws {
		if gs[i].Heading != ws[i].Heading || len(gs[i].Sections) != len(ws[i].Sections) {
			t.Errorf("section %d: %q with %d subsections, want %q with %d", i, gs[i].Heading, len(gs[i].Sections), ws[i].Heading, len(ws[i].Sections))
		}
	}
}

// departmentHTML lays out a department report's title, numbered headings
// (一、 （一） 1. （1）) and paragraphs as people write them in Word; list
// items are paragraphs.
func departmentHTML(d *evaluation.Disclosure) string {
	var b strings.Builder
	e := html.EscapeString
	fmt.Fprintf(&b, "<html><head><meta charset=\"utf-8\"></head><body>\n<p>%s%d年度部门整体绩效评价报告</p>\n", e(d.Department), d.Year)
	var walk func(ss []evaluation.Section, depth int)
	walk = func(ss []evaluation.Section, depth int) {
		for i, s := range ss {
			fmt.Fprintf(&b, "<p>%s%s</p>\n", headingNumber(depth, i), e(s.Heading))
			for _, blk := range s.Blocks {
				if blk.Paragraph != "" {
					fmt.Fprintf(&b, "<p>%s</p>\n", e(blk.Paragraph))
				}
				if blk.List != nil {
					for _, item := range blk.List.Items {
						fmt.Fprintf(&b, "<p>%s</p>\n", e(item))
					}
				}
			}
			walk(s.Sections, depth+1)
		}
	}
	walk(d.DepartmentReport.Sections, 0)
	b.WriteString("</body></html>\n")
	return b.String()
}

// headingNumber is the i-th heading's number at depth: 一、 （一） 1. （1）.
func headingNumber(depth, i int) string {
	cn := []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	switch depth {
	case 0:
		return cn[i%10] + "、"
	case 1:
		return "（" + cn[i%10] + "）"
	case 2:
		return fmt.Sprintf("%d.", i+1)
	}
	return fmt.Sprintf("（%d）", i+1)
}
