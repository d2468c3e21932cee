package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jixiao/jixiao/batch/synth"
	"github.com/jixiao/jixiao/evaluation"
)

// reportHTML lays out a project report as people write it in Word: the
// title, numbered headings (一、 （一）), paragraphs, and the indicator
// table with merged 一级指标 cells and a 合计 row.
func reportHTML(d *evaluation.Disclosure) string {
	r := &d.ProjectReports[0]
	var b strings.Builder
	e := html.EscapeString
	fmt.Fprintf(&b, "<html><head><meta charset=\"utf-8\"></head><body>\n<p>%s%d年度%s项目支出绩效评价报告</p>\n", e(d.Department), d.Year, e(r.Project))
	for i, s := range r.Sections {
		fmt.Fprintf(&b, "<p>%s、%s</p>\n", "一二三四五六七八九十"[3*i:3*i+3], e(s.Heading))
		for _, blk := range s.Blocks {
			if blk.Paragraph != "" {
				fmt.Fprintf(&b, "<p>%s</p>\n", e(blk.Paragraph))
			}
		}
		if i == 1 {
			fmt.Fprintf(&b, "<p>（一）评价指标体系</p>\n<table border=\"1\"><tr><td>一级指标</td><td>二级指标</td><td>分值</td><td>得分</td></tr>\n")
			for _, top := range r.Indicators {
				for k, leaf := range top.Children {
					b.WriteString("<tr>")
					if k == 0 {
						fmt.Fprintf(&b, "<td rowspan=\"%d\">%s</td>", len(top.Children), e(top.Name))
					}
					fmt.Fprintf(&b, "<td>%s</td><td>%s</td><td>%s</td></tr>\n", e(leaf.Name), leaf.Weight.Raw, leaf.Score.Raw)
				}
			}
			b.WriteString("<tr><td colspan=\"2\">合计</td><td>100</td><td>88.88</td></tr></table>\n")
			fmt.Fprintf(&b, "<p>（二）评价方法</p>\n<p>采用比较法和因素分析法。</p>\n<table border=\"1\"><tr><td>项目</td><td>金额（万元）</td></tr><tr><td>预算</td><td>1,234.50</td></tr></table>\n")
		}
	}
	b.WriteString("</body></html>\n")
	return b.String()
}

// TestWordReport converts a report page to .docx with LibreOffice and
// imports it: headings without their numbers in their structure,
// paragraphs as written, the indicator tree from its table, another
// table kept as a free table, and places.
func TestWordReport(t *testing.T) {
	d := synth.Disclosure(synth.Options{Seed: 3, Projects: 1, Paragraphs: 2}, 0)
	data := wordOf(t, reportHTML(d))
	if os.Getenv("JIXIAO_KEEP_HANDMADE") != "" {
		os.WriteFile(filepath.Join("testdata", "project-report.docx"), data, 0o644)
	}
	checkWordReport(t, data, d)
}

// wordOf has LibreOffice turn an HTML page into a .docx, as a person
// saving it from a word processor would.
func wordOf(t *testing.T, page string) []byte {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "page.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := office(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-env:UserInstallation=file://"+filepath.Join(dir, "lo-profile"), "--headless", "--norestore",
		"--infilter=HTML (StarWriter)", "--convert-to", "docx:MS Word 2007 XML", "--outdir", dir, filepath.Join(dir, "page.html"))
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}
	data, err := os.ReadFile(filepath.Join(dir, "page.docx"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestCommittedWordReport imports the committed LibreOffice .docx.
func TestCommittedWordReport(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "project-report.docx"))
	if err != nil {
		t.Fatal(err)
	}
	checkWordReport(t, data, synth.Disclosure(synth.Options{Seed: 3, Projects: 1, Paragraphs: 2}, 0))
}

func checkWordReport(t *testing.T, data []byte, want *evaluation.Disclosure) {
	t.Helper()
	res, err := Import([]File{{Name: "report.docx", Data: data}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := res.Disclosure
	if got.Year != want.Year || got.Department != want.Department || len(got.ProjectReports) != 1 {
		t.Fatalf("year %d department %q reports %d", got.Year, got.Department, len(got.ProjectReports))
	}
	g, w := &got.ProjectReports[0], &want.ProjectReports[0]
	if g.Project != w.Project {
		t.Errorf("project %q, want %q", g.Project, w.Project)
	}
	if len(g.Sections) != len(w.Sections) {
		t.Fatalf("%d sections, want %d: %+v", len(g.Sections), len(w.Sections), g.Sections)
	}
	for i := range w.Sections {
		if g.Sections[i].Heading != w.Sections[i].Heading {
			t.Errorf("section %d heading %q, want %q", i, g.Sections[i].Heading, w.Sections[i].Heading)
		}
		var paras []string
		for _, b := range w.Sections[i].Blocks {
			if b.Paragraph != "" {
				paras = append(paras, b.Paragraph)
			}
		}
		for k, p := range paras {
			if k >= len(g.Sections[i].Blocks) || g.Sections[i].Blocks[k].Paragraph != p {
				t.Errorf("section %d paragraph %d differs", i, k)
			}
		}
	}
	sub := g.Sections[1].Sections
	if len(sub) != 2 || sub[0].Heading != "评价指标体系" || sub[1].Heading != "评价方法" {
		t.Fatalf("subsections %+v", sub)
	}
	if len(sub[1].Blocks) != 2 || sub[1].Blocks[1].Table == nil || sub[1].Blocks[1].Table.Rows[1][1].Text != "1,234.50" {
		t.Errorf("free table: %+v", sub[1].Blocks)
	}
	if len(g.Indicators) != len(w.Indicators) {
		t.Fatalf("%d top indicators, want %d", len(g.Indicators), len(w.Indicators))
	}
	for i, top := range w.Indicators {
		gt := g.Indicators[i]
		if gt.Name != top.Name || len(gt.Children) != len(top.Children) {
			t.Fatalf("indicator %d: %s with %d children, want %s with %d", i, gt.Name, len(gt.Children), top.Name, len(top.Children))
		}
		for k, leaf := range top.Children {
			gl := gt.Children[k]
			if gl.Name != leaf.Name || !gl.Weight.Value.Equal(leaf.Weight.Value) || !gl.Score.Value.Equal(leaf.Score.Value) {
				t.Errorf("leaf %s: %s %s %s", leaf.Name, gl.Name, gl.Weight.Raw, gl.Score.Raw)
			}
		}
	}
	if g.DeclaredTotal.Raw != "88.88" {
		t.Errorf("declared total %q", g.DeclaredTotal.Raw)
	}
	if at := res.Provenance["/projectReports/0/indicators"]; at != "表1" {
		t.Errorf("indicator table place %q", at)
	}
	if at := res.Provenance["/projectReports/0/sections/0/heading"]; !strings.HasPrefix(at, "¶") {
		t.Errorf("heading place %q", at)
	}
	rep := res.Evaluate(nil)
	if !rep.Valid() {
		t.Fatalf("invalid: %v", rep.Problems)
	}
	found := false
	for _, f := range rep.Findings {
		if f.Path == "/projectReports/0/declaredTotal" && f.Place != "" {
			found = true
		}
	}
	if !found {
		t.Errorf("no finding on the declared total 88.88 with its place: %v", rep.Findings)
	}
}

func TestHeadingLevel(t *testing.T) {
	for _, c := range []struct {
		text, style string
		level       int
		rest        string
	}{
		{"一、部门基本情况", "", 0, "部门基本情况"},
		{"（二）评价方法", "", 1, "评价方法"},
		{"(三) 评价结论", "", 1, "评价结论"},
		{"3. 产出指标", "", 2, "产出指标"},
		{"3．产出指标", "", 2, "产出指标"},
		{"（1）数量指标", "", 3, "数量指标"},
		{"1.5万元用于培训", "", -1, "1.5万元用于培训"},
		{"一、项目年初预算为100万元，全年执行98万元，执行率98%，较上年提高了两个百分点。", "", -1, ""},
		{"绩效评价结论", "2", 1, "绩效评价结论"},
		{"Summary", "Heading1", 0, "Summary"},
		{"正文段落。", "", -1, "正文段落。"},
	} {
		lvl, rest := headingLevel(&para{text: c.text, style: c.style})
		if lvl != c.level || (c.rest != "" && rest != c.rest) {
			t.Errorf("headingLevel(%q, %q) = %d %q, want %d %q", c.text, c.style, lvl, rest, c.level, c.rest)
		}
	}
}

// docxOf is a minimal .docx around a document body.
func docxOf(t *testing.T, body string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.Create("[Content_Types].xml")
	w.Write([]byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`))
	w, _ = zw.Create("word/document.xml")
	w.Write([]byte(`<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body + `</w:body></w:document>`))
	zw.Close()
	return b.Bytes()
}

// Word's own markup: vertical merges (vMerge restart/continue), column
// spans (gridSpan), a heading style without a number, a table inside a
// cell kept as text.
func TestWordMarkup(t *testing.T) {
	p := func(text string) string { return `<w:p><w:r><w:t>` + text + `</w:t></w:r></w:p>` }
	tc := func(attrs, text string) string {
		return `<w:tc><w:tcPr>` + attrs + `</w:tcPr>` + p(text) + `</w:tc>`
	}
	body := p("示例局2024年度示例项目支出绩效评价报告") +
		`<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>评价结论</w:t></w:r></w:p>` +
		p("正文。") +
		`<w:tbl><w:tr>` + tc("", "一级指标") + tc("", "二级指标") + tc("", "分值") + tc("", "得分") + `</w:tr>` +
		`<w:tr>` + tc(`<w:vMerge w:val="restart"/>`, "产出") + tc("", "数量") + tc("", "60") + tc("", "58") + `</w:tr>` +
		`<w:tr>` + tc(`<w:vMerge/>`, "") + tc("", "质量") + tc("", "40") + tc("", "39.5") + `</w:tr>` +
		`<w:tr>` + tc(`<w:gridSpan w:val="2"/>`, "合计") + tc("", "100") + tc("", "97.5") + `</w:tr></w:tbl>` +
		`<w:tbl><w:tr><w:tc>` + p("说明") + `<w:tbl><w:tr>` + tc("", "甲") + tc("", "乙") + `</w:tr></w:tbl></w:tc></w:tr></w:tbl>`
	res, err := Import([]File{{Name: "r.docx", Data: docxOf(t, body)}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := res.Disclosure.ProjectReports[0]
	if r.Project != "示例" || res.Disclosure.Year != 2024 || res.Disclosure.Department != "示例局" {
		t.Errorf("title read as %q %d %q", r.Project, res.Disclosure.Year, res.Disclosure.Department)
	}
	if len(r.Sections) != 1 || r.Sections[0].Heading != "评价结论" || len(r.Sections[0].Blocks) != 2 {
		t.Fatalf("sections %+v", r.Sections)
	}
	if tb := r.Sections[0].Blocks[1].Table; tb == nil || tb.Rows[0][0].Text != "说明\n甲\t乙" {
		t.Errorf("nested table: %+v", r.Sections[0].Blocks[1])
	}
	if len(r.Indicators) != 1 || len(r.Indicators[0].Children) != 2 || r.Indicators[0].Children[1].Score.Raw != "39.5" || r.DeclaredTotal.Raw != "97.5" {
		t.Errorf("indicators %+v total %q", r.Indicators, r.DeclaredTotal.Raw)
	}
}
