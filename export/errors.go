package export

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/render/layout"
	"github.com/jixiao/jixiao/sign/tsa"
)

// FailureKind says whose a render's failure is and what the caller does
// about it.
type FailureKind int

// Kinds of failure.
const (
	// FailInternal is a fault of the service: its cause goes to the log,
	// never to the user.
	FailInternal FailureKind = iota
	// FailCanceled: the context was done.
	FailCanceled
	// FailOption: an option is invalid (*OptionError).
	FailOption
	// FailInvalid: the selection has problems (*InvalidError).
	FailInvalid
	// FailLimit: the document is over a limit (pages).
	FailLimit
	// FailInput: the input cannot be laid out (a table that cannot be
	// set), which validation should have caught.
	FailInput
	// FailTimestamp: the time-stamping authority failed (*tsa.Error):
	// unreachable, too slow, refusing, or with an invalid token.
	FailTimestamp
)

// Failure is a render error as the user is told it.
type Failure struct {
	Kind FailureKind
	// Problems say what is wrong, in Chinese and English: the
	// selection's problems for FailInvalid, else one problem. Of an
	// internal fault they say only that it was one.
	Problems evaluation.Problems
}

// Explain says what a render error (of NewPlan, Write or Render) means
// for the user.
func Explain(err error) Failure {
	var (
		ie *InvalidError
		oe *OptionError
		le *layout.LimitError
		te *tsa.Error
	)
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return Failure{Kind: FailCanceled, Problems: evaluation.Problems{{Code: CodeCanceled,
			Message: "渲染已取消或超时", MessageEN: "the render was canceled or timed out"}}}
	case errors.As(err, &ie):
		return Failure{Kind: FailInvalid, Problems: ie.Problems}
	case errors.As(err, &oe):
		return Failure{Kind: FailOption, Problems: evaluation.Problems{{Code: CodeOption,
			Message: oe.Message, MessageEN: oe.MessageEN}}}
	case errors.As(err, &le):
		return Failure{Kind: FailLimit, Problems: evaluation.Problems{evaluation.LimitProblem("", le.Limit, le.Max)}}
	case errors.As(err, &te):
		return Failure{Kind: FailTimestamp, Problems: evaluation.Problems{{Code: CodeTimestamp,
			Message:   "签名时间戳失败：" + te.Message + "（" + te.URL + "）",
			MessageEN: "the signature time-stamp failed: " + te.URL + ": " + te.MessageEN}}}
	case errors.Is(err, layout.ErrInput):
		return Failure{Kind: FailInput, Problems: evaluation.Problems{{Code: evaluation.CodeSpan,
			Message:   "表格无法排版：" + err.Error(),
			MessageEN: "a table cannot be laid out: " + err.Error()}}}
	}
	return Failure{Kind: FailInternal, Problems: evaluation.Problems{{Code: CodeRender,
		Message:   "服务内部错误，原因见服务日志",
		MessageEN: "an internal error; the cause is in the service log"}}}
}

// Codes of the problems Explain gives besides evaluation's.
const (
	CodeOption   = "option"
	CodeRender   = "render_failed"
	CodeCanceled = "canceled"
	// CodeTimestamp: the time-stamping authority failed.
	CodeTimestamp = "timestamp_failed"
)

// ForFormat is the failure's problems as the failure of one format of
// several: "PDF 文档生成失败：…".
func (f Failure) ForFormat(format *Format) evaluation.Problems {
	out := make(evaluation.Problems, len(f.Problems))
	name := strings.ToUpper(format.Name)
	for i, p := range f.Problems {
		p.Message = fmt.Sprintf("%s 文档生成失败：%s", name, p.Message)
		p.MessageEN = fmt.Sprintf("the %s document failed: %s", name, p.MessageEN)
		out[i] = p
	}
	return out
}
