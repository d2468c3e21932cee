package xlsx

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
)

// SourcePart is the package part in which the workbook keeps the input
// it was written from, as JSON inside an XML element. A workbook cannot
// show all of its input — declared figures give way to live formulas,
// quantitative indicators show their score but not A and B, the report
// sheets hold the scored trees but not the reports' text — so the
// importer (package importer) starts from this copy and takes from the
// cells what a person changed. The part is referenced by no relationship:
// spreadsheet programs ignore it, and drop it when they save the
// workbook again, after which the cells alone are imported.
const SourcePart = "customXml/jixiaoSource.xml"

// embedSource stores the part of the input the planned sheets show.
func (w *writer) embedSource(plan []sheet) error {
	d := *w.d
	d.DepartmentReport, d.ProjectReports, d.SelfAssessments = nil, nil, nil
	for _, s := range plan {
		switch s.kind {
		case PartAll:
			d = *w.d
		case PartTable:
			if len(plan) == 1 {
				d.SelfAssessments = w.d.SelfAssessments[s.index : s.index+1]
			}
		case PartDepartment:
			if len(plan) == 1 {
				d.DepartmentReport = w.d.DepartmentReport
			}
		case PartProject:
			if len(plan) == 1 {
				d.ProjectReports = w.d.ProjectReports[s.index : s.index+1]
			}
		}
	}
	js, err := json.Marshal(&d)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	b.Grow(len(js) + len(js)/4 + 256) // the quotes are escaped
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<jixiaoSource xmlns="urn:jixiao:source">`)
	if err := xml.EscapeText(&b, js); err != nil {
		return err
	}
	b.WriteString(`</jixiaoSource>`)
	w.f.Pkg.Store(SourcePart, b.Bytes())
	return nil
}
