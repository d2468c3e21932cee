// Package fonts embeds the open-licensed TrueType CJK fonts used to render
// budget-performance documents and maps each typographic role of a document
// (title, headings, body text, tables, numbers) to a face.
//
// The embedded faces are Noto Serif SC Regular and Bold (Song/serif), Noto
// Sans SC Medium (Hei/sans) and LXGW WenKai Regular (Kai). All are licensed
// under the SIL Open Font License 1.1; README.md and the LICENSE-*.txt files
// in this directory say where each came from.
//
// Every face is a TrueType font with glyf outlines, because gopdf cannot embed
// CFF-based OpenType fonts or font collections. [Face.Data] can be passed to
// gopdf's AddTTFFontData under the name [Face.Name].
//
// Faces are immutable once loaded and safe for concurrent use; a [Set] is
// likewise immutable ([Set.Override] returns a new Set).
package fonts

import (
	"bytes"
	_ "embed" // the font files, see below
	"encoding/binary"
	"errors"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// The font files are embedded as byte slices rather than an embed.FS:
// embed.FS.ReadFile copies a file into the heap, which for these 55 MB
// was most of the time and memory of a short command such as validate.
// A []byte variable refers to the binary's data section directly, so
// only the pages of the tables actually read (cmap, hmtx and the glyphs
// of a subset) are ever loaded.
var (
	//go:embed NotoSerifSC-Regular.ttf
	notoSerifSCRegular []byte
	//go:embed NotoSerifSC-Bold.ttf
	notoSerifSCBold []byte
	//go:embed NotoSansSC-Medium.ttf
	notoSansSCMedium []byte
	//go:embed LXGWWenKai-Regular.ttf
	lxgwWenKaiRegular []byte
)

// embeddedData maps each of faceFiles to its data.
var embeddedData = map[string][]byte{
	"NotoSerifSC-Regular.ttf": notoSerifSCRegular,
	"NotoSerifSC-Bold.ttf":    notoSerifSCBold,
	"NotoSansSC-Medium.ttf":   notoSansSCMedium,
	"LXGWWenKai-Regular.ttf":  lxgwWenKaiRegular,
}

// A Role is the typographic role of a run of text in a document.
type Role string

// The roles, in the order returned by [Roles].
const (
	RoleTitle    Role = "title"    // document title: bold Song (serif)
	RoleHeading1 Role = "heading1" // first-level headings: Hei (sans)
	RoleHeading2 Role = "heading2" // second-level headings: Kai
	RoleBody     Role = "body"     // running text: Song (serif)
	RoleTable    Role = "table"    // table cells: Song (serif)
	RoleNumber   Role = "number"   // figures and amounts: Song (serif)
)

const numRoles = 6

// Roles returns all roles: title, heading1, heading2, body, table, number.
func Roles() []Role {
	return []Role{RoleTitle, RoleHeading1, RoleHeading2, RoleBody, RoleTable, RoleNumber}
}

// index returns the position of r in [Roles], or -1 for an unknown role.
func (r Role) index() int {
	switch r {
	case RoleTitle:
		return 0
	case RoleHeading1:
		return 1
	case RoleHeading2:
		return 2
	case RoleBody:
		return 3
	case RoleTable:
		return 4
	case RoleNumber:
		return 5
	}
	return -1
}

// faceFiles lists the embedded fonts in fallback order: when a role's face
// lacks a rune, the role's default face and then these are tried in turn.
var faceFiles = []string{
	"NotoSerifSC-Regular.ttf",
	"NotoSerifSC-Bold.ttf",
	"NotoSansSC-Medium.ttf",
	"LXGWWenKai-Regular.ttf",
}

// roleFiles gives the default face of each role, indexed by Role.index.
var roleFiles = [numRoles]string{
	0: "NotoSerifSC-Bold.ttf",    // title
	1: "NotoSansSC-Medium.ttf",   // heading1
	2: "LXGWWenKai-Regular.ttf",  // heading2
	3: "NotoSerifSC-Regular.ttf", // body
	4: "NotoSerifSC-Regular.ttf", // table
	5: "NotoSerifSC-Regular.ttf", // number
}

// A Face is one parsed TrueType font.
//
// Has and Advance answer runes of the Basic Multilingual Plane from a table
// built on first use, so they are cheap enough to call for every rendered
// character; runes above the BMP are looked up in the font itself. A Face
// is safe for concurrent use.
type Face struct {
	// Name identifies the face; it is the family name to register with
	// gopdf. Embedded faces are named after their file, without ".ttf".
	Name string
	// Data is the font file. It is shared: do not modify it.
	Data []byte

	// once guards the fields below. The embedded faces are loaded on
	// first use rather than by Default, because most commands need one
	// face or none: validate resolves nearly every character with the
	// body face alone.
	once sync.Once
	err  error // why the table is empty: the font did not parse, or upem is bad
	upem int
	// bmp holds one entry per BMP rune: hasGlyph|advance. It is written
	// only by load, under once, so reads after load need no further
	// synchronisation. The table costs 256 KiB; on the development
	// machine a lookup took 1.8 ns, against 13 ns for a lazily filled
	// map under a sync.RWMutex, 15 ns for a sync.Map and 25 ns for
	// asking sfnt every time. BenchmarkAdvance measures the table.
	bmp *[1 << 16]uint32
	// sfnt parses the font, once, for runes above the BMP and for
	// tables that fillBMP does not read. The table directory of the
	// embedded faces is all fillBMP needs, and parsing the glyph
	// locations and kerning of a 15 MB face was a third of the face's
	// first use.
	sfnt func() (*sfnt.Font, error)
	bufs sync.Pool // of *sfnt.Buffer, for runes above the BMP
}

// hasGlyph marks an entry for a rune the face has; the low 16 bits of the
// entry are the advance width in font units.
const hasGlyph = 1 << 16

// Has reports whether the face has a glyph for r other than .notdef.
// Whitespace runes (unicode.IsSpace, e.g. U+0020 and U+3000) always count as
// present.
func (f *Face) Has(r rune) bool { return f.entry(r)&hasGlyph != 0 }

// Advance returns the advance width of r in font units (see
// [Face.UnitsPerEm]), or 0 if the face does not have r. A whitespace rune
// that the font does not map advances one em for U+3000 and the width of
// U+0020 otherwise.
func (f *Face) Advance(r rune) int { return int(f.entry(r) & 0xFFFF) }

// String returns the name of the face.
func (f *Face) String() string {
	if f == nil {
		return "<nil>"
	}
	return f.Name
}

// UnitsPerEm returns the number of font units per em.
func (f *Face) UnitsPerEm() int {
	f.load()
	return f.upem
}

func (f *Face) entry(r rune) uint32 {
	f.load()
	if uint32(r) < 1<<16 {
		return f.bmp[uint16(r)]
	}
	if r > unicode.MaxRune || r < 0 || f.err != nil {
		return 0
	}
	sf, err := f.sfnt()
	if err != nil {
		return 0
	}
	b, _ := f.bufs.Get().(*sfnt.Buffer)
	if b == nil {
		b = new(sfnt.Buffer)
	}
	e := f.lookup(sf, b, r)
	f.bufs.Put(b)
	return e
}

// load parses the font and builds the BMP table, once.
func (f *Face) load() { f.once.Do(f.parse) }

// parse is load's work. The data has passed checkTrueType. A font that
// sfnt cannot parse keeps an empty table (no rune present): NewFace
// reports that as an error, and the embedded faces are tested to parse.
func (f *Face) parse() {
	f.bmp = new([1 << 16]uint32)
	if upem, ok := unitsPerEm(f.Data); ok && fillBMP(f.bmp, f.Data, upem) {
		f.upem = upem
		return
	}
	// Tables that the direct reading does not accept are read through
	// sfnt, one rune at a time (about 25 times slower).
	sf, err := f.sfnt()
	if err != nil {
		f.err = err
		return
	}
	upem := int(sf.UnitsPerEm())
	if upem <= 0 || upem >= hasGlyph {
		f.err = fmt.Errorf("bad unitsPerEm %d", upem)
		return
	}
	f.upem = upem
	var b sfnt.Buffer
	for r := range rune(1 << 16) {
		f.bmp[r] = f.lookup(sf, &b, r)
	}
}

// parseSFNT parses data with sfnt.
func parseSFNT(data []byte) (*sfnt.Font, error) {
	sf, err := sfnt.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("malformed font: %v", err)
	}
	return sf, nil
}

// unitsPerEm reads the head table's unitsPerEm, as sfnt does, and
// reports whether it is one that entries can hold.
func unitsPerEm(data []byte) (int, bool) {
	tables, err := tableDirectory(data)
	if err != nil || len(tables["head"]) < 20 {
		return 0, false
	}
	upem := int(binary.BigEndian.Uint16(tables["head"][18:]))
	return upem, upem > 0 && upem < hasGlyph
}

// lookup computes the entry of r from the font.
func (f *Face) lookup(sf *sfnt.Font, b *sfnt.Buffer, r rune) uint32 {
	if x, err := sf.GlyphIndex(b, r); err == nil && x != 0 {
		// With ppem equal to unitsPerEm (as a 26.6 value), GlyphAdvance
		// returns the advance in font units, unscaled and unrounded.
		adv, err := sf.GlyphAdvance(b, x, fixed.Int26_6(f.upem), font.HintingNone)
		if err == nil && adv >= 0 && adv < hasGlyph {
			return hasGlyph | uint32(adv)
		}
	}
	if unicode.IsSpace(r) {
		if r == '\u3000' {
			return hasGlyph | uint32(f.upem)
		}
		if r != ' ' {
			if e := f.lookup(sf, b, ' '); e != 0 {
				return e
			}
		}
		return hasGlyph | uint32(f.upem/4)
	}
	return 0
}

// fillBMP fills t as lookup would, but by walking the font's format 4
// cmap subtable and its hmtx table directly: about 0.3 ms per face
// instead of 7 ms for 65,536 calls to sfnt. The subtable is the one gopdf
// draws with (see checkCmap), so Has agrees with what gopdf can print. It
// returns false if a table is not as expected; t is then partly filled.
func fillBMP(t *[1 << 16]uint32, data []byte, upem int) bool {
	tables, err := tableDirectory(data)
	if err != nil {
		return false
	}
	hhea, maxp, hmtx := tables["hhea"], tables["maxp"], tables["hmtx"]
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
	sub, ok := cmapFormat4(tables["cmap"])
	if !ok || len(sub) < 14 {
		return false
	}
	segX2 := int(binary.BigEndian.Uint16(sub[6:]))
	ends := 14
	starts := ends + segX2 + 2 // after reservedPad
	deltas := starts + segX2
	ranges := deltas + segX2
	if segX2%2 != 0 || ranges+segX2 > len(sub) {
		return false
	}
	for i := 0; i < segX2; i += 2 {
		end := int(binary.BigEndian.Uint16(sub[ends+i:]))
		start := int(binary.BigEndian.Uint16(sub[starts+i:]))
		delta := int(binary.BigEndian.Uint16(sub[deltas+i:]))
		rangeOff := int(binary.BigEndian.Uint16(sub[ranges+i:]))
		for c := start; c <= end; c++ {
			g := 0
			if rangeOff == 0 {
				g = (c + delta) & 0xFFFF
			} else {
				at := ranges + i + rangeOff + 2*(c-start)
				if at+2 > len(sub) {
					return false
				}
				if g = int(binary.BigEndian.Uint16(sub[at:])); g != 0 {
					g = (g + delta) & 0xFFFF
				}
			}
			if g != 0 && g < numGlyphs && c != 0xFFFF {
				t[c] = hasGlyph | advance(g)
			}
		}
	}
	// Whitespace the font does not map, as in lookup.
	space := t[' ']
	if space == 0 {
		space = hasGlyph | uint32(upem/4)
	}
	for r := range spaces() {
		if t[r] == 0 {
			if r == '\u3000' {
				t[r] = hasGlyph | uint32(upem)
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

// NewFace parses data as a TrueType font named name. It returns an error
// wrapping [ErrNotTrueType] if data is not a single TrueType-outline font
// that gopdf can embed, such as a CFF-based OpenType font (.otf), a
// collection (.ttc) or a web font (.woff, .woff2).
func NewFace(name string, data []byte) (*Face, error) {
	f, err := newFace(name, data)
	if err != nil {
		return nil, fmt.Errorf("fonts: %w", err)
	}
	return f, nil
}

// LoadFile reads and parses the TrueType font at path, as [NewFace] does. The
// face is named after the file, without its extension.
func LoadFile(path string) (*Face, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("fonts: %w", err)
	}
	f, err := newFace(strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)), data)
	if err != nil {
		return nil, fmt.Errorf("fonts: %s: %w", path, err)
	}
	return f, nil
}

// newFace is NewFace with errors lacking the "fonts: " prefix. Unlike the
// embedded faces, an operator's font is parsed at once, so that a bad file
// is reported when it is named rather than when it is first drawn.
func newFace(name string, data []byte) (*Face, error) {
	f, err := lazyFace(name, data)
	if err != nil {
		return nil, err
	}
	if f.load(); f.err != nil {
		return nil, fmt.Errorf("%s: %w: %v", name, ErrNotTrueType, f.err)
	}
	if _, err := f.sfnt(); err != nil {
		return nil, fmt.Errorf("%s: %w: %v", name, ErrNotTrueType, err)
	}
	return f, nil
}

// lazyFace checks the table directory of data and returns a face that is
// parsed on first use.
func lazyFace(name string, data []byte) (*Face, error) {
	if name == "" {
		return nil, errors.New("empty face name")
	}
	if err := checkTrueType(data); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &Face{Name: name, Data: data, sfnt: sync.OnceValues(func() (*sfnt.Font, error) { return parseSFNT(data) })}, nil
}

// A Set assigns a primary face and an ordered list of fallback faces to each
// [Role]. A Set is immutable and safe for concurrent use.
type Set struct {
	// chains[i] is the primary face of the role with index i followed by
	// its fallbacks, without duplicates.
	chains [numRoles][]*Face
	// defaults[i] is the embedded face that the role with index i uses
	// when not overridden.
	defaults [numRoles]*Face
	embedded []*Face // in faceFiles order
}

// Default returns the set of embedded faces; every call returns the same
// Set. Each face is parsed when it is first used, once per process.
func Default() (*Set, error) { return loadDefault() }

var loadDefault = sync.OnceValues(func() (*Set, error) {
	s := &Set{embedded: make([]*Face, len(faceFiles))}
	byFile := make(map[string]*Face, len(faceFiles))
	for i, file := range faceFiles {
		f, err := lazyFace(strings.TrimSuffix(file, ".ttf"), embeddedData[file])
		if err != nil {
			return nil, fmt.Errorf("fonts: %w", err)
		}
		s.embedded[i] = f
		byFile[file] = f
	}
	for i, file := range roleFiles {
		s.defaults[i] = byFile[file]
		s.chains[i] = s.chain(byFile[file], i)
	}
	return s, nil
})

// chain returns primary followed by the default face of the role with index
// i and then the embedded faces, each face once.
func (s *Set) chain(primary *Face, i int) []*Face {
	c := make([]*Face, 0, len(s.embedded)+1)
	c = append(c, primary)
	for _, f := range append([]*Face{s.defaults[i]}, s.embedded...) {
		if !containsFace(c, f) {
			c = append(c, f)
		}
	}
	return c
}

func containsFace(faces []*Face, f *Face) bool {
	for _, g := range faces {
		if g == f {
			return true
		}
	}
	return false
}

// Face returns the primary face of role, or nil if role is not one of
// [Roles].
func (s *Set) Face(role Role) *Face {
	i := role.index()
	if i < 0 {
		return nil
	}
	return s.chains[i][0]
}

// Fallbacks returns the faces tried, in order, for a rune that the primary
// face of role lacks. The caller must not modify the returned slice.
func (s *Set) Fallbacks(role Role) []*Face {
	i := role.index()
	if i < 0 {
		return nil
	}
	return s.chains[i][1:]
}

// Faces returns every distinct face of the set: the primary faces in the
// order of [Roles], then the remaining fallbacks. A renderer registers these
// with its PDF writer.
func (s *Set) Faces() []*Face {
	var faces []*Face
	for _, c := range s.chains {
		if !containsFace(faces, c[0]) {
			faces = append(faces, c[0])
		}
	}
	for _, c := range s.chains {
		for _, f := range c[1:] {
			if !containsFace(faces, f) {
				faces = append(faces, f)
			}
		}
	}
	return faces
}

// Resolve returns the face to draw r with in role: the primary face of role
// if it has r, otherwise the first fallback that has it. It returns nil, false
// if no face has r or role is not one of [Roles]; the caller should report
// the missing character.
func (s *Set) Resolve(role Role, r rune) (*Face, bool) {
	i := role.index()
	if i < 0 {
		return nil, false
	}
	for _, f := range s.chains[i] {
		if f.Has(r) {
			return f, true
		}
	}
	return nil, false
}

// Override returns a copy of s in which role uses the operator-supplied
// TrueType font data, named name, as its primary face. The face the role used
// by default becomes its first fallback. It is an error for name to be the
// name of another face of s with different data, because a PDF writer
// registers faces by name; a face of s with the same name and data is
// reused.
func (s *Set) Override(role Role, name string, data []byte) (*Set, error) {
	i := role.index()
	if i < 0 {
		return nil, fmt.Errorf("fonts: override: unknown role %q", role)
	}
	var f *Face
	for _, g := range s.Faces() {
		if g.Name == name && bytes.Equal(g.Data, data) {
			f = g
			break
		}
	}
	if f == nil {
		var err error
		if f, err = newFace(name, data); err != nil {
			return nil, fmt.Errorf("fonts: override %s: %w", role, err)
		}
	}
	c := *s
	c.chains[i] = c.chain(f, i)
	for _, g := range c.Faces() {
		if g != f && g.Name == name {
			return nil, fmt.Errorf("fonts: override %s: face name %q is already used by another font", role, name)
		}
	}
	return &c, nil
}
