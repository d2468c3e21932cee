// Copyright 2026 The Prometheus Authors
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at
//
// http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.

//go:build noexpvar

package prometheus

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// Patched for Jixiao: with the noexpvar tag the package does not link
// expvar, which would have registered /debug/vars.
func TestNoExpvar(t *testing.T) {
	if _, pattern := http.DefaultServeMux.Handler(httptest.NewRequest(http.MethodGet, "/debug/vars", nil)); pattern != "" {
		t.Errorf("/debug/vars is registered (%q): expvar is linked", pattern)
	}
}
