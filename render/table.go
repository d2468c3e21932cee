package render

import (
	"strconv"
	"strings"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/profile"
	"github.com/shopspring/decimal"
)

// IDs of the cells of a self-assessment table that other cells, and the
// workbook's 汇总 sheet, refer to. Indicator rows are "indicators.N.weight"
// and "indicators.N.score"; amounts are "funds.KEY.FIELD".
const (
	IDExecutionWeight = "execution.weight"
	IDExecutionRate   = "execution.rate"
	IDExecutionScore  = "execution.score"
	IDTotalWeight     = "total.weight"
	IDTotalScore      = "total.score"
)

// FundID is the ID of an amount cell: field of the fund source key.
func FundID(key, field string) string { return "funds." + key + "." + field }

// IndicatorID is the ID of indicator row i's weight or score cell.
func IndicatorID(i int, field string) string { return "indicators." + strconv.Itoa(i) + "." + field }

// tablePart builds a 项目支出绩效自评表 as one table on the grid the
// profile's form describes: a label column, then the indicator columns,
// with the header, funds and goals blocks laid on the same columns.
func (b *builder) tablePart(i int) Part {
	t := &b.d.SelfAssessments[i]
	r := &b.res.Tables[i]
	f := &b.w.SelfAssessment
	tb := &tableBuilder{b: b, t: t, r: r, f: f, path: "/selfAssessments/" + strconv.Itoa(i)}
	tbl := Table{Name: t.Project}
	tbl.Columns = make([]float64, 0, 1+len(f.Indicators.Columns))
	tbl.SheetColumns = make([]float64, 0, 1+len(f.Indicators.Columns))
	tbl.Columns = append(tbl.Columns, f.LabelColumn.Width)
	tbl.SheetColumns = append(tbl.SheetColumns, f.LabelColumn.SheetWidth)
	for _, c := range f.Indicators.Columns {
		tbl.Columns = append(tbl.Columns, c.Width.Width)
		tbl.SheetColumns = append(tbl.SheetColumns, c.SheetWidth)
	}
	tbl.Rows = make([]Row, 0, len(f.Header)+len(f.Funds.Rows)+1+2+len(t.Indicators)+1+1+len(t.Texts))
	tbl.Rows = append(tbl.Rows, tb.header()...)
	tbl.Rows = append(tbl.Rows, tb.funds()...)
	tbl.Rows = append(tbl.Rows, tb.goals()...)
	tbl.RepeatFrom = len(tbl.Rows)
	tbl.RepeatTo = tbl.RepeatFrom + 1
	tbl.Rows = append(tbl.Rows, tb.indicators()...)
	tbl.KeepFrom = len(tbl.Rows)
	tbl.Rows = append(tbl.Rows, tb.total())
	tbl.Rows = append(tbl.Rows, tb.texts()...)

	p := Part{Bookmark: t.Project, Style: "table", Kind: PartTable, Index: i}
	p.Blocks = append(p.Blocks,
		Paragraph{Style: "tableTitle", Text: f.Title},
		Paragraph{Style: "tableYear", Text: b.p.Fill(f.Year, b.d)},
		tbl)
	if s := tb.signatures(); s != "" {
		p.Blocks = append(p.Blocks, Paragraph{Style: "note", Text: s, Path: tb.path + "/signatures"})
	}
	if !t.OmitNotes {
		p.Blocks = append(p.Blocks, Paragraph{Style: "note", Text: f.NotesTitle})
		for _, n := range f.Notes {
			p.Blocks = append(p.Blocks, Paragraph{Style: "note", Text: n})
		}
	}
	return p
}

// tableBuilder builds the rows of one self-assessment table.
type tableBuilder struct {
	b    *builder
	t    *evaluation.SelfAssessment
	r    *evaluation.TableResult
	f    *profile.SelfAssessmentForm
	path string
}

func (tb *tableBuilder) cols() int { return len(tb.f.Indicators.Columns) }

func label(text string, span int) Cell { return Cell{Text: text, ColSpan: span, Style: "table"} }

// head is a label that heads the cells to its right (ScopeRow) or below
// it (ScopeColumn): the form's labels, as opposed to the values filled
// in. An empty label heads nothing.
func head(c Cell, scope string) Cell {
	if c.Text != "" {
		c.Scope = scope
	}
	return c
}

// header builds the rows above the funds from the form's header cells.
func (tb *tableBuilder) header() []Row {
	var rows []Row
	for _, hr := range tb.f.Header {
		var row Row
		for _, hc := range hr {
			if hc.Label != "" {
				row = append(row, head(label(hc.Label, hc.Span), ScopeRow))
				continue
			}
			row = append(row, Cell{Text: tb.headerValue(hc.Field), ColSpan: hc.Span, Style: "table", Path: tb.path + "/" + hc.Field})
		}
		rows = append(rows, row)
	}
	return rows
}

func (tb *tableBuilder) headerValue(field string) string {
	if v := tb.t.HeaderField(field); v != nil {
		return *v
	}
	return ""
}

// funds builds the 项目资金 block: a row of column heads, then one row per
// source; the total row carries the 预算执行 figures, the source rows the
// columns' marks.
func (tb *tableBuilder) funds() []Row {
	ff := &tb.f.Funds
	heads := make(Row, 0, 2+len(ff.Columns))
	heads = append(heads,
		// The label reads from the top, 项目资金 level with the column
		// heads and （万元） below, as on the printed form.
		head(Cell{Text: tb.b.p.Fill(ff.Label, map[string]string{"Unit": tb.b.unit}), RowSpan: len(ff.Rows) + 1, Style: "table", Top: true}, ScopeRow),
		label("", ff.RowLabelSpan),
	)
	for _, c := range ff.Columns {
		heads = append(heads, head(label(c.Label, c.Span), ScopeColumn))
	}
	rows := make([]Row, 1, 1+len(ff.Rows))
	rows[0] = heads
	for _, fr := range ff.Rows {
		src := tb.t.Funds.Source(fr.Key)
		row := make(Row, 1, 1+len(ff.Columns))
		row[0] = head(Cell{Text: fr.Label, ColSpan: ff.RowLabelSpan, Style: "tableText"}, ScopeRow)
		for _, c := range ff.Columns {
			row = append(row, tb.fundCell(fr.Key, src, c))
		}
		rows = append(rows, row)
	}
	return rows
}

func (tb *tableBuilder) fundCell(key string, src *evaluation.FundRow, c profile.FundColumn) Cell {
	cell := Cell{ColSpan: c.Span, Style: "table"}
	total := func(id string) string { return FundID("total", id) }
	switch c.Field {
	case "initialBudget", "budget", "executed":
		if src == nil {
			return cell
		}
		n := src.Executed
		switch c.Field {
		case "initialBudget":
			n = src.InitialBudget
		case "budget":
			n = src.Budget
		}
		cell.Path = tb.path + "/funds/" + key + "/" + c.Field
		cell.ID = FundID(key, c.Field)
		if n.Valid {
			cell.Text = tb.b.amount(n)
			cell.Figure = &Figure{Kind: profile.KindMoney, Value: n.Value}
		}
		return cell
	}
	if key != "total" {
		cell.Text = c.Mark
		return cell
	}
	s := &tb.b.p.Scheme
	r := tb.r
	switch c.Field {
	case "weight":
		cell.ID = IDExecutionWeight
		cell.Text = tb.b.input(tb.t.ExecutionWeight, profile.KindWeight, r.ExecutionWeight)
		cell.Figure = &Figure{Kind: profile.KindWeight, Value: r.ExecutionWeight}
	case "rate":
		cell.ID, cell.Path = IDExecutionRate, tb.path+"/declared/executionRate"
		cell.Text = tb.b.figure(tb.t.Declared.ExecutionRate, s.Print(profile.KindRate, r.ExecutionRate))
		cell.Figure = &Figure{Kind: profile.KindRate, Value: r.ExecutionRate, Declared: tb.b.declaredFigure(tb.t.Declared.ExecutionRate),
			Calc: &Calc{Op: Rate, Args: []string{total("executed"), total("budget")}}}
	case "score":
		cell.ID, cell.Path = IDExecutionScore, tb.path+"/declared/executionScore"
		cell.Text = tb.b.figure(tb.t.Declared.ExecutionScore, s.Print(profile.KindScore, r.ExecutionScore))
		cell.Figure = &Figure{Kind: profile.KindScore, Value: r.ExecutionScore, Declared: tb.b.declaredFigure(tb.t.Declared.ExecutionScore),
			Calc: &Calc{Op: ExecutionScore, Args: []string{total("executed"), total("budget"), IDExecutionWeight}}}
	}
	return cell
}

// goals builds the 年度总体目标 block: 预期目标 and 实际完成情况 side by
// side, each over half of the indicator columns.
func (tb *tableBuilder) goals() []Row {
	g := &tb.f.Goals
	left := tb.cols() / 2
	right := tb.cols() - left
	return []Row{
		{head(Cell{Text: g.Label, RowSpan: 2, Style: "table"}, ScopeRow),
			head(label(g.Expected, left), ScopeColumn), head(label(g.Actual, right), ScopeColumn)},
		{{Text: tb.t.Goals.Expected, ColSpan: left, Style: "tableText", Path: tb.path + "/goals/expected"},
			{Text: tb.t.Goals.Actual, ColSpan: right, Style: "tableText", Path: tb.path + "/goals/actual"}},
	}
}

// indicators builds the grid's head row and one row per indicator, with
// 一级 and 二级 labels spanning their rows and merged score cells
// spanning theirs.
func (tb *tableBuilder) indicators() []Row {
	inds := tb.t.Indicators
	cols := tb.f.Indicators.Columns
	heads := make(Row, 0, 1+len(cols))
	heads = append(heads, head(Cell{Text: tb.f.Indicators.Label, RowSpan: len(inds) + 1, Style: "table"}, ScopeRow))
	for _, c := range cols {
		heads = append(heads, head(label(c.Label, 1), ScopeColumn))
	}
	rows := make([]Row, 1, 1+len(inds))
	rows[0] = heads
	covered := 0
	for i := range inds {
		ind := &inds[i]
		p := tb.path + "/indicators/" + strconv.Itoa(i)
		row := make(Row, 0, len(cols))
		for _, c := range tb.f.Indicators.Columns {
			switch c.Field {
			case "level1":
				if i == 0 || inds[i-1].Level1 != ind.Level1 {
					row = append(row, tb.levelLabel(ind.Level1, evaluation.LevelRun(inds, i, true), p+"/level1"))
				}
			case "level2":
				if i == 0 || inds[i-1].Level1 != ind.Level1 || inds[i-1].Level2 != ind.Level2 {
					row = append(row, Cell{Text: ind.Level2, RowSpan: evaluation.LevelRun(inds, i, false), Style: "table", Path: p + "/level2"})
				}
			case "weight", "score":
				row = tb.scoreCell(row, i, c.Field, covered)
			default:
				row = append(row, indicatorCell(ind, c.Field, p+"/"+c.Field))
			}
		}
		switch {
		case covered > 0:
			covered--
		case !ind.NotApplicable:
			covered = max(ind.ScoreRows, 1) - 1
		}
		rows = append(rows, row)
	}
	return rows
}

// indicatorCell is row ind's cell of a text column: the short fields
// centred, the prose set left.
func indicatorCell(ind *evaluation.TableIndicator, field, path string) Cell {
	c := Cell{Style: "tableText", Path: path}
	if f := evaluation.FieldNamed(evaluation.IndicatorFields, field); f != nil {
		c.Text = f.Text(ind)
		if f.Short {
			c.Style = "table"
		}
	}
	return c
}

// scoreCell appends row i's 分值 or 得分 cell: the not-applicable mark, a
// figure spanning the row's scoreRows, or nothing under a merged cell.
func (tb *tableBuilder) scoreCell(row Row, i int, field string, covered int) Row {
	ind := &tb.t.Indicators[i]
	rr := &tb.r.Rows[i]
	switch {
	case covered > 0:
		return row
	case ind.NotApplicable:
		// The ID lets the workbook's 汇总 see the level's cells, and
		// count no score among them.
		return append(row, Cell{Text: tb.notApplicableMark(ind), Style: "table", ID: IndicatorID(i, field)})
	}
	span := max(ind.ScoreRows, 1)
	p := tb.path + "/indicators/" + strconv.Itoa(i) + "/" + field
	cell := Cell{RowSpan: span, Style: "table", Path: p, ID: IndicatorID(i, field)}
	if field == "weight" {
		cell.Text = tb.b.input(ind.Weight, profile.KindWeight, rr.Weight)
		cell.Figure = &Figure{Kind: profile.KindWeight, Value: rr.Weight}
		return append(row, cell)
	}
	cell.Figure = &Figure{Kind: profile.KindScore, Value: rr.Score}
	if ind.Quantitative != nil {
		cell.Text = tb.b.figure(ind.Score, tb.b.p.Scheme.Print(profile.KindScore, rr.Score))
		cell.Figure.Declared = tb.b.declaredFigure(ind.Score)
	} else {
		cell.Text = tb.b.input(ind.Score, profile.KindScore, rr.Score)
	}
	return append(row, cell)
}

// notApplicableMark is what the 分值 and 得分 cells of a 不涉及 row print:
// the form's mark, or nothing for a row whose name, target and actual are
// all empty — an unused line of the form, which stays blank.
func (tb *tableBuilder) notApplicableMark(ind *evaluation.TableIndicator) string {
	if ind.Name == "" && ind.Target == "" && ind.Actual == "" {
		return ""
	}
	return tb.f.Indicators.NotApplicable
}

// levelLabel is the 一级指标 cell: the form's levelPoints, 产出指标（50分），
// with the points a figure summing the level's weights; a level whose rows
// are all not applicable prints its name alone.
func (tb *tableBuilder) levelLabel(name string, span int, path string) Cell {
	cell := Cell{Text: name, RowSpan: span, Style: "table", Path: path}
	var l evaluation.LevelResult
	for _, lr := range tb.r.Levels {
		if lr.Name == name {
			l = lr
		}
	}
	declared, hasDeclared := tb.t.Declared.Points[name]
	hasDeclared = hasDeclared && tb.b.declared
	if !l.Scored && !hasDeclared {
		return cell
	}
	const marker = "\x00"
	tmpl, ok := tb.b.levelPoints[name]
	if !ok {
		// The same levels head every table: their wording is filled once.
		tmpl = tb.b.p.Fill(tb.f.Indicators.LevelPoints, map[string]string{"Name": name, "Points": marker})
		if tb.b.levelPoints == nil {
			tb.b.levelPoints = map[string]string{}
		}
		tb.b.levelPoints[name] = tmpl
	}
	prefix, suffix, ok := strings.Cut(tmpl, marker)
	if !ok { // a wording without the points
		cell.Text = tmpl
		return cell
	}
	points := tb.b.p.Scheme.Print(profile.KindWeight, l.Weight)
	if hasDeclared {
		points = declared.Raw
	}
	cell.Text = prefix + points + suffix
	if l.Scored {
		var args []string
		for i := range tb.t.Indicators {
			if tb.t.Indicators[i].Level1 == name && tb.r.Rows[i].Scored {
				args = append(args, IndicatorID(i, "weight"))
			}
		}
		cell.Figure = &Figure{Kind: profile.KindWeight, Value: l.Weight, Calc: &Calc{Op: Sum, Args: args}, Prefix: prefix, Suffix: suffix}
		if hasDeclared {
			cell.Figure.Declared = declared
		}
	}
	return cell
}

// total builds the 总分 row: the execution weight and score plus the
// rows'.
func (tb *tableBuilder) total() Row {
	cols := tb.f.Indicators.Columns
	wi := 0
	for i, c := range cols {
		if c.Field == "weight" {
			wi = i
		}
	}
	weights, scores := []string{IDExecutionWeight}, []string{IDExecutionScore}
	totalWeight := tb.r.ExecutionWeight
	for i := range tb.r.Rows {
		if tb.r.Rows[i].Scored {
			weights = append(weights, IndicatorID(i, "weight"))
			scores = append(scores, IndicatorID(i, "score"))
			totalWeight = totalWeight.Add(tb.r.Rows[i].Weight)
		}
	}
	s := &tb.b.p.Scheme
	row := Row{
		head(label(tb.f.Total, wi+1), ScopeRow),
		{Text: s.Print(profile.KindWeight, totalWeight), Style: "table", ID: IDTotalWeight,
			Figure: &Figure{Kind: profile.KindWeight, Value: totalWeight, Calc: &Calc{Op: Sum, Args: weights}}},
		{Text: tb.b.figure(tb.t.Declared.Total, s.Print(profile.KindScore, tb.r.Total)), Style: "table",
			Path: tb.path + "/declared/total", ID: IDTotalScore,
			Figure: &Figure{Kind: profile.KindScore, Value: tb.r.Total, Declared: tb.b.declaredFigure(tb.t.Declared.Total),
				Calc: &Calc{Op: Sum, Args: scores}}},
	}
	if rest := len(cols) - wi - 2; rest > 0 {
		row = append(row, label("", rest))
	}
	return row
}

// texts builds a row per free-text block of the form: its label, then
// its text over the indicator columns.
func (tb *tableBuilder) texts() []Row {
	var rows []Row
	for _, tx := range tb.f.Texts {
		p := tb.path + "/texts/" + tx.Key
		rows = append(rows, Row{head(label(tx.Label, 1), ScopeRow),
			{Text: tb.b.prose(p, tb.t.Texts[tx.Key]), ColSpan: tb.cols(), Style: "tableText", Path: p}})
	}
	return rows
}

// signatures is the line of signature labels under the table, each with
// the name the input gives or room to sign.
func (tb *tableBuilder) signatures() string {
	var parts []string
	for _, s := range tb.f.Signatures {
		name := tb.t.Signatures[s.Key]
		if name == "" {
			name = "\u3000\u3000\u3000\u3000\u3000\u3000"
		}
		parts = append(parts, s.Label+"："+name)
	}
	return strings.Join(parts, "\u3000\u3000")
}

// figure prints a derived figure: the declared text in declared mode
// when there is one, else the computed value.
func (b *builder) figure(declared evaluation.Number, computed string) string {
	if b.declared && declared.Valid {
		return declared.Raw
	}
	return computed
}

// declaredFigure is a derived figure's declared value in declared mode;
// invalid otherwise.
func (b *builder) declaredFigure(declared evaluation.Number) evaluation.Number {
	if b.declared && declared.Valid {
		return declared
	}
	return evaluation.Number{}
}

// input prints a weight or score the input gives: as written when it fits
// the form's scale; otherwise the rounded figure the totals use.
func (b *builder) input(n evaluation.Number, k profile.Kind, used decimal.Decimal) string {
	if n.Valid && b.p.Scheme.Fits(k, n.Value) {
		return n.Raw
	}
	return b.p.Scheme.Print(k, used)
}

// amount prints an amount at the money format; one written with more
// decimals than the scale is printed in full, never cut.
func (b *builder) amount(n evaluation.Number) string {
	if b.p.Scheme.Fits(profile.KindMoney, n.Value) {
		return b.p.Scheme.Print(profile.KindMoney, n.Value)
	}
	return n.Value.String()
}
