package summary

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/batch/synth"
	"github.com/jixiao/jixiao/evaluation"
	"github.com/shopspring/decimal"
)

func TestNormalize(t *testing.T) {
	for _, c := range [][2]string{
		{"信息化系统运维项目（1）", "信息化系统运维项目(1)"},
		{" 信息化 系统运维项目\u200b(1) ", "信息化系统运维项目(1)"},
		{"ＡＢＣ项目", "abc项目"},
	} {
		if Normalize(c[0]) != Normalize(c[1]) {
			t.Errorf("%q and %q normalise to %q and %q", c[0], c[1], Normalize(c[0]), Normalize(c[1]))
		}
	}
	if Normalize("项目（1）") == Normalize("项目（2）") {
		t.Error("different names match")
	}
}

// TestCompare makes the previous year from a copy of this year's
// disclosures: every score at full marks (so that each project below
// the top grade now has fallen), one project renamed with a mapping,
// one renamed without (unmatched both ways), one written with full-width
// brackets and spaces (matched), and one disclosure left out (its
// projects are new).
func TestCompare(t *testing.T) {
	opts := synth.Options{Seed: 11, Tables: 3}
	const n = 40
	var current, previous []input
	for i := range n {
		current = append(current, input{fmt.Sprintf("now:%d", i), synth.JSON(opts, i)})
		if i == n-1 {
			continue // left out of last year
		}
		d := synth.Disclosure(opts, i)
		for k := range d.SelfAssessments {
			for r := range d.SelfAssessments[k].Indicators {
				ind := &d.SelfAssessments[k].Indicators[r]
				if !ind.NotApplicable && ind.Quantitative == nil {
					ind.Score = ind.Weight
				}
			}
		}
		switch i {
		case 3:
			d.Department = "旧部门名称丙" // renamed, with a mapping
		case 0:
			d.SelfAssessments[0].Project = "旧名称甲"
		case 1:
			d.SelfAssessments[1].Project = "完全不同的名称乙"
		case 2:
			p := &d.SelfAssessments[2].Project
			*p = " " + widen(*p) + " "
		}
		data, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		previous = append(previous, input{fmt.Sprintf("then:%d", i), data})
	}
	// A department of last year only: it and its projects are dropped.
	previous = append(previous, input{fmt.Sprintf("then:%d", n), synth.JSON(opts, n)})
	renamedTo := synth.Disclosure(opts, 0).SelfAssessments[0].Project
	s := build(t, Options{Mapping: map[string]string{"旧名称甲": renamedTo, "旧部门名称丙": synth.Disclosure(opts, 3).Department}}, current, previous)
	c := s.Comparison
	if c == nil {
		t.Fatal("no comparison")
	}

	// The previous year's figures, from its own evaluation.
	prev := map[string]evaluation.TableResult{}
	for _, in := range previous {
		rep := evaluation.Evaluate(in.data, nil)
		if !rep.Valid() {
			t.Fatalf("%s: %v", in.source, rep.Problems)
		}
		for k, tr := range rep.Result.Tables {
			prev[fmt.Sprintf("%s/%d", in.source, k)] = tr
		}
	}
	want := map[string]bool{} // this year's projects with a match
	for i := range n - 1 {
		for k := range opts.Tables {
			if i == 1 && k == 1 {
				continue
			}
			want[fmt.Sprintf("now:%d/%d", i, k)] = true
		}
	}
	if len(c.Matched) != len(want) {
		t.Errorf("%d matched, want %d", len(c.Matched), len(want))
	}
	fallen := 0
	for _, m := range c.Matched {
		var i, k int
		fmt.Sscanf(m.Current.Source, "now:%d", &i)
		for k = range opts.Tables {
			if synth.Disclosure(opts, i).SelfAssessments[k].Project == m.Current.Name {
				break
			}
		}
		p := prev[fmt.Sprintf("then:%d/%d", i, k)]
		if m.Previous.Source != fmt.Sprintf("then:%d", i) || !m.Previous.Score.Equal(p.Total) || m.Previous.Grade != p.Grade {
			t.Errorf("%s %s matched %s %s %s, want then:%d %s %s", m.Current.Source, m.Current.Name,
				m.Previous.Source, m.Previous.Score, m.Previous.Grade, i, p.Total, p.Grade)
		}
		if !m.ScoreChange.Equal(m.Current.Score.Sub(p.Total)) || !m.RateChange.Equal(m.Current.Rate.Sub(p.ExecutionRate)) {
			t.Errorf("%s: changes %s %s", m.Current.Name, m.ScoreChange, m.RateChange)
		}
		if m.Current.Grade != p.Grade {
			fallen++
		}
	}
	if fallen == 0 {
		t.Fatal("the test data has no fallen grade")
	}
	if len(c.Fallen) != fallen {
		t.Errorf("%d fallen, want %d", len(c.Fallen), fallen)
	}
	ninety := decimal.NewFromInt(90)
	low := 0
	for _, m := range c.Matched {
		if m.Current.Rate.LessThan(ninety) && m.Previous.Rate.LessThan(ninety) {
			low++
		}
	}
	if low == 0 || len(c.LowTwice) != low {
		t.Errorf("%d below 90%% twice, want %d (> 0)", len(c.LowTwice), low)
	}
	// Unmatched: the renamed project both ways, and the left-out
	// disclosure's projects as new.
	renamed := synth.Disclosure(opts, 1).SelfAssessments[1].Project
	var newNames []string
	for _, p := range c.New {
		newNames = append(newNames, p.Source+" "+p.Name)
	}
	wantNew := []string{"now:1 " + renamed}
	for _, sa := range synth.Disclosure(opts, n-1).SelfAssessments {
		wantNew = append(wantNew, fmt.Sprintf("now:%d %s", n-1, sa.Project))
	}
	if fmt.Sprint(newNames) != fmt.Sprint(wantNew) {
		t.Errorf("new %v, want %v", newNames, wantNew)
	}
	var dropped []string
	for _, p := range c.Dropped {
		dropped = append(dropped, p.Source+" "+p.Name)
	}
	wantDropped := []string{"then:1 完全不同的名称乙"}
	for _, sa := range synth.Disclosure(opts, n).SelfAssessments {
		wantDropped = append(wantDropped, fmt.Sprintf("then:%d %s", n, sa.Project))
	}
	if fmt.Sprint(dropped) != fmt.Sprint(wantDropped) {
		t.Errorf("dropped %v, want %v", dropped, wantDropped)
	}
	// Departments: all but the left-out one matched, the renamed one
	// through the mapping, with the changes of their figures.
	if len(c.Departments) != n-1 || len(c.NewDepartments) != 1 || c.NewDepartments[0].Name != synth.Disclosure(opts, n-1).Department ||
		len(c.DroppedDepartments) != 1 || c.DroppedDepartments[0].Name != synth.Disclosure(opts, n).Department {
		t.Errorf("departments: %d matched, new %v, dropped %v", len(c.Departments), c.NewDepartments, c.DroppedDepartments)
	}
	for _, m := range c.Departments {
		if m.Previous.Name == "旧部门名称丙" && m.Current.Name != synth.Disclosure(opts, 3).Department {
			t.Errorf("the renamed department matched %s", m.Current.Name)
		}
		if !m.RateChange.Equal(m.Current.Rate.Sub(m.Previous.Rate)) || m.Current.Projects != m.Previous.Projects {
			t.Errorf("%s: rate change %s, projects %d and %d", m.Current.Name, m.RateChange, m.Current.Projects, m.Previous.Projects)
		}
	}
	// The document lists all of it.
	doc := s.Document()
	var text string
	for _, p := range doc.Parts {
		if p.Bookmark == s.forms.Comparison.Title || p.Bookmark == s.forms.DepartmentComparison.Title {
			text += fmt.Sprint(p.Blocks)
		}
	}
	for _, w := range []string{"完全不同的名称乙", renamed, fmt.Sprintf("%s（%d）", s.forms.Fallen, fallen),
		fmt.Sprintf("%s（1）", s.forms.DroppedDepartments), synth.Disclosure(opts, n).Department} {
		if !strings.Contains(text, w) {
			t.Errorf("the comparison does not say %q", w)
		}
	}
}

// widen writes ASCII brackets and digits full-width.
func widen(s string) string {
	out := []rune(s)
	for i, r := range out {
		if r >= '!' && r <= '~' {
			out[i] = r + 0xFEE0
		}
	}
	return string(out)
}
