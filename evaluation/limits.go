package evaluation

import (
	"bytes"
	"encoding/json"
	"fmt"
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
	s := scan(data, l)
	if s.limit != nil {
		return Problems{*s.limit}
	}
	return nil
}

// frame is an array or object being walked.
type frame struct {
	object bool
	key    string // the current key of an object
	index  int    // the current index of an array
	seen   map[string]bool
}

// walkPath is the JSON Pointer of the walk's position, built only when
// a problem is reported: building it at every level would cost the
// depth squared.
type walkPath []frame

func (p walkPath) String() string {
	var b strings.Builder
	for _, f := range p {
		if f.object {
			b.WriteString(pointer(f.key))
		} else {
			b.WriteString("/" + strconv.Itoa(f.index))
		}
	}
	return b.String()
}

// scanned is what one pass over the tokens finds.
type scanned struct {
	limit      *Problem // the first limit passed; the scan stops there
	duplicates Problems // keys given twice in one object
	surrogates Problems // strings holding unpaired UTF-16 surrogates
	syntax     bool     // the text is not well-formed; Decode reports it
}

// scan walks data once, with a stack as deep as the nesting, checking
// the limits l (and maxDepth), duplicate keys and unpaired surrogate
// escapes. It reads the JSON text itself, without building tokens: on
// anything that is not well-formed it stops with syntax set, and the
// decoder's parse reports the error.
func scan(data []byte, l Limits) scanned {
	sc := scanner{data: data, l: l}
	sc.run()
	return sc.s
}

type scanner struct {
	data  []byte
	i     int
	l     Limits
	s     scanned
	stack walkPath
	items int
	chars int
	tabs  int
}

func (sc *scanner) over(limit string, max int) {
	p := LimitProblem(sc.stack.String(), limit, max)
	sc.s.limit = &p
}

func (sc *scanner) space() {
	for sc.i < len(sc.data) {
		switch sc.data[sc.i] {
		case ' ', '\t', '\n', '\r':
			sc.i++
		default:
			return
		}
	}
}

// run reads one value, then expects the end of the input.
func (sc *scanner) run() {
	if !sc.value() {
		return
	}
	sc.space()
	if sc.i != len(sc.data) {
		sc.s.syntax = true
	}
}

// value reads a value and everything nested in it, iteratively; it
// returns false when the scan stops (a limit, or bad syntax).
func (sc *scanner) value() bool {
	for {
		sc.space()
		if sc.i >= len(sc.data) {
			sc.s.syntax = true
			return false
		}
		// One value starts here.
		if n := len(sc.stack); n > 0 && !sc.stack[n-1].object {
			top := &sc.stack[n-1]
			sc.items++
			if sc.l.Rows > 0 && top.index >= sc.l.Rows {
				sc.over("rows", sc.l.Rows)
				return false
			}
			if sc.l.Items > 0 && sc.items > sc.l.Items {
				sc.over("items", sc.l.Items)
				return false
			}
		}
		switch c := sc.data[sc.i]; c {
		case '{', '[':
			depth := sc.l.Depth
			if depth <= 0 || depth > maxDepth {
				depth = maxDepth
			}
			if len(sc.stack) >= depth {
				sc.over("depth", depth)
				return false
			}
			if c == '{' && isTable(sc.stack) {
				sc.tabs++
				if sc.l.Tables > 0 && sc.tabs > sc.l.Tables {
					sc.over("tables", sc.l.Tables)
					return false
				}
			}
			sc.i++
			f := frame{object: c == '{'}
			if f.object {
				f.seen = map[string]bool{}
			}
			sc.stack = append(sc.stack, f)
			sc.space()
			if sc.i < len(sc.data) && (c == '{' && sc.data[sc.i] == '}' || c == '[' && sc.data[sc.i] == ']') {
				sc.i++
				sc.stack = sc.stack[:len(sc.stack)-1]
				break // an empty container is a whole value
			}
			if f.object && !sc.key() {
				return false
			}
			continue // its first member
		case '"':
			raw, lone, ok := sc.str()
			if !ok {
				return false
			}
			sc.chars += runesOf(raw)
			if sc.l.Chars > 0 && sc.chars > sc.l.Chars {
				sc.over("chars", sc.l.Chars)
				return false
			}
			if lone {
				sc.surrogate(sc.stack.String())
			}
		default:
			start := sc.i
			for sc.i < len(sc.data) && !strings.ContainsRune(",]} \t\n\r", rune(sc.data[sc.i])) {
				sc.i++
			}
			if sc.i == start {
				sc.s.syntax = true
				return false
			}
		}
		// The value is complete: move on in the containers it ends.
		for {
			n := len(sc.stack)
			if n == 0 {
				return true
			}
			top := &sc.stack[n-1]
			sc.space()
			if sc.i >= len(sc.data) {
				sc.s.syntax = true
				return false
			}
			c := sc.data[sc.i]
			sc.i++
			if c == ',' {
				if top.object {
					if !sc.key() {
						return false
					}
				} else {
					top.index++
				}
				break
			}
			if top.object && c == '}' || !top.object && c == ']' {
				sc.stack = sc.stack[:n-1]
				continue
			}
			sc.s.syntax = true
			return false
		}
	}
}

// key reads an object's key and its colon.
func (sc *scanner) key() bool {
	sc.space()
	if sc.i >= len(sc.data) || sc.data[sc.i] != '"' {
		sc.s.syntax = true
		return false
	}
	raw, lone, ok := sc.str()
	if !ok {
		return false
	}
	k := string(raw)
	if bytes.IndexByte(raw, '\\') >= 0 {
		if json.Unmarshal(sc.data[sc.i-len(raw)-2:sc.i], &k) != nil {
			sc.s.syntax = true
			return false
		}
	}
	top := &sc.stack[len(sc.stack)-1]
	top.key = k
	if top.seen[k] {
		sc.s.duplicates = append(sc.s.duplicates, Problem{Path: sc.stack.String(), Code: CodeDuplicateKey,
			Message: fmt.Sprintf("字段 %q 重复出现", k), MessageEN: fmt.Sprintf("key %q appears twice", k)})
	}
	top.seen[k] = true
	if lone {
		sc.surrogate(sc.stack.String())
	}
	sc.space()
	if sc.i >= len(sc.data) || sc.data[sc.i] != ':' {
		sc.s.syntax = true
		return false
	}
	sc.i++
	return true
}

// str reads a string at sc.i and returns its raw content (between the
// quotes) and whether it holds an unpaired surrogate escape.
func (sc *scanner) str() (raw []byte, lone, ok bool) {
	start := sc.i + 1
	for i := start; i < len(sc.data); i++ {
		switch sc.data[i] {
		case '"':
			sc.i = i + 1
			return sc.data[start:i], lone, true
		case '\\':
			if i+1 >= len(sc.data) {
				break
			}
			if sc.data[i+1] != 'u' {
				i++
				continue
			}
			r, ok := hex4(sc.data, i)
			if !ok {
				sc.s.syntax = true
				return nil, false, false
			}
			switch {
			case r >= 0xD800 && r < 0xDC00:
				if r2, ok := hex4(sc.data, i+6); ok && r2 >= 0xDC00 && r2 < 0xE000 {
					i += 11
					continue
				}
				lone = true
			case r >= 0xDC00 && r < 0xE000:
				lone = true
			}
			i += 5
		}
	}
	sc.s.syntax = true
	return nil, false, false
}

// hex4 reads the escape \uXXXX at data[i:].
func hex4(data []byte, i int) (rune, bool) {
	if i+6 > len(data) || data[i] != '\\' || data[i+1] != 'u' {
		return 0, false
	}
	var r rune
	for _, c := range data[i+2 : i+6] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// runesOf counts the characters of a string's raw JSON content: an
// escape is one character (a surrogate pair, two escapes, one too).
func runesOf(raw []byte) int {
	n := utf8.RuneCount(raw)
	for i := 0; i < len(raw); i++ {
		if raw[i] != '\\' || i+1 >= len(raw) {
			continue
		}
		if raw[i+1] == 'u' {
			n -= 5
			if r, ok := hex4(raw, i); ok && r >= 0xD800 && r < 0xDC00 {
				if r2, ok := hex4(raw, i+6); ok && r2 >= 0xDC00 && r2 < 0xE000 {
					n -= 6
					i += 6
				}
			}
			i += 5
			continue
		}
		n--
		i++
	}
	return n
}

func (sc *scanner) surrogate(path string) {
	sc.s.surrogates = append(sc.s.surrogates, Problem{Path: path, Code: CodeEncoding,
		Message:   "文本含有不成对的 UTF-16 代理项转义（如 \\ud800），不是有效的字符",
		MessageEN: "the text holds an unpaired UTF-16 surrogate escape (such as \\ud800), which is not a character"})
}

// isTable reports whether an object opened at path is a table: an
// element of /selfAssessments, or the value of a block's "table".
func isTable(path walkPath) bool {
	n := len(path)
	switch {
	case n == 2 && path[0].object && path[0].key == "selfAssessments" && !path[1].object:
		return true
	case n > 0 && path[n-1].object && path[n-1].key == "table":
		return true
	}
	return false
}
