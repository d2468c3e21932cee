// Package templates holds everything a region or house style may change,
// as embedded data files: the built-in form profiles (profiles/*.json),
// each with its scoring scheme, the wording and columns of its forms and
// its page and sheet layouts. Package profile reads and checks them;
// nothing here is Go logic, so a region's variant is a file, not code.
package templates

import "embed"

// FS holds the built-in profiles under profiles/.
//
//go:embed profiles/*.json
var FS embed.FS

// Summary is the wording and columns of the summary of a batch
// (package summary).
//
//go:embed summary/summary.json
var Summary []byte
