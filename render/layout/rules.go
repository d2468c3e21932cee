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
	// Coordinates are finite: plain comparisons order them, without
	// cmp.Compare's care for NaN.
	order := func(x, y float64) int {
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	}
	slices.SortFunc(segs, func(a, b seg) int {
		switch {
		case a.vertical != b.vertical:
			if a.vertical {
				return 1
			}
			return -1
		case a.at != b.at:
			return order(a.at, b.at)
		case a.width != b.width:
			return order(a.width, b.width)
		}
		return order(a.from, b.from)
	})
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
