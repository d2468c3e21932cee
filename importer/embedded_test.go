package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/internal/evaltest"
)

// TestImportPDF reads the data embedded in Jixiao's PDF and OFD back: the
// evaluation is the original's, for the whole disclosure, one table and
// another profile's example.
func TestImportPDF(t *testing.T) {
	ref, err := os.ReadFile("../examples/beijing-finance-2021.json")
	if err != nil {
		t.Fatal(err)
	}
	ext, err := os.ReadFile("../examples/extended-columns-self-assessment.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		input  []byte
		part   string
		format *export.Format
	}{{"reference", ref, "", export.PDF}, {"extended-columns", ext, "", export.PDF}, {"table:2", ref, "table:2", export.PDF},
		{"reference.ofd", ref, "", export.OFD}, {"table:2.ofd", ref, "table:2", export.OFD}} {
		t.Run(c.name, func(t *testing.T) {
			rep := evaluation.Evaluate(c.input, nil)
			part, err := export.ParsePart(c.part)
			if err != nil {
				t.Fatal(err)
			}
			var pdf bytes.Buffer
			if _, err := export.Render(context.Background(), &pdf, rep, export.Options{Format: c.format, Part: part}); err != nil {
				t.Fatal(err)
			}
			res, err := Import([]File{{Name: "report." + c.format.Name, Data: pdf.Bytes()}}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := res.Evaluate(nil)
			want := rep
			if c.part != "" {
				// One table's PDF carries that table's data only.
				sel := part
				d := *rep.Disclosure
				d.DepartmentReport, d.ProjectReports = nil, nil
				d.SelfAssessments = d.SelfAssessments[sel.Index : sel.Index+1]
				b, err := json.Marshal(&d)
				if err != nil {
					t.Fatal(err)
				}
				want = evaluation.Evaluate(b, nil)
			}
			if g, w := evaltest.JSON(t, got), evaltest.JSON(t, want); g != w {
				t.Errorf("the evaluation of the imported data differs from the original's:\n got %.300s\nwant %.300s", g, w)
			}
		})
	}
}

// TestImportPDFWithoutData: a PDF that Jixiao did not write (made here
// by hand) has no embedded data, which is a clear error, not a guess.
func TestImportPDFWithoutData(t *testing.T) {
	var b bytes.Buffer
	var offsets []int
	b.WriteString("%PDF-1.4\n")
	for _, obj := range []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << >> >>",
	} {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offsets), obj)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	_, err := Import([]File{{Name: "other.pdf", Data: b.Bytes()}}, Options{})
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(e.MsgEN, "no embedded evaluation data") || e.File != "other.pdf" {
		t.Fatalf("import of a PDF without data: %v", err)
	}
}

// TestImportOFDWithoutData: an OFD package without attachments (made
// here by hand) is a clear error.
func TestImportOFDWithoutData(t *testing.T) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, body := range map[string]string{
		"OFD.xml":            `<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>x</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`,
		"Doc_0/Document.xml": `<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData><ofd:MaxUnitID>1</ofd:MaxUnitID></ofd:CommonData><ofd:Pages/></ofd:Document>`,
	} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	_, err := Import([]File{{Name: "other.ofd", Data: b.Bytes()}}, Options{})
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(e.MsgEN, "the OFD carries no embedded evaluation data") || e.File != "other.ofd" {
		t.Fatalf("import of an OFD without data: %v", err)
	}
}
