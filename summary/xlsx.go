package summary

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/jixiao/jixiao/internal/spans"
	"github.com/jixiao/jixiao/profile"
	"github.com/jixiao/jixiao/render"
	"github.com/jixiao/jixiao/render/xlsx"
	"github.com/xuri/excelize/v2"
)

// Sheet names of the workbook that are not a table's.
const (
	chartSheet = "图表"
	dataSheet  = "图表数据"
)

// WriteXLSX writes the summary as a workbook: a sheet of native charts,
// one sheet per table of the document (the same rows the PDF prints,
// with the figures as numbers) and the sheet of the numbers the charts
// draw. It returns the number of bytes written.
func (s *Summary) WriteXLSX(ctx context.Context, w io.Writer) (int64, error) {
	n, _, err := s.writeXLSX(ctx, w)
	return n, err
}

// writeXLSX is WriteXLSX, and the number of sheets written.
func (s *Summary) writeXLSX(ctx context.Context, w io.Writer) (int64, int, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := imageTypes(f); err != nil {
		return 0, 0, fmt.Errorf("write summary xlsx: %w", err)
	}
	x := &book{s: s, f: f, styles: map[string]int{}}
	if err := x.write(ctx); err != nil {
		return 0, 0, fmt.Errorf("write summary xlsx: %w", err)
	}
	n, err := xlsx.WriteFile(f, w)
	if err != nil {
		return n, 0, fmt.Errorf("write summary xlsx: %w", err)
	}
	return n, f.SheetCount, nil
}

// imageTypes lists the image types in the package's content types, in
// a fixed order, before any chart is added: excelize adds those it does
// not find when it adds a drawing, in map order, which would make two
// writes of one summary differ.
func imageTypes(f *excelize.File) error {
	const name = "[Content_Types].xml"
	v, ok := f.Pkg.Load(name)
	data, isBytes := v.([]byte)
	if !ok || !isBytes {
		return fmt.Errorf("no %s", name)
	}
	var defaults strings.Builder
	for _, t := range [][2]string{{"bmp", "image/bmp"}, {"emf", "image/x-emf"}, {"emz", "image/x-emz"}, {"gif", "image/gif"},
		{"ico", "image/x-ico"}, {"jpeg", "image/jpeg"}, {"png", "image/png"}, {"svg", "image/svg"}, {"tiff", "image/tiff"},
		{"wmf", "image/x-wmf"}, {"wmz", "image/x-wmz"}} {
		if !bytes.Contains(data, []byte(`Extension="`+t[0]+`"`)) {
			fmt.Fprintf(&defaults, `<Default Extension="%s" ContentType="%s"/>`, t[0], t[1])
		}
	}
	i := bytes.Index(data, []byte("<Default "))
	if i < 0 {
		return fmt.Errorf("%s has no Default", name)
	}
	out := slices.Concat(data[:i], []byte(defaults.String()), data[i:])
	f.Pkg.Store(name, out)
	f.ContentTypes = nil // read again from the package
	return nil
}

type book struct {
	s      *Summary
	f      *excelize.File
	styles map[string]int
}

func (x *book) write(ctx context.Context) error {
	s, f := x.s, x.f
	if err := f.SetSheetName("Sheet1", chartSheet); err != nil {
		return err
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: s.forms.Title, Subject: "预算绩效评价汇总", Creator: "Jixiao",
		Created: "2000-01-01T00:00:00Z", Modified: "2000-01-01T00:00:00Z", Language: "zh-CN"}); err != nil {
		return err
	}
	doc := s.Document()
	for _, p := range doc.Parts[1:] {
		if err := ctx.Err(); err != nil {
			return context.Cause(ctx)
		}
		if err := x.tableSheet(p); err != nil {
			return err
		}
	}
	if err := x.overview(); err != nil {
		return err
	}
	return x.charts()
}

// sheetName is the sheet of a part: its table's form's sheet name.
func (x *book) sheetName(p render.Part) string {
	f := x.s.forms
	for _, tf := range []TableForm{f.Projects, f.Departments, f.Counts, f.Findings, f.Invalid, f.Comparison, f.DepartmentComparison} {
		if tf.Title == p.Bookmark {
			return tf.Sheet
		}
	}
	return p.Bookmark
}

func (x *book) style(name string) (int, error) {
	if id, ok := x.styles[name]; ok {
		return id, nil
	}
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	st := &excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}}
	sc := x.s.scheme
	decimals := func(k profile.Kind) string {
		d := sc.Figures.Format(k).Decimals
		z := "0"
		if d > 0 {
			z += "."
			for range d {
				z += "0"
			}
		}
		return z
	}
	switch name {
	case "head":
		st.Font = &excelize.Font{Bold: true}
		st.Alignment.Horizontal = "center"
	case "table":
		st.Alignment.Horizontal = "center"
	case string(profile.KindMoney):
		f := "#,##" + decimals(profile.KindMoney)
		st.CustomNumFmt = &f
		st.Alignment.Horizontal = "right"
	case string(profile.KindRate):
		f := decimals(profile.KindRate) + `"%"`
		st.CustomNumFmt = &f
		st.Alignment.Horizontal = "right"
	case string(profile.KindScore), string(profile.KindWeight):
		f := decimals(profile.KindScore)
		st.CustomNumFmt = &f
		st.Alignment.Horizontal = "right"
	case "title":
		st = &excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}
	}
	id, err := x.f.NewStyle(st)
	if err != nil {
		return 0, err
	}
	x.styles[name] = id
	return id, nil
}

// tableSheet writes the table of a part on a sheet of its own: title,
// unit, then the rows with their spans merged.
func (x *book) tableSheet(p render.Part) error {
	var t *render.Table
	for _, b := range p.Blocks {
		if tb, ok := b.(render.Table); ok {
			t = &tb
		}
	}
	if t == nil {
		return nil
	}
	name := x.sheetName(p)
	f := x.f
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	for i, w := range t.SheetColumns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(name, col, col, w); err != nil {
			return err
		}
	}
	title, _ := x.style("title")
	if err := x.set(name, 1, 1, p.Bookmark, title); err != nil {
		return err
	}
	if err := f.SetCellStr(name, "A2", "金额单位："+x.s.Unit); err != nil {
		return err
	}
	const first = 3 // the table's first row
	var cols spans.Grid
	var under [][2]int // cells under a span, which no row writes
	for r, row := range t.Rows {
		cols.Row(r)
		for _, cell := range row {
			rs, cs := cell.Span()
			c := cols.Place(rs, cs)
			for dr := range rs {
				for dc := range cs {
					if dr+dc > 0 {
						under = append(under, [2]int{r + dr, c + dc})
					}
				}
			}
			if err := x.cell(name, first+r, c+1, cell, r == 0); err != nil {
				return err
			}
			if rs > 1 || cs > 1 {
				from, _ := excelize.CoordinatesToCellName(c+1, first+r)
				to, _ := excelize.CoordinatesToCellName(c+cs, first+r+rs-1)
				if err := f.MergeCell(name, from, to); err != nil {
					return err
				}
			}
		}
	}
	// Borders on the cells under spans.
	style, _ := x.style("table")
	for _, k := range under {
		ref, _ := excelize.CoordinatesToCellName(k[1]+1, first+k[0])
		if err := f.SetCellStyle(name, ref, ref, style); err != nil {
			return err
		}
	}
	return f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: first, TopLeftCell: fmt.Sprintf("A%d", first+1), ActivePane: "bottomLeft"})
}

// cell writes one cell: a figure as its exact number in its format,
// text as text.
func (x *book) cell(sheet string, row, col int, c render.Cell, head bool) error {
	ref, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return err
	}
	style := c.Style
	if head {
		style = "head"
	}
	if c.Figure != nil {
		style = string(c.Figure.Kind)
		// The decimal's own digits: no float rounding on the way.
		if err := x.f.SetCellDefault(sheet, ref, c.Figure.Value.String()); err != nil {
			return err
		}
	} else if err := x.f.SetCellStr(sheet, ref, c.Text); err != nil {
		return err
	}
	id, err := x.style(style)
	if err != nil {
		return err
	}
	return x.f.SetCellStyle(sheet, ref, ref, id)
}

func (x *book) set(sheet string, col, row int, v any, style int) error {
	ref, _ := excelize.CoordinatesToCellName(col, row)
	if err := x.f.SetCellValue(sheet, ref, v); err != nil {
		return err
	}
	return x.f.SetCellStyle(sheet, ref, ref, style)
}

// overview writes the title and the overview's sentences at the top of
// the chart sheet.
func (x *book) overview() error {
	title, _ := x.style("title")
	if err := x.set(chartSheet, 1, 1, x.s.forms.Title, title); err != nil {
		return err
	}
	if err := x.f.SetCellStr(chartSheet, "A2", x.s.overview()); err != nil {
		return err
	}
	return x.f.SetCellStr(chartSheet, "A3", x.s.totals())
}

// series is one chart's numbers on the data sheet: a column of labels
// and a column of values.
type series struct {
	title         string
	head          [2]string
	labels        []string
	numbers       []string // exact decimals
	chart         excelize.ChartType
	numericLabels bool
}

// charts writes the numbers behind each chart on the data sheet and the
// charts over them on the chart sheet.
func (x *book) charts() error {
	s, f := x.s, x.f
	if _, err := f.NewSheet(dataSheet); err != nil {
		return err
	}
	fc := &s.forms.Charts
	var all []series
	grades := series{title: fc.Grades, head: [2]string{"等级", fc.GradesY}, chart: excelize.Col}
	for _, g := range s.Grades {
		grades.labels = append(grades.labels, g)
		grades.numbers = append(grades.numbers, itoa(s.Totals.Grades[g]))
	}
	all = append(all, grades)
	rates := series{title: fc.Rates, head: [2]string{fc.RatesX, fc.RatesY}, chart: excelize.Col}
	for _, b := range s.RateBins() {
		rates.labels = append(rates.labels, fmt.Sprintf("%g%%–%g%%", b.From, b.To))
		rates.numbers = append(rates.numbers, itoa(b.Count))
	}
	all = append(all, rates)
	scatter := series{title: fc.Scatter, head: [2]string{fc.ScatterX, fc.ScatterY}, chart: excelize.Scatter, numericLabels: true}
	for _, p := range s.Projects {
		scatter.labels = append(scatter.labels, p.Rate.String())
		scatter.numbers = append(scatter.numbers, p.Score.String())
	}
	all = append(all, scatter)
	lowest := s.Lowest()
	low := series{title: s.forms.fill(fc.Lowest, map[string]int{"N": len(lowest)}), head: [2]string{"项目名称", fc.ScatterY}, chart: excelize.Bar}
	// A bar chart draws its first category at the bottom: the lowest
	// score goes last so that it is on top, as in the PDF.
	for i := len(lowest) - 1; i >= 0; i-- {
		low.labels = append(low.labels, lowest[i].Department+" "+lowest[i].Name)
		low.numbers = append(low.numbers, lowest[i].Score.String())
	}
	all = append(all, low)
	kinds := series{title: fc.Findings, head: [2]string{"类型", fc.FindingsX}, chart: excelize.Bar}
	cs := s.KindCounts()
	for i := len(cs) - 1; i >= 0; i-- {
		kinds.labels = append(kinds.labels, s.forms.code(cs[i].Code))
		kinds.numbers = append(kinds.numbers, itoa(cs[i].N))
	}
	all = append(all, kinds)

	head, _ := x.style("head")
	anchor := 5
	for k, sr := range all {
		col := 3*k + 1
		for i, h := range sr.head {
			if err := x.set(dataSheet, col+i, 1, h, head); err != nil {
				return err
			}
		}
		for i := range sr.labels {
			ref, _ := excelize.CoordinatesToCellName(col, i+2)
			var err error
			if sr.numericLabels {
				err = f.SetCellDefault(dataSheet, ref, sr.labels[i])
			} else {
				err = f.SetCellStr(dataSheet, ref, sr.labels[i])
			}
			if err != nil {
				return err
			}
			ref, _ = excelize.CoordinatesToCellName(col+1, i+2)
			if err := f.SetCellDefault(dataSheet, ref, sr.numbers[i]); err != nil {
				return err
			}
		}
		if len(sr.labels) == 0 {
			continue // no numbers, no chart
		}
		if err := f.AddChart(chartSheet, fmt.Sprintf("A%d", anchor), x.chart(sr, col)); err != nil {
			return fmt.Errorf("chart %s: %w", sr.title, err)
		}
		anchor += 17
	}
	return nil
}

// chart describes the native chart of a series whose labels are in
// column col of the data sheet and values in the next.
func (x *book) chart(sr series, col int) *excelize.Chart {
	ref := func(c int) string {
		name, _ := excelize.ColumnNumberToName(c)
		return fmt.Sprintf("'%s'!$%s$2:$%s$%d", dataSheet, name, name, len(sr.labels)+1)
	}
	head, _ := excelize.ColumnNumberToName(col + 1)
	no := false
	c := &excelize.Chart{
		Type: sr.chart,
		Series: []excelize.ChartSeries{{Name: fmt.Sprintf("'%s'!$%s$1", dataSheet, head), Categories: ref(col), Values: ref(col + 1),
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"4E79A7"}}}},
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: sr.title}}},
		Dimension:  excelize.ChartDimension{Width: 560, Height: 300},
		Legend:     excelize.ChartLegend{Position: "none"},
		VaryColors: &no,
		PlotArea:   excelize.ChartPlotArea{ShowVal: sr.chart != excelize.Scatter},
		YAxis:      excelize.ChartAxis{MajorGridLines: true},
	}
	if sr.chart != excelize.Scatter {
		// Bars start at zero, as in the PDF, whatever the spreadsheet
		// would choose.
		zero := 0.0
		c.YAxis.Minimum = &zero
	}
	if sr.chart == excelize.Scatter {
		c.Series[0].Marker = excelize.ChartMarker{Symbol: "circle", Size: 5}
		c.Series[0].Line = excelize.LineOptions{Type: excelize.LineNone}
		c.XAxis.Title = excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: sr.head[0]}}}
		c.YAxis.Title = excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: sr.head[1]}}}
	}
	return c
}
