package evaluation

import (
	"bytes"
	_ "embed"
)

//go:embed schema.json
var schemaJSON []byte

// Schema returns the JSON Schema (draft 2020-12) of the input format, as
// shipped with the binary. The caller owns the returned slice.
func Schema() []byte { return bytes.Clone(schemaJSON) }
