package web_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/emmansun/gmsm/smx509"
	"github.com/jixiao/jixiao/api"
	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/sign"
	"github.com/jixiao/jixiao/sign/keygen"
	"github.com/jixiao/jixiao/sign/tsa"
	"github.com/jixiao/jixiao/sign/tsa/tsatest"
)

// TestBrowserSigning: a service with a key offers signing, and a signed
// PDF dropped on the page is checked: valid as signed, invalid once a
// byte changed; one without a key does not offer it.
func TestBrowserSigning(t *testing.T) {
	chromium(t)
	k, err := keygen.New(keygen.Options{Algorithm: sign.ECDSA, Name: "北京市地方金融监督管理局"})
	if err != nil {
		t.Fatal(err)
	}
	signing, err := export.NewSigning(context.Background(), k.Signer, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The signature is time-stamped; the page shows the stamp's time.
	authority := tsatest.Start(t)
	signing.TSA = &tsa.Client{URL: authority.URL}
	roots := smx509.NewCertPool()
	roots.AddCert(k.CA)
	roots.AddCert(authority.CA)
	o, err := export.Query{Format: "pdf", Part: "table:1"}.Options()
	if err != nil {
		t.Fatal(err)
	}
	o.Sign = signing
	var signed bytes.Buffer
	if _, err := export.Render(context.Background(), &signed, evaluation.Evaluate(reference(t), nil), o); err != nil {
		t.Fatal(err)
	}
	changed := bytes.Clone(signed.Bytes())
	i := bytes.Index(changed, []byte("/MediaBox"))
	changed[i+1] = 'N'

	base := startServer(t, api.Config{Sign: signing, Trust: roots, Write: export.Write}, nil)
	s := newSession(t, "signing")
	s.run(chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("html[data-ready]")))
	// The choice is in the download section, shown with a file's details.
	s.waitJS("the signing choice", `!document.getElementById('sign-field').hidden`)
	if got := s.text("#sign-label"); !strings.Contains(got, "PDF") || strings.Contains(got, "OFD（") {
		t.Errorf("sign label %q", got)
	}
	paths := writeFiles(t, map[string][]byte{"signed.pdf": signed.Bytes(), "changed.pdf": changed})
	s.upload(paths["signed.pdf"], paths["changed.pdf"])
	s.waitJS("both files to be checked", `document.querySelectorAll('#file-table tbody tr').length === 2 && !document.getElementById('file-table').textContent.includes('校验中')`)
	if got := s.text(`#file-table tr[data-file="signed.pdf"]`); !strings.Contains(got, "签名有效") || !strings.Contains(got, "签署后未改动") || !strings.Contains(got, "证书可信") ||
		!strings.Contains(got, "时间戳 20") || !strings.Contains(got, tsatest.Name) {
		t.Errorf("signed.pdf row %q", got)
	}
	if got := s.text(`#file-table tr[data-file="changed.pdf"]`); !strings.Contains(got, "签名无效") {
		t.Errorf("changed.pdf row %q", got)
	}
	s.screenshot("signing")

	plain := startServer(t, api.Config{Write: export.Write}, nil)
	s2 := newSession(t, "no-signing")
	s2.run(chromedp.Navigate(plain+"/"), chromedp.WaitVisible(chromedp.CSS("html[data-ready]")))
	var visible bool
	s2.waitJS("the formats to be read", `performance.getEntriesByType('resource').some((e) => e.name.includes('/api/v1/formats'))`)
	s2.eval(`!document.getElementById('sign-field').hidden`, &visible)
	if visible {
		t.Error("a service without a key offers signing")
	}
}
