package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/jixiao/jixiao/batch"
	"github.com/jixiao/jixiao/batch/synth"
)

// TestBatchSummary asks a batch for its summary: the archive holds it
// in each format asked and the manifest lists it; a format that does not
// exist is refused before anything is read.
func TestBatchSummary(t *testing.T) {
	ts := newTestServer(t, Config{MaxBody: 1 << 20})
	body := ndjsonBody(table(0), synth.Invalid(synth.Table, 1), table(1))
	resp, out := ts.do(t, http.MethodPost, pathBatch+"?format=pdf&summary=pdf,xlsx", "application/x-ndjson", body)
	if resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, out)
	}
	files, _ := unzip(t, out)
	if !bytes.HasPrefix(files["summary.pdf"], []byte("%PDF")) || !bytes.HasPrefix(files["summary.xlsx"], []byte("PK")) {
		t.Errorf("no summary in the archive")
	}
	var m struct {
		SummaryFiles []batch.File `json:"summaryFiles"`
	}
	if err := json.Unmarshal(files[batch.ManifestName], &m); err != nil || len(m.SummaryFiles) != 2 {
		t.Errorf("manifest summaryFiles %+v %v", m.SummaryFiles, err)
	}
	if resp, out := ts.do(t, http.MethodPost, pathBatch+"?summary=docx", "application/x-ndjson", body); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("summary=docx: %d %s", resp.StatusCode, out)
	}
}
