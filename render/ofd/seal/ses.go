package seal

import (
	"bytes"
	"context"
	"encoding/asn1"
	"errors"
	"fmt"
	"time"

	"github.com/emmansun/gmsm/smx509"
	"github.com/jixiao/jixiao/sign"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// oidSM2WithSM3 is the signature algorithm of seals and signatures
// (GM/T 0006).
var oidSM2WithSM3 = asn1.ObjectIdentifier{1, 2, 156, 10197, 1, 501}

// sesVersion is the version of GB/T 38540-2020 structures.
const sesVersion = 4

// Info is what an electronic seal (SES_Seal) says.
type Info struct {
	ID   string // esID: the seal's identifier
	Name string // the seal's name, such as the unit's
	// Signers are the certificates that may seal with it: a signature
	// with the seal is valid only by one of them.
	Signers []*smx509.Certificate
	// Created, ValidStart and ValidEnd date the seal.
	Created, ValidStart, ValidEnd time.Time
	// Picture is the seal's PNG image, WidthMM × HeightMM millimetres
	// when stamped.
	Picture           []byte
	WidthMM, HeightMM int
}

// Seal is a parsed electronic seal.
type Seal struct {
	Info
	Maker *smx509.Certificate // who made and signed the seal (制章人)
	DER   []byte
	info  []byte // the signed SES_SealInfo
	sig   []byte
}

// Make returns a new electronic seal (GB/T 38540-2020 SES_Seal, version
// 4) with info, signed by maker, an SM2 key: the seal's maker.
func Make(ctx context.Context, maker sign.Signer, info Info) ([]byte, error) {
	if err := checkSM2(maker); err != nil {
		return nil, err
	}
	if len(info.Signers) == 0 || info.Name == "" || len(info.Picture) == 0 || info.WidthMM <= 0 || info.HeightMM <= 0 {
		return nil, errors.New("seal: a seal needs a name, a signer's certificate, a picture and its size")
	}
	b := cryptobyte.NewBuilder(nil)
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // SES_SealInfo
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // SES_Header
			ia5(b, "ES")
			b.AddASN1Int64(sesVersion)
			ia5(b, "Jixiao")
		})
		ia5(b, info.ID)
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // SES_ESPropertyInfo
			b.AddASN1Int64(1) // an organisation's seal
			b.AddASN1(cbasn1.UTF8String, func(b *cryptobyte.Builder) { b.AddBytes([]byte(info.Name)) })
			b.AddASN1Int64(1) // certList holds certificates
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				for _, c := range info.Signers {
					b.AddASN1OctetString(c.Raw)
				}
			})
			b.AddASN1GeneralizedTime(info.Created.UTC())
			b.AddASN1GeneralizedTime(info.ValidStart.UTC())
			b.AddASN1GeneralizedTime(info.ValidEnd.UTC())
		})
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // SES_ESPictrueInfo
			ia5(b, "PNG")
			b.AddASN1OctetString(info.Picture)
			b.AddASN1Int64(int64(info.WidthMM))
			b.AddASN1Int64(int64(info.HeightMM))
		})
	})
	sealInfo, err := b.Bytes()
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	sig, err := sign.SignData(ctx, maker, sealInfo)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	out := cryptobyte.NewBuilder(nil)
	out.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(sealInfo)
		b.AddASN1OctetString(maker.Chain()[0].Raw)
		b.AddASN1ObjectIdentifier(oidSM2WithSM3)
		b.AddASN1BitString(sig)
	})
	return out.Bytes()
}

// Parse reads an electronic seal (Seal.esl).
func Parse(der []byte) (*Seal, error) {
	s := &Seal{DER: der}
	in := cryptobyte.String(der)
	var seq, info, header, prop, certs, pic, makerDER cryptobyte.String
	var oid asn1.ObjectIdentifier
	var sig asn1.BitString
	var version, typ, listType int64
	var id, picType cryptobyte.String
	var name cryptobyte.String
	ok := in.ReadASN1(&seq, cbasn1.SEQUENCE) && in.Empty() &&
		seq.ReadASN1Element((*cryptobyte.String)(&s.info), cbasn1.SEQUENCE) &&
		seq.ReadASN1(&makerDER, cbasn1.OCTET_STRING) &&
		seq.ReadASN1ObjectIdentifier(&oid) &&
		seq.ReadASN1BitString(&sig) && seq.Empty()
	whole := cryptobyte.String(s.info)
	ok = ok && whole.ReadASN1(&info, cbasn1.SEQUENCE) &&
		info.ReadASN1(&header, cbasn1.SEQUENCE) &&
		header.SkipASN1(cbasn1.IA5String) && header.ReadASN1Integer(&version) &&
		info.ReadASN1(&id, cbasn1.IA5String) &&
		info.ReadASN1(&prop, cbasn1.SEQUENCE) &&
		prop.ReadASN1Integer(&typ) &&
		prop.ReadASN1(&name, cbasn1.UTF8String) &&
		prop.ReadASN1Integer(&listType) &&
		prop.ReadASN1(&certs, cbasn1.SEQUENCE) &&
		prop.ReadASN1GeneralizedTime(&s.Created) &&
		prop.ReadASN1GeneralizedTime(&s.ValidStart) &&
		prop.ReadASN1GeneralizedTime(&s.ValidEnd) &&
		info.ReadASN1(&pic, cbasn1.SEQUENCE) &&
		pic.ReadASN1(&picType, cbasn1.IA5String) &&
		pic.ReadASN1Bytes(&s.Picture, cbasn1.OCTET_STRING) &&
		pic.ReadASN1Integer(&s.WidthMM) && pic.ReadASN1Integer(&s.HeightMM)
	if !ok {
		return nil, errors.New("seal: not a GB/T 38540 electronic seal (SES_Seal), or damaged")
	}
	if version != sesVersion {
		return nil, fmt.Errorf("seal: version %d; only version 4 (GB/T 38540-2020) is read", version)
	}
	if listType != 1 {
		return nil, errors.New("seal: a seal that lists certificate digests instead of certificates is not supported")
	}
	if !oid.Equal(oidSM2WithSM3) {
		return nil, fmt.Errorf("seal: signature algorithm %v; want SM2 with SM3", oid)
	}
	s.ID, s.Name, s.sig = string(id), string(name), sig.RightAlign()
	for !certs.Empty() {
		var c []byte
		if !certs.ReadASN1Bytes(&c, cbasn1.OCTET_STRING) {
			return nil, errors.New("seal: damaged certificate list")
		}
		cert, err := smx509.ParseCertificate(c)
		if err != nil {
			return nil, fmt.Errorf("seal: signer's certificate: %w", err)
		}
		s.Signers = append(s.Signers, cert)
	}
	maker, err := smx509.ParseCertificate(makerDER)
	if err != nil {
		return nil, fmt.Errorf("seal: maker's certificate: %w", err)
	}
	s.Maker = maker
	return s, nil
}

// Check verifies the maker's signature of the seal and that the seal is
// valid at t and lists signer.
func (s *Seal) Check(signer *smx509.Certificate, t time.Time) error {
	if err := sign.Verify(s.Maker, s.info, s.sig); err != nil {
		return fmt.Errorf("seal %q: the maker's signature: %w", s.Name, err)
	}
	if t.Before(s.ValidStart) || t.After(s.ValidEnd) {
		return fmt.Errorf("seal %q is valid from %s to %s, not at %s", s.Name,
			s.ValidStart.Format(time.DateOnly), s.ValidEnd.Format(time.DateOnly), t.UTC().Format(time.RFC3339))
	}
	for _, c := range s.Signers {
		if bytes.Equal(c.Raw, signer.Raw) {
			return nil
		}
	}
	return fmt.Errorf("seal %q does not list the certificate of %q among its signers", s.Name, signer.Subject.CommonName)
}

func ia5(b *cryptobyte.Builder, s string) {
	b.AddASN1(cbasn1.IA5String, func(b *cryptobyte.Builder) { b.AddBytes([]byte(s)) })
}

// checkSM2 tells whether s signs with SM2, as OFD seals do.
func checkSM2(s sign.Signer) error {
	if len(s.Chain()) == 0 {
		return fmt.Errorf("%w: no certificate", sign.ErrKey)
	}
	alg, err := sign.AlgorithmOf(s.Chain()[0].PublicKey)
	if err != nil {
		return err
	}
	if alg != sign.SM2 {
		return fmt.Errorf("%w: OFD seals are SM2 with SM3 (GB/T 38540); the key is %v", sign.ErrKey, alg)
	}
	return nil
}

// signature is a parsed SES_Signature.
type signature struct {
	tbs      []byte // the signed TBS_Sign
	seal     []byte // the SES_Seal in it
	time     time.Time
	dataHash []byte
	property string
	cert     *smx509.Certificate
	value    []byte
}

// sesSignature returns the SES_Signature (version 4) of the data whose
// SM3 digest is dataHash, sealed with sealDER by s.
func sesSignature(ctx context.Context, s sign.Signer, sealDER, dataHash []byte, property string, t time.Time) ([]byte, error) {
	tb := cryptobyte.NewBuilder(nil)
	tb.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // TBS_Sign
		b.AddASN1Int64(sesVersion)
		b.AddBytes(sealDER)
		b.AddASN1GeneralizedTime(t.UTC())
		b.AddASN1BitString(dataHash)
		ia5(b, property)
	})
	tbs, err := tb.Bytes()
	if err != nil {
		return nil, err
	}
	sig, err := sign.SignData(ctx, s, tbs)
	if err != nil {
		return nil, err
	}
	out := cryptobyte.NewBuilder(nil)
	out.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(tbs)
		b.AddASN1OctetString(s.Chain()[0].Raw)
		b.AddASN1ObjectIdentifier(oidSM2WithSM3)
		b.AddASN1BitString(sig)
	})
	return out.Bytes()
}

func parseSignature(der []byte) (*signature, error) {
	var s signature
	in := cryptobyte.String(der)
	var seq, tbs, certDER, prop cryptobyte.String
	var oid asn1.ObjectIdentifier
	var value, hash asn1.BitString
	var version int64
	ok := in.ReadASN1(&seq, cbasn1.SEQUENCE) &&
		seq.ReadASN1Element((*cryptobyte.String)(&s.tbs), cbasn1.SEQUENCE) &&
		seq.ReadASN1(&certDER, cbasn1.OCTET_STRING) &&
		seq.ReadASN1ObjectIdentifier(&oid) &&
		seq.ReadASN1BitString(&value)
	whole := cryptobyte.String(s.tbs)
	ok = ok && whole.ReadASN1(&tbs, cbasn1.SEQUENCE) &&
		tbs.ReadASN1Integer(&version) &&
		tbs.ReadASN1Element((*cryptobyte.String)(&s.seal), cbasn1.SEQUENCE) &&
		tbs.ReadASN1GeneralizedTime(&s.time) &&
		tbs.ReadASN1BitString(&hash) &&
		tbs.ReadASN1(&prop, cbasn1.IA5String)
	if !ok {
		return nil, errors.New("not a GB/T 38540 signature (SES_Signature), or damaged")
	}
	if version != sesVersion {
		return nil, fmt.Errorf("signature version %d; only version 4 (GB/T 38540-2020) is read", version)
	}
	if !oid.Equal(oidSM2WithSM3) {
		return nil, fmt.Errorf("signature algorithm %v; want SM2 with SM3", oid)
	}
	cert, err := smx509.ParseCertificate(certDER)
	if err != nil {
		return nil, fmt.Errorf("signer's certificate: %w", err)
	}
	s.cert, s.value, s.dataHash, s.property = cert, value.RightAlign(), hash.RightAlign(), string(prop)
	return &s, nil
}
