// Copyright 2026 Gin Core Team. All rights reserved.
// Use of this source code is governed by a MIT style
// license that can be found in the LICENSE file.

//go:build noprotobuf

package binding

import (
	"errors"
	"net/http"
)

// Patched for Jixiao: built with the noprotobuf tag, gin leaves out its ProtoBuf
// codec (google.golang.org/protobuf) and what it links; binding ProtoBuf fails.
var errProtoBufOmitted = errors.New("gin: ProtoBuf binding left out of this build (noprotobuf tag)")

type protobufBinding struct{}

func (protobufBinding) Name() string {
	return "protobuf"
}

func (protobufBinding) Bind(*http.Request, any) error {
	return errProtoBufOmitted
}

func (protobufBinding) BindBody([]byte, any) error {
	return errProtoBufOmitted
}
