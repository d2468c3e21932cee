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
	// elem are the rules of the struct a pointer field points to.
	elem *structRules
}

type tagRule struct {
	tag, param string
	ok         func(reflect.Value) bool
}

// compileRules reads the validate tags of struct type t. It accepts only
// what it checks as the validator would — required, omitempty, min, max
// and oneof on strings and ints, and structs behind pointers — and
// panics on anything else, which is a mistake in this package.
func compileRules(t reflect.Type) *structRules {
	s := &structRules{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		tag := f.Tag.Get("validate")
		if tag == "" {
			if f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Struct {
				if e := compileRules(f.Type.Elem()); len(e.fields) > 0 {
					s.fields = append(s.fields, fieldRules{index: i, name: name, elem: e})
				}
			}
			continue
		}
		kind := f.Type.Kind()
		if kind != reflect.String && kind != reflect.Int {
			panic(fmt.Sprintf("evaluation: %s.%s: rules on a %s", t.Name(), f.Name, kind))
		}
		fr := fieldRules{index: i, name: name}
		for rule := range strings.SplitSeq(tag, ",") {
			tag, param, _ := strings.Cut(rule, "=")
			r := tagRule{tag: tag, param: param}
			switch tag {
			case "omitempty":
				fr.omitempty = true
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
			fr.rules = append(fr.rules, r)
		}
		s.fields = append(s.fields, fr)
	}
	return s
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
		f := &s.fields[i]
		fv := v.Field(f.index)
		if f.elem != nil {
			if !fv.IsNil() && !f.elem.valid(fv.Elem()) {
				return false
			}
		} else if f.failing(fv) != nil {
			return false
		}
	}
	return true
}

// failing returns the first rule the value fv of a field that is no
// pointer to a struct fails, or nil.
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
// fails a rule.
func (s *structRules) problems(v reflect.Value, path string, add func(Problem)) {
	for i := range s.fields {
		f := &s.fields[i]
		fv := v.Field(f.index)
		if f.elem != nil {
			if !fv.IsNil() {
				f.elem.problems(fv.Elem(), path+"/"+f.name, add)
			}
			continue
		}
		if r := f.failing(fv); r != nil {
			add(ruleProblem(path+"/"+f.name, r.tag, r.param, fv.Kind(), fv.Interface()))
		}
	}
}
