package profile_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/profile"
)

// TestWalkthrough loads the profile of the walkthrough in
// docs/profiles.md, as an operator would from a folder, and renders the
// minimal example on it: the documentation's steps must keep working.
func TestWalkthrough(t *testing.T) {
	doc, err := os.ReadFile("../docs/profiles.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "## Walkthrough")
	if !ok {
		t.Fatal("docs/profiles.md has no walkthrough")
	}
	_, rest, _ = strings.Cut(rest, "```json\n")
	js, _, ok := strings.Cut(rest, "```")
	if !ok {
		t.Fatal("the walkthrough has no profile")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "district.json"), []byte(js), 0o644); err != nil {
		t.Fatal(err)
	}
	set, err := profile.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("../examples/minimal-self-assessment.json")
	if err != nil {
		t.Fatal(err)
	}
	rep := evaluation.Evaluate(data, &evaluation.Config{Profiles: set, Profile: "district"})
	if !rep.Valid() {
		t.Fatal(rep.Problems)
	}
	if g := rep.Result.Tables[0].Grade; g != "优秀" || rep.MoneyUnit() != "元" {
		t.Errorf("grade %s, unit %s", g, rep.MoneyUnit())
	}
	for _, format := range []*export.Format{export.PDF, export.XLSX} {
		var buf bytes.Buffer
		st, err := export.Render(context.Background(), &buf, rep, export.Options{Format: format})
		if err != nil || st.Bytes == 0 {
			t.Errorf("%s: %v", format, err)
		}
	}
}
