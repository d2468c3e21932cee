package summary

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/batch/synth"
	"github.com/jixiao/jixiao/evaluation"
	"github.com/shopspring/decimal"
)

// input is one input of a test batch.
type input struct {
	source string
	data   []byte
}

// exampleInputs are the bundled examples.
func exampleInputs(t testing.TB) []input {
	t.Helper()
	names, err := filepath.Glob("../examples/*.json")
	if err != nil || len(names) == 0 {
		t.Fatalf("examples: %v", err)
	}
	sort.Strings(names)
	var out []input
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, input{filepath.Base(n), data})
	}
	return out
}

// synthInputs are n generated disclosures, each with tables tables.
func synthInputs(n, tables int) []input {
	opts := synth.Options{Seed: 7, Tables: tables, Department: true}
	out := make([]input, n)
	for i := range out {
		out[i] = input{fmt.Sprintf("synth.ndjson:%d", i+1), synth.JSON(opts, i)}
	}
	return out
}

func build(t testing.TB, opts Options, current, previous []input) *Summary {
	t.Helper()
	b, err := NewBuilder(opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range current {
		b.Add(in.source, evaluation.Evaluate(in.data, nil), nil)
	}
	for _, in := range previous {
		b.AddPrevious(in.source, evaluation.Evaluate(in.data, nil))
	}
	return b.Summary()
}

// plain is what the test reads of an input on its own, without package
// evaluation or this package: the department, unit and each table's
// name and funds.
type plain struct {
	Department      string `json:"department"`
	Year            int    `json:"year"`
	Unit            string `json:"unit"`
	Profile         string `json:"profile"`
	SelfAssessments []struct {
		Project string `json:"project"`
		Funds   struct {
			Total struct {
				Budget   amount `json:"budget"`
				Executed amount `json:"executed"`
			} `json:"total"`
		} `json:"funds"`
	} `json:"selfAssessments"`
}

// amount is an amount as the inputs write it: a number, or a string
// with thousands separators.
type amount string

func (a *amount) UnmarshalJSON(b []byte) error {
	*a = amount(strings.ReplaceAll(strings.Trim(string(b), `"`), ",", ""))
	return nil
}

// inWanyuan converts an amount to 万元 by decimal division.
func inWanyuan(t *testing.T, n amount, unit string) decimal.Decimal {
	d, err := decimal.NewFromString(string(n))
	if err != nil {
		t.Fatalf("amount %q: %v", n, err)
	}
	if unit == "元" {
		return d.Div(decimal.NewFromInt(10000))
	}
	return d
}

func TestSummaryTotals(t *testing.T) {
	inputs := append(exampleInputs(t), synthInputs(200, 3)...)
	bad := []input{
		{"broken.json", []byte(`{"department": "x"`)},
		{"over-weight.json", synth.Invalid(synth.Table, 0)},
		{"cut.json", synth.Invalid(synth.Table, 1)},
	}
	all := append(append([]input{}, inputs[:3]...), bad[0])
	all = append(append(all, inputs[3:100]...), bad[1])
	all = append(append(all, inputs[100:]...), bad[2])
	s := build(t, Options{}, all, nil)

	// The independent computation: sums of the amounts as the inputs
	// state them, in 万元, and the rate from the sums, half-up.
	var budget, executed decimal.Decimal
	tables := map[string]int{}
	projects := 0
	for _, in := range inputs {
		var p plain
		if err := json.Unmarshal(in.data, &p); err != nil {
			t.Fatal(err)
		}
		unit := p.Unit
		if unit == "" && p.Profile == "yuan" {
			unit = "元"
		}
		for _, sa := range p.SelfAssessments {
			budget = budget.Add(inWanyuan(t, sa.Funds.Total.Budget, unit))
			executed = executed.Add(inWanyuan(t, sa.Funds.Total.Executed, unit))
			projects++
		}
		tables[in.source] = len(p.SelfAssessments)
	}
	rate := executed.Mul(decimal.NewFromInt(100)).Div(budget).Round(2)

	tot := s.Totals
	if tot.Inputs != len(all) || tot.Valid != len(inputs) || tot.Invalid != len(bad) {
		t.Errorf("inputs %d valid %d invalid %d, want %d %d %d", tot.Inputs, tot.Valid, tot.Invalid, len(all), len(inputs), len(bad))
	}
	if tot.Projects != projects || len(s.Projects) != projects {
		t.Errorf("projects %d (%d rows), want %d", tot.Projects, len(s.Projects), projects)
	}
	if !tot.Budget.Equal(budget) || !tot.Executed.Equal(executed) {
		t.Errorf("budget %s executed %s, want %s %s", tot.Budget, tot.Executed, budget, executed)
	}
	if !tot.Rate.Equal(rate) {
		t.Errorf("weighted rate %s, want %s", tot.Rate, rate)
	}
	// Every input once: its tables, in its order, and nothing else.
	seen := map[string]int{}
	for _, p := range s.Projects {
		seen[p.Source]++
	}
	for src, n := range tables {
		if seen[src] != n {
			t.Errorf("%s: %d rows, want %d", src, seen[src], n)
		}
	}
	if len(seen) > len(tables) {
		t.Errorf("rows of %d sources, want %d", len(seen), len(tables))
	}
	// Invalid inputs are listed, with their problems, and counted nowhere.
	if len(s.Invalid) != len(bad) {
		t.Fatalf("invalid %v", s.Invalid)
	}
	for i, b := range bad {
		if s.Invalid[i].Source != b.source || len(s.Invalid[i].Problems) == 0 {
			t.Errorf("invalid %d: %s with %d problems, want %s", i, s.Invalid[i].Source, len(s.Invalid[i].Problems), b.source)
		}
		if seen[b.source] > 0 {
			t.Errorf("%s counted", b.source)
		}
	}
	// Grade counts and findings, from the evaluations directly.
	grades := map[string]int{}
	findings := map[string]int{}
	onTables := 0
	deptProjects := map[string]int{}
	for _, in := range inputs {
		rep := evaluation.Evaluate(in.data, nil)
		for _, tr := range rep.Result.Tables {
			grades[tr.Grade]++
		}
		for _, f := range rep.Findings {
			findings[f.Code+"/"+f.Severity]++
			if strings.HasPrefix(f.Path, "/selfAssessments/") {
				onTables++
			}
		}
		deptProjects[fmt.Sprintf("%s %d", rep.Disclosure.Department, rep.Disclosure.Year)] += len(rep.Result.Tables)
	}
	for g, n := range grades {
		if tot.Grades[g] != n {
			t.Errorf("grade %s: %d, want %d", g, tot.Grades[g], n)
		}
	}
	got := map[string]int{}
	for _, c := range s.Counts {
		got[c.Code+"/"+c.Severity] += c.N
	}
	if fmt.Sprint(got) != fmt.Sprint(findings) {
		t.Errorf("finding counts %v, want %v", got, findings)
	}
	counted := 0
	for _, p := range s.Projects {
		counted += p.Warnings + p.Infos
	}
	if counted != onTables || onTables == 0 {
		t.Errorf("%d findings counted on the tables' rows, want %d (> 0)", counted, onTables)
	}
	var sub decimal.Decimal
	for _, d := range s.Departments {
		if deptProjects[fmt.Sprintf("%s %d", d.Name, d.Year)] != d.Projects {
			t.Errorf("%s: %d projects, want %d", d.Name, d.Projects, deptProjects[d.Name])
		}
		sub = sub.Add(d.Budget)
	}
	if !sub.Equal(budget) {
		t.Errorf("departments' budgets add up to %s, want %s", sub, budget)
	}
}

// TestYuanConverted checks an input in 元 is converted to 万元 exactly,
// and a summary in 元 converts the others back.
func TestYuanConverted(t *testing.T) {
	data, err := os.ReadFile("../examples/yuan-self-assessment.json")
	if err != nil {
		t.Fatal(err)
	}
	rep := evaluation.Evaluate(data, nil)
	want := rep.Disclosure.SelfAssessments[0].Funds.Total.Budget.Value
	for _, c := range []struct {
		unit  string
		shift int32
	}{{"万元", -4}, {"元", 0}} {
		s := build(t, Options{Unit: c.unit}, []input{{"yuan.json", data}}, nil)
		if got := s.Projects[0].Budget; !got.Equal(want.Shift(c.shift)) {
			t.Errorf("%s: budget %s, want %s", c.unit, got, want.Shift(c.shift))
		}
	}
}

func TestDeterministic(t *testing.T) {
	inputs := append(exampleInputs(t), synthInputs(20, 2)...)
	for _, format := range []string{PDF, OFD, XLSX} {
		var out [2]bytes.Buffer
		for i := range out {
			s := build(t, Options{}, inputs, nil)
			if _, err := s.Write(context.Background(), &out[i], WriteOptions{Format: format}); err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(out[0].Bytes(), out[1].Bytes()) {
			t.Errorf("%s: two writes differ", format)
		}
	}
}

func TestWriteCanceled(t *testing.T) {
	s := build(t, Options{}, synthInputs(5, 2), nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, format := range []string{PDF, OFD, XLSX} {
		if _, err := s.Write(ctx, &bytes.Buffer{}, WriteOptions{Format: format}); err == nil || !strings.Contains(err.Error(), "cancel") {
			t.Errorf("%s: %v, want canceled", format, err)
		}
	}
}
