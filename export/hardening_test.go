package export

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/internal/abuse"
	"github.com/jixiao/jixiao/render/layout"
)

func evaluateValid(t testing.TB, data []byte) *evaluation.Report {
	t.Helper()
	rep := evaluation.Evaluate(data, evaluation.DefaultScheme())
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
		for _, f := range []string{PDF, XLSX} {
			if c.kind == "freetable" && f == XLSX {
				continue
			}
			b.Run(fmt.Sprintf("%s/%s/%d", f, c.kind, c.n), func(b *testing.B) {
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
			for _, f := range []string{PDF, XLSX} {
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
	for _, f := range []string{PDF, XLSX} {
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
	name := FileName(d, Options{})
	for _, r := range name {
		if r == 0x202E || r == 0x200B || r == 0x2028 {
			t.Fatalf("name %q keeps %U", name, r)
		}
	}
}
