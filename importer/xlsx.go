package importer

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/render"
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
	// spans are the merged ranges; mergeAt holds, for every cell a range
	// covers, 1 + the range's index in spans (0: not merged). Dense like
	// cells, whose growth it shares: a lookup costs the same however
	// many ranges a row has.
	spans   []span
	mergeAt [][]int32
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
	if or, oc := g.origin(r, c); or != r || oc != c {
		return g.normed(or, oc) // a covered cell shares its range's text
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
	if m, ok := g.mergeOf(r, c); ok {
		return m.r, m.c
	}
	return r, c
}

// mergeOf is the merged range covering (r, c).
func (g *grid) mergeOf(r, c int) (span, bool) {
	if r < 0 || r >= len(g.mergeAt) || c < 0 || c >= len(g.mergeAt[r]) || g.mergeAt[r][c] == 0 {
		return span{}, false
	}
	return g.spans[g.mergeAt[r][c]-1], true
}

// ref is the A1 reference of the cell holding (r, c)'s value.
func (g *grid) ref(r, c int) string {
	r, c = g.origin(r, c)
	return cellRef(g.sheet, r, c)
}

// end is the last column of the merged range at (r, c), or c.
func (g *grid) end(r, c int) int {
	if m, ok := g.mergeOf(r, c); ok {
		return m.c + m.cols - 1
	}
	return c
}

// figure is the text of a figure cell, and whether the cell holds a
// formula without a cached value (a workbook written by a program that
// does not calculate). Formulas are never calculated on import: one
// formula can stand for any amount of work (SUM(A1:XFD1048576)), and a
// figure the importer computed would be audited against itself. Such a
// cell reads as empty and is reported at its place (table.number).
func (g *grid) figure(r, c int) (string, bool) {
	if s := g.text(r, c); s != "" || g.file == nil {
		return s, false
	}
	r, c = g.origin(r, c)
	name := colName(c) + itoa(r+1)
	if g.uncached != nil {
		return "", g.uncached[name]
	}
	f, err := g.file.open()
	if err != nil {
		return "", false
	}
	fm, err := f.GetCellFormula(g.sheet, name)
	return "", err == nil && fm != ""
}

// workbook is an opened workbook: its sheets as grids, and the source
// input Jixiao embeds in the workbooks it writes, if any.
type workbook struct {
	grids  []*grid
	source []byte
}

// readWorkbook checks and opens an .xlsx, reading every sheet within the
// limits.
func readWorkbook(name string, data []byte, m *meter) (*workbook, error) {
	wb, err := readSheets(name, data, m)
	if e, ok := err.(*Error); ok && e.File == "" {
		e.File = name
	}
	return wb, err
}

func readSheets(name string, data []byte, m *meter) (*workbook, error) {
	zr, err := checkZip(name, data, m.l)
	if err != nil {
		return nil, err
	}
	wb := &workbook{}
	if wb.source, err = readSource(zr, m); err != nil {
		if _, ok := err.(*Error); ok || m.err() != nil {
			return nil, err
		}
		return nil, fail(ErrBadFile, name, render.WorkbookSourcePart, "内嵌的 Jixiao 原始数据已损坏："+err.Error(), "the embedded Jixiao input is damaged: "+err.Error())
	}
	lazy := &lazyFile{data: data, limits: m.l}
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		parts[f.Name] = f
	}
	bk, err := readBook(parts, m)
	if err != nil {
		if _, ok := err.(*Error); ok || m.err() != nil {
			return nil, err
		}
		return nil, fail(ErrBadFile, name, "", "无法读取工作簿："+err.Error(), "cannot read the workbook: "+err.Error())
	}
	for _, s := range sheetList(parts) {
		g := &grid{file: lazy, sheet: s.name}
		var refs []string
		err := errPrefixed
		if s.part != nil {
			g.cells, refs, g.uncached, err = bk.sheetCells(s.part, s.name, m)
		}
		if err == errPrefixed {
			g, err = readSheet(lazy, s.name, m)
		} else if err == nil {
			err = g.merge(refs, m)
		}
		if err != nil {
			if _, ok := err.(*Error); ok || m.err() != nil {
				return nil, err
			}
			return nil, fail(ErrBadFile, name, sheetRef(s.name), "无法读取工作表："+err.Error(), "cannot read the sheet: "+err.Error())
		}
		wb.grids = append(wb.grids, g)
	}
	return wb, nil
}

// lazyFile is the workbook opened by excelize, only when needed: for a
// sheet the fast reader does not handle, or to ask whether an empty cell
// holds a formula.
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
func readSheet(lf *lazyFile, sheet string, m *meter) (*grid, error) {
	f, err := lf.open()
	if err != nil {
		return nil, err
	}
	g := &grid{file: lf, sheet: sheet}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		if len(g.cells) >= m.l.MaxRows {
			return nil, tooManyRows(sheet, m.l)
		}
		cols, err := rows.Columns()
		if err != nil {
			return nil, err
		}
		if err := m.addCells(len(cols), sheetRef(sheet)); err != nil {
			return nil, err
		}
		for _, v := range cols {
			if err := m.addText(len(v), sheetRef(sheet)); err != nil {
				return nil, err
			}
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
	return g, g.merge(refs, m)
}

func tooManyRows(sheet string, l Limits) error {
	return fail(ErrTooLarge, "", sheetRef(sheet),
		fmt.Sprintf("工作表超过 %d 行上限", l.MaxRows), fmt.Sprintf("the sheet has more than the limit of %d rows", l.MaxRows))
}

// merge records the merged ranges refs ("A1:B2"), copying each range's
// text to every cell it covers. A range counts as the cells it covers:
// one range of a million cells is a million cells of work.
func (g *grid) merge(refs []string, m *meter) error {
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
		place := sheetRef(g.sheet) + "!" + ref
		if r2 >= m.l.MaxRows {
			return fail(ErrTooLarge, "", place,
				fmt.Sprintf("合并单元格超出工作表 %d 行上限", m.l.MaxRows), fmt.Sprintf("a merged range reaches past the limit of %d rows", m.l.MaxRows))
		}
		sp := span{r: r1, c: c1, rows: r2 - r1 + 1, cols: c2 - c1 + 1}
		if err := m.addCells(sp.rows*sp.cols-1, place); err != nil {
			return err
		}
		g.spans = append(g.spans, sp)
		idx := int32(len(g.spans))
		v := g.text(sp.r, sp.c)
		for len(g.mergeAt) <= r2 {
			g.mergeAt = append(g.mergeAt, nil)
		}
		for r := r1; r <= r2; r++ {
			var err error
			if g.mergeAt[r], err = grow(g.mergeAt[r], c2+1, m, place); err != nil {
				return err
			}
			for c := c1; c <= c2; c++ {
				g.mergeAt[r][c] = idx
			}
			if v == "" {
				continue
			}
			for len(g.cells) <= r {
				g.cells = append(g.cells, nil)
			}
			if g.cells[r], err = grow(g.cells[r], c2+1, m, place); err != nil {
				return err
			}
			for c := c1; c <= c2; c++ {
				if r != r1 || c != c1 {
					g.cells[r][c] = v
				}
			}
		}
	}
	return nil
}

// grow makes row at least n cells long, counting the cells it adds: a
// grid is dense, so a cell far to the right costs the cells before it.
func grow[T any](row []T, n int, m *meter, place string) ([]T, error) {
	if len(row) >= n {
		return row, nil
	}
	if err := m.addCells(n-len(row), place); err != nil {
		return row, err
	}
	old := len(row)
	row = slices.Grow(row, n-old)[:n]
	clear(row[old:])
	return row, nil
}

// readSource returns the input Jixiao embedded in the workbook, if any:
// the text of the part's one element, unescaped (the part is Jixiao's
// own, so a general XML decoder, ten times slower, is not needed).
func readSource(zr *zip.Reader, m *meter) ([]byte, error) {
	for _, f := range zr.File {
		if f.Name != render.WorkbookSourcePart {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		// The copy is an input like any JSON body, bounded as one.
		data, err := io.ReadAll(io.LimitReader(rc, evaluation.MaxInputSize+1))
		if err != nil {
			return nil, err
		}
		if len(data) > evaluation.MaxInputSize {
			return nil, fail(ErrTooLarge, "", render.WorkbookSourcePart, fmt.Sprintf("内嵌的原始数据超过 %d MiB", evaluation.MaxInputSize>>20),
				fmt.Sprintf("the embedded input exceeds %d MiB", evaluation.MaxInputSize>>20))
		}
		open := bytes.Index(data, []byte("<"+render.WorkbookSourceElement))
		if open < 0 {
			return nil, fmt.Errorf("no %s element", render.WorkbookSourceElement)
		}
		data = data[open:]
		gt := bytes.IndexByte(data, '>')
		end := bytes.LastIndex(data, []byte("</"+render.WorkbookSourceElement+">"))
		if gt < 0 || end < gt {
			return nil, fmt.Errorf("%s element not closed", render.WorkbookSourceElement)
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
