package layout

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/render"
)

// TestReferenceFill lays out the reference and checks its page economy
// (Fill): no page holds only notes or only a table's header block, and
// no page of a self-assessment table holds four lines or fewer. With
// JIXIAO_FILL=1 it prints the measure of every page.
func TestReferenceFill(t *testing.T) {
	l, fs := setup(t)
	doc := referenceDocument(t, render.Options{})
	res, err := Do(context.Background(), doc, l, fs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	fills := Fill(res)
	if os.Getenv("JIXIAO_FILL") != "" {
		if err := WriteFill(os.Stdout, fills); err != nil {
			t.Fatal(err)
		}
	}
	checkFill(t, res, fills)
}

// checkFill asserts the page economy rules on fills, the measure of res.
func checkFill(t *testing.T, res *Result, fills []PageFill) {
	t.Helper()
	var half int
	for i, f := range fills {
		if f.NotesOnly {
			t.Errorf("page %d holds only notes", f.Page)
		}
		if f.HeadOnly {
			t.Errorf("page %d holds only a table's header block", f.Page)
		}
		if f.Ink < 0.5 {
			half++
		}
		// A page of rules is a table's; the last page of a part may be
		// short only if it is a report's.
		if len(res.Pages[i].Rules) > 0 && f.Lines <= 4 {
			t.Errorf("page %d of a table holds %d lines", f.Page, f.Lines)
		}
	}
	t.Logf("%d pages, %d with no text below half the type area", len(fills), half)
	checkWidows(t, res)
}

// checkWidows asserts widow and orphan control: a paragraph broken
// across pages leaves two lines or more at the foot of the one and at
// the head of the next.
func checkWidows(t *testing.T, res *Result) {
	t.Helper()
	for _, p := range res.Pages {
		var prose []LineBox
		for _, ln := range p.Lines {
			if ln.Kind == KindText || ln.Kind == KindNote {
				prose = append(prose, ln)
			}
		}
		if len(prose) == 0 {
			continue
		}
		if !prose[0].ParagraphStart {
			n := 1
			for n < len(prose) && !prose[n-1].Last {
				n++
			}
			if n < 2 {
				t.Errorf("page %d starts with a paragraph's last line alone: %q", p.Number, prose[0].Text)
			}
		}
		if last := len(prose) - 1; !prose[last].Last {
			n := 1
			for n <= last && !prose[last-n+1].ParagraphStart {
				n++
			}
			if n < 2 {
				t.Errorf("page %d ends with a paragraph's first line alone: %q", p.Number, prose[last].Text)
			}
		}
	}
}

// splitTable is a table of n short rows, then a row of many lines, then
// short rows.
func splitTable(n int) render.Table {
	tb := render.Table{Name: "split", Columns: []float64{1, 3}, RepeatFrom: 0, RepeatTo: 1}
	tb.Rows = append(tb.Rows, render.Row{{Text: "指标", Style: "table"}, {Text: "说明", Style: "table"}})
	for i := range n {
		tb.Rows = append(tb.Rows, render.Row{{Text: fmt.Sprintf("指标%d", i+1), Style: "table"},
			{Text: "简短的说明。", Style: "tableText", Path: fmt.Sprintf("/rows/%d", i)}})
	}
	tb.Rows = append(tb.Rows, render.Row{{Text: "长指标", Style: "table"},
		{Text: strings.Repeat("一段很长的说明文字，需要在页面底部拆分。", 20), Style: "tableText", Path: "/long"}})
	for i := range 3 {
		tb.Rows = append(tb.Rows, render.Row{{Text: fmt.Sprintf("后%d", i+1), Style: "table"},
			{Text: "简短的说明。", Style: "tableText"}})
	}
	return tb
}

// TestSplitRows checks the profile's splitRows, with the long row of
// splitTable at every height of a page: off, the row never breaks;
// on, it breaks where it does not fit, two lines at least on either
// side, its text set whole.
func TestSplitRows(t *testing.T) {
	l, fs := setup(t)
	for _, split := range []bool{false, true} {
		l := *l
		l.SplitRows = split
		broken := 0
		for n := 20; n < 70; n++ {
			tb := splitTable(n)
			doc := &render.Document{Parts: []render.Part{{Bookmark: "t", Blocks: []render.Block{tb}}}}
			res, err := Do(context.Background(), doc, &l, fs, Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkRules(t, res)
			var pages []int
			var text strings.Builder
			for _, p := range res.Pages {
				k := 0
				for _, ln := range p.Lines {
					if ln.Path == "/long" {
						k++
						text.WriteString(ln.Text)
					}
				}
				if k > 0 {
					pages = append(pages, k)
				}
			}
			if want := tb.Rows[n+1][1].Text; text.String() != want {
				t.Errorf("splitRows %v, %d rows: the long cell is set as %q", split, n, text.String())
			}
			if len(pages) > 1 {
				broken++
				if !split || len(pages) != 2 || pages[0] < 2 || pages[1] < 2 {
					t.Errorf("splitRows %v, %d rows: the long row's lines by page: %v", split, n, pages)
				}
			}
		}
		if split && broken == 0 {
			t.Error("with splitRows the long row never breaks")
		}
	}
}

// TestNotesKeepRows checks that the notes under a table that do not fit
// below its last row take the last rows with them to the next page.
func TestNotesKeepRows(t *testing.T) {
	l, fs := setup(t)
	for extra := range 12 {
		tb := render.Table{Name: "t", Columns: []float64{1, 3}, RepeatFrom: 0, RepeatTo: 1}
		tb.Rows = append(tb.Rows, render.Row{{Text: "指标", Style: "table"}, {Text: "说明", Style: "table"}})
		for i := range 40 + extra {
			tb.Rows = append(tb.Rows, render.Row{{Text: fmt.Sprintf("指标%d", i+1), Style: "table"},
				{Text: "简短的说明。", Style: "tableText"}})
		}
		tb.Rows = append(tb.Rows, render.Row{{Text: "总分", Style: "table"}, {Text: "100", Style: "table"}})
		tb.KeepFrom = len(tb.Rows) - 1
		blocks := []render.Block{tb, render.Paragraph{Style: "note", Text: "填报注意事项："}}
		for range 4 {
			blocks = append(blocks, render.Paragraph{Style: "note", Text: strings.Repeat("注意事项的说明文字。", 12)})
		}
		doc := &render.Document{Parts: []render.Part{{Bookmark: "t", Blocks: blocks}}}
		res, err := Do(context.Background(), doc, l, fs, Options{})
		if err != nil {
			t.Fatal(err)
		}
		checkRules(t, res)
		checkFill(t, res, Fill(res))
		// The 总分 row never starts a page.
		for _, p := range res.Pages {
			for _, ln := range p.Lines {
				if ln.Kind == KindTable && !ln.Repeated {
					if ln.Text == "总分" {
						t.Errorf("%d rows: the 总分 row starts page %d", 40+extra, p.Number)
					}
					break
				}
			}
		}
	}
}

// TestContinuedMark lays out the reference with and without the
// layout's continued mark: every label spanning rows is set whole on
// each page it spans, and where it is repeated on a continuation page,
// with the mark. Every line stays in its box (checkRules).
func TestContinuedMark(t *testing.T) {
	l, fs := setup(t)
	doc := referenceDocument(t, render.Options{})
	labels := map[string]string{} // spanning cells' texts by path
	for _, p := range doc.Parts {
		for _, b := range p.Blocks {
			if tb, ok := b.(render.Table); ok {
				for _, row := range tb.Rows {
					for _, c := range row {
						if c.RowSpan > 1 && c.Path != "" {
							labels[c.Path] = c.Text
						}
					}
				}
			}
		}
	}
	for _, mark := range []string{"", "（续）"} {
		l := *l
		l.Continued = mark
		res, err := Do(context.Background(), doc, &l, fs, Options{})
		if err != nil {
			t.Fatal(err)
		}
		checkRules(t, res)
		checkFill(t, res, Fill(res))
		repeated := 0
		for _, p := range res.Pages {
			type key struct {
				path     string
				repeated bool
			}
			set := map[key]string{}
			for _, ln := range p.Lines {
				if _, ok := labels[ln.Path]; ok {
					set[key{ln.Path, ln.Repeated}] += ln.Text
				}
			}
			for k, got := range set {
				want := labels[k.path]
				if k.repeated {
					repeated++
					want += mark
				}
				if got != want {
					t.Errorf("mark %q, page %d: label %s (repeated %v) set as %q, want %q", mark, p.Number, k.path, k.repeated, got, want)
				}
			}
		}
		if repeated < 10 {
			t.Errorf("mark %q: %d labels repeated on continuation pages, want 10 or more", mark, repeated)
		}
	}
}

// TestLabelWholeAtBreak moves a tall label spanning rows down a page
// row by row: wherever the page breaks inside its rows, the label is set
// whole on both pages; when the layout keeps its field whole, its rows
// are never divided.
func TestLabelWholeAtBreak(t *testing.T) {
	l, fs := setup(t)
	label := "产出指标（50分）的说明很长需要多行才能写完"
	for _, keep := range []bool{false, true} {
		l := *l
		if keep {
			l.KeepWhole = []string{"label"}
		}
		divided := 0
		for n := 30; n < 60; n++ {
			tb := render.Table{Name: "t", Columns: []float64{1, 1, 3}, RepeatFrom: 0, RepeatTo: 1}
			tb.Rows = append(tb.Rows, render.Row{{Text: "一级", Style: "table"}, {Text: "二级", Style: "table"}, {Text: "值", Style: "table"}})
			for i := range n {
				tb.Rows = append(tb.Rows, render.Row{{Text: fmt.Sprintf("前%d", i), Style: "table"}, {Text: "二", Style: "table"}, {Text: "值", Style: "table"}})
			}
			for i := range 6 {
				var row render.Row
				if i == 0 {
					row = append(row, render.Cell{Text: label, RowSpan: 6, Style: "table", Path: "/label"})
				}
				row = append(row, render.Cell{Text: "二", Style: "table"}, render.Cell{Text: "值", Style: "table"})
				tb.Rows = append(tb.Rows, row)
			}
			doc := &render.Document{Parts: []render.Part{{Bookmark: "t", Blocks: []render.Block{tb}}}}
			res, err := Do(context.Background(), doc, &l, fs, Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkRules(t, res)
			pages := 0
			for _, p := range res.Pages {
				got := ""
				for _, ln := range p.Lines {
					if ln.Path == "/label" {
						got += ln.Text
					}
				}
				if got != "" {
					pages++
					if got != label {
						t.Errorf("%d rows before: page %d sets the label as %q", n, p.Number, got)
					}
				}
			}
			if pages > 1 {
				divided++
			}
		}
		if keep && divided > 0 || !keep && divided == 0 {
			t.Errorf("keepWhole %v: the label's rows are divided by a break %d times", keep, divided)
		}
	}
}
