package evaluation

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/jixiao/jixiao/profile"
	"github.com/shopspring/decimal"
)

// Codes of the findings of the form's rules.
const (
	FindingDeviationMissing   = "deviation_missing"
	FindingTargetMissed       = "target_missed_full_score"
	FindingExecutionUnexplain = "execution_unexplained"
	FindingTablesSum          = "tables_sum"
	// FindingNotChecked is a rule over every table left unchecked because
	// some tables are invalid (a render of the valid parts only).
	FindingNotChecked = "not_checked"
)

// tablesSums checks the department figures the profile says are sums of
// the tables' (tablesSum rules), within the money tolerance.
func (a *auditor) tablesSums(d *Disclosure, r *Result) {
	if d.DepartmentReport == nil || r.Department == nil || len(d.SelfAssessments) == 0 {
		return
	}
	dept := &scope{p: a.p, doc: "department", dept: d.DepartmentReport, deptRes: r.Department}
	for _, rule := range a.p.Audit.Rules {
		if rule.Rule != "tablesSum" {
			continue
		}
		if !allTables(d, r) {
			// A sum over the tables means nothing with some left out.
			a.fs = append(a.fs, Finding{Path: "/departmentReport/budget", Code: FindingNotChecked, Severity: profile.SeverityInfo,
				Message:   fmt.Sprintf("有无效的自评表，未核对%s是否等于各自评表的%s之和", rule.Figure, rule.Of),
				MessageEN: fmt.Sprintf("some tables are invalid: whether %s is the sum of the tables' %s was not checked", rule.Figure, rule.Of)})
			continue
		}
		want, ok := dept.value(rule.Figure, "")
		if !ok {
			continue
		}
		var sum decimal.Decimal
		for i := range d.SelfAssessments {
			t := &scope{p: a.p, doc: "table", table: &d.SelfAssessments[i], tabRes: &r.Tables[i]}
			if f, ok := t.value(rule.Of, ""); ok {
				sum = sum.Add(f.value)
			}
		}
		if sum.Sub(want.value).Abs().LessThanOrEqual(a.s.Tolerance.Money) {
			continue
		}
		a.add(Finding{Path: "/departmentReport/budget", Code: FindingTablesSum, Severity: rule.Severity,
			Declared: a.s.Number(profile.KindMoney, want.value), Computed: a.s.Number(profile.KindMoney, sum),
			Message: fmt.Sprintf("部门整体绩效评价报告的%s %s 不等于 %d 张自评表的%s之和 %s",
				rule.Figure, a.s.Number(profile.KindMoney, want.value), len(d.SelfAssessments), rule.Of, a.s.Number(profile.KindMoney, sum)),
			MessageEN: fmt.Sprintf("the department report's %s %s is not the sum %s of the %d tables' %s",
				rule.Figure, a.s.Number(profile.KindMoney, want.value), a.s.Number(profile.KindMoney, sum), len(d.SelfAssessments), rule.Of)})
	}
}

// allTables reports whether r holds the figures of every table of d.
func allTables(d *Disclosure, r *Result) bool {
	for i := range d.SelfAssessments {
		if !r.Has(child(tablesPointer, i)) {
			return false
		}
	}
	return true
}

// explanation is the indicator field that explains a score below its
// weight.
var explanation = func() *Field[TableIndicator] {
	for i := range IndicatorFields {
		if IndicatorFields[i].Explains {
			return &IndicatorFields[i]
		}
	}
	panic("evaluation: no indicator field explains a shortfall")
}()

// rules checks a table against the form's own rules that the profile
// sets (profile.Rules); a rule it does not list is not checked.
func (a *auditor) rules(t *SelfAssessment, r *TableResult, p string) {
	if rule, ok := a.p.Audit.Rule("deviationExplained"); ok && a.p.Forms.SelfAssessment.Indicators.HasColumn(explanation.Name) {
		a.deviations(t, r, p, rule.Severity)
	}
	if rule, ok := a.p.Audit.Rule("targetMissedFullScore"); ok {
		a.missedTargets(t, r, p, rule.Severity)
	}
	if rule, ok := a.p.Audit.Rule("executionExplained"); ok && r.ExecutionRate.LessThan(*rule.Threshold) && !explained(t) {
		a.add(Finding{Path: p + "/funds/total/executed", Code: FindingExecutionUnexplain, Severity: rule.Severity,
			// Nothing is declared: the rate is computed, and the
			// threshold is the rule's, said in the message.
			Computed: a.s.Print(profile.KindRate, r.ExecutionRate),
			Message: fmt.Sprintf("预算执行率 %s 低于 %s%%，但偏差原因分析中未说明预算执行情况",
				a.s.Print(profile.KindRate, r.ExecutionRate), rule.Threshold),
			MessageEN: fmt.Sprintf("the execution rate %s is below %s%% and no deviation analysis explains it",
				a.s.Print(profile.KindRate, r.ExecutionRate), rule.Threshold)})
	}
}

// deviations reports rows scored below their weight with no 偏差原因: a
// merged score cell is explained by any of the rows it covers.
func (a *auditor) deviations(t *SelfAssessment, r *TableResult, p, severity string) {
	for i := range t.Indicators {
		row := &r.Rows[i]
		if !row.Scored || !row.Score.LessThan(row.Weight) {
			continue
		}
		span := max(t.Indicators[i].ScoreRows, 1)
		said := false
		for k := i; k < min(i+span, len(t.Indicators)); k++ {
			said = said || strings.TrimSpace(explanation.Text(&t.Indicators[k])) != ""
		}
		if said {
			continue
		}
		label := a.p.Forms.SelfAssessment.Indicators.Columns[len(a.p.Forms.SelfAssessment.Indicators.Columns)-1].Label
		for _, c := range a.p.Forms.SelfAssessment.Indicators.Columns {
			if c.Field == explanation.Name {
				label = c.Label
			}
		}
		a.add(Finding{Path: child(p+"/indicators", i) + "/" + explanation.Name, Code: FindingDeviationMissing, Severity: severity,
			Declared: "", Computed: a.s.Number(profile.KindScore, row.Score) + "/" + a.s.Number(profile.KindWeight, row.Weight),
			Message: fmt.Sprintf("得分 %s 低于分值 %s，应在“%s”中说明原因",
				a.s.Number(profile.KindScore, row.Score), a.s.Number(profile.KindWeight, row.Weight), label),
			MessageEN: fmt.Sprintf("scored %s of %s: the deviation analysis must give the reason",
				a.s.Number(profile.KindScore, row.Score), a.s.Number(profile.KindWeight, row.Weight))})
	}
}

// stated is a numeric target or actual: an optional comparison, a
// number and its unit, as 年度指标值 and 实际完成值 are written (≥90%,
// 2个, ≤320元/平方米).
var statedValue = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*(≥|≤|>|<|=|＞|＜|＝)?\s*([0-9]+(?:\.[0-9]+)?)\s*(\S*)\s*$`)
})

// missedTargets reports qualitative rows given full marks although their
// actual plainly misses their target: both numeric, in the same unit, and
// on the wrong side of the target's comparison (≥ when none is written).
func (a *auditor) missedTargets(t *SelfAssessment, r *TableResult, p, severity string) {
	for i := range t.Indicators {
		ind, row := &t.Indicators[i], &r.Rows[i]
		if !row.Scored || ind.Quantitative != nil || !row.Score.Equal(row.Weight) || row.Weight.IsZero() {
			continue
		}
		tm := statedValue().FindStringSubmatch(halfWidth(ind.Target))
		am := statedValue().FindStringSubmatch(halfWidth(ind.Actual))
		if tm == nil || am == nil || tm[3] != am[3] || (am[1] != "" && am[1] != "=" && am[1] != "＝") {
			continue
		}
		target, actual := decimal.RequireFromString(tm[2]), decimal.RequireFromString(am[2])
		var missed bool
		switch tm[1] {
		case "≤", "<", "＜":
			missed = actual.GreaterThan(target) || (tm[1] != "≤" && actual.Equal(target))
		case ">", "＞":
			missed = !actual.GreaterThan(target)
		case "=", "＝":
			missed = !actual.Equal(target)
		default: // ≥, or a plain figure to reach
			missed = actual.LessThan(target)
		}
		if !missed {
			continue
		}
		a.add(Finding{Path: child(p+"/indicators", i) + "/score", Code: FindingTargetMissed, Severity: severity,
			Declared: ind.Score.Raw, Computed: ind.Actual + " / " + ind.Target,
			Message:   fmt.Sprintf("实际完成值“%s”未达到年度指标值“%s”，却得满分 %s", ind.Actual, ind.Target, ind.Score.Raw),
			MessageEN: fmt.Sprintf("the actual %q misses the target %q, yet the row has full marks (%s)", ind.Actual, ind.Target, ind.Score.Raw)})
	}
}

// explained reports whether a table says anything about its budget
// execution: a deviation analysis or a text block that mentions it.
func explained(t *SelfAssessment) bool {
	says := func(s string) bool {
		return strings.Contains(s, "执行") || strings.Contains(s, "预算") || strings.Contains(s, "资金")
	}
	for i := range t.Indicators {
		if says(explanation.Text(&t.Indicators[i])) {
			return true
		}
	}
	for _, s := range t.Texts {
		if says(s) {
			return true
		}
	}
	return false
}
