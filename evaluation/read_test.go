package evaluation

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// sameAsUnmarshal checks that decode, which reads a sound input's
// disclosure with its own reader, gives what encoding/json gives decoding
// the bytes into the same types.
func sameAsUnmarshal(t *testing.T, data []byte) {
	t.Helper()
	d, ps := decode(data, Limits{})
	if d == nil || len(ps) > 0 {
		return // not sound: values were left out
	}
	var want Disclosure
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatalf("decode accepted what encoding/json refuses (%v): %s", err, data)
	}
	if !reflect.DeepEqual(*d, want) {
		got, _ := json.Marshal(d)
		w, _ := json.Marshal(&want)
		t.Fatalf("decode differs from encoding/json\n got %s\nwant %s", got, w)
	}
}

// TestReadDecodes: the examples and inputs using every form of the
// format — cells and blocks as strings and as objects, lists and tables,
// maps, optional objects, integers, booleans, null, numbers written as
// JSON numbers and as strings — decode as encoding/json decodes them.
func TestReadDecodes(t *testing.T) {
	examples, _ := filepath.Glob(filepath.Join("..", "examples", "*.json"))
	if len(examples) < 6 {
		t.Fatalf("examples: %v", examples)
	}
	var inputs [][]byte
	for _, e := range examples {
		data, err := os.ReadFile(e)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, data)
	}
	inputs = append(inputs,
		tableDoc(t, ""), departmentDoc(t, ""), projectDoc(t, ""),
		rowsDoc(t, `[{"level1": "产出指标", "level2": "数量指标", "weight": 90, "quantitative": {"direction": "positive", "target": "3", "actual": 10}},
			{"level1": "效益指标", "level2": "经济效益指标", "notApplicable": true, "scoreRows": 2}, {"level1": "效益指标", "level2": "经济效益指标", "score": null}]`),
		departmentDoc(t, `{"sections": [{"heading": "一", "blocks": ["a", {"paragraph": "b"}, {"list": {"style": "paren", "items": ["c", "d"]}},
			{"table": {"rows": [[{"text": "a", "rowSpan": 2, "colSpan": 2}, "e"], ["b", null]]}}], "sections": null}]}`),
	)
	for i, data := range inputs {
		if _, ps := decode(data, Limits{}); len(ps) > 0 {
			t.Fatalf("input %d: %v", i, ps)
		}
		sameAsUnmarshal(t, data)
	}
}

// TestFirstBadChar compares the byte-wise search with the definition:
// the first character that is a control or an invisible format
// character.
func TestFirstBadChar(t *testing.T) {
	want := func(s string) int {
		for i, r := range s {
			if unicode.IsControl(r) || isInvisible(r) {
				return i
			}
		}
		return -1
	}
	var chars []rune
	for r := rune(0); r < 0x3000; r++ {
		chars = append(chars, r)
	}
	chars = append(chars, 0xfeff, 0xfefe, 0xff01, 0x10000, utf8.RuneError)
	for _, r := range chars {
		for _, s := range []string{string(r), "绩效" + string(r), "a" + string(r) + "\x01"} {
			if got, w := firstBadChar(s), want(s); got != w {
				t.Fatalf("firstBadChar(%q) = %d, want %d", s, got, w)
			}
		}
	}
}

// TestLongNumber: a number far longer than any figure is refused without
// being parsed, and its message shows its beginning only.
func TestLongNumber(t *testing.T) {
	long := strings.Repeat("9", 1<<20)
	for _, v := range []string{long, `"` + long + `"`} {
		_, ps := decode([]byte(`{"selfAssessments": [{"funds": {"total": {"budget": `+v+`}}}]}`), Limits{})
		if len(ps) != 1 || ps[0].Code != CodeNumber || len(ps[0].Message) > 200 || !strings.Contains(ps[0].Message, "…") {
			t.Fatalf("problems %v", ps)
		}
	}
}

// TestRepeatedKey: a key repeated many times is one problem, and reading
// it stays linear (the test would take minutes if each repeat looked
// back over the problems before it).
func TestRepeatedKey(t *testing.T) {
	for _, member := range []string{`"project": "x"`, `"unknown": 1`, `"budget": "x"`} {
		obj := "{" + strings.Repeat(member+",", 200_000) + member + "}"
		data := []byte(`{"department": "a", "year": 2021, "selfAssessments": [` + obj + `], "texts": {}}`)
		_, ps := decode(data, Limits{})
		dups := 0
		for _, p := range ps {
			if p.Code == CodeDuplicateKey {
				dups++
			}
		}
		if dups != 1 {
			t.Errorf("%s: %d duplicate_key problems, want 1", member, dups)
		}
	}
}

// TestReadSyntaxAfterValue: what follows a member or an element must be
// a comma or the closing bracket; anything else is a syntax error.
func TestReadSyntaxAfterValue(t *testing.T) {
	for _, s := range []string{`{"department": "a" x}`, `{"selfAssessments": [{} x]}`, `{"year": 2021,}`, `{"selfAssessments": [{"project": "a"} "b"]}`} {
		if _, ps := decode([]byte(s), Limits{}); len(ps) != 1 || ps[0].Code != CodeSyntax {
			t.Errorf("%s: problems %v, want one syntax error", s, ps)
		}
	}
}
