package api

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/batch"
	"github.com/jixiao/jixiao/batch/synth"
	"github.com/jixiao/jixiao/evaluation"
)

type manifest struct {
	Complete bool                `json:"complete"`
	Error    *evaluation.Problem `json:"error"`
	Formats  []string            `json:"formats"`
	Summary  batch.Summary       `json:"summary"`
	Inputs   []struct {
		Source string              `json:"source"`
		Status string              `json:"status"`
		Files  []batch.File        `json:"files"`
		Errors evaluation.Problems `json:"errors"`
	} `json:"inputs"`
}

// unzip reads an archive and its manifest.
func unzip(t *testing.T, data []byte) (map[string][]byte, manifest) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("zip: %v (%d bytes)", err, len(data))
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name], err = io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
	}
	var m manifest
	if err := json.Unmarshal(files[batch.ManifestName], &m); err != nil {
		t.Fatalf("manifest: %v", err)
	}
	return files, m
}

func ndjsonBody(docs ...[]byte) []byte {
	return append(bytes.Join(docs, []byte("\n")), '\n')
}

func TestBatch(t *testing.T) {
	ts := newTestServer(t, Config{MaxBody: 1 << 20})
	var array bytes.Buffer
	array.WriteString("[\n")
	array.Write(table(0))
	array.WriteString(",\n")
	array.Write(synth.Invalid(synth.Table, 0))
	array.WriteString(",\n")
	array.Write(table(1))
	array.WriteString("\n]")
	tests := []struct {
		name     string
		query    string
		ctype    string
		body     []byte
		statuses []string
		formats  []string
	}{
		{"ndjson with a bad line", "", "application/x-ndjson",
			ndjsonBody(table(0), synth.Invalid(synth.Table, 1), table(1), synth.Invalid(synth.Table, 0)),
			[]string{"ok", "invalid", "ok", "invalid"}, []string{"pdf", "xlsx"}},
		{"array", "?format=pdf", "application/json", array.Bytes(), []string{"ok", "invalid", "ok"}, []string{"pdf"}},
		{"one object", "?format=xlsx,pdf", "application/json; charset=utf-8", table(3), []string{"ok"}, []string{"xlsx", "pdf"}},
		{"repeated format", "?format=xlsx&format=xlsx", "application/jsonl", table(3), []string{"ok"}, []string{"xlsx"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := ts.do(t, http.MethodPost, pathBatch+tt.query, tt.ctype, tt.body)
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/zip" ||
				!strings.HasPrefix(resp.Header.Get("Content-Disposition"), `attachment; filename="jixiao-batch-`) {
				t.Fatalf("%d %v", resp.StatusCode, resp.Header)
			}
			files, m := unzip(t, body)
			if !m.Complete || m.Error != nil || !slices.Equal(m.Formats, tt.formats) {
				t.Errorf("manifest %+v", m)
			}
			var got []string
			for _, in := range m.Inputs {
				got = append(got, in.Status)
				if in.Status == "ok" && len(in.Files) != len(tt.formats) {
					t.Errorf("%s: files %v", in.Source, in.Files)
				}
				if in.Status == "invalid" && len(in.Errors) == 0 {
					t.Errorf("%s: invalid without errors", in.Source)
				}
				for _, f := range in.Files {
					if !bytes.HasPrefix(files[f.Name], []byte("FAKE|"+f.Format)) {
						t.Errorf("%s: %q", f.Name, files[f.Name])
					}
				}
			}
			if !slices.Equal(got, tt.statuses) {
				t.Errorf("statuses %v, want %v", got, tt.statuses)
			}
		})
	}
	var rec map[string]any
	for _, r := range ts.logs.records("request") {
		if r["route"] == pathBatch && r["inputs"] == float64(4) {
			rec = r
		}
	}
	if rec == nil || rec["invalid"] != float64(2) || rec["documents"] != float64(4) {
		t.Errorf("batch log line %v", rec)
	}
}

func TestBatchErrors(t *testing.T) {
	ts := newTestServer(t, Config{MaxBatchBody: 1 << 20})
	tests := []struct {
		name   string
		query  string
		ctype  string
		body   []byte
		status int
		slug   string
	}{
		{"empty", "", "application/json", nil, 400, "malformed-json"},
		{"blank", "", "application/x-ndjson", []byte(" \n\n "), 400, "malformed-json"},
		{"not json", "", "application/json", []byte("<xml/>"), 400, "malformed-json"},
		{"ndjson of arrays", "", "application/x-ndjson", []byte("[{}]\n"), 400, "malformed-json"},
		{"media type", "", "text/plain", table(0), 415, "unsupported-media-type"},
		{"bad format", "?format=pdf,docx", "application/json", table(0), 400, "bad-parameter"},
		{"bad part", "?part=table:0", "application/json", table(0), 400, "bad-parameter"},
		{"bad progress", "?progress=sse", "application/json", table(0), 400, "bad-parameter"},
		{"too large", "", "application/json", bytes.Repeat([]byte(" "), 1<<20+1), 413, "body-too-large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := ts.do(t, http.MethodPost, pathBatch+tt.query, tt.ctype, tt.body)
			problem(t, resp, body, tt.status, tt.slug)
		})
	}
}

// TestBatchOverLimitMidStream checks a body of unannounced length that
// passes the limit after the ZIP has started: the inputs before are
// delivered and the manifest says why the batch stopped.
func TestBatchOverLimitMidStream(t *testing.T) {
	ts := newTestServer(t, Config{MaxBatchBody: 64 << 10})
	var lines [][]byte
	for i := range 100 {
		lines = append(lines, table(i))
	}
	body := ndjsonBody(lines...)
	req, _ := http.NewRequest(http.MethodPost, ts.URL+pathBatch, io.MultiReader(bytes.NewReader(body))) // no Content-Length
	req.Header.Set("Content-Type", "application/x-ndjson")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, data)
	}
	_, m := unzip(t, data)
	if m.Complete || m.Error == nil || m.Error.Code != batch.CodeInput || !strings.Contains(m.Error.MessageEN, "too large") {
		t.Errorf("manifest error %+v", m.Error)
	}
	if n := m.Summary.OK; n == 0 || n >= 100 {
		t.Errorf("%d inputs delivered", n)
	}
}

func TestTooManyBatches(t *testing.T) {
	b := newBlocker()
	ts := newTestServer(t, Config{Write: b.render, MaxBatches: 1})
	ts.ready.ok = true
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, ts.URL+pathBatch, bytes.NewReader(table(0)))
	req.Header.Set("Content-Type", "application/json")
	first := make(chan error, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			_, err = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
		first <- err
	}()
	wait(t, b.started, "the first batch to render")
	resp, body := ts.post(t, pathBatch, table(1))
	problem(t, resp, body, 429, "too-many-batches")
	retryAfter(t, resp)

	// The client of the first batch goes away: its render is canceled.
	cancel()
	if err := wait(t, b.canceled, "the batch render to be canceled"); !errors.Is(err, context.Canceled) {
		t.Errorf("render ended with %v", err)
	}
	wait(t, first, "the first client")
	waitFor(t, "the batch slot to be free", func() bool { return len(ts.batches) == 0 })
}

// TestBatchStreams checks that the ZIP starts before the request body
// ends: the first input's files arrive while the client still writes.
func TestBatchStreams(t *testing.T) {
	ts := newTestServer(t, Config{})
	pr, pw := io.Pipe()
	req, _ := http.NewRequest(http.MethodPost, ts.URL+pathBatch+"?format=pdf", pr)
	req.Header.Set("Content-Type", "application/x-ndjson")
	responses := make(chan *http.Response, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			pr.CloseWithError(err)
			close(responses)
			return
		}
		responses <- resp
	}()
	if _, err := pw.Write(append(table(0), '\n')); err != nil {
		t.Fatal(err)
	}
	resp := wait(t, responses, "the response to start")
	if resp == nil {
		t.Fatal("no response")
	}
	defer resp.Body.Close()
	head := make([]byte, 4)
	if _, err := io.ReadFull(resp.Body, head); err != nil || string(head) != "PK\x03\x04" {
		rest, _ := io.ReadAll(resp.Body)
		t.Fatalf("first bytes %q, %v: %d %s", head, err, resp.StatusCode, rest)
	}
	// Only now does the client send the second input.
	pw.Write(append(table(1), '\n'))
	pw.Close()
	rest, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	_, m := unzip(t, append(head, rest...))
	if m.Summary.OK != 2 || !m.Complete {
		t.Errorf("manifest %+v", m)
	}
}

// TestBatchProgress checks the NDJSON progress mode: the archive's bytes
// arrive in zip events, each input event follows the bytes of its files,
// and the archive put together is the same as without progress.
func TestBatchProgress(t *testing.T) {
	ts := newTestServer(t, Config{})
	body := ndjsonBody(table(0), synth.Invalid(synth.Table, 1), table(1))
	resp, data := ts.do(t, http.MethodPost, pathBatch+"?progress=ndjson&format=pdf", "application/x-ndjson", body)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/x-ndjson" {
		t.Fatalf("%d %v: %s", resp.StatusCode, resp.Header, data)
	}
	var archive []byte
	var statuses []string
	var end *progressEvent
	for i, line := range bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n")) {
		var ev progressEvent
		if err := json.Unmarshal(line, &ev); err != nil {
			t.Fatalf("line %d: %v: %s", i+1, err, line)
		}
		if end != nil {
			t.Fatalf("line %d after the end event: %s", i+1, line)
		}
		switch ev.Type {
		case "zip":
			archive = append(archive, ev.Data...)
		case "input":
			if ev.Index == nil || *ev.Index != len(statuses) {
				t.Errorf("input event %d has index %v", len(statuses), ev.Index)
			}
			statuses = append(statuses, ev.Status)
			for _, f := range ev.Files {
				if !bytes.Contains(archive, []byte(f.Name)) {
					t.Errorf("input %d reported before its file %s was sent", len(statuses)-1, f.Name)
				}
			}
			if ev.Status == "invalid" && len(ev.Errors) == 0 {
				t.Errorf("invalid input %d without errors", len(statuses)-1)
			}
		case "end":
			end = &ev
		default:
			t.Errorf("line %d: unknown event %q", i+1, ev.Type)
		}
	}
	if want := []string{"ok", "invalid", "ok"}; !slices.Equal(statuses, want) {
		t.Errorf("statuses %v, want %v", statuses, want)
	}
	if end == nil || end.Complete == nil || !*end.Complete || end.Summary == nil || end.Summary.Inputs != 3 || end.Error != "" {
		t.Fatalf("end event %+v", end)
	}
	files, m := unzip(t, archive)
	if !m.Complete || m.Summary.OK != 2 || m.Summary.Invalid != 1 || len(files) != 3 {
		t.Errorf("archive: %d files, manifest %+v", len(files), m)
	}
}
