package profile

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestMatchAsFindAll checks Match against the expression's own
// FindAllStringSubmatchIndex on random text made of the patterns' words,
// names, figures, white space and punctuation: starting the expression
// in the run before lead must find exactly the same matches.
func TestMatchAsFindAll(t *testing.T) {
	patterns := []string{
		"{指标}得分{得分}分",
		"{指标}方面。该指标分值{分值}分，评价得分{得分}分，得分率为{得分率}",
		" {指标} 得分 {得分} 分",
		"该指标分值{分值}分，得分{得分}分",
	}
	pieces := []string{"得分", "得", "分", "方面。该指标分值", "评价", "，评价得分", "，得分率为",
		"产出数量", "指标", "90", "9.5", "1,000", " ", "\t", "\n", "，", "。", "%", "a", "１", "分值"}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, p := range patterns {
		n := NarrativePattern{Pattern: p}
		if err := n.compile([]string{"优", "良"}); err != nil {
			t.Fatal(err)
		}
		if (n.lead != "") != strings.HasPrefix(strings.TrimSpace(p), "{指标}") {
			t.Fatalf("%q: lead %q", p, n.lead)
		}
		for range 20000 {
			var b strings.Builder
			for range rng.IntN(16) {
				b.WriteString(pieces[rng.IntN(len(pieces))])
			}
			s := b.String()
			got, want := n.Match(s), n.re.regexp().FindAllStringSubmatchIndex(s, -1)
			if !strings.Contains(s, n.literal) {
				want = nil
			}
			if !slices.EqualFunc(got, want, slices.Equal) {
				t.Fatalf("%q in %q: Match %v, FindAll %v", p, s, got, want)
			}
		}
	}
}

func TestLead(t *testing.T) {
	for _, tc := range []struct{ pattern, lead string }{
		{"{指标}得分{得分}分", "得分"},
		{" {指标} 方面 。 {分值}", "方面"},
		{"{指标}{得分}分", ""},
		{"整体评价得分{总分}分", ""},
		{"得分{得分}，{指标}得分", ""},
	} {
		n := NarrativePattern{Pattern: tc.pattern}
		if err := n.compile([]string{"优"}); err != nil {
			t.Fatal(err)
		}
		if n.lead != tc.lead {
			t.Errorf("%q: lead %q, want %q", tc.pattern, n.lead, tc.lead)
		}
	}
}
