package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/jixiao/jixiao/fonts"
	"github.com/jixiao/jixiao/render/ofd/seal"
	"github.com/jixiao/jixiao/sign"
	"github.com/jixiao/jixiao/sign/keygen"
	"github.com/jixiao/jixiao/sign/sealimage"
)

// runSeal makes a trial signing key: jixiao seal new.
func runSeal(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "new" {
		fmt.Fprintln(stderr, "usage: jixiao seal new [flags] -o DIR")
		return exitUnread
	}
	fs := flag.NewFlagSet("seal new", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "`directory` to write key.pem, chain.pem, ca.pem, seal.png and, for SM2, seal.esl to (required)")
	name := fs.String("name", "", "the unit the seal and certificate name (required)")
	alg := fs.String("alg", "sm2", "sm2 (seals OFD, the default), ecdsa or rsa (sign PDF)")
	passFile := fs.String("passphrase-file", "", "encrypt key.pem with the passphrase in this `file` (default: "+sign.PassphraseEnv+" if set, else unencrypted)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: jixiao seal new [flags] -o DIR")
		fmt.Fprintln(stderr, "Makes a trial key, a certificate from a trial authority (ca.pem) and a seal: they prove nothing to anyone else.")
		fs.PrintDefaults()
	}
	if !parseArgs(fs, args[1:], func() bool { return *out != "" && *name != "" && fs.NArg() == 0 }) {
		return exitUnread
	}
	algs := map[string]sign.Algorithm{"sm2": sign.SM2, "ecdsa": sign.ECDSA, "rsa": sign.RSA}
	a, ok := algs[*alg]
	if !ok {
		fmt.Fprintf(stderr, "jixiao: --alg %q: want sm2, ecdsa or rsa\n", *alg)
		return exitUnread
	}
	pass, err := sign.Passphrase(*passFile)
	if err != nil {
		fmt.Fprintf(stderr, "jixiao: %v\n", err)
		return exitUnread
	}
	files, err := newSeal(*name, a, pass)
	if err != nil {
		fmt.Fprintf(stderr, "jixiao: %v\n", err)
		return exitUnread
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintf(stderr, "jixiao: %v\n", err)
		return exitUnread
	}
	for _, f := range files {
		perm := os.FileMode(0o644)
		if f.name == "key.pem" {
			perm = 0o600
		}
		if err := os.WriteFile(filepath.Join(*out, f.name), f.data, perm); err != nil {
			fmt.Fprintf(stderr, "jixiao: %v\n", err)
			return exitUnread
		}
		fmt.Fprintln(stdout, filepath.Join(*out, f.name))
	}
	return 0
}

type namedFile struct {
	name string
	data []byte
}

func newSeal(name string, alg sign.Algorithm, pass []byte) ([]namedFile, error) {
	k, err := keygen.New(keygen.Options{Algorithm: alg, Name: name})
	if err != nil {
		return nil, err
	}
	keyPEM, err := k.KeyPEM(pass)
	if err != nil {
		return nil, err
	}
	set, err := fonts.Default()
	if err != nil {
		return nil, err
	}
	png, err := sealimage.Draw(name, set.Face(fonts.RoleTitle).Data, 300)
	if err != nil {
		return nil, err
	}
	files := []namedFile{{"key.pem", keyPEM}, {"chain.pem", k.ChainPEM()}, {"ca.pem", k.CAPEM()}, {"seal.png", png}}
	if alg == sign.SM2 {
		t, err := sign.Time()
		if err != nil {
			return nil, err
		}
		esl, err := seal.ForSigner(context.Background(), k.Signer, png, t)
		if err != nil {
			return nil, err
		}
		files = append(files, namedFile{"seal.esl", esl})
	}
	return files, nil
}
