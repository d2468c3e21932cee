package profile

import (
	"strings"

	"github.com/shopspring/decimal"
)

// Kind is a kind of figure; each has its own scale and format.
type Kind string

// Kinds of figure.
const (
	KindMoney  Kind = "money"
	KindRate   Kind = "rate" // in percent
	KindScore  Kind = "score"
	KindWeight Kind = "weight"
)

// Format returns the format of a kind of figure.
func (f *Figures) Format(k Kind) Format {
	switch k {
	case KindMoney:
		return f.Money
	case KindRate:
		return f.Rate
	case KindWeight:
		return f.Weight
	}
	return f.Score
}

// Rounding is a rounding mode.
type Rounding string

// Rounding modes.
const (
	HalfUp Rounding = "half-up"
	Down   Rounding = "down"
)

var hundred = decimal.NewFromInt(100)

// Round rounds d to places decimals.
func (r Rounding) Round(d decimal.Decimal, places int32) decimal.Decimal {
	if r == Down {
		return d.Truncate(places)
	}
	return d.Round(places) // half away from zero
}

// Quo returns num/den rounded to places decimals, exactly. decimal.Div
// stops at 16 decimals, so a quotient such as 5.0149999999999999|6…
// (15 × 10.03 / 30 = 5.015) would otherwise be rounded twice and come out
// 5.01 instead of 5.02.
func (r Rounding) Quo(num, den decimal.Decimal, places int32) decimal.Decimal {
	q, rem := num.QuoRem(den, places)
	// q is num/den truncated toward zero; |rem| < |den| × 10^-places.
	if r == Down {
		return q
	}
	unit := decimal.New(1, -places)
	if rem.Abs().Add(rem.Abs()).GreaterThanOrEqual(den.Abs().Mul(unit)) {
		if num.Sign()*den.Sign() < 0 {
			return q.Sub(unit)
		}
		return q.Add(unit)
	}
	return q
}

// Round rounds a figure of kind k to its scale.
func (s *Scheme) Round(k Kind, d decimal.Decimal) decimal.Decimal {
	return s.Rounding.Round(d, s.Figures.Format(k).Decimals)
}

// Quo returns num/den as a figure of kind k, rounded once.
func (s *Scheme) Quo(k Kind, num, den decimal.Decimal) decimal.Decimal {
	return s.Rounding.Quo(num, den, s.Figures.Format(k).Decimals)
}

// Percent returns num/den in percent at the rate scale; 0 when den is 0.
func (s *Scheme) Percent(num, den decimal.Decimal) decimal.Decimal {
	if den.IsZero() {
		return decimal.Zero
	}
	return s.Quo(KindRate, num.Mul(hundred), den)
}

// Print formats a figure of kind k as the form prints it: Number, and a
// rate with its percent sign.
func (s *Scheme) Print(k Kind, d decimal.Decimal) string {
	if k == KindRate {
		return s.Number(k, d) + "%"
	}
	return s.Number(k, d)
}

// Number formats a figure of kind k rounded to its scale, at fixed
// decimals or trimmed, grouped if the form groups.
func (s *Scheme) Number(k Kind, d decimal.Decimal) string {
	f := s.Figures.Format(k)
	d = s.Rounding.Round(d, f.Decimals)
	var out string
	if f.Trim {
		out = d.String()
	} else {
		out = d.StringFixed(f.Decimals)
	}
	if f.Grouping {
		out = Group(out)
	}
	return out
}

// Group inserts thousands separators into a plain decimal:
// 1234567.50 becomes 1,234,567.50.
func Group(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasFrac {
		return sign + b.String() + "." + frac
	}
	return sign + b.String()
}

// Fits reports whether d has no more decimals than kind k allows,
// ignoring trailing zeros ("10.00" fits a whole-number scale).
func (s *Scheme) Fits(k Kind, d decimal.Decimal) bool {
	_, frac, _ := strings.Cut(d.String(), ".") // String drops trailing zeros
	return int32(len(frac)) <= s.Figures.Format(k).Decimals
}

// Decimals returns the number of decimals d was written with ("9.50": 2).
func Decimals(d decimal.Decimal) int32 { return max(-d.Exponent(), 0) }
