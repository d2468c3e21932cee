package evaluation

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestRowRulesAgreeWithValidator checks rows by the compiled tag rules
// and by the validator, and wants the same problems: each text field
// empty, at, over and (in bytes only) past its limit, a nature in and out
// of its set, scoreRows out of range on both sides, and quantitative
// rows with and without a direction.
func TestRowRulesAgreeWithValidator(t *testing.T) {
	var rows []TableIndicator
	base := TableIndicator{Level1: "产出指标", Level2: "数量指标"}
	rows = append(rows, base)
	typ := reflect.TypeFor[TableIndicator]()
	for i := range typ.NumField() {
		f := typ.Field(i)
		if f.Type.Kind() != reflect.String {
			continue
		}
		for _, v := range []string{"", "a", strings.Repeat("长", 20), strings.Repeat("长", 21), strings.Repeat("a", 21),
			strings.Repeat("长", 500), strings.Repeat("长", 501), strings.Repeat("a", 2001), "≥", "≧", "= "} {
			r := base
			reflect.ValueOf(&r).Elem().Field(i).SetString(v)
			rows = append(rows, r)
		}
	}
	for _, n := range []int{-1, 0, 1, 100, 101} {
		r := base
		r.ScoreRows = n
		rows = append(rows, r)
	}
	for _, d := range []string{"", "positive", "negative", "up"} {
		r := base
		r.Quantitative = &Quantitative{Direction: d}
		rows = append(rows, r)
	}
	r := base
	r.Level1, r.Level2, r.Nature, r.ScoreRows = "", "", "~", 200
	rows = append(rows, r)

	type grid struct {
		Indicators []TableIndicator `json:"indicators" validate:"dive"`
	}
	want := validatorProblems(grid{rows}, nil)
	var got Problems
	for j := range rows {
		v := reflect.ValueOf(&rows[j]).Elem()
		valid := rowRules.valid(v)
		before := len(got)
		rowRules.problems(v, child("/indicators", j), func(p Problem) { got = append(got, p) })
		if valid != (len(got) == before) {
			t.Errorf("row %d: valid %v, problems %v", j, valid, got[before:])
		}
	}
	if len(want) < 20 {
		t.Fatalf("only %d problems: %v", len(want), want)
	}
	if !slices.Equal(got, want) {
		t.Errorf("compiled rules:\n%v\nvalidator:\n%v", got, want)
	}
}

func TestCompileRulesRefusesOtherRules(t *testing.T) {
	for _, typ := range []reflect.Type{
		reflect.TypeFor[struct {
			A string `json:"a" validate:"email"`
		}](),
		reflect.TypeFor[struct {
			A []string `json:"a" validate:"oneof=x"`
		}](),
		reflect.TypeFor[struct {
			A []string `json:"a" validate:"dive,email"`
		}](),
		reflect.TypeFor[struct {
			A map[string]string `json:"a" validate:"max=2"`
		}](),
		reflect.TypeFor[struct {
			A Funds `json:"a" validate:"required"`
		}](),
		reflect.TypeFor[struct {
			A string `validate:"max=2"`
		}](),
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%v: no panic", typ)
				}
			}()
			compileRules(typ)
		}()
	}
}
