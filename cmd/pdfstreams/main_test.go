package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
)

func TestStreams(t *testing.T) {
	data, err := os.ReadFile("../../examples/minimal-self-assessment.json")
	if err != nil {
		t.Fatal(err)
	}
	var pdf bytes.Buffer
	if _, err := export.Render(context.Background(), &pdf, evaluation.Evaluate(data, nil), export.Options{Format: export.PDF}); err != nil {
		t.Fatal(err)
	}
	kinds, err := streams(pdf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"page contents", "font programs", "object streams", "embedded files", "cross-reference"} {
		if len(kinds[k]) == 0 {
			t.Errorf("no %s found", k)
		}
	}
	// The embedded file is the input's data, decompressed.
	if src := kinds["embedded files"]; len(src) == 1 && !bytes.Contains(src[0], []byte(`"selfAssessments"`)) {
		t.Errorf("the embedded file is not the data: %.80q", src[0])
	}

	name := filepath.Join(t.TempDir(), "t.pdf")
	if err := os.WriteFile(name, pdf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := run(&out, name, "1,6", 1); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "page contents: ") || strings.Count(out.String(), "level 6: ") != len(kinds) {
		t.Errorf("output:\n%s", out.String())
	}
	for _, bad := range []string{"0", "10", "x"} {
		if err := run(&out, name, bad, 1); err == nil {
			t.Errorf("level %q accepted", bad)
		}
	}
	if _, err := streams([]byte("%PDF-1.7\nno objects")); err == nil {
		t.Error("a file without streams gave no error")
	}
}
