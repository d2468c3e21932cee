package importer

import (
	"fmt"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/profile"
)

// Jixiao's own workbooks carry the input they were written from
// (render.WorkbookSourcePart), because a workbook cannot show all of it: its figures
// are live formulas where the input declared published values, a
// quantitative indicator shows its score but not its A and B, and the
// report sheets hold the scored trees but not the reports' text. The
// cells are still what counts: overlay starts from that source and takes
// every value a person changed in the workbook — a different text, a
// figure of a different value — from the cell, so an edited workbook
// imports with its edits. A value equal to the source keeps the source's
// text, and with it the precision it was written with.
func overlay(res *Result, src *evaluation.Disclosure, p *profile.Profile) {
	seen := res.Disclosure
	out := *src
	out.SelfAssessments = nil
	same := len(seen.SelfAssessments) == len(src.SelfAssessments)
	for i := range seen.SelfAssessments {
		if !same || clean(seen.SelfAssessments[i].Project) != clean(src.SelfAssessments[i].Project) {
			same = false
		}
	}
	if !same {
		out.SelfAssessments = seen.SelfAssessments
		if len(seen.SelfAssessments) > 0 || len(src.SelfAssessments) > 0 {
			res.Notes = append(res.Notes, fmt.Sprintf("工作簿中的自评表（%d 张）与其内嵌的原始数据（%d 张）不一致，按单元格导入 (the workbook's %d tables differ from the %d of its embedded input; read from the cells)",
				len(seen.SelfAssessments), len(src.SelfAssessments), len(seen.SelfAssessments), len(src.SelfAssessments)))
		}
	} else {
		for i := range src.SelfAssessments {
			out.SelfAssessments = append(out.SelfAssessments, table2(&seen.SelfAssessments[i], &src.SelfAssessments[i], p))
		}
	}
	res.Disclosure = &out
}

// text is the source's text unless the cell says otherwise.
func text(cell, src string) string {
	if clean(cell) == clean(src) {
		return src
	}
	return cell
}

// num is the source's figure unless the cell holds another value.
func num(cell, src evaluation.Number) evaluation.Number {
	if cell.Valid == src.Valid && (!cell.Valid || cell.Value.Equal(src.Value)) {
		return src
	}
	return cell
}

func fundRow(cell, src *evaluation.FundRow) *evaluation.FundRow {
	if cell == nil || src == nil {
		if cell == nil && src != nil && !src.Budget.Valid && !src.Executed.Valid && !src.InitialBudget.Valid {
			return src // an empty source row prints as empty cells
		}
		return cell
	}
	return &evaluation.FundRow{InitialBudget: num(cell.InitialBudget, src.InitialBudget), Budget: num(cell.Budget, src.Budget), Executed: num(cell.Executed, src.Executed)}
}

func strMap(cell, src map[string]string) map[string]string {
	if len(cell) == 0 && len(src) == 0 {
		return src
	}
	out := map[string]string{}
	for k, v := range src {
		if c, ok := cell[k]; ok {
			out[k] = text(c, v)
		} else if clean(v) != "" {
			continue // cleared in the workbook
		} else {
			out[k] = v
		}
	}
	for k, v := range cell {
		if _, ok := src[k]; !ok {
			out[k] = v
		}
	}
	return out
}

// table2 is the source table t with the cells' changes.
func table2(c, t *evaluation.SelfAssessment, p *profile.Profile) evaluation.SelfAssessment {
	out := *t
	f := &p.Forms.SelfAssessment
	// A field the form does not show has no cell: the source's stands.
	for _, h := range evaluation.HeaderFields {
		if f.HasHeader(h.Name) {
			*h.Of(&out) = text(*h.Of(c), *h.Of(t))
		}
	}
	out.Funds.Total = *fundRow(&c.Funds.Total, &t.Funds.Total)
	for _, key := range profile.FundKeys[1:] {
		if !f.Funds.HasFundRow(key) {
			continue
		}
		out.Funds.SetSource(key, fundRow(c.Funds.Source(key), t.Funds.Source(key)))
	}
	// The workbook prints the scheme's default where the input gave none.
	if t.ExecutionWeight.Valid || !c.ExecutionWeight.Valid || !c.ExecutionWeight.Value.Equal(p.Scheme.SelfAssessment.ExecutionWeight) {
		out.ExecutionWeight = num(c.ExecutionWeight, t.ExecutionWeight)
	}
	out.Goals.Expected = text(c.Goals.Expected, t.Goals.Expected)
	out.Goals.Actual = text(c.Goals.Actual, t.Goals.Actual)
	out.Texts = strMap(c.Texts, t.Texts)
	out.Signatures = strMap(c.Signatures, t.Signatures)
	if len(c.Indicators) != len(t.Indicators) {
		out.Indicators = c.Indicators
		return out
	}
	out.Indicators = make([]evaluation.TableIndicator, len(t.Indicators))
	for i := range t.Indicators {
		ci, ti := &c.Indicators[i], &t.Indicators[i]
		o := *ti
		for _, fd := range evaluation.IndicatorFields {
			if fd.Of != nil && f.Indicators.HasColumn(fd.Name) {
				*fd.Of(&o) = text(*fd.Of(ci), *fd.Of(ti))
			}
		}
		if ci.NotApplicable != ti.NotApplicable {
			o.NotApplicable = ci.NotApplicable
			o.Weight, o.Score = ci.Weight, ci.Score
		} else if !ti.NotApplicable && !coveredRow(t.Indicators, i) {
			o.Weight = num(ci.Weight, ti.Weight)
			if ti.Quantitative == nil {
				o.Score = num(ci.Score, ti.Score)
			}
		}
		out.Indicators[i] = o
	}
	return out
}

// coveredRow reports whether row i lies under an earlier row's merged
// 分值/得分, and so shows no figure of its own.
func coveredRow(inds []evaluation.TableIndicator, i int) bool {
	covered := 0
	for k := 0; k < i; k++ {
		switch {
		case covered > 0:
			covered--
		case !inds[k].NotApplicable:
			covered = max(inds[k].ScoreRows, 1) - 1
		}
	}
	return covered > 0
}
