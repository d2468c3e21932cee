// Package spans places the cells of a table on its columns as HTML does:
// row after row, each cell takes the first column, from the end of the
// cell before it in its row, that no cell spanning down from a row above
// still covers. The validator, the document builder, the layout and the
// workbook writers all place cells with it, so that all of them read a
// table the same way.
package spans

// Grid is the placement of a table's cells so far; its zero value is an
// empty table.
type Grid struct {
	// busy[c] is the first row at which column c is free again: the
	// work is bounded by the cells and their column spans, whatever
	// their row spans say.
	busy []int
	r, c int
}

// Row starts row r; rows come in order.
func (g *Grid) Row(r int) { g.r, g.c = r, 0 }

// Next returns the column at which the row's next cell starts: past
// the cells placed in the row and the columns covered from above. After
// a row's last cell it is the row's width.
func (g *Grid) Next() int {
	for g.c < len(g.busy) && g.busy[g.c] > g.r {
		g.c++
	}
	return g.c
}

// Place places the row's next cell, which spans rows×cols, and returns
// its first column.
func (g *Grid) Place(rows, cols int) int {
	c := g.Next()
	if g.busy == nil {
		// Most tables are a few columns wide: one allocation.
		g.busy = make([]int, 0, max(c+cols, 16))
	}
	for len(g.busy) < c+cols {
		g.busy = append(g.busy, 0)
	}
	for dc := range cols {
		g.busy[c+dc] = g.r + rows
	}
	g.c += cols
	return c
}
