// Copyright 2026 Gin Core Team. All rights reserved.
// Use of this source code is governed by a MIT style
// license that can be found in the LICENSE file.

//go:build noquic

package gin

import "errors"

// Patched for Jixiao: built with the noquic tag, gin leaves out quic-go
// and RunQUIC fails at once.

// RunQUIC fails: QUIC is not in this build (noquic tag).
func (engine *Engine) RunQUIC(addr, certFile, keyFile string) error {
	err := errors.New("gin: QUIC left out of this build (noquic tag)")
	debugPrintError(err)
	return err
}
