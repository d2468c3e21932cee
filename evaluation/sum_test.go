package evaluation

import (
	"testing"

	"github.com/shopspring/decimal"
)

// TestSum checks sum against repeated decimal.Add: the same coefficient
// and exponent, across the int64's bounds.
func TestSum(t *testing.T) {
	for _, terms := range [][]string{
		{},
		{"0"},
		{"10", "20", "15.5", "4.50"},
		{"-3.25", "3.25"},
		{"0.001", "100", "-0.1"},
		{"99999999999999999", "1"},
		{"99999999999999999", "0.1", "5"},
		{"123456789012345678901234", "1.5"},
		{"1e20", "2"},
		{"1e-30", "1"},
		{"5e3", "0.5"},
	} {
		var want decimal.Decimal
		var s exactSum
		for _, x := range terms {
			d := decimal.RequireFromString(x)
			want = want.Add(d)
			s.add(d)
		}
		got := s.value()
		if len(terms) == 0 && got != (decimal.Decimal{}) {
			t.Errorf("an empty sum is %#v, not the zero value", got)
		}
		if got.Exponent() != want.Exponent() || got.Coefficient().Cmp(want.Coefficient()) != 0 {
			t.Errorf("%v: %s e%d, want %s e%d", terms, got.Coefficient(), got.Exponent(), want.Coefficient(), want.Exponent())
		}
	}
}

func FuzzSum(f *testing.F) {
	f.Add(int64(1050), int32(-2), int64(-7), int32(0), int64(1e17), int32(-1))
	f.Fuzz(func(t *testing.T, c1 int64, e1 int32, c2 int64, e2 int32, c3 int64, e3 int32) {
		var want decimal.Decimal
		var s exactSum
		for _, d := range []decimal.Decimal{decimal.New(c1, e1%40), decimal.New(c2, e2%40), decimal.New(c3, e3%40)} {
			want = want.Add(d)
			s.add(d)
		}
		got := s.value()
		if got.Exponent() != want.Exponent() || got.Coefficient().Cmp(want.Coefficient()) != 0 {
			t.Fatalf("%s e%d, want %s e%d", got.Coefficient(), got.Exponent(), want.Coefficient(), want.Exponent())
		}
	})
}
