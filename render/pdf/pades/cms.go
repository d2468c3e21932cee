package pades

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/asn1"
	"fmt"
	"slices"

	"github.com/jixiao/jixiao/sign"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// Object identifiers of the CMS signature (RFC 5652, RFC 5035, GM/T 0006).
var (
	oidData                 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidSignedData           = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidContentType          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 3}
	oidMessageDigest        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 4}
	oidSigningCertificateV2 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47}
	oidTimeStampToken       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 14}
	oidSHA256               = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidSM3                  = asn1.ObjectIdentifier{1, 2, 156, 10197, 1, 401}
	oidRSA                  = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	oidECDSAWithSHA256      = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 2}
	oidSM2WithSM3           = asn1.ObjectIdentifier{1, 2, 156, 10197, 1, 501}
)

// signedData returns a detached CMS SignedData (RFC 5652) of the content
// whose digest is given, as PAdES baseline B-B asks (ETSI EN 319 142-1):
// signed attributes content-type, message-digest and
// signing-certificate-v2, and no signing-time, which is the /M of the
// signature dictionary instead. With ts, the signer info gets the
// unsigned attribute signature-time-stamp (RFC 3161 appendix A, PAdES
// B-T): ts's token over the SHA-256 hash of the signature value. Only
// the encoding is done here; the signature is the Signer's.
func signedData(ctx context.Context, s sign.Signer, digest []byte, ts Timestamper) ([]byte, error) {
	chain := s.Chain()
	leaf := chain[0]
	alg, err := sign.AlgorithmOf(leaf.PublicKey)
	if err != nil {
		return nil, err
	}
	digestOID, sigOID, sigNull := oidSHA256, oidECDSAWithSHA256, false
	switch alg {
	case sign.RSA:
		sigOID, sigNull = oidRSA, true
	case sign.SM2:
		digestOID, sigOID = oidSM3, oidSM2WithSM3
	}
	certHash := sha256.Sum256(leaf.Raw)
	attrs := [][]byte{
		attribute(oidContentType, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oidData) }),
		attribute(oidMessageDigest, func(b *cryptobyte.Builder) { b.AddASN1OctetString(digest) }),
		attribute(oidSigningCertificateV2, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // SigningCertificateV2
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // certs
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // ESSCertIDv2, SHA-256 by default
						b.AddASN1OctetString(certHash[:])
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // IssuerSerial
							b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // GeneralNames
								b.AddASN1(cbasn1.Tag(4).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
									b.AddBytes(leaf.RawIssuer)
								})
							})
							b.AddASN1BigInt(leaf.SerialNumber)
						})
					})
				})
			})
		}),
	}
	// A SET OF is encoded in the order of its elements' encodings (DER).
	slices.SortFunc(attrs, bytes.Compare)
	signed := cryptobyte.NewBuilder(nil)
	signed.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
		for _, a := range attrs {
			b.AddBytes(a)
		}
	})
	signedDER, err := signed.Bytes()
	if err != nil {
		return nil, err
	}
	sig, err := sign.SignData(ctx, s, signedDER)
	if err != nil {
		return nil, fmt.Errorf("sign: %w", err)
	}
	var unsigned []byte
	if ts != nil {
		h := sha256.Sum256(sig)
		token, err := ts.Timestamp(ctx, h[:])
		if err != nil {
			return nil, fmt.Errorf("signature time-stamp: %w", err)
		}
		unsigned = attribute(oidTimeStampToken, func(b *cryptobyte.Builder) { b.AddBytes(token) })
	}
	algID := func(b *cryptobyte.Builder, oid asn1.ObjectIdentifier, null bool) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(oid)
			if null {
				b.AddASN1NULL()
			}
		})
	}
	out := cryptobyte.NewBuilder(nil)
	out.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // ContentInfo
		b.AddASN1ObjectIdentifier(oidSignedData)
		b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // SignedData
				b.AddASN1Int64(1)
				b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) { algID(b, digestOID, false) })
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oidData) })
				b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
					for _, c := range chain {
						b.AddBytes(c.Raw)
					}
				})
				b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // SignerInfo
						b.AddASN1Int64(1)
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // IssuerAndSerialNumber
							b.AddBytes(leaf.RawIssuer)
							b.AddASN1BigInt(leaf.SerialNumber)
						})
						algID(b, digestOID, false)
						b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
							for _, a := range attrs {
								b.AddBytes(a)
							}
						})
						algID(b, sigOID, sigNull)
						b.AddASN1OctetString(sig)
						if unsigned != nil {
							b.AddASN1(cbasn1.Tag(1).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes(unsigned) })
						}
					})
				})
			})
		})
	})
	return out.Bytes()
}

// attribute encodes a CMS Attribute with one value.
func attribute(oid asn1.ObjectIdentifier, value func(*cryptobyte.Builder)) []byte {
	b := cryptobyte.NewBuilder(nil)
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oid)
		b.AddASN1(cbasn1.SET, value)
	})
	return b.BytesOrPanic()
}
