package evaluation

import (
	"encoding/json"
	"github.com/jixiao/jixiao/profile"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// knownCodes are the problem codes a client may meet.
var knownCodes = map[string]bool{
	CodeSyntax: true, CodeEncoding: true, CodeUnknownField: true, CodeType: true, CodeNumber: true,
	CodeControlChar: true, CodeRequired: true, CodeTooLong: true, CodeRange: true, CodeOneOf: true,
	CodeEmpty: true, CodeDuplicateKey: true, CodeUnknownLevel: true, CodeIndicatorOrder: true, CodeWeightSum: true,
	CodeScoreOverWeight: true, CodeNegative: true, CodeFundSum: true, CodeFundMissing: true,
	CodeNotApplicable: true, CodeMissingScore: true, CodeSpan: true, CodeBlock: true, CodeComputed: true,
	CodeProfile: true, CodeNotOnForm: true,
	CodeInvisible: true, CodeLimit: true, CodePlaceholder: true,
}

var knownFindings = map[string]bool{
	FindingRate: true, FindingScore: true, FindingTotal: true, FindingPoints: true,
	FindingWeight: true, FindingGrade: true, FindingAmount: true, FindingFraction: true,
	FindingNarrative: true, FindingDocuments: true, FindingDeviationMissing: true, FindingTargetMissed: true, FindingExecutionUnexplain: true, FindingTablesSum: true, FindingNotChecked: true,
}

// FuzzEvaluate runs decode, validate, compute and audit on arbitrary bytes:
// nothing may panic, every problem carries a known code and both messages,
// and a valid input has a result that adds up.
func FuzzEvaluate(f *testing.F) {
	examples, _ := filepath.Glob(filepath.Join("..", "examples", "*.json"))
	for _, e := range examples {
		data, err := os.ReadFile(e)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range [][]byte{
		tableDoc(f, ""), departmentDoc(f, ""), projectDoc(f, ""),
		rowsDoc(f, `[{"level1": "产出指标", "level2": "数量指标", "weight": "90", "quantitative": {"direction": "positive", "target": "3", "actual": "10"}},
			{"level1": "效益指标", "level2": "经济效益指标", "notApplicable": true, "scoreRows": 2}, {"level1": "效益指标", "level2": "经济效益指标"}]`),
		departmentDoc(f, `{"sections": [{"heading": "一", "blocks": ["a", {"table": {"rows": [[{"text": "a", "rowSpan": 2, "colSpan": 2}], ["b"]]}}]}]}`),
		[]byte(``), []byte(`null`), []byte(`{`), []byte(`{"year": 2021}}`), []byte("{\"department\": \"\xff\"}"),
		[]byte(`{"selfAssessments": [{"funds": {"total": {"budget": "0", "executed": "1e400"}}}]}`),
		[]byte(`{"department": "a", "year": 2021, "selfAssessments": [{"indicators": [{"scoreRows": 999999999}]}]}`),
		// Values decode leaves out, and validation goes on around.
		tableDoc(f, `{"project": 1, "funds": {"fiscal": {"budget": "x"}}, "indicators": [{"level1": 2, "weight": "y", "scoreRows": "2"}, "row"]}`),
		departmentDoc(f, `{"indicators": [{"name": "预算执行情况", "children": {"weight": true}}], "sections": [{"heading": "一", "blocks": [{"paragraph": 1}, {"table": {"rows": [[{"text": "a", "colSpan": "2"}]]}}]}]}`),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sameAsUnmarshal(t, data)
		r := Evaluate(data, &Config{Profiles: builtin()}) // the profile each input names
		for _, p := range r.Problems {
			if !knownCodes[p.Code] || p.Message == "" || p.MessageEN == "" {
				t.Fatalf("problem %+v", p)
			}
			if p.Path != "" && !strings.HasPrefix(p.Path, "/") {
				t.Fatalf("path %q is no JSON Pointer", p.Path)
			}
		}
		if !r.Valid() {
			if r.Result == nil {
				return
			}
			// Only the parts whose own data is valid are computed.
			if r.Result.Has("") {
				t.Fatal("an invalid input computed whole")
			}
			for _, part := range r.Disclosure.Parts() {
				if r.Result.Has(part.Pointer) && !r.PartValid(part.Pointer) {
					t.Fatalf("part %s computed despite %v", part.Name, r.PartProblems(part.Pointer))
				}
			}
		} else if r.Result == nil || r.Disclosure == nil {
			t.Fatal("valid input without result")
		}
		for _, f := range r.Findings {
			if !knownFindings[f.Code] || !strings.HasPrefix(f.Path, "/") {
				t.Fatalf("finding %+v", f)
			}
		}
		for i, tr := range r.Result.Tables {
			if !r.Result.Has(tablesPointer + "/" + strconv.Itoa(i)) {
				continue
			}
			sum := tr.ExecutionScore
			for _, row := range tr.Rows {
				if row.Score.IsNegative() || row.Score.GreaterThan(r.Profile.Scheme.Round(profile.KindScore, row.Weight)) {
					t.Fatalf("row score %s of weight %s", row.Score, row.Weight)
				}
				sum = sum.Add(row.Score)
			}
			if !sum.Equal(tr.Total) {
				t.Fatalf("total %s is not the sum of its parts %s", tr.Total, sum)
			}
		}
		if _, err := json.Marshal(r); err != nil {
			t.Fatal(err)
		}
	})
}
