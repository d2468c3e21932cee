package sign

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/emmansun/gmsm/pkcs8"
	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"
	"software.sslmate.com/src/go-pkcs12"
)

// PassphraseEnv is the environment variable a key's passphrase may come
// from, so that it never appears in a command line.
const PassphraseEnv = "JIXIAO_SIGN_PASSPHRASE"

// Passphrase returns the passphrase of a key: the content of file
// without its final line break when file is given, else the value of
// JIXIAO_SIGN_PASSPHRASE, else none.
func Passphrase(file string) ([]byte, error) {
	if file == "" {
		return []byte(os.Getenv(PassphraseEnv)), nil
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("passphrase file: %w", err)
	}
	data = bytes.TrimSuffix(data, []byte("\n"))
	return bytes.TrimSuffix(data, []byte("\r")), nil
}

// KeyFile is a Signer whose private key was read from a file. Its
// printed forms name the certificate only, never the key.
type KeyFile struct {
	key   crypto.Signer
	chain []*smx509.Certificate
}

// Load reads a signing key: keyPath is a PKCS #12 file (.p12, .pfx) or a
// PEM private key (PKCS #8, encrypted or not, SEC 1 or PKCS #1), with
// its certificate either in the same PEM file or in certPath, a PEM
// file holding the signing certificate and the certificates that issued
// it. It fails when the key is encrypted and passphrase does not open
// it, when no certificate matches the key, and for key types other than
// RSA (2048 bits or more), ECDSA P-256 and SM2. The errors never quote
// the key or the passphrase.
func Load(keyPath, certPath string, passphrase []byte) (*KeyFile, error) {
	data, err := os.ReadFile(keyPath)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrKey, err)
	}
	var key crypto.Signer
	var certs []*smx509.Certificate
	if bytes.Contains(data, []byte("-----BEGIN")) {
		key, certs, err = parsePEMKey(data, passphrase)
	} else {
		key, certs, err = parsePKCS12(data, passphrase)
	}
	if err != nil {
		return nil, fmt.Errorf("%w %s: %v", ErrKey, keyPath, err)
	}
	if certPath != "" {
		data, err := os.ReadFile(certPath)
		if err != nil {
			return nil, fmt.Errorf("%w: certificate: %v", ErrKey, err)
		}
		more, err := parseCerts(data)
		if err != nil {
			return nil, fmt.Errorf("%w: certificate %s: %v", ErrKey, certPath, err)
		}
		if len(more) == 0 {
			return nil, fmt.Errorf("%w: certificate %s: no PEM certificate found", ErrKey, certPath)
		}
		certs = append(more, certs...)
	}
	return NewKeyFile(key, certs)
}

// NewKeyFile returns the Signer of a private key and certificates: the
// one that matches the key signs, the others are its issuers.
func NewKeyFile(key crypto.Signer, certs []*smx509.Certificate) (*KeyFile, error) {
	if ec, ok := key.(*ecdsa.PrivateKey); ok && sm2.IsSM2PublicKey(&ec.PublicKey) {
		k, err := new(sm2.PrivateKey).FromECPrivateKey(ec)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrKey, err)
		}
		key = k
	}
	if _, err := AlgorithmOf(key.Public()); err != nil {
		return nil, err
	}
	if len(certs) == 0 {
		return nil, fmt.Errorf("%w: no certificate; give the certificate chain (--sign-cert)", ErrKey)
	}
	leaf := -1
	for i, c := range certs {
		if samePublicKey(c.PublicKey, key.Public()) {
			leaf = i
			break
		}
	}
	if leaf < 0 {
		return nil, fmt.Errorf("%w: the private key does not match the certificate %q", ErrKey, certs[0].Subject.CommonName)
	}
	chain := []*smx509.Certificate{certs[leaf]}
	for i, c := range certs {
		if i != leaf && !c.Equal(certs[leaf]) {
			chain = append(chain, c)
		}
	}
	if ku := chain[0].KeyUsage; ku != 0 && ku&(smx509.KeyUsageDigitalSignature|smx509.KeyUsageContentCommitment) == 0 {
		return nil, fmt.Errorf("%w: the certificate %q is not for signing (its key usage has neither digitalSignature nor nonRepudiation)", ErrKey, chain[0].Subject.CommonName)
	}
	return &KeyFile{key: key, chain: chain}, nil
}

// Chain returns the signing certificate and its issuers.
func (k *KeyFile) Chain() []*smx509.Certificate { return k.chain }

// Sign signs digest. The signatures are deterministic (RFC 6979 for
// ECDSA and SM2), so that the same document signs to the same bytes.
func (k *KeyFile) Sign(ctx context.Context, digest []byte) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, context.Cause(ctx)
	}
	switch key := k.key.(type) {
	case *rsa.PrivateKey:
		return rsa.SignPKCS1v15(nil, key, crypto.SHA256, digest)
	case *ecdsa.PrivateKey:
		return key.Sign(nil, digest, crypto.SHA256)
	case *sm2.PrivateKey:
		return key.Sign(nil, digest, nil)
	}
	return nil, fmt.Errorf("%w: %T keys are not supported", ErrKey, k.key)
}

// String names the signing certificate.
func (k *KeyFile) String() string {
	return fmt.Sprintf("signing key of %q", k.chain[0].Subject.CommonName)
}

// GoString is String, so that %#v shows no key material either.
func (k *KeyFile) GoString() string { return k.String() }

func parsePKCS12(data, passphrase []byte) (crypto.Signer, []*smx509.Certificate, error) {
	priv, leaf, cas, err := pkcs12.DecodeChain(data, string(passphrase))
	switch {
	case errors.Is(err, pkcs12.ErrIncorrectPassword):
		return nil, nil, errWrongPKCS12Passphrase
	case err != nil:
		// Go's x509 reads neither SM2 keys nor SM2 certificates.
		key, certs, err2 := readPFX(data, passphrase)
		if err2 == nil || errors.Is(err2, errWrongPKCS12Passphrase) {
			return key, certs, err2
		}
		return nil, nil, fmt.Errorf("not a readable PKCS #12 file: %v", err2)
	}
	key, ok := priv.(crypto.Signer)
	if !ok {
		return nil, nil, fmt.Errorf("%T keys are not supported", priv)
	}
	var certs []*smx509.Certificate
	for _, c := range append([]*x509.Certificate{leaf}, cas...) {
		sc, err := smx509.ParseCertificate(c.Raw)
		if err != nil {
			return nil, nil, fmt.Errorf("certificate: %v", err)
		}
		certs = append(certs, sc)
	}
	return key, certs, nil
}

func parsePEMKey(data, passphrase []byte) (crypto.Signer, []*smx509.Certificate, error) {
	var key any
	var certs []*smx509.Certificate
	for {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			break
		}
		var err error
		switch b.Type {
		case "CERTIFICATE":
			c, err := smx509.ParseCertificate(b.Bytes)
			if err != nil {
				return nil, nil, fmt.Errorf("certificate: %v", err)
			}
			certs = append(certs, c)
			continue
		case "ENCRYPTED PRIVATE KEY":
			if len(passphrase) == 0 {
				return nil, nil, fmt.Errorf("the key is encrypted: give its passphrase in a file (--sign-passphrase-file) or in %s", PassphraseEnv)
			}
			key, err = pkcs8.ParsePKCS8PrivateKey(b.Bytes, passphrase)
			if err != nil {
				return nil, nil, errors.New("wrong passphrase, or the encrypted key is damaged")
			}
			continue
		case "PRIVATE KEY":
			key, err = pkcs8.ParsePKCS8PrivateKey(b.Bytes)
		case "EC PRIVATE KEY", "RSA PRIVATE KEY":
			if strings.Contains(b.Headers["Proc-Type"], "ENCRYPTED") {
				return nil, nil, errors.New("legacy PEM encryption is not supported: convert the key to encrypted PKCS #8 (openssl pkcs8 -topk8)")
			}
			if b.Type == "RSA PRIVATE KEY" {
				key, err = x509.ParsePKCS1PrivateKey(b.Bytes)
			} else {
				key, err = smx509.ParseECPrivateKey(b.Bytes)
			}
		default:
			continue
		}
		if err != nil {
			return nil, nil, fmt.Errorf("%s: damaged or truncated", strings.ToLower(b.Type))
		}
	}
	if key == nil {
		return nil, nil, errors.New("no complete private key found: the file may be truncated (want a PEM key, PKCS #8, SEC 1 or PKCS #1, or a PKCS #12 file)")
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, nil, fmt.Errorf("%T keys are not supported", key)
	}
	return signer, certs, nil
}

func parseCerts(data []byte) ([]*smx509.Certificate, error) {
	var certs []*smx509.Certificate
	for {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			return certs, nil
		}
		if b.Type != "CERTIFICATE" {
			continue
		}
		c, err := smx509.ParseCertificate(b.Bytes)
		if err != nil {
			return nil, fmt.Errorf("certificate %d: %v", len(certs)+1, err)
		}
		certs = append(certs, c)
	}
}
