package api

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/batch/synth"
	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/render"
)

// These tests use the real renderer, export.Render.

func TestRealRenderPDF(t *testing.T) {
	ts := newTestServer(t, Config{Write: export.Write})
	resp, body := ts.post(t, pathRender+"?format=pdf&part=table:1", example(t))
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	pages, _ := strconv.Atoi(resp.Header.Get("X-Jixiao-Pages"))
	if !bytes.HasPrefix(body, []byte("%PDF-")) || resp.Header.Get("Content-Length") != strconv.Itoa(len(body)) || pages < 1 {
		t.Errorf("%d bytes, headers %v", len(body), resp.Header)
	}
	want := "filename*=UTF-8''" + encodeExtValue("北京市地方金融监督管理局-2021年度-项目支出绩效自评表-金融整体综合运转经费项目.pdf")
	if cd := resp.Header.Get("Content-Disposition"); !strings.HasSuffix(cd, want) || !strings.Contains(cd, `filename="jixiao-2021-table-1.pdf"`) {
		t.Errorf("Content-Disposition %q", cd)
	}
}

func TestRealRenderXLSX(t *testing.T) {
	ts := newTestServer(t, Config{Write: export.Write})
	resp, body := ts.post(t, pathRender+"?part=table:1", example(t), "Accept", export.XLSX.MediaType)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	sheets, _ := strconv.Atoi(resp.Header.Get("X-Jixiao-Pages"))
	if !bytes.HasPrefix(body, []byte("PK\x03\x04")) || resp.Header.Get("Content-Type") != export.XLSX.MediaType || sheets < 1 {
		t.Errorf("%d bytes, headers %v", len(body), resp.Header)
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, `filename="jixiao-2021-table-1.xlsx"`) {
		t.Errorf("Content-Disposition %q", cd)
	}
}

func TestRealRenderOFD(t *testing.T) {
	ts := newTestServer(t, Config{Write: export.Write})
	resp, body := ts.post(t, pathRender+"?format=ofd&part=table:1", example(t))
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	pages, _ := strconv.Atoi(resp.Header.Get("X-Jixiao-Pages"))
	if !bytes.HasPrefix(body, []byte("PK\x03\x04")) || !bytes.Contains(body, []byte("OFD.xml")) || resp.Header.Get("Content-Type") != "application/ofd" || pages < 1 {
		t.Errorf("%d bytes, headers %v", len(body), resp.Header)
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, `filename="jixiao-2021-table-1.ofd"`) {
		t.Errorf("Content-Disposition %q", cd)
	}
}

// TestRealReady checks the readiness self-test: the templates and fonts
// load and a sample table renders in both formats.
func TestRealReady(t *testing.T) {
	ts := newTestServer(t, Config{Write: export.Write})
	resp, body := ts.do(t, http.MethodGet, pathReady, "", nil)
	if resp.StatusCode != 200 {
		t.Errorf("readyz: %d %s\n%s", resp.StatusCode, body, ts.logs.String())
	}
}

func TestRealBatch(t *testing.T) {
	ts := newTestServer(t, Config{Write: export.Write})
	resp, body := ts.do(t, http.MethodPost, pathBatch, "application/x-ndjson",
		ndjsonBody(table(0), synth.Invalid(synth.Table, 0), table(1)))
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	files, m := unzip(t, body)
	if !m.Complete || m.Summary.OK != 2 || m.Summary.Invalid != 1 || m.Summary.Files != 4 || m.Summary.Pages < 4 {
		t.Fatalf("manifest %+v", m)
	}
	magic := map[string]string{"pdf": "%PDF-", "xlsx": "PK\x03\x04"}
	for _, in := range m.Inputs {
		for _, f := range in.Files {
			if !bytes.HasPrefix(files[f.Name], []byte(magic[f.Format])) || f.Pages < 1 {
				t.Errorf("%s: %d pages, %q…", f.Name, f.Pages, files[f.Name][:min(8, len(files[f.Name]))])
			}
		}
	}
}

// TestRenderBuildsOnce: an HTTP render builds its document once, and a
// batch input once whatever its formats.
func TestRenderBuildsOnce(t *testing.T) {
	ts := newTestServer(t, Config{Write: export.Write})
	before := render.Builds()
	if resp, body := ts.post(t, pathRender+"?format=pdf&findings=appendix", table(0)); resp.StatusCode != 200 {
		t.Fatalf("render: %d %s", resp.StatusCode, body)
	}
	if n := render.Builds() - before; n != 1 {
		t.Errorf("a render built %d documents, want 1", n)
	}
	before = render.Builds()
	body := append(append(table(1), '\n'), table(2)...)
	if resp, out := ts.do(t, http.MethodPost, pathBatch+"?format="+strings.Join(export.FormatNames(), ","), "application/x-ndjson", body); resp.StatusCode != 200 {
		t.Fatalf("batch: %d %s", resp.StatusCode, out)
	}
	if n := render.Builds() - before; n != 2 {
		t.Errorf("a batch of 2 inputs in %d formats built %d documents, want 2", len(export.FormatNames()), n)
	}
}
