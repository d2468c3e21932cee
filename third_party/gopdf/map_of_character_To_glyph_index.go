package gopdf

import "math"

// MapOfCharacterToGlyphIndex map of CharacterToGlyphIndex
type MapOfCharacterToGlyphIndex struct {
	keyIndexs map[rune]int //for search index in keys
	Keys      []rune
	Vals      []uint
	// Patched for Jixiao: recent is a direct-mapped cache in front of
	// keyIndexs. A drawn character is looked up three times (when added,
	// measured and written), and the map lookups were a seventh of the
	// time to write a document of CJK text. Only Set writes the cache,
	// so the lookups made while streams are written on several
	// goroutines only read it.
	recent *[recentSize]recentKey
}

const recentSize = 4096

// recentKey is a key and its index plus one (0: empty).
type recentKey struct {
	r rune
	i int32
}

// NewMapOfCharacterToGlyphIndex new CharacterToGlyphIndex
func NewMapOfCharacterToGlyphIndex() *MapOfCharacterToGlyphIndex {
	var m MapOfCharacterToGlyphIndex
	m.keyIndexs = make(map[rune]int)
	return &m
}

// KeyExists key is exists?
func (m *MapOfCharacterToGlyphIndex) KeyExists(k rune) bool {
	if m.recent != nil {
		if e := m.recent[uint32(k)%recentSize]; e.i != 0 && e.r == k {
			return true
		}
	}
	/*for _, key := range m.Keys {
		if k == key {
			return true
		}
	}*/
	if _, ok := m.keyIndexs[k]; ok {
		return true
	}
	return false
}

// Set set key and value to map
func (m *MapOfCharacterToGlyphIndex) Set(k rune, v uint) {
	if m.recent == nil {
		m.recent = new([recentSize]recentKey)
	}
	if len(m.Keys) < math.MaxInt32 {
		m.recent[uint32(k)%recentSize] = recentKey{k, int32(len(m.Keys)) + 1}
	}
	m.keyIndexs[k] = len(m.Keys)
	m.Keys = append(m.Keys, k)
	m.Vals = append(m.Vals, v)
}

// Index get index by key
func (m *MapOfCharacterToGlyphIndex) Index(k rune) (int, bool) {
	if m.recent != nil {
		if e := m.recent[uint32(k)%recentSize]; e.i != 0 && e.r == k {
			return int(e.i - 1), true
		}
	}
	/*for i, key := range m.Keys {
		if k == key {
			return i, true
		}
	}*/
	if index, ok := m.keyIndexs[k]; ok {
		return index, true
	}
	return -1, false
}

// Val get value by Key
func (m *MapOfCharacterToGlyphIndex) Val(k rune) (uint, bool) {
	i, ok := m.Index(k)
	if !ok {
		return 0, false
	}
	return m.Vals[i], true
}

// AllKeys get keys
func (m *MapOfCharacterToGlyphIndex) AllKeys() []rune {
	return m.Keys
}

// AllVals get all values
func (m *MapOfCharacterToGlyphIndex) AllVals() []uint {
	return m.Vals
}
