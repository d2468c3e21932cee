package api

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/internal/abuse"
)

// slowUpload opens a connection that sends a render request's headers
// and one byte of its body, and then nothing. It returns the
// connection, from which the answer may be read.
func slowUpload(t *testing.T, url string) net.Conn {
	t.Helper()
	addr := strings.TrimPrefix(url, "http://")
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{", pathRender, addr)
	return conn
}

// TestSlowUploadHoldsNoPlace: uploads that send one byte and stall do
// not take the queue (which holds one request here): other renders go
// through, and the stalled ones are answered 408 at the body timeout.
func TestSlowUploadHoldsNoPlace(t *testing.T) {
	ts := newTestServer(t, Config{Concurrency: 1, Queue: -1, BodyTimeout: 300 * time.Millisecond})
	ts.ready.ok = true
	var conns []net.Conn
	for range 4 {
		conns = append(conns, slowUpload(t, ts.URL))
	}
	waitFor(t, "the uploads to start", func() bool { return ts.bodies.used.Load() > 0 })
	for i := range 3 {
		resp, body := ts.post(t, pathRender+"?format=pdf", table(i))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("render during the slow uploads: %d %s", resp.StatusCode, body)
		}
	}
	for _, c := range conns {
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatalf("a slow upload got no answer: %v", err)
		}
		body, _ := io.ReadAll(resp.Body)
		problem(t, resp, body, http.StatusRequestTimeout, "body-timeout")
	}
	waitFor(t, "the bodies' memory to be given back", func() bool { return ts.bodies.used.Load() == 0 })
}

// TestBodyMemoryBudget: bodies beyond the memory budget are refused
// with 429 busy, not buffered.
func TestBodyMemoryBudget(t *testing.T) {
	ts := newTestServer(t, Config{MaxBody: 64 << 10, BodyMemory: 128 << 10})
	ts.ready.ok = true
	// Bodies of other requests hold most of the budget.
	ts.bodies.used.Add(127 << 10)
	resp, body := ts.post(t, pathValidate, table(0))
	problem(t, resp, body, 429, "busy")
	retryAfter(t, resp)
	ts.bodies.used.Add(-127 << 10)
	if resp, body := ts.post(t, pathValidate, table(0)); resp.StatusCode != 200 {
		t.Errorf("with the budget free: %d %s", resp.StatusCode, body)
	}
}

// TestValidateSharesSlots: validate waits for the slots renders hold.
func TestValidateSharesSlots(t *testing.T) {
	b := newBlocker()
	ts := newTestServer(t, Config{Write: b.render, Concurrency: 1, Queue: -1})
	ts.ready.ok = true
	first := goPost(context.Background(), ts.URL+pathRender, table(0))
	wait(t, b.started, "the render")
	resp, body := ts.post(t, pathValidate, table(1))
	problem(t, resp, body, 429, "queue-full")
	close(b.release)
	wait(t, first, "the render")
	resp, body = ts.post(t, pathValidate, table(1))
	if resp.StatusCode != 200 {
		t.Fatalf("validate once the slot is free: %d %s", resp.StatusCode, body)
	}
}

// TestLimitsAnswered: inputs over a limit get 422 limit-exceeded naming
// the limit and the field, from validate and render.
func TestLimitsAnswered(t *testing.T) {
	ts := newTestServer(t, Config{Limits: evaluation.Limits{Rows: 50}})
	ts.ready.ok = true
	for _, path := range []string{pathValidate, pathRender} {
		resp, body := ts.post(t, path, abuse.DeepNesting(10_000))
		p := problem(t, resp, body, 422, "limit-exceeded")
		if len(p.Errors) != 1 || p.Errors[0].Code != evaluation.CodeLimit || !strings.HasPrefix(p.Errors[0].Path, "/title/0/0") ||
			!strings.Contains(p.Errors[0].MessageEN, "(limit depth)") {
			t.Errorf("%s deep: %+v", path, p.Errors)
		}
		resp, body = ts.post(t, path, abuse.FreeTableRows(51))
		p = problem(t, resp, body, 422, "limit-exceeded")
		if p.Errors[0].Path != "/projectReports/0/sections/0/blocks/0/table/rows/50" || !strings.Contains(p.Errors[0].MessageEN, "(limit rows)") {
			t.Errorf("%s rows: %+v", path, p.Errors)
		}
	}
}

// TestPageLimit: a PDF over the page limit is refused with 422.
func TestPageLimit(t *testing.T) {
	ts := newTestServer(t, Config{Write: export.Write, MaxPages: 3})
	ts.ready.ok = true
	resp, body := ts.post(t, pathRender+"?format=pdf", abuse.FreeTableRows(500))
	p := problem(t, resp, body, 422, "limit-exceeded")
	if !strings.Contains(p.Errors[0].MessageEN, "(limit pages)") {
		t.Errorf("errors %+v", p.Errors)
	}
}

// TestDeadlineFreesSlot: a real render that passes its deadline is
// answered 503 timeout and its slot is freed.
func TestDeadlineFreesSlot(t *testing.T) {
	ts := newTestServer(t, Config{Write: export.Write, RequestTimeout: 200 * time.Millisecond, WriteTimeout: time.Minute})
	ts.ready.ok = true
	resp, body := ts.post(t, pathRender+"?format=pdf", abuse.IndicatorRows(20_000))
	problem(t, resp, body, 503, "timeout")
	waitFor(t, "the slot to be freed", func() bool { return ts.lim.inUse() == 0 })
}

// TestTextHygiene: unpaired surrogates, bidi controls and invisible
// separators are refused naming the field; a leading BOM is accepted.
func TestTextHygiene(t *testing.T) {
	ts := newTestServer(t, Config{})
	ts.ready.ok = true
	resp, body := ts.post(t, pathValidate, abuse.LoneSurrogate())
	p := problem(t, resp, body, 400, "malformed-json")
	if p.Errors[0].Code != evaluation.CodeEncoding || p.Errors[0].Path != "/selfAssessments/0/project" {
		t.Errorf("lone surrogate: %+v", p.Errors)
	}
	for _, r := range []rune{0x202E, 0x2066, 0x200B, 0x2028, 0x2029, 0xFEFF} {
		resp, body := ts.post(t, pathRender, abuse.Text("示例"+string(r)+"项目"))
		p := problem(t, resp, body, 422, "validation-failed")
		if p.Errors[0].Code != evaluation.CodeInvisible || p.Errors[0].Path != "/selfAssessments/0/project" {
			t.Errorf("%U: %+v", r, p.Errors)
		}
	}
	for _, path := range []string{pathValidate, pathRender} {
		if resp, body := ts.post(t, path, abuse.BOM()); resp.StatusCode != 200 {
			t.Errorf("%s with a BOM: %d %s", path, resp.StatusCode, body)
		}
	}
}

// TestRenderEvaluatesInSlot: render evaluates its input only once it has
// a slot: with the only slot held, even an invalid input is answered
// 429, not 422.
func TestRenderEvaluatesInSlot(t *testing.T) {
	b := newBlocker()
	ts := newTestServer(t, Config{Write: b.render, Concurrency: 1, Queue: -1})
	ts.ready.ok = true
	first := goPost(context.Background(), ts.URL+pathRender, table(0))
	wait(t, b.started, "the render")
	resp, body := ts.post(t, pathRender, []byte(`{"department": ""}`))
	problem(t, resp, body, 429, "queue-full")
	close(b.release)
	wait(t, first, "the render")
}

// TestDisconnectFreesSlot: a client that goes away during a real render
// frees its slot (the render stops within a page).
func TestDisconnectFreesSlot(t *testing.T) {
	ts := newTestServer(t, Config{Write: export.Write})
	ts.ready.ok = true
	ctx, cancel := context.WithCancel(context.Background())
	ch := goPost(ctx, ts.URL+pathRender+"?format=pdf", abuse.IndicatorRows(20_000))
	waitFor(t, "the render to take a slot", func() bool { return ts.lim.inUse() == 1 })
	cancel()
	wait(t, ch, "the client")
	waitFor(t, "the slot to be freed", func() bool { return ts.lim.inUse() == 0 })
	waitFor(t, "the request to be logged as abandoned", func() bool { return strings.Contains(ts.logs.String(), `"status":499`) })
}
