package evaluation

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"sync"
	"unicode/utf8"
)

// MaxInputSize bounds what Decode reads; larger inputs are refused.
const MaxInputSize = 32 << 20

// Decode reads one disclosure from r. It reports every structural problem
// at once (syntax with line and column, invalid UTF-8, unknown keys, wrong
// types, control characters), each with the JSON Pointer of the field, as
// Problems. Semantic rules are checked by Validate.
func Decode(r io.Reader) (*Disclosure, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxInputSize+1))
	if err != nil {
		return nil, fmt.Errorf("read input: %w", err)
	}
	if len(data) > MaxInputSize {
		return nil, Problems{{Code: CodeRange, Message: fmt.Sprintf("输入超过 %d 字节", MaxInputSize), MessageEN: fmt.Sprintf("input exceeds %d bytes", MaxInputSize)}}
	}
	return DecodeBytes(data)
}

// DecodeBytes is Decode on a byte slice. A leading UTF-8 byte order mark
// is skipped, as everywhere else. The input may nest at most 128 levels
// deep; the finer limits are Config.Limits' and CheckLimits'.
func DecodeBytes(data []byte) (*Disclosure, error) {
	d, ps := decode(data, Limits{})
	if len(ps) > 0 {
		return nil, ps
	}
	return d, nil
}

// decode reads data as far as its structure allows. Text that is not
// JSON (syntax, encoding, nesting) gives no disclosure. Otherwise every
// value of the wrong type, bad number or forbidden character is reported
// and left out, so that the disclosure holds everything else; the
// disclosure's unread set names what was left out, for Validate. An
// input over one of the limits l gives that one problem and no
// disclosure.
func decode(data []byte, l Limits) (*Disclosure, Problems) {
	data = bytes.TrimPrefix(data, utf8BOM)
	// The reader checks the UTF-8 of every string as it reads it, and
	// a byte outside a string that is not ASCII is bad syntax: read in
	// whole, the input is UTF-8. Stopped for any cause, the input is
	// checked whole, so that bad encoding is reported first, where it
	// first is, as when the check came before the reading.
	var d Disclosure
	r := newReader(data, l)
	r.utf8 = true
	if !r.read(reflect.ValueOf(&d).Elem()) {
		if !utf8.Valid(data) {
			off := invalidUTF8Offset(data)
			line, col := lineCol(data, off)
			return nil, Problems{{Code: CodeEncoding, Line: line, Column: col,
				Message: "输入不是有效的 UTF-8 编码", MessageEN: "input is not valid UTF-8"}}
		}
		if r.limit != nil {
			return nil, Problems{*r.limit}
		}
		return nil, syntaxError(data)
	}
	if r.unread.covers("") {
		return nil, r.ps // not an object: nothing to read on
	}
	d.unread = r.unread
	return &d, r.ps
}

// undecodable reports that the reader refused what encoding/json
// accepts: a bug, reported rather than hidden.
func undecodable(err error) Problems {
	return Problems{{Code: CodeType, Message: "无法解析输入：" + err.Error(), MessageEN: "cannot decode input: " + err.Error()}}
}

var utf8BOM = []byte("\xef\xbb\xbf")

// syntaxError describes the syntax error of data, which the reader
// found not well-formed, as encoding/json finds it: its messages name
// what the parser expected, which syntaxProblem words for the user.
func syntaxError(data []byte) Problems {
	dec := json.NewDecoder(bytes.NewReader(data))
	var v any
	err := dec.Decode(&v)
	if err == nil {
		// Point at the first byte after the document, not past the
		// token the decoder goes on to read.
		off := int(dec.InputOffset())
		if _, err2 := dec.Token(); err2 == io.EOF {
			return undecodable(errors.New("well-formed JSON taken for bad syntax"))
		}
		for off < len(data) && isJSONSpace(data[off]) {
			off++
		}
		line, col := lineCol(data, off)
		return Problems{{Code: CodeSyntax, Line: line, Column: col,
			Message: "JSON 文档之后还有多余内容", MessageEN: "unexpected data after the JSON document"}}
	}
	var se *json.SyntaxError
	off := len(data)
	if errors.As(err, &se) {
		// Offset counts the bytes read up to and including the one in
		// error; the column is that byte's.
		off = max(int(se.Offset)-1, 0)
	}
	return Problems{syntaxProblem(data, off, err.Error())}
}

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func lineCol(data []byte, off int) (line, col int) {
	if off > len(data) {
		off = len(data)
	}
	line = 1 + bytes.Count(data[:off], []byte("\n"))
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	col = 1 + utf8.RuneCount(data[start:off])
	return line, col
}

func invalidUTF8Offset(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(data)
}

var (
	numberType = reflect.TypeFor[Number]()
	cellType   = reflect.TypeFor[Cell]()
	blockType  = reflect.TypeFor[Block]()
)

// firstBadChar returns the byte offset of the first control or invisible
// format character of s, or -1. It looks at bytes, not characters: in
// UTF-8 the C1 controls begin with 0xC2, the invisible characters with
// 0xE2 0x80, 0xE2 0x81 or 0xEF 0xBB, and most text (Chinese) with none
// of these.
func firstBadChar(s string) int {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c == 0x7f:
			return i
		case c == 0xc2 || c == 0xe2 || c == 0xef:
			r, n := utf8.DecodeRuneInString(s[i:])
			if r < 0xa0 || isInvisible(r) {
				return i
			}
			i += n - 1
		}
	}
	return -1
}

// badCharProblem reports the control or invisible character at byte i of
// s, the string at ptr.
func badCharProblem(s string, i int, ptr string) Problem {
	r, _ := utf8.DecodeRuneInString(s[i:])
	n := utf8.RuneCountInString(s[:i]) + 1
	if isInvisible(r) {
		return Problem{Path: ptr, Code: CodeInvisible,
			Message:   fmt.Sprintf("第 %d 个字符是不可见的格式字符 %U（双向控制符、零宽空格、行或段分隔符或字节顺序标记），请删除", n, r),
			MessageEN: fmt.Sprintf("character %d is the invisible format character %U (a bidi control, zero-width space, line or paragraph separator, or byte order mark): remove it", n, r)}
	}
	return Problem{Path: ptr, Code: CodeControlChar,
		Message:   fmt.Sprintf("第 %d 个字符是控制字符 %U", n, r),
		MessageEN: fmt.Sprintf("character %d is the control character %U", n, r)}
}

// maxDigits bounds the integer part of a figure: its magnitude is below
// 10¹⁵, so that the sums computed from it stay printable. (Amounts are
// further held to MaxAmountDecimals places by Validate.)
const maxDigits = 15

// isInvisible reports the characters that change how text reads without
// being seen: the bidi embeddings, overrides and isolates, the zero-width
// space, the line and paragraph separators and the byte order mark (as a
// zero-width no-break space inside text). They would reorder a file name
// or hide text in a printed form.
func isInvisible(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 ||
		r == 0x200B || r == 0x2028 || r == 0x2029 || r == 0xFEFF
}

type jsonField struct {
	Name  string
	Type  reflect.Type
	Index int
	// Opts are the tag's options: "omitempty", "omitzero".
	Opts string
}

// fieldCache holds jsonFields' answers, by type: the reader asks once
// per object of the input.
var fieldCache sync.Map // reflect.Type → map[string]jsonField

// jsonFields maps the JSON keys of struct type t to their fields.
func jsonFields(t reflect.Type) map[string]jsonField {
	if m, ok := fieldCache.Load(t); ok {
		return m.(map[string]jsonField)
	}
	fs := structFields(t)
	m := make(map[string]jsonField, len(fs))
	for _, f := range fs {
		m[f.Name] = f
	}
	fieldCache.Store(t, m)
	return m
}

// structFields lists the fields of struct type t that encoding/json
// encodes, in the order it encodes them.
func structFields(t reflect.Type) []jsonField {
	var fs []jsonField
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fs = append(fs, jsonField{Name: name, Type: f.Type, Index: i, Opts: opts})
	}
	return fs
}
