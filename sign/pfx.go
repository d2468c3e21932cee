package sign

import (
	"crypto"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"hash"
	"unicode/utf16"

	"github.com/emmansun/gmsm/pkcs"
	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"
)

// readPFX reads a PKCS #12 file (RFC 7292) whose key or certificates
// Go's x509 does not parse: an SM2 key and certificates, as OpenSSL 3
// writes them (openssl pkcs12 -export), with the MAC of SHA-1, SHA-2 or
// SM3, and PBES2 encryption (AES or SM4, the default of OpenSSL 3 and of
// the GM tools). The legacy PKCS #12 encryption schemes (RC2, 3DES) are
// refused with a way out; keys of those files that Go reads are read by
// go-pkcs12 before this.
func readPFX(der, passphrase []byte) (crypto.Signer, []*smx509.Certificate, error) {
	var pfx struct {
		Version  int
		AuthSafe contentInfo
		MacData  struct {
			Mac struct {
				Algorithm pkix.AlgorithmIdentifier
				Digest    []byte
			}
			Salt       []byte
			Iterations int `asn1:"optional,default:1"`
		} `asn1:"optional"`
	}
	if rest, err := asn1.Unmarshal(der, &pfx); err != nil || len(rest) > 0 {
		return nil, nil, errors.New("damaged or truncated, or a PEM file was meant")
	}
	if pfx.Version != 3 || !pfx.AuthSafe.ContentType.Equal(oidData) {
		return nil, nil, errors.New("only PKCS #12 version 3 with password integrity is read")
	}
	var safe []byte
	if _, err := asn1.Unmarshal(pfx.AuthSafe.Content.Bytes, &safe); err != nil {
		return nil, nil, errors.New("damaged authenticated safe")
	}
	mac := pfx.MacData.Mac
	if len(mac.Algorithm.Algorithm) == 0 {
		return nil, nil, errors.New("the file has no MAC: its integrity cannot be checked")
	}
	h, ok := pfxHashes[mac.Algorithm.Algorithm.String()]
	if !ok {
		return nil, nil, fmt.Errorf("MAC algorithm %v is not supported", mac.Algorithm.Algorithm)
	}
	if pfx.MacData.Iterations < 1 || pfx.MacData.Iterations > 10_000_000 {
		return nil, nil, fmt.Errorf("MAC iterations %d out of bounds", pfx.MacData.Iterations)
	}
	bmp := bmpString(passphrase)
	key := pkcs12KDF(h, bmp, pfx.MacData.Salt, 3, pfx.MacData.Iterations, h().Size())
	m := hmac.New(h, key)
	m.Write(safe)
	if subtle.ConstantTimeCompare(m.Sum(nil), mac.Digest) != 1 {
		return nil, nil, errWrongPKCS12Passphrase
	}

	var contents []contentInfo
	if _, err := asn1.Unmarshal(safe, &contents); err != nil {
		return nil, nil, errors.New("damaged authenticated safe")
	}
	var signer crypto.Signer
	var certs []*smx509.Certificate
	for _, ci := range contents {
		data, err := safeContents(ci, passphrase)
		if err != nil {
			return nil, nil, err
		}
		var bags []struct {
			ID    asn1.ObjectIdentifier
			Value asn1.RawValue `asn1:"tag:0,explicit"`
			Attrs asn1.RawValue `asn1:"optional,set"`
		}
		if _, err := asn1.Unmarshal(data, &bags); err != nil {
			return nil, nil, errors.New("damaged safe contents")
		}
		for _, bag := range bags {
			switch bag.ID.String() {
			case oidCertBag:
				var cb struct {
					ID   asn1.ObjectIdentifier
					Data []byte `asn1:"tag:0,explicit"`
				}
				if _, err := asn1.Unmarshal(bag.Value.Bytes, &cb); err != nil || cb.ID.String() != oidX509Certificate {
					return nil, nil, errors.New("a certificate bag that holds no X.509 certificate")
				}
				c, err := smx509.ParseCertificate(cb.Data)
				if err != nil {
					return nil, nil, fmt.Errorf("certificate: %v", err)
				}
				certs = append(certs, c)
			case oidKeyBag, oidShroudedKeyBag:
				if signer != nil {
					return nil, nil, errors.New("more than one private key")
				}
				plain := bag.Value.Bytes // the bag value, inside its explicit tag
				if bag.ID.String() == oidShroudedKeyBag {
					var epki struct {
						Algorithm pkix.AlgorithmIdentifier
						Data      []byte
					}
					if _, err := asn1.Unmarshal(bag.Value.Bytes, &epki); err != nil {
						return nil, nil, errors.New("damaged encrypted private key")
					}
					if plain, err = decrypt(epki.Algorithm, epki.Data, passphrase, "the private key"); err != nil {
						return nil, nil, err
					}
				}
				k, err := smx509.ParsePKCS8PrivateKey(plain)
				if err != nil {
					return nil, nil, fmt.Errorf("private key: %v", err)
				}
				var ok bool
				if signer, ok = k.(crypto.Signer); !ok {
					return nil, nil, fmt.Errorf("%T keys are not supported", k)
				}
			}
		}
	}
	if signer == nil {
		return nil, nil, errors.New("the file holds no private key")
	}
	return signer, certs, nil
}

var errWrongPKCS12Passphrase = errors.New("wrong passphrase for the PKCS #12 file")

type contentInfo struct {
	ContentType asn1.ObjectIdentifier
	Content     asn1.RawValue `asn1:"tag:0,explicit,optional"`
}

var (
	oidData          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidEncryptedData = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 6}
)

const (
	oidKeyBag          = "1.2.840.113549.1.12.10.1.1"
	oidShroudedKeyBag  = "1.2.840.113549.1.12.10.1.2"
	oidCertBag         = "1.2.840.113549.1.12.10.1.3"
	oidX509Certificate = "1.2.840.113549.1.9.22.1"
)

// pfxHashes are the MAC digests read.
var pfxHashes = map[string]func() hash.Hash{
	"1.3.14.3.2.26":          sha1.New,
	"2.16.840.1.101.3.4.2.1": sha256.New,
	"2.16.840.1.101.3.4.2.2": sha512.New384,
	"2.16.840.1.101.3.4.2.3": sha512.New,
	"1.2.156.10197.1.401":    sm3.New,
}

// safeContents returns the SafeContents of an authenticated safe's
// element, decrypted when it is encrypted.
func safeContents(ci contentInfo, passphrase []byte) ([]byte, error) {
	switch {
	case ci.ContentType.Equal(oidData):
		var data []byte
		if _, err := asn1.Unmarshal(ci.Content.Bytes, &data); err != nil {
			return nil, errors.New("damaged safe contents")
		}
		return data, nil
	case ci.ContentType.Equal(oidEncryptedData):
		var ed struct {
			Version int
			Info    struct {
				ContentType asn1.ObjectIdentifier
				Algorithm   pkix.AlgorithmIdentifier
				Data        []byte `asn1:"tag:0,optional"`
			}
		}
		if _, err := asn1.Unmarshal(ci.Content.Bytes, &ed); err != nil {
			return nil, errors.New("damaged encrypted safe contents")
		}
		return decrypt(ed.Info.Algorithm, ed.Info.Data, passphrase, "the certificates")
	}
	return nil, fmt.Errorf("a safe of content type %v (public-key privacy is not supported)", ci.ContentType)
}

// decrypt decrypts what a PKCS #12 file encrypted with PBES2, whose
// password is the passphrase as it is (UTF-8), as OpenSSL 3 has it.
func decrypt(alg pkix.AlgorithmIdentifier, data, passphrase []byte, what string) ([]byte, error) {
	if !pkcs.IsPBES2(alg) && !pkcs.IsSMPBES(alg) {
		return nil, fmt.Errorf("%s: encrypted with a legacy scheme (%v); export the file again with OpenSSL 3's defaults (openssl pkcs12 -export, PBES2), or give a PEM key (--sign-cert for its chain)", what, alg.Algorithm)
	}
	var params pkcs.PBES2Params
	if _, err := asn1.Unmarshal(alg.Parameters.FullBytes, &params); err != nil {
		return nil, fmt.Errorf("%s: damaged PBES2 parameters", what)
	}
	plain, _, err := params.Decrypt(passphrase, data)
	if err != nil {
		return nil, fmt.Errorf("%s cannot be decrypted: %v", what, err)
	}
	return plain, nil
}

// bmpString is a passphrase as PKCS #12's key derivation takes it:
// UTF-16 big-endian, ending in a zero character.
func bmpString(s []byte) []byte {
	u := utf16.Encode([]rune(string(s)))
	out := make([]byte, 0, 2*len(u)+2)
	for _, c := range u {
		out = append(out, byte(c>>8), byte(c))
	}
	return append(out, 0, 0)
}

// pkcs12KDF derives size bytes from a passphrase (RFC 7292 appendix
// B.2): id 1 for keys, 2 for IVs, 3 for MAC keys.
func pkcs12KDF(h func() hash.Hash, password, salt []byte, id byte, iterations, size int) []byte {
	u, v := h().Size(), h().BlockSize()
	fill := func(b []byte) []byte {
		if len(b) == 0 {
			return nil
		}
		out := make([]byte, v*((len(b)+v-1)/v))
		for i := range out {
			out[i] = b[i%len(b)]
		}
		return out
	}
	D := make([]byte, v)
	for i := range D {
		D[i] = id
	}
	I := append(fill(salt), fill(password)...)
	var out []byte
	for len(out) < size {
		hh := h()
		hh.Write(D)
		hh.Write(I)
		A := hh.Sum(nil)
		for range iterations - 1 {
			hh.Reset()
			hh.Write(A)
			A = hh.Sum(A[:0])
		}
		out = append(out, A...)
		// I_j = (I_j + B + 1) mod 2^(8v), B being A repeated to v bytes.
		B := make([]byte, v)
		for i := range B {
			B[i] = A[i%u]
		}
		for j := 0; j < len(I); j += v {
			carry := 1
			for k := v - 1; k >= 0; k-- {
				carry += int(I[j+k]) + int(B[k])
				I[j+k] = byte(carry)
				carry >>= 8
			}
		}
	}
	return out[:size]
}
