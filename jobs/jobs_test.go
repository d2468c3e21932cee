package jobs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/jixiao/jixiao/batch"
	"github.com/jixiao/jixiao/batch/synth"
	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/importer"
)

var created = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

// inputs returns n disclosures as NDJSON, every fifth of them invalid.
func inputs(n int) []byte {
	var b bytes.Buffer
	for i := range n {
		if i%5 == 3 {
			b.Write(synth.Invalid(synth.Table, i))
		} else {
			b.Write(synth.JSON(synth.Table, i))
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// syncBatch is what batch.Run gives for data.
func syncBatch(t testing.TB, data []byte, opts Options) []byte {
	t.Helper()
	var out bytes.Buffer
	_, err := batch.Run(context.Background(), batch.NewNDJSON(bytes.NewReader(data), "body", 1<<20), batch.NewZip(&out, opts.Created),
		batch.Options{Formats: formats(t, opts.Formats), Created: opts.Created})
	if err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func formats(t testing.TB, names []string) []*export.Format {
	t.Helper()
	fs, err := export.ParseFormats(names...)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

func quietLogger() *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

func openSQLiteEngine(t *testing.T, dir string, cfg Config) *Engine {
	t.Helper()
	cfg.DataDir = dir
	if cfg.Logger == nil {
		cfg.Logger = quietLogger()
	}
	e, err := Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// wait polls job id until it is finished.
func wait(t *testing.T, e *Engine, owner, id string) *Job {
	t.Helper()
	for {
		j, err := e.Get(context.Background(), owner, id)
		if err != nil {
			t.Fatal(err)
		}
		if j.finished() {
			return j
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func ndjson(data []byte) batch.Source { return batch.NewNDJSON(bytes.NewReader(data), "body", 1<<20) }

func submit(t *testing.T, e *Engine, owner, key string, data []byte, opts Options) *Job {
	t.Helper()
	j, _, err := e.Submit(context.Background(), owner, key, opts, batch.NewNDJSON(bytes.NewReader(data), "body", 1<<20))
	if err != nil {
		t.Fatal(err)
	}
	return j
}

func result(t *testing.T, e *Engine, owner, id string) []byte {
	t.Helper()
	r, _, err := e.Result(context.Background(), owner, id)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestJobEqualsBatch(t *testing.T) {
	data := inputs(23)
	opts := Options{Created: created}
	e := openSQLiteEngine(t, t.TempDir(), Config{UnitSize: 3, Workers: 2})
	defer e.Close()
	if err := e.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer e.Stop(context.Background())

	j := submit(t, e, "a", "", data, opts)
	if j.State != StateQueued || j.Progress.Total != 23 || len(j.ID) != 32 {
		t.Errorf("submitted job: %+v", j)
	}
	j = wait(t, e, "a", j.ID)
	if j.State != StateDone || j.Progress != (Progress{Total: 23, Done: 23, Failed: 4}) || j.Finished == nil || j.Expires == nil {
		t.Fatalf("finished job: %+v", j)
	}
	got := result(t, e, "a", j.ID)
	want := syncBatch(t, data, opts)
	if !bytes.Equal(got, want) {
		t.Fatalf("job ZIP (%d bytes) differs from the batch's (%d bytes)", len(got), len(want))
	}
	if j.ResultSize != int64(len(want)) {
		t.Errorf("result size %d, want %d", j.ResultSize, len(want))
	}
	if _, err := e.Get(context.Background(), "b", j.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("another owner's job: %v, want ErrNotFound", err)
	}
	list, err := e.List(context.Background(), "a", 10)
	if err != nil || len(list) != 1 || list[0].ID != j.ID {
		t.Errorf("list: %v, %v", list, err)
	}
	if j2 := submit(t, e, "a", "", data, opts); j2.ID == j.ID {
		t.Error("two submissions without a key share an id")
	}
}

func TestIdempotencyKey(t *testing.T) {
	e := openSQLiteEngine(t, t.TempDir(), Config{Workers: -1})
	defer e.Close()
	data := inputs(2)
	j1 := submit(t, e, "a", "k1", data, Options{})
	j2, created, err := e.Submit(context.Background(), "a", "k1", Options{}, batch.NewNDJSON(bytes.NewReader(nil), "body", 1<<20))
	if err != nil || created || j2.ID != j1.ID {
		t.Errorf("same key: job %v created %v err %v, want %s", j2, created, err, j1.ID)
	}
	j3 := submit(t, e, "b", "k1", data, Options{})
	if j3.ID == j1.ID {
		t.Error("another owner's key returned the first owner's job")
	}
}

func TestCancelAndDelete(t *testing.T) {
	e := openSQLiteEngine(t, t.TempDir(), Config{Workers: -1})
	defer e.Close()
	j := submit(t, e, "a", "", inputs(4), Options{})
	c, err := e.Cancel(context.Background(), "a", j.ID)
	if err != nil || c.State != StateCancelled {
		t.Fatalf("cancel: %+v, %v", c, err)
	}
	if _, _, err := e.Result(context.Background(), "a", j.ID); !errors.Is(err, ErrNotReady) {
		t.Errorf("result of a cancelled job: %v", err)
	}
	if c, err := e.Cancel(context.Background(), "a", j.ID); c != nil || err != nil {
		t.Fatalf("delete: %+v, %v", c, err)
	}
	if _, err := e.Get(context.Background(), "a", j.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleted job: %v", err)
	}
}

func TestLimits(t *testing.T) {
	e := openSQLiteEngine(t, t.TempDir(), Config{Workers: -1, Limits: Limits{QueuedInputsPerOwner: 5, QueuedInputs: 8}})
	defer e.Close()
	try := func(owner string, n int) error {
		_, _, err := e.Submit(context.Background(), owner, "", Options{}, batch.NewNDJSON(bytes.NewReader(inputs(n)), "body", 1<<20))
		return err
	}
	if err := try("a", 4); err != nil {
		t.Fatal(err)
	}
	var le *LimitError
	if err := try("a", 2); !errors.As(err, &le) || !le.PerOwner || le.TooLarge {
		t.Errorf("over the owner's limit: %v", err)
	}
	if err := try("b", 6); !errors.As(err, &le) || !le.TooLarge {
		t.Errorf("one job over the owner's limit: %v", err)
	}
	if err := try("b", 4); err != nil {
		t.Fatal(err)
	}
	if err := try("c", 1); !errors.As(err, &le) || le.PerOwner {
		t.Errorf("over the service's limit: %v", err)
	}
}

func TestDataDirLocked(t *testing.T) {
	dir := t.TempDir()
	e := openSQLiteEngine(t, dir, Config{Workers: -1})
	defer e.Close()
	if _, err := Open(context.Background(), Config{DataDir: dir, Logger: quietLogger()}); err == nil {
		t.Fatal("a second engine opened a data folder in use")
	}
}

func TestEmpty(t *testing.T) {
	e := openSQLiteEngine(t, t.TempDir(), Config{Workers: -1})
	defer e.Close()
	_, _, err := e.Submit(context.Background(), "a", "", Options{}, batch.NewNDJSON(bytes.NewReader(nil), "body", 1<<20))
	if !errors.Is(err, ErrEmpty) {
		t.Errorf("empty batch: %v", err)
	}
}

var _ = fmt.Sprint

// TestLostUnit checks that a unit whose stored outcome is gone (a crash
// of the machine before it reached the disk) is rendered again when the
// job is assembled.
func TestLostUnit(t *testing.T) {
	data := inputs(7)
	opts := Options{Created: created}
	e := openSQLiteEngine(t, t.TempDir(), Config{UnitSize: 3, Workers: -1})
	defer e.Close()
	j := submit(t, e, "a", "", data, opts)
	var u unitPlan
	err := e.db.pool().queryRow(context.Background(), `SELECT first_input, inputs, input_key, result_key FROM jixiao_unit WHERE job_id = $1 AND n = 1`, j.ID).
		Scan(&u.first, &u.inputs, &u.inputKey, &u.resultKey)
	if err != nil {
		t.Fatal(err)
	}
	var units []unitPlan
	for n := range 3 {
		var v unitPlan
		e.db.pool().queryRow(context.Background(), `SELECT first_input, inputs, input_key, result_key FROM jixiao_unit WHERE job_id = $1 AND n = $2`, j.ID, n).
			Scan(&v.first, &v.inputs, &v.inputKey, &v.resultKey)
		if n != 1 {
			if _, err := e.renderUnit(context.Background(), j, v); err != nil {
				t.Fatal(err)
			}
		}
		units = append(units, v)
	}
	j.options = opts
	var got bytes.Buffer
	if _, err := e.writeZip(context.Background(), j, units, &got); err != nil {
		t.Fatal(err)
	}
	if want := syncBatch(t, data, opts); !bytes.Equal(got.Bytes(), want) {
		t.Fatalf("ZIP with a unit rendered again (%d bytes) differs from the batch's (%d bytes)", got.Len(), len(want))
	}
}

// TestReadRenderedUncompressed checks that a unit stored with its
// documents as they are, and without their checksums (as a version
// before the compressed units stored them), is read back packed, as
// the archive needs them.
func TestReadRenderedUncompressed(t *testing.T) {
	doc := []byte("%PDF-1.7 绩效")
	var rec bytes.Buffer
	head := renderedHead{Entry: batch.Entry{Index: 3, Status: batch.StatusOK}, Stem: "a", Docs: []docHead{{Format: "pdf", Pages: 1, Bytes: len(doc)}}}
	if err := writeRecord(&rec, head, doc); err != nil {
		t.Fatal(err)
	}
	want := batch.Pack(doc)
	var got []batch.Rendered
	if err := readRendered(&rec, func(r batch.Rendered) error { got = append(got, r); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || len(got[0].Docs) != 1 {
		t.Fatalf("read %+v", got)
	}
	d := got[0].Docs[0]
	if d.Size != want.Size || d.CRC32 != want.CRC32 || !bytes.Equal(d.Data, want.Data) || d.Deflated || d.Pages != 1 {
		t.Errorf("document read back: %+v, want %+v", d, want)
	}
}

// TestReadRenderedDeflated checks that a unit stored with its documents
// deflated, as the versions before stored them, is read back deflated,
// with its checksum and length.
func TestReadRenderedDeflated(t *testing.T) {
	z := []byte{0x01, 0x02, 0x00, 0xfd, 0xff, 'a', 'b'} // a stored DEFLATE block of "ab"
	var rec bytes.Buffer
	head := renderedHead{Entry: batch.Entry{Index: 0, Status: batch.StatusOK}, Stem: "a",
		Docs: []docHead{{Format: "pdf", Pages: 1, Bytes: len(z), Deflated: true, CRC32: 0x9e83486d, Size: 2}}}
	if err := writeRecord(&rec, head, z); err != nil {
		t.Fatal(err)
	}
	var got []batch.Rendered
	if err := readRendered(&rec, func(r batch.Rendered) error { got = append(got, r); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || len(got[0].Docs) != 1 {
		t.Fatalf("read %+v", got)
	}
	want := batch.Packed{Data: z, Deflated: true, CRC32: 0x9e83486d, Size: 2}
	if d := got[0].Docs[0]; !bytes.Equal(d.Data, want.Data) || d.Deflated != want.Deflated || d.CRC32 != want.CRC32 || d.Size != want.Size {
		t.Errorf("document read back: %+v, want %+v", d.Packed, want)
	}
}

// TestInputsImportedUnderContext checks that a stored workbook is
// imported under the context of the unit that reads it: once that is
// cancelled, the import stops with the input's one problem.
func TestInputsImportedUnderContext(t *testing.T) {
	var book bytes.Buffer
	if _, err := export.Render(context.Background(), &book, evaluation.Evaluate(synth.JSON(synth.Table, 0), nil), export.Options{Format: export.XLSX}); err != nil {
		t.Fatal(err)
	}
	var stored bytes.Buffer
	it := batch.Item{Source: "book.xlsx", Size: int64(book.Len()), Data: book.Bytes(),
		Evaluate: func(*evaluation.Config) *evaluation.Report { return nil }}
	if err := writeInput(&stored, it); err != nil {
		t.Fatal(err)
	}
	for _, cancelled := range []bool{false, true} {
		ctx, cancel := context.WithCancel(context.Background())
		if cancelled {
			cancel()
		}
		items, err := readInputs(ctx, bytes.NewReader(stored.Bytes()), importer.Options{})
		if err != nil || len(items) != 1 || items[0].Evaluate == nil {
			t.Fatalf("read back: %+v, %v", items, err)
		}
		rep := items[0].Evaluate(nil)
		if got := rep.Valid(); got == cancelled {
			t.Errorf("cancelled %v: valid %v, problems %v", cancelled, got, rep.Problems)
		}
		cancel()
	}
}
