package layout

import (
	"math"
	"slices"
)

// mergeRules joins the rules that continue one another: the shared edges
// of neighbouring cells, drawn once per cell, become one line, and the
// bottom edges of a row's cells one rule across the table. A table of
// n rows then paints about n + columns lines a page instead of 4 per
// cell. Rules that are neither horizontal nor vertical are kept as
// they are.
func mergeRules(rules []Rule) []Rule {
	const eps = 0.01
	type seg struct {
		at, width, from, to float64
		vertical            bool
	}
	key := func(v float64) float64 { return math.Round(v/eps) * eps }
	segs := make([]seg, 0, len(rules))
	var other []Rule
	for _, r := range rules {
		switch {
		case math.Abs(r.Y1-r.Y2) < eps:
			segs = append(segs, seg{key(r.Y1), r.Width, min(r.X1, r.X2), max(r.X1, r.X2), false})
		case math.Abs(r.X1-r.X2) < eps:
			segs = append(segs, seg{key(r.X1), r.Width, min(r.Y1, r.Y2), max(r.Y1, r.Y2), true})
		default:
			other = append(other, r)
		}
	}
	// Order the segments by direction, place, width and start. A page
	// has a few dozen lines — a table's row and column boundaries — so
	// the segments are put in a bucket per line, in the order they came
	// (counting sort), the buckets ordered, and each bucket sorted by
	// insertion: the cells come row by row and column by column, so a
	// bucket is nearly in order already. (Equal segments may come in
	// any order: the merge below gives the same lines.)
	type line struct {
		vertical bool
		at       float64
	}
	index := make(map[line]int)
	var lines []line
	bucket := make([]int, len(segs))
	for i, s := range segs {
		l := line{s.vertical, s.at}
		b, ok := index[l]
		if !ok {
			b = len(lines)
			index[l] = b
			lines = append(lines, l)
		}
		bucket[i] = b
	}
	order := make([]int, len(lines)) // the buckets in line order
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		la, lb := lines[a], lines[b]
		switch {
		case la.vertical != lb.vertical:
			if la.vertical {
				return 1
			}
			return -1
		case la.at < lb.at:
			return -1
		case la.at > lb.at:
			return 1
		}
		return 0
	})
	start := make([]int, len(lines)+1) // where each bucket, in line order, begins
	rank := make([]int, len(lines))
	for k, b := range order {
		rank[b] = k
	}
	for _, b := range bucket {
		start[rank[b]+1]++
	}
	for k := 1; k < len(start); k++ {
		start[k] += start[k-1]
	}
	sorted := make([]seg, len(segs))
	next := slices.Clone(start[:len(lines)])
	for i, s := range segs {
		k := rank[bucket[i]]
		sorted[next[k]] = s
		next[k]++
	}
	before := func(a, b seg) bool { return a.width < b.width || a.width == b.width && a.from < b.from }
	for k := range lines {
		run := sorted[start[k]:start[k+1]]
		for i := 1; i < len(run); i++ {
			for j := i; j > 0 && before(run[j], run[j-1]); j-- {
				run[j], run[j-1] = run[j-1], run[j]
			}
		}
	}
	segs = sorted
	out := other
	emit := func(s seg) {
		if s.vertical {
			out = append(out, Rule{s.at, s.from, s.at, s.to, s.width})
		} else {
			out = append(out, Rule{s.from, s.at, s.to, s.at, s.width})
		}
	}
	for i := 0; i < len(segs); {
		cur := segs[i]
		j := i + 1
		for ; j < len(segs); j++ {
			n := segs[j]
			if n.vertical != cur.vertical || n.at != cur.at || n.width != cur.width || n.from > cur.to+eps {
				break
			}
			cur.to = max(cur.to, n.to)
		}
		emit(cur)
		i = j
	}
	return out
}
