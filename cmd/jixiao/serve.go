package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jixiao/jixiao/api"
	"github.com/jixiao/jixiao/importer"
	"github.com/jixiao/jixiao/sign"
)

// newServer makes the service of a parsed configuration, logging JSON
// to stderr; nil, with the reason logged, when it cannot start.
func newServer(sc *serveConfig, stderr io.Writer) (*api.Server, *slog.Logger) {
	logger := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: sc.level}))
	sc.cfg.Logger = logger
	srv, err := api.New(sc.cfg)
	if err != nil {
		logger.Error("cannot start", "error", err)
		return nil, logger
	}
	return srv, logger
}

func runServe(args []string, stdout, stderr io.Writer) int {
	sc, err := parseServe(args, os.Getenv, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		fmt.Fprintf(stderr, "jixiao serve: %v\n", err)
		return exitUnread
	}
	if sc.healthcheck {
		if err := healthcheck(sc.cfg.Addr); err != nil {
			fmt.Fprintf(stderr, "jixiao serve: unhealthy: %v\n", err)
			return exitInvalid
		}
		return exitOK
	}
	srv, logger := newServer(&sc, stderr)
	if srv == nil {
		return exitUnread
	}
	defer srv.Close()
	if _, ok := os.LookupEnv("GOMEMLIMIT"); !ok && sc.memoryLimit > 0 {
		debug.SetMemoryLimit(sc.memoryLimit)
	}
	gcPercent := sc.gcPercent
	if _, ok := os.LookupEnv("GOGC"); ok {
		gcPercent = debug.SetGCPercent(-1) // the environment's, read back
	}
	debug.SetGCPercent(gcPercent)
	logger.Info("starting jixiao serve", "config", sc.cfg, "memory_limit", debug.SetMemoryLimit(-1), "gc_percent", gcPercent)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := srv.ListenAndServe(ctx); err != nil {
		logger.Error("stopped with an error", "error", err)
		return exitInvalid
	}
	return exitOK
}

// defaultDataDir is where the jobs are kept unless --data says: the
// user's data folder (XDG_DATA_HOME, else ~/.local/share), or ./jixiao-data.
func defaultDataDir(getenv func(string) string) string {
	if d := getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "jixiao")
	}
	if h, err := os.UserHomeDir(); err == nil {
		return filepath.Join(h, ".local", "share", "jixiao")
	}
	return "jixiao-data"
}

// serveConfig is what the serve command's flags and environment say.
type serveConfig struct {
	cfg         api.Config
	level       slog.Level
	healthcheck bool
	// memoryLimit is the Go runtime's soft memory limit, set unless
	// GOMEMLIMIT is.
	memoryLimit int64
	// gcPercent is the collector's target, set unless GOGC is.
	gcPercent int
}

// defaultMemoryLimit keeps the heap, with the collector's slack, under
// about 600 MiB resident when every slot renders the largest document
// the default limits allow.
const defaultMemoryLimit = 400 << 20

// defaultGCPercent lets the heap grow to three times what is live before
// a collection, rather than the runtime's twice: a service's live heap is
// small (the requests in flight), so collections were frequent and took
// about a tenth of a batch's processor time. The soft memory limit still
// holds the heap near it when the load is heavy.
const defaultGCPercent = 200

// parseServe reads the configuration: each flag's default comes from its
// environment variable when set, else from api.DefaultConfig.
func parseServe(args []string, getenv func(string) string, stderr io.Writer) (serveConfig, error) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	e := &envFlags{fs: fs, getenv: getenv}
	d := api.DefaultConfig()
	var sc serveConfig
	c := &sc.cfg
	e.String(&c.Addr, "addr", "JIXIAO_ADDR", d.Addr, "listen on HOST:PORT")
	e.Size(&c.MaxBody, "max-body", "JIXIAO_MAX_BODY", d.MaxBody, "largest body of validate and render (bytes, or with KiB, MiB, GiB)")
	e.Size(&c.MaxBatchBody, "max-batch-body", "JIXIAO_MAX_BATCH_BODY", d.MaxBatchBody, "largest body of a batch")
	e.Int(&c.Concurrency, "concurrency", "JIXIAO_CONCURRENCY", d.Concurrency, "documents rendered at once (default: the number of CPUs)")
	e.Int(&c.Queue, "queue", "JIXIAO_QUEUE", d.Queue, "render requests that may wait beyond those; more get 429")
	e.Duration(&c.QueueTimeout, "queue-timeout", "JIXIAO_QUEUE_TIMEOUT", d.QueueTimeout, "longest wait for a render slot; then 503")
	e.Int(&c.MaxBatches, "max-batches", "JIXIAO_MAX_BATCHES", d.MaxBatches, "batch requests served at once; more get 429")
	e.Duration(&c.RequestTimeout, "request-timeout", "JIXIAO_REQUEST_TIMEOUT", d.RequestTimeout, "deadline of a validate or render request")
	e.Duration(&c.BatchTimeout, "batch-timeout", "JIXIAO_BATCH_TIMEOUT", d.BatchTimeout, "deadline of a batch request")
	e.Duration(&c.ReadHeaderTimeout, "read-header-timeout", "JIXIAO_READ_HEADER_TIMEOUT", d.ReadHeaderTimeout, "HTTP server: time to read the request headers")
	e.Duration(&c.ReadTimeout, "read-timeout", "JIXIAO_READ_TIMEOUT", d.ReadTimeout, "HTTP server: time to read a request (a batch has its own)")
	e.Duration(&c.WriteTimeout, "write-timeout", "JIXIAO_WRITE_TIMEOUT", d.WriteTimeout, "HTTP server: time to write a response (a batch has its own)")
	e.Duration(&c.IdleTimeout, "idle-timeout", "JIXIAO_IDLE_TIMEOUT", d.IdleTimeout, "HTTP server: keep-alive idle time")
	e.Duration(&c.ShutdownGrace, "shutdown-grace", "JIXIAO_SHUTDOWN_GRACE", d.ShutdownGrace, "on SIGTERM, time for requests in flight to finish")
	e.Duration(&c.ShutdownDelay, "shutdown-delay", "JIXIAO_SHUTDOWN_DELAY", d.ShutdownDelay, "on SIGTERM, time /readyz answers 503 before the listener closes (0: none)")
	e.Duration(&c.BodyTimeout, "body-timeout", "JIXIAO_BODY_TIMEOUT", d.BodyTimeout, "time to send the body of validate and render; then 408")
	e.Size(&c.BodyMemory, "body-memory", "JIXIAO_BODY_MEMORY", d.BodyMemory, "bodies of validate and render held in memory at once; more get 429")
	e.SizeOrOff(&c.EvalCache, "eval-cache", "JIXIAO_EVAL_CACHE", d.EvalCache, "evaluations of recent JSON inputs kept, so that one sent again (part after part, format after format) is not evaluated again (\"off\": none)")
	e.Int(&c.Limits.Depth, "max-depth", "JIXIAO_MAX_DEPTH", d.Limits.Depth, "nesting of one input (at most 128; -1: 128)")
	e.Int(&c.Limits.Rows, "max-rows", "JIXIAO_MAX_ROWS", d.Limits.Rows, "elements of any one array of an input: rows, items (-1: no limit)")
	e.Int(&c.Limits.Items, "max-items", "JIXIAO_MAX_ITEMS", d.Limits.Items, "array elements of one input in all (-1: no limit)")
	e.Int(&c.Limits.Chars, "max-chars", "JIXIAO_MAX_CHARS", d.Limits.Chars, "characters of all the strings of one input (-1: no limit)")
	e.Int(&c.Limits.Tables, "max-tables", "JIXIAO_MAX_TABLES", d.Limits.Tables, "tables of one input (-1: no limit)")
	e.Int(&c.MaxPages, "max-pages", "JIXIAO_MAX_PAGES", d.MaxPages, "pages of one PDF (-1: no limit)")
	e.Size(&sc.memoryLimit, "memory-limit", "JIXIAO_MEMORY_LIMIT", defaultMemoryLimit, "soft limit of the heap: the collector works harder near it (ignored when GOMEMLIMIT is set)")
	e.Int(&sc.gcPercent, "gc-percent", "JIXIAO_GC_PERCENT", defaultGCPercent, "the collector's target: the heap grows by this percentage of the live heap before a collection (ignored when GOGC is set; -1: off, leaving the memory limit alone)")
	var keysFile string
	e.String(&keysFile, "api-keys-file", "JIXIAO_API_KEYS_FILE", "", "file of API keys, one a line; the /api/v1 operations then need Authorization: Bearer KEY (keys may also be in JIXIAO_API_KEYS, comma-separated)")
	e.List(&c.CORSOrigins, "cors-origins", "JIXIAO_CORS_ORIGINS", "origins allowed to call the API from a browser, comma-separated, or *; CORS is off when empty")
	e.List(&c.Fonts, "font", "JIXIAO_FONTS", "`role=file.ttf`: a TrueType face for a text role (title, heading1, heading2, body, table, number); repeatable, comma-separated in the environment")
	e.String(&c.ProfilesDir, "profiles", "JIXIAO_PROFILES", "", "a `directory` of form profiles (*.json) loaded beside the built-in ones (docs/profiles.md)")
	e.List(&c.TrustedProxies, "trusted-proxies", "JIXIAO_TRUSTED_PROXIES", "proxies (addresses or CIDR) whose X-Forwarded-For is logged as the client address")
	il := importer.DefaultLimits
	e.Size(&c.Import.MaxUnpacked, "import-max-unpacked", "JIXIAO_IMPORT_MAX_UNPACKED", il.MaxUnpacked, "largest unpacked size of an imported workbook or document")
	e.Size(&c.Import.MaxRatio, "import-max-ratio", "JIXIAO_IMPORT_MAX_RATIO", il.MaxRatio, "largest compression ratio of a part of an imported file (a ZIP bomb is refused)")
	e.Int(&c.Import.MaxRows, "import-max-rows", "JIXIAO_IMPORT_MAX_ROWS", il.MaxRows, "most rows of a sheet of an imported workbook")
	e.Int(&c.Import.MaxCells, "import-max-cells", "JIXIAO_IMPORT_MAX_CELLS", il.MaxCells, "most cells of an imported workbook")
	e.Size(&c.Import.MaxText, "import-max-text", "JIXIAO_IMPORT_MAX_TEXT", il.MaxText, "most bytes of text read from an imported workbook or document")
	var sf signFlags
	e.String(&sf.key, "sign", "JIXIAO_SIGN", "", "sign renders and batches that ask for it (sign=true) with this `key`: PKCS #12, or PEM with --sign-cert (RSA or ECDSA signs PDF, SM2 seals OFD)")
	e.String(&sf.cert, "sign-cert", "JIXIAO_SIGN_CERT", "", "the signing certificate and its issuers, a PEM `file`, for a PEM --sign key")
	e.String(&sf.passFile, "sign-passphrase-file", "JIXIAO_SIGN_PASSPHRASE_FILE", "", "read the key's passphrase from this `file` (default: $JIXIAO_SIGN_PASSPHRASE)")
	e.String(&sf.seal, "seal", "JIXIAO_SEAL", "", "the OFD's electronic seal, a GB/T 38540 `file` (default: one made of the signing key)")
	e.String(&sf.tsa, "tsa", "JIXIAO_TSA", "", tsaUsage)
	var trust string
	e.String(&trust, "trust", "JIXIAO_TRUST", "", "PEM `file` of trust anchors that POST /api/v1/verify checks signers' chains against")
	j := &c.Jobs
	e.String(&j.DataDir, "data", "JIXIAO_DATA", defaultDataDir(getenv), "the `folder` of the jobs' SQLite database and results, for one process (\"off\": no jobs API)")
	e.String(&j.Database, "database", "JIXIAO_DATABASE", "", "a PostgreSQL address (postgres://USER:PASSWORD@HOST/DB) for the jobs, shared by any number of serve and worker processes; --data is then not used")
	e.Int(&j.Workers, "job-workers", "JIXIAO_JOB_WORKERS", 0, "job units this process renders at once (default: the number of CPUs; -1: none, the process only answers)")
	e.Duration(&j.Retention, "job-retention", "JIXIAO_JOB_RETENTION", 24*time.Hour, "how long a finished job and its ZIP are kept")
	e.Duration(&j.UnitTimeout, "job-unit-timeout", "JIXIAO_JOB_UNIT_TIMEOUT", 2*time.Minute, "longest work on one unit of a job")
	e.Duration(&j.RescueAfter, "job-rescue-after", "JIXIAO_JOB_RESCUE_AFTER", 3*time.Minute, "a unit held this long by a process that died is taken again (at least --job-unit-timeout)")
	e.Int(&j.Limits.QueuedInputs, "max-queued-inputs", "JIXIAO_MAX_QUEUED_INPUTS", 1_000_000, "inputs of unfinished jobs of the whole service; more get 503 (0: no limit)")
	e.Size(&j.Limits.QueuedBytes, "max-queued-bytes", "JIXIAO_MAX_QUEUED_BYTES", 10<<30, "bytes of inputs of unfinished jobs of the whole service; more get 503")
	e.Int(&j.Limits.QueuedInputsPerOwner, "max-queued-inputs-per-key", "JIXIAO_MAX_QUEUED_INPUTS_PER_KEY", 100_000, "inputs of one API key's unfinished jobs; more get 429")
	e.Size(&j.Limits.QueuedBytesPerOwner, "max-queued-bytes-per-key", "JIXIAO_MAX_QUEUED_BYTES_PER_KEY", 2<<30, "bytes of inputs of one API key's unfinished jobs; more get 429")
	var level string
	e.String(&level, "log-level", "JIXIAO_LOG_LEVEL", "info", "debug, info, warn or error")
	fs.BoolVar(&sc.healthcheck, "healthcheck", false, "probe the service at --addr (GET /healthz) and exit 0 if healthy, for a container HEALTHCHECK")
	setUsage(fs, stderr, "usage: jixiao serve [flags]\n\nEach flag may also be set by the environment variable shown; a flag wins.")
	if err := fs.Parse(args); err != nil {
		return sc, err
	}
	if fs.NArg() > 0 {
		return sc, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if err := errors.Join(e.errs...); err != nil {
		return sc, err
	}
	if err := sc.level.UnmarshalText([]byte(level)); err != nil {
		return sc, fmt.Errorf("log level: %w", err)
	}
	if c.Queue == 0 {
		c.Queue = -1 // api.Config's zero means the default
	}
	if c.ShutdownDelay == 0 {
		c.ShutdownDelay = -1
	}
	if j.Database != "" || j.DataDir == "off" {
		j.DataDir = ""
	}
	if keysFile != "" {
		keys, err := readKeys(keysFile)
		if err != nil {
			return sc, err
		}
		c.APIKeys = append(c.APIKeys, keys...)
	}
	var err error
	if c.Sign, err = sf.signing(getenv); err != nil {
		return sc, err
	}
	if trust != "" {
		data, err := os.ReadFile(trust)
		if err == nil {
			c.Trust, err = sign.Trust(data)
		}
		if err != nil {
			return sc, fmt.Errorf("trust anchors: %w", err)
		}
	}
	if env := getenv("JIXIAO_API_KEYS"); env != "" {
		// A variable that is set but names no key (" , ") is a mistake,
		// never a way to turn authentication off: that is leaving it unset.
		n := 0
		for k := range strings.SplitSeq(env, ",") {
			if k = strings.TrimSpace(k); k != "" {
				c.APIKeys = append(c.APIKeys, k)
				n++
			}
		}
		if n == 0 {
			return sc, fmt.Errorf("API keys: JIXIAO_API_KEYS is set to %q, which holds no key; unset it to run without keys", env)
		}
	}
	return sc, nil
}

// readKeys reads API keys, one a line; blank lines and lines starting
// with # are skipped.
func readKeys(name string) ([]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("API keys: %w", err)
	}
	defer f.Close()
	var keys []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k := strings.TrimSpace(sc.Text()); k != "" && !strings.HasPrefix(k, "#") {
			keys = append(keys, k)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("API keys: read %s: %w", name, err)
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("API keys: %s holds no key", name)
	}
	return keys, nil
}

// healthcheck probes /healthz of the service listening at addr.
func healthcheck(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	client := &http.Client{Timeout: 5 * time.Second}
	resp, err := client.Get("http://" + net.JoinHostPort(host, port) + "/healthz")
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET /healthz: %s", resp.Status)
	}
	return nil
}

// envFlags defines flags whose defaults come from environment variables.
type envFlags struct {
	fs     *flag.FlagSet
	getenv func(string) string
	errs   []error
}

func (e *envFlags) env(name string, parse func(string) error) {
	if v := e.getenv(name); v != "" {
		if err := parse(v); err != nil {
			e.errs = append(e.errs, fmt.Errorf("%s=%q: %w", name, v, err))
		}
	}
}

func (e *envFlags) String(p *string, name, env, def, usage string) {
	*p = def
	e.env(env, func(v string) error { *p = v; return nil })
	e.fs.StringVar(p, name, *p, usage+" ("+env+")")
}

func (e *envFlags) Int(p *int, name, env string, def int, usage string) {
	*p = def
	e.env(env, func(v string) (err error) { *p, err = strconv.Atoi(v); return err })
	e.fs.IntVar(p, name, *p, usage+" ("+env+")")
}

func (e *envFlags) Duration(p *time.Duration, name, env string, def time.Duration, usage string) {
	*p = def
	e.env(env, func(v string) (err error) { *p, err = time.ParseDuration(v); return err })
	e.fs.DurationVar(p, name, *p, usage+" ("+env+")")
}

func (e *envFlags) Size(p *int64, name, env string, def int64, usage string) {
	e.size(p, name, env, def, usage, parseSize)
}

// SizeOrOff is Size where "off" is -1: none at all.
func (e *envFlags) SizeOrOff(p *int64, name, env string, def int64, usage string) {
	e.size(p, name, env, def, usage, func(v string) (int64, error) {
		if strings.TrimSpace(v) == "off" {
			return -1, nil
		}
		return parseSize(v)
	})
}

func (e *envFlags) size(p *int64, name, env string, def int64, usage string, parse func(string) (int64, error)) {
	*p = def
	set := func(v string) (err error) { *p, err = parse(v); return err }
	e.env(env, set)
	e.fs.Func(name, fmt.Sprintf("%s (%s) (default %s)", usage, env, formatSize(*p)), set)
}

// List defines a comma-separated list; the flag may also be repeated, and
// replaces the environment's list.
func (e *envFlags) List(p *[]string, name, env, usage string) {
	add := func(v string) {
		for s := range strings.SplitSeq(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				*p = append(*p, s)
			}
		}
	}
	e.env(env, func(v string) error { add(v); return nil })
	fromEnv := true
	e.fs.Func(name, usage+" ("+env+")", func(v string) error {
		if fromEnv {
			*p, fromEnv = nil, false
		}
		add(v)
		return nil
	})
}

var sizeUnits = []struct {
	suffix string
	n      int64
}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1}}

// parseSize reads a byte count such as 1048576, 32MiB or 1GiB.
func parseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range sizeUnits {
		if rest, ok := strings.CutSuffix(t, u.suffix); ok {
			t, mult = strings.TrimSpace(rest), u.n
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 || n > (1<<50)/mult {
		return 0, fmt.Errorf("%q is not a size such as 1048576, 32MiB or 1GiB", s)
	}
	return n * mult, nil
}

func formatSize(n int64) string {
	for _, u := range sizeUnits[:3] {
		if n >= u.n && n%u.n == 0 && (n/u.n < 1024 || u.suffix == "GiB") {
			return fmt.Sprintf("%d%s", n/u.n, u.suffix)
		}
	}
	return strconv.FormatInt(n, 10)
}
