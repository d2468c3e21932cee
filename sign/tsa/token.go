package tsa

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/asn1"
	"errors"
	"fmt"
	"hash"
	"math/big"
	"time"

	"github.com/emmansun/gmsm/pkcs7"
	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// Token is a checked time-stamp token.
type Token struct {
	// Time is when the authority stamped (genTime).
	Time time.Time
	// Authority is the common name of the authority's certificate.
	Authority string
	// Serial is the token's serial number at its authority.
	Serial *big.Int
	// HashName and Imprint are the hash the authority was shown.
	HashName string
	Imprint  []byte
	// Trusted tells whether the authority's certificate was checked up
	// to a trust anchor.
	Trusted bool

	newHash func() hash.Hash
	nonce   *big.Int
}

var (
	oidSigningCertificate   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 12}
	oidSigningCertificateV2 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47}
	oidExtKeyUsage          = asn1.ObjectIdentifier{2, 5, 29, 37}
)

// hashes are the imprint algorithms a token is read with.
var hashes = map[string]struct {
	name string
	new  func() hash.Hash
}{
	oidSHA256.String():       {"SHA-256", sha256.New},
	"2.16.840.1.101.3.4.2.2": {"SHA-384", sha512.New384},
	"2.16.840.1.101.3.4.2.3": {"SHA-512", sha512.New},
	"1.2.156.10197.1.401":    {"SM3", sm3.New},
}

// Parse checks a time-stamp token and returns what it says: that it is
// a CMS SignedData of a TSTInfo, signed by the certificate it carries;
// that the certificate is a time-stamping one (its only extended key
// usage is timeStamping, marked critical, RFC 3161 §2.3) valid at the
// stamped time and named by the token's signing-certificate attribute;
// and, when roots is not nil, that it chains up to one of them.
// Whether the token stamps the right data is Token.Stamps's to tell.
func Parse(der []byte, roots *smx509.CertPool) (*Token, error) {
	if err := checkContentType(der); err != nil {
		return nil, err
	}
	p7, err := pkcs7.Parse(der)
	if err != nil {
		return nil, fmt.Errorf("not a CMS structure: %v", err)
	}
	t, err := parseTSTInfo(p7.Content)
	if err != nil {
		return nil, fmt.Errorf("TSTInfo: %v", err)
	}
	cert := p7.GetOnlySigner()
	if cert == nil {
		return nil, errors.New("the token carries no certificate of its signer (or has several signers)")
	}
	t.Authority = cert.Subject.CommonName
	if err := p7.VerifyWithChainAtTime(roots, &t.Time); err != nil {
		return nil, fmt.Errorf("the authority's signature: %v", err)
	}
	t.Trusted = roots != nil
	if t.Time.Before(cert.NotBefore) || t.Time.After(cert.NotAfter) {
		return nil, fmt.Errorf("the authority's certificate %q is valid from %s to %s, not at the stamped time %s",
			cert.Subject.CommonName, cert.NotBefore.UTC().Format(time.RFC3339), cert.NotAfter.UTC().Format(time.RFC3339), t.Time.UTC().Format(time.RFC3339))
	}
	if err := checkTimeStamping(cert); err != nil {
		return nil, err
	}
	if err := checkSigningCertificate(p7, cert); err != nil {
		return nil, err
	}
	return t, nil
}

// Stamps tells whether the token stamps data: its imprint is data's hash.
func (t *Token) Stamps(data []byte) error {
	h := t.newHash()
	h.Write(data)
	if !bytes.Equal(h.Sum(nil), t.Imprint) {
		return errors.New("the time-stamp is not of this signature: its message imprint is another hash")
	}
	return nil
}

// checkContentType checks that der is a SignedData of a TSTInfo.
func checkContentType(der []byte) error {
	in := cryptobyte.String(der)
	var ci, sd, eci cryptobyte.String
	var ctype, etype asn1.ObjectIdentifier
	var version int64
	if !in.ReadASN1(&ci, cbasn1.SEQUENCE) || !ci.ReadASN1ObjectIdentifier(&ctype) || !ctype.Equal(oidSignedData) ||
		!ci.ReadASN1(&sd, cbasn1.Tag(0).Constructed().ContextSpecific()) || !sd.ReadASN1(&sd, cbasn1.SEQUENCE) ||
		!sd.ReadASN1Integer(&version) || !sd.SkipASN1(cbasn1.SET) ||
		!sd.ReadASN1(&eci, cbasn1.SEQUENCE) || !eci.ReadASN1ObjectIdentifier(&etype) {
		return errors.New("not a CMS SignedData")
	}
	if !etype.Equal(oidTSTInfo) {
		return fmt.Errorf("the signed content is %v, not a TSTInfo", etype)
	}
	return nil
}

func parseTSTInfo(der []byte) (*Token, error) {
	in := cryptobyte.String(der)
	var info, imprint, alg, hashed, gen cryptobyte.String
	var version int64
	var policy, algOID asn1.ObjectIdentifier
	t := &Token{Serial: new(big.Int)}
	if !in.ReadASN1(&info, cbasn1.SEQUENCE) || !info.ReadASN1Integer(&version) || version != 1 ||
		!info.ReadASN1ObjectIdentifier(&policy) ||
		!info.ReadASN1(&imprint, cbasn1.SEQUENCE) || !imprint.ReadASN1(&alg, cbasn1.SEQUENCE) ||
		!alg.ReadASN1ObjectIdentifier(&algOID) || !imprint.ReadASN1(&hashed, cbasn1.OCTET_STRING) ||
		!info.ReadASN1Integer(t.Serial) || !info.ReadASN1(&gen, cbasn1.GeneralizedTime) {
		return nil, errors.New("malformed")
	}
	h, ok := hashes[algOID.String()]
	if !ok {
		return nil, fmt.Errorf("unknown imprint hash %v", algOID)
	}
	t.HashName, t.newHash, t.Imprint = h.name, h.new, bytes.Clone(hashed)
	// GeneralizedTime with optional fractional seconds, in UTC (RFC 3161
	// §2.4.2); time.Parse takes the fraction after the seconds.
	tm, err := time.Parse("20060102150405Z", string(gen))
	if err != nil {
		return nil, fmt.Errorf("genTime %q: %v", gen, err)
	}
	t.Time = tm
	info.SkipOptionalASN1(cbasn1.SEQUENCE) // accuracy
	info.SkipOptionalASN1(cbasn1.BOOLEAN)  // ordering
	if info.PeekASN1Tag(cbasn1.INTEGER) {
		t.nonce = new(big.Int)
		if !info.ReadASN1Integer(t.nonce) {
			return nil, errors.New("malformed nonce")
		}
	}
	return t, nil
}

// checkTimeStamping checks the extended key usage of an authority's
// certificate: timeStamping alone, critical.
func checkTimeStamping(cert *smx509.Certificate) error {
	for _, e := range cert.Extensions {
		if e.Id.Equal(oidExtKeyUsage) {
			if !e.Critical || len(cert.ExtKeyUsage) != 1 || cert.ExtKeyUsage[0] != smx509.ExtKeyUsageTimeStamping || len(cert.UnknownExtKeyUsage) > 0 {
				break
			}
			return nil
		}
	}
	return fmt.Errorf("the certificate %q is not a time-stamping authority's (its extended key usage must be timeStamping alone, critical)", cert.Subject.CommonName)
}

// checkSigningCertificate checks the ESS signing-certificate attribute
// (v2, or v1 with SHA-1) that binds the token to its certificate.
func checkSigningCertificate(p7 *pkcs7.PKCS7, cert *smx509.Certificate) error {
	var v struct {
		Certs []struct {
			Hash asn1.RawValue // v2: an AlgorithmIdentifier when not SHA-256, else the hash
			Rest asn1.RawValue `asn1:"optional"`
		}
		Policies asn1.RawValue `asn1:"optional"`
	}
	var want []byte
	if err := p7.UnmarshalSignedAttribute(oidSigningCertificateV2, &v); err == nil && len(v.Certs) > 0 {
		sum := sha256.Sum256(cert.Raw)
		want = sum[:]
	} else if err := p7.UnmarshalSignedAttribute(oidSigningCertificate, &v); err == nil && len(v.Certs) > 0 {
		sum := sha1.Sum(cert.Raw)
		want = sum[:]
	} else {
		return errors.New("the token lacks the signing certificate attribute")
	}
	if h := v.Certs[0].Hash; h.Tag == asn1.TagOctetString && bytes.Equal(h.Bytes, want) {
		return nil
	}
	if h := v.Certs[0].Hash; h.Tag == asn1.TagSequence {
		// ESSCertIDv2 with a hash other than SHA-256: its algorithm,
		// then the hash.
		var alg struct{ Algorithm asn1.ObjectIdentifier }
		rest, err := asn1.Unmarshal(h.FullBytes, &alg)
		if hf, ok := hashes[alg.Algorithm.String()]; err == nil && len(rest) == 0 && ok {
			var sum []byte
			if _, err := asn1.Unmarshal(v.Certs[0].Rest.FullBytes, &sum); err == nil {
				hh := hf.new()
				hh.Write(cert.Raw)
				if bytes.Equal(hh.Sum(nil), sum) {
					return nil
				}
			}
		}
	}
	return errors.New("the token's signing certificate attribute names another certificate")
}
