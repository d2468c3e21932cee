package main

import (
	"context"
	"flag"
	"os"

	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/sign"
)

// signFlags are the flags that sign renders: render, batch and serve
// take them.
type signFlags struct {
	key, cert, passFile, seal string
}

func addSignFlags(fs *flag.FlagSet) *signFlags {
	s := &signFlags{}
	fs.StringVar(&s.key, "sign", "", "sign PDF and OFD with this `key`: a PKCS #12 file, or a PEM private key (RSA or ECDSA signs PDF, SM2 seals OFD)")
	fs.StringVar(&s.cert, "sign-cert", "", "the signing certificate and its issuers, a PEM `file`, for a PEM --sign key")
	fs.StringVar(&s.passFile, "sign-passphrase-file", "", "read the key's passphrase from this `file` (default: $"+sign.PassphraseEnv+")")
	fs.StringVar(&s.seal, "seal", "", "the OFD's electronic seal, a GB/T 38540 `file` (Seal.esl, see jixiao seal new); default: one made of the signing key")
	return s
}

// signing loads the key; nil when no --sign was given. The passphrase
// comes from --sign-passphrase-file, else from getenv (os.Getenv when
// nil).
func (s *signFlags) signing(getenv func(string) string) (*export.Signing, error) {
	if s.key == "" {
		return nil, nil
	}
	if getenv == nil {
		getenv = os.Getenv
	}
	pass := []byte(getenv(sign.PassphraseEnv))
	var err error
	if s.passFile != "" {
		pass, err = sign.Passphrase(s.passFile)
	}
	if err != nil {
		return nil, err
	}
	key, err := sign.Load(s.key, s.cert, pass)
	if err != nil {
		return nil, err
	}
	var esl []byte
	if s.seal != "" {
		if esl, err = os.ReadFile(s.seal); err != nil {
			return nil, err
		}
	}
	return export.NewSigning(context.Background(), key, esl)
}
