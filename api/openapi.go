package api

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/jixiao/jixiao/evaluation"
)

// openAPIJSON is the OpenAPI description, less the input schema.
//
//go:embed openapi.json
var openAPIJSON []byte

// schemaJSON is the JSON Schema of a disclosure, evaluation's, copied
// when first served rather than by every command at start-up.
var schemaJSON = sync.OnceValue(evaluation.Schema)

// openAPIDocument returns the OpenAPI description with the disclosure
// schema's definitions added to its components, so that the description
// stands alone.
func openAPIDocument() ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(openAPIJSON, &doc); err != nil {
		return nil, fmt.Errorf("openapi.json: %w", err)
	}
	// Point the schema's internal references at the components.
	rewritten := bytes.ReplaceAll(schemaJSON(), []byte(`"#/$defs/`), []byte(`"#/components/schemas/`))
	var schema struct {
		Defs map[string]any `json:"$defs"`
	}
	if err := json.Unmarshal(rewritten, &schema); err != nil {
		return nil, fmt.Errorf("disclosure schema: %w", err)
	}
	components, _ := doc["components"].(map[string]any)
	schemas, _ := components["schemas"].(map[string]any)
	if schemas == nil {
		return nil, fmt.Errorf("openapi.json: no components.schemas")
	}
	for name, def := range schema.Defs {
		if _, dup := schemas[name]; dup {
			return nil, fmt.Errorf("openapi.json: schema %s is also defined in the disclosure schema", name)
		}
		schemas[name] = def
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	return buf.Bytes(), nil
}
