package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestRenderFormatFromExtension: -o x.ofd writes an OFD package, -o x.pdf
// a PDF, without --format.
func TestRenderFormatFromExtension(t *testing.T) {
	dir := t.TempDir()
	for ext, magic := range map[string]string{".ofd": "PK\x03\x04", ".pdf": "%PDF-"} {
		out := filepath.Join(dir, "table"+ext)
		var stderr bytes.Buffer
		if code := run([]string{"render", "--part", "table:1", "-o", out, "../../examples/beijing-finance-2021.json"}, nil, io.Discard, &stderr); code != 0 {
			t.Fatalf("render %s: exit %d: %s", ext, code, stderr.String())
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(data, []byte(magic)) {
			t.Errorf("%s: starts with %q", ext, data[:8])
		}
		if ext == ".ofd" && !bytes.Contains(data, []byte("OFD.xml")) {
			t.Error("the OFD package has no OFD.xml")
		}
	}
}
