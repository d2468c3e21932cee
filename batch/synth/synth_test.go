package synth

import (
	"bytes"
	"testing"

	"github.com/jixiao/jixiao/evaluation"
)

func TestDisclosuresAreValid(t *testing.T) {
	tests := []struct {
		name string
		opts Options
	}{
		{"default", Default},
		{"table", Table},
		{"large", Options{Seed: 7, Tables: 30, Projects: 3, Department: true, Paragraphs: 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i := range 40 {
				rep := evaluation.Evaluate(JSON(tt.opts, i), nil)
				if !rep.Valid() {
					t.Fatalf("disclosure %d is invalid: %v", i, rep.Problems)
				}
				if got := len(rep.Result.Tables); got != tt.opts.Tables {
					t.Errorf("disclosure %d has %d tables, want %d", i, got, tt.opts.Tables)
				}
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	if !bytes.Equal(JSON(Default, 3), JSON(Default, 3)) {
		t.Error("the same seed and index gave different disclosures")
	}
	if bytes.Equal(JSON(Default, 3), JSON(Default, 4)) {
		t.Error("different indexes gave the same disclosure")
	}
}

func TestInvalid(t *testing.T) {
	for i := range 4 {
		rep := evaluation.Evaluate(Invalid(Table, i), nil)
		if rep.Valid() {
			t.Errorf("Invalid(%d) is valid", i)
		}
		want := evaluation.CodeScoreOverWeight
		if i%2 == 1 {
			want = evaluation.CodeSyntax
		}
		if got := rep.Problems[0].Code; got != want {
			t.Errorf("Invalid(%d): code %s, want %s", i, got, want)
		}
	}
}
