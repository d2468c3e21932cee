package jobs

import "github.com/prometheus/client_golang/prometheus"

// metrics are the engine's Prometheus metrics. The queued units are
// counted by this process: what it queued, less what it worked.
type metrics struct {
	submitted    prometheus.Counter
	finished     *prometheus.CounterVec
	expired      prometheus.Counter
	unitsQueued  prometheus.Gauge
	unitsRunning prometheus.Gauge
	unitRetries  prometheus.Counter
	unitDuration prometheus.Histogram
	jobDuration  prometheus.Histogram
	inputs       *prometheus.CounterVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		submitted: prometheus.NewCounter(prometheus.CounterOpts{Name: "jixiao_jobs_submitted_total",
			Help: "Jobs submitted to this process."}),
		finished: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "jixiao_jobs_finished_total",
			Help: "Jobs finished by this process, by state (done, failed, cancelled)."}, []string{"state"}),
		expired: prometheus.NewCounter(prometheus.CounterOpts{Name: "jixiao_jobs_expired_total",
			Help: "Finished jobs deleted when their time was over."}),
		unitsQueued: prometheus.NewGauge(prometheus.GaugeOpts{Name: "jixiao_job_units_queued",
			Help: "Units queued by this process less the units it finished; summed over the processes, the units waiting."}),
		unitsRunning: prometheus.NewGauge(prometheus.GaugeOpts{Name: "jixiao_job_units_running",
			Help: "Units this process is working on."}),
		unitRetries: prometheus.NewCounter(prometheus.CounterOpts{Name: "jixiao_job_unit_retries_total",
			Help: "Units taken again after an attempt failed or its process died."}),
		unitDuration: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "jixiao_job_unit_duration_seconds",
			Help: "Time to render and store one unit.", Buckets: prometheus.ExponentialBuckets(0.01, 2, 14)}),
		jobDuration: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "jixiao_job_duration_seconds",
			Help: "Time from a job's submission to its ZIP.", Buckets: prometheus.ExponentialBuckets(0.1, 2, 16)}),
		inputs: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "jixiao_job_inputs_total",
			Help: "Inputs of jobs rendered by this process, by status (ok, invalid, failed)."}, []string{"status"}),
	}
	if reg != nil {
		reg.MustRegister(m.submitted, m.finished, m.expired, m.unitsQueued, m.unitsRunning, m.unitRetries, m.unitDuration, m.jobDuration, m.inputs)
	}
	return m
}
