package render

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/evaluation"
)

func TestMarker(t *testing.T) {
	tests := []struct {
		style string
		n     int
		want  string
	}{
		{"chinese", 1, "一、"}, {"chinese", 10, "十、"}, {"chinese", 11, "十一、"}, {"chinese", 20, "二十、"}, {"chinese", 23, "二十三、"},
		{"paren-chinese", 3, "（三）"}, {"decimal-dot", 12, "12."}, {"paren-decimal", 4, "（4）"},
		{"decimal-paren", 16, "16）"}, {"circled", 1, "①"}, {"circled", 20, "⑳"}, {"circled", 21, "（21）"},
		{"●", 5, "●"},
	}
	for _, tt := range tests {
		if got := Marker(tt.style, tt.n); got != tt.want {
			t.Errorf("Marker(%q, %d) = %q, want %q", tt.style, tt.n, got, tt.want)
		}
	}
}

func reference(t testing.TB) *evaluation.Report {
	t.Helper()
	data, err := os.ReadFile("../examples/beijing-finance-2021.json")
	if err != nil {
		t.Fatal(err)
	}
	rep := evaluation.Evaluate(data, nil) // the example names its profile
	if !rep.Valid() {
		t.Fatal(rep.Problems)
	}
	return rep
}

// texts flattens a document's text in reading order.
func texts(doc *Document) []string {
	var out []string
	for _, p := range doc.Parts {
		for _, b := range p.Blocks {
			switch b := b.(type) {
			case Heading:
				out = append(out, b.Number+b.Text)
			case Paragraph:
				out = append(out, b.Text)
			case Table:
				for _, r := range b.Rows {
					for _, c := range r {
						out = append(out, c.Text)
					}
				}
			}
		}
	}
	return out
}

func build(t *testing.T, rep *evaluation.Report, opts Options) *Document {
	t.Helper()
	doc, err := Build(rep, opts)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestBuildDisclosure(t *testing.T) {
	doc := build(t, reference(t), Options{})
	if len(doc.Parts) != 2+35 {
		t.Fatalf("%d parts, want 37", len(doc.Parts))
	}
	all := strings.Join(texts(doc), "\n")
	for _, want := range []string{
		"一、部门整体绩效评价报告", "（一）部门概况", "1.机构设置及职责工作任务情况", "（1）产出数量",
		"1）起草本市相关地方性法规草案", "①强化属地金融监管职责", "●落实习近平总书记指示批示。", "11）印发 QFLP 管理办法",
		"二、项目支出绩效评价报告", "表 1 北京市小微金融服务顾问服务成效监测项目绩效指标情况表",
		"项目支出绩效自评表", "（ 2021 年度）", "项目资金（万元）", "产出指标（50分）", "填报注意事项：",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("document lacks %q", want)
		}
	}
	if doc.Author != "北京市地方金融监督管理局" || doc.Language != "zh-CN" {
		t.Errorf("document info = %q, %q", doc.Author, doc.Language)
	}
}

// TestFigures checks that derived figures print as computed, or as
// declared in declared mode: table 35 published 99.96% and 9.99582006.
func TestFigures(t *testing.T) {
	rep := reference(t)
	for _, tt := range []struct {
		declared     bool
		rate, score  string
		points, miss string
	}{
		{false, "99.95%", "10.00", "效益指标（30分）", "99.96%"},
		{true, "99.96%", "9.99582006", "效益指标（30分）", "99.95%"},
	} {
		doc := build(t, rep, Options{Part: "table", Index: 34, Declared: tt.declared})
		all := "\n" + strings.Join(texts(doc), "\n") + "\n"
		for _, want := range []string{tt.rate, tt.score, tt.points} {
			if !strings.Contains(all, "\n"+want+"\n") {
				t.Errorf("declared=%v: table lacks %q", tt.declared, want)
			}
		}
		if strings.Contains(all, "\n"+tt.miss+"\n") {
			t.Errorf("declared=%v: table shows %q", tt.declared, tt.miss)
		}
	}
	// Table 5 declares 产出指标（40分） where its weights sum to 50.
	doc := build(t, rep, Options{Part: "table", Index: 4})
	if all := strings.Join(texts(doc), "\n"); !strings.Contains(all, "产出指标（50分）") {
		t.Error("computed points not printed")
	}
}

func TestBuildParts(t *testing.T) {
	rep := reference(t)
	for _, tt := range []struct {
		opts  Options
		parts int
		first string
	}{
		{Options{Part: "department"}, 1, "北京市地方金融监督管理局2021年度部门整体绩效评价报告"},
		{Options{Part: "project", Index: 0}, 1, "北京市小微金融服务顾问服务成效监测项目绩效评价报告"},
		{Options{Part: "table", Index: 1}, 1, "项目支出绩效自评表"},
	} {
		doc := build(t, rep, tt.opts)
		if len(doc.Parts) != tt.parts || texts(doc)[0] != tt.first {
			t.Errorf("%+v: %d parts starting %q", tt.opts, len(doc.Parts), texts(doc)[0])
		}
	}
	// A report standing alone numbers its sections from 一、.
	doc := build(t, rep, Options{Part: "department"})
	if got := texts(doc)[1]; got != "一、部门概况" {
		t.Errorf("standalone section heading = %q", got)
	}
	for _, opts := range []Options{{Part: "table", Index: 35}, {Part: "project", Index: 1}, {Part: "chapter"}} {
		if _, err := Build(rep, opts); err == nil {
			t.Errorf("Build(%+v) succeeded", opts)
		}
	}
}

// TestProfileScale checks that figures print at the profile's scale: a
// whole-number form prints 9, not 9.00, and rounds a typed 8.5 to the 9
// its total uses; a declared figure prints as written in declared mode;
// an amount with more decimals than the scale is never cut.
func TestProfileScale(t *testing.T) {
	doc := `{"department": "测试局", "year": 2024, "selfAssessments": [{
		"project": "测试项目", "competentDepartment": "测试局", "implementingUnit": "测试局",
		"funds": {"total": {"budget": "100", "executed": "89.974"}},
		"declared": {"total": "89.974", "executionRate": "89.974%"},
		"indicators": [
			{"level1": "产出指标", "level2": "数量指标", "weight": "50", "score": "48.5"},
			{"level1": "效益指标", "level2": "社会效益指标", "weight": "30", "score": "27"},
			{"level1": "满意度指标", "level2": "服务对象满意度指标", "weight": "10", "score": "9"}]}]}`
	for _, tt := range []struct {
		profile  string
		declared bool
		want     []string
		not      []string
	}{
		{"national", false, []string{"89.974", "100.00", "89.97%", "9.00", "48.5", "93.50", "产出指标（50分）"}, []string{"89.974%"}},
		{"national", true, []string{"89.974", "89.974%"}, []string{"93.50"}},
		{"integer", false, []string{"90%", "9", "49", "94", "100"}, []string{"9.00", "48.5", "90.00%"}},
	} {
		rep := evaluation.Evaluate([]byte(doc), &evaluation.Config{Profile: tt.profile})
		if !rep.Valid() {
			t.Fatal(rep.Problems)
		}
		all := "\n" + strings.Join(texts(build(t, rep, Options{Declared: tt.declared})), "\n") + "\n"
		for _, w := range tt.want {
			if !strings.Contains(all, "\n"+w+"\n") {
				t.Errorf("%s declared=%v: lacks %q", tt.profile, tt.declared, w)
			}
		}
		for _, w := range tt.not {
			if strings.Contains(all, "\n"+w+"\n") {
				t.Errorf("%s declared=%v: shows %q", tt.profile, tt.declared, w)
			}
		}
	}
}

func TestFindingsAppendix(t *testing.T) {
	rep := reference(t)
	last, ok := FindingsPart(rep)
	if !ok || last.Kind != PartFindings {
		t.Fatalf("no findings part for %d findings", len(rep.Findings))
	}
	tbl := last.Blocks[1].(Table)
	if len(tbl.Rows) != 1+len(rep.Findings) || tbl.Rows[1][2].Text != rep.Findings[0].Path || tbl.Rows[1][5].Text != rep.Findings[0].Message {
		t.Errorf("appendix of %d rows for %d findings: %+v", len(tbl.Rows), len(rep.Findings), tbl.Rows[1])
	}
	if last.Bookmark != "北京市地方金融监督管理局2021年度绩效信息审核发现" {
		t.Errorf("bookmark %q", last.Bookmark)
	}
}

// TestBuildValidParts builds from the reference example with its first
// table's first score raised over its weight: the whole document holds
// every part but that table, and the table alone cannot be built.
func TestBuildValidParts(t *testing.T) {
	data, err := os.ReadFile("../examples/beijing-finance-2021.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	row := doc["selfAssessments"].([]any)[0].(map[string]any)["indicators"].([]any)[0].(map[string]any)
	row["score"] = "999"
	if data, err = json.Marshal(doc); err != nil {
		t.Fatal(err)
	}
	rep := evaluation.Evaluate(data, nil)
	whole := build(t, reference(t), Options{})
	for _, tt := range []struct {
		opts  Options
		parts int // -1: Build fails
	}{
		{Options{}, len(whole.Parts) - 1},
		{Options{Part: "table", Index: 0}, -1},
		{Options{Part: "table", Index: 1}, 1},
		{Options{Part: "department"}, 1},
	} {
		got, err := Build(rep, tt.opts)
		if tt.parts < 0 {
			if err == nil {
				t.Errorf("%+v: built an invalid part", tt.opts)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%+v: %v", tt.opts, err)
		}
		if len(got.Parts) != tt.parts {
			t.Errorf("%+v: %d parts, want %d", tt.opts, len(got.Parts), tt.parts)
		}
		for _, p := range got.Parts {
			if p.Bookmark == whole.Parts[len(whole.Parts)-35].Bookmark {
				t.Errorf("%+v: holds the invalid table %q", tt.opts, p.Bookmark)
			}
		}
	}
}

// BenchmarkBuild builds the reference disclosure's whole document, and
// its first table alone (as a request for part=table:1 does).
func BenchmarkBuild(b *testing.B) {
	rep := reference(b)
	for _, bc := range []struct {
		name string
		opts Options
	}{
		{"reference", Options{}},
		{"reference-table1", Options{Part: "table", Index: 0}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Build(rep, bc.opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
