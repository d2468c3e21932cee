package api

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/jixiao/jixiao/export"
)

// BenchmarkServeRender is one render request through the server's
// handler, without the network: what the load test's server does for
// each request, less the connection.
func BenchmarkServeRender(b *testing.B) {
	s, err := New(Config{Write: export.Write, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	h := s.Handler()
	for _, bc := range []struct{ name, file, query string }{
		{"reference-table1", "../examples/beijing-finance-2021.json", "?format=pdf&part=table:1"},
		{"minimal", "../examples/minimal-self-assessment.json", "?format=pdf"},
	} {
		data, err := os.ReadFile(bc.file)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, "/api/v1/render"+bc.query, bytes.NewReader(data))
				req.Header.Set("Content-Type", "application/json")
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("%d: %s", w.Code, w.Body)
				}
			}
		})
	}
}
