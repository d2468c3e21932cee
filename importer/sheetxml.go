package importer

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/shopspring/decimal"

	"github.com/jixiao/jixiao/profile"
)

// The sheets are read from their XML directly rather than through
// excelize's row iterator: one pass over each part's bytes, every value
// kept as the exact decimal text the file holds and formatted with
// decimal arithmetic (excelize formats through float64), at a fifth of
// the cost. excelize still reads a sheet this reader does not handle
// (namespace prefixes, cells without references); it never calculates a
// formula (grid.figure).

// book is what the sheets refer to: the shared strings and each cell
// style's number format.
type book struct {
	strings []string
	formats []numFmt // by style index (cellXfs)
}

// numFmt is the part of a number format that changes how a figure reads:
// its decimals, grouping and percent. Other formats (dates, text) show
// the value as stored.
type numFmt struct {
	known    bool
	decimals int32
	grouping bool
	percent  bool
}

// builtinFormats are the built-in number formats that show figures.
var builtinFormats = map[int]string{1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;[Red](#,##0.00)"}

// parseFormat reads a format code such as "#,##0.00_ ", "0.00%" or
// "[$-804]0.0"; codes with date or time parts are not figures.
func parseFormat(code string) numFmt {
	sec, _, _ := strings.Cut(code, ";")
	// Drop quoted text, escapes and bracketed parts ([Red], [$-804]).
	var b strings.Builder
	for i := 0; i < len(sec); i++ {
		switch c := sec[i]; c {
		case '"':
			j := strings.IndexByte(sec[i+1:], '"')
			if j < 0 {
				i = len(sec)
			} else {
				i += j + 1
			}
		case '[':
			j := strings.IndexByte(sec[i:], ']')
			if j < 0 {
				i = len(sec)
			} else {
				i += j
			}
		case '\\', '_', '*':
			i++
		default:
			b.WriteByte(c)
		}
	}
	s := strings.ToLower(b.String())
	if strings.ContainsAny(s, "ymdhs@") || !strings.ContainsAny(s, "0#") {
		return numFmt{}
	}
	f := numFmt{known: true, grouping: strings.Contains(s, ","), percent: strings.Contains(s, "%")}
	if i := strings.IndexByte(s, '.'); i >= 0 {
		for _, c := range s[i+1:] {
			if c == '0' || c == '#' {
				f.decimals++
			} else {
				break
			}
		}
	}
	return f
}

// show is the text a cell holding the number v shows in format f.
func (f numFmt) show(v string) string {
	d, err := decimal.NewFromString(v)
	if err != nil {
		return v
	}
	if !f.known {
		return general(d, v)
	}
	if f.percent {
		d = d.Shift(2)
	}
	s := d.StringFixed(f.decimals) // half away from zero, as spreadsheets display
	if f.grouping {
		s = profile.Group(s)
	}
	if f.percent {
		s += "%"
	}
	return s
}

// general is a number in the General format: as stored, but to 15
// significant digits, which hides a float's binary residue
// (0.30000000000000004 shows as 0.3).
func general(d decimal.Decimal, v string) string {
	coef := strings.TrimPrefix(d.Coefficient().String(), "-")
	if len(strings.TrimLeft(coef, "0")) <= 15 && !strings.ContainsAny(v, "eE") {
		return d.String()
	}
	exp := d.Exponent() + int32(len(coef)) // position of the first digit
	return d.Round(15 - exp).String()
}

// readBook reads the shared strings and the styles' number formats.
func readBook(parts map[string]*zip.File, m *meter) (*book, error) {
	bk := &book{}
	if f := parts["xl/sharedStrings.xml"]; f != nil {
		var err error
		if bk.strings, err = sharedStrings(f, m); err != nil {
			return nil, err
		}
	}
	if f := parts["xl/styles.xml"]; f != nil {
		var st struct {
			NumFmts []struct {
				ID   int    `xml:"numFmtId,attr"`
				Code string `xml:"formatCode,attr"`
			} `xml:"numFmts>numFmt"`
			Xfs []struct {
				NumFmtID int `xml:"numFmtId,attr"`
			} `xml:"cellXfs>xf"`
		}
		if err := decodePart(f, &st); err != nil {
			return nil, fmt.Errorf("styles: %w", err)
		}
		codes := map[int]string{}
		for id, c := range builtinFormats {
			codes[id] = c
		}
		for _, n := range st.NumFmts {
			codes[n.ID] = n.Code
		}
		bk.formats = make([]numFmt, len(st.Xfs))
		for i, x := range st.Xfs {
			if c, ok := codes[x.NumFmtID]; ok {
				bk.formats[i] = parseFormat(c)
			}
		}
	}
	return bk, nil
}

// sharedStrings reads the shared string table token by token: each item
// counts as a cell and its text towards the text budget, so that a table
// of ten million empty items, or of one item of 200 MiB, is refused as
// it is read rather than after. An item's text is its <t>, or its runs'
// <t> joined; phonetic guides (<rPh>) are left out.
func sharedStrings(f *zip.File, m *meter) ([]string, error) {
	const place = "xl/sharedStrings.xml"
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	tb := &tokenBound{r: rc, m: m, place: place, most: mostCellText}
	dec := xml.NewDecoder(tb)
	var out []string
	var item strings.Builder
	var path []string // the open elements' local names below <sst>
	for {
		tok, err := dec.Token()
		tb.read = 0
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			if e := m.err(); e != nil {
				return nil, e
			}
			var ie *Error
			if errors.As(err, &ie) {
				return nil, ie
			}
			return nil, fmt.Errorf("shared strings: %w", err)
		}
		if err := m.step(); err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			path = append(path, t.Name.Local)
			if len(path) == 2 && t.Name.Local == "si" {
				if err := m.addCells(1, place); err != nil {
					return nil, err
				}
				item.Reset()
			}
		case xml.EndElement:
			if len(path) == 2 && path[1] == "si" {
				out = append(out, unescapeX(item.String()))
			}
			path = path[:max(len(path)-1, 0)]
		case xml.CharData:
			// <si><t> or <si><r><t>
			if n := len(path); n >= 3 && path[1] == "si" && path[n-1] == "t" && (n == 3 || n == 4 && path[2] == "r") {
				if err := m.addText(len(t), place); err != nil {
					return nil, err
				}
				item.Write(t)
			}
		}
	}
}

// tokenBound feeds an XML decoder, bounding what one token may hold (the
// decoder buffers a text node whole before it returns it) by the text
// budget, and stopping when the import is canceled.
type tokenBound struct {
	r     io.Reader
	m     *meter
	place string
	// most is the most text one token may hold: a cell holds at most
	// 32,767 characters (Excel's limit), a Word run no more than a
	// report's whole text. A file that passes it is refused after
	// reading that much, not the whole text budget.
	most int64
	read int64 // since the last token; the caller resets it
}

// tokenSlack is what the decoder reads ahead of a token, and the most
// markup one token may carry beyond its text.
const tokenSlack = 64 << 10

// Most text of one token: a cell's 32,767 characters of up to 4 bytes
// (128 KiB), and a megabyte for a Word run.
const (
	mostCellText = 128 << 10
	mostRunText  = 1 << 20
)

func (b *tokenBound) Read(p []byte) (int, error) {
	if err := b.m.err(); err != nil {
		return 0, err
	}
	n, err := b.r.Read(p)
	b.read += int64(n)
	if left := b.m.l.MaxText - b.m.text; b.read > left+tokenSlack {
		return n, b.m.overText(b.place)
	}
	if b.most > 0 && b.read > b.most+tokenSlack {
		return n, fail(ErrTooLarge, "", b.place,
			fmt.Sprintf("一段文本超过 %s 上限", sizeText(b.most)),
			fmt.Sprintf("one text passes the limit of %s", sizeText(b.most)))
	}
	return n, err
}

// sheetCells reads a sheet part into rows of displayed text, the merged
// ranges and the cells whose formula has no cached value, within the
// limits.
func (bk *book) sheetCells(part *zip.File, sheet string, m *meter) (rows [][]string, merges []string, uncached map[string]bool, err error) {
	l := m.l
	place := sheetRef(sheet)
	if part.UncompressedSize64 > uint64(l.MaxUnpacked) {
		return nil, nil, nil, fail(ErrTooLarge, "", sheetRef(sheet), "工作表过大", "the sheet is too large")
	}
	rc, err := part.Open()
	if err != nil {
		return nil, nil, nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return nil, nil, nil, err
	}
	if bytes.Contains(data, []byte(":sheetData")) {
		return nil, nil, nil, errPrefixed // elements with a namespace prefix (<x:c>)
	}
	uncached = map[string]bool{}
	body := data
	if i := bytes.Index(data, []byte("</sheetData>")); i >= 0 {
		body = data[:i]
	}
	if i := bytes.Index(data, []byte("<mergeCells")); i >= 0 {
		merges = attrs(data[i:], "<mergeCell ", "ref")
		if err := m.addCells(len(merges), place); err != nil {
			return nil, nil, nil, err
		}
	}
	lastRow := -1
	for {
		// The next <c …> or <c>: one forward search, so that a sheet
		// costs time linear in its size.
		i := bytes.Index(body, []byte("<c"))
		if i < 0 {
			break
		}
		body = body[i+2:]
		if len(body) == 0 || !(body[0] == '>' || body[0] == ' ' || body[0] == '\n' || body[0] == '\t' || body[0] == '\r') {
			continue // <cols>, <col …>
		}
		gt := bytes.IndexByte(body, '>')
		if gt < 0 {
			break
		}
		head := body[:gt]
		var inner []byte
		if gt > 0 && head[gt-1] == '/' { // <c r="A1" s="3"/>: styled, empty
			body = body[gt+1:]
			continue
		}
		end := bytes.Index(body, []byte("</c>"))
		if end < 0 {
			break
		}
		inner, body = body[gt+1:end], body[end+4:]
		ref := attr(head, "r")
		c, r, ok := cellIndex(ref)
		if !ok {
			return nil, nil, nil, errPrefixed // a cell placed by its order, not its reference
		}
		if r != lastRow {
			lastRow = r
			if r >= l.MaxRows {
				return nil, nil, nil, tooManyRows(sheet, l)
			}
		}
		if err := m.step(); err != nil {
			return nil, nil, nil, err
		}
		v, hasV := element(inner, "v")
		if bytes.Contains(inner, []byte("<f")) && !hasV {
			if err := m.addCells(1, place); err != nil {
				return nil, nil, nil, err
			}
			uncached[string(ref)] = true
		}
		var text string
		switch string(attr(head, "t")) {
		case "s":
			if k, err := strconv.Atoi(v); err == nil && k >= 0 && k < len(bk.strings) {
				text = bk.strings[k]
			}
		case "inlineStr":
			text = unescapeX(inlineText(inner))
		case "b":
			text = map[string]string{"1": "TRUE", "0": "FALSE"}[v]
		case "str", "e":
			text = v
		default:
			if v != "" {
				var f numFmt
				if s, err := strconv.Atoi(string(attr(head, "s"))); err == nil && s >= 0 && s < len(bk.formats) {
					f = bk.formats[s]
				}
				text = f.show(v)
			}
		}
		if text == "" {
			continue
		}
		if err := m.addText(len(text), place); err != nil {
			return nil, nil, nil, err
		}
		for len(rows) <= r {
			rows = append(rows, nil)
		}
		if rows[r], err = grow(rows[r], c+1, m, place); err != nil {
			return nil, nil, nil, err
		}
		rows[r][c] = text
	}
	return rows, merges, uncached, nil
}

// attr is the value of attribute name in an element's head.
func attr(head []byte, name string) []byte {
	key := []byte(" " + name + `="`)
	i := bytes.Index(head, key)
	if i < 0 {
		return nil
	}
	v := head[i+len(key):]
	if e := bytes.IndexByte(v, '"'); e >= 0 {
		return v[:e]
	}
	return nil
}

// element is the unescaped text of the first <name>…</name> in b.
func element(b []byte, name string) (string, bool) {
	i := bytes.Index(b, []byte("<"+name))
	for i >= 0 {
		rest := b[i+1+len(name):]
		if len(rest) > 0 && (rest[0] == '>' || rest[0] == ' ') {
			break
		}
		j := bytes.Index(rest, []byte("<"+name))
		if j < 0 {
			return "", false
		}
		i += 1 + len(name) + j
	}
	if i < 0 {
		return "", false
	}
	rest := b[i:]
	gt := bytes.IndexByte(rest, '>')
	if gt < 0 {
		return "", false
	}
	if rest[gt-1] == '/' {
		return "", true
	}
	rest = rest[gt+1:]
	end := bytes.Index(rest, []byte("</"+name+">"))
	if end < 0 {
		return "", false
	}
	return unescape(rest[:end]), true
}

// inlineText is the text of an inline string, its runs joined.
func inlineText(inner []byte) string {
	var b strings.Builder
	for {
		i := bytes.Index(inner, []byte("<t"))
		if i < 0 {
			return b.String()
		}
		inner = inner[i:]
		if len(inner) > 2 && inner[2] != '>' && inner[2] != ' ' {
			inner = inner[2:]
			continue
		}
		t, _ := element(inner, "t")
		b.WriteString(t)
		end := bytes.Index(inner, []byte("</t>"))
		if end < 0 {
			return b.String()
		}
		inner = inner[end+4:]
	}
}

func unescape(b []byte) string {
	if bytes.IndexByte(b, '&') < 0 {
		return string(b)
	}
	return html.UnescapeString(string(b))
}

// cellIndex is the 0-based column and row of an A1 reference.
func cellIndex(ref []byte) (c, r int, ok bool) {
	i := 0
	for i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z' {
		c = c*26 + int(ref[i]-'A'+1)
		i++
	}
	if i == 0 || i == len(ref) || i > 3 {
		return 0, 0, false
	}
	for _, d := range ref[i:] {
		if d < '0' || d > '9' {
			return 0, 0, false
		}
		r = r*10 + int(d-'0')
		if r > 1<<21 {
			return 0, 0, false
		}
	}
	return c - 1, r - 1, r > 0
}

// errPrefixed sends a sheet this reader does not handle (namespace
// prefixes, cells without references) to excelize's reader.
var errPrefixed = fmt.Errorf("sheet needs the general reader")

// xEscape is OOXML's escape of a character XML cannot hold, _x000D_ for
// a carriage return (ECMA-376 ST_Xstring); Excel writes it in cells
// typed with line breaks.
var xEscape = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`_x[0-9A-Fa-f]{4}_`) })

func unescapeX(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	return xEscape().ReplaceAllStringFunc(s, func(m string) string {
		n, err := strconv.ParseUint(m[2:6], 16, 16)
		if err != nil {
			return m
		}
		if n == '\r' {
			return ""
		}
		return string(rune(n))
	})
}
