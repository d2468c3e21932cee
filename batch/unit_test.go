package batch

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"testing"
	"time"

	"github.com/jixiao/jixiao/batch/synth"
)

// TestRenderItemAssemble checks that inputs rendered apart, their entries
// carried as JSON (as the jobs package stores them), and joined by an
// Assembler give Run's archive byte for byte.
func TestRenderItemAssemble(t *testing.T) {
	data := lines(
		synth.JSON(synth.Default, 0),
		synth.Invalid(synth.Table, 0),
		synth.JSON(synth.Table, 1),
		[]byte(`{"department": "甲", "year": 2021}`),
		synth.JSON(synth.Default, 0), // the same again: its files get a suffix
		[]byte(`{"department": `),
	).(*bytes.Reader)
	created := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, write := range []WriteFunc{nil, fakeRender} {
		opts := Options{Write: write, Created: created, Workers: 2}
		data.Seek(0, io.SeekStart)
		var want bytes.Buffer
		if _, err := Run(context.Background(), NewNDJSON(data, "body", 1<<20), NewZip(&want, created), opts); err != nil {
			t.Fatal(err)
		}

		data.Seek(0, io.SeekStart)
		src := NewNDJSON(data, "body", 1<<20)
		var got bytes.Buffer
		a := NewAssembler(NewZip(&got, created), opts)
		for i := 0; ; i++ {
			it, err := src.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			r := RenderItem(context.Background(), i, it, opts)
			enc, err := json.Marshal(r.Entry)
			if err != nil {
				t.Fatal(err)
			}
			r.Entry = Entry{}
			if err := json.Unmarshal(enc, &r.Entry); err != nil {
				t.Fatal(err)
			}
			if err := a.Add(r); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := a.Close(nil); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("write %v: assembled archive (%d bytes) differs from Run's (%d bytes)", write != nil, got.Len(), want.Len())
		}
	}
}
