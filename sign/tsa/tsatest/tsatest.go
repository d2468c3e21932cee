// Package tsatest runs a real time-stamping authority for tests: an HTTP
// server that answers each RFC 3161 request with OpenSSL 3's
// `openssl ts -reply`, signing with a certificate made for the test
// (extended key usage timeStamping, critical) by a CA of its own.
package tsatest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/emmansun/gmsm/smx509"
)

// Name is the common name of the authority's certificate.
const Name = "Jixiao test TSA"

// TSA is a running authority.
type TSA struct {
	URL string
	// CA issued the authority's certificate: the trust anchor that
	// makes its tokens trusted.
	CA *smx509.Certificate

	dir, openssl string
	mu           sync.Mutex // openssl ts keeps its serial number in a file
	requests     int
}

// Start starts an authority; it stops when the test ends. Without
// OpenSSL the test fails in CI (CI set) and is skipped elsewhere.
func Start(t testing.TB) *TSA {
	t.Helper()
	return StartPadded(t, 0)
}

// StartPadded starts an authority whose tokens carry n more copies of
// its CA's certificate, as an authority with a long chain has tokens of
// some kilobytes more.
func StartPadded(t testing.TB, n int) *TSA {
	t.Helper()
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("openssl not found: CI must install it (scripts/ci-deps.sh)")
		}
		t.Skip("openssl not found")
	}
	a := &TSA{dir: t.TempDir(), openssl: openssl}
	if err := a.makeCertificates(n); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a)
	t.Cleanup(srv.Close)
	a.URL = srv.URL
	return a
}

// Requests returns how many requests the authority answered.
func (a *TSA) Requests() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.requests
}

// ServeHTTP answers a time-stamp request as RFC 3161 §3.4 says.
func (a *TSA) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/timestamp-query" {
		http.Error(w, "want a POST of application/timestamp-query", http.StatusBadRequest)
		return
	}
	query, err := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	reply, err := a.Reply(query)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/timestamp-reply")
	w.Write(reply)
}

// Reply answers a TimeStampReq with OpenSSL.
func (a *TSA) Reply(query []byte) ([]byte, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.requests++
	q, out := filepath.Join(a.dir, "query.tsq"), filepath.Join(a.dir, "reply.tsr")
	if err := os.WriteFile(q, query, 0o600); err != nil {
		return nil, err
	}
	cmd := exec.Command(a.openssl, "ts", "-reply", "-config", filepath.Join(a.dir, "tsa.cnf"), "-queryfile", q, "-out", out)
	cmd.Dir = a.dir
	if msg, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("openssl ts -reply: %v: %s", err, msg)
	}
	return os.ReadFile(out)
}

const config = `[ tsa ]
default_tsa = tsa1

[ tsa1 ]
dir = .
serial = ./serial
signer_cert = ./tsa.pem
certs = ./ca.pem
signer_key = ./tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`

// makeCertificates writes the CA, the authority's key and certificate
// and OpenSSL's configuration into the authority's folder.
func (a *TSA) makeCertificates(padding int) error {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	now := time.Now()
	caTmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: Name + " CA"},
		NotBefore:             now.Add(-24 * time.Hour),
		NotAfter:              now.Add(10 * 365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return err
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		return err
	}
	eku, err := asn1.Marshal([]asn1.ObjectIdentifier{{1, 3, 6, 1, 5, 5, 7, 3, 8}}) // timeStamping
	if err != nil {
		return err
	}
	tmpl := &x509.Certificate{
		SerialNumber:    big.NewInt(2),
		Subject:         pkix.Name{CommonName: Name},
		NotBefore:       now.Add(-time.Hour),
		NotAfter:        now.Add(365 * 24 * time.Hour),
		KeyUsage:        x509.KeyUsageDigitalSignature,
		ExtraExtensions: []pkix.Extension{{Id: asn1.ObjectIdentifier{2, 5, 29, 37}, Critical: true, Value: eku}},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return err
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	if a.CA, err = smx509.ParseCertificate(caDER); err != nil {
		return err
	}
	files := map[string][]byte{
		"ca.pem":  bytes.Repeat(pemBlock("CERTIFICATE", caDER), 1+padding),
		"tsa.pem": pemBlock("CERTIFICATE", der),
		"tsa.key": pemBlock("PRIVATE KEY", keyDER),
		"serial":  []byte("01\n"),
		"tsa.cnf": []byte(config),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(a.dir, name), data, 0o600); err != nil {
			return err
		}
	}
	return nil
}

func pemBlock(typ string, der []byte) []byte {
	var b bytes.Buffer
	pem.Encode(&b, &pem.Block{Type: typ, Bytes: der})
	return b.Bytes()
}
