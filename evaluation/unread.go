package evaluation

import (
	"strings"
)

// pointerSet is a set of JSON Pointers: the values decode could not read
// (a string where a number is due, a bad number, a control character).
// They are reported once, by decode; Validate reports nothing at or under
// them, and skips the rules whose figures they would feed.
type pointerSet map[string]struct{}

func (s pointerSet) add(ptr string) { s[ptr] = struct{}{} }

// covers reports whether ptr or one of its ancestors is in s.
func (s pointerSet) covers(ptr string) bool {
	if len(s) == 0 {
		return false
	}
	for {
		if _, ok := s[ptr]; ok {
			return true
		}
		if ptr == "" {
			return false
		}
		ptr = parent(ptr)
	}
}

// touches reports whether ptr, one of its ancestors or one of its
// descendants is in s: whether anything read at ptr may be missing.
func (s pointerSet) touches(ptr string) bool {
	if s.covers(ptr) {
		return true
	}
	for p := range s {
		if strings.HasPrefix(p, ptr+"/") {
			return true
		}
	}
	return false
}

// lost reports whether decode left out the value at base+rel or one
// holding it. The pointer is built only when something was left out: on
// a whole input this costs nothing.
func (v *crossValidator) lost(base, rel string) bool {
	return len(v.unread) > 0 && v.unread.covers(base+rel)
}

// touched reports whether decode left out anything at, above or under
// base+rel.
func (v *crossValidator) touched(base, rel string) bool {
	return len(v.unread) > 0 && v.unread.touches(base+rel)
}
