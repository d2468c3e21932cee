// Copyright 2026 Gin Core Team. All rights reserved.
// Use of this source code is governed by a MIT style
// license that can be found in the LICENSE file.

//go:build noyaml

package render

import (
	"errors"
	"net/http"
)

// Patched for Jixiao: built with the noyaml tag, gin leaves out its YAML
// codec (github.com/goccy/go-yaml) and what it links; rendering YAML fails before
// anything is written.
var errYAMLOmitted = errors.New("gin: YAML rendering left out of this build (noyaml tag)")

// YAML contains the given interface object.
type YAML struct {
	Data any
}

var yamlContentType = []string{"application/yaml; charset=utf-8"}

// Render (YAML) fails: the codec is not in this build.
func (r YAML) Render(http.ResponseWriter) error {
	return errYAMLOmitted
}

// WriteContentType (YAML) writes YAML ContentType for response.
func (r YAML) WriteContentType(w http.ResponseWriter) {
	writeContentType(w, yamlContentType)
}
