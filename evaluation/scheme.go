package evaluation

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"sync"

	"github.com/jixiao/jixiao/templates"
	"github.com/shopspring/decimal"
)

// Scheme is a scoring scheme: the indicator vocabulary, default weights,
// deduction bands, grade thresholds and rounding scales. It is data
// (templates/scheme.json), so that a region's variant is a configuration
// change.
type Scheme struct {
	Name     string `json:"name"`
	Rounding string `json:"rounding"`
	Scale    struct {
		Money  int32 `json:"money"`
		Score  int32 `json:"score"`
		Rate   int32 `json:"rate"`
		Weight int32 `json:"weight"`
	} `json:"scale"`
	Grades         []GradeBand          `json:"grades"`
	SelfAssessment SelfAssessmentScheme `json:"selfAssessment"`
	Department     ReportScheme         `json:"departmentReport"`
	Project        ReportScheme         `json:"projectReport"`
}

// GradeBand maps scores from Min upwards to a grade.
type GradeBand struct {
	Min   decimal.Decimal `json:"min"`
	Grade string          `json:"grade"`
}

// SelfAssessmentScheme is the scheme of the 项目支出绩效自评表.
type SelfAssessmentScheme struct {
	ExecutionWeight decimal.Decimal `json:"executionWeight"`
	TotalWeight     decimal.Decimal `json:"totalWeight"`
	Levels          []Level         `json:"levels"`
	LowTargetBands  []DeductionBand `json:"lowTargetBands"`
}

// Level is a 一级指标 and its allowed 二级指标.
type Level struct {
	Name     string   `json:"name"`
	Children []string `json:"children"`
}

// DeductionBand deducts DeductPercent of an indicator's weight when a
// quantitative target was set too low: (B−A)/A in percent lies in
// [From, To), or at or above From when To is absent.
type DeductionBand struct {
	From          decimal.Decimal  `json:"from"`
	To            *decimal.Decimal `json:"to"`
	DeductPercent decimal.Decimal  `json:"deductPercent"`
}

// ReportScheme is the scheme of a report's scored indicator tree.
type ReportScheme struct {
	ExecutionWeight decimal.Decimal `json:"executionWeight"`
	TotalWeight     decimal.Decimal `json:"totalWeight"`
	Top             []string        `json:"top"`
}

// ParseScheme reads a scheme from JSON, rejecting unknown keys.
func ParseScheme(data []byte) (*Scheme, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var s Scheme
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("parse scheme: %w", err)
	}
	if len(s.Grades) == 0 || len(s.SelfAssessment.Levels) == 0 {
		return nil, fmt.Errorf("parse scheme: grades and selfAssessment.levels are required")
	}
	return &s, nil
}

var defaultScheme = sync.OnceValues(func() (*Scheme, error) {
	data, err := fs.ReadFile(templates.FS, "scheme.json")
	if err != nil {
		return nil, err
	}
	return ParseScheme(data)
})

// DefaultScheme returns the embedded scheme, parsed once per process.
func DefaultScheme() *Scheme {
	s, err := defaultScheme()
	if err != nil {
		// The embedded file is part of the binary and covered by tests.
		panic(fmt.Sprintf("embedded scheme: %v", err))
	}
	return s
}

// Grade returns the grade of a total score.
func (s *Scheme) Grade(total decimal.Decimal) string {
	for _, g := range s.Grades {
		if total.GreaterThanOrEqual(g.Min) {
			return g.Grade
		}
	}
	return s.Grades[len(s.Grades)-1].Grade
}

// level returns the 一级指标 named name.
func (s *SelfAssessmentScheme) level(name string) (Level, bool) {
	for _, l := range s.Levels {
		if l.Name == name {
			return l, true
		}
	}
	return Level{}, false
}
