package sign_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jixiao/jixiao/sign"
	"github.com/jixiao/jixiao/sign/keygen"
)

func write(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadAndSign(t *testing.T) {
	for _, alg := range []sign.Algorithm{sign.RSA, sign.ECDSA, sign.SM2} {
		k, err := keygen.New(keygen.Options{Algorithm: alg, Name: "北京市测试局"})
		if err != nil {
			t.Fatal(err)
		}
		plain, _ := k.KeyPEM(nil)
		enc, err := k.KeyPEM([]byte("secret"))
		if err != nil {
			t.Fatal(err)
		}
		chain := write(t, "chain.pem", k.ChainPEM())
		type load struct {
			name, key, cert, pass string
		}
		loads := []load{
			{"pem+chain", write(t, "k.pem", plain), chain, ""},
			{"encrypted pem+chain", write(t, "k.pem", enc), chain, "secret"},
			{"pem with chain inside", write(t, "k.pem", append(append([]byte{}, plain...), k.ChainPEM()...)), "", ""},
		}
		if alg != sign.SM2 {
			p12, err := k.PKCS12("secret")
			if err != nil {
				t.Fatal(err)
			}
			loads = append(loads, load{"pkcs12", write(t, "k.p12", p12), "", "secret"})
		}
		// PKCS #12 files as OpenSSL 3 writes them: its defaults (PBES2
		// AES-256, a SHA-256 MAC), and the GM algorithms (SM4, SM3).
		loads = append(loads, load{"openssl pkcs12", opensslPKCS12(t, k, "secret"), "", "secret"})
		if alg == sign.SM2 {
			loads = append(loads, load{"openssl pkcs12 SM4 SM3", opensslPKCS12(t, k, "secret", "-certpbe", "SM4-CBC", "-keypbe", "SM4-CBC", "-macalg", "sm3"), "", "secret"})
		}
		for _, l := range loads {
			t.Run(fmt.Sprintf("%v/%s", alg, l.name), func(t *testing.T) {
				s, err := sign.Load(l.key, l.cert, []byte(l.pass))
				if err != nil {
					t.Fatal(err)
				}
				if len(s.Chain()) != 2 || !s.Chain()[0].Equal(k.Leaf) {
					t.Fatalf("chain: %d certificates, leaf %v", len(s.Chain()), s.Chain()[0].Subject)
				}
				data := []byte("项目支出绩效自评表")
				sig, err := sign.SignData(context.Background(), s, data)
				if err != nil {
					t.Fatal(err)
				}
				if err := sign.Verify(k.Leaf, data, sig); err != nil {
					t.Fatal(err)
				}
				again, _ := sign.SignData(context.Background(), s, data)
				if string(again) != string(sig) {
					t.Error("signing the same data twice gave different signatures")
				}
				if err := sign.Verify(k.Leaf, []byte("项目支出绩效自评表 "), sig); err == nil {
					t.Error("the signature verified for other data")
				}
				if got := fmt.Sprintf("%v %+v %#v %s", s, s, s, s); strings.Contains(got, "PRIVATE") || !strings.Contains(got, "北京市测试局") {
					t.Errorf("printed signer: %s", got)
				}
			})
		}
	}
}

// opensslPKCS12 writes k's key and chain as a PKCS #12 file made by
// OpenSSL (openssl pkcs12 -export, with more arguments).
func opensslPKCS12(t *testing.T, k *keygen.Key, pass string, args ...string) string {
	t.Helper()
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("openssl not found: CI must install it (scripts/ci-deps.sh)")
		}
		t.Skip("openssl not found")
	}
	plain, err := k.KeyPEM(nil)
	if err != nil {
		t.Fatal(err)
	}
	key, chain := write(t, "key.pem", plain), write(t, "chain.pem", k.ChainPEM())
	out := filepath.Join(t.TempDir(), "k.p12")
	cmd := exec.Command(openssl, append([]string{"pkcs12", "-export", "-inkey", key, "-in", chain, "-passout", "pass:" + pass, "-out", out}, args...)...)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("openssl pkcs12 -export: %v\n%s", err, msg)
	}
	return out
}

func TestLoadErrors(t *testing.T) {
	k, err := keygen.New(keygen.Options{Algorithm: sign.ECDSA})
	if err != nil {
		t.Fatal(err)
	}
	other, err := keygen.New(keygen.Options{Algorithm: sign.ECDSA})
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := k.KeyPEM(nil)
	enc, _ := k.KeyPEM([]byte("secret"))
	p12, err := k.PKCS12("secret")
	if err != nil {
		t.Fatal(err)
	}
	chain := write(t, "chain.pem", k.ChainPEM())
	sm2, err := keygen.New(keygen.Options{Algorithm: sign.SM2})
	if err != nil {
		t.Fatal(err)
	}
	sm2p12, err := os.ReadFile(opensslPKCS12(t, sm2, "secret"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, key, cert, pass, want string
	}{
		{"wrong passphrase pem", write(t, "k.pem", enc), chain, "wrong", "wrong passphrase"},
		{"no passphrase pem", write(t, "k.pem", enc), chain, "", "the key is encrypted"},
		{"wrong passphrase p12", write(t, "k.p12", p12), "", "wrong", "wrong passphrase"},
		{"key does not match", write(t, "k.pem", plain), write(t, "o.pem", other.ChainPEM()), "", "does not match"},
		{"no certificate", write(t, "k.pem", plain), "", "", "no certificate"},
		{"truncated pem", write(t, "k.pem", plain[:len(plain)/2]), chain, "", "no complete private key"},
		{"truncated p12", write(t, "k.p12", p12[:len(p12)/2]), "", "secret", "not a readable PKCS #12"},
		{"wrong passphrase SM2 p12", write(t, "k.p12", sm2p12), "", "wrong", "wrong passphrase"},
		{"truncated SM2 p12", write(t, "k.p12", sm2p12[:len(sm2p12)-40]), "", "secret", "not a readable PKCS #12"},
		{"legacy SM2 p12", opensslPKCS12(t, sm2, "secret", "-legacy"), "", "secret", "encrypted with a legacy scheme"},
		{"truncated chain", write(t, "k.pem", plain), write(t, "c.pem", k.ChainPEM()[:100]), "", "no PEM certificate"},
		{"missing file", filepath.Join(t.TempDir(), "none.pem"), "", "", "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sign.Load(tt.key, tt.cert, []byte(tt.pass))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one saying %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "secret") || strings.Contains(err.Error(), "BEGIN") {
				t.Errorf("the error quotes key material: %v", err)
			}
		})
	}
}

func TestCheckValidity(t *testing.T) {
	k, err := keygen.New(keygen.Options{Algorithm: sign.ECDSA,
		NotBefore: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	chain := k.Signer.Chain()
	if err := sign.CheckValidity(chain, time.Date(2020, 6, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Errorf("within validity: %v", err)
	}
	if err := sign.CheckValidity(chain, time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)); err == nil || !strings.Contains(err.Error(), "expired on 2021-01-01") {
		t.Errorf("after validity: %v", err)
	}
	if err := sign.CheckValidity(chain, time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)); err == nil || !strings.Contains(err.Error(), "valid only from") {
		t.Errorf("before validity: %v", err)
	}
}

func TestPassphrase(t *testing.T) {
	t.Setenv(sign.PassphraseEnv, "from-env")
	if p, _ := sign.Passphrase(""); string(p) != "from-env" {
		t.Errorf("env passphrase %q", p)
	}
	if p, _ := sign.Passphrase(write(t, "p", []byte("from-file\r\n"))); string(p) != "from-file" {
		t.Errorf("file passphrase %q", p)
	}
}

func TestTime(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	if got, _ := sign.Time(); !got.Equal(time.Unix(1700000000, 0)) {
		t.Errorf("Time() = %v", got)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "soon")
	if _, err := sign.Time(); err == nil {
		t.Error("a malformed SOURCE_DATE_EPOCH was accepted")
	}
}
