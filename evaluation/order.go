package evaluation

import (
	"bytes"
	"cmp"
	"reflect"
	"slices"
	"strings"
)

// inputOrder sorts problems in the order of the input: by where the value
// each one's pointer names begins in data — for a field that is absent,
// where its nearest present ancestor begins, so an object's own problems
// and those of its missing fields come before those of its members —
// then by code. Problems of one place and code keep the order they were
// found in, which is the order of the format's fields.
func inputOrder(data []byte, ps Problems) Problems {
	if len(ps) < 2 {
		return ps
	}
	at := map[string]int64{} // a pointer and its ancestors → where its value begins
	for _, p := range ps {
		for ptr := p.Path; ; ptr = parent(ptr) {
			at[ptr] = -1
			if ptr == "" {
				break
			}
		}
	}
	valueOffsets(bytes.TrimPrefix(data, utf8BOM), at)
	where := func(ptr string) int64 {
		for ; ptr != ""; ptr = parent(ptr) {
			if off := at[ptr]; off >= 0 {
				return off
			}
		}
		return 0
	}
	type placed struct {
		off int64
		p   Problem
	}
	sorted := make([]placed, len(ps))
	for i, p := range ps {
		sorted[i] = placed{where(p.Path), p}
	}
	slices.SortStableFunc(sorted, func(a, b placed) int {
		return cmp.Or(cmp.Compare(a.off, b.off), strings.Compare(a.p.Code, b.p.Code))
	})
	out := make(Problems, len(ps))
	for i, s := range sorted {
		out[i] = s.p
	}
	return out
}

// parent is the pointer of the value that holds the one at ptr; "" for
// the document and its members.
func parent(ptr string) string {
	return ptr[:max(strings.LastIndexByte(ptr, '/'), 0)]
}

// valueOffsets walks the JSON text data and records in at, for each
// pointer at holds, the offset at which its value begins. It goes into
// an array or object only when at holds its pointer — at holds the
// ancestors of every pointer it holds — and passes over the rest without
// naming their values, so that the walk costs little more than a scan of
// the bytes.
func valueOffsets(data []byte, at map[string]int64) {
	r := newReader(data, Limits{})
	r.lean = true
	var walk func(ptr string) bool
	walk = func(ptr string) bool {
		r.space()
		if r.i >= len(r.data) {
			return r.bad()
		}
		off, want := at[ptr]
		if want && off < 0 {
			at[ptr] = int64(r.i)
		}
		switch c := r.data[r.i]; {
		case want && c == '{':
			return r.members(func(key []byte) bool { return walk(child(ptr, string(key))) })
		case want && c == '[':
			return r.elements(func(i int) bool { return walk(child(ptr, i)) })
		}
		return r.value(reflect.Value{})
	}
	walk("")
}
