package evaluation

import (
	"strings"
	"testing"
)

func TestNearest(t *testing.T) {
	names := []string{"actual", "deviation", "level1", "level2", "name", "score", "target", "unit", "weight"}
	tests := []struct{ key, want string }{
		{"scroe", "score"},    // swapped
		{"Score", "score"},    // case
		{"scor", "score"},     // missing
		{"weigth", "weight"},  // swapped
		{"targett", "target"}, // added
		{"devaition", "deviation"},
		{"level3", ""}, // as near level1 as level2
		{"colour", ""}, // nothing near
		{"nmae", "name"},
		{"uint", "unit"},
		{"acutal", "actual"},
		{"x", ""},
	}
	for _, tt := range tests {
		if got := nearest(tt.key, names); got != tt.want {
			t.Errorf("nearest(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"", "ab", 2}, {"score", "score", 0}, {"scroe", "score", 1},
		{"kitten", "sitting", 3}, {"ca", "abc", 3}, {"预算", "预箅", 1}, {"执行率", "率执行", 2},
	} {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestUnknownFieldSuggests: a misspelt key is reported with the field it
// was meant to be, in both languages, and only once: the field it
// misspells is not also reported missing.
func TestUnknownFieldSuggests(t *testing.T) {
	tests := []struct {
		name, rows string
		want       []string // pointer and code of each problem
	}{
		{"score", `[{"level1": "产出指标", "level2": "数量指标", "name": "a", "weight": 90, "scroe": 90}]`,
			[]string{"/selfAssessments/0/indicators/0/scroe unknown_field"}},
		{"weight", `[{"level1": "产出指标", "level2": "数量指标", "name": "a", "wieght": 90, "score": 90}]`,
			[]string{"/selfAssessments/0/indicators/0/wieght unknown_field"}},
		// Given under its own name too: nothing is left out for the slip.
		{"both", `[{"level1": "产出指标", "level2": "数量指标", "name": "a", "weight": 90, "score": 90, "scroe": 80}]`,
			[]string{"/selfAssessments/0/indicators/0/scroe unknown_field"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Evaluate(rowsDoc(t, tt.rows), &Config{Profiles: builtin()})
			var got []string
			for _, p := range r.Problems {
				got = append(got, p.Path+" "+p.Code)
				if p.Code == CodeUnknownField && !strings.Contains(p.Message, "是否应为") {
					t.Errorf("%+v: no suggestion", p)
				}
			}
			if strings.Join(got, "; ") != strings.Join(tt.want, "; ") {
				t.Errorf("problems %v, want %v", got, tt.want)
			}
		})
	}
	d, _ := decode(rowsDoc(t, tests[0].rows), Limits{})
	if !d.unread.covers("/selfAssessments/0/indicators/0/score") {
		t.Error("the misspelt score is not left out")
	}
	if d2, _ := decode(rowsDoc(t, tests[2].rows), Limits{}); d2.unread.covers("/selfAssessments/0/indicators/0/score") {
		t.Error("a score given under its own name is left out")
	}
	p := unknownField("/x", "scroe", "score")
	if p.Message != `未知字段 "scroe"，是否应为 "score"？` || p.MessageEN != `unknown field "scroe"; did you mean "score"?` {
		t.Errorf("messages %q / %q", p.Message, p.MessageEN)
	}
}

// TestUnknownFieldInReports: a misspelt score of a report's indicator is
// one error, the slip with its suggestion, not also a missing score.
func TestUnknownFieldInReports(t *testing.T) {
	dept := departmentDoc(t, `{"indicators": [
		{"name": "预算执行情况", "children": [{"name": "预算执行率", "weight": "20", "computed": "executionRate"}]},
		{"name": "整体绩效目标实现情况", "children": [
			{"name": "产出完成情况", "children": [{"name": "产出数量", "weight": "30", "scroe": "28.50"}]},
			{"name": "效果实现情况", "children": [{"name": "社会效益", "weight": "30", "score": "27.00"}]}
		]},
		{"name": "预算管理情况", "children": [{"name": "财务管理", "weight": "20", "score": "19.50"}]}]}`)
	r := Evaluate(dept, &Config{Profiles: builtin()})
	if len(r.Problems) != 1 || r.Problems[0].Code != CodeUnknownField || !strings.Contains(r.Problems[0].MessageEN, `did you mean "score"?`) {
		t.Errorf("problems %v, want the one slip", r.Problems)
	}
}
