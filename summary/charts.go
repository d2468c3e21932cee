package summary

import (
	"cmp"
	"slices"

	"github.com/jixiao/jixiao/profile"
	"github.com/jixiao/jixiao/render"
	"github.com/jixiao/jixiao/render/chart"
	"github.com/jixiao/jixiao/render/svg"
	"github.com/shopspring/decimal"
)

// chartHeight is the height of each chart, in points.
const chartHeight = 230

// Charts draws the summary's charts, in order: the grade distribution,
// the execution rates against the threshold, score against execution
// rate, the lowest-scoring projects and the findings by kind.
func (s *Summary) Charts() []render.Drawing {
	return []render.Drawing{s.gradeChart(), s.rateChart(), s.scatterChart(), s.lowestChart(), s.findingsChart()}
}

// SVG draws the charts as SVG elements for a web page (render/svg).
func (s *Summary) SVG() []string {
	cs := s.Charts()
	out := make([]string, len(cs))
	for i := range cs {
		out[i] = string(svg.Drawing(&cs[i], &s.profile.Layout))
	}
	return out
}

func (s *Summary) chartOptions(title string) chart.Options {
	return chart.Options{Width: s.profile.Layout.PartWidth(partStyle), Height: chartHeight, Title: title,
		TitleStyle: "caption", Style: "tableText", Size: 8}
}

// gradeColor is the colour of the i-th grade, best first.
func gradeColor(i int) *render.Color {
	cs := []render.Color{chart.Green, chart.Blue, chart.Orange, chart.Red}
	c := cs[min(i, len(cs)-1)]
	return &c
}

func (s *Summary) gradeChart() render.Drawing {
	f := &s.forms.Charts
	bars := make([]chart.Bar, len(s.Grades))
	for i, g := range s.Grades {
		n := s.Totals.Grades[g]
		bars[i] = chart.Bar{Label: g, Value: float64(n), Text: itoa(n), Color: gradeColor(i)}
	}
	o := s.chartOptions(f.Grades)
	o.YTitle = f.GradesY
	return chart.Columns(bars, o)
}

// RateBins counts the projects' execution rates in bins five points
// wide, from 50% (or lower, by tens, to hold the lowest rate) to 100%;
// rates of 100% or more fall in the last bin. It compares the exact
// rates.
func (s *Summary) RateBins() []chart.Bin {
	lo := decimal.NewFromInt(50)
	for _, p := range s.Projects {
		if p.Rate.LessThan(lo) {
			lo = p.Rate.Div(decimal.NewFromInt(10)).Floor().Mul(decimal.NewFromInt(10))
		}
	}
	lo = decimal.Max(lo, decimal.Zero)
	five := decimal.NewFromInt(5)
	n := int(decimal.NewFromInt(100).Sub(lo).Div(five).IntPart())
	bins := make([]chart.Bin, n)
	for i := range bins {
		from := lo.Add(five.Mul(decimal.NewFromInt(int64(i))))
		bins[i] = chart.Bin{From: from.InexactFloat64(), To: from.Add(five).InexactFloat64()}
		if from.LessThan(s.threshold) {
			c := chart.Orange
			bins[i].Color = &c
		}
	}
	for _, p := range s.Projects {
		// lo is a whole number at most the lowest rate: the whole
		// points above it, over five, are the bin.
		k := int(p.Rate.Sub(lo).IntPart() / 5)
		bins[max(min(k, n-1), 0)].Count++
	}
	return bins
}

func (s *Summary) rateChart() render.Drawing {
	f := &s.forms.Charts
	o := s.chartOptions(f.Rates)
	o.XTitle, o.YTitle = f.RatesX, f.RatesY
	o.Marker = s.marker()
	return chart.Histogram(s.RateBins(), "%", o)
}

func (s *Summary) marker() *chart.Marker {
	return &chart.Marker{At: s.threshold.InexactFloat64(),
		Label: s.forms.fill(s.forms.Charts.Threshold, map[string]string{"Threshold": s.forms.Threshold})}
}

func (s *Summary) scatterChart() render.Drawing {
	f := &s.forms.Charts
	pts := make([]chart.Point, len(s.Projects))
	for i, p := range s.Projects {
		pts[i] = chart.Point{X: p.Rate.InexactFloat64(), Y: p.Score.InexactFloat64()}
		if p.Rate.LessThan(s.threshold) {
			c := chart.Orange
			pts[i].Color = &c
		}
	}
	o := s.chartOptions(f.Scatter)
	o.XTitle, o.YTitle = f.ScatterX, f.ScatterY
	o.Marker = s.marker()
	return chart.Scatter(pts, 60, 100, 60, 100, "%", o)
}

// Lowest returns the lowest-scoring projects, lowest first; ties keep
// input order.
func (s *Summary) Lowest() []Project {
	idx := make([]int, len(s.Projects))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return s.Projects[a].Score.Cmp(s.Projects[b].Score) })
	out := make([]Project, min(len(idx), s.lowest))
	for i := range out {
		out[i] = s.Projects[idx[i]]
	}
	return out
}

func (s *Summary) lowestChart() render.Drawing {
	f := &s.forms.Charts
	ps := s.Lowest()
	bars := make([]chart.Bar, len(ps))
	for i, p := range ps {
		bars[i] = chart.Bar{Label: chart.Shorten(p.Name, 18), Value: p.Score.InexactFloat64(),
			Text: s.scheme.Print(profile.KindScore, p.Score) + " " + p.Grade, Color: gradeColor(slices.Index(s.Grades, p.Grade))}
	}
	o := s.chartOptions(s.forms.fill(f.Lowest, map[string]int{"N": len(ps)}))
	return chart.Rows(bars, 0, 100, o)
}

// KindCounts are the findings' counts by code, all severities together,
// most first, with the worst severity of each code.
func (s *Summary) KindCounts() []Count {
	var out []Count
	for _, c := range s.Counts {
		i := slices.IndexFunc(out, func(o Count) bool { return o.Code == c.Code })
		if i < 0 {
			out = append(out, Count{Code: c.Code, Severity: c.Severity})
			i = len(out) - 1
		}
		out[i].N += c.N
		if c.Severity != profile.SeverityInfo {
			out[i].Severity = c.Severity
		}
	}
	slices.SortStableFunc(out, func(a, b Count) int {
		return cmp.Or(b.N-a.N, cmp.Compare(a.Code, b.Code))
	})
	return out
}

func (s *Summary) findingsChart() render.Drawing {
	f := &s.forms.Charts
	cs := s.KindCounts()
	bars := make([]chart.Bar, len(cs))
	for i, c := range cs {
		col := chart.Gray
		if c.Severity != profile.SeverityInfo {
			col = chart.Orange
		}
		bars[i] = chart.Bar{Label: s.forms.code(c.Code), Value: float64(c.N), Text: itoa(c.N), Color: &col}
	}
	o := s.chartOptions(f.Findings)
	o.XTitle = f.FindingsX
	return chart.Rows(bars, 0, 5, o)
}

func itoa(n int) string { return decimal.NewFromInt(int64(n)).String() }
