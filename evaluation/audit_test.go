package evaluation

import (
	"strings"
	"testing"
)

// fd is a finding reduced to what the tests assert.
type fd struct{ Path, Code, Declared, Computed string }

// findingsOf lists the findings on declared figures; the form's rules
// and the prose have tests of their own.
func findingsOf(fs []Finding) []fd {
	out := make([]fd, 0, len(fs))
	for _, f := range fs {
		if strings.HasPrefix(f.Code, "declared_") {
			out = append(out, fd{f.Path, f.Code, f.Declared, f.Computed})
		}
	}
	return out
}

func TestAudit(t *testing.T) {
	const sa = "/selfAssessments/0"
	tests := []struct {
		name string
		doc  []byte
		want []fd
	}{
		{"nothing declared", tableDoc(t, ""), nil},
		// baseTable computes to: rate 96.00%, execution 9.60, points 50/30/10, total 95.60, 优.
		{"declared as computed, at other written precisions", tableDoc(t, `{"declared": {
			"executionRate": "96%", "executionScore": "9.6", "total": "95.600",
			"points": {"产出指标": "50", "效益指标": "30.0", "满意度指标": 10}, "grade": "优"}}`), nil},
		{"each declared table figure differs", tableDoc(t, `{"declared": {
			"executionRate": "96.01%", "executionScore": "9.61", "total": "95.61",
			"points": {"产出指标": "40", "效益指标": "30", "满意度指标": "10.5"}, "grade": "良"}}`),
			[]fd{
				{sa + "/declared/executionRate", FindingRate, "96.01%", "96.00%"},
				{sa + "/declared/executionScore", FindingScore, "9.61", "9.60"},
				{sa + "/declared/points/产出指标", FindingPoints, "40", "50"},
				{sa + "/declared/points/满意度指标", FindingPoints, "10.5", "10"},
				{sa + "/declared/total", FindingTotal, "95.61", "95.60"},
				{sa + "/declared/grade", FindingGrade, "良", "优"},
			}},
		{"100% is not 99.98%", tableDoc(t, `{"funds": {"total": {"budget": "128.24", "executed": "128.21"}},
			"declared": {"executionRate": "100%", "executionScore": "10.00"}}`),
			[]fd{{sa + "/declared/executionRate", FindingRate, "100%", "99.98%"}}},
		{"the score of a rate printed rounded is no finding when it is right", tableDoc(t, `{"funds": {"total": {"budget": "38.50", "executed": "34.90"}},
			"declared": {"executionRate": "90.65%", "executionScore": "9.07"}}`),
			[]fd{{sa + "/declared/executionScore", FindingScore, "9.07", "9.06"}}},
		{"a declared score beside a quantitative row is audited", rowsDoc(t, `[
			{"level1": "产出指标", "level2": "数量指标", "weight": "90", "score": "95",
			 "quantitative": {"direction": "positive", "target": "10", "actual": "9"}}]`, ""),
			[]fd{{sa + "/indicators/0/score", FindingScore, "95", "81.00"}}},
		{"points of an all-不涉及 level", rowsDoc(t, `[
			{"level1": "产出指标", "level2": "数量指标", "weight": "90", "score": "90"},
			{"level1": "满意度指标", "level2": "服务对象满意度指标", "notApplicable": true}]`,
			`{"declared": {"points": {"满意度指标": "10"}}}`),
			[]fd{{sa + "/declared/points/满意度指标", FindingPoints, "10", "0"}}},
		{"department figures as published", departmentDoc(t, `{
			"budget": {
				"budget": {"total": "200.00", "basic": "120.00", "project": "80.00"},
				"spending": {"total": "190.00", "basic": "118.00", "project": "72.00"},
				"carryover": {"budget": "6255.83", "amount": "223.63"},
				"previousCarryover": {"budget": "6574.65", "amount": "152.88"},
				"finalAccounts": {"budget": "6255.83", "actual": "7235.39"},
				"declared": {"executionRate": "95.00%", "carryoverRate": "3.57%", "previousCarryoverRate": "2.33%",
					"carryoverRateChange": "1.24", "finalAccountsDifference": "979.56", "finalAccountsDifferenceRate": "15.66%"}},
			"declaredTotal": "94", "declaredGrade": "优"}`), nil},
		// 190.00 / 200.01 = 94.995…% → 95.00%, so "95%", the execution
		// score 19.00 and its rate 95.00% all agree; everything else differs.
		{"every department figure differs", departmentDoc(t, `{
			"budget": {
				"budget": {"total": "200.01", "basic": "120.00", "project": "80.00"},
				"spending": {"total": "190.00", "basic": "118.00", "project": "72.01"},
				"carryover": {"budget": "6255.83", "amount": "223.63"},
				"previousCarryover": {"budget": "6574.65", "amount": "152.88"},
				"finalAccounts": {"budget": "6255.83", "actual": "7235.39"},
				"declared": {"executionRate": "95%", "carryoverRate": "3.58%", "previousCarryoverRate": "2.32%",
					"carryoverRateChange": "1.25", "finalAccountsDifference": "979.57", "finalAccountsDifferenceRate": "15.67%"}},
			"indicators": [
				{"name": "预算执行情况", "declaredWeight": "20", "declaredScore": "19.00", "declaredRate": "95.00%",
				 "children": [{"name": "预算执行率", "weight": "20", "computed": "executionRate", "score": "19"}]},
				{"name": "整体绩效目标实现情况", "declaredWeight": "50", "declaredScore": "55.50", "children": [
					{"name": "产出完成情况", "declaredScore": "28.49", "children": [{"name": "产出数量", "weight": "30", "score": "28.50"}]},
					{"name": "效果实现情况", "children": [{"name": "社会效益", "weight": "30", "score": "27.00"}]}]},
				{"name": "预算管理情况", "declaredRate": "98%", "children": [{"name": "财务管理", "weight": "20", "score": "19.50"}]}],
			"declaredTotal": "94.49", "declaredGrade": "良"}`),
			[]fd{
				{"/departmentReport/budget/budget/total", FindingAmount, "200.01", "200.00"},
				{"/departmentReport/budget/spending/total", FindingAmount, "190.00", "190.01"},
				{"/departmentReport/budget/declared/carryoverRate", FindingRate, "3.58%", "3.57%"},
				{"/departmentReport/budget/declared/previousCarryoverRate", FindingRate, "2.32%", "2.33%"},
				{"/departmentReport/budget/declared/carryoverRateChange", FindingRate, "1.25", "1.24"},
				{"/departmentReport/budget/declared/finalAccountsDifference", FindingAmount, "979.57", "979.56"},
				{"/departmentReport/budget/declared/finalAccountsDifferenceRate", FindingRate, "15.67%", "15.66%"},
				{"/departmentReport/indicators/1/declaredWeight", FindingWeight, "50", "60"},
				{"/departmentReport/indicators/1/children/0/declaredScore", FindingScore, "28.49", "28.50"},
				{"/departmentReport/indicators/2/declaredRate", FindingRate, "98%", "97.50%"},
				{"/departmentReport/declaredTotal", FindingTotal, "94.49", "94.00"},
				{"/departmentReport/declaredGrade", FindingGrade, "良", "优"},
			}},
		{"project report", projectDoc(t, `{"indicators": [
			{"name": "项目决策", "declaredWeight": "10", "declaredScore": "9.00", "declaredRate": "90%", "children": [{"name": "项目立项", "weight": "10", "score": "9"}]},
			{"name": "项目过程", "declaredRate": "98.29%", "children": [{"name": "资金管理", "weight": "20", "score": "18.80"}]},
			{"name": "项目产出", "children": [{"name": "产出数量", "weight": "40", "score": "36"}]},
			{"name": "项目效益", "children": [{"name": "项目实施效益", "weight": "30", "score": "24"}]}],
			"declaredTotal": "87.00", "declaredGrade": "优"}`),
			[]fd{
				{"/projectReports/0/indicators/1/declaredRate", FindingRate, "98.29%", "94.00%"},
				{"/projectReports/0/declaredTotal", FindingTotal, "87.00", "87.80"},
				{"/projectReports/0/declaredGrade", FindingGrade, "优", "良"},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, fs := computed(t, tt.doc)
			got := findingsOf(fs)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d findings, want %d:\n%v", len(got), len(tt.want), fs)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("finding %d:\n got  %+v\n want %+v", i, got[i], tt.want[i])
				}
			}
			for _, f := range fs {
				if !strings.Contains(f.Message, f.Declared) || !strings.Contains(f.MessageEN, f.Computed) || !strings.Contains(f.String(), f.Path) {
					t.Errorf("messages of %+v", f)
				}
			}
		})
	}
}

func TestMatches(t *testing.T) {
	for _, tt := range []struct {
		declared, computed string
		want               bool
	}{
		{"92", "92.00", true},
		{"92.0", "92.00", true},
		{"92.00%", "92.00", true},
		{"100%", "99.98", false},
		{"9.99582006", "10.00", false},
		{"91.69", "91.68", false},
	} {
		if got := matches(MustNumber(tt.declared), dec(tt.computed)); got != tt.want {
			t.Errorf("matches(%s, %s) = %v", tt.declared, tt.computed, got)
		}
	}
}
