package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jixiao/jixiao/batch"
	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/importer"
	"github.com/jixiao/jixiao/jobs"
)

// Paths of the jobs API.
const (
	pathJobs = "/api/v1/jobs"
	pathJob  = "/api/v1/jobs/:id"
)

// ownerKey is where auth puts the owner of the jobs a request sees: the
// hash of its API key, or "" when keys are off.
const ownerKey = "jixiao.owner"

func owner(c *gin.Context) string { return c.GetString(ownerKey) }

// openJobs opens the jobs engine of cfg.Jobs, rendering with what the
// server renders with.
func (s *Server) openJobs(ctx context.Context) error {
	jc := s.cfg.Jobs
	if jc.Database == "" && jc.DataDir == "" {
		return nil
	}
	jc.Batch = batch.Options{
		Write:      s.write,
		Render:     export.Options{Fonts: s.fonts, MaxPages: s.cfg.MaxPages, Sign: s.cfg.Sign},
		Evaluation: &evaluation.Config{Profiles: s.profiles, Limits: s.cfg.Limits},
		Limits:     s.cfg.Limits,
	}
	jc.Import = importer.Options{Limits: s.cfg.Import}
	jc.Registerer = s.metrics.reg
	if jc.Logger == nil {
		jc.Logger = s.log
	}
	e, err := jobs.Open(ctx, jc)
	if err != nil {
		return fmt.Errorf("jobs: %w", err)
	}
	s.jobs = e
	return nil
}

// Jobs returns the server's jobs engine, nil when jobs are off.
func (s *Server) Jobs() *jobs.Engine { return s.jobs }

func (s *Server) jobRoutes(g *gin.RouterGroup) {
	g.Use(s.jobsOn)
	g.POST(pathJobs, s.deadline(s.cfg.BatchTimeout), s.handleJobSubmit)
	g.GET(pathJobs, s.deadline(s.cfg.RequestTimeout), s.handleJobList)
	g.GET(pathJob, s.deadline(s.cfg.RequestTimeout), s.handleJobGet)
	g.DELETE(pathJob, s.deadline(s.cfg.RequestTimeout), s.handleJobDelete)
	// The result may be large: its download has the batch's deadline.
	g.GET(pathJob+"/result", s.deadline(s.cfg.BatchTimeout), s.handleJobResult)
}

// jobsOn answers 404 for the jobs API of a server without jobs.
func (s *Server) jobsOn(c *gin.Context) {
	if s.jobs == nil {
		fail(c, probNotFound, "任务功能未开启：以 serve --data 或 --database 启动服务")
	}
}

// maxIdempotencyKey bounds the Idempotency-Key header.
const maxIdempotencyKey = 255

func (s *Server) handleJobSubmit(c *gin.Context) {
	if s.draining.Load() {
		s.metrics.reject(rejectShutdown)
		failRetry(c, probShuttingDown, "服务正在停止，请稍后重试", 5)
		return
	}
	key := c.GetHeader("Idempotency-Key")
	if len(key) > maxIdempotencyKey {
		fail(c, probBadParameter, fmt.Sprintf("Idempotency-Key 超过 %d 个字符", maxIdempotencyKey))
		return
	}
	opts := jobs.Options{
		Formats:     c.QueryArray("format"),
		Part:        c.Query("part"),
		Figures:     c.Query("figures"),
		PDF:         c.Query("pdf"),
		SkipInvalid: c.Query("skipInvalid"),
		Profile:     c.Query("profile"),
		Created:     batch.Now(),
	}
	bo, ok := batchOptions(c)
	if !ok || !s.batchSignOption(c, &bo) {
		return
	}
	if c.Query("progress") != "" {
		// A job's progress is its state, which any replica answers; the
		// stream of a batch lives and dies with one connection.
		p := newProblem(c, probBadParameter, "任务不接受参数 progress：进度见 GET /api/v1/jobs/{id}")
		p.Errors = evaluation.Problems{{Code: "progress",
			Message:   "任务不接受参数 progress：任务的进度由 GET /api/v1/jobs/{id} 给出，结果由 GET /api/v1/jobs/{id}/result 下载",
			MessageEN: "jobs take no progress parameter: GET /api/v1/jobs/{id} gives a job's progress, and GET /api/v1/jobs/{id}/result its ZIP"}}
		writeProblem(c, p)
		return
	}
	switch v := c.Query("charts"); v {
	case "":
	case "svg":
		opts.Charts = true
	default:
		fail(c, probBadParameter, fmt.Sprintf("参数 charts 只能为 svg，收到 %q", v))
		return
	}
	opts.Summary = export.Names(bo.Summary)
	opts.Sign = bo.Render.Sign != nil
	ev, ok := s.evalConfig(c)
	if !ok {
		return
	}
	mt, ok := s.batchType(c)
	if !ok {
		return
	}
	// The body is read as a batch's: at a pace, or the submission ends.
	defer c.Request.Body.Close()
	_, br, ok := s.batchBody(c, http.NewResponseController(c.Writer))
	if !ok {
		return
	}
	src, ok := s.batchSourceFrom(c, br, mt, ev)
	if !ok {
		return
	}
	j, _, err := s.jobs.Submit(c.Request.Context(), owner(c), key, opts, src)
	var le *jobs.LimitError
	var mbe *http.MaxBytesError
	switch {
	case err == nil:
	case errors.Is(err, errBodyLimit) || errors.Is(err, os.ErrDeadlineExceeded) || errors.As(err, &mbe):
		s.bodyFailed(c, err, s.cfg.MaxBatchBody)
		return
	case errors.Is(err, jobs.ErrEmpty):
		fail(c, probMalformed, "批处理中没有输入")
		return
	case errors.As(err, &le):
		s.jobLimit(c, le)
		return
	case c.Request.Context().Err() != nil:
		s.abandon(c, err)
		return
	default:
		var oe *export.OptionError
		if errors.As(err, &oe) {
			badOption(c, err)
			return
		}
		s.internal(c, fmt.Errorf("submit a job: %w", err))
		return
	}
	info(c).inputs = j.Progress.Total
	c.Header("Location", pathJobs+"/"+j.ID)
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusAccepted, j)
}

func (s *Server) jobLimit(c *gin.Context, le *jobs.LimitError) {
	what := "输入"
	if le.What == "bytes" {
		what = "字节"
	}
	switch {
	case le.TooLarge:
		s.metrics.reject(rejectBodyTooLarge)
		fail(c, probTooLarge, fmt.Sprintf("这批任务超过排队上限 %d %s", le.Limit, what))
	case le.PerOwner:
		s.metrics.reject(rejectJobs)
		failRetry(c, probTooManyJobs, fmt.Sprintf("该密钥排队中的任务已达上限 %d %s，请稍后重试", le.Limit, what), int(le.RetryAfter.Seconds()))
	default:
		s.metrics.reject(rejectJobs)
		failRetry(c, probJobsFull, fmt.Sprintf("服务排队中的任务已达上限 %d %s，请稍后重试", le.Limit, what), int(le.RetryAfter.Seconds()))
	}
}

// jobList is the answer of GET /api/v1/jobs.
type jobList struct {
	Jobs []*jobs.Job `json:"jobs"`
}

func (s *Server) handleJobList(c *gin.Context) {
	limit := 100
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			fail(c, probBadParameter, fmt.Sprintf("参数 limit 应为 1 到 1000 的整数，收到 %q", v))
			return
		}
		limit = n
	}
	list, err := s.jobs.List(c.Request.Context(), owner(c), limit)
	if err != nil {
		s.jobError(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, jobList{Jobs: list})
}

func (s *Server) handleJobGet(c *gin.Context) {
	j, err := s.jobs.Get(c.Request.Context(), owner(c), c.Param("id"))
	if err != nil {
		s.jobError(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, j)
}

func (s *Server) handleJobDelete(c *gin.Context) {
	j, err := s.jobs.Cancel(c.Request.Context(), owner(c), c.Param("id"))
	if err != nil {
		s.jobError(c, err)
		return
	}
	if j == nil {
		c.Status(http.StatusNoContent)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, j)
}

// handleJobResult sends a done job's ZIP. The result never changes, so
// its ETag is the job's id and a broken download resumes with Range
// (and If-Range).
func (s *Server) handleJobResult(c *gin.Context) {
	id := c.Param("id")
	r, j, err := s.jobs.Result(c.Request.Context(), owner(c), id)
	switch {
	case errors.Is(err, jobs.ErrNotReady):
		p := newProblem(c, probJobNotDone, fmt.Sprintf("任务状态为 %s，尚无结果", j.State))
		if j.State == jobs.StateQueued || j.State == jobs.StateRunning {
			c.Header("Retry-After", "2")
		}
		writeProblem(c, p)
		return
	case err != nil:
		s.jobError(c, err)
		return
	}
	defer r.Close()
	h := c.Writer.Header()
	h.Set("Content-Type", "application/zip")
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="jixiao-job-%s.zip"`, id))
	h.Set("ETag", `"`+id+`"`)
	h.Set("Cache-Control", "private, max-age=3600")
	h.Set("X-Content-Type-Options", "nosniff")
	var modified time.Time
	if j.Finished != nil {
		modified = *j.Finished
	}
	http.ServeContent(c.Writer, c.Request, "", modified, r)
}

func (s *Server) jobError(c *gin.Context, err error) {
	switch {
	case errors.Is(err, jobs.ErrNotFound):
		fail(c, probNotFound, "没有这个任务（或它已过期、已删除）")
	case c.Request.Context().Err() != nil:
		s.abandon(c, err)
	default:
		s.internal(c, fmt.Errorf("jobs: %w", err))
	}
}

// jobsReady reports whether the jobs database answers, when jobs are on.
func (s *Server) jobsReady(ctx context.Context) error {
	if s.jobs == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	return s.jobs.Ready(ctx)
}

// internal answers 500 for an error of the service, which is logged
// with the request.
func (s *Server) internal(c *gin.Context, err error) {
	info(c).err = err
	fail(c, probInternal, internalDetail(requestID(c)))
}
