package batch

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/iotest"
	"time"

	"github.com/jixiao/jixiao/batch/synth"
	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/render"
)

// fakeRender writes a small known document instead of a PDF or XLSX.
func fakeRender(ctx context.Context, w io.Writer, p *export.Plan, f *export.Format) (export.Stats, error) {
	d := p.Report.Disclosure
	n, err := fmt.Fprintf(w, "%s|%s|%d|%s", f, d.Department, d.Year, p.Options.Part)
	return export.Stats{Pages: 2, Bytes: int64(n)}, err
}

// manifest is manifest.json as a client reads it.
type manifest struct {
	Generator string              `json:"generator"`
	Formats   []string            `json:"formats"`
	Part      string              `json:"part"`
	Complete  bool                `json:"complete"`
	Error     *evaluation.Problem `json:"error"`
	Summary   Summary             `json:"summary"`
	Inputs    []struct {
		Index      int                 `json:"index"`
		Source     string              `json:"source"`
		Status     string              `json:"status"`
		Department string              `json:"department"`
		Files      []File              `json:"files"`
		Result     *json.RawMessage    `json:"result"`
		Errors     evaluation.Problems `json:"errors"`
	} `json:"inputs"`
}

// readZip opens an archive and decodes its manifest, which must come last.
func readZip(t *testing.T, data []byte) (map[string]string, manifest) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("open zip: %v", err)
	}
	files := map[string]string{}
	var m manifest
	for i, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		if err != nil {
			t.Fatalf("read %s: %v", f.Name, err)
		}
		files[f.Name] = string(body)
		if f.Name == ManifestName {
			if i != len(zr.File)-1 {
				t.Errorf("manifest is entry %d of %d", i, len(zr.File))
			}
			if err := json.Unmarshal(body, &m); err != nil {
				t.Fatalf("manifest: %v\n%s", err, body)
			}
		}
	}
	if _, ok := files[ManifestName]; !ok {
		t.Fatal("no manifest")
	}
	return files, m
}

func lines(ls ...[]byte) io.Reader {
	return bytes.NewReader(append(bytes.Join(ls, []byte("\n")), '\n'))
}

func TestRunMixed(t *testing.T) {
	in := lines(
		synth.JSON(synth.Table, 0),
		synth.Invalid(synth.Table, 0), // score over weight
		synth.JSON(synth.Table, 1),
		synth.Invalid(synth.Table, 1), // cut short
		[]byte(`{"department": "甲", "year": 2021}`),
		synth.JSON(synth.Table, 0), // the same again: its files get a suffix
	)
	var out bytes.Buffer
	var entries []Entry
	sum, err := Run(context.Background(), NewNDJSON(in, "body", 1<<20), NewZip(&out, time.Now()), Options{
		Write: fakeRender, Workers: 3, OnEntry: func(e Entry) { entries = append(entries, e) },
	})
	if err != nil {
		t.Fatal(err)
	}
	want := Summary{Inputs: 6, OK: 3, Invalid: 3, Files: 6, Pages: 12}
	sum.Bytes = 0
	if sum != want {
		t.Errorf("summary %+v, want %+v", sum, want)
	}
	files, m := readZip(t, out.Bytes())
	if !m.Complete || m.Error != nil || m.Generator != "jixiao" || !slices.Equal(m.Formats, []string{"pdf", "xlsx"}) || m.Part != "all" {
		t.Errorf("manifest head: %+v", m)
	}
	statuses := []string{"ok", "invalid", "ok", "invalid", "invalid", "ok"}
	codes := []string{"", evaluation.CodeScoreOverWeight, "", evaluation.CodeSyntax, evaluation.CodeEmpty, ""}
	if len(m.Inputs) != len(statuses) || len(entries) != len(statuses) {
		t.Fatalf("manifest has %d inputs, OnEntry saw %d, want %d", len(m.Inputs), len(entries), len(statuses))
	}
	d0 := synth.Disclosure(synth.Table, 0)
	for i, in := range m.Inputs {
		if in.Index != i || in.Source != fmt.Sprintf("body:%d", i+1) || in.Status != statuses[i] || entries[i].Status != statuses[i] {
			t.Errorf("input %d: index %d, source %s, status %s; want status %s", i, in.Index, in.Source, in.Status, statuses[i])
		}
		if codes[i] == "" {
			if len(in.Errors) != 0 || in.Result == nil || len(in.Files) != 2 {
				t.Errorf("input %d: errors %v, result %v, files %v", i, in.Errors, in.Result != nil, in.Files)
			}
		} else if len(in.Errors) == 0 || in.Errors[0].Code != codes[i] || len(in.Files) != 0 {
			t.Errorf("input %d: errors %v, files %v; want code %s", i, in.Errors, in.Files, codes[i])
		}
		for _, f := range in.Files {
			body, ok := files[f.Name]
			if !ok {
				t.Errorf("input %d: file %s not in the archive", i, f.Name)
			}
			if int64(len(body)) != f.Bytes || f.Pages != 2 || !strings.HasPrefix(body, f.Format+"|") {
				t.Errorf("input %d: file %s is %q, listed as %+v", i, f.Name, body, f)
			}
		}
	}
	stem := d0.Department + "/" + d0.Department + "-" + strconv.Itoa(d0.Year) + "年度-绩效评价报告"
	for _, name := range []string{stem + ".pdf", stem + ".xlsx", stem + " (2).pdf", stem + " (2).xlsx"} {
		if _, ok := files[name]; !ok {
			t.Errorf("no %s in %v", name, keys(files))
		}
	}
	if len(files) != 7 {
		t.Errorf("archive has %v", keys(files))
	}
}

func keys(m map[string]string) []string {
	var k []string
	for name := range m {
		k = append(k, name)
	}
	slices.Sort(k)
	return k
}

func TestRunOptions(t *testing.T) {
	var out bytes.Buffer
	in := lines(synth.JSON(synth.Default, 0))
	_, err := Run(context.Background(), NewNDJSON(in, "b", 1<<20), NewZip(&out, time.Now()), Options{
		Write: fakeRender, Formats: []*export.Format{export.XLSX}, Render: export.Options{Part: export.Part{Kind: "table", Index: 2}, Figures: export.FiguresDeclared},
	})
	if err != nil {
		t.Fatal(err)
	}
	files, m := readZip(t, out.Bytes())
	if len(m.Inputs) != 1 || len(m.Inputs[0].Files) != 1 {
		t.Fatalf("manifest: %+v", m)
	}
	f := m.Inputs[0].Files[0]
	if f.Format != "xlsx" || !strings.HasSuffix(files[f.Name], "|table:3") || !strings.Contains(f.Name, "项目支出绩效自评表") {
		t.Errorf("file %+v: %q", f, files[f.Name])
	}

	// A part the input lacks makes the input invalid, not the batch.
	out.Reset()
	_, err = Run(context.Background(), NewNDJSON(lines(synth.JSON(synth.Table, 0)), "b", 1<<20), NewZip(&out, time.Now()), Options{
		Write: fakeRender, Render: export.Options{Part: export.Part{Kind: "department"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, m := readZip(t, out.Bytes()); m.Inputs[0].Status != StatusInvalid || m.Inputs[0].Errors[0].Code != CodePart {
		t.Errorf("manifest: %+v", m.Inputs)
	}
}

func TestRunRenderFailure(t *testing.T) {
	secret := errors.New("font table corrupt at 0xdeadbeef")
	render := func(ctx context.Context, w io.Writer, p *export.Plan, f *export.Format) (export.Stats, error) {
		if p.Report.Disclosure.Year%2 == 0 && f == export.XLSX {
			return export.Stats{}, secret
		}
		return fakeRender(ctx, w, p, f)
	}
	var docs [][]byte
	for i := range 12 {
		docs = append(docs, synth.JSON(synth.Table, i))
	}
	var out bytes.Buffer
	var failed []Entry
	sum, err := Run(context.Background(), NewNDJSON(lines(docs...), "b", 1<<20), NewZip(&out, time.Now()), Options{
		Write: render, OnEntry: func(e Entry) {
			if e.Status == StatusFailed {
				failed = append(failed, e)
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed == 0 || sum.Failed != len(failed) || sum.OK+sum.Failed != 12 || sum.Files != 2*sum.OK+sum.Failed {
		t.Fatalf("summary %+v, %d failures seen", sum, len(failed))
	}
	for _, e := range failed {
		if !errors.Is(e.Err, secret) {
			t.Errorf("entry %d: Err = %v", e.Index, e.Err)
		}
	}
	files, m := readZip(t, out.Bytes())
	if strings.Contains(files[ManifestName], "deadbeef") {
		t.Error("the manifest leaks the internal error")
	}
	for _, in := range m.Inputs {
		// The PDF that rendered is kept; the error names the format.
		if in.Status == StatusFailed && (len(in.Files) != 1 || in.Files[0].Format != export.PDF.Name ||
			in.Errors[0].Code != export.CodeRender || !strings.Contains(in.Errors[0].Message, "XLSX")) {
			t.Errorf("failed input %d: %+v", in.Index, in)
		}
	}
	if len(files) != 1+sum.Files {
		t.Errorf("archive holds %d files, want %d", len(files), 1+sum.Files)
	}
}

func TestRunReadError(t *testing.T) {
	boom := errors.New("connection reset")
	in := io.MultiReader(lines(synth.JSON(synth.Table, 0), synth.JSON(synth.Table, 1)), iotest.ErrReader(boom))
	var out bytes.Buffer
	sum, err := Run(context.Background(), NewNDJSON(in, "b", 1<<20), NewZip(&out, time.Now()), Options{Write: fakeRender})
	if !errors.Is(err, boom) {
		t.Fatalf("Run: %v, want %v", err, boom)
	}
	_, m := readZip(t, out.Bytes())
	if m.Complete || m.Error == nil || m.Error.Code != CodeInput || len(m.Inputs) != 2 || sum.OK != 2 {
		t.Errorf("manifest: complete %v, error %+v, %d inputs; summary %+v", m.Complete, m.Error, len(m.Inputs), sum)
	}
}

func TestRunCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Buffered: a render that starts before the canceller below waits
	// leaves its signal, where an unbuffered send with a default lost
	// it and both waited for ever.
	started := make(chan struct{}, 1)
	render := func(ctx context.Context, w io.Writer, p *export.Plan, f *export.Format) (export.Stats, error) {
		select {
		case started <- struct{}{}:
		default:
		}
		<-ctx.Done()
		return export.Stats{}, ctx.Err()
	}
	pr, pw := io.Pipe()
	defer pw.Close()
	go func() {
		io.Copy(pw, lines(synth.JSON(synth.Table, 0), synth.JSON(synth.Table, 1)))
	}()
	go func() {
		<-started
		cancel()
	}()
	var out bytes.Buffer
	interrupted := false
	_, err := Run(ctx, NewNDJSON(pr, "b", 1<<20), NewZip(&out, time.Now()), Options{Write: render, Workers: 2,
		Interrupt: func() { interrupted = true; pr.CloseWithError(errors.New("interrupted")) }})
	if !interrupted {
		t.Error("Run did not interrupt the source")
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run: %v, want context.Canceled", err)
	}
	_, m := readZip(t, out.Bytes())
	if m.Complete || m.Error == nil || m.Error.Code != CodeCanceled {
		t.Errorf("manifest: complete %v, error %+v", m.Complete, m.Error)
	}
	for _, in := range m.Inputs {
		if in.Status != StatusFailed || in.Errors[0].Code != CodeCanceled {
			t.Errorf("input %d: %s %v", in.Index, in.Status, in.Errors)
		}
	}
}

type failingWriter struct{ n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.n -= len(p); w.n < 0 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

func TestRunSinkError(t *testing.T) {
	var docs [][]byte
	for i := range 50 {
		docs = append(docs, synth.JSON(synth.Table, i))
	}
	_, err := Run(context.Background(), NewNDJSON(lines(docs...), "b", 1<<20), NewZip(&failingWriter{n: 3000}, time.Now()), Options{Write: fakeRender})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("Run: %v, want the sink's error", err)
	}
}

// pipeSource hands out the lines written to it one at a time.
type pipeSource struct {
	items chan Item
}

func (s *pipeSource) Next() (Item, error) {
	it, ok := <-s.items
	if !ok {
		return Item{}, io.EOF
	}
	return it, nil
}

// TestRunStreams checks that an input's documents are stored before the
// next input is even available.
func TestRunStreams(t *testing.T) {
	src := &pipeSource{items: make(chan Item)}
	entries := make(chan Entry)
	var out bytes.Buffer
	done := make(chan error, 1)
	go func() {
		_, err := Run(context.Background(), src, NewZip(&out, time.Now()), Options{
			Write: fakeRender, Workers: 4, OnEntry: func(e Entry) { entries <- e },
		})
		done <- err
	}()
	for i := range 5 {
		src.items <- Item{Source: fmt.Sprint(i), Data: synth.JSON(synth.Table, i)}
		select {
		case e := <-entries:
			if e.Index != i || e.Status != StatusOK {
				t.Fatalf("entry %+v, want index %d ok", e, i)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("input %d was not stored before the next one came", i)
		}
	}
	close(src.items)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, m := readZip(t, out.Bytes()); m.Summary.OK != 5 {
		t.Errorf("summary %+v", m.Summary)
	}
}

// countingSource counts the items it hands out.
type countingSource struct {
	Source
	read    atomic.Int64
	written *atomic.Int64
	maxLead atomic.Int64
}

func (s *countingSource) Next() (Item, error) {
	it, err := s.Source.Next()
	if err == nil {
		lead := s.read.Add(1) - s.written.Load()
		if lead > s.maxLead.Load() {
			s.maxLead.Store(lead)
		}
	}
	return it, err
}

// TestRunBounded checks that the inputs in flight and the heap stay bounded
// while a batch far larger than the bound goes through.
func TestRunBounded(t *testing.T) {
	const n, workers, docSize = 300, 2, 256 << 10
	pr, pw := io.Pipe()
	go func() {
		for i := range n {
			pw.Write(append(synth.JSON(synth.Table, i), '\n'))
		}
		pw.Close()
	}()
	page := bytes.Repeat([]byte("0123456789abcdef"), docSize/16)
	big := func(ctx context.Context, w io.Writer, p *export.Plan, f *export.Format) (export.Stats, error) {
		_, err := w.Write(page)
		return export.Stats{Pages: 1, Bytes: docSize}, err
	}
	var written atomic.Int64
	src := &countingSource{Source: NewNDJSON(pr, "b", 1<<20), written: &written}
	// The live heap, measured after a collection every 50 inputs, must
	// not grow from the first measure (taken once the fonts and the
	// like are loaded) to the last.
	var first, peak uint64
	var ms runtime.MemStats
	sum, err := Run(context.Background(), src, NewZip(io.Discard, time.Now()), Options{
		Write: big, Workers: workers,
		OnEntry: func(e Entry) {
			if written.Add(1)%50 == 0 {
				runtime.GC()
				runtime.ReadMemStats(&ms)
				if first == 0 {
					first = ms.HeapAlloc
				}
				peak = max(peak, ms.HeapAlloc)
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if sum.OK != n {
		t.Fatalf("summary %+v", sum)
	}
	// The dispatcher holds one, the window 2×workers, the workers and the
	// writer one each.
	if lead := src.maxLead.Load(); lead > 3*workers+2 {
		t.Errorf("up to %d inputs in flight, want at most %d", lead, 3*workers+2)
	}
	// 300 inputs of 2×256 KiB is 150 MiB of documents; the heap holds a
	// handful of them at a time.
	if peak > first+16<<20 {
		t.Errorf("the live heap grew from %d MiB to %d MiB", first>>20, peak>>20)
	}
}

func TestDirSink(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	sink, err := NewDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	in := lines(synth.JSON(synth.Table, 0), []byte("{}"))
	sum, err := Run(context.Background(), NewNDJSON(in, "b", 1<<20), sink, Options{Write: fakeRender})
	if err != nil {
		t.Fatal(err)
	}
	if sum.OK != 1 || sum.Invalid != 1 {
		t.Errorf("summary %+v", sum)
	}
	var found []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			found = append(found, filepath.ToSlash(rel))
		}
		return err
	})
	d := synth.Disclosure(synth.Table, 0)
	stem := d.Department + "/" + d.Department + "-" + strconv.Itoa(d.Year) + "年度-绩效评价报告"
	want := []string{stem + ".pdf", stem + ".xlsx", ManifestName}
	slices.Sort(want)
	if !slices.Equal(found, want) {
		t.Errorf("folder holds %v, want %v", found, want)
	}
	if _, err := sink.Create("../escape"); err == nil {
		t.Error("Create outside the folder succeeded")
	}
	sink.Abort()
}

func TestSpool(t *testing.T) {
	s := &spool{dir: t.TempDir(), limit: 10}
	var want bytes.Buffer
	for i := range 20 {
		fmt.Fprintf(io.MultiWriter(s, &want), "line %d\n", i)
	}
	if s.file == nil {
		t.Fatal("the spool did not spill to a file")
	}
	name := s.file.Name()
	var got bytes.Buffer
	if _, err := s.WriteTo(&got); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("spooled %q, want %q", got.String(), want.String())
	}
	s.Close()
	if _, err := os.Stat(name); !os.IsNotExist(err) {
		t.Errorf("the spool file is left behind: %v", err)
	}
}

func TestCleanName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"北京市财政局", "北京市财政局"},
		{"a/b\\c:d", "a_b_c_d"},
		{"..", "未命名"},
		{" . ", "未命名"},
		{"", "未命名"},
		{"..\x00x", "_x"},
		{strings.Repeat("局", 100), strings.Repeat("局", 80)},
	}
	for _, tt := range tests {
		if got := cleanName(tt.in); got != tt.want {
			t.Errorf("cleanName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestRunConcurrentAcquire checks that Acquire wraps every rendering.
func TestRunConcurrentAcquire(t *testing.T) {
	var mu sync.Mutex
	held, maxHeld := 0, 0
	acquire := func(ctx context.Context) (func(), error) {
		mu.Lock()
		held++
		maxHeld = max(maxHeld, held)
		mu.Unlock()
		return func() { mu.Lock(); held--; mu.Unlock() }, nil
	}
	var docs [][]byte
	for i := range 20 {
		docs = append(docs, synth.JSON(synth.Table, i))
	}
	sum, err := Run(context.Background(), NewNDJSON(lines(docs...), "b", 1<<20), NewZip(io.Discard, time.Now()), Options{
		Write: fakeRender, Workers: 3, Acquire: acquire,
	})
	if err != nil || sum.OK != 20 {
		t.Fatalf("Run: %+v, %v", sum, err)
	}
	if held != 0 || maxHeld < 1 || maxHeld > 3 {
		t.Errorf("held %d at the end, at most %d at once", held, maxHeld)
	}
}

func TestNowSourceDateEpoch(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	if got := Now(); !got.Equal(time.Unix(1700000000, 0)) {
		t.Errorf("Now() = %v with SOURCE_DATE_EPOCH set", got)
	}
}

// TestRunSkipInvalid renders, with the real renderer, an input whose first
// table is invalid and whose second is valid, and one whose tables are
// both invalid.
func TestRunSkipInvalid(t *testing.T) {
	partial, err := os.ReadFile("../export/testdata/partial.json")
	if err != nil {
		t.Fatal(err)
	}
	invalid, err := os.ReadFile("../export/testdata/all-invalid.json")
	if err != nil {
		t.Fatal(err)
	}
	compact := func(data []byte) []byte {
		var b bytes.Buffer
		if err := json.Compact(&b, data); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	for _, tt := range []struct {
		name     string
		opts     Options
		statuses []string
		skipped  []string // the parts the first input's entry names
	}{
		{"whole, failing", Options{}, []string{StatusInvalid, StatusInvalid}, nil},
		{"whole, skipping", Options{Render: export.Options{SkipInvalid: true}}, []string{StatusOK, StatusInvalid}, []string{"table:1"}},
		{"the valid table", Options{Render: export.Options{Part: export.Part{Kind: "table", Index: 1}}}, []string{StatusOK, StatusInvalid}, []string{"table:1"}},
		{"the invalid table", Options{Render: export.Options{Part: export.Part{Kind: "table"}, SkipInvalid: true}}, []string{StatusInvalid, StatusInvalid}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			var entries []Entry
			opts := tt.opts
			opts.Formats, opts.Workers = []*export.Format{export.PDF}, 1
			opts.OnEntry = func(e Entry) { entries = append(entries, e) }
			if _, err := Run(context.Background(), NewNDJSON(lines(compact(partial), compact(invalid)), "body", 1<<20), NewZip(&out, time.Now()), opts); err != nil {
				t.Fatal(err)
			}
			if len(entries) != 2 {
				t.Fatalf("%d entries", len(entries))
			}
			for i, e := range entries {
				if e.Status != tt.statuses[i] {
					t.Errorf("input %d: status %s, want %s (%v)", i, e.Status, tt.statuses[i], e.Errors)
				}
				if len(e.Errors) == 0 || e.Errors[0].Code != evaluation.CodeScoreOverWeight {
					t.Errorf("input %d: errors %v", i, e.Errors)
				}
			}
			var names []string
			for _, p := range entries[0].Skipped {
				names = append(names, p.Name)
				if p.Pointer != "/selfAssessments/0" || len(p.Problems) != 1 {
					t.Errorf("skipped %+v", p)
				}
			}
			if !slices.Equal(names, tt.skipped) {
				t.Errorf("skipped %v, want %v", names, tt.skipped)
			}
			if files := entries[0].Files; (len(files) == 1) != (tt.statuses[0] == StatusOK) {
				t.Errorf("files %v", files)
			}
			var raw struct {
				Inputs []struct {
					Skipped []evaluation.InvalidPart `json:"skipped"`
				} `json:"inputs"`
			}
			files, _ := readZip(t, out.Bytes())
			if err := json.Unmarshal([]byte(files[ManifestName]), &raw); err != nil {
				t.Fatal(err)
			}
			if got := len(raw.Inputs[0].Skipped); got != len(tt.skipped) {
				t.Errorf("the manifest lists %d skipped parts, want %d", got, len(tt.skipped))
			}
		})
	}
}

// TestRunFirstAlone checks that the first input is processed alone, so
// that the archive's first entry is not slowed by the inputs after it,
// and that the others then run side by side.
func TestRunFirstAlone(t *testing.T) {
	var mu sync.Mutex
	held, maxHeld, firstHeld := 0, 0, 0
	calls := 0
	acquire := func(ctx context.Context) (func(), error) {
		mu.Lock()
		held++
		calls++
		maxHeld = max(maxHeld, held)
		mu.Unlock()
		return func() { mu.Lock(); held--; mu.Unlock() }, nil
	}
	render := func(ctx context.Context, w io.Writer, p *export.Plan, f *export.Format) (export.Stats, error) {
		mu.Lock()
		first := calls == 1
		if first {
			firstHeld = max(firstHeld, held)
		}
		mu.Unlock()
		if first {
			time.Sleep(50 * time.Millisecond) // time for the others to start, were they let
			mu.Lock()
			firstHeld = max(firstHeld, held)
			mu.Unlock()
		} else {
			time.Sleep(5 * time.Millisecond) // long enough for the others to overlap
		}
		return fakeRender(ctx, w, p, f)
	}
	var docs [][]byte
	for i := range 12 {
		docs = append(docs, synth.JSON(synth.Table, i))
	}
	sum, err := Run(context.Background(), NewNDJSON(lines(docs...), "b", 1<<20), NewZip(io.Discard, time.Now()), Options{
		Write: render, Workers: 3, Acquire: acquire, Formats: []*export.Format{export.PDF},
	})
	if err != nil || sum.OK != 12 {
		t.Fatalf("Run: %+v, %v", sum, err)
	}
	if firstHeld != 1 {
		t.Errorf("%d inputs processed while the first was", firstHeld)
	}
	if maxHeld < 2 {
		t.Errorf("at most %d inputs at once after the first, want side by side", maxHeld)
	}
}

// TestRunBuildsOnce: every format of an input is written from one plan,
// so its document is built once, however many formats are asked for.
func TestRunBuildsOnce(t *testing.T) {
	var docs [][]byte
	for i := range 3 {
		docs = append(docs, synth.JSON(synth.Table, i))
	}
	before := render.Builds()
	sum, err := Run(context.Background(), NewNDJSON(lines(docs...), "b", 1<<20), NewZip(io.Discard, time.Now()),
		Options{Formats: export.Formats(), Workers: 2})
	if err != nil || sum.OK != len(docs) || sum.Files != len(docs)*len(export.Formats()) {
		t.Fatalf("Run: %v %+v", err, sum)
	}
	if n := render.Builds() - before; n != int64(len(docs)) {
		t.Errorf("%d documents built for %d inputs in %d formats, want one each", n, len(docs), len(export.Formats()))
	}
}

// A department and project of 100 Chinese characters (300 bytes each)
// are written to a folder, every name — temporary ones included — within
// the 255 bytes a file system takes, and the later inputs and the
// manifest follow (issue 22: the run stopped at the first long name).
func TestDirSinkLongNames(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	sink, err := NewDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	long := synth.Disclosure(synth.Table, 0)
	long.Department = strings.Repeat("示", 100)
	long.SelfAssessments[0].CompetentDepartment = long.Department
	long.SelfAssessments[0].Project = strings.Repeat("项", 100)
	data, err := json.Marshal(long)
	if err != nil {
		t.Fatal(err)
	}
	in := lines(data, data, synth.JSON(synth.Table, 1))
	sum, err := Run(context.Background(), NewNDJSON(in, "b", 1<<20), sink, Options{Write: fakeRender})
	if err != nil {
		t.Fatal(err)
	}
	if sum.OK != 3 {
		t.Fatalf("summary %+v", sum)
	}
	files := 0
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Name()) > 255 {
			t.Errorf("%d-byte name %s", len(d.Name()), d.Name())
		}
		if !d.IsDir() {
			files++
		}
		return nil
	})
	if want := 3*2 + 1; files != want {
		t.Errorf("%d files, want %d (two formats of three inputs and the manifest)", files, want)
	}
	if _, err := os.Stat(filepath.Join(dir, ManifestName)); err != nil {
		t.Error(err)
	}
	// The longest name the writer makes: a stem of filename.Max bytes, a
	// " (NN)" suffix and an extension. Its temporary name is short.
	sink, err = NewDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sink.Create("示/" + strings.Repeat("示", 80) + " (99).xlsx"); err != nil {
		t.Error(err)
	}
	if err := sink.Close(); err != nil {
		t.Error(err)
	}
}
