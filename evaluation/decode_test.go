package evaluation

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// TestDecodeSyntax: a syntax error names its line and column, and says
// in Chinese and in English what was expected and what was found, with
// no text of the parser's.
func TestDecodeSyntax(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		line, col int
		zh, en    string // the messages after "JSON 语法错误：" and "malformed JSON: "
	}{
		{"bad key", `{x`, 1, 2, "此处应为用双引号括起的字段名，却是 'x'", "expected a key in double quotes, found 'x'"},
		{"missing colon", `{"year" 2021}`, 1, 9, "字段名之后应为 ':'，却是 '2'", "expected ':' after the key, found '2'"},
		{"column counts characters, not bytes", `{"department":"中文",x}`, 1, 20, "此处应为用双引号括起的字段名，却是 'x'", "expected a key in double quotes, found 'x'"},
		{"a comma where a value is due", "{\n  \"year\": 2021,\n  \"department\": ,\n}", 3, 17, "此处应为值，却是 ','", "expected a value, found ','"},
		{"missing comma on a later line", "{\n  \"year\": 2021\n  \"department\": \"局\"\n}", 3, 3,
			"此处应为 ',' 或 '}'，却是 '\"'（上一项之后是否缺少逗号？）", "expected ',' or '}', found '\"' (a comma missing after the previous item?)"},
		{"missing comma in an array", `{"selfAssessments": [{} {}]}`, 1, 25, "此处应为 ',' 或 ']'，却是 '{'", "expected ',' or ']', found '{'"},
		{"trailing comma in an object", `{"year": 2021,}`, 1, 15, "此处应为用双引号括起的字段名，却是 '}'（最后一项之后不能有逗号）", "expected a key in double quotes, found '}' (no comma may follow the last item)"},
		{"trailing comma in an array", `{"selfAssessments": [{},]}`, 1, 25, "此处应为值，却是 ']'（最后一项之后不能有逗号）", "expected a value, found ']' (no comma may follow the last item)"},
		{"full-width comma", `{"year": 2021，"department": "局"}`, 1, 14, "此处应为 ',' 或 '}'，却是 '，'（全角标点，应为半角 ','）", "expected ',' or '}', found '，' (a full-width mark: write ',')"},
		{"full-width colon", `{"year"：2021}`, 1, 8, "字段名之后应为 ':'，却是 '：'（全角标点，应为半角 ':'）", "expected ':' after the key, found '：' (a full-width mark: write ':')"},
		{"full-width quotes", `{“year”: 2021}`, 1, 2, "此处应为用双引号括起的字段名，却是 '“'（全角标点，应为半角 '\"'）", "expected a key in double quotes, found '“' (a full-width mark: write '\"')"},
		{"broken literal", "{\n  \"year\": 2021,\n  \"omitNotes\": tru\n}", 3, 19, "此处应为 true（true、false 或 null 须为小写且完整），却是 换行", "expected true, found a line break"},
		{"capitalised literal", `{"omitNotes": True}`, 1, 15, "此处应为值，却是 'T'", "expected a value, found 'T'"},
		{"line break in a string", "{\"department\": \"财政\n局\"}", 1, 19, "字符串中不能有未转义的控制字符，却是 换行", "expected no raw control character in a string, found a line break"},
		{"bad escape", `{"department": "a\x"}`, 1, 19, "反斜杠之后应为转义字符", "expected an escape"},
		{"bad unicode escape", `{"department": "\u12g4"}`, 1, 21, `\u 之后应为四位十六进制数字，却是 'g'`, `expected four hexadecimal digits after \u, found 'g'`},
		{"number without digits after the point", `{"year": 2021.}`, 1, 15, "小数点之后应为数字，却是 '}'", "expected a digit after the decimal point, found '}'"},
		{"minus without digits", `{"year": -x}`, 1, 11, "数字写法不正确，却是 'x'", "expected a digit, found 'x'"},
		{"unexpected end", `{"year": 2021,`, 1, 15, "输入意外结束，文档不完整", "unexpected end of input"},
		{"empty input", ``, 1, 1, "输入意外结束", "unexpected end of input"},
		{"only spaces", "  \n ", 2, 2, "输入意外结束", "unexpected end of input"},
		{"trailing brace", `{"year": 2021}}`, 1, 15, "JSON 文档之后还有多余内容", "after the JSON document"},
		{"trailing document", `{"year": 2021} {}`, 1, 16, "JSON 文档之后还有多余内容", "after the JSON document"},
		{"trailing word on a later line", "{}\n\n  x", 3, 3, "JSON 文档之后还有多余内容", "after the JSON document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := decodeProblems(t, []byte(tt.in))
			if len(ps) != 1 {
				t.Fatalf("got %d problems, want 1: %v", len(ps), ps)
			}
			p := ps[0]
			if p.Code != CodeSyntax || p.Path != "" || p.Line != tt.line || p.Column != tt.col {
				t.Errorf("got %s at line %d column %d (path %q), want %s at line %d column %d",
					p.Code, p.Line, p.Column, p.Path, CodeSyntax, tt.line, tt.col)
			}
			if !strings.Contains(p.Message, tt.zh) || !strings.Contains(p.MessageEN, tt.en) {
				t.Errorf("messages %q / %q, want them to contain %q / %q", p.Message, p.MessageEN, tt.zh, tt.en)
			}
			// The Chinese says it all in Chinese: none of the parser's
			// English wording ("invalid character … looking for …").
			for _, w := range []string{"invalid", "looking", "character", "literal", "unexpected", "after"} {
				if strings.Contains(p.Message, w) {
					t.Errorf("Chinese message %q holds the English %q", p.Message, w)
				}
			}
			if s := p.String(); !strings.Contains(s, fmt.Sprintf("第 %d 行第 %d 列", tt.line, tt.col)) || !strings.Contains(s, fmt.Sprintf("line %d column %d", tt.line, tt.col)) {
				t.Errorf("String() = %q lacks the line and column", s)
			}
		})
	}
}

func TestDecodeEncoding(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		line, col int
	}{
		{"invalid byte", "{\"department\": \"\xff\"}", 1, 17},
		{"truncated sequence on line 2", "{\n \"department\": \"局\xe5\x9b\", \"year\": 2021}", 2, 18},
		{"lone continuation byte in a key", "{\"\x80\": 1}", 1, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := decodeProblems(t, []byte(tt.in))
			if len(ps) != 1 || ps[0].Code != CodeEncoding || ps[0].Line != tt.line || ps[0].Column != tt.col {
				t.Fatalf("got %v, want one %s at line %d column %d", ps, CodeEncoding, tt.line, tt.col)
			}
		})
	}
}

// TestDecodeShape covers unknown keys, wrong types, bad numbers and
// control characters, each reported at its JSON Pointer, all at once.
func TestDecodeShape(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []pc
	}{
		{"unknown top-level key; keys are case-sensitive",
			`{"Department": "局", "year": 2021}`,
			[]pc{{"/Department", CodeUnknownField}}},
		{"a key given twice is reported, not silently overwritten",
			`{"department": "局", "year": 2021, "selfAssessments": [{"project": "甲", "project": "乙"}], "year": 2022}`,
			[]pc{{"/selfAssessments/0/project", CodeDuplicateKey}, {"/year", CodeDuplicateKey}}},
		{"unknown key in a table row",
			`{"selfAssessments": [{"indicators": [{}, {"levl1": "产出指标"}]}]}`,
			[]pc{{"/selfAssessments/0/indicators/1/levl1", CodeUnknownField}}},
		{"unknown keys everywhere, all reported",
			`{"typo": 1, "departmentReport": {"budget": {"budget": {"totl": "1"}}, "indicators": [{"name": "x", "children": [{"wieght": "1"}]}]}}`,
			[]pc{{"/typo", CodeUnknownField}, {"/departmentReport/budget/budget/totl", CodeUnknownField}, {"/departmentReport/indicators/0/children/0/wieght", CodeUnknownField}}},
		{"unknown key in a fund row and in quantitative",
			`{"selfAssessments": [{"funds": {"fiscal": {"spent": "1"}}, "indicators": [{"quantitative": {"direction": "positive", "A": "1"}}]}]}`,
			[]pc{{"/selfAssessments/0/funds/fiscal/spent", CodeUnknownField}, {"/selfAssessments/0/indicators/0/quantitative/A", CodeUnknownField}}},
		{"pointer escapes / as ~1 and ~ as ~0",
			`{"a/b": 1, "m~n": 2, "~/": 3}`,
			[]pc{{"/a~1b", CodeUnknownField}, {"/m~0n", CodeUnknownField}, {"/~0~1", CodeUnknownField}}},
		{"unknown key in a cell object and a block object",
			`{"projectReports": [{"sections": [{"blocks": [{"para": "x"}, {"table": {"rows": [["a", {"text": "b", "colspan": 2}]]}}]}]}]}`,
			[]pc{{"/projectReports/0/sections/0/blocks/0/para", CodeUnknownField}, {"/projectReports/0/sections/0/blocks/1/table/rows/0/1/colspan", CodeUnknownField}}},
		{"top level must be an object", `[]`, []pc{{"", CodeType}}},
		{"year as a string", `{"year": "2021"}`, []pc{{"/year", CodeType}}},
		{"year with a fraction", `{"year": 2021.5}`, []pc{{"/year", CodeType}}},
		{"year with an exponent", `{"year": 2e3}`, []pc{{"/year", CodeType}}},
		{"integer too long", `{"year": 1234567890}`, []pc{{"/year", CodeType}}},
		{"department as a number", `{"department": 5}`, []pc{{"/department", CodeType}}},
		{"array expected", `{"selfAssessments": {}}`, []pc{{"/selfAssessments", CodeType}}},
		{"object expected", `{"departmentReport": []}`, []pc{{"/departmentReport", CodeType}}},
		{"boolean expected", `{"selfAssessments": [{"omitNotes": "true", "indicators": [{"notApplicable": 1}]}]}`,
			[]pc{{"/selfAssessments/0/omitNotes", CodeType}, {"/selfAssessments/0/indicators/0/notApplicable", CodeType}}},
		{"map expected", `{"selfAssessments": [{"declared": {"points": ["产出指标"]}}]}`, []pc{{"/selfAssessments/0/declared/points", CodeType}}},
		{"cell must be a string or an object", `{"projectReports": [{"sections": [{"blocks": [{"table": {"rows": [[5, ["x"]]]}}]}]}]}`,
			[]pc{{"/projectReports/0/sections/0/blocks/0/table/rows/0/0", CodeType}, {"/projectReports/0/sections/0/blocks/0/table/rows/0/1", CodeType}}},
		{"block must be a string or an object", `{"projectReports": [{"sections": [{"blocks": [true]}]}]}`,
			[]pc{{"/projectReports/0/sections/0/blocks/0", CodeType}}},
		{"number as boolean, object and array", `{"selfAssessments": [{"executionWeight": true, "funds": {"total": {"budget": {}, "executed": [1]}}}]}`,
			[]pc{{"/selfAssessments/0/executionWeight", CodeType}, {"/selfAssessments/0/funds/total/budget", CodeType}, {"/selfAssessments/0/funds/total/executed", CodeType}}},
		{"numbers with exponents, words, empty or too long",
			`{"selfAssessments": [{"executionWeight": 1e1, "funds": {"total": {"initialBudget": "1e1", "budget": "abc", "executed": ""}, "fiscal": {"budget": "12345678901234567890.12345678901234567890"}}}]}`,
			[]pc{{"/selfAssessments/0/executionWeight", CodeNumber}, {"/selfAssessments/0/funds/total/initialBudget", CodeNumber},
				{"/selfAssessments/0/funds/total/budget", CodeNumber}, {"/selfAssessments/0/funds/total/executed", CodeNumber},
				{"/selfAssessments/0/funds/fiscal/budget", CodeNumber}}},
		{"decimal comma is not a thousands separator", `{"selfAssessments": [{"declared": {"executionRate": "96,16%", "total": "0,5"}}]}`,
			[]pc{{"/selfAssessments/0/declared/executionRate", CodeNumber}, {"/selfAssessments/0/declared/total", CodeNumber}}},
		{"double percent sign", `{"selfAssessments": [{"declared": {"executionRate": "96%%"}}]}`,
			[]pc{{"/selfAssessments/0/declared/executionRate", CodeNumber}}},
		{"control character in a string", `{"department": "局\u0007"}`, []pc{{"/department", CodeControlChar}}},
		{"newline in a paragraph", `{"departmentReport": {"sections": [{"heading": "一", "blocks": ["第一行\n第二行", {"paragraph": "\t缩进"}]}]}}`,
			[]pc{{"/departmentReport/sections/0/blocks/0", CodeControlChar}, {"/departmentReport/sections/0/blocks/1/paragraph", CodeControlChar}}},
		{"C1 control character in a cell and a list item", `{"projectReports": [{"sections": [{"blocks": [{"table": {"rows": [["\u0085"]]}}, {"list": {"style": "bullet", "items": ["\u009f"]}}]}]}]}`,
			[]pc{{"/projectReports/0/sections/0/blocks/0/table/rows/0/0", CodeControlChar}, {"/projectReports/0/sections/0/blocks/1/list/items/0", CodeControlChar}}},
		{"control character in a map key, escaped pointer", `{"selfAssessments": [{"declared": {"points": {"a/b\u0000": "1"}}}]}`,
			[]pc{{"/selfAssessments/0/declared/points/a~1b\x00", CodeControlChar}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := pathCodes(decodeProblems(t, []byte(tt.in)))
			if !samePCs(got, tt.want) {
				t.Errorf("got  %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestDecodeProblemMessages(t *testing.T) {
	ps := decodeProblems(t, []byte(`{"year": "2021", "typo": 1, "department": "\u0001"}`))
	if len(ps) != 3 {
		t.Fatalf("got %v", ps)
	}
	for _, p := range ps {
		if p.Message == "" || p.MessageEN == "" || p.Line != 0 {
			t.Errorf("%+v: messages in both languages and no line expected", p)
		}
	}
	// In the order of the input, as the reader meets them.
	if ps[0].Path != "/year" || ps[1].Path != "/typo" || ps[2].Path != "/department" {
		t.Errorf("order: %v", ps)
	}
	if ps[0].Message != "应为整数，实际为字符串" || ps[0].MessageEN != "must be an integer, got a string" {
		t.Errorf("type message: %q / %q", ps[0].Message, ps[0].MessageEN)
	}
	if !strings.Contains(Problems(ps).Error(), "/typo: [unknown_field] 未知字段 \"typo\" (unknown field \"typo\")") {
		t.Errorf("Error() = %q", Problems(ps).Error())
	}
}

func TestDecodeNumbers(t *testing.T) {
	tests := []struct {
		json      string // the value of declared.executionRate
		raw, want string
		valid     bool
	}{
		{`96.16`, "96.16", "96.16", true},
		{`"96.16"`, "96.16", "96.16", true},
		{`"96.16%"`, "96.16%", "96.16", true},
		{`"100%"`, "100%", "100", true},
		{`" 92 "`, "92", "92", true},
		{`"7,235.39"`, "7,235.39", "7235.39", true},
		{`"-3"`, "-3", "-3", true},
		{`0.1000000000000000000000000000001`, "0.1000000000000000000000000000001", "0.1000000000000000000000000000001", true},
		{`null`, "", "0", false},
	}
	for _, tt := range tests {
		t.Run(tt.json, func(t *testing.T) {
			d := decodeOK(t, []byte(`{"selfAssessments": [{"declared": {"executionRate": `+tt.json+`}}]}`))
			n := d.SelfAssessments[0].Declared.ExecutionRate
			if n.Valid != tt.valid || n.Raw != tt.raw || !n.Value.Equal(dec(tt.want)) {
				t.Errorf("got %+v (%s), want raw %q value %s valid %v", n, n.Value, tt.raw, tt.want, tt.valid)
			}
		})
	}
}

func TestNumberJSON(t *testing.T) {
	n := MustNumber("96.160%")
	b, err := n.MarshalJSON()
	if err != nil || string(b) != `"96.160%"` {
		t.Errorf("MarshalJSON = %s, %v", b, err)
	}
	if b, _ := (Number{}).MarshalJSON(); string(b) != "null" {
		t.Errorf("absent number marshals as %s", b)
	}
	if !(Number{}).IsZero() || n.IsZero() {
		t.Error("IsZero")
	}
	if N(dec("1.50")).Raw != "1.5" {
		t.Error("N")
	}
	for _, bad := range []string{"", "%", "abc", "1e3", "1,2,3", "96,16", ",5", "5 %", "0x10", "NaN"} {
		if _, err := ParseNumber(bad); err == nil {
			t.Errorf("ParseNumber(%q) accepted", bad)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("MustNumber did not panic on bad input")
		}
	}()
	MustNumber("x")
}

func TestDecodeNullAndCells(t *testing.T) {
	d := decodeOK(t, []byte(`{"department": null, "departmentReport": {"sections": [{"heading": "一", "blocks": [
		"段落",
		{"table": {"rows": [["a", {"text": "b", "rowSpan": 2, "colSpan": 3}]]}},
		null
	]}]}}`))
	if d.Department != "" {
		t.Error("null is the zero value")
	}
	bs := d.DepartmentReport.Sections[0].Blocks
	if bs[0].Paragraph != "段落" || bs[1].Table.Rows[0][0].Text != "a" || bs[1].Table.Rows[0][1] != (Cell{Text: "b", RowSpan: 2, ColSpan: 3}) {
		t.Errorf("blocks: %+v", bs)
	}
	if bs[2] != (Block{}) {
		t.Errorf("null block: %+v", bs[2])
	}
}

func TestDecodeTooLarge(t *testing.T) {
	_, err := Decode(io.LimitReader(spaces{}, MaxInputSize+1))
	ps, ok := err.(Problems)
	if !ok || len(ps) != 1 || ps[0].Code != CodeRange {
		t.Fatalf("got %v", err)
	}
	d, err := Decode(strings.NewReader(`{"department": "局"}`))
	if err != nil || d.Department != "局" {
		t.Fatalf("Decode: %v", err)
	}
	if _, err := Decode(errReader{}); err == nil || !strings.Contains(err.Error(), "read input") {
		t.Fatalf("read error: %v", err)
	}
}

type spaces struct{}

func (spaces) Read(p []byte) (int, error) { return copy(p, bytes.Repeat([]byte(" "), len(p))), nil }

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, io.ErrClosedPipe }

// TestRoundTrip: a decoded disclosure marshals back to JSON that decodes to
// the same disclosure, keeping every number as written.
func TestRoundTrip(t *testing.T) {
	d := decodeOK(t, loadReference(t))
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	d2 := decodeOK(t, b)
	b2, err := json.Marshal(d2)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, b2) {
		t.Error("second round trip differs")
	}
	if !reflect.DeepEqual(d, d2) {
		t.Error("round trip changes the disclosure")
	}
	if got := d2.SelfAssessments[34].Declared.ExecutionScore.Raw; got != "9.99582006" {
		t.Errorf("declared figure reprinted as %q", got)
	}
	if d2.DepartmentReport.Budget.Declared.IsZero() || !(DepartmentBudgetDeclared{}).IsZero() {
		t.Error("DepartmentBudgetDeclared.IsZero")
	}
	if d2.SelfAssessments[0].Declared.IsZero() || !(SelfAssessmentDeclared{}).IsZero() {
		t.Error("SelfAssessmentDeclared.IsZero")
	}
}

// TestMagnitudeDigits checks the digit count that bounds a figure's
// magnitude against decimal arithmetic: below 10¹⁵ exactly when the
// integer part has at most 15 digits.
func TestMagnitudeDigits(t *testing.T) {
	limit := decimal.New(1, 15)
	for _, s := range []string{
		"0", "-0", "0.5", "000", "007", "999999999999999", "999999999999999.999", "1000000000000000",
		"-1000000000000000", "-999999999999999.5", "0001000000000000000", "1,000,000,000,000,000",
		"999,999,999,999,999.99", "１０００００００００００００００", "－９９９", "+123.450", "12.5%", "96.16％", ".5",
	} {
		n, digits, err := parseNumber(s)
		if err != nil {
			t.Errorf("%q: %v", s, err)
			continue
		}
		if want := n.Value.Abs().LessThan(limit); (digits <= maxDigits) != want {
			t.Errorf("%q: %d integer digits, below 10^15: %v", s, digits, want)
		}
	}
}
