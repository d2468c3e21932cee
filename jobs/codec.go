package jobs

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/jixiao/jixiao/batch"
	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/importer"
)

// A unit's inputs and its rendered outcome are stored as a sequence of
// records, each a JSON head and a body of bytes, both prefixed by their
// length: the head says what the body is, and a document's bytes are not
// escaped into JSON.

type inputHead struct {
	Source string `json:"source"`
	Size   int64  `json:"size"`
	// File is true for a workbook or document, to be imported.
	File     bool                `json:"file,omitempty"`
	Problems evaluation.Problems `json:"problems,omitempty"`
}

type renderedHead struct {
	// Entry is what names and counts the files (batch.Rendered); the
	// body begins with its Manifest bytes of encoding.
	Entry    batch.Entry `json:"entry"`
	Stem     string      `json:"stem"`
	Manifest int         `json:"manifest,omitempty"`
	Docs     []docHead   `json:"docs"`
}

type docHead struct {
	Format string `json:"format"`
	Pages  int    `json:"pages"`
	// Bytes is the length of the body: the document (batch.Pack), or with
	// Deflated its DEFLATE stream, as versions before stored it; CRC32 and
	// Size are the document's checksum and length.
	Bytes    int    `json:"bytes"`
	Deflated bool   `json:"deflated"`
	CRC32    uint32 `json:"crc32"`
	Size     int64  `json:"size"`
}

func writeRecord(w io.Writer, head any, bodies ...[]byte) error {
	h, err := json.Marshal(head)
	if err != nil {
		return err
	}
	var n [binary.MaxVarintLen64]byte
	size := 0
	for _, b := range bodies {
		size += len(b)
	}
	if _, err := w.Write(binary.AppendUvarint(binary.AppendUvarint(n[:0], uint64(len(h))), uint64(size))); err != nil {
		return err
	}
	if _, err := w.Write(h); err != nil {
		return err
	}
	for _, b := range bodies {
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// maxRecord bounds what a corrupt length could make a reader allocate.
const maxRecord = 1 << 30

// readRecord reads the next record into head and returns its body, or
// io.EOF after the last.
func readRecord(r *bufio.Reader, head any) ([]byte, error) {
	var buf []byte
	return readRecordInto(r, head, &buf)
}

// readRecordInto is readRecord reading into *buf, which it grows when
// the record needs it.
func readRecordInto(r *bufio.Reader, head any, bufp *[]byte) ([]byte, error) {
	hn, err := binary.ReadUvarint(r)
	if err != nil {
		return nil, err
	}
	bn, err := binary.ReadUvarint(r)
	if err != nil || hn > maxRecord || bn > maxRecord {
		return nil, errors.Join(errCorrupt, err)
	}
	if uint64(cap(*bufp)) < hn+bn {
		*bufp = make([]byte, hn+bn)
	}
	buf := (*bufp)[:hn+bn]
	if _, err := io.ReadFull(r, buf); err != nil {
		return nil, errors.Join(errCorrupt, err)
	}
	if err := json.Unmarshal(buf[:hn], head); err != nil {
		return nil, errors.Join(errCorrupt, err)
	}
	return buf[hn:], nil
}

var errCorrupt = errors.New("corrupt record")

// writeInput stores an input. A workbook or document (an item with
// Evaluate) is stored as its file, named by its source, which Data holds.
func writeInput(w io.Writer, it batch.Item) error {
	return writeRecord(w, inputHead{Source: it.Source, Size: it.Size, File: it.Evaluate != nil, Problems: it.Problems}, it.Data)
}

// readInputs reads the stored inputs of a unit; a workbook or document
// is imported, when evaluated, under ctx.
func readInputs(ctx context.Context, r io.Reader, imp importer.Options) ([]batch.Item, error) {
	br := bufio.NewReader(r)
	var items []batch.Item
	for {
		var h inputHead
		data, err := readRecord(br, &h)
		if err == io.EOF {
			return items, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read inputs: %w", err)
		}
		it := batch.Item{Source: h.Source, Size: h.Size, Problems: h.Problems, Data: data}
		if h.File {
			it.Evaluate = importer.EvaluatorContext(ctx, importer.File{Name: h.Source, Data: data}, imp)
			it.Data = nil
		}
		items = append(items, it)
	}
}

func writeRendered(w io.Writer, r batch.Rendered) error {
	h := renderedHead{Entry: r.Entry, Stem: r.Stem}
	bodies := make([][]byte, 0, 1+len(r.Docs))
	if r.Manifest != nil {
		// The figures and findings are in the manifest's bytes.
		h.Entry.Result, h.Entry.Findings, h.Entry.Skipped = nil, nil, nil
		h.Manifest = len(r.Manifest)
		bodies = append(bodies, r.Manifest)
	}
	for _, d := range r.Docs {
		h.Docs = append(h.Docs, docHead{Format: d.Format, Pages: d.Pages, Bytes: len(d.Data), Deflated: d.Deflated, CRC32: d.CRC32, Size: d.Size})
		bodies = append(bodies, d.Data)
	}
	return writeRecord(w, h, bodies...)
}

// readRendered calls fn with each rendered input of r in turn. The bytes
// fn is given are overwritten after it returns.
func readRendered(r io.Reader, fn func(batch.Rendered) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var buf []byte
	for {
		var h renderedHead
		body, err := readRecordInto(br, &h, &buf)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read rendered inputs: %w", err)
		}
		out := batch.Rendered{Entry: h.Entry, Stem: h.Stem}
		if h.Manifest > 0 {
			if h.Manifest > len(body) {
				return fmt.Errorf("read rendered inputs: %w", errCorrupt)
			}
			out.Manifest, body = body[:h.Manifest:h.Manifest], body[h.Manifest:]
		}
		for _, d := range h.Docs {
			if d.Bytes > len(body) {
				return fmt.Errorf("read rendered inputs: %w", errCorrupt)
			}
			data := body[:d.Bytes:d.Bytes]
			z := batch.Packed{Data: data, Deflated: true, CRC32: d.CRC32, Size: d.Size}
			if !d.Deflated {
				// The document as it is: its checksum is taken again, for
				// the units of a version whose heads had none.
				z = batch.Pack(data)
			}
			out.Docs = append(out.Docs, batch.Document{Format: d.Format, Pages: d.Pages, Packed: z})
			body = body[d.Bytes:]
		}
		if err := fn(out); err != nil {
			return err
		}
	}
}
