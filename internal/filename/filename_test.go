package filename

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFit(t *testing.T) {
	long := strings.Repeat("财政局", 100) // 900 bytes
	for _, tc := range []struct{ stem, ext, want string }{
		{"a/b:c", "pdf", "a_b_c.pdf"},
		{"示例\u202e项目", "xlsx", "示例项目.xlsx"},
		{long, "pdf", strings.Repeat("财政局", 26) + ".pdf"}, // 236 bytes of stem: 78 characters
		{long, "", strings.Repeat("财政局", 26) + "财政"},
	} {
		got := Fit(tc.stem, tc.ext)
		if got != tc.want || len(got) > Max || !utf8.ValidString(got) {
			t.Errorf("Fit(%.20q, %q) = %q (%d bytes), want %q", tc.stem, tc.ext, got, len(got), tc.want)
		}
	}
}
