package ofd_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path"
	"strconv"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/fonts"
	"github.com/jixiao/jixiao/render"
	"github.com/jixiao/jixiao/render/layout"
	"github.com/jixiao/jixiao/render/ofd"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"golang.org/x/image/font/sfnt"
)

// order lists, for the elements the writer produces, the order of their
// children in the schema of GB/T 33190-2016 (xs:sequence).
var order = map[string][]string{
	"OFD":         {"DocBody"},
	"DocBody":     {"DocInfo", "DocRoot", "Versions", "Signatures"},
	"DocInfo":     {"DocID", "Title", "Author", "Subject", "Abstract", "CreationDate", "ModDate", "DocUsage", "Cover", "Keywords", "Creator", "CreatorVersion", "CustomDatas"},
	"Document":    {"CommonData", "Pages", "Outlines", "Permissions", "Actions", "VPreferences", "Bookmarks", "Annotations", "Attachments", "CustomTags", "Extensions"},
	"CommonData":  {"MaxUnitID", "PageArea", "PublicRes", "DocumentRes", "TemplatePage", "DefaultCS"},
	"Page":        {"Template", "PageRes", "Area", "Content", "Actions"},
	"Area":        {"PhysicalBox", "ApplicationBox", "ContentBox", "BleedBox"},
	"PageArea":    {"PhysicalBox", "ApplicationBox", "ContentBox", "BleedBox"},
	"TextObject":  {"Actions", "Clips", "FillColor", "StrokeColor", "CGTransform", "TextCode"},
	"PathObject":  {"Actions", "Clips", "StrokeColor", "FillColor", "AbbreviatedData"},
	"OutlineElem": {"Actions", "OutlineElem"},
	"Action":      {"Region", "Goto", "URI", "GotoA", "Sound", "Movie"},
	"Res":         {"ColorSpaces", "DrawParams", "Fonts", "MultiMedias", "CompositeGraphicUnits"},
	"Font":        {"FontFile"},
}

func checkOrder(t *testing.T, where string, e *elem) {
	if seq, ok := order[e.Name]; ok {
		last := -1
		for _, c := range e.Children {
			i := indexOf(seq, c.Name)
			if i < 0 {
				// CGTransform and TextCode may alternate; nothing else
				// is expected.
				t.Errorf("%s: %s has an unexpected child %s", where, e.Name, c.Name)
				continue
			}
			if i < last && !(e.Name == "TextObject" && c.Name == "CGTransform") {
				t.Errorf("%s: in %s, %s comes after %s", where, e.Name, c.Name, seq[last])
			}
			last = i
		}
	}
	for _, c := range e.Children {
		checkOrder(t, where, c)
	}
}

func indexOf(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// TestPackage checks the package as a reader would: every referenced
// entry exists, IDs are unique and at most MaxUnitID, elements come in the
// schema's order, every character of every TextCode has a glyph in the
// font it names, the text of each page equals the PDF page's text, and the
// outline is the PDF's.
func TestPackage(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	rep := reference(t)
	for _, part := range []string{"all", "department", "project:1", "table:1"} {
		t.Run(part, func(t *testing.T) {
			data := renderTo(t, rep, export.OFD, part)
			pdf := renderTo(t, rep, export.PDF, part)
			p := openPackage(t, data)
			checkDates(t, data)

			// Document information.
			info := p.root.child("DocBody").child("DocInfo")
			for name, want := range map[string]string{"Author": rep.Disclosure.Department, "CreationDate": "2023-11-14", "Creator": "Jixiao"} {
				if c := info.child(name); c == nil || c.Text != want {
					t.Errorf("DocInfo/%s = %v, want %q", name, c, want)
				}
			}
			if c := info.child("Title"); c == nil || c.Text == "" {
				t.Errorf("DocInfo/Title = %v", c)
			}
			if c := info.child("DocID"); c == nil || len(c.Text) != 32 {
				t.Errorf("DocInfo/DocID = %v, want 32 hexadecimal digits", c)
			}
			if box := p.document.child("CommonData").child("PageArea").child("PhysicalBox").Text; box != "0 0 210 297" {
				t.Errorf("PageArea = %q, want A4 in millimetres", box)
			}

			// Element order, in every XML entry.
			for name, b := range p.files {
				if strings.HasSuffix(name, ".xml") {
					checkOrder(t, name, parseXML(t, name, b))
				}
			}

			// IDs.
			for id := range p.ids {
				n, err := strconv.Atoi(id)
				if err != nil || n < 1 || n > p.maxID {
					t.Errorf("ID %q is not in 1..MaxUnitID (%d)", id, p.maxID)
				}
			}
			pageIDs := map[string]int{}
			for i, pg := range p.pages {
				pageIDs[pg.ID] = i
			}

			// Every entry is referenced: no stray files.
			referenced := map[string]bool{"OFD.xml": true, "Doc_0/Document.xml": true, "Doc_0/PublicRes.xml": true}
			for _, pg := range p.pages {
				referenced[pg.Loc] = true
			}
			for _, f := range p.fonts {
				referenced[f.File] = true
			}
			// The source data, attached (Attachments.xml, relative to
			// Document.xml; its FileLoc relative to itself).
			if list := p.document.child("Attachments"); list == nil {
				t.Error("Document.xml names no Attachments")
			} else {
				loc := path.Join("Doc_0", list.Text)
				referenced[loc] = true
				b, ok := p.files[loc]
				if !ok {
					t.Fatalf("no %s in the package", loc)
				}
				att := parseXML(t, loc, b).child("Attachment")
				if att == nil || att.Attr["Name"] != render.SourceName || att.Attr["ID"] == "" {
					t.Fatalf("%s: attachment %v, want %s", loc, att, render.SourceName)
				}
				if n, err := strconv.Atoi(att.Attr["ID"]); err != nil || n < 1 || n > p.maxID || p.ids[att.Attr["ID"]] != "" {
					t.Errorf("attachment ID %q is not a fresh ID in 1..MaxUnitID (%d)", att.Attr["ID"], p.maxID)
				}
				data := path.Join(path.Dir(loc), att.child("FileLoc").Text)
				referenced[data] = true
				var d map[string]any
				if err := json.Unmarshal(p.files[data], &d); err != nil || d["department"] == nil {
					t.Errorf("%s is not the disclosure: %v", data, err)
				}
			}
			for name := range p.files {
				if !referenced[name] {
					t.Errorf("entry %s is referenced from nowhere", name)
				}
			}

			// Glyphs: each TextCode's characters in the font it names.
			parsed := map[string]*sfnt.Font{}
			for id, f := range p.fonts {
				sf, err := sfnt.Parse(p.files[f.File])
				if err != nil {
					t.Fatalf("font %s (%s): %v", id, f.Name, err)
				}
				parsed[id] = sf
			}
			var buf sfnt.Buffer
			pdfTexts := pdfPageTexts(t, pdf)
			if len(pdfTexts) != len(p.pages) {
				t.Fatalf("OFD has %d pages, the PDF %d", len(p.pages), len(pdfTexts))
			}
			for i, pg := range p.pages {
				for _, tc := range pg.texts(t) {
					sf, ok := parsed[tc.Font]
					if !ok {
						t.Errorf("%s: font %s is not a resource", pg.Loc, tc.Font)
						continue
					}
					rs := []rune(tc.Text)
					if len(tc.Deltas) != len(rs)-1 {
						t.Errorf("%s: %q has %d DeltaX values", pg.Loc, tc.Text, len(tc.Deltas))
					}
					for _, r := range rs {
						if x, err := sf.GlyphIndex(&buf, r); err != nil || x == 0 {
							t.Errorf("%s: %q (%U) has no glyph in font %s", pg.Loc, r, r, p.fonts[tc.Font].Name)
						}
					}
				}
				if got := pg.pageText(t); got != pdfTexts[i] {
					t.Errorf("page %d: OFD text differs from the PDF's:\n ofd %s\n pdf %s", i+1, got, pdfTexts[i])
				}
			}

			// The outline: the PDF's bookmarks, same titles, nesting and
			// pages.
			bms, err := api.Bookmarks(bytes.NewReader(pdf), model.NewDefaultConfiguration())
			if err != nil {
				t.Fatal(err)
			}
			var want, got []string
			var flatPDF func([]pdfcpu.Bookmark, int)
			flatPDF = func(bs []pdfcpu.Bookmark, depth int) {
				for _, b := range bs {
					want = append(want, fmt.Sprintf("%d %s p%d", depth, b.Title, b.PageFrom))
					flatPDF(b.Kids, depth+1)
				}
			}
			flatPDF(bms, 0)
			var flatOFD func(*elem, int)
			flatOFD = func(e *elem, depth int) {
				for _, c := range e.Children {
					if c.Name != "OutlineElem" {
						continue
					}
					dest := c.child("Actions").child("Action").child("Goto").child("Dest")
					n, ok := pageIDs[dest.Attr["PageID"]]
					if !ok {
						t.Errorf("outline %q: PageID %s is not a page", c.Attr["Title"], dest.Attr["PageID"])
					}
					got = append(got, fmt.Sprintf("%d %s p%d", depth, c.Attr["Title"], n+1))
					flatOFD(c, depth+1)
				}
			}
			if o := p.document.child("Outlines"); o != nil {
				flatOFD(o, 0)
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("outline differs from the PDF's:\n ofd %q\n pdf %q", got, want)
			}
		})
	}
}

// laidOut builds and lays out the whole of rep, as export does.
func laidOut(t *testing.T, rep *evaluation.Report) (*render.Document, *layout.Result) {
	t.Helper()
	doc, err := render.Build(rep, render.Options{Part: "all"})
	if err != nil {
		t.Fatal(err)
	}
	fs, err := fonts.Default()
	if err != nil {
		t.Fatal(err)
	}
	res, err := layout.Do(context.Background(), doc, &rep.Profile.Layout, fs, layout.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return doc, res
}

// TestGlyphPositions checks that every glyph stands where the layout, and
// so the PDF, put it: TextCode's origin plus the DeltaX offsets against
// the layout's run origin plus the advances, to the micrometre.
func TestGlyphPositions(t *testing.T) {
	rep := reference(t)
	doc, res := laidOut(t, rep)
	var buf bytes.Buffer
	if err := ofd.Write(context.Background(), &buf, doc, res, ofd.Options{}); err != nil {
		t.Fatal(err)
	}
	p := openPackage(t, buf.Bytes())
	const mmPerPt = 25.4 / 72
	checked := 0
	for i, pg := range p.pages {
		// Each run is a text code, in order; an object holds codes of
		// one face and size.
		var runs []layout.Run
		for _, r := range res.Pages[i].Runs {
			if r.Text != "" {
				runs = append(runs, r)
			}
		}
		type placed struct{ obj, code *elem }
		var codes []placed
		for _, o := range pg.Content.all("TextObject") {
			for _, tc := range o.all("TextCode") {
				codes = append(codes, placed{o, tc})
			}
		}
		if len(codes) != len(runs) {
			t.Fatalf("page %d: %d text codes for %d runs", i+1, len(codes), len(runs))
		}
		for j, c := range codes {
			run, o, tc := runs[j], c.obj, c.code
			if tc.Text != run.Text {
				t.Fatalf("page %d: text %q, want %q", i+1, tc.Text, run.Text)
			}
			box := strings.Fields(o.Attr["Boundary"])
			bx, _ := strconv.ParseFloat(box[0], 64)
			by, _ := strconv.ParseFloat(box[1], 64)
			x0, _ := strconv.ParseFloat(tc.Attr["X"], 64)
			y0, _ := strconv.ParseFloat(tc.Attr["Y"], 64)
			if d := math.Abs(by + y0 - run.Y*mmPerPt); d > 0.0011 {
				t.Errorf("page %d: %q baseline off by %.4f mm", i+1, run.Text, d)
			}
			size, _ := strconv.ParseFloat(o.Attr["Size"], 64)
			if math.Abs(size-run.Size*mmPerPt) > 0.0006 {
				t.Errorf("page %d: %q size %v mm, want %.4f", i+1, run.Text, size, run.Size*mmPerPt)
			}
			if f := p.fonts[o.Attr["Font"]].Name; f != run.Face.Name {
				t.Errorf("page %d: %q in font %q, want %q", i+1, run.Text, f, run.Face.Name)
			}
			deltas, _ := expandDeltas(tc.Attr["DeltaX"])
			x := run.X
			at := bx + x0
			for k, r := range []rune(run.Text) {
				if k > 0 {
					at += deltas[k-1]
				}
				if d := math.Abs(at - x*mmPerPt); d > 0.0011 {
					t.Errorf("page %d: %q glyph %d off by %.4f mm", i+1, run.Text, k, d)
					break
				}
				x += float64(run.Face.Advance(r))*run.Size/float64(run.Face.UnitsPerEm()) + run.CharSpacing
				checked++
			}
		}
	}
	if checked < 10000 {
		t.Errorf("checked only %d glyphs", checked)
	}
}

func TestDeterministic(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	a := renderTo(t, reference(t), export.OFD, "all")
	b := renderTo(t, reference(t), export.OFD, "all")
	if !bytes.Equal(a, b) {
		t.Error("two renders of the same input differ")
	}
	// The creation date follows SOURCE_DATE_EPOCH.
	t.Setenv("SOURCE_DATE_EPOCH", "1800000000")
	c := renderTo(t, reference(t), export.OFD, "table:1")
	if d := openPackage(t, c).root.child("DocBody").child("DocInfo").child("CreationDate").Text; d != "2027-01-15" {
		t.Errorf("CreationDate = %s", d)
	}
}

// TestMissingGlyph: a character no face has gets the same finding as for
// the PDF and is drawn as the font's missing glyph, as in the PDF.
func TestMissingGlyph(t *testing.T) {
	data, err := os.ReadFile("../../examples/beijing-finance-2021.json")
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.Replace(data, []byte("金融整体综合运转经费项目"), []byte("金融整体综合运转经费项目😀"), 1)
	rep := evaluation.Evaluate(data, nil)
	before := len(rep.Findings)
	if err := export.CheckGlyphs(rep, nil); err != nil {
		t.Fatal(err)
	}
	if got := rep.Findings[before:]; len(got) != 1 || got[0].Code != export.FindingMissingGlyph || got[0].Declared != "😀" {
		t.Errorf("findings %+v", got)
	}
	p := openPackage(t, renderTo(t, rep, export.OFD, "table:1"))
	found := false
	for _, pg := range p.pages {
		for _, tc := range pg.texts(t) {
			if strings.Contains(tc.Text, "😀") {
				found = true
				sf, err := sfnt.Parse(p.files[p.fonts[tc.Font].File])
				if err != nil {
					t.Fatal(err)
				}
				if x, _ := sf.GlyphIndex(&sfnt.Buffer{}, '😀'); x != 0 {
					t.Errorf("the emoji has glyph %d", x)
				}
			}
		}
	}
	if !found {
		t.Error("the emoji is not in the text")
	}
}

// cancelAfter cancels its context once n bytes have been written to it.
type cancelAfter struct {
	n      int
	cancel context.CancelFunc
}

func (w *cancelAfter) Write(b []byte) (int, error) {
	if w.n -= len(b); w.n <= 0 {
		w.cancel()
	}
	return len(b), nil
}

// TestWriteCanceledMidway: a document canceled while its pages are being
// written stops with the cancellation, soon after it, not at its end.
func TestWriteCanceledMidway(t *testing.T) {
	rep := reference(t)
	doc, res := laidOut(t, rep)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := &cancelAfter{n: 50_000, cancel: cancel}
	if err := ofd.Write(ctx, w, doc, res, ofd.Options{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want the cancellation", err)
	}
	if w.n < -300_000 {
		t.Errorf("wrote %d bytes past the cancellation", -w.n)
	}
}

// checkDates fails an entry of the package whose MS-DOS date has month 0
// (1980-00-00), which archivers refuse: what an undated entry got.
func checkDates(t *testing.T, data []byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if month := f.ModifiedDate >> 5 & 0xf; month < 1 || month > 12 {
			t.Errorf("%s: dated %#x, month %d", f.Name, f.ModifiedDate, month)
		}
	}
}
