package evaluation

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/profile"
)

// TestFieldTables holds the field tables to the profile's names and to
// the model: each text field reads the struct field of its JSON name.
func TestFieldTables(t *testing.T) {
	names := func(n int, name func(int) string) []string {
		var out []string
		for i := range n {
			out = append(out, name(i))
		}
		return out
	}
	if got := names(len(IndicatorFields), func(i int) string { return IndicatorFields[i].Name }); !slices.Equal(got, profile.IndicatorFields) {
		t.Errorf("indicator fields %v, profile %v", got, profile.IndicatorFields)
	}
	if got := names(len(HeaderFields), func(i int) string { return HeaderFields[i].Name }); !slices.Equal(got, profile.HeaderFields) {
		t.Errorf("header fields %v, profile %v", got, profile.HeaderFields)
	}
	explains := 0
	for _, f := range IndicatorFields {
		checkAccessor(t, f)
		if f.Explains {
			explains++
		}
	}
	if explains != 1 {
		t.Errorf("%d fields explain a shortfall, want 1", explains)
	}
	for _, f := range HeaderFields {
		checkAccessor(t, f)
	}
}

// checkAccessor checks that f.Of returns the string field of T whose JSON
// name is f.Name, or that f is a figure: a Number.
func checkAccessor[T any](t *testing.T, f Field[T]) {
	t.Helper()
	var x T
	typ := reflect.TypeFor[T]()
	for i := range typ.NumField() {
		sf := typ.Field(i)
		if name, _, _ := strings.Cut(sf.Tag.Get("json"), ","); name != f.Name {
			continue
		}
		if f.Of == nil {
			if sf.Type != numberType {
				t.Errorf("%s.%s has no accessor and is no figure", typ.Name(), f.Name)
			}
			return
		}
		*f.Of(&x) = "mark"
		if v := reflect.ValueOf(x).Field(i); v.Kind() != reflect.String || v.String() != "mark" {
			t.Errorf("%s.%s reads another field than %s", typ.Name(), f.Name, sf.Name)
		}
		return
	}
	t.Errorf("%s has no field %q", typ.Name(), f.Name)
}

func TestFieldRead(t *testing.T) {
	nature := FieldNamed(IndicatorFields, "nature")
	norm := func(s string) string { return strings.ReplaceAll(s, " ", "") }
	for in, want := range map[string]string{">=": "≥", " ≤ ": "≤", "=": "=", "约": "约", "": ""} {
		if got := nature.Read(in, norm); got != want {
			t.Errorf("Read(%q) = %q, want %q", in, got, want)
		}
	}
	if got := FieldNamed(IndicatorFields, "unit").Read(" >= ", norm); got != " >= " {
		t.Errorf("a field without spellings changed %q", got)
	}
}
