package api

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/importer"
)

// foreignWorkbook is a workbook another program wrote (LibreOffice), as a
// client uploads it.
func foreignWorkbook(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile("../importer/testdata/minimal-self-assessment.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// watchImports makes the server's imports wait, once started, for the
// request's end, then run the real importer with the request's context,
// and report what it returned.
func watchImports(s *Server) (started chan struct{}, ended chan error) {
	started, ended = make(chan struct{}, 8), make(chan error, 8)
	s.importFiles = func(ctx context.Context, files []importer.File, opts importer.Options) (*importer.Result, error) {
		started <- struct{}{}
		<-ctx.Done()
		res, err := importer.ImportContext(ctx, files, opts)
		ended <- err
		return res, err
	}
	return started, ended
}

// A client that goes away during an import cancels the import's
// context, which the importer's every reader loop watches (importer's
// TestImportCanceled), and its slot is freed. Observed, not timed.
func TestImportDisconnectFreesSlot(t *testing.T) {
	ts := newTestServer(t, Config{Concurrency: 1})
	started, ended := watchImports(ts.Server)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, ts.URL+pathImport, bytes.NewReader(foreignWorkbook(t)))
	req.Header.Set("Content-Type", mediaXLSX)
	done := make(chan error, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	wait(t, started, "the import to start")
	if n := ts.lim.inUse(); n != 1 {
		t.Errorf("%d slots in use during the import, want 1: an import is admitted like a render", n)
	}
	cancel()
	if err := wait(t, ended, "the import to end"); !errors.Is(err, context.Canceled) {
		t.Errorf("the import ended with %v, want context.Canceled", err)
	}
	wait(t, done, "the client")
	waitFor(t, "the slot to be freed", func() bool { return ts.lim.inUse() == 0 })
}

// Imports take the render slots: with one slot and no queue, a second
// import while the first runs is refused, not run beside it (issue 22:
// six uploads ran at once under --concurrency 2).
func TestImportsShareTheSlots(t *testing.T) {
	ts := newTestServer(t, Config{Concurrency: 1, Queue: -1})
	started, ended := watchImports(ts.Server)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	first := goPostType(ctx, ts.URL+pathImport, mediaXLSX, foreignWorkbook(t))
	wait(t, started, "the first import")
	for _, path := range []string{pathImport, pathValidate, pathRender} {
		resp, body := ts.do(t, http.MethodPost, path, mediaXLSX, foreignWorkbook(t))
		problem(t, resp, body, 429, "queue-full")
	}
	cancel()
	wait(t, ended, "the first import to end")
	wait(t, first, "the first client")
}

// goPostType posts body as media type mt in the background.
func goPostType(ctx context.Context, url, mt string, body []byte) <-chan error {
	done := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
		req.Header.Set("Content-Type", mt)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		done <- err
	}()
	return done
}

// rawRequest opens a connection and sends a request's head and the
// first n bytes of body, declaring all of it.
func rawRequest(t *testing.T, base, path, mt string, body []byte, n int) net.Conn {
	t.Helper()
	addr := strings.TrimPrefix(base, "http://")
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n", path, addr, mt, len(body))
	conn.Write(body[:n])
	return conn
}

// readStatus reads the status line and headers of the answer on conn and
// its body (Content-Length, or to the end).
func readStatus(t *testing.T, conn net.Conn) (*http.Response, []byte) {
	t.Helper()
	conn.SetDeadline(time.Now().Add(30 * time.Second)) // a safety net against a hang
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, body
}

// A workbook uploaded too slowly gets 408 at the body timeout, never a
// success (issue 22: 200 with an empty body, on every route that takes a
// workbook).
func TestSlowWorkbookUpload(t *testing.T) {
	ts := newTestServer(t, Config{BodyTimeout: 200 * time.Millisecond})
	book := foreignWorkbook(t)
	for _, path := range []string{pathImport, pathValidate, pathRender + "?format=pdf"} {
		conn := rawRequest(t, ts.URL, path, mediaXLSX, book, 100)
		resp, body := readStatus(t, conn)
		problem(t, resp, body, 408, "body-timeout")
	}
	if n := ts.lim.inUse(); n != 0 {
		t.Errorf("%d slots in use", n)
	}
}

// Two batch connections that send their headers and then nothing hold
// no batch place: a third batch starts at once, and the idle ones are
// cut off with 408 at the body timeout. Real connections on loopback.
func TestIdleBatchesHoldNoPlace(t *testing.T) {
	ts := newTestServer(t, Config{MaxBatches: 2, BodyTimeout: 2 * time.Second})
	arrived := make(chan struct{}, 4)
	ts.onBatch = func() { arrived <- struct{}{} }
	body := append(table(0), '\n')
	var idle []net.Conn
	for range 2 {
		idle = append(idle, rawRequest(t, ts.URL, pathBatch, "application/x-ndjson", bytes.Repeat(body, 100), 0))
	}
	wait(t, arrived, "the first idle batch")
	wait(t, arrived, "the second idle batch")
	// The third: a whole body, sent at once.
	resp, data := ts.post(t, pathBatch, body)
	if resp.StatusCode != 200 {
		t.Fatalf("the third batch: %d %s", resp.StatusCode, data)
	}
	if _, m := unzip(t, data); !m.Complete || m.Summary.OK != 1 {
		t.Errorf("the third batch's manifest %+v", m)
	}
	for _, conn := range idle {
		resp, body := readStatus(t, conn)
		problem(t, resp, body, 408, "body-timeout")
	}
	if n := len(ts.batches); n != 0 {
		t.Errorf("%d batch places held", n)
	}
}

// A batch client that stops reading the archive is cut off within the
// write timeout and its place given back; the stream does not end
// cleanly.
func TestBatchClientNotReading(t *testing.T) {
	// Each document a megabyte that does not compress: the archive fills
	// the socket's buffers after a few.
	noise := make([]byte, 1<<20)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range noise {
		noise[i] = byte(rng.Uint32())
	}
	big := func(ctx context.Context, w io.Writer, p *export.Plan, f *export.Format) (export.Stats, error) {
		n, err := w.Write(noise)
		return export.Stats{Pages: 1, Bytes: int64(n)}, err
	}
	ts := newTestServer(t, Config{Write: big, WriteTimeout: 300 * time.Millisecond, RequestTimeout: 100 * time.Millisecond})
	var body bytes.Buffer
	for i := range 40 {
		body.Write(table(i))
		body.WriteByte('\n')
	}
	conn := rawRequest(t, ts.URL, pathBatch+"?format=pdf&format=xlsx", "application/x-ndjson", body.Bytes(), body.Len())
	// Never read: the server's writes block, then fail at their deadline.
	waitFor(t, "the batch's log line", func() bool {
		return strings.Contains(ts.logs.String(), `"path":"/api/v1/batch"`)
	})
	if n := len(ts.batches); n != 0 {
		t.Errorf("%d batch places held", n)
	}
	// What did arrive is a 200 whose chunked body breaks off.
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadAll(resp.Body); err == nil {
		t.Error("the archive of a batch cut off ended cleanly")
	}
}
