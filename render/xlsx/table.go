package xlsx

import (
	"fmt"
	"strings"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/render"
	"github.com/shopspring/decimal"
)

// tableCols is the number of columns of a self-assessment sheet: the
// block labels (项目资金, 年度总体目标, 绩效指标), then the eight columns
// of the indicator grid, 一级指标 to 偏差原因分析及改进措施.
const tableCols = 9

// Columns of the self-assessment sheet.
const (
	colLabel = iota
	colLevel1
	colLevel2
	colIndicator
	colTarget
	colActual
	colWeight
	colScore
	colDeviation
)

// fundSources are the keys of the wording's fundRows for the source rows
// of the funds block, below the total ("total"), as the PDF orders them.
var fundSources = [3]string{"fiscal", "carryover", "other"}

// Columns of the funds block, under the same grid.
const (
	colInitial  = colIndicator // 年初预算数
	colBudget   = colTarget    // 全年预算数
	colExecuted = colActual    // 全年执行数
	colFundW    = colWeight    // 分值
	colRate     = colScore     // 执行率
	colFundS    = colDeviation // 得分
)

// tableRefs are the cells of a table sheet that the 汇总 refers to.
type tableRefs struct {
	sheet                         string
	index                         int
	budget, executed, rate, score string
	total                         string
	// levels holds, by 一级指标 name, the ranges of its score cells.
	levels map[string]string
}

// Reusable cell styles.
var (
	stLabel   = style{border: true}
	stText    = style{border: true}
	stLeft    = style{border: true, align: "left"}
	stFixed   = style{border: true, numFmt: fmtFixed2} // amounts and computed scores
	stPercent = style{border: true, numFmt: fmtPercent}
	stNumber  = style{border: true, numFmt: fmtGeneral}
)

func txt(c1, c2 int, s string, st style) item { return item{c1: c1, c2: c2, v: s, st: st} }

// num is a number cell; the text measured is the number as displayed.
func num(c int, d decimal.Decimal, st style) item {
	return item{c1: c, c2: c, v: f64(d), st: st, text: display(d, st.numFmt)}
}

// formula is a formula cell with its cached value.
func formula(c1, c2 int, f string, cached decimal.Decimal, st style) item {
	return item{c1: c1, c2: c2, f: f, v: f64(cached), st: st, text: display(cached, st.numFmt)}
}

// display formats a number as its cell shows it.
func display(d decimal.Decimal, numFmt int) string {
	switch numFmt {
	case fmtFixed2:
		return d.StringFixed(2)
	case fmtPercent:
		return d.Mul(decimal.NewFromInt(100)).StringFixed(2) + "%"
	case fmtInt:
		return d.StringFixed(0)
	}
	return d.String()
}

// quote writes s as an Excel string literal; a line break becomes
// CHAR(10).
func quote(s string) string {
	parts := strings.Split(s, "\n")
	for i, p := range parts {
		parts[i] = `"` + strings.ReplaceAll(p, `"`, `""`) + `"`
	}
	return strings.Join(parts, "&CHAR(10)&")
}

// places returns the number of decimals of d as written without trailing
// zeros, and at least min.
func places(d decimal.Decimal, min int32) int32 {
	s := d.String()
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return max(min, int32(len(s)-i-1))
	}
	return min
}

// rateFormula is num/den as a fraction rounded to the scheme's rate scale
// (a percentage with Scale.Rate decimals), 0 when den is 0.
func (w *writer) rateFormula(num, den string) string {
	return fmt.Sprintf("IF(%s=0,0,ROUND(%s/%s,%d))", den, num, den, w.scheme.Scale.Rate+2)
}

// fraction turns a computed percentage into the fraction a cell holds.
func fraction(percent decimal.Decimal) decimal.Decimal { return percent.Div(decimal.NewFromInt(100)) }

// table writes the sheet of self-assessment table i in the layout of the
// published 项目支出绩效自评表.
func (w *writer) table(name string, i int) (tableRefs, error) {
	t, r := &w.d.SelfAssessments[i], &w.res.Tables[i]
	c := &w.wd.SelfAssessment // the PDF's wording (templates/wording.json)
	sw, err := w.newSheet(name, false)
	if err != nil {
		return tableRefs{}, err
	}
	g := w.newGrid(w.cfg.SelfAssessment.Columns)
	minH := w.cfg.MinRowHeight
	last := tableCols - 1
	scoreScale := w.scheme.Scale.Score

	g.add(minH*1.75, txt(0, last, c.Title, style{size: w.cfg.Sizes.Title, bold: true}))
	g.add(minH, txt(0, last, render.Fill(c.Year, w.d), style{size: w.cfg.Sizes.Subtitle}))
	g.add(minH, txt(0, 1, c.Project, stLabel), txt(2, last, t.Project, stLeft))
	g.add(minH, txt(0, 1, c.CompetentDepartment, stLabel), txt(2, 4, t.CompetentDepartment, stLeft),
		txt(5, 5, c.ImplementingUnit, stLabel), txt(6, last, t.ImplementingUnit, stLeft))
	g.add(minH, txt(0, 1, c.Manager, stLabel), txt(2, 4, t.Manager, stLeft),
		txt(5, 5, c.Phone, stLabel), txt(6, last, t.Phone, stLeft))

	// 项目资金: a header row, the total with the execution figures, then
	// the three sources, whose 分值/执行率/得分 cells hold the wording's
	// fundSourceMarks (—, —, nothing).
	head := []item{txt(colLevel1, colLevel2, "", stLabel)}
	for k, h := range c.FundColumns {
		head = append(head, txt(colInitial+k, colInitial+k, h, stLabel))
	}
	fundsTop, _ := g.add(minH, head...)
	amounts := func(fr *evaluation.FundRow) []item {
		var ns [3]evaluation.Number
		if fr != nil {
			ns = [3]evaluation.Number{fr.InitialBudget, fr.Budget, fr.Executed}
		}
		out := make([]item, 0, 3)
		for k, n := range ns {
			if n.Valid {
				out = append(out, num(colInitial+k, n.Value, stFixed))
			} else {
				out = append(out, txt(colInitial+k, colInitial+k, "", stFixed))
			}
		}
		return out
	}
	rt := len(g.rows)
	eBudget, eExecuted, eWeight := cellName(colBudget, rt), cellName(colExecuted, rt), cellName(colFundW, rt)
	refs := tableRefs{
		sheet: name, index: i, budget: eBudget, executed: eExecuted,
		rate: cellName(colRate, rt), score: cellName(colFundS, rt), levels: map[string]string{},
	}
	total := append([]item{txt(colLevel1, colLevel2, c.FundRows["total"], stLabel)}, amounts(&t.Funds.Total)...)
	total = append(total,
		num(colFundW, r.ExecutionWeight, stNumber),
		formula(colRate, colRate, w.rateFormula(eExecuted, eBudget), fraction(r.ExecutionRate), stPercent),
		formula(colFundS, colFundS, fmt.Sprintf("IF(%s=0,0,ROUND(MIN(%s/%s,1)*%s,%d))", eBudget, eExecuted, eBudget, eWeight, scoreScale),
			r.ExecutionScore, stFixed))
	g.add(minH, total...)
	var fundsEnd int
	for k, fr := range []*evaluation.FundRow{t.Funds.Fiscal, t.Funds.Carryover, t.Funds.Other} {
		row := append([]item{txt(colLevel1, colLevel2, c.FundRows[fundSources[k]], stLabel)}, amounts(fr)...)
		for m, mark := range c.FundSourceMarks {
			row = append(row, txt(colFundW+m, colFundW+m, mark, stText))
		}
		_, fundsEnd = g.add(minH, row...)
	}
	g.keep(fundsTop, fundsEnd)
	g.span(fundsTop, fundsEnd, txt(colLabel, colLabel, render.Fill(c.Funds, map[string]string{"Unit": w.d.MoneyUnit()}), stLabel))

	// 年度总体目标.
	goalsTop, _ := g.add(minH, txt(colLevel1, colTarget, c.Expected, stLabel), txt(colActual, last, c.Actual, stLabel))
	_, goalsEnd := g.add(minH*2, txt(colLevel1, colTarget, t.Goals.Expected, stLeft), txt(colActual, last, t.Goals.Actual, stLeft))
	g.keep(goalsTop, goalsEnd)
	g.span(goalsTop, goalsEnd, txt(colLabel, colLabel, c.Goals, stLabel))

	// 绩效指标: header, one row per indicator, 一级/二级 merged over
	// their runs, 分值/得分 merged over a row's scoreRows.
	head = nil
	for k, h := range c.IndicatorColumns {
		head = append(head, txt(colLevel1+k, colLevel1+k, h, stLabel))
	}
	gridTop, _ := g.add(minH, head...)
	w.titles = append(w.titles, printTitles{sheet: name, first: gridTop, end: gridTop})
	type rows struct{ first, last int }
	at := make([]rows, len(t.Indicators))
	for k := range t.Indicators {
		if err := w.checkRows(k); err != nil {
			return tableRefs{}, err
		}
		ind, rr := &t.Indicators[k], &r.Rows[k]
		items := []item{
			txt(colIndicator, colIndicator, ind.Name, stText), txt(colTarget, colTarget, ind.Target, stText),
			txt(colActual, colActual, ind.Actual, stText), txt(colDeviation, colDeviation, ind.Deviation, stText),
		}
		switch {
		case ind.NotApplicable: // --, or blank on an unused line, as in the PDF
			mark := w.wd.NotApplicableMark(ind)
			items = append(items, txt(colWeight, colWeight, mark, stText), txt(colScore, colScore, mark, stText))
		case rr.Scored:
			items = append(items, num(colWeight, rr.Weight, stNumber), num(colScore, rr.Score, stNumber))
		default: // under the merged score cell of an earlier row
			items = append(items, txt(colWeight, colWeight, "", stText), txt(colScore, colScore, "", stText))
		}
		at[k].first, at[k].last = g.add(minH, items...)
	}
	for k := range t.Indicators {
		if n := t.Indicators[k].ScoreRows; n > 1 && r.Rows[k].Scored {
			end := at[min(k+n-1, len(at)-1)].last
			g.keep(at[k].first, end)
			g.merge(area{at[k].first, colWeight, end, colWeight})
			g.merge(area{at[k].first, colScore, end, colScore})
		}
	}
	gridEnd := at[len(at)-1].last
	g.keep(gridTop, at[0].last)
	// Runs of 一级指标, and of 二级指标 inside them.
	ranges := map[string][][2]int{} // 一级指标 → its runs of rows
	var runs [][2]int               // runs of 一级指标, as indicator indexes
	for a := 0; a < len(at); {
		b := a
		for b+1 < len(at) && t.Indicators[b+1].Level1 == t.Indicators[a].Level1 {
			b++
		}
		l1 := t.Indicators[a].Level1
		ranges[l1] = append(ranges[l1], [2]int{at[a].first, at[b].last})
		runs = append(runs, [2]int{a, b})
		for x := a; x <= b; {
			y := x
			for y+1 <= b && t.Indicators[y+1].Level2 == t.Indicators[x].Level2 {
				y++
			}
			g.span(at[x].first, at[y].last, txt(colLevel2, colLevel2, t.Indicators[x].Level2, stText))
			x = y + 1
		}
		a = b + 1
	}
	colRanges := func(col int, rs [][2]int) string {
		parts := make([]string, len(rs))
		for k, r := range rs {
			parts[k] = cellName(col, r[0]) + ":" + cellName(col, r[1])
		}
		return strings.Join(parts, ",")
	}
	for _, run := range runs {
		l1 := t.Indicators[run[0]].Level1
		g.span(at[run[0]].first, at[run[1]].last, w.levelLabel(r, l1, colRanges(colWeight, ranges[l1])))
	}
	for _, l := range r.Levels {
		refs.levels[l.Name] = colRanges(colScore, ranges[l.Name])
	}
	g.span(gridTop, gridEnd, txt(colLabel, colLabel, c.Indicators, stLabel))

	// 总分: the execution weight and score plus the rows'.
	totalWeight := r.ExecutionWeight
	for _, l := range r.Levels {
		totalWeight = totalWeight.Add(l.Weight)
	}
	tr := len(g.rows)
	refs.total = cellName(colScore, tr)
	g.add(minH,
		txt(colLabel, colActual, c.Total, stLabel),
		formula(colWeight, colWeight, fmt.Sprintf("ROUND(%s+SUM(%s:%s),%d)", eWeight, cellName(colWeight, gridTop+1), cellName(colWeight, gridEnd), places(totalWeight, scoreScale)),
			totalWeight, stNumber),
		formula(colScore, colScore, fmt.Sprintf("ROUND(%s+SUM(%s:%s),%d)", refs.score, cellName(colScore, gridTop+1), cellName(colScore, gridEnd), scoreScale),
			r.Total, stFixed),
		txt(colDeviation, colDeviation, "", stText))

	if !t.OmitNotes {
		note := style{size: w.cfg.Sizes.Note, align: "left"}
		g.add(0, txt(0, last, c.NotesTitle, note))
		for _, n := range c.Notes {
			g.add(0, txt(0, last, n, note))
		}
	}
	g.keep(tr, len(g.rows)-1)
	g.paginate(false, [2]int{gridTop, gridTop})
	return refs, g.flush(sw)
}

// levelLabel is the 一级指标 cell: the wording's levelPoints, 产出指标（50分）
// (with a line break after the name when levelPointsBreak is set), the
// points a live sum of the level's weights; a level whose rows are all
// not applicable prints its name alone.
func (w *writer) levelLabel(r *evaluation.TableResult, name, weights string) item {
	for _, l := range r.Levels {
		if l.Name != name || !l.Scored {
			continue
		}
		before := strings.ReplaceAll(w.pointsBefore, nameMarker, name)
		after := strings.ReplaceAll(w.pointsAfter, nameMarker, name)
		if !w.pointsOK { // a template without the points: plain text
			return txt(colLevel1, colLevel1, before, stText)
		}
		f := fmt.Sprintf("%s&ROUND(SUM(%s),%d)&%s", quote(before), weights, places(l.Weight, w.scheme.Scale.Score), quote(after))
		return item{c1: colLevel1, c2: colLevel1, f: f, v: before + l.Weight.String() + after, st: stText}
	}
	return txt(colLevel1, colLevel1, name, stText)
}
