/*
Copyright 2026 The pdfcpu Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

	http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/

package metrics

import (
	"reflect"
	"testing"
)

// Patched for Jixiao: the tables built on first use are built once,
// whole, and give the widths of the AFM files.
func TestLazyTables(t *testing.T) {
	for name, c := range map[string]struct {
		first, again any
		n, want      int
	}{
		"WinAnsiGlyphMap":      {WinAnsiGlyphMap(), WinAnsiGlyphMap(), len(WinAnsiGlyphMap()), 216},
		"SymbolGlyphMap":       {SymbolGlyphMap(), SymbolGlyphMap(), len(SymbolGlyphMap()), 189},
		"ZapfDingbatsGlyphMap": {ZapfDingbatsGlyphMap(), ZapfDingbatsGlyphMap(), len(ZapfDingbatsGlyphMap()), 188},
		"CoreFontMetrics":      {CoreFontMetrics(), CoreFontMetrics(), len(CoreFontMetrics()), 14},
	} {
		if reflect.ValueOf(c.first).UnsafePointer() != reflect.ValueOf(c.again).UnsafePointer() {
			t.Errorf("%s built twice", name)
		}
		if c.n != c.want {
			t.Errorf("%s has %d entries, want %d", name, c.n, c.want)
		}
	}
	for _, c := range []struct {
		font string
		c    int
		want int
	}{
		{"Helvetica", 'A', 667},
		{"Helvetica-Bold", 'W', 944},
		{"Courier", 'a', 600},
		{"Times-Roman", ' ', 250},
	} {
		if got := CoreFontCharWidth(c.font, c.c); got != c.want {
			t.Errorf("CoreFontCharWidth(%s, %q) = %d, want %d", c.font, c.c, got, c.want)
		}
	}
}
