// Package verify checks the signatures of a signed PDF (render/pdf/pades)
// or the seals of a sealed OFD (render/ofd/seal), and says in one form
// for both who signed, when, and whether the document changed since.
package verify

import (
	"bytes"
	"errors"
	"time"

	"github.com/emmansun/gmsm/smx509"
	"github.com/jixiao/jixiao/render/ofd"
	"github.com/jixiao/jixiao/render/ofd/seal"
	"github.com/jixiao/jixiao/render/pdf"
	"github.com/jixiao/jixiao/render/pdf/pades"
)

// Result is what verifying a document found.
type Result struct {
	Format string `json:"format"` // pdf.Name or ofd.Name
	// Valid tells whether every signature is valid and the document
	// unchanged since the last.
	Valid      bool        `json:"valid"`
	Signatures []Signature `json:"signatures"`
}

// Signature is one signature or seal.
type Signature struct {
	Signer    string    `json:"signer"`
	Seal      string    `json:"seal,omitempty"`
	Time      time.Time `json:"time"`
	Algorithm string    `json:"algorithm"`
	// Unchanged tells whether the document is as it was signed: every
	// signed byte as signed and nothing added.
	Unchanged bool `json:"unchanged"`
	// Trusted tells whether the signer's certificate was checked up to
	// a trust anchor.
	Trusted bool `json:"trusted"`
	// Changed names the files of an OFD package that changed or were
	// added since sealing.
	Changed []string `json:"changed,omitempty"`
	// Timestamp is the signature's time-stamp, checked, when it has one
	// (a PDF's PAdES B-T signature).
	Timestamp *Timestamp `json:"timestamp,omitempty"`
	// Error is why the signature is invalid; empty when it is valid.
	Error string `json:"error,omitempty"`
}

// Timestamp is a time-stamping authority's proof that a signature
// existed at a time.
type Timestamp struct {
	Time      time.Time `json:"time"`
	Authority string    `json:"authority"`
	// Trusted tells whether the authority's certificate was checked up
	// to a trust anchor.
	Trusted bool `json:"trusted"`
}

// ErrFormat reports a file that is neither a PDF nor an OFD package.
var ErrFormat = errors.New("not a PDF or OFD file")

// ErrUnsigned reports a document without signatures.
var ErrUnsigned = errors.New("the document has no signature or seal")

// Document verifies the signatures of a PDF or OFD document. roots are
// the trust anchors; nil leaves the certificate chains unchecked (the
// signatures are still checked against the certificates they carry).
func Document(data []byte, roots *smx509.CertPool) (*Result, error) {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		sigs, err := pades.Verify(data, roots)
		if errors.Is(err, pades.ErrNoSignature) {
			return nil, ErrUnsigned
		}
		if err != nil {
			return nil, err
		}
		r := &Result{Format: pdf.Name, Valid: true}
		for i, s := range sigs {
			v := Signature{Signer: s.Signer, Time: s.Time, Algorithm: s.Algorithm, Unchanged: s.Whole && s.Err == nil, Trusted: s.Trusted}
			if s.Err != nil {
				v.Error = s.Err.Error()
			}
			if ts := s.Timestamp; ts != nil {
				v.Timestamp = &Timestamp{Time: ts.Time, Authority: ts.Authority, Trusted: ts.Trusted}
			}
			// Only the last signature can cover the whole file; the
			// earlier ones cover what it signed over.
			r.Valid = r.Valid && s.Err == nil && (s.Whole || i < len(sigs)-1)
			r.Signatures = append(r.Signatures, v)
		}
		return r, nil
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		sigs, err := seal.Verify(data, roots)
		if errors.Is(err, seal.ErrNoSignature) {
			return nil, ErrUnsigned
		}
		if err != nil {
			return nil, err
		}
		r := &Result{Format: ofd.Name, Valid: true}
		for _, s := range sigs {
			v := Signature{Signer: s.Signer, Seal: s.Seal, Time: s.Time, Algorithm: "SM2-SM3", Unchanged: len(s.Changed) == 0 && s.Err == nil,
				Trusted: s.Trusted, Changed: s.Changed}
			if s.Err != nil {
				v.Error = s.Err.Error()
			}
			r.Valid = r.Valid && s.Err == nil
			r.Signatures = append(r.Signatures, v)
		}
		return r, nil
	}
	return nil, ErrFormat
}
