package pdf

import (
	"regexp"
	"slices"
	"testing"

	"github.com/jixiao/jixiao/fonts"
	"github.com/jixiao/jixiao/render/layout"
)

func TestSubsetName(t *testing.T) {
	set, err := fonts.Default()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range set.Faces() {
		name := subsetName(f)
		if !regexp.MustCompile(`^[A-Z]{6}\+` + regexp.QuoteMeta(f.Name) + `$`).MatchString(name) {
			t.Errorf("subsetName(%s) = %q", f.Name, name)
		}
		if subsetName(f) != name {
			t.Errorf("subsetName(%s) is not stable", f.Name)
		}
		if seen[name[:6]] {
			t.Errorf("tag %s used twice", name[:6])
		}
		seen[name[:6]] = true
	}
}

func TestMergeRules(t *testing.T) {
	const w = 0.6
	// Two cells side by side, each ruled on all four sides, with the
	// shared edge drawn twice (once bottom to top), a thicker rule over
	// them and a slanted one.
	rules := []layout.Rule{
		{X1: 10, Y1: 100, X2: 50, Y2: 100, Width: w},
		{X1: 10, Y1: 120, X2: 50, Y2: 120, Width: w},
		{X1: 10, Y1: 100, X2: 10, Y2: 120, Width: w},
		{X1: 50, Y1: 100, X2: 50, Y2: 120, Width: w},
		{X1: 50.0000000001, Y1: 100, X2: 90, Y2: 100, Width: w},
		{X1: 90, Y1: 120, X2: 50, Y2: 120, Width: w},
		{X1: 50, Y1: 120, X2: 50, Y2: 100, Width: w},
		{X1: 90, Y1: 100, X2: 90, Y2: 120, Width: w},
		{X1: 10, Y1: 100, X2: 90, Y2: 100, Width: 1.5},
		{X1: 0, Y1: 0, X2: 5, Y2: 5, Width: w},
		// Collinear but apart: stays two lines.
		{X1: 10, Y1: 200, X2: 20, Y2: 200, Width: w},
		{X1: 30, Y1: 200, X2: 40, Y2: 200, Width: w},
	}
	want := []layout.Rule{
		{X1: 10, Y1: 100, X2: 90, Y2: 100, Width: w},
		{X1: 10, Y1: 120, X2: 90, Y2: 120, Width: w},
		{X1: 10, Y1: 200, X2: 20, Y2: 200, Width: w},
		{X1: 30, Y1: 200, X2: 40, Y2: 200, Width: w},
		{X1: 10, Y1: 100, X2: 90, Y2: 100, Width: 1.5},
		{X1: 10, Y1: 100, X2: 10, Y2: 120, Width: w},
		{X1: 50, Y1: 100, X2: 50, Y2: 120, Width: w},
		{X1: 90, Y1: 100, X2: 90, Y2: 120, Width: w},
		{X1: 0, Y1: 0, X2: 5, Y2: 5, Width: w},
	}
	if got := mergeRules(rules); !slices.Equal(got, want) {
		t.Errorf("mergeRules =\n%v\nwant\n%v", got, want)
	}
}
