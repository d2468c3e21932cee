package evaluation

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/shopspring/decimal"
)

// Number is an exact decimal read from JSON. It accepts a JSON number or a
// string ("104.30", "96.16%"), and keeps the text exactly as the user wrote
// it, so that a published figure can be reprinted verbatim and audited
// against its computed value. A trailing "%" is kept in Raw and stripped
// from the value: rates are always expressed in percent.
type Number struct {
	Value decimal.Decimal
	Raw   string // the text as given, without quotes
	Valid bool   // false when the field was absent or null
}

// N returns a valid Number holding d, as computed values are.
func N(d decimal.Decimal) Number { return Number{Value: d, Raw: d.String(), Valid: true} }

// MustNumber parses s and panics on error; it is meant for constants in
// tests and templates, never for user input.
func MustNumber(s string) Number {
	n, err := ParseNumber(s)
	if err != nil {
		panic(err)
	}
	return n
}

var thousands = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?$`) })

// ParseNumber parses a decimal written as "12.5", "-3", "7,235.39" or
// "96.16%", also as a Chinese input method types it: full-width digits,
// point, signs, percent and comma ("８６．１９％", "7，235.39"). Raw keeps
// the text as written.
func ParseNumber(s string) (Number, error) {
	n, _, err := parseNumber(s)
	return n, err
}

// parseNumber is ParseNumber, and also counts the digits of the number's
// integer part after any leading zeros: a magnitude check without
// decimal arithmetic.
func parseNumber(s string) (n Number, intDigits int, err error) {
	if n, intDigits, ok := parsePlain(s); ok {
		return n, intDigits, nil
	}
	return parseNumberGeneral(s)
}

// parseNumberGeneral is parseNumber for any text.
func parseNumberGeneral(s string) (n Number, intDigits int, err error) {
	t := strings.ReplaceAll(halfWidth(strings.TrimSpace(s)), "，", ",")
	t = strings.TrimSuffix(t, "%")
	if strings.Contains(t, ",") {
		// Only thousands separators, as printed ("7,235.39"): "0,5" or
		// "96,16" must not silently read as 5 or 9616.
		if !thousands().MatchString(t) {
			return Number{}, 0, fmt.Errorf("%q is not a decimal number", s)
		}
		t = strings.ReplaceAll(t, ",", "")
	}
	if t == "" {
		return Number{}, 0, fmt.Errorf("empty number")
	}
	d, err := decimal.NewFromString(t)
	if err != nil || strings.ContainsAny(t, "eE") {
		return Number{}, 0, fmt.Errorf("%q is not a decimal number", s)
	}
	// Without exponent, t is a sign, digits, and a fraction.
	whole, _, _ := strings.Cut(strings.TrimLeft(t, "+-"), ".")
	return Number{Value: d, Raw: strings.TrimSpace(s), Valid: true}, len(strings.TrimLeft(whole, "0")), nil
}

// parsePlain parses the numbers most figures are, an optional minus, at
// most 18 ASCII digits and an optional point between two of them, as
// parseNumber does, without its passes over the text and the decimal
// package's parser; ok is false for any other text, which parseNumber
// then reads. The value is the one decimal.NewFromString gives: the
// digits as the coefficient, the exponent minus the count after the
// point.
func parsePlain(s string) (n Number, intDigits int, ok bool) {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	var coef int64
	digits, point, leading := 0, -1, true
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if digits == 18 {
				return Number{}, 0, false
			}
			digits++
			coef = coef*10 + int64(c-'0')
			if point < 0 {
				if c != '0' || !leading {
					intDigits++
					leading = false
				}
			}
		case c == '.' && point < 0 && digits > 0 && i+1 < len(s):
			point = digits
		default:
			return Number{}, 0, false
		}
	}
	if digits == 0 {
		return Number{}, 0, false
	}
	exp := 0
	if point >= 0 {
		exp = point - digits
	}
	if s[0] == '-' {
		coef = -coef
	}
	return Number{Value: decimal.New(coef, int32(exp)), Raw: s, Valid: true}, intDigits, true
}

// UnmarshalJSON implements json.Unmarshaler.
func (n *Number) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		*n = Number{}
		return nil
	}
	var s string
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
	} else {
		s = string(b)
	}
	v, err := ParseNumber(s)
	if err != nil {
		return err
	}
	*n = v
	return nil
}

// MarshalJSON writes the number as a JSON string holding the text as given,
// so that no precision is lost in a round trip.
func (n Number) MarshalJSON() ([]byte, error) {
	if !n.Valid {
		return []byte("null"), nil
	}
	for i := 0; i < len(n.Raw); i++ {
		if c := n.Raw[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return json.Marshal(n.Raw) // escapes as encoding/json does
		}
	}
	// Most numbers are digits, signs and points, which need no escape:
	// quoted as they are, as json.Marshal quotes them.
	b := make([]byte, 0, len(n.Raw)+2)
	b = append(b, '"')
	b = append(b, n.Raw...)
	return append(b, '"'), nil
}

// IsZero reports whether the number is absent; encoding/json uses it for
// omitzero.
func (n Number) IsZero() bool { return !n.Valid }
