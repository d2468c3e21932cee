package summary

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/profile"
	"github.com/jixiao/jixiao/render"
	"github.com/shopspring/decimal"
)

// partStyle is the page geometry of every part of the summary: the
// wider pages of the self-assessment tables.
const partStyle = "table"

// Document builds the summary's document: the overview with the charts,
// the projects' table, the departments' table, the findings, the invalid
// inputs and, when there is one, the comparison with the previous year.
func (s *Summary) Document() *render.Document {
	f := s.forms
	doc := &render.Document{Title: f.Title, Subject: "预算绩效评价汇总", Language: "zh-CN"}
	overview := render.Part{Bookmark: f.Title, Style: partStyle, Blocks: []render.Block{
		render.Paragraph{Style: "tableTitle", Text: f.Title},
		render.Paragraph{Style: "note", Text: s.overview()},
		render.Paragraph{Style: "note", Text: s.totals()},
	}}
	for _, c := range s.Charts() {
		overview.Blocks = append(overview.Blocks, c)
	}
	doc.Parts = append(doc.Parts, overview,
		s.tablePart(f.Projects, s.projectRows()),
		s.tablePart(f.Departments, s.departmentRows()),
		s.tablePart(f.Counts, s.countRows()))
	if len(s.Findings) > 0 {
		doc.Parts = append(doc.Parts, s.tablePart(f.Findings, s.findingRows()))
	}
	if len(s.Invalid) > 0 {
		doc.Parts = append(doc.Parts, s.tablePart(f.Invalid, s.invalidRows()))
	}
	if c := s.Comparison; c != nil {
		p := s.tablePart(f.Comparison, s.comparisonRows(c.Matched))
		threshold := f.fill(f.LowTwice, map[string]string{"Threshold": f.Threshold})
		for _, l := range []struct {
			title string
			list  []string
		}{
			{f.Fallen, matchList(c.Fallen, func(m Match) string { return m.Previous.Grade + "→" + m.Current.Grade })},
			{threshold, matchList(c.LowTwice, func(m Match) string {
				return s.rate(m.Previous.Rate) + "→" + s.rate(m.Current.Rate)
			})},
			{f.New, projectList(c.New)},
			{f.Dropped, projectList(c.Dropped)},
		} {
			p.Blocks = append(p.Blocks, render.Paragraph{Style: "caption", Text: fmt.Sprintf("%s（%d）", l.title, len(l.list))})
			if len(l.list) == 0 {
				l.list = []string{f.None}
			}
			for _, item := range l.list {
				p.Blocks = append(p.Blocks, render.Paragraph{Style: "note", Text: item})
			}
		}
		doc.Parts = append(doc.Parts, p)
		dp := s.tablePart(f.DepartmentComparison, s.departmentComparisonRows(c.Departments))
		for _, l := range []struct {
			title string
			list  []Department
		}{{f.NewDepartments, c.NewDepartments}, {f.DroppedDepartments, c.DroppedDepartments}} {
			dp.Blocks = append(dp.Blocks, render.Paragraph{Style: "caption", Text: fmt.Sprintf("%s（%d）", l.title, len(l.list))})
			if len(l.list) == 0 {
				dp.Blocks = append(dp.Blocks, render.Paragraph{Style: "note", Text: f.None})
			}
			for i, d := range l.list {
				dp.Blocks = append(dp.Blocks, render.Paragraph{Style: "note", Text: fmt.Sprintf("%d. %s（%d年度）", i+1, d.Name, d.Year)})
			}
		}
		doc.Parts = append(doc.Parts, dp)
	}
	return doc
}

func (s *Summary) departmentComparisonRows(ms []DepartmentMatch) []render.Row {
	cols := s.columns(s.forms.DepartmentComparison)
	rows := make([]render.Row, 0, len(ms))
	for _, m := range ms {
		rows = append(rows, s.row(cols, func(field string) render.Cell {
			switch field {
			case "department":
				return text(m.Current.Name)
			case "total":
				if m.Current.Report {
					return s.figure(profile.KindScore, m.Current.Total)
				}
			case "previousTotal":
				if m.Previous.Report {
					return s.figure(profile.KindScore, m.Previous.Total)
				}
			case "totalChange":
				if m.HasTotals {
					c := s.figure(profile.KindScore, m.TotalChange)
					c.Text = signed(c.Text, m.TotalChange)
					return c
				}
			case "grade":
				return center(m.Current.Grade)
			case "previousGrade":
				return center(m.Previous.Grade)
			case "rate":
				if m.Current.Projects > 0 {
					return s.figure(profile.KindRate, m.Current.Rate)
				}
			case "previousRate":
				if m.Previous.Projects > 0 {
					return s.figure(profile.KindRate, m.Previous.Rate)
				}
			case "rateChange":
				if m.Current.Projects > 0 && m.Previous.Projects > 0 {
					c := s.figure(profile.KindRate, m.RateChange)
					c.Text = signed(c.Text, m.RateChange)
					return c
				}
			}
			return center("")
		}))
	}
	return rows
}

func matchList(ms []Match, detail func(Match) string) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = fmt.Sprintf("%d. %s　%s（%s）", i+1, m.Current.Department, m.Current.Name, detail(m))
	}
	return out
}

func projectList(ps []Project) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = fmt.Sprintf("%d. %s　%s", i+1, p.Department, p.Name)
	}
	return out
}

func (s *Summary) overview() string {
	t := &s.Totals
	return s.forms.fill(s.forms.Overview, map[string]any{"Inputs": t.Inputs, "Valid": t.Valid, "Invalid": t.Invalid,
		"Projects": t.Projects, "Departments": len(s.Departments), "Unit": s.Unit})
}

func (s *Summary) totals() string {
	t := &s.Totals
	grades := make([]string, len(s.Grades))
	for i, g := range s.Grades {
		grades[i] = s.forms.fill(s.forms.GradeCount, map[string]any{"Grade": g, "Count": t.Grades[g]})
	}
	return s.forms.fill(s.forms.Totals, map[string]any{"Budget": s.money(t.Budget), "Executed": s.money(t.Executed),
		"Unit": s.Unit, "Rate": s.rate(t.Rate), "Score": s.score(t.Score), "Grades": strings.Join(grades, "、")})
}

// money prints an amount at the money scale, or in full when it has
// more decimals (an amount converted from 元): never cut.
func (s *Summary) money(d decimal.Decimal) string {
	if s.scheme.Fits(profile.KindMoney, d) {
		return s.scheme.Print(profile.KindMoney, d)
	}
	if s.scheme.Figures.Money.Grouping {
		return profile.Group(d.String())
	}
	return d.String()
}

func (s *Summary) rate(d decimal.Decimal) string  { return s.scheme.Print(profile.KindRate, d) }
func (s *Summary) score(d decimal.Decimal) string { return s.scheme.Print(profile.KindScore, d) }

// signed prints a change with its sign.
func signed(text string, d decimal.Decimal) string {
	if d.Sign() > 0 {
		return "+" + text
	}
	return text
}

// tablePart is a part of one table under its title.
func (s *Summary) tablePart(tf TableForm, rows []render.Row) render.Part {
	cols := s.columns(tf)
	t := render.Table{Name: tf.Title, RepeatTo: 1}
	head := render.Row{}
	for _, c := range cols {
		t.Columns = append(t.Columns, c.Width)
		t.SheetColumns = append(t.SheetColumns, c.SheetWidth)
		head = append(head, render.Cell{Text: c.Label, Style: "table"})
	}
	t.Rows = append([]render.Row{head}, rows...)
	return render.Part{Bookmark: tf.Title, Style: partStyle, Blocks: []render.Block{
		render.Paragraph{Style: "tableTitle", Text: tf.Title},
		render.Paragraph{Style: "tableYear", Text: "金额单位：" + s.Unit},
		t,
	}}
}

// columns expands the form's columns: a "grades" column stands for one
// column per grade of the scheme.
func (s *Summary) columns(tf TableForm) []Column {
	var out []Column
	for _, c := range tf.Columns {
		if c.Field != "grades" {
			out = append(out, c)
			continue
		}
		for _, g := range s.Grades {
			gc := c
			gc.Field, gc.Label = "grade:"+g, s.forms.fill(c.Label, map[string]string{"Grade": g})
			out = append(out, gc)
		}
	}
	return out
}

// row builds a row of the table's columns (s.columns) from the text of each field;
// a field value of covered leaves the column out (a span above covers
// it).
func (s *Summary) row(cols []Column, value func(field string) render.Cell) render.Row {
	row := make(render.Row, 0, len(cols))
	for _, c := range cols {
		cell := value(c.Field)
		if cell.Style == covered {
			continue
		}
		if cell.Style == "" {
			cell.Style = "table"
		}
		row = append(row, cell)
	}
	return row
}

const covered = "\x00covered"

func text(s string) render.Cell   { return render.Cell{Text: s, Style: "tableText"} }
func center(s string) render.Cell { return render.Cell{Text: s, Style: "table"} }

func (s *Summary) figure(k profile.Kind, d decimal.Decimal) render.Cell {
	t := s.scheme.Print(k, d)
	if k == profile.KindMoney {
		t = s.money(d)
	}
	return render.Cell{Text: t, Style: "table", Figure: &render.Figure{Kind: k, Value: d}}
}

func count(n int) render.Cell { return center(strconv.Itoa(n)) }

// projectRows are the projects grouped by department, each group with
// its subtotal, then the grand total.
func (s *Summary) projectRows() []render.Row {
	cols := s.columns(s.forms.Projects)
	var rows []render.Row
	for i := range s.Departments {
		d := &s.Departments[i]
		ps := s.ProjectsOf(d)
		if len(ps) == 0 {
			continue
		}
		var warnings, infos int
		for k, p := range ps {
			warnings += p.Warnings
			infos += p.Infos
			rows = append(rows, s.row(cols, func(field string) render.Cell {
				switch field {
				case "department":
					if k > 0 {
						return render.Cell{Style: covered}
					}
					c := text(d.Name)
					c.RowSpan = len(ps) + 1
					return c
				case "project":
					return text(p.Name)
				case "budget":
					return s.figure(profile.KindMoney, p.Budget)
				case "executed":
					return s.figure(profile.KindMoney, p.Executed)
				case "rate":
					return s.figure(profile.KindRate, p.Rate)
				case "score":
					return s.figure(profile.KindScore, p.Score)
				case "grade":
					return center(p.Grade)
				case "warnings":
					return count(p.Warnings)
				case "infos":
					return count(p.Infos)
				}
				return center("")
			}))
		}
		rows = append(rows, s.row(cols, func(field string) render.Cell {
			switch field {
			case "department":
				return render.Cell{Style: covered}
			case "project":
				return center(s.forms.Subtotal)
			case "budget":
				return s.figure(profile.KindMoney, d.Budget)
			case "executed":
				return s.figure(profile.KindMoney, d.Executed)
			case "rate":
				return s.figure(profile.KindRate, d.Rate)
			case "warnings":
				return count(warnings)
			case "infos":
				return count(infos)
			}
			return center("")
		}))
	}
	t := &s.Totals
	var warnings, infos int
	for _, p := range s.Projects {
		warnings += p.Warnings
		infos += p.Infos
	}
	rows = append(rows, s.row(cols, func(field string) render.Cell {
		switch field {
		case "department":
			return center(s.forms.Total)
		case "budget":
			return s.figure(profile.KindMoney, t.Budget)
		case "executed":
			return s.figure(profile.KindMoney, t.Executed)
		case "rate":
			return s.figure(profile.KindRate, t.Rate)
		case "score":
			return s.figure(profile.KindScore, t.Score)
		case "warnings":
			return count(warnings)
		case "infos":
			return count(infos)
		}
		return center("")
	}))
	return rows
}

func (s *Summary) departmentRows() []render.Row {
	cols := s.columns(s.forms.Departments)
	var rows []render.Row
	for i := range s.Departments {
		d := &s.Departments[i]
		rows = append(rows, s.row(cols, func(field string) render.Cell {
			if g, ok := strings.CutPrefix(field, "grade:"); ok {
				return count(d.Grades[g])
			}
			switch field {
			case "department":
				return text(d.Name)
			case "year":
				return count(d.Year)
			case "departmentTotal":
				if d.Report {
					return s.figure(profile.KindScore, d.Total)
				}
			case "departmentGrade":
				return center(d.Grade)
			case "projects":
				return count(d.Projects)
			case "budget":
				return s.figure(profile.KindMoney, d.Budget)
			case "executed":
				return s.figure(profile.KindMoney, d.Executed)
			case "rate":
				if d.Projects > 0 {
					return s.figure(profile.KindRate, d.Rate)
				}
			}
			return center("")
		}))
	}
	t := &s.Totals
	rows = append(rows, s.row(cols, func(field string) render.Cell {
		if g, ok := strings.CutPrefix(field, "grade:"); ok {
			return count(t.Grades[g])
		}
		switch field {
		case "department":
			return center(s.forms.Total)
		case "projects":
			return count(t.Projects)
		case "budget":
			return s.figure(profile.KindMoney, t.Budget)
		case "executed":
			return s.figure(profile.KindMoney, t.Executed)
		case "rate":
			return s.figure(profile.KindRate, t.Rate)
		}
		return center("")
	}))
	return rows
}

func (s *Summary) countRows() []render.Row {
	cols := s.columns(s.forms.Counts)
	var rows []render.Row
	total := 0
	for _, c := range s.Counts {
		total += c.N
		rows = append(rows, s.row(cols, func(field string) render.Cell {
			switch field {
			case "code":
				return text(s.forms.code(c.Code))
			case "severity":
				return center(s.forms.severity(c.Severity))
			case "count":
				return count(c.N)
			}
			return center("")
		}))
	}
	rows = append(rows, s.row(cols, func(field string) render.Cell {
		switch field {
		case "code":
			return center(s.forms.Total)
		case "count":
			return count(total)
		}
		return center("")
	}))
	return rows
}

func (s *Summary) findingRows() []render.Row {
	cols := s.columns(s.forms.Findings)
	rows := make([]render.Row, 0, len(s.Findings))
	for i, f := range s.Findings {
		rows = append(rows, s.row(cols, func(field string) render.Cell {
			switch field {
			case "number":
				return count(i + 1)
			case "severity":
				return center(s.forms.severity(f.Severity))
			case "source":
				return text(f.Source)
			case "part":
				return text(f.Part)
			case "place":
				return text(strings.TrimSpace(f.Place + " " + f.Path))
			case "message":
				return text(f.Message)
			}
			return center("")
		}))
	}
	return rows
}

func (s *Summary) invalidRows() []render.Row {
	cols := s.columns(s.forms.Invalid)
	rows := make([]render.Row, 0, len(s.Invalid))
	for i, inv := range s.Invalid {
		rows = append(rows, s.row(cols, func(field string) render.Cell {
			switch field {
			case "number":
				return count(i + 1)
			case "source":
				return text(inv.Source)
			case "errors":
				return text(problemsText(inv.Problems))
			}
			return center("")
		}))
	}
	return rows
}

// problemsText lists the first problems of an input, and how many more
// there are.
func problemsText(ps evaluation.Problems) string {
	const most = 3
	var parts []string
	for i, p := range ps {
		if i == most {
			parts = append(parts, fmt.Sprintf("……另有%d项", len(ps)-most))
			break
		}
		parts = append(parts, strings.TrimSpace(p.Path+" "+p.Message))
	}
	return strings.Join(parts, "；")
}

func (s *Summary) comparisonRows(ms []Match) []render.Row {
	cols := s.columns(s.forms.Comparison)
	rows := make([]render.Row, 0, len(ms))
	for _, m := range ms {
		rows = append(rows, s.row(cols, func(field string) render.Cell {
			switch field {
			case "department":
				return text(m.Current.Department)
			case "project":
				return text(m.Current.Name)
			case "score":
				return s.figure(profile.KindScore, m.Current.Score)
			case "previousScore":
				return s.figure(profile.KindScore, m.Previous.Score)
			case "scoreChange":
				c := s.figure(profile.KindScore, m.ScoreChange)
				c.Text = signed(c.Text, m.ScoreChange)
				return c
			case "grade":
				return center(m.Current.Grade)
			case "previousGrade":
				return center(m.Previous.Grade)
			case "rate":
				return s.figure(profile.KindRate, m.Current.Rate)
			case "previousRate":
				return s.figure(profile.KindRate, m.Previous.Rate)
			case "rateChange":
				c := s.figure(profile.KindRate, m.RateChange)
				c.Text = signed(c.Text, m.RateChange)
				return c
			}
			return center("")
		}))
	}
	return rows
}
