// Copyright 2026 Gin Core Team. All rights reserved.
// Use of this source code is governed by a MIT style
// license that can be found in the LICENSE file.

//go:build nobson

package render

import (
	"errors"
	"net/http"
)

// Patched for Jixiao: built with the nobson tag, gin leaves out its BSON
// codec (go.mongodb.org/mongo-driver/v2/bson) and what it links; rendering BSON fails before
// anything is written.
var errBSONOmitted = errors.New("gin: BSON rendering left out of this build (nobson tag)")

// BSON contains the given interface object.
type BSON struct {
	Data any
}

var bsonContentType = []string{"application/bson"}

// Render (BSON) fails: the codec is not in this build.
func (r BSON) Render(http.ResponseWriter) error {
	return errBSONOmitted
}

// WriteContentType (BSON) writes BSON ContentType for response.
func (r BSON) WriteContentType(w http.ResponseWriter) {
	writeContentType(w, bsonContentType)
}
