package xlsx

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"log"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf16"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/profile"
	"github.com/jixiao/jixiao/render"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

const referencePath = "../../examples/beijing-finance-2021.json"

var loadReference = sync.OnceValues(func() (*evaluation.Report, error) {
	data, err := os.ReadFile(referencePath)
	if err != nil {
		return nil, err
	}
	rep := evaluation.Evaluate(data, nil) // the example names its profile
	if !rep.Valid() {
		return nil, rep.Problems
	}
	return rep, nil
})

func reference(tb testing.TB) *evaluation.Report {
	tb.Helper()
	rep, err := loadReference()
	if err != nil {
		tb.Fatal(err)
	}
	return rep
}

// write builds the document of opts's selection, as export does, and
// writes its workbook; declared prints declared figures.
func write(ctx context.Context, w io.Writer, rep *evaluation.Report, opts Options, declared bool) (Stats, error) {
	if rep == nil || rep.Result == nil {
		return Write(ctx, w, rep, nil, opts)
	}
	doc, err := render.Build(rep, render.Options{Part: opts.Part, Index: opts.Index, Declared: declared})
	if err != nil {
		return Stats{}, err
	}
	return Write(ctx, w, rep, doc, opts)
}

func writeBook(tb testing.TB, rep *evaluation.Report, opts Options) []byte {
	tb.Helper()
	return writeBookAs(tb, rep, opts, false)
}

func writeBookAs(tb testing.TB, rep *evaluation.Report, opts Options, declared bool) []byte {
	tb.Helper()
	var buf bytes.Buffer
	st, err := write(context.Background(), &buf, rep, opts, declared)
	if err != nil {
		tb.Fatal(err)
	}
	if st.Bytes != int64(buf.Len()) {
		tb.Fatalf("Stats.Bytes = %d, wrote %d", st.Bytes, buf.Len())
	}
	return buf.Bytes()
}

func open(tb testing.TB, data []byte) *excelize.File {
	tb.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	return f
}

// book reads a workbook back and records which formula cells a test has
// compared with the model.
type book struct {
	t       *testing.T
	f       *excelize.File
	rows    map[string][][]string
	covered map[string]map[string]bool // cells under a merged range's first
	checked map[string]bool
}

func newBook(t *testing.T, f *excelize.File) *book {
	return &book{t: t, f: f, rows: map[string][][]string{}, covered: map[string]map[string]bool{}, checked: map[string]bool{}}
}

// isCovered reports whether a cell lies in a merged range, not first.
func (b *book) isCovered(sheet string, c, r int) bool {
	cov, ok := b.covered[sheet]
	if !ok {
		cov = map[string]bool{}
		ms, err := b.f.GetMergeCells(sheet)
		if err != nil {
			b.t.Fatal(err)
		}
		for _, m := range ms {
			c1, r1, _ := excelize.CellNameToCoordinates(m.GetStartAxis())
			c2, r2, _ := excelize.CellNameToCoordinates(m.GetEndAxis())
			for y := r1; y <= r2; y++ {
				for x := c1; x <= c2; x++ {
					if x != c1 || y != r1 {
						cov[cellName(x-1, y-1)] = true
					}
				}
			}
		}
		b.covered[sheet] = cov
	}
	return cov[cellName(c, r)]
}

func (b *book) sheetRows(sheet string) [][]string {
	if rs, ok := b.rows[sheet]; ok {
		return rs
	}
	rs, err := b.f.GetRows(sheet)
	if err != nil {
		b.t.Fatal(err)
	}
	b.rows[sheet] = rs
	return rs
}

// value returns the cached value of a 0-based cell.
func (b *book) value(sheet string, c, r int) string {
	rs := b.sheetRows(sheet)
	if r >= len(rs) || c >= len(rs[r]) {
		return ""
	}
	return rs[r][c]
}

func (b *book) formula(sheet string, c, r int) string {
	if b.isCovered(sheet, c, r) {
		return ""
	}
	f, err := b.f.GetCellFormula(sheet, cellName(c, r))
	if err != nil {
		b.t.Fatal(err)
	}
	return f
}

// text checks a cell holding text (and no formula).
func (b *book) text(sheet string, c, r int, want string) {
	b.t.Helper()
	if got := b.value(sheet, c, r); got != want {
		b.t.Errorf("%s!%s = %q, want %q", sheet, cellName(c, r), got, want)
	}
	if f := b.formula(sheet, c, r); f != "" {
		b.t.Errorf("%s!%s has formula %q, want a plain value", sheet, cellName(c, r), f)
	}
}

// number checks a cell holding a number equal to want; withFormula says
// whether it must be a formula (true) or a plain value (false).
func (b *book) number(sheet string, c, r int, want decimal.Decimal, withFormula bool) {
	b.t.Helper()
	ref := sheet + "!" + cellName(c, r)
	got := b.value(sheet, c, r)
	d, err := decimal.NewFromString(got)
	if err != nil || !d.Equal(want) {
		b.t.Errorf("%s = %q, want %s", ref, got, want)
	}
	b.hasFormula(sheet, c, r, withFormula)
}

// str checks a formula cell whose cached value is a string.
func (b *book) str(sheet string, c, r int, want string) {
	b.t.Helper()
	if got := b.value(sheet, c, r); got != want {
		b.t.Errorf("%s!%s = %q, want %q", sheet, cellName(c, r), got, want)
	}
	b.hasFormula(sheet, c, r, true)
}

func (b *book) hasFormula(sheet string, c, r int, want bool) {
	b.t.Helper()
	f := b.formula(sheet, c, r)
	if want && f == "" {
		b.t.Errorf("%s!%s: no formula", sheet, cellName(c, r))
	}
	if !want && f != "" {
		b.t.Errorf("%s!%s: unexpected formula %q", sheet, cellName(c, r), f)
	}
	b.checked[sheet+"!"+cellName(c, r)] = true
}

// find returns the first row at or after from whose column c holds s.
func (b *book) find(sheet string, c, from int, s string) int {
	b.t.Helper()
	for r := from; r < len(b.sheetRows(sheet)); r++ {
		if b.value(sheet, c, r) == s {
			return r
		}
	}
	b.t.Fatalf("%s: no %q in column %s", sheet, s, colLetters(c))
	return -1
}

// mergeAt returns the merged range whose first cell is (c, r).
func (b *book) mergeAt(sheet string, c, r int) (area, bool) {
	ms, err := b.f.GetMergeCells(sheet)
	if err != nil {
		b.t.Fatal(err)
	}
	for _, m := range ms {
		if m.GetStartAxis() == cellName(c, r) {
			c2, r2, _ := excelize.CellNameToCoordinates(m.GetEndAxis())
			return area{r, c, r2 - 1, c2 - 1}, true
		}
	}
	return area{}, false
}

// merged reports whether the range a is merged on the sheet.
func (b *book) merged(sheet string, a area) bool {
	ms, err := b.f.GetMergeCells(sheet)
	if err != nil {
		b.t.Fatal(err)
	}
	for _, m := range ms {
		if m.GetStartAxis() == cellName(a.c1, a.r1) && m.GetEndAxis() == cellName(a.c2, a.r2) {
			return true
		}
	}
	return false
}

// formulas checks that a test has compared every formula cell of the
// workbook with the model. (Recalculation is left to LibreOffice,
// TestLibreOfficeRecalc: excelize's own engine counts a merged range's
// value once per cell and prints ROUND(…) results with binary noise, so
// it disagrees with Excel on this workbook.)
func (b *book) formulas() {
	b.t.Helper()
	n := 0
	for _, sheet := range b.f.GetSheetList() {
		for r, row := range b.sheetRows(sheet) {
			for c := range row {
				f := b.formula(sheet, c, r)
				if f == "" {
					continue
				}
				n++
				if ref := sheet + "!" + cellName(c, r); !b.checked[ref] {
					b.t.Errorf("%s: formula %q not compared with the model", ref, f)
				}
			}
		}
	}
	if n < 500 {
		b.t.Errorf("only %d formula cells", n)
	}
	b.t.Logf("%d formula cells compared with the model", n)
}

func hundredth(d decimal.Decimal) decimal.Decimal { return d.Div(decimal.NewFromInt(100)) }

func TestReferenceWorkbook(t *testing.T) {
	rep := reference(t)
	d, res := rep.Disclosure, rep.Result
	data := writeBook(t, rep, Options{})
	f := open(t, data)
	b := newBook(t, f)
	form := &rep.Profile.Forms.SelfAssessment

	sheets := f.GetSheetList()
	if want := 1 + len(d.SelfAssessments) + 1 + len(d.ProjectReports) + 1; len(sheets) != want || want != 39 {
		t.Fatalf("%d sheets, want %d (汇总, 35 tables, department, project, 审核)", len(sheets), want)
	}
	if sheets[0] != "汇总" || sheets[36] != "部门整体评价" {
		t.Errorf("sheets = %q …", sheets[:2])
	}
	checkSheetNames(t, sheets)
	if sheets[20] == sheets[27] || !strings.HasPrefix(sheets[20], "防范和打击非法集资工作项目") ||
		!strings.HasPrefix(sheets[27], "防范和打击非法集资工作项目") {
		t.Errorf("the two 防范和打击非法集资工作项目 tables are named %q and %q", sheets[20], sheets[27])
	}

	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if props.Creator != d.Department || props.Title == "" || props.Created != "2022-01-01T00:00:00Z" {
		t.Errorf("doc props = %+v", props)
	}

	for i := range d.SelfAssessments {
		checkTable(t, b, form, sheets[1+i], &d.SelfAssessments[i], &res.Tables[i])
	}
	checkSummary(t, b, sheets, d, res)
	checkTree(t, b, sheets[36], d.DepartmentReport.Indicators, res.Department.Indicators, res.Department.Total, res.Department.Grade)
	checkDepartmentBudget(t, b, sheets[36], d.DepartmentReport, res.Department)
	checkTree(t, b, sheets[37], d.ProjectReports[0].Indicators, res.Projects[0].Indicators, res.Projects[0].Total, res.Projects[0].Grade)
	checkAudit(t, b, sheets, rep)
	b.formulas()

	// Print setup: A4, one page wide, header rows repeated.
	for _, s := range []string{sheets[0], sheets[1], sheets[36]} {
		pl, err := f.GetPageLayout(s)
		if err != nil {
			t.Fatal(err)
		}
		if *pl.Size != 9 || *pl.FitToWidth != 1 || *pl.FitToHeight != 0 {
			t.Errorf("%s: page layout %+v", s, pl)
		}
	}
	names := f.GetDefinedName()
	titles := 0
	for _, n := range names {
		if n.Name == "_xlnm.Print_Titles" {
			titles++
		}
	}
	if titles != len(sheets) {
		t.Errorf("%d sheets repeat header rows, want %d", titles, len(sheets))
	}
}

// checkAudit checks the 审核 sheet: a row per finding, each linked to the
// cell that shows its figure where a table sheet has one.
func checkAudit(t *testing.T, b *book, sheets []string, rep *evaluation.Report) {
	t.Helper()
	const s = "审核"
	if sheets[len(sheets)-1] != s {
		t.Fatalf("the last sheet is %q", sheets[len(sheets)-1])
	}
	first := b.find(s, 0, 0, "1")
	links := 0
	for k, f := range rep.Findings {
		row := first + k
		b.number(s, 0, row, decimal.NewFromInt(int64(k+1)), false)
		b.text(s, 2, row, f.Path)
		b.text(s, 6, row, f.Message)
		if fm := b.formula(s, 3, row); fm != "" {
			links++
			b.str(s, 3, row, b.value(s, 3, row))
			if !strings.HasPrefix(fm, "HYPERLINK(") {
				t.Errorf("审核 row %d: %s", row+1, fm)
			}
		}
	}
	// Table 30's 总分 (91.69 published, 91.68 computed) is on its sheet.
	for k, f := range rep.Findings {
		if f.Path == "/selfAssessments/29/declared/total" {
			want := sheets[30] + "!H"
			if v := b.value(s, 3, first+k); !strings.HasPrefix(v, want) {
				t.Errorf("the finding on table 30's total links to %q, want %s…", v, want)
			}
		}
	}
	if links < 10 {
		t.Errorf("%d of %d findings link to a cell", links, len(rep.Findings))
	}
}

func checkSheetNames(t *testing.T, names []string) {
	t.Helper()
	seen := map[string]bool{}
	for _, n := range names {
		if len(utf16.Encode([]rune(n))) > 31 || strings.ContainsAny(n, `:\/?*[]`) || n == "" ||
			strings.HasPrefix(n, "'") || strings.HasSuffix(n, "'") || strings.EqualFold(n, "History") {
			t.Errorf("invalid sheet name %q", n)
		}
		if seen[strings.ToLower(n)] {
			t.Errorf("duplicate sheet name %q", n)
		}
		seen[strings.ToLower(n)] = true
	}
}

// Columns of a self-assessment sheet of the beijing-2021 profile: the
// block labels, then the indicator grid, with the funds block laid on
// the same columns.
const (
	colLabel = iota
	colLevel1
	colLevel2
	colIndicator
	colTarget
	colActual
	colWeight
	colScore
	colDeviation

	colInitial = colIndicator // 年初预算数
	colRate    = colScore     // 执行率
	colFundW   = colWeight    // 分值
	colFundS   = colDeviation // 得分
)

// checkTable compares a table sheet of the beijing-2021 profile with the
// input and the computed table.
func checkTable(t *testing.T, b *book, c *profile.SelfAssessmentForm, sheet string, in *evaluation.SelfAssessment, r *evaluation.TableResult) {
	t.Helper()
	b.text(sheet, 0, 0, c.Title)
	b.text(sheet, 0, 1, "（ 2021 年度）")
	b.text(sheet, 0, 2, "项目名称")
	b.text(sheet, 1, 2, in.Project)
	b.text(sheet, 1, 3, in.CompetentDepartment)
	b.text(sheet, 5, 3, in.ImplementingUnit)
	b.text(sheet, 1, 4, in.Manager)
	b.text(sheet, 5, 4, in.Phone)

	ft := b.find(sheet, colLevel1, 0, "年度资金总额")
	b.text(sheet, colLabel, ft-1, "项目资金（万元）")
	if !b.merged(sheet, area{ft - 1, colLabel, ft + 3, colLabel}) {
		t.Errorf("%s: 项目资金 label not merged over the funds block", sheet)
	}
	money := func(r int, fr *evaluation.FundRow) {
		for k, n := range []evaluation.Number{fr.InitialBudget, fr.Budget, fr.Executed} {
			if n.Valid {
				b.number(sheet, colInitial+k, r, n.Value, false)
			} else {
				b.text(sheet, colInitial+k, r, "")
			}
		}
	}
	money(ft, &in.Funds.Total)
	b.number(sheet, colFundW, ft, r.ExecutionWeight, false)
	b.number(sheet, colRate, ft, hundredth(r.ExecutionRate), true)
	b.number(sheet, colFundS, ft, r.ExecutionScore, true)
	for k, fr := range []*evaluation.FundRow{in.Funds.Fiscal, in.Funds.Carryover, in.Funds.Other} {
		b.text(sheet, colLevel1, ft+1+k, c.Funds.Rows[1+k].Label)
		if fr != nil {
			money(ft+1+k, fr)
		} else {
			money(ft+1+k, &evaluation.FundRow{})
		}
		for col, mark := range []string{"—", "—", ""} { // fundSourceMarks
			b.text(sheet, colFundW+col, ft+1+k, mark)
		}
	}

	gt := b.find(sheet, colLevel1, ft, c.Goals.Expected)
	b.text(sheet, colLevel1, gt+1, in.Goals.Expected)
	b.text(sheet, colActual, gt+1, in.Goals.Actual)
	b.text(sheet, colLabel, gt, c.Goals.Label)

	head := b.find(sheet, colLevel1, gt, "一级指标")
	for k, h := range c.Indicators.Columns {
		b.text(sheet, colLevel1+k, head, h.Label)
	}
	b.text(sheet, colLabel, head, c.Indicators.Label)
	// An indicator takes one row, or several merged down when its text
	// needs more than Excel's tallest row.
	first, last := make([]int, len(in.Indicators)), make([]int, len(in.Indicators))
	for k, row := 0, head+1; k < len(in.Indicators); k++ {
		first[k], last[k] = row, row
		if a, ok := b.mergeAt(sheet, colIndicator, row); ok {
			last[k] = a.r2
		}
		row = last[k] + 1
	}
	levelSeen := map[string]bool{}
	for k := range in.Indicators {
		ind, rr, row := &in.Indicators[k], &r.Rows[k], first[k]
		b.text(sheet, colIndicator, row, ind.Name)
		b.text(sheet, colTarget, row, ind.Target)
		b.text(sheet, colActual, row, ind.Actual)
		b.text(sheet, colDeviation, row, ind.Deviation)
		switch {
		case ind.NotApplicable:
			mark := "--" // blank on an unused line, as in the PDF
			if ind.Name == "" && ind.Target == "" && ind.Actual == "" {
				mark = ""
			}
			b.text(sheet, colWeight, row, mark)
			b.text(sheet, colScore, row, mark)
		case rr.Scored:
			b.number(sheet, colWeight, row, rr.Weight, false)
			b.number(sheet, colScore, row, rr.Score, false)
			if n := ind.ScoreRows; n > 1 {
				for _, col := range []int{colWeight, colScore} {
					if !b.merged(sheet, area{row, col, last[k+n-1], col}) {
						t.Errorf("%s: row %d: 分值/得分 not merged over %d rows", sheet, row+1, n)
					}
				}
			}
		default:
			b.text(sheet, colWeight, row, "")
			b.text(sheet, colScore, row, "")
		}
		if k > 0 && in.Indicators[k-1].Level1 == ind.Level1 && in.Indicators[k-1].Level2 == ind.Level2 {
			b.text(sheet, colLevel2, row, "")
		} else {
			b.text(sheet, colLevel2, row, ind.Level2)
		}
		if levelSeen[ind.Level1] {
			b.text(sheet, colLevel1, row, "")
			continue
		}
		levelSeen[ind.Level1] = true
		lr := levelResult(r, ind.Level1)
		if lr.Scored {
			b.str(sheet, colLevel1, row, ind.Level1+"\n（"+lr.Weight.String()+"分）")
		} else {
			b.text(sheet, colLevel1, row, ind.Level1)
		}
		end := k
		for end+1 < len(in.Indicators) && in.Indicators[end+1].Level1 == ind.Level1 {
			end++
		}
		if last[end] > row && !b.merged(sheet, area{row, colLevel1, last[end], colLevel1}) {
			t.Errorf("%s: %s not merged over rows %d-%d", sheet, ind.Level1, row+1, last[end]+1)
		}
	}
	tr := last[len(last)-1] + 1
	b.text(sheet, colLabel, tr, c.Total)
	weight := r.ExecutionWeight
	for _, l := range r.Levels {
		weight = weight.Add(l.Weight)
	}
	b.number(sheet, colWeight, tr, weight, true)
	b.number(sheet, colScore, tr, r.Total, true)
	if in.OmitNotes {
		if n := len(b.sheetRows(sheet)); n != tr+1 {
			t.Errorf("%s: %d rows after 总分, want none (omitNotes)", sheet, n-tr-1)
		}
		return
	}
	b.text(sheet, 0, tr+1, c.NotesTitle)
	for k, n := range c.Notes {
		b.text(sheet, 0, tr+2+k, n)
	}
}

// checkSummary compares the 汇总 with the computed tables.
func checkSummary(t *testing.T, b *book, sheets []string, d *evaluation.Disclosure, res *evaluation.Result) {
	t.Helper()
	const s = "汇总"
	scheme := &reference(t).Profile.Scheme
	levels := scheme.SelfAssessment.Levels
	cTotal, cGrade := 7+len(levels), 8+len(levels)
	b.text(s, 0, 0, "北京市地方金融监督管理局2021年度项目支出绩效自评汇总表")
	first := b.find(s, 0, 0, "1")
	var budget, executed decimal.Decimal
	counts := map[string]int{}
	for i := range d.SelfAssessments {
		in, r, row := &d.SelfAssessments[i], &res.Tables[i], first+i
		b.number(s, 0, row, decimal.NewFromInt(int64(i+1)), false)
		b.text(s, 1, row, in.Project)
		b.text(s, 2, row, in.ImplementingUnit)
		b.number(s, 3, row, in.Funds.Total.Budget.Value, true)
		b.number(s, 4, row, in.Funds.Total.Executed.Value, true)
		b.number(s, 5, row, hundredth(r.ExecutionRate), true)
		b.number(s, 6, row, r.ExecutionScore, true)
		for k, l := range levels {
			lr := levelResult(r, l.Name)
			present := false
			for _, x := range r.Levels {
				present = present || x.Name == l.Name
			}
			switch {
			case !present:
				b.text(s, 7+k, row, "")
			case lr.Scored:
				b.number(s, 7+k, row, lr.Score, true)
			default:
				b.str(s, 7+k, row, "--")
			}
		}
		b.number(s, cTotal, row, r.Total, true)
		b.str(s, cGrade, row, r.Grade)
		if !strings.Contains(b.formula(s, 3, row), sheetRef(sheets[1+i])) {
			t.Errorf("汇总 row %d refers to %q, want sheet %q", row+1, b.formula(s, 3, row), sheets[1+i])
		}
		budget, executed = budget.Add(in.Funds.Total.Budget.Value), executed.Add(in.Funds.Total.Executed.Value)
		counts[r.Grade]++
	}
	sr := first + len(d.SelfAssessments)
	b.text(s, 0, sr, "合计")
	b.number(s, 3, sr, budget, true)
	b.number(s, 4, sr, executed, true)
	b.number(s, 5, sr, executed.Div(budget).Round(4), true)
	ar := sr + 1
	b.text(s, 0, ar, "平均分")
	avg := func(c int, get func(r *evaluation.TableResult) (decimal.Decimal, bool)) {
		var sum decimal.Decimal
		n := 0
		for i := range res.Tables {
			if v, ok := get(&res.Tables[i]); ok {
				sum, n = sum.Add(v), n+1
			}
		}
		b.number(s, c, ar, sum.Div(decimal.NewFromInt(int64(n))).Round(2), true)
	}
	avg(6, func(r *evaluation.TableResult) (decimal.Decimal, bool) { return r.ExecutionScore, true })
	for k, l := range levels {
		avg(7+k, func(r *evaluation.TableResult) (decimal.Decimal, bool) {
			lr := levelResult(r, l.Name)
			return lr.Score, lr.Scored
		})
	}
	avg(cTotal, func(r *evaluation.TableResult) (decimal.Decimal, bool) { return r.Total, true })
	for k, g := range scheme.Grades {
		row := ar + 1 + k
		if !strings.HasPrefix(b.value(s, 0, row), "等级为“"+g.Grade+"”") {
			t.Errorf("汇总 row %d = %q", row+1, b.value(s, 0, row))
		}
		b.number(s, 3, row, decimal.NewFromInt(int64(counts[g.Grade])), true)
	}
	if counts["优"] != 19 || counts["良"] != 16 {
		t.Errorf("grades %v", counts)
	}
}

// checkTree compares a report sheet's indicator tree with the computed one.
func checkTree(t *testing.T, b *book, sheet string, nodes []evaluation.Indicator, res []evaluation.NodeResult, total decimal.Decimal, grade string) {
	t.Helper()
	head := b.find(sheet, 0, 0, "指标")
	row := head + 1
	var walk func([]evaluation.Indicator, []evaluation.NodeResult)
	walk = func(ns []evaluation.Indicator, rs []evaluation.NodeResult) {
		for i := range ns {
			b.text(sheet, 0, row, ns[i].Name)
			inner := len(ns[i].Children) > 0
			b.number(sheet, 1, row, rs[i].Weight, inner)
			b.number(sheet, 2, row, rs[i].Score, inner || ns[i].Computed != "")
			b.number(sheet, 3, row, hundredth(rs[i].Rate), true)
			row++
			walk(ns[i].Children, rs[i].Children)
		}
	}
	walk(nodes, res)
	var weight decimal.Decimal
	for _, n := range res {
		weight = weight.Add(n.Weight)
	}
	b.text(sheet, 0, row, "总分")
	b.number(sheet, 1, row, weight, true)
	b.number(sheet, 2, row, total, true)
	b.number(sheet, 3, row, total.Div(weight).Round(4), true)
	b.text(sheet, 0, row+1, "等级")
	b.str(sheet, 1, row+1, grade)
}

func checkDepartmentBudget(t *testing.T, b *book, sheet string, dr *evaluation.DepartmentReport, r *evaluation.DepartmentResult) {
	t.Helper()
	bg := &dr.Budget
	at := func(label string) int { return b.find(sheet, 0, 0, label) }
	b.number(sheet, 1, at("全年预算数（万元）"), bg.Budget.Total.Value, false)
	b.number(sheet, 1, at("全年执行数（万元）"), bg.Spending.Total.Value, false)
	b.number(sheet, 1, at("预算执行率"), hundredth(r.ExecutionRate), true)
	b.number(sheet, 1, at("2021年支出预算数（万元）"), bg.Carryover.Budget.Value, false)
	b.number(sheet, 1, at("2021年结转结余资金（万元）"), bg.Carryover.Amount.Value, false)
	b.number(sheet, 1, at("2021年结转结余率"), hundredth(*r.CarryoverRate), true)
	b.number(sheet, 1, at("2020年支出预算数（万元）"), bg.PreviousCarryover.Budget.Value, false)
	b.number(sheet, 1, at("2020年结转结余资金（万元）"), bg.PreviousCarryover.Amount.Value, false)
	b.number(sheet, 1, at("2020年结转结余率"), hundredth(*r.PreviousCarryoverRate), true)
	b.number(sheet, 1, at("结转结余率变动（百分点）"), *r.CarryoverRateChange, true)
	b.number(sheet, 1, at("支出预算数（万元）"), bg.FinalAccounts.Budget.Value, false)
	b.number(sheet, 1, at("支出决算数（万元）"), bg.FinalAccounts.Actual.Value, false)
	b.number(sheet, 1, at("预决算差异金额（万元）"), *r.FinalAccountsDifference, true)
	b.number(sheet, 1, at("预决算差异率"), hundredth(*r.FinalAccountsDifferenceRate), true)
}

// TestPackage checks the XML of the reference workbook for what Excel
// repairs: columns out of order, overlapping merged ranges; and that no
// cell holds an empty string.
func TestPackage(t *testing.T) {
	data := writeBook(t, reference(t), Options{})
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	col := regexp.MustCompile(`<col min="(\d+)" max="(\d+)"`)
	sheets := 0
	for _, zf := range zr.File {
		if month := zf.ModifiedDate >> 5 & 0xf; month < 1 || month > 12 {
			t.Errorf("%s: dated %#x, month %d (1980-00-00 is what an undated entry got)", zf.Name, zf.ModifiedDate, month)
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		x, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := boundPrefixes(x); err != nil {
			t.Errorf("%s: %v", zf.Name, err)
		}
		if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			continue
		}
		sheets++
		last := 0
		for _, m := range col.FindAllSubmatch(x, -1) {
			lo, _ := strconv.Atoi(string(m[1]))
			hi, _ := strconv.Atoi(string(m[2]))
			if lo <= last || hi < lo {
				t.Errorf("%s: columns out of order at %d-%d", zf.Name, lo, hi)
			}
			last = hi
		}
		if bytes.Contains(x, []byte("<t></t>")) {
			t.Errorf("%s: a cell holds an empty string", zf.Name)
		}
	}
	if sheets != 39 {
		t.Errorf("%d worksheets", sheets)
	}
	f := open(t, data)
	for _, sheet := range f.GetSheetList() {
		ms, err := f.GetMergeCells(sheet)
		if err != nil {
			t.Fatal(err)
		}
		var areas []area
		for _, m := range ms {
			c1, r1, _ := excelize.CellNameToCoordinates(m.GetStartAxis())
			c2, r2, _ := excelize.CellNameToCoordinates(m.GetEndAxis())
			a := area{r1 - 1, c1 - 1, r2 - 1, c2 - 1}
			for _, b := range areas {
				if a.overlaps(b) {
					t.Errorf("%s: merged ranges %s and %s overlap", sheet, a, b)
				}
			}
			areas = append(areas, a)
		}
	}
}

// boundPrefixes reports an element or attribute whose namespace prefix
// the part does not declare: encoding/xml leaves such a prefix where the
// namespace's name should be, and Excel refuses the part.
func boundPrefixes(part []byte) error {
	d := xml.NewDecoder(bytes.NewReader(part))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		names := []xml.Name{se.Name}
		for _, a := range se.Attr {
			names = append(names, a.Name)
		}
		for _, n := range names {
			if n.Space != "" && n.Space != "xmlns" && !strings.Contains(n.Space, ":") {
				return fmt.Errorf("%s:%s: prefix %q not declared", n.Space, n.Local, n.Space)
			}
		}
	}
}

func TestDeterministic(t *testing.T) {
	rep := reference(t)
	a := writeBook(t, rep, Options{})
	b := writeBook(t, rep, Options{})
	if !bytes.Equal(a, b) {
		t.Fatal("two renderings of the same input differ")
	}
}

func TestSheetNames(t *testing.T) {
	n := sheetNames{}
	long := strings.Repeat("很长的项目名称", 6)
	for _, c := range []struct{ in, want string }{
		{"汇总", "汇总"},
		{"防范和打击非法集资工作项目", "防范和打击非法集资工作项目"},
		{"防范和打击非法集资工作项目", "防范和打击非法集资工作项目（2）"},
		{"防范和打击非法集资工作项目", "防范和打击非法集资工作项目（3）"},
		{"a/b:c?d*e[f]g\\h", "a／b：c？d＊e［f］g＼h"},
		{"'quoted'", "quoted"},
		{"  多个   空格 ", "多个 空格"},
		{"History", "History（2）"},
		{"", "7"},
		{long, string([]rune(long)[:30]) + "…"},
		{long, string([]rune(long)[:27]) + "…（2）"},
		{"𠀀" + strings.Repeat("字", 40), "𠀀" + strings.Repeat("字", 28) + "…"},
	} {
		if got := n.unique(c.in, "7"); got != c.want {
			t.Errorf("unique(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	var all []string
	for name := range n {
		all = append(all, name)
	}
	checkSheetNames(t, all)
}

func TestParts(t *testing.T) {
	rep := reference(t)
	for _, c := range []struct {
		opts  Options
		sheet string
	}{
		{Options{Part: PartTable, Index: 26}, "防范和打击非法集资工作项目"},
		{Options{Part: PartDepartment}, "部门整体评价"},
		{Options{Part: PartProject}, "项目评价-北京市小微金融服务顾问服务成效监测项目"},
	} {
		f := open(t, writeBook(t, rep, c.opts))
		if got := f.GetSheetList(); len(got) != 1 || got[0] != c.sheet {
			t.Errorf("%+v: sheets %q, want [%s]", c.opts, got, c.sheet)
		}
	}
	for _, opts := range []Options{{Part: PartTable, Index: 35}, {Part: PartProject, Index: 1}, {Part: "chapter"}} {
		if _, err := write(context.Background(), &bytes.Buffer{}, rep, opts, false); err == nil {
			t.Errorf("%+v: no error", opts)
		}
	}
	if _, err := write(context.Background(), &bytes.Buffer{}, &evaluation.Report{Problems: evaluation.Problems{{Code: "x"}}}, Options{}, false); err == nil {
		t.Error("invalid report: no error")
	}
	// A disclosure without tables: the 汇总 keeps its header only.
	d := *rep.Disclosure
	d.SelfAssessments = nil
	only := &evaluation.Report{Disclosure: &d, Profile: rep.Profile, Result: evaluation.Compute(&d, rep.Profile)}
	if got := open(t, writeBook(t, only, Options{})).GetSheetList(); len(got) != 3 || got[0] != "汇总" {
		t.Errorf("no tables: sheets %q", got)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := write(ctx, &bytes.Buffer{}, rep, Options{}, false); err == nil {
		t.Error("cancelled context: no error")
	}
}

// TestTallRows checks text that needs more than Excel's tallest row:
// the row becomes several rows with its cells merged down, and no merged
// ranges overlap.
func TestTallRows(t *testing.T) {
	rep := reference(t)
	d := *rep.Disclosure
	tbl := d.SelfAssessments[11] // 典当: a score cell merged over 3 rows
	tbl.Goals.Expected = strings.Repeat("保证机关政务工作正常开展，", 380)
	inds := append([]evaluation.TableIndicator(nil), tbl.Indicators...)
	inds[10].Target = strings.Repeat("印制当票，购买系统，启动年审；", 130)
	tbl.Indicators = inds
	tbl.Funds.Total.Budget = evaluation.MustNumber("123456789012.25")
	fiscal := *tbl.Funds.Fiscal
	fiscal.Budget = tbl.Funds.Total.Budget
	tbl.Funds.Fiscal = &fiscal
	d.SelfAssessments = []evaluation.SelfAssessment{tbl}
	d.DepartmentReport, d.ProjectReports = nil, nil
	if ps := evaluation.Validate(&d, rep.Profile); len(ps) > 0 {
		t.Fatal(ps)
	}
	r := &evaluation.Report{Disclosure: &d, Profile: rep.Profile, Result: evaluation.Compute(&d, rep.Profile)}
	f := open(t, writeBook(t, r, Options{Part: PartTable}))
	sheet := f.GetSheetList()[0]
	ms, err := f.GetMergeCells(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var areas []area
	for _, m := range ms {
		c1, r1, _ := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, _ := excelize.CellNameToCoordinates(m.GetEndAxis())
		a := area{r1 - 1, c1 - 1, r2 - 1, c2 - 1}
		for _, b := range areas {
			if a.overlaps(b) {
				t.Errorf("merged ranges %s and %s overlap", a, b)
			}
		}
		areas = append(areas, a)
	}
	rows, _ := f.GetRows(sheet)
	var goals, target area
	for _, a := range areas {
		if a.r1 < len(rows) && a.c1 < len(rows[a.r1]) {
			switch rows[a.r1][a.c1] {
			case tbl.Goals.Expected:
				goals = a
			case inds[10].Target:
				target = a
			}
		}
	}
	height := func(a area) float64 {
		var h float64
		for r := a.r1; r <= a.r2; r++ {
			rh, err := f.GetRowHeight(sheet, r+1)
			if err != nil || rh > maxRowHeight {
				t.Fatalf("row %d: height %v, %v", r+1, rh, err)
			}
			h += rh
		}
		return h
	}
	if goals.r2-goals.r1 < 2 || height(goals) < 3*maxRowHeight {
		t.Errorf("goals text over rows %d-%d, %.0f pt", goals.r1+1, goals.r2+1, height(goals))
	}
	if target.r2 == target.r1 {
		t.Errorf("tall indicator row not split: %s", target)
	}
	// The score cells merged over 3 indicator rows cover the split row.
	for _, a := range areas {
		if a.c1 == colWeight && a.r1 == target.r1 && a.r2 < target.r2+2 {
			t.Errorf("分值 merged over %s, want past %s", a, target)
		}
	}
	// The amount column widened so that the number shows in full.
	w, err := f.GetColWidth(sheet, colLetters(colTarget))
	if err != nil || w <= 12 {
		t.Errorf("全年预算数 column %.2f wide (%v), want widened for 123456789012.25", w, err)
	}
}

func TestGradeFormula(t *testing.T) {
	w := &writer{scheme: &reference(t).Profile.Scheme}
	if got, want := w.gradeFormula("K5"), `IF(K5>=90,"优",IF(K5>=80,"良",IF(K5>=60,"中","差")))`; got != want {
		t.Errorf("gradeFormula = %s, want %s", got, want)
	}
}

func TestColumnLetters(t *testing.T) {
	for c, want := range map[int]string{0: "A", 8: "I", 25: "Z", 26: "AA", 27: "AB", 701: "ZZ", 702: "AAA"} {
		if got := colLetters(c); got != want {
			t.Errorf("colLetters(%d) = %s, want %s", c, got, want)
		}
	}
}

func ExampleWrite() {
	data, _ := os.ReadFile(referencePath)
	rep := evaluation.Evaluate(data, nil) // the example names its profile
	var buf bytes.Buffer
	doc, err := render.Build(rep, render.Options{Part: PartTable, Index: 0})
	if err != nil {
		log.Fatal(err)
	}
	st, err := Write(context.Background(), &buf, rep, doc, Options{Part: PartTable, Index: 0})
	fmt.Println(st.Sheets, err)
	// Output: 1 <nil>
}

// TestReusedParts checks that a workbook's parts compressed by an earlier
// workbook are reused only where they are the same: each workbook is the
// same bytes whether written first, after others or beside them.
func TestReusedParts(t *testing.T) {
	rep := reference(t)
	opts := []Options{{Part: PartTable, Index: 26}, {}, {Part: PartDepartment}}
	forget := func() {
		compressedParts.Lock()
		compressedParts.m = nil
		compressedParts.Unlock()
	}
	fresh := make([][]byte, len(opts))
	for i, o := range opts {
		forget()
		fresh[i] = writeBook(t, rep, o)
	}
	forget()
	var wg sync.WaitGroup
	for range 2 {
		for i, o := range opts {
			wg.Go(func() {
				if got := writeBook(t, rep, o); !bytes.Equal(got, fresh[i]) {
					t.Errorf("%+v: written after or beside other workbooks, differs from written alone", o)
				}
			})
		}
	}
	wg.Wait()
	compressedParts.Lock()
	defer compressedParts.Unlock()
	if len(compressedParts.m) == 0 {
		t.Error("no part kept")
	}
	for name := range compressedParts.m {
		if !reusable(name) {
			t.Errorf("%s kept", name)
		}
	}
}

// TestLargePartStreamed checks that a part too large to keep, here the
// shared strings of a workbook made with excelize, is written whole and
// not kept.
func TestLargePartStreamed(t *testing.T) {
	long := strings.Repeat("绩效评价", 5000) // 60 KB of text
	f := excelize.NewFile()
	if err := f.SetCellValue("Sheet1", "A1", long); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := WriteFile(f, &buf); err != nil {
		t.Fatal(err)
	}
	back, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := back.GetCellValue("Sheet1", "A1"); err != nil || got != long {
		t.Errorf("A1 read back: %d bytes, %v; want %d bytes", len(got), err, len(long))
	}
	compressedParts.Lock()
	defer compressedParts.Unlock()
	if c, ok := compressedParts.m["xl/sharedStrings.xml"]; ok && len(c.raw) > maxReusedPart {
		t.Errorf("a part of %d bytes kept", len(c.raw))
	}
}
