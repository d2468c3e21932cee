package evaluation

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/jixiao/jixiao/profile"
)

// overWeight is a table whose first row scores 60 of its weight 50.
const overWeight = `{"indicators": [
	{"level1": "产出指标", "level2": "数量指标", "name": "报告", "target": "1个", "actual": "1个", "weight": "50", "score": "60"},
	{"level1": "效益指标", "level2": "社会效益指标", "name": "效果", "target": "良好", "actual": "良好", "weight": "30", "score": "27"},
	{"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "满意度", "target": "≥90%", "actual": "95%", "weight": "10", "score": "9"}]}`

// twoTables is a disclosure of a department report, a project report and
// two tables, with the patches merged into each.
func twoTables(t *testing.T, dept, first, second string) []byte {
	t.Helper()
	return mustMarshal(t, map[string]any{
		"department": "测试局", "year": 2021,
		"departmentReport": patched(t, baseDepartment, dept),
		"projectReports":   []any{patched(t, baseProject, "")},
		"selfAssessments":  []any{patched(t, baseTable, first), patched(t, baseTable, second)},
	})
}

func TestPartValid(t *testing.T) {
	badDept := `{"indicators": [{"name": "预算执行情况", "children": [{"name": "预算执行率", "weight": "120", "computed": "executionRate"}]}]}`
	for _, tt := range []struct {
		name    string
		data    []byte
		valid   []string // pointers of the valid parts
		invalid []string // names of the invalid parts
	}{
		{"all valid", twoTables(t, "", "", ""),
			[]string{"", "/departmentReport", "/projectReports/0", "/selfAssessments/0", "/selfAssessments/1"}, nil},
		{"first table over its weight", twoTables(t, "", overWeight, ""),
			[]string{"/departmentReport", "/projectReports/0", "/selfAssessments/1"}, []string{"table:1"}},
		{"both tables invalid", twoTables(t, "", overWeight, overWeight),
			[]string{"/departmentReport", "/projectReports/0"}, []string{"table:1", "table:2"}},
		{"department invalid", twoTables(t, badDept, "", ""),
			[]string{"/projectReports/0", "/selfAssessments/0", "/selfAssessments/1"}, []string{"department"}},
		{"a value decode cannot read", twoTables(t, "", `{"funds": {"total": {"budget": true}}}`, ""),
			[]string{"/departmentReport", "/projectReports/0", "/selfAssessments/1"}, []string{"table:1"}},
		{"disclosure-wide value", patchDoc(t, twoTables(t, "", "", ""), `{"year": 1800}`),
			nil, []string{"department", "project:1", "table:1", "table:2"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := Evaluate(tt.data, nil)
			all := []string{"", "/departmentReport", "/projectReports/0", "/selfAssessments/0", "/selfAssessments/1"}
			for _, ptr := range all {
				if got, want := r.PartValid(ptr), slices.Contains(tt.valid, ptr); got != want {
					t.Errorf("PartValid(%q) = %v, want %v (problems %v)", ptr, got, want, r.Problems)
				}
			}
			if (r.Result != nil) != (len(tt.valid) > 0) {
				t.Errorf("Result = %v with valid parts %v", r.Result, tt.valid)
			}
			var names []string
			for _, p := range r.InvalidParts() {
				names = append(names, p.Name)
				if len(p.Problems) == 0 {
					t.Errorf("invalid part %s lists no problem", p.Name)
				}
				for _, q := range p.Problems {
					if ptr := PartOf(q.Path); ptr != "" && ptr != p.Pointer {
						t.Errorf("part %s lists the problem of another part: %v", p.Name, q)
					}
				}
			}
			if len(tt.valid) > 0 && !slices.Equal(names, tt.invalid) {
				t.Errorf("invalid parts %v, want %v", names, tt.invalid)
			}
			if r.Valid() != (tt.invalid == nil) {
				t.Errorf("Valid() = %v with problems %v", r.Valid(), r.Problems)
			}
		})
	}
}

// TestPartFigures checks that a valid part is computed as in a valid
// disclosure, and an invalid one not at all.
func TestPartFigures(t *testing.T) {
	r := Evaluate(twoTables(t, "", overWeight, ""), nil)
	whole := Evaluate(twoTables(t, "", "", ""), nil)
	if !whole.Valid() {
		t.Fatal(whole.Problems)
	}
	if got, want := r.Result.Tables[1].Total, whole.Result.Tables[1].Total; !got.Equal(want) {
		t.Errorf("table 2 total %s, want %s", got, want)
	}
	if r.Result.Tables[0].Grade != "" || len(r.Result.Tables[0].Rows) != 0 {
		t.Errorf("the invalid table was computed: %+v", r.Result.Tables[0])
	}
	if got := pathCodes(r.Problems); !samePCs(got, []pc{{"/selfAssessments/0/indicators/0/score", CodeScoreOverWeight}}) {
		t.Errorf("problems %v", got)
	}
}

func TestPartOf(t *testing.T) {
	for path, want := range map[string]string{
		"":                                      "",
		"/year":                                 "",
		"/selfAssessments":                      "",
		"/selfAssessments/3":                    "/selfAssessments/3",
		"/selfAssessments/3/indicators/0/score": "/selfAssessments/3",
		"/projectReports/0/sections":            "/projectReports/0",
		"/departmentReport":                     "/departmentReport",
		"/departmentReport/budget/budget/total": "/departmentReport",
		"/departmentReports":                    "",
		"/selfAssessments/x":                    "",
	} {
		if got := PartOf(path); got != want {
			t.Errorf("PartOf(%q) = %q, want %q", path, got, want)
		}
	}
}

// TestTablesSumWithInvalidTable checks that the department is audited
// without the rule over every table when a table is left out, and says so.
func TestTablesSumWithInvalidTable(t *testing.T) {
	set, err := profile.Load(profilesFS(t), fstest.MapFS{"sums.json": {Data: []byte(`{"extends": "national",
		"audit": {"rules": [{"rule": "tablesSum", "severity": "error", "figure": "项目支出预算数", "of": "全年预算数"}]}}`)}})
	if err != nil {
		t.Fatal(err)
	}
	dept := `{"budget": {"budget": {"total": "300", "basic": "100", "project": "200.00"}}}`
	for _, tt := range []struct {
		name       string
		first      string
		notChecked int
		deptValid  bool
	}{
		{"all tables valid", "", 0, true},
		{"one table invalid", overWeight, 1, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := Evaluate(twoTables(t, dept, tt.first, ""), &Config{Profiles: set, Profile: "sums"})
			if got := r.PartValid("/departmentReport"); got != tt.deptValid {
				t.Fatalf("department valid %v: %v", got, r.Problems)
			}
			if got := findingsCoded(r, FindingNotChecked); len(got) != tt.notChecked {
				t.Errorf("not_checked findings %v", got)
			}
		})
	}
}

// TestValidProblemsEmpty checks a valid report's problems are an empty
// list, not nil: the JSON answer says "errors": [].
func TestValidProblemsEmpty(t *testing.T) {
	if r := Evaluate(twoTables(t, "", "", ""), nil); r.Problems == nil || !r.Valid() {
		t.Errorf("problems %#v", r.Problems)
	}
}

// TestProjectNeedsItsTable checks that a project report whose prose
// prints a figure of its matching table is invalid when that table is.
func TestProjectNeedsItsTable(t *testing.T) {
	project := `{"project": "甲项目", "sections": [{"heading": "项目概况", "blocks": [{"paragraph": "预算执行率为{{预算执行率}}。"}]}]}`
	doc := func(first string) []byte {
		table1 := patched(t, baseTable, `{"project": "甲项目"}`)
		if first != "" {
			table1 = merge(table1, mustUnmarshal(t, first))
		}
		return mustMarshal(t, map[string]any{
			"department": "测试局", "year": 2021,
			"projectReports":  []any{patched(t, baseProject, project)},
			"selfAssessments": []any{table1, patched(t, baseTable, `{"project": "乙项目"}`)},
		})
	}
	for _, tt := range []struct {
		name         string
		first        string
		projectValid bool
		problems     []pc
	}{
		{"its table valid", "", true, nil},
		{"its table invalid", overWeight, false, []pc{
			{"/projectReports/0/sections/0/blocks/0", CodePlaceholder},
			{"/selfAssessments/0/indicators/0/score", CodeScoreOverWeight}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data := doc(tt.first)
			r := Evaluate(data, nil)
			if got := r.PartValid("/projectReports/0"); got != tt.projectValid {
				t.Errorf("project valid %v: %v", got, r.Problems)
			}
			if !r.PartValid("/selfAssessments/1") {
				t.Errorf("table 2 invalid: %v", r.Problems)
			}
			if got := pathCodes(r.Problems); !samePCs(got, tt.problems) {
				t.Errorf("problems %v, want %v", got, tt.problems)
			}
		})
	}
}

// missedTarget is a table whose satisfaction row has full marks and
// misses its target.
const missedTarget = `{"indicators": [
	{"level1": "产出指标", "level2": "数量指标", "name": "报告", "target": "1个", "actual": "1个", "weight": "50", "score": "50"},
	{"level1": "效益指标", "level2": "社会效益指标", "name": "效果", "target": "良好", "actual": "良好", "weight": "30", "score": "27"},
	{"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "满意度", "target": "≥90%", "actual": "85%", "weight": "10", "score": "10"}]}`

// strictProfiles are the built-in profiles and "strict", the national
// form with a missed target given full marks an error.
func strictProfiles(t *testing.T) *profile.Set {
	t.Helper()
	set, err := profile.Load(profilesFS(t), fstest.MapFS{"strict.json": {Data: []byte(`{"extends": "national",
		"audit": {"rules": [{"rule": "targetMissedFullScore", "severity": "error"}]}}`)}})
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// TestAuditErrorInvalidatesPart checks that a rule of severity error the
// audit finds broken in an otherwise valid part leaves that part out too.
func TestAuditErrorInvalidatesPart(t *testing.T) {
	set := strictProfiles(t)
	r := Evaluate(twoTables(t, "", overWeight, missedTarget), &Config{Profiles: set, Profile: "strict"})
	for ptr, want := range map[string]bool{"/departmentReport": true, "/projectReports/0": true, "/selfAssessments/0": false, "/selfAssessments/1": false} {
		if got := r.PartValid(ptr); got != want {
			t.Errorf("PartValid(%s) = %v, want %v: %v", ptr, got, want, r.Problems)
		}
	}
	if got := pathCodes(r.Problems); len(got) != 2 || got[0].Path != "/selfAssessments/0/indicators/0/score" || PartOf(got[1].Path) != "/selfAssessments/1" {
		t.Errorf("problems %v", got)
	}
}

// TestPartProblemsWithoutResult checks that a part whose figures were
// dropped for the problems of another part names those problems.
func TestPartProblemsWithoutResult(t *testing.T) {
	r := Evaluate(twoTables(t, "", overWeight, ""), nil)
	if got := r.PartProblems("/selfAssessments/1"); len(got) != 0 {
		t.Fatalf("the valid table has problems %v", got)
	}
	r.Result = nil
	if r.PartValid("/selfAssessments/1") {
		t.Error("a part without figures is valid")
	}
	if got := pathCodes(r.PartProblems("/selfAssessments/1")); !samePCs(got, []pc{{"/selfAssessments/0/indicators/0/score", CodeScoreOverWeight}}) {
		t.Errorf("problems %v", got)
	}
}

// TestNoFindings checks that an evaluation without findings says what a
// full one says of problems, figures and valid parts, on valid and
// invalid inputs; and that with a rule of severity error the audit still
// runs, since it can then make a part invalid.
func TestNoFindings(t *testing.T) {
	ref := loadReference(t)
	inputs := map[string][]byte{"reference": ref}
	for name, pair := range map[string][2]string{
		"bad weight":    {`"weight": "`, `"weight": true, "x": "`},
		"missing score": {`"score": "`, `"scroe": "`},
		"bad year":      {`"year": 2021`, `"year": 1900`},
	} {
		i := bytes.LastIndex(ref, []byte(pair[0]))
		inputs[name] = slices.Concat(ref[:i], []byte(pair[1]), ref[i+len(pair[0]):])
	}
	for _, f := range []string{"minimal-self-assessment.json", "yuan-self-assessment.json"} {
		data, err := os.ReadFile(filepath.Join("..", "examples", f))
		if err != nil {
			t.Fatal(err)
		}
		inputs[f] = data
	}
	inputs["missed target"] = twoTables(t, "", overWeight, "")
	for name, data := range inputs {
		t.Run(name, func(t *testing.T) {
			full, lean := Evaluate(data, nil), Evaluate(data, &Config{NoFindings: true})
			if len(full.Findings) == 0 && name == "reference" {
				t.Fatal("the reference has no findings to leave out")
			}
			if len(lean.Findings) != 0 {
				t.Errorf("%d findings", len(lean.Findings))
			}
			if !reflect.DeepEqual(full.Problems, lean.Problems) {
				t.Errorf("problems %v, want %v", lean.Problems, full.Problems)
			}
			if !reflect.DeepEqual(full.Result, lean.Result) || !reflect.DeepEqual(full.Disclosure, lean.Disclosure) {
				t.Error("figures or disclosure differ")
			}
		})
	}

	set := strictProfiles(t)
	data := twoTables(t, "", "", missedTarget)
	full := Evaluate(data, &Config{Profiles: set, Profile: "strict"})
	lean := Evaluate(data, &Config{Profiles: set, Profile: "strict", NoFindings: true})
	if full.PartValid("/selfAssessments/1") || lean.PartValid("/selfAssessments/1") {
		t.Error("the table that misses its target with full marks is valid")
	}
	if !reflect.DeepEqual(full.Problems, lean.Problems) || !reflect.DeepEqual(full.Findings, lean.Findings) {
		t.Errorf("with an error rule: problems %v and findings %v, want %v and %v", lean.Problems, lean.Findings, full.Problems, full.Findings)
	}
}
