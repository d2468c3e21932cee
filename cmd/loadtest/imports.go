package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jixiao/jixiao/batch/synth"
	"github.com/jixiao/jixiao/examples"
	"github.com/jixiao/jixiao/internal/abuse"
)

// Media types of the hostile files.
const (
	mediaXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	mediaDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)

// importBodies are the hostile workbooks and documents of issue 22, each
// sent to import, validate and render: files of kilobytes that stand for
// millions of cells or hundreds of megabytes of text. book is a valid
// workbook, whose formulas become SUM over the whole sheet without a
// cached value.
func importBodies(book []byte) ([]abuseBody, error) {
	sum, err := abuse.UncachedFormula(book, "SUM(A1:XFD1048575)")
	if err != nil {
		return nil, err
	}
	files := []struct {
		name, media string
		data        []byte
	}{
		{"one merge of 2,000,000 cells on each of 64 sheets", mediaXLSX, abuse.MergedRanges(64, 1, "CV20000")},
		{"100 merges of 2,000,000 cells", mediaXLSX, abuse.MergedRanges(1, 100, "CV20000")},
		{"a cell in column XFD on each of 20,000 rows", mediaXLSX, abuse.FarCells(20_000)},
		{"SUM(A1:XFD1048575) without a cached value", mediaXLSX, sum},
		{"one shared string of 200 MiB at 170:1", mediaXLSX, abuse.SharedStrings(1, 200<<20)},
		{"200 MiB of shared strings in 2,000 items at 170:1", mediaXLSX, abuse.SharedStrings(2000, 100<<10)},
		{"gridSpan 999 on 100,000 cells", mediaDOCX, abuse.GridSpans(100_000, 999)},
		{"one paragraph of 200 MiB", mediaDOCX, abuse.LongParagraph(200 << 20)},
	}
	var out []abuseBody
	for _, f := range files {
		for _, path := range []string{"/api/v1/import", "/api/v1/validate", "/api/v1/render?format=pdf"} {
			out = append(out, abuseBody{name: f.name, path: path, data: f.data, contentType: f.media})
		}
	}
	return out, nil
}

// fetch posts body and returns the answer's body, which must be 200.
func fetch(url, contentType string, body []byte) ([]byte, time.Duration, error) {
	start := time.Now()
	resp, err := http.Post(url, contentType, bytes.NewReader(body))
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	d := time.Since(start)
	if err != nil {
		return nil, d, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, d, fmt.Errorf("%s: %s %.200s", url, resp.Status, data)
	}
	return data, d, nil
}

// healthProbe asks /healthz every 20 ms until stopped and keeps each
// answer's time.
type healthProbe struct {
	mu    sync.Mutex
	times []time.Duration
	fails atomic.Int64
}

func (h *healthProbe) run(ctx context.Context, base string) {
	client := &http.Client{Timeout: 5 * time.Second}
	for ctx.Err() == nil {
		start := time.Now()
		resp, err := client.Get(base + "/healthz")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		if err != nil || resp.StatusCode != 200 {
			if ctx.Err() == nil {
				h.fails.Add(1)
			}
		} else {
			h.mu.Lock()
			h.times = append(h.times, time.Since(start))
			h.mu.Unlock()
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// p99 is the 99th percentile of the answers' times.
func (h *healthProbe) p99() (time.Duration, int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.times) == 0 {
		return 0, 0
	}
	s := slices.Clone(h.times)
	slices.Sort(s)
	return s[len(s)*99/100], len(s)
}

// importAbuse is issue 22's check: the reference is rendered as a PDF
// (its time is the yardstick) and as a workbook; then 16 clients send
// the hostile files, each three times over, while /healthz is probed.
// Every answer must be a problem or a document, come within 10 × the
// reference's render time, and /healthz's p99 stay within 100 ms. Then
// the reference workbook is uploaded too slowly (408), and a batch runs
// beside two idle batch connections.
func importAbuse(base string, out io.Writer) bool {
	ok := true
	_, ref, err := fetch(base+"/api/v1/render?format=pdf", "application/json", examples.Reference)
	if err != nil {
		fmt.Fprintf(out, "FAIL: the reference: %v\n", err)
		return false
	}
	book, _, err := fetch(base+"/api/v1/render?format=xlsx", "application/json", examples.Reference)
	if err != nil {
		fmt.Fprintf(out, "FAIL: the reference workbook: %v\n", err)
		return false
	}
	bodies, err := importBodies(book)
	if err != nil {
		fmt.Fprintf(out, "FAIL: %v\n", err)
		return false
	}
	// /healthz alone first: on a shared machine its p99 is not the
	// service's alone.
	idle := &healthProbe{}
	idleCtx, idleStop := context.WithTimeout(context.Background(), 3*time.Second)
	idle.run(idleCtx, base)
	idleStop()
	idleP99, idleN := idle.p99()
	fmt.Fprintf(out, "imports: /healthz p99 %v of %d probes with no load\n", idleP99.Round(time.Millisecond), idleN)
	const clients, rounds = 16, 3
	fmt.Fprintf(out, "imports: the reference renders in %v; %d hostile files × import, validate, PDF, %d clients, %d rounds\n",
		ref.Round(time.Millisecond), len(bodies)/3, clients, rounds)
	probe := &healthProbe{}
	ctx, stop := context.WithCancel(context.Background())
	var probing sync.WaitGroup
	probing.Go(func() { probe.run(ctx, base) })
	o := &abuseOutcome{}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			for {
				i := int(next.Add(1))
				if i > rounds*len(bodies) {
					return
				}
				send(context.Background(), client, base, bodies[i%len(bodies)], o)
			}
		})
	}
	wg.Wait()
	stop()
	probing.Wait()
	p99, n := probe.p99()
	fmt.Fprintf(out, "imports: %s; slowest answer %v (limit %v); /healthz p99 %v of %d probes, %d failed\n",
		outcomeString(o), o.slowest.Round(time.Millisecond), (10 * ref).Round(time.Millisecond), p99.Round(time.Millisecond), n, probe.fails.Load())
	if len(o.bad) > 0 {
		fmt.Fprintf(out, "FAIL: %d answers are neither a document nor a problem: %s\n", len(o.bad), strings.Join(o.bad, "; "))
		ok = false
	}
	if o.transport > 0 {
		fmt.Fprintf(out, "FAIL: %d transport errors\n", o.transport)
		ok = false
	}
	if o.slowest > 10*ref {
		fmt.Fprintln(out, "FAIL: an answer took more than 10 × the reference's render")
		ok = false
	}
	if p99 > 100*time.Millisecond || probe.fails.Load() > 0 {
		fmt.Fprintln(out, "FAIL: /healthz p99 over 100 ms, or a probe failed")
		ok = false
	}
	if !slowWorkbook(base, book, out) {
		ok = false
	}
	if !idleBatches(base, out) {
		ok = false
	}
	return ok
}

// slowWorkbook sends a valid workbook to render at 400 bytes a second,
// slower than the body timeout allows; the answer must be 408, never a
// success (issue 22: 200 with an empty body).
func slowWorkbook(base string, book []byte, out io.Writer) bool {
	addr := strings.TrimPrefix(base, "http://")
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		fmt.Fprintf(out, "FAIL: slow workbook: %v\n", err)
		return false
	}
	defer conn.Close()
	start := time.Now()
	fmt.Fprintf(conn, "POST /api/v1/render?format=pdf HTTP/1.1\r\nHost: %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n", addr, mediaXLSX, len(book))
	go func() {
		for i := 0; i < len(book); i += 40 {
			if _, err := conn.Write(book[i:min(i+40, len(book))]); err != nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	}()
	conn.SetReadDeadline(time.Now().Add(2 * time.Minute))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		fmt.Fprintf(out, "FAIL: slow workbook: no answer: %v\n", err)
		return false
	}
	resp.Body.Close()
	fmt.Fprintf(out, "slow workbook (%d bytes at 400 B/s): %s after %v\n", len(book), resp.Status, time.Since(start).Round(time.Millisecond))
	if resp.StatusCode != http.StatusRequestTimeout {
		fmt.Fprintln(out, "FAIL: want 408")
		return false
	}
	return true
}

// idleBatches opens two batch connections that send their headers and
// nothing more, then starts a third batch: its archive must begin within
// 30 s (issue 22: the idle two held both places for up to 1 h 30 min).
func idleBatches(base string, out io.Writer) bool {
	addr := strings.TrimPrefix(base, "http://")
	for range 2 {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			fmt.Fprintf(out, "FAIL: idle batch: %v\n", err)
			return false
		}
		defer conn.Close()
		fmt.Fprintf(conn, "POST /api/v1/batch HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-ndjson\r\nContent-Length: 1000000\r\n\r\n", addr)
	}
	time.Sleep(time.Second) // let them reach the server
	start := time.Now()
	client := &http.Client{Timeout: 30 * time.Second}
	resp, err := client.Post(base+"/api/v1/batch?format=pdf", "application/x-ndjson", bytes.NewReader(append(synth.JSON(synth.Table, 0), '\n')))
	if err != nil {
		fmt.Fprintf(out, "FAIL: a third batch beside two idle ones: %v\n", err)
		return false
	}
	first := time.Since(start)
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	fmt.Fprintf(out, "idle batches: a third batch beside two idle ones answered %s after %v\n", resp.Status, first.Round(time.Millisecond))
	if resp.StatusCode != http.StatusOK || first > 30*time.Second {
		fmt.Fprintln(out, "FAIL: want 200 within 30 s")
		return false
	}
	return true
}
