package profile

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"text/template"

	"github.com/shopspring/decimal"
)

// errAt is a mistake in a profile at a JSON Pointer.
func errAt(at, format string, args ...any) error {
	return fmt.Errorf("%s: %s", at, fmt.Sprintf(format, args...))
}

// check refuses a profile that cannot be rendered as it says.
func (p *Profile) check() error {
	for _, c := range []func() error{p.checkMoney, p.checkScheme, p.checkForms, p.checkTable, p.checkAudit, p.checkLayout, p.checkSheet} {
		if err := c(); err != nil {
			return err
		}
	}
	return nil
}

func (p *Profile) checkMoney() error {
	if p.Money.Unit == "" {
		return errAt("/money/unit", "a money unit is required")
	}
	if len(p.Money.Units) > 0 && !slices.Contains(p.Money.Units, p.Money.Unit) {
		return errAt("/money/units", "must include the unit %q", p.Money.Unit)
	}
	return nil
}

func (p *Profile) checkScheme() error {
	s := &p.Scheme
	switch s.Rounding {
	case HalfUp, Down:
	default:
		return errAt("/scheme/rounding", "%q: want half-up or down", s.Rounding)
	}
	for _, k := range []Kind{KindMoney, KindRate, KindScore, KindWeight} {
		if d := s.Figures.Format(k).Decimals; d < 0 || d > 6 {
			return errAt("/scheme/figures/"+string(k)+"/decimals", "%d: want 0 to 6", d)
		}
	}
	if len(s.Grades) == 0 {
		return errAt("/scheme/grades", "at least one grade is required")
	}
	for i, g := range s.Grades {
		if g.Grade == "" {
			return errAt(fmt.Sprintf("/scheme/grades/%d/grade", i), "a grade needs a name")
		}
		if i > 0 && !g.Min.LessThan(s.Grades[i-1].Min) {
			return errAt(fmt.Sprintf("/scheme/grades/%d/min", i), "grades go from the highest band down")
		}
	}
	if s.Tolerance.Money.IsNegative() {
		return errAt("/scheme/tolerance/money", "must not be negative")
	}
	sa := &s.SelfAssessment
	if len(sa.Levels) == 0 {
		return errAt("/scheme/selfAssessment/levels", "at least one 一级指标 is required")
	}
	for i, l := range sa.Levels {
		if l.Name == "" || len(l.Children) == 0 {
			return errAt(fmt.Sprintf("/scheme/selfAssessment/levels/%d", i), "a level needs a name and its 二级指标")
		}
	}
	if err := checkWeights("/scheme/selfAssessment", sa.ExecutionWeight, sa.TotalWeight); err != nil {
		return err
	}
	for i, b := range sa.LowTargetBands {
		if b.To != nil && !b.To.GreaterThan(b.From) {
			return errAt(fmt.Sprintf("/scheme/selfAssessment/lowTargetBands/%d/to", i), "must be above from")
		}
		if b.DeductPercent.IsNegative() || b.DeductPercent.GreaterThan(hundred) {
			return errAt(fmt.Sprintf("/scheme/selfAssessment/lowTargetBands/%d/deductPercent", i), "want 0 to 100")
		}
	}
	if err := checkWeights("/scheme/departmentReport", s.Department.ExecutionWeight, s.Department.TotalWeight); err != nil {
		return err
	}
	return checkWeights("/scheme/projectReport", s.Project.ExecutionWeight, s.Project.TotalWeight)
}

// checkWeights refuses a total the indicators cannot reach: the execution
// weight must leave room for them.
func checkWeights(at string, execution, total decimal.Decimal) error {
	if !total.IsPositive() {
		return errAt(at+"/totalWeight", "must be positive")
	}
	if execution.IsNegative() || !execution.LessThan(total) {
		return errAt(at+"/executionWeight", "%s leaves no weight for the indicators of a total of %s", execution, total)
	}
	return nil
}

func (p *Profile) checkForms() error {
	f := &p.Forms
	if len(f.Numbering) == 0 {
		return errAt("/forms/numbering", "at least one numbering style is required")
	}
	for _, k := range []string{"paren", "circled", "bullet"} {
		if _, ok := f.ListMarkers[k]; !ok {
			return errAt("/forms/listMarkers/"+k, "is required")
		}
	}
	templates := map[string]string{
		"/forms/documentTitle":                         f.DocumentTitle,
		"/forms/departmentReport/standaloneTitle":      f.DepartmentReport.StandaloneTitle,
		"/forms/projectReport/standaloneTitle":         f.ProjectReport.StandaloneTitle,
		"/forms/selfAssessment/year":                   f.SelfAssessment.Year,
		"/forms/selfAssessment/funds/label":            f.SelfAssessment.Funds.Label,
		"/forms/selfAssessment/indicators/levelPoints": f.SelfAssessment.Indicators.LevelPoints,
	}
	sm, rp := &p.Sheet.Summary, &p.Sheet.Report
	for at, t := range map[string]string{
		"/sheet/summary/title": sm.Title, "/sheet/summary/unit": sm.Unit, "/sheet/summary/gradeCount": sm.GradeCount,
		"/sheet/summary/gradeTop": sm.GradeTop, "/sheet/summary/gradeBand": sm.GradeBand, "/sheet/summary/gradeBottom": sm.GradeBottom,
		"/sheet/report/projectSheet": rp.ProjectSheet, "/sheet/report/departmentSubtitle": rp.DepartmentSubtitle,
		"/sheet/report/projectSubtitle": rp.ProjectSubtitle, "/sheet/report/budget": rp.Budget, "/sheet/report/spending": rp.Spending,
		"/sheet/report/carryoverBudget": rp.CarryoverBudget, "/sheet/report/carryoverAmount": rp.CarryoverAmount,
		"/sheet/report/carryoverRate": rp.CarryoverRate, "/sheet/report/finalBudget": rp.FinalBudget,
		"/sheet/report/finalActual": rp.FinalActual, "/sheet/report/finalDifference": rp.FinalDifference,
		"/forms/findings/title": p.Forms.Findings.Title,
	} {
		templates[at] = t
	}
	p.templates = map[string]*template.Template{}
	for _, at := range slices.Sorted(maps.Keys(templates)) {
		t, err := template.New(at).Option("missingkey=error").Parse(templates[at])
		if err != nil {
			return errAt(at, "%v", err)
		}
		p.templates[templates[at]] = t
	}
	return nil
}

// checkTable checks the 自评表's grid: every row fills it, every column
// names a field, and the widths fill the table page's type area.
func (p *Profile) checkTable() error {
	const at = "/forms/selfAssessment"
	t := &p.Forms.SelfAssessment
	cols := t.Indicators.Columns
	seen := map[string]bool{}
	for i, c := range cols {
		cp := fmt.Sprintf("%s/indicators/columns/%d", at, i)
		if !slices.Contains(IndicatorFields, c.Field) {
			return errAt(cp+"/field", "%q is no indicator field (fields: %s)", c.Field, strings.Join(IndicatorFields, ", "))
		}
		if seen[c.Field] {
			return errAt(cp+"/field", "%q is shown twice", c.Field)
		}
		seen[c.Field] = true
		if err := checkWidth(cp, c.Width); err != nil {
			return err
		}
	}
	for _, f := range requiredIndicatorFields {
		if !seen[f] {
			return errAt(at+"/indicators/columns", "the grid must show the field %q", f)
		}
	}
	fields := colFields(cols)
	if slices.Index(fields, "level1") != 0 || slices.Index(fields, "level2") != 1 {
		return errAt(at+"/indicators/columns", "level1 and level2 must be the first two columns")
	}
	if slices.Index(fields, "score") != slices.Index(fields, "weight")+1 {
		return errAt(at+"/indicators/columns", "score must follow weight, as the 总分 row sums both")
	}
	if err := checkWidth(at+"/labelColumn", t.LabelColumn); err != nil {
		return err
	}
	grid := len(cols) + 1
	for r, row := range t.Header {
		rp := fmt.Sprintf("%s/header/%d", at, r)
		n := 0
		for c, cell := range row {
			cp := fmt.Sprintf("%s/%d", rp, c)
			if (cell.Label == "") == (cell.Field == "") {
				return errAt(cp, "a header cell has a label or a field")
			}
			if cell.Field != "" && !slices.Contains(HeaderFields, cell.Field) {
				return errAt(cp+"/field", "%q is no header field (fields: %s)", cell.Field, strings.Join(HeaderFields, ", "))
			}
			if cell.Span < 0 {
				return errAt(cp+"/span", "must not be negative")
			}
			n += max(cell.Span, 1)
		}
		if n != grid {
			return errAt(rp, "the cells span %d columns; the grid has %d", n, grid)
		}
	}
	for _, f := range []string{"project", "competentDepartment", "implementingUnit"} {
		if !t.HasHeader(f) {
			return errAt(at+"/header", "the header must show the field %q", f)
		}
	}
	if err := p.checkFunds(at+"/funds", len(cols)); err != nil {
		return err
	}
	keys := map[string]bool{}
	for i, b := range t.Texts {
		if b.Key == "" || keys[b.Key] || b.MaxLength < 0 {
			return errAt(fmt.Sprintf("%s/texts/%d", at, i), "a text block needs a unique key and a length limit of 0 or more")
		}
		keys[b.Key] = true
	}
	keys = map[string]bool{}
	for i, s := range t.Signatures {
		if s.Key == "" || keys[s.Key] || s.Label == "" {
			return errAt(fmt.Sprintf("%s/signatures/%d", at, i), "a signature line needs a unique key and a label")
		}
		keys[s.Key] = true
	}
	var sum float64
	for _, c := range cols {
		sum += c.Width.Width
	}
	sum += t.LabelColumn.Width
	if want := p.Layout.PartWidth("table"); math.Abs(sum-want) > 1 {
		return errAt(at+"/indicators/columns", "the widths add up to %.2f pt; the table's type area is %.2f pt wide", sum, want)
	}
	return nil
}

func colFields(cols []Column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Field
	}
	return out
}

func checkWidth(at string, w Width) error {
	if !(w.Width > 0) || !(w.SheetWidth > 0) || w.SheetWidth > 255 {
		return errAt(at, "width and sheetWidth must be positive (sheetWidth at most 255)")
	}
	return nil
}

func (p *Profile) checkFunds(at string, cols int) error {
	f := &p.Forms.SelfAssessment.Funds
	n := max(f.RowLabelSpan, 1)
	seen := map[string]bool{}
	for i, c := range f.Columns {
		cp := fmt.Sprintf("%s/columns/%d", at, i)
		if !slices.Contains(fundAmountFields, c.Field) && !slices.Contains(fundExecutionFields, c.Field) {
			return errAt(cp+"/field", "%q is no funds field (fields: %s, %s)", c.Field,
				strings.Join(fundAmountFields, ", "), strings.Join(fundExecutionFields, ", "))
		}
		if seen[c.Field] {
			return errAt(cp+"/field", "%q is shown twice", c.Field)
		}
		seen[c.Field] = true
		n += max(c.Span, 1)
	}
	for _, f := range []string{"budget", "executed"} {
		if !seen[f] {
			return errAt(at+"/columns", "the funds must show the field %q", f)
		}
	}
	if n != cols {
		return errAt(at, "rowLabelSpan and the columns span %d columns; the indicator grid has %d", n, cols)
	}
	if len(f.Rows) == 0 || f.Rows[0].Key != "total" {
		return errAt(at+"/rows", "the first row is the total (key \"total\")")
	}
	keys := map[string]bool{}
	for i, r := range f.Rows {
		if !slices.Contains(FundKeys, r.Key) || keys[r.Key] {
			return errAt(fmt.Sprintf("%s/rows/%d/key", at, i), "%q: want one of %s, once each", r.Key, strings.Join(FundKeys, ", "))
		}
		keys[r.Key] = true
	}
	return nil
}

// requiredStyles are the styles the document builder uses.
var requiredStyles = []string{"title", "heading1", "heading2", "heading3", "heading4", "body",
	"caption", "tableTitle", "tableYear", "table", "tableText", "note", "pageNumber"}

func (p *Profile) checkLayout() error {
	l := &p.Layout
	bottom := l.Page.Height - l.Margins.Bottom
	if !(l.Page.Width > 0) || !(l.Page.Height > 0) || !(l.Width() > 0) || bottom <= l.Margins.Top {
		return errAt("/layout/margins", "the page has no room inside its margins")
	}
	for _, name := range slices.Sorted(maps.Keys(l.PartMargins)) {
		m := l.PartMargins[name]
		if l.Page.Width-m.Left-m.Right < 100 || l.Page.Height-m.Top-m.Bottom < 100 {
			return errAt("/layout/partMargins/"+name, "leaves no room on the page")
		}
	}
	if _, ok := l.PartMargins["table"]; !ok {
		return errAt("/layout/partMargins/table", "is required")
	}
	for _, name := range requiredStyles {
		s, ok := l.Styles[name]
		at := "/layout/styles/" + name
		if !ok {
			return errAt(at, "is missing")
		}
		if !(s.Size > 0) || s.LineHeight < s.Size*0.9 {
			return errAt(at, "needs a size and a line height of at least 0.9 × size")
		}
		if s.LineHeight > bottom-l.Margins.Top {
			return errAt(at+"/lineHeight", "a line taller than the page")
		}
		if s.Padding < 0 || s.SidePadding < 0 || s.Indent < 0 {
			return errAt(at, "padding and indent must not be negative")
		}
		switch s.Lines {
		case "", LinesBalanced, LinesFilled:
		default:
			return errAt(at+"/lines", "%q: want balanced, filled or nothing", s.Lines)
		}
		switch s.Align {
		case "left", "center", "justify", "right":
		default:
			return errAt(at+"/align", "%q: want left, center, right or justify", s.Align)
		}
	}
	switch l.Punctuation {
	case "", PunctuationCompressed, PunctuationFull:
	default:
		return errAt("/layout/punctuation", "%q: want compressed or full", l.Punctuation)
	}
	if _, err := template.New("").Parse(l.PageNumber.Format); err != nil {
		return errAt("/layout/pageNumber/format", "%v", err)
	}
	if len(l.Seal.Over) > 0 && !(l.Seal.Size >= 10 && l.Seal.Size <= 80) {
		return errAt("/layout/seal/size", "a seal of 10 to 80 mm is needed")
	}
	return nil
}

func (p *Profile) checkSheet() error {
	s := &p.Sheet
	switch {
	case s.Font == "" || !(s.LineHeight > 0):
		return errAt("/sheet", "font and lineHeight are required")
	case !(s.Sizes.Text > 0) || !(s.Sizes.Title > 0) || !(s.Sizes.Subtitle > 0) || !(s.Sizes.Note > 0):
		return errAt("/sheet/sizes", "every size must be positive")
	case len(s.Report.Columns) != 4 || len(s.Report.ColumnsHeader) != 4:
		return errAt("/sheet/report", "needs 4 columns and 4 columnsHeader")
	case !(s.Page.Size[0] > 0) || !(s.Page.Size[1] > 0):
		return errAt("/sheet/page/size", "the paper's width and height are required")
	}
	return nil
}
