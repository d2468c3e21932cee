package evaluation

import (
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/jixiao/jixiao/internal/spans"
	"github.com/jixiao/jixiao/profile"
	"github.com/shopspring/decimal"
)

// disclosureRules are the validate tags of the disclosure's types but
// the rows', compiled on first use.
var disclosureRules = sync.OnceValue(func() *structRules {
	return compileRules(reflect.TypeFor[Disclosure]())
})

// Validate checks d against the struct rules and the profile's rules and
// form, and returns every problem found, or nil: one for each cause, not
// also those that follow from it (a missing weight makes no weight_sum).
// Of a disclosure decode read in part, it reports nothing at the values
// decode left out, nor the rules those values feed.
func Validate(d *Disclosure, p *profile.Profile) Problems {
	// The rules of the struct tags come first, the rows' last of them,
	// then those across fields.
	ps := tagProblems(d)
	cross := &crossValidator{p: p, s: &p.Scheme, unread: d.unread}
	cross.disclosure(d)
	cross.placeholders(d)
	return append(ps, cross.ps...)
}

// tagProblems checks the validate tags of d's fields, as
// go-playground/validator reads them (with the JSON names and required
// structs), but for the values decode left out (and has reported). The
// tags are few and simple, and the validator boxed every value it
// visited: checking them here is a tenth of its time.
func tagProblems(d *Disclosure) Problems {
	var ps Problems
	disclosureRules().problems(reflect.ValueOf(d).Elem(), "", func(p Problem) {
		if !d.unread.covers(p.Path) {
			ps = append(ps, p)
		}
	})
	return rowProblems(d, ps)
}

// ruleProblem is the problem of a value of the given kind at path that
// fails the tag rule with param.
func ruleProblem(path, tag, param string, kind reflect.Kind, value any) Problem {
	p := Problem{Path: path}
	switch tag {
	case "required":
		p.Code, p.Message, p.MessageEN = CodeRequired, "必填字段缺失或为空", "required field is missing or empty"
		if kind == reflect.Slice {
			p.Message, p.MessageEN = "至少需要一项", "at least one item is required"
		}
	case "max":
		p.Code = CodeTooLong
		if kind == reflect.String || kind == reflect.Slice {
			p.Message, p.MessageEN = fmt.Sprintf("长度不能超过 %s", param), fmt.Sprintf("length must be at most %s", param)
		} else {
			p.Code = CodeRange
			p.Message, p.MessageEN = fmt.Sprintf("不能大于 %s", param), fmt.Sprintf("must be at most %s", param)
		}
	case "min":
		p.Code = CodeRange
		if kind == reflect.Slice {
			p.Code = CodeRequired
			p.Message, p.MessageEN = fmt.Sprintf("至少需要 %s 项", param), fmt.Sprintf("at least %s items are required", param)
			if param == "1" {
				p.MessageEN = "at least 1 item is required"
			}
		} else {
			p.Message, p.MessageEN = fmt.Sprintf("不能小于 %s", param), fmt.Sprintf("must be at least %s", param)
		}
	case "oneof":
		p.Code = CodeOneOf
		p.Message = fmt.Sprintf("取值 %q 不在允许范围内：%s", fmt.Sprint(value), param)
		p.MessageEN = fmt.Sprintf("value %q is not one of: %s", fmt.Sprint(value), param)
	default:
		p.Code = tag
		p.Message = fmt.Sprintf("不满足规则 %s", tag)
		p.MessageEN = fmt.Sprintf("fails rule %s", tag)
	}
	return p
}

// crossValidator checks the rules that involve several fields.
type crossValidator struct {
	p      *profile.Profile
	s      *profile.Scheme
	unread pointerSet // what decode left out
	ps     Problems
}

func (v *crossValidator) add(path, code, zh, en string) {
	v.addProblem(Problem{Path: path, Code: code, Message: zh, MessageEN: en})
}

// addProblem records a problem, unless it is about a value decode left
// out (and has reported).
func (v *crossValidator) addProblem(p Problem) {
	if !v.unread.covers(p.Path) {
		v.ps = append(v.ps, p)
	}
}

func (v *crossValidator) disclosure(d *Disclosure) {
	if d.DepartmentReport == nil && len(d.ProjectReports) == 0 && len(d.SelfAssessments) == 0 &&
		!v.unread.covers("/departmentReport") && !v.unread.covers("/projectReports") && !v.unread.covers("/selfAssessments") {
		v.add("", CodeEmpty, "至少需要部门整体绩效评价报告、项目支出绩效评价报告或项目支出绩效自评表之一",
			"at least one of departmentReport, projectReports or selfAssessments is required")
	}
	if d.Unit != "" && !v.p.Money.Allows(d.Unit) {
		v.add("/unit", CodeOneOf,
			fmt.Sprintf("表单配置 %s 的金额单位为 %s，不能是 %q", v.p.Name, v.p.Money.Unit, d.Unit),
			fmt.Sprintf("profile %s records amounts in %s, not %q", v.p.Name, v.p.Money.Unit, d.Unit))
	}
	if r := d.DepartmentReport; r != nil {
		v.grade(r.DeclaredGrade, "/departmentReport/declaredGrade")
		v.departmentBudget(&r.Budget, "/departmentReport/budget")
		v.tree(r.Indicators, "/departmentReport/indicators", v.s.Department, true)
		v.sections(r.Sections, "/departmentReport/sections")
	}
	for i := range d.ProjectReports {
		p := &d.ProjectReports[i]
		base := child("/projectReports", i)
		v.grade(p.DeclaredGrade, base+"/declaredGrade")
		v.tree(p.Indicators, base+"/indicators", v.s.Project, false)
		v.sections(p.Sections, base+"/sections")
	}
	for i := range d.SelfAssessments {
		v.selfAssessment(&d.SelfAssessments[i], child("/selfAssessments", i))
	}
}

// grade checks a declared grade against the profile's grade names.
func (v *crossValidator) grade(g, path string) {
	if g != "" && !v.s.HasGrade(g) {
		names := v.s.GradeNames()
		v.add(path, CodeOneOf,
			fmt.Sprintf("等级 %q 不在表单配置 %s 的等级中：%s", g, v.p.Name, strings.Join(names, "、")),
			fmt.Sprintf("grade %q is not one of profile %s's grades: %s", g, v.p.Name, strings.Join(names, ", ")))
	}
}

func (v *crossValidator) amount(n Number, path string, required bool) {
	if !n.Valid {
		if required {
			v.add(path, CodeRequired, "必填金额缺失", "required amount is missing")
		}
		return
	}
	if n.Value.IsNegative() {
		v.add(path, CodeNegative, "金额不能为负数", "amount must not be negative")
	}
	v.amountScale(n, path)
}

func (v *crossValidator) departmentBudget(b *DepartmentBudget, path string) {
	for _, s := range []struct {
		split *Split
		name  string
	}{{&b.Budget, "budget"}, {&b.Spending, "spending"}} {
		p := child(path, s.name)
		v.amount(s.split.Total, p+"/total", true)
		v.amount(s.split.Basic, p+"/basic", false)
		v.amount(s.split.Project, p+"/project", false)
		// A split that does not add up is an audit finding, not an
		// error: published reports carry such typed-in totals.
	}
	if b.Budget.Total.Valid && b.Budget.Total.Value.IsZero() {
		v.add(path+"/budget/total", CodeRange, "全年预算数不能为零", "annual budget must not be zero")
	}
	for _, cc := range []struct {
		name string
		c    *Carryover
	}{{"carryover", b.Carryover}, {"previousCarryover", b.PreviousCarryover}} { // a slice, not a map: problems in a stable order
		name, c := cc.name, cc.c
		if c == nil {
			continue
		}
		v.amount(c.Budget, path+"/"+name+"/budget", true)
		v.amount(c.Amount, path+"/"+name+"/amount", true)
		if c.Budget.Valid && c.Budget.Value.IsZero() {
			v.add(path+"/"+name+"/budget", CodeRange, "支出预算数不能为零", "budget must not be zero")
		}
	}
	if f := b.FinalAccounts; f != nil {
		v.amount(f.Budget, path+"/finalAccounts/budget", true)
		v.amount(f.Actual, path+"/finalAccounts/actual", true)
		if f.Budget.Valid && f.Budget.Value.IsZero() {
			v.add(path+"/finalAccounts/budget", CodeRange, "支出预算数不能为零", "budget must not be zero")
		}
	}
}

// tree checks a report's scored indicator tree.
func (v *crossValidator) tree(nodes []Indicator, path string, rs profile.ReportScheme, allowComputed bool) {
	var sum decimal.Decimal
	known := true // every weight is there to sum
	for i := range nodes {
		n := &nodes[i]
		p := child(path, i)
		if len(rs.Top) > 0 && n.Name != "" && !contains(rs.Top, n.Name) {
			v.add(p+"/name", CodeUnknownLevel,
				fmt.Sprintf("一级指标 %q 不在评分方案中（允许：%s）", n.Name, strings.Join(rs.Top, "、")),
				fmt.Sprintf("top-level indicator %q is not in the scheme (allowed: %s)", n.Name, strings.Join(rs.Top, ", ")))
		}
		w, ok := v.node(n, p, allowComputed)
		sum, known = sum.Add(w), known && ok
	}
	if len(nodes) > 0 && known && !sum.Equal(rs.TotalWeight) {
		v.add(path, CodeWeightSum,
			fmt.Sprintf("各一级指标分值之和为 %s，应为 %s", sum, rs.TotalWeight),
			fmt.Sprintf("top-level weights sum to %s, must be %s", sum, rs.TotalWeight))
	}
}

// node checks one indicator and returns its weight, and whether the
// weight is known: not when a leaf's weight is missing or unread.
func (v *crossValidator) node(n *Indicator, p string, allowComputed bool) (decimal.Decimal, bool) {
	if v.lost(p, "") || v.lost(p, "/children") {
		return decimal.Zero, false // leaf or inner node: unknown
	}
	if len(n.Children) > 0 {
		if n.Weight.Valid || n.Score.Valid {
			v.add(p, CodeComputed, "有下级指标的分值和得分由下级汇总，只能以 declaredWeight/declaredScore 给出",
				"weight and score of an indicator with children are derived; give them as declaredWeight/declaredScore")
		}
		if n.Computed != "" {
			v.add(p+"/computed", CodeComputed, "只有末级指标可以自动计算得分", "only a leaf indicator can have a computed score")
		}
		var sum decimal.Decimal
		known := true
		for i := range n.Children {
			w, ok := v.node(&n.Children[i], child(p+"/children", i), allowComputed)
			sum, known = sum.Add(w), known && ok
		}
		return sum, known
	}
	if !n.Weight.Valid {
		v.add(p+"/weight", CodeRequired, "末级指标必须给出分值", "a leaf indicator needs a weight")
		return decimal.Zero, false
	}
	if n.Weight.Value.IsNegative() {
		v.add(p+"/weight", CodeNegative, "分值不能为负数", "weight must not be negative")
	}
	switch {
	case n.Computed != "":
		if !allowComputed {
			v.add(p+"/computed", CodeComputed, "此报告不支持自动计算的指标", "this report has no computed indicators")
		} else if w := v.s.Department.ExecutionWeight; !n.Weight.Value.Equal(w) {
			v.add(p+"/weight", CodeComputed,
				fmt.Sprintf("预算执行率指标的分值应为评分方案规定的 %s", w),
				fmt.Sprintf("the budget execution indicator's weight must be the scheme's %s", w))
		}
	case !n.Score.Valid:
		v.add(p+"/score", CodeMissingScore, "末级指标必须给出得分", "a leaf indicator needs a score")
	default:
		v.score(n.Score, n.Weight, p+"/score")
	}
	return n.Weight.Value, true
}

func (v *crossValidator) score(score, weight Number, path string) {
	if score.Value.IsNegative() {
		v.add(path, CodeNegative, "得分不能为负数", "score must not be negative")
	}
	// Above a negative weight every score is: the weight is the cause.
	if weight.Valid && !weight.Value.IsNegative() && score.Value.GreaterThan(weight.Value) {
		v.add(path, CodeScoreOverWeight,
			fmt.Sprintf("得分 %s 超过分值 %s", score.Raw, weight.Raw),
			fmt.Sprintf("score %s exceeds the weight %s", score.Raw, weight.Raw))
	}
}

func (v *crossValidator) sections(ss []Section, path string) {
	for i := range ss {
		p := child(path, i)
		for j, b := range ss[i].Blocks {
			v.block(&b, child(p+"/blocks", j))
		}
		v.sections(ss[i].Sections, p+"/sections")
	}
}

func (v *crossValidator) block(b *Block, p string) {
	set := 0
	if b.Paragraph != "" {
		set++
	}
	if b.List != nil {
		set++
	}
	if b.Table != nil {
		set++
		v.table(b.Table, p+"/table")
	}
	if set != 1 && !v.touched(p, "") {
		v.add(p, CodeBlock, "每个内容块必须且只能是段落、列表或表格之一", "a block must be exactly one of paragraph, list or table")
	}
}

// maxTableColumns bounds the columns of a free table, so that a huge
// colSpan cannot make the check below allocate without limit.
const maxTableColumns = 100

// table checks that the spans of a free table fill a rectangular grid.
func (v *crossValidator) table(t *Table, p string) {
	cols := -1
	check := func(rows [][]Cell, name string) {
		var grid spans.Grid
		for r, row := range rows {
			grid.Row(r)
			for _, cell := range row {
				c := grid.Next()
				rs, cs := max(cell.RowSpan, 1), max(cell.ColSpan, 1)
				if r+rs > len(rows) {
					v.add(child(p+"/"+name, r), CodeSpan, "单元格的跨行超出表格", "a cell's rowSpan runs past the last row")
					rs = len(rows) - r
				}
				// Bounded before placing, so that a huge colSpan cannot
				// make the grid allocate without limit.
				if cs > maxTableColumns-c {
					v.add(child(p+"/"+name, r), CodeSpan,
						fmt.Sprintf("表格不能超过 %d 列", maxTableColumns),
						fmt.Sprintf("a table has at most %d columns", maxTableColumns))
					return
				}
				grid.Place(rs, cs)
			}
			c := grid.Next()
			if cols < 0 {
				cols = c
			} else if c != cols {
				v.add(child(p+"/"+name, r), CodeSpan,
					fmt.Sprintf("该行共 %d 列，与其他行的 %d 列不一致", c, cols),
					fmt.Sprintf("row has %d columns where others have %d", c, cols))
			}
		}
	}
	v.tableWidths(t.Widths, p)
	if v.touched(p, "/header") || v.touched(p, "/rows") {
		return // the spans of cells left out are unknown
	}
	check(t.Header, "header")
	check(t.Rows, "rows")
	if len(t.Widths) > 0 && len(t.Widths) != cols {
		v.add(p+"/widths", CodeSpan, fmt.Sprintf("列宽个数应为 %d", cols), fmt.Sprintf("widths must have %d entries", cols))
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
