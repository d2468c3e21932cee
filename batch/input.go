package batch

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/export"
)

// Item is one input of a batch: the bytes of one disclosure, or the
// problems that kept it from being cut out of the stream.
type Item struct {
	// Source tells where the input came from: "NAME:LINE" for a line of
	// NDJSON, "NAME[I]" for element I (from 0) of a JSON array, or NAME
	// for a whole file.
	Source string
	// Data is the JSON text of one disclosure; the item owns it.
	Data []byte
	// Evaluate, when set, evaluates the input in place of Data: a
	// workbook or document, imported as the batch reaches it
	// (importer.Evaluator), in a worker. Data then holds the file's
	// bytes, for a batch that stores its inputs (the jobs package).
	Evaluate func(*evaluation.Config) *evaluation.Report
	// Problems, when set, stand in for the evaluation: the input could
	// not be read (too large, or a syntax error the stream cannot recover
	// from).
	Problems evaluation.Problems
	// Size is the number of bytes of the stream the item took, for
	// progress reports.
	Size int64
}

// A Source yields the inputs of a batch one at a time. Next returns
// io.EOF after the last item, and any other error when the stream itself
// fails (a read error, a body over its limit): content problems are
// items, not errors.
type Source interface {
	Next() (Item, error)
}

// Codes of the problems a Source reports in an Item.
const (
	CodeTooLarge = "too_large"
	CodePart     = "part"
	CodeCanceled = export.CodeCanceled
	CodeInput    = "input_error"
)

func tooLarge(limit int64) evaluation.Problems {
	return evaluation.Problems{{
		Code:      CodeTooLarge,
		Message:   fmt.Sprintf("单份输入超过 %d 字节", limit),
		MessageEN: fmt.Sprintf("the input exceeds %d bytes", limit),
	}}
}

// SkipSpace consumes white space (and a UTF-8 byte order mark) at the
// start of br and returns the first other byte without consuming it.
func SkipSpace(br *bufio.Reader) (byte, error) {
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	for {
		c, err := br.ReadByte()
		if err != nil {
			return 0, err
		}
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return c, br.UnreadByte()
	}
}

// NewNDJSON returns a Source of newline-delimited JSON: one disclosure a
// line, blank lines skipped. A line longer than limit bytes is reported as
// an item with a too_large problem and the stream goes on with the next
// line; a malformed line is an item like any other, found invalid when it
// is evaluated.
func NewNDJSON(r io.Reader, name string, limit int64) Source {
	return &ndjson{r: bufio.NewReaderSize(r, 64<<10), name: name, limit: limit}
}

type ndjson struct {
	r     *bufio.Reader
	name  string
	limit int64
	line  int
	err   error
}

func (s *ndjson) Next() (Item, error) {
	var skipped int64 // blank lines, counted into the next item's size
	for s.err == nil {
		data, size, long, err := s.readLine()
		s.line++
		skipped += size
		if err == io.EOF {
			s.err = io.EOF
			if size == 0 {
				break
			}
		} else if err != nil {
			s.err = fmt.Errorf("read %s line %d: %w", s.name, s.line, err)
			return Item{}, s.err
		}
		src := fmt.Sprintf("%s:%d", s.name, s.line)
		if long {
			return Item{Source: src, Size: skipped, Problems: tooLarge(s.limit)}, nil
		}
		if data = bytes.TrimSpace(data); len(data) > 0 {
			return Item{Source: src, Data: data, Size: skipped}, nil
		}
	}
	return Item{}, s.err
}

// readLine reads one line into a new slice. A line over the limit is
// consumed but not kept.
func (s *ndjson) readLine() (line []byte, size int64, long bool, err error) {
	for {
		chunk, err := s.r.ReadSlice('\n')
		size += int64(len(chunk))
		if !long {
			content := bytes.TrimRight(chunk, "\r\n")
			if int64(len(line)+len(content)) > s.limit {
				long, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		if err != bufio.ErrBufferFull {
			return line, size, long, err
		}
	}
}

// NewArray returns a Source of the elements of one JSON array, read one
// element at a time. An element over limit bytes is reported as a
// too_large item. A syntax error ends the stream, since nothing after it
// can be trusted: it is reported as a last item carrying the problem.
func NewArray(r io.Reader, name string, limit int64) Source {
	cr := &lineCounter{r: r}
	return &array{cr: cr, dec: json.NewDecoder(cr), name: name, limit: limit}
}

type array struct {
	cr      *lineCounter
	dec     *json.Decoder
	name    string
	limit   int64
	index   int
	started bool
	err     error
}

func (s *array) Next() (Item, error) {
	if s.err != nil {
		return Item{}, s.err
	}
	start := s.dec.InputOffset()
	if !s.started {
		s.started = true
		tok, err := s.dec.Token()
		if err != nil {
			return s.fail(err, 0)
		}
		if d, ok := tok.(json.Delim); !ok || d != '[' {
			return s.syntax(start, "应为 JSON 数组", "a JSON array is expected")
		}
	}
	if !s.dec.More() {
		if _, err := s.dec.Token(); err != nil { // the closing bracket
			return s.fail(err, 0)
		}
		if _, err := s.dec.Token(); err != io.EOF {
			return s.syntax(s.dec.InputOffset(), "JSON 数组之后还有多余内容", "unexpected data after the JSON array")
		}
		s.err = io.EOF
		return Item{}, io.EOF
	}
	var raw json.RawMessage
	if err := s.dec.Decode(&raw); err != nil {
		// A failed Decode stays at the start of the value, and counts
		// the offset of its syntax error from there.
		return s.fail(err, s.dec.InputOffset())
	}
	it := Item{Source: fmt.Sprintf("%s[%d]", s.name, s.index), Size: s.dec.InputOffset() - start}
	s.index++
	if int64(len(raw)) > s.limit {
		it.Problems = tooLarge(s.limit)
	} else {
		it.Data = raw
	}
	return it, nil
}

// fail turns a decoding error into a last item when it is a fault of the
// content, or into the stream's error when reading failed. base is added
// to the offset of a syntax error.
func (s *array) fail(err error, base int64) (Item, error) {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return s.syntax(base+se.Offset, "JSON 语法错误："+se.Error(), "malformed JSON: "+se.Error())
	case errors.Is(err, io.ErrUnexpectedEOF), err == io.EOF:
		return s.syntax(s.dec.InputOffset(), "JSON 输入意外结束", "unexpected end of JSON input")
	}
	s.err = fmt.Errorf("read %s: %w", s.name, err)
	return Item{}, s.err
}

func (s *array) syntax(off int64, zh, en string) (Item, error) {
	s.err = io.EOF
	line := s.lineAt(off)
	return Item{
		Source: fmt.Sprintf("%s[%d]", s.name, s.index),
		Problems: evaluation.Problems{{
			Code: evaluation.CodeSyntax, Line: line,
			Message:   fmt.Sprintf("%s（第 %d 行，第 %d 字节附近；其后的输入未处理）", zh, line, off+1),
			MessageEN: fmt.Sprintf("%s (line %d, near byte %d; the rest of the input was not processed)", en, line, off+1),
		}},
	}, nil
}

// lineAt returns the line of byte offset off, which lies at or after the
// decoder's position: the lines read so far, less those still ahead of
// off in the decoder's buffer.
func (s *array) lineAt(off int64) int {
	ahead, _ := io.ReadAll(s.dec.Buffered())
	k := min(max(off-s.dec.InputOffset(), 0), int64(len(ahead)))
	return 1 + s.cr.lines - bytes.Count(ahead[k:], []byte("\n"))
}

// lineCounter counts the newlines read through it.
type lineCounter struct {
	r     io.Reader
	lines int
}

func (c *lineCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.lines += bytes.Count(p[:n], []byte("\n"))
	return n, err
}

// NewSingle returns a Source of one disclosure: all of r.
func NewSingle(r io.Reader, name string, limit int64) Source {
	return &single{r: r, name: name, limit: limit}
}

type single struct {
	r     io.Reader
	name  string
	limit int64
	done  bool
}

func (s *single) Next() (Item, error) {
	if s.done {
		return Item{}, io.EOF
	}
	s.done = true
	data, err := io.ReadAll(io.LimitReader(s.r, s.limit+1))
	if err != nil {
		return Item{}, fmt.Errorf("read %s: %w", s.name, err)
	}
	it := Item{Source: s.name, Size: int64(len(data))}
	if int64(len(data)) > s.limit {
		n, err := io.Copy(io.Discard, s.r)
		if err != nil {
			return Item{}, fmt.Errorf("read %s: %w", s.name, err)
		}
		it.Size += n
		it.Problems = tooLarge(s.limit)
		return it, nil
	}
	it.Data = data
	return it, nil
}
