package api

import (
	"fmt"
	"strings"
)

// contentDisposition returns an attachment disposition carrying name in
// UTF-8 (RFC 6266 and RFC 8187's filename*) and an ASCII fallback for
// clients that do not read it.
func contentDisposition(name, fallback string) string {
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, fallback, encodeExtValue(name))
}

// encodeExtValue percent-encodes s as an RFC 8187 value: every byte but
// the attr-chars.
func encodeExtValue(s string) string {
	const attrChars = "!#$&+-.^_`|~"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(attrChars, c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
