package profile

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Audit is what the audit checks beyond the tables' arithmetic: the
// figures the prose repeats, the form's own rules, and how documents
// are matched with each other.
type Audit struct {
	// Narrative are the patterns of sentences that state a figure, such
	// as "该项指标分值{分值}分，实际得分{得分}分".
	Narrative []NarrativePattern `json:"narrative,omitempty"`
	// HeadingSuffixes may follow an indicator's name in the heading of
	// the section that discusses it (产出数量情况分析 for 产出数量).
	HeadingSuffixes []string `json:"headingSuffixes,omitempty"`
	// ProjectSuffixes may end a project's name in one document and not
	// in another (…监测项目 and …监测), when documents are matched.
	ProjectSuffixes []string `json:"projectSuffixes,omitempty"`
	// Rules are the form's own rules, each with a severity.
	Rules []Rule `json:"rules,omitempty"`
}

// NarrativePattern is a sentence pattern: literal text with figures in
// braces, {预算执行率}, named from NamedFigures. White space in the pattern
// matches any white space, or none; so does the space around a figure.
type NarrativePattern struct {
	Pattern string `json:"pattern"`
	// In is the document the pattern applies to: department, project or
	// table (a 自评表's text blocks); every one when empty.
	In string `json:"in,omitempty"`

	re     *lazyRegexp
	fields []string // the figure names, by capture group
	// literal is the pattern's longest run of literal text: a paragraph
	// without it cannot match, and most paragraphs are passed over
	// without running the expression.
	literal string
	// lead, for a pattern that begins with a name ({指标}) and then
	// literal text, is that text's first word. A match begins in the run
	// of Han characters and white space before an occurrence of lead, so
	// the expression is started there rather than tried at every earlier
	// position (with {指标}得分{得分}分 that was half of the audit's
	// matching).
	lead string
}

// lazyRegexp is a regular expression compiled on first use. A profile's
// patterns are compiled when a paragraph is audited, not when the profile
// is loaded: most inputs (a 自评表 alone) have none, and compiling the
// national profile's patterns was a fifth of resolving it. A profile from
// an operator's file is compiled at load (prepare), so that its
// mistakes are reported there; the built-in ones are compiled by the tests.
type lazyRegexp struct {
	expr string
	once sync.Once
	re   *regexp.Regexp
	err  error
}

func (l *lazyRegexp) compile() (*regexp.Regexp, error) {
	l.once.Do(func() { l.re, l.err = regexp.Compile(l.expr) })
	return l.re, l.err
}

// regexp returns the compiled expression. The expressions of the built-in
// profiles are tested to compile, and those of the others are compiled at
// load, so the error is nil here.
func (l *lazyRegexp) regexp() *regexp.Regexp {
	re, err := l.compile()
	if err != nil {
		panic(fmt.Sprintf("profile: narrative pattern not compiled at load: %v", err))
	}
	return re
}

// Fields returns the figure names of the pattern's capture groups.
func (n *NarrativePattern) Fields() []string { return n.fields }

// Match returns the byte offsets of every match in s, as
// regexp.FindAllStringSubmatchIndex does.
func (n *NarrativePattern) Match(s string) [][]int {
	if !strings.Contains(s, n.literal) {
		return nil
	}
	if n.lead == "" {
		return n.re.regexp().FindAllStringSubmatchIndex(s, -1)
	}
	// As FindAllStringSubmatchIndex: each match begins where the last
	// ended. The expression has no anchors, so matching s[w:] is
	// matching s from w.
	var out [][]int
	for pos := 0; ; {
		j := strings.Index(s[pos:], n.lead)
		if j < 0 {
			return out
		}
		w := nameRunStart(s, pos, pos+j)
		m := n.re.regexp().FindStringSubmatchIndex(s[w:])
		if m == nil {
			return out
		}
		for k := range m {
			if m[k] >= 0 {
				m[k] += w
			}
		}
		out = append(out, m)
		pos = m[1]
	}
}

// nameRunStart returns where the run of Han characters and white space
// that ends at byte end of s begins, or from if it reaches back that far.
// A match that holds an occurrence of lead at or after end begins no
// earlier: a name and the space around it are all that come before lead.
func nameRunStart(s string, from, end int) int {
	for end > from {
		r, size := utf8.DecodeLastRuneInString(s[from:end])
		if !unicode.Is(unicode.Han, r) && !isRESpace(r) {
			break
		}
		end -= size
	}
	return end
}

// isRESpace reports the characters \s matches in an expression.
func isRESpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\f' || r == '\r'
}

// NamedFigure is a figure that prose may state and a placeholder may print.
type NamedFigure struct {
	Kind Kind
	// Documents lists where the figure is defined: department, project,
	// table.
	Documents []string
	// Indicator figures belong to an indicator: the one a {指标} of the
	// same sentence names, the one a placeholder names, or the one the
	// enclosing section's heading names.
	Indicator bool
}

// Figure kinds that are not numbers of a form's scale.
const (
	// KindPoints is a change of rates, in percentage points.
	KindPoints Kind = "points"
	// KindGrade is a grade's name.
	KindGrade Kind = "grade"
	// KindName is an indicator's name, which binds the figures of its
	// sentence.
	KindName Kind = "name"
)

var (
	dept    = []string{"department"}
	all     = []string{"department", "project", "table"}
	reports = []string{"department", "project"}
	funds   = []string{"department", "project", "table"}
)

// NamedFigures are the names of the figures prose may state, the vocabulary
// of narrative patterns and of placeholders ({{预算执行率}}). In a
// project report the amounts and the execution rate are the project's
// 自评表's, matched by name.
var NamedFigures = map[string]NamedFigure{
	"全年预算数":     {Kind: KindMoney, Documents: funds},
	"全年支出数":     {Kind: KindMoney, Documents: funds},
	"全年执行数":     {Kind: KindMoney, Documents: funds},
	"预算执行率":     {Kind: KindRate, Documents: funds},
	"基本支出预算数":   {Kind: KindMoney, Documents: dept},
	"项目支出预算数":   {Kind: KindMoney, Documents: dept},
	"基本支出数":     {Kind: KindMoney, Documents: dept},
	"项目支出数":     {Kind: KindMoney, Documents: dept},
	"结转结余预算数":   {Kind: KindMoney, Documents: dept},
	"结转结余资金":    {Kind: KindMoney, Documents: dept},
	"结转结余率":     {Kind: KindRate, Documents: dept},
	"上年结转结余预算数": {Kind: KindMoney, Documents: dept},
	"上年结转结余资金":  {Kind: KindMoney, Documents: dept},
	"上年结转结余率":   {Kind: KindRate, Documents: dept},
	"结转结余率变动":   {Kind: KindPoints, Documents: dept},
	"支出预算数":     {Kind: KindMoney, Documents: dept},
	"支出决算数":     {Kind: KindMoney, Documents: dept},
	"预决算差异金额":   {Kind: KindMoney, Documents: dept},
	"预决算差异率":    {Kind: KindRate, Documents: dept},
	"总分":        {Kind: KindScore, Documents: all},
	"等级":        {Kind: KindGrade, Documents: all},
	"分值":        {Kind: KindWeight, Documents: all, Indicator: true},
	"得分":        {Kind: KindScore, Documents: all, Indicator: true},
	"得分率":       {Kind: KindRate, Documents: reports, Indicator: true},
	"指标":        {Kind: KindName, Documents: all},
}

var placeholderRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\{([^{}]+)\}`) })

// number matches a figure as prose writes it, after full-width digits and
// signs are made half-width: 7,235.39, 7235.39, 100.
const number = `([+-]?(?:[0-9]{1,3}(?:[,，][0-9]{3})+|[0-9]+)(?:\.[0-9]+)?)`

// compile turns the pattern into a regular expression.
func (n *NarrativePattern) compile(grades []string) error {
	var b strings.Builder
	last := 0
	literal := func(s string) {
		for i, f := range strings.Fields(s) {
			if i > 0 {
				b.WriteString(`\s*`)
			}
			b.WriteString(regexp.QuoteMeta(f))
			if len(f) > len(n.literal) {
				n.literal = f
			}
		}
	}
	placeholders := placeholderRE().FindAllStringSubmatchIndex(n.Pattern, -1)
	for _, m := range placeholders {
		literal(n.Pattern[last:m[0]])
		name := n.Pattern[m[2]:m[3]]
		f, ok := NamedFigures[name]
		if !ok {
			return fmt.Errorf("{%s} is no figure (figures: %s)", name, strings.Join(FigureNames(), "、"))
		}
		if n.In != "" && !slices.Contains(f.Documents, n.In) {
			return fmt.Errorf("{%s} is not defined in a %s document", name, n.In)
		}
		b.WriteString(`\s*`)
		switch f.Kind {
		case KindGrade:
			quoted := make([]string, len(grades))
			for i, g := range grades {
				quoted[i] = regexp.QuoteMeta(g)
			}
			b.WriteString("(" + strings.Join(quoted, "|") + ")")
		case KindName:
			b.WriteString(`(\p{Han}+)`)
		case KindRate:
			b.WriteString(number + `\s*%`)
		default:
			b.WriteString(number)
		}
		b.WriteString(`\s*`)
		n.fields = append(n.fields, name)
		last = m[1]
	}
	literal(n.Pattern[last:])
	if len(n.fields) == 0 {
		return fmt.Errorf("the pattern states no figure")
	}
	n.lead = leadWord(n.Pattern, placeholders)
	n.re = &lazyRegexp{expr: b.String()}
	return nil
}

// compileNarrative compiles the expressions of the profile's patterns,
// which check leaves to first use.
func (p *Profile) compileNarrative() error {
	for i := range p.Audit.Narrative {
		if _, err := p.Audit.Narrative[i].re.compile(); err != nil {
			return errAt(fmt.Sprintf("/audit/narrative/%d/pattern", i), "%v", err)
		}
	}
	return nil
}

// leadWord returns, for a pattern that begins with a name ({指标}), the
// first word of the literal text after it; else "". placeholders are the
// pattern's placeholders, as placeholderRE finds them.
func leadWord(pattern string, placeholders [][]int) string {
	first := placeholders[0]
	if strings.TrimSpace(pattern[:first[0]]) != "" || NamedFigures[pattern[first[2]:first[3]]].Kind != KindName {
		return ""
	}
	end := len(pattern)
	if len(placeholders) > 1 {
		end = placeholders[1][0]
	}
	if words := strings.Fields(pattern[first[1]:end]); len(words) > 0 {
		return words[0]
	}
	return ""
}

// FigureNames lists the figure names, sorted.
func FigureNames() []string { return slices.Sorted(maps.Keys(NamedFigures)) }

// Rule is one of the form's own rules.
type Rule struct {
	// Rule names the rule (see Rules).
	Rule string `json:"rule"`
	// Severity is error (the input is invalid and is not rendered),
	// warning or info (findings; --strict treats warnings as errors).
	Severity string `json:"severity"`
	// Threshold is the rule's figure, where it has one (a rate in
	// percent for executionExplained).
	Threshold *decimal.Decimal `json:"threshold,omitempty"`
	// Figure and Of are the figures of tablesSum: the department
	// report's Figure (项目支出预算数) is the sum of the tables' Of
	// (全年预算数).
	Figure string `json:"figure,omitempty"`
	Of     string `json:"of,omitempty"`
}

// Rules are the rules a profile may set, by name.
var Rules = map[string]string{
	"deviationExplained":    "a row scored below its weight states its 偏差原因",
	"targetMissedFullScore": "a row whose numeric actual plainly misses its numeric target is not given full marks",
	"executionExplained":    "a table whose execution rate is below the threshold explains it",
	"declaredFigures":       "declared figures (rates, scores, points, totals, grades, amounts) agree with the computed ones",
	"narrativeFigures":      "figures stated in prose agree with the computed ones",
	"documentsAgree":        "a project's report and its 自评表 agree on its amounts and execution rate",
	"tablesSum":             "a department figure is the sum of a figure of every 自评表",
}

// Severities.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
	SeverityInfo    = "info"
)

// Severity returns the severity of a rule: the profile's, or warning for
// a rule it does not set.
func (a *Audit) Severity(rule string) string {
	for _, r := range a.Rules {
		if r.Rule == rule {
			return r.Severity
		}
	}
	return SeverityWarning
}

// HasErrorRule reports whether a rule has severity error: whether the
// audit can make a part invalid, not only find something in it.
func (a *Audit) HasErrorRule() bool {
	return slices.ContainsFunc(a.Rules, func(r Rule) bool { return r.Severity == SeverityError })
}

// Rule returns the profile's setting of a rule.
func (a *Audit) Rule(name string) (Rule, bool) {
	for _, r := range a.Rules {
		if r.Rule == name {
			return r, true
		}
	}
	return Rule{}, false
}

func (p *Profile) checkAudit() error {
	a := &p.Audit
	for i := range a.Narrative {
		n := &a.Narrative[i]
		at := fmt.Sprintf("/audit/narrative/%d", i)
		switch n.In {
		case "", "department", "project", "table":
		default:
			return errAt(at+"/in", "%q: want department, project or table", n.In)
		}
		if err := n.compile(p.Scheme.GradeNames()); err != nil {
			return errAt(at+"/pattern", "%v", err)
		}
	}
	seen := map[string]bool{}
	for i, r := range a.Rules {
		at := fmt.Sprintf("/audit/rules/%d", i)
		if r.Rule == "tablesSum" {
			dept, okD := NamedFigures[r.Figure]
			tab, okT := NamedFigures[r.Of]
			if !okD || dept.Kind != KindMoney || !slices.Contains(dept.Documents, "department") {
				return errAt(at+"/figure", "%q: want an amount of the department report", r.Figure)
			}
			if !okT || tab.Kind != KindMoney || !slices.Contains(tab.Documents, "table") {
				return errAt(at+"/of", "%q: want an amount of a 自评表 (全年预算数, 全年支出数)", r.Of)
			}
			seen[r.Rule] = false // may be given more than once
		}
		if _, ok := Rules[r.Rule]; !ok || seen[r.Rule] {
			return errAt(at+"/rule", "%q: want one of %s, once each", r.Rule, strings.Join(ruleNames(), ", "))
		}
		seen[r.Rule] = true
		switch r.Severity {
		case SeverityError, SeverityWarning, SeverityInfo:
		default:
			return errAt(at+"/severity", "%q: want error, warning or info", r.Severity)
		}
		if r.Rule == "executionExplained" && r.Threshold == nil {
			return errAt(at+"/threshold", "executionExplained needs a threshold (a rate in percent)")
		}
	}
	return nil
}

func ruleNames() []string { return slices.Sorted(maps.Keys(Rules)) }
