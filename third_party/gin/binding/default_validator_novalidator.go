// Copyright 2026 Gin Core Team. All rights reserved.
// Use of this source code is governed by a MIT style
// license that can be found in the LICENSE file.

//go:build novalidator

package binding

// Patched for Jixiao: built with the novalidator tag, gin leaves out
// go-playground/validator (and what it links: mimetype, golang.org/x/text's
// language tables, the translators); bound values are not validated
// unless Validator is set.
var defaultStructValidator StructValidator
