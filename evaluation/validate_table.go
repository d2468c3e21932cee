package evaluation

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/jixiao/jixiao/profile"
	"github.com/shopspring/decimal"
)

func (v *crossValidator) selfAssessment(t *SelfAssessment, p string) {
	v.form(t, p)
	v.grade(t.Declared.Grade, p+"/declared/grade")
	v.funds(&t.Funds, p+"/funds")
	if t.ExecutionWeight.Valid && t.ExecutionWeight.Value.IsNegative() {
		v.add(p+"/executionWeight", CodeNegative, "分值不能为负数", "weight must not be negative")
	}
	weights := sumFrom(v.s.SelfAssessment.ExecutionWeight)
	if t.ExecutionWeight.Valid {
		weights = sumFrom(t.ExecutionWeight.Value)
	}
	// known: every weight is there to sum. A missing or unread one is
	// reported where it is, and the sum, which would follow from it, not.
	known := len(t.Indicators) > 0 && !v.lost(p, "/executionWeight")
	seen := map[string]int{} // level1 or level1/level2 → index of its last row
	covered, head := 0, -1   // rows still under a merged score cell, and its row
	lost := -1               // a row whose scoreRows decode left out
	for i := range t.Indicators {
		ind := &t.Indicators[i]
		ip := child(p+"/indicators", i)
		v.levels(ind, ip, i, seen)
		if lost >= 0 {
			// The rows that look merged into it are taken to be.
			if h := &t.Indicators[lost]; bare(ind) && ind.Level1 == h.Level1 && ind.Level2 == h.Level2 {
				continue
			}
			lost = -1
		}
		if v.lost(ip, "") || v.lost(ip, "/notApplicable") || v.lost(ip, "/scoreRows") {
			// Whether the row carries a weight is unknown.
			known, covered = false, 0
			if v.lost(ip, "/scoreRows") {
				lost = i
			}
			continue
		}
		if covered > 0 {
			covered--
			h := &t.Indicators[head]
			if (!bare(ind) || ind.Level1 != h.Level1 || ind.Level2 != h.Level2) && !v.touched(ip, "") {
				v.add(ip, CodeSpan, "该行位于合并的分值单元格之下，不能有自己的分值、得分或标记，且须属于同一二级指标",
					"this row lies under a merged score cell: it takes no weight, score or flags of its own and must share the level-2 indicator")
			}
			continue
		}
		if ind.ScoreRows > 1 {
			covered, head = ind.ScoreRows-1, i
			if i+covered >= len(t.Indicators) {
				v.add(ip+"/scoreRows", CodeSpan, "合并的分值单元格超出最后一行", "the merged score cell runs past the last row")
			}
		}
		if ind.NotApplicable {
			if ind.Weight.Valid || ind.Score.Valid || ind.Quantitative != nil {
				v.add(ip, CodeNotApplicable, "不涉及的指标不能有分值、得分或定量数据", "a not-applicable row must have no weight, score or quantitative data")
			}
			continue
		}
		if !ind.Weight.Valid {
			v.add(ip+"/weight", CodeRequired, "指标必须给出分值（不涉及的指标请设 notApplicable）", "the row needs a weight (mark not-applicable rows with notApplicable)")
			known = false
			continue
		}
		if ind.Weight.Value.IsNegative() {
			v.add(ip+"/weight", CodeNegative, "分值不能为负数", "weight must not be negative")
		}
		weights.add(ind.Weight.Value)
		if q := ind.Quantitative; q != nil {
			v.quantitative(q, ip+"/quantitative")
		} else if !ind.Score.Valid && !v.lost(ip, "/quantitative") {
			v.add(ip+"/score", CodeMissingScore, "定性指标必须给出得分", "a qualitative row needs a score")
		}
		// A quantitative row's score is computed; a score given with it
		// is a published figure, audited rather than validated.
		if ind.Score.Valid && ind.Quantitative == nil {
			v.score(ind.Score, ind.Weight, ip+"/score")
		}
	}
	if sum, total := weights.value(), v.s.SelfAssessment.TotalWeight; known && !sum.Equal(total) {
		v.add(p+"/indicators", CodeWeightSum,
			fmt.Sprintf("预算执行分值与各指标分值之和为 %s，应为 %s", sum, total),
			fmt.Sprintf("the budget-execution weight plus the indicator weights sum to %s, must be %s", sum, total))
	}
	for _, name := range slices.Sorted(maps.Keys(t.Declared.Points)) { // sorted: problems in a stable order
		if _, ok := v.s.SelfAssessment.Level(name); !ok {
			v.add(child(p+"/declared/points", name), CodeUnknownLevel,
				fmt.Sprintf("一级指标 %q 不在评分方案中", name), fmt.Sprintf("level-1 indicator %q is not in the scheme", name))
		}
	}
}

// bare reports whether a row has no weight, score or flags of its own, as
// a row under a merged score cell.
func bare(ind *TableIndicator) bool {
	return !ind.Weight.Valid && !ind.Score.Valid && !ind.NotApplicable && ind.Quantitative == nil && ind.ScoreRows <= 0
}

// levels checks the row's 一级/二级 names against the scheme and that the
// rows of one 一级 or 二级 indicator stand together, so they can span.
func (v *crossValidator) levels(ind *TableIndicator, ip string, i int, seen map[string]int) {
	if ind.Level1 == "" {
		// Missing (and reported so) or unread: not also unknown, and
		// the row may belong to the indicators around it.
		continueRuns(seen, i, "")
		return
	}
	l, ok := v.s.SelfAssessment.Level(ind.Level1)
	if !ok {
		v.add(ip+"/level1", CodeUnknownLevel,
			fmt.Sprintf("一级指标 %q 不在评分方案中（允许：%s）", ind.Level1, levelNames(v.s)),
			fmt.Sprintf("level-1 indicator %q is not in the scheme (allowed: %s)", ind.Level1, levelNames(v.s)))
		return
	}
	keys := []string{ind.Level1, ind.Level1 + "/" + ind.Level2}
	if v.lost(ip, "/level2") {
		// Which 二级 the row belongs to is unknown: it may continue the
		// one before it, and ends none.
		keys = keys[:1]
		continueRuns(seen, i, ind.Level1+"/")
	}
	if ind.Level2 != "" && !contains(l.Children, ind.Level2) {
		v.add(ip+"/level2", CodeUnknownLevel,
			fmt.Sprintf("二级指标 %q 不属于 %s（允许：%s）", ind.Level2, l.Name, strings.Join(l.Children, "、")),
			fmt.Sprintf("level-2 indicator %q does not belong to %s (allowed: %s)", ind.Level2, l.Name, strings.Join(l.Children, ", ")))
	}
	for _, key := range keys {
		if last, ok := seen[key]; ok && last != i-1 {
			v.add(ip, CodeIndicatorOrder,
				fmt.Sprintf("指标 %q 的各行必须相邻", key), fmt.Sprintf("the rows of %q must be adjacent", key))
		}
		seen[key] = i
	}
}

// continueRuns lets row i, whose indicator is unknown, continue the runs
// of rows that end just before it and whose keys start with prefix.
func continueRuns(seen map[string]int, i int, prefix string) {
	for k, last := range seen {
		if last == i-1 && strings.HasPrefix(k, prefix) {
			seen[k] = i
		}
	}
}

func levelNames(s *profile.Scheme) string {
	names := make([]string, len(s.SelfAssessment.Levels))
	for i, l := range s.SelfAssessment.Levels {
		names[i] = l.Name
	}
	return strings.Join(names, "、")
}

func (v *crossValidator) quantitative(q *Quantitative, p string) {
	if !q.Target.Valid {
		v.add(p+"/target", CodeRequired, "定量指标必须给出年度指标值（A）", "a quantitative row needs its target (A)")
	} else if !q.Target.Value.IsPositive() {
		v.add(p+"/target", CodeRange, "年度指标值（A）必须大于零", "the target (A) must be positive")
	}
	if !q.Actual.Valid {
		v.add(p+"/actual", CodeRequired, "定量指标必须给出全年实际值（B）", "a quantitative row needs its actual value (B)")
	} else if q.Actual.Value.IsNegative() || (q.Direction == "negative" && q.Actual.Value.IsZero()) {
		v.add(p+"/actual", CodeRange, "全年实际值（B）超出允许范围", "the actual value (B) is out of range")
	}
}

// MaxExecution is the largest execution rate an input may state: the
// executed amount at most twice the full-year budget. 全年预算数 is the
// budget after every adjustment, so spending past it is already an
// exception; twice it is a mistyped figure or unit (万元 for 元 is
// 10,000 times), which would otherwise be scored 100% and graded 优.
var MaxExecution = decimal.NewFromInt(2)

// overExecuted refuses a fund row whose executed amount passes
// MaxExecution times its budget.
func (v *crossValidator) overExecuted(r *FundRow, p string) {
	b, e := r.Budget, r.Executed
	if !b.Valid || !e.Valid || b.Value.Sign() <= 0 || e.Value.LessThanOrEqual(b.Value.Mul(MaxExecution)) {
		return
	}
	v.add(p+"/executed", CodeRange,
		fmt.Sprintf("全年执行数 %s 超过全年预算数 %s 的 %s 倍：请检查金额及其单位", e.Raw, b.Raw, MaxExecution),
		fmt.Sprintf("the executed amount %s is more than %s times the budget %s: check the amounts and their unit", e.Raw, MaxExecution, b.Raw))
}

var fundColumns = []struct{ name, zh string }{
	{"initialBudget", "年初预算数"}, {"budget", "全年预算数"}, {"executed", "全年执行数"},
}

func fundValue(r *FundRow, col string) Number {
	switch col {
	case "initialBudget":
		return r.InitialBudget
	case "budget":
		return r.Budget
	}
	return r.Executed
}

func (v *crossValidator) funds(f *Funds, p string) {
	type source struct {
		row  *FundRow
		name string
	}
	var subs []source
	for _, k := range profile.FundKeys[1:] {
		subs = append(subs, source{f.Source(k), k})
	}
	totalMissing := !f.Total.Budget.Valid && !f.Total.Executed.Valid && !f.Total.InitialBudget.Valid &&
		!v.touched(p, "/total")
	if totalMissing {
		// One problem for the row, not one for each of its amounts and
		// each column its sources fill.
		v.add(p+"/total", CodeRequired, "年度资金总额缺失：须给出全年预算数（budget）和全年执行数（executed）",
			"the total row is missing: its budget and executed amounts are required")
	} else {
		v.amount(f.Total.Budget, p+"/total/budget", true)
		v.amount(f.Total.Executed, p+"/total/executed", true)
		v.amount(f.Total.InitialBudget, p+"/total/initialBudget", false)
	}
	if f.Total.Budget.Valid && f.Total.Budget.Value.IsZero() {
		v.add(p+"/total/budget", CodeRange, "全年预算数不能为零", "the annual budget must not be zero")
	}
	v.overExecuted(&f.Total, p+"/total")
	for _, s := range subs {
		if s.row != nil {
			v.overExecuted(s.row, p+"/"+s.name)
		}
	}
	for _, col := range fundColumns {
		total := fundValue(&f.Total, col.name)
		var sum decimal.Decimal
		any, known := false, true
		for _, s := range subs {
			if s.row == nil {
				known = known && !v.lost(p, "/"+s.name)
				continue
			}
			n := fundValue(s.row, col.name)
			v.amount(n, p+"/"+s.name+"/"+col.name, false)
			if n.Valid {
				sum, any = sum.Add(n.Value), true
			}
			known = known && !v.lost(p+"/"+s.name, "/"+col.name)
		}
		if any && known && total.Valid && sum.Sub(total.Value).Abs().GreaterThan(v.s.Tolerance.Money) {
			v.add(p+"/total/"+col.name, CodeFundSum,
				fmt.Sprintf("%s：各来源之和 %s 不等于年度资金总额 %s", col.zh, sum, total.Raw),
				fmt.Sprintf("%s: the sources sum to %s, not the total %s", col.name, sum, total.Raw))
		}
		// The budget and executed totals are required, and reported
		// missing above: only the optional column has this second cause.
		if any && !total.Valid && !totalMissing && col.name == "initialBudget" {
			v.add(p+"/total/"+col.name, CodeFundMissing,
				fmt.Sprintf("%s：有分项金额但年度资金总额缺失", col.zh),
				fmt.Sprintf("%s: sources are given but the total is missing", col.name))
		}
	}
}

// form refuses what the profile's form has no place for — it would be
// dropped from the documents — and checks its free-text blocks.
func (v *crossValidator) form(t *SelfAssessment, p string) {
	f := &v.p.Forms.SelfAssessment
	notOnForm := func(path, what string) {
		v.add(path, CodeNotOnForm,
			fmt.Sprintf("表单配置 %s 的自评表没有“%s”，该内容无处填写", v.p.Name, what),
			fmt.Sprintf("profile %s's table has no place for %s", v.p.Name, path[strings.LastIndexByte(path, '/')+1:]))
	}
	for _, h := range HeaderFields {
		if *h.Of(t) != "" && !f.HasHeader(h.Name) {
			notOnForm(p+"/"+h.Name, h.Label)
		}
	}
	for _, k := range profile.FundKeys[1:] {
		if t.Funds.Source(k) != nil && !f.Funds.HasFundRow(k) {
			notOnForm(p+"/funds/"+k, k)
		}
	}
	for i := range t.Indicators {
		ind := &t.Indicators[i]
		for _, c := range IndicatorFields {
			if c.Text(ind) != "" && !f.Indicators.HasColumn(c.Name) {
				notOnForm(child(p+"/indicators", i)+"/"+c.Name, c.Name)
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(t.Texts)) {
		b, ok := f.Text(k)
		path := child(p+"/texts", k)
		switch {
		case !ok:
			notOnForm(path, k)
		case b.MaxLength > 0 && utf8.RuneCountInString(t.Texts[k]) > b.MaxLength:
			n := utf8.RuneCountInString(t.Texts[k])
			v.add(path, CodeTooLong,
				fmt.Sprintf("“%s”共 %d 字，不能超过 %d 字", b.Label, n, b.MaxLength),
				fmt.Sprintf("%s has %d characters; at most %d are allowed", k, n, b.MaxLength))
		}
	}
	for _, b := range f.Texts {
		if b.Required && strings.TrimSpace(t.Texts[b.Key]) == "" {
			v.add(child(p+"/texts", b.Key), CodeRequired,
				fmt.Sprintf("“%s”必须填写", b.Label), fmt.Sprintf("%s is required", b.Key))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(t.Signatures)) {
		if !f.HasSignature(k) {
			notOnForm(child(p+"/signatures", k), k)
		} else if utf8.RuneCountInString(t.Signatures[k]) > 50 {
			v.add(child(p+"/signatures", k), CodeTooLong, "签名不能超过 50 字", "a signature has at most 50 characters")
		}
	}
}
