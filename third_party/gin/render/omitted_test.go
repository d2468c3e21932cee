// Copyright 2026 Gin Core Team. All rights reserved.
// Use of this source code is governed by a MIT style
// license that can be found in the LICENSE file.

//go:build noyaml && notoml && nobson && noprotobuf

package render

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// Patched for Jixiao: the renderers left out by build tags fail before
// writing a body, and still name their content type.
func TestOmitted(t *testing.T) {
	for _, c := range []struct {
		r           Render
		contentType string
	}{
		{YAML{Data: 1}, "application/yaml; charset=utf-8"},
		{TOML{Data: 1}, "application/toml; charset=utf-8"},
		{BSON{Data: 1}, "application/bson"},
		{ProtoBuf{Data: 1}, "application/x-protobuf"},
	} {
		w := httptest.NewRecorder()
		if err := c.r.Render(w); err == nil || !strings.Contains(err.Error(), "left out of this build") {
			t.Errorf("%T Render: %v, want the left-out error", c.r, err)
		}
		if w.Body.Len() != 0 {
			t.Errorf("%T wrote %q", c.r, w.Body)
		}
		c.r.WriteContentType(w)
		if got := w.Header().Get("Content-Type"); got != c.contentType {
			t.Errorf("%T content type %q, want %q", c.r, got, c.contentType)
		}
	}
}
