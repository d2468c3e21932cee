package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// A sheet's rows are most of its XML, and excelize's stream writer spent
// more on each cell than the sheet's layout did: a cell reference built
// and parsed, a regular expression over every string, copies for the
// escaping; and a deep copy by reflection for each column's width. The
// grid writes its columns and rows itself instead, byte for byte as the
// stream writer would (TestRowsAsStreamWriter and TestSheetAsStreamWriter
// hold the two equal), and the workbook's ZIP writer puts them into the
// sheet's part in place of the empty sheetData the stream writer leaves.
// A sheet holding what this writer does not handle the same way — a
// string over a cell's 32,767 characters, an escape of the form
// _xHHHH_, a number that is not finite, a column too wide — is written
// through the stream writer.

// emptySheetData is what the stream writer writes for a sheet without
// rows; the rows replace it.
const emptySheetData = "<sheetData></sheetData>"

// direct reports whether the grid's columns and rows can be written by
// writeCols and writeRows.
func (g *grid) direct() bool {
	for _, w := range g.widths {
		if w > excelize.MaxColumnWidth {
			return false
		}
	}
	return g.directRows()
}

// writeCols writes the grid's columns as the stream writer does after
// flush's SetColWidth and SetColVisible calls.
func (g *grid) writeCols(b *bytes.Buffer) {
	if len(g.widths) == 0 {
		return
	}
	var num []byte
	b.WriteString("<cols>")
	for i, w := range g.widths {
		n := strconv.Itoa(i + 1)
		b.WriteString(`<col min="` + n + `" max="` + n + `" width="`)
		num = strconv.AppendFloat(num[:0], w, 'f', -1, 64)
		b.Write(num)
		b.WriteString(`" customWidth="1"`)
		if i >= len(g.widths)-g.hidden {
			b.WriteString(` hidden="1"`)
		}
		b.WriteString(`/>`)
	}
	b.WriteString("</cols>")
}

// directRows reports whether the grid's rows can be written by
// writeRows.
func (g *grid) directRows() bool {
	if len(g.rows) > excelize.TotalRows {
		return false
	}
	for r := range g.rows {
		row := &g.rows[r]
		if row.height > excelize.MaxRowHeight {
			return false
		}
		for _, cl := range row.cells {
			switch v := cl.value.(type) {
			case nil, int:
			case float64:
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return false
				}
			case string:
				if len(v) > excelize.TotalCellChars || strings.Contains(v, "_x") {
					return false
				}
			default:
				return false
			}
		}
	}
	return true
}

// rowsSize is about the bytes writeRows writes, a little more rather
// than less: the buffer is sized once.
func (g *grid) rowsSize() int {
	n := 0
	for r := range g.rows {
		n += 48
		for _, cl := range g.rows[r].cells {
			if !cl.set && cl.style == 0 {
				continue
			}
			n += 32 + len(cl.formula)*6/5
			switch v := cl.value.(type) {
			case string:
				n += 32 + len(v)*6/5
			case nil:
			default:
				n += 32
			}
		}
	}
	return n
}

// writeRows writes the grid's rows as the stream writer's SetRow does
// with the values flush gives it.
func (g *grid) writeRows(b *bytes.Buffer) {
	var num []byte
	for r := range g.rows {
		row := &g.rows[r]
		b.WriteString(`<row r="`)
		b.WriteString(strconv.Itoa(r + 1))
		b.WriteByte('"')
		if row.height > 0 {
			b.WriteString(` ht="`)
			num = strconv.AppendFloat(num[:0], row.height, 'f', -1, 64)
			b.Write(num)
			b.WriteString(`" customHeight="1"`)
		}
		b.WriteByte('>')
		for c, cl := range row.cells {
			if !cl.set && cl.style == 0 {
				continue
			}
			num = writeCell(b, num, c, r, cl)
		}
		b.WriteString(`</row>`)
	}
}

// writeCell writes one cell; num is scratch space, returned for reuse.
func writeCell(b *bytes.Buffer, num []byte, c, r int, cl cell) []byte {
	// What the stream writer's cell holds: its type t, value v, inline
	// string, and the xml:space of a formula's cached string.
	var t, v string
	var inline string
	var space, inlineSpace bool
	isInline := false
	if cl.formula != "" {
		t = "str"
	}
	switch val := cl.value.(type) {
	case int:
		t, v = "", strconv.Itoa(val)
	case float64:
		num = appendCellFloat(num[:0], val)
		t, v = "", string(num)
	case string:
		if cl.formula != "" {
			t, v, space = "str", val, edgeSpace(val)
		} else {
			t, inline, inlineSpace, isInline = "inlineStr", val, edgeSpace(val), true
		}
	}
	b.WriteString(`<c`)
	if space {
		b.WriteString(` xml:space="preserve"`)
	}
	b.WriteString(` r="`)
	b.WriteString(colLetters(c))
	num = strconv.AppendInt(num[:0], int64(r+1), 10)
	b.Write(num)
	b.WriteByte('"')
	if cl.style != 0 {
		b.WriteString(` s="`)
		num = strconv.AppendInt(num[:0], int64(cl.style), 10)
		b.Write(num)
		b.WriteByte('"')
	}
	if t != "" {
		b.WriteString(` t="`)
		b.WriteString(t)
		b.WriteByte('"')
	}
	b.WriteByte('>')
	if cl.formula != "" {
		b.WriteString(`<f>`)
		escapeText(b, cl.formula, true)
		b.WriteString(`</f>`)
	}
	if v != "" {
		b.WriteString(`<v>`)
		escapeText(b, v, true)
		b.WriteString(`</v>`)
	}
	if isInline {
		b.WriteString(`<is><t`)
		if inlineSpace {
			b.WriteString(` xml:space="preserve"`)
		}
		b.WriteByte('>')
		escapeText(b, inline, false)
		b.WriteString(`</t></is>`)
	}
	b.WriteString(`</c>`)
	return num
}

// edgeSpace reports whether s starts or ends with a tab, line feed,
// carriage return or space, which the cell keeps with xml:space.
func edgeSpace(s string) bool {
	if s == "" {
		return false
	}
	space := func(c byte) bool { return c == '\t' || c == '\n' || c == '\r' || c == ' ' }
	return space(s[0]) || space(s[len(s)-1])
}

// appendCellFloat appends v as a cell's value: the shortest decimal
// that reads back as v, cut to Excel's 15 significant digits.
func appendCellFloat(b []byte, v float64) []byte {
	start := len(b)
	b = strconv.AppendFloat(b, v, 'f', -1, 64)
	if math.Abs(v) == math.MaxFloat64 {
		return b
	}
	s := b[start:]
	dot := bytes.IndexByte(s, '.')
	significant := 0
	for i, c := range s {
		if c < '0' || c > '9' || significant == 0 && c == '0' {
			continue
		}
		if significant++; significant <= 15 {
			continue
		}
		if dot >= 0 && i > dot {
			return bytes.TrimSuffix(b[:start+i], []byte("."))
		}
		if dot < 0 {
			dot = len(s)
		}
		for j := i; j < dot; j++ {
			s[j] = '0'
		}
		return b[:start+dot]
	}
	return b
}

// escapeText writes s escaped as encoding/xml's EscapeText does, line
// feeds left as they are unless newlines is set.
func escapeText(b *bytes.Buffer, s string, newlines bool) {
	last := 0
	for i := 0; i < len(s); {
		r, width := utf8.DecodeRuneInString(s[i:])
		var esc string
		switch r {
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\t':
			esc = "&#x9;"
		case '\n':
			if newlines {
				esc = "&#xA;"
			}
		case '\r':
			esc = "&#xD;"
		default:
			if !inCharacterRange(r) || r == utf8.RuneError && width == 1 {
				esc = "\uFFFD"
			}
		}
		if esc != "" {
			b.WriteString(s[last:i])
			b.WriteString(esc)
			last = i + width
		}
		i += width
	}
	b.WriteString(s[last:])
}

// inCharacterRange reports whether r may appear in XML text (XML 1.0
// §2.2).
func inCharacterRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// spliceRows puts the columns and rows written for each sheet into the
// sheets' parts: sheets maps a sheet's name to its cols and sheetData
// elements, and the parts are found from the workbook's sheet IDs, as
// excelize names them.
func (z *sortedZip) spliceRows(f *excelize.File, sheets map[string]*bytes.Buffer) error {
	if len(sheets) == 0 {
		return nil
	}
	z.splice = make(map[string][]byte, len(sheets))
	for id, name := range f.GetSheetMap() {
		if rows, ok := sheets[name]; ok {
			z.splice["xl/worksheets/sheet"+strconv.Itoa(id)+".xml"] = rows.Bytes()
		}
	}
	if len(z.splice) != len(sheets) {
		return fmt.Errorf("xlsx: %d sheets of rows, %d found in the workbook", len(sheets), len(z.splice))
	}
	return nil
}

// spliced writes a sheet part held back by Create, its columns and rows
// in place of the empty sheetData.
func (z *sortedZip) spliced(p *zipPart) error {
	head, tail, ok := bytes.Cut(p.held, []byte(emptySheetData))
	if !ok {
		return errors.New("xlsx: " + p.name + " has no empty sheetData for its rows")
	}
	pw := &partWriter{z: z, p: p}
	for _, s := range [][]byte{head, p.rows, tail} {
		if _, err := pw.write(s); err != nil {
			return err
		}
	}
	p.held, p.rows = nil, nil
	return nil
}
