package gopdf

import (
	"encoding/binary"
	"errors"
	"sort"
)

// Patched for Jixiao: the embedded font program of a subset holds only the
// glyphs the document uses, renumbered 1, 2, 3… in order of first use
// (0 stays .notdef), instead of every glyph slot of the original font with
// the unused ones left empty. A CJK font has some 30,000 glyphs; upstream
// wrote a loca and an hmtx entry for each of them, about 250 KB per font
// before compression, even for a page of nine characters, and building and
// compressing those tables was most of the time to write a short document.
//
// The CIDs written in content streams, in /W and in the ToUnicode CMap are
// the new glyph numbers, so the CIDFont keeps the default /CIDToGIDMap
// /Identity. Everything that reads the original font (widths, kerning)
// still uses the original glyph numbers, kept in CharacterToGlyphIndex.

// subsetGlyphs records the glyphs of a subset in CID order.
type subsetGlyphs struct {
	gids []uint       // original glyph number of each CID; gids[0] is .notdef (0)
	cid  map[uint]int // original glyph number → CID
	// keyCIDs[i] is the CID of CharacterToGlyphIndex.Keys[i], so that the
	// content writer finds a rune's CID with the one map lookup it
	// already makes.
	keyCIDs []uint16
}

func (g *subsetGlyphs) reset() {
	g.gids = []uint{0}
	g.cid = map[uint]int{0: 0}
	g.keyCIDs = nil
}

// cidOf returns the CID of the original glyph gid, giving it the next one
// if it has none.
func (g *subsetGlyphs) cidOf(gid uint) int {
	if g.cid == nil {
		g.reset()
	}
	c, ok := g.cid[gid]
	if !ok {
		c = len(g.gids)
		g.gids = append(g.gids, gid)
		g.cid[gid] = c
	}
	return c
}

// setChar maps r to the original glyph gid in CharacterToGlyphIndex and
// gives the glyph a CID.
func (s *SubsetFontObj) setChar(r rune, gid uint) {
	s.CharacterToGlyphIndex.Set(r, gid)
	s.glyphs.keyCIDs = append(s.glyphs.keyCIDs, uint16(s.glyphs.cidOf(gid)))
}

// charCID returns the original glyph number and the CID of r.
func (s *SubsetFontObj) charCID(r rune) (gid uint, cid uint16, ok bool) {
	m := s.CharacterToGlyphIndex
	i, ok := m.Index(r)
	if !ok {
		return 0, 0, false
	}
	gid = m.Vals[i]
	if i < len(s.glyphs.keyCIDs) {
		return gid, s.glyphs.keyCIDs[i], true
	}
	// Set directly on CharacterToGlyphIndex, not through AddChars.
	return gid, uint16(s.glyphs.cidOf(gid)), true
}

// cidGlyphs returns the original glyph number of each CID, after giving a
// CID to every glyph in CharacterToGlyphIndex.
func (s *SubsetFontObj) cidGlyphs() []uint {
	for _, gid := range s.CharacterToGlyphIndex.Vals {
		s.glyphs.cidOf(gid)
	}
	return s.glyphs.gids
}

// cidRunes returns, for each CID, the first rune mapped to it, or -1.
func (s *SubsetFontObj) cidRunes() []rune {
	gids := s.cidGlyphs()
	runes := make([]rune, len(gids))
	for i := range runes {
		runes[i] = -1
	}
	m := s.CharacterToGlyphIndex
	for i, r := range m.Keys {
		if c := s.glyphs.cid[m.Vals[i]]; runes[c] < 0 {
			runes[c] = r
		}
	}
	return runes
}

var errBadFont = errors.New("gopdf: malformed TrueType table")

// makeSubsetFont builds the TrueType font program of the subset: the
// glyphs of cidGlyphs, then the components of composite glyphs, each
// renumbered, with loca, hmtx, hhea, maxp and head to match, and the
// hinting tables (cvt, fpgm, prep) unchanged.
func (s *SubsetFontObj) makeSubsetFont() ([]byte, error) {
	ttfp := &s.ttfp
	data := ttfp.FontData()
	tables := ttfp.GetTables()
	table := func(tag string) ([]byte, bool) {
		e, ok := tables[tag]
		if !ok || uint64(e.Offset)+uint64(e.Length) > uint64(len(data)) {
			return nil, false
		}
		return data[e.Offset : e.Offset+e.Length], true
	}
	glyf, ok1 := table("glyf")
	head, ok2 := table("head")
	hhea, ok3 := table("hhea")
	maxp, ok4 := table("maxp")
	hmtx, ok5 := table("hmtx")
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 {
		return nil, errBadFont
	}
	numHMetrics := int(ttfp.NumberOfHMetrics())
	if numHMetrics == 0 || len(hmtx) < 4*numHMetrics {
		return nil, errBadFont
	}

	// The glyphs, with the components of composites appended as found.
	gids := append([]uint(nil), s.cidGlyphs()...)
	newGID := make(map[uint]int, len(gids))
	for i, g := range gids {
		newGID[g] = i
	}
	glyphData := func(g uint) ([]byte, error) {
		start, end, ok := ttfp.GlyphRange(g)
		if !ok || end > uint(len(glyf)) {
			return nil, errBadFont
		}
		return glyf[start:end], nil
	}
	size := 0
	for _, g := range gids {
		if start, end, ok := ttfp.GlyphRange(g); ok {
			size += int(end-start) + 3
		}
	}
	newGlyf := make([]byte, 0, size) // components, if any, may add to it
	newLoca := make([]int, 0, len(gids)+1)
	for i := 0; i < len(gids); i++ {
		d, err := glyphData(gids[i])
		if err != nil {
			return nil, err
		}
		newLoca = append(newLoca, len(newGlyf))
		start := len(newGlyf)
		newGlyf = append(newGlyf, d...)
		if len(d) >= 10 && int16(binary.BigEndian.Uint16(d)) < 0 {
			// A composite glyph: renumber its components.
			if err := forEachComponent(newGlyf[start:], func(at int) {
				c := uint(binary.BigEndian.Uint16(newGlyf[start+at:]))
				n, ok := newGID[c]
				if !ok {
					n = len(gids)
					gids = append(gids, c)
					newGID[c] = n
				}
				binary.BigEndian.PutUint16(newGlyf[start+at:], uint16(n))
			}); err != nil {
				return nil, err
			}
		}
		// Keep every glyph 4-byte aligned, which also keeps the offsets
		// even for the short loca format.
		for len(newGlyf)%4 != 0 {
			newGlyf = append(newGlyf, 0)
		}
	}
	newLoca = append(newLoca, len(newGlyf))
	n := len(gids)
	if n > 0xFFFF {
		return nil, errBadFont
	}

	var newLocaBytes []byte
	short := len(newGlyf) <= 0x1FFFE
	if short {
		newLocaBytes = make([]byte, 2*len(newLoca))
		for i, o := range newLoca {
			binary.BigEndian.PutUint16(newLocaBytes[2*i:], uint16(o/2))
		}
	} else {
		newLocaBytes = make([]byte, 4*len(newLoca))
		for i, o := range newLoca {
			binary.BigEndian.PutUint32(newLocaBytes[4*i:], uint32(o))
		}
	}

	// Every glyph gets a full metric: advance and left side bearing.
	newHmtx := make([]byte, 4*n)
	for i, g := range gids {
		var adv, lsb uint16
		if int(g) < numHMetrics {
			adv = binary.BigEndian.Uint16(hmtx[4*g:])
			lsb = binary.BigEndian.Uint16(hmtx[4*g+2:])
		} else {
			adv = binary.BigEndian.Uint16(hmtx[4*(numHMetrics-1):])
			if at := 4*numHMetrics + 2*(int(g)-numHMetrics); at+2 <= len(hmtx) {
				lsb = binary.BigEndian.Uint16(hmtx[at:])
			}
		}
		binary.BigEndian.PutUint16(newHmtx[4*i:], adv)
		binary.BigEndian.PutUint16(newHmtx[4*i+2:], lsb)
	}

	newHead := append([]byte(nil), head...)
	binary.BigEndian.PutUint32(newHead[8:], 0) // checkSumAdjustment, set below
	if short {
		binary.BigEndian.PutUint16(newHead[50:], 0)
	} else {
		binary.BigEndian.PutUint16(newHead[50:], 1)
	}
	newHhea := append([]byte(nil), hhea...)
	binary.BigEndian.PutUint16(newHhea[34:], uint16(n))
	newMaxp := append([]byte(nil), maxp...)
	binary.BigEndian.PutUint16(newMaxp[4:], uint16(n))

	out := map[string][]byte{
		"glyf": newGlyf,
		"head": newHead,
		"hhea": newHhea,
		"hmtx": newHmtx,
		"loca": newLocaBytes,
		"maxp": newMaxp,
	}
	for _, tag := range []string{"cvt ", "fpgm", "prep"} {
		if t, ok := table(tag); ok {
			out[tag] = t
		}
	}
	return writeSfnt(out), nil
}

// forEachComponent calls f with the offset, in the composite glyph g, of
// each component's glyph index.
func forEachComponent(g []byte, f func(at int)) error {
	const (
		arg1And2AreWords = 0x0001
		weHaveAScale     = 0x0008
		moreComponents   = 0x0020
		weHaveXAndYScale = 0x0040
		weHaveTwoByTwo   = 0x0080
	)
	at := 10 // after numberOfContours and the bounding box
	for {
		if at+4 > len(g) {
			return errBadFont
		}
		flags := binary.BigEndian.Uint16(g[at:])
		f(at + 2)
		at += 4
		if flags&arg1And2AreWords != 0 {
			at += 4
		} else {
			at += 2
		}
		switch {
		case flags&weHaveAScale != 0:
			at += 2
		case flags&weHaveXAndYScale != 0:
			at += 4
		case flags&weHaveTwoByTwo != 0:
			at += 8
		}
		if flags&moreComponents == 0 {
			return nil
		}
	}
}

// writeSfnt assembles a TrueType font from its tables, with the table
// directory sorted by tag, each table 4-byte aligned and checksummed, and
// head.checkSumAdjustment set.
func writeSfnt(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	size := 12 + 16*len(tables)
	for tag, t := range tables {
		tags = append(tags, tag)
		size += (len(t) + 3) &^ 3
	}
	sort.Strings(tags)
	numTables := len(tags)
	entrySelector := 0
	for 1<<(entrySelector+1) <= numTables {
		entrySelector++
	}
	searchRange := (1 << entrySelector) * 16

	b := make([]byte, 12+16*numTables, size)
	binary.BigEndian.PutUint32(b[0:], 0x00010000)
	binary.BigEndian.PutUint16(b[4:], uint16(numTables))
	binary.BigEndian.PutUint16(b[6:], uint16(searchRange))
	binary.BigEndian.PutUint16(b[8:], uint16(entrySelector))
	binary.BigEndian.PutUint16(b[10:], uint16(numTables*16-searchRange))
	headAt := -1
	// The font's checksum is the sum of the directory's and the
	// tables' (each table padded to a whole word).
	var sum uint32
	for i, tag := range tags {
		t := tables[tag]
		off := len(b)
		if tag == "head" {
			headAt = off
		}
		b = append(b, t...)
		for len(b)%4 != 0 {
			b = append(b, 0)
		}
		tableSum := uint32(CheckSum(b[off:]))
		sum += tableSum
		rec := b[12+16*i:]
		copy(rec, tag)
		binary.BigEndian.PutUint32(rec[4:], tableSum)
		binary.BigEndian.PutUint32(rec[8:], uint32(off))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(t)))
	}
	if headAt >= 0 {
		sum += uint32(CheckSum(b[:12+16*numTables]))
		binary.BigEndian.PutUint32(b[headAt+8:], 0xB1B0AFBA-sum)
	}
	return b
}

// syncKeyCIDs gives keyCIDs an entry for every key of
// CharacterToGlyphIndex, including keys set on it directly rather than
// through AddChars, so that charCID does not change the subset.
func (s *SubsetFontObj) syncKeyCIDs() {
	m := s.CharacterToGlyphIndex
	for i := len(s.glyphs.keyCIDs); i < len(m.Vals); i++ {
		s.glyphs.keyCIDs = append(s.glyphs.keyCIDs, uint16(s.glyphs.cidOf(m.Vals[i])))
	}
}
