package evaluation

import (
	"github.com/jixiao/jixiao/profile"
	"github.com/shopspring/decimal"
)

var hundred = decimal.NewFromInt(100)

// Result holds every figure derived from a validated disclosure. All
// values are rounded to the profile's scales, and every aggregate is the
// sum of its rounded parts, so each printed table adds up.
type Result struct {
	Department *DepartmentResult `json:"departmentReport,omitempty"`
	Projects   []ProjectResult   `json:"projectReports,omitempty"`
	Tables     []TableResult     `json:"selfAssessments,omitempty"`
	// Texts are the paragraphs, list items and text blocks whose
	// placeholders ({{预算执行率}}) now print computed figures, by JSON
	// Pointer; prose without placeholders is not listed.
	Texts map[string]string `json:"-"`
	// omitted are the pointers of the parts not computed, their own data
	// being invalid; their entries above are empty.
	omitted map[string]bool
}

// DepartmentResult is the computed department report.
type DepartmentResult struct {
	ExecutionRate               decimal.Decimal  `json:"executionRate"`
	CarryoverRate               *decimal.Decimal `json:"carryoverRate,omitempty"`
	PreviousCarryoverRate       *decimal.Decimal `json:"previousCarryoverRate,omitempty"`
	CarryoverRateChange         *decimal.Decimal `json:"carryoverRateChange,omitempty"`
	FinalAccountsDifference     *decimal.Decimal `json:"finalAccountsDifference,omitempty"`
	FinalAccountsDifferenceRate *decimal.Decimal `json:"finalAccountsDifferenceRate,omitempty"`
	Indicators                  []NodeResult     `json:"indicators"`
	Total                       decimal.Decimal  `json:"total"`
	Grade                       string           `json:"grade"`
}

// ProjectResult is the computed project evaluation report.
type ProjectResult struct {
	Project    string          `json:"project"`
	Indicators []NodeResult    `json:"indicators"`
	Total      decimal.Decimal `json:"total"`
	Grade      string          `json:"grade"`
}

// NodeResult is a computed indicator: weight, score and 得分率 (percent).
type NodeResult struct {
	Name     string          `json:"name"`
	Weight   decimal.Decimal `json:"weight"`
	Score    decimal.Decimal `json:"score"`
	Rate     decimal.Decimal `json:"rate"`
	Children []NodeResult    `json:"children,omitempty"`
}

// TableResult is a computed self-assessment table.
type TableResult struct {
	Project         string          `json:"project"`
	ExecutionWeight decimal.Decimal `json:"executionWeight"`
	ExecutionRate   decimal.Decimal `json:"executionRate"`
	ExecutionScore  decimal.Decimal `json:"executionScore"`
	Rows            []RowResult     `json:"indicators"`
	Levels          []LevelResult   `json:"levels"`
	Total           decimal.Decimal `json:"total"`
	Grade           string          `json:"grade"`
}

// RowResult is a computed indicator row; a not-applicable row, or one
// under a merged score cell, has Scored false.
type RowResult struct {
	Scored bool            `json:"scored"`
	Weight decimal.Decimal `json:"weight"`
	Score  decimal.Decimal `json:"score"`
	// Deduction is what the low-target bands took off a quantitative row.
	Deduction decimal.Decimal `json:"deduction,omitzero"`
}

// LevelResult is a 一级指标 with its points (the sum of its weights,
// printed as 产出指标（50分）) and the sum of its scores.
type LevelResult struct {
	Name   string          `json:"name"`
	Weight decimal.Decimal `json:"weight"`
	Score  decimal.Decimal `json:"score"`
	// Scored is false when every row of the level is not applicable; the
	// form then prints no points.
	Scored bool `json:"scored"`
}

// Compute derives every figure of a disclosure that passed Validate with
// the same profile.
func Compute(d *Disclosure, p *profile.Profile) *Result {
	return computeParts(d, p, nil)
}

// computeParts derives the figures of the parts of d not in omitted, whose
// own data passed Validate; an omitted part keeps an empty entry, so that
// the entries stay at the indexes of the input.
func computeParts(d *Disclosure, p *profile.Profile, omitted map[string]bool) *Result {
	s := &p.Scheme
	c := calculator{s: s}
	r := &Result{}
	if len(omitted) > 0 {
		r.omitted = omitted
	}
	if d.DepartmentReport != nil && r.Has(departmentPointer) {
		r.Department = c.department(d.DepartmentReport)
	}
	for i := range d.ProjectReports {
		p := &d.ProjectReports[i]
		pr := ProjectResult{Project: p.Project}
		if r.Has(child(projectsPointer, i)) {
			pr.Indicators, pr.Total = c.tree(p.Indicators, nil, nil)
			pr.Grade = s.Grade(pr.Total)
		}
		r.Projects = append(r.Projects, pr)
	}
	for i := range d.SelfAssessments {
		t := TableResult{Project: d.SelfAssessments[i].Project}
		if r.Has(child(tablesPointer, i)) {
			t = c.table(&d.SelfAssessments[i])
		}
		r.Tables = append(r.Tables, t)
	}
	return r
}

type calculator struct{ s *profile.Scheme }

func (c calculator) score(d decimal.Decimal) decimal.Decimal {
	return c.s.Round(profile.KindScore, d)
}

// rate returns num/den in percent, rounded to the rate scale.
func (c calculator) rate(num, den decimal.Decimal) decimal.Decimal {
	return c.s.Percent(num, den)
}

// executionScore is min(executed/budget, 100%) × weight, rounded once:
// from the exact ratio, not the printed rate, since rounding twice can
// move the score by 0.01 (34.90/38.50 × 10 = 9.0649 → 9.06, while the
// printed 90.65% × 10 would give 9.07).
func (c calculator) executionScore(executed, budget, weight decimal.Decimal) decimal.Decimal {
	if budget.IsZero() {
		return decimal.Zero
	}
	if executed.GreaterThanOrEqual(budget) {
		return c.score(weight)
	}
	return c.s.Quo(profile.KindScore, executed.Mul(weight), budget)
}

func (c calculator) department(r *DepartmentReport) *DepartmentResult {
	b := &r.Budget
	res := &DepartmentResult{ExecutionRate: c.rate(b.Spending.Total.Value, b.Budget.Total.Value)}
	if b.Carryover != nil {
		v := c.rate(b.Carryover.Amount.Value, b.Carryover.Budget.Value)
		res.CarryoverRate = &v
	}
	if b.PreviousCarryover != nil {
		v := c.rate(b.PreviousCarryover.Amount.Value, b.PreviousCarryover.Budget.Value)
		res.PreviousCarryoverRate = &v
	}
	if res.CarryoverRate != nil && res.PreviousCarryoverRate != nil {
		v := res.CarryoverRate.Sub(*res.PreviousCarryoverRate)
		res.CarryoverRateChange = &v
	}
	if f := b.FinalAccounts; f != nil {
		diff := c.s.Round(profile.KindMoney, f.Actual.Value.Sub(f.Budget.Value).Abs())
		rate := c.rate(f.Actual.Value.Sub(f.Budget.Value).Abs(), f.Budget.Value)
		res.FinalAccountsDifference, res.FinalAccountsDifferenceRate = &diff, &rate
	}
	res.Indicators, res.Total = c.tree(r.Indicators, &b.Spending.Total.Value, &b.Budget.Total.Value)
	res.Grade = c.s.Grade(res.Total)
	return res
}

// tree computes a scored indicator tree; executed and budget feed the
// leaves marked computed (validation admits those only where both exist).
func (c calculator) tree(nodes []Indicator, executed, budget *decimal.Decimal) ([]NodeResult, decimal.Decimal) {
	e := execution{executed, budget}
	out := make([]NodeResult, len(nodes))
	var total exactSum
	for i := range nodes {
		out[i] = c.node(&nodes[i], e)
		total.add(out[i].Score)
	}
	return out, total.value()
}

type execution struct{ executed, budget *decimal.Decimal }

func (c calculator) node(n *Indicator, e execution) NodeResult {
	r := NodeResult{Name: n.Name}
	switch {
	case len(n.Children) > 0:
		r.Children = make([]NodeResult, len(n.Children))
		var weight, score exactSum
		for i := range n.Children {
			r.Children[i] = c.node(&n.Children[i], e)
			weight.add(r.Children[i].Weight)
			score.add(r.Children[i].Score)
		}
		r.Weight, r.Score = weight.value(), score.value()
	case n.Computed == "executionRate":
		r.Weight = n.Weight.Value
		r.Score = c.executionScore(*e.executed, *e.budget, r.Weight)
	default:
		r.Weight = n.Weight.Value
		r.Score = c.score(n.Score.Value)
	}
	r.Rate = c.rate(r.Score, r.Weight)
	return r
}

func (c calculator) table(t *SelfAssessment) TableResult {
	sa := &c.s.SelfAssessment
	r := TableResult{Project: t.Project, ExecutionWeight: sa.ExecutionWeight}
	if t.ExecutionWeight.Valid {
		r.ExecutionWeight = t.ExecutionWeight.Value
	}
	r.ExecutionRate = c.rate(t.Funds.Total.Executed.Value, t.Funds.Total.Budget.Value)
	r.ExecutionScore = c.executionScore(t.Funds.Total.Executed.Value, t.Funds.Total.Budget.Value, r.ExecutionWeight)
	total := sumFrom(r.ExecutionScore)
	levels := map[string]int{}
	// The levels' sums, beside r.Levels, set from them at the end.
	var sums []struct{ weight, score exactSum }
	covered := 0
	for i := range t.Indicators {
		ind := &t.Indicators[i]
		var row RowResult
		switch {
		case covered > 0:
			covered--
		case ind.NotApplicable:
			// A merged 不涉及 cell covers its rows as Validate admits.
			covered = max(ind.ScoreRows-1, 0)
		default:
			covered = max(ind.ScoreRows-1, 0)
			row = c.row(ind)
		}
		r.Rows = append(r.Rows, row)
		li, ok := levels[ind.Level1]
		if !ok {
			li = len(r.Levels)
			levels[ind.Level1] = li
			r.Levels = append(r.Levels, LevelResult{Name: ind.Level1})
			sums = append(sums, struct{ weight, score exactSum }{})
		}
		if row.Scored {
			r.Levels[li].Scored = true
			sums[li].weight.add(row.Weight)
			sums[li].score.add(row.Score)
			total.add(row.Score)
		}
	}
	for i := range r.Levels {
		r.Levels[i].Weight, r.Levels[i].Score = sums[i].weight.value(), sums[i].score.value()
	}
	r.Total = total.value()
	r.Grade = c.s.Grade(r.Total)
	return r
}

// row scores one indicator row: the evaluator's score for a qualitative
// row; B/A or A/B of the weight, capped at the weight, less the
// low-target deduction, for a quantitative one.
func (c calculator) row(ind *TableIndicator) RowResult {
	w := ind.Weight.Value
	q := ind.Quantitative
	if q == nil {
		return RowResult{Scored: true, Weight: w, Score: c.score(ind.Score.Value)}
	}
	a, b := q.Target.Value, q.Actual.Value
	num, den := b, a // positive: B/A
	if q.Direction == "negative" {
		num, den = a, b // negative: A/B
	}
	var deduction decimal.Decimal
	if q.Direction == "positive" {
		// (B−A)/A×100 ≥ x  ⇔  (B−A)×100 ≥ x×A, as A > 0: compared
		// exactly, without a division that stops at 16 decimals.
		over := b.Sub(a).Mul(hundred)
		for _, band := range c.s.SelfAssessment.LowTargetBands {
			if over.GreaterThanOrEqual(band.From.Mul(a)) && (band.To == nil || over.LessThan(band.To.Mul(a))) {
				deduction = w.Mul(band.DeductPercent).Div(hundred)
				break
			}
		}
	}
	// score = min(num/den, 1) × w − deduction, rounded once.
	var score decimal.Decimal
	if num.GreaterThanOrEqual(den) {
		score = c.score(w.Sub(deduction))
	} else {
		score = c.s.Quo(profile.KindScore, num.Mul(w).Sub(deduction.Mul(den)), den)
	}
	score = decimal.Max(score, decimal.Zero)
	return RowResult{Scored: true, Weight: w, Score: score, Deduction: c.score(deduction)}
}
