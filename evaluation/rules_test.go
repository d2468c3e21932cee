package evaluation

import (
	"testing"
	"testing/fstest"

	"github.com/jixiao/jixiao/profile"
)

func findingsCoded(r *Report, code string) []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Code == code {
			out = append(out, f)
		}
	}
	return out
}

func TestRules(t *testing.T) {
	const ind = "/selfAssessments/0/indicators"
	for _, tt := range []struct {
		name, rows, patch string
		code              string
		paths             []string
		severity          string
	}{
		{"below its weight, unexplained", `[{"level1": "产出指标", "level2": "数量指标", "weight": "90", "score": "80"}]`, "",
			FindingDeviationMissing, []string{ind + "/0/deviation"}, "warning"},
		{"below its weight, explained", `[{"level1": "产出指标", "level2": "数量指标", "weight": "90", "score": "80", "deviation": "部分任务延期"}]`, "",
			FindingDeviationMissing, nil, ""},
		{"a merged score explained on a row it covers", `[{"level1": "产出指标", "level2": "数量指标", "weight": "90", "score": "80", "scoreRows": 2},
			{"level1": "产出指标", "level2": "数量指标", "deviation": "部分任务延期"}]`, "", FindingDeviationMissing, nil, ""},
		{"full marks, target missed", `[{"level1": "产出指标", "level2": "数量指标", "target": "2个", "actual": "0个", "weight": "90", "score": "90", "deviation": "未开展"}]`, "",
			FindingTargetMissed, []string{ind + "/0/score"}, "warning"},
		{"full marks, target reached", `[{"level1": "产出指标", "level2": "数量指标", "target": "≥90%", "actual": "95%", "weight": "45", "score": "45"},
			{"level1": "产出指标", "level2": "成本指标", "target": "≤320元", "actual": "306元", "weight": "45", "score": "45"}]`, "",
			FindingTargetMissed, nil, ""},
		{"full marks, a cost over its cap", `[{"level1": "产出指标", "level2": "成本指标", "target": "≤320元", "actual": "336元", "weight": "90", "score": "90"}]`, "",
			FindingTargetMissed, []string{ind + "/0/score"}, "warning"},
		{"units that differ are not compared", `[{"level1": "产出指标", "level2": "数量指标", "target": "2个", "actual": "0家", "weight": "90", "score": "90"}]`, "",
			FindingTargetMissed, nil, ""},
		{"execution below 90%, unexplained", `[{"level1": "产出指标", "level2": "数量指标", "weight": "90", "score": "90"}]`,
			`{"funds": {"total": {"budget": "100", "executed": "80"}}}`, FindingExecutionUnexplain, []string{"/selfAssessments/0/funds/total/executed"}, "info"},
		{"execution below 90%, explained", `[{"level1": "产出指标", "level2": "数量指标", "weight": "90", "score": "80", "deviation": "部分资金未支付"}]`,
			`{"funds": {"total": {"budget": "100", "executed": "80"}}}`, FindingExecutionUnexplain, nil, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := Evaluate(rowsDoc(t, tt.rows, tt.patch), beijing)
			if !r.Valid() {
				t.Fatal(r.Problems)
			}
			got := findingsCoded(r, tt.code)
			if len(got) != len(tt.paths) {
				t.Fatalf("findings %v, want %v", got, tt.paths)
			}
			for i, f := range got {
				if f.Path != tt.paths[i] || f.Severity != tt.severity || !hasHan(f.Message) || f.MessageEN == "" {
					t.Errorf("finding %+v, want %s (%s)", f, tt.paths[i], tt.severity)
				}
			}
		})
	}
}

// TestRuleSeverities sets the rules' severities in a profile: an error
// makes the input invalid, info does not fail strict mode.
func TestRuleSeverities(t *testing.T) {
	set, err := profile.Load(profilesFS(t), fstest.MapFS{"strict.json": {Data: []byte(`{"extends": "national",
		"audit": {"rules": [{"rule": "deviationExplained", "severity": "error"}, {"rule": "declaredFigures", "severity": "info"}]}}`)}})
	if err != nil {
		t.Fatal(err)
	}
	cfg := &Config{Profiles: set, Profile: "strict"}
	r := Evaluate(rowsDoc(t, `[{"level1": "产出指标", "level2": "数量指标", "weight": "90", "score": "80"}]`), cfg)
	if r.Valid() || len(r.Problems) != 1 || r.Problems[0].Code != FindingDeviationMissing || r.Problems[0].Path != "/selfAssessments/0/indicators/0/deviation" {
		t.Errorf("an error rule: problems %v", r.Problems)
	}
	r = Evaluate(rowsDoc(t, `[{"level1": "产出指标", "level2": "数量指标", "weight": "90", "score": "90"}]`, `{"declared": {"total": "99"}}`), cfg)
	if !r.Valid() || len(r.Findings) != 1 || r.Findings[0].Severity != "info" || r.Findings[0].Blocking() {
		t.Errorf("an info rule: %v %v", r.Problems, r.Findings)
	}
	// The rules the national profile does not set are not checked there.
	r = Evaluate(rowsDoc(t, `[{"level1": "产出指标", "level2": "数量指标", "weight": "90", "score": "80"}]`), cfg)
	if len(findingsCoded(r, FindingTargetMissed)) != 0 {
		t.Error("a rule the profile does not list ran")
	}
}

// TestTablesSum checks a department figure the profile says is the sum
// of the tables'.
func TestTablesSum(t *testing.T) {
	set, err := profile.Load(profilesFS(t), fstest.MapFS{"sums.json": {Data: []byte(`{"extends": "national",
		"scheme": {"tolerance": {"money": "0.01"}},
		"audit": {"rules": [{"rule": "tablesSum", "severity": "warning", "figure": "项目支出预算数", "of": "全年预算数"}]}}`)}})
	if err != nil {
		t.Fatal(err)
	}
	doc := func(project string) []byte {
		d := departmentDoc(t, `{"budget": {"budget": {"total": "300", "basic": "100", "project": "`+project+`"}}}`)
		return patchDoc(t, d, `{"selfAssessments": [`+baseTable+`, `+baseTable+`]}`)
	}
	for _, tt := range []struct {
		project  string
		findings int
	}{{"200.00", 0}, {"200.01", 0}, {"199.00", 1}} {
		r := Evaluate(doc(tt.project), &Config{Profiles: set, Profile: "sums"})
		if !r.Valid() {
			t.Fatal(r.Problems)
		}
		if got := findingsCoded(r, FindingTablesSum); len(got) != tt.findings {
			t.Errorf("项目支出预算数 %s: findings %v", tt.project, got)
		}
	}
	if _, err := profile.Load(profilesFS(t), fstest.MapFS{"bad.json": {Data: []byte(`{"extends": "national",
		"audit": {"rules": [{"rule": "tablesSum", "severity": "warning", "figure": "总分", "of": "全年预算数"}]}}`)}}); err == nil {
		t.Error("a sum of scores loaded")
	}
}
