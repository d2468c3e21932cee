package render

import (
	"fmt"
	"strconv"
	"sync/atomic"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/internal/spans"
	"github.com/jixiao/jixiao/profile"
)

// Options choose what Build puts in the document.
type Options struct {
	// Part is "all" (or ""), "department", "project" or "table".
	Part string
	// Index selects the project report or table, from 0.
	Index int
	// Declared prints each derived figure the input declared as
	// declared, reproducing a published document; otherwise every
	// derived figure is printed as computed.
	Declared bool
	// Skipped are the invalid parts a document of Part "all" leaves out,
	// which it names in its metadata (Document.Skipped). The parts it
	// prints are those the report holds valid; a caller that wants the
	// whole disclosure or nothing checks the report is valid first.
	Skipped []evaluation.InvalidPart
}

// builds counts the documents Build has made, for the tests that check
// that a render builds its document once.
var builds atomic.Int64

// Builds returns the number of documents Build has made in this process.
func Builds() int64 { return builds.Load() }

// Build makes the document of the valid parts of a computed report, from
// the forms of the profile it was computed with. The audit's findings are
// not in it: FindingsPart lists them, once whatever a writer adds to them
// is known.
func Build(rep *evaluation.Report, opts Options) (*Document, error) {
	builds.Add(1)
	d, res := rep.Disclosure, rep.Result
	if d == nil || res == nil || rep.Profile == nil {
		return nil, fmt.Errorf("build document: the report has no computed result")
	}
	if ptr := evaluation.PartPointer(opts.Part, opts.Index); ptr != "" && !rep.PartValid(ptr) {
		return nil, fmt.Errorf("build document: part %s: %w", ptr, rep.PartProblems(ptr))
	}
	p := rep.Profile
	w := &p.Forms
	b := builder{p: p, w: w, d: d, res: res, unit: rep.MoneyUnit(), declared: opts.Declared}
	doc := &Document{
		Title:    p.Fill(w.DocumentTitle, d),
		Author:   d.Department,
		Subject:  "预算绩效评价",
		Language: "zh-CN",
		Skipped:  opts.Skipped,
	}
	doc.Keywords = []string{doc.Subject, d.Department, strconv.Itoa(d.Year) + "年度"}
	if d.Title != "" {
		doc.Title = d.Title
	}
	switch opts.Part {
	case "", "all":
		n := 0
		if r := d.DepartmentReport; r != nil && rep.PartValid(evaluation.PartPointer("department", 0)) {
			n++
			doc.Parts = append(doc.Parts, b.departmentPart(r, n))
		}
		for i := range d.ProjectReports {
			if rep.PartValid(evaluation.PartPointer("project", i)) {
				n++
				doc.Parts = append(doc.Parts, b.projectPart(i, n))
			}
		}
		for i := range d.SelfAssessments {
			if rep.PartValid(evaluation.PartPointer("table", i)) {
				doc.Parts = append(doc.Parts, b.tablePart(i))
			}
		}
	case "department":
		if d.DepartmentReport == nil {
			return nil, fmt.Errorf("build document: no department report")
		}
		doc.Title = p.Fill(w.DepartmentReport.StandaloneTitle, d)
		doc.Parts = append(doc.Parts, b.departmentPart(d.DepartmentReport, 0))
	case "project":
		if opts.Index < 0 || opts.Index >= len(d.ProjectReports) {
			return nil, fmt.Errorf("build document: no project report %d", opts.Index+1)
		}
		doc.Title = p.Fill(w.ProjectReport.StandaloneTitle, d.ProjectReports[opts.Index])
		doc.Parts = append(doc.Parts, b.projectPart(opts.Index, 0))
	case "table":
		if opts.Index < 0 || opts.Index >= len(d.SelfAssessments) {
			return nil, fmt.Errorf("build document: no self-assessment table %d", opts.Index+1)
		}
		doc.Title = d.SelfAssessments[opts.Index].Project + w.SelfAssessment.Title
		doc.Parts = append(doc.Parts, b.tablePart(opts.Index))
	default:
		return nil, fmt.Errorf("build document: unknown part %q", opts.Part)
	}
	return doc, nil
}

// FindingsPart is the part that lists the audit's findings of rep, a
// computed report, to end a document with; false when it has none.
func FindingsPart(rep *evaluation.Report) (Part, bool) {
	if len(rep.Findings) == 0 || rep.Disclosure == nil || rep.Profile == nil {
		return Part{}, false
	}
	b := builder{p: rep.Profile, w: &rep.Profile.Forms, d: rep.Disclosure}
	return b.findingsPart(rep.Findings), true
}

// findingsPart lists the audit's findings: severity, place, the declared
// and computed figures and the message.
func (b *builder) findingsPart(fs []evaluation.Finding) Part {
	w := &b.w.Findings
	title := b.p.Fill(w.Title, b.d)
	head := Row{label(w.Number, 1), label(w.Severity, 1), label(w.Path, 1), label(w.Declared, 1), label(w.Computed, 1), label(w.Message, 1)}
	tbl := Table{Name: title, Columns: []float64{5, 6, 38, 10, 10, 31}, RepeatTo: 1, Rows: []Row{head}}
	for k, f := range fs {
		severity := w.Warning
		if f.Severity == "info" {
			severity = w.Info
		}
		tbl.Rows = append(tbl.Rows, Row{label(fmt.Sprint(k+1), 1), label(severity, 1),
			{Text: f.Path, Style: "tableText"}, label(f.Declared, 1), label(f.Computed, 1), {Text: f.Message, Style: "tableText"}})
	}
	return Part{Bookmark: title, Style: "table", Kind: PartFindings, Blocks: []Block{Paragraph{Style: "tableTitle", Text: title}, tbl}}
}

type builder struct {
	p        *profile.Profile
	w        *profile.Forms
	d        *evaluation.Disclosure
	res      *evaluation.Result
	unit     string // the money unit
	declared bool
	// levelPoints are the tables' 一级指标 wordings (levelLabel), by
	// level, with a marker for the points.
	levelPoints map[string]string
}

// reportPart starts a report: numbered n (一、…) inside a disclosure, or
// under a centred title when n is 0 (the report stands alone), in which
// case its sections take the first numbering level.
func (b *builder) reportPart(kind string, index, n int, heading, standaloneTitle, path string, sections []evaluation.Section, closing []string) Part {
	p := Part{Bookmark: Marker(b.numbering(0), n) + heading, Kind: kind, Index: index}
	level := 0
	if n > 0 {
		p.Blocks = append(p.Blocks, Heading{Level: 0, Number: Marker(b.numbering(0), n), Text: heading, Path: path})
		level = 1
	} else {
		p.Bookmark = standaloneTitle
		p.Blocks = append(p.Blocks, Paragraph{Style: "title", Text: standaloneTitle})
	}
	p.Blocks = b.sections(p.Blocks, sections, level, path+"/sections")
	// The signature (落款): the first line's path ends in "closing", the
	// name layout.seal.over gives it.
	for k, line := range closing {
		at := path + "/closing"
		if k > 0 {
			at = fmt.Sprintf("%s/%d", at, k)
		}
		p.Blocks = append(p.Blocks, Paragraph{Style: "closing", Text: b.p.Fill(line, b.d), Path: at})
	}
	return p
}

func (b *builder) departmentPart(r *evaluation.DepartmentReport, n int) Part {
	title := b.w.DepartmentReport.Title
	if r.Title != "" {
		title = r.Title
	}
	return b.reportPart(PartDepartment, 0, n, title, b.p.Fill(b.w.DepartmentReport.StandaloneTitle, b.d), "/departmentReport", r.Sections, b.w.DepartmentReport.Closing)
}

func (b *builder) projectPart(i, n int) Part {
	r := &b.d.ProjectReports[i]
	title := b.w.ProjectReport.Title
	if r.Title != "" {
		title = r.Title
	}
	path := fmt.Sprintf("/projectReports/%d", i)
	return b.reportPart(PartProject, i, n, title, b.p.Fill(b.w.ProjectReport.StandaloneTitle, r), path, r.Sections, b.w.ProjectReport.Closing)
}

// prose is the text at path with its placeholders printing computed
// figures (evaluation fills them).
func (b *builder) prose(path, text string) string {
	if t, ok := b.res.Texts[path]; ok {
		return t
	}
	return text
}

func (b *builder) numbering(level int) string {
	if level < len(b.w.Numbering) {
		return b.w.Numbering[level]
	}
	return b.w.Numbering[len(b.w.Numbering)-1]
}

func (b *builder) sections(blocks []Block, ss []evaluation.Section, level int, path string) []Block {
	for i := range ss {
		s := &ss[i]
		p := fmt.Sprintf("%s/%d", path, i)
		blocks = append(blocks, Heading{Level: level, Number: Marker(b.numbering(level), i+1), Text: s.Heading,
			Bookmark: level <= 1, Path: p + "/heading"})
		for j := range s.Blocks {
			blocks = b.block(blocks, &s.Blocks[j], fmt.Sprintf("%s/blocks/%d", p, j))
		}
		blocks = b.sections(blocks, s.Sections, level+1, p+"/sections")
	}
	return blocks
}

func (b *builder) block(blocks []Block, bl *evaluation.Block, path string) []Block {
	switch {
	case bl.Paragraph != "":
		return append(blocks, Paragraph{Style: "body", Text: b.prose(path, bl.Paragraph), Path: path})
	case bl.List != nil:
		style := b.w.ListMarkers[bl.List.Style]
		start := max(bl.List.Start, 1)
		for k, item := range bl.List.Items {
			p := fmt.Sprintf("%s/list/items/%d", path, k)
			blocks = append(blocks, Paragraph{Style: "body", Text: Marker(style, start+k) + b.prose(p, item), Path: p})
		}
		return blocks
	case bl.Table != nil:
		return b.freeTable(blocks, bl.Table, path+"/table")
	}
	return blocks
}

// freeTable lays out a table given in the input, such as the
// 绩效指标情况表 of a project report.
func (b *builder) freeTable(blocks []Block, t *evaluation.Table, path string) []Block {
	if t.Caption != "" {
		blocks = append(blocks, Paragraph{Style: "caption", Text: t.Caption, Path: path + "/caption"})
	}
	tb := Table{Name: t.Caption, RepeatFrom: 0, RepeatTo: len(t.Header)}
	for _, group := range []struct {
		rows  [][]evaluation.Cell
		name  string
		style string
	}{{t.Header, "header", "table"}, {t.Rows, "rows", "tableText"}} {
		for r, row := range group.rows {
			out := make(Row, len(row))
			for c, cell := range row {
				style := group.style
				if group.name == "rows" && (cell.RowSpan > 1 || len([]rune(cell.Text)) <= 8) {
					style = "table" // labels and short figures are centred
				}
				out[c] = Cell{Text: cell.Text, RowSpan: cell.RowSpan, ColSpan: cell.ColSpan, Style: style,
					Path: fmt.Sprintf("%s/%s/%d/%d", path, group.name, r, c)}
			}
			tb.Rows = append(tb.Rows, out)
		}
	}
	tb.Columns = columnWidths(t, tb.Rows)
	return append(blocks, tb)
}

// columnWidths returns the table's relative widths: as given, or in
// proportion to the longest text of each column (within bounds, so a
// label column stays readable and a text column does not take all).
func columnWidths(t *evaluation.Table, rows []Row) []float64 {
	n := 0
	if len(rows) > 0 {
		for _, c := range rows[0] {
			_, cs := c.Span()
			n += cs
		}
	}
	ws := make([]float64, n)
	if len(t.Widths) == n {
		for i := range ws {
			ws[i] = t.Widths[i].Value.InexactFloat64()
		}
		return ws
	}
	for i := range ws {
		ws[i] = 4
	}
	var cols spans.Grid
	for r, row := range rows {
		cols.Row(r)
		for _, cell := range row {
			rs, cs := cell.Span()
			c := cols.Place(rs, cs)
			if cs == 1 && c < n {
				ws[c] = max(ws[c], min(float64(len([]rune(cell.Text))), 30))
			}
		}
	}
	return ws
}
