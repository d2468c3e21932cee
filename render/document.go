// Package render turns an evaluated disclosure into a neutral document —
// parts, headings, paragraphs and tables, with every number already
// formatted — that the backends (render/pdf, render/xlsx) lay out and
// write. Building the document is done once; it knows the wording and
// numbering of the official documents (from templates/) but nothing of
// pages or fonts.
package render

// Document is a whole output document.
type Document struct {
	Title    string
	Author   string // the department
	Subject  string
	Language string
	Parts    []Part
}

// Part is a unit that starts on a new page and gets a bookmark: a
// report, or one self-assessment table.
type Part struct {
	Bookmark string
	// Style names the part's page geometry in the layout ("" for the
	// default; "table" for the wider pages of a self-assessment table).
	Style  string
	Blocks []Block
}

// Block is a heading, a paragraph or a table.
type Block interface{ isBlock() }

// Heading is a numbered heading; Level counts from 0 (一、).
type Heading struct {
	Level  int
	Number string
	Text   string
	// Bookmark adds the heading to the PDF outline.
	Bookmark bool
	// Path is the JSON Pointer of the heading text in the input.
	Path string
}

// Paragraph is a run of text in a named style (body, title, note, …).
type Paragraph struct {
	Style string
	Text  string
	Path  string
}

// Table is a grid of cells. Cells covered by a span are omitted from
// their row, as in HTML.
type Table struct {
	Name string
	// Columns are relative column widths.
	Columns []float64
	Rows    []Row
	// RepeatFrom and RepeatTo delimit the header rows [from, to) that are
	// repeated at the top of each continuation page when the table breaks
	// after them. RepeatTo 0 repeats nothing.
	RepeatFrom, RepeatTo int
	// KeepFrom, when above 0, starts the rows from KeepFrom to the end on
	// a new page if they would break here but fit on a page of their own.
	KeepFrom int
}

// Row is one table row.
type Row []Cell

// Cell is one table cell.
type Cell struct {
	Text    string
	RowSpan int
	ColSpan int
	// Style names the text style (table, tableText).
	Style string
	// Top sets the text at the top of the cell instead of centring it
	// vertically.
	Top  bool
	Path string
}

func (Heading) isBlock()   {}
func (Paragraph) isBlock() {}
func (Table) isBlock()     {}

// Span returns the cell's row and column span, at least 1.
func (c Cell) Span() (rows, cols int) { return max(c.RowSpan, 1), max(c.ColSpan, 1) }
