package evaluation

import (
	"sync"

	"encoding/json"
	"errors"
	"github.com/jixiao/jixiao/profile"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// The tests build their inputs from small JSON snippets, so that each case
// reads like what a user sends. A snippet is merged (RFC 7386: objects are
// merged key by key, anything else replaces) into one of the valid base
// documents below; "null" in a snippet deletes a key.

// baseTable is one valid self-assessment table: execution weight 10 (the
// scheme's default) plus 90 of indicator rows.
const baseTable = `{
	"project": "测试项目",
	"competentDepartment": "测试局",
	"implementingUnit": "测试局",
	"funds": {"total": {"budget": "100.00", "executed": "96.00"}},
	"goals": {"expected": "完成工作", "actual": "已完成"},
	"indicators": [
		{"level1": "产出指标", "level2": "数量指标", "name": "报告", "target": "1个", "actual": "1个", "weight": "50", "score": "50"},
		{"level1": "效益指标", "level2": "社会效益指标", "name": "效果", "target": "良好", "actual": "良好", "weight": "30", "score": "27"},
		{"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "满意度", "target": "≥90%", "actual": "95%", "weight": "10", "score": "9"}
	]
}`

// baseDepartment is one valid department report whose tree sums to 100.
const baseDepartment = `{
	"budget": {
		"budget": {"total": "200.00", "basic": "120.00", "project": "80.00"},
		"spending": {"total": "190.00", "basic": "118.00", "project": "72.00"}
	},
	"indicators": [
		{"name": "预算执行情况", "children": [{"name": "预算执行率", "weight": "20", "computed": "executionRate"}]},
		{"name": "整体绩效目标实现情况", "children": [
			{"name": "产出完成情况", "children": [{"name": "产出数量", "weight": "30", "score": "28.50"}]},
			{"name": "效果实现情况", "children": [{"name": "社会效益", "weight": "30", "score": "27.00"}]}
		]},
		{"name": "预算管理情况", "children": [{"name": "财务管理", "weight": "20", "score": "19.50"}]}
	]
}`

// baseProject is one valid project evaluation report.
const baseProject = `{
	"project": "测试项目",
	"indicators": [
		{"name": "项目决策", "children": [{"name": "项目立项", "weight": "10", "score": "9"}]},
		{"name": "项目过程", "children": [{"name": "资金管理", "weight": "20", "score": "18"}]},
		{"name": "项目产出", "children": [{"name": "产出数量", "weight": "40", "score": "36"}]},
		{"name": "项目效益", "children": [{"name": "项目实施效益", "weight": "30", "score": "24"}]}
	]
}`

// merge applies the JSON merge patch patch to base.
func merge(base, patch any) any {
	p, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	b, ok := base.(map[string]any)
	if !ok {
		b = map[string]any{}
	}
	out := make(map[string]any, len(b))
	for k, v := range b {
		out[k] = v
	}
	for k, v := range p {
		if v == nil {
			delete(out, k)
			continue
		}
		out[k] = merge(out[k], v)
	}
	return out
}

func mustUnmarshal(t testing.TB, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("bad test JSON %q: %v", s, err)
	}
	return v
}

func mustMarshal(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// patched returns base with the merge patch applied, as JSON.
func patched(t testing.TB, base, patch string) any {
	t.Helper()
	v := mustUnmarshal(t, base)
	if patch != "" {
		v = merge(v, mustUnmarshal(t, patch))
	}
	return v
}

// tableDoc is a disclosure holding one self-assessment table: baseTable
// with patch merged in.
func tableDoc(t testing.TB, patch string) []byte {
	t.Helper()
	return mustMarshal(t, map[string]any{
		"department": "测试局", "year": 2021,
		"selfAssessments": []any{patched(t, baseTable, patch)},
	})
}

// rowsDoc is a table with exactly the given indicator rows (a JSON array)
// and, optionally, more of the table merged in.
func rowsDoc(t testing.TB, rows string, patch ...string) []byte {
	t.Helper()
	table := patched(t, baseTable, strings.Join(patch, ""))
	table.(map[string]any)["indicators"] = mustUnmarshal(t, rows)
	return mustMarshal(t, map[string]any{"department": "测试局", "year": 2021, "selfAssessments": []any{table}})
}

// departmentDoc is a disclosure holding baseDepartment with patch merged.
func departmentDoc(t testing.TB, patch string) []byte {
	t.Helper()
	return mustMarshal(t, map[string]any{
		"department": "测试局", "year": 2021,
		"departmentReport": patched(t, baseDepartment, patch),
	})
}

// projectDoc is a disclosure holding baseProject with patch merged.
func projectDoc(t testing.TB, patch string) []byte {
	t.Helper()
	return mustMarshal(t, map[string]any{
		"department": "测试局", "year": 2021,
		"projectReports": []any{patched(t, baseProject, patch)},
	})
}

// docWith is a disclosure with patch merged into its top level.
func docWith(t testing.TB, patch string) []byte {
	t.Helper()
	return mustMarshal(t, patched(t, `{"department": "测试局", "year": 2021}`, patch))
}

// pc is a problem reduced to what the tests assert: where and which code.
type pc struct{ Path, Code string }

func (p pc) String() string { return p.Path + " " + p.Code }

func pathCodes(ps Problems) []pc {
	out := make([]pc, 0, len(ps))
	for _, p := range ps {
		out = append(out, pc{p.Path, p.Code})
	}
	return out
}

func samePCs(got, want []pc) bool {
	g, w := slices.Clone(got), slices.Clone(want)
	cmp := func(a, b pc) int { return strings.Compare(a.String(), b.String()) }
	slices.SortFunc(g, cmp)
	slices.SortFunc(w, cmp)
	return slices.Equal(g, w)
}

// decodeOK decodes data that must be structurally sound.
func decodeOK(t testing.TB, data []byte) *Disclosure {
	t.Helper()
	d, err := DecodeBytes(data)
	if err != nil {
		t.Fatalf("decode: %v\ninput: %s", err, data)
	}
	return d
}

// validProblems decodes data and returns what Validate reports.
func validProblems(t testing.TB, data []byte) Problems {
	t.Helper()
	return Validate(decodeOK(t, data), testProfile(t, "beijing-2021"))
}

// decodeProblems returns the problems DecodeBytes reports, or nil.
func decodeProblems(t testing.TB, data []byte) Problems {
	t.Helper()
	_, err := DecodeBytes(data)
	if err == nil {
		return nil
	}
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("DecodeBytes returned %T, not Problems: %v", err, err)
	}
	return ps
}

// computed evaluates data, which must be valid, and returns its result
// and the findings on its declared figures (the form's rules and the
// prose have tests of their own).
func computed(t testing.TB, data []byte) (*Result, []Finding) {
	t.Helper()
	r := Evaluate(data, beijing)
	if !r.Valid() {
		t.Fatalf("unexpected problems: %v\ninput: %s", r.Problems, data)
	}
	var fs []Finding
	for _, f := range r.Findings {
		if strings.HasPrefix(f.Code, "declared_") {
			fs = append(fs, f)
		}
	}
	return r.Result, fs
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// eq compares a computed decimal with the expected value at the given
// written scale: "9.60" must compute to exactly 9.60.
func eq(t testing.TB, what string, got decimal.Decimal, want string) {
	t.Helper()
	if !got.Equal(dec(want)) {
		t.Errorf("%s = %s, want %s", what, got, want)
	}
}

// patchDoc applies a merge patch to a whole document.
func patchDoc(t testing.TB, doc []byte, patch string) []byte {
	t.Helper()
	return mustMarshal(t, merge(mustUnmarshal(t, string(doc)), mustUnmarshal(t, patch)))
}

// builtin is the built-in profile set, loaded once for the tests.
var builtin = sync.OnceValue(func() *profile.Set {
	s, err := profile.Builtin()
	if err != nil {
		panic(err)
	}
	return s
})

// beijing evaluates with the profile of the reference disclosure, whose
// rules (low-target deductions, the 项目负责人 row) most tests exercise.
var beijing = &Config{Profiles: builtin(), Profile: "beijing-2021"}

func testProfile(t testing.TB, name string) *profile.Profile {
	t.Helper()
	p, err := builtin().Get(name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
