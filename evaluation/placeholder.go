package evaluation

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/jixiao/jixiao/profile"
)

// A placeholder in prose prints a computed figure:
//
//	{{预算执行率}}            the document's figure, at the profile's format
//	{{得分 "产出数量"}}        an indicator's figure
//	{{得分}}                  the figure of the indicator the section's heading names
//	{{全年预算数 ,.2}}         with a format: "," groups thousands, ".N" prints N decimals
//
// The names are those of profile.NamedFigures.
var (
	anyPlaceholder = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\{\{[^{}]*\}\}`) })
	placeholder    = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^\{\{\s*([^\s{}"]+)(?:\s+"([^"{}]*)")?(?:\s+(,?)(?:\.([0-6]))?)?\s*\}\}$`)
	})
)

// spec is a parsed placeholder.
type spec struct {
	name, indicator string
	grouping        bool
	decimals        int32 // -1: the profile's
}

func parsePlaceholder(s string) (spec, bool) {
	m := placeholder().FindStringSubmatch(s)
	if m == nil {
		return spec{}, false
	}
	sp := spec{name: m[1], indicator: m[2], grouping: m[3] == ",", decimals: -1}
	if m[4] != "" {
		d, _ := strconv.Atoi(m[4])
		sp.decimals = int32(d)
	}
	return sp, true
}

// placeholders checks the placeholders of the prose: each names a figure
// of its document and, for an indicator's figure, an indicator of the
// report (by name, or by the section's heading).
func (v *crossValidator) placeholders(d *Disclosure) {
	check := func(doc string, names func(string) bool, heading, text, path string) {
		for _, m := range anyPlaceholder().FindAllString(text, -1) {
			sp, ok := parsePlaceholder(m)
			nf, known := profile.NamedFigures[sp.name]
			switch {
			case !ok || !known || nf.Kind == profile.KindName:
				v.add(path, CodePlaceholder,
					fmt.Sprintf("占位符 %s 不是可用的数据项（可用：%s）", m, strings.Join(profile.FigureNames(), "、")),
					fmt.Sprintf("placeholder %s names no figure", m))
			case !slices.Contains(nf.Documents, doc):
				v.add(path, CodePlaceholder, fmt.Sprintf("占位符 %s 在此类文档中没有数据", m),
					fmt.Sprintf("placeholder %s has no figure in a %s document", m, doc))
			case nf.Indicator && resolveIndicator(names, sp.indicator, heading, v.p.Audit.HeadingSuffixes) == "":
				v.add(path, CodePlaceholder, fmt.Sprintf("占位符 %s 找不到对应的指标（请写明指标名称，如 {{%s \"指标名称\"}}）", m, sp.name),
					fmt.Sprintf("placeholder %s names no indicator of the report", m))
			}
		}
	}
	if dr := d.DepartmentReport; dr != nil {
		walkSections(dr.Sections, "/departmentReport/sections", "", func(heading, text, path string) {
			check("department", inputNames(dr.Indicators), heading, text, path)
		})
	}
	for i := range d.ProjectReports {
		pr := &d.ProjectReports[i]
		walkSections(pr.Sections, child("/projectReports", i)+"/sections", "", func(heading, text, path string) {
			check("project", inputNames(pr.Indicators), heading, text, path)
		})
	}
	for i := range d.SelfAssessments {
		t := &d.SelfAssessments[i]
		levels := func(name string) bool {
			return slices.ContainsFunc(t.Indicators, func(ind TableIndicator) bool { return ind.Level1 == name })
		}
		for k, text := range t.Texts {
			check("table", levels, "", text, child(child("/selfAssessments", i)+"/texts", k))
		}
	}
}

// inputNames reports whether a tree of the input has an indicator name.
func inputNames(nodes []Indicator) func(string) bool {
	var has func([]Indicator, string) bool
	has = func(ns []Indicator, name string) bool {
		for i := range ns {
			if ns[i].Name == name || has(ns[i].Children, name) {
				return true
			}
		}
		return false
	}
	return func(name string) bool { return has(nodes, name) }
}

// resolveIndicator returns the indicator a figure belongs to: the one
// named, else the one the heading names, whole or less a suffix; "" for
// none.
func resolveIndicator(has func(string) bool, name, heading string, suffixes []string) string {
	if name != "" {
		if has(name) {
			return name
		}
		return ""
	}
	if heading != "" && has(heading) {
		return heading
	}
	for _, suf := range suffixes {
		if base, ok := strings.CutSuffix(heading, suf); ok && base != "" && has(base) {
			return base
		}
	}
	return ""
}

// walkSections calls fn for every paragraph and list item of sections,
// with the heading of its own section.
func walkSections(ss []Section, path, heading string, fn func(heading, text, path string)) {
	for i := range ss {
		sec := &ss[i]
		p := child(path, i)
		for j := range sec.Blocks {
			b := &sec.Blocks[j]
			bp := child(p+"/blocks", j)
			switch {
			case b.Paragraph != "":
				fn(sec.Heading, b.Paragraph, bp)
			case b.List != nil:
				for k, item := range b.List.Items {
					fn(sec.Heading, item, child(bp+"/list/items", k))
				}
			}
		}
		walkSections(sec.Sections, p+"/sections", sec.Heading, fn)
	}
}

// fillPlaceholders returns the prose whose placeholders print computed
// figures, by JSON Pointer; prose without placeholders is not listed.
func fillPlaceholders(d *Disclosure, r *Result, p *profile.Profile) (map[string]string, Problems) {
	out := map[string]string{}
	var ps Problems
	walkProse(d, r, p, func(s *scope, text, path string) {
		if !strings.Contains(text, "{{") {
			return
		}
		out[path] = anyPlaceholder().ReplaceAllStringFunc(text, func(m string) string {
			sp, ok := parsePlaceholder(m)
			if !ok {
				return m // Validate refuses it; never reached
			}
			indicator := sp.indicator
			if nf := profile.NamedFigures[sp.name]; nf.Indicator && indicator == "" && s.doc != "table" {
				if n := s.node(""); n != nil {
					indicator = n.Name
				}
			}
			f, ok := s.value(sp.name, indicator)
			if !ok {
				if s.omittedTable != "" {
					ps = append(ps, Problem{Path: path, Code: CodePlaceholder,
						Message:   fmt.Sprintf("占位符 %s 无法填写：本项目的自评表 %s 无效", m, s.omittedTable),
						MessageEN: fmt.Sprintf("placeholder %s cannot be filled: the project's self-assessment table %s is invalid", m, s.omittedTable)})
				}
				return m
			}
			return s.print(f, sp)
		})
	})
	return out, ps
}

// print formats a figure as a placeholder asks.
func (s *scope) print(f figure, sp spec) string {
	if f.kind == profile.KindGrade {
		return f.grade
	}
	kind := f.kind
	if kind == profile.KindPoints {
		kind = profile.KindRate
	}
	if sp.decimals < 0 && !sp.grouping {
		if f.kind == profile.KindPoints {
			return s.p.Scheme.Number(kind, f.value)
		}
		return s.p.Scheme.Print(kind, f.value)
	}
	format := s.p.Scheme.Figures.Format(kind)
	if sp.decimals >= 0 {
		format = profile.Format{Decimals: sp.decimals}
	}
	format.Grouping = sp.grouping
	one := profile.Scheme{Rounding: s.p.Scheme.Rounding, Figures: profile.Figures{Money: format, Rate: format, Score: format, Weight: format}}
	if f.kind == profile.KindRate {
		return one.Print(kind, f.value)
	}
	return one.Number(kind, f.value)
}

// BindFigures turns every figure the prose of a valid report states, and
// that the profile's narrative patterns bind, into a placeholder that
// prints the computed figure in the written format: "7,235.39" becomes
// {{全年预算数 ,.2}}. It returns the disclosure so changed (a copy: rep is
// left as it is) and the number of figures bound. Rendered, the prose
// then says what the data computes, also where the figure was typed
// wrong.
func BindFigures(rep *Report) (*Disclosure, int) {
	sts := Statements(rep)
	d := cloneDisclosure(rep.Disclosure)
	byPath := map[string][]Statement{}
	for _, st := range sts {
		byPath[st.Path] = append(byPath[st.Path], st)
	}
	n := 0
	setProse(d, func(path, text string) string {
		list := byPath[path]
		if len(list) == 0 {
			return text
		}
		rs := []rune(text)
		var b strings.Builder
		last := 0
		for _, st := range list {
			b.WriteString(string(rs[last:st.Offset]))
			b.WriteString(bound(st))
			last = st.Offset + st.Length
			n++
		}
		b.WriteString(string(rs[last:]))
		return b.String()
	})
	return d, n
}

// bound is the placeholder of a statement, in its written format.
func bound(st Statement) string {
	var b strings.Builder
	b.WriteString("{{" + st.Name)
	if st.Indicator != "" {
		b.WriteString(` "` + st.Indicator + `"`)
	}
	if profile.NamedFigures[st.Name].Kind != profile.KindGrade {
		written := strings.TrimSpace(strings.TrimSuffix(halfWidth(st.Written), "%"))
		b.WriteString(" ")
		if strings.ContainsAny(written, ",，") {
			b.WriteString(",")
		}
		_, frac, _ := strings.Cut(written, ".")
		b.WriteString("." + strconv.Itoa(utf8.RuneCountInString(frac)))
	}
	b.WriteString("}}")
	return b.String()
}

// setProse replaces every paragraph, list item and text block of d by
// what fn returns for it.
func setProse(d *Disclosure, fn func(path, text string) string) {
	var walk func(ss []Section, path string)
	walk = func(ss []Section, path string) {
		for i := range ss {
			p := child(path, i)
			for j := range ss[i].Blocks {
				b := &ss[i].Blocks[j]
				bp := child(p+"/blocks", j)
				switch {
				case b.Paragraph != "":
					b.Paragraph = fn(bp, b.Paragraph)
				case b.List != nil:
					for k := range b.List.Items {
						b.List.Items[k] = fn(child(bp+"/list/items", k), b.List.Items[k])
					}
				}
			}
			walk(ss[i].Sections, p+"/sections")
		}
	}
	if d.DepartmentReport != nil {
		walk(d.DepartmentReport.Sections, "/departmentReport/sections")
	}
	for i := range d.ProjectReports {
		walk(d.ProjectReports[i].Sections, child("/projectReports", i)+"/sections")
	}
	for i := range d.SelfAssessments {
		for k, text := range d.SelfAssessments[i].Texts {
			d.SelfAssessments[i].Texts[k] = fn(child(child("/selfAssessments", i)+"/texts", k), text)
		}
	}
}

// cloneDisclosure copies the parts of d that setProse changes.
func cloneDisclosure(d *Disclosure) *Disclosure {
	out := *d
	var sections func([]Section) []Section
	sections = func(ss []Section) []Section {
		if ss == nil {
			return nil
		}
		cp := slices.Clone(ss)
		for i := range cp {
			cp[i].Blocks = slices.Clone(cp[i].Blocks)
			for j := range cp[i].Blocks {
				if l := cp[i].Blocks[j].List; l != nil {
					lc := *l
					lc.Items = slices.Clone(l.Items)
					cp[i].Blocks[j].List = &lc
				}
			}
			cp[i].Sections = sections(cp[i].Sections)
		}
		return cp
	}
	if d.DepartmentReport != nil {
		dr := *d.DepartmentReport
		dr.Sections = sections(dr.Sections)
		out.DepartmentReport = &dr
	}
	out.ProjectReports = slices.Clone(d.ProjectReports)
	for i := range out.ProjectReports {
		out.ProjectReports[i].Sections = sections(out.ProjectReports[i].Sections)
	}
	out.SelfAssessments = slices.Clone(d.SelfAssessments)
	for i := range out.SelfAssessments {
		if t := out.SelfAssessments[i].Texts; t != nil {
			cp := make(map[string]string, len(t))
			for k, v := range t {
				cp[k] = v
			}
			out.SelfAssessments[i].Texts = cp
		}
	}
	return &out
}
