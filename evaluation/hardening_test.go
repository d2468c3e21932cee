package evaluation

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/jixiao/jixiao/internal/abuse"
	"github.com/jixiao/jixiao/internal/cputime"
)

// problemAt asserts that ps holds a problem of code at path.
func problemAt(t *testing.T, ps Problems, code, path string) {
	t.Helper()
	for _, p := range ps {
		if p.Code == code && p.Path == path {
			if p.Message == "" || p.MessageEN == "" {
				t.Errorf("problem %v lacks a message", p)
			}
			return
		}
	}
	t.Errorf("no %s problem at %q in %v", code, path, ps)
}

func evaluate(data []byte) *Report { return Evaluate(data, nil) }

func TestDeepNestingRefused(t *testing.T) {
	rep := evaluate(abuse.DeepNesting(10_000))
	if len(rep.Problems) != 1 {
		t.Fatalf("problems %v, want one", rep.Problems)
	}
	p := rep.Problems[0]
	if p.Code != CodeLimit || !strings.HasPrefix(p.Path, "/title/0/0/") || !strings.Contains(p.MessageEN, "nesting depth") {
		t.Errorf("problem %v, want a depth limit under /title", p)
	}
	// The configurable limit is lower.
	ps := CheckLimits(abuse.DeepNesting(70), DefaultLimits)
	if len(ps) != 1 || ps[0].Code != CodeLimit || !strings.Contains(ps[0].Message, "limit depth") {
		t.Errorf("CheckLimits: %v", ps)
	}
	if ps := CheckLimits(abuse.DeepNesting(10), DefaultLimits); ps != nil {
		t.Errorf("depth 10 refused: %v", ps)
	}
}

func TestCheckLimits(t *testing.T) {
	tests := []struct {
		name  string
		data  []byte
		l     Limits
		limit string
		path  string
	}{
		{"rows", abuse.FreeTableRows(101), Limits{Rows: 100}, "rows", "/projectReports/0/sections/0/blocks/0/table/rows/100"},
		{"items", abuse.FreeTableRows(101), Limits{Items: 150}, "items", ""},
		{"chars", abuse.LongWord(1000), Limits{Chars: 500}, "chars", "/projectReports/0/sections/0/blocks/0/table/rows/0/0"},
		{"tables", abuse.WithTable(map[string]any{"rows": []any{[]any{"x"}}}), Limits{Tables: 0}, "", ""},
		{"tables over", []byte(`{"selfAssessments":[{},{},{}]}`), Limits{Tables: 2}, "tables", "/selfAssessments/2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := CheckLimits(tt.data, tt.l)
			if tt.limit == "" {
				if ps != nil {
					t.Fatalf("refused: %v", ps)
				}
				return
			}
			if len(ps) != 1 || ps[0].Code != CodeLimit || !strings.Contains(ps[0].MessageEN, "(limit "+tt.limit+")") {
				t.Fatalf("problems %v, want the %s limit", ps, tt.limit)
			}
			if tt.path != "" && ps[0].Path != tt.path {
				t.Errorf("path %q, want %q", ps[0].Path, tt.path)
			}
			// Evaluate checks the same limits as it reads, and stops.
			r := Evaluate(tt.data, &Config{Profiles: builtin(), Limits: tt.l})
			for i := range r.Problems {
				r.Problems[i].Location = "" // Evaluate names the place for people
			}
			if !reflect.DeepEqual(r.Problems, ps) || r.Disclosure != nil || r.Result != nil {
				t.Errorf("Evaluate: problems %v, disclosure %v; want only %v", r.Problems, r.Disclosure != nil, ps)
			}
		})
	}
	// The reference disclosure is well within the defaults.
	if ps := CheckLimits(loadReference(t), DefaultLimits); ps != nil {
		t.Errorf("the reference disclosure is refused: %v", ps)
	}
}

func TestLoneSurrogate(t *testing.T) {
	rep := evaluate(abuse.LoneSurrogate())
	problemAt(t, rep.Problems, CodeEncoding, "/selfAssessments/0/project")
	// A pair is a character, and an escaped backslash before "ud800"
	// is no escape.
	for _, s := range []string{`"示例\ud83d\ude00项目"`, `"示例\\ud800项目"`} {
		data := strings.Replace(string(abuse.Text("示例项目")), `"示例项目"`, s, 1)
		if rep := evaluate([]byte(data)); !rep.Valid() {
			t.Errorf("%s: %v", s, rep.Problems)
		}
	}
	// In a key.
	rep = evaluate([]byte(`{"department":"x","year":2024,"selfAssessments":[{"\udc00":1}]}`))
	problemAt(t, rep.Problems, CodeEncoding, "/selfAssessments/0/\ufffd")
}

func TestInvisibleCharacters(t *testing.T) {
	for _, r := range []rune{0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200B, 0x2028, 0x2029, 0xFEFF} {
		t.Run(fmt.Sprintf("%U", r), func(t *testing.T) {
			rep := evaluate(abuse.Text("示例" + string(r) + "项目"))
			problemAt(t, rep.Problems, CodeInvisible, "/selfAssessments/0/project")
		})
	}
}

func TestLeadingBOMAccepted(t *testing.T) {
	if rep := evaluate(abuse.BOM()); !rep.Valid() {
		t.Fatalf("a leading BOM is refused: %v", rep.Problems)
	}
}

func TestTableWidths(t *testing.T) {
	const p = "/projectReports/0/sections/0/blocks/0/table/widths"
	problemAt(t, evaluate(abuse.ZeroWidths()).Problems, CodeRange, p+"/0")
	bad := abuse.WithTable(map[string]any{"widths": []any{"-1", "2"}, "rows": []any{[]any{"a", "b"}}})
	problemAt(t, evaluate(bad).Problems, CodeRange, p+"/0")
	wide := abuse.WithTable(map[string]any{"widths": []any{"1", "1000"}, "rows": []any{[]any{"a", "b"}}})
	problemAt(t, evaluate(wide).Problems, CodeRange, p)
	ok := abuse.WithTable(map[string]any{"widths": []any{"1", "3.5"}, "rows": []any{[]any{"a", "b"}}})
	if rep := evaluate(ok); !rep.Valid() {
		t.Errorf("widths 1, 3.5: %v", rep.Problems)
	}
}

func TestAbsurdMagnitudes(t *testing.T) {
	problemAt(t, evaluate(abuse.TinyBudget()).Problems, CodeRange, "/selfAssessments/0/funds/total/budget")
	huge := strings.Replace(string(abuse.Valid()), `"48.50"`, `"1`+strings.Repeat("0", 20)+`"`, 1)
	problemAt(t, evaluate([]byte(huge)).Problems, CodeRange, "/selfAssessments/0/funds/total/executed")
}

// BenchmarkDecodeSized decodes inputs of about 10⁴ to 4·10⁶ bytes, of
// many rows and of deep nesting (refused at the limit).
func BenchmarkDecodeSized(b *testing.B) {
	for _, kind := range []string{"rows", "deep"} {
		for _, size := range []int{10_000, 100_000, 1_000_000, 4_000_000} {
			data := abuse.Sized(kind, size)
			b.Run(fmt.Sprintf("%s/%d", kind, size), func(b *testing.B) {
				defer cputime.Report(b)()
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					Evaluate(data, nil)
				}
			})
		}
	}
}

// TestDuplicateKeyDeep: a key given twice deep in the input is reported
// with its full pointer (the path is kept as a stack and built only for
// the report, not once per level).
func TestDuplicateKeyDeep(t *testing.T) {
	data := `{"department":"x","year":2024,"title":` + strings.Repeat(`[`, 60) + `{"a":1,"a":2}` + strings.Repeat(`]`, 60) + `}`
	rep := evaluate([]byte(data))
	problemAt(t, rep.Problems, CodeDuplicateKey, "/title"+strings.Repeat("/0", 60)+"/a")
}

// FuzzRead checks the reader against encoding/json: it takes for
// well-formed exactly what encoding/json does, and the duplicate keys it
// finds are keys of the input.
func FuzzRead(f *testing.F) {
	for _, s := range []string{`{}`, `[]`, `{"a":[1,2,{"b":"\u00e9\ud83d\ude00"}],"a":null}`, `"x"`, `[[[]]]`,
		`{"a\"b":1,"a\"b":2}`, `{"\u0061":1,"a":2}`, `[1,]`, `{"a" 1}`, `{"a":"\ud800"}`, ` [ true , false , null ] `,
		`-0.5e+3`, `01`, `1.`, `"\x"`, "\"a\tb\"", "\"a\x01\"", `[nul]`, `{"a":1}x`,
		"{\"a\":\"\xff\"}", "{\"a\xe4\xb8\":1}", "[\"\\n\xc3\"]", "{\"a\":\"\xe5\x8d\x81\xe2\x80\x8b\x7f\"}", "[1,\xff]", "\xef\xbb\xbf\"\xc2\x85\""} {
		f.Add([]byte(s))
	}
	f.Add(abuse.Valid())
	f.Fuzz(func(t *testing.T, data []byte) {
		r := newReader(data, Limits{})
		ok := r.read(reflect.Value{})
		if r.limit != nil {
			return
		}
		if ok != json.Valid(data) {
			t.Fatalf("reader says well-formed %v, encoding/json %v: %q", ok, !ok, data)
		}
		for _, p := range r.ps {
			if p.Code != CodeDuplicateKey && p.Code != CodeEncoding || p.Path != "" && !strings.HasPrefix(p.Path, "/") {
				t.Fatalf("problem %+v", p)
			}
		}
		// decode checks the encoding as it reads: it reports bad UTF-8
		// exactly when the input holds some, whatever else is wrong.
		_, ps := decode(data, Limits{})
		enc := len(ps) == 1 && ps[0].Code == CodeEncoding && ps[0].Line > 0
		if enc == utf8.Valid(bytes.TrimPrefix(data, utf8BOM)) {
			t.Fatalf("encoding problem %v for %q: %v", enc, data, ps)
		}
	})
}
