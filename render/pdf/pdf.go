// Package pdf paints a laid-out document (render/layout) with gopdf: it
// embeds and subsets the fonts, draws each run and rule where the layout
// put it, and adds the outline and document information. It makes no
// layout decisions of its own.
package pdf

import (
	"compress/zlib"
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"slices"
	"sync"
	"time"

	"github.com/jixiao/jixiao/fonts"
	"github.com/jixiao/jixiao/internal/ctxio"
	"github.com/jixiao/jixiao/render"
	"github.com/jixiao/jixiao/render/layout"
	"github.com/signintech/gopdf"
	"github.com/signintech/gopdf/fontmaker/core"
)

// containers caches one gopdf font per face, shared by concurrent
// renders (gopdf only reads a container when adding it). gopdf does not
// parse the font: it is given the face's prepared tables (prepared).
var containers sync.Map // *fonts.Face → *faceContainer

type faceContainer struct {
	once sync.Once
	fc   *gopdf.FontContainer
	err  error
}

func container(f *fonts.Face) (*gopdf.FontContainer, error) {
	v, _ := containers.LoadOrStore(f, &faceContainer{})
	c := v.(*faceContainer)
	c.once.Do(func() {
		c.fc = &gopdf.FontContainer{}
		c.err = c.fc.AddPreparedTTFFont(subsetName(f), f.Data, prepared(f))
	})
	return c.fc, c.err
}

// prepared gives gopdf the figures and character map of f that it would
// otherwise parse from the font.
func prepared(f *fonts.Face) core.Prepared {
	m := f.Metrics()
	return core.Prepared{
		UnitsPerEm: uint(m.UnitsPerEm),
		XMin:       int(m.XMin), YMin: int(m.YMin), XMax: int(m.XMax), YMax: int(m.YMax),
		IndexToLocFormat: int(m.IndexToLocFormat),
		NumberOfHMetrics: uint(m.NumberOfHMetrics),
		Ascender:         int(m.Ascender), Descender: int(m.Descender),
		NumGlyphs:    uint(m.NumGlyphs),
		OS2Version:   uint(m.OS2Version),
		TypoAscender: int(m.TypoAscender), TypoDescender: int(m.TypoDescender),
		WinAscent: uint(m.WinAscent), WinDescent: uint(m.WinDescent),
		XHeight: int(m.XHeight), CapHeight: int(m.CapHeight),
		ItalicAngle:       int(m.ItalicAngle),
		UnderlinePosition: int(m.UnderlinePosition), UnderlineThickness: int(m.UnderlineThickness),
		GlyphIndex: func(r rune) (uint, bool) {
			g, ok := f.GlyphIndex(r)
			return uint(g), ok
		},
	}
}

// SkippedKey is the entry of the document information dictionary that
// lists the parts left out of the document (render.SkippedText).
const SkippedKey = "JixiaoSkipped"

// Options are how a PDF is written.
type Options struct {
	// Created dates the document (its information, metadata and
	// embedded data); zero leaves it undated, so that two renders of the
	// same input give the same bytes. See SOURCE_DATE_EPOCH in docs.
	Created time.Time
	// Plain writes an untagged PDF without the archival objects (XMP
	// metadata, output intent, embedded source data, file identifier):
	// the smallest file, for previews and for programs that rewrite
	// PDFs anyway.
	Plain bool
}

// Write paints res as a PDF to w: a PDF/A-3 file with its metadata,
// output intent and doc's source data embedded, unless opts.Plain. doc
// supplies the document information. It checks ctx before each page and each write
// of the output, and returns its error once it is done.
func Write(ctx context.Context, w io.Writer, doc *render.Document, res *layout.Result, opts Options) error {
	if len(res.Pages) == 0 {
		return fmt.Errorf("write pdf: the document has no pages")
	}
	pdf := &gopdf.GoPdf{}
	// Every page is added with its own size; this is only the default.
	pdf.Start(gopdf.Config{PageSize: gopdf.Rect{W: res.Pages[0].Width, H: res.Pages[0].Height}})
	// Fast deflate: the streams are mostly font subsets, which the best
	// level shrinks by a few percent at several times the cost.
	pdf.SetCompressLevel(zlib.BestSpeed)
	info := gopdf.PdfInfo{Title: doc.Title, Author: doc.Author, Subject: doc.Subject, Creator: "Jixiao", Producer: "Jixiao",
		CreationDate: opts.Created, ModDate: opts.Created}
	skipped, err := render.SkippedText(doc.Skipped)
	if err != nil {
		return fmt.Errorf("write pdf: %w", err)
	}
	if skipped != "" {
		info.Keywords = render.SkippedKeywords(doc.Skipped)
		info.Custom = [][2]string{{SkippedKey, skipped}}
	}
	pdf.SetInfo(info)
	var arch *archival
	var tags *tagger
	if !opts.Plain {
		arch = &archival{info: info, language: doc.Language, conform: Conformance{PDFA: "3B"}, source: doc.Source}
		arch.start(res)
		// A layout with its logical elements makes a tagged PDF, which
		// conforms to PDF/A-3a and PDF/UA-1; one without (made by hand,
		// in tests) an untagged PDF/A-3b.
		if len(res.Elems) > 0 {
			tags = newTagger(res)
			arch.conform = Conformance{PDFA: "3A", PDFUA: 1}
		}
	}
	pdf.SetLanguage(doc.Language)
	added := map[*fonts.Face]string{} // the subset name of each face added
	marks := res.Outline
	objs := make([]*gopdf.OutlineObj, 0, len(marks))
	for i := range res.Pages {
		if err := ctx.Err(); err != nil {
			return context.Cause(ctx)
		}
		pg := &res.Pages[i]
		pdf.AddPageWithOption(gopdf.PageOption{PageSize: &gopdf.Rect{W: pg.Width, H: pg.Height}})
		if tags != nil {
			tags.startPage(pdf)
		}
		for len(marks) > 0 && marks[0].Page == i {
			pdf.SetXY(0, marks[0].Y)
			objs = append(objs, pdf.AddOutlineWithPosition(marks[0].Title))
			marks = marks[1:]
		}
		if err := paint(pdf, pg, added, tags); err != nil {
			return fmt.Errorf("paint page %d: %w", i+1, err)
		}
	}
	nestOutline(pdf, res.Outline, objs)
	if arch != nil {
		entries := arch.setUp(pdf)
		if tags != nil {
			entries += "\n  " + tags.finish(pdf)
		}
		pdf.SetCatalogEntries(entries)
		pdf.SetFileID(arch.id, arch.id)
	}
	if _, err := pdf.WriteTo(ctxio.Writer(ctx, w)); err != nil {
		if ctx.Err() != nil {
			return context.Cause(ctx)
		}
		return fmt.Errorf("write pdf: %w", err)
	}
	return nil
}

// paint draws a page; tags, when not nil, marks its content.
func paint(pdf *gopdf.GoPdf, p *layout.Page, added map[*fonts.Face]string, tags *tagger) error {
	pdf.SetStrokeColor(0, 0, 0)
	width := -1.0
	marked := tags != nil && len(p.Rules)+len(p.Shapes) > 0
	if marked {
		// Rules are the tables' drawing, not content; the shapes of a
		// chart draw figures its text states.
		pdf.MarkedContent("/Artifact BMC")
	}
	// The layout has joined the rules that continue one another
	// (render/layout's mergeRules): each line is painted once.
	for _, r := range p.Rules {
		if r.Width != width {
			pdf.SetLineWidth(r.Width)
			width = r.Width
		}
		pdf.Line(r.X1, r.Y1, r.X2, r.Y2)
	}
	if len(p.Shapes) > 0 {
		paintShapes(pdf, p.Shapes)
	}
	if marked {
		pdf.MarkedContent("EMC")
	}
	// Consecutive runs of one element are one marked-content sequence.
	elem := -1
	var face *fonts.Face
	var size, spacing float64 = -1, 0
	for _, run := range p.Runs {
		if tags != nil && run.Elem != elem {
			if elem >= 0 {
				pdf.MarkedContent("EMC")
			}
			tags.begin(pdf, run.Elem)
			elem = run.Elem
		}
		if run.Face != face || run.Size != size {
			name, ok := added[run.Face]
			if !ok {
				name = subsetName(run.Face)
				fc, err := container(run.Face)
				if err != nil {
					return fmt.Errorf("font %s: %w", run.Face.Name, err)
				}
				if err := pdf.AddTTFFontFromFontContainer(name, fc); err != nil {
					return fmt.Errorf("font %s: %w", run.Face.Name, err)
				}
				added[run.Face] = name
			}
			if err := pdf.SetFont(name, "", run.Size); err != nil {
				return fmt.Errorf("font %s: %w", run.Face.Name, err)
			}
			face, size = run.Face, run.Size
		}
		if run.CharSpacing != spacing {
			if err := pdf.SetCharSpacing(run.CharSpacing); err != nil {
				return err
			}
			spacing = run.CharSpacing
		}
		if err := pdf.TextAt(run.X, run.Y, run.Text); err != nil {
			return fmt.Errorf("text %q: %w", run.Text, err)
		}
	}
	if elem >= 0 {
		pdf.MarkedContent("EMC")
	}
	return nil
}

// paintShapes paints the paths of the page's drawings, then sets the
// colours, width and dash back to those of the rules and the text.
func paintShapes(pdf *gopdf.GoPdf, shapes []render.Shape) {
	for _, s := range shapes {
		if len(s.Points) < 2 {
			continue
		}
		if s.Fill != nil {
			pdf.SetFillColor(s.Fill.R, s.Fill.G, s.Fill.B)
		}
		stroke := s.Stroke != nil && s.Width > 0
		if stroke {
			pdf.SetStrokeColor(s.Stroke.R, s.Stroke.G, s.Stroke.B)
			pdf.SetLineWidth(s.Width)
			if len(s.Dash) > 0 {
				pdf.SetCustomLineType(slices.Clone(s.Dash), 0)
			}
		}
		pts := make([]gopdf.Point, len(s.Points))
		for i, p := range s.Points {
			pts[i] = gopdf.Point{X: p.X, Y: p.Y}
		}
		switch {
		case s.Closed && s.Fill != nil && stroke:
			pdf.Polygon(pts, "DF")
		case s.Closed && s.Fill != nil:
			pdf.Polygon(pts, "F")
		case s.Closed && stroke:
			pdf.Polygon(pts, "D")
		case stroke:
			for i := 1; i < len(pts); i++ {
				pdf.Line(pts[i-1].X, pts[i-1].Y, pts[i].X, pts[i].Y)
			}
		}
		if stroke && len(s.Dash) > 0 {
			pdf.SetLineType("")
		}
	}
	pdf.SetFillColor(0, 0, 0)
	pdf.SetStrokeColor(0, 0, 0)
}

// subsetName is the PDF name of a face's embedded subset: a six-letter
// tag, a plus sign and the font name, as PDF 32000 §9.6.4 asks for
// subsets. gopdf writes the family name as the BaseFont, so the tag goes
// there; it is derived from the name to keep the output deterministic.
func subsetName(f *fonts.Face) string {
	h := fnv.New32a()
	h.Write([]byte(f.Name))
	sum := h.Sum32()
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + byte(sum%26)
		sum /= 26
	}
	return string(tag) + "+" + f.Name
}

// nestOutline links the outline items into a tree by their levels: each
// item is a child of the nearest earlier item of a lower level.
func nestOutline(pdf *gopdf.GoPdf, marks []layout.Mark, objs []*gopdf.OutlineObj) {
	if len(objs) == 0 {
		return
	}
	type node struct {
		obj      *gopdf.OutlineObj
		level    int
		children []*node
	}
	root := &node{level: -1}
	stack := []*node{root}
	for i, m := range marks {
		n := &node{obj: objs[i], level: m.Level}
		for len(stack) > 1 && stack[len(stack)-1].level >= m.Level {
			stack = stack[:len(stack)-1]
		}
		parent := stack[len(stack)-1]
		parent.children = append(parent.children, n)
		stack = append(stack, n)
	}
	var link func(parent *node)
	link = func(parent *node) {
		kids := parent.children
		for i, k := range kids {
			k.obj.SetPrev(-1)
			k.obj.SetNext(-1)
			if i > 0 {
				k.obj.SetPrev(kids[i-1].obj.GetIndex())
			}
			if i+1 < len(kids) {
				k.obj.SetNext(kids[i+1].obj.GetIndex())
			}
			if parent.obj != nil {
				k.obj.SetParent(parent.obj.GetIndex())
			}
			link(k)
		}
		if parent.obj != nil && len(kids) > 0 {
			parent.obj.SetFirst(kids[0].obj.GetIndex())
			parent.obj.SetLast(kids[len(kids)-1].obj.GetIndex())
			parent.obj.SetCount(-len(kids)) // closed until the reader opens it
		}
	}
	link(root)
	top := root.children
	pdf.SetOutlineTop(top[0].obj, top[len(top)-1].obj, len(top))
}

// Name and MediaType identify the format: the name is its file
// extension and the value of every format option.
const (
	Name      = "pdf"
	MediaType = "application/pdf"
)
