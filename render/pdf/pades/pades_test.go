package pades_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emmansun/gmsm/pkcs7"
	"github.com/emmansun/gmsm/smx509"
	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/render/pdf/pades"
	"github.com/jixiao/jixiao/sign"
	"github.com/jixiao/jixiao/sign/keygen"
	"github.com/jixiao/jixiao/sign/tsa"
	"github.com/jixiao/jixiao/sign/tsa/tsatest"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

func renderPDF(t testing.TB, part string) []byte {
	t.Helper()
	data, err := os.ReadFile("../../../examples/beijing-finance-2021.json")
	if err != nil {
		t.Fatal(err)
	}
	rep := evaluation.Evaluate(data, nil)
	var buf bytes.Buffer
	o, err := export.Query{Format: "pdf", Part: part}.Options()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := export.Render(context.Background(), &buf, rep, o); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// tool finds a program the test needs: CI must have it (CI set); on
// other machines the test is skipped without it.
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s not found: CI must install it (scripts/ci-deps.sh)", name)
		}
		t.Skipf("%s not found", name)
	}
	return p
}

func newKey(t testing.TB, alg sign.Algorithm) *keygen.Key {
	t.Helper()
	k, err := keygen.New(keygen.Options{Algorithm: alg, Name: "北京市地方金融监督管理局"})
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func pool(k *keygen.Key) *smx509.CertPool {
	p := smx509.NewCertPool()
	p.AddCert(k.CA)
	return p
}

func pdfsig(t *testing.T, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "signed.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	// -nocert: the test CA is no trust anchor of poppler's; Verify
	// checks the chain against it.
	out, _ := exec.Command(tool(t, "pdfsig"), "-nocert", path).CombinedOutput()
	return string(out)
}

func TestSignVerify(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	base := renderPDF(t, "table:1")
	for _, alg := range []sign.Algorithm{sign.RSA, sign.ECDSA} {
		t.Run(alg.String(), func(t *testing.T) {
			k := newKey(t, alg)
			signed, err := pades.Sign(context.Background(), base, k.Signer, pades.Options{Reason: "单位盖章"})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(signed, base) {
				t.Fatal("the signed PDF does not begin with the unsigned one")
			}
			again, err := pades.Sign(context.Background(), base, k.Signer, pades.Options{Reason: "单位盖章"})
			if err != nil || !bytes.Equal(again, signed) {
				t.Errorf("signing twice gave different bytes (err %v)", err)
			}
			out := pdfsig(t, signed)
			for _, want := range []string{"Signature is Valid", "Total document signed", "北京市地方金融监督管理局", "ETSI.CAdES.detached", "Nov 14 2023"} {
				if !strings.Contains(out, want) {
					t.Errorf("pdfsig does not say %q:\n%s", want, out)
				}
			}
			sigs, err := pades.Verify(signed, pool(k))
			if err != nil || len(sigs) != 1 {
				t.Fatalf("Verify: %v, %d signatures", err, len(sigs))
			}
			s := sigs[0]
			if s.Err != nil || !s.Whole || !s.Trusted || s.Signer != "北京市地方金融监督管理局" || !s.Time.Equal(time.Unix(1700000000, 0)) {
				t.Errorf("Verify: %+v", s)
			}

			// One byte flipped inside the signed range.
			bad := bytes.Clone(signed)
			i := bytes.Index(bad, []byte("/MediaBox"))
			bad[i+1] = 'N'
			if out := pdfsig(t, bad); strings.Contains(out, "Signature is Valid") || !strings.Contains(out, "Digest Mismatch") {
				t.Errorf("pdfsig after a changed byte:\n%s", out)
			}
			sigs, err = pades.Verify(bad, pool(k))
			if err != nil || len(sigs) != 1 || sigs[0].Err == nil || !strings.Contains(sigs[0].Err.Error(), "changed since signing") {
				t.Errorf("Verify after a changed byte: %v %+v", err, sigs)
			}

			// Bytes appended after signing leave the signature valid
			// but not covering the document.
			more := append(bytes.Clone(signed), "\n% appended\n"...)
			sigs, _ = pades.Verify(more, pool(k))
			if len(sigs) != 1 || sigs[0].Err != nil || sigs[0].Whole {
				t.Errorf("Verify after appending: %+v", sigs)
			}

			// Another CA is no trust anchor.
			if sigs, _ := pades.Verify(signed, pool(newKey(t, alg))); sigs[0].Err == nil {
				t.Error("Verify trusted a chain to another CA")
			}
		})
	}
}

func TestSignErrors(t *testing.T) {
	base := renderPDF(t, "table:1")
	expired, err := keygen.New(keygen.Options{Algorithm: sign.ECDSA, NotBefore: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	tests := []struct {
		name string
		pdf  []byte
		key  sign.Signer
		want string
	}{
		{"expired certificate", base, expired.Signer, "expired on 2021-01-01"},
		{"SM2 key", base, newKey(t, sign.SM2).Signer, "SM2"},
		{"truncated PDF", base[:len(base)/2], newKey(t, sign.ECDSA).Signer, "truncated"},
		{"not a PDF", []byte("hello"), newKey(t, sign.ECDSA).Signer, "not a PDF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := pades.Sign(context.Background(), tt.pdf, tt.key, pades.Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) || out != nil {
				t.Fatalf("Sign: %v, want an error saying %q and no output", err, tt.want)
			}
		})
	}
	if _, err := pades.Verify(base, nil); err != pades.ErrNoSignature {
		t.Errorf("Verify of an unsigned PDF: %v", err)
	}
}

func TestSignTimestamp(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	authority := tsatest.Start(t)
	base := renderPDF(t, "table:1")
	k := newKey(t, sign.ECDSA)
	before := time.Now().Truncate(time.Second)
	signed, err := pades.Sign(context.Background(), base, k.Signer, pades.Options{TSA: &tsa.Client{URL: authority.URL}})
	after := time.Now()
	if err != nil {
		t.Fatal(err)
	}
	if n := authority.Requests(); n != 1 {
		t.Errorf("%d requests to the authority, want 1", n)
	}
	out := pdfsig(t, signed)
	for _, want := range []string{"Signature is Valid", "Total document signed"} {
		if !strings.Contains(out, want) {
			t.Errorf("pdfsig does not say %q:\n%s", want, out)
		}
	}
	roots := pool(k)
	roots.AddCert(authority.CA)
	sigs, err := pades.Verify(signed, roots)
	if err != nil || len(sigs) != 1 {
		t.Fatalf("Verify: %v, %d signatures", err, len(sigs))
	}
	s := sigs[0]
	if s.Err != nil || !s.Whole || s.Timestamp == nil {
		t.Fatalf("Verify: %+v", s)
	}
	if ts := s.Timestamp; ts.Authority != tsatest.Name || !ts.Trusted || ts.Time.Before(before) || ts.Time.After(after) {
		t.Errorf("timestamp %+v, want one by %q between %v and %v", ts, tsatest.Name, before, after)
	}
	// OpenSSL agrees that the token stamps the signature value and is
	// the authority's.
	token, value := tokenOf(t, signed)
	dir := t.TempDir()
	files := map[string][]byte{"token.der": token, "value.bin": value,
		"ca.pem": pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: authority.CA.Raw})}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := exec.Command(tool(t, "openssl"), "ts", "-verify", "-token_in", "-in", filepath.Join(dir, "token.der"),
		"-data", filepath.Join(dir, "value.bin"), "-CAfile", filepath.Join(dir, "ca.pem")).CombinedOutput(); err != nil || !strings.Contains(string(out), "Verification: OK") {
		t.Errorf("openssl ts -verify: %v\n%s", err, out)
	}

	// An authority whose tokens outgrow the room first left for them:
	// the PDF is signed again with room for its token.
	long := tsatest.StartPadded(t, 40)
	signed, err = pades.Sign(context.Background(), base, k.Signer, pades.Options{TSA: &tsa.Client{URL: long.URL}})
	if err != nil {
		t.Fatal(err)
	}
	if n := long.Requests(); n != 2 {
		t.Errorf("%d requests to an authority of long tokens, want 2", n)
	}
	if out := pdfsig(t, signed); !strings.Contains(out, "Signature is Valid") || !strings.Contains(out, "Total document signed") {
		t.Errorf("pdfsig of a PDF with a long token:\n%s", out)
	}
	if token, _ := tokenOf(t, signed); len(token) < 12000 {
		t.Errorf("a token of %d bytes from an authority of long tokens", len(token))
	}
	if sigs, err := pades.Verify(signed, nil); err != nil || sigs[0].Err != nil || sigs[0].Timestamp == nil {
		t.Errorf("Verify of a PDF with a long token: %v %+v", err, sigs)
	}

	// An authority that cannot be reached: an error, nothing signed.
	out2, err := pades.Sign(context.Background(), base, k.Signer, pades.Options{TSA: &tsa.Client{URL: "http://127.0.0.1:1/"}})
	var te *tsa.Error
	if !errors.As(err, &te) || out2 != nil {
		t.Errorf("Sign with an unreachable authority: %v, %d bytes", err, len(out2))
	}

	// The authority is no trust anchor: the time-stamp fails.
	if sigs, _ := pades.Verify(signed, pool(k)); sigs[0].Err == nil || !strings.Contains(sigs[0].Err.Error(), "time-stamp") {
		t.Errorf("Verify without the authority's CA: %+v", sigs[0])
	}
}

// tokenOf returns the signature time-stamp token of a signed PDF's only
// signature and the signature value it stamps.
func tokenOf(t *testing.T, pdf []byte) (token, value []byte) {
	t.Helper()
	i := bytes.Index(pdf, []byte("/Contents <"))
	j := bytes.IndexByte(pdf[i:], '>')
	padded, err := hex.DecodeString(string(pdf[i+len("/Contents <") : i+j]))
	if err != nil {
		t.Fatal(err)
	}
	// The CMS, without the zeros that pad it to its room.
	var der cryptobyte.String
	if in := cryptobyte.String(padded); !in.ReadASN1Element(&der, cbasn1.SEQUENCE) {
		t.Fatal("no CMS in /Contents")
	}
	p7, err := pkcs7.Parse(der)
	if err != nil {
		t.Fatal(err)
	}
	si := p7.Signers[0]
	for _, a := range si.UnauthenticatedAttributes {
		if a.Type.String() == "1.2.840.113549.1.9.16.2.14" {
			return a.Value.Bytes, si.EncryptedDigest
		}
	}
	t.Fatal("no signature time-stamp")
	return nil, nil
}
