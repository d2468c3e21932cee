package evaluation

import (
	"fmt"
	"strconv"
	"strings"
)

// Problem is one thing wrong with the input: where (a JSON Pointer, RFC
// 6901), a stable code, and a message in Chinese and in English.
type Problem struct {
	Path      string `json:"path"`
	Code      string `json:"code"`
	Message   string `json:"message"`
	MessageEN string `json:"messageEn"`
	// Line and Column locate a syntax error in the input.
	Line   int `json:"line,omitempty"`
	Column int `json:"column,omitempty"`
	// Place is where an imported input's value came from ("表3!H7"), set
	// by the importer from its provenance.
	Place string `json:"place,omitempty"`
	// Location names Path as the printed forms do, for people
	// ("自评表 4「效益指标」第 2 行 得分"; see Location).
	Location string `json:"location,omitempty"`
}

func (p Problem) String() string {
	loc := p.Path
	if loc == "" {
		loc = "(根)" // the whole input: JSON Pointer "", which "/" is not
	}
	if p.Place != "" {
		loc = p.Place + " " + loc
	}
	if p.Line > 0 {
		loc = fmt.Sprintf("%s (第 %d 行第 %d 列 line %d column %d)", loc, p.Line, p.Column, p.Line, p.Column)
	}
	return fmt.Sprintf("%s: [%s] %s (%s)", loc, p.Code, p.Message, p.MessageEN)
}

// Problems is the list of all problems found in one input. It is an error.
type Problems []Problem

func (ps Problems) Error() string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// Problem codes. They are stable: clients may switch on them.
const (
	CodeSyntax          = "syntax"
	CodeEncoding        = "encoding"
	CodeUnknownField    = "unknown_field"
	CodeDuplicateKey    = "duplicate_key"
	CodeType            = "type"
	CodeNumber          = "number"
	CodeControlChar     = "control_character"
	CodeInvisible       = "invisible_character"
	CodeRequired        = "required"
	CodeTooLong         = "too_long"
	CodeRange           = "out_of_range"
	CodeOneOf           = "not_allowed"
	CodeEmpty           = "empty"
	CodeUnknownLevel    = "unknown_indicator"
	CodeIndicatorOrder  = "unknown_indicator_order" // rows of one indicator group not adjacent
	CodeWeightSum       = "weight_sum"
	CodeScoreOverWeight = "score_over_weight"
	CodeNegative        = "negative"
	CodeFundSum         = "fund_sum"
	CodeFundMissing     = "fund_missing"
	CodeNotApplicable   = "not_applicable_scored"
	CodeMissingScore    = "missing_score"
	CodeSpan            = "table_span"
	CodeBlock           = "block"
	CodeComputed        = "computed_leaf"
	CodeProfile         = "unknown_profile"
	CodeNotOnForm       = "not_on_form"
	CodePlaceholder     = "unknown_placeholder" // a placeholder that names no figure of its document
)

// pointer builds a JSON Pointer from path segments, escaping ~ and /.
func pointer(segs ...string) string {
	var b strings.Builder
	for _, s := range segs {
		b.WriteByte('/')
		s = strings.ReplaceAll(s, "~", "~0")
		b.WriteString(strings.ReplaceAll(s, "/", "~1"))
	}
	return b.String()
}

// child appends a segment to a JSON Pointer.
func child(ptr string, seg any) string {
	switch v := seg.(type) {
	case int:
		return ptr + "/" + strconv.Itoa(v)
	case string:
		if !strings.ContainsAny(v, "~/") {
			return ptr + "/" + v
		}
	}
	return ptr + pointer(fmt.Sprint(seg))
}
