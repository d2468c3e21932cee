// Package filename makes text usable as a file name on every common file
// system and in a ZIP archive: no separators or reserved characters, no
// invisible ones, and at most Max bytes, cut at a character's start. A
// 100-character Chinese department name is 300 bytes; the file systems
// take 255.
package filename

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Max is the longest name in bytes that this package makes: 255, the
// limit of most file systems, less room for a " (NN)" suffix and for the
// temporary name a file is written under.
const Max = 240

// Clean replaces the characters a file name cannot hold (separators,
// reserved and control characters) by '_' and drops the invisible
// format characters (bidi overrides, zero-width ones), which would make
// the name read otherwise than it is.
func Clean(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < 0x20 || r == 0x7f {
			return '_'
		}
		if unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp, unicode.Cc) {
			return -1
		}
		return r
	}, s)
}

// Truncate shortens s to at most n bytes without splitting a character.
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// Fit is stem.ext, cleaned, with the stem shortened so that the whole
// is at most Max bytes.
func Fit(stem, ext string) string {
	stem, ext = Clean(stem), Clean(ext)
	if ext == "" {
		return Truncate(stem, Max)
	}
	return Truncate(stem, Max-len(ext)-1) + "." + ext
}
