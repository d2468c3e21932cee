package evaluation

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// fraction reports a declared rate that looks typed as a fraction, 0.8619
// for 86.19%, as one finding with the rate it probably means, and
// reports whether it did. Rates are always in percent, so such a rate
// reads as 0.8619%. It looks like a fraction when it is written without
// a percent sign, lies strictly between 0 and 1, and either its document
// declares another rate above 1 (it writes its rates in percent) or a
// hundred times it is the computed rate at the decimals written (0.96 for
// 96.16%). A document with this rate alone and no computed rate to match
// is not flagged: 0.50% may be meant.
func (a *auditor) fraction(declared Number, computed decimal.Decimal, path, zh, en string) bool {
	v := declared.Value
	if strings.Contains(halfWidth(declared.Raw), "%") || !v.IsPositive() || !v.LessThan(one) {
		return false
	}
	percent, places := v.Shift(2), max(-v.Exponent()-2, 0)
	if !a.percent && !percent.Equal(computed.Round(places)) {
		return false
	}
	// The percent with the digits written: 0.8580 → 85.80, not 85.8.
	meant := percent.StringFixed(places)
	comp := a.s.Number(kinds[FindingRate], computed)
	a.add(Finding{
		Path: path, Code: FindingFraction, Severity: a.p.Audit.Severity("declaredFigures"), Declared: declared.Raw, Computed: comp + "%",
		Message:   fmt.Sprintf("%s看似小数：%s → %s%%？比率以百分数填写；按数据计算为 %s%%", zh, declared.Raw, meant, comp),
		MessageEN: fmt.Sprintf("%s looks like a fraction: %s → %s%%? Rates are written in percent; it computes to %s%%", en, declared.Raw, meant, comp),
	})
	return true
}

// percent reports whether the department declares a rate above 1.
func (d *DepartmentBudgetDeclared) percent() bool {
	for _, n := range []Number{d.ExecutionRate, d.CarryoverRate, d.PreviousCarryoverRate, d.FinalAccountsDifferenceRate} {
		if aboveOne(n) {
			return true
		}
	}
	return false
}

// treePercent reports whether an indicator tree declares a rate above 1.
func treePercent(nodes []Indicator) bool {
	for i := range nodes {
		if aboveOne(nodes[i].DeclaredRate) || treePercent(nodes[i].Children) {
			return true
		}
	}
	return false
}

func aboveOne(n Number) bool { return n.Valid && n.Value.GreaterThan(one) }

var one = decimal.NewFromInt(1)
