package pades

import (
	"bytes"
	"crypto/sha256"
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/emmansun/gmsm/pkcs7"
	"github.com/emmansun/gmsm/smx509"
	"github.com/jixiao/jixiao/sign"
	"github.com/jixiao/jixiao/sign/tsa"
	"golang.org/x/crypto/cryptobyte"
)

// Signature is what Verify found of one signature.
type Signature struct {
	Signer    string    // the signing certificate's common name
	Time      time.Time // the signing time the PDF states (/M)
	Algorithm string
	// Whole tells whether the signature covers the whole file: nothing
	// was added or changed since signing.
	Whole bool
	// Trusted tells whether the signer's chain was checked up to a
	// trust anchor.
	Trusted bool
	// Timestamp is the signature's time-stamp (PAdES B-T), checked:
	// the authority's signature, and that it stamps this signature's
	// value. Nil when the signature has none.
	Timestamp *tsa.Token
	// Err is why the signature is invalid, nil when it is valid.
	Err error
}

// ErrNoSignature reports a PDF without signatures.
var ErrNoSignature = errors.New("the PDF has no signature")

// Verify checks every signature of pdf: that the signed bytes hash to
// the signed digest, that the signature value is the certificate's,
// that the certificate was valid at the signing time and, when roots is
// not nil, that it chains up to one of them. It reads the signatures
// from the bytes, not through the PDF's structure, so that a damaged
// file still says which signature broke.
func Verify(pdf []byte, roots *smx509.CertPool) ([]Signature, error) {
	var sigs []Signature
	for at := 0; ; {
		i := bytes.Index(pdf[at:], []byte("/ByteRange"))
		if i < 0 {
			break
		}
		at += i + len("/ByteRange")
		sigs = append(sigs, verifyAt(pdf, at, roots))
	}
	if len(sigs) == 0 {
		return nil, ErrNoSignature
	}
	return sigs, nil
}

func verifyAt(pdf []byte, at int, roots *smx509.CertPool) Signature {
	var s Signature
	br, err := byteRange(pdf[at:])
	if err == nil && (br[0] != 0 || br[1] <= 0 || br[2] < br[1] || br[3] < 0 || br[2]+br[3] > len(pdf)) {
		err = fmt.Errorf("byte range %v does not fit the file of %d bytes", br, len(pdf))
	}
	if err != nil {
		s.Err = err
		return s
	}
	s.Whole = br[2]+br[3] == len(pdf)
	s.Time = signingTime(pdf, at)
	gap := bytes.TrimSpace(pdf[br[1]:br[2]])
	if len(gap) < 2 || gap[0] != '<' || gap[len(gap)-1] != '>' {
		s.Err = errors.New("the byte range does not leave out exactly the signature")
		return s
	}
	der, err := hex.DecodeString(string(gap[1 : len(gap)-1]))
	if err != nil {
		s.Err = fmt.Errorf("signature contents: %v", err)
		return s
	}
	var seq cryptobyte.String
	in := cryptobyte.String(der)
	if !in.ReadASN1Element(&seq, 0x30) {
		s.Err = errors.New("signature contents: not a CMS structure")
		return s
	}
	p7, err := pkcs7.Parse(seq)
	if err != nil {
		s.Err = fmt.Errorf("signature contents: %v", err)
		return s
	}
	signer := p7.GetOnlySigner()
	if signer == nil {
		s.Err = errors.New("the signature has no signer certificate, or more than one signer")
		return s
	}
	s.Signer = signer.Subject.CommonName
	if alg, err := sign.AlgorithmOf(signer.PublicKey); err == nil {
		s.Algorithm = alg.String()
	}
	p7.Content = append(append(make([]byte, 0, br[1]+br[3]), pdf[:br[1]]...), pdf[br[2]:br[2]+br[3]]...)
	t := s.Time
	if t.IsZero() {
		t = time.Now()
	}
	var mismatch *pkcs7.MessageDigestMismatchError
	switch err := p7.VerifyWithChainAtTime(roots, &t); {
	case errors.As(err, &mismatch):
		s.Err = errors.New("the signed bytes changed since signing: their digest is not the signed one")
		return s
	case err != nil:
		s.Err = fmt.Errorf("signature: %v", err)
		return s
	}
	s.Trusted = roots != nil
	if err := sign.CheckValidity([]*smx509.Certificate{signer}, t); err != nil {
		s.Err = err
		return s
	}
	if s.Err = checkSigningCertificate(p7, signer); s.Err != nil {
		return s
	}
	s.Timestamp, s.Err = timestamp(p7, signer, roots)
	return s
}

// timestamp checks the signature-time-stamp attribute of a signature,
// if it has one: the token, that it stamps the signature value, and
// that the signing certificate was valid at the stamped time.
func timestamp(p7 *pkcs7.PKCS7, signer *smx509.Certificate, roots *smx509.CertPool) (*tsa.Token, error) {
	si := p7.Signers[0]
	for _, a := range si.UnauthenticatedAttributes {
		if !a.Type.Equal(oidTimeStampToken) {
			continue
		}
		var token cryptobyte.String
		values := cryptobyte.String(a.Value.Bytes)
		if !values.ReadASN1Element(&token, 0x30) {
			return nil, errors.New("signature time-stamp: not a token")
		}
		tok, err := tsa.Parse(token, roots)
		if err == nil {
			err = tok.Stamps(si.EncryptedDigest)
		}
		if err != nil {
			return nil, fmt.Errorf("signature time-stamp: %v", err)
		}
		if err := sign.CheckValidity([]*smx509.Certificate{signer}, tok.Time); err != nil {
			return nil, fmt.Errorf("at the stamped time: %w", err)
		}
		return tok, nil
	}
	return nil, nil
}

// checkSigningCertificate checks the signing-certificate-v2 attribute,
// which binds the signature to its certificate.
func checkSigningCertificate(p7 *pkcs7.PKCS7, signer *smx509.Certificate) error {
	var v struct {
		Certs []struct {
			Hash   asn1.RawValue // an AlgorithmIdentifier when not SHA-256, else the hash
			Serial asn1.RawValue `asn1:"optional"`
		}
		Policies asn1.RawValue `asn1:"optional"`
	}
	if err := p7.UnmarshalSignedAttribute(oidSigningCertificateV2, &v); err != nil || len(v.Certs) == 0 {
		return errors.New("the signature lacks the signing certificate attribute (PAdES)")
	}
	want := sha256.Sum256(signer.Raw)
	if h := v.Certs[0].Hash; h.Tag == asn1.TagOctetString && bytes.Equal(h.Bytes, want[:]) {
		return nil
	}
	return errors.New("the signing certificate attribute names another certificate")
}

func byteRange(b []byte) ([4]int, error) {
	var br [4]int
	b = bytes.TrimLeft(b, " \r\n\t")
	end := bytes.IndexByte(b, ']')
	if len(b) == 0 || b[0] != '[' || end < 0 {
		return br, errors.New("unreadable /ByteRange")
	}
	f := bytes.Fields(b[1:end])
	if len(f) != 4 {
		return br, errors.New("a /ByteRange of other than two ranges")
	}
	for i := range br {
		n, err := strconv.Atoi(string(f[i]))
		if err != nil {
			return br, errors.New("unreadable /ByteRange")
		}
		br[i] = n
	}
	return br, nil
}

// signingTime reads the /M of the signature dictionary around at.
func signingTime(pdf []byte, at int) time.Time {
	start := bytes.LastIndex(pdf[:at], []byte(" obj"))
	end := bytes.Index(pdf[at:], []byte("endobj"))
	if start < 0 || end < 0 {
		return time.Time{}
	}
	dict := pdf[start : at+end]
	i := bytes.Index(dict, []byte("/M (D:"))
	if i < 0 {
		return time.Time{}
	}
	v := dict[i+len("/M (D:"):]
	if j := bytes.IndexByte(v, ')'); j >= 0 {
		v = v[:j]
	}
	return pdfTime(string(v))
}

// pdfTime reads a PDF date after its "D:" (PDF 32000 §7.9.4):
// YYYYMMDDHHmmSS and an offset, Z or +HH'mm'; the zero time when it is
// not one.
func pdfTime(v string) time.Time {
	if len(v) < 14 {
		return time.Time{}
	}
	t, err := time.Parse("20060102150405", v[:14])
	if err != nil {
		return time.Time{}
	}
	off := strings.ReplaceAll(v[14:], "'", "")
	if off == "" || off == "Z" || strings.HasPrefix(off, "Z") {
		return t
	}
	z, err := time.Parse("-0700", off)
	if len(off) == 3 {
		z, err = time.Parse("-07", off)
	}
	if err != nil {
		return time.Time{}
	}
	_, sec := z.Zone()
	return t.Add(-time.Duration(sec) * time.Second)
}
