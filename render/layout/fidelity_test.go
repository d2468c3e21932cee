package layout

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"unicode"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/render"
)

// TestReferenceFidelity compares the text the layout sets, in painting
// order, with the text layer of the published document
// (testdata/beijing-finance-2021-disclosure.txt), character by character
// without white space: recall is the share of the published characters
// found in order, precision the share of set characters that stand in
// the published text. What the layout sets again on continuation pages
// (the repeated header rows and spanning labels) and the page numbers
// are left out: the published document has neither, and they are not
// the text.
//
// The same holds when the figures of the prose are placeholders
// (evaluation.BindFigures): they print the computed figures in the
// written format, so the text changes only where the published prose
// got a figure wrong.
func TestReferenceFidelity(t *testing.T) {
	ref, err := os.ReadFile("testdata/beijing-finance-2021-disclosure.txt")
	if err != nil {
		t.Fatal(err)
	}
	rep := referenceReport(t)
	bound, n := evaluation.BindFigures(rep)
	data, err := json.Marshal(bound)
	if err != nil {
		t.Fatal(err)
	}
	boundRep := evaluation.Evaluate(data, nil)
	if !boundRep.Valid() || n < 80 {
		t.Fatalf("bound %d figures: %v", n, boundRep.Problems)
	}
	l, fs := setup(t)
	commons := map[string]int{}
	for _, tt := range []struct {
		name string
		rep  *evaluation.Report
	}{{"as transcribed", rep}, {"prose figures as placeholders", boundRep}} {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := render.Build(tt.rep, render.Options{})
			if err != nil {
				t.Fatal(err)
			}
			res, err := Do(context.Background(), doc, l, fs, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got strings.Builder
			for _, p := range res.Pages {
				for _, ln := range p.Lines {
					if !ln.Repeated && ln.Kind != KindPageNumber {
						got.WriteString(ln.Text)
					}
				}
			}
			a, b := visible(string(ref)), visible(got.String())
			common := lcsLength(a, b)
			recall := float64(common) / float64(len(a))
			precision := float64(common) / float64(len(b))
			t.Logf("recall %.5f precision %.5f (%d published, %d set, %d in common)", recall, precision, len(a), len(b), common)
			if recall < 0.9985 || precision < 0.99 {
				t.Errorf("fidelity fell: recall %.5f (want ≥ 0.9985), precision %.5f (want ≥ 0.99)", recall, precision)
			}
			commons[tt.name] = common
		})
	}
	// The bound prose prints 90.71, 51.83 and 94.00% where the published
	// text says 90.70, 51.82 and 98.29%: five characters, no more.
	if lost := commons["as transcribed"] - commons["prose figures as placeholders"]; lost < 0 || lost > 5 {
		t.Errorf("binding the prose's figures changed %d characters of the text, want at most 5", lost)
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
