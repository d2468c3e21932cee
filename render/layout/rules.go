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
	var m ruleMerger
	return m.merge(nil, rules)
}

// ruleMerger merges rules (mergeRules) in work space it keeps from one
// page to the next.
type ruleMerger struct {
	segs, sorted                       []ruleSeg
	other                              []Rule
	index                              lineIndex
	lines                              []ruleLine
	bucket, order, start, rank, filled []int
}

// ruleSeg is a horizontal or vertical rule: at is its y or x, from and
// to its ends.
type ruleSeg struct {
	at, width, from, to float64
	vertical            bool
}

// ruleLine is the line a segment lies on.
type ruleLine struct {
	vertical bool
	at       float64
}

// merge appends the merged rules to dst and returns it.
func (m *ruleMerger) merge(dst, rules []Rule) []Rule {
	const eps = 0.01
	key := func(v float64) float64 { return math.Round(v/eps) * eps }
	segs, other := m.segs[:0], m.other[:0]
	for _, r := range rules {
		switch {
		case math.Abs(r.Y1-r.Y2) < eps:
			segs = append(segs, ruleSeg{key(r.Y1), r.Width, min(r.X1, r.X2), max(r.X1, r.X2), false})
		case math.Abs(r.X1-r.X2) < eps:
			segs = append(segs, ruleSeg{key(r.X1), r.Width, min(r.Y1, r.Y2), max(r.Y1, r.Y2), true})
		default:
			other = append(other, r)
		}
	}
	m.segs, m.other = segs, other
	// Order the segments by direction, place, width and start. A page
	// has a few dozen lines — a table's row and column boundaries — so
	// the segments are put in a bucket per line, in the order they came
	// (counting sort), the buckets ordered, and each bucket sorted by
	// insertion: the cells come row by row and column by column, so a
	// bucket is nearly in order already. (Equal segments may come in
	// any order: the merge below gives the same lines.)
	m.index.reset(len(segs))
	lines := m.lines[:0]
	bucket := grow(m.bucket, len(segs))
	for i, s := range segs {
		l := ruleLine{s.vertical, s.at}
		b, ok := m.index.find(l, lines)
		if !ok {
			m.index.add(l, len(lines))
			b = len(lines)
			lines = append(lines, l)
		}
		bucket[i] = b
	}
	order := grow(m.order, len(lines)) // the buckets in line order
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
	start := grow(m.start, len(lines)+1) // where each bucket, in line order, begins
	clear(start)
	rank := grow(m.rank, len(lines))
	for k, b := range order {
		rank[b] = k
	}
	for _, b := range bucket {
		start[rank[b]+1]++
	}
	for k := 1; k < len(start); k++ {
		start[k] += start[k-1]
	}
	sorted := slices.Grow(m.sorted[:0], len(segs))[:len(segs)]
	filled := grow(m.filled, len(lines))
	copy(filled, start)
	for i, s := range segs {
		k := rank[bucket[i]]
		sorted[filled[k]] = s
		filled[k]++
	}
	m.lines, m.bucket, m.order, m.start, m.rank, m.sorted, m.filled = lines, bucket, order, start, rank, sorted, filled
	before := func(a, b ruleSeg) bool { return a.width < b.width || a.width == b.width && a.from < b.from }
	for k := range lines {
		run := sorted[start[k]:start[k+1]]
		for i := 1; i < len(run); i++ {
			for j := i; j > 0 && before(run[j], run[j-1]); j-- {
				run[j], run[j-1] = run[j-1], run[j]
			}
		}
	}
	out := append(dst, other...)
	emit := func(s ruleSeg) {
		if s.vertical {
			out = append(out, Rule{s.at, s.from, s.at, s.to, s.width})
		} else {
			out = append(out, Rule{s.from, s.at, s.to, s.at, s.width})
		}
	}
	for i := 0; i < len(sorted); {
		cur := sorted[i]
		j := i + 1
		for ; j < len(sorted); j++ {
			n := sorted[j]
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

// grow returns s with length n, reusing its array when it is large
// enough; the values are not cleared.
func grow(s []int, n int) []int {
	return slices.Grow(s[:0], n)[:n]
}

// lineIndex finds the bucket of a line: a hash table of the lines'
// indices, open addressed, which a page's few dozen lines keep sparse.
type lineIndex struct {
	slots []int32 // a line's index plus one; 0 for an empty slot
	mask  uint64
}

// reset empties the index, made for up to n lines.
func (x *lineIndex) reset(n int) {
	size := 16
	for size < 2*n {
		size *= 2
	}
	if cap(x.slots) >= size {
		x.slots = x.slots[:size]
		clear(x.slots)
	} else {
		x.slots = make([]int32, size)
	}
	x.mask = uint64(size - 1)
}

// slot is where the search for l starts. The two zeros hash alike, as
// they are equal.
func (x *lineIndex) slot(l ruleLine) uint64 {
	at := l.at
	if at == 0 {
		at = 0
	}
	h := math.Float64bits(at)
	if l.vertical {
		h = ^h
	}
	return h * 0x9E3779B97F4A7C15 >> 40 & x.mask
}

// find returns the index in lines of l, if the index holds it.
func (x *lineIndex) find(l ruleLine, lines []ruleLine) (int, bool) {
	for i := x.slot(l); ; i = (i + 1) & x.mask {
		v := x.slots[i]
		if v == 0 {
			return 0, false
		}
		if lines[v-1] == l {
			return int(v - 1), true
		}
	}
}

// add records that l is lines[i].
func (x *lineIndex) add(l ruleLine, i int) {
	for j := x.slot(l); ; j = (j + 1) & x.mask {
		if x.slots[j] == 0 {
			x.slots[j] = int32(i + 1)
			return
		}
	}
}
