package export

import (
	"bytes"
	"context"
	"testing"

	"github.com/jixiao/jixiao/batch/synth"
	"github.com/jixiao/jixiao/evaluation"
)

// BenchmarkSynthDisclosure is the work of one input of the batch load
// test: evaluate a synthetic disclosure of the usual size (a department
// report, a project report, eight tables), render it as PDF and as XLSX.
func BenchmarkSynthDisclosure(b *testing.B) {
	inputs := make([][]byte, 16)
	for i := range inputs {
		inputs[i] = synth.JSON(synth.Default, i)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		rep := evaluation.Evaluate(inputs[i%len(inputs)], nil)
		i++
		plan, err := NewPlan(rep, Options{})
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range []*Format{PDF, XLSX} {
			if _, err := Write(context.Background(), &bytes.Buffer{}, plan, f); err != nil {
				b.Fatal(err)
			}
		}
	}
}
