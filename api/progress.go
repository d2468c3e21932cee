package api

import (
	"bytes"
	"encoding/json"
	"io"
	"sync"

	"github.com/jixiao/jixiao/batch"
	"github.com/jixiao/jixiao/evaluation"
)

// A batch's ZIP is written in input order, but its bytes do not say where
// one input ends (an invalid input adds no file), so a client reading the
// archive cannot count the inputs done. With ?progress=ndjson the batch
// answers NDJSON instead: the archive's bytes in base64 "zip" events, and
// after each input's bytes an "input" event, so that a browser can show
// real progress and still save the very same archive. The service keeps
// no state between requests: the archive travels in the one response.

// progressChunk is the most archive bytes held before a "zip" event is
// sent; a flush (after every input) sends what is held sooner.
const progressChunk = 192 << 10

// progressEvent is one line of a batch's progress stream.
type progressEvent struct {
	Type string `json:"type"` // zip, input or end

	// zip
	Data []byte `json:"data,omitempty"` // base64 in JSON

	// input: the manifest's entry without its figures, which the archive's
	// manifest.json has.
	Index      *int                 `json:"index,omitempty"`
	Source     string               `json:"source,omitempty"`
	Status     string               `json:"status,omitempty"`
	Department string               `json:"department,omitempty"`
	Year       int                  `json:"year,omitempty"`
	Files      []batch.File         `json:"files,omitempty"`
	Errors     evaluation.Problems  `json:"errors,omitempty"`
	Findings   []evaluation.Finding `json:"findings,omitempty"`

	// end
	Complete *bool          `json:"complete,omitempty"`
	Summary  *batch.Summary `json:"summary,omitempty"`
	Error    string         `json:"error,omitempty"`
	// Charts are the summary's charts as SVG elements (?charts=svg).
	Charts []string `json:"charts,omitempty"`
}

// progressStream turns a batch's ZIP stream into progress events. The ZIP
// writer and the entry callback run on the same goroutine, but the lock
// keeps the stream sound should that change.
type progressStream struct {
	mu  sync.Mutex
	w   flushWriter
	buf bytes.Buffer
	err error
}

// flushWriter is a writer that pushes what it holds to the client.
type flushWriter interface {
	io.Writer
	Flush() error
}

func newProgressStream(w flushWriter) *progressStream {
	return &progressStream{w: w}
}

// Write holds archive bytes until there are enough for an event.
func (p *progressStream) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err != nil {
		return 0, p.err
	}
	p.buf.Write(b)
	if p.buf.Len() >= progressChunk {
		p.sendZip()
	}
	return len(b), p.err
}

// Flush sends the archive bytes held and pushes them to the client; the
// ZIP sink calls it after each input.
func (p *progressStream) Flush() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sendZip()
	p.flush()
	return p.err
}

// entry reports an input as done. Its files are in the events before.
func (p *progressStream) entry(e batch.Entry) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sendZip()
	idx := e.Index
	p.send(progressEvent{Type: "input", Index: &idx, Source: e.Source, Status: e.Status,
		Department: e.Department, Year: e.Year, Files: e.Files, Errors: e.Errors, Findings: e.Findings})
	p.flush()
}

// end sends the rest of the archive and the outcome of the batch.
func (p *progressStream) end(sum batch.Summary, complete bool, why string, charts []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sendZip()
	p.send(progressEvent{Type: "end", Complete: &complete, Summary: &sum, Error: why, Charts: charts})
	p.flush()
}

func (p *progressStream) sendZip() {
	if p.buf.Len() == 0 {
		return
	}
	p.send(progressEvent{Type: "zip", Data: p.buf.Bytes()})
	p.buf.Reset()
}

func (p *progressStream) send(ev progressEvent) {
	if p.err != nil {
		return
	}
	line, err := json.Marshal(ev)
	if err != nil {
		p.err = err
		return
	}
	line = append(line, '\n')
	_, p.err = p.w.Write(line)
}

func (p *progressStream) flush() {
	if p.err == nil {
		p.err = p.w.Flush()
	}
}
