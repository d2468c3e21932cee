package evaluation

import (
	"encoding/json"
	"strconv"
	"strings"
)

// The pointers under which the parts of a disclosure keep their own data.
const (
	departmentPointer = "/departmentReport"
	projectsPointer   = "/projectReports"
	tablesPointer     = "/selfAssessments"
)

// Part is a document of a disclosure that can be rendered on its own:
// the department report, a project report or a self-assessment table.
type Part struct {
	// Name is how the render option part names it: "department",
	// "project:N" or "table:N", counted from 1.
	Name string `json:"part"`
	// Pointer is where the part's own data is in the input.
	Pointer string `json:"pointer"`
}

// InvalidPart is a part that cannot be rendered, with the problems that
// keep it out: those of its own data and those of the disclosure-wide
// values every part prints.
type InvalidPart struct {
	Part
	Problems Problems `json:"errors"`
}

// Parts lists the parts of d in document order.
func (d *Disclosure) Parts() []Part {
	var out []Part
	if d.DepartmentReport != nil {
		out = append(out, Part{Name: "department", Pointer: departmentPointer})
	}
	for i := range d.ProjectReports {
		out = append(out, Part{Name: "project:" + strconv.Itoa(i+1), Pointer: child(projectsPointer, i)})
	}
	for i := range d.SelfAssessments {
		out = append(out, Part{Name: "table:" + strconv.Itoa(i+1), Pointer: child(tablesPointer, i)})
	}
	return out
}

// PartPointer returns the pointer of the part of a kind ("department",
// "project" or "table") and 0-based index; "" for any other kind (the
// whole disclosure).
func PartPointer(kind string, index int) string {
	switch kind {
	case "department":
		return departmentPointer
	case "project":
		return child(projectsPointer, index)
	case "table":
		return child(tablesPointer, index)
	}
	return ""
}

// PartOf returns the pointer of the part whose own data holds the value
// at path, or "" for a disclosure-wide value: one outside the department
// report, the project reports and the tables (year, department, profile,
// unit, title …), or the list of reports or tables as a whole.
func PartOf(path string) string {
	if path == departmentPointer || strings.HasPrefix(path, departmentPointer+"/") {
		return departmentPointer
	}
	for _, list := range []string{projectsPointer, tablesPointer} {
		rest, ok := strings.CutPrefix(path, list+"/")
		if !ok {
			continue
		}
		index, _, _ := strings.Cut(rest, "/")
		if _, err := strconv.Atoi(index); err == nil {
			return list + "/" + index
		}
	}
	return ""
}

// PartProblems returns the problems that keep the part at ptr from being
// rendered: those under ptr and those of the disclosure-wide values. For
// ptr "", the whole disclosure, it is every problem; so it is for a part
// left uncomputed for the problems of others (a report whose figures were
// dropped, as the importer does for unreadable cells).
func (r *Report) PartProblems(ptr string) Problems {
	if ptr == "" {
		return r.Problems
	}
	var ps Problems
	for _, p := range r.Problems {
		if q := PartOf(p.Path); q == "" || q == ptr {
			ps = append(ps, p)
		}
	}
	if len(ps) == 0 && !r.Result.Has(ptr) {
		return r.Problems
	}
	return ps
}

// PartValid reports whether the part at ptr ("" for the whole disclosure)
// can be rendered: it has no problems and its figures were computed.
func (r *Report) PartValid(ptr string) bool {
	return r.Result.Has(ptr) && len(r.PartProblems(ptr)) == 0
}

// InvalidParts lists, in document order, the parts that cannot be
// rendered, with their problems.
func (r *Report) InvalidParts() []InvalidPart {
	parts := r.parts
	if r.Disclosure != nil {
		parts = r.Disclosure.Parts()
	}
	var out []InvalidPart
	for _, part := range parts {
		if !r.PartValid(part.Pointer) {
			out = append(out, InvalidPart{Part: part, Problems: r.PartProblems(part.Pointer)})
		}
	}
	return out
}

// Has reports whether r holds the figures of the part at ptr, or for ptr
// "" of every part: Evaluate computes only the parts whose own data is
// valid.
func (r *Result) Has(ptr string) bool {
	if r == nil {
		return false
	}
	if ptr == "" {
		return len(r.omitted) == 0
	}
	return !r.omitted[ptr]
}

// validParts returns the pointers of the parts of d that ps leave valid,
// as the set of those omitted; ok is false when none is valid.
func validParts(d *Disclosure, ps Problems) (omitted map[string]bool, ok bool) {
	omitted = map[string]bool{}
	for _, p := range ps {
		ptr := PartOf(p.Path)
		if ptr == "" {
			return nil, false // every part prints the disclosure-wide values
		}
		omitted[ptr] = true
	}
	for _, part := range d.Parts() {
		if !omitted[part.Pointer] {
			return omitted, true
		}
	}
	return nil, false
}

// MarshalJSON writes the figures of the parts computed. A part left out
// for its own problems is null in its list (and departmentReport absent),
// so that the figures of the others keep their indices and no zero reads
// as a figure.
func (r *Result) MarshalJSON() ([]byte, error) {
	type plain Result // the same fields, without this method
	if len(r.omitted) == 0 {
		return json.Marshal((*plain)(r))
	}
	var out struct {
		Department *DepartmentResult `json:"departmentReport,omitempty"`
		Projects   []*ProjectResult  `json:"projectReports,omitempty"`
		Tables     []*TableResult    `json:"selfAssessments,omitempty"`
	}
	if r.Has(departmentPointer) {
		out.Department = r.Department
	}
	for i := range r.Projects {
		var p *ProjectResult
		if r.Has(child(projectsPointer, i)) {
			p = &r.Projects[i]
		}
		out.Projects = append(out.Projects, p)
	}
	for i := range r.Tables {
		var t *TableResult
		if r.Has(child(tablesPointer, i)) {
			t = &r.Tables[i]
		}
		out.Tables = append(out.Tables, t)
	}
	return json.Marshal(out)
}
