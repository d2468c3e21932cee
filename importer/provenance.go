package importer

import (
	"sort"
	"strings"

	"github.com/jixiao/jixiao/evaluation"
)

// Provenance maps the JSON Pointer of every imported value to the place
// it was read from: "Sheet!F12" in a workbook, "¶12" or "表2!B3" in a
// document; prefixed with the file's name when several files were
// imported together.
type Provenance map[string]string

// Place returns where the value at pointer came from: its own place, or
// that of its nearest imported ancestor (a computed figure's table, a
// missing field's row), so that every problem can be found in the file.
func (p Provenance) Place(pointer string) string {
	for {
		if at, ok := p[pointer]; ok {
			return at
		}
		i := strings.LastIndexByte(pointer, '/')
		if i < 0 {
			return ""
		}
		pointer = pointer[:i]
	}
}

// Pointers lists the pointers in order, for stable output.
func (p Provenance) Pointers() []string {
	out := make([]string, 0, len(p))
	for k := range p {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Annotate sets the Place of every problem and finding of rep from p.
func (p Provenance) Annotate(rep *evaluation.Report) {
	if len(p) == 0 || rep == nil {
		return
	}
	for i := range rep.Problems {
		if rep.Problems[i].Place == "" {
			rep.Problems[i].Place = p.Place(rep.Problems[i].Path)
		}
	}
	for i := range rep.Findings {
		rep.Findings[i].Place = p.Place(rep.Findings[i].Path)
	}
}

// add records the places of a table's values under prefix.
func (p Provenance) add(prefix string, rel map[string]string) {
	for k, v := range rel {
		p[prefix+k] = v
	}
}

// cellRef is the A1 reference of a cell on a sheet, the sheet's name
// quoted as spreadsheets write it when it is not a plain word.
func cellRef(sheet string, r, c int) string {
	return sheetRef(sheet) + "!" + colName(c) + itoa(r+1)
}

func sheetRef(sheet string) string {
	if strings.ContainsAny(sheet, " !'-+()&,;") {
		return "'" + strings.ReplaceAll(sheet, "'", "''") + "'"
	}
	return sheet
}

func colName(c int) string {
	s := ""
	for c++; c > 0; c = (c - 1) / 26 {
		s = string(rune('A'+(c-1)%26)) + s
	}
	return s
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for ; n > 0; n /= 10 {
		i--
		b[i] = byte('0' + n%10)
	}
	return string(b[i:])
}
