package evaluation

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"unicode/utf8"
)

// reader decodes JSON text into the format's Go types in one pass over
// the bytes, with no intermediate tree. On its way it checks what the
// format and the limits ask of the text: the nesting, the length of
// arrays, the number of elements, tables and characters, duplicate keys,
// unpaired surrogate escapes, unknown keys, the JSON type of each value,
// numbers and characters.
//
// A value that breaks a rule of the format is reported at its JSON
// Pointer and left out (its pointer goes into unread), and reading goes
// on, so that one pass finds everything wrong. Text that is not
// well-formed JSON, or over a limit, stops it: the caller then reports
// the limit, or the syntax error as syntaxError describes it.
//
// A zero reflect.Value as target reads a value without keeping it: the
// members of unknown keys and values of the wrong type are read so, and
// CheckLimits reads a whole input so.
type reader struct {
	data   []byte
	i      int
	limits Limits
	depth  int  // the deepest nesting allowed
	lean   bool // only the limits are checked: nothing is reported
	stack  walkPath
	items  int // array elements so far
	chars  int // characters of string values so far
	tables int
	buf    []byte // a string's unescaped content, reused
	// src is the input as one string: the strings of the disclosure
	// that hold no escape are cut from it, [from, to) of the last one
	// read, rather than each allocated on its own.
	src      string
	from, to int
	// badAt is the offset, in the last string str read without escapes,
	// of its first control or invisible format character, or -1
	// (firstBadChar, found on the way).
	badAt int
	// utf8 stops reading at a string that is not UTF-8 (decode, which
	// then reports where); otherwise such bytes are read as they come,
	// as encoding/json reads them.
	utf8 bool

	ps     Problems
	unread pointerSet
	limit  *Problem // the limit passed; reading stops there
	syntax bool     // the text is not well-formed; reading stopped
}

func newReader(data []byte, l Limits) *reader {
	depth := l.Depth
	if depth <= 0 || depth > maxDepth {
		depth = maxDepth
	}
	if l.Chars >= len(data) {
		// The string values of data have fewer characters than data has
		// bytes: they cannot pass the limit, and need not be counted.
		l.Chars = 0
	}
	return &reader{data: data, limits: l, depth: depth}
}

// set stores x in v, of type T. Through v's address where it has one:
// reflect.ValueOf would copy x to the heap first.
func set[T any](v reflect.Value, x T) {
	if v.CanAddr() {
		*v.Addr().Interface().(*T) = x
		return
	}
	v.Set(reflect.ValueOf(x))
}

// keep returns the string or number just read (raw, escaped or not) as
// a string that outlives the reader.
func (r *reader) keep(raw []byte, esc bool) string {
	if esc {
		return string(raw)
	}
	if r.src == "" {
		r.src = string(r.data)
	}
	return r.src[r.from:r.to]
}

// read reads the document into v, which must be settable or zero. It
// returns false when reading stopped: a limit, or bad syntax.
func (r *reader) read(v reflect.Value) bool {
	if !r.value(v) {
		return false
	}
	r.space()
	return r.i == len(r.data) || r.bad()
}

func (r *reader) bad() bool {
	r.syntax = true
	return false
}

func (r *reader) over(limit string, max int) bool {
	p := LimitProblem(r.stack.String(), limit, max)
	r.limit = &p
	return false
}

func (r *reader) report(p Problem) {
	if !r.lean {
		r.ps = append(r.ps, p)
	}
}

// leaveOut reports p and marks its value as not read.
func (r *reader) leaveOut(p Problem) {
	if r.lean {
		return
	}
	r.ps = append(r.ps, p)
	if r.unread == nil {
		r.unread = pointerSet{}
	}
	r.unread.add(p.Path)
}

func (r *reader) space() {
	for r.i < len(r.data) {
		switch r.data[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

// value reads one value into v (a zero v: reads it only).
func (r *reader) value(v reflect.Value) bool {
	r.space()
	if r.i >= len(r.data) {
		return r.bad()
	}
	c := r.data[r.i]
	if c == 'n' {
		if !r.literal("null") {
			return false
		}
		if v.IsValid() {
			v.SetZero() // null is the zero value everywhere
		}
		return true
	}
	if !v.IsValid() {
		return r.skip(c)
	}
	t := v.Type()
	if t.Kind() == reflect.Pointer {
		// Every pointer of the format is to an object.
		if c != '{' {
			return r.wrong(c, "对象", "an object")
		}
		if v.IsNil() {
			v.Set(reflect.New(t.Elem()))
		}
		v, t = v.Elem(), t.Elem()
	}
	switch t {
	case numberType:
		return r.number(v, c)
	case cellType, blockType:
		if c == '"' {
			s, ok, keep := r.text()
			if keep {
				if t == cellType {
					set(v, Cell{Text: s})
				} else {
					set(v, Block{Paragraph: s})
				}
			}
			return ok
		}
	}
	switch t.Kind() {
	case reflect.Struct:
		if c == '{' {
			return r.object(v, t)
		}
		return r.wrong(c, "对象", "an object")
	case reflect.Slice:
		if c == '[' {
			return r.array(v, t)
		}
		return r.wrong(c, "数组", "an array")
	case reflect.Map:
		if c == '{' {
			return r.mapping(v, t)
		}
		return r.wrong(c, "对象", "an object")
	case reflect.String:
		if c == '"' {
			s, ok, keep := r.text()
			if keep {
				v.SetString(s)
			}
			return ok
		}
		return r.wrong(c, "字符串", "a string")
	case reflect.Int:
		if c == '-' || c >= '0' && c <= '9' {
			return r.integer(v)
		}
		return r.wrong(c, "整数", "an integer")
	case reflect.Bool:
		if c == 't' {
			v.SetBool(true)
			return r.literal("true")
		}
		if c == 'f' {
			v.SetBool(false)
			return r.literal("false")
		}
		return r.wrong(c, "布尔值", "a boolean")
	}
	panic(fmt.Sprintf("evaluation: no JSON form for %s", t))
}

// wrong reports a value of the wrong JSON type, which begins with c, and
// reads past it.
func (r *reader) wrong(c byte, wantZH, wantEN string) bool {
	gotZH, gotEN := kindOf(c)
	r.leaveOut(Problem{Path: r.stack.String(), Code: CodeType,
		Message:   fmt.Sprintf("应为%s，实际为%s", wantZH, gotZH),
		MessageEN: fmt.Sprintf("must be %s, got %s", wantEN, gotEN)})
	return r.skip(c)
}

// kindOf names the JSON type of a value that begins with c.
func kindOf(c byte) (zh, en string) {
	switch c {
	case '{':
		return "对象", "an object"
	case '[':
		return "数组", "an array"
	case '"':
		return "字符串", "a string"
	case 't', 'f':
		return "布尔值", "a boolean"
	}
	return "数字", "a number"
}

// skip reads a value that begins with c without keeping it.
func (r *reader) skip(c byte) bool {
	switch c {
	case '{':
		if r.lean {
			return r.members(func([]byte) bool { return r.value(reflect.Value{}) })
		}
		seen := map[string]int{}
		return r.members(func(key []byte) bool {
			if seen[string(key)]++; seen[string(key)] == 2 {
				r.duplicate(r.stack.String())
			}
			return r.value(reflect.Value{})
		})
	case '[':
		return r.elements(func(int) bool { return r.value(reflect.Value{}) })
	case '"':
		_, _, lone, ok := r.str(true)
		if lone {
			r.leaveOut(surrogateProblem(r.stack.String()))
		}
		return ok
	case 't':
		return r.literal("true")
	case 'f':
		return r.literal("false")
	}
	_, ok := r.numeral()
	return ok
}

func (r *reader) literal(lit string) bool {
	if len(r.data)-r.i < len(lit) || string(r.data[r.i:r.i+len(lit)]) != lit {
		return r.bad()
	}
	r.i += len(lit)
	return true
}

// open enters the array or object at r.i, after checking the nesting
// and the number of tables. more is false for an empty one, which is
// left at once; ok is false when reading stops.
func (r *reader) open(object bool) (more, ok bool) {
	if len(r.stack) >= r.depth {
		return false, r.over("depth", r.depth)
	}
	if object && isTable(r.stack) {
		r.tables++
		if r.limits.Tables > 0 && r.tables > r.limits.Tables {
			return false, r.over("tables", r.limits.Tables)
		}
	}
	end := byte(']')
	if object {
		end = '}'
	}
	r.i++
	r.stack = append(r.stack, frame{object: object})
	r.space()
	if r.i < len(r.data) && r.data[r.i] == end {
		r.i++
		r.stack = r.stack[:len(r.stack)-1]
		return false, true
	}
	return true, true
}

// next reads the ',' or the closing byte end after a member or element;
// more is false when it closed the array or object, which is left.
func (r *reader) next(end byte) (more, ok bool) {
	r.space()
	if r.i >= len(r.data) {
		return false, r.bad()
	}
	switch r.data[r.i] {
	case ',':
		r.i++
		return true, true
	case end:
		r.i++
		r.stack = r.stack[:len(r.stack)-1]
		return false, true
	}
	return false, r.bad()
}

// members reads an object's members, calling member for each with its
// key once the frame holds it; r.i is at the '{'.
func (r *reader) members(member func(key []byte) bool) bool {
	more, ok := r.open(true)
	for ok && more {
		r.space()
		if r.i >= len(r.data) || r.data[r.i] != '"' {
			return r.bad()
		}
		key, esc, lone, read := r.str(false)
		if !read {
			return false
		}
		if esc {
			key = append([]byte(nil), key...) // r.buf is reused for the value
		}
		r.stack[len(r.stack)-1].key = key
		if lone {
			r.leaveOut(surrogateProblem(r.stack.String()))
		}
		r.space()
		if r.i >= len(r.data) || r.data[r.i] != ':' {
			return r.bad()
		}
		r.i++
		if !member(key) {
			return false
		}
		more, ok = r.next('}')
	}
	return ok
}

// elements reads an array's elements, calling element for each with its
// index; r.i is at the '['.
func (r *reader) elements(element func(i int) bool) bool {
	more, ok := r.open(false)
	for i := 0; ok && more; i++ {
		r.stack[len(r.stack)-1].index = i
		r.items++
		if r.limits.Rows > 0 && i >= r.limits.Rows {
			return r.over("rows", r.limits.Rows)
		}
		if r.limits.Items > 0 && r.items > r.limits.Items {
			return r.over("items", r.limits.Items)
		}
		if !element(i) {
			return false
		}
		more, ok = r.next(']')
	}
	return ok
}

// object reads an object into the struct v of type t.
func (r *reader) object(v reflect.Value, t reflect.Type) bool {
	fields := jsonFields(t)
	var given keyCount
	var meant []string // the fields unknown keys seem to misspell
	var names []string // the fields' names, sorted, once a key is unknown
	ok := r.members(func(key []byte) bool {
		f, known := fields[string(key)]
		if !known {
			f.Index = -1
		}
		n := given.add(key, f.Index)
		ptr := ""
		if n == 2 || !known {
			ptr = r.stack.String()
		}
		if n == 2 {
			r.duplicate(ptr) // once, however often it is repeated
		}
		if !known {
			if n == 1 {
				if names == nil {
					names = slices.Sorted(maps.Keys(fields))
				}
				near := nearest(string(key), names)
				if near != "" {
					meant = append(meant, near)
				}
				r.report(unknownField(ptr, string(key), near))
			}
			return r.value(reflect.Value{})
		}
		fv := v.Field(f.Index)
		if n > 1 {
			fv.SetZero() // the last value stands, whole
		}
		return r.value(fv)
	})
	if !ok || r.lean {
		return ok
	}
	// A field given only under a misspelt key was given: it is left out,
	// like a value that cannot be read, rather than reported missing too.
	for _, name := range meant {
		if !given.has([]byte(name), fields[name].Index) {
			if r.unread == nil {
				r.unread = pointerSet{}
			}
			r.unread.add(child(r.stack.String(), name))
		}
	}
	return true
}

// keyCount counts how often each key of one object is given: a field by
// its index, in bits while the struct has at most 64 fields and a key is
// given at most twice, any other key by name.
type keyCount struct {
	once, twice uint64
	other       map[string]int
}

// add counts key, the field of index i (-1: no field), and returns how
// often it has now been given (a field's count stops at 3).
func (k *keyCount) add(key []byte, i int) int {
	if i >= 0 && i < 64 {
		bit := uint64(1) << i
		switch {
		case k.once&bit == 0:
			k.once |= bit
			return 1
		case k.twice&bit == 0:
			k.twice |= bit
			return 2
		}
		return 3
	}
	if k.other == nil {
		k.other = map[string]int{}
	}
	k.other[string(key)]++
	return k.other[string(key)]
}

// has reports whether key, the field of index i, was given.
func (k *keyCount) has(key []byte, i int) bool {
	if i >= 0 && i < 64 {
		return k.once&(1<<i) != 0
	}
	return k.other[string(key)] > 0
}

// duplicate reports a key given again in its object, at ptr, once
// however often it is repeated. The last value stands, as JSON has it.
// What was found wrong in the values before it stays reported: taking
// it back would mean searching the problems at every repeat, which an
// object of many repeats makes quadratic, and the repeat alone makes
// the input invalid.
func (r *reader) duplicate(ptr string) {
	key := r.stack[len(r.stack)-1].key
	r.report(Problem{Path: ptr, Code: CodeDuplicateKey,
		Message: fmt.Sprintf("字段 %q 重复出现", key), MessageEN: fmt.Sprintf("key %q appears twice", key)})
}

// mapping reads an object into the map v of type t. A member whose key or
// value is wrong is left out.
func (r *reader) mapping(v reflect.Value, t reflect.Type) bool {
	m := reflect.MakeMap(t)
	v.Set(m)
	seen := map[string]int{}
	return r.members(func(key []byte) bool {
		k := string(key)
		ptr := r.stack.String()
		if seen[k]++; seen[k] > 1 {
			if seen[k] == 2 {
				r.duplicate(ptr)
			}
			m.SetMapIndex(reflect.ValueOf(k).Convert(t.Key()), reflect.Value{})
		}
		before := len(r.ps)
		if i := firstBadChar(k); i >= 0 {
			r.leaveOut(badCharProblem(k, i, ptr))
		}
		e := reflect.New(t.Elem()).Elem()
		if !r.value(e) {
			return false
		}
		if len(r.ps) == before && !r.unread.covers(ptr) {
			m.SetMapIndex(reflect.ValueOf(k).Convert(t.Key()), e)
		}
		return true
	})
}

// array reads an array into the slice v of type t.
func (r *reader) array(v reflect.Value, t reflect.Type) bool {
	v.Set(reflect.MakeSlice(t, 0, 0)) // [] is an empty slice, not nil
	return r.elements(func(i int) bool {
		if i == v.Cap() {
			v.Grow(max(4, i))
		}
		v.SetLen(i + 1)
		return r.value(v.Index(i))
	})
}

// number reads a Number, written as a JSON number or a string.
func (r *reader) number(v reflect.Value, c byte) bool {
	var s string
	lone := false
	switch {
	case c == '"':
		raw, esc, l, ok := r.str(true)
		if !ok {
			return false
		}
		s, lone = r.keep(raw, esc), l
		if lone {
			r.leaveOut(surrogateProblem(r.stack.String()))
		}
	case c == '-' || c >= '0' && c <= '9':
		raw, ok := r.numeral()
		if !ok {
			return false
		}
		s = r.keep(raw, false)
	default:
		return r.wrong(c, "数字或数字字符串", "a number or a numeric string")
	}
	// No figure of a form is longer than 40 characters: a longer one is
	// refused before it is parsed, which would cost its length squared.
	var n Number
	var digits int
	err := errTooLong
	if len(s) <= 40 {
		n, digits, err = parseNumber(s)
	}
	switch {
	case err != nil:
		shown := s
		if len(s) > 40 {
			shown = string([]rune(s)[:min(40, utf8.RuneCountInString(s))]) + "…"
		}
		r.leaveOut(Problem{Path: r.stack.String(), Code: CodeNumber,
			Message: fmt.Sprintf("%q 不是有效的十进制数", shown), MessageEN: fmt.Sprintf("%q is not a valid decimal number", shown)})
	case digits > maxDigits:
		r.leaveOut(Problem{Path: r.stack.String(), Code: CodeRange,
			Message:   fmt.Sprintf("%q 超出允许范围：绝对值须小于 10¹⁵", s),
			MessageEN: fmt.Sprintf("%q is out of range: the magnitude must be below 10¹⁵", s)})
	case !lone:
		set(v, n)
	}
	return true
}

var errTooLong = errors.New("longer than 40 characters")

// integer reads an int written as a JSON number of at most nine
// characters.
func (r *reader) integer(v reflect.Value) bool {
	raw, ok := r.numeral()
	if !ok {
		return false
	}
	i, err := strconv.ParseInt(string(raw), 10, 64)
	if err != nil || len(raw) > 9 || v.OverflowInt(i) {
		r.leaveOut(Problem{Path: r.stack.String(), Code: CodeType,
			Message: fmt.Sprintf("%s 不是有效的整数", raw), MessageEN: fmt.Sprintf("%s is not a valid integer", raw)})
		return true
	}
	v.SetInt(i)
	return true
}

// numeral reads a JSON number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (r *reader) numeral() ([]byte, bool) {
	start := r.i
	d := r.data
	i := r.i
	if i < len(d) && d[i] == '-' {
		i++
	}
	digits := func() bool {
		j := i
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
		return i > j
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case !digits():
		return nil, r.bad()
	}
	if i < len(d) && d[i] == '.' {
		i++
		if !digits() {
			return nil, r.bad()
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if !digits() {
			return nil, r.bad()
		}
	}
	r.i = i
	r.from, r.to = start, i
	return d[start:i], true
}

// text reads a string value that the format keeps as text: a character
// that does not belong in a form (a control or invisible format
// character, an unpaired surrogate) is reported and the value left out
// (keep false).
func (r *reader) text() (s string, ok, keep bool) {
	raw, esc, lone, ok := r.str(true)
	if !ok {
		return "", false, false
	}
	keep = true
	if lone {
		r.leaveOut(surrogateProblem(r.stack.String()))
		keep = false
	}
	s = r.keep(raw, esc)
	i := r.badAt
	if esc {
		i = firstBadChar(s)
	}
	if i >= 0 {
		r.leaveOut(badCharProblem(s, i, r.stack.String()))
		return s, true, false
	}
	if !keep {
		return "", true, false
	}
	return s, true, true
}

// str reads the string at r.i. It returns its content, unescaped (in
// r.buf when it had escapes, esc: valid until the next call), and
// whether it held an unpaired surrogate escape, which reads as U+FFFD as
// in encoding/json. A value's characters count towards the chars limit.
func (r *reader) str(isValue bool) (s []byte, esc, lone, ok bool) {
	d := r.data
	start := r.i + 1
	i := start
	r.badAt = -1
	// One pass finds the string's end, checks that it is UTF-8 (decode
	// no longer checks the whole input first) and finds its first
	// control or invisible character, as firstBadChar would.
	for i < len(d) {
		c := d[i]
		if c < utf8.RuneSelf {
			if c == '"' || c == '\\' || c < 0x20 {
				break
			}
			if c == 0x7f && r.badAt < 0 {
				r.badAt = i - start
			}
			i++
			continue
		}
		if c >= 0xe3 && c <= 0xec && i+2 < len(d) && d[i+1]&0xc0 == 0x80 && d[i+2]&0xc0 == 0x80 {
			// Most of a Chinese text: three bytes, U+3000 to U+CFFF,
			// never overlong, a surrogate nor invisible.
			i += 3
			continue
		}
		ch, n := utf8.DecodeRune(d[i:])
		if ch == utf8.RuneError && n == 1 {
			if r.utf8 {
				return nil, false, false, false
			}
			i++
			continue
		}
		if r.badAt < 0 && (ch < 0xa0 || isInvisible(ch)) {
			r.badAt = i - start
		}
		i += n
	}
	if i < len(d) && d[i] == '"' {
		r.i = i + 1
		s = d[start:i]
		r.from, r.to = start, i
	} else if s, lone, ok = r.unescape(start, i); !ok {
		return nil, false, false, false
	} else {
		esc = true
	}
	if isValue && r.limits.Chars > 0 {
		r.chars += utf8.RuneCount(s)
		if r.chars > r.limits.Chars {
			return nil, false, false, r.over("chars", r.limits.Chars)
		}
	}
	return s, esc, lone, true
}

// unescape reads the rest of a string whose first escape (or bad byte)
// is at i.
func (r *reader) unescape(start, i int) (s []byte, lone, ok bool) {
	d := r.data
	b := append(r.buf[:0], d[start:i]...)
	for i < len(d) {
		c := d[i]
		switch {
		case c == '"':
			r.i, r.buf = i+1, b
			return b, lone, true
		case c < 0x20:
			return nil, false, r.bad()
		case c >= utf8.RuneSelf:
			ch, n := utf8.DecodeRune(d[i:])
			if ch == utf8.RuneError && n == 1 && r.utf8 {
				return nil, false, false
			}
			b = append(b, d[i:i+n]...)
			i += n
			continue
		case c != '\\':
			b = append(b, c)
			i++
			continue
		}
		if i+1 >= len(d) {
			break
		}
		switch e := d[i+1]; e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			c, ok := hex4(d, i)
			if !ok {
				return nil, false, r.bad()
			}
			i += 6
			switch {
			case c >= 0xD800 && c < 0xDC00:
				if c2, ok := hex4(d, i); ok && c2 >= 0xDC00 && c2 < 0xE000 {
					c = 0x10000 + (c-0xD800)<<10 + (c2 - 0xDC00)
					i += 6
				} else {
					c, lone = utf8.RuneError, true
				}
			case c >= 0xDC00 && c < 0xE000:
				c, lone = utf8.RuneError, true
			}
			b = utf8.AppendRune(b, c)
			continue
		default:
			return nil, false, r.bad()
		}
		i += 2
	}
	return nil, false, r.bad()
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

func surrogateProblem(ptr string) Problem {
	return Problem{Path: ptr, Code: CodeEncoding,
		Message:   "文本含有不成对的 UTF-16 代理项转义（如 \\ud800），不是有效的字符",
		MessageEN: "the text holds an unpaired UTF-16 surrogate escape (such as \\ud800), which is not a character"}
}
