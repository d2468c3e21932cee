package verify_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"testing"

	"github.com/emmansun/gmsm/smx509"
	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/sign"
	"github.com/jixiao/jixiao/sign/keygen"
	"github.com/jixiao/jixiao/verify"
)

func render(t *testing.T, format string, alg sign.Algorithm) ([]byte, *smx509.CertPool) {
	t.Helper()
	data, err := os.ReadFile("../examples/beijing-finance-2021.json")
	if err != nil {
		t.Fatal(err)
	}
	o, err := export.Query{Format: format, Part: "table:1"}.Options()
	if err != nil {
		t.Fatal(err)
	}
	var roots *smx509.CertPool
	if alg != 0 {
		k, err := keygen.New(keygen.Options{Algorithm: alg, Name: "北京市地方金融监督管理局"})
		if err != nil {
			t.Fatal(err)
		}
		if o.Sign, err = export.NewSigning(context.Background(), k.Signer, nil); err != nil {
			t.Fatal(err)
		}
		roots = smx509.NewCertPool()
		roots.AddCert(k.CA)
	}
	var buf bytes.Buffer
	if _, err := export.Render(context.Background(), &buf, evaluation.Evaluate(data, nil), o); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), roots
}

func TestDocument(t *testing.T) {
	for _, tc := range []struct {
		format string
		alg    sign.Algorithm
	}{{"pdf", sign.ECDSA}, {"ofd", sign.SM2}} {
		doc, roots := render(t, tc.format, tc.alg)
		res, err := verify.Document(doc, roots)
		if err != nil || !res.Valid || res.Format != tc.format || len(res.Signatures) != 1 {
			t.Fatalf("%s: %v %+v", tc.format, err, res)
		}
		s := res.Signatures[0]
		if !s.Unchanged || !s.Trusted || s.Error != "" || s.Signer != "北京市地方金融监督管理局" || (tc.format == "ofd") != (s.Seal != "") {
			t.Errorf("%s: %+v", tc.format, s)
		}
		// Without trust anchors the signature is checked, the chain not.
		if res, err := verify.Document(doc, nil); err != nil || !res.Valid || res.Signatures[0].Trusted {
			t.Errorf("%s without anchors: %v %+v", tc.format, err, res)
		}
		// Bytes added after the signature: still signed, but changed.
		if tc.format == "pdf" {
			res, err := verify.Document(append(bytes.Clone(doc), "\n%%EOF\n"...), roots)
			if err != nil || res.Valid || res.Signatures[0].Unchanged {
				t.Errorf("pdf with bytes appended: %v %+v", err, res)
			}
		}
		unsigned, _ := render(t, tc.format, 0)
		if _, err := verify.Document(unsigned, nil); !errors.Is(err, verify.ErrUnsigned) {
			t.Errorf("%s unsigned: %v", tc.format, err)
		}
		if _, err := verify.Document(doc[:len(doc)/3], nil); err == nil {
			t.Errorf("%s truncated: no error", tc.format)
		}
	}
	if _, err := verify.Document([]byte(`{"year":2021}`), nil); !errors.Is(err, verify.ErrFormat) {
		t.Errorf("JSON: %v", err)
	}
}
