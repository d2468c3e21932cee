// Package summary rolls a batch of evaluated disclosures up into the
// tables a finance bureau reviews — one row per 项目支出绩效自评表 with
// subtotals per department and grand totals, one row per department, the
// audit's findings by kind and the list of warnings — with charts of the
// grades, the execution rates and the scores, and, given the previous
// year's disclosures, the changes since then. It takes reports that
// package evaluation has computed and builds a render.Document (tables
// and render.Drawing charts) that the layout and the PDF and OFD writers
// draw, or a workbook with native charts.
//
// Every figure is an exact decimal: amounts are brought to one unit
// (万元 by default; 元 is converted by a shift of four places, without
// rounding) and added exactly; rates are computed once, from the sums,
// with the summary profile's scale and rounding. A Builder holds a few
// figures per table, never the disclosures, so a summary of thousands
// of inputs is built as they stream by.
package summary

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/profile"
	"github.com/shopspring/decimal"
)

// Options configure a summary. The zero value is the built-in profile's
// scheme and layout, the built-in wording, amounts in 万元.
type Options struct {
	// Profile gives the scale and rounding of the summary's figures, its
	// grades and the page layout; the default built-in profile when nil.
	Profile *profile.Profile
	// Forms is the wording; BuiltinForms when nil.
	Forms *Forms
	// Unit is 万元 or 元; 万元 when empty.
	Unit string
	// Lowest is how many of the lowest-scoring projects are charted; 10
	// when 0.
	Lowest int
	// Mapping renames the previous year's departments and projects to
	// this year's names before they are matched: old name → new name.
	Mapping map[string]string
}

// Project is one self-assessment table of a valid input.
type Project struct {
	Source     string
	Department string
	Year       int
	Name       string
	// Budget and Executed are 全年预算数 and 全年执行数 in the summary's
	// unit.
	Budget, Executed decimal.Decimal
	// Rate, Score and Grade are the table's 执行率, 总分 and 等级 as
	// computed with its own profile.
	Rate, Score decimal.Decimal
	Grade       string
	// Warnings counts the audit's findings on the table that fail strict
	// mode (warnings and errors), Infos the notes.
	Warnings, Infos int
}

// Department is the roll-up of one department's inputs of one year.
type Department struct {
	Name string
	Year int
	// Report is set when a department overall evaluation report was
	// given; Total and Grade are its computed 总分 and 等级.
	Report       bool
	Total        decimal.Decimal
	Grade        string
	Projects     int
	Grades       map[string]int
	Budget       decimal.Decimal
	Executed     decimal.Decimal
	Rate         decimal.Decimal
	projectIndex []int
}

// Totals are the grand totals over every valid input.
type Totals struct {
	Inputs, Valid, Invalid, Projects int
	Budget, Executed                 decimal.Decimal
	// Rate is the budget-weighted execution rate: the sum of executed
	// amounts over the sum of budgets, in percent.
	Rate decimal.Decimal
	// Score is the mean 总分 of the tables.
	Score  decimal.Decimal
	Grades map[string]int
}

// Invalid is an input left out of the summary, with its problems.
type Invalid struct {
	Source   string
	Problems evaluation.Problems
}

// FindingRef is a finding of the audit with where it was found.
type FindingRef struct {
	Source string
	// Part names the table or report that holds it.
	Part string
	evaluation.Finding
}

// Count is the number of findings of one code and severity.
type Count struct {
	Code, Severity string
	N              int
}

// Summary is the roll-up of a batch.
type Summary struct {
	Unit string
	// Projects are in input order; Departments in the order of their
	// first input, each listing its projects.
	Projects    []Project
	Departments []Department
	Totals      Totals
	Counts      []Count
	// Findings are the findings of severity warning or error.
	Findings []FindingRef
	Invalid  []Invalid
	// Comparison is set when the previous year's inputs were added.
	Comparison *Comparison
	// Grades are the scheme's grades, best first.
	Grades []string

	scheme    *profile.Scheme
	forms     *Forms
	profile   *profile.Profile
	lowest    int
	threshold decimal.Decimal
}

// Builder collects inputs one at a time.
type Builder struct {
	opts     Options
	s        *Summary
	depts    map[string]int
	counts   map[[2]string]int
	previous []Project
	// prevDepts are the previous year's departments, by name and year.
	prevDepts []Department
	prevIndex map[string]int
	hasPrev   bool
	scoreSum  decimal.Decimal
}

// NewBuilder returns a builder with the options, or an error when they
// are not valid.
func NewBuilder(opts Options) (*Builder, error) {
	if opts.Profile == nil {
		set, err := profile.Builtin()
		if err != nil {
			return nil, fmt.Errorf("summary: %w", err)
		}
		if opts.Profile, err = set.Get(""); err != nil {
			return nil, fmt.Errorf("summary: %w", err)
		}
	}
	if opts.Forms == nil {
		f, err := BuiltinForms()
		if err != nil {
			return nil, err
		}
		opts.Forms = f
	}
	if opts.Unit == "" {
		opts.Unit = "万元"
	}
	if _, ok := unitShift[opts.Unit]; !ok {
		return nil, fmt.Errorf("summary: unknown unit %q (万元 or 元)", opts.Unit)
	}
	if opts.Lowest <= 0 {
		opts.Lowest = 10
	}
	threshold, err := decimal.NewFromString(opts.Forms.Threshold)
	if err != nil {
		return nil, fmt.Errorf("summary forms: threshold %q: %w", opts.Forms.Threshold, err)
	}
	s := &Summary{Unit: opts.Unit, Grades: opts.Profile.Scheme.GradeNames(), scheme: &opts.Profile.Scheme,
		forms: opts.Forms, profile: opts.Profile, lowest: opts.Lowest, threshold: threshold}
	s.Totals.Grades = map[string]int{}
	return &Builder{opts: opts, s: s, depts: map[string]int{}, counts: map[[2]string]int{}}, nil
}

// unitShift is the power of ten of each unit, in 元.
var unitShift = map[string]int32{"元": 0, "万元": 4}

// convert brings an amount in unit from to unit to, exactly.
func convert(d decimal.Decimal, from, to string) (decimal.Decimal, bool) {
	f, ok := unitShift[from]
	if !ok {
		return d, false
	}
	return d.Shift(f - unitShift[to]), true
}

// Add adds one input: rep is its evaluation, or nil when it could not be
// read, with problems saying why. An input that is not wholly valid is
// listed as invalid and counted nowhere else.
func (b *Builder) Add(source string, rep *evaluation.Report, problems evaluation.Problems) {
	s := b.s
	s.Totals.Inputs++
	if rep == nil || !rep.Valid() || rep.Disclosure == nil || rep.Result == nil {
		if rep != nil {
			problems = append(problems, rep.Problems...)
		}
		s.Invalid = append(s.Invalid, Invalid{Source: source, Problems: problems})
		s.Totals.Invalid++
		return
	}
	unit := rep.MoneyUnit()
	if _, ok := unitShift[unit]; !ok {
		s.Invalid = append(s.Invalid, Invalid{Source: source, Problems: evaluation.Problems{{Path: "/unit", Code: "unit",
			Message:   "金额单位" + unit + "无法换算为" + s.Unit,
			MessageEN: fmt.Sprintf("amounts in %s cannot be converted to %s", unit, s.Unit)}}})
		s.Totals.Invalid++
		return
	}
	s.Totals.Valid++
	d := rep.Disclosure
	dept := b.department(d)
	if r := rep.Result.Department; r != nil && d.DepartmentReport != nil {
		dept.Report, dept.Total, dept.Grade = true, r.Total, r.Grade
	}
	for _, p := range projects(source, rep, s.Unit) {
		dept.projectIndex = append(dept.projectIndex, len(s.Projects))
		dept.Projects++
		dept.Grades[p.Grade]++
		dept.Budget = dept.Budget.Add(p.Budget)
		dept.Executed = dept.Executed.Add(p.Executed)
		s.Totals.Projects++
		s.Totals.Grades[p.Grade]++
		s.Totals.Budget = s.Totals.Budget.Add(p.Budget)
		s.Totals.Executed = s.Totals.Executed.Add(p.Executed)
		b.scoreSum = b.scoreSum.Add(p.Score)
		s.Projects = append(s.Projects, p)
	}
	for _, f := range rep.Findings {
		b.counts[[2]string{f.Code, f.Severity}]++
		if f.Severity != profile.SeverityInfo {
			s.Findings = append(s.Findings, FindingRef{Source: source, Part: partName(d, f.Path), Finding: f})
		}
	}
}

// projects returns the self-assessment tables of a valid report.
func projects(source string, rep *evaluation.Report, unit string) []Project {
	d, res := rep.Disclosure, rep.Result
	from := rep.MoneyUnit()
	out := make([]Project, 0, len(d.SelfAssessments))
	for i := range d.SelfAssessments {
		t, r := &d.SelfAssessments[i], &res.Tables[i]
		budget, _ := convert(t.Funds.Total.Budget.Value, from, unit)
		executed, _ := convert(t.Funds.Total.Executed.Value, from, unit)
		p := Project{Source: source, Department: d.Department, Year: d.Year, Name: t.Project,
			Budget: budget, Executed: executed, Rate: r.ExecutionRate, Score: r.Total, Grade: r.Grade}
		out = append(out, p)
	}
	// Each finding counts on the table that holds it.
	for _, f := range rep.Findings {
		i, ok := tableIndex(f.Path)
		if !ok || i >= len(out) {
			continue
		}
		if f.Blocking() {
			out[i].Warnings++
		} else {
			out[i].Infos++
		}
	}
	return out
}

// tablePrefix starts the pointer of every self-assessment table.
var tablePrefix = strings.TrimSuffix(evaluation.PartPointer("table", 0), "0")

// tableIndex is the index of the self-assessment table that holds the
// value at path.
func tableIndex(path string) (int, bool) {
	ptr := evaluation.PartOf(path)
	rest, ok := strings.CutPrefix(ptr, tablePrefix)
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(rest)
	return i, err == nil
}

// partName names the table or report that holds the value at path.
func partName(d *evaluation.Disclosure, path string) string {
	ptr := evaluation.PartOf(path)
	for i := range d.SelfAssessments {
		if ptr == evaluation.PartPointer("table", i) {
			return d.SelfAssessments[i].Project
		}
	}
	for i := range d.ProjectReports {
		if ptr == evaluation.PartPointer("project", i) {
			return d.ProjectReports[i].Project
		}
	}
	return d.Department
}

func (b *Builder) department(d *evaluation.Disclosure) *Department {
	key := fmt.Sprintf("%s\x00%d", d.Department, d.Year)
	i, ok := b.depts[key]
	if !ok {
		i = len(b.s.Departments)
		b.depts[key] = i
		b.s.Departments = append(b.s.Departments, Department{Name: d.Department, Year: d.Year, Grades: map[string]int{}})
	}
	return &b.s.Departments[i]
}

// AddPrevious adds one input of the previous year, for the comparison;
// an input that is not valid is left out.
func (b *Builder) AddPrevious(source string, rep *evaluation.Report) {
	b.hasPrev = true
	if rep == nil || !rep.Valid() || rep.Disclosure == nil || rep.Result == nil {
		return
	}
	if _, ok := unitShift[rep.MoneyUnit()]; !ok {
		return
	}
	d := rep.Disclosure
	key := fmt.Sprintf("%s\x00%d", d.Department, d.Year)
	if b.prevIndex == nil {
		b.prevIndex = map[string]int{}
	}
	i, ok := b.prevIndex[key]
	if !ok {
		i = len(b.prevDepts)
		b.prevIndex[key] = i
		b.prevDepts = append(b.prevDepts, Department{Name: d.Department, Year: d.Year, Grades: map[string]int{}})
	}
	dept := &b.prevDepts[i]
	if r := rep.Result.Department; r != nil && d.DepartmentReport != nil {
		dept.Report, dept.Total, dept.Grade = true, r.Total, r.Grade
	}
	for _, p := range projects(source, rep, b.s.Unit) {
		dept.Projects++
		dept.Grades[p.Grade]++
		dept.Budget = dept.Budget.Add(p.Budget)
		dept.Executed = dept.Executed.Add(p.Executed)
		b.previous = append(b.previous, p)
	}
}

// Summary finishes the roll-up: the rates from the sums, the mean score,
// the findings' counts in a fixed order and the comparison.
func (b *Builder) Summary() *Summary {
	s := b.s
	sc := s.scheme
	for i := range s.Departments {
		d := &s.Departments[i]
		d.Rate = sc.Percent(d.Executed, d.Budget)
	}
	t := &s.Totals
	t.Rate = sc.Percent(t.Executed, t.Budget)
	if t.Projects > 0 {
		t.Score = sc.Quo(profile.KindScore, b.scoreSum, decimal.NewFromInt(int64(t.Projects)))
	}
	s.Counts = s.Counts[:0]
	for k, n := range b.counts {
		s.Counts = append(s.Counts, Count{Code: k[0], Severity: k[1], N: n})
	}
	slices.SortFunc(s.Counts, func(a, b Count) int {
		if a.N != b.N {
			return b.N - a.N
		}
		if c := strings.Compare(a.Code, b.Code); c != 0 {
			return c
		}
		return strings.Compare(a.Severity, b.Severity)
	})
	if b.hasPrev {
		for i := range b.prevDepts {
			d := &b.prevDepts[i]
			d.Rate = sc.Percent(d.Executed, d.Budget)
		}
		s.Comparison = compare(s, b.previous, b.prevDepts, b.opts.Mapping)
	}
	return s
}

// ProjectsOf returns the projects of department d, in input order.
func (s *Summary) ProjectsOf(d *Department) []Project {
	out := make([]Project, len(d.projectIndex))
	for i, k := range d.projectIndex {
		out[i] = s.Projects[k]
	}
	return out
}
