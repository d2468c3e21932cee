package jobs

import (
	"bytes"
	"context"
	"testing"

	"github.com/jixiao/jixiao/internal/pgtest"
)

// TestPostgresTwoEngines runs a job on two engines sharing one
// PostgreSQL database: submitted to one, worked by both, read from the
// other.
func TestPostgresTwoEngines(t *testing.T) {
	pg := pgtest.Start(t)
	var engines []*Engine
	for range 2 {
		e, err := Open(context.Background(), Config{Database: pg.URL, Workers: 1, UnitSize: 2, Logger: quietLogger()})
		if err != nil {
			t.Fatal(err)
		}
		defer e.Close()
		if err := e.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		defer e.Stop(context.Background())
		engines = append(engines, e)
	}
	data := inputs(17)
	opts := Options{Created: created, Formats: []string{"pdf", "xlsx"}}
	j := submit(t, engines[0], "a", "", data, opts)
	j = wait(t, engines[1], "a", j.ID)
	if j.State != StateDone || j.Progress != (Progress{Total: 17, Done: 17, Failed: 3}) {
		t.Fatalf("finished job: %+v", j)
	}
	got := result(t, engines[1], "a", j.ID)
	if want := syncBatch(t, data, opts); !bytes.Equal(got, want) {
		t.Fatalf("job ZIP (%d bytes) differs from the batch's (%d bytes)", len(got), len(want))
	}
	if err := engines[1].Ready(context.Background()); err != nil {
		t.Error(err)
	}
	pg.Stop()
	if err := engines[0].Ready(context.Background()); err == nil {
		t.Error("ready with the database stopped")
	}
}
