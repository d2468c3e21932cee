package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"strings"
)

// Limits bound what one import may cost. A file is checked against them
// before it is parsed, so a ZIP bomb or a sheet of a million rows is
// refused in time proportional to its directory, not to what it unpacks
// to. The zero value of a field means its default.
type Limits struct {
	// MaxFileSize is the largest file accepted, in bytes (default 32 MiB,
	// as for JSON inputs).
	MaxFileSize int64
	// MaxUnpacked is the largest total size of the archive's parts once
	// unpacked (default 256 MiB).
	MaxUnpacked int64
	// MaxRatio is the largest ratio of a part's unpacked to packed size
	// (default 200; text XML packs about 10 to 30 times).
	MaxRatio int64
	// MaxRows is the most rows a sheet may have (default 20,000; the
	// reference disclosure's longest sheet has under 100).
	MaxRows int
	// MaxCells is the most cells of all sheets together (default
	// 2,000,000). A merged range, a Word cell spanning columns and a
	// shared string count as the cells they cover or the entries they
	// are, so that the work of a file is bounded by this number, not by
	// the bytes that describe it.
	MaxCells int
	// MaxText is the most bytes of text read from a file (default 8 MiB):
	// the shared strings, the cells' and paragraphs' text, and the text
	// of the imported disclosure. JSON inputs are bounded to 2,000,000
	// characters (evaluation.DefaultLimits); no larger import could be
	// validated or rendered.
	MaxText int64
}

// DefaultLimits are the limits of a zero Limits.
var DefaultLimits = Limits{
	MaxFileSize: 32 << 20,
	MaxUnpacked: 256 << 20,
	MaxRatio:    200,
	MaxRows:     20000,
	MaxCells:    2000000,
	MaxText:     8 << 20,
}

// withDefaults fills the zero fields of l from DefaultLimits.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.MaxFileSize <= 0 {
		l.MaxFileSize = d.MaxFileSize
	}
	if l.MaxUnpacked <= 0 {
		l.MaxUnpacked = d.MaxUnpacked
	}
	if l.MaxRatio <= 0 {
		l.MaxRatio = d.MaxRatio
	}
	if l.MaxRows <= 0 {
		l.MaxRows = d.MaxRows
	}
	if l.MaxCells <= 0 {
		l.MaxCells = d.MaxCells
	}
	if l.MaxText <= 0 {
		l.MaxText = d.MaxText
	}
	return l
}

// meter counts the work of one import against its limits and watches its
// context: every reader loop (cells, merged ranges, rows, shared strings,
// XML tokens, runs) calls it, so that a file is refused as soon as the
// work it stands for passes a limit, and a canceled import stops within a
// few hundred steps.
type meter struct {
	ctx   context.Context
	l     Limits
	cells int
	text  int64
	steps int
}

func newMeter(ctx context.Context, l Limits) *meter {
	return &meter{ctx: ctx, l: l}
}

// step is one turn of a reader loop: it fails once the context is done.
func (m *meter) step() error {
	m.steps++
	if m.steps&255 != 0 {
		return nil
	}
	return m.err()
}

// err is the context's cause once it is done.
func (m *meter) err() error {
	if m.ctx.Err() == nil {
		return nil
	}
	return fmt.Errorf("importer: %w", context.Cause(m.ctx))
}

// addCells counts n cells (a cell, a merged range's or a span's covered
// cells) found at place.
func (m *meter) addCells(n int, place string) error {
	if m.cells += n; m.cells > m.l.MaxCells || n < 0 {
		return fail(ErrTooLarge, "", place,
			fmt.Sprintf("文件超过 %d 个单元格上限（合并、跨列的单元格按其覆盖的单元格计）", m.l.MaxCells),
			fmt.Sprintf("the file has more than the limit of %d cells (a merged or spanning cell counts as the cells it covers)", m.l.MaxCells))
	}
	return m.step()
}

// addText counts n bytes of text found at place.
func (m *meter) addText(n int, place string) error {
	if m.text += int64(n); m.text > m.l.MaxText {
		return m.overText(place)
	}
	return nil
}

func (m *meter) overText(place string) error {
	return fail(ErrTooLarge, "", place,
		fmt.Sprintf("文件中的文本超过 %s 上限", sizeText(m.l.MaxText)),
		fmt.Sprintf("the file holds more than the limit of %s of text", sizeText(m.l.MaxText)))
}

// sizeText is n bytes as a limit is written: in MiB when whole.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// checkZip opens data as a ZIP archive and checks every part's declared
// sizes against the limits. The declared sizes are what archive/zip
// enforces when the parts are read (it fails a part that unpacks to more
// than its header says), so checking them here bounds the real work.
func checkZip(name string, data []byte, l Limits) (*zip.Reader, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fail(ErrBadFile, name, "", "文件已损坏，不是完整的 ZIP 压缩包："+err.Error(),
			"the file is damaged, not a complete ZIP archive: "+err.Error())
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		packed := max(f.CompressedSize64, 1)
		if f.UncompressedSize64 > 1<<20 && f.UncompressedSize64/packed > uint64(l.MaxRatio) {
			return nil, fail(ErrTooLarge, name, f.Name,
				fmt.Sprintf("压缩比 %d:1 超过上限 %d:1，拒绝解压（疑似压缩炸弹）", f.UncompressedSize64/packed, l.MaxRatio),
				fmt.Sprintf("compression ratio %d:1 exceeds the limit of %d:1; refused (a ZIP bomb?)", f.UncompressedSize64/packed, l.MaxRatio))
		}
		if total > uint64(l.MaxUnpacked) {
			return nil, fail(ErrTooLarge, name, "",
				fmt.Sprintf("解压后超过 %d MiB 上限", l.MaxUnpacked>>20),
				fmt.Sprintf("unpacks to more than the limit of %d MiB", l.MaxUnpacked>>20))
		}
	}
	return zr, nil
}

// Kind is what a file is, judged by its bytes, not its name.
type Kind int

// Kinds of file.
const (
	Unknown Kind = iota
	JSON
	XLSX
	DOCX
	OLE           // a Compound File: legacy .xls or .doc
	Encrypted     // an OOXML file encrypted with a password (also a Compound File)
	HTML          // a web page, as budget systems export "Excel" files
	SpreadsheetML // Excel 2003 XML
	OtherZip      // a ZIP that is neither workbook nor document
	PDF
	OFD // GB/T 33190-2016: a ZIP with OFD.xml
)

// Sniff says what data is. A ZIP is a workbook when it has
// xl/workbook.xml and a document when it has word/document.xml.
func Sniff(data []byte) Kind {
	head := data[:min(len(data), 512)]
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return OtherZip
		}
		for _, f := range zr.File {
			switch f.Name {
			case "xl/workbook.xml", "xl/workbook.bin":
				return XLSX
			case "word/document.xml":
				return DOCX
			case "OFD.xml":
				return OFD
			}
		}
		return OtherZip
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return PDF
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		// An encrypted OOXML file is a Compound File whose streams
		// include EncryptionInfo and EncryptedPackage (names in UTF-16).
		if bytes.Contains(data, utf16le("EncryptedPackage")) {
			return Encrypted
		}
		return OLE
	}
	t := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(string(head), "\ufeff")))
	switch {
	case strings.HasPrefix(t, "{") || strings.HasPrefix(t, "["):
		return JSON
	case strings.Contains(t, "urn:schemas-microsoft-com:office:spreadsheet"):
		return SpreadsheetML
	case strings.HasPrefix(t, "<!doctype html") || strings.HasPrefix(t, "<html") || strings.Contains(t, "<table"):
		return HTML
	case strings.HasPrefix(t, "<?xml") && strings.Contains(string(data[:min(len(data), 4096)]), "urn:schemas-microsoft-com:office:spreadsheet"):
		return SpreadsheetML
	}
	return Unknown
}

func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

// unsupported is the error for a file of kind k that cannot be imported.
func unsupported(name string, k Kind) error {
	const save = "请在 Excel 或 WPS 中打开，选择“另存为”→“Excel 工作簿 (*.xlsx)”后再导入"
	const saveEN = "open it in Excel or WPS and use Save As → Excel Workbook (*.xlsx), then import that file"
	switch k {
	case OLE:
		return fail(ErrUnsupported, name, "", "这是旧版 Excel 97-2003 (.xls) 或 Word 97-2003 (.doc) 文件，不能直接导入；"+save,
			"this is a legacy Excel 97-2003 (.xls) or Word 97-2003 (.doc) file, which cannot be imported; "+saveEN+" (or .docx for a document)")
	case Encrypted:
		return fail(ErrUnsupported, name, "", "文件设置了打开密码（已加密），不能导入；请打开文件，取消密码后另存为 .xlsx 或 .docx",
			"the file is protected with a password (encrypted) and cannot be imported; open it, remove the password and save it again as .xlsx or .docx")
	case HTML:
		return fail(ErrUnsupported, name, "", "这是网页 (HTML) 文件，只是扩展名为 .xls；"+save,
			"this is a web page (HTML) with an .xls name, not a workbook; "+saveEN)
	case SpreadsheetML:
		return fail(ErrUnsupported, name, "", "这是 Excel 2003 XML 表格 (SpreadsheetML)，不是 .xlsx 工作簿；"+save,
			"this is an Excel 2003 XML spreadsheet (SpreadsheetML), not an .xlsx workbook; "+saveEN)
	case OtherZip:
		return fail(ErrUnsupported, name, "", "这是 ZIP 压缩包，但既不是 .xlsx 工作簿，也不是 .docx 文档",
			"this is a ZIP archive but neither an .xlsx workbook nor a .docx document")
	}
	return fail(ErrUnsupported, name, "", "无法识别的文件：不是 .xlsx 工作簿、.docx 文档或 JSON",
		"unrecognised file: not an .xlsx workbook, a .docx document or JSON")
}
