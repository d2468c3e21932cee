package api

import (
	"fmt"
	"strings"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
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

// asciiName is the fallback file name: jixiao-YEAR-PART.EXT, such as
// jixiao-2021-table-3.pdf.
func asciiName(d *evaluation.Disclosure, o export.Options) string {
	part := "disclosure"
	if sel, err := export.ParsePart(o.Part, d); err == nil && sel.Kind != "all" {
		part = sel.Kind
		if sel.Kind != "department" {
			part = fmt.Sprintf("%s-%d", sel.Kind, sel.Index+1)
		}
	}
	ext := o.Format
	if ext == "" {
		ext = export.PDF
	}
	return fmt.Sprintf("jixiao-%d-%s.%s", d.Year, part, ext)
}
