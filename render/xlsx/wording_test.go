package xlsx

import (
	"fmt"
	"strings"
	"testing"
	"unicode"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/render"
	"github.com/shopspring/decimal"
)

// customWording is the default wording with every self-assessment text
// an office might change changed, to follow it into the workbook.
func customWording(t *testing.T) *render.Wording {
	t.Helper()
	def, err := render.DefaultWording()
	if err != nil {
		t.Fatal(err)
	}
	w := *def // the slices and the map are replaced, never written to
	sa := &w.SelfAssessment
	sa.Title = "项目支出绩效自评表（试行）"
	sa.Year = "{{.Department}}（{{.Year}}年度）"
	sa.Project = "项目名"
	sa.Funds = "资金（单位：{{.Unit}}）"
	sa.FundColumns = []string{"年初预算", "全年预算", "全年执行", "权重", "执行比例", "评分"}
	sa.FundRows = map[string]string{"total": "资金总额", "fiscal": "财政拨款", "carryover": "结转资金", "other": "其他"}
	sa.FundSourceMarks = []string{"/", "", "/"}
	sa.IndicatorColumns = []string{"一级", "二级", "三级", "指标值", "完成值", "分值", "得分", "偏差原因"}
	sa.LevelPoints = "{{.Name}} （{{.Points}} 分）"
	sa.NotApplicableScore = "不适用"
	sa.Total = "合计得分"
	sa.NotesTitle = "说明："
	sa.Notes = []string{"一、第一条说明。", "二、第二条说明。"}
	return &w
}

// TestWordingSharedWithPDF builds the PDF's neutral document and checks
// that each table sheet prints the same wording: title, year line, the
// labels and marks of the table (the same number of 不涉及 and source-row
// marks, so that the same rows carry them), the level labels up to the
// line break, and the notes.
func TestWordingSharedWithPDF(t *testing.T) {
	def, err := render.DefaultWording()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		w    *render.Wording
	}{{"default", def}, {"custom", customWording(t)}} {
		t.Run(c.name, func(t *testing.T) {
			rep := reference(t)
			doc, err := render.Build(rep, c.w, render.Options{})
			if err != nil {
				t.Fatal(err)
			}
			f := open(t, writeBook(t, rep, Options{Wording: c.w}))
			b := newBook(t, f)
			sheets := f.GetSheetList()
			i := 0
			for _, p := range doc.Parts {
				if p.Style != "table" {
					continue
				}
				checkSharedWording(t, b, c.w, sheets[1+i], i, p)
				i++
			}
			if i != len(rep.Disclosure.SelfAssessments) {
				t.Fatalf("%d table parts in the document, want %d", i, len(rep.Disclosure.SelfAssessments))
			}
		})
	}
}

// squeeze drops white space, which the workbook's level labels break
// differently.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func checkSharedWording(t *testing.T, b *book, w *render.Wording, sheet string, i int, p render.Part) {
	t.Helper()
	var paras []string
	var tb *render.Table
	for _, bl := range p.Blocks {
		switch x := bl.(type) {
		case render.Paragraph:
			paras = append(paras, x.Text)
		case render.Table:
			tb = &x
		}
	}
	if tb == nil || len(paras) < 2 {
		t.Fatalf("%s: table part without its table, title and year", sheet)
	}
	b.text(sheet, 0, 0, paras[0])
	b.text(sheet, 0, 1, paras[1])
	if paras[0] != w.SelfAssessment.Title {
		t.Errorf("%s: PDF title %q, want the wording's", sheet, paras[0])
	}

	// Every cell text of the workbook sheet, and the notes after 总分.
	inBook := map[string]int{}
	marks := map[string]int{}
	rows := b.sheetRows(sheet)
	total := -1
	for r, row := range rows {
		for c, v := range row {
			inBook[squeeze(v)]++
			marks[v]++
			if c == colLabel && v == w.SelfAssessment.Total && total < 0 {
				total = r
			}
		}
	}
	if total < 0 {
		t.Fatalf("%s: no %q row", sheet, w.SelfAssessment.Total)
	}
	var notes []string
	for r := total + 1; r < len(rows); r++ {
		notes = append(notes, b.value(sheet, 0, r))
	}
	if got, want := strings.Join(notes, "|"), strings.Join(paras[2:], "|"); got != want {
		t.Errorf("%s: notes %q, want the PDF's %q", sheet, got, want)
	}

	// The table: every label (a cell with no input path) and level label
	// is in the sheet; the marks are there as often as in the PDF.
	inPDF := map[string]int{}
	pdfMarks := map[string]int{}
	level1 := fmt.Sprintf("/selfAssessments/%d/indicators/", i)
	for _, row := range tb.Rows {
		for _, c := range row {
			pdfMarks[c.Text]++
			if c.Text == "" || (c.Path != "" && !(strings.HasPrefix(c.Path, level1) && strings.HasSuffix(c.Path, "/level1"))) {
				continue
			}
			if _, err := decimal.NewFromString(c.Text); err == nil {
				continue // a weight: its value is checked by TestReferenceWorkbook
			}
			inPDF[squeeze(c.Text)]++
		}
	}
	for s, n := range inPDF {
		if inBook[s] < n {
			t.Errorf("%s: %q %d times, the PDF has it %d times", sheet, s, inBook[s], n)
		}
	}
	sa := &w.SelfAssessment
	seen := map[string]bool{"": true}
	for _, m := range append([]string{sa.NotApplicableScore}, sa.FundSourceMarks...) {
		if !seen[m] && marks[m] != pdfMarks[m] {
			t.Errorf("%s: mark %q %d times, the PDF has it %d times", sheet, m, marks[m], pdfMarks[m])
		}
		seen[m] = true
	}
}

// TestCustomWording follows a changed wording into the cells.
func TestCustomWording(t *testing.T) {
	w := customWording(t)
	rep := reference(t)
	f := open(t, writeBook(t, rep, Options{Wording: w}))
	b := newBook(t, f)
	sheets := f.GetSheetList()
	sheet, in, r := sheets[1], &rep.Disclosure.SelfAssessments[0], &rep.Result.Tables[0]
	b.text(sheet, 0, 0, "项目支出绩效自评表（试行）")
	b.text(sheet, 0, 1, rep.Disclosure.Department+"（2021年度）")
	b.text(sheet, 0, 2, "项目名")
	ft := b.find(sheet, colLevel1, 0, "资金总额")
	b.text(sheet, colLabel, ft-1, "资金（单位：万元）")
	for k, h := range w.SelfAssessment.FundColumns {
		b.text(sheet, colInitial+k, ft-1, h)
	}
	for k, name := range []string{"财政拨款", "结转资金", "其他"} {
		b.text(sheet, colLevel1, ft+1+k, name)
		b.text(sheet, colFundW, ft+1+k, "/")
		b.text(sheet, colRate, ft+1+k, "")
		b.text(sheet, colFundS, ft+1+k, "/")
	}
	head := b.find(sheet, colLevel1, ft, "一级")
	for k, h := range w.SelfAssessment.IndicatorColumns {
		b.text(sheet, colLevel1+k, head, h)
	}
	// The level label breaks after the name, dropping the space there.
	l := levelResult(r, in.Indicators[0].Level1)
	b.str(sheet, colLevel1, head+1, in.Indicators[0].Level1+"\n（"+l.Weight.String()+" 分）")
	if f := b.formula(sheet, colLevel1, head+1); !strings.HasPrefix(f, `"`+in.Indicators[0].Level1+`"&CHAR(10)&"（"&ROUND(SUM(`) {
		t.Errorf("level label formula %q", f)
	}
	tr := b.find(sheet, colLabel, head, "合计得分")
	b.text(sheet, 0, tr+1, "说明：")
	b.text(sheet, 0, tr+2, "一、第一条说明。")
	b.text(sheet, 0, tr+3, "二、第二条说明。")
	if n := len(b.sheetRows(sheet)); n != tr+4 {
		t.Errorf("%d rows, want %d", n, tr+4)
	}
	// 不涉及 rows and the 汇总's levels that no row scores.
	na := 0
	for _, s := range sheets[1:36] {
		for _, row := range b.sheetRows(s) {
			for _, v := range row {
				if v == "--" {
					t.Errorf("%s: a -- mark under a wording that has 不适用", s)
				}
				if v == "不适用" {
					na++
				}
			}
		}
	}
	if na == 0 {
		t.Error("no 不适用 mark in the tables")
	}
	summaryNA := 0
	for _, row := range b.sheetRows("汇总") {
		for _, v := range row {
			if v == "--" {
				t.Error("汇总: a -- mark under a wording that has 不适用")
			}
			if v == "不适用" {
				summaryNA++
			}
		}
	}
	if summaryNA == 0 {
		t.Error("汇总: no 不适用 for a level that no row scores")
	}
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if props.Subject != "项目支出绩效自评表（试行）" {
		t.Errorf("subject %q", props.Subject)
	}
}

// TestNotApplicableMark: a named 不涉及 row prints the mark, an unused
// line of the form stays blank, in the workbook as in the PDF.
func TestNotApplicableMark(t *testing.T) {
	rep := reference(t)
	var named, blank int
	for i := range rep.Disclosure.SelfAssessments {
		for _, ind := range rep.Disclosure.SelfAssessments[i].Indicators {
			switch {
			case !ind.NotApplicable:
			case ind.Name == "" && ind.Target == "" && ind.Actual == "":
				blank++
			default:
				named++
			}
		}
	}
	// TestReferenceWorkbook checks each row; the reference has both kinds.
	if named == 0 || blank == 0 {
		t.Fatalf("the reference has %d named and %d blank 不涉及 rows, want both", named, blank)
	}
	w, err := render.DefaultWording()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		ind  evaluation.TableIndicator
		want string
	}{
		{evaluation.TableIndicator{NotApplicable: true, Name: "不涉及"}, "--"},
		{evaluation.TableIndicator{NotApplicable: true, Actual: "x"}, "--"},
		{evaluation.TableIndicator{NotApplicable: true}, ""},
	} {
		if got := w.NotApplicableMark(&c.ind); got != c.want {
			t.Errorf("NotApplicableMark(%+v) = %q, want %q", c.ind, got, c.want)
		}
	}
}

func TestLevelPoints(t *testing.T) {
	for _, c := range []struct {
		tmpl          string
		brk           bool
		before, after string
		ok            bool
	}{
		{"{{.Name}}（{{.Points}}分）", true, nameMarker + "\n（", "分）", true},
		{"{{.Name}}（{{.Points}}分）", false, nameMarker + "（", "分）", true},
		{"{{.Name}} \u3000（{{.Points}}分）", true, nameMarker + "\n（", "分）", true},
		{"{{.Name}}\n（{{.Points}}分）", true, nameMarker + "\n（", "分）", true},
		{"{{.Points}}分：{{.Name}}", true, "", "分：" + nameMarker, true},
		{"{{.Name}}", true, nameMarker, "", false},
		{"{{.Name}}{{.Missing}}", true, "{{.Name}}{{.Missing}}", "", false}, // as the PDF prints it
	} {
		before, after, ok := levelPoints(c.tmpl, c.brk)
		if before != c.before || after != c.after || ok != c.ok {
			t.Errorf("levelPoints(%q, %v) = %q, %q, %v, want %q, %q, %v", c.tmpl, c.brk, before, after, ok, c.before, c.after, c.ok)
		}
	}
}

func TestConfigMovedWording(t *testing.T) {
	_, err := parseConfig([]byte(`{"font": "宋体", "selfAssessment": {"columns": [1,1,1,1,1,1,1,1,1], "notes": ["1."]}}`))
	if err == nil || !strings.Contains(err.Error(), "selfAssessment.notes") || !strings.Contains(err.Error(), "wording.json") {
		t.Errorf("parseConfig with selfAssessment.notes: %v, want a pointer to wording.json", err)
	}
	cfg, err := defaultConfig()
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.SelfAssessment.LevelPointsBreak {
		t.Error("levelPointsBreak is off in templates/xlsx.json")
	}
}

func TestWordingShape(t *testing.T) {
	w := customWording(t)
	w.SelfAssessment.FundSourceMarks = []string{"—"}
	var buf strings.Builder
	if _, err := Write(t.Context(), &buf, reference(t), Options{Wording: w}); err == nil {
		t.Error("Write accepted a wording with 1 fundSourceMark")
	}
}
