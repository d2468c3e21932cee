package tsa_test

import (
	"context"
	"crypto/sha256"
	"encoding/pem"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emmansun/gmsm/smx509"
	"github.com/jixiao/jixiao/sign/tsa"
	"github.com/jixiao/jixiao/sign/tsa/tsatest"
)

func TestTimestamp(t *testing.T) {
	a := tsatest.Start(t)
	sig := []byte("a signature value")
	digest := sha256.Sum256(sig)
	before := time.Now().Truncate(time.Second)
	token, err := (&tsa.Client{URL: a.URL}).Timestamp(context.Background(), digest[:])
	after := time.Now()
	if err != nil {
		t.Fatal(err)
	}
	roots := smx509.NewCertPool()
	roots.AddCert(a.CA)
	tok, err := tsa.Parse(token, roots)
	if err != nil {
		t.Fatal(err)
	}
	if !tok.Trusted || tok.Authority != tsatest.Name || tok.HashName != "SHA-256" || tok.Time.Before(before) || tok.Time.After(after) {
		t.Errorf("token %+v, stamped between %v and %v", tok, before, after)
	}
	if err := tok.Stamps(sig); err != nil {
		t.Error(err)
	}
	if err := tok.Stamps([]byte("another signature")); err == nil {
		t.Error("the token stamps other data too")
	}
	if _, err := tsa.Parse(token, smx509.NewCertPool()); err == nil {
		t.Error("a token trusted without its CA among the anchors")
	}

	// OpenSSL agrees: the token is its authority's and stamps sig.
	dir := t.TempDir()
	for name, data := range map[string][]byte{"token.der": token, "sig.bin": sig, "ca.pem": pemOf(a.CA)} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	out, err := exec.Command("openssl", "ts", "-verify", "-token_in", "-in", filepath.Join(dir, "token.der"),
		"-data", filepath.Join(dir, "sig.bin"), "-CAfile", filepath.Join(dir, "ca.pem")).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Verification: OK") {
		t.Errorf("openssl ts -verify: %v\n%s", err, out)
	}

	// A damaged token fails.
	bad := append([]byte(nil), token...)
	bad[len(bad)-10] ^= 1
	if _, err := tsa.Parse(bad, nil); err == nil {
		t.Error("a damaged token parsed")
	}
	if _, err := tsa.Parse(token[:len(token)/2], nil); err == nil {
		t.Error("a truncated token parsed")
	}
}

func TestTimestampErrors(t *testing.T) {
	a := tsatest.Start(t)
	digest := sha256.Sum256([]byte("x"))
	var replay []byte
	// A reply made for another request, kept and sent again.
	replayReq := sha256.Sum256([]byte("x"))
	{
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if replay == nil {
				a.ServeHTTP(recorder{w, &replay}, r)
				return
			}
			w.Header().Set("Content-Type", "application/timestamp-reply")
			w.Write(replay)
		}))
		defer srv.Close()
		c := &tsa.Client{URL: srv.URL}
		if _, err := c.Timestamp(context.Background(), replayReq[:]); err != nil {
			t.Fatal(err)
		}
		_, err := c.Timestamp(context.Background(), replayReq[:])
		checkError(t, "replayed", err, "nonce")
	}

	hang := make(chan struct{})
	got := make(chan struct{}, 1)
	servers := map[string]http.HandlerFunc{
		"500": func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", http.StatusInternalServerError) },
		"html": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<html>"))
		},
		"garbage": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/timestamp-reply")
			w.Write([]byte{0x30, 0x03, 0x02, 0x01})
		},
		"rejection": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/timestamp-reply")
			// status rejection, statusString "no", failInfo badAlg
			w.Write([]byte{0x30, 0x0e, 0x30, 0x0c, 0x02, 0x01, 0x02, 0x30, 0x04, 0x0c, 0x02, 'n', 'o', 0x03, 0x01, 0x00})
		},
		"hang": func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-hang:
			case <-r.Context().Done():
			}
		},
		"hang and tell": func(w http.ResponseWriter, r *http.Request) {
			got <- struct{}{}
			select {
			case <-hang:
			case <-r.Context().Done():
			}
		},
	}
	urls := map[string]string{}
	for name, h := range servers {
		srv := httptest.NewServer(h)
		defer srv.Close()
		urls[name] = srv.URL
	}
	defer close(hang) // before the servers close, which waits for their handlers
	for _, tc := range []struct {
		name, url, want string
		timeout         time.Duration
	}{
		{"HTTP error", urls["500"], "HTTP 500", 0},
		{"wrong type", urls["html"], "text/html", 0},
		{"garbage", urls["garbage"], "not a TimeStampResp", 0},
		{"rejection", urls["rejection"], "status 2 (rejection): no", 0},
		{"unreachable", "http://127.0.0.1:1/", "cannot be reached", 0},
		{"timeout", urls["hang"], "no reply within 50ms", 50 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := (&tsa.Client{URL: tc.url, Timeout: tc.timeout}).Timestamp(context.Background(), digest[:])
			checkError(t, tc.name, err, tc.want)
		})
	}

	// A canceled context gives the cancellation, not an authority error.
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := (&tsa.Client{URL: urls["hang and tell"]}).Timestamp(ctx, digest[:])
		done <- err
	}()
	<-got
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("canceled: %v", err)
	}
}

func checkError(t *testing.T, name string, err error, want string) {
	t.Helper()
	var te *tsa.Error
	if !errors.As(err, &te) || !strings.Contains(te.MessageEN, want) || te.Message == "" || !strings.Contains(err.Error(), "时间戳服务") {
		t.Errorf("%s: %v, want a tsa.Error saying %q", name, err, want)
	}
}

func pemOf(c *smx509.Certificate) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
}

// recorder keeps a copy of the reply it passes on.
type recorder struct {
	http.ResponseWriter
	body *[]byte
}

func (r recorder) Write(b []byte) (int, error) {
	*r.body = append(*r.body, b...)
	return r.ResponseWriter.Write(b)
}
