package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"
	"github.com/jixiao/jixiao/batch"
	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/importer"
	"github.com/jixiao/jixiao/render/ofd"
	"github.com/jixiao/jixiao/render/pdf"
)

// Media types of the files the importer reads.
const (
	mediaXLSX      = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	mediaDOCX      = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	mediaMultipart = "multipart/form-data"
	pathImport     = "/api/v1/import"
)

// importTypes are the bodies validate, render and import accept besides
// JSON: a workbook, a document, or several of them as form parts.
var importTypes = []string{mediaXLSX, mediaDOCX, mediaMultipart}

// importFileTypes are the bodies import accepts: those above, and a PDF
// or OFD made by Jixiao, whose embedded data it gives back.
var importFileTypes = append(slices.Clip(importTypes), pdf.MediaType, ofd.MediaType)

// probImport is a file the importer refuses: not a workbook, encrypted,
// too large unpacked, no table on any sheet.
var probImport = problemType{"import-failed", http.StatusUnprocessableEntity, "文件无法导入"}

// importInput imports a workbook, document or multipart body that
// readBody read, in the request's slot and under its deadline: the work a
// file stands for is the work of a render, admitted like one, and a
// client that goes away stops it. A JSON input is left as it is. On
// failure it answers and returns false.
func (s *Server) importInput(c *gin.Context, in *input) bool {
	if in.media == "" || in.media == "application/json" {
		return true
	}
	files, ok := bodyFiles(c, in.media, in.data)
	if !ok {
		return false
	}
	cfg, ok := s.evalConfig(c)
	if !ok {
		return false
	}
	ctx := c.Request.Context()
	res, err := s.importFiles(ctx, files, importer.Options{Profiles: cfg.Profiles, Profile: cfg.Profile, Limits: s.cfg.Import})
	if err == nil && ctx.Err() != nil {
		err = context.Cause(ctx) // done as the import ended: never a late success
	}
	if err != nil {
		var ie *importer.Error
		switch {
		case ctx.Err() != nil:
			s.abandon(c, err)
		case errors.Is(err, importer.ErrTooLarge):
			s.metrics.reject(rejectBodyTooLarge)
			fail(c, probTooLarge, err.Error())
		case errors.As(err, &ie):
			fail(c, probImport, err.Error())
		default:
			fail(c, probBadParameter, err.Error())
		}
		return false
	}
	in.imported = res
	return true
}

// bodyFiles are the files of a body read whole: the body itself, or each
// part of a multipart body. On failure it answers and returns false.
func bodyFiles(c *gin.Context, mt string, data []byte) ([]importer.File, bool) {
	if mt != mediaMultipart {
		return []importer.File{{Name: "body", Data: data}}, true
	}
	_, params, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	mr := multipart.NewReader(bytes.NewReader(data), params["boundary"])
	var files []importer.File
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err == nil {
			name := part.FileName()
			if name == "" {
				name = part.FormName()
			}
			var b []byte
			if b, err = io.ReadAll(part); err == nil {
				files = append(files, importer.File{Name: name, Data: b})
				continue
			}
		}
		fail(c, probMalformed, "multipart 请求体无效："+err.Error())
		return nil, false
	}
	if len(files) == 0 {
		fail(c, probMalformed, "multipart 请求体中没有文件")
		return nil, false
	}
	return files, true
}

// importAnswer is the answer of POST /api/v1/import.
type importAnswer struct {
	Disclosure json.RawMessage     `json:"disclosure"`
	Provenance importer.Provenance `json:"provenance"`
	Notes      []string            `json:"notes"`
	Errors     evaluation.Problems `json:"errors"`
}

// handleImport imports as validate and render do: the body read within
// the body timeout and memory budget, then a slot, in which the file is
// imported and its answer encoded; the answer is sent after the slot.
func (s *Server) handleImport(c *gin.Context) {
	if s.draining.Load() {
		s.metrics.reject(rejectShutdown)
		failRetry(c, probShuttingDown, "服务正在停止，请稍后重试", 5)
		return
	}
	in, done, ok := s.readBody(c, s.cfg.MaxBody, importFileTypes...)
	defer done()
	if !ok {
		return
	}
	leave, ok := s.admit(c)
	if !ok {
		return
	}
	defer leave()
	if !s.importInput(c, &in) {
		return
	}
	res := in.imported
	data, err := res.JSON()
	if err != nil {
		info(c).err = err
		fail(c, probInternal, internalDetail(requestID(c)))
		return
	}
	ans := importAnswer{Disclosure: bytes.TrimSpace(data), Provenance: res.Provenance, Notes: res.Notes, Errors: res.Problems}
	if ans.Notes == nil {
		ans.Notes = []string{}
	}
	if ans.Errors == nil {
		ans.Errors = evaluation.Problems{}
	}
	c.Header("Cache-Control", "no-store")
	if len(res.Problems) > 0 {
		pr := newProblem(c, probInvalid, fmt.Sprintf("有 %d 个单元格无法读取", len(res.Problems)))
		pr.Errors = res.Problems
		leave()
		writeProblem(c, pr)
		return
	}
	out, err := json.Marshal(ans)
	leave() // a client slow to read holds no slot
	if err != nil {
		info(c).err = err
		fail(c, probInternal, internalDetail(requestID(c)))
		return
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", out)
}

// importSource is a batch of workbooks and documents: the body as one
// file, or each part of a multipart body as one disclosure. Files are
// read one at a time as the batch asks for them, so that memory holds one
// file, not the whole body; a file that cannot be imported is an entry
// with its error, never the end of the batch.
type importSource struct {
	ctx    context.Context // the batch's request
	body   io.Reader       // the single file, nil once read
	mr     *multipart.Reader
	cfg    *evaluation.Config
	limits importer.Limits
	max    int64 // the largest file
}

// importBatch is the Source of a batch body of media type mt (a workbook,
// a document or multipart) read from r.
func (s *Server) importBatch(c *gin.Context, r io.Reader, mt string, cfg *evaluation.Config) batch.Source {
	is := &importSource{ctx: c.Request.Context(), cfg: cfg, limits: s.cfg.Import, max: s.cfg.MaxBody}
	if mt == mediaMultipart {
		_, params, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
		is.mr = multipart.NewReader(r, params["boundary"])
	} else {
		is.body = r
	}
	return is
}

func (is *importSource) Next() (batch.Item, error) {
	name := "body"
	var r io.Reader
	switch {
	case is.mr != nil:
		part, err := is.mr.NextPart()
		if err != nil {
			return batch.Item{}, err // io.EOF after the last part
		}
		if name = part.FileName(); name == "" {
			name = part.FormName()
		}
		r = part
	case is.body != nil:
		r, is.body = is.body, nil
	default:
		return batch.Item{}, io.EOF
	}
	data, err := io.ReadAll(io.LimitReader(r, is.max+1))
	if err != nil {
		return batch.Item{}, err
	}
	item := batch.Item{Source: name, Size: int64(len(data))}
	if int64(len(data)) > is.max {
		item.Problems = evaluation.Problems{{Code: batch.CodeTooLarge,
			Message: fmt.Sprintf("文件超过 %d 字节", is.max), MessageEN: fmt.Sprintf("the file exceeds %d bytes", is.max)}}
		return item, nil
	}
	item.Data = data
	item.Evaluate = importer.EvaluatorContext(is.ctx, importer.File{Name: name, Data: data}, importer.Options{Limits: is.limits})
	return item, nil
}
