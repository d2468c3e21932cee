package xlsx

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"
	"sync"

	"github.com/jixiao/jixiao/templates"
)

// config is templates/xlsx.json: the wording and layout of the workbook.
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
	SelfAssessment tableWording   `json:"selfAssessment"`
	Summary        summaryWording `json:"summary"`
	Report         reportWording  `json:"report"`
}

type tableWording struct {
	Sheet               string    `json:"sheet"`
	Columns             []float64 `json:"columns"`
	Title               string    `json:"title"`
	Year                string    `json:"year"`
	Project             string    `json:"project"`
	CompetentDepartment string    `json:"competentDepartment"`
	ImplementingUnit    string    `json:"implementingUnit"`
	Manager             string    `json:"manager"`
	Phone               string    `json:"phone"`
	Funds               string    `json:"funds"`
	FundColumns         []string  `json:"fundColumns"`
	FundRows            []string  `json:"fundRows"`
	NotApplicableFund   string    `json:"notApplicableFund"`
	Goals               string    `json:"goals"`
	Expected            string    `json:"expected"`
	Actual              string    `json:"actual"`
	Indicators          string    `json:"indicators"`
	IndicatorColumns    []string  `json:"indicatorColumns"`
	LevelPoints         string    `json:"levelPoints"`
	NotApplicableScore  string    `json:"notApplicableScore"`
	Total               string    `json:"total"`
	NotesTitle          string    `json:"notesTitle"`
	Notes               []string  `json:"notes"`
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

// parseConfig reads and checks a layout, rejecting unknown keys.
func parseConfig(data []byte) (*config, error) {
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
	case len(t.Columns) != tableCols || len(t.FundColumns) != 6 || len(t.FundRows) != 4 || len(t.IndicatorColumns) != 8:
		return nil, fmt.Errorf("xlsx layout: selfAssessment needs %d columns, 6 fundColumns, 4 fundRows and 8 indicatorColumns", tableCols)
	case len(c.Report.Columns) != 4 || len(c.Report.ColumnsHeader) != 4:
		return nil, fmt.Errorf("xlsx layout: report needs 4 columns and 4 columnsHeader")
	case !strings.Contains(t.LevelPoints, "{points}"):
		return nil, fmt.Errorf("xlsx layout: selfAssessment.levelPoints must contain {points}")
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
