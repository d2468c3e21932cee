package export

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/internal/abuse"
	"github.com/jixiao/jixiao/internal/cputime"
	"github.com/jixiao/jixiao/render/layout"
)

func evaluateValid(t testing.TB, data []byte) *evaluation.Report {
	t.Helper()
	rep := evaluation.Evaluate(data, nil)
	if !rep.Valid() {
		t.Fatalf("invalid: %v", rep.Problems)
	}
	return rep
}

// BenchmarkRenderRows renders, as PDF, self-assessment tables of 10³ to
// 2·10⁴ indicator rows and free tables of 10³ to 10⁵ one-cell rows.
func BenchmarkRenderRows(b *testing.B) {
	for _, c := range []struct {
		kind string
		n    int
		data func(int) []byte
	}{
		{"indicators", 1000, abuse.IndicatorRows}, {"indicators", 10_000, abuse.IndicatorRows}, {"indicators", 20_000, abuse.IndicatorRows},
		{"freetable", 1000, abuse.FreeTableRows}, {"freetable", 10_000, abuse.FreeTableRows}, {"freetable", 100_000, abuse.FreeTableRows},
	} {
		rep := evaluateValid(b, c.data(c.n))
		for _, f := range []*Format{PDF, XLSX} {
			if c.kind == "freetable" && f == XLSX {
				continue
			}
			b.Run(fmt.Sprintf("%s/%s/%d", f, c.kind, c.n), func(b *testing.B) {
				defer cputime.Report(b)()
				for b.Loop() {
					if _, err := Render(context.Background(), io.Discard, rep, Options{Format: f}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// TestRenderHostile renders the inputs that used to fail or take minutes.
func TestRenderHostile(t *testing.T) {
	for name, data := range map[string][]byte{
		"tall header": abuse.TallHeader(),
		"long word":   abuse.LongWord(80_000),
		"rows":        abuse.FreeTableRows(5000),
		"indicators":  abuse.IndicatorRows(5000),
	} {
		t.Run(name, func(t *testing.T) {
			rep := evaluateValid(t, data)
			for _, f := range []*Format{PDF, XLSX} {
				var buf bytes.Buffer
				st, err := Render(context.Background(), &buf, rep, Options{Format: f})
				if err != nil {
					t.Fatalf("%s: %v", f, err)
				}
				if st.Pages == 0 || buf.Len() == 0 {
					t.Fatalf("%s: empty", f)
				}
			}
		})
	}
}

// TestRenderCanceled: a render whose context is done stops with the
// context's error, in the layout and in the writing of either format.
func TestRenderCanceled(t *testing.T) {
	rep := evaluateValid(t, abuse.FreeTableRows(3000))
	ctx, cancel := context.WithCancelCause(context.Background())
	cause := errors.New("client went away")
	cancel(cause)
	for _, f := range []*Format{PDF, XLSX} {
		_, err := Render(ctx, io.Discard, rep, Options{Format: f})
		if !errors.Is(err, cause) && !errors.Is(err, context.Canceled) {
			t.Errorf("%s: err %v, want the cancellation", f, err)
		}
	}
}

// TestRenderMaxPages: a document over the page limit fails with a
// *layout.LimitError.
func TestRenderMaxPages(t *testing.T) {
	rep := evaluateValid(t, abuse.FreeTableRows(3000))
	_, err := Render(context.Background(), io.Discard, rep, Options{Format: PDF, MaxPages: 10})
	var le *layout.LimitError
	if !errors.As(err, &le) || le.Limit != "pages" || le.Max != 10 {
		t.Fatalf("err %v, want a page limit error", err)
	}
}

// TestFileNameDropsInvisible: a bidi override or an invisible separator
// that reached a name (validation refuses them) would not reach the file.
func TestFileNameDropsInvisible(t *testing.T) {
	d := &evaluation.Disclosure{Department: "示例\u202e局\u200b\u2028", Year: 2024}
	name := (&Plan{Report: &evaluation.Report{Disclosure: d}, Options: Options{Format: PDF}}).FileName(nil)
	for _, r := range name {
		if r == 0x202E || r == 0x200B || r == 0x2028 {
			t.Fatalf("name %q keeps %U", name, r)
		}
	}
}

// TestMemoryReport prints the peak heap of one request for the largest
// inputs the default limits allow (docs/performance.md, "Hardening"). It
// samples, so it runs only when asked:
//
//	JIXIAO_MEMORY_REPORT=1 go test -run MemoryReport -v ./export
func TestMemoryReport(t *testing.T) {
	if os.Getenv("JIXIAO_MEMORY_REPORT") == "" {
		t.Skip("set JIXIAO_MEMORY_REPORT=1")
	}
	old := debug.SetGCPercent(5) // little slack: the heap follows the live data
	defer debug.SetGCPercent(old)
	for _, c := range []struct {
		name   string
		data   []byte
		format *Format
	}{
		{"20,000 indicator rows", abuse.IndicatorRows(20_000), PDF},
		{"20,000 indicator rows", abuse.IndicatorRows(20_000), XLSX},
		{"free table of 19,000 rows", abuse.FreeTableRows(19_000), PDF},
		{"1.9 million-letter word, cut at 2,000 pages", abuse.LongWord(1_900_000), PDF},
	} {
		runtime.GC()
		var base runtime.MemStats
		runtime.ReadMemStats(&base)
		var peak atomic.Uint64
		stop, stopped := make(chan struct{}), make(chan struct{})
		go func() {
			defer close(stopped)
			var m runtime.MemStats
			for {
				runtime.ReadMemStats(&m)
				if m.HeapAlloc > peak.Load() {
					peak.Store(m.HeapAlloc)
				}
				select {
				case <-stop:
					return
				case <-time.After(time.Millisecond):
				}
			}
		}()
		rep := evaluation.Evaluate(c.data, nil)
		evalPeak := peak.Load()
		_, err := Render(context.Background(), io.Discard, rep, Options{Format: c.format, MaxPages: 2000})
		close(stop)
		<-stopped
		over := func(v uint64) float64 { return float64(max(v, base.HeapAlloc)-base.HeapAlloc) / (1 << 20) }
		t.Logf("%s as %s, body %.1f MB: peak heap %.0f MiB evaluating, %.0f MiB in all (%v)",
			c.name, c.format, float64(len(c.data))/1e6, over(evalPeak), over(peak.Load()), err)
	}
}

type failingWriter struct{ n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	w.n++
	return 0, errors.New("connection reset")
}

// TestPDFWriteStopsAtError: a failed write ends the PDF (the gopdf patch):
// the error is returned, and nothing more is written after it.
func TestPDFWriteStopsAtError(t *testing.T) {
	rep := evaluateValid(t, abuse.FreeTableRows(2000))
	w := &failingWriter{}
	if _, err := Render(context.Background(), w, rep, Options{Format: PDF}); err == nil {
		t.Fatal("a failed write is not reported")
	}
	if w.n > 2 {
		t.Errorf("%d writes after the first failure", w.n-1)
	}
}
