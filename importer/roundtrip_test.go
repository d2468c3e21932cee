package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/batch/synth"
	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/render"
)

// workbookOf renders input as Jixiao's workbook.
func workbookOf(t testing.TB, input []byte, part string) []byte {
	t.Helper()
	rep := evaluation.Evaluate(input, nil)
	if !rep.Valid() {
		t.Fatalf("input invalid: %v", rep.Problems)
	}
	var b bytes.Buffer
	o, err := export.Query{Format: "xlsx", Part: part}.Options()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := export.Render(context.Background(), &b, rep, o); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// canonical is input decoded and encoded again: the JSON an equal
// disclosure encodes to.
func canonical(t testing.TB, input []byte) string {
	t.Helper()
	d, err := evaluation.DecodeBytes(input)
	if err != nil {
		t.Fatal(err)
	}
	return encode(t, d)
}

func encode(t testing.TB, d *evaluation.Disclosure) string {
	t.Helper()
	b, err := json.MarshalIndent(d, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// firstDiff shows where two texts part.
func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			lo, hi := max(i-3, 0), min(i+4, len(la), len(lb))
			return fmt.Sprintf("line %d:\n want %s\n got  %s", i+1, strings.Join(la[lo:hi], "\n"), strings.Join(lb[lo:hi], "\n"))
		}
	}
	return fmt.Sprintf("lengths %d and %d lines", len(la), len(lb))
}

func importOne(t testing.TB, name string, data []byte, opts Options) *Result {
	t.Helper()
	res, err := Import([]File{{Name: name, Data: data}}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) > 0 {
		t.Fatalf("%s: problems: %v", name, res.Problems)
	}
	return res
}

// The reference disclosure, rendered as a workbook and imported, is the
// input again.
func TestRoundTripReference(t *testing.T) {
	input, err := os.ReadFile("../examples/beijing-finance-2021.json")
	if err != nil {
		t.Fatal(err)
	}
	book := workbookOf(t, input, "")
	res := importOne(t, "reference.xlsx", book, Options{})
	if got, want := encode(t, res.Disclosure), canonical(t, input); got != want {
		t.Fatalf("round trip differs: %s", firstDiff(want, got))
	}
	// Provenance: the first table's total budget is a cell of its sheet.
	d := res.Disclosure
	if at := res.Provenance["/selfAssessments/0/funds/total/budget"]; !strings.HasPrefix(at, sheetRef(d.SelfAssessments[0].Project)+"!") {
		t.Errorf("provenance of the first budget: %q", at)
	}
}

// withoutSource drops the embedded input, as a spreadsheet program does
// when it saves the workbook again.
func withoutSource(t testing.TB, book []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range zr.File {
		if f.Name == render.WorkbookSourcePart {
			continue
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(w, rc); err != nil {
			t.Fatal(err)
		}
		rc.Close()
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// sameCells compares what a workbook's cells show of a table: texts
// exactly, figures by value.
func sameCells(t testing.TB, where string, got, want *evaluation.SelfAssessment) {
	t.Helper()
	sameCellsAs(t, where, got, want, func(g, w string) bool { return g == w })
}

// sameCellsAs is sameCells with texts compared by sameText.
func sameCellsAs(t testing.TB, where string, got, want *evaluation.SelfAssessment, sameText func(got, want string) bool) {
	t.Helper()
	errorf := func(field string, g, w any) { t.Errorf("%s %s: got %v, want %v", where, field, g, w) }
	eqN := func(field string, g, w evaluation.Number) {
		if g.Valid != w.Valid || (g.Valid && !g.Value.Equal(w.Value)) {
			errorf(field, g.Raw, w.Raw)
		}
	}
	for _, f := range [][3]string{{"project", got.Project, want.Project}, {"competentDepartment", got.CompetentDepartment, want.CompetentDepartment},
		{"implementingUnit", got.ImplementingUnit, want.ImplementingUnit}, {"goals/expected", got.Goals.Expected, want.Goals.Expected},
		{"goals/actual", got.Goals.Actual, want.Goals.Actual}} {
		if f[1] != clean(f[2]) {
			errorf(f[0], f[1], f[2])
		}
	}
	eqN("funds/total/budget", got.Funds.Total.Budget, want.Funds.Total.Budget)
	eqN("funds/total/executed", got.Funds.Total.Executed, want.Funds.Total.Executed)
	eqN("funds/total/initialBudget", got.Funds.Total.InitialBudget, want.Funds.Total.InitialBudget)
	if len(got.Indicators) != len(want.Indicators) {
		t.Fatalf("%s: %d indicators, want %d", where, len(got.Indicators), len(want.Indicators))
	}
	for i := range want.Indicators {
		g, w := &got.Indicators[i], &want.Indicators[i]
		p := fmt.Sprintf("indicators/%d/", i)
		for _, f := range [][3]string{{"level1", g.Level1, w.Level1}, {"level2", g.Level2, w.Level2}, {"name", g.Name, w.Name},
			{"target", g.Target, w.Target}, {"actual", g.Actual, w.Actual}, {"deviation", g.Deviation, w.Deviation}} {
			if !sameText(f[1], clean(f[2])) {
				errorf(p+f[0], f[1], f[2])
			}
		}
		if g.NotApplicable != w.NotApplicable || max(g.ScoreRows, 1) != max(w.ScoreRows, 1) {
			errorf(p+"notApplicable/scoreRows", [2]any{g.NotApplicable, g.ScoreRows}, [2]any{w.NotApplicable, w.ScoreRows})
		}
		if !w.NotApplicable && !coveredRow(want.Indicators, i) {
			eqN(p+"weight", g.Weight, w.Weight)
			if w.Quantitative == nil {
				eqN(p+"score", g.Score, w.Score)
			}
		}
	}
}

// Without the embedded input, the cells alone give every table's texts
// and figures back.
func TestReadCellsOfOwnWorkbook(t *testing.T) {
	input, err := os.ReadFile("../examples/beijing-finance-2021.json")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := evaluation.DecodeBytes(input)
	res := importOne(t, "reference.xlsx", withoutSource(t, workbookOf(t, input, "")), Options{})
	got := res.Disclosure
	if got.Year != want.Year || got.Profile != "beijing-2021" || len(got.SelfAssessments) != len(want.SelfAssessments) {
		t.Fatalf("year %d profile %s tables %d", got.Year, got.Profile, len(got.SelfAssessments))
	}
	for i := range want.SelfAssessments {
		sameCells(t, fmt.Sprintf("table %d", i+1), &got.SelfAssessments[i], &want.SelfAssessments[i])
	}
	if rep := res.Evaluate(nil); !rep.Valid() {
		t.Fatalf("the cells' disclosure is invalid: %v", rep.Problems)
	}
}

// Property: every generated disclosure survives render → import, with
// and without the embedded input.
func TestRoundTripGenerated(t *testing.T) {
	n := 200
	if testing.Short() || raceEnabled {
		n = 20 // the race detector makes each render several times slower; the full run is 200
	}
	opts := synth.Options{Seed: 7, Tables: 2, Projects: 1, Department: true, Paragraphs: 1}
	for i := range n {
		input := synth.JSON(opts, i)
		book := workbookOf(t, input, "")
		res := importOne(t, "synth.xlsx", book, Options{})
		if got, want := encode(t, res.Disclosure), canonical(t, input); got != want {
			t.Fatalf("disclosure %d: round trip differs: %s", i, firstDiff(want, got))
		}
		want, _ := evaluation.DecodeBytes(input)
		cells := importOne(t, "synth.xlsx", withoutSource(t, book), Options{}).Disclosure
		for k := range want.SelfAssessments {
			sameCells(t, fmt.Sprintf("disclosure %d table %d", i, k+1), &cells.SelfAssessments[k], &want.SelfAssessments[k])
		}
		if t.Failed() {
			t.FailNow()
		}
	}
}

func encodeJSON(d *evaluation.Disclosure) ([]byte, error) { return json.Marshal(d) }

// A workbook made on another profile than its input names (render
// --profile) names the profile it was made on when imported, as the PDF
// and the OFD do: evaluated again, it gives the figures it shows.
func TestRoundTripProfileChosen(t *testing.T) {
	input, err := os.ReadFile("../examples/minimal-self-assessment.json")
	if err != nil {
		t.Fatal(err)
	}
	rep := evaluation.Evaluate(input, &evaluation.Config{Profile: "integer"})
	if !rep.Valid() || rep.Profile.Name != "integer" {
		t.Fatalf("evaluated on %q: %v", rep.Profile.Name, rep.Problems)
	}
	var b bytes.Buffer
	if _, err := export.Render(context.Background(), &b, rep, export.Options{Format: export.XLSX}); err != nil {
		t.Fatal(err)
	}
	res := importOne(t, "integer.xlsx", b.Bytes(), Options{})
	if res.Disclosure.Profile != "integer" {
		t.Errorf("imported on profile %q, want integer", res.Disclosure.Profile)
	}
}
