package gopdf

import (
	"fmt"
	"io"
	"strconv"
)

// CIDFontObj is a CID-keyed font.
// cf. https://www.adobe.com/content/dam/acom/en/devnet/font/pdfs/5014.CIDFont_Spec.pdf
type CIDFontObj struct {
	PtrToSubsetFontObj        *SubsetFontObj
	indexObjSubfontDescriptor int
}

func (ci *CIDFontObj) init(funcGetRoot func() *GoPdf) {
}

// SetIndexObjSubfontDescriptor set  indexObjSubfontDescriptor
func (ci *CIDFontObj) SetIndexObjSubfontDescriptor(index int) {
	ci.indexObjSubfontDescriptor = index
}

func (ci *CIDFontObj) getType() string {
	return "CIDFont"
}

func (ci *CIDFontObj) write(w io.Writer, objID int) error {
	io.WriteString(w, "<<\n")
	fmt.Fprintf(w, "/BaseFont /%s\n", CreateEmbeddedFontSubsetName(ci.PtrToSubsetFontObj.GetFamily()))
	io.WriteString(w, "/CIDSystemInfo\n")
	io.WriteString(w, "<<\n")
	io.WriteString(w, "  /Ordering (Identity)\n")
	io.WriteString(w, "  /Registry (Adobe)\n")
	io.WriteString(w, "  /Supplement 0\n")
	io.WriteString(w, ">>\n")
	fmt.Fprintf(w, "/FontDescriptor %d 0 R\n", ci.indexObjSubfontDescriptor+1) //TODO fix
	io.WriteString(w, "/Subtype /CIDFontType2\n")
	io.WriteString(w, "/Type /Font\n")
	// Patched for Jixiao: CIDs are consecutive (subset_glyphs.go), and
	// only the widths other than the default of 1000 are listed, each
	// run of consecutive CIDs as one array: in CJK text nearly every
	// glyph is one em wide.
	b := []byte("/W [")
	gids := ci.PtrToSubsetFontObj.cidGlyphs()
	for cid := 0; cid < len(gids); {
		if ci.PtrToSubsetFontObj.GlyphIndexToPdfWidth(gids[cid]) == 1000 {
			cid++
			continue
		}
		b = strconv.AppendInt(b, int64(cid), 10)
		b = append(b, '[')
		for first := cid; cid < len(gids); cid++ {
			width := ci.PtrToSubsetFontObj.GlyphIndexToPdfWidth(gids[cid])
			if width == 1000 {
				break
			}
			if cid > first {
				b = append(b, ' ')
			}
			b = strconv.AppendUint(b, uint64(width), 10)
		}
		b = append(b, ']')
	}
	b = append(b, "]\n"...)
	w.Write(b)
	io.WriteString(w, ">>\n")
	return nil
}

// SetPtrToSubsetFontObj set PtrToSubsetFontObj
func (ci *CIDFontObj) SetPtrToSubsetFontObj(ptr *SubsetFontObj) {
	ci.PtrToSubsetFontObj = ptr
}
