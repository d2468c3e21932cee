package render

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/jixiao/jixiao/evaluation"
)

// SourceName is the file name under which the fixed-layout writers embed
// a document's Source, and under which a reader looks for it.
const SourceName = "disclosure.json"

// SourceType is the MIME type of the embedded Source.
const SourceType = "application/json"

// WorkbookSourcePart is the package part in which a workbook keeps the
// input it was written from, as the JSON text of one element,
// WorkbookSourceElement: the workbook writer (render/xlsx) writes it and
// the importer reads it.
const (
	WorkbookSourcePart    = "customXml/jixiaoSource.xml"
	WorkbookSourceElement = "jixiaoSource"
)

// Source is the input JSON of the parts the document Build makes of rep
// with opts prints: the disclosure-wide values, with the profile the
// report was computed with named, and of the reports and tables only
// those printed. Evaluating it gives the figures the document shows; a
// document of one table carries no data of the others. Build leaves it
// to the writers that embed it (Document.Source), since encoding a whole
// disclosure costs more than a workbook or a plain PDF needs.
func Source(rep *evaluation.Report, opts Options) ([]byte, error) {
	d := SourceDisclosure(rep)
	keep := func(ptr string) bool { return rep.PartValid(ptr) }
	switch opts.Part {
	case "department":
		d.ProjectReports, d.SelfAssessments = nil, nil
	case "project":
		d.DepartmentReport, d.SelfAssessments = nil, nil
		d.ProjectReports = d.ProjectReports[opts.Index : opts.Index+1]
	case "table":
		d.DepartmentReport, d.ProjectReports = nil, nil
		d.SelfAssessments = d.SelfAssessments[opts.Index : opts.Index+1]
	default:
		if d.DepartmentReport != nil && !keep(evaluation.PartPointer("department", 0)) {
			d.DepartmentReport = nil
		}
		d.ProjectReports = validOnly(d.ProjectReports, "project", keep)
		d.SelfAssessments = validOnly(d.SelfAssessments, "table", keep)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&d); err != nil {
		return nil, fmt.Errorf("embedded data: %w", err)
	}
	return b.Bytes(), nil
}

// SourceDisclosure is the input a document of rep embeds before it
// leaves out the parts it does not show: the disclosure, naming the
// profile the report was computed with, which may be another than the
// input names (a profile chosen for the render). Reading the document
// back then evaluates it on the forms it was printed on.
func SourceDisclosure(rep *evaluation.Report) evaluation.Disclosure {
	d := *rep.Disclosure
	d.Profile = rep.Profile.Name
	return d
}

// validOnly returns the items of a list of parts that keep accepts, the
// list itself when it accepts them all.
func validOnly[T any](items []T, kind string, keep func(string) bool) []T {
	for i := range items {
		if !keep(evaluation.PartPointer(kind, i)) {
			var out []T
			for j := range items {
				if keep(evaluation.PartPointer(kind, j)) {
					out = append(out, items[j])
				}
			}
			return out
		}
	}
	return items
}
