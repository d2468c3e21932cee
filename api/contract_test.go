package api

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/jixiao/jixiao/batch"
)

// The served description, loaded and routed once: every test server
// serves the same one. Its objects are closed (closeObjects), so that a
// field the server sends and the description does not name fails too.
var servedDescription = sync.OnceValues(func() (*description, error) {
	data, err := openAPIDocument()
	if err != nil {
		return nil, err
	}
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	closeObjects(doc)
	if data, err = json.Marshal(doc); err != nil {
		return nil, err
	}
	return loadDescription(data)
})

// closeObjects adds unevaluatedProperties: false to every object schema
// in v that lists properties and says nothing of others: an open object is
// the description's promise to clients that fields may be added, not
// leave for the server to send fields it does not describe.
func closeObjects(v any) {
	switch x := v.(type) {
	case map[string]any:
		_, props := x["properties"].(map[string]any)
		_, additional := x["additionalProperties"]
		_, unevaluated := x["unevaluatedProperties"]
		if x["type"] == "object" && props && !additional && !unevaluated {
			x["unevaluatedProperties"] = false
		}
		for _, e := range x {
			closeObjects(e)
		}
	case []any:
		for _, e := range x {
			closeObjects(e)
		}
	}
}

func init() {
	// The media types the description has that openapi3filter does not
	// decode by itself.
	for _, text := range []string{"text/html", "text/javascript", "text/css"} {
		openapi3filter.RegisterBodyDecoder(text, openapi3filter.PlainBodyDecoder)
	}
	for _, nd := range ndjsonTypes {
		openapi3filter.RegisterBodyDecoder(nd, decodeNDJSON)
	}
	openapi3filter.RegisterBodyDecoder("application/json", decodeJSONBody)
}

// decodeJSONBody is openapi3filter's JSON decoder, less a leading byte
// order mark, which RFC 8259 lets a parser ignore and the server does.
func decodeJSONBody(body io.Reader, h http.Header, schema *openapi3.SchemaRef, enc openapi3filter.EncodingFn) (any, error) {
	data, err := io.ReadAll(body)
	if err != nil {
		return nil, err
	}
	return openapi3filter.JSONBodyDecoder(bytes.NewReader(bytes.TrimPrefix(data, utf8BOM)), h, schema, enc)
}

var utf8BOM = []byte("\xEF\xBB\xBF")

// decodeNDJSON reads newline-delimited JSON the way the description
// describes it: the media type's schema is that of each line. It checks
// every line and returns the first, which the caller checks again.
func decodeNDJSON(body io.Reader, _ http.Header, schema *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
	data, err := io.ReadAll(body)
	if err != nil {
		return nil, err
	}
	var lines []any
	for i, line := range bytes.Split(bytes.TrimPrefix(data, utf8BOM), []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		v, err := decodeJSON(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", i+1, err)
		}
		lines = append(lines, v)
	}
	if len(lines) == 0 {
		return nil, errors.New("no line")
	}
	// One array of the lines costs one compilation of the schema, not one
	// a line.
	each := openapi3.NewArraySchema().WithItems(schema.Value)
	if err := each.VisitJSON(lines, openapi3.EnableJSONSchema2020()); err != nil {
		return nil, fmt.Errorf("the lines, counted from 0: %w", err)
	}
	return lines[0], nil
}

// description is an OpenAPI description with its router.
type description struct {
	doc    *openapi3.T
	router routers.Router
}

func loadDescription(data []byte) (*description, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("validate: %w", err)
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("router: %w", err)
	}
	return &description{doc: doc, router: router}, nil
}

// contract checks every exchange that passes through its handler against
// a description, and collects what disagrees.
type contract struct {
	desc *description
	mu   sync.Mutex
	errs []string
}

// checkContract wraps h so that every request and response is checked
// against the served description; the test fails, once its server is
// closed, on every exchange that disagrees.
func checkContract(t *testing.T, h http.Handler) (http.Handler, *contract) {
	t.Helper()
	desc, err := servedDescription()
	if err != nil {
		t.Fatalf("the served description: %v", err)
	}
	c := &contract{desc: desc}
	return c.wrap(h), c
}

func (c *contract) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent := r.Clone(context.WithoutCancel(r.Context()))
		body := &recordedBody{ReadCloser: r.Body}
		r.Body = body
		rec := &recordedResponse{ResponseWriter: w}
		h.ServeHTTP(rec, r)
		if r.Context().Err() != nil {
			return // the client went away: no whole answer to check
		}
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		sent.Body = io.NopCloser(bytes.NewReader(body.buf.Bytes()))
		if err := c.desc.check(sent, rec); err != nil {
			c.mu.Lock()
			c.errs = append(c.errs, fmt.Sprintf("%s %s → %d: %v", sent.Method, sent.URL, rec.status, err))
			c.mu.Unlock()
		}
	})
}

// report fails t with what disagreed.
func (c *contract) report(t *testing.T) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range c.errs {
		if len(e) > 3000 { // the validator quotes whole bodies
			e = strings.ToValidUTF8(e[:3000], "") + " …"
		}
		t.Errorf("the description and the server disagree: %s", e)
	}
}

// check compares one exchange with the description: the response must be
// one it describes (status, content type, headers, body), and a request
// the server answered with success must be one it allows.
func (d *description) check(req *http.Request, resp *recordedResponse) error {
	route, params, err := d.router.FindRoute(req)
	if err != nil {
		return d.checkUnrouted(req, err, resp)
	}
	opts := &openapi3filter.Options{
		AuthenticationFunc:    openapi3filter.NoopAuthenticationFunc,
		SkipSettingDefaults:   true,
		IncludeResponseStatus: true,
		MultiError:            true,
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
	ctx := context.Background()
	content, err := resp.content()
	if err != nil {
		return err
	}
	if resp.status < 300 {
		if err := openapi3filter.ValidateRequest(ctx, in); err != nil && !reportsInvalidInput(route.Operation, resp.Header(), content) {
			return fmt.Errorf("the server accepted a request the description refuses: %w", err)
		}
	}
	if resp.status == http.StatusUnsupportedMediaType {
		if err := openapi3filter.ValidateRequest(ctx, in); err == nil {
			return fmt.Errorf("the server refused the content type %q, which the description accepts", req.Header.Get("Content-Type"))
		}
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 resp.status,
		Header:                 resp.Header(),
		Options:                opts,
	}
	out.SetBodyBytes(content)
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		return err
	}
	return d.checkContent(route.Operation, resp, content)
}

// checkContent checks what ValidateResponse does not: that there is no
// body where the description describes none, and that the manifest of a
// batch's archive is a Manifest.
func (d *description) checkContent(op *openapi3.Operation, resp *recordedResponse, content []byte) error {
	if len(content) == 0 {
		return nil
	}
	described := op.Responses.Status(resp.status)
	if described == nil || described.Value == nil {
		return nil // ValidateResponse has already refused it
	}
	ctype := resp.Header().Get("Content-Type")
	if len(described.Value.Content) == 0 {
		return fmt.Errorf("the response has a %s body of %d bytes; the description gives it none", ctype, len(content))
	}
	if ctype != "application/zip" || resp.status != http.StatusOK {
		return nil // a part of an archive (206) has no manifest to read
	}
	data, err := archivedManifest(content)
	if err != nil {
		return err
	}
	manifest, err := decodeJSON(data)
	if err != nil {
		return fmt.Errorf("%s: %w", batch.ManifestName, err)
	}
	if err := d.doc.Components.Schemas["Manifest"].Value.VisitJSON(manifest, openapi3.EnableJSONSchema2020(), openapi3.VisitAsResponse()); err != nil {
		return fmt.Errorf("%s: %w", batch.ManifestName, err)
	}
	return nil
}

// checkUnrouted checks the answer to a request for no operation of the
// description: a problem saying so.
func (d *description) checkUnrouted(req *http.Request, routeErr error, resp *recordedResponse) error {
	want := http.StatusNotFound
	switch {
	case req.Method == http.MethodOptions && req.Header.Get("Access-Control-Request-Method") != "":
		// A CORS preflight asks the browser's question, not the API's.
		return nil
	case errors.Is(routeErr, routers.ErrMethodNotAllowed):
		want = http.StatusMethodNotAllowed
	case !errors.Is(routeErr, routers.ErrPathNotFound):
		return fmt.Errorf("route: %w", routeErr)
	}
	if resp.status != want {
		return fmt.Errorf("%v, yet the server answered %d", routeErr, resp.status)
	}
	if ct := resp.Header().Get("Content-Type"); ct != "application/problem+json" {
		return fmt.Errorf("%v: answered %q, not a problem", routeErr, ct)
	}
	problem := d.doc.Components.Schemas["Problem"]
	value, err := decodeJSON(resp.body.Bytes())
	if err != nil {
		return err
	}
	return problem.Value.VisitJSON(value, openapi3.EnableJSONSchema2020(), openapi3.VisitAsResponse())
}

func decodeJSON(data []byte) (any, error) {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, fmt.Errorf("body: %w", err)
	}
	return v, nil
}

// reportsInvalidInput reports whether a batch's answer lists an input as
// invalid or ends early: a batch answers 200 to inputs the description
// refuses, and says so in its manifest.
func reportsInvalidInput(op *openapi3.Operation, h http.Header, body []byte) bool {
	if op.OperationID == "submitJob" {
		// A job takes what a batch takes, and its archive's manifest,
		// checked when it is fetched, lists the invalid inputs.
		return true
	}
	if op.OperationID != "batch" {
		return false
	}
	var outcome struct {
		Complete bool `json:"complete"`
		Summary  struct {
			Invalid int `json:"invalid"`
		} `json:"summary"`
	}
	switch h.Get("Content-Type") {
	case "application/zip":
		data, err := archivedManifest(body)
		if err != nil || json.Unmarshal(data, &outcome) != nil {
			return false
		}
	case "application/x-ndjson":
		lines := bytes.Split(bytes.TrimSpace(body), []byte("\n"))
		if json.Unmarshal(lines[len(lines)-1], &outcome) != nil {
			return false
		}
	default:
		return false
	}
	return outcome.Summary.Invalid > 0 || !outcome.Complete
}

// archivedManifest returns the manifest of a batch's archive.
func archivedManifest(archive []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		return nil, fmt.Errorf("the archive: %w", err)
	}
	f, err := zr.Open(batch.ManifestName)
	if err != nil {
		return nil, fmt.Errorf("the archive: %w", err)
	}
	defer f.Close()
	return io.ReadAll(f)
}

// recordedBody keeps the bytes of a request body as the handler reads
// them.
type recordedBody struct {
	io.ReadCloser
	buf bytes.Buffer
}

func (b *recordedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.buf.Write(p[:n])
	return n, err
}

// recordedResponse passes a response on as it is written, streaming and
// flushing included, and keeps a copy.
type recordedResponse struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

// content is the response body less its content coding.
func (r *recordedResponse) content() ([]byte, error) {
	switch coding := r.Header().Get("Content-Encoding"); coding {
	case "":
		return r.body.Bytes(), nil
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(r.body.Bytes()))
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		return io.ReadAll(zr)
	default:
		return nil, fmt.Errorf("content coding %q", coding)
	}
}

func (r *recordedResponse) WriteHeader(status int) {
	if r.status == 0 && status >= 200 {
		r.status = status
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *recordedResponse) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	r.body.Write(p)
	return r.ResponseWriter.Write(p)
}

func (r *recordedResponse) Flush() { http.NewResponseController(r.ResponseWriter).Flush() }

// Unwrap lets http.ResponseController reach the connection (deadlines,
// full duplex).
func (r *recordedResponse) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// zipOf is an archive of the given files, in order.
func zipOf(t *testing.T, files ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(files); i += 2 {
		w, err := zw.Create(files[i])
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, files[i+1])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestContract checks that the contract lets described exchanges pass
// and reports each kind of disagreement.
func TestContract(t *testing.T) {
	const problemJSON = `{"type": "https://github.com/jixiao/jixiao/blob/main/docs/api.md#x", "title": "x", "status": %d, "requestId": "r"}`
	manifest := func(entry string, invalid int) string {
		return fmt.Sprintf(`{"generator": "jixiao", "created": "2026-01-05T08:00:00Z", "formats": ["pdf"], "part": "all", "figures": "computed",
			"complete": true, "error": null, "summary": {"inputs": 1, "ok": %d, "invalid": %d, "failed": 0, "files": 0, "pages": 0, "bytes": 0},
			"inputs": [%s]}`, 1-invalid, invalid, entry)
	}
	okEntry := `{"index": 0, "source": "body:1", "status": "ok", "files": [], "errors": [], "findings": []}`
	invalidEntry := `{"index": 0, "source": "body:1", "status": "invalid", "files": [], "errors": [{"path": "", "code": "syntax", "message": "m", "messageEn": "m"}], "findings": []}`
	table := string(table(0))
	tests := []struct {
		name         string
		method, path string
		reqType      string
		reqBody      string
		reqHeader    []string
		status       int
		respType     string
		respBody     string
		want         string // in the reported disagreement; empty for none
	}{
		{name: "described", method: "GET", path: pathHealth, status: 200, respType: "application/json", respBody: `{"status": "ok"}`},
		{name: "undescribed status", method: "GET", path: pathHealth, status: 418, respType: "application/json", respBody: `{"status": "ok"}`, want: "status is not supported"},
		{name: "undescribed content type", method: "GET", path: pathHealth, status: 200, respType: "text/plain", respBody: "ok", want: "Content-Type"},
		{name: "body off its schema", method: "GET", path: pathHealth, status: 200, respType: "application/json", respBody: `{"status": "fine"}`, want: "doesn't match schema"},
		{name: "undescribed field", method: "GET", path: pathHealth, status: 200, respType: "application/json", respBody: `{"status": "ok", "uptime": 3}`, want: "uptime"},
		{name: "body where none is described", method: "GET", path: "/", reqHeader: []string{"If-None-Match", `"a"`}, status: 304, respType: "text/html", respBody: "<p>", want: "gives it none"},
		{name: "a request the description refuses, accepted", method: "POST", path: pathValidate, reqType: "application/json", reqBody: `{"department": 1, "year": 2021, "selfAssessments": []}`,
			status: 200, respType: "application/json", respBody: `{"valid": true, "errors": [], "findings": []}`, want: "accepted a request"},
		{name: "a request the description refuses, refused", method: "POST", path: pathValidate, reqType: "application/json", reqBody: `{"department": 1}`,
			status: 422, respType: "application/problem+json", respBody: fmt.Sprintf(problemJSON, 422)},
		{name: "a described content type refused", method: "POST", path: pathValidate, reqType: "application/json", reqBody: table,
			status: 415, respType: "application/problem+json", respBody: fmt.Sprintf(problemJSON, 415), want: "refused the content type"},
		{name: "an undescribed content type refused", method: "POST", path: pathValidate, reqType: "text/csv", reqBody: "a,b",
			status: 415, respType: "application/problem+json", respBody: fmt.Sprintf(problemJSON, 415)},
		{name: "an undescribed parameter value accepted", method: "POST", path: pathRender + "?format=docx", reqType: "application/json", reqBody: table,
			status: 200, respType: "application/pdf", respBody: "%PDF-", want: "accepted a request"},
		{name: "no such path", method: "GET", path: "/nothing", status: 404, respType: "application/problem+json", respBody: fmt.Sprintf(problemJSON, 404)},
		{name: "no such path, answered", method: "GET", path: "/nothing", status: 200, respType: "text/plain", respBody: "ok", want: "no matching operation"},
		{name: "no such path, not a problem", method: "GET", path: "/nothing", status: 404, respType: "text/plain", respBody: "no", want: "not a problem"},
		{name: "no such method", method: "DELETE", path: pathHealth, status: 405, respType: "application/problem+json", respBody: fmt.Sprintf(problemJSON, 405)},
		{name: "CORS preflight", method: "OPTIONS", path: pathRender, reqHeader: []string{"Access-Control-Request-Method", "POST"}, status: 204},
		{name: "manifest", method: "POST", path: pathBatch, reqType: "application/x-ndjson", reqBody: table,
			status: 200, respType: "application/zip", respBody: string(zipOf(t, "manifest.json", manifest(okEntry, 0)))},
		{name: "manifest off its schema", method: "POST", path: pathBatch, reqType: "application/x-ndjson", reqBody: table,
			status: 200, respType: "application/zip", respBody: string(zipOf(t, "manifest.json", manifest(`{"index": 0}`, 0))), want: "manifest.json"},
		{name: "no manifest", method: "POST", path: pathBatch, reqType: "application/x-ndjson", reqBody: table,
			status: 200, respType: "application/zip", respBody: string(zipOf(t, "a.pdf", "%PDF-")), want: "manifest.json"},
		{name: "an invalid input the batch reports", method: "POST", path: pathBatch, reqType: "application/x-ndjson", reqBody: table + "\n{\n",
			status: 200, respType: "application/zip", respBody: string(zipOf(t, "manifest.json", manifest(invalidEntry, 1)))},
		{name: "an invalid input the batch does not report", method: "POST", path: pathBatch, reqType: "application/x-ndjson", reqBody: table + "\n{\n",
			status: 200, respType: "application/zip", respBody: string(zipOf(t, "manifest.json", manifest(okEntry, 0))), want: "accepted a request"},
		{name: "progress", method: "POST", path: pathBatch + "?progress=ndjson", reqType: "application/x-ndjson", reqBody: table,
			status: 200, respType: "application/x-ndjson", respBody: `{"type":"zip","data":"UEsDBA=="}` + "\n" + `{"type":"input","index":0,"source":"body:1","status":"ok"}` + "\n" +
				`{"type":"end","complete":true,"summary":{"inputs":1,"ok":1,"invalid":0,"failed":0,"files":0,"pages":0,"bytes":0}}` + "\n"},
		{name: "progress event off its schema", method: "POST", path: pathBatch + "?progress=ndjson", reqType: "application/x-ndjson", reqBody: table,
			status: 200, respType: "application/x-ndjson", respBody: `{"type":"zip","data":"UEsDBA=="}` + "\n" + `{"type":"done"}` + "\n", want: "at '/1'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			answer := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				io.Copy(io.Discard, r.Body)
				if tt.respType != "" {
					w.Header().Set("Content-Type", tt.respType)
				}
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.respBody)
			})
			h, c := checkContract(t, answer)
			req := httptest.NewRequest(tt.method, tt.path, strings.NewReader(tt.reqBody))
			if tt.reqType != "" {
				req.Header.Set("Content-Type", tt.reqType)
			}
			for i := 0; i+1 < len(tt.reqHeader); i += 2 {
				req.Header.Set(tt.reqHeader[i], tt.reqHeader[i+1])
			}
			h.ServeHTTP(httptest.NewRecorder(), req)
			got := strings.Join(c.errs, "\n")
			switch {
			case tt.want == "" && got != "":
				t.Errorf("reported %s", got)
			case tt.want != "" && !strings.Contains(got, tt.want):
				t.Errorf("reported %q, want %q", got, tt.want)
			}
		})
	}
}
