// Copyright 2026 Gin Core Team. All rights reserved.
// Use of this source code is governed by a MIT style
// license that can be found in the LICENSE file.

//go:build noyaml

package binding

import (
	"errors"
	"net/http"
)

// Patched for Jixiao: built with the noyaml tag, gin leaves out its YAML
// codec (github.com/goccy/go-yaml) and what it links; binding YAML fails.
var errYAMLOmitted = errors.New("gin: YAML binding left out of this build (noyaml tag)")

type yamlBinding struct{}

func (yamlBinding) Name() string {
	return "yaml"
}

func (yamlBinding) Bind(*http.Request, any) error {
	return errYAMLOmitted
}

func (yamlBinding) BindBody([]byte, any) error {
	return errYAMLOmitted
}
