package main

import (
	"archive/zip"
	"bytes"
	"encoding/pem"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jixiao/jixiao/sign"
	"github.com/jixiao/jixiao/sign/keygen"
	"github.com/jixiao/jixiao/sign/tsa/tsatest"
)

const reference = "../../examples/beijing-finance-2021.json"

// keyFiles writes a key made for the test: key.pem (encrypted with
// "secret"), chain.pem and ca.pem.
func keyFiles(t *testing.T, opts keygen.Options) string {
	t.Helper()
	opts.Name = "北京市地方金融监督管理局"
	k, err := keygen.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	key, err := k.KeyPEM([]byte("secret"))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"key.pem": key, "chain.pem": k.ChainPEM(), "ca.pem": k.CAPEM(), "pass": []byte("secret\n")} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestRenderSignVerify signs a PDF and an OFD on the command line and
// checks them with jixiao verify, and the PDF with pdfsig too: valid,
// then invalid after one byte of the signed range changed.
func TestRenderSignVerify(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	for _, tc := range []struct {
		ext string
		alg sign.Algorithm
	}{{".pdf", sign.ECDSA}, {".pdf", sign.RSA}, {".ofd", sign.SM2}} {
		t.Run(tc.alg.String(), func(t *testing.T) {
			keys := keyFiles(t, keygen.Options{Algorithm: tc.alg})
			out := filepath.Join(t.TempDir(), "signed"+tc.ext)
			var stderr bytes.Buffer
			args := []string{"render", "--part", "table:1", "--sign", filepath.Join(keys, "key.pem"), "--sign-cert", filepath.Join(keys, "chain.pem"),
				"--sign-passphrase-file", filepath.Join(keys, "pass"), "-o", out, reference}
			if code := run(args, nil, io.Discard, &stderr); code != exitOK {
				t.Fatalf("render: exit %d: %s", code, stderr.String())
			}
			var stdout bytes.Buffer
			trust := filepath.Join(keys, "ca.pem")
			if code := run([]string{"verify", "--trust", trust, out}, nil, &stdout, io.Discard); code != 0 || !strings.Contains(stdout.String(), "有效 valid") ||
				!strings.Contains(stdout.String(), "unchanged since signing") || !strings.Contains(stdout.String(), "2023-11-14T22:13:20Z") {
				t.Fatalf("verify: exit %d\n%s", code, stdout.String())
			}
			data, _ := os.ReadFile(out)
			if tc.ext == ".pdf" {
				if got := pdfsig(t, out); !strings.Contains(got, "Signature is Valid") || !strings.Contains(got, "Total document signed") {
					t.Errorf("pdfsig:\n%s", got)
				}
				bad := bytes.Clone(data)
				i := bytes.Index(bad, []byte("/MediaBox"))
				bad[i+1] = 'N'
				os.WriteFile(out, bad, 0o644)
				if got := pdfsig(t, out); strings.Contains(got, "Signature is Valid") {
					t.Errorf("pdfsig after a changed byte:\n%s", got)
				}
			} else {
				// A changed byte of a page's XML, the package otherwise
				// intact.
				os.WriteFile(out, changeEntry(t, data, "Doc_0/Pages/Page_0/Content.xml"), 0o644)
			}
			stdout.Reset()
			code := run([]string{"verify", "--trust", trust, out}, nil, &stdout, io.Discard)
			if code != exitInvalid || !strings.Contains(stdout.String(), "INVALID") {
				t.Errorf("verify after a change: exit %d\n%s", code, stdout.String())
			}
			if tc.ext == ".ofd" && !strings.Contains(stdout.String(), "Doc_0/Pages/Page_0/Content.xml") {
				t.Errorf("verify does not name the changed file:\n%s", stdout.String())
			}
		})
	}
}

// TestRenderTimestamp signs a PDF time-stamped by a real authority
// (OpenSSL's) on the command line: jixiao verify reports the time-stamp
// and trusts it with the authority's CA among the anchors.
func TestRenderTimestamp(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	authority := tsatest.Start(t)
	keys := keyFiles(t, keygen.Options{Algorithm: sign.ECDSA})
	out := filepath.Join(t.TempDir(), "signed.pdf")
	var stderr bytes.Buffer
	args := []string{"render", "--part", "table:1", "--sign", filepath.Join(keys, "key.pem"), "--sign-cert", filepath.Join(keys, "chain.pem"),
		"--sign-passphrase-file", filepath.Join(keys, "pass"), "--tsa", authority.URL, "-o", out, reference}
	if code := run(args, nil, io.Discard, &stderr); code != exitOK {
		t.Fatalf("render: exit %d: %s", code, stderr.String())
	}
	ca, _ := os.ReadFile(filepath.Join(keys, "ca.pem"))
	trust := filepath.Join(keys, "trust.pem")
	os.WriteFile(trust, append(ca, pemCert(authority.CA.Raw)...), 0o600)
	var stdout bytes.Buffer
	if code := run([]string{"verify", "--trust", trust, out}, nil, &stdout, io.Discard); code != 0 ||
		!strings.Contains(stdout.String(), "时间戳 time-stamp: 20") || !strings.Contains(stdout.String(), tsatest.Name) {
		t.Fatalf("verify: exit %d\n%s", code, stdout.String())
	}
	stdout.Reset()
	if code := run([]string{"verify", "--json", "--trust", trust, out}, nil, &stdout, io.Discard); code != 0 || !strings.Contains(stdout.String(), `"authority":"`+tsatest.Name+`","trusted":true`) {
		t.Fatalf("verify --json: exit %d\n%s", code, stdout.String())
	}
	// Without the authority's CA among the anchors the time-stamp fails.
	stdout.Reset()
	if code := run([]string{"verify", "--trust", filepath.Join(keys, "ca.pem"), out}, nil, &stdout, io.Discard); code != exitInvalid || !strings.Contains(stdout.String(), "time-stamp") {
		t.Fatalf("verify without the authority's CA: exit %d\n%s", code, stdout.String())
	}
}

func pemCert(der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

// TestRenderSignErrors: each is a clear error, and no file is written.
func TestRenderSignErrors(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	good := keyFiles(t, keygen.Options{Algorithm: sign.ECDSA})
	other := keyFiles(t, keygen.Options{Algorithm: sign.ECDSA})
	expired := keyFiles(t, keygen.Options{Algorithm: sign.ECDSA, NotBefore: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)})
	sm2 := keyFiles(t, keygen.Options{Algorithm: sign.SM2})
	key, _ := os.ReadFile(filepath.Join(good, "key.pem"))
	truncated := filepath.Join(t.TempDir(), "truncated.pem")
	os.WriteFile(truncated, key[:len(key)/2], 0o600)
	wrongPass := filepath.Join(t.TempDir(), "wrong")
	os.WriteFile(wrongPass, []byte("wrong\n"), 0o600)
	pem := func(dir string) []string {
		return []string{"--sign", filepath.Join(dir, "key.pem"), "--sign-cert", filepath.Join(dir, "chain.pem"), "--sign-passphrase-file", filepath.Join(dir, "pass")}
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"wrong passphrase", []string{"--sign", filepath.Join(good, "key.pem"), "--sign-cert", filepath.Join(good, "chain.pem"), "--sign-passphrase-file", wrongPass}, "wrong passphrase"},
		{"expired certificate", pem(expired), "expired on 2021-01-01"},
		{"key not matching the certificate", []string{"--sign", filepath.Join(good, "key.pem"), "--sign-cert", filepath.Join(other, "chain.pem"), "--sign-passphrase-file", filepath.Join(good, "pass")}, "does not match"},
		{"truncated key", []string{"--sign", truncated, "--sign-cert", filepath.Join(good, "chain.pem"), "--sign-passphrase-file", filepath.Join(good, "pass")}, "no complete private key"},
		{"SM2 key for a PDF", pem(sm2), "SM2"},
		{"unreachable time-stamping authority", append(pem(good), "--tsa", "http://127.0.0.1:1/"), "时间戳服务 http://127.0.0.1:1/：无法连接或读取回复 (time-stamping authority http://127.0.0.1:1/: cannot be reached"},
		{"time-stamp without a key", []string{"--tsa", "http://127.0.0.1:1/"}, "--tsa 需要 --sign"},
		{"time-stamp URL", append(pem(good), "--tsa", "ftp://tsa"), "want an http:// or https:// URL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out.pdf")
			var stderr bytes.Buffer
			args := append(append([]string{"render", "--part", "table:1"}, tc.args...), "-o", out, reference)
			code := run(args, nil, io.Discard, &stderr)
			if code == exitOK || !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("exit %d, stderr %q; want a failure saying %q", code, stderr.String(), tc.want)
			}
			if strings.Contains(stderr.String(), "secret") || strings.Contains(stderr.String(), "-----BEGIN") {
				t.Errorf("the error shows key material: %s", stderr.String())
			}
			if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 0 {
				t.Errorf("files written: %v", entries)
			}
		})
	}
	if code := run([]string{"verify", reference}, nil, io.Discard, io.Discard); code != exitInvalid {
		t.Errorf("verify of a JSON file: exit %d", code)
	}
}

func pdfsig(t *testing.T, file string) string {
	t.Helper()
	p, err := exec.LookPath("pdfsig")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdfsig not found: CI must install poppler-utils (scripts/ci-deps.sh)")
		}
		t.Skip("pdfsig not found")
	}
	out, _ := exec.Command(p, "-nocert", file).CombinedOutput()
	return string(out)
}

// changeEntry returns the package pkg with one byte added to the entry
// name, every other entry as it was.
func changeEntry(t *testing.T, pkg []byte, name string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if f.Name != name {
			if err := zw.Copy(f); err != nil {
				t.Fatal(err)
			}
			continue
		}
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		w, _ := zw.Create(name)
		w.Write(append(data, ' '))
	}
	zw.Close()
	return out.Bytes()
}

// TestBatchSign: jixiao batch --sign signs every PDF it writes, and
// refuses a format its key cannot sign before it writes anything.
func TestBatchSign(t *testing.T) {
	keys := keyFiles(t, keygen.Options{Algorithm: sign.ECDSA})
	flags := []string{"--sign", filepath.Join(keys, "key.pem"), "--sign-cert", filepath.Join(keys, "chain.pem"), "--sign-passphrase-file", filepath.Join(keys, "pass")}
	out := filepath.Join(t.TempDir(), "out")
	var stderr bytes.Buffer
	args := append(append([]string{"batch", "-q", "--format", "pdf", "--part", "table:1"}, flags...), "-o", out, reference)
	if code := run(args, nil, io.Discard, &stderr); code != exitOK {
		t.Fatalf("batch: exit %d: %s", code, stderr.String())
	}
	var pdfs []string
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if strings.HasSuffix(p, ".pdf") {
			pdfs = append(pdfs, p)
		}
		return nil
	})
	if len(pdfs) != 1 {
		t.Fatalf("batch wrote %v", pdfs)
	}
	var stdout bytes.Buffer
	if code := run([]string{"verify", "--trust", filepath.Join(keys, "ca.pem"), pdfs[0]}, nil, &stdout, io.Discard); code != 0 {
		t.Errorf("verify: exit %d\n%s", code, stdout.String())
	}
	out2 := filepath.Join(t.TempDir(), "out2")
	stderr.Reset()
	args = append(append([]string{"batch", "-q", "--format", "pdf,ofd"}, flags...), "-o", out2, reference)
	if code := run(args, nil, io.Discard, &stderr); code != exitUnread || !strings.Contains(stderr.String(), "SM2") {
		t.Errorf("batch of OFD with an ECDSA key: exit %d: %s", code, stderr.String())
	}
	if _, err := os.Stat(out2); err == nil {
		t.Error("the refused batch wrote its folder")
	}
}

// TestServeSignFlags: serve loads its key and trust anchors at start,
// and a wrong passphrase stops it.
func TestServeSignFlags(t *testing.T) {
	keys := keyFiles(t, keygen.Options{Algorithm: sign.SM2})
	env := map[string]string{"JIXIAO_SIGN_PASSPHRASE": "secret"}
	getenv := func(k string) string { return env[k] }
	args := []string{"--sign", filepath.Join(keys, "key.pem"), "--sign-cert", filepath.Join(keys, "chain.pem"), "--trust", filepath.Join(keys, "ca.pem")}
	sc, err := parseServe(args, getenv, io.Discard)
	if err != nil || sc.cfg.Sign == nil || sc.cfg.Trust == nil {
		t.Fatalf("parseServe: %v %+v", err, sc.cfg.Sign)
	}
	env["JIXIAO_SIGN_PASSPHRASE"] = "wrong"
	if _, err := parseServe(args, getenv, io.Discard); err == nil || !strings.Contains(err.Error(), "wrong passphrase") {
		t.Errorf("parseServe with a wrong passphrase: %v", err)
	}
}

// TestSealNew: jixiao seal new makes a key, chain, trust anchor and seal
// that render --seal uses and verify accepts.
func TestSealNew(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keys")
	var stderr bytes.Buffer
	if code := run([]string{"seal", "new", "--name", "北京市地方金融监督管理局", "-o", dir}, nil, io.Discard, &stderr); code != 0 {
		t.Fatalf("seal new: exit %d: %s", code, stderr.String())
	}
	for _, f := range []string{"key.pem", "chain.pem", "ca.pem", "seal.png", "seal.esl"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	out := filepath.Join(t.TempDir(), "sealed.ofd")
	args := []string{"render", "--part", "table:1", "--sign", filepath.Join(dir, "key.pem"), "--sign-cert", filepath.Join(dir, "chain.pem"),
		"--seal", filepath.Join(dir, "seal.esl"), "-o", out, reference}
	if code := run(args, nil, io.Discard, &stderr); code != 0 {
		t.Fatalf("render: exit %d: %s", code, stderr.String())
	}
	var stdout bytes.Buffer
	if code := run([]string{"verify", "--trust", filepath.Join(dir, "ca.pem"), out}, nil, &stdout, io.Discard); code != 0 || !strings.Contains(stdout.String(), `印章 seal "北京市地方金融监督管理局"`) {
		t.Errorf("verify: exit %d\n%s", code, stdout.String())
	}
	if code := run([]string{"seal", "new", "--alg", "dsa", "--name", "x", "-o", dir}, nil, io.Discard, io.Discard); code != exitUnread {
		t.Errorf("seal new --alg dsa: exit %d", code)
	}
}

// TestRenderSealPKCS12 seals an OFD with an SM2 key from a PKCS #12 file
// that OpenSSL made with the GM algorithms (SM4, SM3).
func TestRenderSealPKCS12(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("openssl not found: CI must install it (scripts/ci-deps.sh)")
		}
		t.Skip("openssl not found")
	}
	dir := t.TempDir()
	k, err := keygen.New(keygen.Options{Algorithm: sign.SM2, Name: "北京市地方金融监督管理局"})
	if err != nil {
		t.Fatal(err)
	}
	key, _ := k.KeyPEM(nil)
	os.WriteFile(filepath.Join(dir, "key.pem"), key, 0o600)
	os.WriteFile(filepath.Join(dir, "chain.pem"), k.ChainPEM(), 0o600)
	os.WriteFile(filepath.Join(dir, "ca.pem"), k.CAPEM(), 0o600)
	os.WriteFile(filepath.Join(dir, "pass"), []byte("secret\n"), 0o600)
	p12 := filepath.Join(dir, "unit.p12")
	if out, err := exec.Command(openssl, "pkcs12", "-export", "-inkey", filepath.Join(dir, "key.pem"), "-in", filepath.Join(dir, "chain.pem"),
		"-certpbe", "SM4-CBC", "-keypbe", "SM4-CBC", "-macalg", "sm3", "-passout", "pass:secret", "-out", p12).CombinedOutput(); err != nil {
		t.Fatalf("openssl pkcs12: %v\n%s", err, out)
	}
	out := filepath.Join(dir, "sealed.ofd")
	var stderr bytes.Buffer
	if code := run([]string{"render", "--part", "table:1", "--sign", p12, "--sign-passphrase-file", filepath.Join(dir, "pass"), "-o", out, reference}, nil, io.Discard, &stderr); code != exitOK {
		t.Fatalf("render: exit %d: %s", code, stderr.String())
	}
	var stdout bytes.Buffer
	if code := run([]string{"verify", "--trust", filepath.Join(dir, "ca.pem"), out}, nil, &stdout, io.Discard); code != 0 || !strings.Contains(stdout.String(), "SM2-SM3") {
		t.Fatalf("verify: exit %d\n%s", code, stdout.String())
	}
}
