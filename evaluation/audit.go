package evaluation

import (
	"fmt"
	"strings"

	"github.com/jixiao/jixiao/profile"
	"github.com/shopspring/decimal"
)

// Finding is something the audit reports without making the input
// invalid: a published (declared) figure, or one stated in prose, that
// differs from the value Jixiao computes, or a rule of the form that the
// input does not keep. Its severity is the profile's for the rule:
// warning (strict mode treats it as an error) or info.
type Finding struct {
	Path     string `json:"path"`
	Code     string `json:"code"`
	Severity string `json:"severity"`
	Declared string `json:"declared"`
	Computed string `json:"computed"`
	// Offset is the character (rune) offset of a figure stated in a
	// paragraph at Path, and Quote the sentence that states it.
	Offset    int    `json:"offset,omitempty"`
	Quote     string `json:"quote,omitempty"`
	Message   string `json:"message"`
	MessageEN string `json:"messageEn"`
	// Place is where an imported input's figure came from ("表3!H7").
	Place string `json:"place,omitempty"`
	// Location names Path as the printed forms do (see Location).
	Location string `json:"location,omitempty"`
}

// Blocking reports whether the finding fails strict mode: a warning.
func (f Finding) Blocking() bool { return f.Severity != profile.SeverityInfo }

// Warnings counts the findings that fail strict mode.
func (r *Report) Warnings() int {
	n := 0
	for _, f := range r.Findings {
		if f.Blocking() {
			n++
		}
	}
	return n
}

func (f Finding) String() string {
	place := f.Path
	if f.Place != "" {
		place = f.Place + " " + f.Path
	}
	return fmt.Sprintf("%s: [%s %s] %s%s (%s)", place, severityZH[f.Severity], f.Code, f.Figures(), f.Message, f.MessageEN)
}

// Figures says the declared and computed figures the finding compares,
// "填报 40，计算 50：", leaving out the one it has not.
func (f Finding) Figures() string {
	var parts []string
	if f.Declared != "" {
		parts = append(parts, "填报 "+f.Declared)
	}
	if f.Computed != "" {
		parts = append(parts, "计算 "+f.Computed)
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, "，") + "："
}

var severityZH = map[string]string{profile.SeverityWarning: "警告", profile.SeverityInfo: "提示", "": "警告"}

// Finding codes.
const (
	FindingRate   = "declared_rate"
	FindingScore  = "declared_score"
	FindingTotal  = "declared_total"
	FindingPoints = "declared_points"
	FindingWeight = "declared_weight"
	FindingGrade  = "declared_grade"
	FindingAmount = "declared_amount"
	// FindingFraction is a declared rate that looks typed as a fraction
	// (0.8619 for 86.19%).
	FindingFraction = "declared_fraction"
)

// Audit compares every declared figure of d, and every figure its prose
// states, with the computed value in r, checks the rules of the profile's
// form, and returns the differences in document order: findings, and the
// problems of rules whose severity is error. p is the profile r was
// computed with: its scales say how a computed figure is printed.
func Audit(d *Disclosure, r *Result, p *profile.Profile) ([]Finding, Problems) {
	a := auditor{p: p, s: &p.Scheme}
	// The prose is audited side by side with the tables: both only read
	// d and r, and the prose's findings come last, as they always did.
	prose := auditor{p: p, s: &p.Scheme}
	wait := alongside(func() { walkProse(d, r, p, prose.narrative) })
	if dr := d.DepartmentReport; dr != nil && r.Department != nil {
		a.percent = dr.Budget.Declared.percent() || treePercent(dr.Indicators)
		a.department(dr, r.Department)
	}
	for i := range d.ProjectReports {
		pr := &d.ProjectReports[i]
		base := child("/projectReports", i)
		if !r.Has(base) {
			continue
		}
		a.percent = treePercent(pr.Indicators)
		a.tree(pr.Indicators, r.Projects[i].Indicators, base+"/indicators")
		a.total(pr.DeclaredTotal, r.Projects[i].Total, base+"/declaredTotal", "项目评价总分", "project evaluation total")
		a.grade(pr.DeclaredGrade, r.Projects[i].Grade, base+"/declaredGrade")
	}
	for i := range d.SelfAssessments {
		base := child("/selfAssessments", i)
		if !r.Has(base) {
			continue
		}
		a.percent = false // its one rate has no other beside it
		a.table(&d.SelfAssessments[i], &r.Tables[i], base)
		a.rules(&d.SelfAssessments[i], &r.Tables[i], base)
	}
	a.tablesSums(d, r)
	wait()
	return append(a.fs, prose.fs...), append(a.errors, prose.errors...)
}

// matchingTable returns the index of the 自评表 of the project named
// name, matched by name less any of the suffixes; -1 when none or more
// than one matches.
func matchingTable(d *Disclosure, name string, suffixes []string) int {
	trim := func(s string) string {
		s = strings.TrimSpace(s)
		for _, suf := range suffixes {
			s = strings.TrimSuffix(s, suf)
		}
		return s
	}
	found := -1
	for i := range d.SelfAssessments {
		if trim(d.SelfAssessments[i].Project) == trim(name) {
			if found >= 0 {
				return -1 // ambiguous: no guess
			}
			found = i
		}
	}
	return found
}

type auditor struct {
	p  *profile.Profile
	s  *profile.Scheme
	fs []Finding
	// errors are the findings of rules whose severity is error.
	errors Problems
	// percent is whether the document being audited declares a rate
	// above 1: it writes its rates in percent.
	percent bool
}

// add records a finding, or a problem when its rule's severity is error.
func (a *auditor) add(f Finding) {
	if f.Severity == profile.SeverityError {
		a.errors = append(a.errors, Problem{Path: f.Path, Code: f.Code, Message: f.Message, MessageEN: f.MessageEN})
		return
	}
	a.fs = append(a.fs, f)
}

// matches reports whether a declared figure agrees with the computed one,
// which is already rounded to the form's scale: "92" agrees with 92.00,
// but "100%" does not agree with 99.98%.
func matches(declared Number, computed decimal.Decimal) bool {
	return computed.Equal(declared.Value)
}

// kinds are the kinds of figure the finding codes compare.
var kinds = map[string]profile.Kind{
	FindingRate: profile.KindRate, FindingScore: profile.KindScore, FindingTotal: profile.KindScore,
	FindingPoints: profile.KindWeight, FindingWeight: profile.KindWeight, FindingAmount: profile.KindMoney,
}

func (a *auditor) check(declared Number, computed decimal.Decimal, path, code, zh, en string, unit string) {
	if !declared.Valid || matches(declared, computed) {
		return
	}
	if code == FindingRate && unit == "%" && a.fraction(declared, computed, path, zh, en) {
		return // one finding for the slip, not a second for the mismatch
	}
	comp := a.s.Number(kinds[code], computed)
	a.add(Finding{
		Path: path, Code: code, Severity: a.p.Audit.Severity("declaredFigures"), Declared: declared.Raw, Computed: comp + unit,
		Message:   fmt.Sprintf("%s填报为 %s，按数据计算应为 %s%s", zh, declared.Raw, comp, unit),
		MessageEN: fmt.Sprintf("%s is declared as %s but computes to %s%s", en, declared.Raw, comp, unit),
	})
}

func (a *auditor) total(declared Number, computed decimal.Decimal, path, zh, en string) {
	a.check(declared, computed, path, FindingTotal, zh, en, "")
}

func (a *auditor) grade(declared, computed, path string) {
	if declared == "" || declared == computed {
		return
	}
	a.add(Finding{Path: path, Code: FindingGrade, Severity: a.p.Audit.Severity("declaredFigures"), Declared: declared, Computed: computed,
		Message:   fmt.Sprintf("等级填报为“%s”，按总分应为“%s”", declared, computed),
		MessageEN: fmt.Sprintf("grade is declared as %s but the total gives %s", declared, computed)})
}

func (a *auditor) tree(nodes []Indicator, res []NodeResult, path string) {
	for i := range nodes {
		n, r, p := &nodes[i], &res[i], child(path, i)
		name := n.Name
		a.check(n.DeclaredWeight, r.Weight, p+"/declaredWeight", FindingWeight, name+"分值", name+" weight", "")
		a.check(n.DeclaredScore, r.Score, p+"/declaredScore", FindingScore, name+"得分", name+" score", "")
		a.check(n.DeclaredRate, r.Rate, p+"/declaredRate", FindingRate, name+"得分率", name+" score rate", "%")
		if n.Computed != "" && n.Score.Valid {
			a.check(n.Score, r.Score, p+"/score", FindingScore, name+"得分", name+" score", "")
		}
		a.tree(n.Children, r.Children, p+"/children")
	}
}

func (a *auditor) department(d *DepartmentReport, r *DepartmentResult) {
	const base = "/departmentReport"
	b := &d.Budget
	for _, s := range []struct {
		split    *Split
		name, zh string
	}{{&b.Budget, "budget", "全年预算数"}, {&b.Spending, "spending", "全年支出数"}} {
		if s.split.Basic.Valid && s.split.Project.Valid {
			sum := s.split.Basic.Value.Add(s.split.Project.Value)
			if s.split.Total.Valid && sum.Sub(s.split.Total.Value).Abs().LessThanOrEqual(a.s.Tolerance.Money) {
				continue
			}
			a.check(s.split.Total, sum, base+"/budget/"+s.name+"/total", FindingAmount,
				s.zh+"（基本支出与项目支出之和）", s.name+" total (basic plus project)", "")
		}
	}
	dec := &b.Declared
	dp := base + "/budget/declared"
	a.check(dec.ExecutionRate, r.ExecutionRate, dp+"/executionRate", FindingRate, "预算执行率", "budget execution rate", "%")
	opt := func(n Number, v *decimal.Decimal, name, code, zh, en, unit string) {
		if v != nil {
			a.check(n, *v, dp+"/"+name, code, zh, en, unit)
		}
	}
	opt(dec.CarryoverRate, r.CarryoverRate, "carryoverRate", FindingRate, "结转结余率", "carry-over rate", "%")
	opt(dec.PreviousCarryoverRate, r.PreviousCarryoverRate, "previousCarryoverRate", FindingRate, "上年结转结余率", "previous carry-over rate", "%")
	opt(dec.CarryoverRateChange, r.CarryoverRateChange, "carryoverRateChange", FindingRate, "结转结余率变动（百分点）", "carry-over rate change (points)", "")
	// The difference is money, not a rate.
	opt(dec.FinalAccountsDifference, r.FinalAccountsDifference, "finalAccountsDifference", FindingAmount, "预决算差异金额", "final accounts difference", "")
	opt(dec.FinalAccountsDifferenceRate, r.FinalAccountsDifferenceRate, "finalAccountsDifferenceRate", FindingRate, "预决算差异率", "final accounts difference rate", "%")
	a.tree(d.Indicators, r.Indicators, base+"/indicators")
	a.total(d.DeclaredTotal, r.Total, base+"/declaredTotal", "部门整体评价总分", "department evaluation total")
	a.grade(d.DeclaredGrade, r.Grade, base+"/declaredGrade")
}

func (a *auditor) table(t *SelfAssessment, r *TableResult, p string) {
	dec := &t.Declared
	dp := p + "/declared"
	a.check(dec.ExecutionRate, r.ExecutionRate, dp+"/executionRate", FindingRate, "执行率", "execution rate", "%")
	a.check(dec.ExecutionScore, r.ExecutionScore, dp+"/executionScore", FindingScore, "预算执行得分", "budget execution score", "")
	for _, l := range r.Levels {
		if n, ok := dec.Points[l.Name]; ok {
			a.check(n, l.Weight, child(dp+"/points", l.Name), FindingPoints, l.Name+"分值", l.Name+" points", "")
		}
	}
	for i := range t.Indicators {
		ind, row := &t.Indicators[i], &r.Rows[i]
		if ind.Quantitative != nil && ind.Score.Valid {
			a.check(ind.Score, row.Score, child(p+"/indicators", i)+"/score", FindingScore, "定量指标得分", "quantitative score", "")
		}
	}
	a.total(dec.Total, r.Total, dp+"/total", "总分", "total score")
	a.grade(dec.Grade, r.Grade, dp+"/grade")
}
