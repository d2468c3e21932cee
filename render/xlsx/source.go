package xlsx

import (
	"encoding/json"

	"github.com/jixiao/jixiao/render"
)

// embedSource stores the part of the input the planned sheets show,
// naming the profile they were made with (render.SourceDisclosure), as
// JSON inside an XML element in the part render.WorkbookSourcePart.
//
// A workbook cannot show all of its input — declared figures give way
// to live formulas, quantitative indicators show their score but not A
// and B, the report sheets hold the scored trees but not the reports'
// text — so the importer (package importer) starts from this copy and
// takes from the cells what a person changed. The part is referenced by
// no relationship: spreadsheet programs ignore it, and drop it when they
// save the workbook again, after which the cells alone are imported.
func (w *writer) embedSource(plan []sheet) error {
	all := render.SourceDisclosure(w.rep)
	d := all
	d.DepartmentReport, d.ProjectReports, d.SelfAssessments = nil, nil, nil
	for _, s := range plan {
		switch s.kind {
		case PartAll:
			d = all
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
	b := make([]byte, 0, len(js)+128)
	b = append(b, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+"<"+render.WorkbookSourceElement+` xmlns="urn:jixiao:source">`...)
	b = appendSourceText(b, js)
	b = append(b, "</"+render.WorkbookSourceElement+">"...)
	w.f.Pkg.Store(render.WorkbookSourcePart, b)
	return nil
}

// appendSourceText appends the JSON as the element's text. Quotes need
// no escape in text (xml.EscapeText wrote each as five bytes, a third of
// the part), and encoding/json has already escaped <, >, & and every
// control character. What XML still forbids are the noncharacters U+FFFE
// and U+FFFF, which JSON allows raw in a string: they are written as
// JSON escapes, which decode to the same characters, where
// xml.EscapeText put U+FFFD in their place.
func appendSourceText(b, js []byte) []byte {
	from := 0
	for i := 0; i < len(js); i++ {
		var esc string
		switch c := js[i]; {
		case c == '<':
			esc = "&lt;"
		case c == '>':
			esc = "&gt;"
		case c == '&':
			esc = "&amp;"
		case c == 0xEF && i+2 < len(js) && js[i+1] == 0xBF && js[i+2] == 0xBE:
			esc = `\ufffe`
		case c == 0xEF && i+2 < len(js) && js[i+1] == 0xBF && js[i+2] == 0xBF:
			esc = `\uffff`
		default:
			continue
		}
		b = append(append(b, js[from:i]...), esc...)
		if esc[0] == '\\' {
			i += 2
		}
		from = i + 1
	}
	return append(b, js[from:]...)
}
