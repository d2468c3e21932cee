package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"

	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/sign"
	"github.com/jixiao/jixiao/sign/tsa"
)

// signFlags are the flags that sign renders: render, batch and serve
// take them.
type signFlags struct {
	key, cert, passFile, seal, tsa string
}

func addSignFlags(fs *flag.FlagSet) *signFlags {
	s := &signFlags{}
	fs.StringVar(&s.key, "sign", "", "sign PDF and OFD with this `key`: a PKCS #12 file, or a PEM private key (RSA or ECDSA signs PDF, SM2 seals OFD)")
	fs.StringVar(&s.cert, "sign-cert", "", "the signing certificate and its issuers, a PEM `file`, for a PEM --sign key")
	fs.StringVar(&s.passFile, "sign-passphrase-file", "", "read the key's passphrase from this `file` (default: $"+sign.PassphraseEnv+")")
	fs.StringVar(&s.seal, "seal", "", "the OFD's electronic seal, a GB/T 38540 `file` (Seal.esl, see jixiao seal new); default: one made of the signing key")
	fs.StringVar(&s.tsa, "tsa", "", tsaUsage)
	return s
}

const tsaUsage = "time-stamp PDF signatures (PAdES B-T) at the RFC 3161 time-stamping authority at this `URL`"

// signing loads the key; nil when no --sign was given. The passphrase
// comes from --sign-passphrase-file, else from getenv (os.Getenv when
// nil).
func (s *signFlags) signing(getenv func(string) string) (*export.Signing, error) {
	if s.key == "" {
		if s.tsa != "" {
			return nil, errors.New("--tsa 需要 --sign (--tsa time-stamps signatures: give the signing key with --sign)")
		}
		return nil, nil
	}
	if s.tsa != "" {
		if u, err := url.Parse(s.tsa); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("--tsa %q: 时间戳服务地址应为 http:// 或 https:// URL (want an http:// or https:// URL)", s.tsa)
		}
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
	sg, err := export.NewSigning(context.Background(), key, esl)
	if err != nil || s.tsa == "" {
		return sg, err
	}
	sg.TSA = &tsa.Client{URL: s.tsa}
	return sg, nil
}
