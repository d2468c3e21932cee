package main

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jixiao/jixiao/api"
	"github.com/jixiao/jixiao/sign"
	"github.com/jixiao/jixiao/sign/keygen"
	"github.com/jixiao/jixiao/sign/tsa"
)

func TestParseServe(t *testing.T) {
	keys := filepath.Join(t.TempDir(), "keys")
	os.WriteFile(keys, []byte("# operators\nkey-from-file-0123456789\n\n  second-key-0123456789  \n"), 0o600)
	d := api.DefaultConfig()
	signKeys := keyFiles(t, keygen.Options{Algorithm: sign.ECDSA})
	signEnv := map[string]string{"JIXIAO_SIGN": filepath.Join(signKeys, "key.pem"), "JIXIAO_SIGN_CERT": filepath.Join(signKeys, "chain.pem"),
		"JIXIAO_SIGN_PASSPHRASE": "secret", "JIXIAO_TSA": "https://tsa.example/tsr"}
	tests := []struct {
		name  string
		args  []string
		env   map[string]string
		check func(t *testing.T, sc serveConfig)
		err   string
	}{
		{name: "defaults", check: func(t *testing.T, sc serveConfig) {
			c := sc.cfg
			if c.Addr != ":8080" || c.MaxBody != d.MaxBody || c.Concurrency != d.Concurrency || c.Queue != d.Queue ||
				c.RequestTimeout != d.RequestTimeout || c.ShutdownGrace != d.ShutdownGrace || len(c.APIKeys) != 0 ||
				len(c.CORSOrigins) != 0 || sc.level != slog.LevelInfo || sc.healthcheck ||
				sc.memoryLimit != defaultMemoryLimit || sc.gcPercent != defaultGCPercent {
				t.Errorf("%+v", sc)
			}
		}},
		{name: "environment", env: map[string]string{
			"JIXIAO_ADDR": "127.0.0.1:9000", "JIXIAO_MAX_BODY": "2MiB", "JIXIAO_CONCURRENCY": "3", "JIXIAO_QUEUE_TIMEOUT": "3s",
			"JIXIAO_CORS_ORIGINS": "https://a.example, https://b.example", "JIXIAO_API_KEYS": "env-key-0123456789abc,",
			"JIXIAO_API_KEYS_FILE": keys, "JIXIAO_LOG_LEVEL": "debug", "JIXIAO_MAX_BATCH_BODY": "1GiB",
		}, check: func(t *testing.T, sc serveConfig) {
			c := sc.cfg
			if c.Addr != "127.0.0.1:9000" || c.MaxBody != 2<<20 || c.Concurrency != 3 || c.QueueTimeout != 3*time.Second ||
				c.MaxBatchBody != 1<<30 || sc.level != slog.LevelDebug ||
				!slices.Equal(c.CORSOrigins, []string{"https://a.example", "https://b.example"}) ||
				!slices.Equal(c.APIKeys, []string{"key-from-file-0123456789", "second-key-0123456789", "env-key-0123456789abc"}) {
				t.Errorf("%+v", sc)
			}
		}},
		{name: "flags beat the environment", args: []string{"--addr", ":7000", "--max-body=1000", "--queue", "0", "--cors-origins", "*", "--healthcheck"},
			env: map[string]string{"JIXIAO_ADDR": ":9000", "JIXIAO_MAX_BODY": "5MiB", "JIXIAO_CORS_ORIGINS": "https://a.example"},
			check: func(t *testing.T, sc serveConfig) {
				c := sc.cfg
				if c.Addr != ":7000" || c.MaxBody != 1000 || c.Queue != -1 || !slices.Equal(c.CORSOrigins, []string{"*"}) || !sc.healthcheck {
					t.Errorf("%+v", sc)
				}
			}},
		{name: "fonts", args: []string{"--font", "title=/a.ttf", "--font=body=/b.ttf"}, env: map[string]string{"JIXIAO_FONTS": "table=/c.ttf, number=/d.ttf"},
			check: func(t *testing.T, sc serveConfig) {
				if !slices.Equal(sc.cfg.Fonts, []string{"title=/a.ttf", "body=/b.ttf"}) {
					t.Errorf("fonts %v", sc.cfg.Fonts)
				}
			}},
		{name: "fonts from the environment", env: map[string]string{"JIXIAO_FONTS": "table=/c.ttf, number=/d.ttf"},
			check: func(t *testing.T, sc serveConfig) {
				if !slices.Equal(sc.cfg.Fonts, []string{"table=/c.ttf", "number=/d.ttf"}) {
					t.Errorf("fonts %v", sc.cfg.Fonts)
				}
			}},
		{name: "collector", args: []string{"--memory-limit", "1GiB"}, env: map[string]string{"JIXIAO_GC_PERCENT": "100"},
			check: func(t *testing.T, sc serveConfig) {
				if sc.memoryLimit != 1<<30 || sc.gcPercent != 100 {
					t.Errorf("memory limit %d, GC percent %d", sc.memoryLimit, sc.gcPercent)
				}
			}},
		{name: "evaluation cache off", args: []string{"--eval-cache", "off"},
			check: func(t *testing.T, sc serveConfig) {
				if sc.cfg.EvalCache != -1 {
					t.Errorf("eval cache %d, want -1 (off)", sc.cfg.EvalCache)
				}
			}},
		{name: "evaluation cache from the environment", env: map[string]string{"JIXIAO_EVAL_CACHE": "8MiB"},
			check: func(t *testing.T, sc serveConfig) {
				if sc.cfg.EvalCache != 8<<20 {
					t.Errorf("eval cache %d, want 8 MiB", sc.cfg.EvalCache)
				}
			}},
		{name: "evaluation cache not a size", args: []string{"--eval-cache", "none"}, err: "eval-cache"},
		{name: "off is no size elsewhere", args: []string{"--max-body", "off"}, err: "max-body"},
		{name: "bad environment", env: map[string]string{"JIXIAO_CONCURRENCY": "many"}, err: "JIXIAO_CONCURRENCY"},
		{name: "bad size", args: []string{"--max-body", "32 lots"}, err: "max-body"},
		{name: "bad duration", env: map[string]string{"JIXIAO_REQUEST_TIMEOUT": "60"}, err: "JIXIAO_REQUEST_TIMEOUT"},
		{name: "bad level", args: []string{"--log-level", "loud"}, err: "log level"},
		{name: "missing keys file", args: []string{"--api-keys-file", "/nonexistent/keys"}, err: "API keys"},
		// Issue 22: " , " turned authentication off.
		{name: "keys that are only separators", env: map[string]string{"JIXIAO_API_KEYS": " , "}, err: "holds no key"},
		{name: "keys that are only a comma", env: map[string]string{"JIXIAO_API_KEYS": ","}, err: "holds no key"},
		{name: "stray argument", args: []string{"now"}, err: "unexpected"},
		{name: "time-stamping authority", env: signEnv, check: func(t *testing.T, sc serveConfig) {
			if sc.cfg.Sign == nil {
				t.Fatal("no signing")
			}
			if c, ok := sc.cfg.Sign.TSA.(*tsa.Client); !ok || c.URL != "https://tsa.example/tsr" {
				t.Errorf("time-stamping authority %v", sc.cfg.Sign.TSA)
			}
		}},
		{name: "time-stamping authority without a key", env: map[string]string{"JIXIAO_TSA": "https://tsa.example/tsr"}, err: "--tsa 需要 --sign"},
		{name: "time-stamping authority not HTTP", args: []string{"--tsa", "tsa.example"}, env: signEnv, err: "want an http:// or https:// URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			sc, err := parseServe(tt.args, func(k string) string { return tt.env[k] }, &stderr)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error()+stderr.String(), tt.err) {
					t.Errorf("error %v (%s), want one about %s", err, stderr.String(), tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, sc)
		})
	}
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
	}{
		{"1048576", 1 << 20}, {"32MiB", 32 << 20}, {"1GiB", 1 << 30}, {"512KiB", 512 << 10}, {"10MB", 10e6}, {"2 GiB", 2 << 30}, {"64M", 64 << 20},
		{"", 0}, {"0", 0}, {"-5", 0}, {"1.5MiB", 0}, {"lots", 0}, {"99999999999GiB", 0},
	}
	for _, tt := range tests {
		got, err := parseSize(tt.in)
		if got != tt.want || (err == nil) != (tt.want > 0) {
			t.Errorf("parseSize(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
	for _, n := range []int64{32 << 20, 1 << 30, 1000, 3 << 10} {
		if got, err := parseSize(formatSize(n)); got != n || err != nil {
			t.Errorf("formatSize(%d) = %q does not read back", n, formatSize(n))
		}
	}
}

func TestHealthcheck(t *testing.T) {
	ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
		}
	}))
	defer ok.Close()
	_, port, _ := net.SplitHostPort(ok.Listener.Addr().String())
	var stderr bytes.Buffer
	for _, addr := range []string{":" + port, "0.0.0.0:" + port, "127.0.0.1:" + port} {
		if code := run([]string{"serve", "--healthcheck", "--addr", addr}, nil, io.Discard, &stderr); code != 0 {
			t.Errorf("healthcheck of %s: exit %d: %s", addr, code, stderr.String())
		}
	}
	ok.Close()
	if code := run([]string{"serve", "--healthcheck", "--addr", "127.0.0.1:" + port}, nil, io.Discard, &stderr); code != 1 {
		t.Errorf("healthcheck of a stopped server: exit %d", code)
	}
}

// TestServeLifecycle starts the real command, checks that it logs its
// configuration without secrets and answers (the web page too), then stops
// it with SIGTERM.
func TestServeLifecycle(t *testing.T) {
	t.Setenv("JIXIAO_API_KEYS", "very-secret-key-0123456789")
	t.Setenv("JIXIAO_DATA", t.TempDir())
	logs := &lockedBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- run([]string{"serve", "--shutdown-delay", "0", "--addr", "127.0.0.1:0", "--shutdown-grace", "5s"}, nil, io.Discard, logs)
	}()

	var addr string
	deadline := time.Now().Add(20 * time.Second)
	for addr == "" {
		for _, line := range strings.Split(logs.String(), "\n") {
			var rec struct{ Msg, Addr string }
			if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "listening" {
				addr = rec.Addr
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server did not start:\n%s", logs.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", err, resp)
	}
	resp.Body.Close()
	// The web page is built in and needs no key.
	resp, err = http.Get("http://" + addr + "/")
	if err != nil || resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("the web page: %v %v", err, resp)
	}
	resp.Body.Close()
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d:\n%s", code, logs.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the server did not stop on SIGTERM")
	}
	out := logs.String()
	if strings.Contains(out, "very-secret-key") || !strings.Contains(out, `"api_keys":1`) || !strings.Contains(out, `"msg":"stopped"`) {
		t.Errorf("log:\n%s", out)
	}
}
