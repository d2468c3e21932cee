package api

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jixiao/jixiao/internal/countio"
)

// reqInfo collects what the request log line reports beyond the basics.
type reqInfo struct {
	id string
	// status overrides the response status in the log and metrics: 499
	// for a client that went away before the answer.
	status  int
	err     error // the cause of a 500, or of an abandoned request
	key     string
	bytesIn countio.Reader
	docs    int
	pages   int
	inputs  int
	invalid int
	failed  int
	// slot is how long the request held an evaluation and render slot.
	slot time.Duration
}

const infoKey = "jixiao.request"

func info(c *gin.Context) *reqInfo {
	if v, ok := c.Get(infoKey); ok {
		return v.(*reqInfo)
	}
	return &reqInfo{}
}

func requestID(c *gin.Context) string { return info(c).id }

// statusClientGone is logged for a client that disconnected (nginx's
// convention); it is never sent.
const statusClientGone = 499

// observe is the outermost middleware: it assigns the request id, recovers
// panics into 500, and writes the log line and the metrics.
func (s *Server) observe(c *gin.Context) {
	start := time.Now()
	s.active.Add(1)
	defer s.active.Done()
	id := c.GetHeader("X-Request-ID")
	if !validRequestID(id) {
		id = newRequestID()
	}
	ri := &reqInfo{id: id}
	ri.bytesIn.R = c.Request.Body
	c.Request.Body = struct {
		io.Reader
		io.Closer
	}{&ri.bytesIn, c.Request.Body}
	c.Set(infoKey, ri)
	c.Header("X-Request-ID", id)
	defer s.logRequest(c, ri, start)
	defer s.recoverPanic(c, ri)
	c.Next()
}

func (s *Server) recoverPanic(c *gin.Context, ri *reqInfo) {
	v := recover()
	if v == nil {
		return
	}
	if v == http.ErrAbortHandler {
		panic(v)
	}
	ri.err = fmt.Errorf("panic: %v\n%s", v, debug.Stack())
	if !c.Writer.Written() {
		fail(c, probInternal, internalDetail(ri.id))
	} else {
		ri.status = http.StatusInternalServerError
	}
}

func internalDetail(id string) string {
	return "处理请求时发生内部错误，请将请求编号 " + id + " 提供给管理员"
}

func (s *Server) logRequest(c *gin.Context, ri *reqInfo, start time.Time) {
	d := time.Since(start)
	status := c.Writer.Status()
	if ri.status != 0 {
		status = ri.status
	}
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	s.metrics.request(route, c.Request.Method, status, d)
	attrs := []slog.Attr{
		slog.String("request_id", ri.id),
		slog.String("method", c.Request.Method),
		slog.String("route", route),
		slog.String("path", c.Request.URL.Path),
		slog.Int("status", status),
		slog.Float64("duration_ms", float64(d.Microseconds())/1000),
		slog.Int64("bytes_in", ri.bytesIn.N),
		slog.Int("bytes_out", max(c.Writer.Size(), 0)),
		slog.String("remote", c.ClientIP()),
	}
	if ua := c.Request.UserAgent(); ua != "" {
		attrs = append(attrs, slog.String("user_agent", ua))
	}
	if ri.key != "" {
		attrs = append(attrs, slog.String("api_key", ri.key))
	}
	if ri.docs > 0 {
		attrs = append(attrs, slog.Int("documents", ri.docs), slog.Int("pages", ri.pages))
	}
	if ri.slot > 0 {
		attrs = append(attrs, slog.Float64("slot_ms", float64(ri.slot.Microseconds())/1000))
	}
	if ri.inputs > 0 {
		attrs = append(attrs, slog.Int("inputs", ri.inputs), slog.Int("invalid", ri.invalid), slog.Int("failed", ri.failed))
	}
	level := slog.LevelInfo
	if ri.err != nil {
		attrs = append(attrs, slog.String("error", ri.err.Error()))
	}
	if status >= 500 {
		level = slog.LevelError
	}
	s.log.LogAttrs(context.Background(), level, "request", attrs...)
}

// validRequestID accepts a client's request id of 1 to 128 characters
// that are safe to log and echo.
func validRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for _, c := range id {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("-_.:", c)
		if !ok {
			return false
		}
	}
	return true
}

func newRequestID() string {
	var b [12]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// deadline gives each request of a route a deadline.
func (s *Server) deadline(d time.Duration) gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx, cancel := context.WithTimeoutCause(c.Request.Context(), d, errDeadline)
		defer cancel()
		c.Request = c.Request.WithContext(ctx)
		c.Next()
	}
}

// auth requires a bearer API key when keys are configured.
func (s *Server) auth(c *gin.Context) {
	if len(s.keys) == 0 {
		return
	}
	scheme, token, _ := strings.Cut(c.GetHeader("Authorization"), " ")
	token = strings.TrimSpace(token)
	if !strings.EqualFold(scheme, "Bearer") || token == "" {
		c.Header("WWW-Authenticate", `Bearer realm="jixiao"`)
		s.metrics.reject(rejectUnauthorized)
		fail(c, probUnauthorized, "需要 API 密钥：请在 Authorization 头中使用 Bearer 方式提供")
		return
	}
	sum := sha256.Sum256([]byte(token))
	match := -1
	for i := range s.keys { // compare with every key, in constant time
		if subtle.ConstantTimeCompare(sum[:], s.keys[i][:]) == 1 {
			match = i
		}
	}
	if match < 0 {
		c.Header("WWW-Authenticate", `Bearer realm="jixiao", error="invalid_token"`)
		s.metrics.reject(rejectUnauthorized)
		fail(c, probUnauthorized, "API 密钥无效")
		return
	}
	// Identify the key in the log by a prefix of its hash, never by itself.
	info(c).key = "sha256:" + hex.EncodeToString(s.keys[match][:4])
	// A key's jobs are its own.
	c.Set(ownerKey, hex.EncodeToString(s.keys[match][:]))
}

// cors answers CORS preflights and marks responses to allowed origins.
func (s *Server) cors(c *gin.Context) {
	if len(s.cfg.CORSOrigins) == 0 {
		return
	}
	h := c.Writer.Header()
	h.Add("Vary", "Origin")
	origin := c.GetHeader("Origin")
	if origin == "" || !(slices.Contains(s.cfg.CORSOrigins, "*") || slices.Contains(s.cfg.CORSOrigins, origin)) {
		return
	}
	h.Set("Access-Control-Allow-Origin", origin)
	h.Set("Access-Control-Expose-Headers", "Content-Disposition, Content-Length, Retry-After, X-Request-ID, X-Jixiao-Pages")
	if c.Request.Method == http.MethodOptions && c.GetHeader("Access-Control-Request-Method") != "" {
		h.Set("Access-Control-Allow-Methods", "GET, POST")
		h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, Accept, X-Request-ID")
		h.Set("Access-Control-Max-Age", "600")
		c.AbortWithStatus(http.StatusNoContent)
	}
}
