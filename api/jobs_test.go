package api

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jixiao/jixiao/batch/synth"
	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/internal/pgtest"
	"github.com/jixiao/jixiao/jobs"
)

// jobServer starts a test server with jobs in a temporary data folder,
// its workers working.
func jobServer(t *testing.T, cfg Config) *testServer {
	t.Helper()
	if cfg.Jobs.Database == "" {
		cfg.Jobs.DataDir = t.TempDir()
	}
	if cfg.Jobs.UnitSize == 0 {
		cfg.Jobs.UnitSize = 3
	}
	ts := newTestServer(t, cfg)
	if err := ts.jobs.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ts.jobs.Stop(context.Background())
		ts.Close()
	})
	return ts
}

func decodeJob(t *testing.T, resp *http.Response, body []byte, status int) jobs.Job {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("status %d, want %d: %s", resp.StatusCode, status, body)
	}
	var j jobs.Job
	if err := json.Unmarshal(body, &j); err != nil {
		t.Fatalf("job: %v: %s", err, body)
	}
	return j
}

// waitJob polls a job until it is finished.
func waitJob(t *testing.T, ts *testServer, id string, header ...string) jobs.Job {
	t.Helper()
	var j jobs.Job
	waitFor(t, "the job to finish", func() bool {
		resp, body := ts.do(t, "GET", pathJobs+"/"+id, "", nil, header...)
		j = decodeJob(t, resp, body, 200)
		return j.State != jobs.StateQueued && j.State != jobs.StateRunning
	})
	return j
}

// mixedInputs are n disclosures as NDJSON, every fourth invalid.
func mixedInputs(n int) []byte {
	var docs [][]byte
	for i := range n {
		if i%4 == 2 {
			docs = append(docs, synth.Invalid(synth.Table, i))
		} else {
			docs = append(docs, table(i))
		}
	}
	return ndjsonBody(docs...)
}

func TestJobsAPI(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1767225600")
	ts := jobServer(t, Config{Write: export.Write})
	body := mixedInputs(10)
	const q = "?format=pdf,xlsx&figures=computed"

	resp, data := ts.do(t, "POST", pathJobs+q, "application/x-ndjson", body, "Idempotency-Key", "k-1")
	j := decodeJob(t, resp, data, http.StatusAccepted)
	if resp.Header.Get("Location") != pathJobs+"/"+j.ID || len(j.ID) != 32 || j.Progress.Total != 10 {
		t.Fatalf("submitted: Location %q, job %+v", resp.Header.Get("Location"), j)
	}
	resp, data = ts.do(t, "POST", pathJobs+q, "application/x-ndjson", body, "Idempotency-Key", "k-1")
	if again := decodeJob(t, resp, data, http.StatusAccepted); again.ID != j.ID {
		t.Errorf("the same Idempotency-Key made job %s, then %s", j.ID, again.ID)
	}

	j = waitJob(t, ts, j.ID)
	if j.State != jobs.StateDone || j.Progress != (jobs.Progress{Total: 10, Done: 10, Failed: 2}) {
		t.Fatalf("finished: %+v", j)
	}
	resp, zipped := ts.do(t, "GET", pathJobs+"/"+j.ID+"/result", "", nil)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/zip" || resp.Header.Get("ETag") != `"`+j.ID+`"` {
		t.Fatalf("result: %d %v", resp.StatusCode, resp.Header)
	}
	resp, want := ts.do(t, "POST", pathBatch+q, "application/x-ndjson", body)
	if resp.StatusCode != 200 || !bytes.Equal(zipped, want) {
		t.Fatalf("the job's ZIP (%d bytes) differs from the batch's (%d bytes, status %d)", len(zipped), len(want), resp.StatusCode)
	}

	// A broken download resumes.
	cut := len(zipped) / 3
	resp, rest := ts.do(t, "GET", pathJobs+"/"+j.ID+"/result", "", nil, "Range", fmt.Sprintf("bytes=%d-", cut), "If-Range", `"`+j.ID+`"`)
	if resp.StatusCode != http.StatusPartialContent || !bytes.Equal(append(zipped[:cut:cut], rest...), zipped) {
		t.Errorf("resumed download: status %d, %d bytes", resp.StatusCode, len(rest))
	}

	resp, data = ts.do(t, "GET", pathJobs, "", nil)
	var list jobList
	if resp.StatusCode != 200 || json.Unmarshal(data, &list) != nil || len(list.Jobs) != 1 || list.Jobs[0].ID != j.ID {
		t.Errorf("list: %d %s", resp.StatusCode, data)
	}

	resp, data = ts.do(t, "DELETE", pathJobs+"/"+j.ID, "", nil)
	if resp.StatusCode != http.StatusNoContent {
		t.Errorf("delete: %d %s", resp.StatusCode, data)
	}
	resp, data = ts.do(t, "GET", pathJobs+"/"+j.ID, "", nil)
	problem(t, resp, data, 404, "not-found")
	resp, data = ts.do(t, "GET", pathJobs+"/"+j.ID+"/result", "", nil)
	problem(t, resp, data, 404, "not-found")
}

func TestJobsQueued(t *testing.T) {
	ts := jobServer(t, Config{APIKeys: []string{"key-one-0123456789", "key-two-0123456789"},
		Jobs: jobs.Config{Workers: -1, Limits: jobs.Limits{QueuedInputsPerOwner: 5}}})
	one := []string{"Authorization", "Bearer key-one-0123456789"}
	two := []string{"Authorization", "Bearer key-two-0123456789"}

	resp, data := ts.do(t, "POST", pathJobs, "application/x-ndjson", mixedInputs(4), one...)
	j := decodeJob(t, resp, data, http.StatusAccepted)
	resp, data = ts.do(t, "GET", pathJobs+"/"+j.ID+"/result", "", nil, one...)
	problem(t, resp, data, http.StatusConflict, "job-not-done")
	if resp.Header.Get("Retry-After") == "" {
		t.Error("no Retry-After for a queued job's result")
	}
	// Another key does not see it.
	resp, data = ts.do(t, "GET", pathJobs+"/"+j.ID, "", nil, two...)
	problem(t, resp, data, http.StatusNotFound, "not-found")
	resp, data = ts.do(t, "GET", pathJobs, "", nil, two...)
	if resp.StatusCode != 200 || !strings.Contains(string(data), `"jobs":[]`) {
		t.Errorf("another key's list: %s", data)
	}
	// The key's limit.
	resp, data = ts.do(t, "POST", pathJobs, "application/x-ndjson", mixedInputs(2), one...)
	problem(t, resp, data, http.StatusTooManyRequests, "too-many-jobs")
	if resp.Header.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
	resp, data = ts.do(t, "POST", pathJobs, "application/x-ndjson", mixedInputs(6), two...)
	problem(t, resp, data, http.StatusRequestEntityTooLarge, "body-too-large")

	resp, data = ts.do(t, "DELETE", pathJobs+"/"+j.ID, "", nil, one...)
	if c := decodeJob(t, resp, data, 200); c.State != jobs.StateCancelled {
		t.Errorf("cancelled: %+v", c)
	}
	resp, data = ts.do(t, "GET", pathJobs+"/"+j.ID+"/result", "", nil, one...)
	problem(t, resp, data, http.StatusConflict, "job-not-done")

	resp, data = ts.do(t, "POST", pathJobs+"?format=docx", "application/x-ndjson", mixedInputs(1), one...)
	problem(t, resp, data, http.StatusBadRequest, "bad-parameter")
	resp, data = ts.do(t, "POST", pathJobs, "application/x-ndjson", []byte("\n\n"), one...)
	problem(t, resp, data, http.StatusBadRequest, "malformed-json")
}

func TestJobsOff(t *testing.T) {
	ts := newTestServer(t, Config{})
	resp, data := ts.do(t, "GET", pathJobs, "", nil)
	problem(t, resp, data, http.StatusNotFound, "not-found")
}

// TestJobsReadiness checks that /readyz follows the jobs' database.
func TestJobsReadiness(t *testing.T) {
	pg := pgtest.Start(t)
	ts := jobServer(t, Config{Jobs: jobs.Config{Database: pg.URL, Workers: 1}})
	resp, data := ts.do(t, "GET", pathReady, "", nil)
	if resp.StatusCode != 200 {
		t.Fatalf("ready: %d %s", resp.StatusCode, data)
	}
	pg.Stop()
	resp, data = ts.do(t, "GET", pathReady, "", nil)
	p := problem(t, resp, data, http.StatusServiceUnavailable, "not-ready")
	if p.Checks["database"] != "unreachable" {
		t.Errorf("checks %v", p.Checks)
	}
}

// TestJobsSummary checks that a job takes a batch's summary, with the
// same ZIP, and keeps its charts when asked; and that progress, which is
// a batch's stream, is refused in both languages.
func TestJobsSummary(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1767225600")
	ts := jobServer(t, Config{})
	body := mixedInputs(7)
	const q = "?format=pdf&summary=xlsx"
	resp, data := ts.do(t, "POST", pathJobs+q+"&charts=svg", "application/x-ndjson", body)
	j := waitJob(t, ts, decodeJob(t, resp, data, http.StatusAccepted).ID)
	if j.State != jobs.StateDone || len(j.Charts) == 0 || !strings.HasPrefix(j.Charts[0], "<svg") {
		t.Fatalf("finished: state %s, %d charts", j.State, len(j.Charts))
	}
	_, zipped := ts.do(t, "GET", pathJobs+"/"+j.ID+"/result", "", nil)
	resp, want := ts.do(t, "POST", pathBatch+q, "application/x-ndjson", body)
	if resp.StatusCode != 200 || !bytes.Equal(zipped, want) {
		t.Fatalf("the job's ZIP (%d bytes) differs from the batch's (%d bytes, status %d)", len(zipped), len(want), resp.StatusCode)
	}
	if !bytes.Contains(zipped, []byte("summary.xlsx")) {
		t.Error("no summary.xlsx in the job's ZIP")
	}

	resp, data = ts.do(t, "POST", pathJobs+"?progress=ndjson", "application/x-ndjson", body)
	p := problem(t, resp, data, http.StatusBadRequest, "bad-parameter")
	if len(p.Errors) != 1 || !strings.Contains(p.Errors[0].Message, "progress") || !strings.Contains(p.Errors[0].MessageEN, "GET /api/v1/jobs/{id}") {
		t.Errorf("progress refused with %+v", p.Errors)
	}
	resp, data = ts.do(t, "POST", pathJobs+"?charts=png", "application/x-ndjson", body)
	problem(t, resp, data, http.StatusBadRequest, "bad-parameter")
}

// TestJobsSlowBody checks that a job's body must come at a batch's pace:
// one that stalls is answered 408 at the body timeout, and makes no job.
func TestJobsSlowBody(t *testing.T) {
	ts := jobServer(t, Config{BodyTimeout: 300 * time.Millisecond})
	body := mixedInputs(200)
	conn := rawRequest(t, ts.URL, pathJobs, "application/x-ndjson", body, minPace+100)
	resp, data := readStatus(t, conn)
	problem(t, resp, data, http.StatusRequestTimeout, "body-timeout")
	resp, data = ts.do(t, "GET", pathJobs, "", nil)
	if resp.StatusCode != 200 || !strings.Contains(string(data), `"jobs":[]`) {
		t.Errorf("jobs after a stalled submission: %s", data)
	}
}

// TestJobsPlainPDF checks that a job takes the PDF kind as a batch does:
// the same ZIP, its PDFs untagged, and a bad value refused at submission.
func TestJobsPlainPDF(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1767225600")
	ts := jobServer(t, Config{Write: export.Write})
	body := mixedInputs(4)
	const q = "?format=pdf&pdf=plain"
	resp, data := ts.do(t, "POST", pathJobs+q, "application/x-ndjson", body)
	j := waitJob(t, ts, decodeJob(t, resp, data, http.StatusAccepted).ID)
	if j.State != jobs.StateDone {
		t.Fatalf("finished: %+v", j)
	}
	_, zipped := ts.do(t, "GET", pathJobs+"/"+j.ID+"/result", "", nil)
	resp, want := ts.do(t, "POST", pathBatch+q, "application/x-ndjson", body)
	if resp.StatusCode != 200 || !bytes.Equal(zipped, want) {
		t.Fatalf("the job's ZIP (%d bytes) differs from the batch's (%d bytes, status %d)", len(zipped), len(want), resp.StatusCode)
	}
	zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatal(err)
	}
	pdfs := 0
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".pdf") {
			continue
		}
		pdfs++
		b, err := fs.ReadFile(zr, f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte("/StructTreeRoot")) || bytes.Contains(b, []byte("/AF")) {
			t.Errorf("%s: a plain PDF with a structure tree or embedded data", f.Name)
		}
	}
	if pdfs != 3 {
		t.Errorf("%d PDFs in the ZIP, want 3", pdfs)
	}

	resp, data = ts.do(t, "POST", pathJobs+"?pdf=tagged", "application/x-ndjson", body)
	problem(t, resp, data, http.StatusBadRequest, "bad-parameter")
}
