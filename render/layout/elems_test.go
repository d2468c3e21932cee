package layout

import (
	"context"
	"testing"

	"github.com/jixiao/jixiao/render"
)

// TestListLabels: a list item is an LI of its marker's Lbl and the rest
// of its text's LBody, and its first line's runs say so.
func TestListLabels(t *testing.T) {
	l, fs := setup(t)
	for _, c := range []struct{ text, label string }{
		{"1）起草本市相关地方性法规草案。", "1）"},
		{"12)第十二项。", "12)"},
		{"●统筹推进本市金融发展环境建设。", "●"},
		{"③协调在京金融机构为首都经济社会发展服务。", "③"},
	} {
		t.Run(c.label, func(t *testing.T) {
			doc := &render.Document{Parts: []render.Part{{Bookmark: "t", Blocks: []render.Block{
				render.Paragraph{Style: "body", Text: c.text},
			}}}}
			res, err := Do(context.Background(), doc, l, fs, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var types []string
			for _, el := range res.Elems {
				types = append(types, el.Type)
			}
			want := []string{"Document", "L", "LI", "Lbl", "LBody"}
			if len(types) != len(want) {
				t.Fatalf("elements %v, want %v", types, want)
			}
			for i := range want {
				if types[i] != want[i] {
					t.Fatalf("elements %v, want %v", types, want)
				}
			}
			text := map[string]string{}
			for _, r := range res.Pages[0].Runs {
				text[res.Elems[r.Elem].Type] += r.Text
			}
			if text["Lbl"] != c.label || c.label+text["LBody"] != c.text {
				t.Errorf("Lbl %q, LBody %q", text["Lbl"], text["LBody"])
			}
		})
	}
}

// TestHeaderCells: a cell's scope makes it a header cell, and the rows
// a table repeats head their columns.
func TestHeaderCells(t *testing.T) {
	l, fs := setup(t)
	doc := &render.Document{Parts: []render.Part{{Bookmark: "t", Blocks: []render.Block{
		render.Table{Name: "t", Columns: []float64{1, 1}, RepeatFrom: 1, RepeatTo: 2, Rows: []render.Row{
			{{Text: "项目名称", Style: "table", Scope: render.ScopeRow}, {Text: "甲项目", Style: "table"}},
			{{Text: "一级指标", Style: "table"}, {Text: "绩效指标", Style: "table", Scope: render.ScopeRow}},
			{{Text: "产出指标", Style: "table"}, {Text: "10", Style: "table"}},
		}},
	}}}}
	res, err := Do(context.Background(), doc, l, fs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"项目名称": "TH Row", "甲项目": "TD ", "一级指标": "TH Column", "绩效指标": "TH Row", "产出指标": "TD ", "10": "TD "}
	for _, r := range res.Pages[0].Runs {
		el := res.Elems[r.Elem]
		if w, ok := want[r.Text]; ok {
			if got := el.Type + " " + el.Scope; got != w {
				t.Errorf("%s: %s, want %s", r.Text, got, w)
			}
			delete(want, r.Text)
		}
	}
	if len(want) > 0 {
		t.Errorf("cells not set: %v", want)
	}
}
