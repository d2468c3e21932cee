package summary

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"text/template"

	"github.com/jixiao/jixiao/templates"
)

// Forms is the wording and columns of a summary, read from
// templates/summary/summary.json: the tables' titles and columns, the
// overview's sentences, the charts' titles and the names of the audit's
// finding codes.
type Forms struct {
	Title       string            `json:"title"`
	Overview    string            `json:"overview"`
	Totals      string            `json:"totals"`
	GradeCount  string            `json:"gradeCount"`
	Subtotal    string            `json:"subtotal"`
	Total       string            `json:"total"`
	Severities  map[string]string `json:"severities"`
	Projects    TableForm         `json:"projects"`
	Departments TableForm         `json:"departments"`
	Counts      TableForm         `json:"findingCounts"`
	Findings    TableForm         `json:"findings"`
	Invalid     TableForm         `json:"invalid"`
	Comparison  TableForm         `json:"comparison"`
	// DepartmentComparison compares the departments' figures.
	DepartmentComparison TableForm         `json:"departmentComparison"`
	Fallen               string            `json:"fallen"`
	LowTwice             string            `json:"lowTwice"`
	New                  string            `json:"newProjects"`
	Dropped              string            `json:"droppedProjects"`
	NewDepartments       string            `json:"newDepartments"`
	DroppedDepartments   string            `json:"droppedDepartments"`
	None                 string            `json:"none"`
	Charts               ChartForms        `json:"charts"`
	Codes                map[string]string `json:"codes"`
	// Threshold is the execution rate, in percent, that a project is
	// expected to reach (the 90% line).
	Threshold string `json:"threshold"`
	Comment   string `json:"comment"`

	templates map[string]*template.Template
}

// TableForm is a table's title, its sheet's name and its columns.
type TableForm struct {
	Title   string   `json:"title"`
	Sheet   string   `json:"sheet"`
	Columns []Column `json:"columns"`
}

// Column is one column of a table: what it holds, its head and widths.
type Column struct {
	Field      string  `json:"field"`
	Label      string  `json:"label"`
	Width      float64 `json:"width"`
	SheetWidth float64 `json:"sheetWidth"`
}

// ChartForms are the titles of the charts and of their axes.
type ChartForms struct {
	Grades    string `json:"grades"`
	GradesY   string `json:"gradesY"`
	Rates     string `json:"rates"`
	RatesX    string `json:"ratesX"`
	RatesY    string `json:"ratesY"`
	Threshold string `json:"threshold"`
	Scatter   string `json:"scatter"`
	ScatterX  string `json:"scatterX"`
	ScatterY  string `json:"scatterY"`
	Lowest    string `json:"lowest"`
	Findings  string `json:"findings"`
	FindingsX string `json:"findingsX"`
}

// BuiltinForms returns the built-in wording.
func BuiltinForms() (*Forms, error) { return ParseForms(templates.Summary) }

// ParseForms reads forms from JSON, refusing unknown keys and templates
// that do not parse.
func ParseForms(data []byte) (*Forms, error) {
	f := &Forms{}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(f); err != nil {
		return nil, fmt.Errorf("summary forms: %w", err)
	}
	f.templates = map[string]*template.Template{}
	texts := []string{f.Overview, f.Totals, f.GradeCount, f.LowTwice, f.Charts.Threshold, f.Charts.Lowest}
	for _, tf := range []TableForm{f.Projects, f.Departments, f.Counts, f.Findings, f.Invalid, f.Comparison, f.DepartmentComparison} {
		for _, c := range tf.Columns {
			texts = append(texts, c.Label)
		}
	}
	for _, s := range texts {
		if !strings.Contains(s, "{{") {
			continue
		}
		t, err := template.New("").Option("missingkey=error").Parse(s)
		if err != nil {
			return nil, fmt.Errorf("summary forms: %q: %w", s, err)
		}
		f.templates[s] = t
	}
	for _, tf := range []TableForm{f.Projects, f.Departments, f.Counts, f.Findings, f.Invalid, f.Comparison, f.DepartmentComparison} {
		if len(tf.Columns) == 0 {
			return nil, fmt.Errorf("summary forms: table %q has no columns", tf.Title)
		}
	}
	return f, nil
}

// fill executes the template s with data; s itself when it has no
// placeholder.
func (f *Forms) fill(s string, data any) string {
	t, ok := f.templates[s]
	if !ok {
		return s
	}
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		return s
	}
	return b.String()
}

// code names a finding code, or gives the code when it has no name.
func (f *Forms) code(c string) string {
	if n, ok := f.Codes[c]; ok {
		return n
	}
	return c
}

func (f *Forms) severity(s string) string {
	if n, ok := f.Severities[s]; ok {
		return n
	}
	return s
}
