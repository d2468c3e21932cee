package importer

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/xuri/excelize/v2"
)

// grid is one sheet as text: what every cell shows (number formats
// applied), a merged range's text copied to every cell it covers, and
// where each merged range starts, so that a value is traced to the cell
// that holds it.
type grid struct {
	f     *excelize.File
	sheet string
	cells [][]string
	// merges maps every cell of a merged range to the range: its first
	// cell and its size.
	merges map[[2]int]span
	// uncached are the cells holding a formula without a cached value;
	// nil when unknown (every empty figure cell is then asked).
	uncached map[string]bool
}

type span struct{ r, c, rows, cols int }

func (g *grid) text(r, c int) string {
	if r < 0 || r >= len(g.cells) || c < 0 || c >= len(g.cells[r]) {
		return ""
	}
	return g.cells[r][c]
}

// origin is the cell that holds (r, c)'s value: itself, or its merged
// range's first cell.
func (g *grid) origin(r, c int) (int, int) {
	if m, ok := g.merges[[2]int{r, c}]; ok {
		return m.r, m.c
	}
	return r, c
}

// ref is the A1 reference of the cell holding (r, c)'s value.
func (g *grid) ref(r, c int) string {
	r, c = g.origin(r, c)
	return cellRef(g.sheet, r, c)
}

// end is the last column of the merged range at (r, c), or c.
func (g *grid) end(r, c int) int {
	if m, ok := g.merges[[2]int{r, c}]; ok {
		return m.c + m.cols - 1
	}
	return c
}

// figure is the text of a figure cell; a formula without a cached value
// (a workbook written by a program that does not calculate) is
// calculated.
func (g *grid) figure(r, c int) string {
	if s := g.text(r, c); s != "" || g.f == nil {
		return s
	}
	r, c = g.origin(r, c)
	name := colName(c) + itoa(r+1)
	if g.uncached != nil && !g.uncached[name] {
		return ""
	}
	if fm, err := g.f.GetCellFormula(g.sheet, name); err != nil || fm == "" {
		return ""
	}
	v, err := g.f.CalcCellValue(g.sheet, name)
	if err != nil {
		return ""
	}
	return v
}

// workbook is an opened workbook: its sheets as grids, and the source
// input Jixiao embeds in the workbooks it writes, if any.
type workbook struct {
	grids  []*grid
	source []byte
}

// SourcePart is the part in which Jixiao's workbook writer keeps the
// input it was written from (render/xlsx); see source.go.
const SourcePart = "customXml/jixiaoSource.xml"

// readWorkbook checks and opens an .xlsx, reading every sheet within the
// limits.
func readWorkbook(name string, data []byte, l Limits) (*workbook, error) {
	zr, err := checkZip(name, data, l)
	if err != nil {
		return nil, err
	}
	wb := &workbook{}
	if wb.source, err = readSource(zr); err != nil {
		return nil, fail(ErrBadFile, name, SourcePart, "内嵌的 Jixiao 原始数据已损坏："+err.Error(), "the embedded Jixiao input is damaged: "+err.Error())
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: l.MaxUnpacked, UnzipXMLSizeLimit: l.MaxUnpacked,
	})
	if err != nil {
		return nil, fail(ErrBadFile, name, "", "无法读取工作簿："+err.Error(), "cannot read the workbook: "+err.Error())
	}
	paths := sheetPaths(zr)
	cells := 0
	for _, sheet := range f.GetSheetList() {
		g, err := readSheet(f, sheet, paths[sheet], l, &cells)
		if err != nil {
			if e, ok := err.(*Error); ok {
				e.File = name
				return nil, e
			}
			return nil, fail(ErrBadFile, name, sheetRef(sheet), "无法读取工作表："+err.Error(), "cannot read the sheet: "+err.Error())
		}
		wb.grids = append(wb.grids, g)
	}
	return wb, nil
}

// readSheet reads one sheet's cells and merged ranges, refusing a sheet
// past the row or cell limit as soon as it is reached.
func readSheet(f *excelize.File, sheet string, part *zip.File, l Limits, cells *int) (*grid, error) {
	g := &grid{f: f, sheet: sheet, merges: map[[2]int]span{}}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		if len(g.cells) >= l.MaxRows {
			rows.Close()
			return nil, fail(ErrTooLarge, "", sheetRef(sheet),
				fmt.Sprintf("工作表超过 %d 行上限", l.MaxRows), fmt.Sprintf("the sheet has more than the limit of %d rows", l.MaxRows))
		}
		cols, err := rows.Columns()
		if err != nil {
			rows.Close()
			return nil, err
		}
		if *cells += len(cols); *cells > l.MaxCells {
			rows.Close()
			return nil, fail(ErrTooLarge, "", sheetRef(sheet),
				fmt.Sprintf("工作簿超过 %d 个单元格上限", l.MaxCells), fmt.Sprintf("the workbook has more than the limit of %d cells", l.MaxCells))
		}
		g.cells = append(g.cells, cols)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	var refs []string
	if part != nil {
		// The merged ranges are read from the sheet's XML directly:
		// excelize's GetMergeCells decodes the whole sheet a second time.
		if refs, g.uncached, err = scanSheet(part); err != nil {
			return nil, err
		}
	} else {
		mcs, err := f.GetMergeCells(sheet)
		if err != nil {
			return nil, err
		}
		for _, mc := range mcs {
			refs = append(refs, mc[0])
		}
	}
	for _, ref := range refs {
		from, to, _ := strings.Cut(ref, ":")
		if to == "" {
			to = from
		}
		c1, r1, err1 := excelize.CellNameToCoordinates(from)
		c2, r2, err2 := excelize.CellNameToCoordinates(to)
		if err1 != nil || err2 != nil || r2 < r1 || c2 < c1 {
			continue
		}
		if (r2-r1+1)*(c2-c1+1) > l.MaxCells {
			return nil, fail(ErrTooLarge, "", sheetRef(sheet)+"!"+ref,
				"合并单元格范围过大", "a merged range is too large")
		}
		m := span{r: r1 - 1, c: c1 - 1, rows: r2 - r1 + 1, cols: c2 - c1 + 1}
		v := g.text(m.r, m.c)
		for r := m.r; r < m.r+m.rows; r++ {
			for c := m.c; c < m.c+m.cols; c++ {
				g.merges[[2]int{r, c}] = m
				if v != "" && (r != m.r || c != m.c) {
					g.set(r, c, v)
				}
			}
		}
	}
	return g, nil
}

// set writes v at (r, c), growing the grid.
func (g *grid) set(r, c int, v string) {
	for len(g.cells) <= r {
		g.cells = append(g.cells, nil)
	}
	row := g.cells[r]
	for len(row) <= c {
		row = append(row, "")
	}
	row[c] = v
	g.cells[r] = row
}

// readSource returns the input Jixiao embedded in the workbook, if any.
func readSource(zr *zip.Reader) ([]byte, error) {
	for _, f := range zr.File {
		if f.Name != SourcePart {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		var doc struct {
			Text string `xml:",chardata"`
		}
		if err := xml.NewDecoder(io.LimitReader(rc, int64(f.UncompressedSize64)+1)).Decode(&doc); err != nil {
			return nil, err
		}
		return []byte(doc.Text), nil
	}
	return nil, nil
}

// sheetPaths maps each sheet's name to its part, from the workbook and
// its relationships.
func sheetPaths(zr *zip.Reader) map[string]*zip.File {
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		parts[f.Name] = f
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if decodePart(parts["xl/workbook.xml"], &wb) != nil || decodePart(parts["xl/_rels/workbook.xml.rels"], &rels) != nil {
		return nil
	}
	target := map[string]string{}
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		target[r.ID] = t
	}
	out := map[string]*zip.File{}
	for _, s := range wb.Sheets {
		if f, ok := parts[target[s.ID]]; ok {
			out[s.Name] = f
		}
	}
	return out
}

func decodePart(f *zip.File, v any) error {
	if f == nil {
		return fmt.Errorf("missing part")
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(rc).Decode(v)
}

// scanSheet lists a sheet's merged ranges (<mergeCell ref="A1:B2"/>) and
// the cells holding a formula without a cached value (<c r="B3"><f>…</f></c>),
// scanning the part's bytes once: decoding the sheet a second time with
// excelize would cost as much as reading it.
func scanSheet(f *zip.File) (refs []string, uncached map[string]bool, err error) {
	rc, err := f.Open()
	if err != nil {
		return nil, nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return nil, nil, err
	}
	uncached = map[string]bool{}
	cells := data
	if i := bytes.Index(data, []byte("<mergeCells")); i >= 0 {
		cells = data[:i]
		refs = attrs(data[i:], "<mergeCell ", "ref")
	}
	for len(cells) > 0 {
		i := bytes.Index(cells, []byte("<f"))
		if i < 0 {
			break
		}
		// The cell element around this formula.
		start := bytes.LastIndex(cells[:i], []byte("<c "))
		end := bytes.Index(cells[i:], []byte("</c>"))
		if start < 0 || end < 0 {
			break
		}
		elem := cells[start : i+end]
		if !bytes.Contains(elem, []byte("<v>")) && !bytes.Contains(elem, []byte("<v ")) {
			if r := attrs(elem, "<c ", "r"); len(r) == 1 {
				uncached[r[0]] = true
			}
		}
		cells = cells[i+end:]
	}
	return refs, uncached, nil
}

// attrs lists the value of attribute name of every element that starts
// with open in data.
func attrs(data []byte, open, name string) []string {
	var out []string
	key := []byte(" " + name + `="`)
	for {
		j := bytes.Index(data, []byte(open))
		if j < 0 {
			return out
		}
		data = data[j+len(open)-1:]
		gt := bytes.IndexByte(data, '>')
		if gt < 0 {
			return out
		}
		if k := bytes.Index(data[:gt], key); k >= 0 {
			v := data[k+len(key) : gt]
			if e := bytes.IndexByte(v, '"'); e >= 0 {
				out = append(out, string(v[:e]))
			}
		}
		data = data[gt:]
	}
}
