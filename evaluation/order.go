package evaluation

import (
	"bytes"
	"cmp"
	"encoding/json"
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
// pointer at holds, the offset at which its value begins (or the end of
// the token before it: the order is what counts). Only invalid inputs
// are walked, so the walk favours plainness over speed.
func valueOffsets(data []byte, at map[string]int64) {
	type frame struct {
		path   string // of the container
		object bool
		key    string
		index  int
		onKey  bool // an object's next token is a key
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var stack []frame
	done := func() { // a value ended: on to the next member
		if n := len(stack); n > 0 {
			if stack[n-1].object {
				stack[n-1].onKey = true
			} else {
				stack[n-1].index++
			}
		}
	}
	for {
		off := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			done()
			continue
		}
		ptr := ""
		if n := len(stack); n > 0 {
			top := &stack[n-1]
			if top.object && top.onKey {
				top.key, top.onKey = tok.(string), false
				continue
			}
			if top.object {
				ptr = child(top.path, top.key)
			} else {
				ptr = child(top.path, top.index)
			}
		}
		if o, ok := at[ptr]; ok && o < 0 {
			at[ptr] = off
		}
		if d, ok := tok.(json.Delim); ok {
			stack = append(stack, frame{path: ptr, object: d == '{', onKey: d == '{'})
			continue
		}
		done()
	}
}
