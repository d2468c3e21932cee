package importer

import (
	"strings"
	"unicode"

	"github.com/jixiao/jixiao/evaluation"
)

// fold maps full-width ASCII (Ａ１（％：) to half-width and the ideographic
// space to a space, the forms in which the same label or figure is typed
// in Chinese input methods.
func fold(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFEE0
	case r == 0x3000:
		return ' '
	case r == '—' || r == '－' || r == '–':
		return '-'
	}
	return r
}

// norm is the form in which labels are compared: folded, without any
// white space (spaces inside labels, line breaks inside cells).
func norm(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		r = fold(r)
		if unicode.IsSpace(r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// firstNormed is the first character of norm(s), without making it; -1
// for a text norm empties.
func firstNormed(s string) rune {
	for _, r := range s {
		if r = fold(r); !unicode.IsSpace(r) {
			return r
		}
	}
	return -1
}

// clean is a text value as written, trimmed of the spaces around it; line
// breaks inside are kept (the renderer prints them).
func clean(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == 0x3000 })
}

// parseNumber reads a figure as a cell shows it: "96.16%", "96.16％",
// "１２３．４", "1,234.50", " 20 ". The Raw text is the folded text, so a
// declared figure keeps its written precision.
func parseNumber(s string) (evaluation.Number, error) {
	t := norm(s)
	t = strings.ReplaceAll(t, "．", ".")
	return evaluation.ParseNumber(t)
}
