package text

import "math"

// Metrics measures text for breaking: the advance of each rune and, with
// Compress, the compression of adjacent full-width punctuation that clreq
// describes (标点符号的压缩), so that a line's width is the width the
// backends draw.
type Metrics struct {
	Advance Measure
	// Em is the font size: the advance of a full-width mark, which
	// compression halves.
	Em float64
	// Compress sets a pair of adjacent full-width marks in one and a half
	// ems instead of two, as Squeeze says.
	Compress bool
	// Scratch, when set, is work space the breaker reuses from one call
	// to the next: a Metrics with one must not break text on two
	// goroutines at once.
	Scratch *Scratch
	// MaxLines, when positive, is more lines than the caller can set:
	// breaking stops once a text has made more, and the lines past them
	// are not made. A hostile megabyte word made millions of lines, and
	// their memory, before the page limit could stop the layout.
	MaxLines int
}

// over reports whether lines are more than m lets a text make.
func (m Metrics) over(lines []Line) bool { return m.MaxLines > 0 && len(lines) > m.MaxLines }

// Scratch is work space for breaking text.
type Scratch struct {
	units []unit
}

// at returns the advance of rs[i] as set before rs[i+1].
func (m Metrics) at(rs []rune, i int) float64 {
	adv := m.Advance(rs[i])
	if m.Compress && i+1 < len(rs) {
		adv -= Squeeze(rs[i], rs[i+1], adv, m.Em)
	}
	return adv
}

// Break is Break with m's advances.
func (m Metrics) Break(s string, first, width float64) []Line { return breakText(s, first, width, m) }

// BreakBalanced is BreakBalanced with m's advances.
func (m Metrics) BreakBalanced(s string, width float64) []Line { return breakCell(s, width, m, true) }

// BreakFilled is BreakFilled with m's advances.
func (m Metrics) BreakFilled(s string, width float64) []Line { return breakCell(s, width, m, false) }

// Punctuation classes by where a full-width mark's ink sits in its em, as
// Simplified Chinese fonts draw them (GB/T 15834): the closing marks and
// the pause and stop marks in the left half, the opening marks in the
// right half. Centred marks (·, —, …) are never compressed.
const (
	notPunct = iota
	closing
	opening
)

func punctClass(r rune) int {
	switch r {
	case '，', '。', '、', '．', '：', '；', '！', '？',
		'）', '］', '｝', '〕', '〉', '》', '」', '』', '】', '〗', '〙', '〛', '”', '’':
		return closing
	case '（', '［', '｛', '〔', '〈', '《', '「', '『', '【', '〖', '〘', '〚', '“', '‘':
		return opening
	}
	return notPunct
}

// Squeeze returns how much narrower a, a mark of advance adv in a font
// of size em, is set before b: half its advance when both are
// punctuation and the blank halves between their inks would otherwise
// leave a full em or more (a closing mark before a closing or an opening
// one, as in "），" and "”。", an opening mark before an opening one,
// as in "（《"), else 0. A mark that is not a full em wide (a
// proportional quotation mark of a Latin face) has no blank half to
// lose.
func Squeeze(a, b rune, adv, em float64) float64 {
	if isIdeograph(a) {
		return 0 // most characters, none a mark
	}
	ca := punctClass(a)
	if ca == notPunct || !(em > 0) || math.Abs(adv-em) > em/100 {
		return 0
	}
	switch cb := punctClass(b); {
	case cb == notPunct:
		return 0
	case ca == closing, cb == opening:
		return adv / 2
	}
	return 0
}
