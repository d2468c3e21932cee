package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/internal/abuse"
)

// fuzzImportLimits keep one fuzz input to a few milliseconds, and let
// the target check that a result stays inside them.
var fuzzImportLimits = Limits{MaxRows: 500, MaxCells: 20_000, MaxText: 64 << 10, MaxUnpacked: 4 << 20}

// parts reads the named parts of an OOXML package; a missing one is nil.
func parts(t testing.TB, data []byte, names ...string) [][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := make([][]byte, len(names))
	for _, f := range zr.File {
		for i, n := range names {
			if f.Name != n {
				continue
			}
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			out[i], err = io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	return out
}

// checkFuzzImport imports data and checks what any file must give: an
// *Error of a known kind naming the file, or a result within the limits
// whose JSON decodes and evaluates without a panic, the same bytes twice.
func checkFuzzImport(t *testing.T, name string, data []byte) {
	opts := Options{Limits: fuzzImportLimits}
	res, err := ImportContext(context.Background(), []File{{Name: name, Data: data}}, opts)
	if err != nil {
		var ie *Error
		if !errors.As(err, &ie) {
			t.Fatalf("error of no place: %v", err)
		}
		if ie.File != name || ie.Msg == "" || ie.MsgEN == "" {
			t.Fatalf("error %+v does not name the file in both languages", ie)
		}
		for _, k := range []error{ErrUnsupported, ErrTooLarge, ErrNoTable, ErrBadFile} {
			if errors.Is(err, k) {
				return
			}
		}
		t.Fatalf("error of no kind: %v", err)
	}
	if n := textSize(reflect.ValueOf(res.Disclosure), 1<<30); n > fuzzImportLimits.MaxText {
		t.Fatalf("the disclosure holds %d bytes of text, over the limit of %d", n, fuzzImportLimits.MaxText)
	}
	out, err := res.JSON()
	if err != nil {
		t.Fatalf("JSON: %v", err)
	}
	for _, p := range res.Problems {
		if p.Place == "" || p.Path == "" || !strings.HasPrefix(p.Path, "/") {
			t.Fatalf("problem without its place: %+v", p)
		}
	}
	res.Evaluate(nil)
	again, err := Import([]File{{Name: name, Data: data}}, opts)
	if err != nil {
		t.Fatalf("imported once, then: %v", err)
	}
	if out2, _ := again.JSON(); !bytes.Equal(out, out2) {
		t.Fatal("the same file imports to different JSON")
	}
}

// FuzzImportXLSX varies a workbook's sheet, shared strings and styles,
// the parts the readers parse (the fuzzer would only break a ZIP's
// checksums), in a package the importer opens. Seeds: the committed
// workbooks' parts and the hostile inputs of issue 22 in small.
func FuzzImportXLSX(f *testing.F) {
	books, _ := filepath.Glob(filepath.Join("testdata", "*.xlsx"))
	gnumeric, _ := filepath.Glob(filepath.Join("testdata", "gnumeric", "*.xlsx"))
	for _, b := range append(books, gnumeric...) {
		data, err := os.ReadFile(b)
		if err != nil {
			f.Fatal(err)
		}
		p := parts(f, data, "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml")
		if p[0] != nil {
			f.Add(p[0], p[1], p[2])
		}
	}
	for _, hostile := range [][]byte{
		abuse.MergedRanges(1, 3, "CV200"), abuse.FarCells(20), abuse.SharedStrings(3, 100),
	} {
		p := parts(f, hostile, "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml")
		f.Add(p[0], p[1], p[2])
	}
	f.Fuzz(func(t *testing.T, sheet, sst, styles []byte) {
		if len(sheet)+len(sst)+len(styles) > 1<<20 {
			return
		}
		checkFuzzImport(t, "fuzz.xlsx", abuse.Workbook(sheet, sst, styles))
	})
}

// FuzzImportDOCX varies a document's word/document.xml. Seeds: the
// committed documents and the hostile inputs of issue 22 in small.
func FuzzImportDOCX(f *testing.F) {
	docs, _ := filepath.Glob(filepath.Join("testdata", "*.docx"))
	pandoc, _ := filepath.Glob(filepath.Join("testdata", "pandoc", "*.docx"))
	for _, d := range append(docs, pandoc...) {
		data, err := os.ReadFile(d)
		if err != nil {
			f.Fatal(err)
		}
		if p := parts(f, data, "word/document.xml"); p[0] != nil {
			f.Add(p[0])
		}
	}
	for _, hostile := range [][]byte{abuse.GridSpans(30, 999), abuse.LongParagraph(1000)} {
		f.Add(parts(f, hostile, "word/document.xml")[0])
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		if len(doc) > 1<<20 {
			return
		}
		checkFuzzImport(t, "fuzz.docx", abuse.Document(doc))
	})
}
