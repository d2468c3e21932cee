// Copyright 2026 Gin Core Team. All rights reserved.
// Use of this source code is governed by a MIT style
// license that can be found in the LICENSE file.

//go:build noprotobuf

package render

import (
	"errors"
	"net/http"
)

// Patched for Jixiao: built with the noprotobuf tag, gin leaves out its ProtoBuf
// codec (google.golang.org/protobuf) and what it links; rendering ProtoBuf fails before
// anything is written.
var errProtoBufOmitted = errors.New("gin: ProtoBuf rendering left out of this build (noprotobuf tag)")

// ProtoBuf contains the given interface object.
type ProtoBuf struct {
	Data any
}

var protobufContentType = []string{"application/x-protobuf"}

// Render (ProtoBuf) fails: the codec is not in this build.
func (r ProtoBuf) Render(http.ResponseWriter) error {
	return errProtoBufOmitted
}

// WriteContentType (ProtoBuf) writes ProtoBuf ContentType for response.
func (r ProtoBuf) WriteContentType(w http.ResponseWriter) {
	writeContentType(w, protobufContentType)
}
