// Copyright 2026 Gin Core Team. All rights reserved.
// Use of this source code is governed by a MIT style
// license that can be found in the LICENSE file.

//go:build notoml

package binding

import (
	"errors"
	"net/http"
)

// Patched for Jixiao: built with the notoml tag, gin leaves out its TOML
// codec (github.com/pelletier/go-toml/v2) and what it links; binding TOML fails.
var errTOMLOmitted = errors.New("gin: TOML binding left out of this build (notoml tag)")

type tomlBinding struct{}

func (tomlBinding) Name() string {
	return "toml"
}

func (tomlBinding) Bind(*http.Request, any) error {
	return errTOMLOmitted
}

func (tomlBinding) BindBody([]byte, any) error {
	return errTOMLOmitted
}
