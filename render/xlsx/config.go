package xlsx

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"
	"sync"

	"github.com/jixiao/jixiao/render"
	"github.com/jixiao/jixiao/templates"
)

// config is templates/xlsx.json: the layout of the workbook and the
// wording of the sheets the PDF does not have (汇总, report sheets). The
// self-assessment sheet's wording is render.Wording's.
type config struct {
	Comment    string  `json:"comment"`
	Font       string  `json:"font"`
	LineHeight float64 `json:"lineHeight"`
	Padding    struct {
		Horizontal float64 `json:"horizontal"`
		Vertical   float64 `json:"vertical"`
	} `json:"padding"`
	MinRowHeight float64 `json:"minRowHeight"`
	Sizes        struct {
		Title    float64 `json:"title"`
		Subtitle float64 `json:"subtitle"`
		Text     float64 `json:"text"`
		Note     float64 `json:"note"`
	} `json:"sizes"`
	Page struct {
		Paper   int        `json:"paper"`
		Size    [2]float64 `json:"size"`
		Margins struct {
			Left   float64 `json:"left"`
			Right  float64 `json:"right"`
			Top    float64 `json:"top"`
			Bottom float64 `json:"bottom"`
			Header float64 `json:"header"`
			Footer float64 `json:"footer"`
		} `json:"margins"`
		Footer string `json:"footer"`
	} `json:"page"`
	SelfAssessment tableLayout    `json:"selfAssessment"`
	Summary        summaryWording `json:"summary"`
	Report         reportWording  `json:"report"`
}

// tableLayout is what is XLSX-only about a self-assessment sheet. Its
// wording — title, year line, labels, fund columns and rows, marks,
// indicator columns, level points, total and notes — is the PDF's,
// render.Wording.SelfAssessment (templates/wording.json).
type tableLayout struct {
	// Sheet is not used: a table's sheet is named after its project.
	Sheet   string    `json:"sheet"`
	Columns []float64 `json:"columns"`
	// LevelPointsBreak starts a new line after the 一级指标 name in the
	// level label (the wording's levelPoints), dropping the spaces
	// there, so that 产出指标（50分） prints as 产出指标 over （50分） in
	// the narrow 一级指标 column.
	LevelPointsBreak bool `json:"levelPointsBreak"`
}

type summaryWording struct {
	Sheet  string `json:"sheet"`
	Widths struct {
		Number  float64 `json:"number"`
		Project float64 `json:"project"`
		Unit    float64 `json:"unit"`
		Amount  float64 `json:"amount"`
		Rate    float64 `json:"rate"`
		Score   float64 `json:"score"`
		Grade   float64 `json:"grade"`
	} `json:"widths"`
	Title            string `json:"title"`
	Unit             string `json:"unit"`
	Number           string `json:"number"`
	Project          string `json:"project"`
	ImplementingUnit string `json:"implementingUnit"`
	Budget           string `json:"budget"`
	Executed         string `json:"executed"`
	Rate             string `json:"rate"`
	Scores           string `json:"scores"`
	Execution        string `json:"execution"`
	Total            string `json:"total"`
	Grade            string `json:"grade"`
	Sum              string `json:"sum"`
	Average          string `json:"average"`
	GradeCount       string `json:"gradeCount"`
	GradeTop         string `json:"gradeTop"`
	GradeBand        string `json:"gradeBand"`
	GradeBottom      string `json:"gradeBottom"`
}

type reportWording struct {
	Columns             []float64 `json:"columns"`
	DepartmentSheet     string    `json:"departmentSheet"`
	ProjectSheet        string    `json:"projectSheet"`
	DepartmentTitle     string    `json:"departmentTitle"`
	ProjectTitle        string    `json:"projectTitle"`
	DepartmentSubtitle  string    `json:"departmentSubtitle"`
	ProjectSubtitle     string    `json:"projectSubtitle"`
	Budget              string    `json:"budget"`
	Spending            string    `json:"spending"`
	ExecutionRate       string    `json:"executionRate"`
	CarryoverBudget     string    `json:"carryoverBudget"`
	CarryoverAmount     string    `json:"carryoverAmount"`
	CarryoverRate       string    `json:"carryoverRate"`
	CarryoverChange     string    `json:"carryoverChange"`
	FinalBudget         string    `json:"finalBudget"`
	FinalActual         string    `json:"finalActual"`
	FinalDifference     string    `json:"finalDifference"`
	FinalDifferenceRate string    `json:"finalDifferenceRate"`
	ColumnsHeader       []string  `json:"columnsHeader"`
	Total               string    `json:"total"`
	Grade               string    `json:"grade"`
}

// movedKeys are the selfAssessment keys that xlsx.json had before the
// table's wording moved to templates/wording.json.
var movedKeys = []string{
	"title", "year", "project", "competentDepartment", "implementingUnit", "manager", "phone",
	"funds", "fundColumns", "fundRows", "notApplicableFund", "goals", "expected", "actual",
	"indicators", "indicatorColumns", "levelPoints", "notApplicableScore", "total", "notesTitle", "notes",
}

// parseConfig reads and checks a layout, rejecting unknown keys.
func parseConfig(data []byte) (*config, error) {
	var probe struct {
		SelfAssessment map[string]json.RawMessage `json:"selfAssessment"`
	}
	if json.Unmarshal(data, &probe) == nil {
		for _, k := range movedKeys {
			if _, ok := probe.SelfAssessment[k]; ok {
				return nil, fmt.Errorf("xlsx layout: selfAssessment.%s: the table's wording is set in templates/wording.json, shared with the PDF", k)
			}
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var c config
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("xlsx layout: %w", err)
	}
	t := &c.SelfAssessment
	switch {
	case c.Font == "" || c.LineHeight <= 0 || c.Sizes.Text <= 0 || c.Sizes.Title <= 0 || c.Sizes.Subtitle <= 0 || c.Sizes.Note <= 0:
		return nil, fmt.Errorf("xlsx layout: font, lineHeight and sizes are required")
	case len(t.Columns) != tableCols:
		return nil, fmt.Errorf("xlsx layout: selfAssessment needs %d columns", tableCols)
	case len(c.Report.Columns) != 4 || len(c.Report.ColumnsHeader) != 4:
		return nil, fmt.Errorf("xlsx layout: report needs 4 columns and 4 columnsHeader")
	}
	return &c, nil
}

var defaultConfig = sync.OnceValues(func() (*config, error) {
	data, err := fs.ReadFile(templates.FS, "xlsx.json")
	if err != nil {
		return nil, fmt.Errorf("xlsx layout: %w", err)
	}
	return parseConfig(data)
})

// checkWording checks the shape of the table wording the sheets rely on,
// as render.ParseWording does, for a wording built without it.
func checkWording(w *render.Wording) error {
	sa := &w.SelfAssessment
	if len(sa.FundColumns) != 6 || len(sa.IndicatorColumns) != 8 || len(sa.FundSourceMarks) != 3 {
		return fmt.Errorf("xlsx: wording: selfAssessment needs 6 fundColumns, 3 fundSourceMarks and 8 indicatorColumns")
	}
	return nil
}

// Markers of the level-points template's data, to split the filled
// template around the points, which the workbook writes as a formula.
const (
	nameMarker   = "\x00name\x00"
	pointsMarker = "\x00points\x00"
)

// levelPoints splits the wording's levelPoints template around the
// points: the text before them and after them, with nameMarker where the
// 一级指标 name goes. With brk, a line break follows the name. ok is false
// when the template does not print the points.
func levelPoints(tmpl string, brk bool) (before, after string, ok bool) {
	s := render.Fill(tmpl, map[string]string{"Name": nameMarker, "Points": pointsMarker})
	if i := strings.Index(s, nameMarker); brk && i >= 0 {
		head, rest := s[:i+len(nameMarker)], s[i+len(nameMarker):]
		if rest = strings.TrimLeft(rest, " \t\u3000"); rest != "" && !strings.HasPrefix(rest, "\n") {
			s = head + "\n" + rest
		}
	}
	return strings.Cut(s, pointsMarker)
}

// fill replaces {key} placeholders: fill(s, "year", "2021", ...).
func fill(s string, kv ...string) string {
	if !strings.Contains(s, "{") {
		return s
	}
	pairs := make([]string, 0, len(kv))
	for i := 0; i+1 < len(kv); i += 2 {
		pairs = append(pairs, "{"+kv[i]+"}", kv[i+1])
	}
	return strings.NewReplacer(pairs...).Replace(s)
}
