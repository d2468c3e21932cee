package batch

import (
	"bytes"
	"context"
	"io"
	"testing"
	"time"

	"github.com/jixiao/jixiao/batch/synth"
)

// BenchmarkRun is a batch of 50 synthetic disclosures of the usual size
// as PDF and XLSX into a ZIP, on every core: the load test's batch, in
// process and smaller.
func BenchmarkRun(b *testing.B) {
	var lines [][]byte
	for i := range 50 {
		lines = append(lines, synth.JSON(synth.Default, i))
	}
	in := append(bytes.Join(lines, []byte("\n")), '\n')
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		sum, err := Run(context.Background(), NewNDJSON(bytes.NewReader(in), "body", 1<<20), NewZip(io.Discard, time.Unix(0, 0)), Options{})
		if err != nil || sum.OK != len(lines) {
			b.Fatalf("%+v, %v", sum, err)
		}
	}
}
