package evaluation

import (
	"bytes"
	"cmp"
	"reflect"
	"slices"
	"strconv"
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
	return byPlace(ps, func(p Problem) int64 {
		for ptr := p.Path; ptr != ""; ptr = parent(ptr) {
			if off := at[ptr]; off >= 0 {
				return off
			}
		}
		return 0
	}, cmp.Compare[int64])
}

// byPlace sorts problems by their place in the input, compared with
// compare, then by code; problems of one place and code keep their order.
func byPlace[P any](ps Problems, place func(Problem) P, compare func(a, b P) int) Problems {
	type placed struct {
		at P
		p  Problem
	}
	sorted := make([]placed, len(ps))
	for i, p := range ps {
		sorted[i] = placed{place(p), p}
	}
	slices.SortStableFunc(sorted, func(a, b placed) int {
		return cmp.Or(compare(a.at, b.at), strings.Compare(a.p.Code, b.p.Code))
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

// fieldOrder sorts the problems of a disclosure that was not read from
// JSON (EvaluateDisclosure) as inputOrder sorts those of one that was:
// by where their value stands in the JSON encoding of d — fields in the
// order of the struct, map keys sorted, array elements by index, a
// pointer that names no value at its nearest ancestor that does — then
// by code, keeping the order of equals.
func fieldOrder(d *Disclosure, ps Problems) Problems {
	if len(ps) < 2 {
		return ps
	}
	root := reflect.ValueOf(d).Elem()
	return byPlace(ps, func(p Problem) []int { return valuePosition(root, p.Path) }, slices.Compare[[]int])
}

// valuePosition is where the value at JSON Pointer ptr stands in the
// JSON encoding of v: the rank of each step among its siblings. It stops
// at the first step that names no value.
func valuePosition(v reflect.Value, ptr string) []int {
	var at []int
	for ptr != "" {
		seg, rest, more := strings.Cut(ptr[1:], "/")
		if ptr = ""; more {
			ptr = "/" + rest
		}
		seg = strings.NewReplacer("~1", "/", "~0", "~").Replace(seg)
		for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
			if v.IsNil() {
				return at
			}
			v = v.Elem()
		}
		rank := -1
		switch v.Kind() {
		case reflect.Struct:
			rank, v = fieldByJSONName(v, seg)
		case reflect.Slice, reflect.Array:
			if i, err := strconv.Atoi(seg); err == nil && i >= 0 && i < v.Len() {
				rank, v = i, v.Index(i)
			}
		case reflect.Map:
			keys := v.MapKeys()
			names := make([]string, len(keys))
			for i, k := range keys {
				names[i] = k.String()
			}
			slices.Sort(names)
			if i, ok := slices.BinarySearch(names, seg); ok {
				rank, v = i, v.MapIndex(reflect.ValueOf(seg).Convert(v.Type().Key()))
			}
		}
		if rank < 0 {
			return at
		}
		at = append(at, rank)
	}
	return at
}

// fieldByJSONName returns the index of the field of struct v that
// encodes under name, and its value; -1 when none does, or when the
// encoding leaves it out (omitempty, and empty).
func fieldByJSONName(v reflect.Value, name string) (int, reflect.Value) {
	f, ok := jsonFields(v.Type())[name]
	if !ok || omitted(v.Field(f.Index), f.Opts) {
		return -1, reflect.Value{}
	}
	return f.Index, v.Field(f.Index)
}

// omitted reports whether encoding/json leaves out a field of value v
// and tag options opts: omitempty and empty, or omitzero and zero.
func omitted(v reflect.Value, opts string) bool {
	opts = "," + opts + ","
	if strings.Contains(opts, ",omitempty,") && emptyValue(v) {
		return true
	}
	if !strings.Contains(opts, ",omitzero,") {
		return false
	}
	if z, ok := v.Interface().(interface{ IsZero() bool }); ok {
		return z.IsZero()
	}
	return v.IsZero()
}

// emptyValue reports whether encoding/json's omitempty leaves v out.
func emptyValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}
