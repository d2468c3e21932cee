package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/importer"
	"github.com/jixiao/jixiao/profile"
)

// mediaType returns the request's media type if it is one of allowed;
// otherwise it answers 415 and returns "".
func mediaType(c *gin.Context, allowed ...string) string {
	ct := c.GetHeader("Content-Type")
	mt, params, err := mime.ParseMediaType(ct)
	if err == nil && slices.Contains(allowed, mt) {
		if cs, ok := params["charset"]; !ok || strings.EqualFold(cs, "utf-8") {
			return mt
		}
	}
	detail := fmt.Sprintf("请求体的 Content-Type 应为 %s（UTF-8），收到的是 %q", strings.Join(allowed, " 或 "), ct)
	if ct == "" {
		detail = fmt.Sprintf("请求缺少 Content-Type，应为 %s", strings.Join(allowed, " 或 "))
	}
	fail(c, probMediaType, detail)
	return ""
}

// readBody reads a body of at most limit bytes, within the body timeout
// and the body memory budget, whatever its media type: JSON, or a
// workbook, document or multipart body, which importInput imports once
// the request holds a slot. On failure it answers and returns false.
// done gives the body's memory back to the budget: call it when the
// request is over. types are the media types accepted: JSON and the
// imported ones when none are given.
func (s *Server) readBody(c *gin.Context, limit int64, types ...string) (in input, done func(), ok bool) {
	done = func() {}
	if len(types) == 0 {
		types = append([]string{"application/json"}, importTypes...)
	}
	if in.media = mediaType(c, types...); in.media == "" {
		return in, done, false
	}
	in.data, ok = s.readRaw(c, limit, &done)
	return in, done, ok
}

// input is a request's input: JSON text, or a workbook or document (its
// bytes in data, its media type in media) and, once imported, what the
// importer read.
type input struct {
	data     []byte
	media    string
	imported *importer.Result
}

// evaluate evaluates the input with cfg: an imported one straight from
// the importer's value, its problems and findings naming their cells.
func (in input) evaluate(cfg *evaluation.Config) *evaluation.Report {
	if in.imported != nil {
		return in.imported.Evaluate(cfg)
	}
	return evaluation.Evaluate(in.data, cfg)
}

// readRaw reads a body for readBody; done is set to give its memory
// back.
func (s *Server) readRaw(c *gin.Context, limit int64, done *func()) (data []byte, ok bool) {
	if c.Request.ContentLength > limit {
		s.tooLarge(c, limit)
		return nil, false
	}
	// A slow upload gets BodyTimeout to finish; the deadline is lifted
	// once the body is in, so that it cannot cut the work off.
	rc := http.NewResponseController(c.Writer)
	if err := rc.SetReadDeadline(time.Now().Add(s.cfg.BodyTimeout)); err == nil {
		defer rc.SetReadDeadline(time.Time{})
	}
	var held int64
	*done = func() { s.bodies.give(held) }
	// The buffer grows as bytes arrive, never on the word of the
	// Content-Length alone, and each growth is taken from the budget.
	want := int64(64 << 10)
	if n := c.Request.ContentLength; n > 0 {
		want = n + 1 // one more byte, to see the end
	}
	body := http.MaxBytesReader(c.Writer, c.Request.Body, limit)
	var buf []byte
	for {
		if len(buf) == cap(buf) {
			grow := min(max(int64(cap(buf)), 64<<10), limit+1-int64(cap(buf)))
			if int64(cap(buf)) < want {
				grow = min(grow, want-int64(cap(buf)))
			}
			grow = max(grow, 512)
			if !s.bodies.take(grow) {
				s.metrics.reject(rejectBusy)
				failRetry(c, probBusy, fmt.Sprintf("同时读入的请求体已达上限 %d 字节，请稍后重试", s.cfg.BodyMemory), s.lim.retryAfter())
				return nil, false
			}
			held += grow
			next := make([]byte, len(buf), int64(cap(buf))+grow)
			copy(next, buf)
			buf = next
		}
		n, err := body.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, true
		}
		if err != nil {
			s.bodyFailed(c, err, limit)
			return nil, false
		}
	}
}

// bodyFailed answers a body that could not be read: 413 past its limit,
// 408 for a body that did not come in time (the connection is closed: the
// rest of the body is never read), nothing for a client that went away,
// 400 otherwise.
func (s *Server) bodyFailed(c *gin.Context, err error, limit int64) {
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe) || errors.Is(err, errBodyLimit):
		s.tooLarge(c, limit)
	case errors.Is(err, os.ErrDeadlineExceeded):
		s.metrics.reject(rejectBodyTimeout)
		c.Header("Connection", "close")
		fail(c, probBodyTimeout, fmt.Sprintf("请求体未能在 %v 内上传完毕", s.cfg.BodyTimeout))
	case c.Request.Context().Err() != nil:
		s.abandon(c, err)
	default:
		fail(c, probMalformed, "读取请求体失败："+err.Error())
	}
}

// admit takes a place in the queue, then one of the slots that
// evaluation and rendering share. On failure it answers and returns
// false; leave gives both back (it may be called more than once).
func (s *Server) admit(c *gin.Context) (leave func(), ok bool) {
	out, ok := s.lim.tryAdmit()
	if !ok {
		s.metrics.reject(rejectQueueFull)
		failRetry(c, probQueueFull, "渲染队列已满，请稍后重试", s.lim.retryAfter())
		return nil, false
	}
	ctx := c.Request.Context()
	waitCtx, cancel := context.WithTimeoutCause(ctx, s.cfg.QueueTimeout, errQueueTimeout)
	release, err := s.lim.acquire(waitCtx)
	cancel()
	if err != nil {
		out()
		if ctx.Err() != nil {
			s.abandon(c, err)
			return nil, false
		}
		s.metrics.reject(rejectQueueTimeout)
		failRetry(c, probQueueTimeout, fmt.Sprintf("等待渲染超过 %v，请稍后重试", s.cfg.QueueTimeout), s.lim.retryAfter())
		return nil, false
	}
	var once sync.Once
	start := time.Now()
	ri := info(c)
	return func() {
		once.Do(func() {
			release()
			out()
			ri.slot = time.Since(start)
		})
	}, true
}

func (s *Server) tooLarge(c *gin.Context, limit int64) {
	s.metrics.reject(rejectBodyTooLarge)
	fail(c, probTooLarge, fmt.Sprintf("请求体超过上限 %d 字节", limit))
}

// abandon ends a request whose context is done: a client that went away
// gets no answer (and is logged as 499), one whose deadline passed 503.
func (s *Server) abandon(c *gin.Context, err error) {
	ctx := c.Request.Context()
	ri := info(c)
	if errors.Is(context.Cause(ctx), errDeadline) {
		s.metrics.reject(rejectTimeout)
		failRetry(c, probTimeout, fmt.Sprintf("请求未能在 %v 内完成", s.cfg.RequestTimeout), s.lim.retryAfter())
		return
	}
	if errors.Is(context.Cause(ctx), errShutdown) {
		s.metrics.reject(rejectShutdown)
		ri.err = fmt.Errorf("canceled at shutdown: %w", err)
		failRetry(c, probShuttingDown, "服务正在停止，请求已取消，请稍后重试", 5)
		// Sent now: the server closes the connections as soon as the
		// handlers return, before it would flush the answer itself.
		c.Writer.Flush()
		return
	}
	if s.draining.Load() {
		ri.err = fmt.Errorf("canceled at shutdown: %w", err)
	} else {
		ri.err = fmt.Errorf("client went away: %w", err)
	}
	ri.status = statusClientGone
	c.Abort()
	hangUp()
}

// hangUp ends a request that has no answer by closing its connection
// (or, over HTTP/2, resetting its stream): a client that is still there
// sees a broken response, never a success status with an empty body,
// and a streamed answer never ends cleanly. The panic is net/http's
// sentinel, which it does not log; the request's log line is written on
// the way out.
func hangUp() {
	panic(http.ErrAbortHandler)
}

// evalConfig is how the request's inputs are evaluated: with the server's
// profiles and the ?profile= override. An unknown profile is answered 400
// and ok is false.
func (s *Server) evalConfig(c *gin.Context) (cfg *evaluation.Config, ok bool) {
	name := c.Query("profile")
	if name != "" {
		if _, err := s.profiles.Get(name); err != nil {
			fail(c, probBadParameter, fmt.Sprintf("参数 profile：没有表单配置 %q（可用：%s）", name, strings.Join(s.profiles.Names(), "、")))
			return nil, false
		}
	}
	return &evaluation.Config{Profiles: s.profiles, Profile: name, Limits: s.cfg.Limits}, true
}

// profileList is the answer of GET /api/v1/profiles.
type profileList struct {
	Profiles []profile.Summary `json:"profiles"`
	Default  string            `json:"default"`
}

func (s *Server) handleProfiles(c *gin.Context) {
	c.JSON(http.StatusOK, profileList{Profiles: s.profiles.Summaries(), Default: profile.Default})
}

// formatList is the answer of GET /api/v1/formats.
type formatList struct {
	Formats []formatInfo `json:"formats"`
}

type formatInfo struct {
	Name        string `json:"name"`
	Label       string `json:"label"`
	MediaType   string `json:"mediaType"`
	Pages       bool   `json:"pages"`
	Signed      bool   `json:"signed"`
	Description string `json:"description"`
}

func (s *Server) handleFormats(c *gin.Context) {
	var out formatList
	for _, f := range export.Formats() {
		signed := s.cfg.Sign != nil && s.cfg.Sign.Signs(f) == nil
		out.Formats = append(out.Formats, formatInfo{Name: f.Name, Label: f.Label, MediaType: f.MediaType, Pages: f.Pages, Signed: signed, Description: f.Description})
	}
	c.JSON(http.StatusOK, out)
}

// evaluate runs the evaluation and answers 400 for malformed JSON or an
// unknown ?profile=, 422 for invalid content. It returns the report when
// the request may go on.
func (s *Server) evaluate(c *gin.Context, in input) (*evaluation.Report, bool) {
	rep, ok := s.evaluateSome(c, in, false)
	if ok && !rep.Valid() {
		invalid(c, rep, rep.Problems)
		return nil, false
	}
	return rep, ok
}

// evaluateSome runs the evaluation and answers 400 for malformed JSON or
// an unknown ?profile=, 422 for an input over a limit. It returns the
// report, valid or not, when the request may go on: one valid part of it
// can be rendered. With noFindings the audit is left out where it cannot
// change which parts are valid (evaluation.Config.NoFindings).
func (s *Server) evaluateSome(c *gin.Context, in input, noFindings bool) (*evaluation.Report, bool) {
	cfg, ok := s.evalConfig(c)
	if !ok {
		return nil, false
	}
	cfg.NoFindings = noFindings
	var rep *evaluation.Report
	if in.imported != nil {
		rep = in.evaluate(cfg)
	} else if rep = s.evals.get(in.data, cfg); rep == nil {
		rep = s.evals.put(in.data, cfg, in.evaluate(cfg))
	}
	// The evaluation takes no context (it is linear in an input of
	// bounded size): a deadline that passed while it ran is answered as
	// such, never with a late success.
	if err := c.Request.Context().Err(); err != nil {
		s.abandon(c, err)
		return nil, false
	}
	if ps := rep.Problems; len(ps) == 1 && ps[0].Code == evaluation.CodeLimit {
		// Over a limit: the input was not read further.
		s.metrics.reject(rejectLimit)
		pr := newProblem(c, probLimit, ps[0].Message)
		pr.Errors = ps
		writeProblem(c, pr)
		return nil, false
	}
	if rep.Findings == nil {
		rep.Findings = []evaluation.Finding{}
	}
	for _, p := range rep.Problems {
		if p.Code == evaluation.CodeSyntax || p.Code == evaluation.CodeEncoding {
			pr := newProblem(c, probMalformed, fmt.Sprintf("第 %d 行第 %d 列：%s", p.Line, p.Column, p.Message))
			if p.Line == 0 {
				pr.Detail = p.Message
			}
			pr.Errors = rep.Problems
			writeProblem(c, pr)
			return nil, false
		}
	}
	return rep, true
}

// invalid answers 422 with the problems that stop the request.
func invalid(c *gin.Context, rep *evaluation.Report, ps evaluation.Problems) {
	pr := newProblem(c, probInvalid, fmt.Sprintf("输入有 %d 处错误", len(ps)))
	pr.Errors, pr.Findings = ps, rep.Findings
	// Which parts cannot be rendered, also when none can.
	pr.InvalidParts = rep.InvalidParts()
	if rep.Result != nil {
		// Some parts are valid: their figures.
		pr.Result = rep.Result
		pr.Department, pr.Year = rep.Disclosure.Department, rep.Disclosure.Year
	}
	writeProblem(c, pr)
}

// validationReport is the answer of validate.
type validationReport struct {
	Valid bool `json:"valid"`
	// Profile names the profile the input was evaluated with.
	Profile string `json:"profile"`
	// Department and Year are the input's, for a caller that sent a
	// workbook and has no JSON to read them from.
	Department string `json:"department,omitempty"`
	Year       int    `json:"year,omitempty"`
	*evaluation.Report
}

func (s *Server) handleValidate(c *gin.Context) {
	strict := false
	if v := c.Query("strict"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			fail(c, probBadParameter, fmt.Sprintf("参数 strict 应为 true 或 false，收到 %q", v))
			return
		}
		strict = b
	}
	in, done, ok := s.readBody(c, s.cfg.MaxBody)
	defer done()
	if !ok {
		return
	}
	leave, ok := s.admit(c)
	if !ok {
		return
	}
	defer leave()
	if !s.importInput(c, &in) {
		return
	}
	rep, ok := s.evaluate(c, in)
	if !ok {
		return
	}
	// As jixiao validate does: warn of characters no font can draw.
	if err := export.CheckGlyphs(rep, s.fonts); err != nil {
		info(c).err = err
		fail(c, probInternal, internalDetail(requestID(c)))
		return
	}
	if strict && rep.Warnings() > 0 {
		pr := newProblem(c, probInvalid, fmt.Sprintf("严格模式：有 %d 条审核警告", rep.Warnings()))
		pr.Errors, pr.Findings = evaluation.Problems{}, rep.Findings
		writeProblem(c, pr)
		return
	}
	// The answer is encoded in the slot and sent after it, so that a
	// client slow to read holds no slot.
	out, err := json.Marshal(validationReport{Valid: true, Profile: rep.Profile.Name,
		Department: rep.Disclosure.Department, Year: rep.Disclosure.Year, Report: rep})
	leave()
	if err != nil {
		info(c).err = err
		fail(c, probInternal, internalDetail(requestID(c)))
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "application/json; charset=utf-8", out)
}

// renderOptions reads the format, part, figures, findings, pdf and
// skipInvalid parameters; the format, when the query names none, comes
// from the Accept header. On failure it answers and returns false.
func renderOptions(c *gin.Context) (o export.Options, ok bool) {
	o, err := export.Query{Format: c.Query("format"), Part: c.Query("part"), Figures: c.Query("figures"),
		Findings: c.Query("findings"), PDF: c.Query("pdf"), SkipInvalid: c.Query("skipInvalid")}.Options()
	if err != nil {
		badOption(c, err)
		return o, false
	}
	if o.Format == nil {
		if o.Format = negotiate(c.GetHeader("Accept")); o.Format == nil {
			var types []string
			for _, f := range export.Formats() {
				types = append(types, fmt.Sprintf("%s（%s）", f.Label, f.MediaType))
			}
			fail(c, probNotAcceptable, "Accept 头不接受以下任何格式："+strings.Join(types, "、"))
			return o, false
		}
	}
	return o, true
}

// skipInvalid reads the skipInvalid parameter. On failure it answers and
// returns false.
func skipInvalid(c *gin.Context) (skip, ok bool) {
	o, err := export.Query{SkipInvalid: c.Query("skipInvalid")}.Options()
	if err != nil {
		badOption(c, err)
		return false, false
	}
	return o.SkipInvalid, true
}

// badOption answers 400 for an *export.OptionError.
func badOption(c *gin.Context, err error) {
	var oe *export.OptionError
	if errors.As(err, &oe) {
		fail(c, probBadParameter, oe.Message)
		return
	}
	fail(c, probBadParameter, "参数无效："+err.Error())
}

// partsHeader names invalid parts for a response header: "table:1,
// project:2".
func partsHeader(parts []evaluation.InvalidPart) string {
	names := make([]string, len(parts))
	for i, p := range parts {
		names[i] = p.Name
	}
	return strings.Join(names, ", ")
}

// negotiate picks a format from an Accept header: the acceptable one with
// the highest quality, the default format on a tie or for a wildcard;
// nil when none is acceptable.
func negotiate(accept string) *export.Format {
	def := export.DefaultFormat()
	if strings.TrimSpace(accept) == "" {
		return def
	}
	var best *export.Format
	bestQ := 0.0
	for _, r := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(r))
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if q, err = strconv.ParseFloat(v, 64); err != nil || q <= 0 {
				continue
			}
		}
		f := export.FormatOfMediaType(mt)
		if mt == "*/*" || mt == "application/*" {
			f = def
		}
		if f == nil {
			continue
		}
		if q > bestQ || (q == bestQ && f == def) {
			best, bestQ = f, q
		}
	}
	return best
}

// refuseWhileDraining answers 503 to a request that would start work
// while the service shuts down, and reports whether it did.
func (s *Server) refuseWhileDraining(c *gin.Context) bool {
	if !s.draining.Load() {
		return false
	}
	s.metrics.reject(rejectShutdown)
	failRetry(c, probShuttingDown, "服务正在停止，请稍后重试", 5)
	return true
}

var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func (s *Server) handleRender(c *gin.Context) {
	if s.refuseWhileDraining(c) {
		return
	}
	opts, ok := renderOptions(c)
	if !ok || !s.signOption(c, &opts, opts.Format) {
		return
	}
	// The queue place is taken once the body is in: a slow upload holds
	// no place, and the work that follows (evaluation, rendering) runs in
	// a slot shared with validate.
	in, done, ok := s.readBody(c, s.cfg.MaxBody)
	defer done()
	if !ok {
		return
	}
	release, ok := s.admit(c)
	if !ok {
		return
	}
	defer release()
	if !s.importInput(c, &in) {
		return
	}
	// A page format without the findings appendix shows no finding, nor
	// does a 200 answer: the audit is left out of the evaluation (about a
	// fifth of it for a whole report) unless the answer turns out to be
	// the 422 that lists the findings.
	noFindings := !opts.ShowsFindings(opts.Format)
	rep, ok := s.evaluateSome(c, in, noFindings)
	if !ok {
		return
	}
	opts.Fonts = s.fonts
	opts.MaxPages = s.cfg.MaxPages
	plan, err := export.NewPlan(rep, opts)
	var ie *export.InvalidError
	if errors.As(err, &ie) && noFindings {
		if rep, ok = s.evaluateSome(c, in, false); !ok {
			return
		}
		plan, err = export.NewPlan(rep, opts)
	}
	if err != nil {
		s.renderFailed(c, rep, err)
		return
	}
	ctx := c.Request.Context()
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= 16<<20 {
			buf.Reset()
			renderBuffers.Put(buf)
		}
	}()
	st, err := s.write(ctx, buf, plan, opts.Format)
	release()
	if err != nil {
		s.renderFailed(c, rep, err)
		return
	}
	ri := info(c)
	ri.docs, ri.pages = 1, st.Pages
	h := c.Writer.Header()
	h.Set("Content-Type", opts.Format.MediaType)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("Content-Disposition", contentDisposition(plan.FileName(nil), plan.ASCIIFileName(nil)))
	h.Set("X-Jixiao-Pages", strconv.Itoa(st.Pages))
	if len(plan.Skipped) > 0 {
		h.Set("X-Jixiao-Skipped-Parts", partsHeader(plan.Skipped))
	}
	if len(plan.Others) > 0 {
		h.Set("X-Jixiao-Invalid-Parts", partsHeader(plan.Others))
	}
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	c.Status(http.StatusOK)
	if _, err := c.Writer.Write(buf.Bytes()); err != nil {
		ri.err = fmt.Errorf("write response: %w", err)
	}
}

// renderFailed answers a render that failed, as export.Explain tells.
func (s *Server) renderFailed(c *gin.Context, rep *evaluation.Report, err error) {
	f := export.Explain(err)
	switch {
	case c.Request.Context().Err() != nil || f.Kind == export.FailCanceled:
		// The render stopped with its request, whatever error it gave.
		s.abandon(c, err)
		return
	}
	switch f.Kind {
	case export.FailInvalid:
		invalid(c, rep, f.Problems)
	case export.FailOption:
		fail(c, probBadParameter, "输入中没有所选的部分："+f.Problems[0].Message)
	case export.FailLimit:
		s.metrics.reject(rejectLimit)
		pr := newProblem(c, probLimit, f.Problems[0].Message)
		pr.Errors = f.Problems
		writeProblem(c, pr)
	case export.FailTimestamp:
		pr := newProblem(c, probTimestamp, f.Problems[0].Message)
		pr.Errors = f.Problems
		writeProblem(c, pr)
	case export.FailInput:
		// A table the layout cannot set: the input's fault, told as such
		// (validation should have caught it).
		pr := newProblem(c, probInvalid, "输入中的表格无法排版")
		pr.Errors = f.Problems
		writeProblem(c, pr)
	default:
		info(c).err = err
		fail(c, probInternal, internalDetail(requestID(c)))
	}
}

var errQueueTimeout = errors.New("render queue wait timed out")

func (s *Server) handleReady(c *gin.Context) {
	if s.draining.Load() {
		fail(c, probShuttingDown, "服务正在停止")
		return
	}
	if err := s.checkReady(c.Request.Context()); err != nil {
		p := newProblem(c, probNotReady, "渲染自检未通过，详见服务日志")
		p.Checks = map[string]string{"render": "failed"}
		writeProblem(c, p)
		return
	}
	if err := s.jobsReady(c.Request.Context()); err != nil {
		s.log.Error("readiness check failed", "error", err)
		p := newProblem(c, probNotReady, "任务数据库无法连接")
		p.Checks = map[string]string{"database": "unreachable"}
		writeProblem(c, p)
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready"})
}
