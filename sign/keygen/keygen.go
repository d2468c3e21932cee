// Package keygen makes signing keys and certificates for tests and
// trials (jixiao seal new): a certification authority and a signing
// certificate it issued, for RSA, ECDSA P-256 or SM2. A key made here
// proves nothing to anyone else; a real unit signs with a certificate
// from its authority.
package keygen

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"time"

	"github.com/emmansun/gmsm/pkcs"
	"github.com/emmansun/gmsm/pkcs8"
	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"
	"github.com/jixiao/jixiao/sign"
	"software.sslmate.com/src/go-pkcs12"
)

// Options describe a key to make.
type Options struct {
	Algorithm sign.Algorithm // RSA, ECDSA or SM2
	// Name is the signer: the common name and organization of the
	// signing certificate, such as the unit's name.
	Name string
	// NotBefore and NotAfter bound the signing certificate's validity;
	// zero values give 2000-01-01 to 2100-01-01, so that signing at any
	// SOURCE_DATE_EPOCH a test sets works.
	NotBefore, NotAfter time.Time
}

// Key is a made key with its certificates.
type Key struct {
	Signer  *sign.KeyFile
	Private crypto.Signer
	Leaf    *smx509.Certificate
	CA      *smx509.Certificate
}

// New makes a CA and a signing key with a certificate it issued.
func New(opts Options) (*Key, error) {
	if opts.Name == "" {
		opts.Name = "Jixiao test signer"
	}
	if opts.NotBefore.IsZero() {
		opts.NotBefore = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if opts.NotAfter.IsZero() {
		opts.NotAfter = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	caKey, err := generate(opts.Algorithm)
	if err != nil {
		return nil, err
	}
	key, err := generate(opts.Algorithm)
	if err != nil {
		return nil, err
	}
	caTmpl := &smx509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: opts.Name + " CA", Organization: []string{opts.Name}},
		NotBefore:             time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:              time.Date(2199, 1, 1, 0, 0, 0, 0, time.UTC),
		KeyUsage:              smx509.KeyUsageCertSign | smx509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	caDER, err := smx509.CreateCertificate(rand.Reader, caTmpl, caTmpl, caKey.Public(), caKey)
	if err != nil {
		return nil, fmt.Errorf("make CA certificate: %w", err)
	}
	ca, err := smx509.ParseCertificate(caDER)
	if err != nil {
		return nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 64))
	if err != nil {
		return nil, err
	}
	leafTmpl := &smx509.Certificate{
		SerialNumber: serial.Add(serial, big.NewInt(2)),
		Subject:      pkix.Name{CommonName: opts.Name, Organization: []string{opts.Name}, Country: []string{"CN"}},
		NotBefore:    opts.NotBefore,
		NotAfter:     opts.NotAfter,
		KeyUsage:     smx509.KeyUsageDigitalSignature | smx509.KeyUsageContentCommitment,
	}
	leafDER, err := smx509.CreateCertificate(rand.Reader, leafTmpl, ca, key.Public(), caKey)
	if err != nil {
		return nil, fmt.Errorf("make signing certificate: %w", err)
	}
	leaf, err := smx509.ParseCertificate(leafDER)
	if err != nil {
		return nil, err
	}
	s, err := sign.NewKeyFile(key, []*smx509.Certificate{leaf, ca})
	if err != nil {
		return nil, err
	}
	return &Key{Signer: s, Private: key, Leaf: leaf, CA: ca}, nil
}

func generate(alg sign.Algorithm) (crypto.Signer, error) {
	switch alg {
	case sign.RSA:
		return rsa.GenerateKey(rand.Reader, 2048)
	case sign.ECDSA:
		return ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case sign.SM2:
		return sm2.GenerateKey(rand.Reader)
	}
	return nil, fmt.Errorf("keygen: unknown algorithm %d", alg)
}

// KeyPEM returns the private key as PEM PKCS #8, encrypted with
// passphrase (PBES2, AES-256-CBC; SM4-CBC for SM2) unless it is empty.
func (k *Key) KeyPEM(passphrase []byte) ([]byte, error) {
	if len(passphrase) == 0 {
		der, err := pkcs8.MarshalPrivateKey(k.Private, nil, nil)
		if err != nil {
			return nil, err
		}
		return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
	}
	enc := pkcs.DefaultOpts
	if _, ok := k.Private.(*sm2.PrivateKey); ok {
		enc = pkcs.NewSMPBESEncrypter(16, 2048).(*pkcs.PBES2Opts)
	}
	der, err := pkcs8.MarshalPrivateKey(k.Private, passphrase, enc)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: der}), nil
}

// ChainPEM returns the signing certificate then the CA's, as PEM.
func (k *Key) ChainPEM() []byte {
	var b bytes.Buffer
	pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: k.Leaf.Raw})
	pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: k.CA.Raw})
	return b.Bytes()
}

// CAPEM returns the CA's certificate, the trust anchor of the key, as PEM.
func (k *Key) CAPEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: k.CA.Raw})
}

// PKCS12 returns the key and its chain as a PKCS #12 file (AES-256,
// PBKDF2, as OpenSSL 3 writes them). SM2 keys have no PKCS #12 form
// here.
func (k *Key) PKCS12(passphrase string) ([]byte, error) {
	if _, ok := k.Private.(*sm2.PrivateKey); ok {
		return nil, fmt.Errorf("keygen: SM2 keys are written as PEM, not PKCS #12")
	}
	leaf, err := x509.ParseCertificate(k.Leaf.Raw)
	if err != nil {
		return nil, err
	}
	ca, err := x509.ParseCertificate(k.CA.Raw)
	if err != nil {
		return nil, err
	}
	return pkcs12.Modern.Encode(k.Private, leaf, []*x509.Certificate{ca}, passphrase)
}
