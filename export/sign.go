package export

import (
	"bytes"
	"context"
	"fmt"
	"path"
	"slices"

	"github.com/emmansun/gmsm/sm3"
	"github.com/jixiao/jixiao/fonts"
	"github.com/jixiao/jixiao/internal/countio"
	"github.com/jixiao/jixiao/profile"
	"github.com/jixiao/jixiao/render/layout"
	"github.com/jixiao/jixiao/render/ofd/seal"
	"github.com/jixiao/jixiao/render/pdf/pades"
	"github.com/jixiao/jixiao/sign"
	"github.com/jixiao/jixiao/sign/sealimage"
)

// Signing signs the page formats a plan is written in: a PDF with a
// PAdES signature (an RSA or ECDSA key), an OFD with an electronic seal
// (an SM2 key), each showing the seal's picture where the profile's
// layout says (profile.Seal). A workbook is not signed. A Signing is
// made once, for a key, and used by any number of renders at once.
type Signing struct {
	Signer sign.Signer
	// TSA, when set, time-stamps PDF signatures (PAdES B-T): a
	// *tsa.Client of a time-stamping authority. OFD seals take none.
	TSA pades.Timestamper
	alg sign.Algorithm
	// seal is the OFD's electronic seal; picture is the PNG the PDF
	// shows, image the same made ready to stamp.
	seal, picture []byte
	image         *pades.Image
}

// NewSigning prepares signing with s. sealDER is the electronic seal an
// OFD is sealed with (Seal.esl); nil makes one of s's own, with a
// picture drawn of the name on its certificate.
func NewSigning(ctx context.Context, s sign.Signer, sealDER []byte) (*Signing, error) {
	chain := s.Chain()
	if len(chain) == 0 {
		return nil, fmt.Errorf("%w: no certificate", sign.ErrKey)
	}
	alg, err := sign.AlgorithmOf(chain[0].PublicKey)
	if err != nil {
		return nil, err
	}
	sg := &Signing{Signer: s, alg: alg, seal: sealDER}
	if sealDER != nil {
		es, err := seal.Parse(sealDER)
		if err != nil {
			return nil, err
		}
		sg.picture = es.Picture
		sg.image, err = pades.NewImage(sg.picture)
		return sg, err
	}
	set, err := fonts.Default()
	if err != nil {
		return nil, err
	}
	if sg.picture, err = sealimage.Draw(seal.Name(chain[0]), set.Face(fonts.RoleTitle).Data, 300); err != nil {
		return nil, err
	}
	if sg.image, err = pades.NewImage(sg.picture); err != nil {
		return nil, err
	}
	if alg == sign.SM2 {
		// Dated by the certificate, so that the same key seals alike.
		if sg.seal, err = seal.ForSigner(ctx, s, sg.picture, chain[0].NotBefore); err != nil {
			return nil, err
		}
	}
	return sg, nil
}

// String names the signing certificate and the scheme, never the key;
// "" for nil.
func (s *Signing) String() string {
	if s == nil {
		return ""
	}
	return fmt.Sprintf("%q (%v)", s.Signer.Chain()[0].Subject.CommonName, s.alg)
}

// Signs tells whether the signing can sign format f, and if not why:
// PDF readers verify RSA and ECDSA signatures, OFD seals are SM2.
func (s *Signing) Signs(f *Format) error {
	switch {
	case f == PDF && s.alg == sign.SM2:
		return &OptionError{Name: "sign", Value: f.Name,
			Message:   "SM2 密钥只能为 OFD 加盖电子印章；PDF 签名需要 RSA 或 ECDSA 密钥",
			MessageEN: "an SM2 key seals OFD; signing a PDF needs an RSA or ECDSA key (PDF readers do not verify SM2)"}
	case f == OFD && s.alg != sign.SM2:
		return &OptionError{Name: "sign", Value: f.Name,
			Message:   "OFD 电子印章（GB/T 38540）需要 SM2 密钥",
			MessageEN: "an OFD seal (GB/T 38540) needs an SM2 key"}
	case f == OFD && s.TSA != nil:
		return &OptionError{Name: "tsa", Value: f.Name,
			Message:   "时间戳（--tsa）只用于 PDF 签名；OFD 电子印章不带时间戳",
			MessageEN: "a time-stamp (--tsa) is for PDF signatures; OFD seals are not time-stamped"}
	case f != PDF && f != OFD:
		return &OptionError{Name: "sign", Value: f.Name,
			Message:   "只有 PDF 和 OFD 可以签名",
			MessageEN: "only PDF and OFD documents are signed"}
	}
	return nil
}

// signPages signs a page format's bytes, written from res.
func (s *Signing) signPages(ctx context.Context, f *Format, data []byte, res *layout.Result, place *profile.Seal, sums map[string][sm3.Size]byte) ([]byte, error) {
	centres := stampCentres(res, place)
	r := place.Size * 72 / 25.4 / 2 // points
	if f == PDF {
		opts := pades.Options{Seal: s.image, TSA: s.TSA}
		for _, c := range centres {
			h := res.Pages[c.page].Height
			opts.Stamps = append(opts.Stamps, pades.Stamp{Page: c.page, Rect: [4]float64{c.x - r, h - c.y - r, c.x + r, h - c.y + r}})
		}
		return pades.Sign(ctx, data, s.Signer, opts)
	}
	opts := seal.Options{Digests: sums}
	mm := func(pt float64) float64 { return pt * 25.4 / 72 }
	for _, c := range centres {
		opts.Stamps = append(opts.Stamps, seal.Stamp{Page: c.page, X: mm(c.x - r), Y: mm(c.y - r), W: place.Size, H: place.Size})
	}
	return seal.Sign(ctx, data, s.Signer, s.seal, opts)
}

type centre struct {
	page int
	x, y float64 // points from the page's upper left corner
}

// stampCentres returns where the seal goes: the centre of the first
// line of each page that prints a field the profile stamps over.
func stampCentres(res *layout.Result, place *profile.Seal) []centre {
	var out []centre
	for i := range res.Pages {
		for _, l := range res.Pages[i].Lines {
			if l.Path != "" && slices.Contains(place.Over, path.Base(l.Path)) {
				out = append(out, centre{page: i, x: l.X + l.Width/2, y: l.Y + l.Height/2})
				break
			}
		}
	}
	return out
}

// writeSigned writes a page format signed: the writer's bytes are signed
// whole, so nothing reaches w unless the signing succeeds.
func writeSigned(ctx context.Context, w *countio.Writer, p *Plan, f *Format, s *Signing) (Stats, error) {
	if err := s.Signs(f); err != nil {
		return Stats{}, err
	}
	var buf bytes.Buffer
	var sums map[string][sm3.Size]byte
	if f == OFD {
		sums = map[string][sm3.Size]byte{}
		p.ofdDigests = sums
		defer func() { p.ofdDigests = nil }()
	}
	pages, err := f.write(ctx, &buf, p)
	if err != nil {
		return Stats{}, fmt.Errorf("render %s: %w", f.Name, err)
	}
	res, err := p.Pages(ctx)
	if err != nil {
		return Stats{}, err
	}
	data, err := s.signPages(ctx, f, buf.Bytes(), res, &p.Report.Profile.Layout.Seal, sums)
	if err != nil {
		return Stats{}, fmt.Errorf("sign %s: %w", f.Name, err)
	}
	if _, err := w.Write(data); err != nil {
		return Stats{}, fmt.Errorf("render %s: %w", f.Name, err)
	}
	return Stats{Pages: pages, Bytes: w.N}, nil
}
