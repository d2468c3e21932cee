package pades

import (
	"testing"
	"time"
)

func TestPDFTime(t *testing.T) {
	want := time.Date(2023, 11, 14, 22, 13, 20, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"20231114221320+00'00'", want},
		{"20231114221320Z", want},
		{"20231114221320", want},
		{"20231115061320+08'00'", want},
		{"20231114171320-05'00", want},
		{"20231115061320+08", want},
		{"2023111422", time.Time{}},
		{"20231114221320+xx'00'", time.Time{}},
	} {
		if got := pdfTime(tc.in); !got.Equal(tc.want) {
			t.Errorf("pdfTime(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
