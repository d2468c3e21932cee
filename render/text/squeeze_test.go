package text

import (
	"math"
	"testing"
)

func TestSqueeze(t *testing.T) {
	tests := []struct {
		pair string
		adv  float64
		want float64
	}{
		{"），", 1, 0.5},
		{"》，", 1, 0.5},
		{"”。", 1, 0.5},
		{"。”", 1, 0.5},
		{"）（", 1, 0.5},
		{"，“", 1, 0.5},
		{"（《", 1, 0.5},
		{"“《", 1, 0.5},
		{"（）", 1, 0},   // opening before closing: the inks already meet
		{"）中", 1, 0},   // not a pair of marks
		{"中，", 1, 0},   // the first is no mark
		{"—，", 1, 0},   // a dash is centred: nothing to take
		{"…”", 1, 0},   // so is an ellipsis
		{"”。", .35, 0}, // a proportional quotation mark has no blank half
	}
	for _, tt := range tests {
		rs := []rune(tt.pair)
		if got := Squeeze(rs[0], rs[1], tt.adv, 1); got != tt.want {
			t.Errorf("Squeeze(%q, adv %v) = %v, want %v", tt.pair, tt.adv, got, tt.want)
		}
	}
}

// TestCompressedWidths checks that compression narrows a line by half an
// em a pair, and only when asked.
func TestCompressedWidths(t *testing.T) {
	s := "号），北京“两区”。（《条例》）"
	full := Metrics{Advance: mono, Em: 1}
	compressed := Metrics{Advance: mono, Em: 1, Compress: true}
	n := float64(len([]rune(s)))
	if got := full.Break(s, 100, 100)[0].Width; got != n {
		t.Errorf("uncompressed width %v, want %v", got, n)
	}
	// Pairs: ），  ”。  。（  （《  》）: five half ems.
	if got := compressed.Break(s, 100, 100)[0].Width; math.Abs(got-(n-2.5)) > 1e-9 {
		t.Errorf("compressed width %v, want %v", got, n-2.5)
	}
	// The saved room lets a line hold more: "一二），三" fits 4.5 ems.
	if got := lineStrings(compressed.Break("一二），三四", 4.5, 4.5)); len(got) != 2 || got[0] != "一二），三" {
		t.Errorf("compressed break = %q", got)
	}
	if got := lineStrings(full.Break("一二），三四", 4.5, 4.5)); got[0] != "一二），" {
		t.Errorf("uncompressed break = %q", got)
	}
	// A cell's breaking uses the same widths.
	if got := compressed.BreakFilled("甲），乙", 3.5); len(got) != 1 || got[0].Width != 3.5 {
		t.Errorf("compressed cell lines = %q", lineStrings(got))
	}
}
