// Package tables is the prepared form of a TrueType face: what a process
// needs from the font's cmap, hmtx, head, hhea, maxp, OS/2 and post tables
// to measure text and write a PDF subset, read in place from one string
// instead of parsed from the font.
//
// The embedded faces' tables are made at build time (go generate in
// fonts, which runs ./internal/gentables) and embedded beside the fonts,
// so a process reads only the pages of them that it uses and builds
// nothing on the heap; an operator's font is prepared by [Build] when it
// is loaded. The glyph outlines, loca and hmtx are not copied: they are
// fixed-width arrays in the font already, read in place by the subsetter.
//
// Layout (little-endian), at fixed offsets:
//
//	0     "JXFT", version (u16), 0 (u16)
//	8     the 20 u16 figures of Metrics, in field order
//	48    u32: file offset of the Windows full-repertoire (3, 10) cmap
//	      subtable if it has format 12, else 0
//	52    u32: offset of the entry blocks; 56 u32: of the glyph blocks
//	60    [256]u16: entry block of each 256 runes of the BMP
//	572   [256]u16: glyph block of each 256 runes of the BMP
//	1084  entry blocks, [256]u32 each: HasGlyph | advance, per rune
//	      glyph blocks, [256]u16 each: the glyph gopdf's format 4 lookup
//	      gives, or NoGlyph
//
// Identical blocks are stored once: most 256-rune blocks of CJK
// ideographs have every rune one em wide, so the entry blocks of a face
// take a few kilobytes; the glyph blocks are about 2 bytes per mapped rune.
package tables

import (
	"encoding/binary"
	"errors"
	"fmt"
	"iter"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// HasGlyph marks an entry for a rune the face has; the low 16 bits of an
// entry are the advance width in font units.
const HasGlyph = 1 << 16

// NoGlyph is the glyph block value of a rune outside every segment of the
// format 4 cmap subtable, which gopdf reports as not found.
const NoGlyph = 0xFFFF

const (
	magic         = "JXFT"
	version       = 1
	metricsAt     = 8
	numMetrics    = 20
	cmap12At      = 48
	entryBlocksAt = 52
	glyphBlocksAt = 56
	entryIndexAt  = 60
	glyphIndexAt  = entryIndexAt + 2*256
	headerSize    = glyphIndexAt + 2*256
)

// Tables are a face's prepared tables, as made by [Build].
type Tables string

// Metrics are the figures of the font's tables that gopdf reads, as
// stored there: signed values are two's complement.
type Metrics struct {
	UnitsPerEm             uint16 // head
	XMin, YMin, XMax, YMax int16  // head
	IndexToLocFormat       int16  // head
	NumberOfHMetrics       uint16 // hhea
	Ascender, Descender    int16  // hhea
	NumGlyphs              uint16 // maxp
	OS2Version             uint16 // OS/2
	TypoAscender           int16  // OS/2
	TypoDescender          int16  // OS/2
	WinAscent, WinDescent  uint16 // OS/2
	XHeight, CapHeight     int16  // OS/2 version 2 and later, else 0
	ItalicAngle            int16  // post, the integer part
	UnderlinePosition      int16  // post
	UnderlineThickness     int16  // post
}

func (t Tables) u16(at int) uint16 { return uint16(t[at]) | uint16(t[at+1])<<8 }

func (t Tables) u32(at int) uint32 {
	return uint32(t[at]) | uint32(t[at+1])<<8 | uint32(t[at+2])<<16 | uint32(t[at+3])<<24
}

// Entry returns HasGlyph | advance for a rune the face has (whitespace
// always counts as present), or 0. [Entries] answers faster.
func (t Tables) Entry(r uint16) uint32 {
	b := int(t.u16(entryIndexAt + 2*int(r>>8)))
	return t.u32(int(t.u32(entryBlocksAt)) + 1024*b + 4*int(r&0xFF))
}

// Entries answers Entry with the block index decoded, for the layout,
// which asks it of every character it measures.
type Entries struct {
	index  [256]uint16
	blocks string
}

// Entries returns t's entries, for a t that Build made.
func (t Tables) Entries() Entries {
	e := Entries{blocks: string(t[headerSize:t.u32(glyphBlocksAt)])}
	for i := range e.index {
		e.index[i] = t.u16(entryIndexAt + 2*i)
	}
	return e
}

// Entry returns HasGlyph | advance for a rune the face has, or 0.
func (e *Entries) Entry(r uint16) uint32 {
	at := int(e.index[r>>8])<<10 | int(r&0xFF)<<2
	s := e.blocks[at : at+4]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

// Glyph returns the glyph that gopdf's format 4 cmap lookup gives r, and
// false if r is outside every segment. A rune inside a segment may map
// to glyph 0.
func (t Tables) Glyph(r uint16) (uint16, bool) {
	b := int(t.u16(glyphIndexAt + 2*int(r>>8)))
	g := t.u16(int(t.u32(glyphBlocksAt)) + 512*b + 2*int(r&0xFF))
	return g, g != NoGlyph
}

// Cmap12 returns the file offset of the font's format 12 cmap subtable,
// or 0.
func (t Tables) Cmap12() uint32 { return t.u32(cmap12At) }

// UnitsPerEm returns Metrics().UnitsPerEm.
func (t Tables) UnitsPerEm() uint16 { return t.u16(metricsAt) }

// NumGlyphs returns Metrics().NumGlyphs.
func (t Tables) NumGlyphs() uint16 { return t.u16(metricsAt + 2*9) }

// Metrics returns the figures of the font's tables.
func (t Tables) Metrics() Metrics {
	v := func(i int) uint16 { return t.u16(metricsAt + 2*i) }
	s := func(i int) int16 { return int16(v(i)) }
	return Metrics{
		UnitsPerEm: v(0), XMin: s(1), YMin: s(2), XMax: s(3), YMax: s(4),
		IndexToLocFormat: s(5), NumberOfHMetrics: v(6), Ascender: s(7), Descender: s(8),
		NumGlyphs: v(9), OS2Version: v(10), TypoAscender: s(11), TypoDescender: s(12),
		WinAscent: v(13), WinDescent: v(14), XHeight: s(15), CapHeight: s(16),
		ItalicAngle: s(17), UnderlinePosition: s(18), UnderlineThickness: s(19),
	}
}

func (m Metrics) values() [numMetrics]uint16 {
	return [numMetrics]uint16{
		m.UnitsPerEm, uint16(m.XMin), uint16(m.YMin), uint16(m.XMax), uint16(m.YMax),
		uint16(m.IndexToLocFormat), m.NumberOfHMetrics, uint16(m.Ascender), uint16(m.Descender),
		m.NumGlyphs, m.OS2Version, uint16(m.TypoAscender), uint16(m.TypoDescender),
		m.WinAscent, m.WinDescent, uint16(m.XHeight), uint16(m.CapHeight),
		uint16(m.ItalicAngle), uint16(m.UnderlinePosition), uint16(m.UnderlineThickness),
	}
}

// Build prepares the tables of the TrueType font data. The font must have
// the tables gopdf reads and a Windows Unicode BMP cmap subtable in
// format 4 (fonts checks both first).
func Build(data []byte) (Tables, error) {
	dir, err := Directory(data)
	if err != nil {
		return "", err
	}
	m, err := metrics(dir)
	if err != nil {
		return "", err
	}
	var entries [1 << 16]uint32
	if !fillBMP(&entries, dir, int(m.UnitsPerEm)) {
		// Tables the direct reading does not accept are read through
		// sfnt, one rune at a time.
		sf, err := sfnt.Parse(data)
		if err != nil {
			return "", fmt.Errorf("malformed font: %v", err)
		}
		var b sfnt.Buffer
		for r := range rune(1 << 16) {
			entries[r] = Lookup(sf, &b, int(m.UnitsPerEm), r)
		}
	}
	glyphs, err := bmpGlyphs(dir, int(m.NumGlyphs))
	if err != nil {
		return "", err
	}
	cmap12, err := format12(data, dir)
	if err != nil {
		return "", err
	}
	return pack(m, cmap12, &entries, &glyphs), nil
}

// pack lays the tables out as the package comment says.
func pack(m Metrics, cmap12 uint32, entries *[1 << 16]uint32, glyphs *[1 << 16]uint16) Tables {
	le := binary.LittleEndian
	var entryBlocks, glyphBlocks []byte
	var entryIndex, glyphIndex [256]uint16
	entrySeen, glyphSeen := map[string]int{}, map[string]int{}
	for hi := range 256 {
		block := make([]byte, 0, 1024)
		for _, e := range entries[256*hi : 256*hi+256] {
			block = le.AppendUint32(block, e)
		}
		entryIndex[hi] = uint16(dedup(&entryBlocks, entrySeen, block))
		block = block[:0]
		for _, g := range glyphs[256*hi : 256*hi+256] {
			block = le.AppendUint16(block, g)
		}
		glyphIndex[hi] = uint16(dedup(&glyphBlocks, glyphSeen, block))
	}
	b := make([]byte, 0, headerSize+len(entryBlocks)+len(glyphBlocks))
	b = append(b, magic...)
	b = le.AppendUint16(b, version)
	b = le.AppendUint16(b, 0)
	for _, v := range m.values() {
		b = le.AppendUint16(b, v)
	}
	b = le.AppendUint32(b, cmap12)
	b = le.AppendUint32(b, headerSize)
	b = le.AppendUint32(b, uint32(headerSize+len(entryBlocks)))
	for _, i := range entryIndex {
		b = le.AppendUint16(b, i)
	}
	for _, i := range glyphIndex {
		b = le.AppendUint16(b, i)
	}
	b = append(b, entryBlocks...)
	b = append(b, glyphBlocks...)
	return Tables(b)
}

// dedup appends block to blocks unless an equal block is there, and
// returns its number.
func dedup(blocks *[]byte, seen map[string]int, block []byte) int {
	if i, ok := seen[string(block)]; ok {
		return i
	}
	i := len(seen)
	seen[string(block)] = i
	*blocks = append(*blocks, block...)
	return i
}

// Directory returns the tables of the font data by tag. The slices share
// data's memory.
func Directory(data []byte) (map[string][]byte, error) {
	if len(data) < 12 {
		return nil, fmt.Errorf("only %d bytes", len(data))
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	if 12+16*n > len(data) {
		return nil, errors.New("truncated table directory")
	}
	tables := make(map[string][]byte, n)
	for i := range n {
		rec := data[12+16*i:]
		tag := string(rec[:4])
		off := uint64(binary.BigEndian.Uint32(rec[8:]))
		size := uint64(binary.BigEndian.Uint32(rec[12:]))
		if off+size > uint64(len(data)) {
			return nil, fmt.Errorf("truncated: table %q extends past the end of the file", tag)
		}
		tables[tag] = data[off : off+size]
	}
	return tables, nil
}

// metrics reads the figures gopdf's parser reads, at the same places.
func metrics(dir map[string][]byte) (Metrics, error) {
	head, hhea, maxp, os2, post := dir["head"], dir["hhea"], dir["maxp"], dir["OS/2"], dir["post"]
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 || len(os2) < 78 || len(post) < 12 {
		return Metrics{}, errors.New("truncated head, hhea, maxp, OS/2 or post table")
	}
	if binary.BigEndian.Uint32(head[12:]) != 0x5F0F3CF5 {
		return Metrics{}, errors.New("head: incorrect magic number")
	}
	u := func(t []byte, at int) uint16 { return binary.BigEndian.Uint16(t[at:]) }
	s := func(t []byte, at int) int16 { return int16(u(t, at)) }
	m := Metrics{
		UnitsPerEm: u(head, 18), XMin: s(head, 36), YMin: s(head, 38), XMax: s(head, 40), YMax: s(head, 42),
		IndexToLocFormat: s(head, 50),
		Ascender:         s(hhea, 4), Descender: s(hhea, 6), NumberOfHMetrics: u(hhea, 34),
		NumGlyphs:  u(maxp, 4),
		OS2Version: u(os2, 0), TypoAscender: s(os2, 68), TypoDescender: s(os2, 70),
		WinAscent: u(os2, 74), WinDescent: u(os2, 76),
		ItalicAngle: s(post, 4), UnderlinePosition: s(post, 8), UnderlineThickness: s(post, 10),
	}
	if m.OS2Version >= 2 {
		if len(os2) < 90 {
			return Metrics{}, errors.New("truncated OS/2 table")
		}
		m.XHeight, m.CapHeight = s(os2, 86), s(os2, 88)
	}
	if m.UnitsPerEm == 0 {
		return Metrics{}, errors.New("head: unitsPerEm is 0")
	}
	if m.NumberOfHMetrics == 0 || len(dir["hmtx"]) < 4*int(m.NumberOfHMetrics) {
		return Metrics{}, errors.New("truncated hmtx table")
	}
	return m, nil
}

// Format4 returns the Windows Unicode BMP (3, 1) cmap subtable, the last
// such record as gopdf reads it, from its start to the end of the cmap
// table, or why there is none in format 4.
func Format4(cmap []byte) ([]byte, error) {
	truncated := errors.New("truncated cmap table")
	if len(cmap) < 4 {
		return nil, truncated
	}
	n := int(binary.BigEndian.Uint16(cmap[2:]))
	if 4+8*n > len(cmap) {
		return nil, truncated
	}
	var off uint64
	found := false
	for i := range n {
		rec := cmap[4+8*i:]
		if binary.BigEndian.Uint16(rec) == 3 && binary.BigEndian.Uint16(rec[2:]) == 1 {
			off, found = uint64(binary.BigEndian.Uint32(rec[4:])), true
		}
	}
	if !found {
		return nil, errors.New("no Windows Unicode BMP cmap subtable (platform 3, encoding 1), which gopdf requires")
	}
	if off+2 > uint64(len(cmap)) {
		return nil, truncated
	}
	if f := binary.BigEndian.Uint16(cmap[off:]); f != 4 {
		return nil, fmt.Errorf("the Windows Unicode BMP cmap subtable has format %d; gopdf requires format 4", f)
	}
	return cmap[off:], nil
}

// segments are the arrays of a format 4 subtable, each n bytes long (two
// per segment), at their offsets in sub.
type segments struct {
	sub                                []byte
	n, ends, starts, deltas, rangeOffs int
}

// format4Segments returns the segment arrays of the format 4 subtable
// sub, or false if they do not fit in it.
func format4Segments(sub []byte) (segments, bool) {
	if len(sub) < 14 {
		return segments{}, false
	}
	s := segments{sub: sub, n: int(binary.BigEndian.Uint16(sub[6:])), ends: 14}
	s.starts = s.ends + s.n + 2 // after reservedPad
	s.deltas = s.starts + s.n
	s.rangeOffs = s.deltas + s.n
	return s, s.n%2 == 0 && s.rangeOffs+s.n <= len(sub)
}

// u16 reads the big-endian uint16 at offset at of the subtable.
func (s segments) u16(at int) int { return int(binary.BigEndian.Uint16(s.sub[at:])) }

// bounds returns the first and last rune of segment i (an offset into
// the arrays: 0, 2, 4, …).
func (s segments) bounds(i int) (start, end int) { return s.u16(s.starts + i), s.u16(s.ends + i) }

// glyph returns the glyph that segment i maps rune c (start ≤ c ≤ end)
// to, or false if its entry in the glyph index array lies past the
// subtable; each caller decides what that means.
func (s segments) glyph(i, c int) (int, bool) {
	start, delta, rangeOff := s.u16(s.starts+i), s.u16(s.deltas+i), s.u16(s.rangeOffs+i)
	if rangeOff == 0 {
		return (c + delta) & 0xFFFF, true
	}
	at := s.rangeOffs + i + rangeOff + 2*(c-start)
	if at+2 > len(s.sub) {
		return 0, false
	}
	g := s.u16(at)
	if g != 0 {
		g = (g + delta) & 0xFFFF
	}
	return g, true
}

// bmpGlyphs returns, for each BMP rune, the glyph that gopdf's lookup in
// the format 4 subtable gives (the first segment whose end is at least
// the rune), or NoGlyph for a rune outside it, and for one that the
// lookup would map past the font's glyphs or could not read.
func bmpGlyphs(dir map[string][]byte, numGlyphs int) ([1 << 16]uint16, error) {
	var g [1 << 16]uint16
	for i := range g {
		g[i] = NoGlyph
	}
	sub, err := Format4(dir["cmap"])
	if err != nil {
		return g, err
	}
	segs, ok := format4Segments(sub)
	if !ok {
		return g, errors.New("truncated cmap format 4 subtable")
	}
	next := 0 // runes below next belong to an earlier segment
	for i := 0; i < segs.n; i += 2 {
		start, end := segs.bounds(i)
		for c := max(start, next); c <= end; c++ {
			if gid, ok := segs.glyph(i, c); ok && gid < numGlyphs {
				g[c] = uint16(gid)
			}
		}
		next = max(next, end+1)
	}
	return g, nil
}

// format12 returns the file offset of the first Windows full-repertoire
// (3, 10) cmap subtable, as gopdf finds it, if it has format 12; 0 if
// there is none.
func format12(data []byte, dir map[string][]byte) (uint32, error) {
	cmap := dir["cmap"]
	var cmapAt uint32
	for i := range int(binary.BigEndian.Uint16(data[4:])) {
		if rec := data[12+16*i:]; string(rec[:4]) == "cmap" {
			cmapAt = binary.BigEndian.Uint32(rec[8:])
		}
	}
	n := int(binary.BigEndian.Uint16(cmap[2:]))
	for i := range n {
		rec := cmap[4+8*i:]
		if binary.BigEndian.Uint16(rec) != 3 || binary.BigEndian.Uint16(rec[2:]) != 10 {
			continue
		}
		off := uint64(binary.BigEndian.Uint32(rec[4:]))
		if off+16 > uint64(len(cmap)) {
			return 0, errors.New("truncated cmap table")
		}
		sub := cmap[off:]
		if binary.BigEndian.Uint16(sub) != 12 || binary.BigEndian.Uint16(sub[2:]) != 0 {
			return 0, errors.New("the Windows full-repertoire cmap subtable is not in format 12")
		}
		if uint64(16)+12*uint64(binary.BigEndian.Uint32(sub[12:])) > uint64(len(sub)) {
			return 0, errors.New("truncated cmap format 12 subtable")
		}
		return cmapAt + uint32(off), nil
	}
	return 0, nil
}

// Glyph12 returns the glyph of r in the format 12 subtable at offset at of
// the font data, as gopdf finds it: the first group holding r. It returns
// false for a rune in no group, or one mapped past numGlyphs.
func Glyph12(data []byte, at uint32, numGlyphs int, r rune) (uint16, bool) {
	if at == 0 || r < 0 || int(at)+16 > len(data) {
		return 0, false
	}
	sub := data[at:]
	n := int(binary.BigEndian.Uint32(sub[12:]))
	v := uint32(r)
	for i := range n {
		grp := sub[16+12*i:]
		if len(grp) < 12 {
			return 0, false
		}
		start, end := binary.BigEndian.Uint32(grp), binary.BigEndian.Uint32(grp[4:])
		if v >= start && v <= end {
			g := uint64(v-start) + uint64(binary.BigEndian.Uint32(grp[8:]))
			return uint16(g), g < uint64(numGlyphs)
		}
	}
	return 0, false
}

// Lookup computes the entry of r from the font parsed by sfnt, as
// fillBMP does for the BMP.
func Lookup(sf *sfnt.Font, b *sfnt.Buffer, upem int, r rune) uint32 {
	if x, err := sf.GlyphIndex(b, r); err == nil && x != 0 {
		// With ppem equal to unitsPerEm (as a 26.6 value), GlyphAdvance
		// returns the advance in font units, unscaled and unrounded.
		adv, err := sf.GlyphAdvance(b, x, fixed.Int26_6(upem), font.HintingNone)
		if err == nil && adv >= 0 && adv < HasGlyph {
			return HasGlyph | uint32(adv)
		}
	}
	if unicode.IsSpace(r) {
		if r == '\u3000' {
			return HasGlyph | uint32(upem)
		}
		if r != ' ' {
			if e := Lookup(sf, b, upem, ' '); e != 0 {
				return e
			}
		}
		return HasGlyph | uint32(upem/4)
	}
	return 0
}

// fillBMP fills t as Lookup would, but by walking the font's format 4
// cmap subtable and its hmtx table directly: about 0.3 ms per face
// instead of 7 ms for 65,536 calls to sfnt. The subtable is the one gopdf
// draws with, so an entry agrees with what gopdf can print. It returns
// false if a table is not as expected; t is then partly filled.
func fillBMP(t *[1 << 16]uint32, dir map[string][]byte, upem int) bool {
	if upem <= 0 || upem >= HasGlyph {
		return false
	}
	hhea, maxp, hmtx := dir["hhea"], dir["maxp"], dir["hmtx"]
	if len(hhea) < 36 || len(maxp) < 6 {
		return false
	}
	numHMetrics := int(binary.BigEndian.Uint16(hhea[34:]))
	numGlyphs := int(binary.BigEndian.Uint16(maxp[4:]))
	if numHMetrics == 0 || len(hmtx) < 4*numHMetrics {
		return false
	}
	advance := func(g int) uint32 {
		g = min(g, numHMetrics-1)
		return uint32(binary.BigEndian.Uint16(hmtx[4*g:]))
	}
	sub, err := Format4(dir["cmap"])
	if err != nil {
		return false
	}
	segs, ok := format4Segments(sub)
	if !ok {
		return false
	}
	for i := 0; i < segs.n; i += 2 {
		start, end := segs.bounds(i)
		for c := start; c <= end; c++ {
			g, ok := segs.glyph(i, c)
			if !ok {
				return false
			}
			if g != 0 && g < numGlyphs && c != 0xFFFF {
				t[c] = HasGlyph | advance(g)
			}
		}
	}
	// Whitespace the font does not map, as in Lookup.
	space := t[' ']
	if space == 0 {
		space = HasGlyph | uint32(upem/4)
	}
	for r := range spaces() {
		if t[r] == 0 {
			if r == '\u3000' {
				t[r] = HasGlyph | uint32(upem)
			} else {
				t[r] = space
			}
		}
	}
	return true
}

// spaces yields the runes of the BMP that unicode.IsSpace reports: those
// of the White_Space property, which holds the Latin-1 ones IsSpace
// names. Walking its 10 ranges, rather than asking IsSpace of 65,536
// runes, was a fifth of filling a face's table.
func spaces() iter.Seq[rune] {
	return func(yield func(rune) bool) {
		for _, rg := range unicode.White_Space.R16 {
			for r := rune(rg.Lo); r <= rune(rg.Hi); r += rune(rg.Stride) {
				if !yield(r) {
					return
				}
			}
		}
	}
}
