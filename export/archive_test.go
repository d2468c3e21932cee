package export

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/render"
	"github.com/jixiao/jixiao/render/layout"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// validatePDF validates a PDF with pdfcpu and returns the configuration
// it used. The mode is relaxed, because the strict mode refuses the keys
// that ISO 19005-3 adds to PDF 1.7 (/AF, /AFRelationship) as keys of
// PDF 2.0; everything else it checks alike.
func validatePDF(t testing.TB, pdf []byte) *model.Configuration {
	t.Helper()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	if err := api.Validate(bytes.NewReader(pdf), conf); err != nil {
		t.Fatalf("pdfcpu validation: %v", err)
	}
	return conf
}

// pdfObjects returns the objects of a PDF as pdfcpu reads them, one a
// line, those in object streams too (without the streams' data), for
// the tests to look for what a PDF says.
func pdfObjects(t testing.TB, pdf []byte) string {
	t.Helper()
	ctx, err := api.ReadContext(bytes.NewReader(pdf), model.NewDefaultConfiguration())
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for n := 1; n < *ctx.XRefTable.Size; n++ {
		o, err := ctx.Dereference(*types.NewIndirectRef(n, 0))
		if err != nil {
			t.Fatalf("object %d: %v", n, err)
		}
		if o != nil {
			b.WriteString(o.PDFString())
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// needTool returns the path of a command line tool; in CI a missing
// tool fails the test, elsewhere it skips it.
func needTool(t testing.TB, name string) string {
	t.Helper()
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s not installed (scripts/ci-deps.sh installs it)", name)
	}
	t.Skipf("%s not installed", name)
	return ""
}

// run runs a tool and returns its standard output; it fails the test on
// an error.
func run(t testing.TB, name string, args ...string) string {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(needTool(t, name), args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, out, stderr.Bytes())
	}
	return string(out)
}

// archiveCases are the documents the archival checks look at: the
// reference disclosure, one table of it, and each profile's example.
func archiveCases(t *testing.T) map[string]struct {
	rep  *evaluation.Report
	part string
} {
	cases := map[string]struct {
		rep  *evaluation.Report
		part string
	}{}
	ref := reference(t)
	cases["reference"] = struct {
		rep  *evaluation.Report
		part string
	}{ref, ""}
	cases["table:1"] = struct {
		rep  *evaluation.Report
		part string
	}{ref, "table:1"}
	names, err := filepath.Glob("../examples/*-self-assessment.json")
	if err != nil || len(names) == 0 {
		t.Fatalf("no profile examples: %v", err)
	}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		rep := evaluation.Evaluate(data, nil)
		if !rep.Valid() {
			t.Fatalf("%s: %v", name, rep.Problems)
		}
		cases[filepath.Base(name)] = struct {
			rep  *evaluation.Report
			part string
		}{rep, ""}
	}
	return cases
}

// TestPDFArchival checks with poppler, exiftool and qpdf what a PDF/A-3a
// and PDF/UA-1 file must carry beyond its pages: tags, the XMP metadata
// in step with the document information, and the source data embedded.
func TestPDFArchival(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	for name, c := range archiveCases(t) {
		t.Run(name, func(t *testing.T) {
			part, err := ParsePart(c.part)
			if err != nil {
				t.Fatal(err)
			}
			out, _ := renderBytes(t, c.rep, Options{Format: PDF, Part: part})
			plan, err := NewPlan(c.rep, Options{Part: part})
			if err != nil {
				t.Fatal(err)
			}
			if err := plan.sourceLater()(); err != nil {
				t.Fatal(err)
			}
			checkArchival(t, out, plan.Document.Source)
		})
	}
}

// checkArchival checks with poppler, exiftool and qpdf a PDF that is to
// be PDF/A-3a and PDF/UA-1 with src embedded; it returns the file's path.
func checkArchival(t *testing.T, out, src []byte) string {
	t.Helper()
	dir := t.TempDir()
	f := filepath.Join(dir, "doc.pdf")
	if err := os.WriteFile(f, out, 0o644); err != nil {
		t.Fatal(err)
	}
	info := run(t, "pdfinfo", f)
	for _, want := range []string{"Metadata Stream: yes", "Tagged:          yes", "CreationDate:    Tue Nov 14 22:13:20 2023 UTC"} {
		if !strings.Contains(info, want) {
			t.Errorf("pdfinfo does not say %q:\n%s", want, info)
		}
	}
	title := regexp.MustCompile(`(?m)^Title:\s+(.*)$`).FindStringSubmatch(info)
	if title == nil {
		t.Fatalf("pdfinfo shows no title:\n%s", info)
	}
	var xmp []map[string]any
	if err := json.Unmarshal([]byte(run(t, "exiftool", "-j", "-XMP:all", "-G1", f)), &xmp); err != nil || len(xmp) != 1 {
		t.Fatalf("exiftool: %v", err)
	}
	for key, want := range map[string]any{
		"XMP-pdfaid:Part":        float64(3),
		"XMP-pdfaid:Conformance": "A",
		"XMP-pdfuaid:Part":       float64(1),
		"XMP-dc:Title":           title[1],
		"XMP-xmp:CreateDate":     "2023:11:14 22:13:20Z",
	} {
		if got := xmp[0][key]; got != want {
			t.Errorf("XMP %s = %v, want %v", key, got, want)
		}
	}
	if got := run(t, "qpdf", "--check", f); !strings.Contains(got, "No syntax or stream encoding errors") {
		t.Errorf("qpdf --check:\n%s", got)
	}
	if list := run(t, "pdfdetach", "-list", f); !strings.Contains(list, render.SourceName) {
		t.Fatalf("pdfdetach -list shows no %s:\n%s", render.SourceName, list)
	}
	saved := filepath.Join(dir, "data.json")
	run(t, "pdfdetach", "-save", "1", "-o", saved, f)
	data, err := os.ReadFile(saved)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, src) {
		t.Errorf("the embedded data (%d bytes) differ from the document's source (%d bytes)", len(data), len(src))
	}
	return f
}

// TestPDFPlain checks that a plain PDF is the same pages without the
// tags and the archival objects, and that both kinds are deterministic.
func TestPDFPlain(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	rep := reference(t)
	archival := []string{"StructTreeRoot", "MarkInfo", "Metadata", "OutputIntents", "AF", "Names"}
	for _, kind := range []PDFKind{PDFArchive, PDFPlain} {
		t.Run(string(kind), func(t *testing.T) {
			opts := Options{Format: PDF, Part: mustPart("table:1"), PDF: kind}
			out, _ := renderBytes(t, rep, opts)
			if again, _ := renderBytes(t, rep, opts); !bytes.Equal(out, again) {
				t.Errorf("two renders of the same input differ")
			}
			validatePDF(t, out)
			ctx, err := api.ReadContext(bytes.NewReader(out), model.NewDefaultConfiguration())
			if err != nil {
				t.Fatal(err)
			}
			root, err := ctx.Catalog()
			if err != nil {
				t.Fatal(err)
			}
			for _, key := range archival {
				if _, has := root[key]; has != (kind == PDFArchive) {
					t.Errorf("catalog has /%s: %v", key, has)
				}
			}
			if _, has := ctx.XRefTable.ID, ctx.XRefTable.ID != nil; has != (kind == PDFArchive) {
				t.Errorf("trailer has /ID: %v", has)
			}
			if kind == PDFPlain && bytes.Contains(out, []byte("BDC")) {
				t.Errorf("the plain PDF has marked content")
			}
		})
	}
}

// structText returns the text of the structure tree that pdfinfo
// -struct-text prints, in its order, the element types met, and the
// whole print with its white space runs made one space.
func structText(t *testing.T, f string) (text string, types map[string]int, printed string) {
	t.Helper()
	out := run(t, "pdfinfo", "-struct-text", f)
	types = map[string]int{}
	var b strings.Builder
	for _, line := range strings.Split(out, "\n") {
		s := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(s, `"`) && strings.HasSuffix(s, `"`) && len(s) >= 2:
			b.WriteString(s[1 : len(s)-1])
		case s != "" && !strings.HasPrefix(s, "/"):
			typ, _, _ := strings.Cut(s, " ")
			types[strings.TrimSuffix(typ, ":")]++
		}
	}
	return b.String(), types, strings.Join(strings.Fields(out), " ")
}

// noSpace drops white space.
func noSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\f' || r == '\u3000' {
			return -1
		}
		return r
	}, s)
}

// TestPDFStructureTree checks the tags with poppler: the structure tree
// holds the text pdftotext finds on the pages but for the page numbers,
// a self-assessment table is a Table of TR rows of TH and TD cells in
// row order, its labels header cells of their rows (TH, /Scope /Row) and
// its column heads of their columns, and a report has its headings,
// paragraphs and lists, each item's marker its Lbl.
func TestPDFStructureTree(t *testing.T) {
	ref := reference(t)
	ext, err := os.ReadFile("../examples/extended-columns-self-assessment.json")
	if err != nil {
		t.Fatal(err)
	}
	extRep := evaluation.Evaluate(ext, nil)
	for _, c := range []struct {
		name  string
		rep   *evaluation.Report
		part  string
		order []string // texts in reading order
		types []string // element types the tree has
		// elems are elements the tree has, as pdfinfo prints them:
		// the type, its attributes, its first text.
		elems []string
	}{
		{"table:1", ref, "table:1", []string{"项目支出绩效自评表", "项目名称", "金融整体综合运转经费项目", "主管部门", "项目资金", "年度资金总额", "104.30"},
			[]string{"Document", "H1", "Table", "TR", "TH", "TD"},
			[]string{
				`TH: /Scope /Row "项目名称"`, `TD: /ColSpan 8 "金融整体综合运转经费项目"`,
				`TH: /Scope /Row "主管部门"`, `TH: /Scope /Row "实施单位"`,
				`TH: /RowSpan 5 /Scope /Row "项目资金"`, `TH: /Scope /Column "年初预算数"`,
				`TH: /ColSpan 2 /Scope /Row "年度资金总额"`, `TD "104.30"`,
				`TH: /RowSpan 2 /Scope /Row "年度总体目标"`, `TH: /ColSpan 4 /Scope /Column "预期目标"`,
				`/Scope /Row "绩效指标"`, `TH: /Scope /Column "一级指标"`,
				`/Scope /Row "总分"`,
			}},
		{"extended-columns", extRep, "", nil, []string{"Document", "H1", "Table", "TR", "TH", "TD"},
			[]string{`TH: /Scope /Row "项目名称"`, `TH: /Scope /Row "主管部门"`}},
		{"department", ref, "department", []string{"部门概况", "1）起草本市", "2）指导、推动"},
			[]string{"Document", "H1", "H2", "H3", "P", "L", "LI", "Lbl", "LBody"},
			[]string{`LI (block) Lbl (block) "1）" LBody (block) "起草本市`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			part, err := ParsePart(c.part)
			if err != nil {
				t.Fatal(err)
			}
			out, st := renderBytes(t, c.rep, Options{Format: PDF, Part: part})
			f := filepath.Join(t.TempDir(), "doc.pdf")
			if err := os.WriteFile(f, out, 0o644); err != nil {
				t.Fatal(err)
			}
			tagged, types, printed := structText(t, f)
			tagged = noSpace(tagged)
			for _, el := range c.elems {
				if !strings.Contains(printed, el) {
					t.Errorf("no %s in the structure tree", el)
				}
			}
			for _, typ := range c.types {
				if types[typ] == 0 {
					t.Errorf("no %s element in the structure tree: %v", typ, types)
				}
			}
			// Every character pdftotext finds, but for the page numbers
			// ("— 1 —"), is in the structure tree.
			page := regexp.MustCompile(`—\s*\d+\s*—`)
			shown := noSpace(page.ReplaceAllString(run(t, "pdftotext", "-enc", "UTF-8", f, "-"), ""))
			have := map[rune]int{}
			for _, r := range tagged {
				have[r]++
			}
			var n, found int
			for _, r := range shown {
				n++
				if have[r] > 0 {
					have[r]--
					found++
				}
			}
			if n == 0 || float64(found) < 0.995*float64(n) {
				t.Errorf("the structure tree holds %d of the %d characters on the %d pages", found, n, st.Pages)
			}
			if page.MatchString(tagged) || strings.Contains(tagged, "—1—") {
				t.Error("a page number is in the structure tree")
			}
			at := 0
			for _, s := range c.order {
				i := strings.Index(tagged[at:], s)
				if i < 0 {
					t.Fatalf("%q is not in the structure tree after %q", s, tagged[max(0, at-30):at])
				}
				at += i + len(s)
			}
		})
	}
}

// pdfjsDir is where scripts/ci-deps.sh installs pdfjs-dist.
func pdfjsDir(t *testing.T) string {
	t.Helper()
	cache, err := os.UserCacheDir()
	if err == nil {
		dir := filepath.Join(cache, "jixiao", "lib", "pdfjs-dist")
		if _, err = os.Stat(filepath.Join(dir, "legacy", "build", "pdf.mjs")); err == nil {
			return dir
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("pdfjs-dist is not installed (scripts/ci-deps.sh installs it): %v", err)
	}
	t.Skipf("pdfjs-dist is not installed: %v", err)
	return ""
}

// TestPDFJSStructTree reads the tags of the reference, of its table 1
// and of each profile's example with pdf.js, as Firefox's
// accessibility layer does, page by page: every page has a structure
// tree; the text its elements reach covers at least 99.5% of the
// characters pdftotext finds on the page that are not artifacts, and no
// page number; the artifacts are what the layout made artifacts, and no
// text is outside marked content; every page that shows table cells has
// a Table of TR rows, its cells (TH, TD) the layout's, in row order.
func TestPDFJSStructTree(t *testing.T) {
	lib := pdfjsDir(t)
	node := needTool(t, "node")
	for name, c := range archiveCases(t) {
		t.Run(name, func(t *testing.T) {
			part, err := ParsePart(c.part)
			if err != nil {
				t.Fatal(err)
			}
			plan, err := NewPlan(c.rep, Options{Format: PDF, Part: part})
			if err != nil {
				t.Fatal(err)
			}
			res, err := plan.Pages(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			if _, err := Write(context.Background(), &out, plan, PDF); err != nil {
				t.Fatal(err)
			}
			f := filepath.Join(t.TempDir(), "doc.pdf")
			if err := os.WriteFile(f, out.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			pages := pdfjsPages(t, node, lib, f)
			if len(pages) != len(res.Pages) {
				t.Fatalf("pdf.js reads %d pages, the layout has %d", len(pages), len(res.Pages))
			}
			// pdftotext ends each page with a form feed.
			shown := strings.Split(run(t, "pdftotext", "-enc", "UTF-8", f, "-"), "\f")
			if len(shown) < len(pages) {
				t.Fatalf("pdftotext finds %d pages, pdf.js %d", len(shown), len(pages))
			}
			worst, tables := 1.0, 0
			for i, p := range pages {
				lp := &res.Pages[i]
				if !p.Tree {
					t.Errorf("page %d: pdf.js finds no structure tree", i+1)
					continue
				}
				if p.Reached != p.Marked {
					t.Errorf("page %d: the tree reaches %d of the %d marked-content sequences", i+1, p.Reached, p.Marked)
				}
				if u := noSpace(p.Untagged); u != "" {
					t.Errorf("page %d: text outside marked content: %q", i+1, u)
				}
				if got, want := sortedRunes(p.Artifact), sortedRunes(layoutText(res, lp, 0)); got != want {
					t.Errorf("page %d: artifacts %q, the layout's %q", i+1, noSpace(p.Artifact), layoutText(res, lp, 0))
				}
				tagged := noSpace(p.Tagged)
				if pageNumber.MatchString(tagged) || strings.Contains(tagged, fmt.Sprintf("—%d—", lp.Number)) {
					t.Errorf("page %d: a page number is in the structure tree", i+1)
				}
				cover := coverage(tagged, noSpace(shown[i]), noSpace(p.Artifact))
				worst = min(worst, cover)
				if cover < 0.995 {
					t.Errorf("page %d: the structure tree holds %.4f of the page's characters", i+1, cover)
				}
				want := layoutCells(res, lp)
				if len(want) > 0 {
					tables++
					for _, role := range []string{"Table", "TR"} {
						if p.Roles[role] == 0 {
							t.Errorf("page %d shows table cells, but pdf.js finds no %s: %v", i+1, role, p.Roles)
						}
					}
				}
				var got []string
				for _, cell := range p.Cells {
					if typ, text, _ := strings.Cut(cell, "|"); noSpace(text) != "" {
						got = append(got, typ+"|"+noSpace(text))
					}
				}
				if !slices.Equal(got, want) {
					t.Errorf("page %d: cells\n%q\nwant, in row order,\n%q", i+1, got, want)
				}
			}
			t.Logf("%d pages, %d with tables; the least covered page: %.4f", len(pages), tables, worst)
			if tables == 0 {
				t.Error("no page with a table")
			}
		})
	}
}

// pageNumber matches a page number as the page prints it.
var pageNumber = regexp.MustCompile(`—\s*\d+\s*—`)

// pdfjsPage is what structtree.mjs reads of a page.
type pdfjsPage struct {
	Tree  bool
	Roles map[string]int
	// Tagged is the text the structure tree reaches, in its order;
	// Artifact the text marked as artifacts; Untagged the text in no
	// marked content.
	Tagged, Artifact, Untagged string
	// Cells are the table cells, "TH|text" or "TD|text", in tree order.
	Cells []string
	// Marked counts the marked-content sequences with an MCID, Reached
	// those the tree reaches.
	Marked, Reached int
}

func pdfjsPages(t *testing.T, node, lib, f string) []pdfjsPage {
	t.Helper()
	cmd := exec.Command(node, "testdata/structtree.mjs", f)
	cmd.Env = append(os.Environ(), "PDFJS="+lib)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	got, err := cmd.Output()
	if err != nil {
		t.Fatalf("node structtree.mjs: %v\n%s", err, stderr.Bytes())
	}
	// pdf.js prints its warnings (no canvas package, which reading the
	// tags does not need) on standard output too: the answer is the
	// last line.
	lines := strings.Split(strings.TrimSpace(string(got)), "\n")
	var pages []pdfjsPage
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &pages); err != nil {
		t.Fatalf("%v: %.200s", err, lines[len(lines)-1])
	}
	return pages
}

// coverage is the share of the characters of shown, less those of
// artifacts, that tagged holds (each character counted as often as it
// occurs).
func coverage(tagged, shown, artifacts string) float64 {
	have := map[rune]int{}
	for _, r := range tagged {
		have[r]++
	}
	skip := map[rune]int{}
	for _, r := range artifacts {
		skip[r]++
	}
	var n, found int
	for _, r := range shown {
		if skip[r] > 0 {
			skip[r]--
			continue
		}
		n++
		if have[r] > 0 {
			have[r]--
			found++
		}
	}
	if n == 0 {
		return 1
	}
	return float64(found) / float64(n)
}

// layoutText is the text of the runs of element elem on page pg.
func layoutText(res *layout.Result, pg *layout.Page, elem int) string {
	var b strings.Builder
	for _, r := range pg.Runs {
		if r.Elem == elem {
			b.WriteString(r.Text)
		}
	}
	return noSpace(b.String())
}

// layoutCells are the table cells the layout sets on pg, "TH|text" or
// "TD|text", in the order of the document's elements: row by row.
func layoutCells(res *layout.Result, pg *layout.Page) []string {
	text := map[int]string{}
	for _, r := range pg.Runs {
		if typ := res.Elems[r.Elem].Type; r.Elem > 0 && (typ == "TD" || typ == "TH") {
			text[r.Elem] += r.Text
		}
	}
	var cells []string
	for i, el := range res.Elems {
		if s := noSpace(text[i]); s != "" {
			cells = append(cells, el.Type+"|"+s)
		}
	}
	return cells
}

// sortedRunes is s without white space, its characters sorted.
func sortedRunes(s string) string {
	rs := []rune(noSpace(s))
	slices.Sort(rs)
	return string(rs)
}
