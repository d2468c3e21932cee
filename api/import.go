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

// imported is what an imported body leaves on the request for the
// evaluation: where every value came from, and the cells that could not
// be read.
type imported struct {
	res *importer.Result
}

const importedKey = "jixiao.imported"

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

// importedJSON is readBody for a non-JSON body: the imported input JSON,
// the import kept on the request for annotate.
func (s *Server) importedJSON(c *gin.Context, mt string, limit int64) ([]byte, bool) {
	res, ok := s.importBody(c, mt, limit)
	if !ok {
		return nil, false
	}
	data, err := res.JSON()
	if err != nil {
		info(c).err = err
		fail(c, probInternal, internalDetail(requestID(c)))
		return nil, false
	}
	c.Set(importedKey, imported{res: res})
	return data, true
}

// annotate adds an imported body's unreadable cells to the report's
// problems, and the place in the file to every problem and finding.
func annotate(c *gin.Context, rep *evaluation.Report) {
	v, ok := c.Get(importedKey)
	if !ok {
		return
	}
	res := v.(imported).res
	if len(res.Problems) > 0 {
		rep.Problems = append(append(evaluation.Problems{}, res.Problems...), rep.Problems...)
		rep.Result = nil
	}
	res.Provenance.Annotate(rep)
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
