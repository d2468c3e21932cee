// Command jixiao validates budget-performance evaluation data and renders
// the official documents.
//
// Usage:
//
//	jixiao validate [--json] [--strict] FILE...
//	jixiao render [--format pdf|ofd|xlsx] [--part PART] [--figures computed|declared] -o OUT FILE
//	jixiao import [-o OUT.json] FILE.xlsx|FILE.docx...
//	jixiao batch -o OUT.zip|DIR INPUTS...
//	jixiao summary [--format pdf|ofd|xlsx] [--previous INPUTS] -o OUT INPUTS...
//	jixiao serve [--addr HOST:PORT] [--data DIR | --database postgres://…]
//	jixiao worker --database postgres://…
//	jixiao verify [--trust ANCHORS.pem] FILE.pdf|FILE.ofd...
//	jixiao seal new --name UNIT -o DIR
package main

import (
	"fmt"
	"io"
	"os"
)

const usage = `jixiao — 预算绩效评价文档生成 (budget performance documents)

Usage:
  jixiao validate [--json] [--strict] FILE...   validate, compute and audit ("-" reads stdin)
  jixiao render [flags] -o OUT FILE             render a PDF, OFD or XLSX
  jixiao import [-o OUT.json] FILE...          workbooks (.xlsx) and documents (.docx) to input JSON
  jixiao batch [flags] -o OUT.zip|DIR INPUTS... render many disclosures
  jixiao summary [flags] -o OUT INPUTS...       summary tables and charts of many disclosures
  jixiao serve [--addr HOST:PORT]               run the HTTP service
  jixiao worker [--database postgres://…]       work the units of batch jobs, without HTTP
  jixiao verify [--trust CA.pem] FILE...        check a signed PDF's or sealed OFD's signatures
  jixiao seal new --name UNIT -o DIR            make a trial signing key and seal

Run "jixiao COMMAND -h" for a command's flags.
`

func main() {
	if len(os.Args) > 1 && os.Args[1] != "serve" && os.Args[1] != "worker" {
		deferCollection() // a command that ends soon; the service sets its own
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run dispatches a subcommand and returns the process exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "validate":
		return runValidate(rest, stdin, stdout, stderr)
	case "render":
		return runRender(rest, stdin, stdout, stderr)
	case "import":
		return runImport(rest, stdin, stdout, stderr)
	case "batch":
		return runBatch(rest, stdout, stderr)
	case "summary":
		return runSummary(rest, stdin, stdout, stderr)
	case "serve":
		return runServe(rest, stdout, stderr)
	case "worker":
		return runWorker(rest, stderr)
	case "verify":
		return runVerify(rest, stdout, stderr)
	case "seal":
		return runSeal(rest, stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "jixiao: unknown command %q\n\n%s", cmd, usage)
	return 2
}
