// Package profile describes a region's forms as data: the scoring scheme
// (weights, indicator names, grades, rounding and the scale of every kind
// of figure), the wording and columns of the 项目支出绩效自评表, the
// titles and numbering of the two reports, the money unit, the PDF page
// layout and the XLSX sheet layout. Every stage reads the same profile:
// evaluation validates and computes with its scheme, render builds the
// documents from its forms, and the backends lay them out with its
// layouts.
//
// Profiles are JSON files, one per profile, under templates/profiles (the
// built-in set) or in an operator's directory. A file may extend another
// profile and say only what differs. Load checks every file once — unknown
// keys, columns that name no field, widths that do not fill the page,
// weights that cannot add up — and refuses a profile with a mistake,
// naming the file and the key, so that no mistake reaches a render.
// docs/profiles.md explains every field.
package profile

import (
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Default is the name of the profile used when neither the input nor the
// caller names one: the 财政部 layout of the 项目支出绩效自评表.
const Default = "national"

// Profile is one region's forms and rules.
type Profile struct {
	// Name is the file name without .json; the loader sets it.
	Name string `json:"-"`
	// Extends names the profile this one starts from.
	Extends string `json:"extends,omitempty"`
	// Comment is free text for the profile's authors.
	Comment string `json:"comment,omitempty"`
	// Title describes the profile for people choosing one.
	Title  string `json:"title"`
	Money  Money  `json:"money"`
	Scheme Scheme `json:"scheme"`
	Forms  Forms  `json:"forms"`
	Audit  Audit  `json:"audit"`
	Layout Layout `json:"layout"`
	Sheet  Sheet  `json:"sheet"`

	// templates are the forms' text/templates, by text.
	templates map[string]*lazyTemplate
}

// Fill executes one of the forms' templates (a field documented as a
// text/template) with data. The templates were checked when the profile
// was loaded (a built-in one by the tests); a template that fails on its data yields its own text, so a
// missing key shows in the document instead of failing the render.
//
// A wording fills to at most MaxFill bytes; the rest is cut, so that an
// operator's template cannot make a title of megabytes (the checks at
// load already refuse loops, calls and printf).
func (p *Profile) Fill(tmpl string, data any) string {
	lt, ok := p.templates[tmpl]
	if !ok {
		return tmpl
	}
	t, err := lt.parse()
	if err != nil { // not so for a profile that loaded
		return tmpl
	}
	b := &boundedBuilder{max: MaxFill}
	if err := t.Execute(b, data); err != nil && err != errFilled && !errors.Is(err, errFilled) {
		return tmpl
	}
	return b.String()
}

// MaxFill is the most bytes a wording's template fills to.
const MaxFill = 4 << 10

var errFilled = errors.New("profile: a wording longer than MaxFill")

// boundedBuilder keeps the first max bytes written to it, cut at a
// character boundary, and fails the write that passes max.
type boundedBuilder struct {
	strings.Builder
	max int
}

func (b *boundedBuilder) Write(p []byte) (int, error) {
	if room := b.max - b.Len(); len(p) > room {
		cut := room
		for cut > 0 && !utf8.RuneStart(p[cut]) {
			cut--
		}
		b.Builder.Write(p[:cut])
		b.max = b.Len() // nothing more fits
		return cut, errFilled
	}
	return b.Builder.Write(p)
}

// Money is the unit the form prints amounts in.
type Money struct {
	// Unit is the unit of an input that does not name one.
	Unit string `json:"unit"`
	// Units are the units an input may name; Unit when empty. The form
	// prints the input's unit; amounts are never converted.
	Units []string `json:"units,omitempty"`
}

// Allows reports whether an input may state its amounts in unit.
func (m Money) Allows(unit string) bool {
	if len(m.Units) == 0 {
		return unit == m.Unit
	}
	for _, u := range m.Units {
		if u == unit {
			return true
		}
	}
	return false
}

// Scheme is the scoring scheme: the indicator vocabulary, default
// weights, deduction bands, grade bands, rounding and scales.
type Scheme struct {
	// Rounding is how a figure is brought to its scale: "half-up"
	// (四舍五入, halves away from zero) or "down" (截位, toward zero). Both
	// have a spreadsheet function (ROUND, ROUNDDOWN), so the workbook's
	// formulas compute what Jixiao computes.
	Rounding Rounding `json:"rounding"`
	Figures  Figures  `json:"figures"`
	// Grades are tried in order; the first whose Min the total reaches
	// wins, and the last is the grade of any lower total.
	Grades         []GradeBand          `json:"grades"`
	Tolerance      Tolerance            `json:"tolerance"`
	SelfAssessment SelfAssessmentScheme `json:"selfAssessment"`
	Department     ReportScheme         `json:"departmentReport"`
	Project        ReportScheme         `json:"projectReport"`
}

// Figures are the formats of the four kinds of figure.
type Figures struct {
	Money  Format `json:"money"`
	Rate   Format `json:"rate"`
	Score  Format `json:"score"`
	Weight Format `json:"weight"`
}

// Format is how a kind of figure is rounded and printed.
type Format struct {
	// Decimals is the scale every computed figure of the kind is
	// rounded to, and the most decimals an input figure may have.
	Decimals int32 `json:"decimals"`
	// Trim prints the figure without trailing zeros ("50", "2.5")
	// instead of at fixed decimals ("50.00").
	Trim bool `json:"trim,omitempty"`
	// Grouping separates thousands with commas (7,235.39).
	Grouping bool `json:"grouping,omitempty"`
}

// GradeBand maps totals from Min upwards to a grade.
type GradeBand struct {
	Min   decimal.Decimal `json:"min"`
	Grade string          `json:"grade"`
}

// Tolerance is how far typed-in sums may stray before they are reported.
type Tolerance struct {
	// Money is the largest difference between an amount and the sum of
	// its parts (the fund sources, 基本支出 and 项目支出) that is not
	// reported: some forms round each part separately.
	Money decimal.Decimal `json:"money"`
}

// SelfAssessmentScheme is the scheme of the 项目支出绩效自评表.
type SelfAssessmentScheme struct {
	ExecutionWeight decimal.Decimal `json:"executionWeight"`
	TotalWeight     decimal.Decimal `json:"totalWeight"`
	Levels          []Level         `json:"levels"`
	LowTargetBands  []DeductionBand `json:"lowTargetBands,omitempty"`
}

// Level is a 一级指标 and its allowed 二级指标.
type Level struct {
	Name     string   `json:"name"`
	Children []string `json:"children"`
}

// DeductionBand deducts DeductPercent of an indicator's weight when a
// quantitative target was set too low: (B−A)/A in percent lies in
// [From, To), or at or above From when To is absent.
type DeductionBand struct {
	From          decimal.Decimal  `json:"from"`
	To            *decimal.Decimal `json:"to,omitempty"`
	DeductPercent decimal.Decimal  `json:"deductPercent"`
}

// ReportScheme is the scheme of a report's scored indicator tree.
type ReportScheme struct {
	ExecutionWeight decimal.Decimal `json:"executionWeight"`
	TotalWeight     decimal.Decimal `json:"totalWeight"`
	// Top lists the allowed top-level indicators; any when empty.
	Top []string `json:"top,omitempty"`
}

// Grade returns the grade of a total score.
func (s *Scheme) Grade(total decimal.Decimal) string {
	for _, g := range s.Grades {
		if total.GreaterThanOrEqual(g.Min) {
			return g.Grade
		}
	}
	return s.Grades[len(s.Grades)-1].Grade
}

// HasGrade reports whether name is one of the scheme's grades.
func (s *Scheme) HasGrade(name string) bool {
	for _, g := range s.Grades {
		if g.Grade == name {
			return true
		}
	}
	return false
}

// GradeNames lists the grades, best first.
func (s *Scheme) GradeNames() []string {
	out := make([]string, len(s.Grades))
	for i, g := range s.Grades {
		out[i] = g.Grade
	}
	return out
}

// Level returns the 一级指标 named name.
func (s *SelfAssessmentScheme) Level(name string) (Level, bool) {
	for _, l := range s.Levels {
		if l.Name == name {
			return l, true
		}
	}
	return Level{}, false
}

// Forms are the wording and structure of the generated documents.
type Forms struct {
	// DocumentTitle is the title of a whole disclosure, a text/template
	// over the disclosure ({{.Department}}, {{.Year}}).
	DocumentTitle string `json:"documentTitle"`
	// Numbering are the heading number styles by depth: chinese (一、),
	// paren-chinese (（一）), decimal-dot (1.), paren-decimal (（1）),
	// decimal-paren (1）), circled (①), or a literal marker.
	Numbering []string `json:"numbering"`
	// ListMarkers are the marker styles of the input's list styles
	// (paren, circled, bullet).
	ListMarkers      map[string]string  `json:"listMarkers"`
	DepartmentReport ReportForm         `json:"departmentReport"`
	ProjectReport    ReportForm         `json:"projectReport"`
	SelfAssessment   SelfAssessmentForm `json:"selfAssessment"`
	Findings         FindingsForm       `json:"findings"`
}

// FindingsForm is the wording of the list of the audit's findings: the
// workbook's 审核 sheet and the PDF's optional appendix. Title is a
// text/template over .Department and .Year.
type FindingsForm struct {
	Title    string `json:"title"`
	Number   string `json:"number"`
	Severity string `json:"severity"`
	Path     string `json:"path"`
	Cell     string `json:"cell"`
	Declared string `json:"declared"`
	Computed string `json:"computed"`
	Message  string `json:"message"`
	Warning  string `json:"warning"`
	Info     string `json:"info"`
}

// ReportForm is the wording of a report.
type ReportForm struct {
	// Title heads the report inside a disclosure.
	Title string `json:"title"`
	// StandaloneTitle heads it when it is rendered alone, a
	// text/template over the disclosure (department report) or the
	// project report ({{.Project}}).
	StandaloneTitle string `json:"standaloneTitle"`
	// Closing are the lines that end the report, its signature (落款):
	// text/templates over the disclosure ({{.Department}}), each set in
	// the style "closing". A signed document's seal goes over the first
	// when layout.seal.over names "closing".
	Closing []string `json:"closing,omitempty"`
}

// SelfAssessmentForm describes the 项目支出绩效自评表: a grid of a label
// column and the indicator columns, on which every block is laid.
type SelfAssessmentForm struct {
	Title string `json:"title"`
	// Year is the line under the title, a text/template ({{.Year}}).
	Year string `json:"year"`
	// LabelColumn holds the block labels (项目资金, 年度总体目标, 绩效指标).
	LabelColumn Width `json:"labelColumn"`
	// Header are the rows above the funds: labels and the table's text
	// fields, each spanning grid columns.
	Header     [][]HeaderCell `json:"header"`
	Funds      FundsForm      `json:"funds"`
	Goals      GoalsForm      `json:"goals"`
	Indicators IndicatorsForm `json:"indicators"`
	// Total labels the 总分 row.
	Total string `json:"total"`
	// Texts are free-text blocks below the grid (评价结论, 存在问题 …).
	Texts []TextBlock `json:"texts,omitempty"`
	// Signatures are the signature lines under the table.
	Signatures []Signature `json:"signatures,omitempty"`
	NotesTitle string      `json:"notesTitle"`
	Notes      []string    `json:"notes"`
}

// Width is a column's width: in points on the PDF page, and in
// spreadsheet character units in the workbook.
type Width struct {
	Width      float64 `json:"width"`
	SheetWidth float64 `json:"sheetWidth"`
}

// HeaderCell is a label or a field of the table, spanning Span columns.
type HeaderCell struct {
	Label string `json:"label,omitempty"`
	// Field is project, competentDepartment, implementingUnit, manager
	// or phone.
	Field string `json:"field,omitempty"`
	Span  int    `json:"span,omitempty"`
}

// HeaderFields are the fields a header cell can show; what each is, is
// evaluation.HeaderFields, whose names these are.
var HeaderFields = []string{"project", "competentDepartment", "implementingUnit", "manager", "phone"}

// FundsForm is the 项目资金 block.
type FundsForm struct {
	// Label is the block label, a text/template ({{.Unit}}).
	Label string `json:"label"`
	// RowLabelSpan is how many grid columns the source names take.
	RowLabelSpan int          `json:"rowLabelSpan"`
	Columns      []FundColumn `json:"columns"`
	// Rows are the sources, total first.
	Rows []FundRow `json:"rows"`
}

// FundColumn is a column of the funds block.
type FundColumn struct {
	// Field is initialBudget, budget, executed (amounts of every row),
	// or weight, rate, score (the 预算执行 figures of the total row).
	Field string `json:"field"`
	Label string `json:"label"`
	Span  int    `json:"span,omitempty"`
	// Mark fills the cell on a source row, which has no figure here.
	Mark string `json:"mark,omitempty"`
}

// Fund columns.
var (
	fundAmountFields    = []string{"initialBudget", "budget", "executed"}
	fundExecutionFields = []string{"weight", "rate", "score"}
)

// FundRow is a row of the funds block.
type FundRow struct {
	// Key is total, fiscal, carryover, other, specialAccount or own.
	Key   string `json:"key"`
	Label string `json:"label"`
}

// FundKeys are the fund sources an input can give, total first.
var FundKeys = []string{"total", "fiscal", "carryover", "other", "specialAccount", "own"}

// GoalsForm is the 年度总体目标 block.
type GoalsForm struct {
	Label    string `json:"label"`
	Expected string `json:"expected"`
	Actual   string `json:"actual"`
}

// IndicatorsForm is the 绩效指标 grid.
type IndicatorsForm struct {
	Label   string   `json:"label"`
	Columns []Column `json:"columns"`
	// LevelPoints labels a 一级指标 with its points, a text/template
	// ({{.Name}}, {{.Points}}).
	LevelPoints string `json:"levelPoints"`
	// NotApplicable fills the 分值 and 得分 of a 不涉及 row.
	NotApplicable string `json:"notApplicable"`
}

// Column is a column of the indicator grid.
type Column struct {
	// Field is level1, level2, name, target, actual, weight, score,
	// deviation, nature (指标性质) or unit (度量单位).
	Field string `json:"field"`
	Label string `json:"label"`
	Width
}

// IndicatorFields are the fields an indicator column can show; what each
// is, is evaluation.IndicatorFields, whose names these are.
var IndicatorFields = []string{"level1", "level2", "name", "target", "actual", "weight", "score", "deviation", "nature", "unit"}

// requiredIndicatorFields are the columns every form has.
var requiredIndicatorFields = []string{"level1", "level2", "weight", "score"}

// HasColumn reports whether the indicator grid shows field.
func (f *IndicatorsForm) HasColumn(field string) bool {
	for _, c := range f.Columns {
		if c.Field == field {
			return true
		}
	}
	return false
}

// HasHeader reports whether the header shows field.
func (f *SelfAssessmentForm) HasHeader(field string) bool {
	for _, row := range f.Header {
		for _, c := range row {
			if c.Field == field {
				return true
			}
		}
	}
	return false
}

// HasFundRow reports whether the funds block has the source key.
func (f *FundsForm) HasFundRow(key string) bool {
	for _, r := range f.Rows {
		if r.Key == key {
			return true
		}
	}
	return false
}

// TextBlock is a free-text block of the table, such as 评价结论.
type TextBlock struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	// MaxLength is the most characters the block may hold; 0 for no
	// limit.
	MaxLength int  `json:"maxLength,omitempty"`
	Required  bool `json:"required,omitempty"`
}

// Text returns the text block keyed key.
func (f *SelfAssessmentForm) Text(key string) (TextBlock, bool) {
	for _, t := range f.Texts {
		if t.Key == key {
			return t, true
		}
	}
	return TextBlock{}, false
}

// Signature is a signature line: a label and room to sign, or the name
// the input gives under Key.
type Signature struct {
	Key   string `json:"key"`
	Label string `json:"label"`
}

// HasSignature reports whether the form has the signature line key.
func (f *SelfAssessmentForm) HasSignature(key string) bool {
	for _, s := range f.Signatures {
		if s.Key == key {
			return true
		}
	}
	return false
}

// Layout is the PDF house style: page geometry and text styles. Lengths
// are in points, origin top left.
type Layout struct {
	Page    PageSize `json:"page"`
	Margins Margins  `json:"margins"`
	// PartMargins are the margins of parts with a named style, such as
	// the wider pages of the self-assessment tables ("table").
	PartMargins map[string]Margins `json:"partMargins"`
	Styles      map[string]Style   `json:"styles"`
	TableRule   float64            `json:"tableRule"`
	// Punctuation is how adjacent full-width punctuation is set:
	// PunctuationCompressed ("" too) or PunctuationFull.
	Punctuation string `json:"punctuation,omitempty"`
	// SplitRows lets a table row that does not fit what is left of a
	// page break between the lines of its cells, two lines at least on
	// either side, instead of moving whole to the next page. A row
	// taller than a page is always split.
	SplitRows bool `json:"splitRows,omitempty"`
	// Continued is a mark added to a label spanning rows where it is
	// repeated on a continuation page, such as "（续）"; none if empty.
	Continued string `json:"continued,omitempty"`
	// KeepWhole names the fields (level1, level2) whose labels spanning
	// rows keep their rows on one page where they fit on a page.
	KeepWhole  []string   `json:"keepWhole,omitempty"`
	PageNumber PageNumber `json:"pageNumber"`
	// Seal is where a signed document shows the unit's seal.
	Seal Seal `json:"seal"`
}

// PageSize is a page's width and height.
type PageSize struct {
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
}

// PageNumber is how the PDF numbers its pages.
type PageNumber struct {
	Format string  `json:"format"`
	Below  float64 `json:"below"` // distance below the type area
	Inset  float64 `json:"inset"` // in characters from the type area's edge
}

// Seal places the seal's picture on the pages of a signed PDF or a
// sealed OFD: centred on the printed text of the fields named in Over,
// once on each page that prints one, as a unit stamps its name (单位
// （盖章）).
type Seal struct {
	// Over are fields of the input, as the last token of their JSON
	// Pointer, such as "implementingUnit" for the 实施单位 of each
	// self-assessment table, or "closing" for the first closing line of
	// each report (ReportForm.Closing), the unit's name that ends it.
	Over []string `json:"over"`
	// Size is the seal's diameter in millimetres.
	Size float64 `json:"size"`
}

// How adjacent full-width punctuation is set (Layout.Punctuation).
const (
	// PunctuationCompressed sets a pair such as "），" or "”。" in one and
	// a half ems, as Word and WPS do by default (clreq, 标点符号的压缩).
	PunctuationCompressed = "compressed"
	// PunctuationFull gives every mark its full em.
	PunctuationFull = "full"
)

// Compress reports whether adjacent full-width punctuation is compressed.
func (l *Layout) Compress() bool { return l.Punctuation != PunctuationFull }

// Margins are a page's margins; the type area lies inside them.
type Margins struct {
	// Landscape turns the page: width and height swap.
	Landscape bool    `json:"landscape,omitempty"`
	Top       float64 `json:"top"`
	Left      float64 `json:"left"`
	Right     float64 `json:"right"`
	Bottom    float64 `json:"bottom"`
}

// Style is how a kind of text is set.
type Style struct {
	// Role names the font role (title, heading1, body, table, number).
	Role       string  `json:"role"`
	Size       float64 `json:"size"`
	LineHeight float64 `json:"lineHeight"`
	Align      string  `json:"align"`            // left, center, justify
	Indent     float64 `json:"indent,omitempty"` // first-line indent, in characters
	// Padding is the room between a table cell's rules and its text;
	// SidePadding, when set, the room at the left and right instead, as
	// the line height already leaves room above and below.
	Padding     float64 `json:"padding,omitempty"`
	SidePadding float64 `json:"sidePadding,omitempty"`
	SpaceBefore float64 `json:"spaceBefore,omitempty"`
	SpaceAfter  float64 `json:"spaceAfter,omitempty"`
	// Lines is how a table cell's text is broken: "balanced" into even
	// lines, for labels (偏差原因分析 over 及改进措施); "filled" into
	// full lines. Either keeps a figure such as （10分） whole and leaves
	// no lone character on a line where another break avoids it. ""
	// breaks it as a paragraph.
	Lines string `json:"lines,omitempty"`
}

// How a table cell's text is broken (Style.Lines).
const (
	LinesBalanced = "balanced"
	LinesFilled   = "filled"
)

// Side is the padding at the left and right of a table cell's text.
func (s Style) Side() float64 {
	if s.SidePadding > 0 {
		return s.SidePadding
	}
	return s.Padding
}

// Width is the width of the default type area.
func (l *Layout) Width() float64 { return l.Page.Width - l.Margins.Left - l.Margins.Right }

// PartWidth is the width of the type area of parts in the named style.
func (l *Layout) PartWidth(style string) float64 {
	m, ok := l.PartMargins[style]
	if !ok {
		return l.Width()
	}
	w := l.Page.Width
	if m.Landscape {
		w = l.Page.Height
	}
	return w - m.Left - m.Right
}

// Sheet is the workbook's layout, and the wording of the sheets the PDF
// does not have (汇总, report sheets). The self-assessment sheets take
// their wording and columns from Forms.SelfAssessment.
type Sheet struct {
	Font         string       `json:"font"`
	LineHeight   float64      `json:"lineHeight"`
	Padding      SheetPadding `json:"padding"`
	MinRowHeight float64      `json:"minRowHeight"`
	Sizes        SheetSizes   `json:"sizes"`
	Page         SheetPage    `json:"page"`
	// FigureLabelBreak starts a new line before the bracket of a label
	// that carries a figure, 产出指标（50分）, so that the narrow 一级指标
	// column prints 产出指标 over （50分） rather than splitting the figure.
	FigureLabelBreak bool         `json:"figureLabelBreak,omitempty"`
	Summary          SummarySheet `json:"summary"`
	Report           ReportSheet  `json:"report"`
	Audit            AuditSheet   `json:"audit"`
}

// SheetPadding is the space between a cell's text and its borders.
type SheetPadding struct {
	Horizontal float64 `json:"horizontal"`
	Vertical   float64 `json:"vertical"`
}

// SheetSizes are the workbook's font sizes.
type SheetSizes struct {
	Title    float64 `json:"title"`
	Subtitle float64 `json:"subtitle"`
	Text     float64 `json:"text"`
	Note     float64 `json:"note"`
}

// SheetPage is a sheet's page setup for printing.
type SheetPage struct {
	Paper   int          `json:"paper"`
	Size    [2]float64   `json:"size"`
	Margins SheetMargins `json:"margins"`
	Footer  string       `json:"footer"`
}

// SheetMargins are a printed sheet's margins, in inches as the workbook
// holds them.
type SheetMargins struct {
	Left   float64 `json:"left"`
	Right  float64 `json:"right"`
	Top    float64 `json:"top"`
	Bottom float64 `json:"bottom"`
	Header float64 `json:"header"`
	Footer float64 `json:"footer"`
}

// AuditSheet is the 审核 sheet that lists the audit's findings, in the
// wording of Forms.Findings.
type AuditSheet struct {
	Sheet  string      `json:"sheet"`
	Widths AuditWidths `json:"widths"`
}

// AuditWidths are the 审核 sheet's column widths.
type AuditWidths struct {
	Number   float64 `json:"number"`
	Severity float64 `json:"severity"`
	Path     float64 `json:"path"`
	Cell     float64 `json:"cell"`
	Figure   float64 `json:"figure"`
	Message  float64 `json:"message"`
}

// SummarySheet is the 汇总 sheet. Placeholders: {year}, {unit},
// {department}, {name}, {min}, {max}.
type SummarySheet struct {
	Sheet            string        `json:"sheet"`
	Widths           SummaryWidths `json:"widths"`
	Title            string        `json:"title"`
	Unit             string        `json:"unit"`
	Number           string        `json:"number"`
	Project          string        `json:"project"`
	ImplementingUnit string        `json:"implementingUnit"`
	Budget           string        `json:"budget"`
	Executed         string        `json:"executed"`
	Rate             string        `json:"rate"`
	Scores           string        `json:"scores"`
	Execution        string        `json:"execution"`
	Total            string        `json:"total"`
	Grade            string        `json:"grade"`
	Sum              string        `json:"sum"`
	Average          string        `json:"average"`
	GradeCount       string        `json:"gradeCount"`
	GradeTop         string        `json:"gradeTop"`
	GradeBand        string        `json:"gradeBand"`
	GradeBottom      string        `json:"gradeBottom"`
}

// SummaryWidths are the 汇总 sheet's column widths.
type SummaryWidths struct {
	Number  float64 `json:"number"`
	Project float64 `json:"project"`
	Unit    float64 `json:"unit"`
	Amount  float64 `json:"amount"`
	Rate    float64 `json:"rate"`
	Score   float64 `json:"score"`
	Grade   float64 `json:"grade"`
}

// ReportSheet is a report's scored-tree sheet. Placeholders: {year},
// {unit}, {department}, {project}.
type ReportSheet struct {
	Columns             []float64 `json:"columns"`
	DepartmentSheet     string    `json:"departmentSheet"`
	ProjectSheet        string    `json:"projectSheet"`
	DepartmentTitle     string    `json:"departmentTitle"`
	ProjectTitle        string    `json:"projectTitle"`
	DepartmentSubtitle  string    `json:"departmentSubtitle"`
	ProjectSubtitle     string    `json:"projectSubtitle"`
	Budget              string    `json:"budget"`
	Spending            string    `json:"spending"`
	ExecutionRate       string    `json:"executionRate"`
	CarryoverBudget     string    `json:"carryoverBudget"`
	CarryoverAmount     string    `json:"carryoverAmount"`
	CarryoverRate       string    `json:"carryoverRate"`
	CarryoverChange     string    `json:"carryoverChange"`
	FinalBudget         string    `json:"finalBudget"`
	FinalActual         string    `json:"finalActual"`
	FinalDifference     string    `json:"finalDifference"`
	FinalDifferenceRate string    `json:"finalDifferenceRate"`
	ColumnsHeader       []string  `json:"columnsHeader"`
	Total               string    `json:"total"`
	Grade               string    `json:"grade"`
}

// Summary is what a client needs to choose a profile.
type Summary struct {
	Name  string `json:"name"`
	Title string `json:"title"`
	Unit  string `json:"unit"`
}
