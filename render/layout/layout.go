// Package layout places a render.Document on pages: it breaks text into
// lines with render/text on the fonts' advance widths, paginates
// paragraphs and tables (repeating header rows and spanning labels on
// continuation pages, splitting rows taller than a page), numbers the
// pages and collects the outline, in the page layout of the document's
// profile (profile.Layout). The result is a list of positioned
// text runs and rules that a backend paints as is, and that tests check
// for overflow and line-breaking rules without reading a PDF.
package layout

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"text/template"
	"unicode/utf8"

	"github.com/jixiao/jixiao/fonts"
	"github.com/jixiao/jixiao/profile"
	"github.com/jixiao/jixiao/render"
	"github.com/jixiao/jixiao/render/text"
)

// Result is a laid-out document.
type Result struct {
	Pages   []Page
	Outline []Mark
	// Missing lists characters no embedded face can draw.
	Missing []Missing
	// Elems are the document's logical elements, in reading order, for
	// a tagged PDF: Elems[0] is the whole document, and each element's
	// parent comes before it.
	Elems []Elem
}

// Elem is a logical element of the document: a heading, a paragraph, a
// list, a table, its caption, a row, a cell or a figure.
type Elem struct {
	// Type is the element's standard structure type (ISO 32000 §14.8.4):
	// Document, H1…H6, P, L, LI, Lbl, LBody, Table, Caption, TR, TH, TD
	// or Figure.
	Type   string
	Alt    string // a figure's alternative description
	Parent int    // index in Elems; -1 for the document
	// RowSpan and ColSpan are a table cell's spans, 1 or more.
	RowSpan, ColSpan int
	// Scope is a header cell's: "Column" when it heads the cells below
	// it, "Row" when it heads those to its right.
	Scope string
}

// Page is one page: text runs and rules, in painting order.
type Page struct {
	Number        int
	Width, Height float64
	Margins       profile.Margins
	Runs          []Run
	Rules         []Rule
	// Shapes are the paths of the page's drawings (render.Drawing), in
	// page coordinates, painted after the rules and before the text.
	Shapes []render.Shape
	// Lines records every line set on the page with the box it had to
	// stay in, for checks.
	Lines []LineBox
}

// Run is text in one face at one position; Y is the baseline.
type Run struct {
	X, Y        float64
	Face        *fonts.Face
	Size        float64
	Text        string
	CharSpacing float64 // extra space after each character (justification)
	// Elem is the logical element the text belongs to (Result.Elems); 0
	// for an artifact: a page number, a header row or a label repeated
	// on a continuation page.
	Elem int
}

// Rule is a straight line.
type Rule struct{ X1, Y1, X2, Y2, Width float64 }

// Mark is an outline (bookmark) entry.
type Mark struct {
	Title string
	Level int
	Page  int // index into Pages
	Y     float64
}

// LineBox is a set line: its text and box, and the box that holds it (a
// cell, or the type area).
type LineBox struct {
	Text                 string
	Path                 string // JSON Pointer of the text in the input
	X, Y, Width, Height  float64
	Container            Box
	ParagraphStart, Last bool
	Kind                 LineKind
	// Repeated marks text set again on a continuation page: a table's
	// repeated header rows and the labels of the cells spanning into it.
	Repeated bool
}

// LineKind is what a set line belongs to, for the checks of a page's
// content (Fill).
type LineKind uint8

const (
	KindText       LineKind = iota // headings, titles and prose
	KindNote                       // the notes under a table
	KindTableHead                  // a table's rows above its repeated header, or the header repeated
	KindTable                      // the other rows of a table
	KindPageNumber                 // the page number
)

// Box is a rectangle, origin top left.
type Box struct{ X, Y, W, H float64 }

// Contains reports whether b holds o, with a small tolerance.
func (b Box) Contains(o Box) bool {
	const eps = 0.01
	return o.X >= b.X-eps && o.Y >= b.Y-eps && o.X+o.W <= b.X+b.W+eps && o.Y+o.H <= b.Y+b.H+eps
}

// Missing is a character that no face has.
type Missing struct {
	Path string
	Rune rune
}

func (m Missing) String() string { return fmt.Sprintf("%s: %q (%U)", m.Path, m.Rune, m.Rune) }

// LimitError reports a document over a limit on its size: more pages
// than the caller allows.
type LimitError struct {
	Limit string // "pages"
	Max   int
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("the document has more than %d %s", e.Max, e.Limit)
}

// ErrInput marks a layout failure caused by the input (a table that
// cannot be set), as opposed to a fault of the service: its message may
// be shown to the user.
var ErrInput = errors.New("the input cannot be laid out")

// Options bound a layout.
type Options struct {
	// MaxPages is the most pages Do lays out (0: no limit); a longer
	// document fails with a *LimitError.
	MaxPages int
}

// checkEvery is how many table rows are measured between two looks at
// the context (a few milliseconds of work); a new page is always one.
const checkEvery = 100

// Do lays out doc with the page layout l (the profile's) and the faces fs. It checks ctx at
// every new page and every thousand table rows, and returns its error
// when it is done, so that a canceled request stops within a page.
func Do(ctx context.Context, doc *render.Document, l *profile.Layout, fs *fonts.Set, opts Options) (*Result, error) {
	n, cells := elemsAbout(doc)
	elems := make([]Elem, 1, n)
	elems[0] = Elem{Type: "Document", Parent: -1}
	e := &engine{ctx: ctx, l: l, fs: fs, res: &Result{Elems: elems}, maxPages: opts.MaxPages}
	if cells > 0 {
		// The tables of a disclosure repeat most of their texts: a
		// quarter of the cells is about how many differ.
		e.cells = make(map[cellKey][]text.Line, cells/4)
	}
	for i := range doc.Parts {
		if err := e.part(&doc.Parts[i]); err != nil {
			if e.stop != nil {
				return nil, e.stop
			}
			return nil, fmt.Errorf("layout part %q: %w", doc.Parts[i].Bookmark, err)
		}
		if e.stop != nil {
			return nil, e.stop
		}
	}
	if err := e.pageNumbers(); err != nil {
		return nil, err
	}
	return e.res, nil
}

// elemsAbout is about how many logical elements doc has, a little
// more rather than less: a table is one for itself, its caption, each
// row and each cell; a list item four. cells is the tables' cells.
func elemsAbout(doc *render.Document) (n, cells int) {
	n = 1
	for i := range doc.Parts {
		for _, b := range doc.Parts[i].Blocks {
			switch b := b.(type) {
			case render.Table:
				n += 2 + len(b.Rows)
				for _, row := range b.Rows {
					cells += len(row)
				}
			default:
				n += 4
			}
		}
	}
	return n + cells, cells
}

type engine struct {
	ctx context.Context
	// maxPages bounds the pages (0: no limit); stop holds the reason the
	// layout stopped early (a limit, or the context's error), after which
	// the engine only finishes its current block on the same page.
	maxPages int
	stop     error
	l        *profile.Layout
	fs       *fonts.Set
	res      *Result
	y        float64         // top of the free space on the current page
	m        profile.Margins // margins of the current part's pages
	// missing dedupes Missing entries.
	missing  map[Missing]bool
	broken   map[brokenKey][]text.Line // paragraphs broken so far
	kind     LineKind                  // of the lines being set
	repeated bool                      // the lines being set are repeated (LineBox.Repeated)
	// elem is the element of the runs being set; tableElem a table's
	// element made ahead of it, when a caption comes first; list the
	// list of the list items being set.
	elem, tableElem, list int
	// label is the element of a list item's marker, and labelRunes its
	// length, until the item's first line is set.
	label, labelRunes int
	// bands, rules and merger are paintTable's work space, kept from
	// page to page.
	bands  [][]placed
	rules  []Rule
	merger ruleMerger
	// styles are the styles looked up so far, and scratch the line
	// breaker's work space, which their metrics share.
	styles  []*styled
	scratch *text.Scratch
	chains  []*faceChain
	// cells are the table cells' texts broken so far (cellLines), and
	// cellBuf the array of the cells of the table being set.
	cells   map[cellKey][]text.Line
	cellBuf []cell
	// runSlab and lineSlab hold the pages' runs and lines.
	runSlab  slab[Run]
	lineSlab slab[LineBox]
}

// slab hands out the lists of consecutive pages (runs, lines) from
// shared arrays: a finished page keeps its part of an array, with a
// little room to spare, and the next page starts in the rest. The lists
// are then not each grown from empty, nor copied as they grow, except
// the one that reaches the end of an array, which moves to the next.
// The arrays double in size from a few pages' worth to a score of pages'
// (slabMax), so that what is left unused at the end stays small.
type slab[T any] struct{ size int }

// slabMax is the most elements of a slab's array.
const slabMax = 2048

// next closes the list of a finished page, prev (nil for none), leaving
// it room for spare more elements, and returns the list of the next page.
func (s *slab[T]) next(prev *[]T, spare int) []T {
	if prev != nil {
		t := *prev
		end := min(len(t)+spare, cap(t))
		*prev = t[:len(t):end]
		if cap(t)-end >= 16 {
			return t[end:end]
		}
	}
	s.size = min(max(2*s.size, 256), slabMax)
	return make([]T, 0, s.size)
}

// room returns list with room for n more elements: a list that reaches
// the end of its array moves to a new one, where the next pages continue.
func (s *slab[T]) room(list []T, n int) []T {
	if cap(list)-len(list) >= n {
		return list
	}
	s.size = min(max(2*s.size, 256), slabMax)
	t := make([]T, len(list), max(s.size, 2*(len(list)+n)))
	copy(t, list)
	return t
}

// open adds an element to the result and returns its index.
func (e *engine) open(typ string, parent int) int {
	e.res.Elems = append(e.res.Elems, Elem{Type: typ, Parent: parent, RowSpan: 1, ColSpan: 1})
	return len(e.res.Elems) - 1
}

func (e *engine) page() *Page { return &e.res.Pages[len(e.res.Pages)-1] }

func (e *engine) newPage() {
	if e.stop == nil {
		if err := e.ctx.Err(); err != nil {
			e.stop = context.Cause(e.ctx)
		} else if e.maxPages > 0 && len(e.res.Pages) >= e.maxPages {
			e.stop = &LimitError{Limit: "pages", Max: e.maxPages}
		}
	}
	if e.stop != nil && len(e.res.Pages) > 0 {
		// Stay on this page: the caller sees e.stop at the end of the
		// block and gives up; the page is never shown.
		e.y = e.m.Top
		e.page().Runs, e.page().Rules, e.page().Lines, e.page().Shapes = nil, nil, nil, nil
		return
	}
	w, h := e.pageSize()
	pg := Page{Number: len(e.res.Pages) + 1, Width: w, Height: h, Margins: e.m}
	var lastRuns *[]Run
	var lastLines *[]LineBox
	if n := len(e.res.Pages); n > 0 {
		// Pages of one document hold about as much as each other: room
		// for what the last one held saves growing the lists from empty.
		last := &e.res.Pages[n-1]
		pg.Rules = make([]Rule, 0, len(last.Rules))
		lastRuns, lastLines = &last.Runs, &last.Lines
	}
	// A page's number is set when all are laid out: room for it.
	pg.Runs = e.runSlab.next(lastRuns, 2)
	pg.Lines = e.lineSlab.next(lastLines, 1)
	e.res.Pages = append(e.res.Pages, pg)
	e.y = e.m.Top
}

// bottom is the bottom of the current type area.
func (e *engine) bottom() float64 {
	_, h := e.pageSize()
	return h - e.m.Bottom
}

// pageSize is the size of the current part's pages.
func (e *engine) pageSize() (w, h float64) {
	if e.m.Landscape {
		return e.l.Page.Height, e.l.Page.Width
	}
	return e.l.Page.Width, e.l.Page.Height
}

// width is the width of the current type area.
func (e *engine) width() float64 {
	w, _ := e.pageSize()
	return w - e.m.Left - e.m.Right
}

func (e *engine) style(name string) (profile.Style, error) {
	s, err := e.styled(name)
	if err != nil {
		return profile.Style{}, err
	}
	return s.st, nil
}

// styled is a style of the layout and how its text is measured, made
// once per layout: a table looks its styles up for every cell.
type styled struct {
	name string
	st   profile.Style
	m    text.Metrics
}

// styled returns the named style of the layout.
func (e *engine) styled(name string) (*styled, error) {
	for _, s := range e.styles {
		if s.name == name {
			return s, nil
		}
	}
	st, ok := e.l.Styles[name]
	if !ok {
		return nil, fmt.Errorf("no style %q", name)
	}
	if e.scratch == nil {
		e.scratch = new(text.Scratch)
	}
	m := e.metrics(st)
	m.Scratch = e.scratch
	s := &styled{name: name, st: st, m: m}
	e.styles = append(e.styles, s)
	return s, nil
}

func (e *engine) part(p *render.Part) error {
	e.m = e.l.Margins
	if p.Style != "" {
		m, ok := e.l.PartMargins[p.Style]
		if !ok {
			return fmt.Errorf("no partMargins %q in the layout", p.Style)
		}
		e.m = m
	}
	e.newPage()
	e.res.Outline = append(e.res.Outline, Mark{Title: p.Bookmark, Level: 0, Page: len(e.res.Pages) - 1, Y: e.y})
	// The part's bookmark stands for its opening heading, if it has one;
	// the headings below nest under the part.
	base := -1
	// Headings are H1… from the part's opening heading on, one level
	// deeper under a title.
	rank := 1
	if len(p.Blocks) > 0 {
		switch b := p.Blocks[0].(type) {
		case render.Heading:
			base = b.Level
		case render.Paragraph:
			if title(b.Style) {
				rank = 2
			}
		}
	}
	for i, b := range p.Blocks {
		if e.stop != nil {
			return e.stop
		}
		var err error
		switch b := b.(type) {
		case render.Heading:
			e.elem = e.open(fmt.Sprintf("H%d", min(b.Level+rank, 6)), 0)
			err = e.heading(b, i == 0, b.Level-base, p.Blocks[i+1:])
		case render.Paragraph:
			e.paragraphElem(b, p.Blocks, i)
			err = e.keepWithNext(b, p.Blocks[i+1:])
			if err == nil {
				err = e.paragraph(b.Style, b.Text, b.Path)
			}
		case render.Table:
			var notes float64
			if notes, err = e.notesHeight(p.Blocks[i+1:]); err == nil {
				err = e.table(&b, notes)
			}
		case render.Drawing:
			// A chart: its labels are the figure's text, its name the
			// alternative description.
			e.elem = e.open("Figure", 0)
			e.res.Elems[e.elem].Alt = b.Name
			err = e.drawing(&b)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// paragraphElem makes the element of the paragraph blocks[i] and sets
// it for its runs: a part's title is its first heading, a caption right
// before a table the table's Caption, body paragraphs that start with a
// list marker (●, ①, 1）) in a row the items of one list.
func (e *engine) paragraphElem(b render.Paragraph, blocks []render.Block, i int) {
	typ, parent := "P", 0
	switch {
	case title(b.Style):
		typ = "H1"
	case b.Style == "caption" && i+1 < len(blocks):
		if _, ok := blocks[i+1].(render.Table); ok {
			e.tableElem = e.open("Table", 0)
			typ, parent = "Caption", e.tableElem
		}
	case listItem(b):
		if i == 0 || !isListItem(blocks[i-1]) {
			e.list = e.open("L", 0)
		}
		li := e.open("LI", e.list)
		e.label, e.labelRunes = e.open("Lbl", li), markerRunes(b.Text)
		typ, parent = "LBody", li
	}
	e.elem = e.open(typ, parent)
}

// title reports whether a paragraph style is a part's title.
func title(style string) bool { return style == "title" || style == "tableTitle" }

// listItem reports whether a body paragraph is a list item: it starts
// with a bullet, a circled number or a number closed by a parenthesis.
func listItem(p render.Paragraph) bool {
	if p.Style != "body" {
		return false
	}
	r, n := utf8.DecodeRuneInString(p.Text)
	switch {
	case r == '●' || r == '■' || r == '◆' || r == '•' || r >= '①' && r <= '⑳':
		return true
	case r >= '0' && r <= '9':
		rest := strings.TrimLeft(p.Text[n:], "0123456789")
		return strings.HasPrefix(rest, "）") || strings.HasPrefix(rest, ")")
	}
	return false
}

// markerRunes is the length in runes of a list item's marker: the
// bullet or circled number, or the number with its parenthesis.
func markerRunes(s string) int {
	r, n := utf8.DecodeRuneInString(s)
	if r < '0' || r > '9' {
		return 1
	}
	digits := len(s[n:]) - len(strings.TrimLeft(s[n:], "0123456789"))
	return 1 + digits + 1
}

func isListItem(b render.Block) bool {
	p, ok := b.(render.Paragraph)
	return ok && listItem(p)
}

// heading sets a heading; level is its depth in the outline. A heading
// stays with the first two lines of what follows it.
func (e *engine) heading(h render.Heading, partStart bool, level int, next []render.Block) error {
	name := fmt.Sprintf("heading%d", min(h.Level+1, 4))
	s, lines, err := e.lines(name, h.Number+h.Text)
	if err != nil {
		return err
	}
	lead, err := e.lead(next)
	if err != nil {
		return err
	}
	if e.y+s.SpaceBefore+float64(len(lines))*s.LineHeight+s.SpaceAfter+lead > e.bottom()+0.01 && !e.fresh() {
		e.newPage()
	}
	if h.Bookmark && !partStart {
		e.res.Outline = append(e.res.Outline, Mark{Title: h.Number + h.Text, Level: level, Page: len(e.res.Pages) - 1, Y: e.y})
	}
	return e.paragraph(name, h.Number+h.Text, h.Path)
}

// keepWithNext starts a new page before a paragraph that leads into
// what follows it — a table's caption, or a single line ending in a
// colon such as 填报注意事项： — when the first two lines after it would
// not fit below it.
func (e *engine) keepWithNext(p render.Paragraph, next []render.Block) error {
	if len(next) == 0 || p.Style != "caption" && !strings.HasSuffix(p.Text, "：") {
		return nil
	}
	st, lines, err := e.lines(p.Style, p.Text)
	if err != nil {
		return err
	}
	if p.Style != "caption" && len(lines) != 1 {
		return nil
	}
	lead, err := e.lead(next)
	if err != nil {
		return err
	}
	if e.y+st.SpaceBefore+float64(len(lines))*st.LineHeight+st.SpaceAfter+lead > e.bottom()+0.01 && !e.fresh() {
		e.newPage()
	}
	return nil
}

// lead is the room the first two lines of blocks take: of a paragraph,
// with the space before it; of anything else, two lines of body text.
func (e *engine) lead(blocks []render.Block) (float64, error) {
	if len(blocks) > 0 {
		if p, ok := blocks[0].(render.Paragraph); ok {
			st, lines, err := e.lines(p.Style, p.Text)
			if err != nil {
				return 0, err
			}
			return st.SpaceBefore + float64(min(len(lines), 2))*st.LineHeight, nil
		}
	}
	body, err := e.style("body")
	if err != nil {
		return 0, err
	}
	return body.SpaceBefore + 2*body.LineHeight, nil
}

// notesHeight is the height of the notes at the head of blocks: the
// paragraphs in the note style, from the space above the first to the
// last line.
func (e *engine) notesHeight(blocks []render.Block) (float64, error) {
	var h, after float64
	for _, b := range blocks {
		p, ok := b.(render.Paragraph)
		if !ok || p.Style != "note" {
			break
		}
		st, lines, err := e.lines(p.Style, p.Text)
		if err != nil {
			return 0, err
		}
		h += after + st.SpaceBefore + float64(len(lines))*st.LineHeight
		after = st.SpaceAfter
	}
	return h, nil
}

// fresh reports whether nothing is set on the current page yet.
func (e *engine) fresh() bool { return len(e.page().Lines) == 0 }

// metrics returns how text in style s is measured: its advance widths,
// with punctuation compressed as the layout says.
func (e *engine) metrics(s profile.Style) text.Metrics {
	c, size := e.chain(s.Role), s.Size
	// Measure's advances, with the faces of the role found once.
	advance := func(r rune) float64 {
		_, units, upem, _ := c.glyph(r)
		return float64(units) * size / float64(upem)
	}
	return text.Metrics{Advance: advance, Em: s.Size, Compress: e.l.Compress()}
}

// faceChain is the faces a role draws with, in the order fonts.Set's
// Resolve tries them, and their units per em.
type faceChain struct {
	role  string
	faces []*fonts.Face
	upem  []int
	// glyphs remembers the face and advance of the runes looked up last,
	// one a slot, so that the text, which repeats its characters, is
	// mostly measured without searching the faces' tables.
	glyphs [1024]glyphEntry
}

// glyphEntry is a rune's face in a chain (its index plus one; -1: none
// has it, 0: an empty entry) and its advance in font units, of the
// primary face when none has it.
type glyphEntry struct {
	r     rune
	units uint16
	face  int8
}

// glyph returns the face of r, its advance in font units and the
// face's units per em; with ok false, r is drawn with the primary face,
// which lacks it.
func (c *faceChain) glyph(r rune) (f *fonts.Face, units, upem int, ok bool) {
	g := &c.glyphs[uint32(r)%uint32(len(c.glyphs))]
	if g.face == 0 || g.r != r {
		i := -1
		for k, f := range c.faces {
			if f.Has(r) {
				i = k
				break
			}
		}
		g.r, g.face = r, int8(i+1)
		if i < 0 {
			g.face = -1
			i = 0
		}
		if len(c.faces) > 0 {
			g.units = uint16(c.faces[i].Advance(r))
		}
	}
	i := int(g.face) - 1
	if g.face < 0 {
		i = 0
	}
	if len(c.faces) == 0 {
		return nil, 0, 0, false
	}
	return c.faces[i], int(g.units), c.upem[i], g.face > 0
}

// chain returns the faces of role, found once per layout: every
// character set or measured resolves its face.
func (e *engine) chain(role string) *faceChain {
	for _, c := range e.chains {
		if c.role == role {
			return c
		}
	}
	c := &faceChain{role: role}
	if f := e.fs.Face(fonts.Role(role)); f != nil {
		c.faces = append([]*fonts.Face{f}, e.fs.Fallbacks(fonts.Role(role))...)
	}
	for _, f := range c.faces {
		c.upem = append(c.upem, f.UnitsPerEm())
	}
	if len(c.faces) >= 127 {
		c.faces = c.faces[:127] // the most glyphEntry numbers; a set has a few
	}
	e.chains = append(e.chains, c)
	return c
}

// Measure returns the advance width of a rune in style s: in the face of
// its role, or of the first fallback face that has the rune. The
// workbook's row heights are measured with it too, so that the PDF and
// the XLSX break a cell's text alike.
func Measure(fs *fonts.Set, s profile.Style) text.Measure {
	return func(r rune) float64 {
		f, _ := fs.Resolve(fonts.Role(s.Role), r)
		if f == nil {
			f = fs.Face(fonts.Role(s.Role))
		}
		return float64(f.Advance(r)) * s.Size / float64(f.UnitsPerEm())
	}
}

// CellLines breaks the text of a table cell in style st into lines of
// at most width, the width inside the cell's side padding, as st.Lines
// says.
func CellLines(s string, st profile.Style, width float64, m text.Metrics) []text.Line {
	switch st.Lines {
	case profile.LinesBalanced:
		return m.BreakBalanced(s, width)
	case profile.LinesFilled:
		return m.BreakFilled(s, width)
	}
	return m.Break(s, width, width)
}

// lines breaks s as a paragraph in the named style. The keep rules
// measure paragraphs before they are set, and the notes of every table
// are the same: each text is broken once per style and width.
func (e *engine) lines(style, s string) (profile.Style, []text.Line, error) {
	sd, err := e.styled(style)
	if err != nil {
		return profile.Style{}, nil, err
	}
	st := sd.st
	width := e.width()
	key := brokenKey{style, s, width}
	if lines, ok := e.broken[key]; ok {
		return st, lines, nil
	}
	m := sd.m
	lines := m.Break(s, width-st.Indent*st.Size, width)
	if st.Align == "center" && len(lines) > 1 {
		// A centred title is balanced as a table's label is.
		lines = m.BreakBalanced(s, width)
	}
	if e.broken == nil {
		e.broken = map[brokenKey][]text.Line{}
	}
	e.broken[key] = lines
	return st, lines, nil
}

// brokenKey is a paragraph's text in a style at a width.
type brokenKey struct {
	style, text string
	width       float64
}

// paragraph sets text in the type area, breaking pages between lines:
// at least two lines stay at the foot of a page and two go to the head
// of the next (widow and orphan control), unless the page holds
// nothing else.
func (e *engine) paragraph(style, s, path string) error {
	st, lines, err := e.lines(style, s)
	if err != nil {
		return err
	}
	e.kind, e.repeated = KindText, false
	if style == "note" {
		e.kind = KindNote
	}
	e.y += st.SpaceBefore
	width := e.width()
	indent := st.Indent * st.Size
	for i := 0; i < len(lines); {
		if e.stop != nil {
			return e.stop
		}
		n := e.fitLines(st, len(lines)-i)
		if n == 0 {
			e.newPage()
			continue
		}
		for end := i + n; i < end; i++ {
			x := e.m.Left
			avail := width
			if i == 0 {
				x += indent
				avail -= indent
			}
			container := Box{e.m.Left, e.m.Top, width, e.bottom() - e.m.Top}
			e.setLine(lines[i], &st, x, e.y, avail, path, container, i == 0)
			e.y += st.LineHeight
		}
		if i < len(lines) {
			e.newPage()
		}
	}
	e.y += st.SpaceAfter
	return nil
}

// fitLines returns how many of a paragraph's n remaining lines in style
// st to set on the current page: all that fit, less those that would
// leave a single line for the next page; none if that leaves fewer than
// two here. A fresh page takes at least one line.
func (e *engine) fitLines(st profile.Style, n int) int {
	fit := max(int((e.bottom()+0.01-e.y)/st.LineHeight), 0)
	if fit >= n {
		return n
	}
	if e.fresh() {
		return max(fit, 1)
	}
	k := min(fit, n-2)
	if k < 2 {
		return 0
	}
	return k
}

// setLine places one line in a box of width avail starting at x, with
// the line's top at top.
func (e *engine) setLine(ln text.Line, st *profile.Style, x, top, avail float64, path string, container Box, first bool) {
	spacing := 0.0
	switch st.Align {
	case "center":
		x += (avail - ln.Width) / 2
	case "right":
		x += avail - ln.Width
	case "justify":
		if !ln.Last && ln.Gaps() > 0 && ln.Width < avail {
			spacing = (avail - ln.Width) / float64(ln.Gaps())
		}
	}
	baseline := top + (st.LineHeight-st.Size)/2 + st.Size*0.88
	width := ln.Width + spacing*float64(ln.Gaps())
	p := e.page()
	s := ln.String()
	p.Lines = append(e.lineSlab.room(p.Lines, 1), LineBox{Text: s, Path: path, X: x, Y: top, Width: width, Height: st.LineHeight,
		Container: container, ParagraphStart: first, Last: ln.Last, Kind: e.kind, Repeated: e.repeated})
	e.runs(p, ln.Runes, s, st, x, baseline, spacing, path)
}

// runs splits a line into runs of one face each and appends them to p.
// A compressed mark is a run of its own, its character spacing less by
// what the compression takes, so that a reader of the text layer sees it
// half an em wide and the next glyph right after it, not over it.
// line is rs as a string: each run's text is a part of it.
func (e *engine) runs(p *Page, rs []rune, line string, st *profile.Style, x, baseline, spacing float64, path string) {
	elem := e.elem
	if e.repeated {
		elem = 0 // set before: an artifact here
	}
	// A list item's first line starts with its marker, the item's Lbl.
	label := 0
	if e.labelRunes > 0 && elem != 0 {
		label, elem = e.labelRunes, e.label
	}
	e.label, e.labelRunes = 0, 0
	w := runWriter{p: p, slab: &e.runSlab, line: line, y: baseline, size: st.Size, elem: elem}
	var cur *fonts.Face
	start := 0 // byte offsets in line: of the run's start, and of rune i
	at := 0
	startX := x
	compress := e.l.Compress()
	faces := e.chain(st.Role)
	for i, r := range rs {
		if i > 0 {
			at += runeLen(rs[i-1])
		}
		if i == label && i > 0 {
			w.add(cur, startX, start, at, spacing)
			cur, w.elem = nil, e.elem
		}
		f, units, upem, ok := faces.glyph(r)
		if !ok {
			e.reportMissing(path, r)
		}
		adv := float64(units) * st.Size / float64(upem)
		if compress && i+1 < len(rs) {
			if d := text.Squeeze(r, rs[i+1], adv, st.Size); d > 0 {
				w.add(cur, startX, start, at, spacing)
				end := at + runeLen(r)
				w.add(f, x, at, end, spacing-d)
				x += adv + spacing - d
				cur, start, startX = nil, end, x
				continue
			}
		}
		if f != cur {
			w.add(cur, startX, start, at, spacing)
			cur, start, startX = f, at, x
		}
		x += adv + spacing
	}
	w.add(cur, startX, start, len(line), spacing)
}

// runWriter appends the runs of a line to its page.
type runWriter struct {
	p       *Page
	slab    *slab[Run]
	line    string
	y, size float64
	elem    int
}

// add appends the run of the line's bytes [start, end) in face f at x,
// if it has any and a face.
func (w *runWriter) add(f *fonts.Face, x float64, start, end int, spacing float64) {
	if end > start && f != nil {
		w.p.Runs = append(w.slab.room(w.p.Runs, 1), Run{X: x, Y: w.y, Face: f, Size: w.size, Text: w.line[start:end], CharSpacing: spacing, Elem: w.elem})
	}
}

// runeLen is the length of r in UTF-8, as string([]rune) writes it.
func runeLen(r rune) int {
	if n := utf8.RuneLen(r); n > 0 {
		return n
	}
	return utf8.RuneLen(utf8.RuneError)
}

func (e *engine) reportMissing(path string, r rune) {
	m := Missing{Path: path, Rune: r}
	if e.missing == nil {
		e.missing = map[Missing]bool{}
	}
	if !e.missing[m] {
		e.missing[m] = true
		e.res.Missing = append(e.res.Missing, m)
	}
}

// pageNumbers sets "— n —" under the type area: right on odd pages,
// left on even ones, one character in from the edge.
func (e *engine) pageNumbers() error {
	st, err := e.style("pageNumber")
	if err != nil {
		return err
	}
	tmpl, err := template.New("page").Parse(e.l.PageNumber.Format)
	if err != nil {
		return fmt.Errorf("page number format: %w", err)
	}
	m := e.metrics(st)
	e.elem = 0
	for i := range e.res.Pages {
		var b strings.Builder
		if err := tmpl.Execute(&b, i+1); err != nil {
			return fmt.Errorf("page number format: %w", err)
		}
		ln := m.Break(b.String(), 1e6, 1e6)[0]
		p := &e.res.Pages[i]
		m := p.Margins
		inset := e.l.PageNumber.Inset * st.Size
		x := m.Left + inset
		if (i+1)%2 == 1 {
			x = p.Width - m.Right - inset - ln.Width
		}
		top := p.Height - m.Bottom + e.l.PageNumber.Below
		baseline := top + (st.LineHeight-st.Size)/2 + st.Size*0.88
		s := ln.String()
		p.Lines = append(e.lineSlab.room(p.Lines, 1), LineBox{Text: s, X: x, Y: top, Width: ln.Width, Height: st.LineHeight,
			Container: Box{0, 0, p.Width, p.Height}, ParagraphStart: true, Last: true, Kind: KindPageNumber})
		e.runs(p, ln.Runes, s, &st, x, baseline, 0, "")
	}
	return nil
}
