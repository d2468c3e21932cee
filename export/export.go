// Package export renders an evaluated disclosure, or one part of it, to a
// file format: it is the one entry point the command line, the HTTP
// service and batch call. It reads the options (Query), works a render
// out once (NewPlan: what is printed, the document, its pages), writes it
// in any registered format (Write, Formats) and says what went wrong in
// terms a user can act on (Explain).
package export

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/jixiao/jixiao/fonts"
	"github.com/jixiao/jixiao/internal/filename"
	"github.com/jixiao/jixiao/render"
)

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
			return nil, &OptionError{Name: "font", Value: spec,
				Message:   fmt.Sprintf("参数 font 应为 角色=字体文件（如 title=/fonts/a.ttf），收到 %q", spec),
				MessageEN: fmt.Sprintf("font %q: want role=path", spec)}
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("font %s: %w", role, err)
		}
		name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
		if set, err = set.Override(fonts.Role(role), name, data); err != nil {
			return nil, &OptionError{Name: "font", Value: spec,
				Message:   fmt.Sprintf("参数 font：字体 %s 无法使用：%v", role, err),
				MessageEN: fmt.Sprintf("font %s: %v", role, err)}
		}
	}
	return set, nil
}

// FileName returns the name of the plan's document in format f (nil:
// the plan's format), such as
// 北京市地方金融监督管理局-2021年度-项目支出绩效自评表-某项目.pdf.
func (p *Plan) FileName(f *Format) string {
	if f == nil {
		f = p.Options.Format
	}
	d, part := p.Report.Disclosure, p.Options.Part
	what := "绩效评价报告"
	switch part.Kind {
	case render.PartDepartment:
		what = "部门整体绩效评价报告"
	case render.PartProject:
		what = "项目支出绩效评价报告-" + d.ProjectReports[part.Index].Project
	case render.PartTable:
		what = "项目支出绩效自评表-" + d.SelfAssessments[part.Index].Project
	}
	// Cut by bytes, as the ZIP and folder names of a batch are: a long
	// department or project name must not make a name the file system
	// refuses when a browser saves it.
	return filename.Fit(fmt.Sprintf("%s-%d年度-%s", d.Department, d.Year, what), f.Name)
}

// ASCIIFileName is the name of the plan's document in format f (nil: the
// plan's format) in ASCII, for a client that cannot take FileName:
// jixiao-YEAR-PART.EXT, such as jixiao-2021-table-3.pdf.
func (p *Plan) ASCIIFileName(f *Format) string {
	if f == nil {
		f = p.Options.Format
	}
	part := "disclosure"
	switch k := p.Options.Part; {
	case k.All():
	case k.Kind == render.PartDepartment:
		part = k.Kind
	default:
		part = fmt.Sprintf("%s-%d", k.Kind, k.Index+1)
	}
	return fmt.Sprintf("jixiao-%d-%s.%s", p.Report.Disclosure.Year, part, f.Name)
}
