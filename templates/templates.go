// Package templates holds everything a region or house style may change,
// as embedded data files: the scoring scheme, the Chinese wording of
// generated text, the section outlines and the page layout. Code reads
// them through FS; nothing here is Go logic, so a variant is an edit of a
// file, not of code.
package templates

import "embed"

// FS holds the default templates.
//
//go:embed *.json
var FS embed.FS
