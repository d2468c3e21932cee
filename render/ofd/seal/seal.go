// Package seal puts an electronic seal (电子印章, GB/T 38540-2020) on a
// finished OFD package: the SM3 digest of every file, the seal with its
// picture, an SM2 signature and stamp annotations where the seal is to
// be seen, in the Signatures.xml and Sign_N/Signature.xml of GB/T 33190
// §18. It also reads seals (Make, Parse) and verifies sealed packages.
package seal

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"
	"github.com/jixiao/jixiao/sign"
)

// Stamp is a place where the seal is seen: a rectangle of a page
// counted from 0, in millimetres from the page's upper left corner.
type Stamp struct {
	Page       int
	X, Y, W, H float64
}

// Options describe a sealing.
type Options struct {
	// Time is the signing time; zero means sign.Time(), which follows
	// SOURCE_DATE_EPOCH.
	Time   time.Time
	Stamps []Stamp
	// Digests are SM3 digests of the package's files the caller took
	// as it wrote them (render/ofd Options.Digests), so that they need
	// not be read back; the others are read and hashed. They are
	// trusted: a wrong one makes a seal that does not verify.
	Digests map[string][sm3.Size]byte
}

// ErrOFD reports a package that cannot be sealed or read.
var ErrOFD = errors.New("seal ofd")

const (
	signsDir   = "Doc_0/Signs/"
	signatures = signsDir + "Signatures.xml"
	signDir    = signsDir + "Sign_0/"
	sm3OID     = "1.2.156.10197.1.401"
	sm2OID     = "1.2.156.10197.1.501"
	ofdNS      = `xmlns:ofd="http://www.ofdspec.org/2016"`
)

// Sign returns the OFD package ofd sealed by s with the seal sealDER
// (Seal.esl), which must list s's certificate.
func Sign(ctx context.Context, ofd []byte, s sign.Signer, sealDER []byte, opts Options) ([]byte, error) {
	if err := checkSM2(s); err != nil {
		return nil, err
	}
	t := opts.Time
	if t.IsZero() {
		var err error
		if t, err = sign.Time(); err != nil {
			return nil, err
		}
	}
	if err := sign.CheckValidity(s.Chain(), t); err != nil {
		return nil, err
	}
	es, err := Parse(sealDER)
	if err != nil {
		return nil, err
	}
	if err := es.Check(s.Chain()[0], t); err != nil {
		return nil, err
	}
	zr, files, root, err := openPackage(ofd)
	if err != nil {
		return nil, err
	}
	if bytes.Contains(root, []byte("<ofd:Signatures>")) {
		return nil, fmt.Errorf("%w: the package is sealed already", ErrOFD)
	}
	end := bytes.Index(root, []byte("</ofd:DocBody>"))
	if end < 0 {
		return nil, fmt.Errorf("%w: OFD.xml has no DocBody", ErrOFD)
	}
	root = bytes.Join([][]byte{root[:end], []byte("<ofd:Signatures>" + signatures + "</ofd:Signatures>"), root[end:]}, nil)
	doc, err := readFile(files, "Doc_0/Document.xml")
	if err != nil {
		return nil, err
	}
	pageIDs := pageIDs(doc)
	for _, st := range opts.Stamps {
		if st.Page < 0 || st.Page >= len(pageIDs) {
			return nil, fmt.Errorf("%w: a stamp on page %d of a %d-page document", ErrOFD, st.Page+1, len(pageIDs))
		}
	}

	// Signature.xml: the digest of every file of the package as it will
	// be, but the signatures'.
	var x bytes.Buffer
	x.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&x, `<ofd:Signature %s><ofd:SignedInfo><ofd:Provider ProviderName="Jixiao" Company="Jixiao" Version="1"/>`, ofdNS)
	fmt.Fprintf(&x, `<ofd:SignatureMethod>%s</ofd:SignatureMethod><ofd:SignatureDateTime>%s</ofd:SignatureDateTime>`, sm2OID, t.UTC().Format("20060102150405Z"))
	fmt.Fprintf(&x, `<ofd:References CheckMethod="%s">`, sm3OID)
	var protected []*zip.File
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, signsDir) {
			protected = append(protected, f)
		}
	}
	sums := make([][sm3.Size]byte, len(protected))
	var unknown []*zip.File
	var at []int
	for i, f := range protected {
		sum, ok := opts.Digests[f.Name]
		switch {
		case f.Name == "OFD.xml":
			sums[i] = sm3.Sum(root)
		case ok:
			sums[i] = sum
		default:
			unknown, at = append(unknown, f), append(at, i)
		}
	}
	read, err := digests(ctx, unknown)
	if err != nil {
		return nil, err
	}
	for j, i := range at {
		sums[i] = read[j]
	}
	for i, f := range protected {
		fmt.Fprintf(&x, `<ofd:Reference FileRef="/%s"><ofd:CheckValue>%s</ofd:CheckValue></ofd:Reference>`, f.Name, base64.StdEncoding.EncodeToString(sums[i][:]))
	}
	x.WriteString(`</ofd:References>`)
	for i, st := range opts.Stamps {
		fmt.Fprintf(&x, `<ofd:StampAnnot ID="%d" PageRef="%s" Boundary="%s %s %s %s"/>`, i+1, pageIDs[st.Page], mm(st.X), mm(st.Y), mm(st.W), mm(st.H))
	}
	fmt.Fprintf(&x, `<ofd:Seal><ofd:BaseLoc>/%sSeal.esl</ofd:BaseLoc></ofd:Seal></ofd:SignedInfo>`, signDir)
	fmt.Fprintf(&x, `<ofd:SignedValue>/%sSignedValue.dat</ofd:SignedValue></ofd:Signature>`, signDir)
	sigXML := x.Bytes()

	hash := sm3.Sum(sigXML)
	value, err := sesSignature(ctx, s, sealDER, hash[:], "/"+signDir+"Signature.xml", t)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrOFD, err)
	}
	list := fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>`+"\n"+
		`<ofd:Signatures %s><ofd:MaxSignId>1</ofd:MaxSignId><ofd:Signature ID="1" Type="Seal" BaseLoc="/%sSignature.xml"/></ofd:Signatures>`, ofdNS, signDir)

	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	var modified time.Time
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, signsDir) {
			continue
		}
		if f.Name == "OFD.xml" {
			modified = f.Modified
			if err := add(zw, f.Name, root, modified); err != nil {
				return nil, err
			}
			continue
		}
		if err := zw.Copy(f); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrOFD, err)
		}
	}
	for _, e := range []struct {
		name string
		data []byte
	}{
		{signatures, []byte(list)},
		{signDir + "Signature.xml", sigXML},
		{signDir + "Seal.esl", sealDER},
		{signDir + "SignedValue.dat", value},
	} {
		if err := add(zw, e.name, e.data, modified); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrOFD, err)
	}
	return out.Bytes(), nil
}

func add(zw *zip.Writer, name string, data []byte, modified time.Time) error {
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified})
	if err == nil {
		_, err = w.Write(data)
	}
	if err != nil {
		return fmt.Errorf("%w: %v", ErrOFD, err)
	}
	return nil
}

// readFile reads a file of the package; a file that does not
// decompress to its recorded checksum is an error naming it.
func readFile(files map[string]*zip.File, name string) ([]byte, error) {
	f := files[name]
	if f == nil {
		return nil, fmt.Errorf("%w: the package has no %s", ErrOFD, name)
	}
	return readEntry(f)
}

func readEntry(f *zip.File) ([]byte, error) {
	name := f.Name
	if f.UncompressedSize64 > 1<<30 {
		return nil, fmt.Errorf("%w: %s is larger than 1 GiB", ErrOFD, name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrOFD, name, err)
	}
	defer rc.Close()
	// The recorded size sizes the buffer, up to a bound: a damaged or
	// hostile package may record any size.
	b := bytes.NewBuffer(make([]byte, 0, min(f.UncompressedSize64, 64<<20)))
	_, err = b.ReadFrom(rc)
	data := b.Bytes()
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrOFD, name, err)
	}
	return data, nil
}

var pageRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`<ofd:Page ID="(\d+)"`) })

// pageIDs returns the IDs of the document's pages, in order.
func pageIDs(doc []byte) []string {
	var ids []string
	for _, m := range pageRE().FindAllSubmatch(doc, -1) {
		ids = append(ids, string(m[1]))
	}
	return ids
}

func mm(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }

// ForSigner makes the seal a signer uses when it has none of its own:
// made and signed by the signer itself, named after the organisation
// of its certificate, valid as long as the certificate, showing picture
// (a PNG) 40 mm wide.
func ForSigner(ctx context.Context, s sign.Signer, picture []byte, created time.Time) ([]byte, error) {
	if err := checkSM2(s); err != nil {
		return nil, err
	}
	cert := s.Chain()[0]
	sum := sm3.Sum(cert.Raw)
	return Make(ctx, s, Info{
		ID:         fmt.Sprintf("%X", sum[:8]),
		Name:       Name(cert),
		Signers:    []*smx509.Certificate{cert},
		Created:    created,
		ValidStart: cert.NotBefore, ValidEnd: cert.NotAfter,
		Picture: picture, WidthMM: 40, HeightMM: 40,
	})
}

// Name is the name a certificate's holder seals with: its
// organisation, else its common name.
func Name(cert *smx509.Certificate) string {
	if o := cert.Subject.Organization; len(o) > 0 && o[0] != "" {
		return o[0]
	}
	return cert.Subject.CommonName
}

// digests returns the SM3 digest of each file, read and hashed on all
// cores: decompressing is most of the cost of sealing.
func digests(ctx context.Context, files []*zip.File) ([][sm3.Size]byte, error) {
	sums := make([][sm3.Size]byte, len(files))
	errs := make([]error, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Go(func() {
			for i := range next {
				data, err := readEntry(files[i])
				sums[i], errs[i] = sm3.Sum(data), err
			}
		})
	}
	for i := range files {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, context.Cause(ctx)
	}
	return sums, errors.Join(errs...)
}
