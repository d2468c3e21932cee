package api

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/jixiao/jixiao/batch"
	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/verify"
)

const pathVerify = "/api/v1/verify"

// maxVerifyBody bounds the document POST /api/v1/verify reads: a signed
// disclosure of thousands of pages is a few tens of megabytes.
const maxVerifyBody = 128 << 20

// verifyTypes are the media types of the documents POST /api/v1/verify
// reads.
var verifyTypes = []string{"application/pdf", "application/ofd", "application/octet-stream"}

// probNotSigned answers a verify request whose document carries no
// signature, or is no PDF or OFD.
var probNotSigned = problemType{"not-signed", http.StatusUnprocessableEntity, "文件没有签名或印章"}

// signOption reads the sign parameter of a render or batch of formats:
// sign=true signs them with the service's key. On failure it answers
// and returns false.
func (s *Server) signOption(c *gin.Context, opts *export.Options, formats ...*export.Format) bool {
	v := c.Query("sign")
	if v == "" {
		return true
	}
	on, err := strconv.ParseBool(v)
	if err != nil {
		fail(c, probBadParameter, "参数 sign 应为 true 或 false，收到 "+strconv.Quote(v))
		return false
	}
	if !on {
		return true
	}
	if s.cfg.Sign == nil {
		fail(c, probBadParameter, "服务未配置签名密钥，不能签名（jixiao serve --sign）")
		return false
	}
	for _, f := range formats {
		if f.Pages {
			if err := s.cfg.Sign.Signs(f); err != nil {
				badOption(c, err)
				return false
			}
		}
	}
	opts.Sign = s.cfg.Sign
	return true
}

// batchSignOption is signOption for a batch's formats.
func (s *Server) batchSignOption(c *gin.Context, opts *batch.Options) bool {
	formats := opts.Formats
	if len(formats) == 0 {
		formats = batch.DefaultFormats()
	}
	return s.signOption(c, &opts.Render, formats...)
}

// handleVerify checks the signatures of a signed PDF or a sealed OFD.
func (s *Server) handleVerify(c *gin.Context) {
	if mediaType(c, verifyTypes...) == "" {
		return
	}
	// A document is held whole to be checked: the bound is the batch
	// body's, at most maxVerifyBody.
	limit := min(s.cfg.MaxBatchBody, maxVerifyBody)
	if c.Request.ContentLength > limit {
		s.tooLarge(c, limit)
		return
	}
	data, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, limit))
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
		return
	}
	release, ok := s.admit(c)
	if !ok {
		return
	}
	defer release()
	res, err := verify.Document(data, s.cfg.Trust)
	switch {
	case errors.Is(err, verify.ErrFormat):
		fail(c, probNotSigned, "文件不是 PDF 或 OFD (not a PDF or OFD file)")
	case errors.Is(err, verify.ErrUnsigned):
		fail(c, probNotSigned, "文件没有签名或电子印章 (the document has no signature or seal)")
	case err != nil:
		fail(c, probNotSigned, "无法读取文件中的签名："+err.Error())
	default:
		c.Header("Cache-Control", "no-store")
		c.JSON(http.StatusOK, res)
	}
}
