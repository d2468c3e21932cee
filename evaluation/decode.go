package evaluation

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
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
// deep; the finer limits are CheckLimits'.
func DecodeBytes(data []byte) (*Disclosure, error) {
	d, ps := decode(data)
	if len(ps) > 0 {
		return nil, ps
	}
	return d, nil
}

// decode reads data as far as its structure allows. Text that is not
// JSON (syntax, encoding, nesting) gives no disclosure. Otherwise every
// value of the wrong type, bad number or forbidden character is reported
// and left out, so that the disclosure holds everything else; the
// disclosure's unread set names what was left out, for Validate.
func decode(data []byte) (*Disclosure, Problems) {
	data = bytes.TrimPrefix(data, utf8BOM)
	if !utf8.Valid(data) {
		off := invalidUTF8Offset(data)
		line, col := lineCol(data, off)
		return nil, Problems{{Code: CodeEncoding, Line: line, Column: col,
			Message: "输入不是有效的 UTF-8 编码", MessageEN: "input is not valid UTF-8"}}
	}
	// One pass over the tokens first: it refuses deep nesting before
	// anything is built, and finds duplicate keys and unpaired
	// surrogates, with a stack rather than a pointer string per level.
	sc := scan(data, Limits{})
	if sc.limit != nil && !sc.syntax {
		return nil, Problems{*sc.limit}
	}
	tree, bad := parseTree(data)
	if bad != nil {
		return nil, bad
	}
	ps := append(sc.duplicates, sc.surrogates...)
	checkShape(tree, reflect.TypeFor[Disclosure](), "", &ps)
	if len(ps) == 0 {
		// The tree is sound: the disclosure is filled from it rather
		// than by decoding the bytes once more.
		var d Disclosure
		if err := fill(tree, reflect.ValueOf(&d).Elem()); err != nil {
			return nil, undecodable(err)
		}
		return &d, nil
	}
	root, ok := tree.(map[string]any)
	if !ok {
		return nil, ps // not an object: nothing to read on
	}
	unread := pointerSet{}
	for _, p := range ps {
		switch p.Code {
		case CodeUnknownField:
			prune(root, p.Path) // nothing of the format lives there
		case CodeDuplicateKey:
			// The last value stands, as JSON has it.
		default:
			prune(root, p.Path)
			unread.add(p.Path)
		}
	}
	var d Disclosure
	if err := fill(root, reflect.ValueOf(&d).Elem()); err != nil {
		return nil, append(ps, undecodable(err)...)
	}
	d.unread = unread
	return &d, ps
}

// undecodable reports that fill refused what checkShape accepted: a bug,
// reported rather than hidden.
func undecodable(err error) Problems {
	return Problems{{Code: CodeType, Message: "无法解析输入：" + err.Error(), MessageEN: "cannot decode input: " + err.Error()}}
}

var utf8BOM = []byte("\xef\xbb\xbf")

func parseTree(data []byte) (any, Problems) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var tree any
	err := dec.Decode(&tree)
	if err == nil {
		// Point at the first byte after the document, not past the
		// token the decoder goes on to read.
		off := int(dec.InputOffset())
		if _, err2 := dec.Token(); err2 != io.EOF {
			for off < len(data) && isJSONSpace(data[off]) {
				off++
			}
			line, col := lineCol(data, off)
			return nil, Problems{{Code: CodeSyntax, Line: line, Column: col,
				Message: "JSON 文档之后还有多余内容", MessageEN: "unexpected data after the JSON document"}}
		}
		return tree, nil
	}
	var se *json.SyntaxError
	off := len(data)
	if errors.As(err, &se) {
		// Offset counts the bytes read up to and including the one in
		// error; the column is that byte's.
		off = max(int(se.Offset)-1, 0)
	}
	return nil, Problems{syntaxProblem(data, off, err.Error())}
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

// fill sets v from node, the generic JSON tree (json.Number for numbers)
// of a value that checkShape found sound or that prune made so. It
// decodes as encoding/json does into the same types (TestFillDecodes
// compares them), but from the tree decode has already built, so the
// input's bytes are not decoded a third time.
func fill(node any, v reflect.Value) error {
	if node == nil {
		return nil // null leaves the zero value
	}
	t := v.Type()
	if t.Kind() == reflect.Pointer {
		if v.IsNil() {
			v.Set(reflect.New(t.Elem()))
		}
		return fill(node, v.Elem())
	}
	switch t {
	case numberType:
		s, ok := node.(string)
		if n, isNum := node.(json.Number); isNum {
			s, ok = n.String(), true
		}
		if !ok {
			return fmt.Errorf("%T for a number", node)
		}
		n, err := ParseNumber(s)
		if err != nil {
			return err
		}
		v.Set(reflect.ValueOf(n))
		return nil
	case cellType:
		if s, ok := node.(string); ok {
			v.Set(reflect.ValueOf(Cell{Text: s}))
			return nil
		}
	case blockType:
		if s, ok := node.(string); ok {
			v.Set(reflect.ValueOf(Block{Paragraph: s}))
			return nil
		}
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := node.(map[string]any)
		if !ok {
			return fmt.Errorf("%T for an object", node)
		}
		fields := jsonFields(t)
		for k, e := range obj {
			f, ok := fields[k]
			if !ok {
				return fmt.Errorf("unknown field %q", k)
			}
			if err := fill(e, v.Field(f.Index)); err != nil {
				return err
			}
		}
	case reflect.Slice:
		arr, ok := node.([]any)
		if !ok {
			return fmt.Errorf("%T for an array", node)
		}
		s := reflect.MakeSlice(t, len(arr), len(arr))
		for i, e := range arr {
			if err := fill(e, s.Index(i)); err != nil {
				return err
			}
		}
		v.Set(s)
	case reflect.Map:
		obj, ok := node.(map[string]any)
		if !ok {
			return fmt.Errorf("%T for an object", node)
		}
		m := reflect.MakeMapWithSize(t, len(obj))
		for k, e := range obj {
			ev := reflect.New(t.Elem()).Elem()
			if err := fill(e, ev); err != nil {
				return err
			}
			m.SetMapIndex(reflect.ValueOf(k).Convert(t.Key()), ev)
		}
		v.Set(m)
	case reflect.String:
		s, ok := node.(string)
		if !ok {
			return fmt.Errorf("%T for a string", node)
		}
		v.SetString(s)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := node.(json.Number)
		if !ok {
			return fmt.Errorf("%T for an integer", node)
		}
		i, err := n.Int64()
		if err != nil || v.OverflowInt(i) {
			return fmt.Errorf("%s is no integer of the field's size", n)
		}
		v.SetInt(i)
	case reflect.Bool:
		b, ok := node.(bool)
		if !ok {
			return fmt.Errorf("%T for a boolean", node)
		}
		v.SetBool(b)
	default:
		return fmt.Errorf("no decoding into %s", t)
	}
	return nil
}

// checkShape walks the generic JSON tree against the Go type t and reports
// unknown keys, wrong JSON types, bad numbers and control characters.
func checkShape(v any, t reflect.Type, ptr string, ps *Problems) {
	if v == nil {
		return // null is the zero value everywhere
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case numberType:
		checkNumber(v, ptr, ps)
		return
	case cellType, blockType:
		if s, ok := v.(string); ok {
			checkString(s, ptr, ps)
			return
		}
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			typeProblem(ptr, "对象", "an object", v, ps)
			return
		}
		fields := jsonFields(t)
		for _, k := range sortedKeys(obj) {
			f, ok := fields[k]
			if !ok {
				*ps = append(*ps, Problem{Path: child(ptr, k), Code: CodeUnknownField,
					Message: fmt.Sprintf("未知字段 %q", k), MessageEN: fmt.Sprintf("unknown field %q", k)})
				continue
			}
			checkShape(obj[k], f.Type, child(ptr, k), ps)
		}
	case reflect.Slice:
		arr, ok := v.([]any)
		if !ok {
			typeProblem(ptr, "数组", "an array", v, ps)
			return
		}
		for i, e := range arr {
			checkShape(e, t.Elem(), child(ptr, i), ps)
		}
	case reflect.Map:
		obj, ok := v.(map[string]any)
		if !ok {
			typeProblem(ptr, "对象", "an object", v, ps)
			return
		}
		for _, k := range sortedKeys(obj) {
			checkString(k, child(ptr, k), ps)
			checkShape(obj[k], t.Elem(), child(ptr, k), ps)
		}
	case reflect.String:
		s, ok := v.(string)
		if !ok {
			typeProblem(ptr, "字符串", "a string", v, ps)
			return
		}
		checkString(s, ptr, ps)
	case reflect.Int:
		n, ok := v.(json.Number)
		if !ok {
			typeProblem(ptr, "整数", "an integer", v, ps)
			return
		}
		if _, err := n.Int64(); err != nil || len(n.String()) > 9 {
			*ps = append(*ps, Problem{Path: ptr, Code: CodeType,
				Message: fmt.Sprintf("%s 不是有效的整数", n), MessageEN: fmt.Sprintf("%s is not a valid integer", n)})
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			typeProblem(ptr, "布尔值", "a boolean", v, ps)
		}
	}
}

func checkNumber(v any, ptr string, ps *Problems) {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = x.String()
	case string:
		s = x
	default:
		typeProblem(ptr, "数字或数字字符串", "a number or a numeric string", v, ps)
		return
	}
	n, err := ParseNumber(s)
	if err != nil || len(s) > 40 {
		*ps = append(*ps, Problem{Path: ptr, Code: CodeNumber,
			Message: fmt.Sprintf("%q 不是有效的十进制数", s), MessageEN: fmt.Sprintf("%q is not a valid decimal number", s)})
		return
	}
	if !plausible(n) {
		*ps = append(*ps, Problem{Path: ptr, Code: CodeRange,
			Message:   fmt.Sprintf("%q 超出允许范围：绝对值须小于 10¹⁵", s),
			MessageEN: fmt.Sprintf("%q is out of range: the magnitude must be below 10¹⁵", s)})
	}
}

func checkString(s, ptr string, ps *Problems) {
	for i, r := range s {
		if isInvisible(r) {
			*ps = append(*ps, Problem{Path: ptr, Code: CodeInvisible,
				Message:   fmt.Sprintf("第 %d 个字符是不可见的格式字符 %U（双向控制符、零宽空格、行或段分隔符或字节顺序标记），请删除", utf8.RuneCountInString(s[:i])+1, r),
				MessageEN: fmt.Sprintf("character %d is the invisible format character %U (a bidi control, zero-width space, line or paragraph separator, or byte order mark): remove it", utf8.RuneCountInString(s[:i])+1, r)})
			return
		}
		if unicode.IsControl(r) {
			*ps = append(*ps, Problem{Path: ptr, Code: CodeControlChar,
				Message:   fmt.Sprintf("第 %d 个字符是控制字符 %U", utf8.RuneCountInString(s[:i])+1, r),
				MessageEN: fmt.Sprintf("character %d is the control character %U", utf8.RuneCountInString(s[:i])+1, r)})
			return
		}
	}
}

// plausible reports whether a figure is of a magnitude a disclosure can
// hold: below 10¹⁵, so that the sums computed from it stay printable.
// (Amounts are further held to MaxAmountDecimals places by Validate.)
func plausible(n Number) bool { return n.Value.Abs().LessThan(maxMagnitude) }

var maxMagnitude = decimal.New(1, 15)

// isInvisible reports the characters that change how text reads without
// being seen: the bidi embeddings, overrides and isolates, the zero-width
// space, the line and paragraph separators and the byte order mark (as a
// zero-width no-break space inside text). They would reorder a file name
// or hide text in a printed form.
func isInvisible(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 ||
		r == 0x200B || r == 0x2028 || r == 0x2029 || r == 0xFEFF
}

func typeProblem(ptr, wantZH, wantEN string, got any, ps *Problems) {
	*ps = append(*ps, Problem{Path: ptr, Code: CodeType,
		Message:   fmt.Sprintf("应为%s，实际为%s", wantZH, jsonKind(got, true)),
		MessageEN: fmt.Sprintf("must be %s, got %s", wantEN, jsonKind(got, false))})
}

func jsonKind(v any, zh bool) string {
	zhName, enName := "null", "null"
	switch v.(type) {
	case map[string]any:
		zhName, enName = "对象", "an object"
	case []any:
		zhName, enName = "数组", "an array"
	case string:
		zhName, enName = "字符串", "a string"
	case json.Number:
		zhName, enName = "数字", "a number"
	case bool:
		zhName, enName = "布尔值", "a boolean"
	}
	if zh {
		return zhName
	}
	return enName
}

type jsonField struct {
	Type  reflect.Type
	Index int
}

// fieldCache holds jsonFields' answers, by type: checkShape asks once
// per object of the input.
var fieldCache sync.Map // reflect.Type → map[string]jsonField

// jsonFields maps the JSON keys of struct type t to their fields.
func jsonFields(t reflect.Type) map[string]jsonField {
	if m, ok := fieldCache.Load(t); ok {
		return m.(map[string]jsonField)
	}
	m := structFields(t)
	fieldCache.Store(t, m)
	return m
}

func structFields(t reflect.Type) map[string]jsonField {
	m := make(map[string]jsonField, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		m[name] = jsonField{Type: f.Type, Index: i}
	}
	return m
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
