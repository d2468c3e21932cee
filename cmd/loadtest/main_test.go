package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

func TestDrive(t *testing.T) {
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Header.Get("Content-Type") != "application/json" || string(body) != `{"x":1}` {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		if calls.Add(1)%10 == 0 {
			http.Error(w, "busy", http.StatusTooManyRequests)
			return
		}
		w.Write(make([]byte, 1000))
	}))
	defer srv.Close()
	st := drive(context.Background(), srv.Client(), srv.URL, "application/json", []byte(`{"x":1}`), 100, 4)
	if len(st.latencies) != 90 || st.errors["HTTP 429"] != 10 || st.failed() != 10 || st.bytes != 90*1000 {
		t.Errorf("%d ok, errors %v, %d bytes", len(st.latencies), st.errors, st.bytes)
	}
}

func TestDriveStopsAtDeadline(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	st := drive(ctx, srv.Client(), srv.URL, "application/json", nil, 1000, 2)
	if len(st.latencies)+st.failed() != 0 {
		t.Errorf("requests after the deadline: %d ok, %v", len(st.latencies), st.errors)
	}
}

func TestPercentile(t *testing.T) {
	var d []time.Duration
	for i := 1; i <= 100; i++ {
		d = append(d, time.Duration(i))
	}
	tests := []struct{ p, want int }{{50, 50}, {90, 90}, {99, 99}, {100, 100}, {1, 1}}
	for _, tt := range tests {
		if got := percentile(d, tt.p); got != time.Duration(tt.want) {
			t.Errorf("p%d = %d, want %d", tt.p, got, tt.want)
		}
	}
	if percentile(nil, 99) != 0 || percentile(d[:1], 99) != 1 {
		t.Error("small inputs")
	}
}

func TestStatusField(t *testing.T) {
	status := []byte("Name:\tjixiao\nVmHWM:\t  245760 kB\nVmRSS:\t  204800 kB\nThreads:\t9\n")
	if got := statusField(status, "VmRSS"); got != 200<<20 {
		t.Errorf("VmRSS %d", got)
	}
	if got := statusField(status, "VmHWM"); got != 240<<20 {
		t.Errorf("VmHWM %d", got)
	}
	if got := statusField(status, "VmSwap"); got != 0 {
		t.Errorf("VmSwap %d", got)
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"300MiB": 300 << 20, "1GiB": 1 << 30, "1000": 1000, "x": 0, "-1MiB": 0} {
		got, err := parseSize(in)
		if got != want || (err == nil) != (want > 0) {
			t.Errorf("parseSize(%q) = %d, %v", in, got, err)
		}
	}
}

func TestFlags(t *testing.T) {
	for _, args := range [][]string{{"-mode", "soak"}, {"-c", "0"}, {"-max-rss", "lots"}} {
		if code := run(args, io.Discard, io.Discard); code != 2 {
			t.Errorf("%v: exit %d", args, code)
		}
	}
}
