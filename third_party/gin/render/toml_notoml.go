// Copyright 2026 Gin Core Team. All rights reserved.
// Use of this source code is governed by a MIT style
// license that can be found in the LICENSE file.

//go:build notoml

package render

import (
	"errors"
	"net/http"
)

// Patched for Jixiao: built with the notoml tag, gin leaves out its TOML
// codec (github.com/pelletier/go-toml/v2) and what it links; rendering TOML fails before
// anything is written.
var errTOMLOmitted = errors.New("gin: TOML rendering left out of this build (notoml tag)")

// TOML contains the given interface object.
type TOML struct {
	Data any
}

var tomlContentType = []string{"application/toml; charset=utf-8"}

// Render (TOML) fails: the codec is not in this build.
func (r TOML) Render(http.ResponseWriter) error {
	return errTOMLOmitted
}

// WriteContentType (TOML) writes TOML ContentType for response.
func (r TOML) WriteContentType(w http.ResponseWriter) {
	writeContentType(w, tomlContentType)
}
