package export

import (
	"context"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/jixiao/jixiao/render/ofd"
	"github.com/jixiao/jixiao/render/pdf"
	"github.com/jixiao/jixiao/render/xlsx"
)

// The formats, the default first. A new format is a package that writes
// a plan's document or pages, and one line here. (The backends do not
// register themselves: they know nothing of plans, and the list stays in
// one place, in the order it is offered.)
var (
	PDF = register(Format{Name: pdf.Name, Label: "PDF", MediaType: pdf.MediaType, Pages: true,
		Description:   "PDF/A-3a and PDF/UA-1: tagged, with embedded fonts and the data embedded",
		DescriptionZH: "PDF/A-3a 与 PDF/UA-1：可长期存档、读屏软件可读（带标签），嵌入字体和评价数据", write: writePDF})
	OFD = register(Format{Name: ofd.Name, Label: "OFD", MediaType: ofd.MediaType, Pages: true,
		Description:   "OFD-A (GB/T 42133-2022): the same pages as the PDF, fonts and the data embedded",
		DescriptionZH: "OFD-A（GB/T 42133-2022 存档格式）：与 PDF 同样的页面，嵌入字体和评价数据", write: writeOFD})
	XLSX = register(Format{Name: xlsx.Name, Label: "Excel", MediaType: xlsx.MediaType,
		Description:   "Excel workbook with live formulas",
		DescriptionZH: "Excel 工作簿：得分、执行率等以公式计算，可核对", write: writeXLSX})
)

// writePDF writes the plan's pages as PDF, of the kind its options ask
// for.
func writePDF(ctx context.Context, w io.Writer, p *Plan) (int, error) {
	plain := p.Options.PDF == PDFPlain
	source := func() error { return nil }
	if !plain {
		source = p.sourceLater()
	}
	res, err := p.Pages(ctx)
	if serr := source(); err == nil {
		err = serr
	}
	if err != nil {
		return 0, err
	}
	return len(res.Pages), pdf.Write(ctx, w, p.Document, res, pdf.Options{Created: sourceDate(), Plain: plain})
}

// writeOFD writes the plan's pages as OFD; a signed render has the
// writer take the files' digests for the seal (Signing).
func writeOFD(ctx context.Context, w io.Writer, p *Plan) (int, error) {
	source := p.sourceLater()
	res, err := p.Pages(ctx)
	if serr := source(); err == nil {
		err = serr
	}
	if err != nil {
		return 0, err
	}
	return len(res.Pages), ofd.Write(ctx, w, p.Document, res, ofd.Options{Created: sourceDate(), Digests: p.ofdDigests})
}

func writeXLSX(ctx context.Context, w io.Writer, p *Plan) (int, error) {
	part := p.Options.Part
	st, err := xlsx.Write(ctx, w, p.Report, p.Document, xlsx.Options{Part: part.Kind, Index: part.Index, Fonts: p.fonts})
	return st.Sheets, err
}

// sourceDate is the date SOURCE_DATE_EPOCH gives (seconds since 1970,
// the reproducible-builds convention), zero when it is not set. A PDF
// or OFD is dated only by it: undated, it stays the same bytes for the
// same input.
func sourceDate() time.Time {
	if v, ok := os.LookupEnv("SOURCE_DATE_EPOCH"); ok {
		if sec, err := strconv.ParseInt(v, 10, 64); err == nil {
			return time.Unix(sec, 0).UTC()
		}
	}
	return time.Time{}
}
