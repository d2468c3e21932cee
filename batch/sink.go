package batch

import (
	"archive/zip"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/jixiao/jixiao/internal/filename"
	"github.com/jixiao/jixiao/internal/zipstamp"
)

// A Sink stores the files of a batch, one after the other.
type Sink interface {
	// Create starts a file named by a slash-separated relative path; its
	// content is written to the returned writer until the next Create or
	// Close.
	Create(name string) (io.Writer, error)
	// Flush pushes what was written so far towards the reader.
	Flush() error
	// Close finishes the last file and the whole output.
	Close() error
}

// Zip is a Sink writing a ZIP archive to a stream as it goes: nothing is
// buffered beyond the compressor's window.
type Zip struct {
	zw       *zip.Writer
	w        io.Writer
	modified time.Time
}

// NewZip returns a Sink writing a ZIP archive to w, with every entry dated
// modified. Entries created are compressed at flate's best speed; a
// batch's documents are stored as they are, with the checksums the
// workers that rendered them took (see Packed); the manifest and the
// summary are compressed as they are written.
func NewZip(w io.Writer, modified time.Time) *Zip {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, newFlateWriter)
	return &Zip{zw: zw, w: w, modified: modified}
}

// flateWriters recycles compressors, which are large, across entries and
// archives, as archive/zip does for its own.
var flateWriters sync.Pool

func newFlateWriter(w io.Writer) (io.WriteCloser, error) {
	fw, ok := flateWriters.Get().(*flate.Writer)
	if ok {
		fw.Reset(w)
	} else {
		var err error
		if fw, err = flate.NewWriter(w, flate.BestSpeed); err != nil {
			return nil, err
		}
	}
	return &pooledFlateWriter{fw: fw}, nil
}

type pooledFlateWriter struct{ fw *flate.Writer }

func (w *pooledFlateWriter) Write(p []byte) (int, error) {
	if w.fw == nil {
		return 0, errors.New("zip: write to a closed entry")
	}
	return w.fw.Write(p)
}

func (w *pooledFlateWriter) Close() error {
	if w.fw == nil {
		return errors.New("zip: entry closed twice")
	}
	err := w.fw.Close()
	flateWriters.Put(w.fw)
	w.fw = nil
	return err
}

// Packed is a document as the entry of a ZIP archive holds it, with what
// the entry's header says of it.
//
// A batch's documents are stored in its archive as they are, not
// compressed again: a PDF's streams, an OFD's and a workbook's parts are
// compressed inside already, and deflating a whole PDF or workbook again
// made the archive larger (by 0.01% for synthetic disclosures) for 3 to
// 5% of a batch's processor time. Pack is the one way of every
// document into every archive, whether the batch is streamed (Run) or
// rendered in pieces and assembled later (RenderItem, Assembler), which
// is why the two give the same bytes.
type Packed struct {
	// Data is the entry's data: the document, or with Deflated its raw
	// DEFLATE stream (units stored by earlier versions of the jobs).
	Data     []byte
	Deflated bool
	// CRC32 and Size are the document's checksum and length.
	CRC32 uint32
	Size  int64
}

// Pack returns doc as a batch's archive stores it.
func Pack(doc []byte) Packed {
	return Packed{Data: doc, CRC32: crc32.ChecksumIEEE(doc), Size: int64(len(doc))}
}

// writePacked writes a packed document as it is. Its header is the one
// CreateHeader would write, less the data descriptor: the checksum and
// sizes are known before the data.
func (z *Zip) writePacked(name string, p Packed) error {
	if p.Size >= math.MaxUint32 || len(p.Data) >= math.MaxUint32 {
		return fmt.Errorf("zip %s: a document of %d bytes is too large for the archive", name, p.Size)
	}
	h := &zip.FileHeader{
		Name:               name,
		Method:             zip.Store,
		CreatorVersion:     20, // 2.0, as CreateHeader writes it
		ReaderVersion:      20,
		CRC32:              p.CRC32,
		CompressedSize64:   uint64(len(p.Data)),
		UncompressedSize64: uint64(p.Size),
	}
	if p.Deflated {
		h.Method = zip.Deflate
	}
	if needsUTF8(name) {
		h.Flags |= 0x800
	}
	zipstamp.Set(h, z.modified)
	if !h.Modified.IsZero() {
		// The extended timestamp, as CreateHeader adds it: the time in
		// seconds, which the MS-DOS date holds only to two.
		h.Extra = binary.LittleEndian.AppendUint16(h.Extra, 0x5455)
		h.Extra = binary.LittleEndian.AppendUint16(h.Extra, 5)
		h.Extra = append(h.Extra, 1)
		h.Extra = binary.LittleEndian.AppendUint32(h.Extra, uint32(h.Modified.Unix()))
	}
	w, err := z.zw.CreateRaw(h)
	if err != nil {
		return fmt.Errorf("zip %s: %w", name, err)
	}
	if _, err := w.Write(p.Data); err != nil {
		return fmt.Errorf("zip %s: %w", name, err)
	}
	return nil
}

// needsUTF8 reports whether name must be flagged as UTF-8: it holds a
// character that CP-437, and the local encodings readers take for it,
// do not share with ASCII (the rule of archive/zip's CreateHeader).
func needsUTF8(name string) bool {
	for _, r := range name {
		if r < 0x20 || r > 0x7d || r == 0x5c {
			return utf8.ValidString(name)
		}
	}
	return false
}

// Create implements Sink.
func (z *Zip) Create(name string) (io.Writer, error) {
	w, err := z.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: z.modified})
	if err != nil {
		return nil, fmt.Errorf("zip %s: %w", name, err)
	}
	return w, nil
}

// Flush writes out the archive's buffer and flushes w if it can be.
func (z *Zip) Flush() error {
	if err := z.zw.Flush(); err != nil {
		return fmt.Errorf("zip: %w", err)
	}
	switch f := z.w.(type) {
	case http.Flusher:
		f.Flush()
	case interface{ Flush() error }:
		return f.Flush()
	}
	return nil
}

// Close writes the archive's central directory. It does not close w.
func (z *Zip) Close() error {
	if err := z.zw.Close(); err != nil {
		return fmt.Errorf("zip: %w", err)
	}
	return nil
}

// Dir is a Sink writing files into a folder. Each file is written under a
// temporary name and renamed into place when it is complete, so an
// interrupted run leaves no half-written document.
type Dir struct {
	root string
	cur  *os.File
	dest string
}

// NewDir returns a Sink writing under dir, which it creates if needed.
func NewDir(dir string) (*Dir, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create output folder: %w", err)
	}
	return &Dir{root: dir}, nil
}

// Create implements Sink.
func (d *Dir) Create(name string) (io.Writer, error) {
	if err := d.commit(); err != nil {
		return nil, err
	}
	clean := path.Clean(name)
	if !filepath.IsLocal(filepath.FromSlash(clean)) {
		return nil, fmt.Errorf("create %s: not a local path", name)
	}
	dest := filepath.Join(d.root, filepath.FromSlash(clean))
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", name, err)
	}
	// The temporary name is short whatever the name's length: a name of
	// filename.Max bytes with a prefix and a random suffix would pass
	// the 255 bytes a file system takes.
	f, err := os.CreateTemp(filepath.Dir(dest), ".jixiao-*.tmp")
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", name, err)
	}
	d.cur, d.dest = f, dest
	return f, nil
}

// commit closes the current file and renames it into place.
func (d *Dir) commit() error {
	f := d.cur
	if f == nil {
		return nil
	}
	d.cur = nil
	err := f.Close()
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), d.dest)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("write %s: %w", d.dest, err)
	}
	return nil
}

// Flush implements Sink; files are committed when complete.
func (d *Dir) Flush() error { return nil }

// Close commits the last file.
func (d *Dir) Close() error { return d.commit() }

// Abort removes the file being written, for a run that stops half-way.
func (d *Dir) Abort() {
	if d.cur != nil {
		d.cur.Close()
		os.Remove(d.cur.Name())
		d.cur = nil
	}
}

// cleanName makes s usable as one path element in a ZIP archive and on
// every common file system: no separators, no reserved characters, no
// leading or trailing dots and spaces, at most filename.Max bytes.
func cleanName(s string) string {
	s = strings.Trim(filename.Clean(s), " .")
	if s == "" {
		return "未命名"
	}
	return filename.Truncate(s, filename.Max)
}
