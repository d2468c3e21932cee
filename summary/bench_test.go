package summary

import (
	"context"
	"io"
	"sync"
	"testing"

	"github.com/jixiao/jixiao/batch/synth"
	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/internal/cputime"
)

// benchReports are 1,000 disclosures of the usual size (synth.Default:
// a department report, a project report and eight tables), evaluated
// once for all the benchmarks: a batch evaluates each input once,
// whether it renders it, summarises it or both.
var benchReports = sync.OnceValue(func() []*evaluation.Report {
	out := make([]*evaluation.Report, 1000)
	for i := range out {
		out[i] = evaluation.Evaluate(synth.JSON(synth.Default, i), nil)
	}
	return out
})

// BenchmarkSummary1000 is the summary of 1,000 disclosures, from their
// evaluations to the PDF; compare BenchmarkRender1000, the same
// disclosures' own PDFs.
func BenchmarkSummary1000(b *testing.B) {
	reps := benchReports()
	for _, format := range []string{PDF, XLSX} {
		b.Run(format, func(b *testing.B) {
			defer cputime.Report(b)()
			for b.Loop() {
				bl, err := NewBuilder(Options{})
				if err != nil {
					b.Fatal(err)
				}
				for _, r := range reps {
					bl.Add("synth", r, nil)
				}
				if _, err := bl.Summary().Write(context.Background(), io.Discard, WriteOptions{Format: format}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRender1000 renders the PDF of each of the 1,000 disclosures,
// one after the other.
func BenchmarkRender1000(b *testing.B) {
	reps := benchReports()
	defer cputime.Report(b)()
	for b.Loop() {
		for _, r := range reps {
			if _, err := export.Render(context.Background(), io.Discard, r, export.Options{Format: export.PDF}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
