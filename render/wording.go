package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"text/template"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/templates"
)

// Wording is the Chinese text the builder generates: titles, table
// labels, the notes under the self-assessment table and the numbering
// styles of headings and lists (templates/wording.json).
type Wording struct {
	DocumentTitle             string            `json:"documentTitle"`
	DepartmentTitle           string            `json:"departmentTitle"`
	ProjectTitle              string            `json:"projectTitle"`
	StandaloneDepartmentTitle string            `json:"standaloneDepartmentTitle"`
	StandaloneProjectTitle    string            `json:"standaloneProjectTitle"`
	Numbering                 []string          `json:"numbering"`
	ListMarkers               map[string]string `json:"listMarkers"`
	SelfAssessment            struct {
		Title               string            `json:"title"`
		Year                string            `json:"year"`
		Project             string            `json:"project"`
		CompetentDepartment string            `json:"competentDepartment"`
		ImplementingUnit    string            `json:"implementingUnit"`
		Manager             string            `json:"manager"`
		Phone               string            `json:"phone"`
		Funds               string            `json:"funds"`
		FundColumns         []string          `json:"fundColumns"`
		FundRows            map[string]string `json:"fundRows"`
		// FundSourceMarks fill the 分值, 执行率 and 得分 cells of the
		// source rows, which carry no figures of their own.
		FundSourceMarks    []string `json:"fundSourceMarks"`
		Goals              string   `json:"goals"`
		Expected           string   `json:"expected"`
		Actual             string   `json:"actual"`
		Indicators         string   `json:"indicators"`
		IndicatorColumns   []string `json:"indicatorColumns"`
		LevelPoints        string   `json:"levelPoints"`
		NotApplicableScore string   `json:"notApplicableScore"`
		Total              string   `json:"total"`
		NotesTitle         string   `json:"notesTitle"`
		Notes              []string `json:"notes"`
	} `json:"selfAssessment"`
}

// ParseWording reads wording from JSON, rejecting unknown keys and
// checking that every template parses.
func ParseWording(data []byte) (*Wording, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var w Wording
	if err := dec.Decode(&w); err != nil {
		return nil, fmt.Errorf("parse wording: %w", err)
	}
	if len(w.SelfAssessment.FundColumns) != 6 || len(w.SelfAssessment.IndicatorColumns) != 8 || len(w.SelfAssessment.FundSourceMarks) != 3 {
		return nil, fmt.Errorf("parse wording: selfAssessment needs 6 fundColumns, 3 fundSourceMarks and 8 indicatorColumns")
	}
	for _, t := range []string{w.DocumentTitle, w.StandaloneDepartmentTitle, w.StandaloneProjectTitle,
		w.SelfAssessment.Year, w.SelfAssessment.Funds, w.SelfAssessment.LevelPoints} {
		if _, err := template.New("").Parse(t); err != nil {
			return nil, fmt.Errorf("parse wording: %w", err)
		}
	}
	return &w, nil
}

var defaultWording = sync.OnceValues(func() (*Wording, error) {
	data, err := fs.ReadFile(templates.FS, "wording.json")
	if err != nil {
		return nil, err
	}
	return ParseWording(data)
})

// DefaultWording returns the embedded wording, parsed once per process.
func DefaultWording() (*Wording, error) { return defaultWording() }

// parsed caches the wording's templates by their text: they are filled
// several times for every table rendered, and parsing is the dear part.
var parsed sync.Map // string → *template.Template

// fill executes a small text template; the templates were checked by
// ParseWording, and a data error yields the template text itself.
func fill(tmpl string, data any) string {
	v, ok := parsed.Load(tmpl)
	if !ok {
		t, err := template.New("").Option("missingkey=error").Parse(tmpl)
		if err != nil {
			return tmpl
		}
		v, _ = parsed.LoadOrStore(tmpl, t)
	}
	t := v.(*template.Template)
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		return tmpl
	}
	return b.String()
}

// Fill executes one of the wording's text templates as the document
// builder does, for other renderers (render/xlsx) that share the wording:
// SelfAssessment.Year with the *evaluation.Disclosure, Funds with
// map[string]string{"Unit": …} and LevelPoints with
// map[string]string{"Name": …, "Points": …}. A template that fails on
// its data yields the template text itself.
func Fill(tmpl string, data any) string { return fill(tmpl, data) }

// NotApplicableMark is what the 分值 and 得分 cells of a self-assessment
// indicator row marked notApplicable print: SelfAssessment.NotApplicableScore,
// or nothing for a row whose name, target and actual are all empty — an
// unused line of the form, which stays blank. It is the rule of the
// table builder (table.go), for renderers that share the wording.
func (w *Wording) NotApplicableMark(ind *evaluation.TableIndicator) string {
	if ind.Name == "" && ind.Target == "" && ind.Actual == "" {
		return ""
	}
	return w.SelfAssessment.NotApplicableScore
}
