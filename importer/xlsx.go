package importer

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/xuri/excelize/v2"
)

// grid is one sheet as text: what every cell shows (number formats
// applied), a merged range's text copied to every cell it covers, and
// where each merged range starts, so that a value is traced to the cell
// that holds it.
type grid struct {
	file  *lazyFile
	sheet string
	cells [][]string
	// merges maps every cell of a merged range to the range: its first
	// cell and its size.
	merges map[[2]int]span
	// norms are the cells' texts normalised (norm), each made once.
	norms [][]normCell
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

// normed is the normalised text of (r, c), made on first use: labels are
// looked for many times, in the few cells that can hold them.
func (g *grid) normed(r, c int) string {
	if r < 0 || r >= len(g.cells) || c < 0 || c >= len(g.cells[r]) {
		return ""
	}
	if g.norms == nil {
		g.norms = make([][]normCell, len(g.cells))
	}
	if g.norms[r] == nil {
		g.norms[r] = make([]normCell, len(g.cells[r]))
	}
	n := &g.norms[r][c]
	if !n.done {
		n.text, n.done = norm(g.cells[r][c]), true
	}
	return n.text
}

// is reports whether (r, c)'s normalised text is label. Most cells differ
// from a label in their first character, which is checked before the
// cell's text is normalised.
func (g *grid) is(r, c int, label string) bool {
	v := g.cells[r][c]
	if v == "" || label == "" {
		return false
	}
	first, _ := utf8.DecodeRuneInString(label)
	return firstNormed(v) == first && g.normed(r, c) == label
}

type normCell struct {
	text string
	done bool
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
	if s := g.text(r, c); s != "" || g.file == nil {
		return s
	}
	r, c = g.origin(r, c)
	name := colName(c) + itoa(r+1)
	if g.uncached != nil && !g.uncached[name] {
		return ""
	}
	f, err := g.file.open()
	if err != nil {
		return ""
	}
	if fm, err := f.GetCellFormula(g.sheet, name); err != nil || fm == "" {
		return ""
	}
	v, err := f.CalcCellValue(g.sheet, name)
	if err != nil {
		return ""
	}
	// excelize calculates in float64: 50.00000000000001 is 50, as a
	// spreadsheet, which shows 15 significant digits, prints it.
	return floatResidue.ReplaceAllStringFunc(v, func(n string) string {
		d, err := decimal.NewFromString(n)
		if err != nil {
			return n
		}
		return general(d, n)
	})
}

// floatResidue matches a number with more decimals than a figure has.
var floatResidue = regexp.MustCompile(`[0-9]+\.[0-9]{12,}`)

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
	lazy := &lazyFile{data: data, limits: l}
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		parts[f.Name] = f
	}
	bk, err := readBook(parts)
	if err != nil {
		return nil, fail(ErrBadFile, name, "", "无法读取工作簿："+err.Error(), "cannot read the workbook: "+err.Error())
	}
	cells := 0
	for _, s := range sheetList(parts) {
		g := &grid{file: lazy, sheet: s.name, merges: map[[2]int]span{}}
		var refs []string
		err := errPrefixed
		if s.part != nil {
			g.cells, refs, g.uncached, err = bk.sheetCells(s.part, s.name, l, &cells)
		}
		if err == errPrefixed {
			g, err = readSheet(lazy, s.name, l, &cells)
		} else if err == nil {
			err = g.merge(refs, l)
		}
		if err != nil {
			if e, ok := err.(*Error); ok {
				e.File = name
				return nil, e
			}
			return nil, fail(ErrBadFile, name, sheetRef(s.name), "无法读取工作表："+err.Error(), "cannot read the sheet: "+err.Error())
		}
		wb.grids = append(wb.grids, g)
	}
	return wb, nil
}

// lazyFile is the workbook opened by excelize, only when needed: for a
// sheet the fast reader does not handle, or to calculate a formula that
// has no cached value.
type lazyFile struct {
	data   []byte
	limits Limits
	f      *excelize.File
	err    error
}

func (lf *lazyFile) open() (*excelize.File, error) {
	if lf.f == nil && lf.err == nil {
		lf.f, lf.err = excelize.OpenReader(bytes.NewReader(lf.data), excelize.Options{
			UnzipSizeLimit: lf.limits.MaxUnpacked, UnzipXMLSizeLimit: lf.limits.MaxUnpacked,
		})
	}
	return lf.f, lf.err
}

// readSheet reads one sheet with excelize, refusing a sheet past the row
// or cell limit as soon as it is reached.
func readSheet(lf *lazyFile, sheet string, l Limits, cells *int) (*grid, error) {
	f, err := lf.open()
	if err != nil {
		return nil, err
	}
	g := &grid{file: lf, sheet: sheet, merges: map[[2]int]span{}}
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
	mcs, err := f.GetMergeCells(sheet)
	if err != nil {
		return nil, err
	}
	var refs []string
	for _, mc := range mcs {
		refs = append(refs, mc[0])
	}
	return g, g.merge(refs, l)
}

// merge records the merged ranges refs ("A1:B2"), copying each range's
// text to every cell it covers.
func (g *grid) merge(refs []string, l Limits) error {
	for _, ref := range refs {
		from, to, _ := strings.Cut(ref, ":")
		if to == "" {
			to = from
		}
		c1, r1, ok1 := cellIndex([]byte(from))
		c2, r2, ok2 := cellIndex([]byte(to))
		if !ok1 || !ok2 || r2 < r1 || c2 < c1 {
			continue
		}
		if (r2-r1+1)*(c2-c1+1) > l.MaxCells {
			return fail(ErrTooLarge, "", sheetRef(g.sheet)+"!"+ref, "合并单元格范围过大", "a merged range is too large")
		}
		m := span{r: r1, c: c1, rows: r2 - r1 + 1, cols: c2 - c1 + 1}
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
	return nil
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

// readSource returns the input Jixiao embedded in the workbook, if any:
// the text of the part's one element, unescaped (the part is Jixiao's
// own, so a general XML decoder, ten times slower, is not needed).
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
		data, err := io.ReadAll(rc)
		if err != nil {
			return nil, err
		}
		open := bytes.Index(data, []byte("<jixiaoSource"))
		if open < 0 {
			return nil, fmt.Errorf("no jixiaoSource element")
		}
		data = data[open:]
		gt := bytes.IndexByte(data, '>')
		end := bytes.LastIndex(data, []byte("</jixiaoSource>"))
		if gt < 0 || end < gt {
			return nil, fmt.Errorf("jixiaoSource element not closed")
		}
		return []byte(unescape(data[gt+1 : end])), nil
	}
	return nil, nil
}

// sheetEntry is a sheet of a workbook: its name and its part.
type sheetEntry struct {
	name string
	part *zip.File
}

// sheetList lists the sheets, in the workbook's order, from the workbook
// and its relationships.
func sheetList(parts map[string]*zip.File) []sheetEntry {
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
	if decodePart(parts["xl/workbook.xml"], &wb) != nil {
		return nil
	}
	_ = decodePart(parts["xl/_rels/workbook.xml.rels"], &rels) // without it, every sheet goes to excelize
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
	var out []sheetEntry
	for _, s := range wb.Sheets {
		out = append(out, sheetEntry{name: s.Name, part: parts[target[s.ID]]})
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
