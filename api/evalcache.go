package api

import (
	"bytes"
	"hash/maphash"
	"slices"
	"sync"

	"github.com/jixiao/jixiao/evaluation"
)

// evalCache keeps the evaluations of the last JSON inputs, so that an
// input sent again (a part after another, a format after another, as the
// web page previews one) is not read, validated and computed again: for
// a whole disclosure rendered one table at a time, the evaluation was
// about half of each request's processor time.
//
// An entry is found by a hash of the input and then compared with it
// byte for byte: a report is given back only for the same bytes,
// evaluated with the same profile and the same NoFindings (the server's
// profiles and limits are those of every entry). Evaluation is
// deterministic, so the report is the one a new evaluation would give.
//
// A report is shared by the requests that find it, at once: they read
// it, and each gets its own copy of the Report value whose Findings and
// Problems slices are clipped, so that what a request appends (NewPlan
// adds the characters no face can draw) goes into its own array.
//
// The cache holds at most max bytes by its estimate of what an entry
// keeps alive (the input's copy and the report, which measures about
// three times the input), and forgets the least recently used entries
// first; an input that alone would take more than a quarter of it is not
// kept.
type evalCache struct {
	mu      sync.Mutex
	seed    maphash.Seed
	max     int64
	size    int64
	entries []*evalEntry // least recently used first
}

type evalEntry struct {
	sum        uint64
	profile    string
	noFindings bool
	data       []byte
	rep        *evaluation.Report
	cost       int64
}

// entryCost estimates the memory an entry for an input of n bytes keeps:
// its copy, the report (the reference disclosure's, 252 KB, keeps
// 775 KB) and some for what is small.
func entryCost(n int) int64 { return 4*int64(n) + 16<<10 }

// newEvalCache returns a cache of at most max bytes; nil (no cache) for
// max ≤ 0.
func newEvalCache(max int64) *evalCache {
	if max <= 0 {
		return nil
	}
	return &evalCache{seed: maphash.MakeSeed(), max: max}
}

// get returns the report of data evaluated with cfg, or nil.
func (c *evalCache) get(data []byte, cfg *evaluation.Config) *evaluation.Report {
	if c == nil {
		return nil
	}
	sum := maphash.Bytes(c.seed, data)
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, e := range c.entries {
		if e.sum == sum && e.profile == cfg.Profile && e.noFindings == cfg.NoFindings && bytes.Equal(e.data, data) {
			// The most recently used goes last.
			copy(c.entries[i:], c.entries[i+1:])
			c.entries[len(c.entries)-1] = e
			return shared(e.rep)
		}
	}
	return nil
}

// put keeps rep, the report of data evaluated with cfg, and returns the
// report the caller is to use from now on.
func (c *evalCache) put(data []byte, cfg *evaluation.Config, rep *evaluation.Report) *evaluation.Report {
	if c == nil {
		return rep
	}
	cost := entryCost(len(data))
	if cost > c.max/4 {
		return rep
	}
	e := &evalEntry{sum: maphash.Bytes(c.seed, data), profile: cfg.Profile, noFindings: cfg.NoFindings,
		data: bytes.Clone(data), rep: rep, cost: cost}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, old := range c.entries {
		if old.sum == e.sum && old.profile == e.profile && old.noFindings == e.noFindings && bytes.Equal(old.data, data) {
			// Evaluated by another request meanwhile.
			return shared(old.rep)
		}
	}
	n := 0
	for c.size+cost > c.max && n < len(c.entries) {
		c.size -= c.entries[n].cost
		c.entries[n] = nil
		n++
	}
	c.entries = append(c.entries[n:], e)
	c.size += cost
	return shared(rep)
}

// shared returns a copy of rep for one request: its slices clipped, so
// that an append makes the request's own array.
func shared(rep *evaluation.Report) *evaluation.Report {
	cp := *rep
	cp.Problems = slices.Clip(cp.Problems)
	cp.Findings = slices.Clip(cp.Findings)
	return &cp
}
