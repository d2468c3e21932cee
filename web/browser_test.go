package web_test

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	pdfapi "github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/jixiao/jixiao/api"
	"github.com/jixiao/jixiao/batch/synth"
	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/jobs"
)

// These tests drive the page in headless Chromium against the service on
// loopback: TestBrowserFlows against the jixiao binary itself (built once,
// started as jixiao serve), TestBrowserProfilesAndLimits against the
// service in process, behind a stand-in for answers the real one cannot be
// made to give on demand. Screenshots of each step are kept in a folder
// whose name the test logs (JIXIAO_WEB_ARTEFACTS chooses it).

const testKey = "web-test-key-0123456789abcdef"

// chromium finds the browser: required in CI, else the tests skip.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{os.Getenv("JIXIAO_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("CI is set but Chromium is not installed (scripts/ci-deps.sh installs it)")
	}
	t.Skip("Chromium not found (install Debian's chromium, or set JIXIAO_CHROMIUM): skipping the browser tests")
	return ""
}

var (
	binMu  sync.Mutex
	binDir string
	binErr error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// jixiaoBinary builds cmd/jixiao once per test run.
func jixiaoBinary(t *testing.T) string {
	t.Helper()
	binMu.Lock()
	defer binMu.Unlock()
	if binDir == "" && binErr == nil {
		binDir, binErr = os.MkdirTemp("", "jixiao-web-bin-")
		if binErr == nil {
			// Without -race even when the tests have it: the binary then
			// renders at full speed, and CI's go vet has already compiled
			// its packages, so this is mostly a link. The race detector
			// watches the service in TestBrowserProfilesAndLimits and the
			// api tests.
			gotool, err := exec.LookPath("go")
			if err != nil {
				gotool = filepath.Join(runtime.GOROOT(), "bin", "go")
			}
			cmd := exec.Command(gotool, "build", "-o", filepath.Join(binDir, "jixiao"), "github.com/jixiao/jixiao/cmd/jixiao")
			if out, err := cmd.CombinedOutput(); err != nil {
				binErr = fmt.Errorf("go build: %v\n%s", err, out)
			}
		}
	}
	if binErr != nil {
		t.Fatal(binErr)
	}
	return filepath.Join(binDir, "jixiao")
}

// startServe runs jixiao serve on a loopback port, with the environment
// added, and stops it with SIGTERM at the end of the test, which must
// then exit cleanly. It returns the page's address.
func startServe(t *testing.T, env ...string) string {
	t.Helper()
	cmd := exec.Command(jixiaoBinary(t), "serve", "--addr", "127.0.0.1:0", "--shutdown-grace", "5s")
	// Each server keeps its jobs in a folder of its own.
	cmd.Env = append(append(os.Environ(), "JIXIAO_DATA="+t.TempDir()), env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var logMu sync.Mutex
	var logs strings.Builder
	addrs := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			logMu.Lock()
			logs.WriteString(sc.Text() + "\n")
			logMu.Unlock()
			var rec struct{ Msg, Addr string }
			if json.Unmarshal(sc.Bytes(), &rec) == nil && rec.Msg == "listening" {
				addrs <- rec.Addr
			}
		}
	}()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case err := <-exited:
			if err != nil {
				logMu.Lock()
				t.Errorf("jixiao serve exited with %v:\n%s", err, logs.String())
				logMu.Unlock()
			}
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			t.Error("jixiao serve did not stop on SIGTERM")
		}
	})
	select {
	case addr := <-addrs:
		return "http://" + addr
	case err := <-exited:
		t.Fatalf("jixiao serve did not start: %v\n%s", err, logs.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("jixiao serve did not start in time:\n%s", logs.String())
	}
	return ""
}

// startServer runs the service in process on a loopback port; wrap, when
// set, sits in front of its handler.
func startServer(t *testing.T, cfg api.Config, wrap func(http.Handler) http.Handler) string {
	t.Helper()
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := api.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	if wrap == nil {
		go func() { done <- srv.Serve(ctx, ln) }()
	} else {
		hs := &http.Server{Handler: wrap(srv.Handler())}
		go func() { done <- hs.Serve(ln) }()
		go func() { <-ctx.Done(); hs.Close() }()
	}
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Error("the server did not stop")
		}
	})
	return "http://" + ln.Addr().String()
}

// session is a browser tab with a folder for its screenshots and
// downloads.
type session struct {
	t         *testing.T
	ctx       context.Context
	artefacts string
	downloads string
	shot      int
}

var (
	artefactsMu  sync.Mutex
	artefactsDir string
)

// download presses the button id and follows, by the browser's own
// events, the download of a file with extension ext that it starts, until
// the browser says it is complete; it returns the file's name and bytes.
// The browser saves each download under its GUID, so that no file of an
// earlier download, nor one the browser starts on its own (a PDF it
// cannot show inline is saved as "download"), can be taken for it. The
// wait is bounded only by the test's deadline: a busy machine makes it
// slower, never wrong.
func (s *session) download(id, ext string) (string, []byte) {
	s.t.Helper()
	ctx, cancel := context.WithCancel(s.ctx)
	defer cancel()
	begun := chromedp.Events(ctx, browser.DownloadWillBegin)
	progress := chromedp.Events(ctx, browser.DownloadProgress)
	s.press(id)
	var guid, name string
	for ev, err := range begun {
		if err != nil {
			s.screenshot("failure")
			s.t.Fatalf("waiting for the %s download to begin: %v", ext, err)
		}
		s.t.Logf("download %s begins: %q", ev.GUID, ev.SuggestedFilename)
		if strings.HasSuffix(ev.SuggestedFilename, "."+ext) {
			guid, name = ev.GUID, ev.SuggestedFilename
			break
		}
	}
	for ev, err := range progress {
		if err != nil {
			s.screenshot("failure")
			s.t.Fatalf("waiting for %s to download: %v", name, err)
		}
		if ev.GUID != guid {
			continue
		}
		switch ev.State {
		case browser.DownloadProgressStateCanceled:
			s.t.Fatalf("the browser canceled the download of %s", name)
		case browser.DownloadProgressStateCompleted:
			data, err := os.ReadFile(filepath.Join(s.downloads, guid))
			if err != nil {
				s.t.Fatal(err)
			}
			if int64(ev.TotalBytes) != int64(len(data)) && ev.TotalBytes > 0 {
				s.t.Fatalf("%s: %d bytes on disk, the browser received %.0f", name, len(data), ev.TotalBytes)
			}
			return name, data
		}
	}
	s.t.Fatalf("the events of the %s download ended", name)
	return "", nil
}

// artefacts is the folder of this run's screenshots and downloads.
func artefacts(t *testing.T) string {
	t.Helper()
	artefactsMu.Lock()
	defer artefactsMu.Unlock()
	if artefactsDir == "" {
		dir := os.Getenv("JIXIAO_WEB_ARTEFACTS")
		var err error
		if dir == "" {
			dir, err = os.MkdirTemp("", "jixiao-web-artefacts-")
		} else {
			err = os.MkdirAll(dir, 0o755)
		}
		if err != nil {
			t.Fatalf("artefacts folder: %v", err)
		}
		artefactsDir = dir
	}
	t.Logf("screenshots and downloads: %s", artefactsDir)
	return artefactsDir
}

func newSession(t *testing.T, name string) *session {
	t.Helper()
	exe := chromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1366, 768),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	// No wait has a limit of its own, which a busy machine could pass:
	// they all end at the test's deadline (go test -timeout), less the
	// time to report where it stood.
	ctx, cancelTimeout := context.WithCancel(bctx)
	if deadline, ok := t.Deadline(); ok {
		ctx, cancelTimeout = context.WithDeadline(bctx, deadline.Add(-30*time.Second))
	}
	t.Cleanup(func() { cancelTimeout(); cancelBrowser(); cancelAlloc() })
	dir := filepath.Join(artefacts(t), name)
	dl := filepath.Join(dir, "downloads")
	if err := os.MkdirAll(dl, 0o755); err != nil {
		t.Fatal(err)
	}
	s := &session{t: t, ctx: ctx, artefacts: dir, downloads: dl}
	// Script errors and policy violations fail the test; the browser's own
	// lines about 4xx answers are expected (the tests provoke them).
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("browser: %v", err)
	}
	messages := chromedp.Console(ctx)
	var mu sync.Mutex
	var bad []string
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleException || (m.Type == chromedp.ConsoleError && !strings.Contains(m.Text, "Failed to load resource")) ||
				strings.Contains(m.Text, "Content Security Policy") {
				mu.Lock()
				bad = append(bad, string(m.Type)+": "+m.Text)
				mu.Unlock()
			}
		}
	}()
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		if len(bad) > 0 {
			t.Errorf("the page logged errors:\n%s", strings.Join(bad, "\n"))
		}
	})
	events := true
	if _, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dl, EventsEnabled: &events}); err != nil {
		t.Fatalf("browser: %v", err)
	}
	s.run(chromedp.EmulateViewport(1366, 768))
	return s
}

func (s *session) run(actions ...chromedp.Action[chromedp.Void]) {
	s.t.Helper()
	if err := chromedp.Do(s.ctx, actions...); err != nil {
		s.screenshot("failure")
		s.t.Fatalf("browser: %v", err)
	}
}

// eval evaluates a JavaScript expression, awaiting a promise.
func eval[T any](s *session, expr string) T {
	s.t.Helper()
	v, err := chromedp.Run(s.ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		s.screenshot("failure")
		s.t.Fatalf("evaluate %.60q: %v", expr, err)
	}
	return v
}

// eval evaluates a JavaScript expression into out, through JSON.
func (s *session) eval(expr string, out any) {
	s.t.Helper()
	v := eval[any](s, expr)
	if out == nil {
		return
	}
	data, err := json.Marshal(v)
	if err == nil {
		err = json.Unmarshal(data, out)
	}
	if err != nil {
		s.t.Fatalf("evaluate %.60q: %v", expr, err)
	}
}

// waitJS polls a JavaScript condition until it holds, or the test's
// deadline.
func (s *session) waitJS(what, cond string) {
	s.t.Helper()
	if _, err := chromedp.Run(s.ctx, chromedp.Poll[bool](cond, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		s.screenshot("failure")
		status, _ := chromedp.Run(s.ctx, chromedp.Evaluate[string](`document.getElementById('status').textContent`))
		notice, _ := chromedp.Run(s.ctx, chromedp.Evaluate[string](`document.getElementById('notice').textContent`))
		s.t.Fatalf("waiting for %s: %v (status %q, notice %q)", what, err, status, notice)
	}
}

func (s *session) text(sel string) string {
	s.t.Helper()
	return strings.TrimSpace(eval[string](s, fmt.Sprintf(`(document.querySelector(%q) || {}).textContent || ''`, sel)))
}

func (s *session) screenshot(name string) string {
	s.shot++
	buf, err := chromedp.Run(s.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		s.t.Logf("screenshot %s: %v", name, err)
		return ""
	}
	file := filepath.Join(s.artefacts, fmt.Sprintf("%02d-%s.png", s.shot, name))
	if err := os.WriteFile(file, buf, 0o644); err != nil {
		s.t.Logf("screenshot %s: %v", name, err)
	}
	return file
}

// click clicks an element from script: mouse clicks at computed
// coordinates proved unreliable once a PDF viewer is in the page. The
// keyboard steps of the test cover real input.
func (s *session) click(sel string) {
	s.t.Helper()
	if !eval[bool](s, fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) return false; e.scrollIntoView({block: 'center'}); e.click(); return true; })()`, sel)) {
		s.screenshot("failure")
		s.t.Fatalf("no element %s to click", sel)
	}
}

// top scrolls the page so that an element is at the top, for a screenshot.
func (s *session) top(sel string) {
	s.t.Helper()
	eval[bool](s, fmt.Sprintf(`(() => { document.querySelector(%q).scrollIntoView({block: 'start'}); return true; })()`, sel))
}

// press focuses an element and presses Enter on it.
func (s *session) press(id string) {
	s.t.Helper()
	s.run(chromedp.Focus(chromedp.ID(id)), chromedp.KeyEvent("\r"))
}

func (s *session) upload(files ...string) {
	s.t.Helper()
	s.run(chromedp.SetUploadFiles(chromedp.ID("files"), files))
}

// writeFiles writes test inputs into a temporary folder.
func writeFiles(t *testing.T, files map[string][]byte) map[string]string {
	t.Helper()
	dir := t.TempDir()
	paths := map[string]string{}
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		paths[name] = p
	}
	return paths
}

func reference(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile("../examples/beijing-finance-2021.json")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestBrowserFlows drives the whole page: first load, API key, the
// reference example, an invalid file, an unsupported format, preview,
// download and a batch of 23 files.
func TestBrowserFlows(t *testing.T) {
	chromium(t)
	base := startServe(t, "JIXIAO_API_KEYS="+testKey)
	s := newSession(t, "flows")

	t.Run("first load", func(t *testing.T) {
		s.t = t
		// The browser's start is not the page's cost: open the origin
		// first with a page of no assets, then load the page with its
		// files never fetched before. The machine is shared (CI runs the
		// packages' tests at once), so a slow load is measured again with
		// the cache emptied, up to three times; one load under 1 s passes.
		s.run(chromedp.Navigate(base + "/healthz"))
		type load struct {
			Transferred float64 `json:"transferred"`
			Interactive float64 `json:"interactive"`
			Resources   int     `json:"resources"`
			Detail      string  `json:"detail"`
		}
		var loads []load
		for attempt := 0; attempt < 3; attempt++ {
			if attempt > 0 {
				if _, err := chromedp.Call(s.ctx, network.ClearBrowserCache, cdp.Empty{}); err != nil {
					t.Fatal(err)
				}
				s.run(chromedp.Navigate(base + "/healthz"))
			}
			s.run(chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("html[data-ready]")))
			var m load
			// Every byte of the load: the document and each resource,
			// headers included (transferSize), as the browser counted them.
			s.eval(`(() => {
				const nav = performance.getEntriesByType('navigation')[0];
				const res = performance.getEntriesByType('resource');
				const mark = performance.getEntriesByName('jixiao-interactive')[0];
				return {transferred: nav.transferSize + res.reduce((a, r) => a + r.transferSize, 0),
					interactive: mark ? mark.startTime : -1, resources: res.length,
					detail: JSON.stringify({navigationStart: nav.startTime, fetch: nav.fetchStart, req: nav.requestStart, resp: nav.responseEnd, domInteractive: nav.domInteractive, res: res.map(r => [r.name, r.startTime, r.responseEnd])})};
			})()`, &m)
			t.Logf("first load: %.1f KB transferred in %d requests, interactive after %.0f ms", m.Transferred/1024, m.Resources+1, m.Interactive)
			loads = append(loads, m)
			if m.Transferred <= 0 || m.Transferred > 200*1024 {
				t.Errorf("first load transferred %.0f bytes, want at most 200 KB", m.Transferred)
			}
			if m.Interactive >= 0 && m.Interactive < 1000 {
				break
			}
		}
		m := loads[len(loads)-1]
		os.WriteFile(filepath.Join(s.artefacts, "first-load.json"), fmt.Appendf(nil, `{"transferredBytes": %.0f, "requests": %d, "interactiveMs": %.1f, "attempts": %d, "timing": %s}`+"\n", m.Transferred, m.Resources+1, m.Interactive, len(loads), m.Detail), 0o644)
		if m.Interactive < 0 || m.Interactive >= 1000 {
			t.Errorf("interactive after %.0f ms at best of %d loads, want under 1 s", m.Interactive, len(loads))
		}
		if eval[bool](s, `document.getElementById('profile-field').checkVisibility()`) {
			t.Error("the profile selector is shown before the API key is given")
		}
		s.screenshot("first-load")
	})

	t.Run("API key", func(t *testing.T) {
		s.t = t
		// Keyboard only: focus the example button and press Enter.
		s.press("load-example")
		s.waitJS("the missing key to be reported", `document.getElementById('notice').textContent.includes('需要 API 密钥')`)
		s.screenshot("no-key")
		s.run(chromedp.SendKeys(chromedp.ID("api-key"), "wrong-key-0123456789"))
		s.press("key-save")
		s.waitJS("the wrong key to be reported", `document.getElementById('notice').textContent.includes('API 密钥无效')`)
		if got := s.text("#file-table tbody tr td:nth-child(3)"); !strings.Contains(got, "API 密钥无效") {
			t.Errorf("file row says %q, want the wrong key named", got)
		}
		s.screenshot("wrong-key")
		s.run(chromedp.SetValue(chromedp.ID("api-key"), testKey))
		s.press("key-save")
		s.waitJS("the example to be checked with the right key", `document.querySelector('#totals-table [data-part=department]') !== null`)
		var stored string
		s.eval(`sessionStorage.getItem('jixiao.apiKey')`, &stored)
		if stored != testKey {
			t.Errorf("session storage holds %q", stored)
		}
	})

	t.Run("reference example", func(t *testing.T) {
		s.t = t
		rep := evaluation.Evaluate(reference(t), nil)
		tests := []struct{ part, want string }{
			{"department", "90.71"},
			{"project:1", rep.Result.Projects[0].Total.StringFixed(2)},
			{"table:1", "94.62"},
			// As many decimals as the most precise total: 89.00, not 89.
			{"table:35", rep.Result.Tables[34].Total.StringFixed(2)},
		}
		for _, tt := range tests {
			if got := s.text(fmt.Sprintf(`#totals-table tr[data-part="%s"] [data-role=total]`, tt.part)); got != tt.want {
				t.Errorf("%s total shown %q, want %q", tt.part, got, tt.want)
			}
		}
		var places []string
		s.eval(`[...document.querySelectorAll('#issues-table tbody tr')].map(r => r.dataset.path)`, &places)
		var want []string
		for _, f := range rep.Findings {
			want = append(want, f.Path)
		}
		if !slices.Equal(places, want) {
			t.Errorf("finding places shown:\n%v\nwant:\n%v", places, want)
		}
		row := `#issues-table tr[data-path="/departmentReport/declaredTotal"]`
		if got := s.text(row); !strings.Contains(got, "90.70") || !strings.Contains(got, "90.71") || !strings.Contains(got, "部门整体评价总分") {
			t.Errorf("declared total finding shows %q", got)
		}
		// A finding's place opens the table it belongs to, on its row.
		s.click(`#issues-table tr[data-path="/selfAssessments/29/declared/total"] button`)
		s.waitJS("the table of the finding", `document.getElementById('part-panel').checkVisibility()`)
		if got := s.text("#part-h"); !strings.Contains(got, "自评表 30") {
			t.Errorf("clicked a finding of table 30, shown %q", got)
		}
		if got := s.text("#part-table tr.hit"); !strings.Contains(got, "总分") {
			t.Errorf("highlighted row %q, want the total", got)
		}
		s.click(`#issues-table tr[data-path="/departmentReport/indicators/1/declaredScore"] button`)
		if got := s.text("#part-table tr.hit"); !strings.Contains(got, "整体绩效目标实现情况") || !strings.Contains(got, "51.83") {
			t.Errorf("highlighted row %q, want 整体绩效目标实现情况 at 51.83", got)
		}
		// The budget's own figure has its row, apart from the rate.
		s.click(`#issues-table tr[data-path="/departmentReport/budget/budget/total"] button`)
		if got := s.text("#part-table tr.hit"); !strings.Contains(got, "全年预算数") || strings.Contains(got, "执行率") {
			t.Errorf("highlighted row %q, want 全年预算数", got)
		}
		// Rates with their percent sign, all with the same decimals.
		var rates []string
		s.eval(`[...document.querySelectorAll('#part-table td[data-role=rate]')].map(c => c.textContent).filter(Boolean)`, &rates)
		if len(rates) < 2 {
			t.Errorf("rates shown %q", rates)
		}
		for _, r := range rates {
			if !strings.HasSuffix(r, "%") || len(r) < 4 || r[len(r)-4] != '.' {
				t.Errorf("rate shown %q, want two decimals and a percent sign (all %q)", r, rates)
			}
		}
		// Places as the printed tables name them; the JSON Pointer below
		// it; the code only on demand.
		row = `#issues-table tr[data-path="/selfAssessments/3/declared/points/效益指标"]`
		if got := s.text(row + " td:nth-child(2) .where"); got != "自评表 4「效益指标」分值" {
			t.Errorf("place shown %q, want 自评表 4「效益指标」分值", got)
		}
		if got := s.text(row + " td:nth-child(2) .pointer"); got != "/selfAssessments/3/declared/points/效益指标" {
			t.Errorf("pointer shown %q", got)
		}
		if eval[bool](s, `document.querySelector('`+row+` .code').checkVisibility()`) {
			t.Error("the finding's code is shown before it is asked for")
		}
		s.click("#show-codes")
		if !eval[bool](s, `document.querySelector('`+row+` .code').checkVisibility()`) || s.text(row+" .code") != "declared_points" {
			t.Errorf("the code is not shown on demand: %q", s.text(row+" .code"))
		}
		s.click("#show-codes")
		s.screenshot("finding-table")
		s.top("#detail-h")
		s.screenshot("reference-example")
	})

	t.Run("preview", func(t *testing.T) {
		s.t = t
		s.run(chromedp.SetValue(chromedp.ID("part"), "table:1"))
		s.press("preview-run")
		s.waitJS("the preview", `document.getElementById('viewer').dataset.part === 'table:1' && document.getElementById('viewer').checkVisibility()`)
		var src, pages string
		s.eval(`document.getElementById('viewer').src`, &src)
		s.eval(`document.getElementById('viewer').dataset.pages`, &pages)
		if !strings.HasPrefix(src, "blob:") || pages == "" || pages == "0" {
			t.Errorf("viewer src %q, pages %q", src, pages)
		}
		var head string
		s.eval(`fetch(document.getElementById('viewer').src).then(r => r.text()).then(t => t.slice(0, 5))`, &head)
		if head != "%PDF-" {
			t.Errorf("preview starts with %q", head)
		}
		s.waitJS("the viewer to load", `document.getElementById('viewer').dataset.loaded === 'table:1'`)
		if got := s.text("#preview-status"); !strings.Contains(got, "预览已生成") {
			t.Errorf("beside the preview button: %q", got)
		}
		s.top("#preview-h")
		s.screenshot("preview")
	})

	t.Run("download PDF", func(t *testing.T) {
		s.t = t
		name, data := s.download("dl-pdf", "pdf") // a real key press: a download needs a user gesture
		if name != "北京市地方金融监督管理局-2021年度-绩效评价报告.pdf" {
			t.Errorf("download named %q", name)
		}
		// The page reports the service's page count (X-Jixiao-Pages).
		s.waitJS("the download to be reported", `document.getElementById('status').textContent.includes('已下载')`)
		var want int
		if _, err := fmt.Sscanf(s.text("#status")[len("已下载 "+name+"（"):], "%d", &want); err != nil || want <= 35 {
			t.Errorf("status %q: %d pages reported (%v), want more than the 35 self-assessment tables", s.text("#status"), want, err)
		}
		// Said beside the buttons too, where the user looks.
		if got := s.text("#download-status"); !strings.Contains(got, "已下载 "+name) {
			t.Errorf("beside the buttons: %q", got)
		}
		var at struct{ Top, Bottom, Height float64 }
		s.eval(`(r => ({Top: r.top, Bottom: r.bottom, Height: window.innerHeight}))(document.getElementById('download-status').getBoundingClientRect())`, &at)
		if at.Top < 0 || at.Bottom > at.Height+1 {
			t.Errorf("the download's message is off screen: at %v–%v of a window %v high", at.Top, at.Bottom, at.Height)
		}
		conf := model.NewDefaultConfiguration()
		if err := pdfapi.Validate(bytes.NewReader(data), conf); err != nil {
			t.Fatalf("downloaded PDF is not valid: %v", err)
		}
		n, err := pdfapi.PageCount(bytes.NewReader(data), conf)
		if err != nil || n != want {
			t.Errorf("downloaded PDF has %d pages (%v), want %d", n, err, want)
		}
		t.Logf("downloaded %s: %d bytes, %d pages", name, len(data), n)
	})

	t.Run("download OFD", func(t *testing.T) {
		s.t = t
		name, data := s.download("dl-ofd", "ofd")
		if name != "北京市地方金融监督管理局-2021年度-绩效评价报告.ofd" {
			t.Errorf("download named %q", name)
		}
		s.waitJS("the download to be reported", `document.getElementById('status').textContent.includes('已下载 `+name+`')`)
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatalf("downloaded OFD is no package: %v", err)
		}
		pages := 0
		for _, f := range zr.File {
			if strings.HasSuffix(f.Name, "/Content.xml") {
				pages++
			}
		}
		if want := fmt.Sprintf("（%d 页）", pages); pages <= 35 || !strings.Contains(s.text("#status"), want) {
			t.Errorf("status %q, package of %d pages", s.text("#status"), pages)
		}
		t.Logf("downloaded %s: %d bytes, %d pages", name, len(data), pages)
	})

	t.Run("invalid and unsupported files", func(t *testing.T) {
		s.t = t
		invalid := synth.Invalid(synth.Table, 0)
		rep := evaluation.Evaluate(invalid, nil)
		if rep.Valid() {
			t.Fatal("the spoiled input is valid")
		}
		// A workbook is imported by the service: Jixiao's own of a
		// table checks like its JSON, a damaged one is invalid.
		var book bytes.Buffer
		if _, err := export.Render(context.Background(), &book, evaluation.Evaluate(synth.JSON(synth.Table, 3), nil), export.Options{Format: export.XLSX}); err != nil {
			t.Fatal(err)
		}
		paths := writeFiles(t, map[string][]byte{
			"invalid.json":   invalid,
			"malformed.json": []byte("{\"department\": \"某局\",\n  \"year\": 2024,\n  oops\n}"),
			"table.xlsx":     []byte("PK\x03\x04 not really a workbook"),
			"good.xlsx":      book.Bytes(),
		})
		// The page says what it takes, as the service does.
		if hint := s.text("#drop .hint"); !strings.Contains(hint, ".xlsx") || !strings.Contains(hint, ".docx") || strings.Contains(hint, "支持后") {
			t.Errorf("upload hint %q", hint)
		}
		s.upload(paths["invalid.json"], paths["malformed.json"], paths["table.xlsx"], paths["good.xlsx"])
		s.waitJS("the four files to be checked", `[...document.querySelectorAll('#file-table tbody tr')].length === 5 && !document.getElementById('file-table').textContent.includes('校验中')`)
		row := func(name string) string { return s.text(fmt.Sprintf(`#file-table tr[data-file="%s"]`, name)) }
		if got := row("invalid.json"); !strings.Contains(got, "无效") {
			t.Errorf("invalid.json row %q", got)
		}
		if got := row("malformed.json"); !strings.Contains(got, "无效") || !strings.Contains(got, "第 3 行") {
			t.Errorf("malformed.json row %q, want invalid with its line", got)
		}
		if got := row("table.xlsx"); !strings.Contains(got, "无效") || !strings.Contains(got, "既不是 .xlsx 工作簿") || strings.Contains(got, "body") {
			t.Errorf("table.xlsx row %q, want a damaged workbook invalid, and why", got)
		}
		if got, dept := row("good.xlsx"), synth.Disclosure(synth.Table, 3).Department; !strings.Contains(got, "有效") || strings.Contains(got, "无效") || !strings.Contains(got, dept) {
			t.Errorf("good.xlsx row %q, want the workbook imported and valid, of %s", got, dept)
		}
		s.click(`#file-table tr[data-file="invalid.json"] button`)
		s.waitJS("the invalid file's details", `document.getElementById('detail-h').textContent.includes('invalid.json')`)
		var places []string
		s.eval(`[...document.querySelectorAll('#issues-table tbody tr.error')].map(r => r.dataset.path)`, &places)
		var want []string
		for _, p := range rep.Problems {
			want = append(want, p.Path)
		}
		if !slices.Equal(places, want) {
			t.Errorf("error places %v, want %v", places, want)
		}
		if got := s.text("#issues-table tbody tr.error td:nth-child(3)"); got == "" || !strings.ContainsFunc(got, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
			t.Errorf("error message %q is not in Chinese", got)
		}
		var disabled bool
		s.eval(`document.getElementById('dl-pdf').disabled && document.getElementById('preview-run').disabled`, &disabled)
		if !disabled {
			t.Error("an invalid file can be rendered")
		}
		s.click(`#issues-table tbody tr.error button`)
		s.waitJS("the table of the error", `document.querySelector('#part-table tr.hit') !== null`)
		s.top("#files-h")
		s.screenshot("invalid-files")
	})

	t.Run("partly invalid file", func(t *testing.T) {
		s.t = t
		partial, err := os.ReadFile(filepath.Join("..", "export", "testdata", "partial.json"))
		if err != nil {
			t.Fatal(err)
		}
		paths := writeFiles(t, map[string][]byte{"partial.json": partial})
		s.upload(paths["partial.json"])
		s.waitJS("the file to be checked", `(r => r && r.textContent.includes('无效'))(document.querySelector('#file-table tr[data-file="partial.json"]'))`)
		s.click(`#file-table tr[data-file="partial.json"] button`)
		s.waitJS("its details", `document.getElementById('detail-h').textContent.includes('partial.json')`)
		// Table 1 scores over its weight; table 2 is valid and renders.
		var state struct {
			Download, Table1, Table2 bool
			All                      string
		}
		s.eval(`(() => { const o = (v) => [...document.getElementById('part').options].find((x) => x.value === v);
			return { Download: !document.getElementById('dl-pdf').disabled, Table1: !o('table:1').disabled, Table2: !o('table:2').disabled, All: o('all').textContent }; })()`, &state)
		if summary := s.text("#detail-summary"); !strings.Contains(summary, "其余部分可以预览和下载") {
			t.Errorf("summary %q does not say the valid parts render", summary)
		}
		// The valid table's total is shown, from the service's figures;
		// the invalid one has none.
		want := evaluation.Evaluate(partial, nil).Result.Tables[1].Total.String()
		total := func(part string) string {
			return s.text(`#totals-table tr[data-part="` + part + `"] td[data-role="total"]`)
		}
		if got1, got2 := total("table:1"), total("table:2"); got1 != "—" || got2 != want {
			t.Errorf("totals %q and %q, want — and %s", got1, got2, want)
		}
		if !state.Download || state.Table1 || !state.Table2 || !strings.Contains(state.All, "跳过") {
			t.Fatalf("page state %+v: want the download on, table 1 off, table 2 on, all the valid parts", state)
		}
		name, data := s.download("dl-pdf", "pdf")
		s.waitJS("the download to be reported", `document.getElementById('status').textContent.includes('已下载 `+name+`')`)
		if status := s.text("#status"); !strings.Contains(status, "已跳过有错误的部分：table:1") {
			t.Errorf("status %q does not name the skipped table", status)
		}
		n, err := pdfapi.PageCount(bytes.NewReader(data), model.NewDefaultConfiguration())
		if err != nil || n != 1 {
			t.Errorf("downloaded %s: %d pages (%v), want table 2's one", name, n, err)
		}
		s.top("#detail-h")
		s.screenshot("partly-invalid")
	})

	t.Run("drop", func(t *testing.T) {
		s.t = t
		// What the browser delivers when a file is dropped on the zone.
		text, _ := json.Marshal(string(synth.JSON(synth.Table, 5)))
		s.eval(fmt.Sprintf(`(() => { const dt = new DataTransfer();
			dt.items.add(new File([%s], 'dropped.json', {type: 'application/json'}));
			const zone = document.getElementById('drop');
			zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true}));
			zone.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
			return true; })()`, text), nil)
		s.waitJS("the dropped file to be checked", `(document.querySelector('#file-table tr[data-file="dropped.json"]') || {textContent: '校验中'}).textContent.includes('有效')`)
	})

	t.Run("batch", func(t *testing.T) {
		s.t = t
		s.click("#clear-files")
		files := map[string][]byte{}
		var names []string
		for i := range 22 {
			name := fmt.Sprintf("table-%02d.json", i+1)
			files[name] = synth.JSON(synth.Table, i)
			names = append(names, name)
		}
		// First in the list, a file that is not even JSON: the batch must
		// still run, and list it. Last, a workbook: the batch takes it as
		// the service's batch does.
		files["table-00-broken.json"] = synth.Invalid(synth.Table, 1)
		names = append([]string{"table-00-broken.json"}, names...)
		var book bytes.Buffer
		if _, err := export.Render(context.Background(), &book, evaluation.Evaluate(synth.JSON(synth.Table, 23), nil), export.Options{Format: export.XLSX}); err != nil {
			t.Fatal(err)
		}
		files["table-23.xlsx"] = book.Bytes()
		names = append(names, "table-23.xlsx")
		paths := writeFiles(t, files)
		var list []string
		for _, n := range names {
			list = append(list, paths[n])
		}
		s.upload(list...)
		s.waitJS("24 files to be checked", `document.querySelectorAll('#file-table tbody tr').length === 24 && !document.getElementById('file-table').textContent.includes('校验中')`)
		// Record every count the page shows ("k / 23"), each text it set,
		// even several within one task, to see the progress move.
		s.eval(`(() => { window.seen = [];
			new MutationObserver((records) => { for (const r of records) for (const n of r.addedNodes) window.seen.push(parseInt(n.textContent, 10)); })
				.observe(document.getElementById('batch-count'), {childList: true}); return true; })()`, nil)
		start := time.Now()
		// PDF only: the test's cost is the renders, and the workbooks of a
		// batch are covered by the api tests.
		s.click(`#batch-form input[value=xlsx]`)
		s.click("#batch-run")
		s.waitJS("the batch to finish", `document.getElementById('batch-result').checkVisibility()`)
		t.Logf("batch of 24 files in %v", time.Since(start).Round(time.Millisecond))
		var bar struct {
			Value float64   `json:"value"`
			Max   float64   `json:"max"`
			Seen  []float64 `json:"seen"`
		}
		s.eval(`({value: document.getElementById('batch-progress').value, max: document.getElementById('batch-progress').max, seen: window.seen})`, &bar)
		if bar.Max != 24 || bar.Value != 24 || s.text("#batch-count") != "24 / 24（100%）" {
			t.Errorf("progress %v / %v, %q", bar.Value, bar.Max, s.text("#batch-count"))
		}
		// The bar follows the job's state, which counts its units of
		// inputs as they are done.
		if len(bar.Seen) < 2 || !slices.IsSorted(bar.Seen) || bar.Seen[0] != 0 || bar.Seen[len(bar.Seen)-1] != 24 {
			t.Errorf("progress went %v, want it to climb from 0 to 24", bar.Seen)
		}
		var statuses []string
		s.eval(`[...document.querySelectorAll('#manifest-table tbody tr')].map(r => r.dataset.status)`, &statuses)
		if len(statuses) != 24 || slices.Index(statuses, "invalid") != 23 || strings.Count(strings.Join(statuses, ","), "ok") != 23 {
			t.Errorf("manifest rows %v", statuses)
		}
		if got := s.text(`#manifest-table tr[data-status="invalid"]`); !strings.Contains(got, "table-00-broken.json") || !strings.Contains(got, "JSON") {
			t.Errorf("the broken file's row: %q", got)
		}
		if got, dept := s.text(`#manifest-table tbody tr:nth-child(23)`), synth.Disclosure(synth.Table, 23).Department; !strings.Contains(got, "table-23.xlsx") || !strings.Contains(got, "成功") || !strings.Contains(got, dept) {
			t.Errorf("the workbook's row: %q, want it rendered, of %s", got, dept)
		}
		if got := s.text("#batch-summary"); !strings.Contains(got, "成功 23 个") || !strings.Contains(got, "无效 1 个") {
			t.Errorf("summary %q", got)
		}
		// The archive the page offers is the service's, manifest and all.
		var b64 string
		s.eval(`fetch(document.getElementById('batch-download').href).then(r => r.arrayBuffer()).then(b => {
			let s = ''; const a = new Uint8Array(b); for (let i = 0; i < a.length; i += 0x8000) s += String.fromCharCode(...a.subarray(i, i + 0x8000)); return btoa(s); })`, &b64)
		data, err := base64.StdEncoding.DecodeString(b64)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatalf("the batch ZIP: %v", err)
		}
		var m struct {
			Complete bool `json:"complete"`
			Summary  struct{ Inputs, OK, Invalid, Files int }
		}
		for _, f := range zr.File {
			if f.Name == "manifest.json" {
				rc, _ := f.Open()
				json.NewDecoder(rc).Decode(&m)
				rc.Close()
			}
		}
		if !m.Complete || m.Summary.Inputs != 24 || m.Summary.OK != 23 || m.Summary.Files != 23 || len(zr.File) != 24 {
			t.Errorf("archive of %d files, manifest %+v", len(zr.File), m)
		}
		s.top("#batch-h")
		s.screenshot("batch")
		// The summary's charts, drawn by the service as SVG and shown
		// inline: five, titled, with no image loaded.
		var charts struct {
			N      int
			Titles []string
			Width  float64
		}
		s.eval(`(() => { const svgs = [...document.querySelectorAll('#batch-charts svg')];
			return {n: svgs.length, titles: svgs.map((e) => e.getAttribute('aria-label')),
				width: svgs.length ? svgs[0].getBoundingClientRect().width : 0}; })()`, &charts)
		if charts.N != 5 || len(charts.Titles) != 5 || charts.Titles[0] != "自评等级分布" || charts.Width < 100 {
			t.Errorf("charts %+v", charts)
		}
		s.top("#batch-charts")
		s.screenshot("batch-charts")
	})

	t.Run("batch of invalid files only", func(t *testing.T) {
		s.t = t
		s.click("#clear-files")
		paths := writeFiles(t, map[string][]byte{"empty-table.json": []byte(`{"department": "某局", "year": 2024, "selfAssessments": [{}]}`)})
		s.upload(paths["empty-table.json"])
		s.waitJS("the file to be checked", `(r => r && r.textContent.includes('无效'))(document.querySelector('#file-table tr[data-file="empty-table.json"]'))`)
		s.click("#batch-run")
		s.waitJS("the batch to finish", `document.getElementById('batch-result').checkVisibility()`)
		// An archive of the manifest alone is nothing to download.
		if eval[bool](s, `document.getElementById('batch-download').checkVisibility()`) {
			t.Errorf("a ZIP is offered: %q", s.text("#batch-download"))
		}
		if got := s.text("#batch-summary"); !strings.Contains(got, "无效 1 个") || !strings.Contains(got, "没有生成") {
			t.Errorf("summary %q", got)
		}
		if got := s.text(`#manifest-table tr[data-status="invalid"]`); !strings.Contains(got, "自评表 1") {
			t.Errorf("the invalid file's row %q does not name the table", got)
		}
	})

	t.Run("layout", func(t *testing.T) {
		s.t = t
		s.click("#load-example")
		s.waitJS("the example's details", `document.getElementById('detail-h').textContent.includes('beijing')`)
		checkLayout(t, s)
	})
}

// checkLayout checks labels and that the page does not scroll sideways at
// 1366×768 nor at 200 % zoom (the same page on a viewport half as wide).
func checkLayout(t *testing.T, s *session) {
	var unlabelled []string
	s.eval(`[...document.querySelectorAll('input, select, button, textarea')].filter(e => {
		const name = (e.labels && [...e.labels].map(l => l.textContent).join('').trim()) || e.getAttribute('aria-label') || (e.tagName === 'BUTTON' && e.textContent.trim());
		return !name; }).map(e => e.outerHTML.slice(0, 80))`, &unlabelled)
	if len(unlabelled) > 0 {
		t.Errorf("controls without a label: %v", unlabelled)
	}
	for _, vp := range []struct {
		name string
		w, h int64
	}{{"1366x768", 1366, 768}, {"zoom-200", 683, 384}, {"420-wide", 420, 800}} {
		s.run(chromedp.EmulateViewport(vp.w, vp.h))
		var overflow float64
		s.eval(`document.documentElement.scrollWidth - window.innerWidth`, &overflow)
		if overflow > 0 {
			var wide []string
			s.eval(`[...document.querySelectorAll('body *')].filter(e => e.checkVisibility() && e.getBoundingClientRect().right > window.innerWidth + 1)
				.slice(-5).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))`, &wide)
			t.Errorf("%s: the page is %v px wider than the window: %v", vp.name, overflow, wide)
		}
		// No table is cut at its box's edge, to be scrolled sideways.
		var clipped []string
		s.eval(`[...document.querySelectorAll('.scroll')].filter(b => b.checkVisibility() && b.scrollWidth > b.clientWidth + 1)
			.map(b => b.querySelector('table').id + ': ' + b.scrollWidth + ' > ' + b.clientWidth)`, &clipped)
		if len(clipped) > 0 {
			t.Errorf("%s: tables wider than their box: %v", vp.name, clipped)
		}
		for _, sel := range []string{"h1", "#detail-h", "#batch-h"} {
			s.top(sel)
			s.screenshot("layout-" + vp.name)
		}
	}
	s.run(chromedp.EmulateViewport(1366, 768))
}

// TestBrowserProfilesAndLimits checks the page against a service that has
// profiles (the selector shows and its choice is sent), a small body limit
// and a full render queue (clear messages, not silent failures).
func TestBrowserProfilesAndLimits(t *testing.T) {
	chromium(t)
	var mu sync.Mutex
	var queries []string
	base := startServer(t, api.Config{MaxBody: 64 << 10, Write: export.Write}, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/api/v1/profiles" {
				w.Header().Set("Content-Type", "application/json")
				io.WriteString(w, `{"profiles":[{"name":"national","title":"全国通用"},{"name":"beijing-2021","title":"北京市"}],"default":"national"}`)
				return
			}
			if r.URL.Path == "/api/v1/render" {
				// What the service answers when its render queue is full.
				w.Header().Set("Content-Type", "application/problem+json")
				w.Header().Set("Retry-After", "7")
				w.WriteHeader(http.StatusTooManyRequests)
				io.WriteString(w, `{"type":"https://github.com/jixiao/jixiao/blob/main/docs/api.md#queue-full","title":"渲染队列已满","status":429,"detail":"渲染队列已满，请稍后重试","requestId":"r1"}`)
				return
			}
			// Every call about an input names the profile; the list of
			// formats (what the service signs) is not about one.
			if strings.HasPrefix(r.URL.Path, "/api/") && r.URL.Path != "/api/v1/formats" {
				mu.Lock()
				queries = append(queries, r.URL.Path+"?"+r.URL.RawQuery)
				mu.Unlock()
			}
			h.ServeHTTP(w, r)
		})
	})
	s := newSession(t, "profiles-limits")
	s.run(chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("html[data-ready]")))
	s.waitJS("the profile selector", `document.getElementById('profile-field').checkVisibility()`)
	var options []string
	s.eval(`[...document.getElementById('profile').options].map(o => o.value + '=' + o.selected)`, &options)
	if !slices.Equal(options, []string{"=true", "national=false", "beijing-2021=false"}) {
		t.Errorf("profile options %v", options)
	}
	s.run(chromedp.SetValue(chromedp.ID("profile"), "beijing-2021"))
	paths := writeFiles(t, map[string][]byte{"small.json": synth.JSON(synth.Table, 0), "large.json": reference(t)})
	s.upload(paths["small.json"], paths["large.json"])
	s.waitJS("both files to be checked", `document.querySelectorAll('#file-table tbody tr').length === 2 && !document.getElementById('file-table').textContent.includes('校验中')`)
	if got := s.text(`#file-table tr[data-file="large.json"]`); !strings.Contains(got, "文件过大") {
		t.Errorf("large.json row %q, want the body limit named", got)
	}
	if got := s.text("#notice"); !strings.Contains(got, "文件过大") {
		t.Errorf("notice %q", got)
	}
	// A busy service's 429 is shown with its Retry-After.
	s.click(`#file-table tr[data-file="small.json"] button`)
	s.press("preview-run")
	s.waitJS("the busy message", `document.getElementById('notice').textContent.includes('7 秒后重试')`)
	for _, sel := range []string{"#notice", "#detail-msg"} {
		if got := s.text(sel); !strings.Contains(got, "服务繁忙") || !strings.Contains(got, "渲染队列已满") {
			t.Errorf("%s: %q", sel, got)
		}
	}
	s.screenshot("busy")
	mu.Lock()
	defer mu.Unlock()
	if len(queries) < 2 {
		t.Fatalf("API calls %v", queries)
	}
	for _, q := range queries {
		if !strings.Contains(q, "profile=beijing-2021") {
			t.Errorf("%s sent without the chosen profile", q)
		}
	}
	s.screenshot("profiles-and-limits")
}

// TestBrowserJobResumes runs a batch as a job whose renders wait for the
// test, reloads the page in the middle of it, and checks that the page
// takes the job up again from the tab's storage and shows its outcome;
// then that a service with jobs off gets the batch streamed.
func TestBrowserJobResumes(t *testing.T) {
	chromium(t)
	release := make(chan struct{})
	var once sync.Once
	open := func() { once.Do(func() { close(release) }) }
	held := func(ctx context.Context, w io.Writer, p *export.Plan, f *export.Format) (export.Stats, error) {
		select {
		case <-release:
		case <-ctx.Done():
			return export.Stats{}, ctx.Err()
		}
		return export.Write(ctx, w, p, f)
	}
	base := startServer(t, api.Config{Write: held, Jobs: jobs.Config{DataDir: t.TempDir(), UnitSize: 2}}, nil)
	t.Cleanup(open) // before the server stops: its units wait for it
	s := newSession(t, "job-resumes")
	s.run(chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("html[data-ready]")))
	files := map[string][]byte{}
	var list []string
	for i := range 5 {
		files[fmt.Sprintf("t-%d.json", i)] = synth.JSON(synth.Table, i)
	}
	paths := writeFiles(t, files)
	for i := range 5 {
		list = append(list, paths[fmt.Sprintf("t-%d.json", i)])
	}
	s.upload(list...)
	s.waitJS("5 files to be checked", `document.querySelectorAll('#file-table tbody tr').length === 5 && !document.getElementById('file-table').textContent.includes('校验中')`)
	s.click(`#batch-form input[value=xlsx]`)
	s.click("#batch-run")
	s.waitJS("the job to be submitted", `(JSON.parse(sessionStorage.getItem('jixiao.job') || '{}').id || '').length === 32`)
	id := eval[string](s, `JSON.parse(sessionStorage.getItem('jixiao.job')).id`)

	s.run(chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("html[data-ready]")))
	s.waitJS("the resumed progress", `document.getElementById('batch-progress-box').checkVisibility() && document.getElementById('batch-count').textContent === '0 / 5（0%）'`)
	if got := s.text("#status"); !strings.Contains(got, "正在继续批处理") {
		t.Errorf("status after the reload: %q", got)
	}
	if !eval[bool](s, `document.getElementById('batch-run').disabled`) {
		t.Error("a second batch can start while the job runs")
	}
	s.screenshot("resumed")
	open()
	s.waitJS("the job to finish", `document.getElementById('batch-result').checkVisibility()`)
	if stored := eval[string](s, `sessionStorage.getItem('jixiao.job') || ''`); stored != "" {
		t.Errorf("the finished job is still kept: %s", stored)
	}
	if got := s.text("#batch-count"); got != "5 / 5（100%）" {
		t.Errorf("count %q", got)
	}
	var rows []string
	s.eval(`[...document.querySelectorAll('#manifest-table tbody tr')].map(r => r.dataset.status + ' ' + r.querySelector('th').textContent)`, &rows)
	if !slices.Equal(rows, []string{"ok t-0.json", "ok t-1.json", "ok t-2.json", "ok t-3.json", "ok t-4.json"}) {
		t.Errorf("manifest rows %v", rows)
	}
	if got := s.text("#batch-summary"); !strings.Contains(got, "成功 5 个") || !strings.Contains(got, "生成 5 个文档") {
		t.Errorf("summary %q", got)
	}
	if n := eval[float64](s, `document.querySelectorAll('#batch-charts svg').length`); n != 5 {
		t.Errorf("%v charts", n)
	}
	// The archive offered is the job's result.
	var b64 string
	s.eval(`fetch(document.getElementById('batch-download').href).then(r => r.arrayBuffer()).then(b => {
		let s = ''; const a = new Uint8Array(b); for (let i = 0; i < a.length; i += 0x8000) s += String.fromCharCode(...a.subarray(i, i + 0x8000)); return btoa(s); })`, &b64)
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(base + "/api/v1/jobs/" + id + "/result")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Equal(data, want) {
		t.Errorf("the page's ZIP (%d bytes) is not the job's result (%d bytes, status %d)", len(data), len(want), resp.StatusCode)
	}
	s.top("#batch-h")
	s.screenshot("job-done")

	t.Run("jobs off", func(t *testing.T) {
		s.t = t
		base := startServer(t, api.Config{Write: export.Write}, nil)
		s.run(chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("html[data-ready]")))
		s.upload(list[:2]...)
		s.waitJS("2 files to be checked", `document.querySelectorAll('#file-table tbody tr').length === 2 && !document.getElementById('file-table').textContent.includes('校验中')`)
		s.click(`#batch-form input[value=xlsx]`)
		s.click("#batch-run")
		s.waitJS("the batch to finish", `document.getElementById('batch-result').checkVisibility()`)
		if got := s.text("#batch-summary"); !strings.Contains(got, "成功 2 个") {
			t.Errorf("summary %q", got)
		}
		if n := eval[float64](s, `document.querySelectorAll('#batch-charts svg').length`); n != 5 {
			t.Errorf("%v charts", n)
		}
	})
}
