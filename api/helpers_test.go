package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jixiao/jixiao/batch/synth"
	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
)

// syncBuffer is a log sink safe to read while the server writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// lines returns the log records with the given message.
func (b *syncBuffer) records(msg string) []map[string]any {
	var out []map[string]any
	for _, line := range strings.Split(b.String(), "\n") {
		var rec map[string]any
		if json.Unmarshal([]byte(line), &rec) == nil && rec["msg"] == msg {
			out = append(out, rec)
		}
	}
	return out
}

func newJSONLogger(w io.Writer) *slog.Logger { return slog.New(slog.NewJSONHandler(w, nil)) }

// fakeRender writes a small known document.
func fakeRender(ctx context.Context, w io.Writer, p *export.Plan, f *export.Format) (export.Stats, error) {
	d := p.Report.Disclosure
	n, err := fmt.Fprintf(w, "FAKE|%s|%s|%s|%d", f, p.Options.Part, d.Department, d.Year)
	return export.Stats{Pages: 3, Bytes: int64(n)}, err
}

// blocker is a renderer that blocks until released or canceled.
type blocker struct {
	started  chan struct{} // receives once per render that starts
	release  chan struct{} // closed to let renders finish
	canceled chan error    // receives the context error of a canceled render
}

func newBlocker() *blocker {
	return &blocker{started: make(chan struct{}, 16), release: make(chan struct{}), canceled: make(chan error, 16)}
}

func (b *blocker) render(ctx context.Context, w io.Writer, p *export.Plan, f *export.Format) (export.Stats, error) {
	b.started <- struct{}{}
	select {
	case <-b.release:
		return fakeRender(ctx, w, p, f)
	case <-ctx.Done():
		b.canceled <- ctx.Err()
		return export.Stats{}, ctx.Err()
	}
}

// wait receives from ch or fails the test after a generous bound: a
// safety net against hangs, not a timing assertion.
func wait[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(20 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
		panic("unreachable")
	}
}

// waitFor polls cond until it holds, with the same safety net.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

type testServer struct {
	*Server
	URL  string
	logs *syncBuffer
	ts   *httptest.Server
}

// newTestServer starts a server with cfg on loopback; Render defaults to
// fakeRender. Every exchange with it is checked against the served
// description (checkContract).
func newTestServer(t *testing.T, cfg Config) *testServer {
	t.Helper()
	logs := &syncBuffer{}
	cfg.Logger = slog.New(slog.NewJSONHandler(logs, nil))
	if cfg.Write == nil {
		cfg.Write = fakeRender
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	h, contract := checkContract(t, s.Handler())
	ts := httptest.NewUnstartedServer(h)
	ts.Config.ErrorLog = log.New(logs, "http: ", 0)
	ts.Start()
	t.Cleanup(func() {
		ts.Close()
		contract.report(t)
		if strings.Contains(logs.String(), "panic serving") {
			t.Errorf("the HTTP server panicked:\n%s", logs.String())
		}
	})
	return &testServer{Server: s, URL: ts.URL, logs: logs, ts: ts}
}

// do sends a request and returns the response with its body read.
func (ts *testServer) do(t *testing.T, method, path, ctype string, body []byte, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, data
}

func (ts *testServer) post(t *testing.T, path string, body []byte, header ...string) (*http.Response, []byte) {
	t.Helper()
	return ts.do(t, http.MethodPost, path, "application/json", body, header...)
}

// problem decodes a problem+json answer and checks its envelope.
func problem(t *testing.T, resp *http.Response, body []byte, status int, slug string) Problem {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("status %d, want %d; body %s", resp.StatusCode, status, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("Content-Type %q, want application/problem+json", ct)
	}
	var p Problem
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("problem: %v: %s", err, body)
	}
	if p.Type != ProblemBase+slug || p.Status != status || p.Title == "" {
		t.Errorf("problem %+v, want type %s status %d", p, slug, status)
	}
	if p.RequestID == "" || p.RequestID != resp.Header.Get("X-Request-ID") {
		t.Errorf("problem request id %q, header %q", p.RequestID, resp.Header.Get("X-Request-ID"))
	}
	return p
}

var (
	exampleOnce sync.Once
	exampleData []byte
)

// example is the bundled reference disclosure.
func example(t *testing.T) []byte {
	t.Helper()
	exampleOnce.Do(func() {
		var err error
		exampleData, err = os.ReadFile("../examples/beijing-finance-2021.json")
		if err != nil {
			panic(err)
		}
	})
	return exampleData
}

// table is a small valid disclosure with one self-assessment table.
func table(i int) []byte { return synth.JSON(synth.Table, i) }

// fileName is the name a render of part of d in format is served as.
func fileName(t *testing.T, d *evaluation.Disclosure, format, part string) string {
	t.Helper()
	o, err := export.Query{Format: format, Part: part}.Options()
	if err != nil {
		t.Fatal(err)
	}
	return (&export.Plan{Report: &evaluation.Report{Disclosure: d}, Options: o}).FileName(nil)
}
