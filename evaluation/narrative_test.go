package evaluation

import (
	"bytes"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
)

func referenceReport(t testing.TB) *Report {
	t.Helper()
	data, err := os.ReadFile("../examples/beijing-finance-2021.json")
	if err != nil {
		t.Fatal(err)
	}
	r := Evaluate(data, nil)
	if !r.Valid() {
		t.Fatal(r.Problems)
	}
	return r
}

func narrativeFindings(r *Report) []Finding { return findingsCoded(r, FindingNarrative) }

// TestNarrativeReference checks the prose of the reference disclosure:
// every figure the patterns bind, and exactly the three the published
// text got wrong.
func TestNarrativeReference(t *testing.T) {
	r := referenceReport(t)
	sts := Statements(r)
	if len(sts) < 85 {
		t.Errorf("%d figures bound in the prose, want the 89 the patterns find", len(sts))
	}
	const (
		summary = "/departmentReport/sections/4/sections/0/blocks/0"
		process = "/projectReports/0/sections/2/blocks/2"
	)
	want := []struct{ path, declared, computed string }{
		// Reference text: "部门整体评价得分 90.70 分", the tree sums to 90.71.
		{summary, "90.70", "90.71"},
		// "整体绩效目标实现情况得分 51.82 分": its parts sum to 51.83.
		{summary, "51.82", "51.83"},
		// "该指标分值 20 分，评价得分 18.80 分，得分率为 98.29%": 18.80 / 20 = 94.00%.
		{process, "98.29%", "94.00%"},
	}
	got := narrativeFindings(r)
	if len(got) != len(want) {
		t.Fatalf("%d narrative findings, want %d: %v", len(got), len(want), got)
	}
	for i, w := range want {
		f := got[i]
		if f.Path != w.path || f.Declared != w.declared || f.Computed != w.computed || f.Quote == "" || f.Severity != "warning" {
			t.Errorf("finding %d = %+v, want %+v", i, f, w)
		}
		text := []rune(paragraph(t, r.Disclosure, f.Path))
		if got := string(text[f.Offset : f.Offset+len([]rune(w.declared))]); got != w.declared {
			t.Errorf("finding %d: offset %d points at %q", i, f.Offset, got)
		}
	}
}

// paragraph returns the text of a block of the department or project
// report at a JSON Pointer.
func paragraph(t testing.TB, d *Disclosure, path string) string {
	t.Helper()
	var found string
	setProse(cloneDisclosure(d), func(p, text string) string {
		if p == path {
			found = text
		}
		return text
	})
	if found == "" {
		t.Fatalf("no paragraph at %s", path)
	}
	return found
}

// TestNarrativeFollowsTheData changes one figure of the data and expects
// the prose that repeats it to be reported, at the right place.
func TestNarrativeFollowsTheData(t *testing.T) {
	data, err := os.ReadFile("../examples/beijing-finance-2021.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, patch        string
		path               string
		offset             int
		declared, computed string
	}{
		{"a score in the tree", `{"departmentReport": {"indicators": [{"name": "预算执行情况", "declaredScore": "19.38", "children": [{"name": "预算执行率", "weight": "20", "computed": "executionRate", "score": "19.38"}]},
			{"name": "整体绩效目标实现情况", "declaredScore": "51.82", "children": [{"name": "产出完成情况", "children": [
				{"name": "产出数量", "weight": "10.00", "score": "9.00"}, {"name": "产出质量", "weight": "10.00", "score": "9.73"},
				{"name": "产出进度", "weight": "5.00", "score": "4.61"}, {"name": "产出成本", "weight": "5.00", "score": "4.00"}]},
				{"name": "效果实现情况", "children": [{"name": "经济效益", "weight": "7.50", "score": "6.00"}, {"name": "社会效益", "weight": "7.50", "score": "6.00"},
					{"name": "可持续性影响", "weight": "7.50", "score": "6.00"}, {"name": "服务对象满意度", "weight": "7.50", "score": "6.00"}]}]},
			{"name": "预算管理情况", "declaredScore": "19.50", "children": [{"name": "财务管理", "children": [
				{"name": "财务管理制度健全性", "weight": "1.00", "score": "1.00"}, {"name": "资金使用合规性和安全性", "weight": "2.00", "score": "2.00"},
				{"name": "会计基础信息完善性", "weight": "1.00", "score": "1.00"}]},
				{"name": "资产管理", "weight": "4.00", "score": "4.00"}, {"name": "绩效管理", "weight": "4.00", "score": "4.00"},
				{"name": "结转结余率", "weight": "4.00", "score": "3.50"}, {"name": "部门预决算差异率", "weight": "4.00", "score": "4.00"}]}]}}`,
			// "该项指标分值 10.00 分，实际得分 9.49 分" under 产出数量.
			"/departmentReport/sections/2/sections/0/sections/0/blocks/0", 20, "9.49", "9.00"},
		{"a budget", `{"departmentReport": {"budget": {"budget": {"total": "7300.00"}}}}`,
			// "2021 年全年预算数 7,235.39 万元".
			"/departmentReport/sections/1/blocks/0", 12, "7,235.39", "7300.00"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := Evaluate(patchDoc(t, data, tt.patch), nil)
			if !r.Valid() {
				t.Fatal(r.Problems)
			}
			for _, f := range narrativeFindings(r) {
				if f.Path == tt.path && f.Offset == tt.offset && f.Declared == tt.declared && f.Computed == tt.computed {
					return
				}
			}
			t.Errorf("no finding at %s:%d (%s → %s) in %v", tt.path, tt.offset, tt.declared, tt.computed, narrativeFindings(r))
		})
	}
}

func TestNarrativeForms(t *testing.T) {
	report := func(text string) []byte {
		return departmentDoc(t, `{"budget": {"budget": {"total": "7235.39"}, "spending": {"total": "7011.77"}},
			"sections": [{"heading": "部门概况", "blocks": [`+text+`]}]}`)
	}
	for _, tt := range []struct {
		name, text string
		findings   int
	}{
		{"half-width", `"全年预算数 7235.39 万元，预算执行率为 96.91%。"`, 0},
		{"full-width digits and percent", `"全年预算数７２３５．３９万元，预算执行率为９６．９１％。"`, 0},
		{"thousands separators", `"全年预算数 7,235.39 万元。"`, 0},
		{"rounded in the prose", `"预算执行率为 97%。"`, 0},
		{"wrong", `"全年预算数 7,235.30 万元，预算执行率为 96.19%。"`, 2},
		{"a heading that names no indicator binds nothing", `"该项指标分值 99 分，实际得分 1 分。"`, 0},
		{"a named indicator", `"其中整体绩效目标实现情况得分 55.50 分，预算管理情况得分 19.5 分，效果实现情况得分 20 分。"`, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := Evaluate(report(tt.text), beijing)
			if !r.Valid() {
				t.Fatal(r.Problems)
			}
			if got := narrativeFindings(r); len(got) != tt.findings {
				t.Errorf("%d findings, want %d: %v", len(got), tt.findings, got)
			}
		})
	}
}

func TestPlaceholders(t *testing.T) {
	doc := departmentDoc(t, `{"budget": {"budget": {"total": "7235.39"}, "spending": {"total": "7011.77"}},
		"sections": [{"heading": "产出数量", "blocks": [
			"预算执行率为{{预算执行率}}，全年预算数 {{全年预算数 ,.2}} 万元。",
			"该项指标分值{{分值}}分，实际得分{{得分}}分；{{指标}}",
			{"list": {"style": "bullet", "items": ["总分{{总分}}，等级为{{等级}}，{{得分 \"整体绩效目标实现情况\" .1}}"]}}]}]}`)
	r := Evaluate(doc, beijing)
	if len(r.Problems) != 1 || r.Problems[0].Code != CodePlaceholder || r.Problems[0].Path != "/departmentReport/sections/0/blocks/1" {
		t.Fatalf("problems %v, want {{指标}} refused", r.Problems)
	}
	doc = []byte(strings.Replace(string(doc), "；{{指标}}", "", 1))
	r = Evaluate(doc, beijing)
	if !r.Valid() {
		t.Fatal(r.Problems)
	}
	for path, want := range map[string]string{
		"/departmentReport/sections/0/blocks/0":              "预算执行率为96.91%，全年预算数 7,235.39 万元。",
		"/departmentReport/sections/0/blocks/1":              "该项指标分值30分，实际得分28.50分",
		"/departmentReport/sections/0/blocks/2/list/items/0": "总分" + r.Result.Department.Total.StringFixed(2) + "，等级为" + r.Result.Department.Grade + "，",
	} {
		if got := r.Result.Texts[path]; !strings.HasPrefix(got, want) {
			t.Errorf("%s = %q, want %q…", path, got, want)
		}
	}
	for _, bad := range []string{`"{{年度目标}}"`, `"{{得分 \"没有的指标\"}}"`, `"{{得分}}"`} {
		r := Evaluate(departmentDoc(t, `{"sections": [{"heading": "概况", "blocks": [`+bad+`]}]}`), beijing)
		if len(r.Problems) != 1 || r.Problems[0].Code != CodePlaceholder {
			t.Errorf("%s: problems %v", bad, r.Problems)
		}
	}
}

// TestBindFigures turns the reference's prose figures into placeholders:
// rendered, the prose says what it said, but for the three figures the
// published text got wrong.
func TestBindFigures(t *testing.T) {
	r := referenceReport(t)
	d, n := BindFigures(r)
	if n != len(Statements(r)) {
		t.Errorf("bound %d of %d figures", n, len(Statements(r)))
	}
	para := paragraph(t, d, "/departmentReport/sections/1/blocks/0")
	if !strings.Contains(para, "全年预算数 {{全年预算数 ,.2}} 万元") || !strings.Contains(para, "预算执行率为 {{预算执行率 .2}}。") {
		t.Errorf("bound paragraph %q", para)
	}
	data, err := marshalDisclosure(d)
	if err != nil {
		t.Fatal(err)
	}
	bound := Evaluate(data, nil)
	if !bound.Valid() {
		t.Fatal(bound.Problems)
	}
	changed := 0
	setProse(cloneDisclosure(r.Disclosure), func(path, text string) string {
		got, ok := bound.Result.Texts[path]
		if !ok {
			got = text
		}
		if got != text {
			changed++
		}
		return text
	})
	if changed != 2 { // the summary paragraph (two figures) and 项目过程's
		t.Errorf("%d paragraphs render differently, want 2", changed)
	}
	if got := bound.Result.Texts["/departmentReport/sections/4/sections/0/blocks/0"]; !strings.Contains(got, "评价得分 90.71 分") {
		t.Errorf("the total renders %q", got)
	}
	if len(narrativeFindings(bound)) != 0 {
		t.Error("the bound prose still has findings")
	}
}

func marshalDisclosure(d *Disclosure) ([]byte, error) { return json.Marshal(d) }

// TestDocumentsAgree changes the budget of the 自评表 of the project the
// reference's project report evaluates: the report's prose no longer
// agrees with it.
func TestDocumentsAgree(t *testing.T) {
	data, err := os.ReadFile("../examples/beijing-finance-2021.json")
	if err != nil {
		t.Fatal(err)
	}
	r := Evaluate(data, nil)
	const table = 28 // 北京市小微金融服务顾问服务成效监测, the report's 北京市小微金融服务顾问服务成效监测项目
	if got := r.Disclosure.SelfAssessments[table].Project; got != "北京市小微金融服务顾问服务成效监测" {
		t.Fatalf("table %d is %s", table, got)
	}
	var d map[string]any
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatal(err)
	}
	funds := d["selfAssessments"].([]any)[table].(map[string]any)["funds"].(map[string]any)
	funds["total"].(map[string]any)["budget"] = "50.00"
	delete(funds, "fiscal")
	delete(funds, "carryover")
	delete(funds, "other")
	changed, _ := json.Marshal(d)
	r = Evaluate(changed, nil)
	if !r.Valid() {
		t.Fatal(r.Problems)
	}
	got := findingsCoded(r, FindingDocuments)
	// "预算批复预算资金 40.00 万元", "资金执行率100%" and, in 项目过程,
	// "预算执行率为 100%": the table now says 50.00 and 80.00%.
	if len(got) != 3 {
		t.Fatalf("findings %v", got)
	}
	if got[0].Path != "/projectReports/0/sections/0/sections/0/sections/2/blocks/0" || got[0].Declared != "40.00" || got[0].Computed != "50.00" {
		t.Errorf("first finding %+v", got[0])
	}
}

// BenchmarkAudit audits the reference disclosure: its tables, its rules
// and the 89 figures its prose states.
func BenchmarkAudit(b *testing.B) {
	r := referenceReport(b)
	for b.Loop() {
		Audit(r.Disclosure, r.Result, r.Profile)
	}
}

// BenchmarkEvaluate decodes, validates, computes and audits the
// reference disclosure: the whole cost of one valid input.
func BenchmarkEvaluate(b *testing.B) {
	data := loadReference(b)
	for b.Loop() {
		Evaluate(data, nil)
	}
}

// BenchmarkEvaluateInvalid evaluates the reference disclosure with a
// value decode cannot read in its last table: what reporting every
// problem in one pass costs (read around it, validate, sort).
func BenchmarkEvaluateInvalid(b *testing.B) {
	data := loadReference(b)
	i := bytes.LastIndex(data, []byte(`"weight": "`))
	data = slices.Concat(data[:i], []byte(`"weight": true, "x": "`), data[i+len(`"weight": "`):])
	if r := Evaluate(data, nil); len(r.Problems) != 2 {
		b.Fatalf("problems %v", r.Problems)
	}
	for b.Loop() {
		Evaluate(data, nil)
	}
}

func TestRuneSpan(t *testing.T) {
	for _, tc := range []struct {
		s      string
		off, n int
		want   string
	}{
		{"预算执行率96.91%", 0, 2, "预算"},
		{"预算执行率96.91%", 5, 6, "96.91%"},
		{"预算执行率96.91%", 5, 5, "96.91"},
		{"预算执行率96.91%", 2, 0, ""},
		{"预算执行率96.91%", 11, 0, ""},
		{"预算执行率96.91%", 11, 3, ""},
		{"ab", 1, 1, "b"},
		{"", 0, 0, ""},
	} {
		if got := runeSpan(tc.s, tc.off, tc.n); got != tc.want {
			t.Errorf("runeSpan(%q, %d, %d) = %q, want %q", tc.s, tc.off, tc.n, got, tc.want)
		}
	}
}

// BenchmarkTagRules checks the validate tags of the reference
// disclosure: the part of Validate before the rules across fields.
func BenchmarkTagRules(b *testing.B) {
	d := referenceReport(b).Disclosure
	b.ReportAllocs()
	for b.Loop() {
		tagProblems(d)
	}
}
