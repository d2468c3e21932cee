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
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font/sfnt"

	"github.com/jixiao/jixiao/fonts/internal/tables"
)

//go:generate go run ./internal/gentables

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

// The tables of each font that a process reads (its character map,
// advances and the figures gopdf writes), prepared by go generate
// (internal/gentables) and read in place: strings, so that they stay in
// the binary's read-only data and only the pages a render uses are
// loaded. TestPreparedTables checks them against the fonts.
var (
	//go:embed NotoSerifSC-Regular.tables
	notoSerifSCRegularTables string
	//go:embed NotoSerifSC-Bold.tables
	notoSerifSCBoldTables string
	//go:embed NotoSansSC-Medium.tables
	notoSansSCMediumTables string
	//go:embed LXGWWenKai-Regular.tables
	lxgwWenKaiRegularTables string
)

// An embeddedFont is the data and prepared tables of one of faceFiles.
type embeddedFont struct {
	data   []byte
	tables string
}

// embeddedData maps each of faceFiles to its data.
var embeddedData = map[string]embeddedFont{
	"NotoSerifSC-Regular.ttf": {notoSerifSCRegular, notoSerifSCRegularTables},
	"NotoSerifSC-Bold.ttf":    {notoSerifSCBold, notoSerifSCBoldTables},
	"NotoSansSC-Medium.ttf":   {notoSansSCMedium, notoSansSCMediumTables},
	"LXGWWenKai-Regular.ttf":  {lxgwWenKaiRegular, lxgwWenKaiRegularTables},
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
// Has and Advance answer runes of the Basic Multilingual Plane from the
// face's prepared tables (package internal/tables), so they are cheap
// enough to call for every rendered character; runes above the BMP are
// looked up in the font itself. A Face is safe for concurrent use.
type Face struct {
	// Name identifies the face; it is the family name to register with
	// gopdf. Embedded faces are named after their file, without ".ttf".
	Name string
	// Data is the font file. It is shared: do not modify it.
	Data []byte

	// tab holds the prepared tables: one entry per BMP rune
	// (hasGlyph|advance), the glyph gopdf draws it with, and the
	// figures of head, hhea, OS/2 and post. Those of the embedded faces
	// are read in place from the binary, so a face costs a process no
	// heap and no parsing; an operator's face has them built by NewFace.
	// A lookup is two loads, about 2 ns (BenchmarkAdvance); filling a
	// 256 KiB table per face on first use, as before, took 0.3 ms and
	// 64 fresh heap pages.
	tab     tables.Tables
	entries tables.Entries // of tab
	upem    int            // of tab, asked for with every measured run
	// sfnt parses the font, once, for runes above the BMP. Parsing the
	// glyph locations and kerning of a 15 MB face was a third of the
	// face's first use, and a render rarely needs it.
	sfnt func() (*sfnt.Font, error)
	bufs sync.Pool // of *sfnt.Buffer, for runes above the BMP

	// tablesRead fills entries and upem from tab, once. A Set hands out
	// only faces whose tables are read (Face.ready), so that a command
	// reads the tables of the faces it uses and no others: validate's
	// glyph check uses the body face, and its fallbacks only for what
	// it lacks, and reading a face's tables maps pages of the binary.
	tablesRead sync.Once
}

// readTables fills the face's entries and upem from its prepared tables.
func (f *Face) readTables() {
	f.entries, f.upem = f.tab.Entries(), int(f.tab.UnitsPerEm())
}

// ready reads f's tables if they are not read yet and returns f.
func (f *Face) ready() *Face {
	f.tablesRead.Do(f.readTables)
	return f
}

// hasGlyph marks an entry for a rune the face has; the low 16 bits of the
// entry are the advance width in font units.
const hasGlyph = tables.HasGlyph

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
func (f *Face) UnitsPerEm() int { return f.upem }

func (f *Face) entry(r rune) uint32 {
	if uint32(r) < 1<<16 {
		return f.entries.Entry(uint16(r))
	}
	return f.astral(r)
}

// astral is entry for a rune above the BMP, looked up in the font.
func (f *Face) astral(r rune) uint32 {
	if r > unicode.MaxRune || r < 0 {
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
	e := tables.Lookup(sf, b, f.UnitsPerEm(), r)
	f.bufs.Put(b)
	return e
}

// GlyphIndex returns the glyph that gopdf draws r with: the one its
// format 4 (BMP) or format 12 cmap lookup finds. ok is false for a rune
// that lookup does not find, which gopdf replaces with a space; a rune it
// finds may map to glyph 0 (.notdef). It reads the prepared tables, so
// gopdf need not parse the font's cmap (see render/pdf).
func (f *Face) GlyphIndex(r rune) (gid uint16, ok bool) {
	if uint32(r) < 1<<16 {
		return f.tab.Glyph(uint16(r))
	}
	return tables.Glyph12(f.Data, f.tab.Cmap12(), int(f.tab.NumGlyphs()), r)
}

// Metrics are the figures of a face's head, hhea, maxp, OS/2 and post
// tables that a PDF writer needs, as the font stores them (XHeight and
// CapHeight are 0 before OS/2 version 2).
type Metrics = tables.Metrics

// Metrics returns the figures of the face's tables.
func (f *Face) Metrics() Metrics { return f.tab.Metrics() }

// parseSFNT parses data with sfnt.
func parseSFNT(data []byte) (*sfnt.Font, error) {
	sf, err := sfnt.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("malformed font: %v", err)
	}
	return sf, nil
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
// embedded faces, an operator's font is prepared and parsed at once, so
// that a bad file is reported when it is named rather than when it is
// first drawn.
func newFace(name string, data []byte) (*Face, error) {
	if name == "" {
		return nil, errors.New("empty face name")
	}
	if err := checkTrueType(data); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	tab, err := tables.Build(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %v", name, ErrNotTrueType, err)
	}
	f := face(name, data, tab).ready()
	if _, err := f.sfnt(); err != nil {
		return nil, fmt.Errorf("%s: %w: %v", name, ErrNotTrueType, err)
	}
	return f, nil
}

// face returns the face of data with its prepared tables, not yet read
// (Face.ready).
func face(name string, data []byte, tab tables.Tables) *Face {
	return &Face{Name: name, Data: data, tab: tab, sfnt: sync.OnceValues(func() (*sfnt.Font, error) { return parseSFNT(data) })}
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
// Set. Each face is parsed when it is first used, once per process, and its
// prepared tables are read when the set first hands it out.
func Default() (*Set, error) { return loadDefault() }

var loadDefault = sync.OnceValues(func() (*Set, error) {
	s := &Set{embedded: make([]*Face, len(faceFiles))}
	byFile := make(map[string]*Face, len(faceFiles))
	for i, file := range faceFiles {
		// The embedded fonts and their prepared tables are checked by
		// the tests (TestPreparedTables rebuilds the tables from the
		// fonts), not at run time: checking reads their table
		// directories, cmaps and the tables' headers, pages of the
		// binary that a command using one face would not otherwise map.
		e := embeddedData[file]
		f := face(strings.TrimSuffix(file, ".ttf"), e.data, tables.Tables(e.tables))
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
	return s.chains[i][0].ready()
}

// Fallbacks returns the faces tried, in order, for a rune that the primary
// face of role lacks. The caller must not modify the returned slice.
func (s *Set) Fallbacks(role Role) []*Face {
	i := role.index()
	if i < 0 {
		return nil
	}
	for _, f := range s.chains[i][1:] {
		f.ready()
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
	for _, f := range faces {
		f.ready()
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
		if f.ready().Has(r) {
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
