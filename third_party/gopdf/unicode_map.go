package gopdf

import (
	"compress/zlib"
	"fmt"
	"io"
	"strconv"
	"unicode/utf16"
)

// UnicodeMap unicode map
type UnicodeMap struct {
	PtrToSubsetFontObj *SubsetFontObj
	getRoot            func() *GoPdf // Patched for Jixiao: for the compression level
	pdfProtection      *PDFProtection
}

func (u *UnicodeMap) init(funcGetRoot func() *GoPdf) {
	u.getRoot = funcGetRoot
}

func (u *UnicodeMap) setProtection(p *PDFProtection) {
	u.pdfProtection = p
}

func (u *UnicodeMap) protection() *PDFProtection {
	return u.pdfProtection
}

// SetPtrToSubsetFontObj set pointer to SubsetFontObj
func (u *UnicodeMap) SetPtrToSubsetFontObj(ptr *SubsetFontObj) {
	u.PtrToSubsetFontObj = ptr
}

func (u *UnicodeMap) getType() string {
	return "Unicode"
}

func (u *UnicodeMap) write(w io.Writer, objID int) error {
	//stream
	//characterToGlyphIndex := u.PtrToSubsetFontObj.CharacterToGlyphIndex
	prefix :=
		"/CIDInit /ProcSet findresource begin\n" +
			"12 dict begin\n" +
			"begincmap\n" +
			"/CIDSystemInfo << /Registry (Adobe)/Ordering (UCS)/Supplement 0>> def\n" +
			"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
	suffix := "endcmap CMapName currentdict /CMap defineresource pop end end"

	// Patched for Jixiao: the codes are the subset's CIDs
	// (subset_glyphs.go), written as bfchar entries in blocks of at most
	// 100 (the limit of PDF 32000 §9.10.3's CMap syntax), with runes above
	// the BMP as UTF-16 surrogate pairs.
	runes := u.PtrToSubsetFontObj.cidRunes()
	buff := GetBuffer()
	defer PutBuffer(buff)

	buff.WriteString(prefix)
	buff.WriteString("1 begincodespacerange\n<0000><FFFF>\nendcodespacerange\n")
	var block []int
	flush := func() {
		if len(block) == 0 {
			return
		}
		b := buff.AvailableBuffer()
		b = strconv.AppendInt(b, int64(len(block)), 10)
		b = append(b, " beginbfchar\n"...)
		for _, cid := range block {
			b = append(b, '<')
			b = appendHex4(b, uint16(cid))
			b = append(b, "><"...)
			for _, u := range utf16.Encode([]rune{runes[cid]}) {
				b = appendHex4(b, u)
			}
			b = append(b, ">\n"...)
		}
		b = append(b, "endbfchar\n"...)
		buff.Write(b)
		block = block[:0]
	}
	for cid, r := range runes {
		if r < 0 {
			continue
		}
		if block = append(block, cid); len(block) == 100 {
			flush()
		}
	}
	flush()
	buff.WriteString(suffix)
	buff.WriteString("\n")

	// Patched for Jixiao: compressed at the document's level, like the
	// other streams (a CJK subset's map is tens of kilobytes).
	io.WriteString(w, "<<\n")
	if u.getRoot != nil && u.getRoot().compressLevel != zlib.NoCompression {
		level := u.getRoot().compressLevel
		zbuff := GetBuffer()
		defer PutBuffer(zbuff)
		zw, err := getZlibWriter(zbuff, level)
		if err != nil {
			return err
		}
		defer putZlibWriter(zw, level)
		if _, err := zw.Write(buff.Bytes()); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		buff = zbuff
		io.WriteString(w, "/Filter /FlateDecode\n")
	}
	fmt.Fprintf(w, "/Length %d\n", buff.Len())
	io.WriteString(w, ">>\n")
	io.WriteString(w, "stream\n")
	if u.protection() != nil {
		tmp, err := rc4Cip(u.protection().objectkey(objID), buff.Bytes())
		if err != nil {
			return err
		}
		w.Write(tmp)
		//streambuff.WriteString("\n")
	} else {
		buff.WriteTo(w)
	}
	io.WriteString(w, "endstream\n")

	return nil
}
