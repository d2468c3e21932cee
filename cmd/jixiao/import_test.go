package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/evaluation"
)

// A workbook goes through import, validate, render and batch by its file
// name alone; problems name their cell.
func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	book := filepath.Join(dir, "table.xlsx")
	var stdout, stderr bytes.Buffer
	if st := run([]string{"render", "-o", book, "../../examples/yuan-self-assessment.json"}, nil, &stdout, &stderr); st != exitOK {
		t.Fatalf("render: %d %s", st, stderr.String())
	}
	out, prov := filepath.Join(dir, "out.json"), filepath.Join(dir, "prov.json")
	stderr.Reset()
	if st := run([]string{"import", "-o", out, "--provenance", prov, book}, nil, &stdout, &stderr); st != exitOK {
		t.Fatalf("import: %d %s", st, stderr.String())
	}
	got, _ := os.ReadFile(out)
	want, _ := os.ReadFile("../../examples/yuan-self-assessment.json")
	gd, err := evaluation.DecodeBytes(got)
	if err != nil {
		t.Fatal(err)
	}
	wd, _ := evaluation.DecodeBytes(want)
	a, _ := json.Marshal(gd)
	b, _ := json.Marshal(wd)
	if !bytes.Equal(a, b) {
		t.Errorf("import differs from the input:\n%s\n%s", a, b)
	}
	var places map[string]string
	data, _ := os.ReadFile(prov)
	if err := json.Unmarshal(data, &places); err != nil || !strings.Contains(places["/selfAssessments/0/funds/total/executed"], "!") {
		t.Errorf("provenance %v %s", err, data)
	}
	stdout.Reset()
	if st := run([]string{"import", book}, nil, &stdout, &stderr); st != exitOK || !strings.Contains(stdout.String(), `"selfAssessments"`) {
		t.Errorf("import to stdout: %d", st)
	}
	stdout.Reset()
	if st := run([]string{"validate", "--json", book}, nil, &stdout, &stderr); st != exitOK || !strings.Contains(stdout.String(), `"valid": true`) {
		t.Errorf("validate: %d %s", st, stdout.String())
	}
	pdf := filepath.Join(dir, "out.pdf")
	if st := run([]string{"render", "-o", pdf, book}, nil, &stdout, &stderr); st != exitOK {
		t.Errorf("render from the workbook: %d %s", st, stderr.String())
	}
	if data, err := os.ReadFile(pdf); err != nil || !bytes.HasPrefix(data, []byte("%PDF")) {
		t.Errorf("no PDF: %v", err)
	}
	zipOut := filepath.Join(dir, "out.zip")
	stderr.Reset()
	if st := run([]string{"batch", "-q", "-o", zipOut, book}, nil, &stdout, &stderr); st != exitOK {
		t.Errorf("batch of a workbook: %d %s", st, stderr.String())
	}
	legacy := filepath.Join(dir, "old.xls")
	os.WriteFile(legacy, append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...), 0o644)
	stderr.Reset()
	if st := run([]string{"validate", legacy}, nil, &stdout, &stderr); st != exitUnread || !strings.Contains(stderr.String(), "old.xls") || !strings.Contains(stderr.String(), ".xlsx") {
		t.Errorf("legacy .xls: %d %s", st, stderr.String())
	}
}
