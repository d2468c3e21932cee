package evaluation

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The rows of the self-assessment tables are most of the values of an
// input, and the validator boxes every value it visits to ask whether it
// is a Valuer: for the reference disclosure that was a third of the
// allocations of an evaluation. Their tag rules are simple, so they are
// checked here instead, from the same tags, with the same problems; the
// validator does not go into the rows (SelfAssessment.Indicators has no
// dive).
var rowRules = compileRules(reflect.TypeFor[TableIndicator]())

// rowProblems appends to ps the problems of the tag rules of every
// table's rows, but for those at values decode left out.
func rowProblems(d *Disclosure, ps Problems) Problems {
	for i := range d.SelfAssessments {
		inds := d.SelfAssessments[i].Indicators
		for j := range inds {
			v := reflect.ValueOf(&inds[j]).Elem()
			if rowRules.valid(v) {
				continue
			}
			path := child(child(tablesPointer, i)+"/indicators", j)
			rowRules.problems(v, path, func(p Problem) {
				if !d.unread.covers(p.Path) {
					ps = append(ps, p)
				}
			})
		}
	}
	return ps
}

// structRules are the validate tags of a struct type's fields, compiled.
type structRules struct {
	fields []fieldRules
}

// fieldRules are one field's rules, in the order of its tag: the first
// that fails is its problem, as with the validator.
type fieldRules struct {
	index     int
	name      string // JSON name
	omitempty bool
	rules     []tagRule
	// elem are the rules of the struct the field is or points to, walked
	// as the validator walks nested structs once the field's own rules
	// pass.
	elem *structRules
	// dive are the rules of each element of a slice whose tag dives.
	dive *fieldRules
}

type tagRule struct {
	tag, param string
	ok         func(reflect.Value) bool
}

// compileRules reads the validate tags of struct type t and of the
// structs it holds. It accepts only what it checks as the validator
// would — required, omitempty, min, max and oneof on strings and ints;
// required, min, max and dive on slices; structs, also behind pointers,
// walked into; Numbers and maps without rules — and panics on anything
// else, which is a mistake in this package.
func compileRules(t reflect.Type) *structRules {
	return compileStruct(t, map[reflect.Type]*structRules{})
}

func compileStruct(t reflect.Type, done map[reflect.Type]*structRules) *structRules {
	if s, ok := done[t]; ok {
		return s // a recursive type: its rules are being compiled
	}
	s := &structRules{}
	done[t] = s
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue // as the validator
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || strings.ContainsAny(name, "~/") {
			panic(fmt.Sprintf("evaluation: %s.%s: JSON name %q", t.Name(), f.Name, name))
		}
		fr := fieldRules{index: i, name: name}
		tag := f.Tag.Get("validate")
		typ := f.Type
		if typ.Kind() == reflect.Pointer && typ.Elem().Kind() == reflect.Struct {
			typ = typ.Elem()
		}
		switch kind := typ.Kind(); {
		case typ == numberType || kind == reflect.Map || kind == reflect.Bool || kind == reflect.Func:
			if tag != "" {
				panic(fmt.Sprintf("evaluation: %s.%s: rules on a %s", t.Name(), f.Name, typ))
			}
			continue
		case kind == reflect.Struct:
			if tag != "" {
				panic(fmt.Sprintf("evaluation: %s.%s: rules on a struct", t.Name(), f.Name))
			}
			fr.elem = compileStruct(typ, done)
		case kind == reflect.Slice:
			if tag == "" {
				continue // the validator does not go into the elements
			}
			before, after, dive := strings.Cut(tag, "dive")
			fr.rules = sliceRules(t, f, strings.TrimSuffix(before, ","))
			if dive {
				fr.dive = diveRules(t, f, strings.TrimPrefix(after, ","), done)
			}
		case kind == reflect.String || kind == reflect.Int:
			if tag == "" {
				continue
			}
			fr.omitempty, fr.rules = valueRules(t, f, kind, tag)
		default:
			panic(fmt.Sprintf("evaluation: %s.%s: a %s is not checked here", t.Name(), f.Name, kind))
		}
		s.fields = append(s.fields, fr)
	}
	return s
}

// sliceRules compiles the rules of a slice field before its dive.
func sliceRules(t reflect.Type, f reflect.StructField, tag string) []tagRule {
	var rules []tagRule
	if tag == "" {
		return nil
	}
	for rule := range strings.SplitSeq(tag, ",") {
		tag, param, _ := strings.Cut(rule, "=")
		r := tagRule{tag: tag, param: param}
		switch tag {
		case "required":
			// The validator's required asks only for a slice, empty or not.
			r.ok = func(v reflect.Value) bool { return !v.IsNil() }
		case "min", "max":
			n, err := strconv.Atoi(param)
			if err != nil {
				panic(fmt.Sprintf("evaluation: %s.%s: %s", t.Name(), f.Name, err))
			}
			if tag == "min" {
				r.ok = func(v reflect.Value) bool { return v.Len() >= n }
			} else {
				r.ok = func(v reflect.Value) bool { return v.Len() <= n }
			}
		default:
			panic(fmt.Sprintf("evaluation: %s.%s: rule %q on a slice is not checked here", t.Name(), f.Name, rule))
		}
		rules = append(rules, r)
	}
	return rules
}

// diveRules compiles the rules a slice field's tag gives each element
// after its dive: a struct's own, or a string's.
func diveRules(t reflect.Type, f reflect.StructField, tag string, done map[reflect.Type]*structRules) *fieldRules {
	et := f.Type.Elem()
	switch et.Kind() {
	case reflect.Struct:
		if tag != "" {
			panic(fmt.Sprintf("evaluation: %s.%s: rules on each struct", t.Name(), f.Name))
		}
		return &fieldRules{elem: compileStruct(et, done)}
	case reflect.String:
		fr := &fieldRules{}
		fr.omitempty, fr.rules = valueRules(t, f, reflect.String, tag)
		return fr
	}
	panic(fmt.Sprintf("evaluation: %s.%s: dive into a %s", t.Name(), f.Name, et))
}

// valueRules compiles the rules of a string or int.
func valueRules(t reflect.Type, f reflect.StructField, kind reflect.Kind, tag string) (omitempty bool, rules []tagRule) {
	for rule := range strings.SplitSeq(tag, ",") {
		tag, param, _ := strings.Cut(rule, "=")
		r := tagRule{tag: tag, param: param}
		switch tag {
		case "omitempty":
			omitempty = true
			continue
		case "required":
			r.ok = func(v reflect.Value) bool { return !v.IsZero() }
		case "min", "max":
			n, err := strconv.Atoi(param)
			if err != nil {
				panic(fmt.Sprintf("evaluation: %s.%s: %s", t.Name(), f.Name, err))
			}
			r.ok = lengthOrValue(kind, tag == "min", n)
		case "oneof":
			if kind != reflect.String {
				panic(fmt.Sprintf("evaluation: %s.%s: oneof on a %s", t.Name(), f.Name, kind))
			}
			values := strings.Fields(param)
			r.ok = func(v reflect.Value) bool { return slices.Contains(values, v.String()) }
		default:
			panic(fmt.Sprintf("evaluation: %s.%s: rule %q is not checked here", t.Name(), f.Name, rule))
		}
		rules = append(rules, r)
	}
	return omitempty, rules
}

// lengthOrValue checks a string's length in characters, or an int, against n.
func lengthOrValue(kind reflect.Kind, isMin bool, n int) func(reflect.Value) bool {
	if kind == reflect.String {
		if isMin {
			return func(v reflect.Value) bool { return utf8.RuneCountInString(v.String()) >= n }
		}
		return func(v reflect.Value) bool {
			s := v.String()
			// A string has no more characters than bytes.
			return len(s) <= n || utf8.RuneCountInString(s) <= n
		}
	}
	if isMin {
		return func(v reflect.Value) bool { return v.Int() >= int64(n) }
	}
	return func(v reflect.Value) bool { return v.Int() <= int64(n) }
}

// valid reports whether struct v passes every rule; it allocates nothing.
func (s *structRules) valid(v reflect.Value) bool {
	for i := range s.fields {
		if !s.fields[i].valid(v.Field(s.fields[i].index)) {
			return false
		}
	}
	return true
}

func (f *fieldRules) valid(fv reflect.Value) bool {
	if f.failing(fv) != nil {
		return false
	}
	switch {
	case f.elem != nil:
		if fv.Kind() == reflect.Pointer {
			if fv.IsNil() {
				return true
			}
			fv = fv.Elem()
		}
		return f.elem.valid(fv)
	case f.dive != nil:
		for j := range fv.Len() {
			if !f.dive.valid(fv.Index(j)) {
				return false
			}
		}
	}
	return true
}

// failing returns the first of the field's own rules the value fv
// fails, or nil.
func (f *fieldRules) failing(fv reflect.Value) *tagRule {
	if f.omitempty && fv.IsZero() {
		return nil
	}
	for i := range f.rules {
		if !f.rules[i].ok(fv) {
			return &f.rules[i]
		}
	}
	return nil
}

// problems reports the problem of each field of struct v, at path, that
// fails a rule, in the validator's order: a field's own rule, else what
// is wrong inside it, field by field and element by element.
func (s *structRules) problems(v reflect.Value, path string, add func(Problem)) {
	s.walk(v, []byte(path), add)
}

// walk is problems with the path in a buffer that grows and shrinks as
// it goes down and up: a path is made a string only for a problem.
func (s *structRules) walk(v reflect.Value, path []byte, add func(Problem)) []byte {
	for i := range s.fields {
		f := &s.fields[i]
		n := len(path)
		path = f.walk(v.Field(f.index), append(append(path, '/'), f.name...), add)
		path = path[:n]
	}
	return path
}

func (f *fieldRules) walk(fv reflect.Value, path []byte, add func(Problem)) []byte {
	if r := f.failing(fv); r != nil {
		add(ruleProblem(string(path), r.tag, r.param, fv.Kind(), fv.Interface()))
		return path
	}
	switch {
	case f.elem != nil:
		if fv.Kind() == reflect.Pointer {
			if fv.IsNil() {
				return path
			}
			fv = fv.Elem()
		}
		return f.elem.walk(fv, path, add)
	case f.dive != nil:
		for j := range fv.Len() {
			n := len(path)
			path = f.dive.walk(fv.Index(j), strconv.AppendInt(append(path, '/'), int64(j), 10), add)
			path = path[:n]
		}
	}
	return path
}
