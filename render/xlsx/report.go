package xlsx

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/profile"
	"github.com/shopspring/decimal"
)

// execRefs are the cells of the department's budget block that a
// computed 预算执行率 leaf scores from.
type execRefs struct{ budget, spending string }

// wide stretches a value item over the report's value columns B:D.
func wide(it item) item {
	it.c1, it.c2 = 1, 3
	return it
}

// departmentSheet writes the department report's budget figures and its
// scored indicator tree.
func (w *writer) departmentSheet(name string) error {
	dr, res := w.d.DepartmentReport, w.res.Department
	rw := &w.cfg.Report
	sw, err := w.newSheet(name, false)
	if err != nil {
		return err
	}
	g := w.newGrid(rw.Columns)
	w.reportHeading(g, rw.DepartmentTitle, w.fill(rw.DepartmentSubtitle, "department", w.d.Department, "year", strconv.Itoa(w.d.Year)))

	unit := w.unit
	minH := w.cfg.MinRowHeight
	b := &dr.Budget
	line := func(label string, it item) string {
		r, _ := g.add(minH, txt(0, 0, label, stLeft), wide(it))
		return cellName(1, r)
	}
	money := func(n evaluation.Number) item { return w.fig(1, 1, profile.KindMoney, n.Value, "") }
	ex := &execRefs{
		budget:   line(w.fill(rw.Budget, "unit", unit), money(b.Budget.Total)),
		spending: line(w.fill(rw.Spending, "unit", unit), money(b.Spending.Total)),
	}
	line(rw.ExecutionRate, w.fig(1, 1, profile.KindRate, res.ExecutionRate, w.rateFormula(ex.spending, ex.budget)))
	carry := func(c *evaluation.Carryover, year int, rate decimal.Decimal) string {
		if c.Year != 0 {
			year = c.Year
		}
		y := strconv.Itoa(year)
		bc := line(w.fill(rw.CarryoverBudget, "year", y, "unit", unit), money(c.Budget))
		ac := line(w.fill(rw.CarryoverAmount, "year", y, "unit", unit), money(c.Amount))
		return line(w.fill(rw.CarryoverRate, "year", y), w.fig(1, 1, profile.KindRate, rate, w.rateFormula(ac, bc)))
	}
	var rateNow, ratePrev string
	if b.Carryover != nil && res.CarryoverRate != nil {
		rateNow = carry(b.Carryover, w.d.Year, *res.CarryoverRate)
	}
	if b.PreviousCarryover != nil && res.PreviousCarryoverRate != nil {
		ratePrev = carry(b.PreviousCarryover, w.d.Year-1, *res.PreviousCarryoverRate)
	}
	if rateNow != "" && ratePrev != "" && res.CarryoverRateChange != nil {
		// The change is in percentage points: a number at the rate's
		// scale, not a rate.
		rf := w.scheme.Figures.Rate
		change := *res.CarryoverRateChange
		line(rw.CarryoverChange, item{c1: 1, c2: 1, f: w.roundTo(fmt.Sprintf("(%s-%s)*100", rateNow, ratePrev), rf.Decimals),
			v: f64(change), st: style{border: true, format: numberFormat(rf, false)}, text: w.scheme.Number(profile.KindRate, change)})
	}
	if fa := b.FinalAccounts; fa != nil && res.FinalAccountsDifference != nil && res.FinalAccountsDifferenceRate != nil {
		bc := line(w.fill(rw.FinalBudget, "unit", unit), money(fa.Budget))
		ac := line(w.fill(rw.FinalActual, "unit", unit), money(fa.Actual))
		line(w.fill(rw.FinalDifference, "unit", unit), w.fig(1, 1, profile.KindMoney, *res.FinalAccountsDifference,
			w.round(fmt.Sprintf("ABS(%s-%s)", ac, bc), profile.KindMoney)))
		line(rw.FinalDifferenceRate, w.fig(1, 1, profile.KindRate, *res.FinalAccountsDifferenceRate,
			fmt.Sprintf("IF(%s=0,0,%s)", bc, w.round(fmt.Sprintf("ABS(%s-%s)/%s", ac, bc, bc), profile.KindRate))))
	}
	g.add(minH / 2)
	w.scoredTree(g, name, dr.Indicators, res.Indicators, res.Total, res.Grade, ex)
	return g.flush(sw)
}

// projectSheet writes project report i's scored indicator tree.
func (w *writer) projectSheet(name string, i int) error {
	p, res := &w.d.ProjectReports[i], &w.res.Projects[i]
	rw := &w.cfg.Report
	sw, err := w.newSheet(name, false)
	if err != nil {
		return err
	}
	g := w.newGrid(rw.Columns)
	w.reportHeading(g, rw.ProjectTitle, w.fill(rw.ProjectSubtitle, "project", p.Project, "year", strconv.Itoa(w.d.Year)))
	w.scoredTree(g, name, p.Indicators, res.Indicators, res.Total, res.Grade, nil)
	return g.flush(sw)
}

func (w *writer) reportHeading(g *grid, title, subtitle string) {
	g.add(w.cfg.MinRowHeight*1.75, txt(0, 3, title, style{size: w.cfg.Sizes.Title, bold: true}))
	g.add(w.cfg.MinRowHeight, txt(0, 3, subtitle, style{size: w.cfg.Sizes.Subtitle}))
}

// scoredTree writes the header, one row per indicator (inner nodes sum
// their children live), 总分 and 等级.
func (w *writer) scoredTree(g *grid, sheet string, nodes []evaluation.Indicator, res []evaluation.NodeResult,
	total decimal.Decimal, grade string, ex *execRefs) {
	rw := &w.cfg.Report
	bold := style{border: true, bold: true}
	var head []item
	for k, h := range rw.ColumnsHeader {
		head = append(head, txt(k, k, h, bold))
	}
	hr, _ := g.add(w.cfg.MinRowHeight, head...)
	w.titles = append(w.titles, printTitles{sheet: sheet, first: hr, end: hr})
	top := w.tree(g, nodes, res, 0, ex)

	var weight decimal.Decimal
	for _, n := range res {
		weight = weight.Add(n.Weight)
	}
	tr := len(g.rows)
	g.add(w.cfg.MinRowHeight, txt(0, 0, rw.Total, bold),
		w.fig(1, 1, profile.KindWeight, weight, w.sumFormula(cells(1, top), profile.KindWeight)),
		w.fig(2, 2, profile.KindScore, total, w.sumFormula(cells(2, top), profile.KindScore)),
		w.fig(3, 3, profile.KindRate, w.scheme.Percent(total, weight), w.rateFormula(cellName(2, tr), cellName(1, tr))))
	g.add(w.cfg.MinRowHeight, txt(0, 0, rw.Grade, bold),
		item{c1: 1, c2: 3, f: w.gradeFormula(cellName(2, tr)), v: grade, st: stText})
}

// cells lists the cells of column col in rows, for SUM.
func cells(col int, rows []int) string {
	parts := make([]string, len(rows))
	for i, r := range rows {
		parts[i] = cellName(col, r)
	}
	return strings.Join(parts, ",")
}

// tree writes nodes and their descendants, returning the rows of nodes.
func (w *writer) tree(g *grid, nodes []evaluation.Indicator, res []evaluation.NodeResult, depth int, ex *execRefs) []int {
	rows := make([]int, len(nodes))
	for i := range nodes {
		n, nr := &nodes[i], &res[i]
		r, _ := g.add(w.cfg.MinRowHeight, txt(0, 0, n.Name, style{border: true, align: "left", indent: depth, bold: depth == 0}))
		rows[i] = r
		var wi, si item
		switch {
		case len(n.Children) > 0:
			kids := w.tree(g, n.Children, nr.Children, depth+1, ex)
			wi = w.fig(1, 1, profile.KindWeight, nr.Weight, w.sumFormula(cells(1, kids), profile.KindWeight))
			si = w.fig(2, 2, profile.KindScore, nr.Score, w.sumFormula(cells(2, kids), profile.KindScore))
		case n.Computed == "executionRate" && ex != nil:
			wi = w.fig(1, 1, profile.KindWeight, nr.Weight, "")
			si = w.fig(2, 2, profile.KindScore, nr.Score, w.executionFormula(ex.spending, ex.budget, cellName(1, r)))
		default:
			wi, si = w.fig(1, 1, profile.KindWeight, nr.Weight, ""), w.fig(2, 2, profile.KindScore, nr.Score, "")
		}
		g.put(r, wi)
		g.put(r, si)
		g.put(r, w.fig(3, 3, profile.KindRate, nr.Rate, w.rateFormula(cellName(2, r), cellName(1, r))))
	}
	return rows
}
