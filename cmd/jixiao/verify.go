package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/emmansun/gmsm/smx509"
	"github.com/jixiao/jixiao/sign"
	"github.com/jixiao/jixiao/verify"
)

// runVerify checks the signatures of signed PDFs and sealed OFDs: exit
// status 0 when every file's signatures are valid and the files
// unchanged since signing, 1 when one is not (or has no signature), 2
// when a file or the trust anchors cannot be read.
func runVerify(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	trust := fs.String("trust", "", "PEM `file` of trust anchors: the CA certificates a signer's chain must end at (default: chains unchecked)")
	asJSON := fs.Bool("json", false, "print the results as JSON, one object per file")
	setUsage(fs, stderr, "usage: jixiao verify [--trust ANCHORS.pem] [--json] FILE.pdf|FILE.ofd...")
	if !parseArgs(fs, args, func() bool { return fs.NArg() > 0 }) {
		return exitUnread
	}
	var roots *smx509.CertPool
	if *trust != "" {
		data, err := os.ReadFile(*trust)
		if err == nil {
			roots, err = sign.Trust(data)
		}
		if err != nil {
			fmt.Fprintf(stderr, "jixiao: trust anchors: %v\n", err)
			return exitUnread
		}
	}
	status := 0
	for _, name := range fs.Args() {
		data, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "jixiao: %v\n", err)
			status = max(status, exitUnread)
			continue
		}
		res, err := verify.Document(data, roots)
		if err != nil {
			fmt.Fprintf(stderr, "%s: 无效 INVALID: %v\n", name, err)
			status = max(status, exitInvalid)
			continue
		}
		if !res.Valid {
			status = max(status, exitInvalid)
		}
		if *asJSON {
			out, _ := json.Marshal(struct {
				File string `json:"file"`
				*verify.Result
			}{name, res})
			fmt.Fprintf(stdout, "%s\n", out)
			continue
		}
		printVerified(stdout, name, res, roots != nil)
	}
	return status
}

func printVerified(w io.Writer, name string, res *verify.Result, trusted bool) {
	if res.Valid {
		fmt.Fprintf(w, "%s: 有效 valid (%s)\n", name, res.Format)
	} else {
		fmt.Fprintf(w, "%s: 无效 INVALID (%s)\n", name, res.Format)
	}
	for i, s := range res.Signatures {
		what := "签名 signature"
		if s.Seal != "" {
			what = fmt.Sprintf("印章 seal %q", s.Seal)
		}
		fmt.Fprintf(w, "  %d. %s by %q, %s, %s\n", i+1, what, s.Signer, s.Time.UTC().Format(time.RFC3339), s.Algorithm)
		if ts := s.Timestamp; ts != nil {
			fmt.Fprintf(w, "     时间戳 time-stamp: %s by %q\n", ts.Time.UTC().Format(time.RFC3339), ts.Authority)
		}
		switch {
		case s.Error != "":
			fmt.Fprintf(w, "     失败 failed: %s\n", s.Error)
		case s.Unchanged:
			fmt.Fprintln(w, "     文档签署后未改动 unchanged since signing")
		default:
			fmt.Fprintln(w, "     签署后有改动 CHANGED since signing: content was added after the signed part")
		}
		if s.Error == "" && !trusted {
			fmt.Fprintln(w, "     证书链未验证 certificate chain not checked (no --trust)")
		}
	}
}
