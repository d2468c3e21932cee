package abuse

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"regexp"
	"strings"
)

// The hostile workbooks and documents below are a few kilobytes that
// stand for millions of cells or hundreds of megabytes of text. They are
// made here byte by byte, as an attacker would, not by a spreadsheet
// program.

// part is one file of an OOXML package.
type part struct {
	name string
	data []byte
}

// pack zips the parts, deflated.
func pack(parts ...part) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			panic(err)
		}
		if _, err := w.Write(p.data); err != nil {
			panic(err)
		}
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return b.Bytes()
}

const sheetNS = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

// Workbook is a package of one sheet part, sheet (the whole XML), and,
// when not nil, a shared string table and styles: the parts a fuzzer
// varies, in a package a reader opens.
func Workbook(sheet, sst, styles []byte) []byte {
	return workbookOf([][]byte{sheet}, sst, styles)
}

// workbook is a package of the given sheet bodies (each the XML inside
// <worksheet>) and, when sst is not nil, a shared string table.
func workbook(bodies []string, sst []byte) []byte {
	sheets := make([][]byte, len(bodies))
	for i, body := range bodies {
		sheets[i] = []byte(`<?xml version="1.0" encoding="UTF-8"?><worksheet ` + sheetNS + `>` + body + `</worksheet>`)
	}
	return workbookOf(sheets, sst, nil)
}

func workbookOf(sheets [][]byte, sst, styles []byte) []byte {
	var wb, rels, types strings.Builder
	wb.WriteString(`<?xml version="1.0" encoding="UTF-8"?><workbook ` + sheetNS + `><sheets>`)
	rels.WriteString(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	types.WriteString(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`)
	parts := []part{}
	for i, sheet := range sheets {
		n := i + 1
		fmt.Fprintf(&wb, `<sheet name="Sheet%d" sheetId="%d" r:id="rId%d"/>`, n, n, n)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, n, n)
		fmt.Fprintf(&types, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, n)
		parts = append(parts, part{fmt.Sprintf("xl/worksheets/sheet%d.xml", n), sheet})
	}
	if sst != nil {
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`, len(sheets)+1)
		types.WriteString(`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`)
		parts = append(parts, part{"xl/sharedStrings.xml", sst})
	}
	if styles != nil {
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`, len(sheets)+2)
		types.WriteString(`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`)
		parts = append(parts, part{"xl/styles.xml", styles})
	}
	wb.WriteString(`</sheets></workbook>`)
	rels.WriteString(`</Relationships>`)
	types.WriteString(`</Types>`)
	return pack(append([]part{
		{"[Content_Types].xml", []byte(types.String())},
		{"_rels/.rels", []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)},
		{"xl/workbook.xml", []byte(wb.String())},
		{"xl/_rels/workbook.xml.rels", []byte(rels.String())},
	}, parts...)...)
}

// MergedRanges is a workbook of sheets sheets, each with the text
// 项目名称 in A1 and merges merged ranges of A1:{lastCell} (A1:CV20000
// covers 2,000,000 cells): a file of kilobytes that asks for millions
// of cells.
func MergedRanges(sheets, merges int, lastCell string) []byte {
	var body strings.Builder
	body.WriteString(`<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>项目名称</t></is></c></row></sheetData>`)
	fmt.Fprintf(&body, `<mergeCells count="%d">`, merges)
	for range merges {
		fmt.Fprintf(&body, `<mergeCell ref="A1:%s"/>`, lastCell)
	}
	body.WriteString(`</mergeCells>`)
	all := make([]string, sheets)
	for i := range all {
		all[i] = body.String()
	}
	return workbook(all, nil)
}

// FarCells is a sheet of rows rows, each with one cell in its last
// column (XFD): few cells that a dense grid holds as rows × 16,384.
func FarCells(rows int) []byte {
	var body strings.Builder
	body.WriteString(`<sheetData>`)
	for r := 1; r <= rows; r++ {
		fmt.Fprintf(&body, `<row r="%d"><c r="XFD%d"><v>1</v></c></row>`, r, r)
	}
	body.WriteString(`</sheetData>`)
	return workbook([]string{body.String()}, nil)
}

// SharedStrings is a workbook whose shared string table holds items
// strings of size bytes each (one cell uses the first), deflated at
// about 170:1, under the 200:1 ratio that refuses a ZIP bomb: text the
// archive's directory does not betray.
func SharedStrings(items, size int) []byte {
	var sst bytes.Buffer
	sst.WriteString(`<?xml version="1.0" encoding="UTF-8"?><sst ` + sheetNS + fmt.Sprintf(` count="%d" uniqueCount="%d">`, items, items))
	text := compressible(size)
	for range items {
		sst.WriteString("<si><t>")
		sst.Write(text)
		sst.WriteString("</t></si>")
	}
	sst.WriteString(`</sst>`)
	return workbook([]string{`<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>`}, sst.Bytes())
}

// compressible is n bytes of ASCII that deflate packs about 170:1: a
// random block of 4 KiB repeated, so that every match reaches back the
// same distance with its ten extra bits.
func compressible(n int) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	block := make([]byte, 4096)
	for i := range block {
		block[i] = 'a' + byte(rng.IntN(26))
	}
	out := make([]byte, n)
	for i := 0; i < n; i += len(block) {
		copy(out[i:], block)
	}
	return out
}

const wordNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`

// document is a .docx whose body is the given WordprocessingML.
func document(body []byte) []byte {
	var doc bytes.Buffer
	doc.WriteString(`<?xml version="1.0" encoding="UTF-8"?><w:document ` + wordNS + `><w:body>`)
	doc.Write(body)
	doc.WriteString(`</w:body></w:document>`)
	return Document(doc.Bytes())
}

// Document is a .docx whose word/document.xml is doc (the whole XML).
func Document(doc []byte) []byte {
	return pack(
		part{"[Content_Types].xml", []byte(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`)},
		part{"_rels/.rels", []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`)},
		part{"word/document.xml", doc},
	)
}

// GridSpans is a document with one table of cells cells, each spanning
// span grid columns (999 is the most the importer ever accepted), as
// rows of 100 cells.
func GridSpans(cells, span int) []byte {
	var b bytes.Buffer
	b.WriteString(`<w:p><w:r><w:t>示例市财政局2024年度部门整体绩效评价报告</w:t></w:r></w:p><w:tbl>`)
	// Each cell a different figure, so that the part packs about 30:1,
	// under the ratio that refuses a ZIP bomb.
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < cells; i += 100 {
		b.WriteString(`<w:tr>`)
		for range min(100, cells-i) {
			fmt.Fprintf(&b, `<w:tc><w:tcPr><w:gridSpan w:val="%d"/></w:tcPr><w:p><w:r><w:t>%d</w:t></w:r></w:p></w:tc>`, span, rng.IntN(1e9))
		}
		b.WriteString(`</w:tr>`)
	}
	b.WriteString(`</w:tbl>`)
	return document(b.Bytes())
}

// LongParagraph is a document of one paragraph of n bytes of text in one
// run, deflated about 170:1.
func LongParagraph(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<w:p><w:r><w:t>`)
	b.Write(compressible(n))
	b.WriteString(`</w:t></w:r></w:p>`)
	return document(b.Bytes())
}

// UncachedFormula returns the workbook book with every formula replaced
// by formula and its cached value removed, and without its custom XML
// parts, where Jixiao's writer embeds a copy of its input: the figures
// must come from the cells, and a reader that calculated them would
// evaluate formula.
// SUM(A1:XFD1048575) is one formula over 17 billion cells.
func UncachedFormula(book []byte, formula string) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		return nil, err
	}
	cell := regexp.MustCompile(`<f>[^<]*</f>(<v>[^<]*</v>)?|<f[^>]*/>(<v>[^<]*</v>)?`)
	var parts []part
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "customXml/") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		if strings.HasPrefix(f.Name, "xl/worksheets/") {
			data = cell.ReplaceAll(data, []byte("<f>"+formula+"</f>"))
		}
		parts = append(parts, part{f.Name, data})
	}
	return pack(parts...), nil
}
