package batch

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/jixiao/jixiao/batch/synth"
	"github.com/jixiao/jixiao/export"
	"github.com/xuri/excelize/v2"
)

// TestRunSummary checks the batch stores the summary of its inputs in
// the formats asked, before the manifest that lists its files, with the
// invalid inputs listed in it.
func TestRunSummary(t *testing.T) {
	in := lines(
		synth.JSON(synth.Default, 0),
		synth.Invalid(synth.Table, 1),
		synth.JSON(synth.Default, 1),
		synth.JSON(synth.Default, 2),
	)
	var out bytes.Buffer
	_, err := Run(context.Background(), NewNDJSON(in, "body", 1<<20), NewZip(&out, time.Now()), Options{
		Write: fakeRender, Workers: 2, Summary: []*export.Format{export.PDF, export.XLSX},
	})
	if err != nil {
		t.Fatal(err)
	}
	files, _ := readZip(t, out.Bytes())
	if !strings.HasPrefix(files["summary.pdf"], "%PDF") || !strings.HasPrefix(files["summary.xlsx"], "PK") {
		t.Fatalf("no summary among %v", keys(files))
	}
	var m struct {
		SummaryFiles []File `json:"summaryFiles"`
	}
	if err := json.Unmarshal([]byte(files[ManifestName]), &m); err != nil {
		t.Fatal(err)
	}
	if len(m.SummaryFiles) != 2 || m.SummaryFiles[0].Name != "summary.pdf" || m.SummaryFiles[0].Pages == 0 ||
		m.SummaryFiles[1].Bytes != int64(len(files["summary.xlsx"])) {
		t.Errorf("manifest summary files %+v", m.SummaryFiles)
	}
	// The summary counts three valid inputs and lists the invalid one.
	wb, err := excelize.OpenReader(strings.NewReader(files["summary.xlsx"]))
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	if v, _ := wb.GetCellValue("图表", "A2"); !strings.Contains(v, "汇总输入4份，其中有效3份、无效1份") {
		t.Errorf("overview %q", v)
	}
	if v, _ := wb.GetCellValue("无效输入", "B4"); v != "body:2" {
		t.Errorf("invalid input %q, want body:2", v)
	}
	// Without the option, no summary.
	out.Reset()
	if _, err := Run(context.Background(), NewNDJSON(lines(synth.JSON(synth.Table, 0)), "body", 1<<20), NewZip(&out, time.Now()),
		Options{Write: fakeRender}); err != nil {
		t.Fatal(err)
	}
	if files, _ := readZip(t, out.Bytes()); files["summary.pdf"] != "" {
		t.Error("a summary nobody asked for")
	}
}
