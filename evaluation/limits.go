package evaluation

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits bound the size of one input, so that a small body cannot ask
// for unbounded work: they are checked on the JSON text, in one pass,
// before it is decoded. A zero field means no limit.
type Limits struct {
	// Depth is the deepest nesting of arrays and objects.
	Depth int `json:"depth"`
	// Rows is the longest array: table rows, indicator rows, list items.
	Rows int `json:"rows"`
	// Items is the number of array elements in all, such as table cells.
	Items int `json:"items"`
	// Chars is the number of characters of all string values together.
	Chars int `json:"chars"`
	// Tables is the number of tables: self-assessment tables and the
	// free tables of the reports.
	Tables int `json:"tables"`
}

// DefaultLimits are generous for any real disclosure (the 2021 Beijing
// disclosure nests 15 deep, has at most 35 elements in an array, 754 array
// elements in all, 57,524 characters and 36 tables) and keep the work of
// one input to seconds.
var DefaultLimits = Limits{Depth: 64, Rows: 20_000, Items: 200_000, Chars: 2_000_000, Tables: 1_000}

// maxDepth is the nesting the decoder accepts whatever the limits: the
// input format itself is never deeper than a dozen levels.
const maxDepth = 128

// CodeLimit is the code of a problem that reports an input over a limit.
const CodeLimit = "limit_exceeded"

// Limit names, as the problems of CheckLimits report them.
var limitNames = map[string][2]string{
	"depth":  {"嵌套深度", "nesting depth"},
	"rows":   {"数组长度（行数）", "array length (rows)"},
	"items":  {"数组元素总数", "total array elements"},
	"chars":  {"文本字符总数", "total characters of text"},
	"tables": {"表格数", "number of tables"},
	"pages":  {"页数", "number of pages"},
}

// LimitProblem returns the problem of an input over limit max, at ptr.
func LimitProblem(ptr, limit string, max int) Problem {
	n := limitNames[limit]
	if n[0] == "" {
		n = [2]string{limit, limit}
	}
	return Problem{Path: ptr, Code: CodeLimit,
		Message:   fmt.Sprintf("超过上限：%s不能超过 %d（limit %s）", n[0], max, limit),
		MessageEN: fmt.Sprintf("over the limit: the %s must be at most %d (limit %s)", n[1], max, limit)}
}

// CheckLimits reports the first limit data goes over, as one problem
// naming the limit and the JSON Pointer where it was passed; nil when
// data is within l, or is not well-formed JSON (Decode reports that).
func CheckLimits(data []byte, l Limits) Problems {
	r := newReader(data, l)
	r.lean = true
	if r.read(reflect.Value{}); r.limit != nil {
		return Problems{*r.limit}
	}
	return nil
}

// frame is an array or object being read.
type frame struct {
	object bool
	key    []byte // the current key of an object
	index  int    // the current index of an array
}

// walkPath is the JSON Pointer of the reader's position, built only when
// a problem is reported: building it at every level would cost the
// depth squared.
type walkPath []frame

func (p walkPath) String() string {
	var b strings.Builder
	for _, f := range p {
		if f.object {
			b.WriteString(pointer(string(f.key)))
		} else {
			b.WriteString("/" + strconv.Itoa(f.index))
		}
	}
	return b.String()
}

// isTable reports whether an object opened at path is a table: an
// element of /selfAssessments, or the value of a block's "table".
func isTable(path walkPath) bool {
	n := len(path)
	switch {
	case n == 2 && path[0].object && string(path[0].key) == "selfAssessments" && !path[1].object:
		return true
	case n > 0 && path[n-1].object && string(path[n-1].key) == "table":
		return true
	}
	return false
}

// checkValueLimits is CheckLimits for a disclosure that was not read
// from JSON (EvaluateDisclosure): it measures d as its JSON encoding
// would be measured — nesting, the longest array, array elements in all,
// characters of all strings and figures, tables — and reports the first
// limit passed, at the pointer where it was passed; nil within l.
func checkValueLimits(d *Disclosure, l Limits) *Problem {
	m := &measure{l: l}
	m.walk(reflect.ValueOf(d).Elem(), "", 0)
	return m.over
}

type measure struct {
	l                    Limits
	items, chars, tables int
	over                 *Problem
}

// fail records the first limit passed; the walk stops there.
func (m *measure) fail(ptr, limit string, max int) {
	if m.over == nil {
		p := LimitProblem(ptr, limit, max)
		m.over = &p
	}
}

func (m *measure) walk(v reflect.Value, ptr string, depth int) {
	if m.over != nil {
		return
	}
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	if v.Type() == numberType {
		if n := v.Interface().(Number); n.Valid {
			m.text(ptr, n.Raw)
		}
		return
	}
	switch v.Kind() {
	case reflect.String:
		m.text(ptr, v.String())
	case reflect.Struct, reflect.Map:
		if m.l.Depth > 0 && depth >= m.l.Depth {
			m.fail(ptr, "depth", m.l.Depth)
			return
		}
		if v.Kind() == reflect.Map {
			keys := v.MapKeys()
			slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
			for _, k := range keys {
				if m.walk(v.MapIndex(k), ptr+pointer(k.String()), depth+1); m.over != nil {
					return
				}
			}
			return
		}
		for _, f := range structFields(v.Type()) {
			fv := v.Field(f.Index)
			if omitted(fv, f.Opts) {
				continue
			}
			if f.Name == "table" && !fv.IsZero() {
				if m.tables++; m.l.Tables > 0 && m.tables > m.l.Tables {
					m.fail(ptr+"/table", "tables", m.l.Tables)
					return
				}
			}
			if m.walk(fv, ptr+"/"+f.Name, depth+1); m.over != nil {
				return
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			return // bytes are no part of a disclosure's JSON
		}
		if m.l.Depth > 0 && depth >= m.l.Depth {
			m.fail(ptr, "depth", m.l.Depth)
			return
		}
		for i := range v.Len() {
			at := ptr + "/" + strconv.Itoa(i)
			switch {
			case m.l.Rows > 0 && i >= m.l.Rows:
				m.fail(at, "rows", m.l.Rows)
				return
			case m.l.Items > 0 && m.items >= m.l.Items:
				m.fail(at, "items", m.l.Items)
				return
			}
			m.items++
			if ptr == "/selfAssessments" {
				if m.tables++; m.l.Tables > 0 && m.tables > m.l.Tables {
					m.fail(at, "tables", m.l.Tables)
					return
				}
			}
			if m.walk(v.Index(i), at, depth+1); m.over != nil {
				return
			}
		}
	}
}

func (m *measure) text(ptr, s string) {
	if m.l.Chars <= 0 || m.over != nil {
		return
	}
	if m.chars += utf8.RuneCountInString(s); m.chars > m.l.Chars {
		m.fail(ptr, "chars", m.l.Chars)
	}
}
