package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jixiao/jixiao/batch/synth"
	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/fonts"
)

func TestValidate(t *testing.T) {
	ts := newTestServer(t, Config{MaxBody: 1 << 20})
	invalid := synth.Invalid(synth.Table, 0) // a score over its weight
	tests := []struct {
		name   string
		query  string
		ctype  string
		body   []byte
		status int
		slug   string // of the problem, for errors
		code   string // of the first field error
	}{
		{name: "valid", body: table(0), status: 200},
		{name: "valid with charset", ctype: "application/json; charset=UTF-8", body: table(0), status: 200},
		{name: "strict without findings", query: "?strict=true", body: table(0), status: 200},
		{name: "invalid content", body: invalid, status: 422, slug: "validation-failed", code: evaluation.CodeScoreOverWeight},
		{name: "unknown field", body: bytes.Replace(table(0), []byte(`{"department"`), []byte(`{"colour":1,"department"`), 1), status: 422, slug: "validation-failed", code: evaluation.CodeUnknownField},
		{name: "malformed", body: []byte("{\n  \"department\": \"甲\",\n  \"year\": 20x21\n}"), status: 400, slug: "malformed-json", code: evaluation.CodeSyntax},
		{name: "not UTF-8", body: []byte("{\"department\": \"\xff\"}"), status: 400, slug: "malformed-json", code: evaluation.CodeEncoding},
		{name: "empty", body: nil, status: 400, slug: "malformed-json", code: evaluation.CodeSyntax},
		{name: "bad strict", query: "?strict=maybe", body: table(0), status: 400, slug: "bad-parameter"},
		{name: "text/plain", ctype: "text/plain", body: table(0), status: 415, slug: "unsupported-media-type"},
		{name: "form", ctype: "application/x-www-form-urlencoded", body: table(0), status: 415, slug: "unsupported-media-type"},
		{name: "no content type", ctype: "-", body: table(0), status: 415, slug: "unsupported-media-type"},
		{name: "other charset", ctype: "application/json; charset=GBK", body: table(0), status: 415, slug: "unsupported-media-type"},
		{name: "too large", body: bytes.Repeat([]byte(" "), 1<<20+1), status: 413, slug: "body-too-large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctype := tt.ctype
			switch ctype {
			case "":
				ctype = "application/json"
			case "-":
				ctype = ""
			}
			resp, body := ts.do(t, http.MethodPost, pathValidate+tt.query, ctype, tt.body)
			if tt.status == 200 {
				if resp.StatusCode != 200 {
					t.Fatalf("status %d: %s", resp.StatusCode, body)
				}
				var rep struct {
					Valid    bool                 `json:"valid"`
					Result   *evaluation.Result   `json:"result"`
					Errors   []evaluation.Problem `json:"errors"`
					Findings []evaluation.Finding `json:"findings"`
				}
				if err := json.Unmarshal(body, &rep); err != nil {
					t.Fatal(err)
				}
				if !rep.Valid || rep.Result == nil || len(rep.Result.Tables) != 1 || rep.Errors == nil || rep.Findings == nil {
					t.Errorf("report %s", body)
				}
				return
			}
			p := problem(t, resp, body, tt.status, tt.slug)
			if tt.code != "" && (len(p.Errors) == 0 || p.Errors[0].Code != tt.code) {
				t.Errorf("errors %+v, want code %s", p.Errors, tt.code)
			}
		})
	}
}

func TestValidateDetails(t *testing.T) {
	ts := newTestServer(t, Config{})
	// A syntax error names its line and column.
	resp, body := ts.post(t, pathValidate, []byte("{\n  \"year\": 2021,\n  \"department\" \"甲\"\n}"))
	p := problem(t, resp, body, 400, "malformed-json")
	if e := p.Errors[0]; e.Line != 3 || e.Column == 0 || !strings.Contains(p.Detail, "第 3 行") {
		t.Errorf("syntax problem %+v, detail %q", e, p.Detail)
	}
	// Field errors carry JSON Pointers.
	bad := synth.Disclosure(synth.Table, 0)
	bad.SelfAssessments[0].Indicators[2].Level2 = "无此指标"
	data, _ := json.Marshal(bad)
	resp, body = ts.post(t, pathValidate, data)
	p = problem(t, resp, body, 422, "validation-failed")
	if p.Errors[0].Path != "/selfAssessments/0/indicators/2/level2" || p.Errors[0].Message == "" || p.Errors[0].MessageEN == "" {
		t.Errorf("field error %+v", p.Errors[0])
	}
	// Strict mode turns the example's audit findings into a 422.
	resp, body = ts.post(t, pathValidate, example(t))
	if resp.StatusCode != 200 {
		t.Fatalf("example: %d %s", resp.StatusCode, body)
	}
	resp, body = ts.post(t, pathValidate+"?strict=1", example(t))
	p = problem(t, resp, body, 422, "validation-failed")
	if len(p.Findings) == 0 || len(p.Errors) != 0 {
		t.Errorf("strict: %d findings, errors %v", len(p.Findings), p.Errors)
	}
}

func TestRender(t *testing.T) {
	ts := newTestServer(t, Config{MaxBody: 1 << 20})
	d := synth.Disclosure(synth.Default, 0)
	data, _ := json.Marshal(d)
	tests := []struct {
		name   string
		query  string
		accept string
		format string
		part   string
	}{
		{"default", "", "", "pdf", "all"},
		{"format pdf", "?format=pdf", "", "pdf", "all"},
		{"format xlsx", "?format=xlsx", "", "xlsx", "all"},
		{"format ofd", "?format=ofd&part=table:1", "", "ofd", "table:1"},
		{"accept ofd", "", "application/ofd", "ofd", "all"},
		{"accept xlsx", "", export.XLSX.MediaType, "xlsx", "all"},
		{"accept pdf", "", "application/pdf", "pdf", "all"},
		{"accept any", "", "*/*", "pdf", "all"},
		{"accept by quality", "", "application/pdf;q=0.5, " + export.XLSX.MediaType, "xlsx", "all"},
		{"query beats accept", "?format=pdf", export.XLSX.MediaType, "pdf", "all"},
		{"table", "?part=table:2", "", "pdf", "table:2"},
		{"project", "?part=project:1&format=xlsx", "", "xlsx", "project:1"},
		{"department declared", "?part=department&figures=declared", "", "pdf", "department"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := ts.post(t, pathRender+tt.query, data, "Accept", tt.accept)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			want := "FAKE|" + tt.format + "|" + tt.part + "|" + d.Department
			if !strings.HasPrefix(string(body), want) {
				t.Errorf("body %q, want %q…", body, want)
			}
			h := resp.Header
			if h.Get("Content-Type") != export.LookupFormat(tt.format).MediaType || h.Get("Content-Length") != itoa(len(body)) || h.Get("X-Jixiao-Pages") != "3" {
				t.Errorf("headers %v", h)
			}
			name := fileName(t, d, tt.format, tt.part)
			if cd := h.Get("Content-Disposition"); !strings.Contains(cd, "filename*=UTF-8''"+encodeExtValue(name)) || !strings.HasPrefix(cd, `attachment; filename="jixiao-`) {
				t.Errorf("Content-Disposition %q for %s", cd, name)
			}
		})
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestRenderErrors(t *testing.T) {
	ts := newTestServer(t, Config{MaxBody: 1 << 20})
	tests := []struct {
		name   string
		query  string
		ctype  string
		accept string
		body   []byte
		status int
		slug   string
	}{
		{"bad format", "?format=docx", "", "", table(0), 400, "bad-parameter"},
		{"bad part", "?part=chapter:1", "", "", table(0), 400, "bad-parameter"},
		{"bad figures", "?figures=guessed", "", "", table(0), 400, "bad-parameter"},
		{"bad pdf", "?pdf=pdfx", "", "", table(0), 400, "bad-parameter"},
		{"missing part", "?part=table:2", "", "", table(0), 400, "bad-parameter"},
		{"no department report", "?part=department", "", "", table(0), 400, "bad-parameter"},
		{"not acceptable", "", "", "application/json", table(0), 406, "not-acceptable"},
		{"pdf refused", "", "", "application/pdf;q=0", table(0), 406, "not-acceptable"},
		{"invalid", "", "", "", synth.Invalid(synth.Table, 0), 422, "validation-failed"},
		{"malformed", "", "", "", []byte(`{"department":`), 400, "malformed-json"},
		{"media type", "", "text/csv", "", table(0), 415, "unsupported-media-type"},
		{"too large", "", "", "", bytes.Repeat([]byte("x"), 2<<20), 413, "body-too-large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctype := tt.ctype
			if ctype == "" {
				ctype = "application/json"
			}
			resp, body := ts.do(t, http.MethodPost, pathRender+tt.query, ctype, tt.body, "Accept", tt.accept)
			problem(t, resp, body, tt.status, tt.slug)
		})
	}
}

// TestBodyLimitChunked checks the limit on a body of unannounced length.
func TestBodyLimitChunked(t *testing.T) {
	ts := newTestServer(t, Config{MaxBody: 1000})
	for _, path := range []string{pathValidate, pathRender} {
		pr, pw := io.Pipe()
		go func() {
			pw.Write(bytes.Repeat([]byte(" "), 5000))
			pw.Close()
		}()
		req, _ := http.NewRequest(http.MethodPost, ts.URL+path, pr)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if req.ContentLength != -1 && req.ContentLength != 0 {
			t.Fatalf("the request announced its length %d", req.ContentLength)
		}
		problem(t, resp, body, 413, "body-too-large")
	}
}

func TestMethodAndNotFound(t *testing.T) {
	ts := newTestServer(t, Config{})
	resp, body := ts.do(t, http.MethodGet, pathRender, "", nil)
	problem(t, resp, body, 405, "method-not-allowed")
	if resp.Header.Get("Allow") != "POST" {
		t.Errorf("Allow %q", resp.Header.Get("Allow"))
	}
	resp, body = ts.do(t, http.MethodGet, "/api/v2/render", "", nil)
	problem(t, resp, body, 404, "not-found")
}

func TestInternalErrorHidesDetail(t *testing.T) {
	secret := errors.New("font cache at /var/secret/fonts is corrupt")
	panicky := func(ctx context.Context, w io.Writer, p *export.Plan, f *export.Format) (export.Stats, error) {
		if f == export.XLSX {
			panic("index out of range in secret layout code")
		}
		return export.Stats{}, secret
	}
	ts := newTestServer(t, Config{Write: panicky})
	for _, query := range []string{"?format=pdf", "?format=xlsx"} {
		resp, body := ts.post(t, pathRender+query, table(0), "X-Request-ID", "req-"+query[8:])
		p := problem(t, resp, body, 500, "internal-error")
		if strings.Contains(string(body), "secret") || !strings.Contains(p.Detail, p.RequestID) || p.RequestID != "req-"+query[8:] {
			t.Errorf("500 body %s", body)
		}
	}
	// The log has the detail, with the request id.
	recs := ts.logs.records("request")
	found := 0
	for _, r := range recs {
		if r["status"] == float64(500) && strings.Contains(r["error"].(string), "secret") && strings.HasPrefix(r["request_id"].(string), "req-") {
			found++
		}
	}
	if found != 2 {
		t.Errorf("%d log lines of 500s with their cause, want 2:\n%s", found, ts.logs.String())
	}
	// The server still serves after a panic.
	if resp, _ := ts.do(t, http.MethodGet, pathHealth, "", nil); resp.StatusCode != 200 {
		t.Errorf("healthz after a panic: %d", resp.StatusCode)
	}
}

func TestRequestID(t *testing.T) {
	ts := newTestServer(t, Config{})
	tests := []struct {
		sent string
		kept bool
	}{
		{"abc-123_X.y:z", true},
		{"", false},
		{"has space", false},
		{"中文", false},
		{strings.Repeat("a", 129), false},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		resp, _ := ts.do(t, http.MethodGet, pathHealth, "", nil, "X-Request-ID", tt.sent)
		got := resp.Header.Get("X-Request-ID")
		if tt.kept && got != tt.sent || !tt.kept && (got == tt.sent || len(got) != 24 || seen[got]) {
			t.Errorf("sent %q, got %q", tt.sent, got)
		}
		seen[got] = true
	}
}

func TestRequestLog(t *testing.T) {
	ts := newTestServer(t, Config{})
	ts.post(t, pathRender+"?part=table:1", table(0), "X-Request-ID", "log-test")
	var rec map[string]any
	for _, r := range ts.logs.records("request") {
		if r["request_id"] == "log-test" {
			rec = r
		}
	}
	if rec == nil {
		t.Fatalf("no log line:\n%s", ts.logs.String())
	}
	want := map[string]any{"method": "POST", "route": pathRender, "path": pathRender, "status": float64(200),
		"documents": float64(1), "pages": float64(3), "level": "INFO"}
	for k, v := range want {
		if rec[k] != v {
			t.Errorf("log %s = %v, want %v", k, rec[k], v)
		}
	}
	for _, k := range []string{"duration_ms", "bytes_in", "bytes_out", "remote", "time"} {
		if _, ok := rec[k]; !ok {
			t.Errorf("log line lacks %s: %v", k, rec)
		}
	}
	if rec["bytes_in"] != float64(len(table(0))) {
		t.Errorf("bytes_in %v, want %d", rec["bytes_in"], len(table(0)))
	}
}

func TestAuth(t *testing.T) {
	key := "k3y-0123456789abcdef"
	ts := newTestServer(t, Config{APIKeys: []string{"other-key-0123456789", key}})
	tests := []struct {
		name   string
		header string
		status int
	}{
		{"none", "", 401},
		{"wrong scheme", "Basic " + key, 401},
		{"wrong key", "Bearer nope-0123456789abcdef", 401},
		{"empty", "Bearer ", 401},
		{"right", "Bearer " + key, 200},
		{"scheme case", "bearer " + key, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := ts.post(t, pathValidate, table(0), "Authorization", tt.header)
			if tt.status == 200 {
				if resp.StatusCode != 200 {
					t.Fatalf("status %d: %s", resp.StatusCode, body)
				}
				return
			}
			problem(t, resp, body, 401, "unauthorized")
			if !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("WWW-Authenticate %q", resp.Header.Get("WWW-Authenticate"))
			}
		})
	}
	// The web page and its files are open too: its API calls carry the key.
	for _, path := range []string{pathHealth, pathOpenAPI, pathMetrics, "/", "/assets/app.js"} {
		if resp, _ := ts.do(t, http.MethodGet, path, "", nil); resp.StatusCode != 200 {
			t.Errorf("%s without a key: %d", path, resp.StatusCode)
		}
	}
	if logs := ts.logs.String(); strings.Contains(logs, key) || !strings.Contains(logs, `"api_key":"sha256:`) {
		t.Errorf("the log shows the key, or no key id:\n%s", logs)
	}
}

func TestCORS(t *testing.T) {
	ts := newTestServer(t, Config{CORSOrigins: []string{"https://budget.example.gov.cn"}, APIKeys: []string{"0123456789abcdef0123"}})
	preflight := func(origin string) *http.Response {
		resp, _ := ts.do(t, http.MethodOptions, pathRender, "", nil,
			"Origin", origin, "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization, content-type")
		return resp
	}
	resp := preflight("https://budget.example.gov.cn")
	if resp.StatusCode != 204 || resp.Header.Get("Access-Control-Allow-Origin") != "https://budget.example.gov.cn" ||
		!strings.Contains(resp.Header.Get("Access-Control-Allow-Headers"), "Authorization") ||
		!strings.Contains(resp.Header.Get("Access-Control-Allow-Methods"), "POST") {
		t.Errorf("preflight: %d %v", resp.StatusCode, resp.Header)
	}
	if resp := preflight("https://evil.example"); resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("preflight from another origin allowed: %v", resp.Header)
	}
	resp, _ = ts.do(t, http.MethodGet, pathHealth, "", nil, "Origin", "https://budget.example.gov.cn")
	if resp.Header.Get("Access-Control-Allow-Origin") != "https://budget.example.gov.cn" ||
		!strings.Contains(resp.Header.Get("Access-Control-Expose-Headers"), "Content-Disposition") ||
		resp.Header.Get("Vary") != "Origin" {
		t.Errorf("simple request: %v", resp.Header)
	}

	off := newTestServer(t, Config{})
	resp, _ = off.do(t, http.MethodOptions, pathRender, "", nil, "Origin", "https://budget.example.gov.cn", "Access-Control-Request-Method", "POST")
	if resp.StatusCode != 405 || resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("CORS off: preflight %d %v", resp.StatusCode, resp.Header)
	}
}

func TestHealthAndReady(t *testing.T) {
	ts := newTestServer(t, Config{})
	for _, path := range []string{pathHealth, pathReady} {
		resp, body := ts.do(t, http.MethodGet, path, "", nil)
		if resp.StatusCode != 200 || !strings.Contains(string(body), `"status"`) {
			t.Errorf("%s: %d %s", path, resp.StatusCode, body)
		}
	}

	broken := func(ctx context.Context, w io.Writer, p *export.Plan, f *export.Format) (export.Stats, error) {
		return export.Stats{}, errors.New("no font for U+4E2D")
	}
	bad := newTestServer(t, Config{Write: broken})
	resp, body := bad.do(t, http.MethodGet, pathReady, "", nil)
	p := problem(t, resp, body, 503, "not-ready")
	if p.Checks["render"] != "failed" || strings.Contains(string(body), "U+4E2D") {
		t.Errorf("not ready: %s", body)
	}
	if !strings.Contains(bad.logs.String(), "U+4E2D") {
		t.Error("the log lacks the cause of unreadiness")
	}
	if resp, _ := bad.do(t, http.MethodGet, pathHealth, "", nil); resp.StatusCode != 200 {
		t.Errorf("healthz of an unready server: %d", resp.StatusCode)
	}
}

func TestMetrics(t *testing.T) {
	ts := newTestServer(t, Config{})
	ts.post(t, pathRender+"?format=xlsx", table(0))
	ts.post(t, pathValidate, []byte("{"))
	ts.do(t, http.MethodPost, pathRender, "text/plain", nil)
	_, body := ts.do(t, http.MethodGet, pathMetrics, "", nil)
	for _, want := range []string{
		`jixiao_http_requests_total{method="POST",route="/api/v1/render",status="200"} 1`,
		`jixiao_http_requests_total{method="POST",route="/api/v1/validate",status="400"} 1`,
		`jixiao_http_requests_total{method="POST",route="/api/v1/render",status="415"} 1`,
		`jixiao_http_request_duration_seconds_bucket{method="POST",route="/api/v1/render",status="200",le=`,
		`jixiao_render_duration_seconds_count{format="xlsx"} 1`,
		`jixiao_pages_total{format="xlsx"} 3`,
		`jixiao_documents_total{format="xlsx",outcome="ok"} 1`,
		`jixiao_documents_in_flight 0`,
		`jixiao_render_queue_waiting 0`,
		`jixiao_rejected_requests_total{reason="queue_full"} 0`,
		`go_goroutines`,
		`process_resident_memory_bytes`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		ok   bool
	}{
		{"zero", Config{}, true},
		{"body over the evaluator's limit", Config{MaxBody: evaluation.MaxInputSize + 1}, false},
		{"write shorter than request", Config{RequestTimeout: time.Minute, WriteTimeout: time.Second}, false},
		{"short key", Config{APIKeys: []string{"short"}}, false},
		{"body memory under the max body", Config{MaxBody: 8 << 20, BodyMemory: 4 << 20}, false},
		{"bad proxy", Config{TrustedProxies: []string{"not an address"}}, false},
		{"missing font", Config{Fonts: []string{"title=/nonexistent/font.ttf"}}, false},
		{"bad font spec", Config{Fonts: []string{"title"}}, false},
	}
	for _, tt := range tests {
		_, err := New(tt.cfg)
		if (err == nil) != tt.ok {
			t.Errorf("%s: New = %v", tt.name, err)
		}
	}
	c := Config{APIKeys: []string{"secret-key-0123456789"}}.withDefaults()
	if c.Concurrency < 1 || c.Queue != 64 || c.Addr != ":8080" || c.MaxBody != 4<<20 || c.Limits != evaluation.DefaultLimits || c.MaxPages != 2000 {
		t.Errorf("defaults: %+v", c)
	}
	var buf bytes.Buffer
	logger := newJSONLogger(&buf)
	logger.Info("config", "config", c)
	if strings.Contains(buf.String(), "secret-key") || !strings.Contains(buf.String(), `"api_keys":1`) || !strings.Contains(buf.String(), `"request_timeout":"1m0s"`) {
		t.Errorf("config log: %s", buf.String())
	}
}

func TestHTTPServerTimeouts(t *testing.T) {
	cfg := Config{ReadHeaderTimeout: 1 * time.Second, ReadTimeout: 2 * time.Second, WriteTimeout: 3 * time.Minute, IdleTimeout: 4 * time.Second}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	hs := s.httpServer(context.Background())
	if hs.ReadHeaderTimeout != cfg.ReadHeaderTimeout || hs.ReadTimeout != cfg.ReadTimeout || hs.WriteTimeout != cfg.WriteTimeout || hs.IdleTimeout != cfg.IdleTimeout || hs.MaxHeaderBytes == 0 {
		t.Errorf("http.Server %+v", hs)
	}
}

func TestContentDisposition(t *testing.T) {
	tests := []struct{ name, fallback, want string }{
		{"a b.pdf", "x.pdf", `attachment; filename="x.pdf"; filename*=UTF-8''a%20b.pdf`},
		{"北京-2021年度.pdf", "jixiao-2021-disclosure.pdf",
			`attachment; filename="jixiao-2021-disclosure.pdf"; filename*=UTF-8''%E5%8C%97%E4%BA%AC-2021%E5%B9%B4%E5%BA%A6.pdf`},
		{`q"u'o(te)%.xlsx`, "q.xlsx", `attachment; filename="q.xlsx"; filename*=UTF-8''q%22u%27o%28te%29%25.xlsx`},
	}
	for _, tt := range tests {
		if got := contentDisposition(tt.name, tt.fallback); got != tt.want {
			t.Errorf("contentDisposition(%q) =\n%s, want\n%s", tt.name, got, tt.want)
		}
	}
	d := synth.Disclosure(synth.Default, 0)
	names := map[string]string{"all": "disclosure", "": "disclosure", "department": "department", "project:1": "project-1", "table:8": "table-8"}
	for part, want := range names {
		o, err := export.Query{Format: "xlsx", Part: part}.Options()
		if err != nil {
			t.Fatal(err)
		}
		if got := (&export.Plan{Report: &evaluation.Report{Disclosure: d}, Options: o}).ASCIIFileName(nil); got != "jixiao-"+itoa(d.Year)+"-"+want+".xlsx" {
			t.Errorf("asciiName(%q) = %q", part, got)
		}
	}
}

func TestNegotiate(t *testing.T) {
	xlsx := export.XLSX.MediaType
	tests := []struct {
		accept string
		want   string
		ok     bool
	}{
		{"", "pdf", true},
		{"*/*", "pdf", true},
		{"application/*", "pdf", true},
		{"application/pdf", "pdf", true},
		{xlsx, "xlsx", true},
		{xlsx + ", application/pdf", "pdf", true},
		{"application/pdf;q=0.4, " + xlsx + ";q=0.9", "xlsx", true},
		{"text/html, */*;q=0.1", "pdf", true},
		{"application/json", "", false},
		{"application/pdf;q=0", "", false},
		{"garbage;;", "", false},
	}
	for _, tt := range tests {
		got := negotiate(tt.accept)
		if (got != nil) != tt.ok || (got != nil && got.Name != tt.want) {
			t.Errorf("negotiate(%q) = %v; want %q, %v", tt.accept, got, tt.want, tt.ok)
		}
	}
}

func TestFontOverride(t *testing.T) {
	var got []string
	var mu sync.Mutex
	render := func(ctx context.Context, w io.Writer, p *export.Plan, f *export.Format) (export.Stats, error) {
		name := "default"
		if p.Options.Fonts != nil {
			name = p.Options.Fonts.Face(fonts.RoleTitle).Name
		}
		mu.Lock()
		got = append(got, name)
		mu.Unlock()
		return fakeRender(ctx, w, p, f)
	}
	ts := newTestServer(t, Config{Write: render, Fonts: []string{"title=../fonts/NotoSansSC-Medium.ttf"}})
	ts.post(t, pathRender, table(0))
	ts.do(t, http.MethodPost, pathBatch+"?format=pdf", "application/json", table(1))
	ts.do(t, http.MethodGet, pathReady, "", nil)
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 2+len(export.Formats()) { // render, batch, and the readiness check's sample in every format
		t.Fatalf("renders %v", got)
	}
	for _, name := range got {
		if name != "NotoSansSC-Medium" {
			t.Errorf("a render used title face %s", name)
		}
	}
}

// TestPageAnswers checks the answers of the page and its files that a
// browser's own headers bring about; the contract of newTestServer checks
// that the description has each.
func TestPageAnswers(t *testing.T) {
	ts := newTestServer(t, Config{})
	_, page := ts.do(t, http.MethodGet, "/", "", nil)
	resp, _ := ts.do(t, http.MethodGet, "/", "", nil)
	etag := resp.Header.Get("ETag")
	tests := []struct {
		path   string
		header []string
		status int
		body   string
	}{
		{"/", nil, 200, string(page)},
		{"/", []string{"If-None-Match", etag}, 304, ""},
		{"/", []string{"Range", "bytes=0-5"}, 206, string(page[:6])},
		{"/", []string{"Range", "bytes=99999999-"}, 416, ""},
		{"/assets/app.css", []string{"Accept-Encoding", "gzip"}, 200, ""},
		// The description's path parameter holds the folder escaped.
		{"/assets/examples%2Fbeijing-finance-2021.json", []string{"Accept-Encoding", "gzip"}, 200, ""},
		{"/assets/nothing.js", nil, 404, ""},
	}
	for _, tt := range tests {
		resp, body := ts.do(t, http.MethodGet, tt.path, "", nil, tt.header...)
		if resp.StatusCode != tt.status || (tt.body != "" && string(body) != tt.body) {
			t.Errorf("%s %v: %d %.40q, want %d %.40q", tt.path, tt.header, resp.StatusCode, body, tt.status, tt.body)
		}
	}
}
