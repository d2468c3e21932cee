package xlsx

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/profile"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// gradeFormula returns the grade of the score in cell as nested IFs on the
// scheme's thresholds, in the order evaluation.Scheme.Grade tries them.
func (w *writer) gradeFormula(cell string) string {
	gs := w.scheme.Grades
	f := quote(gs[len(gs)-1].Grade)
	for i := len(gs) - 2; i >= 0; i-- {
		f = fmt.Sprintf("IF(%s>=%s,%s,%s)", cell, gs[i].Min.String(), quote(gs[i].Grade), f)
	}
	return f
}

// average is the mean of ds at the score scale.
func (w *writer) average(ds []decimal.Decimal) decimal.Decimal {
	return w.scheme.Quo(profile.KindScore, sum(ds), decimal.NewFromInt(int64(len(ds))))
}

// prefixed qualifies each range of a comma-separated list with a sheet.
func prefixed(sheet, ranges string) string {
	parts := strings.Split(ranges, ",")
	for i, p := range parts {
		parts[i] = sheet + p
	}
	return strings.Join(parts, ",")
}

// summary writes the 汇总: one row per table, every figure a reference to
// (or a formula over) the table's sheet, then the totals, the averages
// and the number of tables of each grade.
func (w *writer) summary(name string, refs []tableRefs) error {
	s := &w.cfg.Summary
	levels := w.scheme.SelfAssessment.Levels
	cExec := 6
	cLevel := cExec + 1
	cTotal := cLevel + len(levels)
	cGrade := cTotal + 1
	wd := s.Widths
	widths := []float64{wd.Number, wd.Project, wd.Unit, wd.Amount, wd.Amount, wd.Rate, wd.Score}
	for range levels {
		widths = append(widths, wd.Score)
	}
	widths = append(widths, wd.Score, wd.Grade)

	sw, err := w.newSheet(name, true)
	if err != nil {
		return err
	}
	g := w.newGrid(widths)
	minH := w.cfg.MinRowHeight
	unit := w.unit
	na := w.forms.Indicators.NotApplicable

	g.add(minH*1.75, txt(0, cGrade, w.fill(s.Title, "department", w.d.Department, "year", strconv.Itoa(w.d.Year)),
		style{size: w.cfg.Sizes.Title, bold: true}))
	g.add(minH, txt(0, cGrade, w.fill(s.Unit, "unit", unit), style{align: "right"}))
	bold := style{border: true, bold: true}
	h1, _ := g.add(minH, txt(cExec, cTotal-1, s.Scores, bold))
	sub := []item{txt(cExec, cExec, s.Execution, bold)}
	for k, l := range levels {
		sub = append(sub, txt(cLevel+k, cLevel+k, l.Name, bold))
	}
	h2, _ := g.add(minH, sub...)
	for k, h := range []string{s.Number, s.Project, s.ImplementingUnit, s.Budget, s.Executed, s.Rate} {
		g.span(h1, h2, txt(k, k, h, bold))
	}
	g.span(h1, h2, txt(cTotal, cTotal, s.Total, bold))
	g.span(h1, h2, txt(cGrade, cGrade, s.Grade, bold))
	w.titles = append(w.titles, printTitles{sheet: name, first: h1, end: h2})
	if err := sw.SetPanes(&excelize.Panes{
		Freeze: true, YSplit: h2 + 1, TopLeftCell: cellName(0, h2+1), ActivePane: "bottomLeft",
	}); err != nil {
		return err
	}

	first := len(g.rows)
	money := func(c int, v decimal.Decimal, f string) item { return w.fig(c, c, profile.KindMoney, v, f) }
	score := func(c int, v decimal.Decimal, f string) item { return w.fig(c, c, profile.KindScore, v, f) }
	var budgets, executed, execScores, totals []decimal.Decimal
	levelScores := make([][]decimal.Decimal, len(levels))
	counts := map[string]int{}
	for k, ref := range refs {
		t, r := &w.d.SelfAssessments[ref.index], &w.res.Tables[ref.index]
		p := sheetRef(ref.sheet)
		row := len(g.rows)
		items := []item{
			{c1: 0, c2: 0, v: k + 1, st: style{border: true}, text: strconv.Itoa(k + 1)},
			txt(1, 1, t.Project, stLeft), txt(2, 2, t.ImplementingUnit, stLeft),
			money(3, t.Funds.Total.Budget.Value, p+ref.budget),
			money(4, t.Funds.Total.Executed.Value, p+ref.executed),
			w.fig(5, 5, profile.KindRate, r.ExecutionRate, p+ref.rate),
			score(cExec, r.ExecutionScore, p+ref.score),
		}
		for li, l := range levels {
			c := cLevel + li
			rs, ok := ref.levels[l.Name]
			if !ok {
				items = append(items, txt(c, c, "", stText))
				continue
			}
			rs = prefixed(p, rs)
			f := fmt.Sprintf(`IF(COUNT(%s)=0,%s,%s)`, rs, quote(na), w.sumFormula(rs, profile.KindScore))
			lr := levelResult(r, l.Name)
			if lr.Scored {
				items = append(items, score(c, lr.Score, f))
				levelScores[li] = append(levelScores[li], lr.Score)
			} else {
				items = append(items, item{c1: c, c2: c, f: f, v: na, st: w.kindStyle(profile.KindScore)})
			}
		}
		items = append(items,
			score(cTotal, r.Total, p+ref.total),
			item{c1: cGrade, c2: cGrade, f: w.gradeFormula(cellName(cTotal, row)), v: r.Grade, st: stText})
		g.add(minH, items...)
		budgets = append(budgets, t.Funds.Total.Budget.Value)
		executed = append(executed, t.Funds.Total.Executed.Value)
		execScores = append(execScores, r.ExecutionScore)
		totals = append(totals, r.Total)
		counts[r.Grade]++
	}
	if len(refs) == 0 {
		return g.flush(sw)
	}
	last := len(g.rows) - 1
	col := func(c int) string { return cellName(c, first) + ":" + cellName(c, last) }

	// 合计.
	sumRow := len(g.rows)
	sumB := w.scheme.Round(profile.KindMoney, sum(budgets))
	sumE := w.scheme.Round(profile.KindMoney, sum(executed))
	items := []item{
		txt(0, 2, s.Sum, bold),
		money(3, sumB, w.sumFormula(col(3), profile.KindMoney)),
		money(4, sumE, w.sumFormula(col(4), profile.KindMoney)),
		w.fig(5, 5, profile.KindRate, w.scheme.Percent(sumE, sumB), w.rateFormula(cellName(4, sumRow), cellName(3, sumRow))),
	}
	for c := cExec; c <= cGrade; c++ {
		items = append(items, txt(c, c, "", stText))
	}
	g.add(minH, items...)

	// 平均分.
	items = []item{txt(0, 2, s.Average, bold)}
	for c := 3; c < cExec; c++ {
		items = append(items, txt(c, c, "", stText))
	}
	// AVERAGE skips the "--" of a level that no row of a table scores.
	avg := func(c int, ds []decimal.Decimal) item {
		f := fmt.Sprintf(`IF(COUNT(%s)=0,%s,%s)`, col(c), quote(na), w.round("AVERAGE("+col(c)+")", profile.KindScore))
		if len(ds) == 0 {
			return item{c1: c, c2: c, f: f, v: na, st: w.kindStyle(profile.KindScore)}
		}
		return score(c, w.average(ds), f)
	}
	items = append(items, avg(cExec, execScores))
	for li := range levels {
		items = append(items, avg(cLevel+li, levelScores[li]))
	}
	items = append(items, avg(cTotal, totals), txt(cGrade, cGrade, "", stText))
	g.add(minH, items...)

	// Tables per grade.
	gs := w.scheme.Grades
	for i, gb := range gs {
		var band string
		switch {
		case len(gs) == 1:
		case i == 0:
			band = w.fill(s.GradeTop, "min", gb.Min.String())
		case i == len(gs)-1:
			band = w.fill(s.GradeBottom, "max", gs[i-1].Min.String())
		default:
			band = w.fill(s.GradeBand, "min", gb.Min.String(), "max", gs[i-1].Min.String())
		}
		label := w.fill(s.GradeCount, "name", gb.Grade) + band
		n := counts[gb.Grade]
		g.add(minH, txt(0, 2, label, stLeft),
			item{c1: 3, c2: 3, f: fmt.Sprintf("COUNTIF(%s,%s)", col(cGrade), quote(gb.Grade)), v: n,
				st: style{border: true, numFmt: fmtInt}, text: strconv.Itoa(n)})
	}
	return g.flush(sw)
}

func sum(ds []decimal.Decimal) decimal.Decimal {
	var s decimal.Decimal
	for _, d := range ds {
		s = s.Add(d)
	}
	return s
}

// levelResult returns the computed 一级指标 of a table by name.
func levelResult(r *evaluation.TableResult, name string) evaluation.LevelResult {
	for _, l := range r.Levels {
		if l.Name == name {
			return l
		}
	}
	return evaluation.LevelResult{Name: name}
}
