package pades_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emmansun/gmsm/smx509"
	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/render/pdf/pades"
	"github.com/jixiao/jixiao/sign"
	"github.com/jixiao/jixiao/sign/keygen"
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
