package render

import (
	"fmt"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/shopspring/decimal"
)

// selfAssessmentColumns are the relative widths of the nine columns of
// the self-assessment table: the block label, 一级, 二级, 三级, 年度指标值,
// 实际完成值, 分值, 得分 and 偏差原因分析及改进措施. The funds block and
// the header rows are laid on the same grid.
var selfAssessmentColumns = []float64{52, 42, 46, 68, 70, 70, 28, 40, 94}

// tablePart builds a 项目支出绩效自评表 as one table on the form's grid.
func (b *builder) tablePart(i int) Part {
	t := &b.d.SelfAssessments[i]
	r := &b.res.Tables[i]
	w := &b.w.SelfAssessment
	path := fmt.Sprintf("/selfAssessments/%d", i)
	cell := func(text string, cols int, style, p string) Cell {
		return Cell{Text: text, ColSpan: cols, Style: style, Path: p}
	}
	label := func(text string, cols int) Cell { return cell(text, cols, "table", "") }

	tb := Table{Name: t.Project, Columns: selfAssessmentColumns}
	tb.Rows = append(tb.Rows,
		Row{label(w.Project, 1), cell(t.Project, 8, "table", path+"/project")},
		Row{label(w.CompetentDepartment, 1), cell(t.CompetentDepartment, 3, "table", path+"/competentDepartment"),
			label(w.ImplementingUnit, 1), cell(t.ImplementingUnit, 4, "table", path+"/implementingUnit")},
		Row{label(w.Manager, 1), cell(t.Manager, 3, "table", path+"/manager"),
			label(w.Phone, 1), cell(t.Phone, 4, "table", path+"/phone")},
	)
	tb.Rows = append(tb.Rows, b.fundRows(t, r, path)...)

	goals := Cell{Text: w.Goals, RowSpan: 2, Style: "table"}
	tb.Rows = append(tb.Rows,
		Row{goals, label(w.Expected, 4), label(w.Actual, 4)},
		Row{cell(t.Goals.Expected, 4, "tableText", path+"/goals/expected"), cell(t.Goals.Actual, 4, "tableText", path+"/goals/actual")},
	)

	header := Row{{Text: w.Indicators, RowSpan: len(t.Indicators) + 1, Style: "table"}}
	for _, c := range w.IndicatorColumns {
		header = append(header, label(c, 1))
	}
	tb.RepeatFrom = len(tb.Rows)
	tb.RepeatTo = tb.RepeatFrom + 1
	tb.KeepFrom = tb.RepeatFrom
	tb.Rows = append(tb.Rows, header)
	tb.Rows = append(tb.Rows, b.indicatorRows(t, r, path)...)

	total := b.figure(t.Declared.Total, r.Total.StringFixed(2))
	tb.Rows = append(tb.Rows, Row{label(w.Total, 6),
		label(b.res.Tables[i].ExecutionWeight.Add(levelWeights(r)).String(), 1),
		cell(total, 1, "table", path+"/declared/total"), label("", 1)})

	p := Part{Bookmark: t.Project, Style: "table"}
	p.Blocks = append(p.Blocks,
		Paragraph{Style: "tableTitle", Text: w.Title},
		Paragraph{Style: "tableYear", Text: fill(w.Year, b.d)},
		tb)
	if !t.OmitNotes {
		p.Blocks = append(p.Blocks, Paragraph{Style: "note", Text: w.NotesTitle})
		for _, n := range w.Notes {
			p.Blocks = append(p.Blocks, Paragraph{Style: "note", Text: n})
		}
	}
	return p
}

func levelWeights(r *evaluation.TableResult) decimal.Decimal {
	var sum decimal.Decimal
	for _, l := range r.Levels {
		sum = sum.Add(l.Weight)
	}
	return sum
}

// figure prints a derived figure: the declared text in declared mode
// when there is one, else the computed value.
func (b *builder) figure(declared evaluation.Number, computed string) string {
	if b.declared && declared.Valid {
		return declared.Raw
	}
	return computed
}

// money prints an amount at the form's scale.
func money(n evaluation.Number) string { return n.Fixed(2) }

func (b *builder) fundRows(t *evaluation.SelfAssessment, r *evaluation.TableResult, path string) []Row {
	w := &b.w.SelfAssessment
	// The label reads from the top, 项目资金 level with the column
	// heads and （万元） below, as on the printed form.
	head := Row{{Text: fill(w.Funds, map[string]string{"Unit": b.d.MoneyUnit()}), RowSpan: 5, Style: "table", Top: true},
		{Text: "", ColSpan: 2, Style: "table"}}
	for _, c := range w.FundColumns {
		head = append(head, Cell{Text: c, Style: "table"})
	}
	weight := r.ExecutionWeight.String()
	if t.ExecutionWeight.Valid {
		weight = t.ExecutionWeight.Raw
	}
	rows := []Row{head}
	for _, src := range []struct {
		key string
		row *evaluation.FundRow
	}{{"total", &t.Funds.Total}, {"fiscal", t.Funds.Fiscal}, {"carryover", t.Funds.Carryover}, {"other", t.Funds.Other}} {
		p := path + "/funds/" + src.key
		row := Row{{Text: w.FundRows[src.key], ColSpan: 2, Style: "tableText"}}
		if src.row == nil {
			row = append(row, Cell{Style: "table"}, Cell{Style: "table"}, Cell{Style: "table"})
		} else {
			row = append(row,
				Cell{Text: money(src.row.InitialBudget), Style: "table", Path: p + "/initialBudget"},
				Cell{Text: money(src.row.Budget), Style: "table", Path: p + "/budget"},
				Cell{Text: money(src.row.Executed), Style: "table", Path: p + "/executed"})
		}
		if src.key == "total" {
			row = append(row,
				Cell{Text: weight, Style: "table"},
				Cell{Text: b.figure(t.Declared.ExecutionRate, r.ExecutionRate.StringFixed(2)+"%"), Style: "table", Path: path + "/declared/executionRate"},
				Cell{Text: b.figure(t.Declared.ExecutionScore, r.ExecutionScore.StringFixed(2)), Style: "table", Path: path + "/declared/executionScore"})
		} else {
			for _, m := range w.FundSourceMarks {
				row = append(row, Cell{Text: m, Style: "table"})
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// indicatorRows builds the indicator grid with 一级 and 二级 labels
// spanning their rows and merged score cells spanning theirs.
func (b *builder) indicatorRows(t *evaluation.SelfAssessment, r *evaluation.TableResult, path string) []Row {
	inds := t.Indicators
	rows := make([]Row, len(inds))
	levels := map[string]evaluation.LevelResult{}
	for _, l := range r.Levels {
		levels[l.Name] = l
	}
	covered := 0
	for i := range inds {
		ind := &inds[i]
		p := fmt.Sprintf("%s/indicators/%d", path, i)
		var row Row
		if i == 0 || inds[i-1].Level1 != ind.Level1 {
			row = append(row, Cell{Text: b.levelLabel(t, levels[ind.Level1]), RowSpan: runLength(inds, i, true), Style: "table", Path: p + "/level1"})
		}
		if i == 0 || inds[i-1].Level1 != ind.Level1 || inds[i-1].Level2 != ind.Level2 {
			row = append(row, Cell{Text: ind.Level2, RowSpan: runLength(inds, i, false), Style: "table", Path: p + "/level2"})
		}
		row = append(row,
			Cell{Text: ind.Name, Style: "tableText", Path: p + "/name"},
			Cell{Text: ind.Target, Style: "tableText", Path: p + "/target"},
			Cell{Text: ind.Actual, Style: "tableText", Path: p + "/actual"})
		switch {
		case covered > 0:
			covered--
		case ind.NotApplicable:
			mark := b.w.NotApplicableMark(ind)
			row = append(row, Cell{Text: mark, Style: "table"}, Cell{Text: mark, Style: "table"})
		default:
			span := max(ind.ScoreRows, 1)
			covered = span - 1
			score := ind.Score.Raw
			if ind.Quantitative != nil {
				score = b.figure(ind.Score, r.Rows[i].Score.StringFixed(2))
			}
			row = append(row,
				Cell{Text: ind.Weight.Raw, RowSpan: span, Style: "table", Path: p + "/weight"},
				Cell{Text: score, RowSpan: span, Style: "table", Path: p + "/score"})
		}
		row = append(row, Cell{Text: ind.Deviation, Style: "tableText", Path: p + "/deviation"})
		rows[i] = row
	}
	return rows
}

// levelLabel prints a 一级指标 with its points, 产出指标（50分）, or bare
// when all its rows are not applicable.
func (b *builder) levelLabel(t *evaluation.SelfAssessment, l evaluation.LevelResult) string {
	if !l.Scored {
		if dec, ok := t.Declared.Points[l.Name]; ok && b.declared {
			return fill(b.w.SelfAssessment.LevelPoints, map[string]string{"Name": l.Name, "Points": dec.Raw})
		}
		return l.Name
	}
	points := l.Weight.String()
	if dec, ok := t.Declared.Points[l.Name]; ok && b.declared {
		points = dec.Raw
	}
	return fill(b.w.SelfAssessment.LevelPoints, map[string]string{"Name": l.Name, "Points": points})
}

// runLength counts the rows from i sharing its 一级 (or 一级 and 二级).
func runLength(inds []evaluation.TableIndicator, i int, level1Only bool) int {
	n := 1
	for j := i + 1; j < len(inds); j++ {
		same := inds[j].Level1 == inds[i].Level1
		if !level1Only {
			same = same && inds[j].Level2 == inds[i].Level2
		}
		if !same {
			break
		}
		n++
	}
	return n
}
