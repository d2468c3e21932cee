// Package sign holds the key that signs a document: a Signer signs a
// digest and names its certificates, so that the formats that carry
// signatures (render/pdf/pades, render/ofd/seal) never touch key material,
// and a hardware token or a remote signing service can take the place of
// a key file without changing them.
package sign

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"os"
	"strconv"
	"time"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"
)

// Signer signs digests with a private key it does not reveal.
type Signer interface {
	// Chain returns the signing certificate first, then the
	// certificates that issued it, if known.
	Chain() []*smx509.Certificate
	// Sign signs digest, the hash of the signed data made by
	// NewHash(Chain()[0]). The signature is PKCS #1 v1.5 for RSA and
	// ASN.1 (r, s) for ECDSA and SM2.
	Sign(ctx context.Context, digest []byte) ([]byte, error)
}

// Algorithm is the signature scheme of a key: it fixes the digest.
type Algorithm int

// Algorithms.
const (
	RSA   Algorithm = iota + 1 // RSA PKCS #1 v1.5 with SHA-256
	ECDSA                      // ECDSA P-256 with SHA-256
	SM2                        // SM2 with SM3 (GB/T 32918, GB/T 35276)
)

func (a Algorithm) String() string {
	switch a {
	case RSA:
		return "RSA-SHA256"
	case ECDSA:
		return "ECDSA-P256-SHA256"
	case SM2:
		return "SM2-SM3"
	}
	return "unknown"
}

// ErrKey reports a key or certificate that cannot sign.
var ErrKey = errors.New("signing key")

// AlgorithmOf returns the scheme of a public key.
func AlgorithmOf(pub crypto.PublicKey) (Algorithm, error) {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		if k.N.BitLen() < 2048 {
			return 0, fmt.Errorf("%w: RSA key of %d bits; at least 2048 are needed", ErrKey, k.N.BitLen())
		}
		return RSA, nil
	case *ecdsa.PublicKey:
		switch {
		case sm2.IsSM2PublicKey(k):
			return SM2, nil
		case k.Curve == elliptic.P256():
			return ECDSA, nil
		}
		return 0, fmt.Errorf("%w: elliptic curve %s; want P-256 or SM2", ErrKey, k.Curve.Params().Name)
	}
	return 0, fmt.Errorf("%w: %T keys are not supported; want RSA, ECDSA P-256 or SM2", ErrKey, pub)
}

// NewHash returns the hash whose sum a Signer of cert signs: SHA-256,
// or for SM2 the SM3 hash preceded by Z, the digest of the signer's
// identity and public key with the default identifier 1234567812345678.
func NewHash(cert *smx509.Certificate) (hash.Hash, error) {
	alg, err := AlgorithmOf(cert.PublicKey)
	if err != nil {
		return nil, err
	}
	if alg == SM2 {
		return sm2.NewHash(cert.PublicKey.(*ecdsa.PublicKey))
	}
	return sha256.New(), nil
}

// DataHash returns the plain digest of data for cert's scheme, as a
// container records it (CMS messageDigest, OFD CheckValue): SHA-256, or
// SM3 for SM2.
func DataHash(cert *smx509.Certificate, data ...[]byte) ([]byte, error) {
	alg, err := AlgorithmOf(cert.PublicKey)
	if err != nil {
		return nil, err
	}
	var h hash.Hash = sha256.New()
	if alg == SM2 {
		h = sm3.New()
	}
	for _, d := range data {
		h.Write(d)
	}
	return h.Sum(nil), nil
}

// SignData signs data with s: it hashes data as s's certificate asks and
// signs the digest.
func SignData(ctx context.Context, s Signer, data []byte) ([]byte, error) {
	chain := s.Chain()
	if len(chain) == 0 {
		return nil, fmt.Errorf("%w: no certificate", ErrKey)
	}
	h, err := NewHash(chain[0])
	if err != nil {
		return nil, err
	}
	h.Write(data)
	return s.Sign(ctx, h.Sum(nil))
}

// Verify checks that sig is cert's signature of data.
func Verify(cert *smx509.Certificate, data, sig []byte) error {
	alg, err := AlgorithmOf(cert.PublicKey)
	if err != nil {
		return err
	}
	h, _ := NewHash(cert)
	h.Write(data)
	digest := h.Sum(nil)
	ok := false
	switch alg {
	case RSA:
		ok = rsa.VerifyPKCS1v15(cert.PublicKey.(*rsa.PublicKey), crypto.SHA256, digest, sig) == nil
	case ECDSA:
		ok = ecdsa.VerifyASN1(cert.PublicKey.(*ecdsa.PublicKey), digest, sig)
	case SM2:
		ok = sm2.VerifyASN1(cert.PublicKey.(*ecdsa.PublicKey), digest, sig)
	}
	if !ok {
		return errors.New("the signature value does not match the signed data and the certificate's key")
	}
	return nil
}

// CheckValidity tells whether the certificates of chain are valid at t:
// an expired or not yet valid certificate cannot sign.
func CheckValidity(chain []*smx509.Certificate, t time.Time) error {
	for i, c := range chain {
		what := "signing certificate"
		if i > 0 {
			what = "issuing certificate"
		}
		switch {
		case t.After(c.NotAfter):
			return fmt.Errorf("%w: the %s %q expired on %s (signing time %s)", ErrKey, what, c.Subject.CommonName,
				c.NotAfter.UTC().Format(time.RFC3339), t.UTC().Format(time.RFC3339))
		case t.Before(c.NotBefore):
			return fmt.Errorf("%w: the %s %q is valid only from %s (signing time %s)", ErrKey, what, c.Subject.CommonName,
				c.NotBefore.UTC().Format(time.RFC3339), t.UTC().Format(time.RFC3339))
		}
	}
	return nil
}

// Time returns the signing time: SOURCE_DATE_EPOCH (seconds since 1970)
// when it is set, so that the same input signs to the same bytes, else
// the current time; whole seconds, UTC.
func Time() (time.Time, error) {
	if v, ok := os.LookupEnv("SOURCE_DATE_EPOCH"); ok {
		sec, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH %q: want seconds since 1970", v)
		}
		return time.Unix(sec, 0).UTC(), nil
	}
	return time.Now().UTC().Truncate(time.Second), nil
}

// Trust reads trust anchors: PEM certificates, the roots a verifier
// accepts a signer's chain up to.
func Trust(pemData []byte) (*smx509.CertPool, error) {
	certs, err := parseCerts(pemData)
	if err != nil {
		return nil, err
	}
	if len(certs) == 0 {
		return nil, errors.New("trust anchors: no PEM certificate found")
	}
	pool := smx509.NewCertPool()
	for _, c := range certs {
		pool.AddCert(c)
	}
	return pool, nil
}

// samePublicKey tells whether two public keys are equal.
func samePublicKey(a, b crypto.PublicKey) bool {
	ka, err1 := smx509.MarshalPKIXPublicKey(a)
	kb, err2 := smx509.MarshalPKIXPublicKey(b)
	return err1 == nil && err2 == nil && bytes.Equal(ka, kb)
}
