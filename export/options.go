package export

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/fonts"
	"github.com/jixiao/jixiao/render"
)

// Options choose what to render. The zero value renders the whole
// disclosure, figures as computed, without the findings, in the default
// format. Options are read from text, flags or query parameters, by
// Query.Options, the one place they are checked.
type Options struct {
	// Format is the format Render writes; nil means DefaultFormat.
	// A plan is written in any format (Write).
	Format *Format
	// Part selects one part of the disclosure; the zero value is the
	// whole disclosure.
	Part Part
	// Figures says which of a derived figure's values is printed.
	Figures Figures
	// Findings says whether a page format ends with the audit's
	// findings. (The workbook always has its 审核 sheet when there are
	// findings.)
	Findings Findings
	// PDF says what kind of PDF is written: tagged PDF/A-3a, the
	// default, or plain.
	PDF PDFKind
	// Fonts are the faces of the text roles; nil means the embedded
	// defaults. See OverrideFonts.
	Fonts *fonts.Set
	// MaxPages bounds the pages of a page format (0: no limit); a longer
	// document fails with a Failure of kind FailLimit.
	MaxPages int
	// SkipInvalid renders, of a whole disclosure with some invalid
	// parts, the valid parts, and names the others in the file's
	// metadata; without it such a render fails. It changes nothing for
	// one part, which renders when its own data is valid.
	SkipInvalid bool
	// Sign signs the page formats (see Signing); nil writes them
	// unsigned. A workbook is never signed.
	Sign *Signing
}

// ShowsFindings reports whether a document written in f with these
// options shows the audit's findings: a workbook does (its 审核 sheet), a
// page format only with the appendix. A caller that shows none can have
// the input evaluated without the audit (evaluation.Config.NoFindings).
func (o Options) ShowsFindings(f *Format) bool {
	if f == nil {
		f = DefaultFormat()
	}
	return !f.Pages || o.Findings == FindingsAppendix
}

// Query is the options as a user writes them, in flags or query
// parameters; an empty field means the default.
type Query struct {
	Format, Part, Figures, Findings, PDF, SkipInvalid string
}

// Options parses and checks q. An error is an *OptionError.
func (q Query) Options() (Options, error) {
	var o Options
	var err error
	if q.Format != "" {
		if o.Format, err = ParseFormat(q.Format); err != nil {
			return o, err
		}
	}
	if o.Part, err = ParsePart(q.Part); err != nil {
		return o, err
	}
	if o.Figures, err = ParseFigures(q.Figures); err != nil {
		return o, err
	}
	if o.Findings, err = ParseFindings(q.Findings); err != nil {
		return o, err
	}
	if o.PDF, err = ParsePDFKind(q.PDF); err != nil {
		return o, err
	}
	if q.SkipInvalid != "" {
		if o.SkipInvalid, err = strconv.ParseBool(q.SkipInvalid); err != nil {
			return o, optionError("skipInvalid", q.SkipInvalid, "true", "false")
		}
	}
	return o, nil
}

// Figures says which value of a derived figure a document prints.
type Figures string

// Values of Figures.
const (
	// FiguresComputed (the default, also "") prints every derived figure
	// as computed.
	FiguresComputed Figures = "computed"
	// FiguresDeclared prints a figure the input declared as declared,
	// to reproduce a published document.
	FiguresDeclared Figures = "declared"
)

// ParseFigures reads a figures option; "" is FiguresComputed.
func ParseFigures(s string) (Figures, error) {
	return parseChoice("figures", s, FiguresComputed, FiguresDeclared)
}

// Findings says whether a page format lists the audit's findings.
type Findings string

// Values of Findings.
const (
	FindingsNone     Findings = "none" // the default, also ""
	FindingsAppendix Findings = "appendix"
)

// ParseFindings reads a findings option; "" is FindingsNone.
func ParseFindings(s string) (Findings, error) {
	return parseChoice("findings", s, FindingsNone, FindingsAppendix)
}

// PDFKind says what kind of PDF a render writes.
type PDFKind string

// Values of PDFKind.
const (
	// PDFArchive (the default, also "") is tagged PDF/A-3a and
	// PDF/UA-1, with the source data embedded.
	PDFArchive PDFKind = "pdfa"
	// PDFPlain is an untagged PDF without the archival metadata,
	// output intent and embedded data: the smallest and fastest file,
	// for previews and for programs that rewrite PDFs anyway.
	PDFPlain PDFKind = "plain"
)

// ParsePDFKind reads a pdf option; "" is PDFArchive.
func ParsePDFKind(s string) (PDFKind, error) {
	return parseChoice("pdf", s, PDFArchive, PDFPlain)
}

// parseChoice reads option name, one of choices; "" is the first.
func parseChoice[T ~string](name, s string, choices ...T) (T, error) {
	if s == "" {
		return choices[0], nil
	}
	want := make([]string, len(choices))
	for i, c := range choices {
		if string(c) == s {
			return c, nil
		}
		want[i] = string(c)
	}
	return "", optionError(name, s, want...)
}

// PartAll is the Kind of the whole disclosure.
const PartAll = "all"

// Part selects what of a disclosure is rendered.
type Part struct {
	// Kind is PartAll ("" too), render.PartDepartment,
	// render.PartProject or render.PartTable.
	Kind string
	// Index is the project report or table, from 0.
	Index int
}

// ParsePart reads a part option: "" or "all", "department", "project:N"
// or "table:N", N counted from 1. Whether the disclosure has the part is
// checked by NewPlan.
func ParsePart(s string) (Part, error) {
	switch s {
	case "", PartAll:
		return Part{Kind: PartAll}, nil
	case render.PartDepartment:
		return Part{Kind: render.PartDepartment}, nil
	}
	kind, num, ok := strings.Cut(s, ":")
	n, err := strconv.Atoi(num)
	if !ok || err != nil || n < 1 || (kind != render.PartProject && kind != render.PartTable) {
		return Part{}, optionError("part", s, "all", "department", "project:N", "table:N")
	}
	return Part{Kind: kind, Index: n - 1}, nil
}

// All reports whether p is the whole disclosure.
func (p Part) All() bool { return p.Kind == "" || p.Kind == PartAll }

// String is p as an option: "all", "department", "table:3".
func (p Part) String() string {
	switch {
	case p.All():
		return PartAll
	case p.Kind == render.PartDepartment:
		return p.Kind
	}
	return fmt.Sprintf("%s:%d", p.Kind, p.Index+1)
}

// Pointer returns the JSON Pointer of the part's own data; "" for the
// whole disclosure.
func (p Part) Pointer() string {
	if p.All() {
		return ""
	}
	return evaluation.PartPointer(p.Kind, p.Index)
}

// in checks that d has the part.
func (p Part) in(d *evaluation.Disclosure) error {
	var count int
	var what, whatEN string
	switch p.Kind {
	case "", PartAll:
		return nil
	case render.PartDepartment:
		if d.DepartmentReport != nil {
			return nil
		}
		return &OptionError{Name: "part", Value: p.String(),
			Message:   "输入中没有部门整体绩效评价报告（departmentReport）",
			MessageEN: fmt.Sprintf("part %q: the input has no departmentReport", p)}
	case render.PartProject:
		count, what, whatEN = len(d.ProjectReports), "项目支出绩效评价报告", "project"
	default:
		count, what, whatEN = len(d.SelfAssessments), "自评表", "table"
	}
	if p.Index < count {
		return nil
	}
	return &OptionError{Name: "part", Value: p.String(),
		Message:   fmt.Sprintf("输入中只有 %d 份%s，没有第 %d 份", count, what, p.Index+1),
		MessageEN: fmt.Sprintf("part %q: the input has %d %s parts", p, count, whatEN)}
}

// ErrOption is what every *OptionError is (errors.Is).
var ErrOption = errors.New("invalid option")

// OptionError is an option whose value is not one of those allowed, or
// names a part the input does not have.
type OptionError struct {
	Name, Value        string
	Message, MessageEN string
}

func (e *OptionError) Error() string { return e.MessageEN }

// Is makes every OptionError an ErrOption.
func (e *OptionError) Is(target error) bool { return target == ErrOption }

func optionError(name, value string, want ...string) *OptionError {
	return &OptionError{Name: name, Value: value,
		Message:   fmt.Sprintf("参数 %s 应为 %s，收到 %q", name, listWords(want, "、", "或"), value),
		MessageEN: fmt.Sprintf("%s %q: want %s", name, value, listWords(want, ", ", "or"))}
}

// listWords joins words as a list: "a、b 或 c", "a, b or c".
func listWords(words []string, sep, last string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], sep) + " " + last + " " + words[len(words)-1]
}
