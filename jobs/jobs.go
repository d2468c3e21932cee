// Package jobs runs batches as durable jobs on River: a batch is
// submitted, stored and answered at once with an id; its inputs are cut
// into units that any worker process takes; the outcome of each unit is
// stored under a key derived from its content, and once every unit is
// done one worker joins them into the batch's ZIP, the same bytes
// batch.Run writes for the same inputs. A process that dies leaves its
// units to be taken again; nothing is lost or done twice.
//
// Two databases are supported behind Config.Database: SQLite in a data
// folder (the default, one process; blobs are files beside it) and
// PostgreSQL (any number of processes; blobs are stored in it).
package jobs

import (
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/jixiao/jixiao/batch"
	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/importer"
	"github.com/jixiao/jixiao/summary"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/riverqueue/river"
)

// Config configures an Engine.
type Config struct {
	// Database is a PostgreSQL address (postgres://…); when empty, the
	// jobs are kept in SQLite in DataDir.
	Database string
	// DataDir holds the SQLite database and the blobs of the embedded
	// default. It is locked by the process that opens it.
	DataDir string
	// Workers is the number of units this process renders at once:
	// GOMAXPROCS when zero, none when negative (the process only submits
	// and answers).
	Workers int
	// Batch holds what every unit renders with: the writer, fonts, page
	// limit, profiles, input limits. Its Formats, Created and the rest of
	// Render are each job's own.
	Batch batch.Options
	// Import reads the workbooks and documents among the inputs.
	Import importer.Options
	// UnitSize is the number of inputs of a unit; 8 when zero.
	UnitSize int
	// Retention is how long a finished job and its result are kept; a
	// day when zero.
	Retention time.Duration
	// UnitTimeout bounds the work on one unit; a unit held longer by a
	// process that died is taken again after it and a minute. Two
	// minutes when zero.
	UnitTimeout time.Duration
	// RescueAfter is how long a unit may stay taken by a process before
	// another takes it again (the process died); UnitTimeout and a
	// minute when zero.
	RescueAfter time.Duration
	// Limits bound the work waiting, per owner and overall.
	Limits Limits
	// Logger receives the engine's log; slog.Default when nil.
	Logger *slog.Logger
	// Registerer receives the engine's metrics; none when nil.
	Registerer prometheus.Registerer
}

// Limits bound the inputs and bytes of the jobs not yet finished. Zero
// means no limit.
type Limits struct {
	QueuedInputs         int
	QueuedBytes          int64
	QueuedInputsPerOwner int
	QueuedBytesPerOwner  int64
}

// Options are a job's own batch options, as the user wrote them (see
// export.Query); they are checked when the job is submitted.
type Options struct {
	Formats     []string `json:"formats,omitempty"`
	Part        string   `json:"part,omitempty"`
	Figures     string   `json:"figures,omitempty"`
	Findings    string   `json:"findings,omitempty"`
	PDF         string   `json:"pdf,omitempty"`
	SkipInvalid string   `json:"skipInvalid,omitempty"`
	Profile     string   `json:"profile,omitempty"`
	// Sign signs the page formats with Config.Batch.Render.Sign, which
	// every process of the service must then have.
	Sign bool `json:"sign,omitempty"`
	// Summary lists the formats of the batch's summary (package summary)
	// to put into the ZIP, as a batch's ?summary= does.
	Summary []string `json:"summary,omitempty"`
	// Charts keeps the summary's charts, as SVG, for the job's status
	// (Job.Charts).
	Charts  bool      `json:"charts,omitempty"`
	Created time.Time `json:"created"`
}

// States of a job.
const (
	StateQueued    = "queued"
	StateRunning   = "running"
	StateDone      = "done"
	StateFailed    = "failed"
	StateCancelled = "cancelled"
)

// Job is what a client sees of a job.
type Job struct {
	ID         string     `json:"id"`
	State      string     `json:"state"`
	Progress   Progress   `json:"progress"`
	Created    time.Time  `json:"created"`
	Started    *time.Time `json:"started,omitempty"`
	Finished   *time.Time `json:"finished,omitempty"`
	Expires    *time.Time `json:"expires,omitempty"`
	ResultSize int64      `json:"resultBytes,omitempty"`
	Error      string     `json:"error,omitempty"`
	// Charts are the summary's charts as SVG elements, once a job that
	// asked for them (Options.Charts) is done; Get fills them in.
	Charts []string `json:"charts,omitempty"`

	owner   string
	options Options
}

// Progress counts a job's inputs.
type Progress struct {
	Total  int `json:"total"`
	Done   int `json:"done"`
	Failed int `json:"failed"`
}

// Finished reports whether the job will not change any more.
func (j *Job) finished() bool {
	return j.State == StateDone || j.State == StateFailed || j.State == StateCancelled
}

// Errors of the engine.
var (
	ErrNotFound = errors.New("no such job")
	// ErrNotReady is returned for the result of a job not done.
	ErrNotReady = errors.New("the job has no result yet")
	ErrEmpty    = errors.New("the batch has no inputs")
)

// LimitError says that a job would exceed a limit.
type LimitError struct {
	// PerOwner is true when the owner's own limit is reached, false
	// when the service's is.
	PerOwner bool
	// TooLarge is true when the job alone is over the limit: it will
	// never be taken.
	TooLarge   bool
	What       string
	Limit      int64
	RetryAfter time.Duration
}

func (e *LimitError) Error() string {
	scope := "the service's"
	if e.PerOwner {
		scope = "the key's"
	}
	return fmt.Sprintf("%s limit of %d queued %s is reached", scope, e.Limit, e.What)
}

// Engine submits, runs and answers for jobs.
type Engine struct {
	cfg     Config
	db      database
	store   store
	log     *slog.Logger
	metrics *metrics
	unlock  func()
}

// Open opens the engine's database, migrating it, and returns the engine;
// Start starts its work.
func Open(ctx context.Context, cfg Config) (*Engine, error) {
	if cfg.Database == "" && cfg.DataDir == "" {
		return nil, errors.New("jobs: neither a database nor a data folder")
	}
	if cfg.Workers == 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	if cfg.UnitSize <= 0 {
		cfg.UnitSize = 8
	}
	if cfg.Retention <= 0 {
		cfg.Retention = 24 * time.Hour
	}
	if cfg.UnitTimeout <= 0 {
		cfg.UnitTimeout = 2 * time.Minute
	}
	if cfg.RescueAfter < cfg.UnitTimeout {
		cfg.RescueAfter = cfg.UnitTimeout + time.Minute
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	e := &Engine{cfg: cfg, log: cfg.Logger, unlock: func() {}}
	e.metrics = newMetrics(cfg.Registerer)
	if cfg.Database == "" {
		unlock, err := lockDir(cfg.DataDir)
		if err != nil {
			return nil, err
		}
		e.unlock = unlock
	}
	db, err := openDatabase(ctx, &cfg, e.riverConfig())
	if err != nil {
		e.unlock()
		return nil, err
	}
	e.db = db
	if db.postgres() {
		e.store = dbStore{db}
	} else {
		e.store = dirStore{filepath.Join(cfg.DataDir, "blobs")}
		// The folder is this process's alone: units held by a process
		// that died are free now, not after RescueAfter.
		if _, err := db.pool().exec(ctx, `UPDATE river_job SET state = 'available' WHERE state = 'running'`); err != nil {
			e.Close()
			return nil, fmt.Errorf("release the units of the last run: %w", err)
		}
	}
	return e, nil
}

func (e *Engine) riverConfig() *river.Config {
	workers := river.NewWorkers()
	river.AddWorker(workers, &unitWorker{e: e})
	river.AddWorker(workers, &assembleWorker{e: e})
	river.AddWorker(workers, &expireWorker{e: e})
	rc := &river.Config{
		Workers:              workers,
		JobTimeout:           e.cfg.UnitTimeout,
		RescueStuckJobsAfter: e.cfg.RescueAfter,
		// River's own information (counts of jobs every minute) would
		// drown the service's log.
		Logger: slog.New(warnOnly{e.log.With("component", "river").Handler()}),
		// Units finish in a fraction of a second: a worker asks for the
		// next soon after.
		FetchCooldown:     10 * time.Millisecond,
		FetchPollInterval: 100 * time.Millisecond,
	}
	if e.cfg.Workers >= 0 {
		rc.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: e.cfg.Workers}}
		rc.PeriodicJobs = []*river.PeriodicJob{river.NewPeriodicJob(
			river.PeriodicInterval(expireInterval(e.cfg.Retention)),
			func() (river.JobArgs, *river.InsertOpts) { return expireArgs{}, nil },
			&river.PeriodicJobOpts{RunOnStart: true},
		)}
	}
	return rc
}

// warnOnly passes on the records of level warn and above.
type warnOnly struct{ slog.Handler }

func (w warnOnly) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelWarn && w.Handler.Enabled(ctx, l)
}

func (w warnOnly) WithAttrs(attrs []slog.Attr) slog.Handler {
	return warnOnly{w.Handler.WithAttrs(attrs)}
}

func (w warnOnly) WithGroup(name string) slog.Handler { return warnOnly{w.Handler.WithGroup(name)} }

func expireInterval(retention time.Duration) time.Duration {
	return min(max(retention/10, time.Second), 10*time.Minute)
}

// Start starts working units, when the engine has workers.
func (e *Engine) Start(ctx context.Context) error {
	if err := e.db.start(ctx); err != nil {
		return fmt.Errorf("start the job workers: %w", err)
	}
	return nil
}

// Stop stops taking units and waits, until ctx is done, for the units
// in hand to finish; those left are given up, to be taken again.
func (e *Engine) Stop(ctx context.Context) error {
	return e.db.stop(ctx)
}

// Close closes the database; call it after Stop.
func (e *Engine) Close() {
	e.db.close()
	e.unlock()
}

// Ready reports whether the database answers.
func (e *Engine) Ready(ctx context.Context) error {
	var one int
	if err := e.db.pool().queryRow(ctx, `SELECT 1`).Scan(&one); err != nil {
		return fmt.Errorf("the job database does not answer: %w", err)
	}
	return nil
}

// newID returns an unguessable job id: 128 random bits.
func newID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func millis(t time.Time) int64 { return t.UnixMilli() }

func fromMillis(ms int64) *time.Time {
	if ms == 0 {
		return nil
	}
	t := time.UnixMilli(ms).UTC()
	return &t
}

// Submit reads every input of src, stores them as units and queues the
// job for owner. With a key, a job submitted before by the same owner
// with the same key is returned instead (and src is not read), with
// created false.
func (e *Engine) Submit(ctx context.Context, owner, key string, opts Options, src batch.Source) (job *Job, created bool, err error) {
	if key != "" {
		if j, err := e.byKey(ctx, owner, key); err == nil {
			return j, false, nil
		} else if !errors.Is(err, ErrNotFound) {
			return nil, false, err
		}
	}
	if err := e.checkLimits(ctx, owner, 0, 0); err != nil {
		return nil, false, err
	}
	if opts.Created.IsZero() {
		opts.Created = batch.Now()
	}
	opts.Created = opts.Created.UTC().Truncate(time.Second)
	if _, err := e.batchOptions(opts); err != nil {
		return nil, false, err
	}
	id := newID()
	optJSON, err := json.Marshal(opts)
	if err != nil {
		return nil, false, err
	}
	units, inputs, size, err := e.storeInputs(ctx, id, optJSON, src)
	if err != nil {
		e.store.deletePrefix(context.WithoutCancel(ctx), "jobs/"+id+"/")
		return nil, false, err
	}
	if inputs == 0 {
		return nil, false, ErrEmpty
	}
	if err := e.checkLimits(ctx, owner, inputs, size); err != nil {
		e.store.deletePrefix(context.WithoutCancel(ctx), "jobs/"+id+"/")
		return nil, false, err
	}
	now := time.Now()
	var idem any
	if key != "" {
		idem = key
	}
	err = e.db.inTx(ctx, func(q querier, rt riverTx) error {
		if _, err := q.exec(ctx, `INSERT INTO jixiao_job (id, owner, idempotency_key, state, options, inputs_total, units_total, input_bytes, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			id, owner, idem, StateQueued, string(optJSON), inputs, len(units), size, millis(now)); err != nil {
			return err
		}
		params := make([]river.InsertManyParams, len(units))
		for i, u := range units {
			if _, err := q.exec(ctx, `INSERT INTO jixiao_unit (job_id, n, first_input, inputs, input_key, result_key) VALUES ($1, $2, $3, $4, $5, $6)`,
				id, i, u.first, u.inputs, u.inputKey, u.resultKey); err != nil {
				return err
			}
			params[i] = river.InsertManyParams{Args: unitArgs{Job: id, Unit: i}}
		}
		return rt.insertMany(ctx, params)
	})
	if err != nil {
		e.store.deletePrefix(context.WithoutCancel(ctx), "jobs/"+id+"/")
		if key != "" {
			// Another request with the same key won the race.
			if j, kerr := e.byKey(ctx, owner, key); kerr == nil {
				return j, false, nil
			}
		}
		return nil, false, fmt.Errorf("queue the job: %w", err)
	}
	e.metrics.submitted.Inc()
	e.metrics.unitsQueued.Add(float64(len(units)))
	j, err := e.Get(ctx, owner, id)
	return j, err == nil, err
}

type unitPlan struct {
	first, inputs       int
	inputKey, resultKey string
}

// storeInputs reads src into units of UnitSize inputs, stores each, and
// names where its outcome will be stored: a key derived from the job's
// options and the unit's inputs, so that every attempt at a unit writes
// the same blob.
func (e *Engine) storeInputs(ctx context.Context, id string, optJSON []byte, src batch.Source) (units []unitPlan, inputs int, size int64, err error) {
	// A unit's inputs are stored while the next are read, a few units at
	// once: each waits for the disk (or the database) to hold it.
	var (
		puts   sync.WaitGroup
		ahead  = make(chan struct{}, storeAhead)
		mu     sync.Mutex
		putErr error
	)
	defer puts.Wait()
	put := func(key string, data []byte) error {
		select {
		case ahead <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
		puts.Go(func() {
			defer func() { <-ahead }()
			if _, err := e.store.put(ctx, key, bytes.NewReader(data)); err != nil {
				mu.Lock()
				putErr = cmp.Or(putErr, err)
				mu.Unlock()
			}
		})
		mu.Lock()
		defer mu.Unlock()
		return putErr
	}
	var buf bytes.Buffer
	flush := func() error {
		if buf.Len() == 0 {
			return nil
		}
		n, first := len(units), unitStart(units)
		h := sha256.New()
		h.Write(optJSON)
		h.Write(buf.Bytes())
		u := unitPlan{
			first:     first,
			inputs:    inputs - first,
			inputKey:  fmt.Sprintf("jobs/%s/in/%06d", id, n),
			resultKey: fmt.Sprintf("jobs/%s/out/%06d-%x", id, n, h.Sum(nil)[:16]),
		}
		if err := put(u.inputKey, bytes.Clone(buf.Bytes())); err != nil {
			return err
		}
		units = append(units, u)
		buf.Reset()
		return nil
	}
	for {
		if err := ctx.Err(); err != nil {
			return nil, 0, 0, err
		}
		it, err := src.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, 0, 0, err
		}
		if err := writeInput(&buf, it); err != nil {
			return nil, 0, 0, err
		}
		inputs++
		size += it.Size
		if inputs-unitStart(units) == e.cfg.UnitSize {
			if err := flush(); err != nil {
				return nil, 0, 0, err
			}
		}
	}
	if err := flush(); err != nil {
		return nil, 0, 0, err
	}
	puts.Wait()
	if putErr != nil {
		return nil, 0, 0, putErr
	}
	return units, inputs, size, nil
}

// storeAhead is how many units' inputs are stored at once.
const storeAhead = 4

// unitStart is the index of the first input after units.
func unitStart(units []unitPlan) int {
	if len(units) == 0 {
		return 0
	}
	u := units[len(units)-1]
	return u.first + u.inputs
}

func (e *Engine) checkLimits(ctx context.Context, owner string, inputs int, size int64) error {
	l := e.cfg.Limits
	if l == (Limits{}) {
		return nil
	}
	var all, mine struct {
		inputs int64
		bytes  int64
	}
	err := e.db.pool().queryRow(ctx, `SELECT
			COALESCE(SUM(inputs_total - inputs_done), 0), COALESCE(SUM(input_bytes), 0),
			COALESCE(SUM(CASE WHEN owner = $1 THEN inputs_total - inputs_done ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN owner = $1 THEN input_bytes ELSE 0 END), 0)
		FROM jixiao_job WHERE state IN ('queued', 'running')`, owner).
		Scan(&all.inputs, &all.bytes, &mine.inputs, &mine.bytes)
	if err != nil {
		return fmt.Errorf("count the queued work: %w", err)
	}
	check := func(perOwner bool, what string, limit, have, add int64) error {
		// Before the inputs are read (add is 0) a job is refused when the
		// limit is reached; after, when it would pass it.
		if limit <= 0 || (add == 0 && have < limit) || (add > 0 && have+add <= limit) {
			return nil
		}
		return &LimitError{PerOwner: perOwner, What: what, Limit: limit, TooLarge: add > limit, RetryAfter: 30 * time.Second}
	}
	return errors.Join(
		check(true, "inputs", int64(l.QueuedInputsPerOwner), mine.inputs, int64(inputs)),
		check(true, "bytes", l.QueuedBytesPerOwner, mine.bytes, size),
		check(false, "inputs", int64(l.QueuedInputs), all.inputs, int64(inputs)),
		check(false, "bytes", l.QueuedBytes, all.bytes, size),
	)
}

const jobColumns = `id, owner, state, options, inputs_total, inputs_done, inputs_failed, result_bytes, error, created_at, started_at, finished_at, expires_at`

func scanJob(s scanner) (*Job, error) {
	var j Job
	var opts string
	var created, started, finished, expires int64
	err := s.Scan(&j.ID, &j.owner, &j.State, &opts, &j.Progress.Total, &j.Progress.Done, &j.Progress.Failed,
		&j.ResultSize, &j.Error, &created, &started, &finished, &expires)
	if errors.Is(err, errNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(opts), &j.options); err != nil {
		return nil, fmt.Errorf("job %s: options: %w", j.ID, err)
	}
	j.Created = time.UnixMilli(created).UTC()
	j.Started, j.Finished, j.Expires = fromMillis(started), fromMillis(finished), fromMillis(expires)
	return &j, nil
}

// Get returns owner's job id, with its charts when it has them.
func (e *Engine) Get(ctx context.Context, owner, id string) (*Job, error) {
	j, err := e.get(ctx, owner, id)
	if err != nil || j.State != StateDone || !j.options.Charts {
		return j, err
	}
	data, err := readBlob(ctx, e.store, chartsKey(id))
	if err != nil {
		return nil, fmt.Errorf("job %s: charts: %w", id, err)
	}
	if err := json.Unmarshal(data, &j.Charts); err != nil {
		return nil, fmt.Errorf("job %s: charts: %w", id, err)
	}
	return j, nil
}

func (e *Engine) get(ctx context.Context, owner, id string) (*Job, error) {
	return scanJob(e.db.pool().queryRow(ctx, `SELECT `+jobColumns+` FROM jixiao_job WHERE id = $1 AND owner = $2`, id, owner))
}

func chartsKey(id string) string { return "jobs/" + id + "/charts.json" }

// putCharts stores the charts of job id, before it is marked done.
func (e *Engine) putCharts(ctx context.Context, id string, charts []string) error {
	if charts == nil {
		charts = []string{}
	}
	data, err := json.Marshal(charts)
	if err != nil {
		return err
	}
	_, err = e.store.put(ctx, chartsKey(id), bytes.NewReader(data))
	return err
}

func (e *Engine) byKey(ctx context.Context, owner, key string) (*Job, error) {
	return scanJob(e.db.pool().queryRow(ctx, `SELECT `+jobColumns+` FROM jixiao_job WHERE owner = $1 AND idempotency_key = $2`, owner, key))
}

func (e *Engine) job(ctx context.Context, q querier, id string) (*Job, error) {
	return scanJob(q.queryRow(ctx, `SELECT `+jobColumns+` FROM jixiao_job WHERE id = $1`, id))
}

// List returns owner's jobs, the newest first, at most limit of them.
func (e *Engine) List(ctx context.Context, owner string, limit int) ([]*Job, error) {
	rs, err := e.db.pool().query(ctx, `SELECT `+jobColumns+` FROM jixiao_job WHERE owner = $1 ORDER BY created_at DESC, id LIMIT $2`, owner, limit)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	list := []*Job{}
	for rs.Next() {
		j, err := scanJob(rs)
		if err != nil {
			return nil, err
		}
		list = append(list, j)
	}
	return list, rs.Err()
}

// Cancel cancels owner's job id when it is not finished, which stops
// its units within a second, and deletes it with its result when it is;
// it returns the job as it was left, nil when deleted.
func (e *Engine) Cancel(ctx context.Context, owner, id string) (*Job, error) {
	j, err := e.get(ctx, owner, id)
	if err != nil {
		return nil, err
	}
	if j.finished() {
		if _, err := e.db.pool().exec(ctx, `DELETE FROM jixiao_job WHERE id = $1`, id); err != nil {
			return nil, fmt.Errorf("delete job %s: %w", id, err)
		}
		return nil, e.store.deletePrefix(ctx, "jobs/"+id+"/")
	}
	now := time.Now()
	n, err := e.db.pool().exec(ctx, `UPDATE jixiao_job SET state = $1, finished_at = $2, expires_at = $3 WHERE id = $4 AND state IN ('queued', 'running')`,
		StateCancelled, millis(now), millis(now.Add(e.cfg.Retention)), id)
	if err != nil {
		return nil, fmt.Errorf("cancel job %s: %w", id, err)
	}
	if n == 1 {
		e.metrics.finished.WithLabelValues(StateCancelled).Inc()
		// Its inputs and units are of no more use; the record stays to
		// say it was cancelled, until it expires.
		e.store.deletePrefix(ctx, "jobs/"+id+"/")
	}
	return e.Get(ctx, owner, id)
}

// Result opens the ZIP of owner's job id, which must be done.
func (e *Engine) Result(ctx context.Context, owner, id string) (io.ReadSeekCloser, *Job, error) {
	j, err := e.get(ctx, owner, id)
	if err != nil {
		return nil, nil, err
	}
	if j.State != StateDone {
		return nil, j, ErrNotReady
	}
	b, err := e.store.open(ctx, resultKey(id))
	if err != nil {
		return nil, j, err
	}
	return b, j, nil
}

func resultKey(id string) string { return "jobs/" + id + "/result.zip" }

// batchOptions are the options a job's units render with; an error is
// an *export.OptionError.
func (e *Engine) batchOptions(o Options) (batch.Options, error) {
	b := e.cfg.Batch
	formats, err := export.ParseFormats(o.Formats...)
	if err != nil {
		return b, err
	}
	render, err := export.Query{Part: o.Part, Figures: o.Figures, Findings: o.Findings, PDF: o.PDF, SkipInvalid: o.SkipInvalid}.Options()
	if err != nil {
		return b, err
	}
	render.Fonts, render.MaxPages = b.Render.Fonts, b.Render.MaxPages
	if o.Sign {
		if b.Render.Sign == nil {
			return b, errors.New("the job asks for signatures and this process has no signing key (serve --sign)")
		}
		render.Sign = b.Render.Sign
	}
	b.Formats, b.Render, b.Created = formats, render, o.Created
	b.Summary = nil
	if len(o.Summary) > 0 {
		if b.Summary, err = export.ParseFormats(o.Summary...); err != nil {
			return b, err
		}
	}
	if o.Charts && len(b.Summary) == 0 {
		// The charts come of the summary, which needs none of its files.
		b.OnSummary = func(*summary.Summary) {}
	}
	if o.Profile != "" {
		ev := evaluation.Config{}
		if b.Evaluation != nil {
			ev = *b.Evaluation
		}
		ev.Profile = o.Profile
		b.Evaluation = &ev
	}
	b.OnEntry, b.Interrupt = nil, nil
	return b, nil
}
