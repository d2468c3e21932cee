package evaluation

import (
	"strings"
	"testing"
	"unicode"
)

type validateCase struct {
	name string
	doc  []byte
	want []pc
}

func runValidateCases(t *testing.T, tests []validateCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := validProblems(t, tt.doc)
			if got := pathCodes(ps); !samePCs(got, tt.want) {
				t.Errorf("got  %v\nwant %v\n%v", got, tt.want, ps)
			}
			for _, p := range ps {
				if !hasHan(p.Message) || p.MessageEN == "" {
					t.Errorf("%s: message %q / %q", p.Path, p.Message, p.MessageEN)
				}
			}
		})
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func TestValidBases(t *testing.T) {
	for name, doc := range map[string][]byte{
		"table":      tableDoc(t, ""),
		"department": departmentDoc(t, ""),
		"project":    projectDoc(t, ""),
	} {
		if ps := validProblems(t, doc); len(ps) > 0 {
			t.Errorf("%s: %v", name, ps)
		}
	}
}

func TestValidateDisclosure(t *testing.T) {
	long := func(n int) string { return strings.Repeat("局", n) }
	runValidateCases(t, []validateCase{
		{"nothing to evaluate", docWith(t, ``), []pc{{"", CodeEmpty}}},
		{"empty lists are nothing either", docWith(t, `{"projectReports": [], "selfAssessments": []}`), []pc{{"", CodeEmpty}}},
		{"department missing", patchDoc(t, tableDoc(t, ""), `{"department": null}`), []pc{{"/department", CodeRequired}}},
		{"department of 100 characters is fine", patchDoc(t, tableDoc(t, ""), `{"department": "`+long(100)+`"}`), nil},
		{"department too long", patchDoc(t, tableDoc(t, ""), `{"department": "`+long(101)+`"}`), []pc{{"/department", CodeTooLong}}},
		{"year missing", patchDoc(t, tableDoc(t, ""), `{"year": null}`), []pc{{"/year", CodeRequired}}},
		{"year too early", patchDoc(t, tableDoc(t, ""), `{"year": 1999}`), []pc{{"/year", CodeRange}}},
		{"year too late", patchDoc(t, tableDoc(t, ""), `{"year": 2101}`), []pc{{"/year", CodeRange}}},
		{"unit 元 is allowed", patchDoc(t, tableDoc(t, ""), `{"unit": "元"}`), nil},
		{"unit not allowed", patchDoc(t, tableDoc(t, ""), `{"unit": "美元"}`), []pc{{"/unit", CodeOneOf}}},
		{"title too long", patchDoc(t, tableDoc(t, ""), `{"title": "`+long(201)+`"}`), []pc{{"/title", CodeTooLong}}},
	})
	if r := Evaluate(patchDoc(t, tableDoc(t, ""), `{"unit": "元"}`), beijing); r.MoneyUnit() != "元" {
		t.Errorf("MoneyUnit %q", r.MoneyUnit())
	}
	if r := Evaluate(tableDoc(t, ""), beijing); r.MoneyUnit() != "万元" {
		t.Errorf("default MoneyUnit %q", r.MoneyUnit())
	}
}

func TestValidateTable(t *testing.T) {
	const (
		sa  = "/selfAssessments/0"
		ind = sa + "/indicators"
	)
	runValidateCases(t, []validateCase{
		// Required fields and lengths.
		{"project missing", tableDoc(t, `{"project": null}`), []pc{{sa + "/project", CodeRequired}}},
		{"competent department empty", tableDoc(t, `{"competentDepartment": ""}`), []pc{{sa + "/competentDepartment", CodeRequired}}},
		{"implementing unit missing", tableDoc(t, `{"implementingUnit": null}`), []pc{{sa + "/implementingUnit", CodeRequired}}},
		{"manager too long", tableDoc(t, `{"manager": "`+strings.Repeat("张", 101)+`"}`), []pc{{sa + "/manager", CodeTooLong}}},
		{"goal too long", tableDoc(t, `{"goals": {"actual": "`+strings.Repeat("好", 5001)+`"}}`), []pc{{sa + "/goals/actual", CodeTooLong}}},
		// One problem per cause: no rows is no weight_sum too.
		{"no indicator rows", rowsDoc(t, `[]`), []pc{{ind, CodeRequired}}},
		{"level1 missing", rowsDoc(t, `[{"level2": "数量指标", "weight": "90", "score": "80"}]`),
			[]pc{{ind + "/0/level1", CodeRequired}}},
		{"level2 missing", rowsDoc(t, `[{"level1": "产出指标", "weight": "90", "score": "80"}]`),
			[]pc{{ind + "/0/level2", CodeRequired}}},
		{"row text too long", rowsDoc(t, `[{"level1": "产出指标", "level2": "数量指标", "target": "`+strings.Repeat("一", 2001)+`", "weight": "90", "score": "80"}]`),
			[]pc{{ind + "/0/target", CodeTooLong}}},
		{"declared grade not allowed", tableDoc(t, `{"declared": {"grade": "A"}}`), []pc{{sa + "/declared/grade", CodeOneOf}}},

		// 一级/二级 names of the scheme.
		{"unknown level1", rowsDoc(t, `[{"level1": "产出", "level2": "数量指标", "weight": "90", "score": "80"}]`),
			[]pc{{ind + "/0/level1", CodeUnknownLevel}}},
		{"level2 of another level1", rowsDoc(t, `[{"level1": "产出指标", "level2": "社会效益指标", "weight": "90", "score": "80"}]`),
			[]pc{{ind + "/0/level2", CodeUnknownLevel}}},
		{"declared points of an unknown level, escaped", tableDoc(t, `{"declared": {"points": {"产出指标": "50", "效益/指标": "30"}}}`),
			[]pc{{sa + "/declared/points/效益~1指标", CodeUnknownLevel}}},

		// Rows of one 一级 or 二级 indicator stand together.
		{"level1 rows apart", rowsDoc(t, `[
			{"level1": "产出指标", "level2": "数量指标", "weight": "40", "score": "40"},
			{"level1": "效益指标", "level2": "社会效益指标", "weight": "30", "score": "30"},
			{"level1": "产出指标", "level2": "质量指标", "weight": "20", "score": "20"}]`),
			[]pc{{ind + "/2", CodeIndicatorOrder}}},
		{"level2 rows apart within one level1", rowsDoc(t, `[
			{"level1": "产出指标", "level2": "数量指标", "weight": "40", "score": "40"},
			{"level1": "产出指标", "level2": "质量指标", "weight": "30", "score": "30"},
			{"level1": "产出指标", "level2": "数量指标", "weight": "20", "score": "20"}]`),
			[]pc{{ind + "/2", CodeIndicatorOrder}}},

		// Weights.
		{"weights sum to 99", rowsDoc(t, `[{"level1": "产出指标", "level2": "数量指标", "weight": "89", "score": "80"}]`),
			[]pc{{ind, CodeWeightSum}}},
		{"weights with decimals sum to 100", rowsDoc(t, `[
			{"level1": "产出指标", "level2": "数量指标", "weight": "44.5", "score": "40"},
			{"level1": "产出指标", "level2": "质量指标", "weight": "45.50", "score": "40"}]`), nil},
		{"execution weight counts", rowsDoc(t, `[{"level1": "产出指标", "level2": "数量指标", "weight": "90", "score": "80"}]`, `{"executionWeight": "20"}`),
			[]pc{{ind, CodeWeightSum}}},
		{"execution weight 20 with rows of 80", rowsDoc(t, `[{"level1": "产出指标", "level2": "数量指标", "weight": "80", "score": "80"}]`, `{"executionWeight": "20"}`), nil},
		{"negative execution weight", rowsDoc(t, `[{"level1": "产出指标", "level2": "数量指标", "weight": "110", "score": "80"}]`, `{"executionWeight": "-10"}`),
			[]pc{{sa + "/executionWeight", CodeNegative}}},
		{"negative weight", rowsDoc(t, `[
			{"level1": "产出指标", "level2": "数量指标", "weight": "100", "score": "80"},
			{"level1": "效益指标", "level2": "社会效益指标", "weight": "-10", "score": "0"}]`),
			[]pc{{ind + "/1/weight", CodeNegative}}},
		{"weight missing", rowsDoc(t, `[{"level1": "产出指标", "level2": "数量指标", "score": "80"}]`),
			[]pc{{ind + "/0/weight", CodeRequired}}}, // the sum follows from it

		// Scores.
		{"score above weight", rowsDoc(t, `[{"level1": "产出指标", "level2": "数量指标", "weight": "90", "score": "90.01"}]`),
			[]pc{{ind + "/0/score", CodeScoreOverWeight}}},
		{"score equal to weight", rowsDoc(t, `[{"level1": "产出指标", "level2": "数量指标", "weight": "90", "score": "90.00"}]`), nil},
		{"negative score", rowsDoc(t, `[{"level1": "产出指标", "level2": "数量指标", "weight": "90", "score": "-1"}]`),
			[]pc{{ind + "/0/score", CodeNegative}}},
		{"qualitative row without score", rowsDoc(t, `[{"level1": "产出指标", "level2": "数量指标", "weight": "90"}]`),
			[]pc{{ind + "/0/score", CodeMissingScore}}},

		// 不涉及 rows.
		{"not-applicable row without weight", rowsDoc(t, `[
			{"level1": "产出指标", "level2": "数量指标", "weight": "90", "score": "80"},
			{"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "不涉及", "notApplicable": true}]`), nil},
		{"not-applicable row with a weight", rowsDoc(t, `[
			{"level1": "产出指标", "level2": "数量指标", "weight": "80", "score": "80"},
			{"level1": "满意度指标", "level2": "服务对象满意度指标", "notApplicable": true, "weight": "10"}]`),
			[]pc{{ind + "/1", CodeNotApplicable}, {ind, CodeWeightSum}}},
		{"not-applicable row with a score", rowsDoc(t, `[
			{"level1": "产出指标", "level2": "数量指标", "weight": "90", "score": "80"},
			{"level1": "满意度指标", "level2": "服务对象满意度指标", "notApplicable": true, "score": "0"}]`),
			[]pc{{ind + "/1", CodeNotApplicable}}},
		{"not-applicable row with quantitative data", rowsDoc(t, `[
			{"level1": "产出指标", "level2": "数量指标", "weight": "90", "score": "80"},
			{"level1": "满意度指标", "level2": "服务对象满意度指标", "notApplicable": true, "quantitative": {"direction": "positive", "target": "1", "actual": "1"}}]`),
			[]pc{{ind + "/1", CodeNotApplicable}}},

		// Merged score cells.
		{"merged score cell over three rows", rowsDoc(t, `[
			{"level1": "产出指标", "level2": "时效指标", "name": "2季度", "weight": "90", "score": "90", "scoreRows": 3},
			{"level1": "产出指标", "level2": "时效指标", "name": "3季度"},
			{"level1": "产出指标", "level2": "时效指标", "name": "4季度"}]`), nil},
		{"row under a merged cell has a weight", rowsDoc(t, `[
			{"level1": "产出指标", "level2": "时效指标", "weight": "90", "score": "90", "scoreRows": 2},
			{"level1": "产出指标", "level2": "时效指标", "weight": "10", "score": "10"}]`),
			[]pc{{ind + "/1", CodeSpan}}},
		{"row under a merged cell is not applicable", rowsDoc(t, `[
			{"level1": "产出指标", "level2": "时效指标", "weight": "90", "score": "90", "scoreRows": 2},
			{"level1": "产出指标", "level2": "时效指标", "notApplicable": true}]`),
			[]pc{{ind + "/1", CodeSpan}}},
		{"row under a merged cell in another level2", rowsDoc(t, `[
			{"level1": "产出指标", "level2": "时效指标", "weight": "90", "score": "90", "scoreRows": 2},
			{"level1": "产出指标", "level2": "成本指标"}]`),
			[]pc{{ind + "/1", CodeSpan}}},
		{"merged cell past the last row", rowsDoc(t, `[
			{"level1": "产出指标", "level2": "时效指标", "weight": "90", "score": "90", "scoreRows": 3},
			{"level1": "产出指标", "level2": "时效指标"}]`),
			[]pc{{ind + "/0/scoreRows", CodeSpan}}},
		{"scoreRows out of range", rowsDoc(t, `[{"level1": "产出指标", "level2": "时效指标", "weight": "90", "score": "90", "scoreRows": 101}]`),
			[]pc{{ind + "/0/scoreRows", CodeRange}, {ind + "/0/scoreRows", CodeSpan}}},
		{"merged not-applicable cell", rowsDoc(t, `[
			{"level1": "产出指标", "level2": "数量指标", "weight": "90", "score": "80"},
			{"level1": "效益指标", "level2": "经济效益指标", "notApplicable": true, "scoreRows": 2},
			{"level1": "效益指标", "level2": "经济效益指标"}]`), nil},

		// Quantitative rows.
		{"quantitative row needs no score", rowsDoc(t, `[{"level1": "产出指标", "level2": "数量指标", "weight": "90", "quantitative": {"direction": "positive", "target": "10", "actual": "9"}}]`), nil},
		{"quantitative target and actual missing", rowsDoc(t, `[{"level1": "产出指标", "level2": "数量指标", "weight": "90", "quantitative": {"direction": "positive"}}]`),
			[]pc{{ind + "/0/quantitative/target", CodeRequired}, {ind + "/0/quantitative/actual", CodeRequired}}},
		{"quantitative direction missing", rowsDoc(t, `[{"level1": "产出指标", "level2": "数量指标", "weight": "90", "quantitative": {"target": "1", "actual": "1"}}]`),
			[]pc{{ind + "/0/quantitative/direction", CodeRequired}}},
		{"quantitative direction not allowed", rowsDoc(t, `[{"level1": "产出指标", "level2": "数量指标", "weight": "90", "quantitative": {"direction": "up", "target": "1", "actual": "1"}}]`),
			[]pc{{ind + "/0/quantitative/direction", CodeOneOf}}},
		{"quantitative target zero", rowsDoc(t, `[{"level1": "产出指标", "level2": "数量指标", "weight": "90", "quantitative": {"direction": "positive", "target": "0", "actual": "1"}}]`),
			[]pc{{ind + "/0/quantitative/target", CodeRange}}},
		{"quantitative actual negative", rowsDoc(t, `[{"level1": "产出指标", "level2": "数量指标", "weight": "90", "quantitative": {"direction": "positive", "target": "1", "actual": "-1"}}]`),
			[]pc{{ind + "/0/quantitative/actual", CodeRange}}},
		{"negative indicator with actual zero", rowsDoc(t, `[{"level1": "产出指标", "level2": "成本指标", "weight": "90", "quantitative": {"direction": "negative", "target": "1", "actual": "0"}}]`),
			[]pc{{ind + "/0/quantitative/actual", CodeRange}}},
		{"positive indicator with actual zero", rowsDoc(t, `[{"level1": "产出指标", "level2": "数量指标", "weight": "90", "quantitative": {"direction": "positive", "target": "1", "actual": "0"}}]`), nil},
		// A declared score beside a quantitative row is a published figure:
		// the audit reports it (TestAudit), validation does not.
		{"quantitative declared score above weight", rowsDoc(t, `[{"level1": "产出指标", "level2": "数量指标", "weight": "90", "score": "95", "quantitative": {"direction": "positive", "target": "1", "actual": "1"}}]`), nil},

		// Funds.
		{"fund total missing", tableDoc(t, `{"funds": {"total": {"budget": null, "executed": null}}}`),
			[]pc{{sa + "/funds/total", CodeRequired}}},
		{"fund total missing beside its sources: one problem, not one per amount and column", tableDoc(t, `{"funds": {"total": null,
			"fiscal": {"initialBudget": "80", "budget": "70.00", "executed": "70"}, "other": {"budget": "30", "executed": "26"}}}`),
			[]pc{{sa + "/funds/total", CodeRequired}}},
		{"fund total budget missing beside its sources", tableDoc(t, `{"funds": {"total": {"budget": null, "executed": "96"},
			"fiscal": {"budget": "70.00", "executed": "70"}, "other": {"budget": "30", "executed": "26"}}}`),
			[]pc{{sa + "/funds/total/budget", CodeRequired}}},
		{"annual budget zero", tableDoc(t, `{"funds": {"total": {"budget": "0"}}}`), []pc{{sa + "/funds/total/budget", CodeRange}}},
		{"negative executed", tableDoc(t, `{"funds": {"total": {"executed": "-1"}}}`), []pc{{sa + "/funds/total/executed", CodeNegative}}},
		// Issue 22: 99,999,999,999,999 against 50 was valid, rated 优.
		{"executed of 2e14 against a budget of 50", tableDoc(t, `{"funds": {"total": {"budget": "50", "executed": "99999999999999"}}}`), []pc{{sa + "/funds/total/executed", CodeRange}}},
		{"executed twice the budget", tableDoc(t, `{"funds": {"total": {"budget": "50", "executed": "100.00"}}}`), nil},
		{"executed just over twice the budget", tableDoc(t, `{"funds": {"total": {"budget": "50", "executed": "100.01"}}}`), []pc{{sa + "/funds/total/executed", CodeRange}}},
		{"a source executed ten thousand times its budget", tableDoc(t, `{"funds": {"total": {"budget": "100", "executed": "96"},
			"fiscal": {"budget": "0.007", "executed": "70"}, "other": {"budget": "99.993", "executed": "26"}}}`), []pc{{sa + "/funds/fiscal/executed", CodeRange}}},
		{"negative initial budget", tableDoc(t, `{"funds": {"total": {"initialBudget": "-1"}}}`), []pc{{sa + "/funds/total/initialBudget", CodeNegative}}},
		{"fund sources sum to the total", tableDoc(t, `{"funds": {
			"total": {"initialBudget": "80", "budget": "100.00", "executed": "96.00"},
			"fiscal": {"initialBudget": "80", "budget": "70.00", "executed": "70"},
			"carryover": {"budget": "20.00", "executed": "18.00"},
			"other": {"budget": "10", "executed": "8"}}}`), nil},
		{"fund sources do not sum to the total", tableDoc(t, `{"funds": {
			"total": {"budget": "100.00", "executed": "96.00"},
			"fiscal": {"budget": "70.00", "executed": "70"},
			"carryover": {"budget": "20.00", "executed": "18.01"}}}`),
			[]pc{{sa + "/funds/total/budget", CodeFundSum}, {sa + "/funds/total/executed", CodeFundSum}}},
		{"fund source given but the total initial budget missing", tableDoc(t, `{"funds": {"fiscal": {"initialBudget": "100", "budget": "100.00", "executed": "96.00"}}}`),
			[]pc{{sa + "/funds/total/initialBudget", CodeFundMissing}}},
		{"negative fund source", tableDoc(t, `{"funds": {"fiscal": {"budget": "100", "executed": "97"}, "other": {"executed": "-1"}}}`),
			[]pc{{sa + "/funds/other/executed", CodeNegative}}},
	})
}

func TestValidateDepartment(t *testing.T) {
	const (
		dr = "/departmentReport"
		b  = dr + "/budget"
	)
	runValidateCases(t, []validateCase{
		{"budget totals missing", departmentDoc(t, `{"budget": {"budget": {"total": null}, "spending": {"total": null}}}`),
			[]pc{{b + "/budget/total", CodeRequired}, {b + "/spending/total", CodeRequired}}},
		{"budget zero", departmentDoc(t, `{"budget": {"budget": {"total": "0", "basic": null, "project": null}}}`), []pc{{b + "/budget/total", CodeRange}}},
		{"negative split", departmentDoc(t, `{"budget": {"spending": {"basic": "-1"}}}`), []pc{{b + "/spending/basic", CodeNegative}}},
		{"split not adding up is a finding, not an error", departmentDoc(t, `{"budget": {"budget": {"basic": "1"}}}`), nil},
		{"carry-over figures", departmentDoc(t, `{"budget": {
			"carryover": {"year": 2021, "budget": "0", "amount": "-1"},
			"previousCarryover": {"year": 1999}}}`),
			[]pc{{b + "/carryover/budget", CodeRange}, {b + "/carryover/amount", CodeNegative},
				{b + "/previousCarryover/year", CodeRange}, {b + "/previousCarryover/budget", CodeRequired}, {b + "/previousCarryover/amount", CodeRequired}}},
		{"final accounts", departmentDoc(t, `{"budget": {"finalAccounts": {"budget": "0"}}}`),
			[]pc{{b + "/finalAccounts/budget", CodeRange}, {b + "/finalAccounts/actual", CodeRequired}}},
		{"no indicators", departmentDoc(t, `{"indicators": []}`), []pc{{dr + "/indicators", CodeRequired}}},
		{"declared grade", departmentDoc(t, `{"declaredGrade": "甲"}`), []pc{{dr + "/declaredGrade", CodeOneOf}}},
		{"unknown top-level indicator", departmentDoc(t, `{"indicators": [
			{"name": "预算执行", "children": [{"name": "预算执行率", "weight": "20", "computed": "executionRate"}]},
			{"name": "整体绩效目标实现情况", "children": [{"name": "产出", "weight": "60", "score": "55"}]},
			{"name": "预算管理情况", "children": [{"name": "财务管理", "weight": "20", "score": "19.50"}]}]}`),
			[]pc{{dr + "/indicators/0/name", CodeUnknownLevel}}},
		{"tree weights sum to 90", departmentDoc(t, `{"indicators": [
			{"name": "预算执行情况", "children": [{"name": "预算执行率", "weight": "20", "computed": "executionRate"}]},
			{"name": "整体绩效目标实现情况", "children": [{"name": "产出", "weight": "50", "score": "45"}]},
			{"name": "预算管理情况", "children": [{"name": "财务管理", "weight": "20", "score": "19.50"}]}]}`),
			[]pc{{dr + "/indicators", CodeWeightSum}}},
		{"inner node with weight and score", departmentDoc(t, `{"indicators": [
			{"name": "预算执行情况", "children": [{"name": "预算执行率", "weight": "20", "computed": "executionRate"}]},
			{"name": "整体绩效目标实现情况", "weight": "60", "score": "55", "children": [{"name": "产出", "weight": "60", "score": "55"}]},
			{"name": "预算管理情况", "children": [{"name": "财务管理", "weight": "20", "score": "19.50"}]}]}`),
			[]pc{{dr + "/indicators/1", CodeComputed}}},
		{"computed inner node", departmentDoc(t, `{"indicators": [
			{"name": "预算执行情况", "computed": "executionRate", "children": [{"name": "预算执行率", "weight": "20", "computed": "executionRate"}]},
			{"name": "整体绩效目标实现情况", "children": [{"name": "产出", "weight": "60", "score": "55"}]},
			{"name": "预算管理情况", "children": [{"name": "财务管理", "weight": "20", "score": "19.50"}]}]}`),
			[]pc{{dr + "/indicators/0/computed", CodeComputed}}},
		{"computed kind not allowed", departmentDoc(t, `{"indicators": [
			{"name": "预算执行情况", "children": [{"name": "预算执行率", "weight": "20", "computed": "rate"}]},
			{"name": "整体绩效目标实现情况", "children": [{"name": "产出", "weight": "60", "score": "55"}]},
			{"name": "预算管理情况", "children": [{"name": "财务管理", "weight": "20", "score": "19.50"}]}]}`),
			[]pc{{dr + "/indicators/0/children/0/computed", CodeOneOf}}},
		{"leaf without weight, name or score; score above weight; negative weight", departmentDoc(t, `{"indicators": [
			{"name": "预算执行情况", "children": [{"name": "预算执行率", "computed": "executionRate"}]},
			{"name": "整体绩效目标实现情况", "children": [{"weight": "60", "score": "61"}, {"name": "效果", "weight": "40"}, {"name": "负", "weight": "-20", "score": "0"}]},
			{"name": "预算管理情况", "children": [{"name": "财务管理", "weight": "20", "score": "-1"}]}]}`),
			[]pc{{dr + "/indicators/0/children/0/weight", CodeRequired},
				{dr + "/indicators/1/children/0/name", CodeRequired}, {dr + "/indicators/1/children/0/score", CodeScoreOverWeight},
				{dr + "/indicators/1/children/1/score", CodeMissingScore},
				{dr + "/indicators/1/children/2/weight", CodeNegative}, // not also its score over it
				{dr + "/indicators/2/children/0/score", CodeNegative}}},
	})
}

func TestValidateProject(t *testing.T) {
	const pr = "/projectReports/0"
	runValidateCases(t, []validateCase{
		{"project missing", projectDoc(t, `{"project": ""}`), []pc{{pr + "/project", CodeRequired}}},
		{"no indicators", projectDoc(t, `{"indicators": null}`), []pc{{pr + "/indicators", CodeRequired}}},
		{"top-level names of the scheme: 项目绩效 as printed in the text is not one", projectDoc(t, `{"indicators": [
			{"name": "项目决策", "children": [{"name": "项目立项", "weight": "10", "score": "9"}]},
			{"name": "项目过程", "children": [{"name": "资金管理", "weight": "20", "score": "18"}]},
			{"name": "项目产出", "children": [{"name": "产出数量", "weight": "40", "score": "36"}]},
			{"name": "项目绩效", "children": [{"name": "项目实施效益", "weight": "30", "score": "24"}]}]}`),
			[]pc{{pr + "/indicators/3/name", CodeUnknownLevel}}},
		{"no computed leaves in a project report", projectDoc(t, `{"indicators": [
			{"name": "项目决策", "children": [{"name": "项目立项", "weight": "10", "computed": "executionRate"}]},
			{"name": "项目过程", "children": [{"name": "资金管理", "weight": "20", "score": "18"}]},
			{"name": "项目产出", "children": [{"name": "产出数量", "weight": "40", "score": "36"}]},
			{"name": "项目效益", "children": [{"name": "项目实施效益", "weight": "30", "score": "24"}]}]}`),
			[]pc{{pr + "/indicators/0/children/0/computed", CodeComputed}}},
		{"weights per tree", projectDoc(t, `{"indicators": [
			{"name": "项目决策", "children": [{"name": "项目立项", "weight": "10", "score": "9"}]},
			{"name": "项目过程", "children": [{"name": "资金管理", "weight": "20", "score": "18"}]},
			{"name": "项目产出", "children": [{"name": "产出数量", "weight": "40", "score": "36"}]},
			{"name": "项目效益", "children": [{"name": "项目实施效益", "weight": "31", "score": "24"}]}]}`),
			[]pc{{pr + "/indicators", CodeWeightSum}}},
		{"second report checked on its own", mustMarshal(t, map[string]any{"department": "局", "year": 2021, "projectReports": []any{
			patched(t, baseProject, ""), patched(t, baseProject, `{"declaredGrade": "好"}`)}}),
			[]pc{{"/projectReports/1/declaredGrade", CodeOneOf}}},
	})
}

func TestValidateSections(t *testing.T) {
	sec := func(blocks string) []byte {
		return departmentDoc(t, `{"sections": [{"heading": "部门概况", "sections": [{"heading": "职责", "blocks": `+blocks+`}]}]}`)
	}
	const bp = "/departmentReport/sections/0/sections/0/blocks"
	runValidateCases(t, []validateCase{
		{"paragraph, list and table", sec(`["段落", {"paragraph": "段落"},
			{"list": {"style": "paren", "items": ["一", "二"]}},
			{"list": {"style": "circled", "start": 3, "items": ["三"]}},
			{"table": {"caption": "表 1", "widths": [1, "2", 1],
				"header": [["指标", {"text": "分值", "colSpan": 2}]],
				"rows": [[{"text": "决策", "rowSpan": 2}, "10", "8.58"], ["20", "18.80"]]}}]`), nil},
		{"heading missing", departmentDoc(t, `{"sections": [{"blocks": ["x"]}]}`), []pc{{"/departmentReport/sections/0/heading", CodeRequired}}},
		{"heading too long", departmentDoc(t, `{"sections": [{"heading": "`+strings.Repeat("章", 201)+`"}]}`), []pc{{"/departmentReport/sections/0/heading", CodeTooLong}}},
		{"empty block", sec(`[{}]`), []pc{{bp + "/0", CodeBlock}}},
		{"empty paragraph string", sec(`[""]`), []pc{{bp + "/0", CodeBlock}}},
		{"two kinds in one block", sec(`[{"paragraph": "x", "list": {"style": "bullet", "items": ["y"]}}]`), []pc{{bp + "/0", CodeBlock}}},
		{"paragraph too long", sec(`["` + strings.Repeat("字", 20001) + `"]`), []pc{{bp + "/0/paragraph", CodeTooLong}}},
		{"list style", sec(`[{"list": {"style": "roman", "items": ["x"]}}]`), []pc{{bp + "/0/list/style", CodeOneOf}}},
		{"list without items", sec(`[{"list": {"style": "bullet", "items": []}}]`), []pc{{bp + "/0/list/items", CodeRequired}}},
		{"list start", sec(`[{"list": {"style": "paren", "start": 1001, "items": ["x"]}}]`), []pc{{bp + "/0/list/start", CodeRange}}},
		{"list item too long", sec(`[{"list": {"style": "bullet", "items": ["x", "` + strings.Repeat("字", 20001) + `"]}}]`), []pc{{bp + "/0/list/items/1", CodeTooLong}}},
		{"table without rows", sec(`[{"table": {"rows": []}}]`), []pc{{bp + "/0/table/rows", CodeRequired}}},
		{"table caption too long", sec(`[{"table": {"caption": "` + strings.Repeat("表", 201) + `", "rows": [["x"]]}}]`), []pc{{bp + "/0/table/caption", CodeTooLong}}},
		{"free table: rows of different widths", sec(`[{"table": {"rows": [["a", "b"], ["c"]]}}]`), []pc{{bp + "/0/table/rows/1", CodeSpan}}},
		{"free table: header and rows of different widths", sec(`[{"table": {"header": [["a", "b"]], "rows": [["c", "d", "e"]]}}]`), []pc{{bp + "/0/table/rows/0", CodeSpan}}},
		{"free table: rowSpan past the last row", sec(`[{"table": {"rows": [[{"text": "a", "rowSpan": 3}, "b"], ["c"]]}}]`), []pc{{bp + "/0/table/rows/0", CodeSpan}}},
		{"free table: colSpan fills the row", sec(`[{"table": {"rows": [[{"text": "a", "colSpan": 2}], ["b", "c"]]}}]`), nil},
		{"free table: colSpan too wide", sec(`[{"table": {"rows": [[{"text": "a", "colSpan": 2}, {"text": "b", "colSpan": 99}]]}}]`), []pc{{bp + "/0/table/rows/0", CodeSpan}}},
		{"free table: huge spans are refused quickly", sec(`[{"table": {"rows": [[{"text": "a", "rowSpan": 999999999, "colSpan": 999999999}], ["b"]]}}]`),
			[]pc{{bp + "/0/table/rows/0", CodeSpan}, {bp + "/0/table/rows/0", CodeSpan}}},
		{"free table: widths count", sec(`[{"table": {"widths": [1, 2, 3], "rows": [["a", "b"]]}}]`), []pc{{bp + "/0/table/widths", CodeSpan}}},
		{"project report sections too", projectDoc(t, `{"sections": [{"heading": "一", "blocks": [{}]}]}`), []pc{{"/projectReports/0/sections/0/blocks/0", CodeBlock}}},
	})
}

// TestMessagesInEnglish: one item is singular, and the root of the input
// reads as such, not as "/", which is a pointer to the key "".
func TestMessagesInEnglish(t *testing.T) {
	ps := validProblems(t, tableDoc(t, `{"indicators": []}`))
	found := false
	for _, p := range ps {
		if p.Path == "/selfAssessments/0/indicators" && p.Code == CodeRequired {
			found = true
			if p.MessageEN != "at least 1 item is required" {
				t.Errorf("message %q", p.MessageEN)
			}
		}
	}
	if !found {
		t.Errorf("no problem for the empty list: %v", ps)
	}
	if got := (Problem{Code: CodeEmpty, Message: "空", MessageEN: "empty"}).String(); !strings.HasPrefix(got, "(根): ") {
		t.Errorf("root problem prints %q", got)
	}
}

// TestNumbersAsTyped reads numbers as a Chinese input method types them.
func TestNumbersAsTyped(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"86.19％", "86.19"}, {"８６．１９", "86.19"}, {"７，２３５.３９", "7235.39"}, {"－3", "-3"},
	} {
		n, err := ParseNumber(tt.in)
		if err != nil || !n.Value.Equal(dec(tt.want)) || n.Raw != tt.in {
			t.Errorf("ParseNumber(%q) = %v, %v; want %s", tt.in, n, err, tt.want)
		}
	}
	if _, err := ParseNumber("96，16"); err == nil {
		t.Error("a decimal comma read as thousands")
	}
}
