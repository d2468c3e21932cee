package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/jixiao/jixiao/api"
	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/internal/evaltest"
)

// TestBrowserEmbeddedData: the page says what its PDFs and OFDs are, and
// a PDF or OFD made by the service, dropped on the page, offers the data
// it carries for download — the disclosure it was made from, which
// evaluates to the same figures; a PDF without data says so.
func TestBrowserEmbeddedData(t *testing.T) {
	chromium(t)
	rep := evaluation.Evaluate(reference(t), nil)
	render := func(format string, kind export.PDFKind) []byte {
		o, err := export.Query{Format: format, Part: "table:2"}.Options()
		if err != nil {
			t.Fatal(err)
		}
		o.PDF = kind
		var b bytes.Buffer
		if _, err := export.Render(context.Background(), &b, rep, o); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	paths := writeFiles(t, map[string][]byte{
		"表2.pdf": render("pdf", export.PDFArchive), "表2.ofd": render("ofd", ""), "plain.pdf": render("pdf", export.PDFPlain),
	})

	base := startServer(t, api.Config{Write: export.Write}, nil)
	s := newSession(t, "embedded")
	s.run(chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("html[data-ready]")))
	for _, want := range []string{"PDF：PDF/A-3a 与 PDF/UA-1", "OFD：OFD-A（GB/T 42133-2022"} {
		if got := s.text("#format-notes"); !strings.Contains(got, want) {
			t.Errorf("format notes %q lack %q", got, want)
		}
	}
	s.upload(paths["表2.pdf"], paths["表2.ofd"], paths["plain.pdf"])
	s.waitJS("the files to be checked", `document.querySelectorAll('#file-table tbody tr').length === 3 && !document.getElementById('file-table').textContent.includes('校验中')`)
	s.screenshot("embedded")
	if got := s.text("#status"); !strings.Contains(got, "3 个未签名") {
		t.Errorf("status %q", got)
	}
	if got := s.text(`#file-table tr[data-file="plain.pdf"]`); !strings.Contains(got, "未嵌入评价数据") {
		t.Errorf("plain.pdf row %q", got)
	}

	// The data of table 2 alone, as the service embedded it.
	d := *rep.Disclosure
	d.DepartmentReport, d.ProjectReports, d.SelfAssessments = nil, nil, d.SelfAssessments[1:2]
	input, err := json.Marshal(&d)
	if err != nil {
		t.Fatal(err)
	}
	want := evaltest.JSON(t, evaluation.Evaluate(input, nil))
	for i, name := range []string{"表2.pdf", "表2.ofd"} {
		row := s.text(`#file-table tr[data-file="` + name + `"]`)
		if !strings.Contains(row, "内嵌评价数据：北京市地方金融监督管理局 2021 年度") {
			t.Errorf("%s row %q", name, row)
		}
		file, data := s.download("data-"+string(rune('0'+i)), "json")
		if file != strings.TrimSuffix(name, name[strings.LastIndex(name, "."):])+".disclosure.json" {
			t.Errorf("%s: downloaded as %q", name, file)
		}
		if got := evaltest.JSON(t, evaluation.Evaluate(data, nil)); got != want {
			t.Errorf("%s: the downloaded data evaluate differently:\n got %.300s\nwant %.300s", name, got, want)
		}
	}
}
