package evaluation

import (
	"strconv"
	"strings"

	"github.com/jixiao/jixiao/profile"
)

// Location names the place a JSON Pointer of d points at as a finance
// officer knows it from the printed documents: the document, then the
// block, row or indicator in 「」, then the column, in the words of the
// profile's forms. "/selfAssessments/3/indicators/5/score" is
// 自评表 4「效益指标」第 2 行 得分 (the second row of that 一级指标), and
// "/departmentReport/budget/budget/total" is
// 部门整体绩效评价报告「预算执行情况」全年预算数.
//
// d may be nil or hold less than the pointer names (an input that could
// not be read whole): the place is then named from the pointer alone, as
// far as it can be. It returns "" for the whole input and for a pointer it
// cannot name at all; programs keep using the pointer.
func Location(d *Disclosure, p *profile.Profile, ptr string) string {
	if ptr == "" || !strings.HasPrefix(ptr, "/") {
		return ""
	}
	segs := strings.Split(ptr[1:], "/")
	for i, s := range segs {
		segs[i] = strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
	}
	if d == nil {
		d = &Disclosure{}
	}
	var f *profile.Forms
	if p != nil {
		f = &p.Forms
	}
	l := locator{d: d, f: f}
	switch segs[0] {
	case "departmentReport":
		return l.departmentReport(segs[1:])
	case "projectReports":
		return l.projectReport(segs[1:])
	case "selfAssessments":
		return l.selfAssessment(segs[1:])
	}
	if len(segs) == 1 {
		return disclosureFields[segs[0]]
	}
	return ""
}

// disclosureFields name the values that belong to no one document.
var disclosureFields = map[string]string{
	"department": "部门（单位）名称", "year": "年度", "profile": "表单配置", "unit": "金额单位", "title": "文档标题",
}

// reportFields name an evaluation report's own values.
var reportFields = map[string]string{
	"title": "标题", "project": "项目名称", "declaredTotal": "总分", "declaredGrade": "等级",
}

// indicatorFields name the values of a report's indicator.
var indicatorFields = map[string]string{
	"name": "指标名称", "weight": "分值", "score": "得分", "children": "下级指标",
	"declaredWeight": "分值", "declaredScore": "得分", "declaredRate": "得分率", "computed": "得分",
}

// departmentDeclared name the department's published rates.
var departmentDeclared = map[string]string{
	"executionRate": "预算执行率", "carryoverRate": "结转结余率", "previousCarryoverRate": "上年结转结余率",
	"carryoverRateChange": "结转结余率变动", "finalAccountsDifference": "预决算差异数", "finalAccountsDifferenceRate": "预决算差异率",
}

// budgetBlock is the block of the department report that holds its
// budget figures, as the report's first indicator calls it.
const budgetBlock = "预算执行情况"

type locator struct {
	d *Disclosure
	f *profile.Forms // nil without a profile: the fixed words only
}

// index reads a list index; ok is false for anything else.
func listIndex(seg string) (int, bool) {
	n, err := strconv.Atoi(seg)
	return n, err == nil && n >= 0 && strconv.Itoa(n) == seg
}

// join puts a document, its block in 「」 and the rest together.
func placeName(doc, block string, rest ...string) string {
	out := doc
	if block != "" {
		out += "「" + block + "」"
	}
	for _, r := range rest {
		if r != "" {
			if !strings.HasSuffix(out, "」") {
				out += " "
			}
			out += r
		}
	}
	return out
}

func (l locator) formTitle(department bool) string {
	if l.f != nil {
		if department && l.f.DepartmentReport.Title != "" {
			return l.f.DepartmentReport.Title
		}
		if !department && l.f.ProjectReport.Title != "" {
			return l.f.ProjectReport.Title
		}
	}
	if department {
		return "部门整体绩效评价报告"
	}
	return "项目支出绩效评价报告"
}

func (l locator) departmentReport(segs []string) string {
	doc := l.formTitle(true)
	dr := l.d.DepartmentReport
	if dr == nil {
		dr = &DepartmentReport{}
	}
	if len(segs) == 0 {
		return doc
	}
	if segs[0] == "budget" {
		return l.budget(doc, segs[1:])
	}
	return l.report(doc, dr.Indicators, dr.Sections, segs)
}

func (l locator) budget(doc string, segs []string) string {
	if len(segs) == 0 {
		return placeName(doc, budgetBlock)
	}
	if segs[0] == "declared" {
		if len(segs) > 1 {
			return placeName(doc, budgetBlock, departmentDeclared[segs[1]])
		}
		return placeName(doc, budgetBlock)
	}
	path := "/" + strings.Join(segs, "/")
	for _, bf := range budgetFigures {
		if path == bf.path || strings.HasPrefix(path, bf.path+"/") {
			return placeName(doc, budgetBlock, bf.name)
		}
	}
	return placeName(doc, budgetBlock)
}

// report names a place in a department or project report: its indicator
// tree, its sections, or its own values.
func (l locator) report(doc string, inds []Indicator, secs []Section, segs []string) string {
	switch segs[0] {
	case "indicators":
		return l.indicator(doc, inds, segs[1:])
	case "sections":
		return l.section(doc, secs, segs[1:])
	}
	return placeName(doc, "", reportFields[segs[0]])
}

// indicator names an indicator of a report's tree by its names from the
// root, "预算执行情况 / 预算完成率", and the field.
func (l locator) indicator(doc string, inds []Indicator, segs []string) string {
	var names []string
	for len(segs) > 0 {
		i, ok := listIndex(segs[0])
		if !ok {
			break
		}
		name := "指标 " + strconv.Itoa(i+1)
		var children []Indicator
		if i < len(inds) {
			if inds[i].Name != "" {
				name = inds[i].Name
			}
			children = inds[i].Children
		}
		names = append(names, name)
		segs = segs[1:]
		if len(segs) > 0 && segs[0] == "children" && len(segs) > 1 {
			inds, segs = children, segs[1:]
			continue
		}
		break
	}
	field := ""
	if len(segs) > 0 {
		field = indicatorFields[segs[0]]
	}
	return placeName(doc, strings.Join(names, " / "), field)
}

// section names a place in a report's text by the heading of its
// section and the block's number within it.
func (l locator) section(doc string, secs []Section, segs []string) string {
	heading := ""
	for len(segs) > 0 {
		i, ok := listIndex(segs[0])
		if !ok {
			break
		}
		var sec *Section
		if i < len(secs) {
			sec = &secs[i]
			heading = sec.Heading
		}
		segs = segs[1:]
		if len(segs) >= 2 && segs[0] == "sections" {
			if sec == nil {
				secs = nil
			} else {
				secs = sec.Sections
			}
			segs = segs[1:]
			continue
		}
		break
	}
	if len(segs) >= 2 && segs[0] == "blocks" {
		if i, ok := listIndex(segs[1]); ok {
			return placeName(doc, heading, "第 "+strconv.Itoa(i+1)+" 段")
		}
	}
	return placeName(doc, heading)
}

func (l locator) projectReport(segs []string) string {
	if len(segs) == 0 {
		return ""
	}
	i, ok := listIndex(segs[0])
	if !ok {
		return ""
	}
	doc := l.formTitle(false) + " " + strconv.Itoa(i+1)
	if len(segs) == 1 {
		return doc
	}
	var pr ProjectReport
	if i < len(l.d.ProjectReports) {
		pr = l.d.ProjectReports[i]
	}
	return l.report(doc, pr.Indicators, pr.Sections, segs[1:])
}

// selfAssessment names a place in a 自评表 by its blocks, rows and
// columns as the profile's form labels them.
func (l locator) selfAssessment(segs []string) string {
	if len(segs) == 0 {
		return ""
	}
	i, ok := listIndex(segs[0])
	if !ok {
		return ""
	}
	doc := "自评表 " + strconv.Itoa(i+1)
	if len(segs) == 1 {
		return doc
	}
	var t SelfAssessment
	if i < len(l.d.SelfAssessments) {
		t = l.d.SelfAssessments[i]
	}
	var form profile.SelfAssessmentForm
	if l.f != nil {
		form = l.f.SelfAssessment
	}
	rest := segs[2:]
	field := func(n int) string {
		if len(rest) > n {
			return rest[n]
		}
		return ""
	}
	switch segs[1] {
	case "funds":
		return placeName(doc, fundRowLabel(&form, field(0)), fundColumnLabel(&form, field(1)))
	case "executionWeight":
		return placeName(doc, fundRowLabel(&form, "total"), fundColumnLabel(&form, "weight"))
	case "goals":
		label, part := form.Goals.Label, ""
		switch field(0) {
		case "expected":
			part = form.Goals.Expected
		case "actual":
			part = form.Goals.Actual
		}
		return placeName(doc, orElse(label, "年度总体目标"), part)
	case "indicators":
		return l.tableRow(doc, &t, &form, rest)
	case "declared":
		switch field(0) {
		case "executionRate":
			return placeName(doc, fundRowLabel(&form, "total"), fundColumnLabel(&form, "rate"))
		case "executionScore":
			return placeName(doc, fundRowLabel(&form, "total"), fundColumnLabel(&form, "score"))
		case "total":
			return placeName(doc, orElse(form.Total, "总分"))
		case "grade":
			return placeName(doc, orElse(form.Total, "总分"), "等级")
		case "points":
			if name := field(1); name != "" {
				return placeName(doc, name, columnLabel(&form, "weight"))
			}
		}
		return doc
	case "texts":
		if tb, ok := form.Text(field(0)); ok {
			return placeName(doc, tb.Label)
		}
	case "signatures":
		for _, s := range form.Signatures {
			if s.Key == field(0) {
				return placeName(doc, strings.TrimRight(s.Label, "：:"))
			}
		}
	case "omitNotes":
		return placeName(doc, strings.TrimRight(orElse(form.NotesTitle, "填报注意事项"), "：:"))
	default:
		if label := headerLabel(&form, segs[1]); label != "" {
			return placeName(doc, label)
		}
	}
	return doc
}

// tableRow names a row of the indicator grid by its 一级指标 and its
// place among that indicator's rows, as the form shows them: the
// 一级指标 cell spans its rows, which the officer counts from 1.
func (l locator) tableRow(doc string, t *SelfAssessment, form *profile.SelfAssessmentForm, segs []string) string {
	if len(segs) == 0 {
		return placeName(doc, orElse(form.Indicators.Label, "绩效指标"))
	}
	i, ok := listIndex(segs[0])
	if !ok {
		return doc
	}
	field := ""
	if len(segs) > 1 {
		switch segs[1] {
		case "quantitative":
			if len(segs) > 2 && (segs[2] == "target" || segs[2] == "actual") {
				field = columnLabel(form, segs[2])
			} else {
				field = "定量指标"
			}
		case "notApplicable":
			field = "不涉及"
		case "scoreRows":
			field = columnLabel(form, "weight")
		default:
			field = columnLabel(form, segs[1])
		}
	}
	if i >= len(t.Indicators) || t.Indicators[i].Level1 == "" {
		return placeName(doc, "", "第 "+strconv.Itoa(i+1)+" 行", field)
	}
	start := i
	for start > 0 && t.Indicators[start-1].Level1 == t.Indicators[i].Level1 {
		start--
	}
	return placeName(doc, t.Indicators[i].Level1, "第 "+strconv.Itoa(i-start+1)+" 行", field)
}

// fundRowLabel is the label of a source's row of the funds block.
func fundRowLabel(form *profile.SelfAssessmentForm, key string) string {
	for _, r := range form.Funds.Rows {
		if r.Key == key {
			return r.Label
		}
	}
	if key == "total" {
		return "年度资金总额"
	}
	return ""
}

// fundColumnLabel is the label of a column of the funds block.
func fundColumnLabel(form *profile.SelfAssessmentForm, field string) string {
	for _, c := range form.Funds.Columns {
		if c.Field == field {
			return c.Label
		}
	}
	return map[string]string{"initialBudget": "年初预算数", "budget": "全年预算数", "executed": "全年执行数",
		"weight": "分值", "rate": "执行率", "score": "得分"}[field]
}

// columnLabel is the label of a column of the indicator grid, also of one
// this form does not show.
func columnLabel(form *profile.SelfAssessmentForm, field string) string {
	for _, c := range form.Indicators.Columns {
		if c.Field == field {
			return c.Label
		}
	}
	for _, f := range IndicatorFields {
		if f.Name == field {
			return f.Label
		}
	}
	return ""
}

// headerLabel is the label printed before a header field of the table.
func headerLabel(form *profile.SelfAssessmentForm, field string) string {
	for _, row := range form.Header {
		for k, c := range row {
			if c.Field == field && k > 0 && row[k-1].Label != "" {
				return row[k-1].Label
			}
		}
	}
	return map[string]string{"project": "项目名称", "competentDepartment": "主管部门", "implementingUnit": "实施单位",
		"manager": "项目负责人", "phone": "联系电话"}[field]
}

func orElse(s, alt string) string {
	if s != "" {
		return s
	}
	return alt
}

// locate names the place of every problem and finding of r (Location).
func (r *Report) locate(d *Disclosure) {
	for i := range r.Problems {
		r.Problems[i].Location = Location(d, r.Profile, r.Problems[i].Path)
	}
	for i := range r.Findings {
		r.Findings[i].Location = Location(d, r.Profile, r.Findings[i].Path)
	}
}
