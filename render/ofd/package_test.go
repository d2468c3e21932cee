package ofd_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"strconv"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
)

// This file reads an OFD package back independently of the writer: a
// generic XML walk over the entries, resolving every reference the way
// GB/T 33190 defines it.

func reference(t testing.TB) *evaluation.Report {
	t.Helper()
	return example(t, "../../examples/beijing-finance-2021.json")
}

// example evaluates an example on the profile it names.
func example(t testing.TB, path string) *evaluation.Report {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rep := evaluation.Evaluate(data, nil)
	if !rep.Valid() {
		t.Fatal(rep.Problems)
	}
	return rep
}

func renderTo(t testing.TB, rep *evaluation.Report, format *export.Format, part string) []byte {
	t.Helper()
	var buf bytes.Buffer
	o, err := export.Query{Part: part}.Options()
	if err != nil {
		t.Fatal(err)
	}
	o.Format = format
	st, err := export.Render(context.Background(), &buf, rep, o)
	if err != nil {
		t.Fatal(err)
	}
	if st.Bytes != int64(buf.Len()) {
		t.Errorf("Stats.Bytes = %d, wrote %d", st.Bytes, buf.Len())
	}
	return buf.Bytes()
}

// elem is a parsed XML element.
type elem struct {
	Name     string // local name; the namespace is checked when parsing
	Attr     map[string]string
	Text     string
	Children []*elem
}

func (e *elem) all(name string) []*elem {
	var out []*elem
	var walk func(*elem)
	walk = func(x *elem) {
		for _, c := range x.Children {
			if c.Name == name {
				out = append(out, c)
			}
			walk(c)
		}
	}
	walk(e)
	return out
}

func (e *elem) child(name string) *elem {
	for _, c := range e.Children {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// parseXML parses data, checking that every element is in the OFD
// namespace.
func parseXML(t testing.TB, name string, data []byte) *elem {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	var stack []*elem
	var root *elem
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Space != "http://www.ofdspec.org/2016" {
				t.Errorf("%s: element %s in namespace %q", name, tok.Name.Local, tok.Name.Space)
			}
			e := &elem{Name: tok.Name.Local, Attr: map[string]string{}}
			for _, a := range tok.Attr {
				if a.Name.Space == "" {
					e.Attr[a.Name.Local] = a.Value
				}
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.Children = append(p.Children, e)
			} else {
				root = e
			}
			stack = append(stack, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].Text += string(tok)
			}
		}
	}
	return root
}

// pkg is an OFD package as a reader sees it.
type pkg struct {
	files    map[string][]byte
	root     *elem // OFD.xml
	document *elem
	maxID    int
	pages    []pkgPage
	fonts    map[string]pkgFont // by ID
	ids      map[string]string  // ID → the entry that declares it
	outlines []*elem
}

type pkgPage struct {
	ID, Loc string
	Content *elem
}

type pkgFont struct {
	Name, File string
}

func openPackage(t testing.TB, data []byte) *pkg {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	p := &pkg{files: map[string][]byte{}, fonts: map[string]pkgFont{}, ids: map[string]string{}}
	for _, f := range zr.File {
		b, err := fs.ReadFile(zr, f.Name)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		p.files[f.Name] = b
	}
	get := func(name string) *elem {
		t.Helper()
		b, ok := p.files[name]
		if !ok {
			t.Fatalf("the package has no %s", name)
		}
		e := parseXML(t, name, b)
		p.collectIDs(t, name, e)
		return e
	}
	p.root = get("OFD.xml")
	if p.root.Name != "OFD" || p.root.Attr["Version"] == "" || p.root.Attr["DocType"] != "OFD-A" {
		t.Errorf("OFD.xml root: %s %v", p.root.Name, p.root.Attr)
	}
	body := p.root.child("DocBody")
	if body == nil || body.child("DocRoot") == nil {
		t.Fatal("OFD.xml has no DocBody/DocRoot")
	}
	docLoc := strings.TrimPrefix(body.child("DocRoot").Text, "/")
	docDir := path.Dir(docLoc)
	p.document = get(docLoc)
	cd := p.document.child("CommonData")
	if cd == nil || cd.child("MaxUnitID") == nil || cd.child("PageArea") == nil {
		t.Fatal("Document.xml has no CommonData with MaxUnitID and PageArea")
	}
	if p.maxID, err = strconv.Atoi(cd.child("MaxUnitID").Text); err != nil {
		t.Fatalf("MaxUnitID: %v", err)
	}
	for _, pr := range cd.all("PublicRes") {
		resLoc := path.Join(docDir, pr.Text)
		res := get(resLoc)
		base := path.Join(path.Dir(resLoc), res.Attr["BaseLoc"])
		for _, f := range res.all("Font") {
			file := path.Join(base, f.child("FontFile").Text)
			if _, ok := p.files[file]; !ok {
				t.Errorf("font %s: no file %s", f.Attr["ID"], file)
			}
			p.fonts[f.Attr["ID"]] = pkgFont{Name: f.Attr["FontName"], File: file}
		}
	}
	for _, pg := range p.document.child("Pages").all("Page") {
		loc := path.Join(docDir, pg.Attr["BaseLoc"])
		p.pages = append(p.pages, pkgPage{ID: pg.Attr["ID"], Loc: loc, Content: get(loc)})
	}
	if o := p.document.child("Outlines"); o != nil {
		p.outlines = o.all("OutlineElem")
	}
	return p
}

// collectIDs records the ID attributes of the elements of one entry: an
// ID is unique in the whole document (GB/T 33190 §7.5, ST_ID). Pages
// take theirs in Document.xml's page list.
func (p *pkg) collectIDs(t testing.TB, name string, e *elem) {
	if id, ok := e.Attr["ID"]; ok {
		if prev, dup := p.ids[id]; dup {
			t.Errorf("ID %s declared in %s and again in %s", id, prev, name)
		}
		p.ids[id] = name
	}
	for _, c := range e.Children {
		p.collectIDs(t, name, c)
	}
}

// textCode is one TextCode: its font resource, characters and the
// positions DeltaX gives them.
type textCode struct {
	Font, Text string
	Deltas     []float64
}

// texts returns the page's text codes in painting order.
func (pg pkgPage) texts(t testing.TB) []textCode {
	var out []textCode
	for _, to := range pg.Content.all("TextObject") {
		for _, tc := range to.all("TextCode") {
			d, err := expandDeltas(tc.Attr["DeltaX"])
			if err != nil {
				t.Errorf("%s: TextObject %s: DeltaX: %v", pg.Loc, to.Attr["ID"], err)
			}
			out = append(out, textCode{Font: to.Attr["Font"], Text: tc.Text, Deltas: d})
		}
	}
	return out
}

// pageText is the page's characters in order, whitespace removed.
func (pg pkgPage) pageText(t testing.TB) string {
	var b strings.Builder
	for _, tc := range pg.texts(t) {
		b.WriteString(tc.Text)
	}
	return stripSpace(b.String())
}

// expandDeltas reads an ST_Array of offsets with the "g N d" repetition
// of GB/T 33190 §11.3.
func expandDeltas(s string) ([]float64, error) {
	f := strings.Fields(s)
	var out []float64
	for i := 0; i < len(f); i++ {
		if f[i] == "g" {
			if i+2 >= len(f) {
				return nil, strconv.ErrSyntax
			}
			n, err := strconv.Atoi(f[i+1])
			if err != nil {
				return nil, err
			}
			v, err := strconv.ParseFloat(f[i+2], 64)
			if err != nil {
				return nil, err
			}
			for range n {
				out = append(out, v)
			}
			i += 2
			continue
		}
		v, err := strconv.ParseFloat(f[i], 64)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func stripSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\f' || r == '\u3000' || r == '\u00a0' {
			return -1
		}
		return r
	}, s)
}

// needTool returns the path of a command line tool; in CI a missing tool
// fails the test, elsewhere it skips it.
func needTool(t testing.TB, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s not installed (scripts/ci-deps.sh installs it)", names[0])
	}
	t.Skipf("%s not installed", names[0])
	return ""
}

// pdfPageTexts extracts each page's text from a PDF with pdftotext, in
// content-stream order, whitespace removed.
func pdfPageTexts(t testing.TB, pdf []byte) []string {
	t.Helper()
	bin := needTool(t, "pdftotext")
	f := path.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-raw", "-enc", "UTF-8", f, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(string(out), "\f")
	if len(pages) > 0 && strings.TrimSpace(pages[len(pages)-1]) == "" {
		pages = pages[:len(pages)-1]
	}
	for i := range pages {
		pages[i] = stripSpace(pages[i])
	}
	return pages
}
