package layout

import (
	"context"
	"os"
	"strings"
	"testing"
	"unicode"

	"github.com/jixiao/jixiao/render"
)

// TestReferenceFidelity compares the text the layout sets, in painting
// order, with the text layer of the published document
// (testdata/beijing-finance-2021-disclosure.txt), character by character
// without white space: recall is the share of the published characters
// found in order, precision the share of set characters that stand in
// the published text.
func TestReferenceFidelity(t *testing.T) {
	ref, err := os.ReadFile("testdata/beijing-finance-2021-disclosure.txt")
	if err != nil {
		t.Fatal(err)
	}
	l, fs := setup(t)
	res, err := Do(context.Background(), referenceDocument(t, render.Options{}), l, fs)
	if err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	for _, p := range res.Pages {
		for _, ln := range p.Lines {
			got.WriteString(ln.Text)
		}
	}
	a, b := visible(string(ref)), visible(got.String())
	common := lcsLength(a, b)
	recall := float64(common) / float64(len(a))
	precision := float64(common) / float64(len(b))
	t.Logf("recall %.4f precision %.4f (%d published, %d set, %d in common)", recall, precision, len(a), len(b), common)
	if recall < 0.99 || precision < 0.98 {
		t.Errorf("fidelity fell: recall %.4f (want ≥ 0.99), precision %.4f (want ≥ 0.98)", recall, precision)
	}
}

func visible(s string) []rune {
	var out []rune
	for _, r := range s {
		if !unicode.IsSpace(r) {
			out = append(out, r)
		}
	}
	return out
}

// lcsLength is the length of the longest common subsequence of a and b,
// by Myers' O((N+M)·D) algorithm: fast when the texts differ little.
func lcsLength(a, b []rune) int {
	n, m := len(a), len(b)
	maxD := n + m
	off := maxD + 1
	v := make([]int, 2*maxD+3)
	for d := 0; d <= maxD; d++ {
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || k != d && v[off+k-1] < v[off+k+1] {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				return (n + m - d) / 2
			}
		}
	}
	return 0
}
