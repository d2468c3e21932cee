package batch

import (
	"bytes"
	"fmt"
	"io"
	"os"
)

// spool collects the manifest's entries until the end of the batch: in
// memory up to a limit, then in a temporary file, so that a batch of any
// size keeps a bounded amount of memory.
type spool struct {
	dir   string
	limit int
	mem   bytes.Buffer
	file  *os.File
}

// spoolLimit is how much of the manifest is kept in memory.
const spoolLimit = 4 << 20

func (s *spool) Write(p []byte) (int, error) {
	if s.file == nil && s.mem.Len()+len(p) > s.limit {
		f, err := os.CreateTemp(s.dir, "jixiao-manifest-*.json")
		if err != nil {
			return 0, fmt.Errorf("spool manifest: %w", err)
		}
		s.file = f
		if _, err := s.mem.WriteTo(f); err != nil {
			return 0, fmt.Errorf("spool manifest: %w", err)
		}
		s.mem = bytes.Buffer{}
	}
	if s.file != nil {
		n, err := s.file.Write(p)
		if err != nil {
			err = fmt.Errorf("spool manifest: %w", err)
		}
		return n, err
	}
	return s.mem.Write(p)
}

// WriteTo copies everything spooled to w.
func (s *spool) WriteTo(w io.Writer) (int64, error) {
	if s.file == nil {
		return s.mem.WriteTo(w)
	}
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return 0, fmt.Errorf("spool manifest: %w", err)
	}
	return io.Copy(w, s.file)
}

// Close removes the temporary file, if any.
func (s *spool) Close() {
	if s.file != nil {
		s.file.Close()
		os.Remove(s.file.Name())
		s.file = nil
	}
}
