package evaluation

import (
	"io/fs"
	"testing/fstest"

	"fmt"
	"github.com/jixiao/jixiao/profile"
	"github.com/jixiao/jixiao/templates"
	"testing"
)

// oneRowDoc is a table whose execution weight is w and whose single
// indicator row carries the rest of the 100 points, fully scored.
func oneRowDoc(t *testing.T, w string, funds string) []byte {
	t.Helper()
	rest := dec("100").Sub(dec(w)).String()
	return rowsDoc(t, fmt.Sprintf(`[{"level1": "产出指标", "level2": "数量指标", "weight": %q, "score": %q}]`, rest, rest),
		fmt.Sprintf(`{"executionWeight": %q, "funds": {"total": %s}}`, w, funds))
}

func TestExecutionRateAndScore(t *testing.T) {
	tests := []struct {
		name                     string
		budget, executed, weight string
		rate, score              string
	}{
		{"plain", "100.00", "96.00", "10", "96.00", "9.60"},
		{"all spent", "43.00", "43.00", "10", "100.00", "10.00"},
		{"nothing spent", "100", "0", "10", "0.00", "0.00"},
		{"over 100% is capped in the score, not in the rate", "100", "120", "10", "120.00", "10.00"},
		{"score from the exact ratio, not the printed rate", "38.50", "34.90", "10", "90.65", "9.06"},
		{"99.98% rounds to a full score", "128.24", "128.21", "10", "99.98", "10.00"},
		{"reference table 30", "52.02", "50.38", "10", "96.85", "9.68"},
		{"score half-up at .005", "200", "100.1", "10", "50.05", "5.01"},
		{"score just below .005", "200", "100.09", "10", "50.05", "5.00"},
		{"rate half-up at .005", "200000", "24690", "10", "12.35", "1.23"},
		{"rate just below .005", "200000", "24689.99", "10", "12.34", "1.23"},
		{"repeating ratio 1/3", "3", "1", "10", "33.33", "3.33"},
		{"repeating ratio 2/3", "3", "2", "10", "66.67", "6.67"},
		// 15 × 10.03 / 30 = 5.015 exactly; 10.03 / 30 = 0.33433… does not
		// terminate, so the score must not go through a rounded ratio.
		{"exact .005 behind a repeating ratio", "30", "10.03", "15", "33.43", "5.02"},
		{"department weight 20", "7235.39", "7011.77", "20", "96.91", "19.38"},
		{"money in 元", "1234567.89", "1234567.88", "10", "100.00", "10.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, _ := computed(t, oneRowDoc(t, tt.weight, fmt.Sprintf(`{"budget": %q, "executed": %q}`, tt.budget, tt.executed)))
			tr := res.Tables[0]
			eq(t, "weight", tr.ExecutionWeight, tt.weight)
			eq(t, "rate", tr.ExecutionRate, tt.rate)
			eq(t, "score", tr.ExecutionScore, tt.score)
			eq(t, "total", tr.Total, dec(tt.score).Add(dec("100")).Sub(dec(tt.weight)).String())
		})
	}
}

func TestExecutionWeightDefault(t *testing.T) {
	res, _ := computed(t, tableDoc(t, ""))
	eq(t, "default execution weight", res.Tables[0].ExecutionWeight, "10")
	eq(t, "score", res.Tables[0].ExecutionScore, "9.60")
}

// TestQuantitative covers B/A and A/B scoring, the cap at the weight and
// the low-target deduction bands of the scheme: (B−A)/A in [200%, 300%)
// deducts 10% of the weight, 300% and above deducts 30%.
func TestQuantitative(t *testing.T) {
	tests := []struct {
		name                  string
		direction, a, b, w    string
		score, deduction      string
		declared, wantFinding string // a declared score and whether it is a finding
	}{
		{"positive below target", "positive", "100", "80", "10", "8.00", "0", "", ""},
		{"positive on target", "positive", "100", "100", "10", "10.00", "0", "", ""},
		{"positive above target is capped", "positive", "100", "120", "10", "10.00", "0", "", ""},
		{"positive 199.99% over: no deduction", "positive", "100", "299.99", "10", "10.00", "0", "", ""},
		{"positive exactly 200% over: 10% deducted", "positive", "100", "300", "10", "9.00", "1.00", "", ""},
		{"positive 299.99% over: still 10%", "positive", "100", "399.99", "10", "9.00", "1.00", "", ""},
		{"positive exactly 300% over: 30% deducted", "positive", "100", "400", "10", "7.00", "3.00", "", ""},
		{"positive 5000% over: 30% (the printed 5000% is no upper bound)", "positive", "100", "5100", "10", "7.00", "3.00", "", ""},
		{"positive far beyond 5000%: still 30%", "positive", "1", "1000000", "10", "7.00", "3.00", "", ""},
		{"deduction of an odd weight rounds half-up", "positive", "2", "6", "7.5", "6.75", "0.75", "", ""},
		{"30% of 7.5", "positive", "1", "4", "7.5", "5.25", "2.25", "", ""},
		{"positive actual zero", "positive", "100", "0", "10", "0.00", "0", "", ""},
		{"negative above target", "negative", "10", "20", "10", "5.00", "0", "", ""},
		{"negative below target is capped", "negative", "10", "5", "10", "10.00", "0", "", ""},
		{"negative far below target: no deduction", "negative", "100", "1", "10", "10.00", "0", "", ""},
		{"negative 10×", "negative", "10", "100", "10", "1.00", "0", "", ""},
		{"repeating 1/3", "positive", "3", "1", "10", "3.33", "0", "", ""},
		{"repeating 2/3", "positive", "3", "2", "10", "6.67", "0", "", ""},
		{"exact .005 behind a repeating ratio", "positive", "3", "0.001", "15", "0.01", "0", "", ""},
		{"percent values", "positive", "95%", "90%", "10", "9.47", "0", "", ""},
		{"declared score equal", "positive", "100", "80", "10", "8.00", "0", "8", ""},
		{"declared score differs", "positive", "100", "80", "10", "8.00", "0", "10", "10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rest := dec("90").Sub(dec(tt.w)).String()
			score := ""
			if tt.declared != "" {
				score = fmt.Sprintf(`"score": %q, `, tt.declared)
			}
			doc := rowsDoc(t, fmt.Sprintf(`[
				{"level1": "产出指标", "level2": "数量指标", "weight": %q, %s"quantitative": {"direction": %q, "target": %q, "actual": %q}},
				{"level1": "效益指标", "level2": "社会效益指标", "weight": %q, "score": %q}]`,
				tt.w, score, tt.direction, tt.a, tt.b, rest, rest))
			res, fs := computed(t, doc)
			r := res.Tables[0].Rows[0]
			if !r.Scored {
				t.Fatal("row not scored")
			}
			eq(t, "weight", r.Weight, tt.w)
			eq(t, "score", r.Score, tt.score)
			eq(t, "deduction", r.Deduction, tt.deduction)
			switch {
			case tt.wantFinding == "" && len(fs) > 0:
				t.Errorf("unexpected findings %v", fs)
			case tt.wantFinding != "":
				want := Finding{Path: "/selfAssessments/0/indicators/0/score", Code: FindingScore, Declared: tt.wantFinding, Computed: tt.score}
				if len(fs) != 1 || fs[0].Path != want.Path || fs[0].Code != want.Code || fs[0].Declared != want.Declared || fs[0].Computed != want.Computed {
					t.Errorf("findings %v, want %v", fs, want)
				}
			}
		})
	}
}

func TestLevelPointsAndMergedRows(t *testing.T) {
	res, _ := computed(t, rowsDoc(t, `[
		{"level1": "产出指标", "level2": "数量指标", "weight": "20", "score": "18.5"},
		{"level1": "产出指标", "level2": "时效指标", "name": "2季度", "weight": "20", "score": "20", "scoreRows": 2},
		{"level1": "产出指标", "level2": "时效指标", "name": "3季度"},
		{"level1": "效益指标", "level2": "经济效益指标", "name": "不涉及", "notApplicable": true, "scoreRows": 2},
		{"level1": "效益指标", "level2": "经济效益指标", "name": "不涉及"},
		{"level1": "效益指标", "level2": "社会效益指标", "weight": "50", "score": "45"},
		{"level1": "满意度指标", "level2": "服务对象满意度指标", "notApplicable": true}]`))
	tr := res.Tables[0]
	scored := []bool{true, true, false, false, false, true, false}
	if len(tr.Rows) != len(scored) {
		t.Fatalf("%d rows", len(tr.Rows))
	}
	for i, want := range scored {
		if tr.Rows[i].Scored != want {
			t.Errorf("row %d scored %v, want %v", i, tr.Rows[i].Scored, want)
		}
	}
	want := []struct {
		name, weight, score string
		scored              bool
	}{
		{"产出指标", "40", "38.5", true},
		{"效益指标", "50", "45", true},
		{"满意度指标", "0", "0", false}, // every row 不涉及: the form prints no points
	}
	if len(tr.Levels) != len(want) {
		t.Fatalf("levels %+v", tr.Levels)
	}
	for i, w := range want {
		l := tr.Levels[i]
		if l.Name != w.name || l.Scored != w.scored {
			t.Errorf("level %d = %+v, want %+v", i, l, w)
		}
		eq(t, w.name+" points", l.Weight, w.weight)
		eq(t, w.name+" score", l.Score, w.score)
	}
	eq(t, "total", tr.Total, "93.10") // 9.60 + 38.5 + 45
	if tr.Grade != "优" {
		t.Errorf("grade %s", tr.Grade)
	}
}

// TestTotalsAreSumsOfRoundedParts: every printed figure is rounded to the
// form's scale first, and an aggregate is the sum of the printed parts, so
// each table adds up on paper.
func TestTotalsAreSumsOfRoundedParts(t *testing.T) {
	t.Run("table", func(t *testing.T) {
		res, _ := computed(t, rowsDoc(t, `[
			{"level1": "产出指标", "level2": "数量指标", "weight": "30", "score": "29.994"},
			{"level1": "产出指标", "level2": "质量指标", "weight": "30", "score": "29.994"},
			{"level1": "效益指标", "level2": "社会效益指标", "weight": "20", "score": "19.994"},
			{"level1": "满意度指标", "level2": "服务对象满意度指标", "weight": "10", "score": "9.995"}]`,
			`{"funds": {"total": {"budget": "3", "executed": "2"}}}`))
		tr := res.Tables[0]
		eq(t, "row 0", tr.Rows[0].Score, "29.99")
		eq(t, "row 3 half-up", tr.Rows[3].Score, "10.00")
		eq(t, "execution", tr.ExecutionScore, "6.67")
		eq(t, "产出指标", tr.Levels[0].Score, "59.98")
		// The level is 29.99 + 29.99 = 59.98, not round(59.988) = 59.99.
		eq(t, "total", tr.Total, "96.64") // 6.67 + 29.99 + 29.99 + 19.99 + 10.00
	})
	t.Run("table total differs from the rounded exact sum", func(t *testing.T) {
		res, _ := computed(t, rowsDoc(t, `[
			{"level1": "产出指标", "level2": "数量指标", "weight": "30", "score": "29.994"},
			{"level1": "产出指标", "level2": "质量指标", "weight": "30", "score": "29.994"},
			{"level1": "效益指标", "level2": "社会效益指标", "weight": "30", "score": "29.994"}]`,
			`{"funds": {"total": {"budget": "1", "executed": "1"}}}`))
		// 10.00 + 3 × 29.99 = 99.97, not round(10 + 89.982) = 99.98.
		eq(t, "total", res.Tables[0].Total, "99.97")
	})
	t.Run("tree", func(t *testing.T) {
		res, _ := computed(t, projectDoc(t, `{"indicators": [
			{"name": "项目决策", "children": [{"name": "a", "weight": "5", "score": "3.334"}, {"name": "b", "weight": "5", "score": "3.334"}]},
			{"name": "项目过程", "children": [{"name": "c", "weight": "20", "score": "18.805"}]},
			{"name": "项目产出", "children": [{"name": "d", "weight": "40", "score": "36"}]},
			{"name": "项目效益", "children": [{"name": "e", "weight": "30", "score": "24.1"}]}]}`))
		p := res.Projects[0]
		eq(t, "项目决策", p.Indicators[0].Score, "6.66")
		eq(t, "项目决策 rate", p.Indicators[0].Rate, "66.60")
		eq(t, "项目过程", p.Indicators[1].Score, "18.81")
		eq(t, "项目过程 rate", p.Indicators[1].Rate, "94.05")
		eq(t, "total", p.Total, "85.57")
		if p.Project != "测试项目" || p.Grade != "良" {
			t.Errorf("%+v", p)
		}
	})
}

func TestGrades(t *testing.T) {
	s := &testProfile(t, "national").Scheme
	for _, tt := range []struct{ total, grade string }{
		{"100", "优"}, {"90", "优"}, {"90.00", "优"}, {"89.99", "良"},
		{"80", "良"}, {"79.99", "中"}, {"60", "中"}, {"59.99", "差"}, {"0", "差"},
	} {
		if g := s.Grade(dec(tt.total)); g != tt.grade {
			t.Errorf("Grade(%s) = %s, want %s", tt.total, g, tt.grade)
		}
	}
	// A table that totals exactly 90.00 is 优; 0.01 less is 良.
	for _, tt := range []struct{ score, grade string }{{"80", "优"}, {"79.99", "良"}} {
		res, _ := computed(t, rowsDoc(t, `[{"level1": "产出指标", "level2": "数量指标", "weight": "90", "score": "`+tt.score+`"}]`,
			`{"funds": {"total": {"budget": "1", "executed": "1"}}}`))
		if g := res.Tables[0].Grade; g != tt.grade {
			t.Errorf("score %s: grade %s, want %s", tt.score, g, tt.grade)
		}
	}
}

func TestDepartmentFigures(t *testing.T) {
	res, _ := computed(t, departmentDoc(t, `{"budget": {
		"budget": {"total": "7235.39"}, "spending": {"total": "7011.77"},
		"carryover": {"year": 2021, "budget": "6255.83", "amount": "223.63"},
		"previousCarryover": {"year": 2020, "budget": "6574.65", "amount": "152.88"},
		"finalAccounts": {"budget": "6255.83", "actual": "7235.39"}}}`))
	d := res.Department
	eq(t, "execution rate", d.ExecutionRate, "96.91")
	eq(t, "carry-over rate", *d.CarryoverRate, "3.57")
	eq(t, "previous carry-over rate", *d.PreviousCarryoverRate, "2.33")
	// The change is taken between the printed rates, in percentage points:
	// 3.57 − 2.33 = 1.24 (the exact rates would differ by 1.2494…).
	eq(t, "change in points", *d.CarryoverRateChange, "1.24")
	eq(t, "预决算差异", *d.FinalAccountsDifference, "979.56")
	eq(t, "预决算差异率", *d.FinalAccountsDifferenceRate, "15.66")
	ex := d.Indicators[0]
	eq(t, "预算执行情况", ex.Score, "19.38")
	eq(t, "预算执行率 leaf", ex.Children[0].Score, "19.38")
	eq(t, "预算执行情况 weight", ex.Weight, "20")
	eq(t, "预算执行情况 rate", ex.Rate, "96.90")
	eq(t, "total", d.Total, "94.38") // 19.38 + 28.50 + 27.00 + 19.50
	if d.Grade != "优" {
		t.Errorf("grade %s", d.Grade)
	}

	t.Run("under-spent final accounts and no carry-over", func(t *testing.T) {
		res, _ := computed(t, departmentDoc(t, `{"budget": {"finalAccounts": {"budget": "100", "actual": "90.005"}}}`))
		d := res.Department
		if d.CarryoverRate != nil || d.PreviousCarryoverRate != nil || d.CarryoverRateChange != nil {
			t.Error("carry-over figures without carry-over data")
		}
		eq(t, "difference is absolute, half-up to the money scale", *d.FinalAccountsDifference, "10.00")
		eq(t, "rate", *d.FinalAccountsDifferenceRate, "10.00")
	})
	t.Run("carry-over up and down", func(t *testing.T) {
		res, _ := computed(t, departmentDoc(t, `{"budget": {
			"carryover": {"budget": "100", "amount": "1"}, "previousCarryover": {"budget": "100", "amount": "2.5"}}}`))
		eq(t, "change", *res.Department.CarryoverRateChange, "-1.50")
	})
	t.Run("over-spent department execution capped", func(t *testing.T) {
		res, _ := computed(t, departmentDoc(t, `{"budget": {"spending": {"total": "250"}}}`))
		eq(t, "rate", res.Department.ExecutionRate, "125.00")
		eq(t, "score", res.Department.Indicators[0].Score, "20.00")
	})
}

func TestComputeNodeRates(t *testing.T) {
	res, _ := computed(t, departmentDoc(t, ""))
	d := res.Department
	mid := d.Indicators[1]
	eq(t, "整体绩效目标实现情况 weight", mid.Weight, "60")
	eq(t, "整体绩效目标实现情况 score", mid.Score, "55.50")
	eq(t, "整体绩效目标实现情况 rate", mid.Rate, "92.50")
	eq(t, "产出完成情况 rate", mid.Children[0].Rate, "95.00")
	if mid.Name != "整体绩效目标实现情况" || mid.Children[0].Name != "产出完成情况" {
		t.Error("names")
	}
}

func TestProfileScheme(t *testing.T) {
	// Another region's variant is a profile file: weights, bands, grades
	// and scales all come from it.
	set, err := profile.Load(profilesFS(t), fstest.MapFS{"region.json": {Data: []byte(`{"extends": "national",
		"scheme": {"grades": [{"min": "60", "grade": "合格"}, {"min": "0", "grade": "不合格"}],
			"figures": {"score": {"decimals": 1}, "rate": {"decimals": 1}},
			"selfAssessment": {"executionWeight": "20", "lowTargetBands": [{"from": "100", "deductPercent": "50"}]}}}`)}})
	if err != nil {
		t.Fatal(err)
	}
	r := Evaluate(rowsDoc(t, `[{"level1": "产出指标", "level2": "数量指标", "weight": "80", "quantitative": {"direction": "positive", "target": "1", "actual": "2"}}]`,
		`{"funds": {"total": {"budget": "3", "executed": "2"}}}`), &Config{Profiles: set, Profile: "region"})
	if !r.Valid() {
		t.Fatal(r.Problems)
	}
	tr := r.Result.Tables[0]
	eq(t, "execution score at 1 decimal", tr.ExecutionScore, "13.3")
	eq(t, "rate at 1 decimal", tr.ExecutionRate, "66.7")
	eq(t, "row with a 50% deduction", tr.Rows[0].Score, "40")
	eq(t, "total", tr.Total, "53.3")
	if tr.Grade != "不合格" || r.Profile.Name != "region" {
		t.Errorf("grade %s, profile %s", tr.Grade, r.Profile.Name)
	}
}

// profilesFS is the folder of the built-in profiles.
func profilesFS(t testing.TB) fs.FS {
	t.Helper()
	sub, err := fs.Sub(templates.FS, "profiles")
	if err != nil {
		t.Fatal(err)
	}
	return sub
}
