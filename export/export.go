// Package export renders an evaluated disclosure, or one part of it, to a
// file format: it is the one entry point the command line and the HTTP
// service call, and it picks the backend (render/pdf, render/ofd or
// render/xlsx).
package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/fonts"
	"github.com/jixiao/jixiao/internal/ctxio"
	"github.com/jixiao/jixiao/render/layout"
)

// Formats.
const (
	PDF  = "pdf"
	XLSX = "xlsx"
	OFD  = "ofd" // GB/T 33190-2016, the same pages as the PDF
)

// Options choose what to render.
type Options struct {
	// Format is PDF, OFD or XLSX.
	Format string
	// Part selects one part: "" or "all" for the whole disclosure,
	// "department", "project:N" or "table:N" (N counted from 1).
	Part string
	// Figures is "computed" (default): derived figures are printed as
	// computed; or "declared": where the input declared a figure, it is
	// printed as declared, to reproduce a published document.
	Figures string
	// Fonts are the faces of the PDF's text roles; nil means the
	// embedded defaults. See OverrideFonts.
	Fonts *fonts.Set
	// Findings is "" (none) or "appendix": the PDF ends with the list of
	// the audit's findings. (The workbook always has its 审核 sheet when
	// there are findings.)
	Findings string
	// MaxPages bounds the pages of a PDF (0: no limit); a longer
	// document fails with a *layout.LimitError.
	MaxPages int
	// SkipInvalid renders, of a whole disclosure with some invalid
	// parts, the valid parts, and names the others in the file's
	// metadata; without it such a render fails. It changes nothing for
	// one part, which renders when its own data is valid.
	SkipInvalid bool
}

// OverrideFonts returns the embedded font set with some roles pointed at
// operator-supplied TrueType files, given as "role=path" (for example
// "title=/fonts/FZXiaoBiaoSong.ttf"), so an office can use the faces it
// licenses without rebuilding. An empty list gives the defaults.
func OverrideFonts(specs []string) (*fonts.Set, error) {
	set, err := fonts.Default()
	if err != nil {
		return nil, err
	}
	for _, spec := range specs {
		role, path, ok := strings.Cut(spec, "=")
		if !ok || role == "" || path == "" {
			return nil, fmt.Errorf("%w: font %q: want role=path", ErrOption, spec)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("font %s: %w", role, err)
		}
		name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
		if set, err = set.Override(fonts.Role(role), name, data); err != nil {
			return nil, fmt.Errorf("%w: font %s: %v", ErrOption, role, err)
		}
	}
	return set, nil
}

// Stats describe a rendered document.
type Stats struct {
	Pages int // PDF or OFD pages, or worksheets for XLSX
	Bytes int64
}

// ErrOption reports an invalid option.
var ErrOption = errors.New("invalid option")

// ContentType returns the MIME type of a format.
func ContentType(format string) string {
	switch format {
	case XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case OFD:
		return "application/ofd"
	}
	return "application/pdf"
}

// Selection is a parsed Part option.
type Selection struct {
	Kind  string // "all", "department", "project" or "table"
	Index int    // 0-based, for project and table
}

// Pointer returns the JSON Pointer of the selected part's own data; ""
// for the whole disclosure.
func (s Selection) Pointer() string { return evaluation.PartPointer(s.Kind, s.Index) }

// Plan is what a render prints and what it leaves out.
type Plan struct {
	Selection
	// Skipped are the invalid parts a render of the whole disclosure
	// with SkipInvalid leaves out; the file's metadata names them.
	Skipped []evaluation.InvalidPart
	// Others are, for a render of one part, the other parts that are
	// invalid: they do not stop it, and are worth telling.
	Others []evaluation.InvalidPart
}

// InvalidError is the error of a render whose selection cannot be
// rendered: Problems are those that stop it, in the order of the input.
type InvalidError struct {
	Part     string
	Problems evaluation.Problems
}

func (e *InvalidError) Error() string { return fmt.Sprintf("render %s: %v", e.Part, e.Problems) }

func (e *InvalidError) Unwrap() error { return e.Problems }

// Check tells whether rep can be rendered with opts, and what the render
// leaves out. One part renders when its own data and the disclosure-wide
// values are valid, whatever the other parts hold. The whole disclosure
// renders when it is valid, or with SkipInvalid when some part is. When
// it cannot, the error is an *InvalidError, or one wrapping ErrOption
// for a part the input does not have.
func Check(rep *evaluation.Report, opts Options) (Plan, error) {
	part := opts.Part
	if part == "" {
		part = "all"
	}
	if rep.Disclosure == nil {
		return Plan{}, &InvalidError{Part: part, Problems: rep.Problems}
	}
	sel, err := ParsePart(opts.Part, rep.Disclosure)
	if err != nil {
		return Plan{}, err
	}
	if ptr := sel.Pointer(); ptr != "" {
		if !rep.PartValid(ptr) {
			return Plan{}, &InvalidError{Part: part, Problems: rep.PartProblems(ptr)}
		}
		return Plan{Selection: sel, Others: rep.InvalidParts()}, nil
	}
	if rep.PartValid("") {
		return Plan{Selection: sel}, nil
	}
	if !opts.SkipInvalid || rep.Result == nil {
		return Plan{}, &InvalidError{Part: part, Problems: rep.Problems}
	}
	return Plan{Selection: sel, Skipped: rep.InvalidParts()}, nil
}

// ParsePart parses and checks a Part option against the disclosure.
func ParsePart(part string, d *evaluation.Disclosure) (Selection, error) {
	switch part {
	case "", "all":
		return Selection{Kind: "all"}, nil
	case "department":
		if d.DepartmentReport == nil {
			return Selection{}, fmt.Errorf("%w: part %q: the input has no departmentReport", ErrOption, part)
		}
		return Selection{Kind: "department"}, nil
	}
	kind, num, ok := strings.Cut(part, ":")
	n, err := strconv.Atoi(num)
	if !ok || err != nil || (kind != "project" && kind != "table") {
		return Selection{}, fmt.Errorf("%w: part %q: want all, department, project:N or table:N", ErrOption, part)
	}
	count := len(d.SelfAssessments)
	if kind == "project" {
		count = len(d.ProjectReports)
	}
	if n < 1 || n > count {
		return Selection{}, fmt.Errorf("%w: part %q: the input has %d %s parts", ErrOption, part, count, kind)
	}
	return Selection{Kind: kind, Index: n - 1}, nil
}

// FileName returns the file name for a rendered document, such as
// 北京市地方金融监督管理局-2021年度-项目支出绩效自评表.pdf.
func FileName(d *evaluation.Disclosure, opts Options) string {
	sel, err := ParsePart(opts.Part, d)
	what := "绩效评价报告"
	if err == nil {
		switch sel.Kind {
		case "department":
			what = "部门整体绩效评价报告"
		case "project":
			what = "项目支出绩效评价报告-" + d.ProjectReports[sel.Index].Project
		case "table":
			what = "项目支出绩效自评表-" + d.SelfAssessments[sel.Index].Project
		}
	}
	ext := opts.Format
	if ext == "" {
		ext = PDF
	}
	name := fmt.Sprintf("%s-%d年度-%s.%s", d.Department, d.Year, what, ext)
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < 0x20 {
			return '_'
		}
		// Bidi overrides and other invisible format characters would
		// make the name read otherwise than it is (validation refuses
		// them; this is the second line).
		if unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp, unicode.Cc) {
			return -1
		}
		return r
	}, name)
}

// Render writes the document chosen by opts to w, when Check allows it.
func Render(ctx context.Context, w io.Writer, rep *evaluation.Report, opts Options) (Stats, error) {
	plan, err := Check(rep, opts)
	if err != nil {
		return Stats{}, err
	}
	switch opts.Figures {
	case "", "computed", "declared":
	default:
		return Stats{}, fmt.Errorf("%w: figures %q: want computed or declared", ErrOption, opts.Figures)
	}
	switch opts.Findings {
	case "", "none", "appendix":
	default:
		return Stats{}, fmt.Errorf("%w: findings %q: want none or appendix", ErrOption, opts.Findings)
	}
	if opts.MaxPages > 0 {
		ctx = layout.WithMaxPages(ctx, opts.MaxPages)
	}
	w = ctxio.Writer(ctx, w)
	if opts.Format == "" {
		opts.Format = PDF
	}
	if write, ok := pageFormats[opts.Format]; ok {
		return renderPages(ctx, w, rep, opts, plan, write)
	}
	if opts.Format == XLSX {
		return renderXLSX(ctx, w, rep, opts, plan)
	}
	return Stats{}, fmt.Errorf("%w: format %q: want pdf, ofd or xlsx", ErrOption, opts.Format)
}
