package gopdf

import (
	"io"
	"math"
	"strconv"
)

// Patched for Jixiao: content stream operators are appended to a byte
// slice with strconv instead of formatted with fmt.Fprintf, which boxed
// every number and was about a quarter of the bytes allocated while
// writing a document. The output is byte for byte the same: fmt formats
// %.2f with strconv.AppendFloat(…, 'f', 2, 64) too.

// availableBuffer returns an empty slice to append an operator to before
// writing it to w with one Write. If w is a *bytes.Buffer or a
// *bufio.Writer (ContentObj writes to a pooled bytes.Buffer) the slice is
// w's own free space, so appending allocates nothing.
func availableBuffer(w io.Writer) []byte {
	if ab, ok := w.(interface{ AvailableBuffer() []byte }); ok {
		return ab.AvailableBuffer()
	}
	return make([]byte, 0, 64)
}

// appendF2 appends x as fmt's %.2f does. Positions are mostly far from a
// rounding tie, where rounding x*100 to an integer gives the same digits
// as strconv, about five times faster; near a tie, or for large or
// non-finite x, strconv decides.
func appendF2(b []byte, x float64) []byte {
	y := x * 100
	if y > -1e15 && y < 1e15 {
		r := math.Round(y)
		if d := math.Abs(y - r); d < 0.5-1e-6 && r != 0 {
			c := int64(r)
			if c < 0 {
				b = append(b, '-')
				c = -c
			}
			b = strconv.AppendInt(b, c/100, 10)
			return append(b, '.', byte('0'+c/10%10), byte('0'+c%10))
		}
	}
	return strconv.AppendFloat(b, x, 'f', 2, 64)
}

// appendF3 appends x as fmt's %.3f does.
func appendF3(b []byte, x float64) []byte {
	return strconv.AppendFloat(b, x, 'f', 3, 64)
}

// appendFloatTrim appends x as FormatFloatTrim formats it. Font sizes
// and character spacings have a few decimals: x rounded to thousandths
// is n/1000 for an integer n, whose shortest decimal, the one strconv
// gives, is n's digits with the point three places from the right and
// the zeros after it trimmed; strconv decides for large, zero and
// non-finite x.
func appendFloatTrim(b []byte, x float64) []byte {
	const precisionFactor = 1000.0
	n := math.Round(precisionFactor * x)
	if n == 0 || !(n > -1e15 && n < 1e15) {
		return strconv.AppendFloat(b, n/precisionFactor, 'f', -1, 64)
	}
	c := int64(n)
	if c < 0 {
		b = append(b, '-')
		c = -c
	}
	b = strconv.AppendInt(b, c/1000, 10)
	if f := c % 1000; f != 0 {
		d := [3]byte{byte('0' + f/100), byte('0' + f/10%10), byte('0' + f%10)}
		k := 3
		for d[k-1] == '0' {
			k--
		}
		b = append(b, '.')
		b = append(b, d[:k]...)
	}
	return b
}

// appendHex4 appends v as fmt's %04X does.
func appendHex4(b []byte, v uint16) []byte {
	const hex = "0123456789ABCDEF"
	return append(b, hex[v>>12], hex[v>>8&0xF], hex[v>>4&0xF], hex[v&0xF])
}

// appendCode appends the two-byte character code v to a literal string,
// escaping the bytes that would end it or be read differently: the
// parentheses, the backslash and the end-of-line bytes (PDF 32000
// §7.3.4.2).
func appendCode(b []byte, v uint16) []byte {
	for _, c := range [2]byte{byte(v >> 8), byte(v)} {
		switch c {
		case '(', ')', '\\':
			b = append(b, '\\', c)
		case '\r':
			b = append(b, '\\', 'r')
		case '\n':
			b = append(b, '\\', 'n')
		default:
			b = append(b, c)
		}
	}
	return b
}
