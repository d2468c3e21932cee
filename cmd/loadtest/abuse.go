package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jixiao/jixiao/batch/synth"
	"github.com/jixiao/jixiao/internal/abuse"
)

// abuseBody is one hostile request.
type abuseBody struct {
	name        string
	path        string
	data        []byte
	contentType string // application/json when empty
}

// abuseBodies are the cases of the hardening issue, each at most
// maxBytes: deep nesting, huge tables, long words, many indicator rows,
// headers taller than a page, zero widths, absurd figures, unpaired
// surrogates, bidi overrides — sent to validate, render as PDF and
// render as XLSX.
func abuseBodies(maxBytes int) []abuseBody {
	fit := func(b []byte) []byte {
		if len(b) > maxBytes {
			panic(fmt.Sprintf("abuse body of %d bytes over %d", len(b), maxBytes))
		}
		return b
	}
	inputs := []struct {
		name string
		data []byte
	}{
		{"deep nesting, 10,000 levels, ~2 MB", abuse.DeepNestingSized(2<<20, 10_000)},
		{"deep nesting, ~4 MB", abuse.DeepNestingSized(maxBytes-20_000, 5000)},
		{"free table of 150,000 rows", abuse.FreeTableRows(150_000)},
		{"free table of 19,000 rows", abuse.FreeTableRows(19_000)},
		{"20,000 indicator rows", abuse.IndicatorRows(20_000)},
		{"long word in a narrow column, 82 KB", abuse.LongWord(82_000)},
		{"long word in a narrow column, 1.9 MB", abuse.LongWord(1_900_000)},
		{"header taller than a page", abuse.TallHeader()},
		{"widths [0,0]", abuse.ZeroWidths()},
		{"budget of 1e-37", abuse.TinyBudget()},
		{"unpaired surrogate", abuse.LoneSurrogate()},
		{"RTL override", abuse.Text("示例\u202e项目")},
		{"byte order mark", abuse.BOM()},
	}
	var out []abuseBody
	for _, in := range inputs {
		data := fit(in.data)
		for _, path := range []string{"/api/v1/validate", "/api/v1/render?format=pdf", "/api/v1/render?format=xlsx"} {
			out = append(out, abuseBody{name: in.name, path: path, data: data})
		}
	}
	return out
}

// abuseOutcome counts the answers of one phase.
type abuseOutcome struct {
	mu        sync.Mutex
	statuses  map[string]int
	bad       []string // answers that are neither a problem nor a document
	transport int
	slowest   time.Duration
}

func (o *abuseOutcome) add(status string, bad string, d time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.statuses == nil {
		o.statuses = map[string]int{}
	}
	o.statuses[status]++
	if bad != "" && len(o.bad) < 10 {
		o.bad = append(o.bad, bad)
	}
	o.slowest = max(o.slowest, d)
}

// send posts one body and classifies the answer: a document (PDF, XLSX,
// or validate's JSON report with 200), a problem+json, or a violation.
func send(ctx context.Context, client *http.Client, base string, b abuseBody, o *abuseOutcome) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+b.path, bytes.NewReader(b.data))
	if err != nil {
		return
	}
	ct := b.contentType
	if ct == "" {
		ct = "application/json"
	}
	req.Header.Set("Content-Type", ct)
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() == nil {
			o.mu.Lock()
			o.transport++
			o.mu.Unlock()
		}
		return
	}
	data, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	d := time.Since(start)
	if err != nil {
		if ctx.Err() == nil {
			o.mu.Lock()
			o.transport++
			o.mu.Unlock()
		}
		return
	}
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	status := fmt.Sprintf("%d %s", resp.StatusCode, mt)
	bad := ""
	switch {
	case mt == "application/problem+json" && resp.StatusCode >= 400 && bytes.Contains(data, []byte(`"type"`)):
	case resp.StatusCode == 200 && (mt == "application/pdf" && bytes.HasPrefix(data, []byte("%PDF-")) ||
		strings.HasSuffix(mt, "spreadsheetml.sheet") && bytes.HasPrefix(data, []byte("PK")) ||
		mt == "application/json" && (bytes.Contains(data, []byte(`"valid":true`)) || bytes.HasPrefix(data, []byte(`{"disclosure":`)))):
	default:
		bad = fmt.Sprintf("%s %s: %s %q", b.name, b.path, status, data[:min(len(data), 120)])
	}
	o.add(status, bad, d)
}

// slowUploads keeps n connections that send a render request's headers
// and one byte of body, then stall; each is reopened when the server
// closes it. It returns the number of connections opened in all.
func slowUploads(ctx context.Context, base string, n int) *atomic.Int64 {
	addr := strings.TrimPrefix(base, "http://")
	var opened atomic.Int64
	for range n {
		go func() {
			for ctx.Err() == nil {
				conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
				if err != nil {
					time.Sleep(100 * time.Millisecond)
					continue
				}
				opened.Add(1)
				fmt.Fprintf(conn, "POST /api/v1/render?format=pdf HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{", addr)
				done := make(chan struct{})
				go func() {
					select {
					case <-ctx.Done():
						conn.Close()
					case <-done:
					}
				}()
				io.Copy(io.Discard, conn) // until the server gives up on it
				close(done)
				conn.Close()
			}
		}()
	}
	return &opened
}

// abuseLoad runs the phases of the abuse test against the server:
//
//  1. flood: c clients send the hostile bodies (≤ -abuse-max-body) in a
//     loop to validate and render; every answer must be a document or a
//     problem+json, and the server's peak RSS stays under -max-rss;
//     1b. imports: 16 clients send the hostile workbooks and documents of
//     issue 22; each answer within 10 × the reference's render, /healthz
//     p99 within 100 ms (imports.go);
//  2. slot: no request held a slot longer than the request timeout plus
//     one second (from the server log's slot_ms);
//  3. disconnect: a client that goes away in the middle of a large render
//     has its slot freed within 100 ms;
//  4. slow uploads: -slow connections stall in their bodies while one
//     normal client renders a table; at least 90 % of its renders succeed;
//  5. shutdown: SIGTERM during a large render; the server exits 0 within
//     its grace (-grace) + 1 s and the client gets its document or a problem.
func abuseLoad(cfg config, srv *server, mem *rssSampler, out io.Writer) (bool, error) {
	ok := true
	if cfg.importsOnly {
		ok = importAbuse(srv.url, out)
		if err := srv.stop(30 * time.Second); err != nil {
			fmt.Fprintf(out, "FAIL: graceful stop: %v\n", err)
			ok = false
		}
		return ok, nil
	}
	bodies := abuseBodies(cfg.abuseMaxBody)
	fmt.Fprintf(out, "abuse: %d hostile requests (%d inputs × validate, PDF, XLSX), %d clients, %v\n", len(bodies), len(bodies)/3, cfg.c, cfg.duration)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: cfg.c, MaxConnsPerHost: cfg.c}}
	ctx, cancel := context.WithTimeout(context.Background(), cfg.duration)
	var next atomic.Int64
	flood := &abuseOutcome{}
	var wg sync.WaitGroup
	for range cfg.c {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1)) % len(bodies)
				send(ctx, client, srv.url, bodies[i], flood)
			}
		})
	}
	wg.Wait()
	cancel()
	floodRSS := max(mem.max.Load(), mem.hwm())
	fmt.Fprintf(out, "flood: %s; slowest answer %v; peak RSS %s\n", outcomeString(flood), flood.slowest.Round(time.Millisecond), mib(floodRSS))
	if len(flood.bad) > 0 {
		fmt.Fprintf(out, "FAIL: %d answers are neither a document nor a problem: %s\n", len(flood.bad), strings.Join(flood.bad, "; "))
		ok = false
	}
	if cfg.maxRSS > 0 && floodRSS > cfg.maxRSS {
		fmt.Fprintf(out, "FAIL: peak RSS %s over %s\n", mib(floodRSS), mib(cfg.maxRSS))
		ok = false
	}
	if total := flood.total(); flood.transport > total/100 {
		fmt.Fprintf(out, "FAIL: %d transport errors for %d answers\n", flood.transport, total)
		ok = false
	}

	// 1b. Hostile workbooks and documents (issue 22).
	if !importAbuse(srv.url, out) {
		ok = false
	}

	// 2. Slots.
	time.Sleep(200 * time.Millisecond) // the last log lines
	slot := time.Duration(srv.maxSlot.Load()) * time.Microsecond
	fmt.Fprintf(out, "longest slot held: %v (request timeout %v)\n", slot.Round(time.Millisecond), cfg.requestTimeout)
	if slot > cfg.requestTimeout+time.Second {
		fmt.Fprintf(out, "FAIL: a request held a slot %v, over its deadline + 1 s\n", slot)
		ok = false
	}

	// 3. A client that goes away mid-render frees its slot.
	freed, err := disconnectFreesSlot(srv.url)
	if err != nil {
		fmt.Fprintf(out, "FAIL: disconnect: %v\n", err)
		ok = false
	} else {
		fmt.Fprintf(out, "disconnect: the slot was free %v after the client went away\n", freed.Round(time.Millisecond))
		if freed > 100*time.Millisecond {
			fmt.Fprintln(out, "FAIL: over 100 ms")
			ok = false
		}
	}

	// 4. Slow uploads.
	ctx, cancel = context.WithTimeout(context.Background(), cfg.slowDuration)
	opened := slowUploads(ctx, srv.url, cfg.slow)
	time.Sleep(time.Second) // let them connect
	normal := &abuseOutcome{}
	table := abuseBody{name: "one table", path: "/api/v1/render?format=pdf&part=table:1", data: synth.JSON(synth.Table, 0)}
	good := &http.Client{}
	for ctx.Err() == nil {
		send(ctx, good, srv.url, table, normal)
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	done := normal.statuses["200 application/pdf"]
	total := normal.total() + normal.transport
	rate := 0.0
	if total > 0 {
		rate = float64(done) / float64(total)
	}
	fmt.Fprintf(out, "slow uploads: %d stalled connections (%d opened in %v); normal client: %d of %d renders ok (%.1f %%), slowest %v\n",
		cfg.slow, opened.Load(), cfg.slowDuration, done, total, 100*rate, normal.slowest.Round(time.Millisecond))
	if total == 0 || rate < 0.9 {
		fmt.Fprintf(out, "FAIL: %s\n", outcomeString(normal))
		ok = false
	}

	// 5. Shutdown in the middle of a large render: the render ends at the
	// grace, its client gets a problem, and the server exits 0.
	if !shutdownMidRender(cfg, srv, out) {
		ok = false
	}
	return ok, nil
}

// shutdownMidRender sends SIGTERM while the render of 20,000 indicator
// rows runs (a render longer than the grace on this machine: a render of
// 401 pages), and checks the exit.
func shutdownMidRender(cfg config, srv *server, out io.Writer) bool {
	answer := make(chan string, 1)
	body := abuse.IndicatorRows(20_000)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, srv.url+"/api/v1/render?format=pdf", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			answer <- "transport error: " + err.Error()
			return
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		kind := resp.Header.Get("Content-Type")
		if strings.HasSuffix(kind, "problem+json") {
			var p struct{ Type string }
			json.Unmarshal(data, &p)
			kind += " " + p.Type[strings.LastIndexByte(p.Type, '#')+1:]
		}
		answer <- fmt.Sprintf("%d %s", resp.StatusCode, kind)
	}()
	for start := time.Now(); ; time.Sleep(5 * time.Millisecond) {
		if n, err := metric(srv.url, "jixiao_documents_in_flight"); err == nil && n >= 1 {
			break
		}
		if time.Since(start) > time.Minute {
			fmt.Fprintln(out, "FAIL: shutdown: the render did not start")
			return false
		}
	}
	start := time.Now()
	err := srv.stop(cfg.grace + 30*time.Second)
	took := time.Since(start)
	got := <-answer
	fmt.Fprintf(out, "shutdown (grace %v) during a render: exited after %v (%v); the client got: %s\n", cfg.grace, took.Round(time.Millisecond), exitString(err), got)
	ok := true
	if err != nil {
		fmt.Fprintf(out, "FAIL: the server did not exit 0: %v\n", err)
		ok = false
	}
	if took > cfg.grace+time.Second {
		fmt.Fprintf(out, "FAIL: the exit took %v, over the grace + 1 s\n", took)
		ok = false
	}
	if !strings.HasPrefix(got, "200 application/pdf") && !strings.HasPrefix(got, "503 application/problem+json") {
		fmt.Fprintln(out, "FAIL: the client got neither its document nor a problem")
		ok = false
	}
	return ok
}

func exitString(err error) string {
	if err == nil {
		return "status 0"
	}
	return err.Error()
}

// metric reads one unlabelled sample from /metrics.
func metric(base, name string) (float64, error) {
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, name+" "); ok {
			var v float64
			_, err := fmt.Sscan(rest, &v)
			return v, err
		}
	}
	return 0, fmt.Errorf("no metric %s", name)
}

// disconnectFreesSlot starts the render of 20,000 indicator rows, lets it
// render for a moment, disconnects, and returns how long the server then
// took to free the slot.
func disconnectFreesSlot(base string) (time.Duration, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	body := abuse.IndicatorRows(20_000)
	// Start from an idle server, so that the slot freed is this one's.
	for idle := time.Now().Add(60 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		n, err := metric(base, "jixiao_render_slots_in_use")
		if err != nil {
			return 0, err
		}
		if n == 0 {
			break
		}
		if time.Now().After(idle) {
			return 0, fmt.Errorf("the server did not become idle")
		}
	}
	go func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/v1/render?format=pdf", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if resp, err := http.DefaultClient.Do(req); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}()
	deadline := time.Now().Add(60 * time.Second)
	for {
		n, err := metric(base, "jixiao_documents_in_flight")
		if err != nil {
			return 0, err
		}
		if n >= 1 {
			break
		}
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("the render did not start")
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	start := time.Now()
	cancel()
	for {
		n, err := metric(base, "jixiao_render_slots_in_use")
		if err != nil {
			return 0, err
		}
		if n == 0 {
			return time.Since(start), nil
		}
		if time.Since(start) > 30*time.Second {
			return 0, fmt.Errorf("the slot was not freed")
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func (o *abuseOutcome) total() int {
	n := 0
	for _, c := range o.statuses {
		n += c
	}
	return n
}

func outcomeString(o *abuseOutcome) string {
	keys := make([]string, 0, len(o.statuses))
	for k := range o.statuses {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s ×%d", k, o.statuses[k]))
	}
	return fmt.Sprintf("%d answers [%s], %d transport errors", o.total(), strings.Join(parts, ", "), o.transport)
}

// abuseInput reads -input indicators:N or rows:N.
func abuseInput(spec string) (func(int) []byte, int, bool) {
	kind, num, ok := strings.Cut(spec, ":")
	var n int
	if _, err := fmt.Sscan(num, &n); !ok || err != nil || n < 1 {
		return nil, 0, false
	}
	switch kind {
	case "indicators":
		return abuse.IndicatorRows, n, true
	case "rows":
		return abuse.FreeTableRows, n, true
	}
	return nil, 0, false
}
