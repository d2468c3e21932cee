package export

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/render/ofd"
	"github.com/jixiao/jixiao/render/pdf"
	"github.com/jixiao/jixiao/render/xlsx"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/xuri/excelize/v2"
)

// partial is a disclosure of two tables: 甲项目 scores 60 on a row of
// weight 50, 乙项目 is valid.
func partial(t testing.TB, name string) *evaluation.Report {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return evaluation.Evaluate(data, nil)
}

const overWeight = "/selfAssessments/0/indicators/0/score"

func TestCheckParts(t *testing.T) {
	for _, tt := range []struct {
		file     string
		opts     Options
		problems []string // paths of the problems that stop it; nil: it renders
		skipped  []string
		others   []string
	}{
		{"partial.json", Options{Part: mustPart("table:2")}, nil, nil, []string{"table:1"}},
		{"partial.json", Options{Part: mustPart("table:2"), SkipInvalid: true}, nil, nil, []string{"table:1"}},
		{"partial.json", Options{Part: mustPart("table:1")}, []string{overWeight}, nil, nil},
		{"partial.json", Options{Part: mustPart("table:1"), SkipInvalid: true}, []string{overWeight}, nil, nil},
		{"partial.json", Options{}, []string{overWeight}, nil, nil},
		{"partial.json", Options{Part: mustPart("all")}, []string{overWeight}, nil, nil},
		{"partial.json", Options{Part: mustPart("all"), SkipInvalid: true}, nil, []string{"table:1"}, nil},
		{"all-invalid.json", Options{SkipInvalid: true}, []string{overWeight, "/selfAssessments/1/indicators/1/score"}, nil, nil},
		{"all-invalid.json", Options{Part: mustPart("table:2")}, []string{"/selfAssessments/1/indicators/1/score"}, nil, nil},
	} {
		t.Run(tt.file+" "+tt.opts.Part.String(), func(t *testing.T) {
			plan, err := NewPlan(partial(t, tt.file), tt.opts)
			var ie *InvalidError
			if errors.As(err, &ie) {
				var paths []string
				for _, p := range ie.Problems {
					paths = append(paths, p.Path)
				}
				if !slices.Equal(paths, tt.problems) {
					t.Errorf("problems %v, want %v", paths, tt.problems)
				}
				var ps evaluation.Problems
				if !errors.As(err, &ps) {
					t.Error("the error does not wrap its problems")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.problems != nil {
				t.Fatalf("renders; want problems %v", tt.problems)
			}
			if got := names(plan.Skipped); !slices.Equal(got, tt.skipped) {
				t.Errorf("skipped %v, want %v", got, tt.skipped)
			}
			if got := names(plan.Others); !slices.Equal(got, tt.others) {
				t.Errorf("others %v, want %v", got, tt.others)
			}
		})
	}
}

func names(ps []evaluation.InvalidPart) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return out
}

// skippedList decodes the metadata that lists the skipped parts and
// checks it names table 1 and its problem.
func skippedList(t *testing.T, text string) {
	t.Helper()
	var got []evaluation.InvalidPart
	if err := json.Unmarshal([]byte(text), &got); err != nil {
		t.Fatalf("skipped parts %q: %v", text, err)
	}
	if len(got) != 1 || got[0].Name != "table:1" || got[0].Pointer != "/selfAssessments/0" ||
		len(got[0].Problems) != 1 || got[0].Problems[0].Path != overWeight || got[0].Problems[0].Code != evaluation.CodeScoreOverWeight {
		t.Errorf("skipped parts %+v", got)
	}
}

// TestRenderSkipInvalid renders the valid table of a disclosure with an
// invalid one in every format, and finds only it in the output and the
// invalid one named in the metadata.
func TestRenderSkipInvalid(t *testing.T) {
	rep := partial(t, "partial.json")
	conf := model.NewDefaultConfiguration()
	for _, tt := range []struct {
		format *Format
		check  func(t *testing.T, out []byte, st Stats)
	}{
		{PDF, func(t *testing.T, out []byte, st Stats) {
			whole, _ := renderBytes(t, rep, Options{Format: PDF, Part: mustPart("table:2")})
			n, err := api.PageCount(bytes.NewReader(whole), conf)
			if err != nil {
				t.Fatal(err)
			}
			if st.Pages != n {
				t.Errorf("%d pages, the table alone has %d", st.Pages, n)
			}
			validatePDF(t, out)
			bms, err := api.Bookmarks(bytes.NewReader(out), conf)
			if err != nil {
				t.Fatal(err)
			}
			var titles []string
			for _, b := range bms {
				titles = append(titles, b.Title)
			}
			if len(titles) != 1 || !strings.Contains(titles[0], "乙项目") {
				t.Errorf("bookmarks %v, want 乙项目's only", titles)
			}
			skippedList(t, infoEntry(t, out, pdf.SkippedKey))
			if kw := infoEntry(t, out, "Keywords"); kw != "skipped: table:1" {
				t.Errorf("keywords %q", kw)
			}
		}},
		{OFD, func(t *testing.T, out []byte, st Stats) {
			zr, err := zip.NewReader(bytes.NewReader(out), int64(len(out)))
			if err != nil {
				t.Fatal(err)
			}
			pages := 0
			var root []byte
			for _, f := range zr.File {
				if strings.HasSuffix(f.Name, "/Content.xml") {
					pages++
				}
				if f.Name == "OFD.xml" {
					rc, err := f.Open()
					if err != nil {
						t.Fatal(err)
					}
					root, _ = io.ReadAll(rc)
					rc.Close()
				}
			}
			if pages != st.Pages || pages == 0 {
				t.Errorf("%d pages, Stats says %d", pages, st.Pages)
			}
			var doc struct {
				Custom []struct {
					Name  string `xml:"Name,attr"`
					Value string `xml:",chardata"`
				} `xml:"DocBody>DocInfo>CustomDatas>CustomData"`
			}
			if err := xmlUnmarshal(root, &doc); err != nil {
				t.Fatal(err)
			}
			if len(doc.Custom) != 1 || doc.Custom[0].Name != ofd.SkippedName {
				t.Fatalf("custom data %+v", doc.Custom)
			}
			skippedList(t, doc.Custom[0].Value)
		}},
		{XLSX, func(t *testing.T, out []byte, st Stats) {
			f, err := excelize.OpenReader(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			// No 甲项目, and no 汇总 of some tables; the 审核 sheet lists
			// the findings of 乙项目.
			if got := f.GetSheetList(); !slices.Equal(got, []string{"乙项目", "审核"}) {
				t.Errorf("sheets %v, want 乙项目 and 审核", got)
			}
			props, err := f.GetCustomProps()
			if err != nil {
				t.Fatal(err)
			}
			var text string
			for _, p := range props {
				if p.Name == xlsx.SkippedProperty {
					text, _ = p.Value.(string)
				}
			}
			skippedList(t, text)
		}},
	} {
		t.Run(tt.format.Name, func(t *testing.T) {
			var buf bytes.Buffer
			st, err := Render(context.Background(), &buf, rep, Options{Format: tt.format, SkipInvalid: true})
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, buf.Bytes(), st)
			if _, err := Render(context.Background(), io.Discard, rep, Options{Format: tt.format}); err == nil {
				t.Error("rendered the whole of an invalid disclosure without SkipInvalid")
			}
		})
	}
}

func xmlUnmarshal(data []byte, v any) error { return xml.Unmarshal(data, v) }

// infoEntry reads a text entry of the PDF's document information, which
// gopdf writes in the trailer as UTF-16 hex.
func infoEntry(t *testing.T, out []byte, key string) string {
	t.Helper()
	m := regexp.MustCompile(`/` + key + ` <FEFF([0-9A-F]*)>`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("no /%s in the document information", key)
	}
	raw, err := hex.DecodeString(string(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	units := make([]uint16, len(raw)/2)
	for i := range units {
		units[i] = uint16(raw[2*i])<<8 | uint16(raw[2*i+1])
	}
	return string(utf16.Decode(units))
}
