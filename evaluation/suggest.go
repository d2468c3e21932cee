package evaluation

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// unknownField reports the key at ptr that names no field of its object;
// near, when not "", is the field it seems to misspell ("scroe": "score").
func unknownField(ptr, key, near string) Problem {
	p := Problem{Path: ptr, Code: CodeUnknownField,
		Message: fmt.Sprintf("未知字段 %q", key), MessageEN: fmt.Sprintf("unknown field %q", key)}
	if near != "" {
		p.Message += fmt.Sprintf("，是否应为 %q？", near)
		p.MessageEN += fmt.Sprintf("; did you mean %q?", near)
	}
	return p
}

// nearest returns the name closest to key by edit distance, when it is
// close enough to be a slip (a letter wrong, missing, added or swapped;
// two in a longer key) and no other name is as close; "" otherwise.
func nearest(key string, names []string) string {
	limit := 1
	if utf8.RuneCountInString(key) >= 6 {
		limit = 2
	}
	best, bestD, tie := "", limit+1, false
	lower, size := strings.ToLower(key), utf8.RuneCountInString(key)
	for _, n := range names {
		if abs(utf8.RuneCountInString(n)-size) > limit {
			continue // the lengths alone are further apart than a slip
		}
		d := editDistance(lower, strings.ToLower(n))
		switch {
		case d < bestD:
			best, bestD, tie = n, d, false
		case d == bestD:
			tie = true
		}
	}
	if tie || bestD > limit {
		return ""
	}
	return best
}

// editDistance is the optimal string alignment distance of a and b: the
// insertions, deletions, substitutions and swaps of neighbours that turn
// one into the other.
func editDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	// d[i][j] is the distance of x[:i] and y[:j]; three rows suffice.
	prev2 := make([]int, len(y)+1)
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(y)]
}

func abs(n int) int { return max(n, -n) }
