package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/jixiao/jixiao/batch"
	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/importer"
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

// probImport is a file the importer refuses: not a workbook, encrypted,
// too large unpacked, no table on any sheet.
var probImport = problemType{"import-failed", http.StatusUnprocessableEntity, "文件无法导入"}

// importBody reads a workbook, document or multipart body of media type
// mt and imports it. On failure it answers and returns false.
func (s *Server) importBody(c *gin.Context, mt string, limit int64) (*importer.Result, bool) {
	if c.Request.ContentLength > limit {
		s.tooLarge(c, limit)
		return nil, false
	}
	body := http.MaxBytesReader(c.Writer, c.Request.Body, limit)
	var files []importer.File
	read := func(name string, r io.Reader) bool {
		data, err := io.ReadAll(r)
		if err != nil {
			var mbe *http.MaxBytesError
			switch {
			case errors.As(err, &mbe):
				s.tooLarge(c, limit)
			case c.Request.Context().Err() != nil:
				s.abandon(c, err)
			default:
				fail(c, probMalformed, "读取请求体失败："+err.Error())
			}
			return false
		}
		files = append(files, importer.File{Name: name, Data: data})
		return true
	}
	if mt != mediaMultipart {
		if !read("body", body) {
			return nil, false
		}
	} else {
		_, params, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
		mr := multipart.NewReader(body, params["boundary"])
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				var mbe *http.MaxBytesError
				if errors.As(err, &mbe) {
					s.tooLarge(c, limit)
				} else {
					fail(c, probMalformed, "multipart 请求体无效："+err.Error())
				}
				return nil, false
			}
			name := part.FileName()
			if name == "" {
				name = part.FormName()
			}
			if !read(name, part) {
				return nil, false
			}
		}
		if len(files) == 0 {
			fail(c, probMalformed, "multipart 请求体中没有文件")
			return nil, false
		}
	}
	cfg, ok := s.evalConfig(c)
	if !ok {
		return nil, false
	}
	res, err := importer.Import(files, importer.Options{Profiles: cfg.Profiles, Profile: cfg.Profile, Limits: s.cfg.Import})
	if err != nil {
		var ie *importer.Error
		switch {
		case errors.Is(err, importer.ErrTooLarge):
			s.metrics.reject(rejectBodyTooLarge)
			fail(c, probTooLarge, err.Error())
		case errors.As(err, &ie):
			fail(c, probImport, err.Error())
		default:
			fail(c, probBadParameter, err.Error())
		}
		return nil, false
	}
	return res, true
}

// importAnswer is the answer of POST /api/v1/import.
type importAnswer struct {
	Disclosure json.RawMessage     `json:"disclosure"`
	Provenance importer.Provenance `json:"provenance"`
	Notes      []string            `json:"notes"`
	Errors     evaluation.Problems `json:"errors"`
}

func (s *Server) handleImport(c *gin.Context) {
	mt := mediaType(c, importTypes...)
	if mt == "" {
		return
	}
	res, ok := s.importBody(c, mt, s.cfg.MaxBody)
	if !ok {
		return
	}
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
		writeProblem(c, pr)
		return
	}
	c.JSON(http.StatusOK, ans)
}

// importSource is a batch of workbooks and documents: the body as one
// file, or each part of a multipart body as one disclosure. Files are
// read one at a time as the batch asks for them, so that memory holds one
// file, not the whole body; a file that cannot be imported is an entry
// with its error, never the end of the batch.
type importSource struct {
	body   io.Reader // the single file, nil once read
	mr     *multipart.Reader
	cfg    *evaluation.Config
	limits importer.Limits
	max    int64 // the largest file
}

// importBatch is the Source of a batch body of media type mt (a workbook,
// a document or multipart) read from r.
func (s *Server) importBatch(c *gin.Context, r io.Reader, mt string, cfg *evaluation.Config) batch.Source {
	is := &importSource{cfg: cfg, limits: s.cfg.Import, max: s.cfg.MaxBody}
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
	item.Evaluate = importer.Evaluator(importer.File{Name: name, Data: data}, importer.Options{Limits: is.limits})
	return item, nil
}
