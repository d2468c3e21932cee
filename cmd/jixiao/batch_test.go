package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/jixiao/jixiao/batch"
	"github.com/jixiao/jixiao/batch/synth"
	"github.com/jixiao/jixiao/export"
)

// lockedBuffer is an output safe to read while another goroutine writes.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func fakeRender(ctx context.Context, w io.Writer, p *export.Plan, f *export.Format) (export.Stats, error) {
	n, err := fmt.Fprintf(w, "FAKE|%s|%s", f, p.Report.Disclosure.Department)
	return export.Stats{Pages: 1, Bytes: int64(n)}, err
}

// withRender makes the batch command use render for the test.
func withRender(t *testing.T, render batch.WriteFunc) {
	old := batchWrite
	batchWrite = render
	t.Cleanup(func() { batchWrite = old })
}

type cliManifest struct {
	Complete bool          `json:"complete"`
	Summary  batch.Summary `json:"summary"`
	Inputs   []struct {
		Source string `json:"source"`
		Status string `json:"status"`
		Files  []batch.File
	} `json:"inputs"`
}

// writeInputs lays out a folder of inputs of every kind and returns the
// arguments naming them and the sources expected in the manifest.
func writeInputs(t *testing.T) (dir string, args []string, sources []string, statuses []string) {
	t.Helper()
	dir = t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	pretty, _ := json.MarshalIndent(synth.Disclosure(synth.Table, 0), "", "  ")
	single := write("single.json", pretty)
	nd := write("many.ndjson", []byte(string(synth.JSON(synth.Table, 1))+"\n"+string(synth.Invalid(synth.Table, 1))+"\n"))
	arr := write("array.json", []byte("["+string(synth.JSON(synth.Table, 2))+",\n"+string(synth.JSON(synth.Table, 3))+"]"))
	ndAsJSON := write("lines.json", []byte(string(synth.JSON(synth.Table, 4))+"\n"+string(synth.JSON(synth.Table, 5))+"\n"))
	write("folder/a.json", synth.JSON(synth.Table, 6))
	write("folder/sub/b.jsonl", synth.Invalid(synth.Table, 0))
	write("folder/notes.txt", []byte("not an input"))
	missing := filepath.Join(dir, "missing.json")
	args = []string{single, nd, arr, ndAsJSON, filepath.Join(dir, "folder"), missing}
	sources = []string{single, nd + ":1", nd + ":2", arr + "[0]", arr + "[1]", ndAsJSON + ":1", ndAsJSON + ":2",
		filepath.Join(dir, "folder/a.json") + ":1", filepath.Join(dir, "folder/sub/b.jsonl") + ":1", missing}
	statuses = []string{"ok", "ok", "invalid", "ok", "ok", "ok", "ok", "ok", "invalid", "invalid"}
	return dir, args, sources, statuses
}

func TestBatchCommandZip(t *testing.T) {
	withRender(t, fakeRender)
	dir, inputs, sources, statuses := writeInputs(t)
	out := filepath.Join(dir, "out.zip")
	var stdout, stderr bytes.Buffer
	code := run(append([]string{"batch", "-o", out, "-j", "3"}, inputs...), nil, &stdout, &stderr)
	if code != exitInvalid {
		t.Fatalf("exit %d, want %d (some inputs invalid):\n%s", code, exitInvalid, stderr.String())
	}
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	rc, err := zr.Open(batch.ManifestName)
	if err != nil {
		t.Fatal(err)
	}
	var m cliManifest
	if err := json.NewDecoder(rc).Decode(&m); err != nil {
		t.Fatal(err)
	}
	var gotSources, gotStatuses []string
	for _, in := range m.Inputs {
		gotSources = append(gotSources, in.Source)
		gotStatuses = append(gotStatuses, in.Status)
	}
	if !slices.Equal(gotSources, sources) || !slices.Equal(gotStatuses, statuses) {
		t.Errorf("inputs\n%v %v\nwant\n%v %v", gotSources, gotStatuses, sources, statuses)
	}
	if !m.Complete || m.Summary.OK != 7 || m.Summary.Files != 14 || len(zr.File) != 15 {
		t.Errorf("manifest %+v, %d entries", m, len(zr.File))
	}
	msg := stderr.String()
	for _, want := range []string{"完成 done: 10 份输入，成功 7，无效 3", "score_over_weight", "unreadable", "100%"} {
		if !strings.Contains(msg, want) {
			t.Errorf("stderr lacks %q:\n%s", want, msg)
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".out.zip.*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

func TestBatchCommandDir(t *testing.T) {
	withRender(t, fakeRender)
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	stdin := strings.NewReader(string(synth.JSON(synth.Table, 0)) + "\n" + string(synth.JSON(synth.Table, 1)) + "\n")
	var stderr bytes.Buffer
	code := runBatchIn([]string{"-o", out, "--format", "xlsx", "-q", "-"}, stdin, io.Discard, &stderr)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var files []string
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(out, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	})
	if len(files) != 3 || !slices.Contains(files, batch.ManifestName) {
		t.Errorf("output %v", files)
	}
	for _, f := range files {
		if f != batch.ManifestName && !strings.HasSuffix(f, ".xlsx") {
			t.Errorf("unexpected %s", f)
		}
	}
	if strings.Contains(stderr.String(), "[") {
		t.Errorf("-q drew progress: %s", stderr.String())
	}
}

func TestBatchCommandUsage(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"batch"}, "usage"},
		{[]string{"batch", "-o", "x.zip"}, "usage"},
		{[]string{"batch", "-o", "x.zip", "--format", "docx", "in.json"}, "format"},
		{[]string{"batch", "-o", "x.zip", "--part", "table:x", "in.json"}, "part"},
		{[]string{"batch", "-o", "x.zip", t.TempDir()}, "no input files"},
		{[]string{"batch", "-o", "x.zip", "--font", "title=/nonexistent.ttf", "in.json"}, "font"},
	}
	for _, tt := range tests {
		var stderr bytes.Buffer
		if code := run(tt.args, nil, io.Discard, &stderr); code != exitUnread || !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("%v: exit %d, stderr %q", tt.args, code, stderr.String())
		}
	}
}

// TestBatchCommandRenderFailure checks that a failed render is listed
// with its cause and sets the exit status.
func TestBatchCommandRenderFailure(t *testing.T) {
	withRender(t, func(ctx context.Context, w io.Writer, p *export.Plan, f *export.Format) (export.Stats, error) {
		return export.Stats{}, fmt.Errorf("no glyph for 𠀀")
	})
	dir := t.TempDir()
	in := filepath.Join(dir, "in.json")
	os.WriteFile(in, synth.JSON(synth.Table, 0), 0o644)
	var stderr bytes.Buffer
	code := run([]string{"batch", "-o", filepath.Join(dir, "out.zip"), in}, nil, io.Discard, &stderr)
	if code != exitInvalid || !strings.Contains(stderr.String(), "no glyph for 𠀀") || !strings.Contains(stderr.String(), "失败 1") {
		t.Errorf("exit %d:\n%s", code, stderr.String())
	}
}
