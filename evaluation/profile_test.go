package evaluation

import (
	"strings"
	"testing"
)

// evaluateWith evaluates doc with the named built-in profile.
func evaluateWith(t *testing.T, name string, doc []byte) *Report {
	t.Helper()
	return Evaluate(doc, &Config{Profiles: builtin(), Profile: name})
}

func TestProfileSelection(t *testing.T) {
	doc := patchDoc(t, tableDoc(t, ""), `{"profile": "beijing-2021"}`)
	if r := Evaluate(doc, &Config{Profiles: builtin()}); !r.Valid() || r.Profile.Name != "beijing-2021" {
		t.Errorf("the input's profile: %v %v", r.Problems, r.Profile)
	}
	if r := evaluateWith(t, "integer", doc); !r.Valid() || r.Profile.Name != "integer" {
		t.Errorf("the caller's override: %v", r.Problems)
	}
	if r := Evaluate(tableDoc(t, ""), nil); !r.Valid() || r.Profile.Name != "national" {
		t.Errorf("the default: %v", r.Problems)
	}
	for _, tt := range []struct {
		name, path string
		r          *Report
	}{
		{"named by the input", "/profile", Evaluate(patchDoc(t, doc, `{"profile": "mars"}`), &Config{Profiles: builtin()})},
		{"named by the caller", "", evaluateWith(t, "mars", doc)},
	} {
		ps := tt.r.Problems
		if len(ps) != 1 || ps[0].Code != CodeProfile || ps[0].Path != tt.path || !strings.Contains(ps[0].MessageEN, "national") {
			t.Errorf("%s: %v", tt.name, ps)
		}
		if tt.r.Result != nil {
			t.Errorf("%s: computed with no profile", tt.name)
		}
	}
}

func TestProfileForm(t *testing.T) {
	const sa = "/selfAssessments/0"
	long := strings.Repeat("字", 201)
	for _, tt := range []struct {
		name, profile string
		doc           []byte
		want          []pc
	}{
		{"national has no 项目负责人 row", "national", tableDoc(t, `{"manager": "张三"}`), []pc{{sa + "/manager", CodeNotOnForm}}},
		{"beijing has it", "beijing-2021", tableDoc(t, `{"manager": "张三", "phone": "1"}`), nil},
		{"a source the form lacks", "national", tableDoc(t, `{"funds": {"total": {"budget": "100", "executed": "96"}, "own": {"budget": "100", "executed": "96"}}}`),
			[]pc{{sa + "/funds/own", CodeNotOnForm}}},
		{"sources of the detailed form", "extended-columns", tableDoc(t, `{"funds": {"total": {"budget": "100", "executed": "96"}, "fiscal": {"budget": "60", "executed": "60"}, "own": {"budget": "40", "executed": "36"}}}`), nil},
		{"a column the form lacks", "national", rowsDoc(t, `[{"level1": "产出指标", "level2": "数量指标", "weight": "90", "score": "90", "nature": "≥", "unit": "个"}]`),
			[]pc{{sa + "/indicators/0/nature", CodeNotOnForm}, {sa + "/indicators/0/unit", CodeNotOnForm}}},
		{"columns of the detailed form", "extended-columns", rowsDoc(t, `[{"level1": "产出指标", "level2": "数量指标", "weight": "90", "score": "90", "nature": "≥", "unit": "个"}]`), nil},
		{"a text block of 200 characters", "extended-columns", tableDoc(t, `{"texts": {"conclusion": "`+long[:len(long)-3]+`"}}`), nil},
		{"a text block over its limit", "extended-columns", tableDoc(t, `{"texts": {"conclusion": "`+long+`", "problems": "无"}}`), []pc{{sa + "/texts/conclusion", CodeTooLong}}},
		{"a text block the form lacks", "national", tableDoc(t, `{"texts": {"conclusion": "好"}}`), []pc{{sa + "/texts/conclusion", CodeNotOnForm}}},
		{"a signature the form lacks", "national", tableDoc(t, `{"signatures": {"head": "李四"}}`), []pc{{sa + "/signatures/head", CodeNotOnForm}}},
		{"a signature line", "extended-columns", tableDoc(t, `{"signatures": {"head": "李四"}}`), nil},
		{"a grade the profile lacks", "national", tableDoc(t, `{"declared": {"grade": "合格"}}`), []pc{{sa + "/declared/grade", CodeOneOf}}},
		{"元 only", "yuan", patchDoc(t, tableDoc(t, ""), `{"unit": "万元"}`), []pc{{"/unit", CodeOneOf}}},
		{"execution weighted 20 needs indicators of 80", "execution-20", tableDoc(t, ""), []pc{{sa + "/indicators", CodeWeightSum}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ps := Validate(decodeOK(t, tt.doc), testProfile(t, tt.profile))
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

func TestProfileScales(t *testing.T) {
	rows := `[{"level1": "产出指标", "level2": "数量指标", "weight": "50", "score": "47.5"},
		{"level1": "效益指标", "level2": "社会效益指标", "weight": "40", "score": "33.4"}]`
	funds := `{"funds": {"total": {"budget": "3", "executed": "2"}}}`
	for _, tt := range []struct {
		profile, rate, execution, total, grade string
	}{
		{"national", "66.67", "6.67", "87.57", "良"},
		// Whole numbers, half-up: 47.5 → 48, 33.4 → 33, 2/3 → 67 %, 6.67 → 7.
		{"integer", "67", "7", "88", "良"},
	} {
		r := evaluateWith(t, tt.profile, rowsDoc(t, rows, funds))
		if !r.Valid() {
			t.Fatalf("%s: %v", tt.profile, r.Problems)
		}
		tr := r.Result.Tables[0]
		eq(t, tt.profile+" rate", tr.ExecutionRate, tt.rate)
		eq(t, tt.profile+" execution score", tr.ExecutionScore, tt.execution)
		eq(t, tt.profile+" total", tr.Total, tt.total)
		if tr.Grade != tt.grade {
			t.Errorf("%s: grade %s", tt.profile, tr.Grade)
		}
	}
	r := evaluateWith(t, "execution-20", rowsDoc(t, `[{"level1": "产出指标", "level2": "数量指标", "weight": "80", "score": "72"}]`, funds))
	if !r.Valid() {
		t.Fatal(r.Problems)
	}
	eq(t, "execution weighted 20", r.Result.Tables[0].ExecutionScore, "13.33")
	eq(t, "its total", r.Result.Tables[0].Total, "85.33")
}
