package evaluation

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
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
	keyed  bool   // an object's key is read and its value is due
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

// scan walks the tokens of data once, with a stack as deep as the
// nesting, checking the limits l (and maxDepth), duplicate keys and
// unpaired surrogate escapes.
func scan(data []byte, l Limits) scanned {
	var s scanned
	lone := loneSurrogates(data)
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var stack walkPath
	var items, chars, tables int
	over := func(ptr, limit string, max int) {
		p := LimitProblem(ptr, limit, max)
		s.limit = &p
	}
	// value is called before each value; it moves the parent on.
	value := func() {
		if len(stack) == 0 {
			return
		}
		top := &stack[len(stack)-1]
		if top.object {
			top.keyed = false
		}
	}
	for s.limit == nil {
		tok, err := dec.Token()
		if err != nil {
			s.syntax = err != io.EOF
			break
		}
		var top *frame
		if len(stack) > 0 {
			top = &stack[len(stack)-1]
		}
		if str, ok := tok.(string); ok && top != nil && top.object && !top.keyed {
			// A key.
			top.key, top.keyed = str, true
			if top.seen[str] {
				s.duplicates = append(s.duplicates, Problem{Path: stack.String(), Code: CodeDuplicateKey,
					Message: fmt.Sprintf("字段 %q 重复出现", str), MessageEN: fmt.Sprintf("key %q appears twice", str)})
			}
			top.seen[str] = true
			s.checkSurrogates(&lone, dec.InputOffset(), stack)
			continue
		}
		switch tok {
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			if len(stack) > 0 && !stack[len(stack)-1].object {
				stack[len(stack)-1].index++
			}
			continue
		}
		if top != nil && !top.object {
			items++
			if top.index >= l.Rows && l.Rows > 0 {
				over(stack.String(), "rows", l.Rows)
				break
			}
			if items > l.Items && l.Items > 0 {
				over(stack.String(), "items", l.Items)
				break
			}
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			if len(stack) >= maxDepth || (l.Depth > 0 && len(stack) >= l.Depth) {
				max := l.Depth
				if max <= 0 || max > maxDepth {
					max = maxDepth
				}
				over(stack.String(), "depth", max)
				break
			}
			if tok == json.Delim('{') && isTable(stack) {
				tables++
				if tables > l.Tables && l.Tables > 0 {
					over(stack.String(), "tables", l.Tables)
					break
				}
			}
			value()
			f := frame{object: tok == json.Delim('{')}
			if f.object {
				f.seen = map[string]bool{}
			}
			stack = append(stack, f)
			continue
		case json.Delim('}'), json.Delim(']'):
		}
		if str, ok := tok.(string); ok {
			chars += utf8.RuneCountInString(str)
			if chars > l.Chars && l.Chars > 0 {
				over(stack.String(), "chars", l.Chars)
				break
			}
			s.checkSurrogates(&lone, dec.InputOffset(), stack)
		}
		value()
		if top != nil && !top.object {
			top.index++
		}
	}
	return s
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

// checkSurrogates reports the unpaired surrogates that lie before off,
// the end of the string just read, at path.
func (s *scanned) checkSurrogates(lone *[]int, off int64, path walkPath) {
	for len(*lone) > 0 && int64((*lone)[0]) < off {
		*lone = (*lone)[1:]
		s.surrogates = append(s.surrogates, Problem{Path: path.String(), Code: CodeEncoding,
			Message:   "文本含有不成对的 UTF-16 代理项转义（如 \\ud800），不是有效的字符",
			MessageEN: "the text holds an unpaired UTF-16 surrogate escape (such as \\ud800), which is not a character"})
	}
}

// loneSurrogates returns the offsets of the \uXXXX escapes in data's
// strings that are unpaired surrogates, which encoding/json would turn
// into U+FFFD without a word.
func loneSurrogates(data []byte) []int {
	if !bytes.Contains(data, []byte(`\u`)) && !bytes.Contains(data, []byte(`\U`)) {
		return nil
	}
	var out []int
	hex4 := func(i int) (rune, bool) {
		if i+6 > len(data) || data[i] != '\\' || data[i+1] != 'u' {
			return 0, false
		}
		v, err := strconv.ParseUint(string(data[i+2:i+6]), 16, 32)
		return rune(v), err == nil
	}
	in := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		if !in {
			in = c == '"'
			continue
		}
		switch c {
		case '"':
			in = false
		case '\\':
			r, ok := hex4(i)
			if !ok {
				i++ // a one-character escape
				continue
			}
			switch {
			case r >= 0xD800 && r < 0xDC00:
				if r2, ok := hex4(i + 6); ok && r2 >= 0xDC00 && r2 < 0xE000 {
					i += 11
					continue
				}
				out = append(out, i)
			case r >= 0xDC00 && r < 0xE000:
				out = append(out, i)
			}
			i += 5
		}
	}
	return out
}
