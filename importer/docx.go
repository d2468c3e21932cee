package importer

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/profile"
)

// A .docx evaluation report (部门整体绩效评价报告 or 项目支出绩效评价报告)
// is read from word/document.xml with encoding/xml: its paragraphs in
// order, each with its style, and its tables with their merged cells.
// Headings are recognised by their numbering (一、 （一） 1. （1）) or,
// without one, by a heading style; the numbers are stripped, since Jixiao
// numbers headings from the structure. A table whose head has 分值 and
// 得分 is the scored indicator tree; every other table is kept as a free
// table of its section.

// para is a paragraph of the document: its text and style, and its place.
type para struct {
	text, style string
	place       string
}

// docTable is a table: rows of cells with their spans, as in HTML (cells
// covered by a vertical merge left out), and its place.
type docTable struct {
	rows  [][]evaluation.Cell
	place string
}

// docBlock is one paragraph or table, in document order.
type docBlock struct {
	p *para
	t *docTable
}

// readDocument lists the body's paragraphs and tables.
func readDocument(name string, data []byte, m *meter) ([]docBlock, error) {
	blocks, err := readBody(name, data, m)
	if e, ok := err.(*Error); ok && e.File == "" {
		e.File = name
	}
	return blocks, err
}

// readBody reads word/document.xml token by token. Every token is a step
// of the meter, every cell counts as the grid columns it spans, and text
// counts towards the text budget as it is read.
func readBody(name string, data []byte, m *meter) ([]docBlock, error) {
	const part = "word/document.xml"
	l := m.l
	zr, err := checkZip(name, data, l)
	if err != nil {
		return nil, err
	}
	var doc *zip.File
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			doc = f
		}
	}
	if doc == nil {
		return nil, fail(ErrBadFile, name, "", "不是 Word 文档：缺少 word/document.xml", "not a Word document: word/document.xml is missing")
	}
	rc, err := doc.Open()
	if err != nil {
		return nil, fail(ErrBadFile, name, "", "无法读取文档："+err.Error(), "cannot read the document: "+err.Error())
	}
	defer rc.Close()
	tb := &tokenBound{r: io.LimitReader(rc, l.MaxUnpacked), m: m, place: part, most: mostRunText}
	dec := xml.NewDecoder(tb)
	var out []docBlock
	var p *para
	var text strings.Builder
	// Tables nest; each open table has its rows, and the open row and
	// cell of each.
	type tcell struct {
		text    strings.Builder
		span    int
		vmerge  string // "restart", "continue" or ""
		covered bool
	}
	type table struct {
		rows [][]*tcell
	}
	var tables []*table
	var cell *tcell
	var cells []*tcell // the open cells, outermost first (tables nest)
	paras, tabs := 0, 0
	inT := false // in a <w:t>, whose text is the run's
	for {
		tok, err := dec.Token()
		tb.read = 0
		if err == io.EOF {
			break
		}
		if err != nil {
			if e := m.err(); e != nil {
				return nil, e
			}
			var ie *Error
			if errors.As(err, &ie) {
				return nil, ie
			}
			return nil, fail(ErrBadFile, name, part, "文档 XML 无效："+err.Error(), "the document's XML is invalid: "+err.Error())
		}
		if err := m.step(); err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "p":
				p = &para{}
				text.Reset()
			case "pStyle":
				if p != nil {
					p.style = attrVal(t, "val")
				}
			case "tab", "br":
				if err := m.addText(1, part); err != nil {
					return nil, err
				}
				text.WriteByte(map[string]byte{"tab": '\t', "br": '\n'}[t.Name.Local])
			case "t":
				inT = true
			case "tbl":
				tables = append(tables, &table{})
			case "tr":
				if n := len(tables); n > 0 {
					tables[n-1].rows = append(tables[n-1].rows, nil)
				}
			case "tc":
				if err := m.addCells(1, part); err != nil {
					return nil, err
				}
				cell = &tcell{span: 1}
				cells = append(cells, cell)
				if n := len(tables); n > 0 && len(tables[n-1].rows) > 0 {
					r := &tables[n-1].rows[len(tables[n-1].rows)-1]
					*r = append(*r, cell)
				}
			case "gridSpan":
				if cell != nil {
					if n, err := strconv.Atoi(attrVal(t, "val")); err == nil && n > 1 && n < 1000 {
						// The span's cells are work: the grid of a
						// table, and the indicator tree's, hold them.
						if err := m.addCells(n-1, part); err != nil {
							return nil, err
						}
						cell.span = n
					}
				}
			case "vMerge":
				if cell != nil {
					cell.vmerge = attrVal(t, "val")
					if cell.vmerge == "" {
						cell.vmerge = "continue"
					}
				}
			}
		case xml.CharData:
			if inT {
				if err := m.addText(len(t), part); err != nil {
					return nil, err
				}
				text.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inT = false
			case "p":
				if p == nil {
					continue
				}
				paras++
				if cell != nil && len(tables) > 0 {
					if cell.text.Len() > 0 {
						cell.text.WriteByte('\n')
					}
					cell.text.WriteString(text.String())
				} else {
					p.text = text.String()
					p.place = "¶" + strconv.Itoa(paras)
					out = append(out, docBlock{p: p})
				}
				p = nil
			case "tc":
				cells = cells[:max(len(cells)-1, 0)]
				cell = nil
				if len(cells) > 0 {
					cell = cells[len(cells)-1]
				}
			case "tbl":
				n := len(tables)
				if n == 0 {
					continue
				}
				tb := tables[n-1]
				tables = tables[:n-1]
				if n > 1 {
					// A table inside a cell: its text joins the cell's, a
					// row a line, cells apart by a tab.
					if cell != nil {
						for _, row := range tb.rows {
							var parts []string
							for _, tc := range row {
								parts = append(parts, strings.TrimSpace(tc.text.String()))
							}
							line := strings.Join(parts, "\t")
							if err := m.addText(len(line)+1, part); err != nil {
								return nil, err // nested tables copy their text outwards
							}
							if cell.text.Len() > 0 {
								cell.text.WriteByte('\n')
							}
							cell.text.WriteString(line)
						}
					}
					continue
				}
				tabs++
				dt := &docTable{place: "表" + strconv.Itoa(tabs)}
				// Vertical merges: a restart cell spans the continue
				// cells below it in the same grid column.
				cols := make([][]*tcell, len(tb.rows)) // by grid column
				for r, row := range tb.rows {
					c := 0
					for _, tc := range row {
						for len(cols[r]) < c+tc.span {
							cols[r] = append(cols[r], nil)
						}
						cols[r][c] = tc
						c += tc.span
					}
				}
				for r, row := range tb.rows {
					var out []evaluation.Cell
					c := 0
					for _, tc := range row {
						col := c
						c += tc.span
						if tc.vmerge == "continue" {
							continue
						}
						cellOut := evaluation.Cell{Text: strings.TrimSpace(tc.text.String())}
						if tc.span > 1 {
							cellOut.ColSpan = tc.span
						}
						if tc.vmerge == "restart" {
							n := 1
							for rr := r + 1; rr < len(cols) && col < len(cols[rr]) && cols[rr][col] != nil && cols[rr][col].vmerge == "continue"; rr++ {
								n++
							}
							if n > 1 {
								cellOut.RowSpan = n
							}
						}
						out = append(out, cellOut)
					}
					dt.rows = append(dt.rows, out)
				}
				out = append(out, docBlock{t: dt})
			}
		}
	}
	return out, nil
}

func attrVal(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// Heading numbers by depth: 一、 （一） 1. （1）.
var headingNumbers = sync.OnceValue(func() []*regexp.Regexp {
	return []*regexp.Regexp{
		regexp.MustCompile(`^[一二三四五六七八九十]+[、.．]\s*`),
		regexp.MustCompile(`^[（(][一二三四五六七八九十]+[）)]\s*`),
		regexp.MustCompile(`^[0-9]+[.．、]\s*`),
		regexp.MustCompile(`^[（(][0-9]+[）)]\s*`),
	}
})

var headingStyle = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^(heading|标题)\s*([1-9])$|^([1-9])$`) })

// headingLevel is the depth of a heading paragraph (0 for the first
// level) and its text without the number; -1 for body text. A numbered
// line that reads as a sentence (ends with 。, or is long) is body text:
// reports number the points of a paragraph too.
func headingLevel(p *para) (int, string) {
	t := strings.TrimSpace(p.text)
	long := len([]rune(t)) > 40 || strings.HasSuffix(t, "。") || strings.HasSuffix(t, "；")
	for i, re := range headingNumbers() {
		if loc := re.FindStringIndex(t); loc != nil && !long {
			rest := t[loc[1]:]
			if i == 2 && rest != "" && rest[0] >= '0' && rest[0] <= '9' {
				continue // a figure, 1.5万元, not a number 1.
			}
			return i, strings.TrimSpace(rest)
		}
	}
	if m := headingStyle().FindStringSubmatch(p.style); m != nil && !long && t != "" {
		n, _ := strconv.Atoi(m[2] + m[3])
		return n - 1, t
	}
	return -1, t
}

var reportTitle = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(.*?)([12][0-9]{3})\s*年度?(.*?)(部门整体绩效评价报告|项目支出绩效评价报告|绩效评价报告)$`)
})

// importDocument reads an evaluation report from a .docx.
func importDocument(name string, data []byte, set *profile.Set, opts Options, m *meter) (*Result, error) {
	blocks, err := readDocument(name, data, m)
	if err != nil {
		return nil, err
	}
	res := &Result{Disclosure: &evaluation.Disclosure{}, Provenance: Provenance{}}
	d := res.Disclosure
	if opts.Profile != "" {
		d.Profile = opts.Profile
	}
	// The title: the first paragraphs before the first heading.
	var title, titlePlace string
	i := 0
	for ; i < len(blocks); i++ {
		b := blocks[i]
		if b.t != nil {
			break
		}
		if lvl, _ := headingLevel(b.p); lvl >= 0 && title != "" {
			break
		}
		if t := strings.TrimSpace(b.p.text); t != "" {
			if title != "" && !strings.HasSuffix(title, "报告") {
				title += t
			} else if title == "" {
				title, titlePlace = t, b.p.place
			} else {
				break
			}
		}
	}
	// Spaces go (the title is often spaced out), brackets stay as written.
	tm := reportTitle().FindStringSubmatch(strings.Join(strings.Fields(title), ""))
	department := true
	project := ""
	if tm != nil {
		d.Year, _ = strconv.Atoi(tm[2])
		department = tm[4] == "部门整体绩效评价报告"
		if department {
			d.Department = tm[1] + tm[3]
		} else {
			project = strings.TrimSpace(tm[3])
			d.Department = tm[1]
		}
		res.Provenance["/year"] = titlePlace
		res.Provenance["/department"] = titlePlace
	} else {
		res.Notes = append(res.Notes, fmt.Sprintf("标题“%s”不是“某某2021年度……绩效评价报告”，年度和部门需手工填写 (the title does not name the year and department; fill them in)", title))
	}
	var base string
	if department {
		d.DepartmentReport = &evaluation.DepartmentReport{Title: title}
		base = "/departmentReport"
	} else {
		d.ProjectReports = []evaluation.ProjectReport{{Project: project, Title: title}}
		base = "/projectReports/0"
		res.Provenance[base+"/project"] = titlePlace
	}
	res.Provenance[base] = titlePlace
	// Sections by heading depth; the body goes to the deepest open one.
	var top []evaluation.Section
	var indicators []evaluation.Indicator
	var declaredTotal evaluation.Number
	var stack []openSection
	sectionAt := func() *evaluation.Section {
		if len(stack) == 0 {
			return nil
		}
		s := &top[indexOf(stack[0].path)]
		for _, o := range stack[1:] {
			s = &s.Sections[indexOf(o.path)]
		}
		return s
	}
	// bodySection is the section body text goes to: the innermost open
	// one, or a 正文 section for text before the first heading.
	bodySection := func() *evaluation.Section {
		if len(stack) == 0 {
			top = append(top, evaluation.Section{Heading: "正文"})
			stack = []openSection{{0, strconv.Itoa(len(top) - 1)}}
		}
		return sectionAt()
	}
	for ; i < len(blocks); i++ {
		b := blocks[i]
		if b.t != nil {
			if inds, total, ok := indicatorTree(b.t); ok && indicators == nil {
				indicators, declaredTotal = inds, total
				res.Provenance[base+"/indicators"] = b.t.place
				continue
			}
			s := bodySection()
			s.Blocks = append(s.Blocks, evaluation.Block{Table: &evaluation.Table{Rows: b.t.rows}})
			res.Provenance[sectionPath(base, stack)+fmt.Sprintf("/blocks/%d", len(s.Blocks)-1)] = b.t.place
			continue
		}
		lvl, text := headingLevel(b.p)
		if text == "" {
			continue
		}
		if lvl >= 0 {
			for len(stack) > 0 && stack[len(stack)-1].level >= lvl {
				stack = stack[:len(stack)-1]
			}
			sec := evaluation.Section{Heading: text}
			if len(stack) == 0 {
				top = append(top, sec)
				stack = append(stack, openSection{lvl, strconv.Itoa(len(top) - 1)})
			} else {
				parent := sectionAt()
				parent.Sections = append(parent.Sections, sec)
				stack = append(stack, openSection{lvl, strconv.Itoa(len(parent.Sections) - 1)})
			}
			res.Provenance[sectionPath(base, stack)+"/heading"] = b.p.place
			continue
		}
		s := bodySection()
		s.Blocks = append(s.Blocks, evaluation.Block{Paragraph: text})
		res.Provenance[sectionPath(base, stack)+fmt.Sprintf("/blocks/%d", len(s.Blocks)-1)] = b.p.place
	}
	if indicators == nil {
		res.Notes = append(res.Notes, "文档中没有含“分值”“得分”的指标表，指标体系需手工填写 (no indicator table with 分值 and 得分 in the document; add the indicator tree by hand)")
	}
	if department {
		r := d.DepartmentReport
		r.Sections, r.Indicators, r.DeclaredTotal = top, indicators, declaredTotal
		p, err := set.Get(d.Profile)
		if err != nil {
			return nil, err
		}
		readBudget(res, r, p)
	} else {
		r := &d.ProjectReports[0]
		r.Sections, r.Indicators, r.DeclaredTotal = top, indicators, declaredTotal
	}
	return res, nil
}

// readBudget fills a department report's budget from the figures its
// prose states ("全年预算数 7,235.39 万元"), found by the profile's
// narrative patterns, the ones the audit checks the prose with. A figure
// stated twice takes its first statement; a later one that differs is
// left to the audit, which reports it (narrative_figure). Each figure's
// place is its paragraph's.
func readBudget(res *Result, r *evaluation.DepartmentReport, p *profile.Profile) {
	read := 0
	for _, st := range evaluation.StatedBudget(r, p) {
		n, path := r.Budget.Figure(st.Name, true)
		if n.Valid {
			continue
		}
		v, err := parseNumber(st.Written)
		if err != nil {
			continue
		}
		*n = v
		read++
		res.Provenance["/departmentReport/budget"+path] = res.Provenance[st.Path]
	}
	var missing []string
	for _, name := range []string{"全年预算数", "全年支出数"} {
		if n, _ := r.Budget.Figure(name, false); !n.Valid {
			missing = append(missing, name)
		}
	}
	if read > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("从正文读取部门预算数字 %d 项 (read %d of the department's budget figures from the text)", read, read))
	}
	if len(missing) > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("正文未写明%s，须在 JSON 中填写 (the text does not state %s; fill it in the JSON)",
			strings.Join(missing, "、"), strings.Join(missing, ", ")))
	}
}

func indexOf(s string) int { n, _ := strconv.Atoi(s); return n }

// openSection is a section being filled: its heading depth and its index
// among its siblings.
type openSection struct {
	level int
	path  string
}

// sectionPath is the JSON Pointer of the innermost open section.
func sectionPath(base string, stack []openSection) string {
	p := base
	for _, o := range stack {
		p += "/sections/" + o.path
	}
	return p
}

// indicatorTree reads a report's indicator table: the head row names the
// level columns (一级指标, 二级指标 …, or 指标), then 分值 and 得分; each
// row's filled level cells, merged cells carried down, are its path in
// the tree. A 合计 or 总分 row gives the declared total.
func indicatorTree(t *docTable) ([]evaluation.Indicator, evaluation.Number, bool) {
	if len(t.rows) < 2 {
		return nil, evaluation.Number{}, false
	}
	// Expand the spans into a grid.
	var grid [][]string
	busy := map[[2]int]string{}
	for r, row := range t.rows {
		var out []string
		c := 0
		for _, cell := range row {
			for {
				if v, ok := busy[[2]int{r, c}]; ok {
					out = append(out, v)
					c++
					continue
				}
				break
			}
			rs, cs := max(cell.RowSpan, 1), max(cell.ColSpan, 1)
			for dr := range rs {
				for dc := range cs {
					if dr > 0 {
						busy[[2]int{r + dr, c + dc}] = cell.Text
					}
				}
			}
			for range cs {
				out = append(out, cell.Text)
				c++
			}
		}
		for {
			v, ok := busy[[2]int{r, c}]
			if !ok {
				break
			}
			out = append(out, v)
			c++
		}
		grid = append(grid, out)
	}
	head := grid[0]
	wc, sc := -1, -1
	for c, h := range head {
		switch norm(h) {
		case "分值", "权重", "权重(分值)":
			if wc < 0 {
				wc = c
			}
		case "得分", "评价得分":
			if sc < 0 {
				sc = c
			}
		}
	}
	if wc <= 0 || sc < 0 {
		return nil, evaluation.Number{}, false
	}
	var roots []evaluation.Indicator
	var total evaluation.Number
	for _, row := range grid[1:] {
		var path []string
		for c := 0; c < wc && c < len(row); c++ {
			v := strings.TrimSpace(row[c])
			if v != "" && (len(path) == 0 || path[len(path)-1] != v) {
				path = append(path, v)
			}
		}
		if len(path) == 0 {
			continue
		}
		if n := norm(path[0]); n == "合计" || n == "总分" || n == "总计" {
			if sc < len(row) {
				total, _ = parseNumber(row[sc])
			}
			continue
		}
		var w, s evaluation.Number
		if wc < len(row) {
			w, _ = parseNumber(row[wc])
		}
		if sc < len(row) {
			s, _ = parseNumber(row[sc])
		}
		roots = insert(roots, path, w, s)
	}
	return roots, total, len(roots) > 0
}

// insert adds the leaf at path with its weight and score; the inner
// nodes are made on the way.
func insert(nodes []evaluation.Indicator, path []string, w, s evaluation.Number) []evaluation.Indicator {
	k := len(nodes) - 1
	if k < 0 || nodes[k].Name != path[0] {
		nodes = append(nodes, evaluation.Indicator{Name: path[0]})
		k++
	}
	if len(path) == 1 {
		nodes[k].Weight, nodes[k].Score = w, s
		return nodes
	}
	nodes[k].Children = insert(nodes[k].Children, path[1:], w, s)
	return nodes
}
