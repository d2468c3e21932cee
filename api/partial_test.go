package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"slices"
	"testing"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
)

// readTestdata reads a disclosure of export's test data: partial.json
// has an invalid first table (a score over its weight) and a valid
// second one; both tables of all-invalid.json are invalid.
func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("../export/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestRenderPartial(t *testing.T) {
	ts := newTestServer(t, Config{MaxBody: 1 << 20, Write: export.Write})
	partial, allInvalid := readTestdata(t, "partial.json"), readTestdata(t, "all-invalid.json")
	const first, second = "/selfAssessments/0/indicators/0/score", "/selfAssessments/1/indicators/1/score"
	for _, tt := range []struct {
		name    string
		query   string
		body    []byte
		status  int
		errors  []string // the paths of the errors of a 422
		skipped string   // X-Jixiao-Skipped-Parts
		others  string   // X-Jixiao-Invalid-Parts
	}{
		{"the valid table", "?part=table:2", partial, 200, nil, "", "table:1"},
		{"the valid table as a workbook", "?part=table:2&format=xlsx", partial, 200, nil, "", "table:1"},
		{"the invalid table", "?part=table:1", partial, 422, []string{first}, "", ""},
		{"the whole disclosure", "", partial, 422, []string{first}, "", ""},
		{"skip invalid", "?skipInvalid=true", partial, 200, nil, "table:1", ""},
		{"skip invalid as OFD", "?skipInvalid=true&format=ofd", partial, 200, nil, "table:1", ""},
		{"skip invalid, none valid", "?skipInvalid=true", allInvalid, 422, []string{first, second}, "", ""},
		{"skip invalid of a valid input", "?skipInvalid=1", table(0), 200, nil, "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := ts.post(t, pathRender+tt.query, tt.body)
			if tt.status == 422 {
				p := problem(t, resp, body, 422, "validation-failed")
				var paths []string
				for _, e := range p.Errors {
					paths = append(paths, e.Path)
				}
				if !slices.Equal(paths, tt.errors) {
					t.Errorf("errors %v, want %v", paths, tt.errors)
				}
				return
			}
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			if got := resp.Header.Get("X-Jixiao-Skipped-Parts"); got != tt.skipped {
				t.Errorf("X-Jixiao-Skipped-Parts %q, want %q", got, tt.skipped)
			}
			if got := resp.Header.Get("X-Jixiao-Invalid-Parts"); got != tt.others {
				t.Errorf("X-Jixiao-Invalid-Parts %q, want %q", got, tt.others)
			}
			// The PDF names the skipped parts in its document information
			// (export's tests read them in every format).
			if resp.Header.Get("Content-Type") != export.PDF.MediaType {
				return
			}
			if marked := bytes.Contains(body, []byte("/JixiaoSkipped")); marked != (tt.skipped != "") {
				t.Errorf("the document names skipped parts: %v", marked)
			}
		})
	}
	resp, body := ts.post(t, pathRender+"?skipInvalid=perhaps", partial)
	problem(t, resp, body, 400, "bad-parameter")
}

func TestBatchSkipInvalid(t *testing.T) {
	ts := newTestServer(t, Config{MaxBody: 1 << 20, Write: export.Write})
	compact := func(data []byte) []byte {
		var b bytes.Buffer
		if err := json.Compact(&b, data); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	in := ndjsonBody(compact(readTestdata(t, "partial.json")), compact(readTestdata(t, "all-invalid.json")))
	for _, tt := range []struct {
		query    string
		statuses []string
		skipped  int
	}{
		{"?format=pdf", []string{"invalid", "invalid"}, 0},
		{"?format=pdf&skipInvalid=true", []string{"ok", "invalid"}, 1},
		{"?format=pdf&part=table:2", []string{"ok", "invalid"}, 1},
	} {
		t.Run(tt.query, func(t *testing.T) {
			resp, body := ts.do(t, http.MethodPost, pathBatch+tt.query, "application/x-ndjson", in)
			if resp.StatusCode != 200 {
				t.Fatalf("%d %s", resp.StatusCode, body)
			}
			files, m := unzip(t, body)
			var got []string
			for _, e := range m.Inputs {
				got = append(got, e.Status)
			}
			if !slices.Equal(got, tt.statuses) {
				t.Errorf("statuses %v, want %v", got, tt.statuses)
			}
			var raw struct {
				Inputs []struct {
					Skipped []evaluation.InvalidPart `json:"skipped"`
				} `json:"inputs"`
			}
			if err := json.Unmarshal(files["manifest.json"], &raw); err != nil {
				t.Fatal(err)
			}
			if n := len(raw.Inputs[0].Skipped); n != tt.skipped {
				t.Errorf("%d skipped parts listed, want %d", n, tt.skipped)
			}
			if tt.skipped > 0 && raw.Inputs[0].Skipped[0].Pointer != "/selfAssessments/0" {
				t.Errorf("skipped %+v", raw.Inputs[0].Skipped)
			}
		})
	}
}

// TestValidatePartialFigures: the 422 of an input with invalid parts
// carries the figures of the valid ones, null for the others, and names
// the invalid parts.
func TestValidatePartialFigures(t *testing.T) {
	ts := newTestServer(t, Config{MaxBody: 1 << 20})
	resp, body := ts.post(t, pathValidate, readTestdata(t, "partial.json"))
	problem(t, resp, body, 422, "validation-failed")
	var got struct {
		Result struct {
			Tables []*struct {
				Total string `json:"total"`
				Grade string `json:"grade"`
			} `json:"selfAssessments"`
		} `json:"result"`
		InvalidParts []evaluation.InvalidPart `json:"invalidParts"`
	}
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if tb := got.Result.Tables; len(tb) != 2 || tb[0] != nil || tb[1] == nil || tb[1].Total == "" || tb[1].Grade == "" {
		t.Errorf("result tables %+v: want table 1 null, table 2 with its total and grade", tb)
	}
	if ip := got.InvalidParts; len(ip) != 1 || ip[0].Name != "table:1" || len(ip[0].Problems) != 1 {
		t.Errorf("invalidParts %+v", ip)
	}
	// A wholly invalid input has no figures to give, but says which
	// parts are invalid, all of them.
	resp, body = ts.post(t, pathValidate, readTestdata(t, "all-invalid.json"))
	problem(t, resp, body, 422, "validation-failed")
	if bytes.Contains(body, []byte(`"result"`)) {
		t.Errorf("all-invalid answer has figures: %s", body)
	}
	got.InvalidParts = nil
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if ip := got.InvalidParts; len(ip) != 2 || ip[0].Name != "table:1" || ip[1].Name != "table:2" || len(ip[0].Problems) != 1 || len(ip[1].Problems) != 1 {
		t.Errorf("all-invalid: invalidParts %+v, want both tables with one error each", ip)
	}
}

// TestRenderWithoutFindings checks a page render that shows no findings,
// which is evaluated without the audit: its document is the one a full
// evaluation gives, byte for byte; and when the answer is the 422, its
// findings are all there.
func TestRenderWithoutFindings(t *testing.T) {
	ts := newTestServer(t, Config{MaxBody: 1 << 20, Write: export.Write})
	ref, err := os.ReadFile("../examples/beijing-finance-2021.json")
	if err != nil {
		t.Fatal(err)
	}
	full := evaluation.Evaluate(ref, nil)
	if len(full.Findings) == 0 {
		t.Fatal("the reference has no findings")
	}
	for _, part := range []string{"table:1", "department"} {
		resp, body := ts.post(t, pathRender+"?format=pdf&part="+part, ref)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %s", part, resp.StatusCode, body)
		}
		var want bytes.Buffer
		o, err := export.Query{Format: "pdf", Part: part}.Options()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := export.Render(t.Context(), &want, full, o); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(body, want.Bytes()) {
			t.Errorf("%s: the PDF differs from the fully evaluated one (%d and %d bytes)", part, len(body), want.Len())
		}
	}
	// An over-weight score in table 1: its render is the 422, which lists
	// the errors and every finding of the input.
	i := bytes.Index(ref, []byte(`"selfAssessments"`))
	i += bytes.Index(ref[i:], []byte(`"score": "`))
	bad := slices.Concat(ref[:i], []byte(`"score": "1000`), ref[i+len(`"score": "`):])
	want := evaluation.Evaluate(bad, nil)
	resp, body := ts.post(t, pathRender+"?format=pdf&part=table:1", bad)
	pr := problem(t, resp, body, 422, "validation-failed")
	if len(pr.Findings) == 0 || len(pr.Findings) != len(want.Findings) || len(pr.Errors) != len(want.Problems) {
		t.Errorf("422 with %d errors and %d findings, want %d and %d", len(pr.Errors), len(pr.Findings), len(want.Problems), len(want.Findings))
	}
}
