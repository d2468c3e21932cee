// Copyright 2026 Gin Core Team. All rights reserved.
// Use of this source code is governed by a MIT style
// license that can be found in the LICENSE file.

//go:build noquic

package gin

import "testing"

// Patched for Jixiao: without QUIC, RunQUIC fails at once.
func TestRunQUICOmitted(t *testing.T) {
	if err := New().RunQUIC(":0", "cert.pem", "key.pem"); err == nil {
		t.Error("RunQUIC succeeded without QUIC")
	}
}
