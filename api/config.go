package api

import (
	"fmt"
	"log/slog"
	"net/url"
	"runtime"
	"time"

	"github.com/emmansun/gmsm/smx509"
	"github.com/jixiao/jixiao/batch"
	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/importer"
	"github.com/jixiao/jixiao/jobs"
)

// WriteFunc writes a planned document in one format; export.Write is the
// real one.
type WriteFunc = batch.WriteFunc

// Config is the service's configuration. The zero value of a field means
// its default (see DefaultConfig), except for the optional features: API
// keys, CORS origins and trusted proxies are off unless listed.
type Config struct {
	// Addr is the HOST:PORT to listen on.
	Addr string
	// MaxBody bounds the body of validate and render; MaxBatchBody the
	// body of a batch.
	MaxBody      int64
	MaxBatchBody int64
	// Concurrency is the number of documents rendered at once; Queue the
	// number of render requests that may wait for a turn beyond those,
	// for at most QueueTimeout (a negative Queue means none may wait).
	// Further requests are refused with 429.
	Concurrency  int
	Queue        int
	QueueTimeout time.Duration
	// MaxBatches is the number of batch requests served at once.
	MaxBatches int
	// RequestTimeout is the deadline of validate and render requests,
	// BatchTimeout of batch requests.
	RequestTimeout time.Duration
	BatchTimeout   time.Duration
	// Timeouts of the HTTP server. A batch request extends its own read
	// and write deadlines to BatchTimeout.
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration
	// ShutdownGrace is how long a shutdown waits for requests in flight
	// before it cancels them.
	ShutdownGrace time.Duration
	// ShutdownDelay is how long, once shutdown begins, the service goes
	// on accepting connections while /readyz answers 503 and new work is
	// refused with 503 and Retry-After, so that a load balancer sees it
	// leave before its listener closes (a negative value: none).
	ShutdownDelay time.Duration
	// BodyTimeout is how long a validate or render request may take to
	// send its body: a slow upload is cut off with 408 and never holds a
	// place in the queue, which it takes only once its body is read.
	BodyTimeout time.Duration
	// BodyMemory bounds the bytes of the validate and render bodies held
	// at once, read or being read; a request that would pass it is
	// refused with 429.
	BodyMemory int64
	// EvalCache bounds the memory of the evaluations kept for inputs
	// sent again (see evalCache); negative: none are kept.
	EvalCache int64
	// Limits bound the size of one input (evaluation.Limits; zero fields
	// take evaluation.DefaultLimits, negative ones mean no limit), and
	// MaxPages the pages of one PDF.
	Limits   evaluation.Limits
	MaxPages int
	// APIKeys, when not empty, are the bearer keys the /api/v1 operations
	// require. They are never logged.
	APIKeys []string
	// CORSOrigins lists the origins allowed to call the API from a
	// browser; "*" allows any. CORS is off when empty.
	CORSOrigins []string
	// ProfilesDir is a directory of form profiles (*.json) loaded beside
	// the built-in ones; see docs/profiles.md.
	ProfilesDir string
	// Fonts point text roles at TrueType files, as "role=path" (see
	// export.OverrideFonts); the embedded faces serve the others.
	Fonts []string
	// TrustedProxies lists the proxies (addresses or CIDR ranges) whose
	// X-Forwarded-For is believed for the logged client address.
	TrustedProxies []string
	// Import bounds the workbooks and documents the service imports
	// (importer.Limits; zero fields take the importer's defaults).
	Import importer.Limits

	// Sign, when set, is the key renders and batches are signed with on
	// request (sign=true); Trust are the trust anchors POST
	// /api/v1/verify checks chains against (nil: chains unchecked).
	Sign  *export.Signing
	Trust *smx509.CertPool
	// Jobs, when its Database or DataDir is set, turns the jobs API on
	// (/api/v1/jobs): batches stored and run by River workers, this
	// process's among them unless Jobs.Workers is negative. Its Batch,
	// Import and Registerer are the server's.
	Jobs jobs.Config

	// Write writes a document: export.Write when nil.
	Write WriteFunc
	// Logger receives the request log and errors: slog.Default when nil.
	Logger *slog.Logger
}

// DefaultConfig returns the defaults.
func DefaultConfig() Config {
	n := runtime.GOMAXPROCS(0)
	return Config{
		Addr:              ":8080",
		MaxBody:           4 << 20,
		MaxBatchBody:      1 << 30,
		Concurrency:       n,
		Queue:             64,
		QueueTimeout:      10 * time.Second,
		MaxBatches:        2,
		RequestTimeout:    60 * time.Second,
		BatchTimeout:      time.Hour,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      90 * time.Second,
		IdleTimeout:       120 * time.Second,
		ShutdownGrace:     30 * time.Second,
		ShutdownDelay:     5 * time.Second,
		BodyTimeout:       10 * time.Second,
		BodyMemory:        128 << 20,
		EvalCache:         32 << 20,
		Limits:            evaluation.DefaultLimits,
		MaxPages:          2000,
	}
}

// withDefaults fills the zero fields from DefaultConfig.
func (c Config) withDefaults() Config {
	d := DefaultConfig()
	set := func(v *int64, def int64) {
		if *v <= 0 {
			*v = def
		}
	}
	setInt := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	setDur := func(v *time.Duration, def time.Duration) {
		if *v <= 0 {
			*v = def
		}
	}
	if c.Addr == "" {
		c.Addr = d.Addr
	}
	set(&c.MaxBody, d.MaxBody)
	set(&c.MaxBatchBody, d.MaxBatchBody)
	setInt(&c.Concurrency, d.Concurrency)
	switch {
	case c.Queue == 0:
		c.Queue = d.Queue
	case c.Queue < 0:
		c.Queue = 0
	}
	setDur(&c.QueueTimeout, d.QueueTimeout)
	setInt(&c.MaxBatches, d.MaxBatches)
	setDur(&c.RequestTimeout, d.RequestTimeout)
	setDur(&c.BatchTimeout, d.BatchTimeout)
	setDur(&c.ReadHeaderTimeout, d.ReadHeaderTimeout)
	setDur(&c.ReadTimeout, d.ReadTimeout)
	setDur(&c.WriteTimeout, d.WriteTimeout)
	setDur(&c.IdleTimeout, d.IdleTimeout)
	setDur(&c.ShutdownGrace, d.ShutdownGrace)
	switch {
	case c.ShutdownDelay == 0:
		c.ShutdownDelay = d.ShutdownDelay
	case c.ShutdownDelay < 0:
		c.ShutdownDelay = 0
	}
	setDur(&c.BodyTimeout, d.BodyTimeout)
	set(&c.BodyMemory, d.BodyMemory)
	if c.EvalCache == 0 {
		c.EvalCache = d.EvalCache
	}
	limit := func(v *int, def int) {
		switch {
		case *v == 0:
			*v = def
		case *v < 0:
			*v = 0 // no limit
		}
	}
	limit(&c.Limits.Depth, d.Limits.Depth)
	limit(&c.Limits.Rows, d.Limits.Rows)
	limit(&c.Limits.Items, d.Limits.Items)
	limit(&c.Limits.Chars, d.Limits.Chars)
	limit(&c.Limits.Tables, d.Limits.Tables)
	limit(&c.MaxPages, d.MaxPages)
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return c
}

// check reports settings that cannot work together.
func (c Config) check() error {
	if c.MaxBody > evaluation.MaxInputSize {
		return fmt.Errorf("max body %d is over the evaluator's limit of %d bytes", c.MaxBody, evaluation.MaxInputSize)
	}
	if c.BodyMemory < c.MaxBody {
		return fmt.Errorf("body memory %d is less than the max body %d: no body could be read", c.BodyMemory, c.MaxBody)
	}
	if c.WriteTimeout < c.RequestTimeout {
		return fmt.Errorf("write timeout %v is shorter than the request timeout %v: responses would be cut off", c.WriteTimeout, c.RequestTimeout)
	}
	for _, k := range c.APIKeys {
		if len(k) < 16 {
			return fmt.Errorf("an API key is shorter than 16 characters")
		}
	}
	return nil
}

// LogValue shows the configuration without secrets: API keys are counted,
// not shown.
func (c Config) LogValue() slog.Value {
	dur := func(k string, d time.Duration) slog.Attr { return slog.String(k, d.String()) }
	return slog.GroupValue(
		slog.String("addr", c.Addr),
		slog.Int64("max_body", c.MaxBody),
		slog.Int64("max_batch_body", c.MaxBatchBody),
		slog.Int("concurrency", c.Concurrency),
		slog.Int("queue", c.Queue),
		dur("queue_timeout", c.QueueTimeout),
		slog.Int("max_batches", c.MaxBatches),
		dur("request_timeout", c.RequestTimeout),
		dur("batch_timeout", c.BatchTimeout),
		dur("read_header_timeout", c.ReadHeaderTimeout),
		dur("read_timeout", c.ReadTimeout),
		dur("write_timeout", c.WriteTimeout),
		dur("idle_timeout", c.IdleTimeout),
		dur("shutdown_grace", c.ShutdownGrace),
		dur("shutdown_delay", c.ShutdownDelay),
		dur("body_timeout", c.BodyTimeout),
		slog.Int64("body_memory", c.BodyMemory),
		slog.Int64("eval_cache", c.EvalCache),
		slog.Any("limits", c.Limits),
		slog.Int("max_pages", c.MaxPages),
		slog.Int("api_keys", len(c.APIKeys)),
		slog.Any("cors_origins", c.CORSOrigins),
		slog.Any("trusted_proxies", c.TrustedProxies),
		slog.Any("fonts", c.Fonts),
		slog.String("profiles", c.ProfilesDir),
		slog.String("sign", c.Sign.String()),
		slog.Bool("trust_anchors", c.Trust != nil),
		slog.String("jobs", jobsWhere(c.Jobs)),
	)
}

// jobsWhere says where the jobs are kept, without the database's
// password.
func jobsWhere(j jobs.Config) string {
	switch {
	case j.Database != "":
		if u, err := url.Parse(j.Database); err == nil {
			return "postgres " + u.Redacted()
		}
		return "postgres"
	case j.DataDir != "":
		return "sqlite " + j.DataDir
	}
	return "off"
}
