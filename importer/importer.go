package importer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/profile"
)

// Options are how files are imported.
type Options struct {
	// Profiles are the profiles whose forms are looked for; nil means
	// the built-in set.
	Profiles *profile.Set
	// Profile, when set, is the form to look for. Otherwise each sheet
	// is matched against every profile and the one whose labels it
	// holds most of wins, the default profile on a tie.
	Profile string
	Limits  Limits
}

// File is one file to import.
type File struct {
	Name string
	Data []byte
}

// Result is an imported disclosure.
type Result struct {
	Disclosure *evaluation.Disclosure
	// Provenance says where every value came from.
	Provenance Provenance
	// Notes are what the importer skipped or chose (extra sheets, the
	// profile it detected), for the user to check.
	Notes []string
	// Problems are cells whose text could not be read as the figure the
	// form expects; their values are left out of the disclosure.
	Problems evaluation.Problems
}

// JSON is the disclosure as Jixiao's input JSON: figures as the text
// read, so that nothing is rounded on the way.
func (r *Result) JSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r.Disclosure); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Evaluate imports nothing more: it evaluates the imported disclosure
// with cfg, straight from the value the importer read, and names the
// place of every problem and finding. The cells that could not be read
// are problems of the report. The result's disclosure belongs to the
// report from then on.
func (r *Result) Evaluate(cfg *evaluation.Config) *evaluation.Report {
	rep := evaluation.EvaluateDisclosure(r.Disclosure, cfg)
	if len(r.Problems) > 0 {
		rep.Problems = append(append(evaluation.Problems{}, r.Problems...), rep.Problems...)
		rep.Result = nil
	}
	r.Provenance.Annotate(rep)
	return rep
}

// Evaluate evaluates one input file of any kind Jixiao reads: a
// disclosure in JSON as it is, or a workbook or document imported with
// opts (its profiles those of cfg), its problems and findings naming the
// cell they come from. A file that is neither (a legacy .xls, a web page
// saved as .xls) is an error that says what it is. It is the one door
// through which the command line, the service and batch take an input.
func Evaluate(f File, cfg *evaluation.Config, opts Options) (*evaluation.Report, error) {
	return EvaluateContext(context.Background(), f, cfg, opts)
}

// EvaluateContext is Evaluate with the import bounded by ctx.
func EvaluateContext(ctx context.Context, f File, cfg *evaluation.Config, opts Options) (*evaluation.Report, error) {
	switch Sniff(f.Data) {
	case JSON, Unknown:
		return evaluation.Evaluate(f.Data, cfg), nil
	}
	if cfg == nil {
		cfg = &evaluation.Config{}
	}
	opts.Profiles, opts.Profile = cfg.Profiles, cfg.Profile
	res, err := ImportContext(ctx, []File{f}, opts)
	if err != nil {
		return nil, err
	}
	return res.Evaluate(cfg), nil
}

// Evaluator is Evaluate of f for a caller that evaluates later and takes
// every outcome as a report (a batch): a file that cannot be imported is
// a report with one problem of code CodeImport, naming the file and the
// place in it.
func Evaluator(f File, opts Options) func(*evaluation.Config) *evaluation.Report {
	return EvaluatorContext(context.Background(), f, opts)
}

// EvaluatorContext is Evaluator with the import bounded by ctx (a
// batch's request): a canceled import is a report with its one problem.
func EvaluatorContext(ctx context.Context, f File, opts Options) func(*evaluation.Config) *evaluation.Report {
	return func(cfg *evaluation.Config) *evaluation.Report {
		rep, err := EvaluateContext(ctx, f, cfg, opts)
		if err != nil {
			return &evaluation.Report{Problems: evaluation.Problems{Problem(f.Name, err)}, Findings: []evaluation.Finding{}}
		}
		return rep
	}
}

// CodeImport is the problem code of a file that cannot be imported.
const CodeImport = "import-failed"

// Problem is an error of Import as a problem of the input named name.
func Problem(name string, err error) evaluation.Problem {
	msg, en := err.Error(), err.Error()
	var ie *Error
	if errors.As(err, &ie) {
		msg, en = ie.Msg, ie.MsgEN
	}
	return evaluation.Problem{Code: CodeImport, Place: ie.Where(name), Message: msg, MessageEN: en}
}

// CodeCell is the problem code of a cell that does not hold the figure
// the form expects there.
const CodeCell = "import-cell"

// CodeFormula is the problem code of a figure cell holding a formula
// without a cached value, which the importer does not calculate.
const CodeFormula = "import-formula"

// Supported reports whether data is a file the importer reads (a
// workbook or a document), as opposed to JSON or an unsupported file.
func Supported(data []byte) bool {
	k := Sniff(data)
	return k == XLSX || k == DOCX
}

// Import imports one or more workbooks and documents into one
// disclosure: the self-assessment tables of all workbooks in order, and
// the reports of the documents. With several files, every place is
// prefixed by the file's base name.
func Import(files []File, opts Options) (*Result, error) {
	return ImportContext(context.Background(), files, opts)
}

// ImportContext is Import bounded by ctx: every loop of the readers stops
// soon after ctx is done, with an error that wraps its cause.
func ImportContext(ctx context.Context, files []File, opts Options) (*Result, error) {
	if len(files) == 0 {
		return nil, fmt.Errorf("importer: no files")
	}
	opts.Limits = opts.Limits.withDefaults()
	set := opts.Profiles
	if set == nil {
		var err error
		if set, err = profile.Builtin(); err != nil {
			return nil, err
		}
	}
	out := &Result{Disclosure: &evaluation.Disclosure{}, Provenance: Provenance{}}
	m := newMeter(ctx, opts.Limits) // the limits hold for the files together
	for _, f := range files {
		if err := m.err(); err != nil {
			return nil, err
		}
		if int64(len(f.Data)) > opts.Limits.MaxFileSize {
			return nil, fail(ErrTooLarge, f.Name, "", fmt.Sprintf("文件超过 %d MiB 上限", opts.Limits.MaxFileSize>>20),
				fmt.Sprintf("the file exceeds the limit of %d MiB", opts.Limits.MaxFileSize>>20))
		}
		var r *Result
		var err error
		switch k := Sniff(f.Data); k {
		case XLSX:
			r, err = importWorkbook(f.Name, f.Data, set, opts, m)
		case DOCX:
			r, err = importDocument(f.Name, f.Data, set, opts, m)
		case PDF, OFD:
			r, err = importEmbedded(f.Name, f.Data, k, opts.Limits)
		default:
			err = unsupported(f.Name, k)
		}
		if err != nil {
			return nil, err
		}
		prefix := ""
		if len(files) > 1 {
			prefix = filepath.Base(f.Name) + ":"
		}
		merge(out, r, prefix, f.Name)
	}
	// The disclosure may repeat a cell's text (a merged 一级指标 names
	// every indicator it covers): its own text is bounded too, so that
	// the answer and the stages after it are.
	if n := textSize(reflect.ValueOf(out.Disclosure), opts.Limits.MaxText+1); n > opts.Limits.MaxText {
		return nil, fail(ErrTooLarge, files[0].Name, "",
			fmt.Sprintf("导入结果的文本超过 %s 上限", sizeText(opts.Limits.MaxText)),
			fmt.Sprintf("the imported disclosure holds more than the limit of %s of text", sizeText(opts.Limits.MaxText)))
	}
	return out, nil
}

// textSize is the bytes of the strings v holds, counted up to limit.
func textSize(v reflect.Value, limit int64) int64 {
	var n int64
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		if n > limit {
			return
		}
		switch v.Kind() {
		case reflect.String:
			n += int64(v.Len())
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Struct:
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Map:
			it := v.MapRange()
			for it.Next() {
				walk(it.Key())
				walk(it.Value())
			}
		}
	}
	walk(v)
	return n
}

// merge adds r, imported from the file name, to out.
func merge(out, r *Result, prefix, name string) {
	d, s := out.Disclosure, r.Disclosure
	first := d.Department == "" && d.Year == 0
	for k, v := range r.Provenance {
		if at, ok := shift(k, len(d.SelfAssessments), len(d.ProjectReports)); ok {
			out.Provenance[at] = prefix + v
		}
	}
	for _, p := range r.Problems {
		if at, ok := shift(p.Path, len(d.SelfAssessments), len(d.ProjectReports)); ok {
			p.Path = at
		}
		p.Place = prefix + p.Place
		out.Problems = append(out.Problems, p)
	}
	if first {
		d.Department, d.Year, d.Profile, d.Unit, d.Title = s.Department, s.Year, s.Profile, s.Unit, s.Title
	} else if s.Year != 0 && s.Year != d.Year {
		out.Notes = append(out.Notes, fmt.Sprintf("%s: 年度 %d 与先导入文件的 %d 不同，已按 %d 处理 (year %d differs from %d; %d kept)", name, s.Year, d.Year, d.Year, s.Year, d.Year, d.Year))
	}
	if s.DepartmentReport != nil && d.DepartmentReport == nil {
		d.DepartmentReport = s.DepartmentReport
	}
	d.ProjectReports = append(d.ProjectReports, s.ProjectReports...)
	d.SelfAssessments = append(d.SelfAssessments, s.SelfAssessments...)
	for _, n := range r.Notes {
		out.Notes = append(out.Notes, filepath.Base(name)+": "+n)
	}
}

// shift renumbers a pointer of a file's own disclosure for its place
// after the tables and reports of the files before it.
func shift(ptr string, tables, projects int) (string, bool) {
	if tables == 0 && projects == 0 {
		return ptr, true
	}
	for _, p := range []struct {
		prefix string
		by     int
	}{{"/selfAssessments/", tables}, {"/projectReports/", projects}} {
		rest, ok := strings.CutPrefix(ptr, p.prefix)
		if !ok {
			continue
		}
		num, tail, _ := strings.Cut(rest, "/")
		var i int
		if _, err := fmt.Sscan(num, &i); err != nil {
			return ptr, true
		}
		if tail != "" {
			tail = "/" + tail
		}
		return fmt.Sprintf("%s%d%s", p.prefix, i+p.by, tail), true
	}
	return ptr, true
}

// importWorkbook reads the self-assessment tables of a workbook.
func importWorkbook(name string, data []byte, set *profile.Set, opts Options, m *meter) (*Result, error) {
	wb, err := readWorkbook(name, data, m)
	if err != nil {
		return nil, err
	}
	var src *evaluation.Disclosure
	if wb.source != nil {
		// Jixiao wrote this copy: plain decoding is enough (the import's
		// result is validated in full anyway).
		src = &evaluation.Disclosure{}
		if err := json.Unmarshal(wb.source, src); err != nil {
			src = nil // a damaged copy: the cells are what counts
		}
	}
	var p *profile.Profile
	res := &Result{Disclosure: &evaluation.Disclosure{}, Provenance: Provenance{}}
	switch {
	case opts.Profile != "":
		if p, err = set.Get(opts.Profile); err != nil {
			return nil, err
		}
	case src != nil && src.Profile != "":
		if p, err = set.Get(src.Profile); err != nil {
			p = nil
		}
	}
	if p == nil {
		p = detect(wb.grids, set)
		res.Notes = append(res.Notes, fmt.Sprintf("按表单配置 %s 识别（可用 --profile 指定） (read with profile %s; choose another with --profile)", p.Name, p.Name))
	}
	fm := newForm(p)
	d := res.Disclosure
	d.Profile = p.Name
	var sheetsWith []string
	for _, g := range wb.grids {
		ts := fm.tables(g)
		if len(ts) == 0 {
			res.Notes = append(res.Notes, fmt.Sprintf("工作表 %s 中没有自评表，已跳过 (sheet %s holds no self-assessment table; skipped)", g.sheet, g.sheet))
			continue
		}
		sheetsWith = append(sheetsWith, g.sheet)
		for _, t := range ts {
			i := len(d.SelfAssessments)
			base := fmt.Sprintf("/selfAssessments/%d", i)
			res.Provenance[base] = t.at
			res.Provenance.add(base, t.prov)
			for _, cp := range t.problems {
				p := evaluation.Problem{Path: base + cp.path, Place: cp.place, Code: CodeCell,
					Message:   fmt.Sprintf("单元格内容“%s”不是数字", cp.text),
					MessageEN: fmt.Sprintf("the cell holds %q, not a number", cp.text)}
				if cp.formula {
					p.Code = CodeFormula
					p.Message = "单元格是没有保存计算结果的公式：导入不计算公式；请在 Excel 或 WPS 中打开并保存后再导入，或填写数值"
					p.MessageEN = "the cell holds a formula without a saved result: the importer does not calculate formulas; open and save the workbook in Excel or WPS, or type the value"
				}
				res.Problems = append(res.Problems, p)
			}
			if d.Year == 0 && t.year != 0 {
				d.Year = t.year
				res.Provenance["/year"] = t.at
			}
			if d.Unit == "" && t.unit != "" {
				d.Unit = t.unit
				res.Provenance["/unit"] = t.at
			}
			d.SelfAssessments = append(d.SelfAssessments, t.t)
		}
	}
	if len(d.SelfAssessments) == 0 && src == nil {
		var names []string
		for _, g := range wb.grids {
			names = append(names, g.sheet)
		}
		return nil, fail(ErrNoTable, name, strings.Join(names, ", "),
			fmt.Sprintf("没有找到“%s”：表单配置 %s 的标签（%s、%s …）都不在工作表中", fm.f.Title, p.Name, fm.f.Header[0][0].Label, fm.f.Indicators.Columns[0].Label),
			fmt.Sprintf("no %s found: the labels of profile %s (%s, %s …) are on none of the sheets", fm.f.Title, p.Name, fm.f.Header[0][0].Label, fm.f.Indicators.Columns[0].Label))
	}
	if len(d.SelfAssessments) > 0 {
		d.Department = d.SelfAssessments[0].CompetentDepartment
		res.Provenance["/department"] = res.Provenance["/selfAssessments/0/competentDepartment"]
	}
	if src != nil {
		overlay(res, src, p)
	}
	return res, nil
}

// detect chooses the profile whose form's labels the workbook holds most
// of; the default profile wins a tie, then the profiles by name.
func detect(grids []*grid, set *profile.Set) *profile.Profile {
	seen := map[string]bool{}
	for _, g := range grids {
		for r, row := range g.cells {
			for c, v := range row {
				if v != "" && len(v) < 200 {
					seen[g.normed(r, c)] = true
				}
			}
		}
	}
	best, bestScore := (*profile.Profile)(nil), -1
	names := append([]string{profile.Default}, set.Names()...)
	for _, n := range names {
		p, err := set.Get(n)
		if err != nil {
			continue
		}
		if s := newForm(p).score(seen); s > bestScore {
			best, bestScore = p, s
		}
	}
	return best
}
