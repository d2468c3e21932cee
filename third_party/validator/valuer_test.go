package validator

import (
	"strings"
	"testing"
)

type wrapped struct{ s string }

func (w wrapped) ValidatorValue() any { return w.s }

type valuerHolder struct {
	Value   wrapped  `validate:"max=3"`
	Pointer *wrapped `validate:"omitempty,max=3"`
	Plain   string   `validate:"max=3"`
}

// TestValuerStillUnwrapped pins the patched Valuer check: a value or a
// pointer whose type implements Valuer is still validated through it.
func TestValuerStillUnwrapped(t *testing.T) {
	v := New()
	long := wrapped{"abcd"}
	for _, tc := range []struct {
		name string
		in   valuerHolder
		want string
	}{
		{"ok", valuerHolder{Value: wrapped{"abc"}, Pointer: &wrapped{"abc"}, Plain: "abc"}, ""},
		{"value", valuerHolder{Value: long}, "Value"},
		{"pointer", valuerHolder{Pointer: &long}, "Pointer"},
		{"multibyte within", valuerHolder{Plain: "预算数"}, ""},
		{"multibyte over", valuerHolder{Plain: "预算执行"}, "Plain"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := v.Struct(tc.in)
			got := ""
			if err != nil {
				got = err.(ValidationErrors)[0].Field()
			}
			if got != tc.want {
				t.Errorf("failed field %q, want %q (%v)", got, tc.want, err)
			}
		})
	}
}

// TestPlainFieldsNoAllocation checks that visiting fields that are not
// Valuers allocates nothing per field.
func TestPlainFieldsNoAllocation(t *testing.T) {
	type many struct {
		A, B, C, D, E, F, G, H string `validate:"max=100"`
	}
	v := New()
	in := &many{A: strings.Repeat("x", 50)}
	if err := v.Struct(in); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(100, func() { _ = v.Struct(in) }); n > 2 {
		t.Errorf("%v allocations to validate 8 plain strings, want at most 2", n)
	}
}
