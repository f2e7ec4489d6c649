package httpx

import (
	"database/sql"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// UnmatchedRoute is the route label of requests that matched no route pattern.
const UnmatchedRoute = "unmatched"

// Metrics holds the HTTP collectors. Create it with NewMetrics and wrap the router with
// Middleware.
type Metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	inFlight prometheus.Gauge
}

// NewMetrics creates the HTTP collectors and registers them on reg:
// http_requests_total{method,route,code}, http_request_duration_seconds{method,route} and
// http_requests_in_flight. It panics when they are already registered on reg, which is a
// programming error (create one Metrics per registry).
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "http_requests_total",
			Help: "HTTP requests served, by method, route pattern and status code.",
		}, []string{"method", "route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "http_request_duration_seconds",
			Help:    "Time to serve an HTTP request, by method and route pattern.",
			Buckets: prometheus.DefBuckets,
		}, []string{"method", "route"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "http_requests_in_flight",
			Help: "HTTP requests being served now.",
		}),
	}
	reg.MustRegister(m.requests, m.duration, m.inFlight)
	return m
}

// Middleware counts and times requests. The route label is the ServeMux pattern that
// matched (r.Pattern, read after the handler returns; see the package documentation for
// the order this needs), or "unmatched", and never the raw path; methods other than the
// standard ones are counted as "OTHER". Both keep the number of label values bounded
// whatever clients send.
func (m *Metrics) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		m.inFlight.Inc()
		defer m.inFlight.Dec()
		rec := record(w)
		next.ServeHTTP(rec, r)
		method, route := metricMethod(r.Method), r.Pattern
		if route == "" {
			route = UnmatchedRoute
		}
		m.requests.WithLabelValues(method, route, strconv.Itoa(rec.statusCode())).Inc()
		m.duration.WithLabelValues(method, route).Observe(time.Since(start).Seconds())
	})
}

// metricMethod maps a request method to a bounded set of label values.
func metricMethod(method string) string {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return method
	}
	return "OTHER"
}

// RegisterDBStats registers on reg the connection-pool statistics of db (open, in use and
// idle connections, waits, closes), labelled db_name=name. Use a distinct name per pool,
// for example "write" and "read" for SQLite's two pools; registering a name twice fails.
func RegisterDBStats(reg prometheus.Registerer, name string, db *sql.DB) error {
	return reg.Register(collectors.NewDBStatsCollector(db, name))
}
