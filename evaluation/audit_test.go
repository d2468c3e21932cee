package evaluation

import (
	"slices"
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

// TestFractionRate: a rate typed as a fraction (0.8619 for 86.19%) gets
// one finding that says so, in place of the plain mismatch, where the
// document writes its other rates in percent or a hundred times it is
// the computed rate; a lone rate that matches nothing is not guessed at.
func TestFractionRate(t *testing.T) {
	const sa = "/selfAssessments/0"
	// baseProject computes 项目决策 90.00%, 项目过程 90.00%, 项目产出 90.00%, 项目效益 80.00%.
	tree := func(rates ...string) []byte {
		names := []string{"项目决策", "项目过程", "项目产出", "项目效益"}
		weights := []string{"10", "20", "40", "30"}
		scores := []string{"9", "18", "36", "24"}
		var nodes []string
		for i, n := range names {
			rate := ""
			if i < len(rates) && rates[i] != "" {
				rate = `, "declaredRate": "` + rates[i] + `"`
			}
			nodes = append(nodes, `{"name": "`+n+`"`+rate+`, "children": [{"name": "子`+n+`", "weight": "`+weights[i]+`", "score": "`+scores[i]+`"}]}`)
		}
		return projectDoc(t, `{"indicators": [`+strings.Join(nodes, ",")+`]}`)
	}
	const pr = "/projectReports/0/indicators"
	tests := []struct {
		name  string
		doc   []byte
		want  []fd
		hints []string // of the fraction findings: "看似小数：0.8580 → 85.80%？"
	}{
		{"a fraction among percentages", tree("90%", "0.8580", "90.00%"),
			[]fd{{pr + "/1/declaredRate", FindingFraction, "0.8580", "90.00%"}}, []string{"0.8580 → 85.80%"}},
		{"a fraction beside a percentage written without its sign", tree("0.9", "95"),
			[]fd{{pr + "/0/declaredRate", FindingFraction, "0.9", "90.00%"}, {pr + "/1/declaredRate", FindingRate, "95", "90.00%"}}, []string{"0.9 → 90%"}},
		{"every rate a fraction, each a hundredth of its computed rate", tree("0.9", "0.90", "", "0.8"),
			[]fd{{pr + "/0/declaredRate", FindingFraction, "0.9", "90.00%"}, {pr + "/1/declaredRate", FindingFraction, "0.90", "90.00%"},
				{pr + "/3/declaredRate", FindingFraction, "0.8", "80.00%"}}, []string{"0.9 → 90%", "0.90 → 90%", "0.8 → 80%"}},
		{"a lone rate below 1 that is no hundredth of the computed one is a plain mismatch", tree("0.5"),
			[]fd{{pr + "/0/declaredRate", FindingRate, "0.5", "90.00%"}}, nil},
		{"with its percent sign it is a percentage", tree("0.8580%", "90%"),
			[]fd{{pr + "/0/declaredRate", FindingRate, "0.8580%", "90.00%"}}, nil},
		{"1 is not taken for 100%", tree("1", "90%"),
			[]fd{{pr + "/0/declaredRate", FindingRate, "1", "90.00%"}}, nil},
		{"a table's execution rate, a hundredth of the computed one", tableDoc(t, `{"declared": {"executionRate": "0.96"}}`),
			[]fd{{sa + "/declared/executionRate", FindingFraction, "0.96", "96.00%"}}, []string{"0.96 → 96%"}},
		{"a hundredth of the computed rate at the decimals written", tableDoc(t, `{"funds": {"total": {"budget": "100", "executed": "96.16"}},
			"declared": {"executionRate": "0.96"}}`),
			[]fd{{sa + "/declared/executionRate", FindingFraction, "0.96", "96.16%"}}, []string{"0.96 → 96%"}},
		{"full-width digits", tableDoc(t, `{"declared": {"executionRate": "０．９６"}}`),
			[]fd{{sa + "/declared/executionRate", FindingFraction, "０．９６", "96.00%"}}, []string{"０．９６ → 96%"}},
		{"a table's lone rate below 1, matching nothing: not guessed at", tableDoc(t, `{"declared": {"executionRate": "0.5"}}`),
			[]fd{{sa + "/declared/executionRate", FindingRate, "0.5", "96.00%"}}, nil},
		{"a rate below 1 that is right is no finding", tableDoc(t, `{"funds": {"total": {"budget": "1000", "executed": "8.6"}},
			"declared": {"executionRate": "0.86"}}`), nil, nil},
		{"department: the tree's percentages witness a budget rate's fraction; the change in points is no rate",
			departmentDoc(t, `{"budget": {
				"carryover": {"budget": "6255.83", "amount": "223.63"},
				"previousCarryover": {"budget": "6574.65", "amount": "152.88"},
				"declared": {"carryoverRate": "0.0358", "carryoverRateChange": "0.5"}},
				"indicators": [
					{"name": "预算执行情况", "declaredRate": "95%", "children": [{"name": "预算执行率", "weight": "20", "computed": "executionRate"}]},
					{"name": "整体绩效目标实现情况", "children": [{"name": "产出数量", "weight": "60", "score": "55.50"}]},
					{"name": "预算管理情况", "children": [{"name": "财务管理", "weight": "20", "score": "19.50"}]}]}`),
			[]fd{{"/departmentReport/budget/declared/carryoverRate", FindingFraction, "0.0358", "3.57%"},
				{"/departmentReport/budget/declared/carryoverRateChange", FindingRate, "0.5", "1.24"}}, []string{"0.0358 → 3.58%"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, fs := computed(t, tt.doc)
			if got := findingsOf(fs); !slices.Equal(got, tt.want) {
				t.Fatalf("got  %v\nwant %v\n%v", got, tt.want, fs)
			}
			var hints []string
			for _, f := range fs {
				if f.Code != FindingFraction {
					continue
				}
				_, after, _ := strings.Cut(f.Message, "看似小数：")
				hint, _, _ := strings.Cut(after, "？")
				hints = append(hints, hint)
				if en := "looks like a fraction: " + hint + "?"; !strings.Contains(f.MessageEN, en) {
					t.Errorf("English %q lacks %q", f.MessageEN, en)
				}
			}
			if !slices.Equal(hints, tt.hints) {
				t.Errorf("hints %q, want %q", hints, tt.hints)
			}
		})
	}
}
