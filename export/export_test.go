package export

import (
	"bytes"
	"context"
	"errors"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/render"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/xuri/excelize/v2"
)

func reference(t testing.TB) *evaluation.Report {
	t.Helper()
	data, err := os.ReadFile("../examples/beijing-finance-2021.json")
	if err != nil {
		t.Fatal(err)
	}
	rep := evaluation.Evaluate(data, nil)
	if !rep.Valid() {
		t.Fatal(rep.Problems)
	}
	return rep
}

func renderBytes(t testing.TB, rep *evaluation.Report, opts Options) ([]byte, Stats) {
	t.Helper()
	var buf bytes.Buffer
	st, err := Render(context.Background(), &buf, rep, opts)
	if err != nil {
		t.Fatal(err)
	}
	if st.Bytes != int64(buf.Len()) {
		t.Errorf("Stats.Bytes = %d, wrote %d", st.Bytes, buf.Len())
	}
	return buf.Bytes(), st
}

// TestPDFStructure validates the PDF with pdfcpu and checks its fonts
// are embedded subsets and its outline and information are set.
func TestPDFStructure(t *testing.T) {
	rep := reference(t)
	for _, part := range []string{"all", "department", "project:1", "table:1", "table:35"} {
		t.Run(part, func(t *testing.T) {
			out, st := renderBytes(t, rep, Options{Format: PDF, Part: mustPart(part)})
			conf := validatePDF(t, out)
			n, err := api.PageCount(bytes.NewReader(out), conf)
			if err != nil {
				t.Fatal(err)
			}
			if n != st.Pages {
				t.Errorf("PDF has %d pages, Stats says %d", n, st.Pages)
			}
			s := pdfObjects(t, out)
			if n := strings.Count(s, "/FontFile2"); n == 0 {
				t.Error("no embedded TrueType font")
			}
			// Every font is an embedded subset: its name carries the
			// six-letter subset tag.
			fonts := regexp.MustCompile(`/BaseFont\s*/([^\s/<>\[\]()]+)`).FindAllStringSubmatch(s, -1)
			if len(fonts) == 0 {
				t.Error("no font names")
			}
			for _, m := range fonts {
				if !regexp.MustCompile(`^[A-Z]{6}\+`).MatchString(m[1]) {
					t.Errorf("font %s is not named as a subset", m[1])
				}
			}
			if !strings.Contains(s, "/Outlines") {
				t.Error("no outline")
			}
			if !regexp.MustCompile(`/Lang\s*\(zh-CN\)`).MatchString(s) {
				t.Error("no document language")
			}
			// A viewer shows the title, not the file name (a blob's
			// UUID in the page's preview).
			if !strings.Contains(s, "/DisplayDocTitle true") {
				t.Error("viewers are not asked to show the title")
			}
			if !strings.Contains(s, "/Author") {
				t.Error("no author in the document information")
			}
		})
	}
}

func TestPDFDeterministic(t *testing.T) {
	rep := reference(t)
	a, _ := renderBytes(t, rep, Options{Format: PDF})
	b, _ := renderBytes(t, reference(t), Options{Format: PDF})
	if !bytes.Equal(a, b) {
		t.Error("two renders of the same input differ")
	}
}

// TestConcurrentRenders renders the same and different parts at once:
// the shared fonts and parsed templates must be safe (run with -race)
// and each output the same as a render alone.
func TestConcurrentRenders(t *testing.T) {
	rep := reference(t)
	parts := []string{"table:1", "table:2", "department", "table:1"}
	want := map[string][]byte{}
	for _, p := range parts {
		want[p], _ = renderBytes(t, rep, Options{Format: PDF, Part: mustPart(p)})
	}
	var wg sync.WaitGroup
	for range 2 {
		for _, p := range parts {
			wg.Go(func() {
				var buf bytes.Buffer
				if _, err := Render(context.Background(), &buf, rep, Options{Format: PDF, Part: mustPart(p)}); err != nil {
					t.Error(err)
					return
				}
				if !bytes.Equal(buf.Bytes(), want[p]) {
					t.Errorf("concurrent render of %s differs", p)
				}
			})
		}
	}
	wg.Wait()
}

func TestOptionErrors(t *testing.T) {
	for _, q := range []Query{
		{Format: "docx"},
		{Part: "table:0"},
		{Part: "table:x"},
		{Part: "chapter"},
		{Figures: "typed"},
		{Findings: "all"},
		{PDF: "pdf/a"},
		{SkipInvalid: "maybe"},
	} {
		_, err := q.Options()
		var oe *OptionError
		if !errors.Is(err, ErrOption) || !errors.As(err, &oe) || oe.Message == "" || oe.MessageEN == "" {
			t.Errorf("%+v.Options() = %v, want an OptionError in both languages", q, err)
		}
	}
	// A part the input does not have is found by NewPlan.
	rep := reference(t)
	for _, part := range []string{"table:36", "project:2"} {
		_, err := NewPlan(rep, Options{Part: mustPart(part)})
		if !errors.Is(err, ErrOption) {
			t.Errorf("NewPlan(%s) = %v, want ErrOption", part, err)
		}
	}
	if o, err := (Query{Format: "ofd", Part: "table:3", Figures: "declared", Findings: "appendix", PDF: "plain", SkipInvalid: "true"}).Options(); err != nil ||
		o.Format != OFD || o.Part != (Part{Kind: "table", Index: 2}) || o.Figures != FiguresDeclared || o.Findings != FindingsAppendix || o.PDF != PDFPlain || !o.SkipInvalid {
		t.Errorf("parsed options %+v, %v", o, err)
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Render(ctx, &bytes.Buffer{}, reference(t), Options{Format: PDF})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Render with a cancelled context = %v", err)
	}
}

func TestFileName(t *testing.T) {
	rep := reference(t)
	for _, tt := range []struct {
		opts Options
		want string
	}{
		{Options{Format: PDF}, "北京市地方金融监督管理局-2021年度-绩效评价报告.pdf"},
		{Options{Format: XLSX, Part: mustPart("department")}, "北京市地方金融监督管理局-2021年度-部门整体绩效评价报告.xlsx"},
		{Options{Part: mustPart("table:1")}, "北京市地方金融监督管理局-2021年度-项目支出绩效自评表-金融整体综合运转经费项目.pdf"},
		{Options{Format: OFD, Part: mustPart("table:1")}, "北京市地方金融监督管理局-2021年度-项目支出绩效自评表-金融整体综合运转经费项目.ofd"},
	} {
		p, err := NewPlan(rep, tt.opts)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.FileName(nil); got != tt.want {
			t.Errorf("FileName(%+v) = %q, want %q", tt.opts, got, tt.want)
		}
	}
}

func BenchmarkRenderTablePDF(b *testing.B) {
	rep := reference(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Render(context.Background(), &bytes.Buffer{}, rep, Options{Format: PDF, Part: mustPart("table:1")}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRenderReferencePDF(b *testing.B) {
	benchmarkRender(b, Options{Format: PDF})
}

// BenchmarkRenderReferencePlainPDF is the untagged PDF, against which
// the cost of the tagged PDF/A-3 is measured.
func BenchmarkRenderReferencePlainPDF(b *testing.B) {
	benchmarkRender(b, Options{Format: PDF, PDF: PDFPlain})
}

func benchmarkRender(b *testing.B, opts Options) {
	rep := reference(b)
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if _, err := Render(context.Background(), &buf, rep, opts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "B/file")
}

func TestCheckGlyphs(t *testing.T) {
	data, err := os.ReadFile("../examples/beijing-finance-2021.json")
	if err != nil {
		t.Fatal(err)
	}
	rep := evaluation.Evaluate(data, nil)
	before := len(rep.Findings)
	if err := CheckGlyphs(rep, nil); err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != before {
		t.Errorf("reference has characters without glyphs: %v", rep.Findings[before:])
	}
	// An emoji in a project name has no glyph in any embedded face.
	data = bytes.Replace(data, []byte("金融整体综合运转经费项目"), []byte("金融整体综合运转经费项目😀"), 1)
	rep = evaluation.Evaluate(data, nil)
	before = len(rep.Findings)
	if err := CheckGlyphs(rep, nil); err != nil {
		t.Fatal(err)
	}
	got := rep.Findings[before:]
	if len(got) != 1 || got[0].Path != "/selfAssessments/0/project" || got[0].Code != FindingMissingGlyph || got[0].Declared != "😀" {
		t.Errorf("CheckGlyphs findings = %+v", got)
	}
}

func TestXLSX(t *testing.T) {
	rep := reference(t)
	for _, part := range []string{"all", "table:2", "department", "project:1"} {
		out, st := renderBytes(t, rep, Options{Format: XLSX, Part: mustPart(part)})
		if !bytes.HasPrefix(out, []byte("PK")) {
			t.Errorf("%s: not a zip archive", part)
		}
		want := 1
		if part == "all" {
			want = 1 + 35 + 2 + 1 // 汇总, tables, reports, 审核
		}
		if st.Pages != want {
			t.Errorf("%s: %d sheets, want %d", part, st.Pages, want)
		}
	}
	a, _ := renderBytes(t, rep, Options{Format: XLSX})
	b, _ := renderBytes(t, reference(t), Options{Format: XLSX})
	if !bytes.Equal(a, b) {
		t.Error("two XLSX renders of the same input differ")
	}
}

// TestXLSXFigures checks that Figures reaches the workbook: declared
// figures change it, computed (or none) does not.
func TestXLSXFigures(t *testing.T) {
	rep := reference(t)
	base, _ := renderBytes(t, rep, Options{Format: XLSX, Part: mustPart("table:35")})
	for _, tt := range []struct {
		figures Figures
		same    bool
	}{{"", true}, {"computed", true}, {"declared", false}} {
		out, _ := renderBytes(t, rep, Options{Format: XLSX, Part: mustPart("table:35"), Figures: tt.figures})
		if bytes.Equal(out, base) != tt.same {
			t.Errorf("figures %q: same workbook as computed = %v, want %v", tt.figures, !tt.same, tt.same)
		}
	}
}

func TestOverrideFonts(t *testing.T) {
	set, err := OverrideFonts([]string{"title=../fonts/LXGWWenKai-Regular.ttf"})
	if err != nil {
		t.Fatal(err)
	}
	if got := set.Face("title").Name; got != "LXGWWenKai-Regular" {
		t.Errorf("title face = %q", got)
	}
	out, _ := renderBytes(t, reference(t), Options{Format: PDF, Part: mustPart("table:1"), Fonts: set})
	if !strings.Contains(pdfObjects(t, out), "+LXGWWenKai-Regular") {
		t.Error("the overriding face is not embedded")
	}
	for _, bad := range [][]string{{"title"}, {"title=../go.mod"}, {"cover=../fonts/LXGWWenKai-Regular.ttf"}} {
		if _, err := OverrideFonts(bad); err == nil {
			t.Errorf("OverrideFonts(%q) succeeded", bad)
		}
	}
}

// TestProfileExamples renders the example of every profile as PDF and
// XLSX: a valid PDF whose text carries the profile's wording and
// figures at its scale, and a workbook whose table sheet does too.
func TestProfileExamples(t *testing.T) {
	for _, tt := range []struct {
		file string
		want []string // in the PDF's text and the workbook's cells
	}{
		{"minimal-self-assessment.json", []string{"项目资金（万元）", "48.50", "97.00%", "93.70"}},
		{"yuan-self-assessment.json", []string{"项目资金（元）", "1,287,654.32", "95.38%"}},
		{"integer-self-assessment.json", []string{"93%", "分值、得分均取整数"}},
		{"extended-columns-self-assessment.json", []string{"指标性质", "度量单位", "未完成原因分析", "财政专户管理资金", "单位资金", "评价结论", "单位负责人签批", "王晓明",
			"自评总分97.72分，等级为优"}}, // a text block's placeholders print the computed figures
		{"execution-20-self-assessment.json", []string{"预算执行率分值为20分"}},
	} {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile("../examples/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			// A text block with placeholders, which print computed figures.
			data = bytes.Replace(data, []byte("自评等级为优。"), []byte("自评总分{{总分}}分，等级为{{等级}}。"), 1)
			rep := evaluation.Evaluate(data, nil)
			if !rep.Valid() {
				t.Fatal(rep.Problems)
			}
			out, _ := renderBytes(t, rep, Options{Format: PDF, Findings: "appendix"})
			validatePDF(t, out)
			doc, err := render.Build(rep, render.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var text strings.Builder
			for _, p := range doc.Parts {
				for _, b := range p.Blocks {
					switch b := b.(type) {
					case render.Paragraph:
						text.WriteString(b.Text + "\n")
					case render.Table:
						for _, r := range b.Rows {
							for _, c := range r {
								text.WriteString(c.Text + "\n")
							}
						}
					}
				}
			}
			book, _ := renderBytes(t, rep, Options{Format: XLSX})
			f, err := excelize.OpenReader(bytes.NewReader(book))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			var cells strings.Builder
			for _, sheet := range f.GetSheetList()[1:] { // the table's sheet, after the 汇总
				rows, err := f.GetRows(sheet)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range rows {
					cells.WriteString(strings.Join(r, "\n") + "\n")
				}
			}
			for _, w := range tt.want {
				if !strings.Contains(text.String(), w) {
					t.Errorf("the document lacks %q", w)
				}
				if !strings.Contains(cells.String(), w) {
					t.Errorf("the workbook lacks %q", w)
				}
			}
		})
	}
}

func BenchmarkRenderTableOFD(b *testing.B) {
	rep := reference(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Render(context.Background(), &bytes.Buffer{}, rep, Options{Format: OFD, Part: mustPart("table:1")}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRenderReferenceOFD(b *testing.B) {
	rep := reference(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Render(context.Background(), &bytes.Buffer{}, rep, Options{Format: OFD}); err != nil {
			b.Fatal(err)
		}
	}
}

// mustPart parses a part option of a test.
func mustPart(s string) Part {
	p, err := ParsePart(s)
	if err != nil {
		panic(err)
	}
	return p
}
