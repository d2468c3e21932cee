// Copyright 2026 Gin Core Team. All rights reserved.
// Use of this source code is governed by a MIT style
// license that can be found in the LICENSE file.

//go:build noyaml && notoml && nobson && noprotobuf && novalidator

package binding

import (
	"net/http"
	"strings"
	"testing"
)

// Patched for Jixiao: the bindings left out by build tags fail, and bound
// values are not validated without the default validator.
func TestOmitted(t *testing.T) {
	for _, b := range []BindingBody{YAML, TOML, BSON, ProtoBuf} {
		req, _ := http.NewRequest(http.MethodPost, "/", strings.NewReader("a: 1"))
		var v struct{ A int }
		if err := b.Bind(req, &v); err == nil || !strings.Contains(err.Error(), "left out of this build") {
			t.Errorf("%s Bind: %v, want the left-out error", b.Name(), err)
		}
		if err := b.BindBody([]byte("a: 1"), &v); err == nil {
			t.Errorf("%s BindBody: no error", b.Name())
		}
	}
	if Validator != nil {
		t.Errorf("Validator %T, want nil with novalidator", Validator)
	}
	var v struct {
		A int `json:"a" binding:"required"`
	}
	req, _ := http.NewRequest(http.MethodPost, "/", strings.NewReader(`{}`))
	if err := JSON.Bind(req, &v); err != nil {
		t.Errorf("JSON.Bind without a validator: %v", err)
	}
}
