package core

import (
	"encoding/binary"
	"errors"
)

// Patched for Jixiao: a font whose tables were read in advance.
//
// Parsing a CJK font's hmtx, loca and cmap into slices, as ParseFontData
// does, made about 0.9 MB of heap and 1.3 ms of work per font in every
// process that drew with it, for the few hundred glyphs a document uses.
// A caller that has the figures below already (prepared at build time
// from the same tables) passes them to SetPrepared instead: nothing is
// parsed, hmtx and loca are read in place from the font data, and
// characters are mapped to glyphs by the caller's function.

// Prepared is what gopdf reads from a TrueType font's head, hhea, maxp,
// OS/2, post and cmap tables, read in advance. Signed figures are as the
// font stores them; XHeight and CapHeight are those of OS/2 version 2 and
// later, else ignored.
type Prepared struct {
	UnitsPerEm                            uint
	XMin, YMin, XMax, YMax                int
	IndexToLocFormat                      int
	NumberOfHMetrics                      uint
	Ascender, Descender                   int // hhea
	NumGlyphs                             uint
	OS2Version                            uint
	TypoAscender, TypoDescender           int
	WinAscent, WinDescent                 uint
	XHeight, CapHeight                    int
	ItalicAngle                           int
	UnderlinePosition, UnderlineThickness int
	// GlyphIndex returns the glyph of r as the font's cmap maps it (the
	// Windows Unicode format 4 subtable for the BMP, the format 12 one
	// above it), and false for a character it does not map. It must be
	// safe for concurrent use.
	GlyphIndex func(r rune) (gid uint, ok bool)
}

// ErrBadPreparedFont is returned by SetPrepared for figures that do not
// fit the font data.
var ErrBadPreparedFont = errors.New("prepared font does not match its data")

// SetPrepared makes t read fontData with the figures p instead of parsing
// it: only the table directory is read.
func (t *TTFParser) SetPrepared(fontData []byte, p Prepared) error {
	if len(fontData) < 12 || p.GlyphIndex == nil || p.NumberOfHMetrics == 0 || p.UnitsPerEm == 0 {
		return ErrBadPreparedFont
	}
	n := int(binary.BigEndian.Uint16(fontData[4:]))
	if 12+16*n > len(fontData) {
		return ErrBadPreparedFont
	}
	tables := make(map[string]TableDirectoryEntry, n)
	for i := range n {
		rec := fontData[12+16*i:]
		tables[string(rec[:4])] = TableDirectoryEntry{
			CheckSum: uint(binary.BigEndian.Uint32(rec[4:])),
			Offset:   uint(binary.BigEndian.Uint32(rec[8:])),
			Length:   uint(binary.BigEndian.Uint32(rec[12:])),
		}
	}
	*t = TTFParser{
		tables:             tables,
		unitsPerEm:         p.UnitsPerEm,
		xMin:               p.XMin,
		yMin:               p.YMin,
		xMax:               p.XMax,
		yMax:               p.YMax,
		indexToLocFormat:   p.IndexToLocFormat,
		numberOfHMetrics:   p.NumberOfHMetrics,
		ascender:           p.Ascender,
		descender:          p.Descender,
		numGlyphs:          p.NumGlyphs,
		os2Version:         p.OS2Version,
		typoAscender:       p.TypoAscender,
		typoDescender:      p.TypoDescender,
		usWinAscent:        p.WinAscent,
		usWinDescent:       p.WinDescent,
		italicAngle:        p.ItalicAngle,
		underlinePosition:  p.UnderlinePosition,
		underlineThickness: p.UnderlineThickness,
		IsShortIndex:       p.IndexToLocFormat == 0,
		cachedFontData:     fontData,
		glyphIndex:         p.GlyphIndex,
		useKerning:         t.useKerning,
	}
	// As ParseOS2 sets them.
	if p.OS2Version >= 2 {
		t.sxHeight, t.capHeight = p.XHeight, p.CapHeight
	} else {
		t.capHeight = p.Ascender
	}
	hmtx, ok1 := t.table("hmtx")
	loca, ok2 := t.table("loca")
	if !ok1 || !ok2 || len(hmtx) < 4*int(p.NumberOfHMetrics) {
		return ErrBadPreparedFont
	}
	t.hmtx, t.loca = hmtx, loca
	return nil
}

// table returns the table tag of the font data.
func (t *TTFParser) table(tag string) ([]byte, bool) {
	e, ok := t.tables[tag]
	if !ok || uint64(e.Offset)+uint64(e.Length) > uint64(len(t.cachedFontData)) {
		return nil, false
	}
	return t.cachedFontData[e.Offset : e.Offset+e.Length], true
}

// PreparedGlyphIndex returns the glyph of r from the function given to
// SetPrepared; prepared is false if there is none.
func (t *TTFParser) PreparedGlyphIndex(r rune) (gid uint, ok, prepared bool) {
	if t.glyphIndex == nil {
		return 0, false, false
	}
	gid, ok = t.glyphIndex(r)
	return gid, ok, true
}

// Advance returns the advance width of glyph g in font units: that of
// the last metric for a glyph past NumberOfHMetrics.
func (t *TTFParser) Advance(g uint) uint {
	if g >= t.numberOfHMetrics {
		g = t.numberOfHMetrics - 1
	}
	if t.hmtx == nil {
		return t.widths[g]
	}
	return uint(binary.BigEndian.Uint16(t.hmtx[4*g:]))
}

// GlyphRange returns where glyph g's outline starts and ends in the glyf
// table, from loca; ok is false for a glyph that loca does not hold or
// that ends before it starts.
func (t *TTFParser) GlyphRange(g uint) (start, end uint, ok bool) {
	start, ok1 := t.LocaEntry(g)
	end, ok2 := t.LocaEntry(g + 1)
	return start, end, ok1 && ok2 && start <= end
}

// LocaEntry returns entry i of loca, as an offset in bytes into glyf.
func (t *TTFParser) LocaEntry(i uint) (uint, bool) {
	switch {
	case t.hmtx == nil: // parsed: LocaTable holds loca
		if i >= uint(len(t.LocaTable)) {
			return 0, false
		}
		return t.LocaTable[i], true
	case t.IsShortIndex:
		if 2*i+2 > uint(len(t.loca)) {
			return 0, false
		}
		return 2 * uint(binary.BigEndian.Uint16(t.loca[2*i:])), true
	default:
		if 4*i+4 > uint(len(t.loca)) {
			return 0, false
		}
		return uint(binary.BigEndian.Uint32(t.loca[4*i:])), true
	}
}
