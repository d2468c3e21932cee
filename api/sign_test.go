package api

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/emmansun/gmsm/smx509"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/sign"
	"github.com/jixiao/jixiao/sign/keygen"
	"github.com/jixiao/jixiao/sign/tsa"
	"github.com/jixiao/jixiao/sign/tsa/tsatest"
	"github.com/jixiao/jixiao/verify"
)

func init() {
	// The documents POST /api/v1/verify reads.
	openapi3filter.RegisterBodyDecoder("application/pdf", openapi3filter.FileBodyDecoder)
	openapi3filter.RegisterBodyDecoder("application/ofd", openapi3filter.FileBodyDecoder)
}

func signingConfig(t *testing.T, alg sign.Algorithm) Config {
	t.Helper()
	k, err := keygen.New(keygen.Options{Algorithm: alg, Name: "北京市地方金融监督管理局"})
	if err != nil {
		t.Fatal(err)
	}
	s, err := export.NewSigning(context.Background(), k.Signer, nil)
	if err != nil {
		t.Fatal(err)
	}
	roots := smx509.NewCertPool()
	roots.AddCert(k.CA)
	return Config{Sign: s, Trust: roots, Write: export.Write}
}

// TestSignedRenderVerify: a server with an ECDSA key signs a PDF on
// request, says so in the formats, and verifies what it signed; a
// changed byte makes the answer invalid.
func TestSignedRenderVerify(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	ts := newTestServer(t, signingConfig(t, sign.ECDSA))
	resp, body := ts.do(t, http.MethodGet, "/api/v1/formats", "", nil)
	var formats struct{ Formats []formatInfo }
	if err := json.Unmarshal(body, &formats); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("formats: %d %s", resp.StatusCode, body)
	}
	for _, f := range formats.Formats {
		if f.Signed != (f.Name == "pdf") {
			t.Errorf("format %s: signed %v", f.Name, f.Signed)
		}
	}
	resp, pdf := ts.post(t, "/api/v1/render?format=pdf&part=table:1&sign=true", example(t))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("render: %d %s", resp.StatusCode, pdf)
	}
	resp, body = ts.do(t, http.MethodPost, "/api/v1/verify", "application/pdf", pdf)
	var res verify.Result
	if err := json.Unmarshal(body, &res); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("verify: %d %s", resp.StatusCode, body)
	}
	if !res.Valid || len(res.Signatures) != 1 || !res.Signatures[0].Trusted || !res.Signatures[0].Unchanged || res.Signatures[0].Signer != "北京市地方金融监督管理局" {
		t.Errorf("verify: %s", body)
	}
	bad := bytes.Clone(pdf)
	i := bytes.Index(bad, []byte("/MediaBox"))
	bad[i+1] = 'N'
	resp, body = ts.do(t, http.MethodPost, "/api/v1/verify", "application/pdf", bad)
	if err := json.Unmarshal(body, &res); err != nil || resp.StatusCode != http.StatusOK || res.Valid || res.Signatures[0].Error == "" {
		t.Errorf("verify of a changed PDF: %d %s", resp.StatusCode, body)
	}

	// An unsigned document, and a format the key cannot sign.
	resp, plain := ts.post(t, "/api/v1/render?format=pdf&part=table:1", example(t))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("render: %d", resp.StatusCode)
	}
	resp, body = ts.do(t, http.MethodPost, "/api/v1/verify", "application/pdf", plain)
	problem(t, resp, body, http.StatusUnprocessableEntity, "not-signed")
	resp, body = ts.post(t, "/api/v1/render?format=ofd&part=table:1&sign=true", example(t))
	problem(t, resp, body, http.StatusBadRequest, "bad-parameter")
	resp, body = ts.post(t, "/api/v1/batch?format=pdf,ofd&sign=true", example(t))
	problem(t, resp, body, http.StatusBadRequest, "bad-parameter")
}

// TestSealedRenderVerify: an SM2 key seals the OFD; a server without a
// key refuses sign=true.
func TestSealedRenderVerify(t *testing.T) {
	ts := newTestServer(t, signingConfig(t, sign.SM2))
	resp, ofd := ts.post(t, "/api/v1/render?format=ofd&part=table:1&sign=true", example(t))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("render: %d %s", resp.StatusCode, ofd)
	}
	resp, body := ts.do(t, http.MethodPost, "/api/v1/verify", "application/ofd", ofd)
	var res verify.Result
	if err := json.Unmarshal(body, &res); err != nil || resp.StatusCode != http.StatusOK || !res.Valid || res.Format != "ofd" || res.Signatures[0].Seal == "" {
		t.Errorf("verify: %d %s", resp.StatusCode, body)
	}
	resp, body = ts.do(t, http.MethodPost, "/api/v1/verify", "text/plain", ofd)
	problem(t, resp, body, http.StatusUnsupportedMediaType, "unsupported-media-type")

	none := newTestServer(t, Config{Write: export.Write})
	resp, body = none.post(t, "/api/v1/render?format=pdf&part=table:1&sign=true", example(t))
	problem(t, resp, body, http.StatusBadRequest, "bad-parameter")
	resp, body = none.post(t, "/api/v1/render?format=pdf&part=table:1&sign=maybe", example(t))
	problem(t, resp, body, http.StatusBadRequest, "bad-parameter")
}

// TestVerifyTooLarge: the document is bounded like a batch's body.
func TestVerifyTooLarge(t *testing.T) {
	ts := newTestServer(t, Config{MaxBatchBody: 1000})
	resp, body := ts.do(t, http.MethodPost, "/api/v1/verify", "application/pdf", bytes.Repeat([]byte("%PDF-"), 400))
	problem(t, resp, body, http.StatusRequestEntityTooLarge, "body-too-large")
}

// TestSignedRenderTimestamp: a server with a time-stamping authority
// time-stamps the signatures, verify reports the time-stamp, and an
// authority that fails is 502 timestamp-failed.
func TestSignedRenderTimestamp(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	authority := tsatest.Start(t)
	cfg := signingConfig(t, sign.ECDSA)
	cfg.Sign.TSA = &tsa.Client{URL: authority.URL}
	cfg.Trust.AddCert(authority.CA)
	ts := newTestServer(t, cfg)
	resp, pdf := ts.post(t, "/api/v1/render?format=pdf&part=table:1&sign=true", example(t))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("render: %d %s", resp.StatusCode, pdf)
	}
	resp, body := ts.do(t, http.MethodPost, "/api/v1/verify", "application/pdf", pdf)
	var res verify.Result
	if err := json.Unmarshal(body, &res); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("verify: %d %s", resp.StatusCode, body)
	}
	if !res.Valid || len(res.Signatures) != 1 || res.Signatures[0].Timestamp == nil || !res.Signatures[0].Timestamp.Trusted {
		t.Errorf("verify: %s", body)
	}

	cfg = signingConfig(t, sign.ECDSA)
	cfg.Sign.TSA = &tsa.Client{URL: "http://127.0.0.1:1/"}
	ts = newTestServer(t, cfg)
	resp, body = ts.post(t, "/api/v1/render?format=pdf&part=table:1&sign=true", example(t))
	problem(t, resp, body, http.StatusBadGateway, "timestamp-failed")
	if !bytes.Contains(body, []byte("cannot be reached")) || !bytes.Contains(body, []byte("签名时间戳失败")) {
		t.Errorf("the problem does not say why: %s", body)
	}
}
