package evaluation

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/jixiao/jixiao/profile"
	"github.com/shopspring/decimal"
)

// Codes of figures stated in prose that disagree with the computed ones:
// a document's own figure, or one of the project's 自评表 that its
// evaluation report repeats.
const (
	FindingNarrative = "narrative_figure"
	FindingDocuments = "documents_disagree"
)

// scope is where a sentence stands: the document and its computed
// figures, the tree its indicators are looked up in, and the heading of
// the enclosing section.
type scope struct {
	p       *profile.Profile
	doc     string // department, project or table
	dept    *DepartmentReport
	deptRes *DepartmentResult
	table   *SelfAssessment // the table, or the project's own
	tabRes  *TableResult
	// omittedTable is the pointer of the project's table when that table
	// is invalid and was not computed: its figures are unknown.
	omittedTable string
	nodes        []NodeResult // the report's tree
	total        decimal.Decimal
	grade        string
	heading      string
}

// figure is a value a name resolves to: a number of a kind, or a grade.
type figure struct {
	kind  profile.Kind
	value decimal.Decimal
	grade string
}

// value resolves a figure name in the scope; indicator names the
// indicator of an indicator figure ("" for the heading's). ok is false
// for a figure the scope does not define: it is then left alone.
func (s *scope) value(name, indicator string) (figure, bool) {
	nf, ok := profile.NamedFigures[name]
	if !ok {
		return figure{}, false
	}
	if nf.Indicator {
		return s.indicator(name, indicator)
	}
	num := func(d decimal.Decimal) (figure, bool) { return figure{kind: nf.Kind, value: d}, true }
	opt := func(d *decimal.Decimal) (figure, bool) {
		if d == nil {
			return figure{}, false
		}
		return num(*d)
	}
	input := func(n Number) (figure, bool) {
		if !n.Valid {
			return figure{}, false
		}
		return num(n.Value)
	}
	switch name {
	case "总分":
		return num(s.total)
	case "等级":
		return figure{kind: profile.KindGrade, grade: s.grade}, s.grade != ""
	}
	if s.doc != "department" {
		if s.table == nil {
			return figure{}, false
		}
		switch name {
		case "全年预算数":
			return input(s.table.Funds.Total.Budget)
		case "全年支出数", "全年执行数":
			return input(s.table.Funds.Total.Executed)
		case "预算执行率":
			return num(s.tabRes.ExecutionRate)
		}
		return figure{}, false
	}
	if n, _ := s.dept.Budget.Figure(name, false); n != nil {
		return input(*n)
	}
	r := s.deptRes
	switch name {
	case "预算执行率":
		return num(r.ExecutionRate)
	case "结转结余率":
		return opt(r.CarryoverRate)
	case "上年结转结余率":
		return opt(r.PreviousCarryoverRate)
	case "结转结余率变动":
		return opt(r.CarryoverRateChange)
	case "预决算差异金额":
		return opt(r.FinalAccountsDifference)
	case "预决算差异率":
		return opt(r.FinalAccountsDifferenceRate)
	}
	return figure{}, false
}

// indicator resolves 分值, 得分 or 得分率 of the named indicator, or of
// the one the enclosing heading names.
func (s *scope) indicator(name, indicator string) (figure, bool) {
	nf := profile.NamedFigures[name]
	if s.doc == "table" {
		// In a 自评表 the indicators are its 一级指标.
		for _, l := range s.tabRes.Levels {
			if l.Name == indicator && l.Scored {
				switch name {
				case "分值":
					return figure{kind: nf.Kind, value: l.Weight}, true
				case "得分":
					return figure{kind: nf.Kind, value: l.Score}, true
				}
			}
		}
		return figure{}, false
	}
	n := s.node(indicator)
	if n == nil {
		return figure{}, false
	}
	switch name {
	case "分值":
		return figure{kind: nf.Kind, value: n.Weight}, true
	case "得分":
		return figure{kind: nf.Kind, value: n.Score}, true
	}
	return figure{kind: nf.Kind, value: n.Rate}, true
}

// node finds the indicator named name, or, for "", the one the heading
// names: the whole heading, or the heading less one of the profile's
// suffixes (产出数量情况分析).
func (s *scope) node(name string) *NodeResult {
	if name != "" {
		return findNode(s.nodes, name)
	}
	if n := findNode(s.nodes, s.heading); n != nil {
		return n
	}
	for _, suf := range s.p.Audit.HeadingSuffixes {
		if base, ok := strings.CutSuffix(s.heading, suf); ok && base != "" {
			if n := findNode(s.nodes, base); n != nil {
				return n
			}
		}
	}
	return nil
}

func findNode(nodes []NodeResult, name string) *NodeResult {
	for i := range nodes {
		if nodes[i].Name == name {
			return &nodes[i]
		}
		if n := findNode(nodes[i].Children, name); n != nil {
			return n
		}
	}
	return nil
}

// namedIndicator finds the indicator a {指标} capture names: the longest
// end of the captured run of characters that is an indicator's name, so
// that 其中当年预算执行情况 names 预算执行情况. "" when none is.
func (s *scope) namedIndicator(run string) string {
	for i := range run {
		tail := run[i:]
		if s.doc == "table" {
			for _, l := range s.tabRes.Levels {
				if l.Name == tail {
					return tail
				}
			}
			continue
		}
		if findNode(s.nodes, tail) != nil {
			return tail
		}
	}
	return ""
}

// Statement is a figure a paragraph states that a narrative pattern
// binds to the data.
type Statement struct {
	Path string // the paragraph's JSON Pointer
	// Offset and Length place the written figure in the paragraph, in
	// characters (runes).
	Offset, Length int
	// Name is the figure's name (profile.NamedFigures); Indicator the
	// indicator a {指标} of the sentence names, "" for the heading's.
	Name, Indicator string
	Written         string // as the paragraph writes it, a rate with its sign
	Computed        string // as the profile prints it
	Agrees          bool
}

// statements finds the figures a paragraph states and binds them: every
// match of every narrative pattern of its document, each figure resolved
// in the scope. A figure the scope does not define, or whose {指标}
// names no indicator, is left out, never guessed.
func (s *scope) statements(text, path string) []Statement {
	if text == "" {
		return nil
	}
	var out []Statement
	norm := halfWidth(text)
	eachMatch(s.p, s.doc, norm, func(name, run string, from, to int) {
		indicator := ""
		if run != "" {
			if indicator = s.namedIndicator(run); indicator == "" {
				indicator = "\x00" // names no indicator: its figures bind nothing
			}
		}
		if st, ok := s.bind(name, indicator, text, norm, from, to); ok {
			st.Path = path
			out = append(out, st)
		}
	})
	// In reading order, each figure once: two patterns may bind the same.
	slices.SortStableFunc(out, func(a, b Statement) int { return a.Offset - b.Offset })
	return slices.CompactFunc(out, func(a, b Statement) bool { return a.Offset == b.Offset })
}

// eachMatch calls fn for each figure a narrative pattern of the document
// kind doc finds in norm (text made half-width): its name, the text of
// the match's {指标} ("" when the pattern has none), and its bytes
// [from, to).
func eachMatch(p *profile.Profile, doc, norm string, fn func(name, indicator string, from, to int)) {
	for i := range p.Audit.Narrative {
		pat := &p.Audit.Narrative[i]
		if pat.In != "" && pat.In != doc {
			continue
		}
		fields := pat.Fields()
		for _, m := range pat.Match(norm) {
			run := ""
			for k, name := range fields {
				if name == "指标" && m[2+2*k] >= 0 {
					run = norm[m[2+2*k]:m[3+2*k]]
				}
			}
			for k, name := range fields {
				if name == "指标" || m[2+2*k] < 0 {
					continue
				}
				fn(name, run, m[2+2*k], m[3+2*k])
			}
		}
	}
}

// StatedBudget lists the department budget's input figures (全年预算数,
// 基本支出数, 结转结余资金 …; DepartmentBudget.Figure) that the prose of a
// department report states, found by the profile's narrative patterns as
// the audit finds them, in document order: each with its paragraph's
// Path, Offset, Length and Written. The report's budget need not be set:
// this is how the Word importer fills it from the text.
func StatedBudget(dr *DepartmentReport, p *profile.Profile) []Statement {
	var out []Statement
	var probe DepartmentBudget
	s := &scope{p: p, doc: "department"}
	sections(s, dr.Sections, "/departmentReport/sections", func(s *scope, text, path string) {
		norm := halfWidth(text)
		var found []Statement
		eachMatch(p, s.doc, norm, func(name, _ string, from, to int) {
			if n, _ := probe.Figure(name, true); n == nil {
				return
			}
			st := Statement{Path: path, Name: name,
				Offset: utf8.RuneCountInString(norm[:from]), Length: utf8.RuneCountInString(norm[from:to])}
			st.Written = runeSpan(text, st.Offset, st.Length)
			found = append(found, st)
		})
		slices.SortStableFunc(found, func(a, b Statement) int { return a.Offset - b.Offset })
		out = append(out, slices.CompactFunc(found, func(a, b Statement) bool { return a.Offset == b.Offset })...)
	})
	return out
}

// Statements lists every figure the prose of a computed report states
// that the profile's narrative patterns bind, in document order: what the
// audit checks, and what BindFigures turns into placeholders.
func Statements(rep *Report) []Statement {
	if rep.Result == nil {
		return nil
	}
	var out []Statement
	walkProse(rep.Disclosure, rep.Result, rep.Profile, func(s *scope, text, path string) {
		out = append(out, s.statements(text, path)...)
	})
	return out
}

// walkProse calls fn for every paragraph, list item and text block of
// the disclosure, with its scope.
func walkProse(d *Disclosure, r *Result, p *profile.Profile, fn func(s *scope, text, path string)) {
	if dr := d.DepartmentReport; dr != nil && r.Department != nil {
		s := &scope{p: p, doc: "department", dept: dr, deptRes: r.Department,
			nodes: r.Department.Indicators, total: r.Department.Total, grade: r.Department.Grade}
		sections(s, dr.Sections, "/departmentReport/sections", fn)
	}
	for i := range d.ProjectReports {
		pr := &d.ProjectReports[i]
		base := child(projectsPointer, i)
		if !r.Has(base) {
			continue
		}
		s := &scope{p: p, doc: "project", nodes: r.Projects[i].Indicators, total: r.Projects[i].Total, grade: r.Projects[i].Grade}
		if k := matchingTable(d, pr.Project, p.Audit.ProjectSuffixes); k >= 0 {
			if r.Has(child(tablesPointer, k)) {
				s.table, s.tabRes = &d.SelfAssessments[k], &r.Tables[k]
			} else {
				s.omittedTable = child(tablesPointer, k)
			}
		}
		sections(s, pr.Sections, base+"/sections", fn)
	}
	for i := range d.SelfAssessments {
		if !r.Has(child(tablesPointer, i)) {
			continue
		}
		t, tr := &d.SelfAssessments[i], &r.Tables[i]
		s := &scope{p: p, doc: "table", table: t, tabRes: tr, total: tr.Total, grade: tr.Grade}
		for _, b := range p.Forms.SelfAssessment.Texts {
			fn(s, t.Texts[b.Key], child(child("/selfAssessments", i)+"/texts", b.Key))
		}
	}
}

// sections walks the paragraphs and list items of a report's sections,
// each under the heading of its own section.
func sections(s *scope, ss []Section, path string, fn func(s *scope, text, path string)) {
	for i := range ss {
		sec := &ss[i]
		p := child(path, i)
		inner := *s
		inner.heading = sec.Heading
		for j := range sec.Blocks {
			b := &sec.Blocks[j]
			bp := child(p+"/blocks", j)
			switch {
			case b.Paragraph != "":
				fn(&inner, b.Paragraph, bp)
			case b.List != nil:
				for k, item := range b.List.Items {
					fn(&inner, item, child(bp+"/list/items", k))
				}
			}
		}
		sections(&inner, sec.Sections, p+"/sections", fn)
	}
}

// bind resolves one figure the prose states, at bytes [from, to) of the
// normalised text.
func (s *scope) bind(name, indicator, text, norm string, from, to int) (Statement, bool) {
	f, ok := s.value(name, indicator)
	if !ok {
		return Statement{}, false
	}
	written := norm[from:to]
	st := Statement{Name: name, Indicator: strings.Trim(indicator, "\x00"),
		Offset: utf8.RuneCountInString(norm[:from]), Length: utf8.RuneCountInString(written)}
	st.Written = runeSpan(text, st.Offset, st.Length)
	if f.kind == profile.KindGrade {
		st.Agrees, st.Computed = written == f.grade, f.grade
		return st, true
	}
	n, err := ParseNumber(strings.ReplaceAll(written, "，", ","))
	if err != nil {
		return Statement{}, false
	}
	// Prose may round: 97% states an execution rate of 96.91%. The
	// computed figure is rounded to the written decimals, never the
	// other way.
	st.Agrees = s.p.Scheme.Rounding.Round(f.value, profile.Decimals(n.Value)).Equal(n.Value)
	kind := f.kind
	if kind == profile.KindPoints {
		kind = profile.KindRate // points print as a rate, without its sign
	}
	st.Computed = s.p.Scheme.Number(kind, f.value)
	if f.kind == profile.KindRate {
		// The statement runs to the percent sign, which the pattern
		// matched after the number.
		rest := norm[to:]
		trimmed := strings.TrimLeft(rest, " \t\u3000")
		if strings.HasPrefix(trimmed, "%") {
			st.Length += utf8.RuneCountInString(rest[:len(rest)-len(trimmed)]) + 1
			st.Written = runeSpan(text, st.Offset, st.Length)
		}
		st.Computed += "%"
	}
	return st, true
}

// narrative audits the figures stated in a paragraph at path; its
// findings follow the tables' in the report.
func (a *auditor) narrative(s *scope, text, path string) {
	for _, st := range s.statements(text, path) {
		if st.Agrees {
			continue
		}
		quote := sentence(text, st.Offset)
		code, rule := FindingNarrative, "narrativeFigures"
		if s.doc == "project" && !profile.NamedFigures[st.Name].Indicator && st.Name != "总分" && st.Name != "等级" {
			code, rule = FindingDocuments, "documentsAgree" // the figure is the 自评表's
		}
		a.add(Finding{
			Path: path, Code: code, Severity: a.p.Audit.Severity(rule),
			Declared: st.Written, Computed: st.Computed, Offset: st.Offset, Quote: quote,
			Message:   fmt.Sprintf("正文第 %d 字起写“%s”为 %s，按数据计算应为 %s：%s", st.Offset+1, st.Name, st.Written, st.Computed, quote),
			MessageEN: fmt.Sprintf("the text states %s as %s at character %d, but it computes to %s", st.Name, st.Written, st.Offset+1, st.Computed),
		})
	}
}

// sentence returns the sentence of text around the rune offset.
func sentence(text string, offset int) string {
	rs := []rune(text)
	start, end := offset, offset
	for start > 0 && !strings.ContainsRune("。！？；\n", rs[start-1]) {
		start--
	}
	for end < len(rs) && !strings.ContainsRune("。！？；\n", rs[end]) {
		end++
	}
	if end < len(rs) {
		end++
	}
	return strings.TrimSpace(string(rs[start:end]))
}

// runeSpan returns the n characters of s that begin at its character
// off (norm and its text have the same characters, one for one, so
// offsets in one are offsets in the other).
func runeSpan(s string, off, n int) string {
	start, k := 0, 0
	for i := range s {
		if k == off {
			start = i
		}
		if k == off+n {
			return s[start:i]
		}
		k++
	}
	if off >= k {
		return ""
	}
	return s[start:]
}

// halfWidth maps full-width digits, signs, point and percent to their
// half-width forms, one rune for one, so offsets stay those of the text.
func halfWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return r - '０' + '0'
		case r == '％':
			return '%'
		case r == '．':
			return '.'
		case r == '＋':
			return '+'
		case r == '－':
			return '-'
		}
		return r
	}, s)
}
