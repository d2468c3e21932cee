package pdf

import (
	"bytes"
	"crypto/md5"
	"crypto/sha256"
	"encoding/binary"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strings"
	"sync"
	"time"
	"unicode/utf16"

	"github.com/jixiao/jixiao/render"
	"github.com/jixiao/jixiao/render/layout"
	"github.com/klauspost/compress/zlib"
	"github.com/signintech/gopdf"
)

// Conformance is what a PDF claims to conform to, in its XMP metadata.
type Conformance struct {
	// PDFA is the part and level of ISO 19005 (PDF/A), as "3A"; "" for none.
	PDFA string
	// PDFUA is the part of ISO 14289 (PDF/UA); 0 for none.
	PDFUA int
}

// archival writes what ISO 19005-3 asks of a document beyond its pages:
// the XMP metadata in step with the document information, the sRGB
// output intent, the embedded source data as an associated file and the
// file identifier. Its objects are added after the pages.
type archival struct {
	info     gopdf.PdfInfo
	language string
	conform  Conformance
	source   []byte
	// done is closed when the compressed source, its checksum and the
	// file identifier, made while the pages are painted, are set.
	done       chan struct{}
	compressed []byte
	sum        [md5.Size]byte
	id         []byte
}

// start compresses the source data and works out the file identifier of
// the document of res on a goroutine of its own: a few milliseconds for
// a whole disclosure, which a second core takes off the render's time.
func (a *archival) start(res *layout.Result) {
	a.done = make(chan struct{})
	go func() {
		defer close(a.done)
		if a.source != nil {
			a.compressed = deflateSource(a.source)
			a.sum = md5.Sum(a.source)
		}
		a.id = fileID(a.info, a.compressed, res)
	}()
}

// setUp adds the objects to pdf and returns the catalog entries that
// refer to them. It waits for start's work.
func (a *archival) setUp(pdf *gopdf.GoPdf) string {
	<-a.done
	var cat strings.Builder
	meta := a.xmp()
	id := pdf.AddObject(func(w io.Writer) error {
		_, err := fmt.Fprintf(w, "<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n%s\nendstream\n", len(meta), meta)
		return err
	})
	fmt.Fprintf(&cat, "/Metadata %d 0 R\n", id)
	icc := pdf.AddObject(func(w io.Writer) error {
		return writeStream(w, "/N 3", iccStream())
	})
	fmt.Fprintf(&cat, "  /OutputIntents [<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier (%s) /Info (%s) /DestOutputProfile %d 0 R >>]\n",
		sRGBDescription, sRGBDescription, icc)
	if a.source != nil {
		params := fmt.Sprintf("/Type /EmbeddedFile /Subtype /%s /Params << /Size %d /CheckSum <%X>%s >>",
			strings.ReplaceAll(render.SourceType, "/", "#2F"), len(a.source), a.sum, pdfDate(" /ModDate", a.info.ModDate))
		ef := pdf.AddObject(func(w io.Writer) error { return writeStream(w, params, a.compressed) })
		fs := pdf.AddObject(func(w io.Writer) error {
			_, err := fmt.Fprintf(w, "<< /Type /Filespec /F (%s) /UF %s /Desc %s /AFRelationship /Source /EF << /F %d 0 R /UF %d 0 R >> >>\n",
				render.SourceName, textString(render.SourceName), textString("绩效评价数据 (the evaluation data)"), ef, ef)
			return err
		})
		fmt.Fprintf(&cat, "  /AF [%d 0 R]\n  /Names << /EmbeddedFiles << /Names [(%s) %d 0 R] >> >>\n", fs, render.SourceName, fs)
	}
	// /ViewerPreferences << /DisplayDocTitle true >>, which PDF/UA asks
	// for, is gopdf's for every document with a title.
	return strings.TrimSuffix(cat.String(), "\n")
}

// fileID is the trailer's /ID: a digest of the document's content (its
// information, source data, compressed, and every run of text with its
// place), the same for the same document, as ISO 32000 §14.4 lets it be
// made. A run's place and size are hashed as the page writes them, in
// hundredths and thousandths of a point, not as the bits of the float64s
// the layout computed: a compiler that fuses a multiply and an add (Go's
// on arm64, or on amd64 with GOAMD64=v3) moves those bits by an ulp, and
// the same document would have another /ID on another build.
func fileID(info gopdf.PdfInfo, source []byte, res *layout.Result) []byte {
	h := sha256.New()
	for _, s := range []string{info.Title, info.Author, info.Subject, info.Keywords} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	h.Write(source)
	var b []byte
	for i := range res.Pages {
		p := &res.Pages[i]
		b = b[:0]
		for _, r := range p.Runs {
			b = binary.AppendVarint(b, int64(math.Round(r.X*100)))
			b = binary.AppendVarint(b, int64(math.Round(r.Y*100)))
			b = binary.AppendVarint(b, int64(math.Round(r.Size*1000)))
			b = binary.AppendUvarint(b, uint64(len(r.Face.Name)))
			b = append(b, r.Face.Name...)
			b = binary.AppendUvarint(b, uint64(len(r.Text)))
			b = append(b, r.Text...)
		}
		b = binary.LittleEndian.AppendUint32(b, uint32(len(p.Rules)))
		h.Write(b)
	}
	return h.Sum(nil)[:16]
}

// xmp is the metadata stream: the document information and the
// conformance claims, with the extension schema PDF/A asks for the
// PDF/UA identification, which is not one of its predefined schemas.
func (a *archival) xmp() []byte {
	var b bytes.Buffer
	esc := func(s string) string {
		var e bytes.Buffer
		xml.EscapeText(&e, []byte(s))
		return e.String()
	}
	b.WriteString("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n")
	b.WriteString(`<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:format>application/pdf</dc:format>
`)
	fmt.Fprintf(&b, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">%s</rdf:li></rdf:Alt></dc:title>\n", esc(a.info.Title))
	if a.info.Author != "" {
		fmt.Fprintf(&b, "<dc:creator><rdf:Seq><rdf:li>%s</rdf:li></rdf:Seq></dc:creator>\n", esc(a.info.Author))
	}
	if a.info.Subject != "" {
		fmt.Fprintf(&b, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">%s</rdf:li></rdf:Alt></dc:description>\n", esc(a.info.Subject))
	}
	if a.language != "" {
		fmt.Fprintf(&b, "<dc:language><rdf:Bag><rdf:li>%s</rdf:li></rdf:Bag></dc:language>\n", esc(a.language))
	}
	b.WriteString("</rdf:Description>\n<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n")
	fmt.Fprintf(&b, "<pdf:Producer>%s</pdf:Producer>\n", esc(a.info.Producer))
	if a.info.Keywords != "" {
		fmt.Fprintf(&b, "<pdf:Keywords>%s</pdf:Keywords>\n", esc(a.info.Keywords))
	}
	b.WriteString("</rdf:Description>\n<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n")
	fmt.Fprintf(&b, "<xmp:CreatorTool>%s</xmp:CreatorTool>\n", esc(a.info.Creator))
	if !a.info.CreationDate.IsZero() {
		fmt.Fprintf(&b, "<xmp:CreateDate>%s</xmp:CreateDate>\n", a.info.CreationDate.Format(time.RFC3339))
	}
	if !a.info.ModDate.IsZero() {
		fmt.Fprintf(&b, "<xmp:ModifyDate>%s</xmp:ModifyDate>\n<xmp:MetadataDate>%s</xmp:MetadataDate>\n",
			a.info.ModDate.Format(time.RFC3339), a.info.ModDate.Format(time.RFC3339))
	}
	b.WriteString("</rdf:Description>\n")
	if c := a.conform.PDFA; c != "" {
		fmt.Fprintf(&b, "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n<pdfaid:part>%s</pdfaid:part>\n<pdfaid:conformance>%s</pdfaid:conformance>\n</rdf:Description>\n",
			c[:1], c[1:])
	}
	if a.conform.PDFUA > 0 {
		fmt.Fprintf(&b, "<rdf:Description rdf:about=\"\" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n<pdfuaid:part>%d</pdfuaid:part>\n</rdf:Description>\n", a.conform.PDFUA)
		b.WriteString(`<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates which part of ISO 14289 the file conforms to</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
`)
	}
	b.WriteString("</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>")
	return b.Bytes()
}

// pdfDate is " key (D:…)" for a set date, "" for a zero one.
func pdfDate(key string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return key + " (D:" + t.Format("20060102150405-07'00'") + ")"
}

// textString is s as a PDF text string: UTF-16BE with its byte order
// mark, in hexadecimal.
func textString(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

// writeStream writes a Flate-compressed stream object with the further
// dictionary entries dict.
func writeStream(w io.Writer, dict string, compressed []byte) error {
	if _, err := fmt.Fprintf(w, "<< %s /Filter /FlateDecode /Length %d >>\nstream\n", dict, len(compressed)); err != nil {
		return err
	}
	if _, err := w.Write(compressed); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\nendstream\n")
	return err
}

// sourceLevel is the compression level of the embedded data. Level 5
// packs the reference's 214 KB of JSON 0.7 KB larger than the default
// level 6 with 12% fewer instructions (13.2 M against 11.6 M);
// deflate's best, 3 KB smaller, takes four times as long
// (cmd/pdfstreams). The tagged reference stays within issue 24's +25%
// on the plain PDF (+24.78%).
const sourceLevel = 5

// sourceWriters are compressors at sourceLevel, reused: each holds
// about a megabyte of tables.
var sourceWriters = sync.Pool{New: func() any {
	zw, _ := zlib.NewWriterLevel(nil, sourceLevel)
	return zw
}}

func deflateSource(data []byte) []byte {
	var b bytes.Buffer
	b.Grow(len(data) / 4)
	zw := sourceWriters.Get().(*zlib.Writer)
	zw.Reset(&b)
	zw.Write(data)
	zw.Close()
	sourceWriters.Put(zw)
	return b.Bytes()
}

func deflate(data []byte, level int) []byte {
	var b bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&b, level)
	zw.Write(data)
	zw.Close()
	return b.Bytes()
}

// iccStream is the compressed sRGB profile, made once.
var iccStream = sync.OnceValue(func() []byte {
	return deflate(sRGBProfile(), zlib.BestCompression)
})
