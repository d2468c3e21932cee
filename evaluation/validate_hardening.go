package evaluation

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// MaxAmountDecimals is the most decimal places of an amount: 万元 to a
// hundredth of a fen. A smaller amount (0.000…01) would make rates of
// forty digits.
const MaxAmountDecimals = 6

// amountScale refuses amounts with more than MaxAmountDecimals places.
func (v *crossValidator) amountScale(n Number, path string) {
	if n.Value.Exponent() < -MaxAmountDecimals && !n.Value.Equal(n.Value.Truncate(MaxAmountDecimals)) {
		v.add(path, CodeRange,
			fmt.Sprintf("金额 %s 的小数超过 %d 位", n.Raw, MaxAmountDecimals),
			fmt.Sprintf("amount %s has more than %d decimal places", n.Raw, MaxAmountDecimals))
	}
}

// maxWidthRatio bounds how many times wider than another a column of a
// free table may be: beyond it a column is too narrow to hold a character.
const maxWidthRatio = 100

// tableWidths checks a free table's relative column widths: each
// positive, none more than maxWidthRatio times another.
func (v *crossValidator) tableWidths(ws []Number, p string) {
	var lo, hi decimal.Decimal
	for i, w := range ws {
		if !w.Valid || !w.Value.IsPositive() {
			v.add(child(p+"/widths", i), CodeRange, "列宽必须大于零", "a column width must be positive")
			return
		}
		if i == 0 || w.Value.LessThan(lo) {
			lo = w.Value
		}
		if i == 0 || w.Value.GreaterThan(hi) {
			hi = w.Value
		}
	}
	if len(ws) > 0 && hi.GreaterThan(lo.Mul(decimal.NewFromInt(maxWidthRatio))) {
		v.add(p+"/widths", CodeRange,
			fmt.Sprintf("最宽的列不能超过最窄列的 %d 倍", maxWidthRatio),
			fmt.Sprintf("the widest column may be at most %d times the narrowest", maxWidthRatio))
	}
}
