package fonts

import (
	"errors"
	"fmt"

	"github.com/jixiao/jixiao/fonts/internal/tables"
)

// ErrNotTrueType is wrapped by the errors of [NewFace], [LoadFile] and
// [Set.Override] for data that is not a single TrueType-outline font that
// gopdf can embed.
var ErrNotTrueType = errors.New("not a TrueType font")

// requiredTables are the tables that gopdf's TrueType parser reads.
var requiredTables = []string{"head", "hhea", "maxp", "hmtx", "cmap", "name", "OS/2", "post", "loca", "glyf"}

// checkTrueType returns an error wrapping ErrNotTrueType unless data is a
// TrueType font as gopdf expects it: sfnt version 0x00010000, glyf outlines
// and no CFF table, every table gopdf reads, and a Windows Unicode BMP cmap
// subtable (platform 3, encoding 1) in format 4.
func checkTrueType(data []byte) error {
	if len(data) < 12 {
		return fmt.Errorf("%w: only %d bytes", ErrNotTrueType, len(data))
	}
	switch tag := string(data[:4]); tag {
	case "\x00\x01\x00\x00":
	case "OTTO":
		return fmt.Errorf("%w: it is a CFF-based OpenType font (OTTO); gopdf embeds only TrueType (glyf) outlines", ErrNotTrueType)
	case "ttcf":
		return fmt.Errorf("%w: it is a font collection (.ttc); supply a single TrueType font", ErrNotTrueType)
	case "wOFF", "wOF2":
		return fmt.Errorf("%w: it is a compressed web font (%s); supply the .ttf", ErrNotTrueType, tag)
	case "true":
		return fmt.Errorf("%w: sfnt version 'true' (old Apple TrueType) is not accepted by gopdf", ErrNotTrueType)
	default:
		return fmt.Errorf("%w: unrecognised signature %q", ErrNotTrueType, tag)
	}

	tables, err := tableDirectory(data)
	if err != nil {
		return err
	}
	if _, ok := tables["CFF "]; ok {
		return fmt.Errorf("%w: it has CFF outlines; gopdf embeds only TrueType (glyf) outlines", ErrNotTrueType)
	}
	if _, ok := tables["CFF2"]; ok {
		return fmt.Errorf("%w: it has CFF2 outlines; gopdf embeds only TrueType (glyf) outlines", ErrNotTrueType)
	}
	for _, tag := range requiredTables {
		if _, ok := tables[tag]; !ok {
			return fmt.Errorf("%w: no %q table", ErrNotTrueType, tag)
		}
	}
	return checkCmap(tables["cmap"])
}

// tableDirectory returns the tables of the font data by tag. The slices
// share data's memory.
func tableDirectory(data []byte) (map[string][]byte, error) {
	dir, err := tables.Directory(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotTrueType, err)
	}
	return dir, nil
}

// checkCmap checks that the cmap table has a platform 3, encoding 1 subtable
// in format 4, the one that gopdf reads. Like gopdf, it uses the last such
// encoding record.
func checkCmap(cmap []byte) error {
	if _, err := tables.Format4(cmap); err != nil {
		return fmt.Errorf("%w: %v", ErrNotTrueType, err)
	}
	return nil
}
