package layout

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/render"
)

// cellTexts returns the lines set in each table cell of the result, in
// order, by page and cell box.
func cellTexts(res *Result) map[string][][]string {
	type key struct {
		page int
		box  Box
	}
	var order []key
	lines := map[key][]string{}
	for _, p := range res.Pages {
		for _, ln := range p.Lines {
			if !inCell(&p, &ln) {
				continue
			}
			k := key{p.Number, ln.Container}
			if _, ok := lines[k]; !ok {
				order = append(order, k)
			}
			lines[k] = append(lines[k], ln.Text)
		}
	}
	out := map[string][][]string{}
	for _, k := range order {
		text := strings.Join(lines[k], "")
		out[text] = append(out[text], lines[k])
	}
	return out
}

// inCell reports whether ln is set in a table cell rather than in the
// type area or on the page (a page number).
func inCell(p *Page, ln *LineBox) bool {
	m := p.Margins
	typeArea := Box{m.Left, m.Top, p.Width - m.Left - m.Right, p.Height - m.Bottom - m.Top}
	page := Box{0, 0, p.Width, p.Height}
	c := ln.Container
	return !(c.Contains(typeArea) && typeArea.Contains(c)) && !(c.Contains(page) && page.Contains(c))
}

// TestLabelLines: the labels of the reference 自评表 break into even
// lines in their narrow cells, with no lone last character and the
// figure of a 一级指标 whole.
func TestLabelLines(t *testing.T) {
	l, fs := setup(t)
	res, err := Do(context.Background(), referenceDocument(t, render.Options{}), l, fs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	cells := cellTexts(res)
	tests := []struct {
		label string
		want  []string
	}{
		{"满意度指标（10分）", []string{"满意度", "指标", "（10分）"}},
		{"偏差原因分析及改进措施", []string{"偏差原因分析", "及改进措施"}},
		{"年度总体目标", []string{"年度总", "体目标"}},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			got := cells[tt.label]
			if len(got) == 0 {
				t.Fatalf("no cell holds %q", tt.label)
			}
			bad := 0
			for _, lines := range got {
				if !reflect.DeepEqual(lines, tt.want) {
					if bad == 0 {
						t.Errorf("%q set as %q, want %q", tt.label, lines, tt.want)
					}
					bad++
				}
			}
			if bad > 1 {
				t.Errorf("and %d more cells of %d", bad-1, len(got))
			}
		})
	}
}

// TestCellPadding: in the table of every example, on every profile,
// each line of a cell keeps at least 2 pt from the inner edge of the
// cell's rules at the left and right, and its glyphs (the em box, inside
// the line's leading) at least 2 pt at the top and bottom.
func TestCellPadding(t *testing.T) {
	_, fs := setup(t)
	files, err := filepath.Glob("../../examples/*.json")
	if err != nil {
		t.Fatal(err)
	}
	const min = 2.0
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			rep := evaluation.Evaluate(data, nil)
			if !rep.Valid() {
				t.Fatal(rep.Problems)
			}
			doc, err := render.Build(rep, render.Options{Part: "table", Index: 0})
			if err != nil {
				t.Fatal(err)
			}
			l := &rep.Profile.Layout
			res, err := Do(context.Background(), doc, l, fs, Options{})
			if err != nil {
				t.Fatal(err)
			}
			half := l.TableRule / 2
			size := max(l.Styles["table"].Size, l.Styles["tableText"].Size)
			n := 0
			for _, p := range res.Pages {
				for _, ln := range p.Lines {
					if !inCell(&p, &ln) {
						continue
					}
					c := ln.Container
					n++
					em := (ln.Height - size) / 2
					sides := []struct {
						name string
						gap  float64
					}{
						{"left", ln.X - c.X},
						{"right", c.X + c.W - ln.X - ln.Width},
						{"top", ln.Y + em - c.Y},
						{"bottom", c.Y + c.H - ln.Y - ln.Height + em},
					}
					for _, s := range sides {
						if s.gap-half < min-1e-9 {
							t.Errorf("page %d: %q is %.2f pt from the %s rule, want at least %v", p.Number, ln.Text, s.gap-half, s.name, min)
						}
					}
				}
			}
			if n == 0 {
				t.Fatal("no line in a table cell")
			}
		})
	}
}

// TestMetricsAsMeasure: the layout measures text with the advances of
// Measure, which the workbook uses, so that both break a cell alike.
func TestMetricsAsMeasure(t *testing.T) {
	l, fs := setup(t)
	e := &engine{ctx: context.Background(), l: l, fs: fs}
	runes := []rune("项目支出绩效自评表（2021年度）：，。、“”——……·%‰ 　AZaz09,.\t龘𠀀😀\uFFFD")
	for r := rune(0x4E00); r < 0x5200; r += 3 { // more than the cache holds
		runes = append(runes, r)
	}
	runes = append(runes, runes...) // again, from the cache
	for name := range l.Styles {
		sd, err := e.styled(name)
		if err != nil {
			t.Fatal(err)
		}
		want := Measure(fs, sd.st)
		for _, r := range runes {
			if got, w := sd.m.Advance(r), want(r); got != w {
				t.Errorf("style %s: advance of %q = %v, Measure gives %v", name, r, got, w)
			}
		}
	}
}
