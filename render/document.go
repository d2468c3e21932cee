// Package render turns an evaluated disclosure into a neutral document —
// parts, headings, paragraphs and tables, with every number already
// formatted — that the backends (render/layout and render/pdf, render/xlsx)
// lay out and write. Building the document is done once, from the
// profile's forms (package profile); it knows the wording and numbering of
// the official documents but nothing of pages or fonts.
//
// The document is the one description of every table: a cell that holds
// a figure carries it typed (its kind, exact value and the cells it is
// computed from), so the PDF prints the text while the workbook writes a
// live formula over the same cells.
package render

import (
	"encoding/json"
	"fmt"
	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/profile"
	"github.com/shopspring/decimal"
	"strings"
)

// Document is a whole output document.
type Document struct {
	Title   string
	Author  string // the department
	Subject string
	// Keywords describe the document for an archive's catalogue (the
	// OFD's DocInfo Keywords).
	Keywords []string
	Language string
	Parts    []Part
	// Skipped are the invalid parts the document leaves out; the writers
	// record them in the file's metadata as SkippedText.
	Skipped []evaluation.InvalidPart
	// Source is the input JSON of the parts the document prints, which
	// the fixed-layout writers embed (as SourceName) so that the data
	// can be read back from the file; nil embeds nothing. Build leaves
	// it nil: a caller that writes such a file sets it (Source).
	Source []byte
}

// SkippedText is how a file's metadata records the parts left out of it:
// a JSON array of {"part", "pointer", "errors"}, in document order; ""
// when none is.
func SkippedText(skipped []evaluation.InvalidPart) (string, error) {
	if len(skipped) == 0 {
		return "", nil
	}
	data, err := json.Marshal(skipped)
	if err != nil {
		return "", fmt.Errorf("skipped parts: %w", err)
	}
	return string(data), nil
}

// SkippedKeywords names the parts left out of a file for its keywords:
// "skipped: table:1 project:2".
func SkippedKeywords(skipped []evaluation.InvalidPart) string {
	names := make([]string, len(skipped))
	for i, p := range skipped {
		names[i] = p.Name
	}
	return "skipped: " + strings.Join(names, " ")
}

// Part is a unit that starts on a new page and gets a bookmark: a
// report, or one self-assessment table.
type Part struct {
	Bookmark string
	// Style names the part's page geometry in the layout ("" for the
	// default; "table" for the wider pages of a self-assessment table).
	Style string
	// Kind and Index say which part of the disclosure this is: a
	// PartDepartment, PartProject (Index from 0), PartTable (likewise)
	// or PartFindings, so that a writer can find a part of the document.
	Kind   string
	Index  int
	Blocks []Block
}

// Kinds of part.
const (
	PartDepartment = "department"
	PartProject    = "project"
	PartTable      = "table"
	PartFindings   = "findings"
)

// Find returns the document's part of kind and index, nil when it has
// none.
func (d *Document) Find(kind string, index int) *Part {
	for i := range d.Parts {
		if p := &d.Parts[i]; p.Kind == kind && p.Index == index {
			return p
		}
	}
	return nil
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
	// Columns are relative column widths (points, where the form sets
	// them).
	Columns []float64
	// SheetColumns are the column widths in spreadsheet character units
	// where the form sets them; nil otherwise.
	SheetColumns []float64
	Rows         []Row
	// RepeatFrom and RepeatTo delimit the header rows [from, to) that are
	// repeated at the top of each continuation page when the table breaks
	// after them. RepeatTo 0 repeats nothing.
	RepeatFrom, RepeatTo int
	// KeepFrom, when above 0, starts the table's foot (a total and what
	// follows it): a page never starts with it, and it moves to the next
	// page, with the row above it, when the notes after the table would
	// not fit below it.
	KeepFrom int
}

// The scopes of a header cell (Cell.Scope), as ISO 32000 names them.
const (
	ScopeRow    = "Row"
	ScopeColumn = "Column"
)

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
	Top bool
	// Scope makes the cell a header cell of the table's structure (a
	// tagged PDF's TH): ScopeRow for a label that heads the cells to its
	// right, ScopeColumn for one that heads the cells below it; "" for
	// a data cell. The header rows a table repeats head their columns
	// whatever their cells say.
	Scope string
	Path  string
	// ID names the cell for the figures computed from it; unique within
	// its table.
	ID string
	// Figure is the typed figure the cell prints, if it prints one.
	Figure *Figure
}

// Figure is a number in a cell. Text is what the PDF prints; a backend
// that can compute (the workbook) writes Value, or a formula from Calc
// with Value as its cached result.
type Figure struct {
	Kind  profile.Kind
	Value decimal.Decimal
	// Calc is how the figure follows from other cells of the table; nil
	// for a figure the input gives.
	Calc *Calc
	// Prefix and Suffix are the text around the figure in the cell, as
	// in 产出指标（50分）.
	Prefix, Suffix string
	// Declared is the figure as the input declared it, set in declared
	// mode (Options.Declared) when the input declares one; the cell's
	// Text then prints it, and Value stays the computed figure.
	Declared evaluation.Number
}

// Calc is a computation over cells of the same table, named by their IDs.
// Every result is rounded to its figure's scale by the profile's rounding.
type Calc struct {
	Op   Op
	Args []string
}

// Op is an operation of a Calc.
type Op string

// Operations.
const (
	// Sum adds its arguments.
	Sum Op = "sum"
	// Rate is Args[0] / Args[1] in percent; 0 when Args[1] is 0.
	Rate Op = "rate"
	// ExecutionScore is min(Args[0] / Args[1], 1) × Args[2]: the 预算执行
	// score from the executed amount, the budget and the weight.
	ExecutionScore Op = "executionScore"
)

func (Heading) isBlock()   {}
func (Paragraph) isBlock() {}
func (Table) isBlock()     {}

// Span returns the cell's row and column span, at least 1.
func (c Cell) Span() (rows, cols int) { return max(c.RowSpan, 1), max(c.ColSpan, 1) }
