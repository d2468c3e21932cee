package evaluation

import (
	"strings"
	"testing"
)

func TestNearest(t *testing.T) {
	names := []string{"actual", "deviation", "level1", "level2", "name", "score", "target", "unit", "weight"}
	tests := []struct{ key, want string }{
		{"scroe", "score"},    // swapped
		{"Score", "score"},    // case
		{"scor", "score"},     // missing
		{"weigth", "weight"},  // swapped
		{"targett", "target"}, // added
		{"devaition", "deviation"},
		{"level3", ""}, // as near level1 as level2
		{"colour", ""}, // nothing near
		{"nmae", "name"},
		{"uint", "unit"},
		{"acutal", "actual"},
		{"x", ""},
	}
	for _, tt := range tests {
		if got := nearest(tt.key, names); got != tt.want {
			t.Errorf("nearest(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"", "ab", 2}, {"score", "score", 0}, {"scroe", "score", 1},
		{"kitten", "sitting", 3}, {"ca", "abc", 3}, {"预算", "预箅", 1}, {"执行率", "率执行", 2},
	} {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestUnknownFieldSuggests: a misspelt key of an indicator row is
// reported with the field it was meant to be, in both languages.
func TestUnknownFieldSuggests(t *testing.T) {
	data := rowsDoc(t, `[{"level1": "产出指标", "level2": "数量指标", "name": "a", "weight": 100, "scroe": 90}]`)
	var found bool
	for _, p := range decodeProblems(t, data) {
		if p.Code != CodeUnknownField {
			continue
		}
		found = true
		if !strings.Contains(p.Message, `是否应为 "score"`) || !strings.Contains(p.MessageEN, `did you mean "score"?`) {
			t.Errorf("%+v: no suggestion", p)
		}
	}
	if !found {
		t.Fatal("no unknown_field problem")
	}
}
