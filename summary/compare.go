package summary

import (
	"strings"
	"unicode"

	"github.com/shopspring/decimal"
	"golang.org/x/text/width"
)

// Comparison sets this year's projects against the previous year's.
type Comparison struct {
	// Matched are the projects found in both years, in this year's order.
	Matched []Match
	// Fallen are the matched projects whose grade is worse than last
	// year's; LowTwice those below the threshold execution rate in both
	// years.
	Fallen, LowTwice []Match
	// New are this year's projects with no match last year; Dropped last
	// year's with no match this year. None is ever left out silently.
	New, Dropped []Project
	// Departments are the departments found in both years, in this
	// year's order; NewDepartments and DroppedDepartments the others.
	Departments                        []DepartmentMatch
	NewDepartments, DroppedDepartments []Department
}

// DepartmentMatch is a department of both years. The total's change is
// set when both years have a department report (HasTotals).
type DepartmentMatch struct {
	Current, Previous       Department
	HasTotals               bool
	TotalChange, RateChange decimal.Decimal
}

// Match is a project of both years.
type Match struct {
	Current, Previous       Project
	ScoreChange, RateChange decimal.Decimal
}

// Normalize is how names are matched across years: full-width letters,
// digits and brackets as their ASCII forms, no spaces or invisible
// characters, Latin letters in lower case.
func Normalize(name string) string {
	name = width.Fold.String(name)
	var b strings.Builder
	for _, r := range name {
		if unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

func projectKey(department, project string) string {
	return Normalize(department) + "\x00" + Normalize(project)
}

// compare matches the projects by department and project name, the
// previous year's renamed by mapping first; projects of one name are
// matched in input order.
func compare(s *Summary, previous []Project, prevDepts []Department, mapping map[string]string) *Comparison {
	rename := map[string]string{}
	for old, cur := range mapping {
		rename[Normalize(old)] = cur
	}
	renamed := func(name string) string {
		if cur, ok := rename[Normalize(name)]; ok {
			return cur
		}
		return name
	}
	queues := map[string][]int{}
	for i, p := range previous {
		k := projectKey(renamed(p.Department), renamed(p.Name))
		queues[k] = append(queues[k], i)
	}
	used := make([]bool, len(previous))
	c := &Comparison{}
	grade := map[string]int{}
	for i, g := range s.Grades {
		grade[g] = i
	}
	for _, p := range s.Projects {
		k := projectKey(p.Department, p.Name)
		q := queues[k]
		if len(q) == 0 {
			c.New = append(c.New, p)
			continue
		}
		prev := previous[q[0]]
		queues[k], used[q[0]] = q[1:], true
		m := Match{Current: p, Previous: prev, ScoreChange: p.Score.Sub(prev.Score), RateChange: p.Rate.Sub(prev.Rate)}
		c.Matched = append(c.Matched, m)
		if grade[p.Grade] > grade[prev.Grade] {
			c.Fallen = append(c.Fallen, m)
		}
		if p.Rate.LessThan(s.threshold) && prev.Rate.LessThan(s.threshold) {
			c.LowTwice = append(c.LowTwice, m)
		}
	}
	for i, p := range previous {
		if !used[i] {
			c.Dropped = append(c.Dropped, p)
		}
	}
	compareDepartments(c, s.Departments, prevDepts, renamed)
	return c
}

// compareDepartments matches the departments by name, whatever their
// years; departments of one name are matched in input order.
func compareDepartments(c *Comparison, current, previous []Department, renamed func(string) string) {
	queues := map[string][]int{}
	for i, d := range previous {
		k := Normalize(renamed(d.Name))
		queues[k] = append(queues[k], i)
	}
	used := make([]bool, len(previous))
	for _, d := range current {
		k := Normalize(d.Name)
		q := queues[k]
		if len(q) == 0 {
			c.NewDepartments = append(c.NewDepartments, d)
			continue
		}
		prev := previous[q[0]]
		queues[k], used[q[0]] = q[1:], true
		m := DepartmentMatch{Current: d, Previous: prev, HasTotals: d.Report && prev.Report, RateChange: d.Rate.Sub(prev.Rate)}
		if m.HasTotals {
			m.TotalChange = d.Total.Sub(prev.Total)
		}
		c.Departments = append(c.Departments, m)
	}
	for i, d := range previous {
		if !used[i] {
			c.DroppedDepartments = append(c.DroppedDepartments, d)
		}
	}
}
