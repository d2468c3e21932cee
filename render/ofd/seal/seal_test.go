package seal_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/asn1"
	"encoding/base64"
	"encoding/pem"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/emmansun/gmsm/smx509"
	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/fonts"
	"github.com/jixiao/jixiao/render/ofd/seal"
	"github.com/jixiao/jixiao/sign"
	"github.com/jixiao/jixiao/sign/keygen"
	"github.com/jixiao/jixiao/sign/sealimage"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

const unit = "北京市地方金融监督管理局"

func renderOFD(t testing.TB, part string) []byte {
	t.Helper()
	data, err := os.ReadFile("../../../examples/beijing-finance-2021.json")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	o, err := export.Query{Format: "ofd", Part: part}.Options()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := export.Render(context.Background(), &buf, evaluation.Evaluate(data, nil), o); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func picture(t testing.TB) []byte {
	t.Helper()
	set, err := fonts.Default()
	if err != nil {
		t.Fatal(err)
	}
	png, err := sealimage.Draw(unit, set.Face(fonts.RoleTitle).Data, 300)
	if err != nil {
		t.Fatal(err)
	}
	return png
}

func sm2Key(t testing.TB, opts keygen.Options) *keygen.Key {
	t.Helper()
	opts.Algorithm, opts.Name = sign.SM2, unit
	k, err := keygen.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func files(t testing.TB, pkg []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name], err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// rezip writes files as a package, in the order of names.
func rezip(t testing.TB, names []string, fs map[string][]byte) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, n := range names {
		w, _ := zw.Create(n)
		w.Write(fs[n])
	}
	zw.Close()
	return b.Bytes()
}

func names(t testing.TB, pkg []byte) []string {
	zr, _ := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	var out []string
	for _, f := range zr.File {
		out = append(out, f.Name)
	}
	return out
}

func TestSealVerify(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	k := sm2Key(t, keygen.Options{})
	ctx := context.Background()
	esl, err := seal.ForSigner(ctx, k.Signer, picture(t), time.Unix(1690000000, 0))
	if err != nil {
		t.Fatal(err)
	}
	base := renderOFD(t, "table:1")
	stamps := seal.Options{Stamps: []seal.Stamp{{Page: 0, X: 140, Y: 240, W: 40, H: 40}}}
	sealed, err := seal.Sign(ctx, base, k.Signer, esl, stamps)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := seal.Sign(ctx, base, k.Signer, esl, stamps)
	if !bytes.Equal(again, sealed) {
		t.Error("sealing twice gave different bytes")
	}
	roots := smx509.NewCertPool()
	roots.AddCert(k.CA)
	sigs, err := seal.Verify(sealed, roots)
	if err != nil || len(sigs) != 1 {
		t.Fatalf("Verify: %v, %d signatures", err, len(sigs))
	}
	if s := sigs[0]; s.Err != nil || !s.Trusted || s.Signer != unit || s.Seal != unit || s.Stamps != 1 || !s.Time.Equal(time.Unix(1700000000, 0)) {
		t.Errorf("Verify: %+v", s)
	}
	fs := files(t, sealed)
	if !bytes.Contains(fs["OFD.xml"], []byte("<ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures>")) {
		t.Errorf("OFD.xml does not name the signatures:\n%s", fs["OFD.xml"])
	}
	t.Run("openssl", func(t *testing.T) { checkWithOpenSSL(t, fs) })

	// A changed byte of a page.
	page := "Doc_0/Pages/Page_0/Content.xml"
	changed := files(t, sealed)
	changed[page] = bytes.Replace(changed[page], []byte("<ofd:TextCode"), []byte("<ofd:TextCode "), 1)
	sigs, err = seal.Verify(rezip(t, names(t, sealed), changed), roots)
	if err != nil || sigs[0].Err == nil || !strings.Contains(sigs[0].Err.Error(), page) {
		t.Errorf("Verify after a page changed: %v %+v", err, sigs)
	}
	// A file added.
	added := files(t, sealed)
	added["Doc_0/Res/extra.xml"] = []byte("<x/>")
	sigs, _ = seal.Verify(rezip(t, append(names(t, sealed), "Doc_0/Res/extra.xml"), added), roots)
	if sigs[0].Err == nil || !strings.Contains(sigs[0].Err.Error(), "Doc_0/Res/extra.xml") {
		t.Errorf("Verify after a file was added: %+v", sigs)
	}
	// Another CA.
	other := smx509.NewCertPool()
	other.AddCert(sm2Key(t, keygen.Options{}).CA)
	if sigs, _ := seal.Verify(sealed, other); sigs[0].Err == nil {
		t.Error("Verify trusted a chain to another CA")
	}
	if _, err := seal.Verify(base, nil); err != seal.ErrNoSignature {
		t.Errorf("Verify of an unsealed package: %v", err)
	}
}

// checkWithOpenSSL verifies the signature value, the seal's signature and
// the SM3 digests of the files with OpenSSL, independently of Jixiao's
// reading: the structures are taken apart here with a plain DER reader.
func checkWithOpenSSL(t *testing.T, fs map[string][]byte) {
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("openssl not found: CI must install it (scripts/ci-deps.sh)")
		}
		t.Skip("openssl not found")
	}
	dir := t.TempDir()
	run := func(stdin []byte, args ...string) string {
		t.Helper()
		cmd := exec.Command(openssl, args...)
		cmd.Dir = dir
		cmd.Stdin = bytes.NewReader(stdin)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("openssl %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// verify checks sig (a BIT STRING's bytes) over tbs with the public
	// key of certDER, SM2 with SM3 and the default identifier.
	verify := func(what string, tbs, certDER, sig []byte) {
		write(what+".tbs", tbs)
		write(what+".sig", sig)
		write(what+".crt", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: certDER}))
		run(nil, "x509", "-in", what+".crt", "-pubkey", "-noout", "-out", what+".pub")
		out := run(nil, "dgst", "-sm3", "-verify", what+".pub", "-signature", what+".sig", "-sigopt", "distid:1234567812345678", what+".tbs")
		if !strings.Contains(out, "Verified OK") {
			t.Errorf("%s: openssl says %s", what, out)
		}
	}
	// SES_Signature ::= SEQUENCE { toSign, cert, signatureAlgID, signature }
	in := cryptobyte.String(fs["Doc_0/Signs/Sign_0/SignedValue.dat"])
	var seq, tbs, tbsBody, sealDER, certDER cryptobyte.String
	var oid asn1.ObjectIdentifier
	var sig, dataHash asn1.BitString
	var version int64
	var when time.Time
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1Element(&tbs, cbasn1.SEQUENCE) ||
		!seq.ReadASN1(&certDER, cbasn1.OCTET_STRING) || !seq.ReadASN1ObjectIdentifier(&oid) || !seq.ReadASN1BitString(&sig) {
		t.Fatal("SignedValue.dat is not an SES_Signature")
	}
	verify("signature", tbs, certDER, sig.RightAlign())
	body := tbs
	if !body.ReadASN1(&tbsBody, cbasn1.SEQUENCE) || !tbsBody.ReadASN1Integer(&version) || !tbsBody.ReadASN1Element(&sealDER, cbasn1.SEQUENCE) ||
		!tbsBody.ReadASN1GeneralizedTime(&when) || !tbsBody.ReadASN1BitString(&dataHash) {
		t.Fatal("TBS_Sign unreadable")
	}
	if version != 4 || !bytes.Equal(sealDER, fs["Doc_0/Signs/Sign_0/Seal.esl"]) {
		t.Errorf("TBS_Sign: version %d, seal as in Seal.esl %v", version, bytes.Equal(sealDER, fs["Doc_0/Signs/Sign_0/Seal.esl"]))
	}
	// The signed digest is Signature.xml's.
	write("Signature.xml", fs["Doc_0/Signs/Sign_0/Signature.xml"])
	if got := run(nil, "dgst", "-sm3", "-binary", "Signature.xml"); got != string(dataHash.RightAlign()) {
		t.Error("dataHash is not the SM3 digest of Signature.xml")
	}
	// SES_Seal ::= SEQUENCE { eSealInfo, cert, signAlgID, signedValue }
	var sealSeq, sealInfo, makerDER cryptobyte.String
	var sealSig asn1.BitString
	if !sealDER.ReadASN1(&sealSeq, cbasn1.SEQUENCE) || !sealSeq.ReadASN1Element(&sealInfo, cbasn1.SEQUENCE) ||
		!sealSeq.ReadASN1(&makerDER, cbasn1.OCTET_STRING) || !sealSeq.ReadASN1ObjectIdentifier(&oid) || !sealSeq.ReadASN1BitString(&sealSig) {
		t.Fatal("Seal.esl is not an SES_Seal")
	}
	verify("seal", sealInfo, makerDER, sealSig.RightAlign())

	// Every file but the signatures' is referenced, with its SM3 digest.
	refs := regexp.MustCompile(`FileRef="/([^"]+)"><ofd:CheckValue>([^<]+)<`).FindAllStringSubmatch(string(fs["Doc_0/Signs/Sign_0/Signature.xml"]), -1)
	seen := map[string]bool{}
	for _, r := range refs {
		seen[r[1]] = true
		write("f", fs[r[1]])
		sum := run(nil, "dgst", "-sm3", "-binary", "f")
		if base64.StdEncoding.EncodeToString([]byte(sum)) != r[2] {
			t.Errorf("%s: CheckValue %s is not its SM3 digest", r[1], r[2])
		}
	}
	for name := range fs {
		if !seen[name] && !strings.HasPrefix(name, "Doc_0/Signs/") {
			t.Errorf("%s is not protected", name)
		}
	}
}

func TestSealErrors(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	ctx := context.Background()
	base := renderOFD(t, "table:1")
	k := sm2Key(t, keygen.Options{})
	esl, err := seal.ForSigner(ctx, k.Signer, picture(t), time.Unix(1690000000, 0))
	if err != nil {
		t.Fatal(err)
	}
	expired := sm2Key(t, keygen.Options{NotBefore: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)})
	rsa, err := keygen.New(keygen.Options{Algorithm: sign.RSA})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		pkg  []byte
		key  sign.Signer
		esl  []byte
		want string
	}{
		{"expired certificate", base, expired.Signer, esl, "expired on 2021-01-01"},
		{"RSA key", base, rsa.Signer, esl, "SM2"},
		{"seal of another signer", base, sm2Key(t, keygen.Options{}).Signer, esl, "does not list the certificate"},
		{"truncated package", base[:len(base)/2], k.Signer, esl, "truncated"},
		{"truncated seal", base, k.Signer, esl[:len(esl)/2], "damaged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := seal.Sign(ctx, tt.pkg, tt.key, tt.esl, seal.Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) || out != nil {
				t.Fatalf("Sign: %v, want an error saying %q and no output", err, tt.want)
			}
		})
	}
}
