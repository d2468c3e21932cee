package layout

import (
	"context"
	"testing"

	"github.com/jixiao/jixiao/batch/synth"
	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/render"
)

// TestSyntheticLayouts lays out varied generated disclosures and checks
// the layout rules on each: nothing outside its box, no forbidden
// punctuation at a line edge, a page number on every page, the page
// economy of checkFill, every part in the outline and no character
// without a glyph.
func TestSyntheticLayouts(t *testing.T) {
	l, fs := setup(t)
	opts := synth.Options{Seed: 7, Tables: 3, Projects: 1, Department: true, Paragraphs: 3}
	n := 12
	if testing.Short() {
		n = 3
	}
	for i := range n {
		rep := evaluation.Evaluate(synth.JSON(opts, i), nil)
		if !rep.Valid() {
			t.Fatalf("disclosure %d: %v", i, rep.Problems)
		}
		doc, err := render.Build(rep, render.Options{})
		if err != nil {
			t.Fatal(err)
		}
		res, err := Do(context.Background(), doc, l, fs, Options{})
		if err != nil {
			t.Fatalf("disclosure %d: %v", i, err)
		}
		checkRules(t, res)
		checkFill(t, res, Fill(res))
		if len(res.Missing) > 0 {
			t.Errorf("disclosure %d: characters without a glyph: %v", i, res.Missing)
		}
		if len(res.Outline) < len(doc.Parts) {
			t.Errorf("disclosure %d: %d outline entries for %d parts", i, len(res.Outline), len(doc.Parts))
		}
	}
}

// TestGeneratedFill lays out a generated disclosure of 100 tables (as
// cmd/gendata makes them) and checks its page economy: no page of notes
// or of a header block alone, no table page of four lines or fewer.
func TestGeneratedFill(t *testing.T) {
	l, fs := setup(t)
	opts := synth.Default
	opts.Tables = 100
	rep := evaluation.Evaluate(synth.JSON(opts, 0), nil)
	if !rep.Valid() {
		t.Fatal(rep.Problems)
	}
	doc, err := render.Build(rep, render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Do(context.Background(), doc, l, fs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkRules(t, res)
	checkFill(t, res, Fill(res))
}
