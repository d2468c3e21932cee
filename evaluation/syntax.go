package evaluation

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"
)

// syntaxExpectations say, in Chinese and English, what the JSON parser
// expected where it stopped, by the context its error names. The parser
// is encoding/json's; its wording is not shown to the user.
var syntaxExpectations = []struct{ context, zh, en string }{
	{"looking for beginning of object key string", "此处应为用双引号括起的字段名", "expected a key in double quotes"},
	{"looking for beginning of value", "此处应为值", "expected a value"},
	{"after object key:value pair", "此处应为 ',' 或 '}'", "expected ',' or '}'"},
	{"after object key", "字段名之后应为 ':'", "expected ':' after the key"},
	{"after array element", "此处应为 ',' 或 ']'", "expected ',' or ']'"},
	{"in string literal", "字符串中不能有未转义的控制字符", "expected no raw control character in a string"},
	{"in string escape code", `反斜杠之后应为转义字符（\" \\ \/ \b \f \n \r \t \u）`, `expected an escape (\" \\ \/ \b \f \n \r \t \u) after the backslash`},
	{`in \u hexadecimal character escape`, `\u 之后应为四位十六进制数字`, `expected four hexadecimal digits after \u`},
	{"after decimal point in numeric literal", "小数点之后应为数字", "expected a digit after the decimal point"},
	{"in exponent of numeric literal", "指数部分应为数字", "expected a digit in the exponent"},
	{"in numeric literal", "数字写法不正确", "expected a digit"},
}

// literalContext is the parser's context inside true, false or null.
var literalContext = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`in literal (true|false|null)`) })

// syntaxProblem describes the syntax error the parser reported as msg at
// byte off of data: line and column, what was expected and what found,
// and a hint for the slips people make most (a missing or trailing
// comma, full-width punctuation).
func syntaxProblem(data []byte, off int, msg string) Problem {
	line, col := lineCol(data, off)
	if off >= len(data) {
		return Problem{Code: CodeSyntax, Line: line, Column: col,
			Message: "JSON 语法错误：输入意外结束，文档不完整", MessageEN: "malformed JSON: unexpected end of input"}
	}
	found, foundEN := foundAt(data, off)
	zh, en, context := "此处有意外的字符", "unexpected character", ""
	for _, e := range syntaxExpectations {
		if strings.Contains(msg, e.context) {
			zh, en, context = e.zh, e.en, e.context
			break
		}
	}
	if m := literalContext().FindStringSubmatch(msg); m != nil {
		zh = fmt.Sprintf("此处应为 %s（true、false 或 null 须为小写且完整）", m[1])
		en = "expected " + m[1]
	}
	hintZH, hintEN := syntaxHint(data, off, context)
	return Problem{Code: CodeSyntax, Line: line, Column: col,
		Message:   fmt.Sprintf("JSON 语法错误：%s，却是 %s%s", zh, found, hintZH),
		MessageEN: fmt.Sprintf("malformed JSON: %s, found %s%s", en, foundEN, hintEN)}
}

// foundAt names the character at byte off of data.
func foundAt(data []byte, off int) (zh, en string) {
	r, _ := utf8.DecodeRune(data[off:])
	switch r {
	case '\n', '\r':
		return "换行", "a line break"
	case '\t':
		return "制表符", "a tab"
	}
	if r < ' ' || r == utf8.RuneError {
		return fmt.Sprintf("控制字符 %U", r), fmt.Sprintf("the control character %U", r)
	}
	return fmt.Sprintf("'%c'", r), fmt.Sprintf("'%c'", r)
}

// fullWidth are the full-width marks a Chinese input method types in
// place of JSON's ASCII punctuation.
var fullWidth = map[rune]rune{'，': ',', '：': ':', '“': '"', '”': '"', '｛': '{', '｝': '}', '［': '[', '］': ']'}

// syntaxHint guesses the slip behind a syntax error in the parser's
// context.
func syntaxHint(data []byte, off int, context string) (zh, en string) {
	r, _ := utf8.DecodeRune(data[off:])
	if ascii, ok := fullWidth[r]; ok {
		return fmt.Sprintf("（全角标点，应为半角 '%c'）", ascii), fmt.Sprintf(" (a full-width mark: write '%c')", ascii)
	}
	switch {
	case r == '"' && (context == "after object key:value pair" || context == "after array element"):
		return "（上一项之后是否缺少逗号？）", " (a comma missing after the previous item?)"
	case (r == '}' || r == ']') && strings.HasPrefix(context, "looking for beginning of"):
		return "（最后一项之后不能有逗号）", " (no comma may follow the last item)"
	}
	return "", ""
}
