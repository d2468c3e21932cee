package main

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestSummaryCommand(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"department": `), 0o644); err != nil {
		t.Fatal(err)
	}
	mapping := filepath.Join(dir, "mapping.json")
	if err := os.WriteFile(mapping, []byte(`{"旧名称": "新名称"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		out  string
		args []string
		want string
	}{
		{"s.pdf", nil, "%PDF"},
		{"s.ofd", nil, "PK"},
		{"s.xlsx", []string{"--previous", "../../examples", "--mapping", mapping}, "PK"},
	} {
		out := filepath.Join(dir, c.out)
		args := append(append([]string{"summary", "-o", out}, c.args...), "../../examples", bad)
		var stdout, stderr bytes.Buffer
		if code := run(args, nil, &stdout, &stderr); code != exitInvalid {
			t.Fatalf("%s: exit %d, want %d (one input is invalid)\n%s", c.out, code, exitInvalid, stderr.String())
		}
		data, err := os.ReadFile(out)
		if err != nil || !bytes.HasPrefix(data, []byte(c.want)) {
			t.Fatalf("%s: %v", c.out, err)
		}
		if !strings.Contains(stderr.String(), "有效 6，无效 1") || !strings.Contains(stderr.String(), "bad.json") {
			t.Errorf("%s: stderr %s", c.out, stderr.String())
		}
	}
	var stderr bytes.Buffer
	for _, args := range [][]string{
		{"summary"},
		{"summary", "--format", "docx", "../../examples"},
		{"summary", "--unit", "千元", "../../examples"},
		{"summary", "--mapping", filepath.Join(dir, "none.json"), "../../examples"},
	} {
		if code := run(args, nil, &bytes.Buffer{}, &stderr); code != exitUnread {
			t.Errorf("%v: exit %d, want %d", args, code, exitUnread)
		}
	}
}

func TestBatchSummaryFlag(t *testing.T) {
	withRender(t, fakeRender)
	out := filepath.Join(t.TempDir(), "out.zip")
	var stderr bytes.Buffer
	if code := run([]string{"batch", "-q", "--summary", "pdf", "-o", out, "../../examples"}, nil, &bytes.Buffer{}, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	found := false
	for _, f := range zr.File {
		found = found || f.Name == "summary.pdf"
	}
	if !found {
		t.Error("no summary.pdf in the archive")
	}
	if code := run([]string{"batch", "--summary", "docx", "-o", out, "../../examples"}, nil, &bytes.Buffer{}, &stderr); code != exitUnread {
		t.Errorf("--summary docx: exit %d", code)
	}
}

// TestSummaryOfArchive checks the summary of a batch's archive — the
// inputs read back from its workbooks, the invalid ones from its
// manifest — is the summary of the inputs themselves.
func TestSummaryOfArchive(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"department": `), 0o644); err != nil {
		t.Fatal(err)
	}
	archive := filepath.Join(dir, "batch.zip")
	var stderr bytes.Buffer
	if code := run([]string{"batch", "-q", "--format", "xlsx", "-o", archive, "../../examples", bad}, nil, &bytes.Buffer{}, &stderr); code != exitInvalid {
		t.Fatalf("batch: exit %d: %s", code, stderr.String())
	}
	totals := func(args ...string) []string {
		t.Helper()
		out := filepath.Join(dir, "s.xlsx")
		var stderr bytes.Buffer
		if code := run(append([]string{"summary", "-o", out}, args...), nil, &bytes.Buffer{}, &stderr); code != exitInvalid {
			t.Fatalf("summary %v: exit %d: %s", args, code, stderr.String())
		}
		wb, err := excelize.OpenFile(out)
		if err != nil {
			t.Fatal(err)
		}
		defer wb.Close()
		rows, err := wb.GetRows("项目汇总", excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		overview, _ := wb.GetCellValue("图表", "A2")
		return append(rows[len(rows)-1], overview)
	}
	direct, back := totals("../../examples", bad), totals(archive)
	if strings.Join(direct, "|") != strings.Join(back, "|") {
		t.Errorf("from the archive %q, want %q", back, direct)
	}
	if !strings.Contains(direct[len(direct)-1], "有效6份、无效1份") {
		t.Errorf("overview %q", direct[len(direct)-1])
	}
}

func TestSummaryOfWorkbook(t *testing.T) {
	book := filepath.Join(t.TempDir(), "table.xlsx")
	var stderr bytes.Buffer
	if code := run([]string{"render", "-o", book, "../../examples/yuan-self-assessment.json"}, nil, &bytes.Buffer{}, &stderr); code != exitOK {
		t.Fatalf("render: exit %d: %s", code, stderr.String())
	}
	stderr.Reset()
	if code := run([]string{"summary", "-o", filepath.Join(t.TempDir(), "s.pdf"), book}, nil, &bytes.Buffer{}, &stderr); code != exitOK ||
		!strings.Contains(stderr.String(), "有效 1，无效 0；项目 1 个") {
		t.Errorf("exit %d: %s", code, stderr.String())
	}
}
