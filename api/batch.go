package api

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jixiao/jixiao/batch"
	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/summary"
)

// NDJSON media types a batch accepts.
var ndjsonTypes = []string{"application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines"}

func (s *Server) handleBatch(c *gin.Context) {
	if s.refuseWhileDraining(c) {
		return
	}
	opts, ok := batchOptions(c)
	if !ok || !s.batchSignOption(c, &opts) {
		return
	}
	if opts.Evaluation, ok = s.evalConfig(c); !ok {
		return
	}
	progress := false
	switch v := c.Query("progress"); v {
	case "":
	case "ndjson":
		progress = true
	default:
		fail(c, probBadParameter, fmt.Sprintf("参数 progress 只能为 ndjson，收到 %q", v))
		return
	}
	var charts []string
	switch v := c.Query("charts"); {
	case v == "":
	case v == "svg" && progress:
		// The page draws the batch's charts from the end event.
		opts.OnSummary = func(s *summary.Summary) { charts = s.SVG() }
	default:
		fail(c, probBadParameter, fmt.Sprintf("参数 charts 只能为 svg，且须与 progress=ndjson 同用，收到 %q", v))
		return
	}
	mt, ok := s.batchType(c)
	if !ok {
		return
	}
	if s.onBatch != nil {
		s.onBatch()
	}
	// A batch reads its body while it writes the ZIP (full duplex), for
	// up to the batch timeout. Whenever it waits for the body, the body
	// must come at a minimum pace, and whenever it writes, the client
	// must read within the write timeout: a client that stalls either
	// way is cut off and its batch place given back (pacedBody,
	// pacedWriter).
	rc := http.NewResponseController(c.Writer)
	if err := rc.EnableFullDuplex(); err != nil {
		s.log.Warn("batch: full duplex unavailable", "request_id", requestID(c), "error", err)
	}
	// Close the body before the server does: with full duplex, the
	// server's own close can race with its read of the next request
	// (golang/go#68560).
	defer c.Request.Body.Close()
	// The batch's place is taken once its body has begun to arrive at the
	// pace: connections that send their headers and then nothing, or
	// almost nothing, hold no place (and are cut off at the body timeout).
	paced, br, ok := s.batchBody(c, rc)
	if !ok {
		return
	}
	select {
	case s.batches <- struct{}{}:
		defer func() { <-s.batches }()
	default:
		s.metrics.reject(rejectBatches)
		failRetry(c, probTooManyBatches, fmt.Sprintf("同时进行的批处理已达上限 %d 个，请稍后重试", s.cfg.MaxBatches), 30)
		return
	}
	src, ok := s.batchSourceFrom(c, br, mt, opts.Evaluation)
	if !ok {
		return
	}

	ri := info(c)
	ctx := c.Request.Context()
	now := batch.Now()
	h := c.Writer.Header()
	pw := &pacedWriter{w: c.Writer, rc: rc, timeout: s.cfg.WriteTimeout}
	var out io.Writer = pw
	var ps *progressStream
	if progress {
		ps = newProgressStream(pw)
		out = ps
		h.Set("Content-Type", "application/x-ndjson")
	} else {
		h.Set("Content-Type", "application/zip")
		h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="jixiao-batch-%s.zip"`, now.UTC().Format("20060102T150405Z")))
	}
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	c.Status(http.StatusOK)
	opts.Workers = s.cfg.Concurrency
	opts.Write = s.write
	opts.Render.Fonts = s.fonts
	opts.Created = now
	opts.Acquire = s.lim.acquire
	opts.Limits = s.cfg.Limits
	opts.Render.MaxPages = s.cfg.MaxPages
	// A batch that stops early (deadline, shutdown, a failed write) must
	// stop reading the body before the handler returns.
	opts.Interrupt = paced.interrupt
	opts.OnEntry = func(e batch.Entry) {
		s.metrics.batchInputs.WithLabelValues(e.Status).Inc()
		if e.Err != nil && e.Status == batch.StatusFailed && ctx.Err() == nil {
			s.log.Error("batch input failed", "request_id", ri.id, "index", e.Index, "source", e.Source, "error", e.Err)
		}
		if ps != nil {
			ps.entry(e)
		}
	}
	sum, err := batch.Run(ctx, src, batch.NewZip(out, now), opts)
	if ps != nil {
		ps.end(sum, err == nil, progressError(ctx, err), charts)
	}
	ri.inputs, ri.invalid, ri.failed = sum.Inputs, sum.Invalid, sum.Failed
	ri.docs, ri.pages = sum.Files, sum.Pages
	if err != nil {
		switch {
		case errors.Is(context.Cause(ctx), errDeadline):
			ri.err = fmt.Errorf("batch cut short at its deadline: %w", err)
		case ctx.Err() != nil:
			ri.err = fmt.Errorf("batch abandoned: %w", err)
			ri.status = statusClientGone
		default:
			ri.err = fmt.Errorf("batch cut short: %w", err)
		}
		// The archive ends with its manifest, which says why; the
		// stream does not end cleanly, so that no client takes a batch
		// cut short for a complete one.
		hangUp()
	}
}

// batchBody reads the body of a batch or a job: at most MaxBatchBody
// bytes, at the pace of pacedBody. It returns once the body has begun
// to arrive (bodyStarted), or answers and returns false.
func (s *Server) batchBody(c *gin.Context, rc *http.ResponseController) (*pacedBody, *bufio.Reader, bool) {
	paced := &pacedBody{r: &limitedBody{r: http.MaxBytesReader(c.Writer, c.Request.Body, s.cfg.MaxBatchBody), limit: s.cfg.MaxBatchBody},
		rc: rc, timeout: s.cfg.BodyTimeout}
	br := bufio.NewReaderSize(paced, 64<<10)
	if err := bodyStarted(br, c.Request.ContentLength); err != nil {
		s.bodyFailed(c, err, s.cfg.MaxBatchBody)
		return nil, nil, false
	}
	return paced, br, true
}

// batchSourceFrom reads the inputs of a batch from br, of media type
// mt: it answers the request and returns false when the body is empty or
// not of its type.
func (s *Server) batchSourceFrom(c *gin.Context, br *bufio.Reader, mt string, ev *evaluation.Config) (batch.Source, bool) {
	first, err := batch.SkipSpace(br)
	if err != nil {
		if err == io.EOF {
			fail(c, probMalformed, "请求体为空")
		} else {
			s.bodyFailed(c, err, s.cfg.MaxBatchBody)
		}
		return nil, false
	}
	var src batch.Source
	switch {
	case slices.Contains(importTypes, mt): // workbooks and documents (import.go)
		src = s.importBatch(c, br, mt, ev)
	case mt != "application/json":
		if first != '{' {
			fail(c, probMalformed, "NDJSON 的每一行应为一个 JSON 对象")
			return nil, false
		}
		src = batch.NewNDJSON(br, "body", s.cfg.MaxBody)
	case first == '[':
		src = batch.NewArray(br, "body", s.cfg.MaxBody)
	case first == '{':
		src = batch.NewSingle(br, "body", s.cfg.MaxBody)
	default:
		fail(c, probMalformed, "请求体应为披露数据的 JSON 数组（或单个对象），或 NDJSON")
		return nil, false
	}
	return src, true
}

// progressError says in Chinese why a batch stopped early, for the end
// event of a progress stream (the archive's manifest says it too).
func progressError(ctx context.Context, err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(context.Cause(ctx), errDeadline):
		return "批处理超时，其后的输入未处理"
	case ctx.Err() != nil:
		return "批处理已取消，其后的输入未处理"
	case errors.Is(err, errBodyLimit):
		return "请求体超过批处理上限，其后的输入未处理"
	case errors.Is(err, os.ErrDeadlineExceeded):
		return "请求体上传过慢（或客户端未读取应答），其后的输入未处理"
	}
	return "读取输入中断，其后的输入未处理：" + err.Error()
}

// batchOptions reads the format, part, figures, pdf, skipInvalid and summary
// parameters of a batch.
func batchOptions(c *gin.Context) (batch.Options, bool) {
	var opts batch.Options
	formats, err := export.ParseFormats(c.QueryArray("format")...)
	if err == nil {
		opts.Render, err = export.Query{Part: c.Query("part"), Figures: c.Query("figures"), PDF: c.Query("pdf"), SkipInvalid: c.Query("skipInvalid")}.Options()
	}
	if v := c.QueryArray("summary"); err == nil && len(v) > 0 {
		opts.Summary, err = export.ParseFormats(v...)
	}
	if err != nil {
		badOption(c, err)
		return opts, false
	}
	opts.Formats = formats
	return opts, true
}

var errBodyLimit = errors.New("request body too large")

// limitedBody turns the error of http.MaxBytesReader into one that says,
// in the manifest, what happened.
type limitedBody struct {
	r     io.Reader
	limit int64
}

func (b *limitedBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		err = fmt.Errorf("%w: over %d bytes", errBodyLimit, b.limit)
	}
	return n, err
}

// minPace is the least a batch body must deliver in BodyTimeout of the
// batch waiting for it: 16 KiB in 10 s by default.
const minPace = 16 << 10

// bodyStarted waits until a batch body of length n (-1: unknown) has
// begun at the pace: minPace bytes (or all of a shorter body), or, for a
// body streamed without a length, a first whole line of NDJSON, which a
// client may send alone before it reads the first files.
func bodyStarted(br *bufio.Reader, n int64) error {
	want := int64(minPace)
	if n >= 0 {
		want = min(want, n)
	}
	for {
		_, err := br.Peek(br.Buffered() + 1) // one byte more than held, at least
		got, _ := br.Peek(br.Buffered())
		switch {
		case err == io.EOF || int64(len(got)) >= want:
			return nil
		case err != nil:
			return err
		case n < 0 && bytes.IndexByte(bytes.TrimLeft(got, " \t\r\n"), '\n') >= 0:
			return nil
		}
	}
}

// pacedBody is a batch's body that must keep coming: each time the batch
// has waited BodyTimeout in its reads (not while it renders), minPace
// bytes must have arrived, or the read fails with os.ErrDeadlineExceeded.
// A connection that sends a byte at a time cannot hold a batch.
type pacedBody struct {
	r       io.Reader
	rc      *http.ResponseController
	timeout time.Duration

	mu          sync.Mutex
	interrupted bool
	waited      time.Duration // in reads, in the current window
	got         int64         // bytes in the current window
}

func (p *pacedBody) Read(b []byte) (int, error) {
	p.mu.Lock()
	if p.interrupted {
		p.mu.Unlock()
		return 0, os.ErrDeadlineExceeded
	}
	if p.got >= minPace {
		p.got, p.waited = 0, 0
	}
	start := time.Now()
	p.rc.SetReadDeadline(start.Add(p.timeout - p.waited))
	p.mu.Unlock()
	n, err := p.r.Read(b)
	p.mu.Lock()
	p.waited += time.Since(start)
	p.got += int64(n)
	p.mu.Unlock()
	return n, err
}

// interrupt stops the reading for good: a batch that stops early (its
// deadline, shutdown, a failed write) must stop reading the body before
// the handler returns.
func (p *pacedBody) interrupt() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.interrupted = true
	p.rc.SetReadDeadline(time.Now())
}

// pacedWriter writes a batch's answer with a deadline of the write
// timeout on each write and flush: a client that does not read is cut
// off within it, and the batch ends.
type pacedWriter struct {
	w       io.Writer
	rc      *http.ResponseController
	timeout time.Duration
}

func (p *pacedWriter) Write(b []byte) (int, error) {
	p.rc.SetWriteDeadline(time.Now().Add(p.timeout))
	return p.w.Write(b)
}

// Flush implements the flush the archive and the progress stream ask for.
func (p *pacedWriter) Flush() error {
	p.rc.SetWriteDeadline(time.Now().Add(p.timeout))
	return p.rc.Flush()
}

// batchType is the media type of a batch's or a job's body, which is
// answered with a problem when it is not one they take or the body is
// declared too large.
func (s *Server) batchType(c *gin.Context) (string, bool) {
	mt := mediaType(c, append(append([]string{"application/json"}, ndjsonTypes...), importTypes...)...)
	if mt == "" {
		return "", false
	}
	if c.Request.ContentLength > s.cfg.MaxBatchBody {
		s.tooLarge(c, s.cfg.MaxBatchBody)
		return "", false
	}
	return mt, true
}
