package evaluation

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

// TestOnePass: a value decode cannot read is reported once, at its
// pointer, and everything else is still validated, so one run reports
// all that is wrong; the rules that the unread value feeds are not
// reported (they would follow from it, or guess).
func TestOnePass(t *testing.T) {
	const (
		sa  = "/selfAssessments/0"
		ind = sa + "/indicators"
		dr  = "/departmentReport"
	)
	tests := []struct {
		name string
		doc  []byte
		want []pc
	}{
		{"a number in a text field hides neither a missing field nor a score over its weight",
			tableDoc(t, `{"project": 123, "competentDepartment": null, "indicators": [
				{"level1": "产出指标", "level2": "数量指标", "weight": "50", "score": "50"},
				{"level1": "效益指标", "level2": "社会效益指标", "weight": "30", "score": "31"},
				{"level1": "满意度指标", "level2": "服务对象满意度指标", "weight": "10", "score": "9"}]}`),
			[]pc{{sa + "/project", CodeType}, {sa + "/competentDepartment", CodeRequired}, {ind + "/1/score", CodeScoreOverWeight}}},
		{"a string in a weight: no required weight, no weight_sum, no score over it; a missing score elsewhere still reported",
			rowsDoc(t, `[
				{"level1": "产出指标", "level2": "数量指标", "weight": "五十", "score": "50"},
				{"level1": "效益指标", "level2": "社会效益指标", "weight": "30"},
				{"level1": "满意度指标", "level2": "服务对象满意度指标", "weight": "10", "score": "9"}]`),
			[]pc{{ind + "/0/weight", CodeNumber}, {ind + "/1/score", CodeMissingScore}}},
		{"a bad score: no missing_score", rowsDoc(t, `[
				{"level1": "产出指标", "level2": "数量指标", "weight": "90", "score": "9O"}]`),
			[]pc{{ind + "/0/score", CodeNumber}}},
		{"an unreadable execution weight: no weight_sum, though the rows sum to 80",
			rowsDoc(t, `[{"level1": "产出指标", "level2": "数量指标", "weight": "80", "score": "80"}]`, `{"executionWeight": true}`),
			[]pc{{sa + "/executionWeight", CodeType}}},
		{"the same rows with a readable execution weight do report the sum",
			rowsDoc(t, `[{"level1": "产出指标", "level2": "数量指标", "weight": "80", "score": "80"}]`, `{"executionWeight": "10"}`),
			[]pc{{ind, CodeWeightSum}}},
		{"an unreadable fund source: no fund_sum of its column; the other columns and a negative amount still reported",
			tableDoc(t, `{"funds": {"total": {"budget": "100", "executed": "96", "initialBudget": "-5"},
				"fiscal": {"budget": "7O", "executed": "70"}, "other": {"budget": "30", "executed": "25"}}}`),
			[]pc{{sa + "/funds/fiscal/budget", CodeNumber}, {sa + "/funds/total/initialBudget", CodeNegative}, {sa + "/funds/total/executed", CodeFundSum}}},
		{"an unreadable total amount: no required, no fund_sum",
			tableDoc(t, `{"funds": {"total": {"budget": {"value": 100}, "executed": "96"}, "fiscal": {"budget": "70", "executed": "96"}}}`),
			[]pc{{sa + "/funds/total/budget", CodeType}}},
		{"an unreadable notApplicable: the row's missing weight is not reported", rowsDoc(t, `[
				{"level1": "产出指标", "level2": "数量指标", "weight": "90", "score": "90"},
				{"level1": "效益指标", "level2": "社会效益指标", "notApplicable": "true"}]`),
			[]pc{{ind + "/1/notApplicable", CodeType}}},
		{"an unreadable scoreRows: the rows it would cover are not reported", rowsDoc(t, `[
				{"level1": "产出指标", "level2": "数量指标", "weight": "90", "score": "90", "scoreRows": "2"},
				{"level1": "产出指标", "level2": "数量指标", "name": "第二行"},
				{"level1": "效益指标", "level2": "社会效益指标"}]`),
			[]pc{{ind + "/0/scoreRows", CodeType}, {ind + "/2/weight", CodeRequired}}},
		{"an unreadable level2: neither unknown nor out of order", rowsDoc(t, `[
				{"level1": "产出指标", "level2": "数量指标", "weight": "30", "score": "30"},
				{"level1": "产出指标", "level2": 2, "weight": "30", "score": "30"},
				{"level1": "产出指标", "level2": "数量指标", "weight": "30", "score": "30"}]`),
			[]pc{{ind + "/1/level2", CodeType}}},
		{"a control character in a level1: not also unknown", rowsDoc(t, `[
				{"level1": "产出指标\n", "level2": "数量指标", "weight": "90", "score": "90"}]`),
			[]pc{{ind + "/0/level1", CodeControlChar}}},
		{"an unreadable level1 between rows of one indicator: not out of order", rowsDoc(t, `[
				{"level1": "产出指标", "level2": "数量指标", "weight": "30", "score": "30"},
				{"level1": ["产出指标"], "level2": "数量指标", "weight": "30", "score": "30"},
				{"level1": "产出指标", "level2": "数量指标", "weight": "30", "score": "30"}]`),
			[]pc{{ind + "/1/level1", CodeType}}},
		{"a row that is not an object: nothing of it reported twice, no weight_sum; the other rows checked", rowsDoc(t, `[
				"产出指标 数量指标 50 50",
				{"level1": "效益指标", "level2": "社会效益指标", "weight": "30", "score": "31"}]`),
			[]pc{{ind + "/0", CodeType}, {ind + "/1/score", CodeScoreOverWeight}}},
		{"an unknown key does not stop validation", rowsDoc(t, `[
				{"level1": "产出指标", "level2": "数量指标", "weight": "80", "scroe": "80"}]`),
			// The misspelt score is not also reported missing.
			[]pc{{ind + "/0/scroe", CodeUnknownField}, {ind, CodeWeightSum}}},
		{"selfAssessments not an array: not also empty",
			docWith(t, `{"selfAssessments": {"project": "甲"}}`),
			[]pc{{"/selfAssessments", CodeType}}},
		{"a number as the year: the missing department still reported",
			docWith(t, `{"year": "二〇二一", "department": null, "selfAssessments": [{"project": "甲"}]}`),
			[]pc{{"/year", CodeType}, {"/department", CodeRequired}, {sa + "/competentDepartment", CodeRequired},
				{sa + "/implementingUnit", CodeRequired}, {ind, CodeRequired}, {sa + "/funds/total", CodeRequired}}},
		{"a department leaf with an unreadable weight: no weight_sum; a score over a weight elsewhere reported",
			departmentDoc(t, `{"indicators": [
				{"name": "预算执行情况", "children": [{"name": "预算执行率", "weight": "20", "computed": "executionRate"}]},
				{"name": "整体绩效目标实现情况", "children": [{"name": "产出数量", "weight": "三十", "score": "28.50"}, {"name": "社会效益", "weight": "30", "score": "31"}]},
				{"name": "预算管理情况", "children": [{"name": "财务管理", "weight": "20", "score": "19.50"}]}]}`),
			[]pc{{dr + "/indicators/1/children/0/weight", CodeNumber}, {dr + "/indicators/1/children/1/score", CodeScoreOverWeight}}},
		{"unreadable children: the node is not taken for a leaf without weight",
			departmentDoc(t, `{"indicators": [
				{"name": "预算执行情况", "children": [{"name": "预算执行率", "weight": "20", "computed": "executionRate"}]},
				{"name": "整体绩效目标实现情况", "children": {"name": "产出数量", "weight": "60", "score": "58"}},
				{"name": "预算管理情况", "children": [{"name": "财务管理", "weight": "20", "score": "21"}]}]}`),
			[]pc{{dr + "/indicators/1/children", CodeType}, {dr + "/indicators/2/children/0/score", CodeScoreOverWeight}}},
		{"a paragraph that is a number: not also a block of nothing",
			projectDoc(t, `{"sections": [{"heading": "概述", "blocks": [{"paragraph": 12}, {"list": {"style": "dots", "items": ["a"]}}]}]}`),
			[]pc{{"/projectReports/0/sections/0/blocks/0/paragraph", CodeType}, {"/projectReports/0/sections/0/blocks/1/list/style", CodeOneOf}}},
		{"a span written as a string: the table's spans are not guessed",
			projectDoc(t, `{"sections": [{"heading": "概述", "blocks": [{"table": {"rows": [[{"text": "a", "colSpan": "2"}], ["b", "c"]], "widths": ["1", "0"]}}]}]}`),
			[]pc{{"/projectReports/0/sections/0/blocks/0/table/rows/0/0/colSpan", CodeType}, {"/projectReports/0/sections/0/blocks/0/table/widths/1", CodeRange}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Evaluate(tt.doc, beijing)
			if got := pathCodes(r.Problems); !samePCs(got, tt.want) {
				t.Errorf("got  %v\nwant %v\n%v", got, tt.want, r.Problems)
			}
			if r.Result != nil {
				t.Error("an invalid input has no result")
			}
		})
	}
	// The profile: every rule depends on it. Unreadable, nothing is
	// checked against it; a caller's choice overrides it.
	doc := patchDoc(t, tableDoc(t, `{"project": null}`), `{"profile": 2021}`)
	if got, want := pathCodes(Evaluate(doc, nil).Problems), []pc{{"/profile", CodeType}}; !slices.Equal(got, want) {
		t.Errorf("unreadable profile: got %v, want %v", got, want)
	}
	if got, want := pathCodes(Evaluate(doc, beijing).Problems), []pc{{"/profile", CodeType}, {sa + "/project", CodeRequired}}; !slices.Equal(got, want) {
		t.Errorf("unreadable profile overridden: got %v, want %v", got, want)
	}
}

// TestProblemOrder: problems come in the order of the input — by where
// the value each names begins (a missing field: where its object
// begins), then by code — whichever stage found them.
func TestProblemOrder(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []pc
	}{
		{"the second table's missing project after the first table's rows",
			`{"department": "局", "year": 2021, "selfAssessments": [
				{"project": "甲", "competentDepartment": "局", "implementingUnit": "局", "funds": {"total": {"budget": "1", "executed": "1"}},
				 "indicators": [{"level1": "产出指标", "level2": "数量指标", "weight": "80", "score": "81"}]},
				{"competentDepartment": "局", "implementingUnit": "局", "funds": {"total": {"budget": "1", "executed": "1"}},
				 "indicators": [{"level1": "产出指标", "level2": "数量指标", "weight": "90", "score": "90"}]}]}`,
			[]pc{{"/selfAssessments/0/indicators", CodeWeightSum}, {"/selfAssessments/0/indicators/0/score", CodeScoreOverWeight},
				{"/selfAssessments/1/project", CodeRequired}}},
		{"keys in the input's order, not the format's; decode and validation problems interleaved",
			`{"selfAssessments": [{"indicators": [{"score": "x", "weight": "90", "level2": "数量指标", "level1": "产出指标"}],
				"funds": {"total": {"executed": "-1", "budget": "1"}}, "implementingUnit": "局", "competentDepartment": "局", "project": 5}],
			  "year": 1999, "department": "局"}`,
			[]pc{{"/selfAssessments/0/indicators/0/score", CodeNumber}, {"/selfAssessments/0/funds/total/executed", CodeNegative},
				{"/selfAssessments/0/project", CodeType}, {"/year", CodeRange}}},
		{"at one place, by code: a 不涉及 row with a weight before the row's missing level2",
			`{"department": "局", "year": 2021, "selfAssessments": [{"project": "甲", "competentDepartment": "局", "implementingUnit": "局",
				"funds": {"total": {"budget": "1", "executed": "1"}},
				"indicators": [{"level1": "产出指标", "level2": "数量指标", "weight": "90", "score": "90"},
				               {"level1": "效益指标", "notApplicable": true, "weight": "0"}]}]}`,
			[]pc{{"/selfAssessments/0/indicators/1", CodeNotApplicable}, {"/selfAssessments/0/indicators/1/level2", CodeRequired}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Evaluate([]byte(tt.doc), beijing)
			if got := pathCodes(r.Problems); !slices.Equal(got, tt.want) {
				t.Errorf("got  %v\nwant %v\n%v", got, tt.want, r.Problems)
			}
		})
	}
}

func TestEvaluateReportsDecodeProblems(t *testing.T) {
	r := Evaluate([]byte(`{"year": "x"}`), beijing)
	want := []pc{{"", CodeEmpty}, {"/department", CodeRequired}, {"/year", CodeType}}
	if got := pathCodes(r.Problems); r.Valid() || r.Result != nil || !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	if r.Findings == nil {
		t.Error("findings must be an empty list, not null, in JSON")
	}
	if s := r.Problems[0].String(); !strings.HasPrefix(s, "(根): [empty]") {
		t.Errorf("the document's problem prints as %q", s)
	}
}

// TestValueOffsets checks where the values of the asked pointers begin,
// through escaped and repeated keys, arrays, values passed over and
// pointers the text does not hold.
func TestValueOffsets(t *testing.T) {
	data := []byte(`{"x": {"deep": [1, {"a": 2}]}, "a\u002fb": [10, {"k": "v\"}"}, 30], "d": 1, "d": 2, "s": [ [], {} ]}`)
	at := map[string]int64{}
	for _, p := range []string{"", "/a~1b", "/a~1b/1", "/a~1b/1/k", "/a~1b/2", "/d", "/s", "/s/1", "/missing", "/a~1b/1/missing"} {
		at[p] = -1
	}
	valueOffsets(data, at)
	want := map[string]string{
		"": `{"x"`, "/a~1b": `[10,`, "/a~1b/1": `{"k"`, "/a~1b/1/k": `"v\"}"`, "/a~1b/2": `30]`,
		"/d": `1, "d"`, "/s": `[ [],`, "/s/1": `{} ]`,
	}
	for p, off := range at {
		w, ok := want[p]
		switch {
		case !ok && off >= 0:
			t.Errorf("%q found at %d, not in the text", p, off)
		case ok && (off < 0 || !bytes.HasPrefix(data[off:], []byte(w))):
			t.Errorf("%q at %d, want the value beginning %s", p, off, w)
		}
	}
}
