package pdf

import (
	"regexp"
	"testing"

	"github.com/jixiao/jixiao/fonts"
)

func TestSubsetName(t *testing.T) {
	set, err := fonts.Default()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range set.Faces() {
		name := subsetName(f)
		if !regexp.MustCompile(`^[A-Z]{6}\+` + regexp.QuoteMeta(f.Name) + `$`).MatchString(name) {
			t.Errorf("subsetName(%s) = %q", f.Name, name)
		}
		if subsetName(f) != name {
			t.Errorf("subsetName(%s) is not stable", f.Name)
		}
		if seen[name[:6]] {
			t.Errorf("tag %s used twice", name[:6])
		}
		seen[name[:6]] = true
	}
}
