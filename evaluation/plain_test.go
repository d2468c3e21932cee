package evaluation

import (
	"encoding/json"
	"testing"
)

// TestParsePlain checks the fast path of parseNumber against the general
// one: the same value (coefficient and exponent), text and digit count,
// and that it leaves every other text to the general one.
func TestParsePlain(t *testing.T) {
	for _, s := range []string{
		"0", "-0", "00", "007", "12.5", "12.50", "-3", "-0.0", "0.05", "100", "96.16",
		"123456789012345678", "-123456789.123456789", "1234567890123456789", "0.000000000000000001",
		"7,235.39", "96.16%", " 12", "12 ", "1.", ".5", "-", "", "1.2.3", "--1", "+1", "1e5", "８６．１９", "1_0",
	} {
		pn, pd, ok := parsePlain(s)
		t.Run(s, func(t *testing.T) {
			n, d, err := parseNumberGeneral(s)
			if !ok {
				return // the general path reads it
			}
			if err != nil {
				t.Fatalf("plain read %q, the general path refuses it: %v", s, err)
			}
			if pn.Raw != n.Raw || pn.Valid != n.Valid || pd != d ||
				pn.Value.Exponent() != n.Value.Exponent() || pn.Value.Coefficient().Cmp(n.Value.Coefficient()) != 0 {
				t.Errorf("plain %v %d (%s e%d), general %v %d (%s e%d)", pn, pd, pn.Value.Coefficient(), pn.Value.Exponent(),
					n, d, n.Value.Coefficient(), n.Value.Exponent())
			}
		})
	}
}

func FuzzParsePlain(f *testing.F) {
	for _, s := range []string{"0", "-12.50", "123456789012345678", "1.", "96.16%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		pn, pd, ok := parsePlain(s)
		if !ok {
			return
		}
		n, d, err := parseNumberGeneral(s)
		if err != nil || pn.Raw != n.Raw || pd != d || pn.Value.Exponent() != n.Value.Exponent() ||
			pn.Value.Coefficient().Cmp(n.Value.Coefficient()) != 0 {
			t.Fatalf("%q: plain %v %d, general %v %d %v", s, pn, pd, n, d, err)
		}
	})
}

// TestNumberMarshalJSON checks a number's JSON against json.Marshal of
// its text, the escapes included.
func TestNumberMarshalJSON(t *testing.T) {
	for _, raw := range []string{"12.50", "-3", "96.16%", "7,235.39", "８６．１９％", `1"2`, `1\2`, "<1>", "1&2", "\x7f", "a\tb", "\u2028", "\xff", ""} {
		got, err := Number{Raw: raw, Valid: true}.MarshalJSON()
		want, _ := json.Marshal(raw)
		if err != nil || string(got) != string(want) {
			t.Errorf("%q: %s, %v; want %s", raw, got, err, want)
		}
	}
}
