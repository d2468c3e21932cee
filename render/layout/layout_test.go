package layout

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/fonts"
	"github.com/jixiao/jixiao/internal/cputime"
	"github.com/jixiao/jixiao/profile"
	"github.com/jixiao/jixiao/render"
	"github.com/jixiao/jixiao/render/text"
)

// setup returns the layout of the reference disclosure's profile and the
// embedded faces.
func setup(t testing.TB) (*profile.Layout, *fonts.Set) {
	t.Helper()
	set, err := profile.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	p, err := set.Get("beijing-2021")
	if err != nil {
		t.Fatal(err)
	}
	fs, err := fonts.Default()
	if err != nil {
		t.Fatal(err)
	}
	return &p.Layout, fs
}

func referenceReport(t testing.TB) *evaluation.Report {
	t.Helper()
	data, err := os.ReadFile("../../examples/beijing-finance-2021.json")
	if err != nil {
		t.Fatal(err)
	}
	rep := evaluation.Evaluate(data, nil)
	if !rep.Valid() {
		t.Fatal(rep.Problems)
	}
	return rep
}

func referenceDocument(t testing.TB, opts render.Options) *render.Document {
	t.Helper()
	doc, err := render.Build(referenceReport(t), opts)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// checkRules asserts the layout rules on every page: nothing outside
// its box, no forbidden punctuation at a line edge, a page number on
// every page, on the outer side.
func checkRules(t *testing.T, res *Result) {
	t.Helper()
	for _, p := range res.Pages {
		var number *LineBox
		for i := range p.Lines {
			ln := &p.Lines[i]
			box := Box{ln.X, ln.Y, ln.Width, ln.Height}
			if !ln.Container.Contains(box) {
				t.Errorf("page %d: line %q at %+v lies outside its box %+v", p.Number, ln.Text, box, ln.Container)
			}
			rs := []rune(ln.Text)
			if len(rs) > 1 && !ln.ParagraphStart && text.IsNoStart(rs[0]) {
				t.Errorf("page %d: line starts with %q: %q", p.Number, rs[0], ln.Text)
			}
			if len(rs) > 1 && !ln.Last && text.IsNoEnd(rs[len(rs)-1]) {
				t.Errorf("page %d: line ends with %q: %q", p.Number, rs[len(rs)-1], ln.Text)
			}
			if ln.Text == fmt.Sprintf("— %d —", p.Number) {
				number = ln
			}
		}
		if number == nil {
			t.Errorf("page %d has no page number", p.Number)
			continue
		}
		typeRight := p.Width - p.Margins.Right
		if p.Number%2 == 1 && number.X+number.Width < typeRight-20 {
			t.Errorf("odd page %d: number not at the right", p.Number)
		}
		if p.Number%2 == 0 && number.X > p.Margins.Left+20 {
			t.Errorf("even page %d: number not at the left", p.Number)
		}
		if number.Y < p.Height-p.Margins.Bottom {
			t.Errorf("page %d: number inside the type area", p.Number)
		}
	}
}

func TestReferenceLayout(t *testing.T) {
	l, fs := setup(t)
	doc := referenceDocument(t, render.Options{})
	res, err := Do(context.Background(), doc, l, fs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkRules(t, res)
	if len(res.Missing) > 0 {
		t.Errorf("characters without a glyph: %v", res.Missing)
	}
	// Every part and every table is in the outline.
	titles := map[string]bool{}
	for _, m := range res.Outline {
		titles[m.Title] = true
	}
	for _, p := range doc.Parts {
		if !titles[p.Bookmark] {
			t.Errorf("part %q missing from the outline", p.Bookmark)
		}
	}
	if !titles["（一）部门概况"] {
		t.Errorf("section headings missing from the outline: %v", res.Outline[:5])
	}
	// A page that continues a self-assessment table (it has rules but no
	// table title) starts with the indicator grid's column heads.
	for _, p := range res.Pages {
		if len(p.Rules) == 0 || strings.Contains(lineTexts(p, 3), "项目支出绩效自评表") {
			continue
		}
		if !strings.Contains(lineTexts(p, 12), "一级指标") {
			t.Errorf("continuation page %d lacks the repeated header: %.80q", p.Number, lineTexts(p, 12))
		}
	}
}

func lineTexts(p Page, n int) string {
	var b strings.Builder
	for i := 0; i < n && i < len(p.Lines); i++ {
		b.WriteString(p.Lines[i].Text)
		b.WriteByte('|')
	}
	return b.String()
}

// longTable is a table with a header row, a label spanning many rows and
// an optional row taller than a page.
func longTable(rows int, giant bool) render.Table {
	tb := render.Table{Name: "test", Columns: []float64{1, 1, 3}, RepeatFrom: 0, RepeatTo: 1}
	tb.Rows = append(tb.Rows, render.Row{{Text: "一级指标", Style: "table"}, {Text: "二级指标", Style: "table"}, {Text: "指标值", Style: "table"}})
	for i := range rows {
		var row render.Row
		if i == 0 {
			row = append(row, render.Cell{Text: "产出指标（50分）", RowSpan: rows, Style: "table"})
		}
		text := fmt.Sprintf("第%d行的指标值，说明文字。", i+1)
		if giant && i == 3 {
			text = strings.Repeat("很长的单元格文字，需要跨页拆分。", 300)
		}
		row = append(row, render.Cell{Text: fmt.Sprintf("指标%d", i+1), Style: "table"},
			render.Cell{Text: text, Style: "tableText", Path: fmt.Sprintf("/rows/%d/2", i+1)})
		tb.Rows = append(tb.Rows, row)
	}
	return tb
}

func TestTableBreaks(t *testing.T) {
	l, fs := setup(t)
	for _, tt := range []struct {
		name  string
		rows  int
		giant bool
	}{
		{"fits", 5, false},
		{"breaks with repeated header", 150, false},
		{"row taller than a page", 8, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tb := longTable(tt.rows, tt.giant)
			doc := &render.Document{Parts: []render.Part{{Bookmark: "t", Blocks: []render.Block{tb}}}}
			res, err := Do(context.Background(), doc, l, fs, Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkRules(t, res)
			var all strings.Builder
			for i, p := range res.Pages {
				txt := lineTexts(p, len(p.Lines))
				all.WriteString(txt)
				if !strings.HasPrefix(txt, "一级指标|二级指标|指标值|") {
					t.Errorf("page %d does not start with the header: %.60q", i+1, txt)
				}
				if len(res.Pages) > 1 && !strings.Contains(txt, "产出指标（50分）") {
					t.Errorf("page %d lacks the spanning label", i+1)
				}
			}
			// No text is lost: each cell's lines, across pages, make up
			// its whole text.
			cells := map[string]string{}
			for _, p := range res.Pages {
				for _, ln := range p.Lines {
					if ln.Path != "" {
						cells[ln.Path] += ln.Text
					}
				}
			}
			for i, row := range tb.Rows[1:] {
				c := row[len(row)-1]
				if got := cells[c.Path]; got != c.Text {
					t.Errorf("row %d: cell text %.30q… set as %.30q…", i+1, c.Text, got)
				}
			}
			if tt.rows > 100 && len(res.Pages) < 2 {
				t.Errorf("a long table fits on %d page", len(res.Pages))
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	l, fs := setup(t)
	a, err := Do(context.Background(), referenceDocument(t, render.Options{}), l, fs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Do(context.Background(), referenceDocument(t, render.Options{}), l, fs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(a.Pages) != fmt.Sprint(b.Pages) {
		t.Error("two layouts of the same input differ")
	}
}

func BenchmarkReferenceLayout(b *testing.B) {
	l, fs := setup(b)
	doc := referenceDocument(b, render.Options{})
	b.ReportAllocs()
	defer cputime.Report(b)()
	for b.Loop() {
		if _, err := Do(context.Background(), doc, l, fs, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestProfileExamples lays out the example of every built-in profile in
// its own page layout and checks the layout rules, that no two lines
// overlap, that every character has a glyph, and that the text of every
// cell is drawn whole.
func TestProfileExamples(t *testing.T) {
	_, fs := setup(t)
	files, err := filepath.Glob("../../examples/*.json")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rep := evaluation.Evaluate(data, nil)
		if !rep.Valid() {
			t.Fatalf("%s: %v", f, rep.Problems)
		}
		seen[rep.Profile.Name] = true
		t.Run(filepath.Base(f), func(t *testing.T) {
			doc, err := render.Build(rep, render.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if p, ok := render.FindingsPart(rep); ok {
				doc.Parts = append(doc.Parts, p)
			}
			res, err := Do(context.Background(), doc, &rep.Profile.Layout, fs, Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkRules(t, res)
			if len(res.Missing) > 0 {
				t.Errorf("characters without a glyph: %v", res.Missing)
			}
			checkNoOverlap(t, res)
			checkTextDrawn(t, doc, res)
			checkFill(t, res, Fill(res))
		})
	}
	for _, name := range []string{"national", "beijing-2021", "yuan", "integer", "extended-columns", "execution-20"} {
		if !seen[name] {
			t.Errorf("no example of the profile %s", name)
		}
	}
}

// checkNoOverlap fails when two lines of a page overlap.
func checkNoOverlap(t *testing.T, res *Result) {
	t.Helper()
	const eps = 0.01
	for _, p := range res.Pages {
		for i := range p.Lines {
			a := &p.Lines[i]
			for j := i + 1; j < len(p.Lines); j++ {
				b := &p.Lines[j]
				if a.X+a.Width > b.X+eps && b.X+b.Width > a.X+eps && a.Y+a.Height > b.Y+eps && b.Y+b.Height > a.Y+eps {
					t.Errorf("page %d: lines %q and %q overlap", p.Number, a.Text, b.Text)
				}
			}
		}
	}
}

// checkTextDrawn fails when the lines set for a table cell of the input
// do not add up to its text: no character may be dropped or cut. A label
// spanning rows is repeated on the pages it continues on.
func checkTextDrawn(t *testing.T, doc *render.Document, res *Result) {
	t.Helper()
	drawn := map[string]string{}
	for _, p := range res.Pages {
		for _, ln := range p.Lines {
			if ln.Path != "" {
				drawn[ln.Path] += ln.Text
			}
		}
	}
	strip := func(s string) string { return strings.Join(strings.Fields(s), "") }
	for _, part := range doc.Parts {
		for _, b := range part.Blocks {
			tbl, ok := b.(render.Table)
			if !ok {
				continue
			}
			for _, row := range tbl.Rows {
				for _, c := range row {
					d, want := strip(drawn[c.Path]), strip(c.Text)
					if c.Path != "" && want != "" && (d == "" || d != strings.Repeat(want, len(d)/len(want))) {
						t.Errorf("%s: drew %q of %q", c.Path, drawn[c.Path], c.Text)
					}
				}
			}
		}
	}
}

// TestZeroWidthsFinite: column widths of zero (refused by validation)
// give equal columns, never NaN coordinates.
func TestZeroWidthsFinite(t *testing.T) {
	l, fs := setup(t)
	doc := &render.Document{Parts: []render.Part{{Bookmark: "t", Blocks: []render.Block{
		render.Table{Name: "t", Columns: []float64{0, 0}, Rows: []render.Row{{{Text: "甲", Style: "table"}, {Text: "乙", Style: "table"}}}},
	}}}}
	res, err := Do(context.Background(), doc, l, fs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Pages {
		for _, r := range p.Runs {
			if r.X != r.X || r.Y != r.Y {
				t.Fatalf("run %q at NaN", r.Text)
			}
		}
		for _, r := range p.Rules {
			if r.X1 != r.X1 || r.X2 != r.X2 {
				t.Fatalf("rule at NaN: %+v", r)
			}
		}
	}
}

// TestTallHeaderNotRepeated: a header taller than half a page is set
// once rather than failing the table.
func TestTallHeaderNotRepeated(t *testing.T) {
	l, fs := setup(t)
	head := strings.Repeat("表头文字很长，", 1500)
	rows := []render.Row{{{Text: head, Style: "table"}, {Text: "列二", Style: "table"}}}
	for range 100 {
		rows = append(rows, render.Row{{Text: "一", Style: "tableText"}, {Text: "二", Style: "tableText"}})
	}
	doc := &render.Document{Parts: []render.Part{{Bookmark: "t", Blocks: []render.Block{
		render.Table{Name: "t", Columns: []float64{1, 1}, Rows: rows, RepeatFrom: 0, RepeatTo: 1},
	}}}}
	res, err := Do(context.Background(), doc, l, fs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkRules(t, res)
}

// TestLayoutCanceled: a done context stops the layout with its cause.
func TestLayoutCanceled(t *testing.T) {
	l, fs := setup(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Do(ctx, referenceDocument(t, render.Options{}), l, fs, Options{}); err != context.Canceled {
		t.Fatalf("err %v, want context.Canceled", err)
	}
}
