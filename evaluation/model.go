package evaluation

import (
	"bytes"
	"encoding/json"
)

// Disclosure is one department's performance disclosure for one year
// (部门年度绩效信息公开): the department overall evaluation report, the
// project evaluation reports and the project self-assessment tables. Any
// of the three parts may be absent, so a single table or report can be
// sent alone.
type Disclosure struct {
	Department string `json:"department" validate:"required,max=100"`
	Year       int    `json:"year" validate:"required,min=2000,max=2100"`
	// Profile names the form profile the disclosure is filled in on
	// (package profile); the default profile when empty. A caller may
	// override it.
	Profile string `json:"profile,omitempty" validate:"max=100"`
	// Unit is the money unit of every amount: one the profile allows,
	// its default when empty. Amounts are never converted.
	Unit string `json:"unit,omitempty" validate:"max=20"`
	// Title overrides the generated document title.
	Title string `json:"title,omitempty" validate:"max=200"`

	DepartmentReport *DepartmentReport `json:"departmentReport,omitempty"`
	ProjectReports   []ProjectReport   `json:"projectReports,omitempty" validate:"dive"`
	SelfAssessments  []SelfAssessment  `json:"selfAssessments,omitempty" validate:"dive"`

	// unread are the values of the input decode reported and left out.
	unread pointerSet
}

// DepartmentReport is the 部门整体绩效评价报告.
type DepartmentReport struct {
	Title  string           `json:"title,omitempty" validate:"max=200"`
	Budget DepartmentBudget `json:"budget"`
	// Indicators is the scored tree: 预算执行情况, 整体绩效目标实现情况,
	// 预算管理情况 and their sub-indicators.
	Indicators []Indicator `json:"indicators" validate:"required,min=1,dive"`
	Sections   []Section   `json:"sections,omitempty" validate:"dive"`
	// DeclaredTotal is the total score as published, audited against the
	// computed one.
	DeclaredTotal Number `json:"declaredTotal,omitzero"`
	DeclaredGrade string `json:"declaredGrade,omitempty" validate:"max=20"`
}

// DepartmentBudget holds the department's budget figures.
type DepartmentBudget struct {
	// Budget is 全年预算数, split into 基本支出 and 项目支出.
	Budget Split `json:"budget"`
	// Spending is 全年支出 (执行数), split likewise.
	Spending Split `json:"spending"`
	// Carryover is 结转结余 of this year and of the year before.
	Carryover         *Carryover `json:"carryover,omitempty"`
	PreviousCarryover *Carryover `json:"previousCarryover,omitempty"`
	// FinalAccounts compares the 预算 with the 决算 (预决算差异率).
	FinalAccounts *FinalAccounts `json:"finalAccounts,omitempty"`

	Declared DepartmentBudgetDeclared `json:"declared,omitzero"`
}

// Split is an amount split into 基本支出 and 项目支出.
type Split struct {
	Total   Number `json:"total"`
	Basic   Number `json:"basic,omitzero"`
	Project Number `json:"project,omitzero"`
}

// Carryover is one year's 支出预算数 and 结转结余资金.
type Carryover struct {
	Year   int    `json:"year,omitempty" validate:"omitempty,min=2000,max=2100"`
	Budget Number `json:"budget"`
	Amount Number `json:"amount"`
}

// FinalAccounts is the 支出预算数 and 支出决算数 of the year.
type FinalAccounts struct {
	Budget Number `json:"budget"`
	Actual Number `json:"actual"`
}

// budgetFigures are the department budget's input figures by the names
// prose states them with (profile.NamedFigures), with their JSON Pointer
// under the budget. The audit reads them to check the prose, the Word
// importer to fill the budget from it.
var budgetFigures = []struct {
	name, path string
	field      func(b *DepartmentBudget, create bool) *Number
}{
	{"全年预算数", "/budget/total", func(b *DepartmentBudget, _ bool) *Number { return &b.Budget.Total }},
	{"基本支出预算数", "/budget/basic", func(b *DepartmentBudget, _ bool) *Number { return &b.Budget.Basic }},
	{"项目支出预算数", "/budget/project", func(b *DepartmentBudget, _ bool) *Number { return &b.Budget.Project }},
	{"全年支出数", "/spending/total", func(b *DepartmentBudget, _ bool) *Number { return &b.Spending.Total }},
	{"全年执行数", "/spending/total", func(b *DepartmentBudget, _ bool) *Number { return &b.Spending.Total }},
	{"基本支出数", "/spending/basic", func(b *DepartmentBudget, _ bool) *Number { return &b.Spending.Basic }},
	{"项目支出数", "/spending/project", func(b *DepartmentBudget, _ bool) *Number { return &b.Spending.Project }},
	{"结转结余预算数", "/carryover/budget", func(b *DepartmentBudget, create bool) *Number {
		return carryoverField(&b.Carryover, create, func(c *Carryover) *Number { return &c.Budget })
	}},
	{"结转结余资金", "/carryover/amount", func(b *DepartmentBudget, create bool) *Number {
		return carryoverField(&b.Carryover, create, func(c *Carryover) *Number { return &c.Amount })
	}},
	{"上年结转结余预算数", "/previousCarryover/budget", func(b *DepartmentBudget, create bool) *Number {
		return carryoverField(&b.PreviousCarryover, create, func(c *Carryover) *Number { return &c.Budget })
	}},
	{"上年结转结余资金", "/previousCarryover/amount", func(b *DepartmentBudget, create bool) *Number {
		return carryoverField(&b.PreviousCarryover, create, func(c *Carryover) *Number { return &c.Amount })
	}},
	{"支出预算数", "/finalAccounts/budget", func(b *DepartmentBudget, create bool) *Number {
		return finalAccountsField(b, create, func(f *FinalAccounts) *Number { return &f.Budget })
	}},
	{"支出决算数", "/finalAccounts/actual", func(b *DepartmentBudget, create bool) *Number {
		return finalAccountsField(b, create, func(f *FinalAccounts) *Number { return &f.Actual })
	}},
}

func carryoverField(c **Carryover, create bool, field func(*Carryover) *Number) *Number {
	if *c == nil {
		if !create {
			return nil
		}
		*c = &Carryover{}
	}
	return field(*c)
}

func finalAccountsField(b *DepartmentBudget, create bool, field func(*FinalAccounts) *Number) *Number {
	if b.FinalAccounts == nil {
		if !create {
			return nil
		}
		b.FinalAccounts = &FinalAccounts{}
	}
	return field(b.FinalAccounts)
}

// Figure returns the input field of the budget that the named figure
// (profile.NamedFigures) is, and its JSON Pointer under the budget; nil
// for a figure the budget computes (预算执行率) or does not hold. A
// carryover or final accounts figure of an absent part is nil, or with
// create makes the part.
func (b *DepartmentBudget) Figure(name string, create bool) (*Number, string) {
	for _, f := range budgetFigures {
		if f.name == name {
			return f.field(b, create), f.path
		}
	}
	return nil, ""
}

// DepartmentBudgetDeclared holds the department figures as published.
// Rates are in percent; CarryoverRateChange is in percentage points.
type DepartmentBudgetDeclared struct {
	ExecutionRate               Number `json:"executionRate,omitzero"`
	CarryoverRate               Number `json:"carryoverRate,omitzero"`
	PreviousCarryoverRate       Number `json:"previousCarryoverRate,omitzero"`
	CarryoverRateChange         Number `json:"carryoverRateChange,omitzero"`
	FinalAccountsDifference     Number `json:"finalAccountsDifference,omitzero"`
	FinalAccountsDifferenceRate Number `json:"finalAccountsDifferenceRate,omitzero"`
}

// IsZero reports whether nothing was declared.
func (d DepartmentBudgetDeclared) IsZero() bool { return d == DepartmentBudgetDeclared{} }

// Indicator is a node of a scored indicator tree. A leaf carries its
// weight (分值) and score (得分); an inner node's weight and score are
// the sums of its children and may only be declared, for audit.
type Indicator struct {
	Name     string      `json:"name" validate:"required,max=200"`
	Weight   Number      `json:"weight,omitzero"`
	Score    Number      `json:"score,omitzero"`
	Children []Indicator `json:"children,omitempty" validate:"dive"`

	// Published figures of an inner node, or of the rate of any node.
	DeclaredWeight Number `json:"declaredWeight,omitzero"`
	DeclaredScore  Number `json:"declaredScore,omitzero"`
	DeclaredRate   Number `json:"declaredRate,omitzero"`
	// Computed marks the leaf whose score is derived from the budget
	// figures (预算执行率 × 分值) rather than given; its Score, if any, is
	// then a declared value.
	Computed string `json:"computed,omitempty" validate:"omitempty,oneof=executionRate"`
}

// Section is a numbered section of a report. Headings are numbered from
// the structure (一、（一）1.（1）) and never carry their own numbers.
type Section struct {
	Heading  string    `json:"heading" validate:"required,max=200"`
	Blocks   []Block   `json:"blocks,omitempty" validate:"dive"`
	Sections []Section `json:"sections,omitempty" validate:"dive"`
}

// Block is one piece of a section's body: exactly one of its fields is set.
type Block struct {
	Paragraph string `json:"paragraph,omitempty" validate:"max=20000"`
	List      *List  `json:"list,omitempty"`
	Table     *Table `json:"table,omitempty"`
}

// List is a list whose markers are generated: 1）2）…, ①②…, or ● bullets.
type List struct {
	Style string   `json:"style" validate:"required,oneof=paren circled bullet"`
	Start int      `json:"start,omitempty" validate:"min=0,max=1000"`
	Items []string `json:"items" validate:"required,min=1,dive,max=20000"`
}

// Table is a free table inside a report, such as the 绩效指标情况表.
// Cells covered by a span are omitted from their row, as in HTML.
type Table struct {
	Caption string   `json:"caption,omitempty" validate:"max=200"`
	Header  [][]Cell `json:"header,omitempty"`
	Rows    [][]Cell `json:"rows" validate:"required,min=1"`
	// Widths are relative column widths; equal when absent.
	Widths []Number `json:"widths,omitempty"`
}

// Cell is a table cell: a JSON string, or an object with spans.
type Cell struct {
	Text    string `json:"text"`
	RowSpan int    `json:"rowSpan,omitempty"`
	ColSpan int    `json:"colSpan,omitempty"`
}

// ProjectReport is a 项目支出绩效评价报告.
type ProjectReport struct {
	Project       string      `json:"project" validate:"required,max=200"`
	Title         string      `json:"title,omitempty" validate:"max=200"`
	Indicators    []Indicator `json:"indicators" validate:"required,min=1,dive"`
	Sections      []Section   `json:"sections,omitempty" validate:"dive"`
	DeclaredTotal Number      `json:"declaredTotal,omitzero"`
	DeclaredGrade string      `json:"declaredGrade,omitempty" validate:"max=20"`
}

// SelfAssessment is a 项目支出绩效自评表.
type SelfAssessment struct {
	Project             string `json:"project" validate:"required,max=200"`
	CompetentDepartment string `json:"competentDepartment" validate:"required,max=200"`
	ImplementingUnit    string `json:"implementingUnit" validate:"required,max=200"`
	Manager             string `json:"manager,omitempty" validate:"max=100"`
	Phone               string `json:"phone,omitempty" validate:"max=50"`

	Funds Funds `json:"funds"`
	// ExecutionWeight is the 分值 of 预算执行; the scheme's default (10)
	// when absent.
	ExecutionWeight Number `json:"executionWeight,omitzero"`

	Goals Goals `json:"goals"`
	// Indicators are the rows of the grid; their tags are checked by
	// rowProblems, not by the validator.
	Indicators []TableIndicator `json:"indicators" validate:"required,min=1"`

	// Texts are the form's free-text blocks (评价结论, 存在问题 …) by the
	// profile's keys.
	Texts map[string]string `json:"texts,omitempty"`
	// Signatures are the names on the form's signature lines, by the
	// profile's keys; a line without one is left to sign by hand.
	Signatures map[string]string `json:"signatures,omitempty"`

	Declared SelfAssessmentDeclared `json:"declared,omitzero"`
	// OmitNotes leaves out the 填报注意事项 under the table, as some
	// published tables do.
	OmitNotes bool `json:"omitNotes,omitempty"`
}

// Funds is the 项目资金 block: one row per source, three amounts each.
// Which sources a form shows is the profile's choice.
type Funds struct {
	Total FundRow `json:"total"`
	// Fiscal is 当年财政拨款 (or 财政资金).
	Fiscal    *FundRow `json:"fiscal,omitempty"`
	Carryover *FundRow `json:"carryover,omitempty"`
	Other     *FundRow `json:"other,omitempty"`
	// SpecialAccount is 财政专户管理资金.
	SpecialAccount *FundRow `json:"specialAccount,omitempty"`
	// Own is 单位资金.
	Own *FundRow `json:"own,omitempty"`
}

// Source returns the row of a fund source by its key (profile.FundKeys).
func (f *Funds) Source(key string) *FundRow {
	if key == "total" {
		return &f.Total
	}
	if s := f.slot(key); s != nil {
		return *s
	}
	return nil
}

// SetSource sets the row of a fund source other than the total.
func (f *Funds) SetSource(key string, r *FundRow) {
	if s := f.slot(key); s != nil {
		*s = r
	}
}

// slot is the one map from a source key to the field that keeps its row.
func (f *Funds) slot(key string) **FundRow {
	switch key {
	case "fiscal":
		return &f.Fiscal
	case "carryover":
		return &f.Carryover
	case "other":
		return &f.Other
	case "specialAccount":
		return &f.SpecialAccount
	case "own":
		return &f.Own
	}
	return nil
}

// FundRow is 年初预算数, 全年预算数 and 全年执行数 of one source.
type FundRow struct {
	InitialBudget Number `json:"initialBudget,omitzero"`
	Budget        Number `json:"budget"`
	Executed      Number `json:"executed"`
}

// Goals is the 年度总体目标 block.
type Goals struct {
	Expected string `json:"expected" validate:"max=5000"`
	Actual   string `json:"actual" validate:"max=5000"`
}

// TableIndicator is one row of the self-assessment indicator grid.
type TableIndicator struct {
	Level1 string `json:"level1" validate:"required"`
	Level2 string `json:"level2" validate:"required"`
	Name   string `json:"name" validate:"max=500"`
	Target string `json:"target" validate:"max=2000"`
	Actual string `json:"actual" validate:"max=2000"`
	Weight Number `json:"weight,omitzero"`
	Score  Number `json:"score,omitzero"`
	// Deviation is 偏差原因分析及改进措施 (or 未完成原因分析).
	Deviation string `json:"deviation,omitempty" validate:"max=2000"`
	// Nature is 指标性质: =, ≥, ≤, > or <, on forms that show it.
	Nature string `json:"nature,omitempty" validate:"omitempty,oneof== ≥ ≤ > <"`
	// Unit is 度量单位, on forms that show it.
	Unit string `json:"unit,omitempty" validate:"max=20"`
	// NotApplicable marks a 不涉及 row: no weight, no score.
	NotApplicable bool `json:"notApplicable,omitempty"`
	// ScoreRows, when above 1, makes this row's 分值 and 得分 cover the
	// next ScoreRows−1 rows too (a merged cell on the form); those rows
	// carry no weight or score of their own.
	ScoreRows int `json:"scoreRows,omitempty" validate:"min=0,max=100"`
	// Quantitative, when set, makes the score computed from target and
	// actual values; a Score given alongside is then a declared value.
	Quantitative *Quantitative `json:"quantitative,omitempty"`
}

// Quantitative holds the numeric target (A) and actual (B) of a
// quantitative indicator.
type Quantitative struct {
	Direction string `json:"direction" validate:"required,oneof=positive negative"`
	Target    Number `json:"target"`
	Actual    Number `json:"actual"`
}

// LevelRun counts the rows from i that share its 一级指标 (with
// level1Only) or its 一级 and 二级指标: the rows one merged level cell of
// the form spans.
func LevelRun(inds []TableIndicator, i int, level1Only bool) int {
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

// A Field is a text of a self-assessment table that a form may show: a
// column of its indicator grid or a cell of its header. The tables below
// are the one place that knows each field: the renderer prints it, the
// importer fills it, Validate refuses it where the form has no place for
// it, and the audit finds its role, all from there. Its value's rules are
// the validate tag of its struct field, beside it in this file. A region's
// extra column is a field of TableIndicator, a row of IndicatorFields and
// the name in profile.IndicatorFields that lets its profile show it.
type Field[T any] struct {
	// Name is the field's JSON name, which a profile's column or header
	// cell names it by.
	Name string
	// Label is what the form calls the field.
	Label string
	// Of is the field of a row (or table); nil for a figure, which the
	// scoring reads and prints.
	Of func(*T) *string
	// Spellings map the ways the importer may find a value written, once
	// full-width forms are folded and white space dropped, to the value
	// (>= to ≥); a text none matches is kept as written.
	Spellings map[string]string
	// Short fields (a sign, a unit) are centred in their cell as figures
	// are; the rest are set as prose.
	Short bool
	// Explains marks the row's account of a score below its weight
	// (偏差原因分析), which the audit's deviationExplained rule asks for and
	// its executionExplained rule reads.
	Explains bool
}

// IndicatorFields are the fields an indicator row carries, in the order a
// form shows them when it shows them all.
var IndicatorFields = []Field[TableIndicator]{
	{Name: "level1", Label: "一级指标", Of: func(t *TableIndicator) *string { return &t.Level1 }},
	{Name: "level2", Label: "二级指标", Of: func(t *TableIndicator) *string { return &t.Level2 }},
	{Name: "name", Label: "三级指标", Of: func(t *TableIndicator) *string { return &t.Name }},
	{Name: "target", Label: "年度指标值", Of: func(t *TableIndicator) *string { return &t.Target }},
	{Name: "actual", Label: "实际完成值", Of: func(t *TableIndicator) *string { return &t.Actual }},
	{Name: "weight", Label: "分值"},
	{Name: "score", Label: "得分"},
	{Name: "deviation", Label: "偏差原因分析及改进措施", Explains: true, Of: func(t *TableIndicator) *string { return &t.Deviation }},
	{Name: "nature", Label: "指标性质", Short: true, Of: func(t *TableIndicator) *string { return &t.Nature },
		Spellings: map[string]string{"=": "=", "＝": "=", ">=": "≥", "≥": "≥", "≧": "≥", "<=": "≤", "≤": "≤", "≦": "≤", ">": ">", "<": "<"}},
	{Name: "unit", Label: "度量单位", Short: true, Of: func(t *TableIndicator) *string { return &t.Unit }},
}

// HeaderFields are the fields of a table's header.
var HeaderFields = []Field[SelfAssessment]{
	{Name: "project", Label: "项目名称", Of: func(t *SelfAssessment) *string { return &t.Project }},
	{Name: "competentDepartment", Label: "主管部门", Of: func(t *SelfAssessment) *string { return &t.CompetentDepartment }},
	{Name: "implementingUnit", Label: "实施单位", Of: func(t *SelfAssessment) *string { return &t.ImplementingUnit }},
	{Name: "manager", Label: "项目负责人", Of: func(t *SelfAssessment) *string { return &t.Manager }},
	{Name: "phone", Label: "联系电话", Of: func(t *SelfAssessment) *string { return &t.Phone }},
}

// FieldNamed returns the field of fields with the name, or nil.
func FieldNamed[T any](fields []Field[T], name string) *Field[T] {
	for i := range fields {
		if fields[i].Name == name {
			return &fields[i]
		}
	}
	return nil
}

// Text returns the field's value in x: "" for a figure.
func (f *Field[T]) Text(x *T) string {
	if f.Of == nil {
		return ""
	}
	return *f.Of(x)
}

// Read returns the value a cell's text v gives the field: the value its
// spelling stands for, or v; norm folds and drops white space as
// Spellings says.
func (f *Field[T]) Read(v string, norm func(string) string) string {
	if f.Spellings == nil {
		return v
	}
	if s, ok := f.Spellings[norm(v)]; ok {
		return s
	}
	return v
}

// HeaderField returns the field a form's header key names (project,
// competentDepartment, implementingUnit, manager, phone), or nil for a key
// it does not know.
func (t *SelfAssessment) HeaderField(key string) *string {
	if f := FieldNamed(HeaderFields, key); f != nil {
		return f.Of(t)
	}
	return nil
}

// SelfAssessmentDeclared holds a table's figures as published.
type SelfAssessmentDeclared struct {
	ExecutionRate  Number `json:"executionRate,omitzero"`
	ExecutionScore Number `json:"executionScore,omitzero"`
	Total          Number `json:"total,omitzero"`
	// Points are the 一级指标 points printed as 产出指标（50分）, by name.
	Points map[string]Number `json:"points,omitempty"`
	Grade  string            `json:"grade,omitempty" validate:"max=20"`
}

// IsZero reports whether nothing was declared.
func (d SelfAssessmentDeclared) IsZero() bool {
	return !d.ExecutionRate.Valid && !d.ExecutionScore.Valid && !d.Total.Valid && len(d.Points) == 0 && d.Grade == ""
}

// UnmarshalJSON lets a cell be written as a bare string.
func (c *Cell) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &c.Text)
	}
	type plain Cell
	var p plain
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return err
	}
	*c = Cell(p)
	return nil
}

// UnmarshalJSON lets a block be written as a bare string paragraph.
func (b *Block) UnmarshalJSON(data []byte) error {
	if len(data) > 0 && data[0] == '"' {
		*b = Block{}
		return json.Unmarshal(data, &b.Paragraph)
	}
	type plain Block
	var p plain
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return err
	}
	*b = Block(p)
	return nil
}
