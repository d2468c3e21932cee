package api

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
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
	mt := mediaType(c, append(append([]string{"application/json"}, ndjsonTypes...), importTypes...)...)
	if mt == "" {
		return
	}
	if c.Request.ContentLength > s.cfg.MaxBatchBody {
		s.tooLarge(c, s.cfg.MaxBatchBody)
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

	// A batch reads its body while it writes the ZIP, for up to the batch
	// timeout rather than the server's read and write timeouts.
	rc := http.NewResponseController(c.Writer)
	deadline := time.Now().Add(s.cfg.BatchTimeout + 30*time.Second)
	if err := rc.EnableFullDuplex(); err != nil {
		s.log.Warn("batch: full duplex unavailable", "request_id", requestID(c), "error", err)
	}
	// Close the body before the server does: with full duplex, the
	// server's own close can race with its read of the next request
	// (golang/go#68560).
	defer c.Request.Body.Close()
	rc.SetReadDeadline(deadline)
	rc.SetWriteDeadline(deadline)

	src, ok := s.batchSource(c, mt, opts.Evaluation)
	if !ok {
		return
	}

	ri := info(c)
	ctx := c.Request.Context()
	now := batch.Now()
	h := c.Writer.Header()
	var out io.Writer = c.Writer
	var ps *progressStream
	if progress {
		ps = newProgressStream(c.Writer)
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
	opts.Interrupt = func() { rc.SetReadDeadline(time.Now()) }
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
	}
}

// batchSource reads the inputs of a batch from the request body, of
// media type mt: it answers the request and returns false when the body
// is empty or not of its type.
func (s *Server) batchSource(c *gin.Context, mt string, ev *evaluation.Config) (batch.Source, bool) {
	body := &limitedBody{r: http.MaxBytesReader(c.Writer, c.Request.Body, s.cfg.MaxBatchBody), limit: s.cfg.MaxBatchBody}
	br := bufio.NewReaderSize(body, 64<<10)
	first, err := batch.SkipSpace(br)
	if err != nil {
		switch {
		case errors.Is(err, errBodyLimit):
			s.tooLarge(c, s.cfg.MaxBatchBody)
		case err == io.EOF:
			fail(c, probMalformed, "请求体为空")
		case c.Request.Context().Err() != nil:
			s.abandon(c, err)
		default:
			fail(c, probMalformed, "读取请求体失败："+err.Error())
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
	}
	return "读取输入中断，其后的输入未处理：" + err.Error()
}

// batchOptions reads the format, part, figures, skipInvalid and summary
// parameters of a batch.
func batchOptions(c *gin.Context) (batch.Options, bool) {
	var opts batch.Options
	formats, err := export.ParseFormats(c.QueryArray("format")...)
	if err == nil {
		opts.Render, err = export.Query{Part: c.Query("part"), Figures: c.Query("figures"), SkipInvalid: c.Query("skipInvalid")}.Options()
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
