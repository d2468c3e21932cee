// Package text breaks Chinese (and mixed Latin) text into lines on glyph
// advance widths, following the basic line-breaking rules of W3C clreq
// and GB/T 15834: no line starts with closing punctuation, none ends with
// opening punctuation, —— and …… are never split, and runs of Latin
// letters and digits (7,235.39, QFLP, 2021) stay whole unless longer than
// a line. It is shared by the PDF and XLSX renderers so that both measure
// text the same way.
package text

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Measure returns the advance width of a rune, in the caller's unit.
type Measure func(r rune) float64

// Line is one line of a broken paragraph.
type Line struct {
	Runes []rune
	// Width is the natural width of the line.
	Width float64
	// Last marks a paragraph's last line, which is not justified.
	Last bool
	// text is the line's text as part of the broken text's string, so
	// that String need not make one; "" when it is not known.
	text string
}

// String returns the line's text.
func (l Line) String() string {
	if l.text != "" || len(l.Runes) == 0 {
		return l.text
	}
	return string(l.Runes)
}

// para is a paragraph being broken: its text and its runes. The lines
// are parts of the text, found by the byte offsets of their runes.
type para struct {
	s  string
	rs []rune
	// valid tells that the text is valid UTF-8, so that a rune's offset
	// is the length of the runes before it; else lines make their own
	// strings.
	valid bool
	// ri and bi are a rune index and its byte offset, where offset
	// stopped: lines are made in order (or in reverse order), so
	// finding their offsets costs time in the text once.
	ri, bi int
}

func newPara(s string) *para {
	rs := []rune(s)
	return &para{s: s, rs: rs, valid: !slices.Contains(rs, utf8.RuneError)}
}

// offset returns the byte offset of rune k.
func (p *para) offset(k int) int {
	for p.ri < k {
		p.bi += utf8.RuneLen(p.rs[p.ri])
		p.ri++
	}
	for p.ri > k {
		p.ri--
		p.bi -= utf8.RuneLen(p.rs[p.ri])
	}
	return p.bi
}

// text returns runes [start, end) as part of the text, or "" if the
// text is not valid UTF-8.
func (p *para) text(start, end int) string {
	if !p.valid {
		return ""
	}
	a := p.offset(start)
	return p.s[a:p.offset(end)]
}

// noStart are characters a line must not start with.
const noStart = "、，。．：；！？）］｝〕〉》」』】〗〙〛”’\"'%‰℃·・ー…‥—～,.:;!?)]}"

// noEnd are characters a line must not end with.
const noEnd = "（［｛〔〈《「『【〖〘〚“‘([{"

// IsNoStart reports whether r may not begin a line.
func IsNoStart(r rune) bool { return !isIdeograph(r) && strings.ContainsRune(noStart, r) }

// IsNoEnd reports whether r may not end a line.
func IsNoEnd(r rune) bool { return !isIdeograph(r) && strings.ContainsRune(noEnd, r) }

// isIdeograph reports whether r is a CJK unified ideograph of the basic
// block, most of a Chinese text and none of the punctuation: the rules
// at line edges need not search their lists for it.
func isIdeograph(r rune) bool { return r >= 0x4E00 && r <= 0x9FFF }

// isWordRune reports whether r belongs to an unbreakable Latin/number run.
func isWordRune(r rune) bool {
	return r < 0x2E80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) || r == '_'
}

// isWordJoiner reports whether r, between two word runes, keeps them
// together: 7,235.39 or 2021-2022 or 1/3 or 98.5%.
func isWordJoiner(r rune) bool {
	switch r {
	case '.', ',', ':', '/', '-', '+', '\'', '&', '@', '#':
		return true
	}
	return false
}

// unit is an unbreakable piece of text: runes [start, end).
type unit struct {
	start, end int
	width      float64
	space      bool // a run of spaces: a break opportunity, dropped at line ends
}

// units splits runes into unbreakable units, in m's scratch space if it
// has one.
func units(rs []rune, m Metrics) []unit {
	var us []unit // at most one a rune: never regrown
	if m.Scratch != nil {
		us = slices.Grow(m.Scratch.units[:0], len(rs))
		defer func() { m.Scratch.units = us[:0] }()
	} else {
		us = make([]unit, 0, len(rs))
	}
	for i := 0; i < len(rs); {
		j := i + 1
		switch r := rs[i]; {
		case r == ' ' || r == '\t':
			for j < len(rs) && (rs[j] == ' ' || rs[j] == '\t') {
				j++
			}
		case isWordRune(r):
			for j < len(rs) && (isWordRune(rs[j]) || isWordJoiner(rs[j]) && j+1 < len(rs) && isWordRune(rs[j+1])) {
				j++
			}
			if j < len(rs) && (rs[j] == '%' || rs[j] == '‰') {
				j++
			}
		case r == '—' || r == '…' || r == '─':
			for j < len(rs) && rs[j] == r {
				j++
			}
		}
		u := unit{start: i, end: j, space: rs[i] == ' ' || rs[i] == '\t'}
		for k := i; k < j; k++ {
			u.width += m.at(rs, k)
		}
		us = append(us, u)
		i = j
	}
	return us
}

// canBreak reports whether a line may break between units a and b.
func canBreak(rs []rune, a, b unit) bool {
	if IsNoStart(rs[b.start]) || IsNoEnd(rs[a.end-1]) {
		return false
	}
	return true
}

// Break breaks s into lines no wider than width; the first line is
// first wide (for a first-line indent). A unit wider than a whole line is
// split by characters, still never leaving a forbidden character at a
// line edge when a legal split exists. Explicit "\n" ends a line.
func Break(s string, first, width float64, measure Measure) []Line {
	return breakText(s, first, width, Metrics{Advance: measure})
}

func breakText(s string, first, width float64, m Metrics) []Line {
	if !strings.Contains(s, "\n") {
		return breakParagraph(newPara(s), first, width, m)
	}
	var lines []Line
	i := 0
	for text := range strings.SplitSeq(s, "\n") {
		w := width
		if i == 0 {
			w = first
		}
		i++
		lines = append(lines, breakParagraph(newPara(text), w, width, m)...)
		if m.over(lines) {
			break
		}
	}
	return lines
}

func breakParagraph(p *para, first, width float64, m Metrics) []Line {
	return breakUnits(p, units(p.rs, m), first, width, m)
}

// breakUnits fills lines with the units us of p, splitting (and so
// changing) a unit wider than a line.
func breakUnits(p *para, us []unit, first, width float64, m Metrics) []Line {
	rs := p.rs
	var lines []Line
	if len(rs) > 4096 && width > 0 {
		// A long text makes many lines: no line holds more than width,
		// so they are at least total/width, and an array of that many
		// made at once keeps the growing one's copies, twice and more
		// the lines of a hostile megabyte word, off the heap.
		var total float64
		for _, u := range us {
			total += u.width
		}
		n := min(total/width, float64(len(rs)))
		if m.MaxLines > 0 {
			n = min(n, float64(m.MaxLines))
		}
		lines = make([]Line, 0, int(n)+1)
	}
	limit := first
	for start := 0; !m.over(lines); limit = width {
		for start < len(us) && us[start].space {
			start++
		}
		if start == len(us) {
			break
		}
		end, w := start, 0.0 // units [start, end) fit
		for end < len(us) && w+us[end].width <= limit+1e-9 {
			w += us[end].width
			end++
		}
		if end == len(us) {
			lines = append(lines, makeLine(p, us[start:end], true))
			break
		}
		if end == start {
			// A unit wider than the whole line: its head that fits makes
			// the line, and the rest stays in place as the next unit, so
			// a long word costs time in its length, not its length
			// times the paragraph's.
			head, rest, ok := splitUnit(rs, us[start], limit, m)
			if !ok {
				lines = append(lines, makeLine(p, us[start:start+1], false))
				start++
				continue
			}
			us[start] = rest
			lines = append(lines, makeLine(p, []unit{head}, false))
			continue
		} else if brk := lastBreak(rs, us, start, end); brk > start {
			end = brk
		}
		// Else a chain of units locked together fills the line: it is
		// broken where it overflows, the least bad place.
		lines = append(lines, makeLine(p, us[start:end], false))
		start = end
	}
	if len(lines) == 0 {
		lines = append(lines, Line{Last: true})
	}
	return lines
}

// lastBreak returns the largest b in (start, end] at which the line may
// break before us[b], or start if there is none. Spaces at the break
// are dropped, so the rules look through them: "普惠 、农村" may not
// break at the space.
func lastBreak(rs []rune, us []unit, start, end int) int {
	for b := end; b > start; b-- {
		p, n := b-1, b
		for p > start && us[p].space {
			p--
		}
		for n < len(us) && us[n].space {
			n++
		}
		if us[p].space || n == len(us) || canBreak(rs, us[p], us[n]) {
			return b
		}
	}
	return start
}

// splitUnit splits u so that its head fits in room (at least one rune).
// ok is false when u cannot be split (it is one rune).
func splitUnit(rs []rune, u unit, room float64, m Metrics) (head, rest unit, ok bool) {
	k, w := u.start, 0.0
	for k < u.end && w+m.at(rs, k) <= room+1e-9 {
		w += m.at(rs, k)
		k++
	}
	if k == u.start { // not even one rune fits: take one anyway
		w = m.at(rs, k)
		k++
	}
	if k >= u.end {
		return u, unit{}, false
	}
	return unit{start: u.start, end: k, width: w}, unit{start: k, end: u.end, width: u.width - w}, true
}

func makeLine(p *para, us []unit, last bool) Line {
	for len(us) > 0 && us[len(us)-1].space {
		us = us[:len(us)-1]
	}
	if len(us) == 0 {
		return Line{Last: last}
	}
	start, end := us[0].start, us[len(us)-1].end
	l := Line{Runes: p.rs[start:end:end], Last: last, text: p.text(start, end)}
	for _, u := range us {
		l.Width += u.width
	}
	return l
}

// Gaps returns the number of places a justified line may stretch: between
// every two characters, as Chinese text is set.
func (l Line) Gaps() int { return max(len(l.Runes)-1, 0) }

// BreakBalanced breaks s, a label such as a table's row or column head,
// into as few lines as Break, no wider than width, but as even as they
// can be: 偏差原因分析 over 及改进措施 rather than ten characters over one.
// A line is a single character only when no other break into as many
// lines avoids it. A parenthesised figure, （10分）, is not broken when
// it fits on a line, so the figure never loses its unit. The rules of
// Break at line edges still hold; text that cannot be set within them
// (a word wider than the line) is broken as Break does.
func BreakBalanced(s string, width float64, measure Measure) []Line {
	return breakCell(s, width, Metrics{Advance: measure}, true)
}

// BreakFilled breaks s, the text of a table cell, into the lines Break
// fills, keeping a parenthesised figure whole as BreakBalanced does;
// where those lines leave a lone character on a line, the breaks are
// chosen again to avoid it, with the lines as full as they can be.
func BreakFilled(s string, width float64, measure Measure) []Line {
	return breakCell(s, width, Metrics{Advance: measure}, false)
}

func breakCell(s string, width float64, m Metrics, even bool) []Line {
	if !strings.Contains(s, "\n") {
		return fitParagraph(newPara(s), width, m, even)
	}
	var lines []Line
	for text := range strings.SplitSeq(s, "\n") {
		lines = append(lines, fitParagraph(newPara(text), width, m, even)...)
		if m.over(lines) {
			break
		}
	}
	return lines
}

// fitParagraph chooses the breaks of one paragraph over all legal ones:
// fewest lines first, then fewest lines of a lone character, then the
// least cost: with even, the sum of squared line widths, which for a
// given number of lines is least when they are equal; else the sum of
// the squared room left on every line but the last, least when the
// lines are full. Of equal choices it takes the one with the longer
// lines first. A cell's text is short, and a line holds few units, so
// the search is cheap.
func fitParagraph(p *para, width float64, m Metrics, even bool) []Line {
	rs := p.rs
	us := keepFigures(rs, units(rs, m), width)
	var total float64
	for _, u := range us {
		if u.width > width+1e-9 {
			return breakParagraph(p, width, width, m)
		}
		total += u.width
	}
	if total <= width+1e-9 {
		return []Line{makeLine(p, us, true)}
	}
	// Break's lines, the figures kept whole, are as few as any; most
	// texts fill them with no lone character, and then they are the
	// answer. (No unit is split: each fits a line.)
	filled := breakUnits(p, us, width, width, m)
	if m.over(filled) || !even && !slices.ContainsFunc(filled, lone) {
		return filled
	}
	// at[i] is the width of the units before us[i], for line widths;
	// legal[i] whether a line may break before us[i].
	at := make([]float64, len(us)+1)
	legal := make([]bool, len(us)+1)
	for i, u := range us {
		at[i+1] = at[i] + u.width
		legal[i] = i == 0 || breakable(rs, us, i)
	}
	legal[len(us)] = true
	type choice struct {
		lines, lone int // lines, and lines of one character
		cost        float64
		from        int // where the last line starts; -1: unreachable
	}
	best := make([]choice, len(us)+1)
	for j := 1; j <= len(us); j++ {
		best[j] = choice{from: -1}
		if !legal[j] {
			continue
		}
		for i := j - 1; i >= 0 && j-i <= maxSearchUnits; i-- {
			first, last := trimSpaces(us, i, j)
			w := at[last] - at[first]
			if w > width+1e-9 {
				break
			}
			if first == last || !legal[i] || best[i].from < 0 {
				continue
			}
			c := choice{lines: best[i].lines + 1, lone: best[i].lone, cost: best[i].cost, from: i}
			switch {
			case even:
				c.cost += w * w
			case j < len(us):
				c.cost += (width - w) * (width - w)
			}
			if last-first == 1 && us[first].end-us[first].start == 1 {
				c.lone++
			}
			if b := best[j]; b.from < 0 || c.lines < b.lines || c.lines == b.lines &&
				(c.lone < b.lone || c.lone == b.lone && c.cost < b.cost-1e-6) {
				best[j] = c
			}
		}
	}
	if best[len(us)].from < 0 || best[len(us)].lines > len(filled) {
		// Lines too long to search, or a chain of units locked
		// together and longer than a line.
		return filled
	}
	lines := make([]Line, best[len(us)].lines)
	for j, k := len(us), len(lines)-1; j > 0; j, k = best[j].from, k-1 {
		lines[k] = makeLine(p, us[best[j].from:j], j == len(us))
	}
	return lines
}

// maxSearchUnits bounds the units of a line the search of fitParagraph
// tries, so that its time stays linear in the text whatever the text
// (characters of no width, say): a paragraph that needs longer lines
// keeps Break's.
const maxSearchUnits = 256

// lone reports whether l is a single character.
func lone(l Line) bool { return len(l.Runes) == 1 }

// breakable reports whether a line may break before us[b], looking
// through spaces as lastBreak does.
func breakable(rs []rune, us []unit, b int) bool {
	p, n := b-1, b
	for p > 0 && us[p].space {
		p--
	}
	for n < len(us) && us[n].space {
		n++
	}
	return us[p].space || n == len(us) || canBreak(rs, us[p], us[n])
}

// trimSpaces returns the units [first, last) of us[i:j] without the
// spaces at either end, which a line drops.
func trimSpaces(us []unit, i, j int) (first, last int) {
	for i < j && us[i].space {
		i++
	}
	for j > i && us[j-1].space {
		j--
	}
	return i, j
}

// keepFigures joins each parenthesised figure no wider than width — an
// opening bracket, a number, at most two characters of unit and the
// closing bracket, as in （10分）, （100%） or (3亿元) — into one unit.
func keepFigures(rs []rune, us []unit, width float64) []unit {
	out := us[:0]
	for i := 0; i < len(us); i++ {
		if n := figureLength(rs, us[i:]); n > 0 {
			f := unit{start: us[i].start, end: us[i+n-1].end}
			for _, u := range us[i : i+n] {
				f.width += u.width
			}
			if f.width <= width+1e-9 {
				out = append(out, f)
				i += n - 1
				continue
			}
		}
		out = append(out, us[i])
	}
	return out
}

// figureLength returns the number of units of the parenthesised figure
// us starts with, or 0.
func figureLength(rs []rune, us []unit) int {
	if len(us) < 3 {
		return 0
	}
	if r := rs[us[0].start]; r != '（' && r != '(' || !hasDigit(rs[us[1].start:us[1].end]) {
		return 0
	}
	for n := 2; n < len(us) && n <= 4; n++ {
		u := us[n]
		switch r := rs[u.start]; {
		case r == '）' || r == ')':
			return n + 1
		case u.end-u.start != 1 || !(unicode.IsLetter(r) || r == '%' || r == '‰'):
			return 0
		}
	}
	return 0
}

func hasDigit(rs []rune) bool {
	return slices.ContainsFunc(rs, unicode.IsDigit)
}
