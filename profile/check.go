package profile

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"
	"text/template"
	"text/template/parse"

	"github.com/shopspring/decimal"
)

// errAt is a mistake in a profile at a JSON Pointer.
func errAt(at, format string, args ...any) error {
	return fmt.Errorf("%s: %s", at, fmt.Sprintf(format, args...))
}

// check refuses a profile that cannot be rendered as it says.
func (p *Profile) check() error {
	for _, c := range []func() error{p.checkMoney, p.checkScheme, p.checkLayout, p.checkForms, p.checkTable, p.checkAudit, p.checkSheet} {
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
	for _, r := range []struct {
		at    string
		lines []string
	}{{"/forms/departmentReport/closing", f.DepartmentReport.Closing}, {"/forms/projectReport/closing", f.ProjectReport.Closing}} {
		for i, line := range r.lines {
			if strings.TrimSpace(line) == "" {
				return errAt(fmt.Sprintf("%s/%d", r.at, i), "a closing line is empty")
			}
			templates[fmt.Sprintf("%s/%d", r.at, i)] = line
		}
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
	p.templates = map[string]*lazyTemplate{}
	for _, at := range slices.Sorted(maps.Keys(templates)) {
		p.templates[templates[at]] = &lazyTemplate{at: at, text: templates[at]}
	}
	return nil
}

// lazyTemplate is a wording's template, parsed on first use: a command
// fills a few of a profile's 24 wordings, most none of the workbook's. An
// operator's profile has every template parsed at load (prepare), so
// that its mistakes are reported there; the built-in ones are parsed by
// the tests.
type lazyTemplate struct {
	at, text string
	once     sync.Once
	t        *template.Template
	err      error
}

func (l *lazyTemplate) parse() (*template.Template, error) {
	l.once.Do(func() { l.t, l.err = parseTemplate(l.at, l.text) })
	return l.t, l.err
}

// prepare does the work that check leaves to first use: it parses the
// templates, in the order of their JSON Pointers, and compiles the
// narrative patterns.
func (p *Profile) prepare() error {
	for _, t := range slices.SortedFunc(maps.Values(p.templates), func(a, b *lazyTemplate) int { return strings.Compare(a.at, b.at) }) {
		if _, err := t.parse(); err != nil {
			return err
		}
	}
	return p.compileNarrative()
}

// parseTemplate parses a wording's template and refuses what a wording
// does not need and an operator's profile could abuse: defining or
// calling templates (a template that calls itself runs 100,000 levels
// deep), range (over a number it loops as long as it is told), and the
// functions whose cost is not in the text (printf "%01000000d", call).
// Fields, if/else, with and the comparison and text functions remain;
// an unknown function fails the parse.
func parseTemplate(at, text string) (*template.Template, error) {
	t, err := template.New(at).Option("missingkey=error").Parse(text)
	if err != nil {
		return nil, errAt(at, "%v", err)
	}
	if len(t.Templates()) > 1 {
		return nil, errAt(at, "defines templates ({{define}} or {{block}}); a wording needs none")
	}
	if t.Tree != nil {
		if err := plainNode(t.Tree.Root); err != nil {
			return nil, errAt(at, "%v", err)
		}
	}
	return t, nil
}

// templateFuncs are the functions a profile's template may call.
var templateFuncs = map[string]bool{
	"and": true, "or": true, "not": true, "eq": true, "ne": true, "lt": true, "le": true, "gt": true, "ge": true,
	"len": true, "index": true, "slice": true, "html": true, "js": true, "urlquery": true,
}

func plainNode(n parse.Node) error {
	switch n := n.(type) {
	case nil:
		return nil
	case *parse.ListNode:
		if n == nil {
			return nil
		}
		for _, c := range n.Nodes {
			if err := plainNode(c); err != nil {
				return err
			}
		}
	case *parse.TextNode, *parse.CommentNode:
	case *parse.ActionNode:
		return plainPipe(n.Pipe)
	case *parse.IfNode:
		return plainBranch(&n.BranchNode)
	case *parse.WithNode:
		return plainBranch(&n.BranchNode)
	case *parse.RangeNode:
		return fmt.Errorf("{{range}} is not allowed in a wording")
	case *parse.TemplateNode:
		return fmt.Errorf("{{template %q}} is not allowed in a wording", n.Name)
	default:
		return fmt.Errorf("%s is not allowed in a wording", n)
	}
	return nil
}

func plainBranch(b *parse.BranchNode) error {
	if err := plainPipe(b.Pipe); err != nil {
		return err
	}
	if err := plainNode(b.List); err != nil {
		return err
	}
	return plainNode(b.ElseList)
}

func plainPipe(p *parse.PipeNode) error {
	if p == nil {
		return nil
	}
	for _, c := range p.Cmds {
		for _, a := range c.Args {
			switch a := a.(type) {
			case *parse.IdentifierNode:
				if !templateFuncs[a.Ident] {
					return fmt.Errorf("the function %s is not allowed in a wording", a.Ident)
				}
			case *parse.PipeNode:
				if err := plainPipe(a); err != nil {
					return err
				}
			case *parse.ChainNode:
				if pn, ok := a.Node.(*parse.PipeNode); ok {
					if err := plainPipe(pn); err != nil {
						return err
					}
				}
			}
		}
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
	if !(l.Page.Width > 0) || !(l.Page.Height > 0) || l.Page.Width > maxPage || l.Page.Height > maxPage {
		return errAt("/layout/page", "width and height are 1 to %d points", maxPage)
	}
	if err := checkMargins("/layout/margins", l.Margins, l.Page.Width, l.Page.Height, 100); err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(l.PartMargins)) {
		if err := checkMargins("/layout/partMargins/"+name, l.PartMargins[name], l.Page.Width, l.Page.Height, 100); err != nil {
			return err
		}
	}
	if _, ok := l.PartMargins["table"]; !ok {
		return errAt("/layout/partMargins/table", "is required")
	}
	styles := requiredStyles
	if len(p.Forms.DepartmentReport.Closing)+len(p.Forms.ProjectReport.Closing) > 0 {
		styles = append(slices.Clip(styles), "closing")
	}
	for _, name := range styles {
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
		if s.Size > 200 {
			return errAt(at+"/size", "%g: a text size is at most 200 points", s.Size)
		}
		if s.Padding < 0 || s.SidePadding < 0 || s.Indent < 0 || s.SpaceBefore < 0 || s.SpaceAfter < 0 {
			return errAt(at, "padding, indent and spacing must not be negative")
		}
		if s.Padding > 100 || s.SidePadding > 100 || s.Indent > 20 || s.SpaceBefore > bottom-l.Margins.Top || s.SpaceAfter > bottom-l.Margins.Top {
			return errAt(at, "padding (at most 100 points), indent (20 characters) or spacing (the type area) too large")
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
	for i, field := range l.KeepWhole {
		if !slices.ContainsFunc(p.Forms.SelfAssessment.Indicators.Columns, func(c Column) bool { return c.Field == field }) {
			return errAt(fmt.Sprintf("/layout/keepWhole/%d", i), "%q is no column of the indicator grid", field)
		}
	}
	switch l.Punctuation {
	case "", PunctuationCompressed, PunctuationFull:
	default:
		return errAt("/layout/punctuation", "%q: want compressed or full", l.Punctuation)
	}
	if _, err := parseTemplate("/layout/pageNumber/format", l.PageNumber.Format); err != nil {
		return err
	}
	if l.TableRule < 0 || l.TableRule > 10 || l.PageNumber.Below < 0 || l.PageNumber.Inset < 0 {
		return errAt("/layout", "tableRule (0 to 10), pageNumber below and inset must not be negative")
	}
	if len(l.Seal.Over) > 0 && !(l.Seal.Size >= 10 && l.Seal.Size <= 80) {
		return errAt("/layout/seal/size", "a seal of 10 to 80 mm is needed")
	}
	return nil
}

// maxPage is the largest page side, in points: PDF's limit (200 inches).
const maxPage = 14400

// checkMargins refuses a negative or too large margin, and one that
// leaves less than min points of type area on a w × h page.
func checkMargins(at string, m Margins, w, h, min float64) error {
	for _, v := range []struct {
		name string
		v    float64
	}{{"top", m.Top}, {"left", m.Left}, {"right", m.Right}, {"bottom", m.Bottom}} {
		if v.v < 0 || v.v > maxPage {
			return errAt(at+"/"+v.name, "%g: a margin is 0 to %d points", v.v, maxPage)
		}
	}
	if m.Landscape {
		w, h = h, w
	}
	if w-m.Left-m.Right < min || h-m.Top-m.Bottom < min {
		return errAt(at, "leaves less than %g points of type area on the page", min)
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
	case !(s.Page.Size[0] > 0) || !(s.Page.Size[1] > 0) || s.Page.Size[0] > maxPage || s.Page.Size[1] > maxPage:
		return errAt("/sheet/page/size", "the paper's width and height are required, at most %d points", maxPage)
	// Excel's own bounds: a font of at most 409 points, a row at most
	// 409 points tall; margins in inches on a sheet's page.
	case s.Sizes.Text > 409 || s.Sizes.Title > 409 || s.Sizes.Subtitle > 409 || s.Sizes.Note > 409 || s.LineHeight > 409:
		return errAt("/sheet/sizes", "a size is at most 409 points")
	case s.MinRowHeight < 0 || s.MinRowHeight > 409:
		return errAt("/sheet/minRowHeight", "0 to 409 points")
	case s.Padding.Horizontal < 0 || s.Padding.Vertical < 0 || s.Padding.Horizontal > 100 || s.Padding.Vertical > 100:
		return errAt("/sheet/padding", "0 to 100 points")
	}
	mg := s.Page.Margins
	for _, v := range []float64{mg.Left, mg.Right, mg.Top, mg.Bottom, mg.Header, mg.Footer} {
		if v < 0 || v > 10 {
			return errAt("/sheet/page/margins", "%g: a margin is 0 to 10 inches", v)
		}
	}
	return nil
}
