package evaluation

import "github.com/shopspring/decimal"

// exactSum adds decimals exactly, as repeated decimal.Add from zero does, to
// the same coefficient and exponent: while every term and the total fit
// in 17 digits at the smallest exponent seen, the total is kept as an
// int64 and scaled by powers of ten, which is exact; past that it goes
// on with decimal.Add. A table's weights and scores then sum without two
// big integers per term.
type exactSum struct {
	coef  int64 // the total, times 10^-exp
	exp   int32
	big   bool // the total is in total, not coef and exp
	total decimal.Decimal
	// first is the value the sum started at (sumFrom), given back as it
	// is while nothing was added.
	first decimal.Decimal
	added bool
}

// maxCoef bounds the coefficients kept in an int64: the sum of two of
// them, or one times ten, cannot overflow.
const maxCoef = 1e17

var pow10 = [...]int64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17}

// scaled returns c × 10^k when it stays within maxCoef.
func scaled(c int64, k int32) (int64, bool) {
	if k < 0 || k >= int32(len(pow10)) {
		return 0, false
	}
	p := pow10[k]
	if c > maxCoef/p || c < -maxCoef/p {
		return 0, false
	}
	return c * p, true
}

// sumFrom returns a sum that starts at d, as repeated d.Add does.
func sumFrom(d decimal.Decimal) exactSum {
	if d.NumDigits() <= 17 {
		return exactSum{coef: d.CoefficientInt64(), exp: d.Exponent(), first: d}
	}
	return exactSum{big: true, total: d, first: d}
}

func (s *exactSum) add(d decimal.Decimal) {
	s.added = true
	if !s.big {
		if d.NumDigits() <= 17 {
			c, e := d.CoefficientInt64(), d.Exponent()
			to := min(s.exp, e)
			a, ok1 := scaled(s.coef, s.exp-to)
			b, ok2 := scaled(c, e-to)
			if t := a + b; ok1 && ok2 && t <= maxCoef && t >= -maxCoef {
				s.coef, s.exp = t, to
				return
			}
		}
		s.big, s.total = true, s.value()
	}
	s.total = s.total.Add(d)
}

// value returns the total.
func (s *exactSum) value() decimal.Decimal {
	if !s.added {
		return s.first
	}
	if s.big {
		return s.total
	}
	return decimal.New(s.coef, s.exp)
}
