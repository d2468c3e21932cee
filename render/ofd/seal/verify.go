package seal

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"
	"github.com/jixiao/jixiao/sign"
)

// Signature is what Verify found of one seal or signature.
type Signature struct {
	Signer  string    // the signer certificate's common name
	Seal    string    // the seal's name
	Time    time.Time // the signing time the signature states
	Stamps  int       // the stamp annotations that show the seal
	Trusted bool      // the signer's certificate chains to a trust anchor
	// Changed names the files that changed or were added since sealing.
	Changed []string
	Err     error // why the signature is invalid, nil when it is valid
}

// ErrNoSignature reports an OFD package without signatures.
var ErrNoSignature = errors.New("the OFD has no signature or seal")

type signaturesXML struct {
	Signatures []struct {
		BaseLoc string `xml:"BaseLoc,attr"`
	} `xml:"Signature"`
}

type signatureXML struct {
	SignedInfo struct {
		References struct {
			CheckMethod string `xml:"CheckMethod,attr"`
			Reference   []struct {
				FileRef    string `xml:"FileRef,attr"`
				CheckValue string `xml:"CheckValue"`
			} `xml:"Reference"`
		} `xml:"References"`
		StampAnnot []struct {
			PageRef string `xml:"PageRef,attr"`
		} `xml:"StampAnnot"`
		Seal struct {
			BaseLoc string `xml:"BaseLoc"`
		} `xml:"Seal"`
	} `xml:"SignedInfo"`
	SignedValue string `xml:"SignedValue"`
}

// Verify checks every signature of an OFD package: the SM3 digest of
// every file it protects, that no file was added, the SM2 signature
// value, the seal's own signature and validity, that the seal lists the
// signer, the certificate's validity at the signing time and, when roots
// is not nil, its chain to one of them.
func Verify(ofd []byte, roots *smx509.CertPool) ([]Signature, error) {
	zr, files, root, err := openPackage(ofd)
	if err != nil {
		return nil, err
	}
	var body struct {
		DocBody []struct {
			Signatures string `xml:"Signatures"`
		} `xml:"DocBody"`
	}
	if err := xml.Unmarshal(root, &body); err != nil {
		return nil, fmt.Errorf("%w: OFD.xml: %v", ErrOFD, err)
	}
	var sigs []Signature
	for _, db := range body.DocBody {
		if db.Signatures == "" {
			continue
		}
		listName := resolve("", db.Signatures)
		data, err := readFile(files, listName)
		if err != nil {
			return nil, err
		}
		var list signaturesXML
		if err := xml.Unmarshal(data, &list); err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrOFD, listName, err)
		}
		for _, s := range list.Signatures {
			sigs = append(sigs, verifyOne(files, zr.File, resolve(path.Dir(listName), s.BaseLoc), roots))
		}
	}
	if len(sigs) == 0 {
		return nil, ErrNoSignature
	}
	return sigs, nil
}

func verifyOne(files map[string]*zip.File, all []*zip.File, name string, roots *smx509.CertPool) Signature {
	var v Signature
	sigXML, err := readFile(files, name)
	if err != nil {
		v.Err = err
		return v
	}
	var sx signatureXML
	if err := xml.Unmarshal(sigXML, &sx); err != nil {
		v.Err = fmt.Errorf("%s: %v", name, err)
		return v
	}
	dir := path.Dir(name)
	v.Stamps = len(sx.SignedInfo.StampAnnot)
	valueDER, err := readFile(files, resolve(dir, sx.SignedValue))
	if err != nil {
		v.Err = err
		return v
	}
	sig, err := parseSignature(valueDER)
	if err != nil {
		v.Err = fmt.Errorf("%s: %v", sx.SignedValue, err)
		return v
	}
	v.Signer, v.Time = sig.cert.Subject.CommonName, sig.time

	// The files: every one protected and unchanged, none added.
	if m := sx.SignedInfo.References.CheckMethod; m != sm3OID && !strings.EqualFold(m, "sm3") {
		v.Err = fmt.Errorf("%s: digest method %q; want SM3 (%s)", name, m, sm3OID)
		return v
	}
	covered := map[string]bool{}
	var refs []*zip.File
	var want []string
	for _, r := range sx.SignedInfo.References.Reference {
		fn := resolve("", r.FileRef)
		covered[fn] = true
		if f := files[fn]; f != nil {
			refs = append(refs, f)
			want = append(want, strings.TrimSpace(r.CheckValue))
		} else {
			v.Changed = append(v.Changed, fn)
		}
	}
	// A file that does not decompress counts as changed: digests
	// reports it, and its digest is of what could be read.
	sums, _ := digests(context.Background(), refs)
	for i, f := range refs {
		if base64.StdEncoding.EncodeToString(sums[i][:]) != want[i] {
			v.Changed = append(v.Changed, f.Name)
		}
	}
	for _, f := range all {
		if !covered[f.Name] && !strings.HasPrefix(f.Name, dir+"/") && f.Name != path.Join(path.Dir(dir), "Signatures.xml") && !strings.HasSuffix(f.Name, "/") {
			v.Changed = append(v.Changed, f.Name)
		}
	}
	if len(v.Changed) > 0 {
		v.Err = fmt.Errorf("changed since sealing: %s", strings.Join(v.Changed, ", "))
		return v
	}

	// The signature value, over the signed information.
	if h := sm3.Sum(sigXML); !bytes.Equal(h[:], sig.dataHash) {
		v.Err = fmt.Errorf("%s changed since sealing: its SM3 digest is not the signed one", name)
		return v
	}
	if err := sign.Verify(sig.cert, sig.tbs, sig.value); err != nil {
		v.Err = fmt.Errorf("signature value: %w", err)
		return v
	}
	es, err := Parse(sig.seal)
	if err != nil {
		v.Err = err
		return v
	}
	v.Seal = es.Name
	if stored, err := readFile(files, resolve(dir, sx.SignedInfo.Seal.BaseLoc)); err == nil && !bytes.Equal(stored, sig.seal) {
		v.Err = errors.New("the seal file is not the seal that was signed with")
		return v
	}
	if err := es.Check(sig.cert, sig.time); err != nil {
		v.Err = err
		return v
	}
	if err := sign.CheckValidity([]*smx509.Certificate{sig.cert}, sig.time); err != nil {
		v.Err = err
		return v
	}
	if roots != nil {
		opts := smx509.VerifyOptions{Roots: roots, CurrentTime: sig.time, KeyUsages: []smx509.ExtKeyUsage{smx509.ExtKeyUsageAny}}
		if _, err := sig.cert.Verify(opts); err != nil {
			v.Err = fmt.Errorf("the signer's certificate: %w", err)
			return v
		}
		if _, err := es.Maker.Verify(opts); err != nil {
			v.Err = fmt.Errorf("the seal maker's certificate: %w", err)
			return v
		}
		v.Trusted = true
	}
	return v
}

// resolve returns the package path of loc, a path in the package
// (leading slash) or relative to dir.
func resolve(dir, loc string) string {
	loc = strings.TrimSpace(loc)
	if strings.HasPrefix(loc, "/") {
		return strings.TrimPrefix(path.Clean(loc), "/")
	}
	return strings.TrimPrefix(path.Join(dir, loc), "/")
}

// openPackage opens an OFD package: its files by name and its OFD.xml.
func openPackage(ofd []byte) (*zip.Reader, map[string]*zip.File, []byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(ofd), int64(len(ofd)))
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%w: not an OFD package, or truncated: %v", ErrOFD, err)
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[f.Name] = f
	}
	root, err := readFile(files, "OFD.xml")
	if err != nil {
		return nil, nil, nil, err
	}
	return zr, files, root, nil
}
