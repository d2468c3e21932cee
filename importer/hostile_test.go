package importer

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jixiao/jixiao/internal/abuse"
)

// allocated is the bytes f allocates. Tests that measure it do not run
// in parallel, so no other test's allocations are counted.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// The hostile files of issue 22: a few kilobytes that stand for millions
// of cells or hundreds of megabytes of text are refused at the limit
// they pass, naming it, having allocated a bounded amount (the work they
// stand for is never done).
func TestHostileFiles(t *testing.T) {
	loose := Limits{MaxRatio: 1 << 20} // the ratio check left out, to reach the others
	for _, tc := range []struct {
		name   string
		data   []byte
		limits Limits
		want   []string // in the error
		alloc  uint64   // the most bytes the import may allocate, without -race
	}{
		{"one merge of 2,000,000 cells on each of 64 sheets", abuse.MergedRanges(64, 1, "CV20000"), Limits{}, []string{"Sheet1!A1:CV20000", "2000000"}, 64 << 20},
		{"100 merges of 2,000,000 cells", abuse.MergedRanges(1, 100, "CV20000"), Limits{}, []string{"Sheet1!A1:CV20000"}, 64 << 20},
		{"merges summing past the cell limit", abuse.MergedRanges(1, 5, "CV5000"), Limits{}, []string{"Sheet1!A1:CV5000"}, 64 << 20},
		{"a merge past the last row", abuse.MergedRanges(1, 1, "A30000"), Limits{}, []string{"20000"}, 16 << 20},
		{"a cell in column XFD on each of 20,000 rows", abuse.FarCells(20000), Limits{}, []string{"Sheet1", "2000000"}, 64 << 20},
		{"one shared string of 12 MiB at 170:1", abuse.SharedStrings(1, 12<<20), Limits{}, []string{"xl/sharedStrings.xml", "128 KiB"}, 16 << 20},
		{"200 shared strings of 64 KiB at 170:1", abuse.SharedStrings(200, 64<<10), Limits{}, []string{"xl/sharedStrings.xml", "8 MiB"}, 64 << 20},
		{"200,000 shared strings", abuse.SharedStrings(200_000, 0), Limits{MaxRatio: 1 << 20, MaxCells: 100_000}, []string{"xl/sharedStrings.xml", "100000"}, 64 << 20},
		{"gridSpan 999 on 2,100 cells", abuse.GridSpans(2100, 999), Limits{}, []string{"word/document.xml", "2000000"}, 64 << 20},
		{"gridSpan 999 on 10,000 cells", abuse.GridSpans(10_000, 999), loose, []string{"word/document.xml", "2000000"}, 64 << 20},
		{"one paragraph of 12 MiB", abuse.LongParagraph(12 << 20), Limits{}, []string{"word/document.xml", "1 MiB"}, 16 << 20},
		{"one paragraph of 12 MiB under a text limit of 512 KiB", abuse.LongParagraph(12 << 20), Limits{MaxText: 512 << 10}, []string{"word/document.xml", "512 KiB"}, 16 << 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			n := allocated(func() {
				_, err = Import([]File{{Name: "hostile", Data: tc.data}}, Options{Limits: tc.limits})
			})
			if !errors.Is(err, ErrTooLarge) {
				t.Fatalf("%d-byte file: err %v, want %v", len(tc.data), err, ErrTooLarge)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not name %q", err, w)
				}
			}
			if n > tc.alloc*raceAlloc {
				t.Errorf("%d-byte file allocated %d MiB, more than %d MiB", len(tc.data), n>>20, tc.alloc>>20)
			}
			t.Logf("%d bytes → %v; %d MiB allocated", len(tc.data), err, n>>20)
		})
	}
}

// Formulas are never calculated: SUM over the whole sheet in every
// formula cell, without cached values, is read as problems naming each
// figure cell (the importer does not calculate), at the cost of reading
// the sheet.
func TestFormulaNeverCalculated(t *testing.T) {
	d := handMadeCases(t)["minimal-self-assessment"]
	book, err := abuse.UncachedFormula(workbookOf(t, mustJSON(t, d), ""), "SUM(A1:XFD1048575)")
	if err != nil {
		t.Fatal(err)
	}
	var res *Result
	n := allocated(func() {
		res, err = Import([]File{{Name: "sum.xlsx", Data: book}}, Options{})
	})
	if err != nil {
		t.Fatal(err)
	}
	if n > 64<<20 {
		t.Errorf("allocated %d MiB", n>>20)
	}
	checkFormulaProblems(t, res, []string{"/declared/executionRate", "/declared/executionScore", "/declared/total"})
}

// checkFormulaProblems checks that res reports, with code import-formula
// and a sheet!cell place, a problem at every pointer ending in one of
// wants, and no cell twice.
func checkFormulaProblems(t *testing.T, res *Result, wants []string) {
	t.Helper()
	places := map[string]bool{}
	for _, p := range res.Problems {
		if p.Code != CodeFormula || !strings.Contains(p.Place, "!") || !strings.Contains(p.MessageEN, "formula") {
			t.Errorf("problem %+v", p)
		}
		if places[p.Place] {
			t.Errorf("cell %s reported twice", p.Place)
		}
		places[p.Place] = true
	}
	for _, w := range wants {
		found := false
		for _, p := range res.Problems {
			found = found || strings.HasSuffix(p.Path, w)
		}
		if !found {
			t.Errorf("no problem at …%s in %v", w, res.Problems)
		}
	}
}

// countdown is a context that is done after its Err has been asked
// left times: it proves that a reader loop asks, and stops when told.
type countdown struct {
	context.Context
	left  atomic.Int64
	after atomic.Int64 // times asked once done
}

func (c *countdown) Err() error {
	if c.left.Add(-1) >= 0 {
		return nil
	}
	c.after.Add(1)
	return context.Canceled
}

// Every reader loop stops soon after the import's context is done: the
// merged ranges, the sheet's cells, the shared strings, excelize's rows,
// a document's tokens, with an error that wraps context.Canceled.
func TestImportCanceled(t *testing.T) {
	big := Limits{MaxRatio: 1 << 20, MaxCells: 1 << 30, MaxText: 1 << 30, MaxUnpacked: 1 << 30}
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"merged ranges", abuse.MergedRanges(1, 100, "CV20000")},
		{"cells", abuse.FarCells(20000)},
		{"shared strings", abuse.SharedStrings(200_000, 0)},
		{"document", abuse.GridSpans(20_000, 2)},
		{"paragraph", abuse.LongParagraph(16 << 20)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, left := range []int64{0, 3} {
				ctx := &countdown{Context: context.Background()}
				ctx.left.Store(left)
				_, err := ImportContext(ctx, []File{{Name: "f", Data: tc.data}}, Options{Limits: big})
				if !errors.Is(err, context.Canceled) {
					t.Fatalf("after %d checks: err %v, want context.Canceled", left, err)
				}
				if a := ctx.after.Load(); a > 8 {
					t.Errorf("the context was asked %d times after it was done", a)
				}
			}
		})
	}
}
