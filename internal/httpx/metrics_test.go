package httpx_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/haizhi-dev/haizhi/internal/httpx"
)

// series returns the samples of metric name in reg as "label=value,… → value" strings;
// histograms give their sample count.
func series(tb testing.TB, reg *prometheus.Registry, name string) map[string]float64 {
	tb.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		tb.Fatal(err)
	}
	out := map[string]float64{}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			var labels []string
			for _, lp := range m.GetLabel() {
				labels = append(labels, lp.GetName()+"="+lp.GetValue())
			}
			sort.Strings(labels)
			key := strings.Join(labels, ",")
			switch {
			case m.GetCounter() != nil:
				out[key] = m.GetCounter().GetValue()
			case m.GetGauge() != nil:
				out[key] = m.GetGauge().GetValue()
			case m.GetHistogram() != nil:
				out[key] = float64(m.GetHistogram().GetSampleCount())
			}
		}
	}
	return out
}

func TestMetricsLabelByPattern(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := httpx.NewMetrics(reg)
	h := httpx.Chain(testMux(), httpx.RequestID, m.Middleware)
	for _, req := range []struct{ method, path string }{
		{"GET", "/entries/1"},
		{"GET", "/entries/2"},
		{"GET", "/entries/%E4%BD%A0%E5%A5%BD"},
		{"POST", "/entries"},
		{"GET", "/wp-admin/install.php"},
		{"GET", "/random/" + strings.Repeat("x", 50)},
		{"BREW", "/entries/3"},
	} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(req.method, req.path, nil))
	}
	got := series(t, reg, "http_requests_total")
	want := map[string]float64{
		"code=200,method=GET,route=GET /entries/{id}": 3,
		"code=201,method=POST,route=POST /entries":    1,
		"code=404,method=GET,route=unmatched":         2,
		"code=405,method=OTHER,route=unmatched":       1,
	}
	if len(got) != len(want) {
		t.Errorf("series = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("http_requests_total{%s} = %v, want %v", k, got[k], v)
		}
	}
	for k := range got {
		if strings.Contains(k, "/entries/1") || strings.Contains(k, "wp-admin") {
			t.Errorf("raw path leaked into labels: %s", k)
		}
	}
	durations := series(t, reg, "http_request_duration_seconds")
	if durations["method=GET,route=GET /entries/{id}"] != 3 {
		t.Errorf("duration samples = %v, want 3 for GET /entries/{id}", durations)
	}
	if inFlight := series(t, reg, "http_requests_in_flight"); inFlight[""] != 0 {
		t.Errorf("in flight after requests = %v, want 0", inFlight)
	}
}

func TestMetricsInFlight(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := httpx.NewMetrics(reg)
	var during float64
	h := m.Middleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		during = series(t, reg, "http_requests_in_flight")[""]
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	if during != 1 {
		t.Errorf("in flight during a request = %v, want 1", during)
	}
}

func TestNewMetricsTwiceOnOneRegistryPanics(t *testing.T) {
	reg := prometheus.NewRegistry()
	httpx.NewMetrics(reg)
	defer func() {
		if recover() == nil {
			t.Error("second NewMetrics on the same registry did not panic")
		}
	}()
	httpx.NewMetrics(reg)
}

// nopConnector lets sql.OpenDB build a pool without a driver; nothing connects.
type nopConnector struct{}

func (nopConnector) Connect(context.Context) (driver.Conn, error) {
	return nil, errors.New("no database")
}
func (nopConnector) Driver() driver.Driver { return nil }

func TestRegisterDBStats(t *testing.T) {
	reg := prometheus.NewRegistry()
	db := sql.OpenDB(nopConnector{})
	defer db.Close()
	if err := httpx.RegisterDBStats(reg, "write", db); err != nil {
		t.Fatal(err)
	}
	if err := httpx.RegisterDBStats(reg, "read", db); err != nil {
		t.Fatalf("second pool with another name: %v", err)
	}
	if err := httpx.RegisterDBStats(reg, "write", db); err == nil {
		t.Error("registering the same name twice succeeded")
	}
	got := series(t, reg, "go_sql_open_connections")
	if _, ok := got["db_name=write"]; !ok {
		t.Errorf("go_sql_open_connections = %v, want a db_name=write series", got)
	}
	if _, ok := got["db_name=read"]; !ok {
		t.Errorf("go_sql_open_connections = %v, want a db_name=read series", got)
	}
}
