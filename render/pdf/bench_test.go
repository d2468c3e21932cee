package pdf

import (
	"context"
	"io"
	"os"
	"testing"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/fonts"
	"github.com/jixiao/jixiao/render"
	"github.com/jixiao/jixiao/render/layout"
)

// BenchmarkWriteReference measures Write alone (painting, subsetting,
// compressing) on the laid-out reference disclosure, which export's
// BenchmarkRenderReferencePDF measures together with building and
// laying out the document.
func BenchmarkWriteReference(b *testing.B) {
	data, err := os.ReadFile("../../examples/beijing-finance-2021.json")
	if err != nil {
		b.Fatal(err)
	}
	rep := evaluation.Evaluate(data, nil)
	doc, err := render.Build(rep, render.Options{Part: "all"})
	if err != nil {
		b.Fatal(err)
	}
	if doc.Source, err = render.Source(rep, render.Options{Part: "all"}); err != nil {
		b.Fatal(err)
	}
	fs, err := fonts.Default()
	if err != nil {
		b.Fatal(err)
	}
	res, err := layout.Do(context.Background(), doc, &rep.Profile.Layout, fs, layout.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(context.Background(), io.Discard, doc, res, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
