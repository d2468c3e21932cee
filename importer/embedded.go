package importer

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/render"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/validate"
)

// importEmbedded reads back the disclosure a PDF or OFD written by
// Jixiao carries (render.SourceName; an associated file of the PDF, an
// attachment of the OFD): the data the document prints, not a reading
// of its text. A file without it is an error.
func importEmbedded(name string, data []byte, k Kind, l Limits) (*Result, error) {
	what, read := "PDF", pdfSource
	if k == OFD {
		what, read = "OFD", ofdSource
	}
	src, err := read(data, l)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			if e.File == "" {
				e.File = name
			}
			return nil, e
		}
		return nil, fail(ErrBadFile, name, "", "无法读取 "+what+" 文件："+err.Error(), "cannot read the "+what+": "+err.Error())
	}
	if src == nil {
		return nil, fail(ErrNoTable, name, "",
			"此 "+what+" 未嵌入绩效评价数据（"+render.SourceName+"），只能导入由 Jixiao 生成的 "+what,
			"the "+what+" carries no embedded evaluation data ("+render.SourceName+"); only a "+what+" made by Jixiao can be imported")
	}
	d := &evaluation.Disclosure{}
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	if err := dec.Decode(d); err != nil {
		return nil, fail(ErrBadFile, name, render.SourceName, "嵌入的数据无法读取："+err.Error(), "the embedded data cannot be read: "+err.Error())
	}
	return &Result{Disclosure: d, Provenance: Provenance{},
		Notes: []string{fmt.Sprintf("读取嵌入的 %s (read the embedded %s)", render.SourceName, render.SourceName)}}, nil
}

// pdfSource returns the embedded source data of a PDF, nil when it has
// none.
func pdfSource(data []byte, l Limits) ([]byte, error) {
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	conf.Cmd = model.EXTRACTATTACHMENTS
	ctx, err := readAndValidate(data, conf)
	if err != nil {
		return nil, err
	}
	if err := ctx.LocateNameTree("EmbeddedFiles", false); err != nil {
		return nil, err
	}
	if ctx.Names["EmbeddedFiles"] == nil {
		return nil, nil // no embedded file at all
	}
	aa, err := ctx.ExtractAttachments([]string{render.SourceName})
	if err != nil {
		return nil, err
	}
	for _, a := range aa {
		if a.FileName != render.SourceName || a.Reader == nil {
			continue
		}
		b, err := io.ReadAll(io.LimitReader(a.Reader, l.MaxFileSize+1))
		if err != nil {
			return nil, err
		}
		if int64(len(b)) > l.MaxFileSize {
			return nil, fmt.Errorf("the embedded data exceed %d MiB", l.MaxFileSize>>20)
		}
		return b, nil
	}
	return nil, nil
}

// readAndValidate reads and validates a PDF as pdfcpu's
// api.ReadAndValidate does, without linking the api package: that links
// pdfcpu's form filling and with it go-runewidth, whose width table is
// built at every process start (21 ms of every jixiao command, validate
// included). A panic of the reader on a damaged file becomes an error,
// as in the api package (and in render/pdf/pades).
func readAndValidate(data []byte, conf *model.Configuration) (ctx *model.Context, err error) {
	defer func() {
		if r := recover(); r != nil {
			ctx, err = nil, fmt.Errorf("unreadable PDF: %v", r)
		}
	}()
	if ctx, err = pdfcpu.Read(bytes.NewReader(data), conf); err != nil {
		return nil, fmt.Errorf("read context: %w", err)
	}
	if err := validate.XRefTable(ctx); err != nil {
		return nil, fmt.Errorf("validation error (obj#:%d): %w", ctx.CurObj, err)
	}
	return ctx, nil
}

// ofdSource returns the source data attached to an OFD, nil when it has
// none: OFD.xml names the document, whose Attachments list names the
// file.
func ofdSource(data []byte, l Limits) ([]byte, error) {
	zr, err := checkZip("", data, l)
	if err != nil {
		return nil, err
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[strings.TrimPrefix(f.Name, "/")] = f
	}
	read := func(name string) ([]byte, error) {
		f := files[strings.TrimPrefix(path.Clean("/"+name), "/")]
		if f == nil {
			return nil, fmt.Errorf("the package has no %s", name)
		}
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		return io.ReadAll(rc)
	}
	var root struct {
		DocRoot string `xml:"DocBody>DocRoot"`
	}
	if err := readXML(read, "OFD.xml", &root); err != nil {
		return nil, err
	}
	var doc struct {
		Attachments string `xml:"Attachments"`
	}
	if err := readXML(read, root.DocRoot, &doc); err != nil {
		return nil, err
	}
	if doc.Attachments == "" {
		return nil, nil
	}
	dir := path.Dir(root.DocRoot)
	var list struct {
		Attachment []struct {
			Name    string `xml:"Name,attr"`
			FileLoc string `xml:"FileLoc"`
		} `xml:"Attachment"`
	}
	if err := readXML(read, path.Join(dir, doc.Attachments), &list); err != nil {
		return nil, err
	}
	for _, a := range list.Attachment {
		if a.Name == render.SourceName {
			if strings.HasPrefix(a.FileLoc, "/") {
				return read(a.FileLoc)
			}
			return read(path.Join(dir, path.Dir(doc.Attachments), a.FileLoc))
		}
	}
	return nil, nil
}

// readXML decodes the package file name into v.
func readXML(read func(string) ([]byte, error), name string, v any) error {
	b, err := read(name)
	if err != nil {
		return err
	}
	if err := xml.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}
