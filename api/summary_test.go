package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
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

// TestBatchCharts asks the progress stream for the summary's charts: the
// end event carries them as SVG, with no script and no external
// reference; without the progress stream the parameter is refused.
func TestBatchCharts(t *testing.T) {
	ts := newTestServer(t, Config{MaxBody: 1 << 20})
	body := ndjsonBody(table(0), table(1))
	resp, out := ts.do(t, http.MethodPost, pathBatch+"?format=pdf&progress=ndjson&charts=svg", "application/x-ndjson", body)
	if resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, out)
	}
	var end struct {
		Type   string   `json:"type"`
		Charts []string `json:"charts"`
	}
	lines := bytes.Split(bytes.TrimSpace(out), []byte("\n"))
	if err := json.Unmarshal(lines[len(lines)-1], &end); err != nil || end.Type != "end" {
		t.Fatalf("last event %s: %v", lines[len(lines)-1], err)
	}
	if len(end.Charts) != 5 {
		t.Fatalf("%d charts", len(end.Charts))
	}
	for _, c := range end.Charts {
		if !strings.HasPrefix(c, "<svg ") || strings.Contains(c, "<script") || strings.Contains(c, "href") {
			t.Errorf("chart %.200s", c)
		}
	}
	if !strings.Contains(end.Charts[0], "自评等级分布") {
		t.Errorf("the first chart is not the grades': %.300s", end.Charts[0])
	}
	if resp, out := ts.do(t, http.MethodPost, pathBatch+"?charts=svg", "application/x-ndjson", body); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("charts without progress: %d %s", resp.StatusCode, out)
	}
}
