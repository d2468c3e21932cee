package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	_ "modernc.org/sqlite" // the database/sql driver "sqlite"
)

// querier runs the package's own statements, on the pool or in a
// transaction. Statements are written once, with $N parameters, which
// both PostgreSQL and SQLite read.
type querier interface {
	exec(ctx context.Context, q string, args ...any) (int64, error)
	queryRow(ctx context.Context, q string, args ...any) scanner
	query(ctx context.Context, q string, args ...any) (rows, error)
}

type scanner interface{ Scan(dest ...any) error }

type rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// riverTx is what a transaction does with River's tables.
type riverTx interface {
	insertMany(ctx context.Context, params []river.InsertManyParams) error
	complete(ctx context.Context, job *river.Job[unitArgs]) error
	completeAssembly(ctx context.Context, job *river.Job[assembleArgs]) error
}

// database is River's client and the package's own tables on one
// database, PostgreSQL or SQLite.
type database interface {
	pool() querier
	inTx(ctx context.Context, fn func(q querier, rt riverTx) error) error
	start(ctx context.Context) error
	stop(ctx context.Context) error
	close()
	postgres() bool
}

// riverDB is a database of one River driver.
type riverDB[TDriver riverdriver.Driver[TTx], TTx any] struct {
	client *river.Client[TTx]
	driver TDriver
	q      querier
	begin  func(ctx context.Context) (TTx, querier, func() error, func(), error)
	closer func()
	pg     bool
	run    bool // the client works jobs
}

func (d *riverDB[D, T]) pool() querier  { return d.q }
func (d *riverDB[D, T]) postgres() bool { return d.pg }
func (d *riverDB[D, T]) close()         { d.closer() }

func (d *riverDB[D, T]) start(ctx context.Context) error {
	if !d.run {
		return nil
	}
	return d.client.Start(ctx)
}

func (d *riverDB[D, T]) stop(ctx context.Context) error {
	if !d.run {
		return nil
	}
	return d.client.Stop(ctx)
}

func (d *riverDB[D, T]) inTx(ctx context.Context, fn func(q querier, rt riverTx) error) error {
	tx, q, commit, rollback, err := d.begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer rollback()
	if err := fn(q, &riverTxOf[D, T]{db: d, tx: tx}); err != nil {
		return err
	}
	if err := commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

type riverTxOf[TDriver riverdriver.Driver[TTx], TTx any] struct {
	db *riverDB[TDriver, TTx]
	tx TTx
}

func (t *riverTxOf[D, T]) insertMany(ctx context.Context, params []river.InsertManyParams) error {
	_, err := t.db.client.InsertManyTx(ctx, t.tx, params)
	return err
}

func (t *riverTxOf[D, T]) complete(ctx context.Context, job *river.Job[unitArgs]) error {
	_, err := river.JobCompleteTx[D](ctx, t.tx, job)
	return err
}

func (t *riverTxOf[D, T]) completeAssembly(ctx context.Context, job *river.Job[assembleArgs]) error {
	_, err := river.JobCompleteTx[D](ctx, t.tx, job)
	return err
}

// openDatabase connects to cfg's database, migrates River's tables and
// the package's own, and makes River's client with rc.
func openDatabase(ctx context.Context, cfg *Config, rc *river.Config) (database, error) {
	if cfg.Database != "" {
		return openPostgres(ctx, cfg.Database, rc, cfg.Workers >= 0)
	}
	return openSQLite(ctx, filepath.Join(cfg.DataDir, "jixiao.db"), rc, cfg.Workers >= 0)
}

func openPostgres(ctx context.Context, url string, rc *river.Config, run bool) (database, error) {
	pc, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("database address: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, pc)
	if err != nil {
		return nil, fmt.Errorf("connect to the database: %w", err)
	}
	driver := riverpgxv5.New(pool)
	d := &riverDB[*riverpgxv5.Driver, pgx.Tx]{driver: driver, q: pgxQuerier{pool}, closer: pool.Close, pg: true, run: run}
	d.begin = func(ctx context.Context) (pgx.Tx, querier, func() error, func(), error) {
		tx, err := pool.Begin(ctx)
		if err != nil {
			return nil, nil, nil, nil, err
		}
		return tx, pgxQuerier{tx}, func() error { return tx.Commit(ctx) }, func() { tx.Rollback(context.WithoutCancel(ctx)) }, nil
	}
	if err := migrate(ctx, driver, d, postgresSchema); err != nil {
		pool.Close()
		return nil, err
	}
	if d.client, err = river.NewClient(driver, rc); err != nil {
		pool.Close()
		return nil, fmt.Errorf("job client: %w", err)
	}
	return d, nil
}

func openSQLite(ctx context.Context, file string, rc *river.Config, run bool) (database, error) {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return nil, fmt.Errorf("data folder: %w", err)
	}
	// WAL keeps what was committed through a crash of the process; River
	// wants one connection, which every statement then waits for.
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(ON)")
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", file, err)
	}
	db.SetMaxOpenConns(1)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", file, err)
	}
	driver := riversqlite.New(db)
	d := &riverDB[*riversqlite.Driver, *sql.Tx]{driver: driver, q: sqlQuerier{db}, closer: func() { db.Close() }, run: run}
	d.begin = func(ctx context.Context) (*sql.Tx, querier, func() error, func(), error) {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return nil, nil, nil, nil, err
		}
		return tx, sqlQuerier{tx}, tx.Commit, func() { tx.Rollback() }, nil
	}
	if err := migrate(ctx, driver, d, sqliteSchema); err != nil {
		db.Close()
		return nil, err
	}
	if d.client, err = river.NewClient(driver, rc); err != nil {
		db.Close()
		return nil, fmt.Errorf("job client: %w", err)
	}
	return d, nil
}

// migrate brings River's tables and the package's own to the current
// version. Each of the package's versions is applied once, in a
// transaction, and recorded in jixiao_migration.
func migrate[TTx any](ctx context.Context, driver riverdriver.Driver[TTx], d database, versions [][]string) error {
	m, err := rivermigrate.New(driver, nil)
	if err != nil {
		return fmt.Errorf("job migrations: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("migrate the job tables: %w", err)
	}
	if _, err := d.pool().exec(ctx, `CREATE TABLE IF NOT EXISTS jixiao_migration (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for i, stmts := range versions {
		version := i + 1
		err := d.inTx(ctx, func(q querier, _ riverTx) error {
			n, err := q.exec(ctx, `INSERT INTO jixiao_migration (version, applied_at) VALUES ($1, $2) ON CONFLICT DO NOTHING`, version, time.Now().Unix())
			if err != nil || n == 0 {
				return err
			}
			for _, s := range stmts {
				if _, err := q.exec(ctx, s); err != nil {
					return fmt.Errorf("%.60s: %w", s, err)
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("migrate to version %d: %w", version, err)
		}
	}
	return nil
}

// The package's tables. Times are Unix milliseconds, which both databases
// store and compare alike.
var commonSchema = []string{
	`CREATE TABLE jixiao_job (
		id TEXT PRIMARY KEY,
		owner TEXT NOT NULL,
		idempotency_key TEXT,
		state TEXT NOT NULL,
		options TEXT NOT NULL,
		inputs_total INTEGER NOT NULL,
		inputs_done INTEGER NOT NULL DEFAULT 0,
		inputs_failed INTEGER NOT NULL DEFAULT 0,
		units_total INTEGER NOT NULL,
		units_done INTEGER NOT NULL DEFAULT 0,
		input_bytes BIGINT NOT NULL,
		result_bytes BIGINT NOT NULL DEFAULT 0,
		error TEXT NOT NULL DEFAULT '',
		created_at BIGINT NOT NULL,
		started_at BIGINT NOT NULL DEFAULT 0,
		finished_at BIGINT NOT NULL DEFAULT 0,
		expires_at BIGINT NOT NULL DEFAULT 0
	)`,
	`CREATE UNIQUE INDEX jixiao_job_idempotency ON jixiao_job (owner, idempotency_key)`,
	`CREATE INDEX jixiao_job_owner ON jixiao_job (owner, created_at)`,
	`CREATE INDEX jixiao_job_expires ON jixiao_job (expires_at)`,
	`CREATE TABLE jixiao_unit (
		job_id TEXT NOT NULL REFERENCES jixiao_job (id) ON DELETE CASCADE,
		n INTEGER NOT NULL,
		first_input INTEGER NOT NULL,
		inputs INTEGER NOT NULL,
		input_key TEXT NOT NULL,
		result_key TEXT NOT NULL,
		done INTEGER NOT NULL DEFAULT 0,
		PRIMARY KEY (job_id, n)
	)`,
}

var sqliteSchema = [][]string{commonSchema}

var postgresSchema = [][]string{
	append(slicesClone(commonSchema),
		`CREATE TABLE jixiao_blob (
		key TEXT NOT NULL,
		part INTEGER NOT NULL,
		data BYTEA NOT NULL,
		PRIMARY KEY (key, part)
	)`),
	// The blobs are documents compressed already: PostgreSQL's own
	// compression of large values (pglz) costs its processor time and
	// saves nothing.
	{`ALTER TABLE jixiao_blob ALTER COLUMN data SET STORAGE EXTERNAL`},
}

func slicesClone(s []string) []string { return append([]string(nil), s...) }

// sqlQuerier runs statements through database/sql.
type sqlQuerier struct {
	db interface {
		ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
		QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
		QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	}
}

func (s sqlQuerier) exec(ctx context.Context, q string, args ...any) (int64, error) {
	r, err := s.db.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	return r.RowsAffected()
}

func (s sqlQuerier) queryRow(ctx context.Context, q string, args ...any) scanner {
	return sqlRow{s.db.QueryRowContext(ctx, q, args...)}
}

func (s sqlQuerier) query(ctx context.Context, q string, args ...any) (rows, error) {
	r, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{r}, nil
}

type sqlRow struct{ r *sql.Row }

func (r sqlRow) Scan(dest ...any) error {
	err := r.r.Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return errNoRows
	}
	return err
}

type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { r.Rows.Close() }

// pgxQuerier runs statements through pgx.
type pgxQuerier struct {
	db interface {
		Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
		QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
		Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	}
}

func (p pgxQuerier) exec(ctx context.Context, q string, args ...any) (int64, error) {
	tag, err := p.db.Exec(ctx, q, args...)
	return tag.RowsAffected(), err
}

func (p pgxQuerier) queryRow(ctx context.Context, q string, args ...any) scanner {
	return pgxRow{p.db.QueryRow(ctx, q, args...)}
}

func (p pgxQuerier) query(ctx context.Context, q string, args ...any) (rows, error) {
	r, err := p.db.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return r, nil
}

type pgxRow struct{ r pgx.Row }

func (r pgxRow) Scan(dest ...any) error {
	err := r.r.Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		return errNoRows
	}
	return err
}

var errNoRows = errors.New("no rows")
