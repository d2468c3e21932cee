// Package api is Jixiao's HTTP service: it validates disclosures, renders
// their documents as PDF or XLSX, and renders many at once into a streamed
// ZIP.
//
// The service is meant to run unattended for a finance bureau: rendering
// is bounded (a number of documents at once and a bounded wait queue,
// beyond which requests are refused with 429 or 503 and Retry-After),
// every request has a deadline, a client that goes away cancels its work,
// shutdown lets requests in flight finish within a grace period, and every
// error is an RFC 9457 problem in Chinese. Each request is logged as one
// JSON line with its request id, and counted in Prometheus metrics.
//
// The renderer is injected (Config.Render), so that the service can be
// tested without the PDF and XLSX backends.
package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/fonts"
	"github.com/jixiao/jixiao/importer"
	"github.com/jixiao/jixiao/jobs"
	"github.com/jixiao/jixiao/profile"
	"github.com/jixiao/jixiao/render"
	"github.com/jixiao/jixiao/web"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Server is the HTTP service. Create it with New.
type Server struct {
	cfg      Config
	log      *slog.Logger
	writer   WriteFunc
	profiles *profile.Set
	fonts    *fonts.Set // nil for the embedded faces
	lim      *limiter
	batches  chan struct{}
	bodies   *budget    // bytes of validate and render bodies in memory
	evals    *evalCache // the evaluations of the last inputs
	metrics  *metrics
	engine   *gin.Engine
	keys     [][sha256.Size]byte
	openapi  []byte
	draining atomic.Bool
	active   sync.WaitGroup // requests in flight
	ready    readiness
	jobs     *jobs.Engine // nil when jobs are off

	// importFiles imports workbooks and documents:
	// importer.ImportContext, replaced by tests that watch an import.
	importFiles func(context.Context, []importer.File, importer.Options) (*importer.Result, error)
	// onBatch, when set, is called as a batch request reaches its
	// handler (for tests).
	onBatch func()

	// onShutdown, when set, is called as shutdown begins, and closing
	// endDelay ends the shutdown delay early (for tests).
	onShutdown func()
	endDelay   chan struct{}
}

// New returns a server for cfg, with defaults for its zero fields.
func New(cfg Config) (*Server, error) {
	cfg = cfg.withDefaults()
	if err := cfg.check(); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	s := &Server{
		cfg:     cfg,
		log:     cfg.Logger,
		writer:  cfg.Write,
		lim:     newLimiter(cfg.Concurrency, cfg.Queue),
		batches: make(chan struct{}, cfg.MaxBatches),
		bodies:  &budget{max: cfg.BodyMemory},
		evals:   newEvalCache(cfg.EvalCache),

		importFiles: importer.ImportContext,
	}
	if s.writer == nil {
		s.writer = export.Write
	}
	set, err := profile.LoadDir(cfg.ProfilesDir)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	s.profiles = set
	if len(cfg.Fonts) > 0 {
		set, err := export.OverrideFonts(cfg.Fonts)
		if err != nil {
			return nil, fmt.Errorf("config: %w", err)
		}
		s.fonts = set
	}
	for _, k := range cfg.APIKeys {
		s.keys = append(s.keys, sha256.Sum256([]byte(k)))
	}
	s.metrics = newMetrics(s.lim)
	doc, err := openAPIDocument()
	if err != nil {
		return nil, err
	}
	s.openapi = doc
	if err := s.openJobs(context.Background()); err != nil {
		return nil, err
	}
	if err := s.routes(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Route paths.
const (
	pathValidate = "/api/v1/validate"
	pathRender   = "/api/v1/render"
	pathBatch    = "/api/v1/batch"
	pathProfiles = "/api/v1/profiles"
	pathFormats  = "/api/v1/formats"
	pathHealth   = "/healthz"
	pathReady    = "/readyz"
	pathMetrics  = "/metrics"
	pathOpenAPI  = "/openapi.json"
	pathSchema   = "/schemas/disclosure.json"
)

func (s *Server) routes() error {
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.HandleMethodNotAllowed = true
	e.ContextWithFallback = true
	if err := e.SetTrustedProxies(s.cfg.TrustedProxies); err != nil {
		return fmt.Errorf("trusted proxies: %w", err)
	}
	e.Use(s.observe, s.cors)
	e.NoRoute(func(c *gin.Context) { fail(c, probNotFound, "没有这个地址："+c.Request.URL.Path) })
	e.NoMethod(func(c *gin.Context) {
		fail(c, probMethod, fmt.Sprintf("%s 不支持 %s 方法", c.Request.URL.Path, c.Request.Method))
	})

	v1 := e.Group("/", s.auth)
	v1.POST(pathValidate, s.deadline(s.cfg.RequestTimeout), s.handleValidate)
	v1.POST(pathRender, s.deadline(s.cfg.RequestTimeout), s.handleRender)
	v1.POST(pathBatch, s.deadline(s.cfg.BatchTimeout), s.handleBatch)
	v1.POST(pathImport, s.deadline(s.cfg.RequestTimeout), s.handleImport)
	v1.GET(pathProfiles, s.handleProfiles)
	s.jobRoutes(v1.Group("/"))
	v1.GET(pathFormats, s.handleFormats)
	v1.POST(pathVerify, s.deadline(s.cfg.RequestTimeout), s.handleVerify)

	e.GET(pathHealth, func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })
	e.GET(pathReady, s.handleReady)
	e.GET(pathMetrics, gin.WrapH(promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{})))
	e.GET(pathOpenAPI, func(c *gin.Context) { c.Data(http.StatusOK, "application/json", s.openapi) })
	e.GET(pathSchema, func(c *gin.Context) { c.Data(http.StatusOK, "application/schema+json", schemaJSON()) })

	// The web page and its files are public, like the description: the
	// API calls the page makes carry the key.
	page := gin.WrapH(web.Handler())
	e.GET(web.IndexPath, page)
	e.GET(web.AssetsPath+"*file", page)
	s.engine = e
	return nil
}

// Handler returns the service's HTTP handler.
func (s *Server) Handler() http.Handler { return s.engine }

// ListenAndServe listens on the configured address and serves until ctx
// is done, then shuts down gracefully.
func (s *Server) ListenAndServe(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	return s.Serve(ctx, ln)
}

// Serve serves on ln until ctx is done, then shuts down: it stops
// accepting connections, reports not ready, lets the requests in flight
// finish for up to the grace period, then cancels those left and waits
// for them to stop. It returns nil after a clean shutdown.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	base, cancelBase := context.WithCancelCause(context.WithoutCancel(ctx))
	defer cancelBase(nil)
	hs := s.httpServer(base)
	if s.jobs != nil {
		if err := s.jobs.Start(base); err != nil {
			return err
		}
	}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	go s.checkReady(base) // warm up, so that the first probe is quick
	s.log.Info("listening", "addr", ln.Addr().String(), "page", pageURL(ln.Addr()))

	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.draining.Store(true)
	if s.onShutdown != nil {
		s.onShutdown()
	}
	s.log.Info("shutting down", "delay", s.cfg.ShutdownDelay.String(), "grace", s.cfg.ShutdownGrace.String())
	// Still listening, not ready: a load balancer's probe sees 503 and
	// takes the instance out before its connections are refused.
	select {
	case <-time.After(s.cfg.ShutdownDelay):
	case <-s.endDelay:
	}
	graceCtx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownGrace)
	defer cancel()
	if err := hs.Shutdown(graceCtx); err != nil {
		// The grace is over: the work still in flight is canceled, which
		// is what the grace promises, not a failure. The handlers answer
		// (503 shutting-down) and return within a page of work; the
		// connections are closed after them.
		s.log.Warn("grace period over: canceling the requests still in flight", "error", err)
		cancelBase(errShutdown)
		done := make(chan struct{})
		go func() { s.active.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			s.log.Error("requests did not stop after cancellation")
		}
		hs.Close()
	}
	<-served
	s.stopJobs()
	s.log.Info("stopped")
	return nil
}

// stopJobs stops taking units and lets those in hand finish for up to
// the grace period; the rest are given up, to be taken again by another
// process (or this one, restarted).
func (s *Server) stopJobs() {
	if s.jobs == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownGrace)
	defer cancel()
	if err := s.jobs.Stop(ctx); err != nil {
		s.log.Warn("job units given up at shutdown", "error", err)
	}
}

// Close releases what New opened: the jobs database.
func (s *Server) Close() {
	if s.jobs != nil {
		s.jobs.Close()
	}
}

// Work runs the job units, without serving HTTP, until ctx is done, then
// drains as Serve does.
func (s *Server) Work(ctx context.Context) error {
	if s.jobs == nil {
		return errors.New("jobs are off: name a database or a data folder")
	}
	if err := s.jobs.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	s.log.Info("working job units")
	<-ctx.Done()
	s.log.Info("shutting down", "grace", s.cfg.ShutdownGrace.String())
	s.stopJobs()
	s.log.Info("stopped")
	return nil
}

var errShutdown = errors.New("the service is shutting down")

// pageURL is where a browser on this machine finds the web page, for the
// start-up log: people run serve and then open it.
func pageURL(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return ""
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() || ip.IsLoopback() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}

// httpServer returns the http.Server of the service, whose requests'
// contexts derive from base.
func (s *Server) httpServer(base context.Context) *http.Server {
	return &http.Server{
		Handler:           s.engine,
		ReadHeaderTimeout: s.cfg.ReadHeaderTimeout,
		ReadTimeout:       s.cfg.ReadTimeout,
		WriteTimeout:      s.cfg.WriteTimeout,
		IdleTimeout:       s.cfg.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return base },
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

// write writes one document with the service's writer, counting it in
// the metrics.
func (s *Server) write(ctx context.Context, w io.Writer, p *export.Plan, f *export.Format) (export.Stats, error) {
	s.metrics.inFlight.Inc()
	start := time.Now()
	st, err := s.writer(ctx, w, p, f)
	d := time.Since(start)
	s.metrics.inFlight.Dec()
	switch {
	case err == nil:
		s.lim.observe(d)
		s.metrics.renderDuration.WithLabelValues(f.Name).Observe(d.Seconds())
		s.metrics.documents.WithLabelValues(f.Name, "ok").Inc()
		s.metrics.pages.WithLabelValues(f.Name).Add(float64(st.Pages))
	case ctx.Err() != nil:
		s.metrics.documents.WithLabelValues(f.Name, "canceled").Inc()
	default:
		s.metrics.documents.WithLabelValues(f.Name, "error").Inc()
	}
	return st, err
}

// readiness caches the outcome of the readiness check: a success for
// good, a failure for a few seconds.
type readiness struct {
	mu      sync.Mutex
	ok      bool
	err     error
	checked time.Time
}

//go:embed warmup.json
var warmupJSON []byte

// checkReady reports whether the service can do its job: the scheme and
// templates load, and a sample self-assessment table renders in both
// formats, which loads the fonts and the backends.
func (s *Server) checkReady(ctx context.Context) error {
	r := &s.ready
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ok || (r.err != nil && time.Since(r.checked) < 5*time.Second) {
		return r.err
	}
	r.err = s.warmUp(ctx)
	r.ok, r.checked = r.err == nil, time.Now()
	if r.err != nil {
		s.log.Error("readiness check failed", "error", r.err)
	}
	return r.err
}

func (s *Server) warmUp(ctx context.Context) error {
	rep := evaluation.Evaluate(warmupJSON, &evaluation.Config{Profiles: s.profiles})
	if !rep.Valid() {
		return fmt.Errorf("templates: the sample disclosure is invalid: %w", rep.Problems)
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	plan, err := export.NewPlan(rep, export.Options{Part: export.Part{Kind: render.PartTable}, Fonts: s.fonts})
	if err != nil {
		return fmt.Errorf("plan a sample: %w", err)
	}
	for _, f := range export.Formats() {
		var buf bytes.Buffer
		if _, err := s.writer(ctx, &buf, plan, f); err != nil {
			return fmt.Errorf("render a sample %s: %w", f, err)
		}
		if buf.Len() == 0 {
			return fmt.Errorf("render a sample %s: empty output", f)
		}
	}
	return nil
}

var errDeadline = errors.New("request deadline exceeded")
