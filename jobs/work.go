package jobs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/jixiao/jixiao/batch"
	"github.com/jixiao/jixiao/summary"
	"github.com/riverqueue/river"
)

// unitArgs is River's job for one unit of a job.
type unitArgs struct {
	Job  string `json:"job"`
	Unit int    `json:"unit"`
}

func (unitArgs) Kind() string { return "jixiao_unit" }

func (unitArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 10, Priority: 2}
}

// assembleArgs is River's job that joins a job's units into its ZIP.
type assembleArgs struct {
	Job string `json:"job"`
}

func (assembleArgs) Kind() string { return "jixiao_assemble" }

func (assembleArgs) InsertOpts() river.InsertOpts {
	// Ahead of the units of other jobs: it finishes a job.
	return river.InsertOpts{MaxAttempts: 10, Priority: 1,
		UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// expireArgs is River's periodic job that deletes expired jobs.
type expireArgs struct{}

func (expireArgs) Kind() string { return "jixiao_expire" }

func (expireArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 3, Priority: 1, UniqueOpts: river.UniqueOpts{ByPeriod: time.Second}}
}

type unitWorker struct {
	river.WorkerDefaults[unitArgs]
	e *Engine
}

// cancelPoll is how often a unit at work looks whether its job was
// cancelled.
const cancelPoll = 300 * time.Millisecond

var errCancelled = errors.New("the job was cancelled")

// Work renders a unit's inputs, stores them under the unit's result key
// and, in one transaction, marks the unit done, counts its inputs into
// the job, queues the assembly after the last unit and completes River's
// job. An attempt that dies before the commit leaves no trace but the
// blob, which the next attempt writes again with the same bytes.
func (w *unitWorker) Work(ctx context.Context, job *river.Job[unitArgs]) error {
	e := w.e
	start := time.Now()
	e.metrics.unitsRunning.Inc()
	defer e.metrics.unitsRunning.Dec()
	if job.Attempt > 1 {
		e.metrics.unitRetries.Inc()
	}
	id := job.Args.Job
	j, err := e.job(ctx, e.db.pool(), id)
	if errors.Is(err, ErrNotFound) {
		return nil // deleted
	}
	if err != nil {
		return err
	}
	if j.finished() {
		return nil
	}
	var u unitPlan
	var done int
	err = e.db.pool().queryRow(ctx, `SELECT first_input, inputs, input_key, result_key, done FROM jixiao_unit WHERE job_id = $1 AND n = $2`, id, job.Args.Unit).
		Scan(&u.first, &u.inputs, &u.inputKey, &u.resultKey, &done)
	if err != nil {
		return fmt.Errorf("unit %d of job %s: %w", job.Args.Unit, id, err)
	}
	if done == 0 {
		if _, err := e.db.pool().exec(ctx, `UPDATE jixiao_job SET state = $1, started_at = $2 WHERE id = $3 AND state = $4`,
			StateRunning, millis(time.Now()), id, StateQueued); err != nil {
			return err
		}
		wctx, stop := e.watchCancel(ctx, id)
		failed, err := e.renderUnit(wctx, j, u)
		stop()
		if errors.Is(context.Cause(wctx), errCancelled) {
			return nil
		}
		if err != nil {
			e.failIfLast(ctx, job.JobRow.Attempt, job.JobRow.MaxAttempts, id, err)
			return err
		}
		if err := e.completeUnit(ctx, job, u, failed); err != nil {
			return err
		}
		e.metrics.unitDuration.Observe(time.Since(start).Seconds())
		e.metrics.unitsQueued.Dec()
		return nil
	}
	// Done by an attempt that died before River's job was completed.
	return e.db.inTx(ctx, func(q querier, rt riverTx) error { return rt.complete(ctx, job) })
}

// watchCancel returns a context that ends, with errCancelled as its
// cause, soon after job id is cancelled.
func (e *Engine) watchCancel(ctx context.Context, id string) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(ctx)
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(cancelPoll)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				var state string
				err := e.db.pool().queryRow(ctx, `SELECT state FROM jixiao_job WHERE id = $1`, id).Scan(&state)
				if errors.Is(err, errNoRows) || state == StateCancelled {
					cancel(errCancelled)
					return
				}
			}
		}
	}()
	return ctx, func() { close(done); cancel(nil) }
}

// unitInputs reads the inputs of u; the workbooks and documents among
// them are imported under ctx.
func (e *Engine) unitInputs(ctx context.Context, u unitPlan) ([]batch.Item, error) {
	data, err := readBlob(ctx, e.store, u.inputKey)
	if err != nil {
		return nil, err
	}
	items, err := readInputs(ctx, bytes.NewReader(data), e.cfg.Import)
	if err != nil {
		return nil, err
	}
	if len(items) != u.inputs {
		return nil, fmt.Errorf("unit holds %d inputs, want %d", len(items), u.inputs)
	}
	return items, nil
}

// renderUnit renders the inputs of u and stores them; it returns how
// many of them failed or were invalid.
func (e *Engine) renderUnit(ctx context.Context, j *Job, u unitPlan) (failed int, err error) {
	items, err := e.unitInputs(ctx, u)
	if err != nil {
		return 0, err
	}
	opts, err := e.batchOptions(j.options)
	if err != nil {
		return 0, err
	}
	var out bytes.Buffer
	for i, it := range items {
		r := batch.RenderItem(ctx, u.first+i, it, opts)
		if err := ctx.Err(); err != nil {
			// The entry says canceled: it must not be stored.
			return 0, context.Cause(ctx)
		}
		if r.Entry.Status != batch.StatusOK {
			failed++
			if r.Entry.Err != nil {
				e.log.Error("job input failed", "job", j.ID, "index", r.Entry.Index, "source", r.Entry.Source, "error", r.Entry.Err)
			}
		}
		e.metrics.inputs.WithLabelValues(r.Entry.Status).Inc()
		if err := writeRendered(&out, r); err != nil {
			return 0, err
		}
	}
	if _, err := e.store.put(ctx, u.resultKey, &out); err != nil {
		return 0, err
	}
	return failed, nil
}

func (e *Engine) completeUnit(ctx context.Context, job *river.Job[unitArgs], u unitPlan, failed int) error {
	id := job.Args.Job
	return e.db.inTx(ctx, func(q querier, rt riverTx) error {
		n, err := q.exec(ctx, `UPDATE jixiao_unit SET done = 1 WHERE job_id = $1 AND n = $2 AND done = 0`, id, job.Args.Unit)
		if err != nil {
			return err
		}
		if n == 1 {
			var doneUnits, totalUnits int
			var state string
			err := q.queryRow(ctx, `UPDATE jixiao_job SET inputs_done = inputs_done + $1, inputs_failed = inputs_failed + $2, units_done = units_done + 1
				WHERE id = $3 RETURNING units_done, units_total, state`, u.inputs, failed, id).Scan(&doneUnits, &totalUnits, &state)
			if errors.Is(err, errNoRows) {
				return rt.complete(ctx, job) // deleted meanwhile
			}
			if err != nil {
				return err
			}
			if doneUnits == totalUnits && state == StateRunning {
				if err := rt.insertMany(ctx, []river.InsertManyParams{{Args: assembleArgs{Job: id}}}); err != nil {
					return err
				}
			}
		}
		return rt.complete(ctx, job)
	})
}

// failIfLast marks job id failed when its unit failed for the last time.
func (e *Engine) failIfLast(ctx context.Context, attempt, maxAttempts int, id string, cause error) {
	if attempt < maxAttempts {
		return
	}
	e.log.Error("job failed", "job", id, "error", cause)
	now := time.Now()
	n, err := e.db.pool().exec(context.WithoutCancel(ctx), `UPDATE jixiao_job SET state = $1, error = $2, finished_at = $3, expires_at = $4 WHERE id = $5 AND state IN ('queued', 'running')`,
		StateFailed, "生成失败（服务内部错误，原因见服务日志）", millis(now), millis(now.Add(e.cfg.Retention)), id)
	if err != nil {
		e.log.Error("mark a job failed", "job", id, "error", err)
	} else if n == 1 {
		e.metrics.finished.WithLabelValues(StateFailed).Inc()
	}
}

type assembleWorker struct {
	river.WorkerDefaults[assembleArgs]
	e *Engine
}

// assembleTimeout bounds the joining of a job's units: it copies every
// document of the job once, hundreds of megabytes for a large job.
const assembleTimeout = 30 * time.Minute

// Timeout is the assembly's own, longer than a unit's: River neither
// cancels nor takes again an assembly at work before it.
func (w *assembleWorker) Timeout(*river.Job[assembleArgs]) time.Duration {
	return max(assembleTimeout, w.e.cfg.UnitTimeout)
}

// Work joins the units of a job, in input order, into its ZIP.
func (w *assembleWorker) Work(ctx context.Context, job *river.Job[assembleArgs]) error {
	e := w.e
	id := job.Args.Job
	j, err := e.job(ctx, e.db.pool(), id)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if j.finished() {
		return nil
	}
	units, err := e.units(ctx, id)
	if err != nil {
		return err
	}

	pr, pw := io.Pipe()
	var charts []string
	go func() {
		var err error
		charts, err = e.writeZip(ctx, j, units, pw)
		pw.CloseWithError(err)
	}()
	size, err := e.store.put(ctx, resultKey(id), pr)
	pr.CloseWithError(err)
	if err == nil && j.options.Charts {
		err = e.putCharts(ctx, id, charts)
	}
	if err != nil {
		e.failIfLast(ctx, job.Attempt, job.MaxAttempts, id, err)
		return fmt.Errorf("assemble job %s: %w", id, err)
	}
	now := time.Now()
	var finished bool
	err = e.db.inTx(ctx, func(q querier, rt riverTx) error {
		n, err := q.exec(ctx, `UPDATE jixiao_job SET state = $1, result_bytes = $2, finished_at = $3, expires_at = $4 WHERE id = $5 AND state = $6`,
			StateDone, size, millis(now), millis(now.Add(e.cfg.Retention)), id, StateRunning)
		if err != nil {
			return err
		}
		finished = n == 1
		return rt.completeAssembly(ctx, job)
	})
	if err != nil {
		return err
	}
	if finished {
		e.metrics.finished.WithLabelValues(StateDone).Inc()
		e.metrics.jobDuration.Observe(now.Sub(j.Created).Seconds())
		// The inputs and units are in the ZIP now.
		e.store.deletePrefix(ctx, "jobs/"+id+"/in/")
		e.store.deletePrefix(ctx, "jobs/"+id+"/out/")
	}
	return nil
}

// units returns the units of job id, in input order.
func (e *Engine) units(ctx context.Context, id string) ([]unitPlan, error) {
	rs, err := e.db.pool().query(ctx, `SELECT first_input, inputs, input_key, result_key FROM jixiao_unit WHERE job_id = $1 ORDER BY n`, id)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var units []unitPlan
	for rs.Next() {
		var u unitPlan
		if err := rs.Scan(&u.first, &u.inputs, &u.inputKey, &u.resultKey); err != nil {
			return nil, err
		}
		units = append(units, u)
	}
	return units, rs.Err()
}

// writeZip writes the ZIP of job j; with a summary it returns the
// summary's charts when the job asks for them.
func (e *Engine) writeZip(ctx context.Context, j *Job, units []unitPlan, w io.Writer) (charts []string, err error) {
	opts, err := e.batchOptions(j.options)
	if err != nil {
		return nil, err
	}
	if j.options.Charts {
		opts.OnSummary = func(s *summary.Summary) { charts = s.SVG() }
	}
	a, err := batch.NewAssembler(batch.NewZip(w, opts.Created), opts)
	if err != nil {
		return nil, err
	}
	for _, u := range units {
		if err := e.assembleUnit(ctx, j, u, opts, a); err != nil {
			return nil, err
		}
	}
	if _, err = a.Close(ctx, nil); err != nil {
		return nil, err
	}
	return charts, nil
}

// assembleUnit adds the outcome of unit u to a.
func (e *Engine) assembleUnit(ctx context.Context, j *Job, u unitPlan, opts batch.Options, a *batch.Assembler) error {
	b, err := e.store.open(ctx, u.resultKey)
	if errors.Is(err, errNoBlob) {
		// Units are stored without waiting for the disk (the
		// database is the record of what is done): one lost to a
		// crash of the machine is rendered again from its inputs.
		e.log.Warn("a unit's outcome is missing: rendering it again", "job", j.ID, "key", u.resultKey)
		if _, err = e.renderUnit(ctx, j, u); err == nil {
			b, err = e.store.open(ctx, u.resultKey)
		}
	}
	if err != nil {
		return err
	}
	defer b.Close()
	add := a.Add
	if len(opts.Summary) > 0 || opts.OnSummary != nil {
		// The summary rolls up every input's evaluation, which a unit
		// does not keep: the inputs are evaluated again, as they were.
		items, err := e.unitInputs(ctx, u)
		if err != nil {
			return err
		}
		add = func(r batch.Rendered) error {
			i := r.Entry.Index - u.first
			if i < 0 || i >= len(items) {
				return fmt.Errorf("unit %s: input %d is not in it", u.resultKey, r.Entry.Index)
			}
			r.Report = batch.Reevaluate(items[i], opts)
			return a.Add(r)
		}
	}
	return readRendered(b, add)
}

type expireWorker struct {
	river.WorkerDefaults[expireArgs]
	e *Engine
}

// Work deletes the jobs whose time is over, with their blobs.
func (w *expireWorker) Work(ctx context.Context, _ *river.Job[expireArgs]) error {
	e := w.e
	rs, err := e.db.pool().query(ctx, `SELECT id FROM jixiao_job WHERE expires_at > 0 AND expires_at < $1 LIMIT 1000`, millis(time.Now()))
	if err != nil {
		return err
	}
	var ids []string
	for rs.Next() {
		var id string
		if err := rs.Scan(&id); err != nil {
			rs.Close()
			return err
		}
		ids = append(ids, id)
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return err
	}
	for _, id := range ids {
		// The blobs first: a job whose record is gone is not looked for.
		if err := e.store.deletePrefix(ctx, "jobs/"+id+"/"); err != nil {
			return err
		}
		if _, err := e.db.pool().exec(ctx, `DELETE FROM jixiao_job WHERE id = $1`, id); err != nil {
			return err
		}
		e.metrics.expired.Inc()
	}
	return nil
}
