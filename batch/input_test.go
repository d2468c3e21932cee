package batch

import (
	"bufio"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/jixiao/jixiao/evaluation"
)

// item is the comparable part of an Item.
type item struct {
	Source string
	Data   string
	Code   string // of the first problem
	Line   int    // of the first problem
	Size   int64
}

func drain(t *testing.T, s Source) ([]item, error) {
	t.Helper()
	var out []item
	for {
		it, err := s.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		x := item{Source: it.Source, Data: string(it.Data), Size: it.Size}
		if len(it.Problems) > 0 {
			x.Code, x.Line = it.Problems[0].Code, it.Problems[0].Line
		}
		out = append(out, x)
		if len(out) > 100 {
			t.Fatal("too many items")
		}
	}
}

func equalItems(t *testing.T, got, want []item) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d items %+v, want %d %+v", len(got), got, len(want), want)
	}
	for i := range got {
		if want[i].Size == 0 {
			got[i].Size = 0 // not checked
		}
		if got[i] != want[i] {
			t.Errorf("item %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestNDJSON(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		limit int64
		want  []item
	}{
		{"empty", "", 100, nil},
		{"blank lines", "\n \n\r\n", 100, nil},
		{"lines", `{"a":1}` + "\n" + `{"b":2}` + "\n", 100, []item{
			{Source: "in:1", Data: `{"a":1}`, Size: 8}, {Source: "in:2", Data: `{"b":2}`, Size: 8}}},
		{"no final newline", `{"a":1}` + "\n" + `{"b":2}`, 100, []item{
			{Source: "in:1", Data: `{"a":1}`}, {Source: "in:2", Data: `{"b":2}`}}},
		{"crlf and blanks", "\r\n" + `{"a":1}` + "\r\n\r\n" + `{"b":2}` + "\r\n", 100, []item{
			{Source: "in:2", Data: `{"a":1}`, Size: 11}, {Source: "in:4", Data: `{"b":2}`, Size: 11}}},
		{"malformed line is an item", "{\"a\":\n[1]\n", 100, []item{
			{Source: "in:1", Data: `{"a":`}, {Source: "in:2", Data: `[1]`}}},
		{"long line", `{"a":"` + strings.Repeat("x", 200) + "\"}\n{}\n", 100, []item{
			{Source: "in:1", Code: CodeTooLarge, Size: 209}, {Source: "in:2", Data: `{}`}}},
		{"exactly the limit", "12345\n", 5, []item{{Source: "in:1", Data: "12345"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := drain(t, NewNDJSON(strings.NewReader(tt.in), "in", tt.limit))
			if err != nil {
				t.Fatal(err)
			}
			equalItems(t, got, tt.want)
		})
	}
}

func TestNDJSONLongLineAcrossBuffers(t *testing.T) {
	big := strings.Repeat("x", 200<<10) // longer than the reader's buffer
	in := `"` + big + `"` + "\n" + `{"ok":1}` + "\n"
	got, err := drain(t, NewNDJSON(iotest.HalfReader(strings.NewReader(in)), "in", 1<<20))
	if err != nil {
		t.Fatal(err)
	}
	equalItems(t, got, []item{{Source: "in:1", Data: `"` + big + `"`}, {Source: "in:2", Data: `{"ok":1}`}})
}

func TestArray(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []item
	}{
		{"empty", "[]", nil},
		{"elements", ` [ {"a":1}, {"b":[2,3]} ,null]`, []item{
			{Source: "in[0]", Data: `{"a":1}`}, {Source: "in[1]", Data: `{"b":[2,3]}`}, {Source: "in[2]", Data: "null"}}},
		{"pretty", "[\n  {\n    \"a\": 1\n  }\n]\n", []item{{Source: "in[0]", Data: "{\n    \"a\": 1\n  }"}}},
		{"syntax error in second element", "[\n{\"a\":1},\n{\"b\":\n tru}\n]", []item{
			{Source: "in[0]", Data: `{"a":1}`}, {Source: "in[1]", Code: evaluation.CodeSyntax, Line: 4}}},
		{"missing comma", "[{}\n{}]", []item{
			{Source: "in[0]", Data: `{}`}, {Source: "in[1]", Code: evaluation.CodeSyntax, Line: 2}}},
		{"cut short", `[{"a":1},{"b"`, []item{
			{Source: "in[0]", Data: `{"a":1}`}, {Source: "in[1]", Code: evaluation.CodeSyntax, Line: 1}}},
		{"not an array", `{"a":1}`, []item{{Source: "in[0]", Code: evaluation.CodeSyntax, Line: 1}}},
		{"nothing", "", []item{{Source: "in[0]", Code: evaluation.CodeSyntax, Line: 1}}},
		{"trailing data", "[{}]\n[]", []item{{Source: "in[0]", Data: `{}`}, {Source: "in[1]", Code: evaluation.CodeSyntax, Line: 2}}},
		{"too large", `[{"a":"` + strings.Repeat("x", 100) + `"},{}]`, []item{
			{Source: "in[0]", Code: CodeTooLarge}, {Source: "in[1]", Data: `{}`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := drain(t, NewArray(iotest.OneByteReader(strings.NewReader(tt.in)), "in", 50))
			if err != nil {
				t.Fatal(err)
			}
			equalItems(t, got, tt.want)
		})
	}
}

func TestArraySizesAddUp(t *testing.T) {
	in := `[{"a":1}, {"b":2} , {"c":3}]`
	var sum int64
	s := NewArray(strings.NewReader(in), "in", 100)
	for {
		it, err := s.Next()
		if err != nil {
			break
		}
		sum += it.Size
	}
	if sum < int64(len(in))-2 || sum > int64(len(in)) {
		t.Errorf("sizes add up to %d of %d bytes", sum, len(in))
	}
}

func TestReadErrors(t *testing.T) {
	boom := errors.New("boom")
	sources := map[string]Source{
		"ndjson": NewNDJSON(io.MultiReader(strings.NewReader("{}\n"), iotest.ErrReader(boom)), "in", 100),
		"array":  NewArray(io.MultiReader(strings.NewReader("[{},"), iotest.ErrReader(boom)), "in", 100),
		"single": NewSingle(iotest.ErrReader(boom), "in", 100),
	}
	for name, s := range sources {
		t.Run(name, func(t *testing.T) {
			_, err := drain(t, s)
			if !errors.Is(err, boom) {
				t.Errorf("error %v, want one wrapping %v", err, boom)
			}
			if _, again := s.Next(); again == nil {
				t.Error("Next after the error succeeded")
			}
		})
	}
}

func TestSingle(t *testing.T) {
	tests := []struct {
		in   string
		want []item
	}{
		{`{"a":1}`, []item{{Source: "f.json", Data: `{"a":1}`, Size: 7}}},
		{"", []item{{Source: "f.json", Data: ""}}},
		{strings.Repeat("x", 11), []item{{Source: "f.json", Code: CodeTooLarge, Size: 11}}},
		{strings.Repeat("x", 10), []item{{Source: "f.json", Data: strings.Repeat("x", 10)}}},
	}
	for _, tt := range tests {
		got, err := drain(t, NewSingle(strings.NewReader(tt.in), "f.json", 10))
		if err != nil {
			t.Fatal(err)
		}
		equalItems(t, got, tt.want)
	}
}

func TestSkipSpace(t *testing.T) {
	tests := []struct {
		in   string
		want byte
		err  error
	}{
		{"  \n\t[1]", '[', nil},
		{"\xef\xbb\xbf {", '{', nil},
		{"x", 'x', nil},
		{" \n ", 0, io.EOF},
		{"", 0, io.EOF},
	}
	for _, tt := range tests {
		br := bufio.NewReader(strings.NewReader(tt.in))
		got, err := SkipSpace(br)
		if got != tt.want || err != tt.err {
			t.Errorf("SkipSpace(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
		}
		if err == nil {
			if c, _ := br.ReadByte(); c != tt.want {
				t.Errorf("SkipSpace(%q) consumed %q", tt.in, tt.want)
			}
		}
	}
}
