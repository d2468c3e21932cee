// Copyright 2026 Gin Core Team. All rights reserved.
// Use of this source code is governed by a MIT style
// license that can be found in the LICENSE file.

//go:build nobson

package binding

import (
	"errors"
	"net/http"
)

// Patched for Jixiao: built with the nobson tag, gin leaves out its BSON
// codec (go.mongodb.org/mongo-driver/v2/bson) and what it links; binding BSON fails.
var errBSONOmitted = errors.New("gin: BSON binding left out of this build (nobson tag)")

type bsonBinding struct{}

func (bsonBinding) Name() string {
	return "bson"
}

func (bsonBinding) Bind(*http.Request, any) error {
	return errBSONOmitted
}

func (bsonBinding) BindBody([]byte, any) error {
	return errBSONOmitted
}
