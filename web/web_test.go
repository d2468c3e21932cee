package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/examples"
)

func get(t *testing.T, h http.Handler, path string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	resp := rec.Result()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

func TestHandler(t *testing.T) {
	h := Handler()
	tests := []struct {
		path   string
		status int
		ctype  string
		has    string
	}{
		{"/", 200, "text/html; charset=utf-8", `<html lang="zh-CN">`},
		{"/assets/app.js", 200, "text/javascript; charset=utf-8", "'use strict'"},
		{"/assets/app.css", 200, "text/css; charset=utf-8", ":root"},
		{ExamplePath, 200, "application/json", "北京市地方金融监督管理局"},
		{"/assets/nope.js", 404, "text/plain; charset=utf-8", "没有这个文件"},
		{"/assets/", 404, "text/plain; charset=utf-8", "没有这个文件"},
		{"/index.html", 404, "text/plain; charset=utf-8", "没有这个文件"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, body := get(t, h, tt.path)
			if resp.StatusCode != tt.status || resp.Header.Get("Content-Type") != tt.ctype || !bytes.Contains(body, []byte(tt.has)) {
				t.Errorf("%d %q, %.80q", resp.StatusCode, resp.Header.Get("Content-Type"), body)
			}
		})
	}
	resp, _ := get(t, h, "/")
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-src 'self' blob:") {
		t.Errorf("Content-Security-Policy %q", csp)
	}
}

// TestCompressionAndRevalidation checks that a browser gets the files
// gzip-encoded and that a repeat visit costs a 304.
func TestCompressionAndRevalidation(t *testing.T) {
	h := Handler()
	resp, body := get(t, h, ExamplePath, "Accept-Encoding", "br, gzip")
	if resp.Header.Get("Content-Encoding") != "gzip" || len(body) >= len(examples.Reference)/3 {
		t.Fatalf("encoding %q, %d bytes", resp.Header.Get("Content-Encoding"), len(body))
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if !bytes.Equal(plain, examples.Reference) {
		t.Error("the gzip body is not the example")
	}
	etag := resp.Header.Get("ETag")
	if resp, _ := get(t, h, ExamplePath, "If-None-Match", etag); resp.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation: %d", resp.StatusCode)
	}
	if resp, _ := get(t, h, "/", "Accept-Encoding", "gzip;q=0"); resp.Header.Get("Content-Encoding") != "" {
		t.Error("gzip sent though refused")
	}
}

func TestAcceptsGzip(t *testing.T) {
	tests := []struct {
		header string
		want   bool
	}{
		{"", false},
		{"gzip", true},
		{"gzip, deflate, br, zstd", true},
		{"br;q=1.0, GZIP;q=0.5", true},
		{"gzip;q=0", false},
		{"identity", false},
	}
	for _, tt := range tests {
		if got := acceptsGzip(tt.header); got != tt.want {
			t.Errorf("acceptsGzip(%q) = %v", tt.header, got)
		}
	}
}
