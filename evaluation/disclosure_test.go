package evaluation

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/examples"
)

// TestEvaluateDisclosure: a disclosure evaluated as a value (an imported
// workbook) gives the report its JSON encoding gives — problems in the
// same order, the same findings and figures — and its size is held to
// the same limits.
func TestEvaluateDisclosure(t *testing.T) {
	inputs := examples.All()
	for _, name := range []string{"partial.json", "all-invalid.json"} {
		data, err := os.ReadFile(filepath.Join("../export/testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		inputs[name] = data
	}
	if len(inputs) < 8 {
		t.Fatalf("found %d inputs", len(inputs))
	}
	type variant struct {
		name   string
		change func(d *Disclosure)
		limits Limits
	}
	variants := []variant{
		{"as is", func(*Disclosure) {}, Limits{}},
		{"broken", func(d *Disclosure) {
			for i := range d.SelfAssessments {
				t := &d.SelfAssessments[i]
				t.Project = ""
				if len(t.Indicators) > 1 {
					t.Indicators[1].Weight = MustNumber("999")
					t.Indicators[0].Score = Number{}
				}
			}
			d.Year = 1900
		}, Limits{}},
		{"rows", func(*Disclosure) {}, Limits{Rows: 3}},
		{"items", func(*Disclosure) {}, Limits{Items: 40}},
		{"chars", func(*Disclosure) {}, Limits{Chars: 500}},
		{"tables", func(*Disclosure) {}, Limits{Tables: 1}},
		{"depth", func(*Disclosure) {}, Limits{Depth: 4}},
	}
	for f, data := range inputs {
		for _, v := range variants {
			t.Run(f+"/"+v.name, func(t *testing.T) {
				var d Disclosure
				if err := json.Unmarshal(data, &d); err != nil {
					t.Fatal(err)
				}
				v.change(&d)
				enc, err := json.Marshal(&d)
				if err != nil {
					t.Fatal(err)
				}
				cfg := &Config{Limits: v.limits}
				want := Evaluate(enc, cfg)
				got := EvaluateDisclosure(&d, cfg)
				// A service evaluates an imported disclosure twice (without
				// the audit, then with it): the first leaves it as it was.
				if again := EvaluateDisclosure(&d, cfg); !reflect.DeepEqual(again.Problems, got.Problems) || len(again.Findings) != len(got.Findings) {
					t.Errorf("a second evaluation differs")
				}
				if !reflect.DeepEqual(got.Problems, want.Problems) {
					t.Errorf("problems\n%v\nwant (from JSON)\n%v", got.Problems, want.Problems)
				}
				if !reflect.DeepEqual(got.Findings, want.Findings) {
					t.Errorf("findings differ: %d, want %d", len(got.Findings), len(want.Findings))
				}
				a, _ := json.Marshal(got.Result)
				b, _ := json.Marshal(want.Result)
				if string(a) != string(b) {
					t.Errorf("figures differ")
				}
				if v.name == "broken" && len(want.Problems) < 2 {
					t.Errorf("the broken variant has %d problems", len(want.Problems))
				}
				if v.limits != (Limits{}) && strings.Contains(f, "beijing") && (len(got.Problems) != 1 || got.Problems[0].Code != CodeLimit) {
					t.Errorf("limits %+v: problems %v", v.limits, got.Problems)
				}
			})
		}
	}
}
