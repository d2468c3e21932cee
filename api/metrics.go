package api

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// metrics are the service's Prometheus metrics, in a registry of its own
// so that several servers can live in one process (as in tests).
type metrics struct {
	reg            *prometheus.Registry
	requests       *prometheus.CounterVec
	latency        *prometheus.HistogramVec
	renderDuration *prometheus.HistogramVec
	documents      *prometheus.CounterVec
	pages          *prometheus.CounterVec
	inFlight       prometheus.Gauge
	rejects        *prometheus.CounterVec
	batchInputs    *prometheus.CounterVec
}

// Reasons a request is refused, for jixiao_rejected_requests_total.
const (
	rejectQueueFull    = "queue_full"
	rejectQueueTimeout = "queue_timeout"
	rejectBatches      = "too_many_batches"
	rejectShutdown     = "shutting_down"
	rejectBodyTooLarge = "body_too_large"
	rejectUnauthorized = "unauthorized"
	rejectTimeout      = "timeout"
	rejectBodyTimeout  = "body_timeout"
	rejectBusy         = "busy"
	rejectLimit        = "limit_exceeded"
	rejectJobs         = "too_many_jobs"
)

func newMetrics(lim *limiter) *metrics {
	buckets := prometheus.ExponentialBuckets(0.005, 2, 16) // 5 ms to 164 s
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "jixiao_http_requests_total",
			Help: "HTTP requests by route, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "jixiao_http_request_duration_seconds",
			Help:    "HTTP request latency by route, method and status.",
			Buckets: buckets,
		}, []string{"route", "method", "status"}),
		renderDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "jixiao_render_duration_seconds",
			Help:    "Time to render one document, by format.",
			Buckets: buckets,
		}, []string{"format"}),
		documents: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "jixiao_documents_total",
			Help: "Documents rendered, by format and outcome (ok, error, canceled).",
		}, []string{"format", "outcome"}),
		pages: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "jixiao_pages_total",
			Help: "Pages produced (PDF pages, XLSX worksheets), by format.",
		}, []string{"format"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "jixiao_documents_in_flight",
			Help: "Documents being rendered now.",
		}),
		rejects: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "jixiao_rejected_requests_total",
			Help: "Requests refused, by reason.",
		}, []string{"reason"}),
		batchInputs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "jixiao_batch_inputs_total",
			Help: "Batch inputs processed, by status (ok, invalid, failed).",
		}, []string{"status"}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.renderDuration, m.documents, m.pages, m.inFlight, m.rejects, m.batchInputs,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "jixiao_render_queue_waiting",
			Help: "Requests waiting for a render slot.",
		}, func() float64 { return float64(lim.waiting.Load()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "jixiao_render_slots",
			Help: "Render slots: documents that may render at once.",
		}, func() float64 { return float64(cap(lim.slots)) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "jixiao_render_slots_in_use",
			Help: "Slots held now, by evaluations and renders.",
		}, func() float64 { return float64(lim.inUse()) }),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	for _, r := range []string{rejectQueueFull, rejectQueueTimeout, rejectBatches, rejectShutdown, rejectBodyTooLarge, rejectUnauthorized, rejectTimeout, rejectBodyTimeout, rejectBusy, rejectLimit, rejectJobs} {
		m.rejects.WithLabelValues(r) // export zeros, so rates work from the start
	}
	return m
}

func (m *metrics) request(route, method string, status int, d time.Duration) {
	s := strconv.Itoa(status)
	m.requests.WithLabelValues(route, method, s).Inc()
	m.latency.WithLabelValues(route, method, s).Observe(d.Seconds())
}

func (m *metrics) reject(reason string) { m.rejects.WithLabelValues(reason).Inc() }
