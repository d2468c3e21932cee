package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
)

func TestEvalCache(t *testing.T) {
	a := table(1)
	more := [][]byte{table(2), table(3), table(4), table(5)}
	longest := len(a)
	for _, m := range more {
		longest = max(longest, len(m))
	}
	c := newEvalCache(entryCost(longest) * 4) // room for four entries
	cfg := &evaluation.Config{}
	if c.get(a, cfg) != nil {
		t.Fatal("a report from an empty cache")
	}
	ra := evaluation.Evaluate(a, cfg)
	got := c.put(a, cfg, ra)
	if got == ra {
		t.Error("put gave back the report it keeps, not a copy")
	}
	hit := c.get(bytes.Clone(a), cfg)
	if hit == nil || hit.Disclosure != ra.Disclosure || hit == ra {
		t.Fatalf("get after put: %p, want a copy of %p", hit, ra)
	}
	// What one request appends is its own.
	hit.Findings = append(hit.Findings, evaluation.Finding{Code: "x"})
	if again := c.get(a, cfg); len(again.Findings) != len(ra.Findings) {
		t.Errorf("findings %d after another request appended, want %d", len(again.Findings), len(ra.Findings))
	}
	for _, other := range []*evaluation.Config{{Profile: "beijing"}, {NoFindings: true}} {
		if c.get(a, other) != nil {
			t.Errorf("a report for %+v from an entry of %+v", other, cfg)
		}
	}
	// Same length, another byte.
	a2 := bytes.Clone(a)
	a2[len(a2)-2] = ' '
	if c.get(a2, cfg) != nil {
		t.Error("a report for other bytes")
	}
	// Four more entries: the least recently used (a) goes.
	for _, m := range more {
		c.put(m, cfg, evaluation.Evaluate(m, cfg))
	}
	if c.get(a, cfg) != nil || len(c.entries) != 4 {
		t.Errorf("%d entries, a kept: the least recently used entry was not the one forgotten", len(c.entries))
	}
	for _, m := range more {
		if c.get(m, cfg) == nil {
			t.Error("an entry forgotten that had room")
		}
	}
	if c.size > c.max {
		t.Errorf("size %d over max %d", c.size, c.max)
	}
	// An input of more than a quarter of the cache is not kept.
	small := newEvalCache(entryCost(len(a)) * 3)
	small.put(a, cfg, ra)
	if small.get(a, cfg) != nil || len(small.entries) != 0 {
		t.Error("an input of more than a quarter of the cache was kept")
	}
	var none *evalCache
	if none.get(a, cfg) != nil || none.put(a, cfg, ra) != ra {
		t.Error("a nil cache keeps reports")
	}
}

// TestEvalCacheAnswers sends the same inputs, parts, formats and options
// at once, several times over, to a server that keeps evaluations and
// one that does not: the answers are the same bytes, and the reports the
// requests share are only read (the race detector watches).
func TestEvalCacheAnswers(t *testing.T) {
	cached := newTestServer(t, Config{MaxBody: 1 << 20, Write: export.Write, Concurrency: 8, Queue: 64})
	plain := newTestServer(t, Config{MaxBody: 1 << 20, Write: export.Write, Concurrency: 8, Queue: 64, EvalCache: -1})
	if cached.evals == nil || plain.evals != nil {
		t.Fatal("EvalCache not applied")
	}
	ref, partial := example(t), readTestdata(t, "partial.json")
	reqs := []struct {
		path string
		body []byte
	}{
		{"/api/v1/render?format=pdf&part=table:1", ref},
		{"/api/v1/render?format=xlsx&part=table:2", ref},
		{"/api/v1/render?format=ofd&part=table:3", ref},
		{"/api/v1/render?format=pdf&part=table:1&findings=appendix", ref},
		{"/api/v1/render?format=pdf&part=table:1&figures=declared&pdf=plain", ref},
		{"/api/v1/render?format=pdf&part=table:2", partial},
		{"/api/v1/render?format=pdf&part=table:1", partial},
		{"/api/v1/render?format=pdf&skipInvalid=true", partial},
		{"/api/v1/validate", partial},
		{"/api/v1/validate", table(3)},
	}
	type answer struct {
		status  int
		headers string
		body    []byte
	}
	ask := func(ts *testServer, i int) answer {
		resp, body := ts.post(t, reqs[i].path, reqs[i].body)
		var h string
		for _, k := range []string{"Content-Type", "Content-Disposition", "X-Jixiao-Pages", "X-Jixiao-Invalid-Parts", "X-Jixiao-Skipped-Parts"} {
			h += k + ": " + resp.Header.Get(k) + "\n"
		}
		if resp.StatusCode != http.StatusOK {
			// A problem names its request: compare the rest.
			var p map[string]any
			if err := json.Unmarshal(body, &p); err != nil {
				t.Fatalf("%s: %v: %s", reqs[i].path, err, body)
			}
			delete(p, "requestId")
			delete(p, "instance")
			body, _ = json.Marshal(p)
		}
		return answer{resp.StatusCode, h, body}
	}
	want := make([]answer, len(reqs))
	for i := range reqs {
		want[i] = ask(plain, i)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 3*len(reqs))
	for round := range 3 {
		for i := range reqs {
			wg.Go(func() {
				got := ask(cached, i)
				if got.status != want[i].status || got.headers != want[i].headers || !bytes.Equal(got.body, want[i].body) {
					errs <- fmt.Sprintf("round %d, %s: %d\n%s(%d bytes), want %d\n%s(%d bytes)", round, reqs[i].path,
						got.status, got.headers, len(got.body), want[i].status, want[i].headers, len(want[i].body))
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if len(cached.evals.entries) == 0 {
		t.Error("no evaluation kept")
	}
}
