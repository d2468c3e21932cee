// Package pades signs a finished PDF: it appends an incremental update
// holding a PAdES baseline B-B signature (ETSI EN 319 142-1: a detached
// CMS over the byte range, with the signing certificate attribute) and,
// optionally, the seal image stamped at given places. The signed bytes
// are the writer's bytes unchanged, so whatever the writer promised
// (PDF/A among it) still holds. Verify checks such signatures.
package pades

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"
	"unicode/utf16"

	"github.com/jixiao/jixiao/sign"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

func init() {
	// pdfcpu otherwise writes a configuration directory on first use;
	// this package only reads the structure of a PDF.
	model.ConfigPath = "disable"
}

// Stamp is a visible seal: the seal image drawn in Rect (lower left x
// and y, upper right x and y, in points from the lower left corner) of
// a page counted from 0.
type Stamp struct {
	Page int
	Rect [4]float64
}

// Options describe a signature.
type Options struct {
	// Time is the signing time; zero means sign.Time(), which follows
	// SOURCE_DATE_EPOCH.
	Time time.Time
	// Reason and Location are shown by readers beside the signature.
	Reason, Location string
	// Seal is the picture drawn at each of Stamps; the signature field
	// is the first stamp. Without stamps the signature is invisible.
	Seal   *Image
	Stamps []Stamp
	// TSA, when set, time-stamps the signature (PAdES B-T).
	TSA Timestamper
}

// Timestamper gets a time-stamp token (RFC 3161) over a SHA-256 digest,
// as *tsa.Client does from a time-stamping authority.
type Timestamper interface {
	Timestamp(ctx context.Context, digest []byte) ([]byte, error)
}

// ErrPDF reports a PDF that cannot be signed.
var ErrPDF = errors.New("sign pdf")

// Sign returns pdf with a signature by s appended.
func Sign(ctx context.Context, pdf []byte, s sign.Signer, opts Options) ([]byte, error) {
	chain := s.Chain()
	if len(chain) == 0 {
		return nil, fmt.Errorf("%w: the signer has no certificate", ErrPDF)
	}
	if alg, err := sign.AlgorithmOf(chain[0].PublicKey); err != nil {
		return nil, err
	} else if alg == sign.SM2 {
		return nil, fmt.Errorf("%w: PDF readers do not verify SM2 signatures; sign PDFs with an RSA or ECDSA key, OFD with SM2", ErrPDF)
	}
	t := opts.Time
	if t.IsZero() {
		var err error
		if t, err = sign.Time(); err != nil {
			return nil, err
		}
	}
	if err := sign.CheckValidity(chain, t); err != nil {
		return nil, err
	}
	if len(opts.Stamps) > 0 && opts.Seal == nil {
		return nil, fmt.Errorf("%w: stamps without a seal image", ErrPDF)
	}
	doc, err := read(pdf)
	if err != nil {
		return nil, err
	}
	room := contentsSize(s)
	if opts.TSA != nil {
		room += tokenRoom
	}
	for {
		u := &update{base: pdf, next: doc.size}
		if err := u.build(doc, chain[0].Subject.CommonName, t, opts, room); err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, context.Cause(ctx)
		}
		out, err := u.sign(ctx, s, opts.TSA)
		var small *roomError
		if errors.As(err, &small) && opts.TSA != nil && room < small.need {
			// An authority whose token carries a long chain: sign again
			// with the room the token took.
			room = small.need + 512
			continue
		}
		return out, err
	}
}

// contentsSize is the room left for the CMS signature: the certificates
// it carries, the issuer name twice, and a margin for the signature
// value and the attributes.
func contentsSize(s sign.Signer) int {
	n := 2048
	for _, c := range s.Chain() {
		n += len(c.Raw)
	}
	return n + 2*len(s.Chain()[0].RawIssuer)
}

// tokenRoom is the room first left for a time-stamp token: its
// TSTInfo, signature and attributes, and the authority's certificate
// and one or two issuers'.
const tokenRoom = 6144

// roomError reports a signature larger than the room left for it.
type roomError struct{ need int }

func (e *roomError) Error() string {
	return fmt.Sprintf("%v: the signature (%d bytes) outgrew its room", ErrPDF, e.need)
}

// document is what the update needs of the signed PDF.
type document struct {
	ctx      *model.Context
	trailer  types.Dict
	prevXref int
	size     int
	// xrefStream is set when the PDF ends with a cross-reference stream
	// (as a tagged PDF with its structure in object streams does): the
	// update then ends with one too.
	xrefStream bool
}

func read(pdf []byte) (*document, error) {
	start := bytes.LastIndex(pdf, []byte("startxref"))
	if start < 0 {
		return nil, fmt.Errorf("%w: not a PDF, or truncated (no startxref)", ErrPDF)
	}
	fields := bytes.Fields(pdf[start+len("startxref"):])
	if len(fields) == 0 {
		return nil, fmt.Errorf("%w: truncated after startxref", ErrPDF)
	}
	prev, err := strconv.Atoi(string(fields[0]))
	if err != nil || prev < 0 || prev >= len(pdf) {
		return nil, fmt.Errorf("%w: bad startxref offset %q", ErrPDF, fields[0])
	}
	ctx, err := readContext(pdf)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrPDF, err)
	}
	var trailer types.Dict
	stream := !bytes.HasPrefix(pdf[prev:], []byte("xref"))
	if stream {
		// The trailer's entries are in the stream's dictionary; those
		// an update keeps are known to the reader.
		if ctx.Root == nil || ctx.Size == nil {
			return nil, fmt.Errorf("%w: no cross-reference table or stream at startxref", ErrPDF)
		}
		trailer = types.Dict{"Root": *ctx.Root, "Size": types.Integer(*ctx.Size)}
		if ctx.Info != nil {
			trailer["Info"] = *ctx.Info
		}
		if ctx.ID != nil {
			trailer["ID"] = ctx.ID
		}
	} else {
		tr := bytes.LastIndex(pdf[:start], []byte("trailer"))
		if tr < prev {
			return nil, fmt.Errorf("%w: no trailer", ErrPDF)
		}
		text := string(pdf[tr+len("trailer") : start])
		obj, err := model.ParseObject(&text)
		var ok bool
		trailer, ok = obj.(types.Dict)
		if err != nil || !ok {
			return nil, fmt.Errorf("%w: unreadable trailer", ErrPDF)
		}
	}
	if err := ctx.EnsurePageCount(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrPDF, err)
	}
	if ctx.Encrypt != nil {
		return nil, fmt.Errorf("%w: the PDF is encrypted", ErrPDF)
	}
	size := trailer.IntEntry("Size")
	if size == nil || *size <= 0 {
		return nil, fmt.Errorf("%w: the trailer has no /Size", ErrPDF)
	}
	return &document{ctx: ctx, trailer: trailer, prevXref: prev, size: *size, xrefStream: stream}, nil
}

// update is an incremental update being written.
type update struct {
	base    []byte
	buf     bytes.Buffer
	offsets map[int]int // object number → offset in the whole file
	next    int         // the next free object number
	// contents and byteRange are the offsets of the signature's
	// placeholders in buf.
	contents, contentsLen, byteRange int
}

const byteRangeWidth = 48 // "0 a b c" padded; four numbers of up to 11 digits fit

func (u *update) alloc() int {
	n := u.next
	u.next++
	return n
}

// object writes object num with the given body.
func (u *update) object(num int, body ...string) {
	u.offsets[num] = len(u.base) + u.buf.Len()
	fmt.Fprintf(&u.buf, "%d 0 obj\n", num)
	for _, b := range body {
		u.buf.WriteString(b)
	}
	u.buf.WriteString("\nendobj\n")
}

func (u *update) stream(num int, dict string, data []byte) {
	u.object(num, fmt.Sprintf("<<%s /Length %d>>\nstream\n", dict, len(data)), string(data), "\nendstream")
}

func (u *update) build(doc *document, signer string, t time.Time, opts Options, room int) error {
	u.offsets = map[int]int{}
	if len(u.base) > 0 && u.base[len(u.base)-1] != '\n' {
		u.buf.WriteByte('\n')
	}
	catalog, err := doc.ctx.Catalog()
	if err != nil {
		return fmt.Errorf("%w: %v", ErrPDF, err)
	}
	if _, ok := catalog.Find("AcroForm"); ok {
		return fmt.Errorf("%w: the PDF has a form or a signature already", ErrPDF)
	}
	for _, st := range opts.Stamps {
		if st.Page < 0 || st.Page >= doc.ctx.PageCount {
			return fmt.Errorf("%w: a stamp on page %d of a %d-page document", ErrPDF, st.Page+1, doc.ctx.PageCount)
		}
	}
	sigNum, fieldNum := u.alloc(), u.alloc()
	annots := map[int][]int{} // page → annotation numbers
	var forms []int
	if len(opts.Stamps) > 0 {
		img := u.image(opts.Seal)
		for _, st := range opts.Stamps {
			w, h := st.Rect[2]-st.Rect[0], st.Rect[3]-st.Rect[1]
			form := u.alloc()
			u.stream(form, fmt.Sprintf(" /Type /XObject /Subtype /Form /BBox [0 0 %s %s] /Resources << /XObject << /Seal %d 0 R >> >>",
				num(w), num(h), img), fmt.Appendf(nil, "q %s 0 0 %s 0 0 cm /Seal Do Q", num(w), num(h)))
			forms = append(forms, form)
		}
	}

	fieldPage, rect, ap := 0, "[0 0 0 0]", ""
	if len(opts.Stamps) > 0 {
		fieldPage, rect, ap = opts.Stamps[0].Page, rectString(opts.Stamps[0].Rect), fmt.Sprintf(" /AP << /N %d 0 R >>", forms[0])
	}
	pageRef := func(i int) (*types.IndirectRef, types.Dict, error) {
		d, ref, _, err := doc.ctx.PageDict(i+1, false)
		if err != nil || ref == nil {
			return nil, nil, fmt.Errorf("%w: page %d: %v", ErrPDF, i+1, err)
		}
		return ref, d, nil
	}
	ref, _, err := pageRef(fieldPage)
	if err != nil {
		return err
	}
	tags, err := readStructure(doc.ctx, catalog)
	if err != nil {
		return err
	}
	// tag tags an annotation when the PDF is tagged: the keys that give
	// its structure parent and its alternative description.
	tag := func(kind string, annot int, page *types.IndirectRef, altKey, alt string) string {
		d := fmt.Sprintf(" /%s %s", altKey, textString(alt))
		if tags != nil {
			d += fmt.Sprintf(" /StructParent %d", tags.add(u, kind, annot, *page, alt))
		}
		return d
	}

	u.offsets[sigNum] = len(u.base) + u.buf.Len()
	fmt.Fprintf(&u.buf, "%d 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [", sigNum)
	u.byteRange = u.buf.Len()
	u.buf.Write(bytes.Repeat([]byte{' '}, byteRangeWidth))
	u.buf.WriteString("] /Contents <")
	u.contents = u.buf.Len() - 1
	u.buf.Write(bytes.Repeat([]byte{'0'}, 2*room))
	u.buf.WriteString(">")
	u.contentsLen = u.buf.Len() - u.contents
	fmt.Fprintf(&u.buf, " /M (%s) /Name %s", pdfDate(t), textString(signer))
	if opts.Reason != "" {
		fmt.Fprintf(&u.buf, " /Reason %s", textString(opts.Reason))
	}
	if opts.Location != "" {
		fmt.Fprintf(&u.buf, " /Location %s", textString(opts.Location))
	}
	u.buf.WriteString(" >>\nendobj\n")

	u.object(fieldNum, fmt.Sprintf("<< /Type /Annot /Subtype /Widget /FT /Sig /T %s /V %d 0 R /F 132 /Rect %s /P %s%s%s >>",
		textString("Signature1"), sigNum, rect, ref.PDFString(), ap, tag("Form", fieldNum, ref, "TU", "电子签名："+signer)))
	annots[fieldPage] = append(annots[fieldPage], fieldNum)
	for i, st := range opts.Stamps[min(1, len(opts.Stamps)):] {
		ref, _, err := pageRef(st.Page)
		if err != nil {
			return err
		}
		n := u.alloc()
		u.object(n, fmt.Sprintf("<< /Type /Annot /Subtype /Stamp /Rect %s /F 132 /P %s /AP << /N %d 0 R >>%s >>",
			rectString(st.Rect), ref.PDFString(), forms[i+1], tag("Annot", n, ref, "Contents", "电子印章："+signer)))
		annots[st.Page] = append(annots[st.Page], n)
	}

	for page := range doc.ctx.PageCount {
		nums := annots[page]
		if len(nums) == 0 {
			continue
		}
		ref, d, err := pageRef(page)
		if err != nil {
			return err
		}
		d = d.Clone().(types.Dict)
		var arr types.Array
		if o, ok := d.Find("Annots"); ok {
			o, err := doc.ctx.Dereference(o)
			if err != nil {
				return fmt.Errorf("%w: page %d annotations: %v", ErrPDF, page+1, err)
			}
			if a, ok := o.(types.Array); ok {
				arr = append(arr, a...)
			}
		}
		for _, n := range nums {
			arr = append(arr, *types.NewIndirectRef(n, 0))
		}
		d.Update("Annots", arr)
		// Annotations are visited in the order of the structure (PDF/UA).
		d.Update("Tabs", types.Name("S"))
		u.object(ref.ObjectNumber.Value(), d.PDFString())
	}
	if tags != nil {
		tags.write(u)
	}
	catalog = catalog.Clone().(types.Dict)
	catalog.Insert("AcroForm", types.Dict{"Fields": types.Array{*types.NewIndirectRef(fieldNum, 0)}, "SigFlags": types.Integer(3)})
	u.object(doc.ctx.Root.ObjectNumber.Value(), catalog.PDFString())

	u.xref(doc)
	return nil
}

// xref writes the update's cross-reference section and trailer.
func (u *update) xref(doc *document) {
	if doc.xrefStream {
		u.xrefStream(doc)
		return
	}
	start := len(u.base) + u.buf.Len()
	u.buf.WriteString("xref\n")
	for _, run := range u.sections() {
		fmt.Fprintf(&u.buf, "%d %d\n", run[0], len(run))
		for _, n := range run {
			fmt.Fprintf(&u.buf, "%010d 00000 n \n", u.offsets[n])
		}
	}
	tr := u.trailer(doc)
	fmt.Fprintf(&u.buf, "trailer\n%s\nstartxref\n%d\n%%%%EOF\n", tr.PDFString(), start)
}

// sections are the numbers of the update's objects, in order, cut into
// runs of consecutive numbers: the subsections of its cross-reference
// section.
func (u *update) sections() [][]int {
	nums := make([]int, 0, len(u.offsets))
	for n := range u.offsets {
		nums = append(nums, n)
	}
	slices.Sort(nums)
	var runs [][]int
	for i := 0; i < len(nums); {
		j := i + 1
		for j < len(nums) && nums[j] == nums[j-1]+1 {
			j++
		}
		runs = append(runs, nums[i:j])
		i = j
	}
	return runs
}

// trailer is the update's trailer: the document's, with the new size and
// the previous section's place.
func (u *update) trailer(doc *document) types.Dict {
	tr := doc.trailer.Clone().(types.Dict)
	tr.Delete("Prev")
	tr.Delete("XRefStm")
	tr.Update("Size", types.Integer(u.next))
	tr.Insert("Prev", types.Integer(doc.prevXref))
	return tr
}

// xrefStream writes the update's cross-reference section as a stream
// (ISO 32000 §7.5.8), for a PDF whose last section is one.
func (u *update) xrefStream(doc *document) {
	num := u.alloc()
	start := len(u.base) + u.buf.Len()
	u.offsets[num] = start
	index := types.Array{}
	var data []byte
	for _, run := range u.sections() {
		index = append(index, types.Integer(run[0]), types.Integer(len(run)))
		for _, n := range run {
			off := u.offsets[n]
			data = append(data, 1, byte(off>>24), byte(off>>16), byte(off>>8), byte(off), 0, 0)
		}
	}
	tr := u.trailer(doc)
	tr.Insert("Type", types.Name("XRef"))
	tr.Insert("W", types.Array{types.Integer(1), types.Integer(4), types.Integer(2)})
	tr.Insert("Index", index)
	tr.Insert("Length", types.Integer(len(data)))
	fmt.Fprintf(&u.buf, "%d 0 obj\n%s\nstream\n", num, tr.PDFString())
	u.buf.Write(data)
	fmt.Fprintf(&u.buf, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", start)
}

// sign fills the byte range and the signature in.
func (u *update) sign(ctx context.Context, s sign.Signer, ts Timestamper) ([]byte, error) {
	out := append(append(make([]byte, 0, len(u.base)+u.buf.Len()), u.base...), u.buf.Bytes()...)
	a := len(u.base) + u.contents
	b := a + u.contentsLen
	br := fmt.Sprintf("0 %d %d %d", a, b, len(out)-b)
	copy(out[len(u.base)+u.byteRange:], br)
	digest, err := sign.DataHash(s.Chain()[0], out[:a], out[b:])
	if err != nil {
		return nil, err
	}
	cms, err := signedData(ctx, s, digest, ts)
	if err != nil {
		return nil, err
	}
	if 2*len(cms) > u.contentsLen-2 {
		return nil, &roomError{need: len(cms)}
	}
	hex.Encode(out[a+1:], cms)
	return out, nil
}

func pdfDate(t time.Time) string {
	return t.UTC().Format("D:20060102150405+00'00'")
}

// textString encodes s as a PDF text string: UTF-16BE with a byte order
// mark, in hexadecimal.
func textString(s string) string {
	return "<" + textHex(s) + ">"
}

// textHex is a PDF text string's bytes in hexadecimal: UTF-16BE with a
// byte order mark.
func textHex(s string) string {
	var b bytes.Buffer
	b.WriteString("FEFF")
	for _, c := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", c)
	}
	return b.String()
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func rectString(r [4]float64) string {
	return fmt.Sprintf("[%s %s %s %s]", num(r[0]), num(r[1]), num(r[2]), num(r[3]))
}

// readContext reads the cross-reference table and objects of pdf. It
// calls pdfcpu's reader rather than its api package, which would link
// pdfcpu's form filling and with it a width table built at every
// process start (about 20 ms on one core, for every jixiao command); and
// it turns a panic of the reader on a damaged file into an error, as the
// api package does.
func readContext(pdf []byte) (ctx *model.Context, err error) {
	defer func() {
		if r := recover(); r != nil {
			ctx, err = nil, fmt.Errorf("unreadable PDF: %v", r)
		}
	}()
	return pdfcpu.Read(bytes.NewReader(pdf), model.NewDefaultConfiguration())
}
