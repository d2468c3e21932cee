package layout

import (
	"cmp"
	"slices"
	"testing"
)

func TestMergeRules(t *testing.T) {
	const w = 0.6
	// Two cells side by side, each ruled on all four sides, with the
	// shared edge drawn twice (once bottom to top), a thicker rule over
	// them and a slanted one.
	rules := []Rule{
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
	want := []Rule{
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
	// The same lines in any order: a backend paints them as they come.
	key := func(a, b Rule) int {
		return cmp.Or(cmp.Compare(a.Width, b.Width), cmp.Compare(a.X1, b.X1), cmp.Compare(a.Y1, b.Y1),
			cmp.Compare(a.X2, b.X2), cmp.Compare(a.Y2, b.Y2))
	}
	got := mergeRules(rules)
	slices.SortFunc(got, key)
	slices.SortFunc(want, key)
	if !slices.Equal(got, want) {
		t.Errorf("mergeRules =\n%v\nwant\n%v", got, want)
	}
}
