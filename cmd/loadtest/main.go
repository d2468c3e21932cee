// Command loadtest starts `jixiao serve` on loopback, drives it for a fixed
// number of requests or a fixed time, whichever ends first, and reports
// throughput, latency percentiles, errors and the server's resident
// memory. It exits 1 when a threshold given by flag is missed.
//
// Three modes:
//
//	loadtest -mode render -n 20000 -c 8 -duration 60s
//	    POST /api/v1/render (one self-assessment table as PDF by default)
//	loadtest -mode batch -batch-size 1000
//	    POST /api/v1/batch with synthetic disclosures streamed as NDJSON,
//	    the ZIP read as it streams
//	loadtest -mode abuse -c 64 -duration 30s -max-rss 600MiB
//	    the hostile inputs of the hardening issue from 64 clients, then
//	    66 stalled uploads while a normal client renders (see abuse.go)
//
// The server is the binary given by -bin, or one built from this module
// into a temporary folder. It only ever listens on 127.0.0.1.
package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/jixiao/jixiao/batch/synth"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

type config struct {
	bin        string
	serverArgs string
	serverLog  string
	mode       string
	n          int
	c          int
	duration   time.Duration
	warmup     int
	format     string
	part       string
	input      string
	batchSize  int
	tables     int
	keepZip    string
	minRPS     float64
	maxRSS     int64
	maxP99     time.Duration
	maxErrors  int
	// abuse mode
	abuseMaxBody   int
	slow           int
	slowDuration   time.Duration
	importsOnly    bool
	requestTimeout time.Duration
	grace          time.Duration
}

func run(args []string, stdout, stderr io.Writer) int {
	var cfg config
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.bin, "bin", "", "the jixiao binary (default: build one from this module)")
	fs.StringVar(&cfg.serverArgs, "server-args", "", "more flags for jixiao serve, space-separated")
	fs.StringVar(&cfg.serverLog, "server-log", "", "file for the server's log (default: discarded)")
	fs.StringVar(&cfg.mode, "mode", "render", "render, batch or abuse")
	fs.IntVar(&cfg.n, "n", 20000, "render: requests to send at most")
	fs.IntVar(&cfg.c, "c", 8, "render: concurrent clients")
	fs.DurationVar(&cfg.duration, "duration", 60*time.Second, "render: time to run at most; batch: deadline of the batch")
	fs.IntVar(&cfg.warmup, "warmup", 50, "render: requests sent first and not counted")
	fs.StringVar(&cfg.format, "format", "pdf", "render: pdf or xlsx; batch: comma-separated formats")
	fs.StringVar(&cfg.part, "part", "table:1", "render: the part to render")
	fs.StringVar(&cfg.input, "input", "", "render: a disclosure file (default: a synthetic one-table disclosure), or indicators:N (one table of N indicator rows) or rows:N (a free table of N rows)")
	fs.IntVar(&cfg.batchSize, "batch-size", 1000, "batch: synthetic disclosures in the batch")
	fs.IntVar(&cfg.tables, "tables", synth.Default.Tables, "batch: self-assessment tables per disclosure")
	fs.StringVar(&cfg.keepZip, "keep-zip", "", "batch: keep the ZIP at this path")
	fs.Float64Var(&cfg.minRPS, "min-rps", 0, "render: fail below this many requests per second")
	maxRSS := fs.String("max-rss", "", "fail when the server's peak resident memory exceeds this, e.g. 300MiB")
	fs.DurationVar(&cfg.maxP99, "max-p99", 0, "render: fail when the 99th percentile latency exceeds this")
	fs.IntVar(&cfg.maxErrors, "max-errors", 0, "fail above this many failed requests")
	fs.IntVar(&cfg.abuseMaxBody, "abuse-max-body", 4_000_000, "abuse: largest hostile body, in bytes")
	fs.IntVar(&cfg.slow, "slow", 66, "abuse: stalled uploads in the slow-upload phase")
	fs.DurationVar(&cfg.slowDuration, "slow-duration", 30*time.Second, "abuse: length of the slow-upload phase")
	fs.BoolVar(&cfg.importsOnly, "imports-only", false, "abuse: only the phase of hostile workbooks and documents, slow workbook and idle batches (issue 22)")
	fs.DurationVar(&cfg.grace, "grace", 500*time.Millisecond, "abuse: the server's --shutdown-grace, for the shutdown phase")
	fs.DurationVar(&cfg.requestTimeout, "request-timeout", 0, "abuse: the server's --request-timeout (default: the server's own, 60s)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *maxRSS != "" {
		n, err := parseSize(*maxRSS)
		if err != nil {
			fmt.Fprintf(stderr, "loadtest: -max-rss: %v\n", err)
			return 2
		}
		cfg.maxRSS = n
	}
	if cfg.mode == "abuse" {
		// The shutdown phase measures the grace: no readiness delay before it.
		cfg.serverArgs += fmt.Sprintf(" --shutdown-grace %v --shutdown-delay 0", cfg.grace)
	}
	if cfg.mode == "abuse" && cfg.requestTimeout > 0 {
		cfg.serverArgs += fmt.Sprintf(" --request-timeout %v --write-timeout %v", cfg.requestTimeout, cfg.requestTimeout+30*time.Second)
	}
	if cfg.requestTimeout <= 0 {
		cfg.requestTimeout = 60 * time.Second
	}
	if cfg.mode != "render" && cfg.mode != "batch" && cfg.mode != "abuse" || cfg.c < 1 || cfg.n < 1 || cfg.batchSize < 1 {
		fs.Usage()
		return 2
	}
	ok, err := loadtest(cfg, stdout)
	if err != nil {
		fmt.Fprintf(stderr, "loadtest: %v\n", err)
		return 2
	}
	if !ok {
		return 1
	}
	return 0
}

func loadtest(cfg config, out io.Writer) (bool, error) {
	if cfg.bin == "" {
		dir, err := os.MkdirTemp("", "loadtest-")
		if err != nil {
			return false, err
		}
		defer os.RemoveAll(dir)
		cfg.bin = filepath.Join(dir, "jixiao")
		fmt.Fprintln(out, "building jixiao …")
		build := exec.Command("go", "build", "-o", cfg.bin, "github.com/jixiao/jixiao/cmd/jixiao")
		build.Stdout, build.Stderr = out, out
		if err := build.Run(); err != nil {
			return false, fmt.Errorf("build: %w", err)
		}
	}
	srv, err := startServer(cfg)
	if err != nil {
		return false, err
	}
	defer srv.kill()
	mem := &rssSampler{pid: srv.cmd.Process.Pid}
	stopSampling := mem.start(50 * time.Millisecond)
	fmt.Fprintf(out, "server %s (pid %d), idle resident memory %s\n", srv.url, srv.cmd.Process.Pid, mib(mem.current()))

	var ok bool
	switch cfg.mode {
	case "render":
		ok, err = renderLoad(cfg, srv.url, mem, out)
	case "batch":
		ok, err = batchLoad(cfg, srv.url, out)
	case "abuse":
		ok, err = abuseLoad(cfg, srv, mem, out)
	}
	stopSampling()
	if err != nil {
		return false, err
	}
	peak := max(mem.max.Load(), mem.hwm())
	if hwm := mem.hwm(); hwm > 0 {
		fmt.Fprintf(out, "server resident memory: peak %s (sampled max %s, kernel high-water mark %s)\n", mib(peak), mib(mem.max.Load()), mib(hwm))
	} else { // the server has exited
		fmt.Fprintf(out, "server resident memory: peak %s (sampled)\n", mib(peak))
	}
	if cfg.maxRSS > 0 && peak > cfg.maxRSS {
		fmt.Fprintf(out, "FAIL: peak resident memory %s over %s\n", mib(peak), mib(cfg.maxRSS))
		ok = false
	}
	if cfg.mode == "abuse" {
		// abuseLoad stopped the server itself, in the middle of a render.
		return ok, nil
	}
	if err := srv.stop(30 * time.Second); err != nil {
		fmt.Fprintf(out, "FAIL: graceful stop: %v\n", err)
		ok = false
	} else {
		fmt.Fprintln(out, "server stopped gracefully on SIGTERM")
	}
	return ok, nil
}

// server is a running jixiao serve.
type server struct {
	// maxSlot is the longest slot_ms of the log, in microseconds.
	maxSlot atomic.Int64
	cmd     *exec.Cmd
	url     string
	exited  chan error
	log     io.Closer
}

// startServer starts jixiao serve on a free loopback port and waits until
// it answers /readyz: traffic starts when the service says it is ready,
// as behind a load balancer, so that its warm-up is not measured as the
// first request's latency.
func startServer(cfg config) (*server, error) {
	args := append([]string{"serve", "--addr", "127.0.0.1:0"}, strings.Fields(cfg.serverArgs)...)
	cmd := exec.Command(cfg.bin, args...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	var logw io.WriteCloser = nopCloser{io.Discard}
	if cfg.serverLog != "" {
		f, err := os.Create(cfg.serverLog)
		if err != nil {
			return nil, err
		}
		logw = f
	}
	if err := cmd.Start(); err != nil {
		logw.Close()
		return nil, fmt.Errorf("start %s: %w", cfg.bin, err)
	}
	s := &server{cmd: cmd, exited: make(chan error, 1), log: logw}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Bytes()
			logw.Write(append(line, '\n'))
			var rec struct {
				Msg    string  `json:"msg"`
				Addr   string  `json:"addr"`
				SlotMS float64 `json:"slot_ms"`
			}
			if json.Unmarshal(line, &rec) == nil && rec.SlotMS > 0 {
				if us := int64(rec.SlotMS * 1000); us > s.maxSlot.Load() {
					s.maxSlot.Store(us)
				}
			}
			if rec.Msg == "listening" {
				select {
				case addr <- rec.Addr:
				default:
				}
			}
		}
		io.Copy(io.Discard, stderr)
		s.exited <- cmd.Wait()
	}()
	select {
	case a := <-addr:
		s.url = "http://" + a
	case err := <-s.exited:
		return nil, fmt.Errorf("the server exited: %v", err)
	case <-time.After(30 * time.Second):
		s.kill()
		return nil, errors.New("the server did not start listening within 30 s")
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(s.url + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		if time.Now().After(deadline) {
			s.kill()
			return nil, fmt.Errorf("the server is not ready: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stop sends SIGTERM and waits for a clean exit.
func (s *server) stop(timeout time.Duration) error {
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return err
	}
	select {
	case err := <-s.exited:
		s.exited <- err // for kill
		return err
	case <-time.After(timeout):
		return errors.New("the server did not exit")
	}
}

func (s *server) kill() {
	select {
	case err := <-s.exited:
		s.exited <- err
	default:
		s.cmd.Process.Kill()
	}
	s.log.Close()
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// stats are the outcome of a load run.
type stats struct {
	latencies []time.Duration
	errors    map[string]int
	bytes     int64
	elapsed   time.Duration
}

func (s *stats) failed() int {
	n := 0
	for _, c := range s.errors {
		n += c
	}
	return n
}

// drive sends up to n POST requests from c clients until the deadline,
// and collects their latencies (successes only) and errors by kind.
func drive(ctx context.Context, client *http.Client, url, ctype string, body []byte, n, c int) *stats {
	var next atomic.Int64
	var mu sync.Mutex
	st := &stats{errors: map[string]int{}}
	var wg sync.WaitGroup
	start := time.Now()
	for range c {
		wg.Go(func() {
			var lat []time.Duration
			var bytes int64
			errs := map[string]int{}
			for ctx.Err() == nil && next.Add(1) <= int64(n) {
				t0 := time.Now()
				kind, nb := post(ctx, client, url, ctype, body)
				if ctx.Err() != nil && kind != "" {
					break // cut off by the deadline: not counted
				}
				if kind != "" {
					errs[kind]++
					continue
				}
				lat = append(lat, time.Since(t0))
				bytes += nb
			}
			mu.Lock()
			st.latencies = append(st.latencies, lat...)
			st.bytes += bytes
			for k, v := range errs {
				st.errors[k] += v
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	st.elapsed = time.Since(start)
	return st
}

// post sends one request; it returns "" on success, else the kind of
// error (the status, or "transport").
func post(ctx context.Context, client *http.Client, url, ctype string, body []byte) (string, int64) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return "request", 0
	}
	req.Header.Set("Content-Type", ctype)
	resp, err := client.Do(req)
	if err != nil {
		return "transport", 0
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return "HTTP " + strconv.Itoa(resp.StatusCode), n
	}
	if err != nil {
		return "transport", n
	}
	return "", n
}

// percentile returns the p-th percentile (0 < p ≤ 100) of sorted values,
// by the nearest-rank method.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := (p*len(sorted) + 99) / 100
	return sorted[min(max(rank, 1), len(sorted))-1]
}

func renderLoad(cfg config, base string, mem *rssSampler, out io.Writer) (bool, error) {
	body := synth.JSON(synth.Table, 0)
	if kind, n, ok := abuseInput(cfg.input); ok {
		body = kind(n)
	} else if cfg.input != "" {
		var err error
		if body, err = os.ReadFile(cfg.input); err != nil {
			return false, err
		}
	}
	url := fmt.Sprintf("%s/api/v1/render?format=%s&part=%s", base, cfg.format, cfg.part)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: cfg.c, MaxConnsPerHost: cfg.c}}
	if cfg.warmup > 0 {
		w := drive(context.Background(), client, url, "application/json", body, cfg.warmup, cfg.c)
		if w.failed() > 0 {
			fmt.Fprintf(out, "warm-up errors: %v\n", w.errors)
		}
	}
	mem.max.Store(mem.current())
	ctx, cancel := context.WithTimeout(context.Background(), cfg.duration)
	defer cancel()
	fmt.Fprintf(out, "render: POST %s, %d bytes, %d clients, up to %d requests or %v\n", url, len(body), cfg.c, cfg.n, cfg.duration)
	st := drive(ctx, client, url, "application/json", body, cfg.n, cfg.c)
	slices.Sort(st.latencies)
	okCount := len(st.latencies)
	rps := float64(okCount) / st.elapsed.Seconds()
	p99 := percentile(st.latencies, 99)
	fmt.Fprintf(out, "requests: %d ok, %d failed %v in %v\n", okCount, st.failed(), st.errors, st.elapsed.Round(time.Millisecond))
	fmt.Fprintf(out, "throughput: %.1f renders/s, %.1f MiB/s\n", rps, float64(st.bytes)/st.elapsed.Seconds()/(1<<20))
	fmt.Fprintf(out, "latency: p50 %v  p90 %v  p99 %v  max %v\n",
		percentile(st.latencies, 50).Round(time.Microsecond*100), percentile(st.latencies, 90).Round(time.Microsecond*100),
		p99.Round(time.Microsecond*100), percentile(st.latencies, 100).Round(time.Microsecond*100))
	ok := true
	if st.failed() > cfg.maxErrors {
		fmt.Fprintf(out, "FAIL: %d failed requests, at most %d allowed\n", st.failed(), cfg.maxErrors)
		ok = false
	}
	if cfg.minRPS > 0 && rps < cfg.minRPS {
		fmt.Fprintf(out, "FAIL: %.1f renders/s, below %.1f\n", rps, cfg.minRPS)
		ok = false
	}
	if cfg.maxP99 > 0 && p99 > cfg.maxP99 {
		fmt.Fprintf(out, "FAIL: p99 %v over %v\n", p99, cfg.maxP99)
		ok = false
	}
	return ok, nil
}

func batchLoad(cfg config, base string, out io.Writer) (bool, error) {
	opts := synth.Default
	opts.Tables = cfg.tables
	pr, pw := io.Pipe()
	var sent atomic.Int64
	go func() {
		bw := bufio.NewWriterSize(pw, 256<<10)
		for i := range cfg.batchSize {
			doc := synth.JSON(opts, i)
			sent.Add(int64(len(doc) + 1))
			bw.Write(doc)
			bw.WriteByte('\n')
		}
		pw.CloseWithError(bw.Flush())
	}()
	zipPath := cfg.keepZip
	if zipPath == "" {
		f, err := os.CreateTemp("", "loadtest-*.zip")
		if err != nil {
			return false, err
		}
		f.Close()
		zipPath = f.Name()
		defer os.Remove(zipPath)
	}
	f, err := os.Create(zipPath)
	if err != nil {
		return false, err
	}
	defer f.Close()
	url := fmt.Sprintf("%s/api/v1/batch?format=%s", base, cfg.format)
	fmt.Fprintf(out, "batch: POST %s, %d synthetic disclosures of %d tables streamed as NDJSON\n", url, cfg.batchSize, cfg.tables)
	ctx, cancel := context.WithTimeout(context.Background(), cfg.duration)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, pr)
	if err != nil {
		return false, err
	}
	req.Header.Set("Content-Type", "application/x-ndjson")
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return false, fmt.Errorf("batch: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return false, fmt.Errorf("batch: %s: %s", resp.Status, msg)
	}
	first := time.Duration(0)
	n, err := io.Copy(f, firstByte(resp.Body, func() { first = time.Since(start) }))
	if err != nil {
		return false, fmt.Errorf("batch: read the ZIP: %w", err)
	}
	elapsed := time.Since(start)
	if err := f.Close(); err != nil {
		return false, err
	}
	m, err := readManifest(zipPath)
	if err != nil {
		return false, err
	}
	fmt.Fprintf(out, "sent %.1f MiB, received %.1f MiB; first ZIP byte after %v, done in %v (%.1f disclosures/s)\n",
		float64(sent.Load())/(1<<20), float64(n)/(1<<20), first.Round(time.Millisecond), elapsed.Round(time.Millisecond),
		float64(m.Summary.Inputs)/elapsed.Seconds())
	fmt.Fprintf(out, "manifest: complete %v, %d inputs: %d ok, %d invalid, %d failed; %d files, %d pages\n",
		m.Complete, m.Summary.Inputs, m.Summary.OK, m.Summary.Invalid, m.Summary.Failed, m.Summary.Files, m.Summary.Pages)
	ok := true
	if !m.Complete || m.Summary.Inputs != cfg.batchSize {
		fmt.Fprintf(out, "FAIL: the batch is incomplete: %+v\n", m.Error)
		ok = false
	}
	if bad := m.Summary.Invalid + m.Summary.Failed; bad > cfg.maxErrors {
		fmt.Fprintf(out, "FAIL: %d inputs not produced, at most %d allowed (first errors: %s)\n", bad, cfg.maxErrors, m.firstErrors())
		ok = false
	}
	return ok, nil
}

// firstByte calls f when the first byte arrives through r.
func firstByte(r io.Reader, f func()) io.Reader {
	var once sync.Once
	return readerFunc(func(p []byte) (int, error) {
		n, err := r.Read(p)
		if n > 0 {
			once.Do(f)
		}
		return n, err
	})
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }

type manifest struct {
	Complete bool `json:"complete"`
	Error    any  `json:"error"`
	Summary  struct {
		Inputs, OK, Invalid, Failed, Files, Pages int
	} `json:"summary"`
	Inputs []struct {
		Source string `json:"source"`
		Status string `json:"status"`
		Errors []struct {
			Message string `json:"message"`
		} `json:"errors"`
	} `json:"inputs"`
}

func (m *manifest) firstErrors() string {
	var out []string
	for _, in := range m.Inputs {
		if in.Status != "ok" && len(in.Errors) > 0 && len(out) < 3 {
			out = append(out, in.Source+": "+in.Errors[0].Message)
		}
	}
	return strings.Join(out, "; ")
}

func readManifest(path string) (*manifest, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, fmt.Errorf("open the ZIP: %w", err)
	}
	defer zr.Close()
	rc, err := zr.Open("manifest.json")
	if err != nil {
		return nil, fmt.Errorf("the ZIP has no manifest: %w", err)
	}
	defer rc.Close()
	var m manifest
	if err := json.NewDecoder(rc).Decode(&m); err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	return &m, nil
}

// rssSampler follows the resident memory of a process.
type rssSampler struct {
	pid int
	max atomic.Int64
}

// start samples every interval until the returned function is called.
func (s *rssSampler) start(interval time.Duration) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			if v := s.current(); v > s.max.Load() {
				s.max.Store(v)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); <-finished }
}

func (s *rssSampler) current() int64 { return s.field("VmRSS") }

// hwm is the kernel's high-water mark of the resident memory.
func (s *rssSampler) hwm() int64 { return s.field("VmHWM") }

func (s *rssSampler) field(name string) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.pid))
	if err != nil {
		return 0
	}
	return statusField(data, name)
}

// statusField reads a "Name:   123 kB" line of /proc/PID/status, in bytes.
func statusField(status []byte, name string) int64 {
	for line := range strings.Lines(string(status)) {
		rest, ok := strings.CutPrefix(line, name+":")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		if len(f) == 2 && f[1] == "kB" {
			n, _ := strconv.ParseInt(f[0], 10, 64)
			return n << 10
		}
	}
	return 0
}

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

// parseSize reads a byte count such as 300MiB.
func parseSize(s string) (int64, error) {
	units := []struct {
		suffix string
		n      int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"MB", 1e6}, {"GB", 1e9}}
	mult := int64(1)
	for _, u := range units {
		if rest, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = rest, u.n
			break
		}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%q is not a size such as 300MiB", s)
	}
	return n * mult, nil
}
