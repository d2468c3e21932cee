package api

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/evaluation"
)

// selfAssessment is a disclosure of one table with the given project
// value (JSON), funds and indicator rows.
func selfAssessment(project, funds, rows string) []byte {
	return []byte(`{"department": "示例局", "year": 2024, "selfAssessments": [{
		"project": ` + project + `, "implementingUnit": "示例局",
		"funds": ` + funds + `, "indicators": ` + rows + `}]}`)
}

// TestValidateAllAtOnce: the answer of an invalid input lists every
// problem in one pass, one per cause, in the input's order; a syntax
// error is told in Chinese.
func TestValidateAllAtOnce(t *testing.T) {
	ts := newTestServer(t, Config{})
	const sa = "/selfAssessments/0"
	rows := `[{"level1": "产出指标", "level2": "数量指标", "weight": "50", "score": "50"},
		{"level1": "效益指标", "level2": "社会效益指标", "weight": "30", "score": "31"},
		{"level1": "满意度指标", "level2": "服务对象满意度指标", "weight": "10", "score": "10"}]`
	tests := []struct {
		name string
		body []byte
		want []string // path and code of each error, in order
	}{
		{"a type error, a missing field and a score over its weight, at once",
			selfAssessment(`2024`, `{"total": {"budget": "50", "executed": "48"}}`, rows),
			[]string{sa + "/competentDepartment required", sa + "/project type", sa + "/indicators/1/score score_over_weight"}},
		{"a missing fund total: one error",
			selfAssessment(`"甲"`, `{"fiscal": {"initialBudget": "50", "budget": "50", "executed": "48"}}`, strings.Replace(rows, "31", "30", 1)),
			[]string{sa + "/competentDepartment required", sa + "/funds/total required"}},
		{"an empty indicator list: one error",
			selfAssessment(`"甲"`, `{"total": {"budget": "50", "executed": "48"}}`, `[]`),
			[]string{sa + "/competentDepartment required", sa + "/indicators required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := ts.post(t, pathValidate, tt.body)
			p := problem(t, resp, body, 422, "validation-failed")
			var got []string
			for _, e := range p.Errors {
				got = append(got, e.Path+" "+e.Code)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("errors %q, want %q", got, tt.want)
			}
		})
	}
	resp, body := ts.post(t, pathValidate, []byte("{\n  \"department\": \"示例局\",\n  \"year\": ,\n}"))
	p := problem(t, resp, body, 400, "malformed-json")
	if e := p.Errors[0]; e.Line != 3 || e.Column != 11 || !strings.Contains(e.Message, "此处应为值，却是 ','") ||
		!strings.Contains(p.Detail, "第 3 行第 11 列") || strings.Contains(e.Message, "invalid") || strings.Contains(p.Detail, "looking for") {
		t.Errorf("syntax problem %+v, detail %q", e, p.Detail)
	}
}

// TestValidateFractionRate: a rate typed as a fraction among the
// percentages of its report is a finding with the hint, at its pointer.
func TestValidateFractionRate(t *testing.T) {
	ts := newTestServer(t, Config{})
	data := bytes.Replace(example(t), []byte(`"declaredRate": "85.80%"`), []byte(`"declaredRate": "0.8580"`), 1)
	resp, body := ts.post(t, pathValidate, data)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	var rep struct{ Findings []evaluation.Finding }
	if err := json.Unmarshal(body, &rep); err != nil {
		t.Fatal(err)
	}
	const path = "/projectReports/0/indicators/0/declaredRate"
	var at []evaluation.Finding
	for _, f := range rep.Findings {
		if f.Path == path {
			at = append(at, f)
		}
	}
	if len(at) != 1 || at[0].Code != evaluation.FindingFraction || at[0].Declared != "0.8580" ||
		!strings.Contains(at[0].Message, "看似小数：0.8580 → 85.80%？") || !strings.Contains(at[0].MessageEN, "looks like a fraction: 0.8580 → 85.80%?") {
		t.Errorf("findings at %s: %+v", path, at)
	}
	resp, body = ts.post(t, pathValidate+"?strict=true", data)
	if p := problem(t, resp, body, 422, "validation-failed"); !slices.ContainsFunc(p.Findings, func(f evaluation.Finding) bool { return f.Code == evaluation.FindingFraction }) {
		t.Errorf("strict: findings %v", p.Findings)
	}
}
