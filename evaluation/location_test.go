package evaluation

import (
	"os"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/profile"
)

// TestLocation names the places of the reference's findings as the
// printed documents label them.
func TestLocation(t *testing.T) {
	data, err := os.ReadFile("../examples/beijing-finance-2021.json")
	if err != nil {
		t.Fatal(err)
	}
	r := Evaluate(data, nil)
	got := map[string]string{}
	for _, f := range r.Findings {
		got[f.Path] = f.Location
	}
	for _, tt := range []struct{ path, want string }{
		{"/departmentReport/budget/budget/total", "部门整体绩效评价报告「预算执行情况」全年预算数"},
		{"/departmentReport/indicators/1/declaredScore", "部门整体绩效评价报告「整体绩效目标实现情况」得分"},
		{"/departmentReport/declaredTotal", "部门整体绩效评价报告 总分"},
		{"/projectReports/0/indicators/1/declaredRate", "项目支出绩效评价报告 1「项目过程」得分率"},
		{"/selfAssessments/3/declared/points/效益指标", "自评表 4「效益指标」分值"},
		{"/selfAssessments/7/declared/executionRate", "自评表 8「年度资金总额」执行率"},
		{"/selfAssessments/29/declared/executionScore", "自评表 30「年度资金总额」得分"},
		{"/selfAssessments/29/declared/total", "自评表 30「总分」"},
		// Rows are counted within their 一级指标, from 1: 效益指标's
		// second row is the table's fourteenth.
		{"/selfAssessments/25/indicators/13/deviation", "自评表 26「效益指标」第 2 行 偏差原因分析及改进措施"},
		{"/selfAssessments/16/indicators/2/score", "自评表 17「产出指标」第 3 行 得分"},
		{"/selfAssessments/19/funds/total/executed", "自评表 20「年度资金总额」全年执行数"},
		{"/departmentReport/sections/4/sections/0/blocks/0", "部门整体绩效评价报告「评价得分情况」第 1 段"},
	} {
		if got[tt.path] != tt.want {
			t.Errorf("%s: location %q, want %q", tt.path, got[tt.path], tt.want)
		}
	}
	for _, f := range r.Findings {
		if f.Location == "" || strings.Contains(f.Location, "/") {
			t.Errorf("%s: location %q", f.Path, f.Location)
		}
	}
}

// TestLocationOf names places the input does not hold, of problems.
func TestLocationOf(t *testing.T) {
	national, err := profile.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	p, err := national.Get("national")
	if err != nil {
		t.Fatal(err)
	}
	d := &Disclosure{SelfAssessments: []SelfAssessment{{Indicators: []TableIndicator{
		{Level1: "产出指标"}, {Level1: "产出指标"}, {Level1: "效益指标"}}}}}
	for _, tt := range []struct {
		d    *Disclosure
		p    *profile.Profile
		path string
		want string
	}{
		{d, p, "/selfAssessments/0/indicators/1/weight", "自评表 1「产出指标」第 2 行 分值"},
		{d, p, "/selfAssessments/0/indicators/2/quantitative/target", "自评表 1「效益指标」第 1 行 年度指标值"},
		{d, p, "/selfAssessments/0/indicators/7/score", "自评表 1 第 8 行 得分"},
		{d, p, "/selfAssessments/0/goals/expected", "自评表 1「年度总体目标」预期目标"},
		{d, p, "/selfAssessments/0/implementingUnit", "自评表 1「实施单位」"},
		{d, p, "/selfAssessments/0/funds/fiscal/budget", "自评表 1「其中：当年财政拨款」全年预算数"},
		{d, p, "/selfAssessments/2", "自评表 3"},
		{nil, nil, "/selfAssessments/4/declared/total", "自评表 5「总分」"},
		{nil, nil, "/projectReports/1/indicators/0/children/2/score", "项目支出绩效评价报告 2「指标 1 / 指标 3」得分"},
		{nil, p, "/departmentReport/budget/declared/executionRate", "部门整体绩效评价报告「预算执行情况」预算执行率"},
		{nil, p, "/year", "年度"},
		{nil, p, "", ""},
		{nil, p, "/selfAssessments/x", ""},
		{nil, p, "/nonsense/1", ""},
	} {
		if got := Location(tt.d, tt.p, tt.path); got != tt.want {
			t.Errorf("%q: %q, want %q", tt.path, got, tt.want)
		}
	}
}

// TestProblemLocation: Evaluate names the place of every problem.
func TestProblemLocation(t *testing.T) {
	r := Evaluate(rowsDoc(t, `[{"level1": "产出指标", "level2": "数量指标", "weight": "50", "score": "50"},
		{"level1": "产出指标", "level2": "质量指标", "weight": "40", "score": "41"}]`), nil)
	if len(r.Problems) != 1 || r.Problems[0].Location != "自评表 1「产出指标」第 2 行 得分" {
		t.Errorf("problems %+v", r.Problems)
	}
}

// TestFindingFigures: a finding leaves out the figure it has not, and a
// rule's threshold is not shown as a computed figure.
func TestFindingFigures(t *testing.T) {
	r := Evaluate(tableDoc(t, `{"funds": {"total": {"budget": "100", "executed": "80"}},
		"indicators": [{"level1": "产出指标", "level2": "数量指标", "weight": "90", "score": "80"}]}`), nil)
	for _, f := range r.Findings {
		if s := f.String(); strings.Contains(s, "填报 ，") || strings.Contains(s, "填报 ：") {
			t.Errorf("%s", s)
		}
		if f.Code == FindingExecutionUnexplain && (f.Declared != "" || f.Computed != "80.00%") {
			t.Errorf("execution unexplained: declared %q, computed %q, want the rate computed", f.Declared, f.Computed)
		}
	}
	if len(findingsCoded(r, FindingDeviationMissing)) != 1 || len(findingsCoded(r, FindingExecutionUnexplain)) != 1 {
		t.Errorf("findings %v", r.Findings)
	}
}
