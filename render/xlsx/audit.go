package xlsx

import (
	"strconv"

	"github.com/jixiao/jixiao/evaluation"
)

// PartAudit is the kind of the 审核 sheet in a plan.
const PartAudit = "audit"

// audit writes the 审核 sheet: every finding of the report, with its
// severity, its place (the JSON Pointer, and a link to the cell of a
// table sheet that shows it), the declared and computed figures and the
// message. It comes last, after every cell has its place.
func (w *writer) audit(name string) error {
	a, wd := &w.rep.Profile.Forms.Findings, &w.cfg.Audit.Widths
	sw, err := w.newSheet(name, true)
	if err != nil {
		return err
	}
	g := w.newGrid([]float64{wd.Number, wd.Severity, wd.Path, wd.Cell, wd.Figure, wd.Figure, wd.Message})
	minH := w.cfg.MinRowHeight
	last := 6
	g.add(minH*1.75, txt(0, last, w.fill(a.Title, "department", w.d.Department, "year", strconv.Itoa(w.d.Year)),
		style{size: w.cfg.Sizes.Title, bold: true}))
	bold := style{border: true, bold: true}
	head, _ := g.add(minH, txt(0, 0, a.Number, bold), txt(1, 1, a.Severity, bold), txt(2, 2, a.Path, bold),
		txt(3, 3, a.Cell, bold), txt(4, 4, a.Declared, bold), txt(5, 5, a.Computed, bold), txt(6, 6, a.Message, bold))
	w.titles = append(w.titles, printTitles{sheet: name, first: head, end: head})
	for k, f := range w.rep.Findings {
		severity := a.Warning
		if f.Severity == "info" {
			severity = a.Info
		}
		g.add(minH,
			item{c1: 0, c2: 0, v: k + 1, st: stText, text: strconv.Itoa(k + 1)},
			txt(1, 1, severity, stText), txt(2, 2, f.Path, stLeft), w.cellLink(f),
			txt(4, 4, f.Declared, stText), txt(5, 5, f.Computed, stText), txt(6, 6, f.Message, stLeft))
	}
	g.paginate(true, [2]int{head, head})
	return g.flush(sw)
}

// cellLink is a link to the cell that shows a finding's figure, when a
// table sheet has one.
func (w *writer) cellLink(f evaluation.Finding) item {
	ref := w.cells[f.Path]
	if ref.sheet == "" {
		return txt(3, 3, "", stText)
	}
	shown := ref.sheet + "!" + ref.cell
	return item{c1: 3, c2: 3, f: "HYPERLINK(" + quote("#"+sheetRef(ref.sheet)+ref.cell) + "," + quote(shown) + ")",
		v: shown, st: stLeft}
}

// cellRef is where a value of the input is shown.
type cellRef struct{ sheet, cell string }
