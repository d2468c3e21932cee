package ofd

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"

	"github.com/jixiao/jixiao/fonts"
)

// This file is a small TrueType subsetter for the fonts an OFD embeds.
// The PDF's subsets come from third_party/gopdf; OFD needs a standalone
// font file under Res/, so it has its own: the glyphs of the characters a
// document uses (plus the components of composite glyphs), renumbered
// from 1 in character order, with the tables a rasteriser needs (cmap,
// glyf, loca, head, hhea, hmtx, maxp, name, OS/2, post, and prep/gasp
// when present). Layout tables (GSUB, GPOS, vertical metrics) are
// dropped: OFD positions every glyph itself.

// source is a face's font file split into tables, once per process. Its
// glyphs are found with the face's prepared character map
// (fonts.Face.GlyphIndex) and read through loca in place: parsing the
// font with sfnt and copying loca took 0.3 MB and a pass over loca per
// face.
type source struct {
	tables    map[string][]byte
	numGlyphs int
	longLoca  bool
	nhm       int // numberOfHMetrics
}

var sources sync.Map // *fonts.Face → *sourceOnce

type sourceOnce struct {
	once sync.Once
	src  *source
	err  error
}

func sourceOf(f *fonts.Face) (*source, error) {
	v, _ := sources.LoadOrStore(f, &sourceOnce{})
	s := v.(*sourceOnce)
	s.once.Do(func() { s.src, s.err = parseSource(f.Data) })
	return s.src, s.err
}

func parseSource(data []byte) (*source, error) {
	if len(data) < 12 {
		return nil, errors.New("font too short")
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	if 12+16*n > len(data) {
		return nil, errors.New("truncated table directory")
	}
	s := &source{tables: make(map[string][]byte, n)}
	for i := range n {
		rec := data[12+16*i:]
		off, size := uint64(binary.BigEndian.Uint32(rec[8:])), uint64(binary.BigEndian.Uint32(rec[12:]))
		if off+size > uint64(len(data)) {
			return nil, fmt.Errorf("table %q past the end of the file", rec[:4])
		}
		s.tables[string(rec[:4])] = data[off : off+size]
	}
	for _, tag := range []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf", "name", "OS/2", "post"} {
		if _, ok := s.tables[tag]; !ok {
			return nil, fmt.Errorf("no %q table", tag)
		}
	}
	head, maxp, hhea := s.tables["head"], s.tables["maxp"], s.tables["hhea"]
	if len(head) < 54 || len(maxp) < 6 || len(hhea) < 36 || len(s.tables["post"]) < 32 {
		return nil, errors.New("truncated head, hhea, maxp or post table")
	}
	numGlyphs := int(binary.BigEndian.Uint16(maxp[4:]))
	s.nhm = int(binary.BigEndian.Uint16(hhea[34:]))
	if s.nhm == 0 || len(s.tables["hmtx"]) < 4*s.nhm+2*(numGlyphs-s.nhm) {
		return nil, errors.New("truncated hmtx table")
	}
	s.numGlyphs = numGlyphs
	s.longLoca = binary.BigEndian.Uint16(head[50:]) == 1
	if n := numGlyphs + 1; (s.longLoca && len(s.tables["loca"]) < 4*n) || (!s.longLoca && len(s.tables["loca"]) < 2*n) {
		return nil, errors.New("truncated loca table")
	}
	return s, nil
}

// glyph returns the outline of glyph gid, which must be below numGlyphs.
func (s *source) glyph(gid int) ([]byte, error) {
	loca := s.tables["loca"]
	var start, end int
	if s.longLoca {
		start, end = int(binary.BigEndian.Uint32(loca[4*gid:])), int(binary.BigEndian.Uint32(loca[4*gid+4:]))
	} else {
		start, end = 2*int(binary.BigEndian.Uint16(loca[2*gid:])), 2*int(binary.BigEndian.Uint16(loca[2*gid+2:]))
	}
	if start > end || end > len(s.tables["glyf"]) {
		return nil, fmt.Errorf("bad loca entry for glyph %d", gid)
	}
	return s.tables["glyf"][start:end], nil
}

func (s *source) hmetric(gid int) (adv, lsb uint16) {
	h := s.tables["hmtx"]
	if gid < s.nhm {
		return binary.BigEndian.Uint16(h[4*gid:]), binary.BigEndian.Uint16(h[4*gid+2:])
	}
	return binary.BigEndian.Uint16(h[4*(s.nhm-1):]), binary.BigEndian.Uint16(h[4*s.nhm+2*(gid-s.nhm):])
}

// Composite glyph flags (OpenType glyf table).
const (
	argsAreWords  = 0x0001
	haveScale     = 0x0008
	moreComponent = 0x0020
	haveXYScale   = 0x0040
	haveTwoByTwo  = 0x0080
)

// components calls fn with the offset of each component's glyph index in
// the composite glyph g; it does nothing for a simple glyph.
func components(g []byte, fn func(off int)) error {
	if len(g) < 10 || int16(binary.BigEndian.Uint16(g)) >= 0 {
		return nil
	}
	for p := 10; ; {
		if p+4 > len(g) {
			return errors.New("truncated composite glyph")
		}
		flags := binary.BigEndian.Uint16(g[p:])
		fn(p + 2)
		p += 4
		if flags&argsAreWords != 0 {
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&haveScale != 0:
			p += 2
		case flags&haveXYScale != 0:
			p += 4
		case flags&haveTwoByTwo != 0:
			p += 8
		}
		if flags&moreComponent == 0 {
			return nil
		}
	}
}

// subsetFont is an embedded subset: the font file and each character's
// glyph in it.
type subsetFont struct {
	Data   []byte
	Glyphs map[rune]uint16
}

// subset returns the subset of f that draws runes. A rune the face counts
// as present without a glyph (whitespace, see fonts.Face.Has) gets an
// empty glyph with the face's advance for it, so the subset's metrics
// agree with the layout's.
func subset(f *fonts.Face, runes []rune) (*subsetFont, error) {
	src, err := sourceOf(f)
	if err != nil {
		return nil, fmt.Errorf("subset %s: %w", f.Name, err)
	}
	runes = slices.Clone(runes)
	slices.Sort(runes)
	runes = slices.Compact(runes)

	// Glyph order: .notdef, the characters' glyphs in character order,
	// then components of composite glyphs. old[i] is the source glyph of
	// new glyph i, or -1 for an empty glyph; adv[i] its advance when
	// empty.
	old := []int{0}
	emptyAdv := map[int]uint16{}
	byOld := map[int]uint16{0: 0}
	glyphs := make(map[rune]uint16, len(runes))
	for _, r := range runes {
		x, ok := f.GlyphIndex(r)
		if !ok || x == 0 {
			if !f.Has(r) {
				continue // drawn by no face; reported by the layout
			}
			glyphs[r] = uint16(len(old))
			emptyAdv[len(old)] = uint16(f.Advance(r))
			old = append(old, -1)
			continue
		}
		g := int(x)
		if n, ok := byOld[g]; ok {
			glyphs[r] = n
			continue
		}
		byOld[g] = uint16(len(old))
		glyphs[r] = uint16(len(old))
		old = append(old, g)
	}
	outlines := make([][]byte, 0, len(old))
	for i := 0; i < len(old); i++ {
		if old[i] < 0 {
			outlines = append(outlines, nil)
			continue
		}
		g, err := src.glyph(old[i])
		if err != nil {
			return nil, fmt.Errorf("subset %s: %w", f.Name, err)
		}
		outlines = append(outlines, g)
		err = components(g, func(off int) {
			c := int(binary.BigEndian.Uint16(g[off:]))
			if _, ok := byOld[c]; !ok && c < src.numGlyphs {
				byOld[c] = uint16(len(old))
				old = append(old, c)
			}
		})
		if err != nil {
			return nil, fmt.Errorf("subset %s: glyph %d: %w", f.Name, old[i], err)
		}
	}
	if len(old) > 0xFFFF {
		return nil, fmt.Errorf("subset %s: too many glyphs", f.Name)
	}

	var glyf, loca, hmtx []byte
	for i, g := range old {
		loca = binary.BigEndian.AppendUint32(loca, uint32(len(glyf)))
		if g < 0 {
			hmtx = binary.BigEndian.AppendUint16(hmtx, emptyAdv[i])
			hmtx = binary.BigEndian.AppendUint16(hmtx, 0)
			continue
		}
		start := len(glyf)
		glyf = append(glyf, outlines[i]...)
		// Point each component at its new glyph number.
		_ = components(glyf[start:], func(off int) {
			c := int(binary.BigEndian.Uint16(glyf[start+off:]))
			binary.BigEndian.PutUint16(glyf[start+off:], byOld[c])
		})
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
		adv, lsb := src.hmetric(g)
		hmtx = binary.BigEndian.AppendUint16(hmtx, adv)
		hmtx = binary.BigEndian.AppendUint16(hmtx, lsb)
	}
	loca = binary.BigEndian.AppendUint32(loca, uint32(len(glyf)))

	head := slices.Clone(src.tables["head"][:54])
	binary.BigEndian.PutUint32(head[8:], 0)  // checkSumAdjustment, set below
	binary.BigEndian.PutUint16(head[50:], 1) // long loca offsets
	hhea := slices.Clone(src.tables["hhea"][:36])
	binary.BigEndian.PutUint16(hhea[34:], uint16(len(old)))
	maxp := slices.Clone(src.tables["maxp"])
	binary.BigEndian.PutUint16(maxp[4:], uint16(len(old)))
	// post version 3: no glyph names, which would have to be renumbered.
	post := slices.Clone(src.tables["post"][:32])
	binary.BigEndian.PutUint32(post, 0x00030000)

	cmap, err := cmapTable(glyphs)
	if err != nil {
		return nil, fmt.Errorf("subset %s: %w", f.Name, err)
	}
	tables := map[string][]byte{
		"cmap": cmap, "glyf": glyf, "head": head, "hhea": hhea, "hmtx": hmtx,
		"loca": loca, "maxp": maxp, "name": src.tables["name"], "OS/2": src.tables["OS/2"], "post": post,
	}
	// Hinting programs and the grid-fitting table do not refer to glyph
	// numbers; glyph instructions may call into them.
	for _, tag := range []string{"cvt ", "fpgm", "prep", "gasp"} {
		if t, ok := src.tables[tag]; ok {
			tables[tag] = t
		}
	}
	return &subsetFont{Data: assemble(tables), Glyphs: glyphs}, nil
}

// cmapTable maps the characters to their glyphs: a format 4 subtable
// (platform 3, encoding 1) for the BMP and, when a character lies above
// it, a format 12 subtable (3, 10) for all of them.
func cmapTable(glyphs map[rune]uint16) ([]byte, error) {
	runes := make([]rune, 0, len(glyphs))
	for r := range glyphs {
		runes = append(runes, r)
	}
	sort.Slice(runes, func(i, j int) bool { return runes[i] < runes[j] })

	// Segments of consecutive characters with consecutive glyphs.
	type seg struct {
		start, end rune
		gid        uint16
	}
	var segs []seg
	for _, r := range runes {
		g := glyphs[r]
		if n := len(segs); n > 0 && segs[n-1].end+1 == r && int(segs[n-1].gid)+int(r-segs[n-1].start) == int(g) {
			segs[n-1].end = r
			continue
		}
		segs = append(segs, seg{r, r, g})
	}
	var bmp []seg
	wide := false
	for _, s := range segs {
		if s.start >= 0xFFFF {
			wide = true
			continue
		}
		if s.end >= 0xFFFF {
			wide = true
			s.end = 0xFFFE
		}
		bmp = append(bmp, s)
	}
	bmp = append(bmp, seg{0xFFFF, 0xFFFF, 0}) // the required last segment

	n := len(bmp)
	if 16+8*n > 0xFFFF {
		// Some 8,000 runs of consecutive characters: more than a format 4
		// subtable can address.
		return nil, fmt.Errorf("%d character ranges do not fit a format 4 cmap", n)
	}
	f4 := make([]byte, 16+8*n)
	binary.BigEndian.PutUint16(f4[0:], 4)
	binary.BigEndian.PutUint16(f4[2:], uint16(len(f4)))
	binary.BigEndian.PutUint16(f4[6:], uint16(2*n))
	sr := 2
	sel := 0
	for sr*2 <= 2*n {
		sr *= 2
		sel++
	}
	binary.BigEndian.PutUint16(f4[8:], uint16(sr))
	binary.BigEndian.PutUint16(f4[10:], uint16(sel))
	binary.BigEndian.PutUint16(f4[12:], uint16(2*n-sr))
	for i, s := range bmp {
		binary.BigEndian.PutUint16(f4[14+2*i:], uint16(s.end))
		binary.BigEndian.PutUint16(f4[16+2*n+2*i:], uint16(s.start))
		delta := uint16(int(s.gid) - int(s.start))
		if s.start == 0xFFFF {
			delta = 1
		}
		binary.BigEndian.PutUint16(f4[16+4*n+2*i:], delta)
		// idRangeOffset stays 0: glyph = character + delta.
	}

	var sub [][]byte
	recs := [][2]uint16{{3, 1}}
	sub = append(sub, f4)
	if wide {
		f12 := make([]byte, 16, 16+12*len(segs))
		binary.BigEndian.PutUint16(f12[0:], 12)
		for _, s := range segs {
			f12 = binary.BigEndian.AppendUint32(f12, uint32(s.start))
			f12 = binary.BigEndian.AppendUint32(f12, uint32(s.end))
			f12 = binary.BigEndian.AppendUint32(f12, uint32(s.gid))
		}
		binary.BigEndian.PutUint32(f12[4:], uint32(len(f12)))
		binary.BigEndian.PutUint32(f12[12:], uint32(len(segs)))
		recs = append(recs, [2]uint16{3, 10})
		sub = append(sub, f12)
	}
	out := make([]byte, 4+8*len(recs))
	binary.BigEndian.PutUint16(out[2:], uint16(len(recs)))
	for i, rec := range recs {
		binary.BigEndian.PutUint16(out[4+8*i:], rec[0])
		binary.BigEndian.PutUint16(out[6+8*i:], rec[1])
		binary.BigEndian.PutUint32(out[8+8*i:], uint32(len(out)))
		out = append(out, sub[i]...)
	}
	return out, nil
}

// assemble writes an sfnt file: the table directory sorted by tag, each
// table 4-byte aligned with its checksum, and head.checkSumAdjustment.
func assemble(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	n := len(tags)
	sr, sel := 1, 0
	for sr*2 <= n {
		sr *= 2
		sel++
	}
	size := 12 + 16*n
	for _, t := range tables {
		size += (len(t) + 3) &^ 3
	}
	out := make([]byte, 12+16*n, size)
	binary.BigEndian.PutUint32(out, 0x00010000)
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	binary.BigEndian.PutUint16(out[6:], uint16(16*sr))
	binary.BigEndian.PutUint16(out[8:], uint16(sel))
	binary.BigEndian.PutUint16(out[10:], uint16(16*(n-sr)))
	headAt := 0
	for i, tag := range tags {
		t := tables[tag]
		if tag == "head" {
			headAt = len(out)
		}
		rec := out[12+16*i:]
		copy(rec, tag)
		binary.BigEndian.PutUint32(rec[4:], checksum(t))
		binary.BigEndian.PutUint32(rec[8:], uint32(len(out)))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(t)))
		out = append(out, t...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	return out
}

// checksum is a table's checksum: the sum of its big-endian words, the
// last one padded with zeros.
func checksum(b []byte) uint32 {
	var sum uint32
	whole := len(b) &^ 3
	for i := 0; i < whole; i += 4 {
		sum += binary.BigEndian.Uint32(b[i:])
	}
	if whole < len(b) {
		var w [4]byte
		copy(w[:], b[whole:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
