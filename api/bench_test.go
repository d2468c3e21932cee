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
// each request, less the connection. The same input comes again and
// again, as in the load test, and its evaluation is kept (evalCache);
// the -uncached cases evaluate each request's input.
func BenchmarkServeRender(b *testing.B) {
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := New(Config{Write: export.Write, Logger: logger})
	if err != nil {
		b.Fatal(err)
	}
	uncached, err := New(Config{Write: export.Write, Logger: logger, EvalCache: -1})
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name, file, query string
		s                 *Server
	}{
		{"reference-table1", "../examples/beijing-finance-2021.json", "?format=pdf&part=table:1", s},
		{"minimal", "../examples/minimal-self-assessment.json", "?format=pdf", s},
		{"reference-table1-uncached", "../examples/beijing-finance-2021.json", "?format=pdf&part=table:1", uncached},
	} {
		h := bc.s.Handler()
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
