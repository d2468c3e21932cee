package api

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/jixiao/jixiao/evaluation"
)

// ProblemBase prefixes every problem type: the types are documented, each
// under its own heading, in docs/api.md.
const ProblemBase = "https://github.com/jixiao/jixiao/blob/main/docs/api.md#"

// problemType is a kind of problem: a stable type URI, its status and
// its Chinese title.
type problemType struct {
	slug   string
	status int
	title  string
}

// The problem types. Their slugs are part of the API: never change one.
var (
	probMalformed      = problemType{"malformed-json", http.StatusBadRequest, "请求体不是有效的 JSON"}
	probBadParameter   = problemType{"bad-parameter", http.StatusBadRequest, "请求参数无效"}
	probUnauthorized   = problemType{"unauthorized", http.StatusUnauthorized, "未授权"}
	probNotFound       = problemType{"not-found", http.StatusNotFound, "资源不存在"}
	probMethod         = problemType{"method-not-allowed", http.StatusMethodNotAllowed, "不支持该请求方法"}
	probNotAcceptable  = problemType{"not-acceptable", http.StatusNotAcceptable, "无法提供所请求的格式"}
	probTooLarge       = problemType{"body-too-large", http.StatusRequestEntityTooLarge, "请求体过大"}
	probMediaType      = problemType{"unsupported-media-type", http.StatusUnsupportedMediaType, "不支持的内容类型"}
	probInvalid        = problemType{"validation-failed", http.StatusUnprocessableEntity, "输入未通过校验"}
	probQueueFull      = problemType{"queue-full", http.StatusTooManyRequests, "渲染队列已满"}
	probTooManyBatches = problemType{"too-many-batches", http.StatusTooManyRequests, "批处理任务过多"}
	probInternal       = problemType{"internal-error", http.StatusInternalServerError, "服务器内部错误"}
	probQueueTimeout   = problemType{"queue-timeout", http.StatusServiceUnavailable, "等待渲染超时"}
	probTimeout        = problemType{"timeout", http.StatusServiceUnavailable, "请求处理超时"}
	probShuttingDown   = problemType{"shutting-down", http.StatusServiceUnavailable, "服务正在停止"}
	probNotReady       = problemType{"not-ready", http.StatusServiceUnavailable, "服务尚未就绪"}
	probBodyTimeout    = problemType{"body-timeout", http.StatusRequestTimeout, "请求体上传超时"}
	probLimit          = problemType{"limit-exceeded", http.StatusUnprocessableEntity, "输入超过处理上限"}
	probBusy           = problemType{"busy", http.StatusTooManyRequests, "服务繁忙"}
	probTooManyJobs    = problemType{"too-many-jobs", http.StatusTooManyRequests, "排队中的任务过多"}
	probJobsFull       = problemType{"jobs-full", http.StatusServiceUnavailable, "任务队列已满"}
	probJobNotDone     = problemType{"job-not-done", http.StatusConflict, "任务尚未完成"}
	probTimestamp      = problemType{"timestamp-failed", http.StatusBadGateway, "签名时间戳失败"}
	// probImport is in import.go.
)

// problemTypes lists every type, for the documentation test.
var problemTypes = []problemType{
	probMalformed, probBadParameter, probUnauthorized, probNotFound, probMethod, probNotAcceptable,
	probTooLarge, probMediaType, probInvalid, probQueueFull, probTooManyBatches, probInternal,
	probQueueTimeout, probTimeout, probShuttingDown, probNotReady, probBodyTimeout, probLimit, probBusy, probImport, probNotSigned,
	probTooManyJobs, probJobsFull, probJobNotDone, probTimestamp,
}

// Problem is an RFC 9457 problem details object.
type Problem struct {
	Type      string               `json:"type"`
	Title     string               `json:"title"`
	Status    int                  `json:"status"`
	Detail    string               `json:"detail,omitempty"`
	Instance  string               `json:"instance,omitempty"`
	RequestID string               `json:"requestId"`
	Errors    evaluation.Problems  `json:"errors,omitempty"`
	Findings  []evaluation.Finding `json:"findings,omitempty"`
	// Result holds, for an input with invalid parts, the figures of the
	// valid ones (null for the others); InvalidParts lists the others.
	Result       *evaluation.Result       `json:"result,omitempty"`
	InvalidParts []evaluation.InvalidPart `json:"invalidParts,omitempty"`
	// Department and Year name the input of such a result.
	Department string            `json:"department,omitempty"`
	Year       int               `json:"year,omitempty"`
	Checks     map[string]string `json:"checks,omitempty"`
}

func newProblem(c *gin.Context, t problemType, detail string) *Problem {
	return &Problem{
		Type:      ProblemBase + t.slug,
		Title:     t.title,
		Status:    t.status,
		Detail:    detail,
		Instance:  c.Request.URL.Path,
		RequestID: requestID(c),
	}
}

// fail answers a problem of type t and ends the request.
func fail(c *gin.Context, t problemType, detail string) {
	writeProblem(c, newProblem(c, t, detail))
}

// failRetry answers a problem with a Retry-After header.
func failRetry(c *gin.Context, t problemType, detail string, seconds int) {
	c.Header("Retry-After", strconv.Itoa(seconds))
	fail(c, t, detail)
}

func writeProblem(c *gin.Context, p *Problem) {
	data, err := json.Marshal(p)
	if err != nil { // the type always marshals
		data = []byte(`{"title":"服务器内部错误","status":500}`)
		p.Status = http.StatusInternalServerError
	}
	c.Header("Cache-Control", "no-store")
	c.Data(p.Status, "application/problem+json", data)
	c.Abort()
}
