package spans

import (
	"slices"
	"testing"
)

func TestPlace(t *testing.T) {
	type cell struct{ rows, cols int }
	for _, tt := range []struct {
		name  string
		table [][]cell
		want  [][]int // each cell's first column
		width []int   // each row's width (Next after its last cell)
	}{
		{"plain", [][]cell{{{1, 1}, {1, 1}}, {{1, 1}, {1, 1}}}, [][]int{{0, 1}, {0, 1}}, []int{2, 2}},
		// A label spanning three rows pushes the cells of the rows below
		// it to the right.
		{"row span", [][]cell{{{3, 1}, {1, 1}}, {{1, 1}}, {{1, 1}}, {{1, 1}, {1, 1}}}, [][]int{{0, 1}, {1}, {1}, {0, 1}}, []int{2, 2, 2, 2}},
		// A span in the middle is skipped over, and one at the row's end
		// counts in its width.
		{"middle and end", [][]cell{{{1, 1}, {2, 1}, {1, 1}, {2, 1}}, {{1, 1}, {1, 1}}}, [][]int{{0, 1, 2, 3}, {0, 2}}, []int{4, 4}},
		{"column span", [][]cell{{{1, 3}}, {{1, 1}, {1, 2}}}, [][]int{{0}, {0, 1}}, []int{3, 3}},
		{"block", [][]cell{{{2, 2}, {1, 1}}, {{1, 1}}, {{1, 1}, {1, 1}, {1, 1}}}, [][]int{{0, 2}, {2}, {0, 1, 2}}, []int{3, 3, 3}},
	} {
		var g Grid
		for r, row := range tt.table {
			g.Row(r)
			var got []int
			for _, c := range row {
				got = append(got, g.Place(c.rows, c.cols))
			}
			if !slices.Equal(got, tt.want[r]) {
				t.Errorf("%s: row %d at columns %v, want %v", tt.name, r, got, tt.want[r])
			}
			if w := g.Next(); w != tt.width[r] {
				t.Errorf("%s: row %d is %d wide, want %d", tt.name, r, w, tt.width[r])
			}
		}
	}
}
