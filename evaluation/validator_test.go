package evaluation

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/go-playground/validator/v10"
)

// structValidator is go-playground/validator set up as Validate once
// used it: the reference its compiled tag rules are held to.
var structValidator = sync.OnceValue(func() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			return ""
		}
		return name
	})
	// A Number carries no struct rules: the reader has checked it.
	v.RegisterCustomTypeFunc(func(reflect.Value) any { return nil }, Number{})
	return v
})

// validatorProblems turns what the validator found in v into problems,
// but for those at values in unread.
func validatorProblems(v any, unread pointerSet) Problems {
	var ps Problems
	add := func(p Problem) {
		if !unread.covers(p.Path) {
			ps = append(ps, p)
		}
	}
	err := structValidator().Struct(v)
	if ves, ok := err.(validator.ValidationErrors); ok {
		for _, fe := range ves {
			add(ruleProblem(namespacePointer(fe.Namespace()), fe.Tag(), fe.Param(), fe.Kind(), fe.Value()))
		}
	} else if err != nil {
		add(Problem{Code: CodeType, Message: err.Error(), MessageEN: err.Error()})
	}
	return ps
}

// namespacePointer turns a validator namespace such as
// "Disclosure.selfAssessments[4].indicators[7].score" into a JSON Pointer.
func namespacePointer(ns string) string {
	_, rest, _ := strings.Cut(ns, ".")
	var segs []string
	for part := range strings.SplitSeq(rest, ".") {
		for {
			i := strings.IndexByte(part, '[')
			if i < 0 {
				break
			}
			if i > 0 {
				segs = append(segs, part[:i])
			}
			j := strings.IndexByte(part, ']')
			segs = append(segs, part[i+1:j])
			part = part[j+1:]
		}
		if part != "" {
			segs = append(segs, part)
		}
	}
	return pointer(segs...)
}

// TestTagRulesAgreeWithValidator checks disclosures by the compiled tag
// rules and by the validator, and wants the same problems in the same
// order: each example as it is, then with every value the tags rule on
// (strings, ints, slices, at every depth) set in turn to values that
// break or pass each rule, a few at a time.
func TestTagRulesAgreeWithValidator(t *testing.T) {
	strs := []string{"", "a", strings.Repeat("长", 21), strings.Repeat("a", 101), strings.Repeat("长", 201),
		strings.Repeat("长", 501), strings.Repeat("a", 2001), strings.Repeat("长", 5001), strings.Repeat("长", 20001),
		"paren", "executionRate", "≥", "positive", "x"}
	ints := []int{0, -1, 1999, 2000, 2101, 101, 1001}
	compared, problems := 0, 0
	for _, file := range []string{"beijing-finance-2021", "minimal-self-assessment", "extended-columns-self-assessment"} {
		data, err := os.ReadFile(filepath.Join("..", "examples", file+".json"))
		if err != nil {
			t.Fatal(err)
		}
		for round := range 40 {
			d, err := DecodeBytes(data)
			if err != nil {
				t.Fatal(err)
			}
			if round > 0 {
				leaf := 0
				mutate(reflect.ValueOf(d).Elem(), func(v reflect.Value) {
					leaf++
					if (leaf+round)%7 != 0 {
						return
					}
					switch v.Kind() {
					case reflect.String:
						v.SetString(strs[(leaf/7+round)%len(strs)])
					case reflect.Int:
						v.SetInt(int64(ints[(leaf/7+round)%len(ints)]))
					case reflect.Slice:
						switch (leaf / 7) % 3 {
						case 0:
							v.SetZero()
						case 1:
							v.SetLen(0)
						}
					}
				})
			}
			want := rowProblems(d, validatorProblems(d, d.unread))
			got := tagProblems(d)
			if !slices.Equal(got, want) {
				t.Fatalf("%s round %d: compiled rules:\n%v\nvalidator:\n%v", file, round, got, want)
			}
			compared++
			problems += len(got)
		}
	}
	t.Logf("%d disclosures, %d problems", compared, problems)
	if problems < 200 {
		t.Fatalf("%d disclosures gave only %d problems", compared, problems)
	}
}

// mutate calls f with every exported string, int and slice under v,
// parents before their elements.
func mutate(v reflect.Value, f func(reflect.Value)) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			mutate(v.Elem(), f)
		}
	case reflect.Struct:
		if v.Type() == numberType {
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				mutate(v.Field(i), f)
			}
		}
	case reflect.Slice:
		f(v)
		for i := range v.Len() {
			mutate(v.Index(i), f)
		}
	case reflect.String, reflect.Int:
		f(v)
	}
}

func TestCompileRulesCoversDisclosure(t *testing.T) {
	// Every rule of every tag under Disclosure is compiled, or
	// compileRules would have panicked; and the rows are left to
	// rowRules, as the validator left them.
	s := disclosureRules()
	for _, f := range s.fields {
		if f.name == "selfAssessments" && f.dive != nil {
			for _, g := range f.dive.elem.fields {
				if g.name == "indicators" && (g.dive != nil || g.elem != nil) {
					t.Error("the rows are walked by the disclosure's rules")
				}
			}
		}
	}
}

// BenchmarkValidatorTags is BenchmarkTagRules by the validator, as
// Validate checked the tags before.
func BenchmarkValidatorTags(b *testing.B) {
	d := referenceReport(b).Disclosure
	b.ReportAllocs()
	for b.Loop() {
		rowProblems(d, validatorProblems(d, d.unread))
	}
}
