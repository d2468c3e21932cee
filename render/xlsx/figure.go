package xlsx

import (
	"fmt"
	"strings"

	"github.com/jixiao/jixiao/profile"
	"github.com/shopspring/decimal"
)

var hundred = decimal.NewFromInt(100)

// kindStyle is the bordered cell style of a figure of kind k, in the
// profile's format: fixed decimals (0.00, #,##0.00, 0.00%), or General
// for a kind printed without trailing zeros.
func (w *writer) kindStyle(k profile.Kind) style {
	if st, ok := w.kinds[k]; ok {
		return st
	}
	f := w.scheme.Figures.Format(k)
	st := style{border: true, numFmt: fmtGeneral}
	if !f.Trim || k == profile.KindRate {
		st = style{border: true, format: numberFormat(f, k == profile.KindRate)}
	}
	w.kinds[k] = st
	return st
}

// numberFormat is the spreadsheet number format of a figure format.
func numberFormat(f profile.Format, percent bool) string {
	s := "0"
	if f.Grouping {
		s = "#,##0"
	}
	if f.Decimals > 0 {
		s += "." + strings.Repeat("0", int(f.Decimals))
	}
	if percent {
		s += "%"
	}
	return s
}

// fig is a figure cell of kind k: the number v, or the formula f with v
// as its cached value. A rate is held as a fraction under a percent
// format, so that formulas over it stay plain arithmetic.
func (w *writer) fig(c1, c2 int, k profile.Kind, v decimal.Decimal, f string) item {
	cached := v
	if k == profile.KindRate {
		cached = v.Div(hundred)
	}
	return item{c1: c1, c2: c2, f: f, v: f64(cached), st: w.kindStyle(k), text: w.scheme.Print(k, v)}
}

// round wraps expr in the profile's rounding to the scale of kind k; a
// rate, held as a fraction, keeps two more decimals.
func (w *writer) round(expr string, k profile.Kind) string {
	d := w.scheme.Figures.Format(k).Decimals
	if k == profile.KindRate {
		d += 2
	}
	return w.roundTo(expr, d)
}

// roundTo wraps expr in the profile's rounding to places decimals.
func (w *writer) roundTo(expr string, places int32) string {
	fn := "ROUND"
	if w.scheme.Rounding == profile.Down {
		fn = "ROUNDDOWN"
	}
	return fmt.Sprintf("%s(%s,%d)", fn, expr, places)
}

// rateFormula is num/den as a rate, 0 when den is 0.
func (w *writer) rateFormula(num, den string) string {
	return fmt.Sprintf("IF(%s=0,0,%s)", den, w.round(num+"/"+den, profile.KindRate))
}

// executionFormula is the 预算执行 score: min(executed/budget, 1) × weight.
func (w *writer) executionFormula(executed, budget, weight string) string {
	return fmt.Sprintf("IF(%s=0,0,%s)", budget, w.round(fmt.Sprintf("MIN(%s/%s,1)*%s", executed, budget, weight), profile.KindScore))
}

// sumFormula is the sum of refs at the scale of kind k.
func (w *writer) sumFormula(refs string, k profile.Kind) string {
	return w.round("SUM("+refs+")", k)
}
