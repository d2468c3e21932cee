// Package examples embeds the bundled example disclosures, so that the
// service's web page can offer the reference example with one click from a
// binary that runs without the source tree.
package examples

import (
	"embed"
	"io/fs"
)

// ReferenceName is the file name of the reference example.
const ReferenceName = "beijing-finance-2021.json"

// Reference is the whole 2021 disclosure of 北京市地方金融监督管理局, with
// its published figures kept as declared values.
//
//go:embed beijing-finance-2021.json
var Reference []byte

//go:embed *.json
var all embed.FS

// All returns every bundled example, by file name: the reference and a
// table for each other built-in profile.
func All() map[string][]byte {
	out := map[string][]byte{}
	names, _ := fs.Glob(all, "*.json")
	for _, name := range names {
		out[name], _ = all.ReadFile(name)
	}
	return out
}
