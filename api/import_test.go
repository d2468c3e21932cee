package api

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/internal/evaltest"
)

// workbook renders input as Jixiao's own workbook.
func workbook(t *testing.T, input []byte) []byte {
	t.Helper()
	rep := evaluation.Evaluate(input, nil)
	var b bytes.Buffer
	if _, err := export.Render(context.Background(), &b, rep, export.Options{Format: export.XLSX}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestImportWorkbook(t *testing.T) {
	ts := newTestServer(t, Config{})
	book := workbook(t, table(3))
	resp, body := ts.do(t, http.MethodPost, pathImport, mediaXLSX, book)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	var ans importAnswer
	if err := json.Unmarshal(body, &ans); err != nil {
		t.Fatal(err)
	}
	want, _ := evaluation.DecodeBytes(table(3))
	got, err := evaluation.DecodeBytes(ans.Disclosure)
	if err != nil {
		t.Fatal(err)
	}
	if got.SelfAssessments[0].Project != want.SelfAssessments[0].Project || got.SelfAssessments[0].Funds.Total.Budget.Raw != want.SelfAssessments[0].Funds.Total.Budget.Raw {
		t.Errorf("imported %+v", got.SelfAssessments[0])
	}
	if at := ans.Provenance["/selfAssessments/0/funds/total/budget"]; !strings.HasSuffix(at, "!E7") { // 全年预算数 of 年度资金总额
		t.Errorf("provenance of the budget: %q", at)
	}
}

// Several files as form parts import into one disclosure, every place
// prefixed by its file's name.
func TestImportMultipart(t *testing.T) {
	ts := newTestServer(t, Config{})
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, name := range []string{"a.xlsx", "b.xlsx"} {
		w, _ := mw.CreateFormFile("file", name)
		w.Write(workbook(t, table(len(name)+int(name[0]))))
	}
	mw.Close()
	resp, body := ts.do(t, http.MethodPost, pathImport, mw.FormDataContentType(), b.Bytes())
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	var ans importAnswer
	if err := json.Unmarshal(body, &ans); err != nil {
		t.Fatal(err)
	}
	d, err := evaluation.DecodeBytes(ans.Disclosure)
	if err != nil || len(d.SelfAssessments) != 2 {
		t.Fatalf("%v, %s", err, ans.Disclosure)
	}
	if at := ans.Provenance["/selfAssessments/1/project"]; !strings.HasPrefix(at, "b.xlsx:") {
		t.Errorf("provenance of the second table: %q", at)
	}
}

// validate and render take a workbook body; a problem names its cell.
func TestValidateWorkbook(t *testing.T) {
	ts := newTestServer(t, Config{})
	d, _ := evaluation.DecodeBytes(table(5))
	d.SelfAssessments[0].Declared.Total = evaluation.MustNumber("1.00")
	input, _ := json.Marshal(d)
	book := workbook(t, input)
	resp, body := ts.do(t, http.MethodPost, pathValidate, mediaXLSX, book)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	var rep struct {
		Findings []evaluation.Finding `json:"findings"`
	}
	json.Unmarshal(body, &rep)
	found := false
	for _, f := range rep.Findings {
		if f.Path == "/selfAssessments/0/declared/total" && strings.Contains(f.Place, "!") {
			found = true
		}
	}
	if !found {
		t.Errorf("no finding on the declared total with its cell: %s", body)
	}
	resp, body = ts.do(t, http.MethodPost, pathRender+"?format=pdf", mediaXLSX, book)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("render: status %d: %s", resp.StatusCode, body)
	}
}

func TestImportRefusals(t *testing.T) {
	ts := newTestServer(t, Config{})
	for _, c := range []struct {
		name, ctype string
		body        []byte
		status      int
		slug        string
	}{
		{"xls", mediaXLSX, append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...), 422, "import-failed"},
		{"html", mediaXLSX, []byte("<html><table><tr><td>项目名称</td></tr></table></html>"), 422, "import-failed"},
		{"not a zip", mediaXLSX, []byte("PK\x03\x04 broken"), 422, "import-failed"},
		{"wrong type", "text/csv", []byte("a,b"), 415, "unsupported-media-type"},
	} {
		resp, body := ts.do(t, http.MethodPost, pathImport, c.ctype, c.body)
		p := problem(t, resp, body, c.status, c.slug)
		if c.status == 422 && !strings.Contains(p.Detail, "xlsx") {
			t.Errorf("%s: detail %q says nothing of .xlsx", c.name, p.Detail)
		}
	}
}

// A Word report imports into a project report.
func TestImportDocument(t *testing.T) {
	doc, err := os.ReadFile("../importer/testdata/project-report.docx")
	if err != nil {
		t.Fatal(err)
	}
	ts := newTestServer(t, Config{})
	resp, body := ts.do(t, http.MethodPost, pathImport, mediaDOCX, doc)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	var ans importAnswer
	if err := json.Unmarshal(body, &ans); err != nil {
		t.Fatal(err)
	}
	d, err := evaluation.DecodeBytes(ans.Disclosure)
	if err != nil || len(d.ProjectReports) != 1 || len(d.ProjectReports[0].Indicators) == 0 {
		t.Fatalf("%v %s", err, ans.Disclosure)
	}
	if ans.Provenance["/projectReports/0/indicators"] != "表1" {
		t.Errorf("provenance %v", ans.Provenance)
	}
}

// A batch of workbooks: one disclosure per file, a file that cannot be
// imported listed with its error.
func TestBatchWorkbooks(t *testing.T) {
	ts := newTestServer(t, Config{})
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for i, name := range []string{"a.xlsx", "b.xlsx", "old.xls"} {
		w, _ := mw.CreateFormFile("file", name)
		if i < 2 {
			w.Write(workbook(t, table(i)))
		} else {
			w.Write(append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...))
		}
	}
	mw.Close()
	resp, body := ts.do(t, http.MethodPost, pathBatch+"?format=pdf", mw.FormDataContentType(), b.Bytes())
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	_, m := unzip(t, body)
	if len(m.Inputs) != 3 || m.Inputs[0].Status != "ok" || m.Inputs[1].Status != "ok" || m.Inputs[2].Source != "old.xls" ||
		len(m.Inputs[2].Errors) != 1 || !strings.Contains(m.Inputs[2].Errors[0].MessageEN, ".xlsx") {
		t.Errorf("manifest %+v", m.Inputs)
	}
}

// A PDF or OFD made by Jixiao, as the body or a form part, gives back the
// disclosure it carries: evaluated, the same figures, findings and
// profile as the original. A PDF without the data (a plain one) is
// refused with a clear error, in Chinese and English.
func TestImportRendered(t *testing.T) {
	ts := newTestServer(t, Config{})
	input := table(4)
	rep := evaluation.Evaluate(input, nil)
	rendered := func(f *export.Format, kind export.PDFKind) []byte {
		var b bytes.Buffer
		if _, err := export.Render(context.Background(), &b, rep, export.Options{Format: f, PDF: kind}); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	pdfData, ofdData := rendered(export.PDF, export.PDFArchive), rendered(export.OFD, "")
	var parts bytes.Buffer
	mw := multipart.NewWriter(&parts)
	w, _ := mw.CreateFormFile("file", "report.ofd")
	w.Write(ofdData)
	mw.Close()
	want := evaltest.JSON(t, rep)
	for _, c := range []struct {
		name, ctype string
		body        []byte
	}{
		{"pdf", "application/pdf", pdfData},
		{"ofd", "application/ofd", ofdData},
		{"multipart", mw.FormDataContentType(), parts.Bytes()},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp, body := ts.do(t, http.MethodPost, pathImport, c.ctype, c.body)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			var ans importAnswer
			if err := json.Unmarshal(body, &ans); err != nil {
				t.Fatal(err)
			}
			if got := evaltest.JSON(t, evaluation.Evaluate(ans.Disclosure, nil)); got != want {
				t.Errorf("the imported evaluation differs:\n got %.300s\nwant %.300s", got, want)
			}
			if len(ans.Notes) == 0 || !strings.Contains(ans.Notes[0], "disclosure.json") {
				t.Errorf("notes %q", ans.Notes)
			}
		})
	}
	resp, body := ts.do(t, http.MethodPost, pathImport, "application/pdf", rendered(export.PDF, export.PDFPlain))
	p := problem(t, resp, body, http.StatusUnprocessableEntity, "import-failed")
	for _, s := range []string{"未嵌入绩效评价数据", "no embedded evaluation data", "disclosure.json"} {
		if !strings.Contains(p.Detail, s) {
			t.Errorf("detail %q lacks %q", p.Detail, s)
		}
	}
}
