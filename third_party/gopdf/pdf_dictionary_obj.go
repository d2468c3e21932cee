package gopdf

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// EntrySelectors entry selectors
var EntrySelectors = []int{
	0, 0, 1, 1, 2, 2,
	2, 2, 3, 3, 3, 3,
	3, 3, 3, 3, 4, 4,
	4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4,
}

// ErrNotSupportShortIndexYet not support none short index yet
var ErrNotSupportShortIndexYet = errors.New("not support none short index yet")

// PdfDictionaryObj pdf dictionary object
type PdfDictionaryObj struct {
	PtrToSubsetFontObj *SubsetFontObj
	getRoot            func() *GoPdf
	pdfProtection      *PDFProtection

	// Patched for Jixiao: the stream made by prepareStream, if any.
	stream    *bytes.Buffer
	streamLen int
	streamErr error
}

func (p *PdfDictionaryObj) init(funcGetRoot func() *GoPdf) {
	p.getRoot = funcGetRoot
}

func (p *PdfDictionaryObj) setProtection(pr *PDFProtection) {
	p.pdfProtection = pr
}

func (p *PdfDictionaryObj) protection() *PDFProtection {
	return p.pdfProtection
}

// makeStream returns the compressed font program, in a buffer from
// GetBuffer, and its length before compression.
func (p *PdfDictionaryObj) makeStream() (*bytes.Buffer, int, error) {
	// Patched for Jixiao: only the used glyphs, renumbered (subset_glyphs.go).
	b, err := p.PtrToSubsetFontObj.makeSubsetFont()
	if err != nil {
		//log.Panicf("%s", err.Error())
		return nil, 0, err
	}

	//zipvar buff bytes.Buffer
	zbuff := GetBuffer()

	// Patched for Jixiao: honour the document's compression level for
	// font streams too (upstream always uses the default level, which
	// dominates the time to write a document with CJK fonts).
	level := zlib.DefaultCompression
	if p.getRoot != nil {
		level = p.getRoot().compressLevel
	}
	gzipwriter, err := getZlibWriter(zbuff, level)
	if err != nil {
		PutBuffer(zbuff)
		return nil, 0, err
	}
	defer putZlibWriter(gzipwriter, level)
	if _, err = gzipwriter.Write(b); err != nil {
		PutBuffer(zbuff)
		return nil, 0, err
	}
	if err := gzipwriter.Close(); err != nil {
		PutBuffer(zbuff)
		return nil, 0, err
	}
	return zbuff, len(b), nil
}

// prepareStream makes the stream ahead of write (see prepareStreams).
func (p *PdfDictionaryObj) prepareStream() {
	p.stream, p.streamLen, p.streamErr = p.makeStream()
}

func (p *PdfDictionaryObj) write(w io.Writer, objID int) error {
	// Patched for Jixiao: the stream may have been made already, by
	// prepareStreams on another goroutine.
	zbuff, n, err := p.stream, p.streamLen, p.streamErr
	p.stream, p.streamErr = nil, nil
	if zbuff == nil && err == nil {
		zbuff, n, err = p.makeStream()
	}
	if err != nil {
		return err
	}
	defer PutBuffer(zbuff)

	fmt.Fprintf(w, "<</Length %d\n", zbuff.Len())
	io.WriteString(w, "/Filter /FlateDecode\n")
	fmt.Fprintf(w, "/Length1 %d\n", n)
	io.WriteString(w, ">>\n")
	io.WriteString(w, "stream\n")
	if p.protection() != nil {
		tmp, err := rc4Cip(p.protection().objectkey(objID), zbuff.Bytes())
		if err != nil {
			return err
		}
		w.Write(tmp)
		//p.buffer.WriteString("\n")
	} else {
		w.Write(zbuff.Bytes())
	}
	io.WriteString(w, "\nendstream\n")

	return nil
}

func (p *PdfDictionaryObj) getType() string {
	return "PdfDictionary"
}

// SetPtrToSubsetFontObj set subsetFontObj pointer
func (p *PdfDictionaryObj) SetPtrToSubsetFontObj(ptr *SubsetFontObj) {
	p.PtrToSubsetFontObj = ptr
}

// AddCompositeGlyphs add composite glyph
// composite glyph is a Unicode entity that can be defined as a sequence of one or more other characters.
func (p *PdfDictionaryObj) AddCompositeGlyphs(glyphArray *[]int, glyph int) {
	start := p.GetOffset(int(glyph))
	if start == p.GetOffset(int(glyph)+1) {
		return
	}

	offset := start
	ttfp := p.PtrToSubsetFontObj.GetTTFParser()
	fontData := ttfp.FontData()
	numContours, step := ReadShortFromByte(fontData, offset)
	offset += step
	if numContours >= 0 {
		return
	}

	offset += 8
	for {
		flags, step1 := ReadUShortFromByte(fontData, offset)
		offset += step1
		cGlyph, step2 := ReadUShortFromByte(fontData, offset)
		offset += step2
		//check cGlyph is contain in glyphArray?
		glyphContainsKey := false
		for _, g := range *glyphArray {
			if g == int(cGlyph) {
				glyphContainsKey = true
				break
			}
		}
		if !glyphContainsKey {
			*glyphArray = append(*glyphArray, int(cGlyph))
		}

		if (flags & moreComponents) == 0 {
			return
		}
		offsetAppend := 4
		if (flags & arg1and2areWords) == 0 {
			offsetAppend = 2
		}
		if (flags & hasScale) != 0 {
			offsetAppend += 2
		} else if (flags & xAndYScale) != 0 {
			offsetAppend += 4
		}
		if (flags & twoByTwo) != 0 {
			offsetAppend += 8
		}
		offset += offsetAppend
	}
}

const hasScale = 8
const moreComponents = 32
const arg1and2areWords = 1
const xAndYScale = 64
const twoByTwo = 128

// GetOffset get offset from glyf table
func (p *PdfDictionaryObj) GetOffset(glyph int) int {
	ttfp := p.PtrToSubsetFontObj.GetTTFParser()
	glyf := ttfp.GetTables()["glyf"]
	// Patched for Jixiao: loca is read through LocaEntry, which a
	// prepared font reads in place.
	start, _ := ttfp.LocaEntry(uint(glyph))
	offset := int(glyf.Offset + start)
	return offset
}

// CheckSum check sum
//
// Patched for Jixiao: the sum of the data's big-endian 32-bit words, a
// word at a time rather than a byte at a time (it is taken of every
// subset font program, table by table), with a short last word padded
// with zeros, where upstream read past the end.
func CheckSum(data []byte) uint {
	var sum uint32
	for len(data) >= 4 {
		sum += binary.BigEndian.Uint32(data)
		data = data[4:]
	}
	if len(data) > 0 {
		var last [4]byte
		copy(last[:], data)
		sum += binary.BigEndian.Uint32(last[:])
	}
	return uint(sum)
}
