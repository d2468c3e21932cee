package jobs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// A store keeps the blobs of jobs (inputs, rendered units, archives)
// where every process of the service reaches them. A blob is written
// whole or not at all, so that a process killed while it writes leaves
// nothing half-written for another to read.
type store interface {
	put(ctx context.Context, key string, r io.Reader) (int64, error)
	open(ctx context.Context, key string) (blob, error)
	deletePrefix(ctx context.Context, prefix string) error
}

// blob is a stored blob opened for reading.
type blob interface {
	io.ReadSeekCloser
	Size() int64
}

var errNoBlob = errors.New("no such blob")

// dirStore keeps blobs as files under a folder: the store of the embedded
// default, where one process owns the data folder. A blob is on the disk
// when put returns, except for the outcomes of units (under /out/), which
// can be rendered again from their inputs and are many.
type dirStore struct{ root string }

func (s dirStore) path(key string) string { return filepath.Join(s.root, filepath.FromSlash(key)) }

func (s dirStore) put(ctx context.Context, key string, r io.Reader) (int64, error) {
	dest := s.path(key)
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return 0, err
	}
	f, err := os.CreateTemp(filepath.Dir(dest), ".tmp-*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(f.Name())
	n, err := io.Copy(f, ctxReader{ctx, r})
	if err == nil && !strings.Contains(key, "/out/") {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, fmt.Errorf("store %s: %w", key, err)
	}
	if err := os.Rename(f.Name(), dest); err != nil {
		return 0, fmt.Errorf("store %s: %w", key, err)
	}
	return n, nil
}

func (s dirStore) open(_ context.Context, key string) (blob, error) {
	f, err := os.Open(s.path(key))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s", errNoBlob, key)
	}
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	return fileBlob{f, st.Size()}, nil
}

type fileBlob struct {
	*os.File
	size int64
}

func (b fileBlob) Size() int64 { return b.size }

func (s dirStore) deletePrefix(_ context.Context, prefix string) error {
	return os.RemoveAll(s.path(strings.TrimSuffix(prefix, "/")))
}

// ctxReader stops a copy when ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// dbStore keeps blobs in PostgreSQL, cut into parts of partSize bytes,
// for services of many machines on one database.
type dbStore struct {
	db database
}

const partSize = 1 << 20

func (s dbStore) put(ctx context.Context, key string, r io.Reader) (int64, error) {
	var n int64
	err := s.db.inTx(ctx, func(q querier, _ riverTx) error {
		n = 0
		if _, err := q.exec(ctx, `DELETE FROM jixiao_blob WHERE key = $1`, key); err != nil {
			return err
		}
		buf := make([]byte, partSize)
		for part := 0; ; part++ {
			k, err := io.ReadFull(r, buf)
			if k > 0 || part == 0 {
				if _, err := q.exec(ctx, `INSERT INTO jixiao_blob (key, part, data) VALUES ($1, $2, $3)`, key, part, buf[:k]); err != nil {
					return err
				}
				n += int64(k)
			}
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				return nil
			}
			if err != nil {
				return err
			}
		}
	})
	if err != nil {
		return 0, fmt.Errorf("store %s: %w", key, err)
	}
	return n, nil
}

func (s dbStore) open(ctx context.Context, key string) (blob, error) {
	rs, err := s.db.pool().query(ctx, `SELECT length(data) FROM jixiao_blob WHERE key = $1 ORDER BY part`, key)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	b := &dbBlob{ctx: ctx, db: s.db, key: key, cur: -1}
	for rs.Next() {
		var n int64
		if err := rs.Scan(&n); err != nil {
			return nil, err
		}
		b.size += n
		b.parts++
	}
	if err := rs.Err(); err != nil {
		return nil, err
	}
	if b.parts == 0 {
		return nil, fmt.Errorf("%w: %s", errNoBlob, key)
	}
	return b, nil
}

func (s dbStore) deletePrefix(ctx context.Context, prefix string) error {
	_, err := s.db.pool().exec(ctx, `DELETE FROM jixiao_blob WHERE starts_with(key, $1)`, prefix)
	return err
}

// dbBlob reads a blob one part at a time.
type dbBlob struct {
	ctx   context.Context
	db    database
	key   string
	size  int64
	parts int
	off   int64
	cur   int // the part in data, -1 for none
	data  []byte
}

func (b *dbBlob) Size() int64  { return b.size }
func (b *dbBlob) Close() error { b.data = nil; return nil }

func (b *dbBlob) Read(p []byte) (int, error) {
	if b.off >= b.size {
		return 0, io.EOF
	}
	part := int(b.off / partSize)
	if part != b.cur {
		var data []byte
		err := b.db.pool().queryRow(b.ctx, `SELECT data FROM jixiao_blob WHERE key = $1 AND part = $2`, b.key, part).Scan(&data)
		if err != nil {
			return 0, fmt.Errorf("read %s: %w", b.key, err)
		}
		b.cur, b.data = part, data
	}
	n := copy(p, b.data[b.off-int64(part)*partSize:])
	b.off += int64(n)
	return n, nil
}

func (b *dbBlob) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekCurrent:
		offset += b.off
	case io.SeekEnd:
		offset += b.size
	}
	if offset < 0 {
		return 0, errors.New("seek before the start")
	}
	b.off = offset
	return offset, nil
}

// readBlob reads a whole small blob.
func readBlob(ctx context.Context, s store, key string) ([]byte, error) {
	b, err := s.open(ctx, key)
	if err != nil {
		return nil, err
	}
	defer b.Close()
	var buf bytes.Buffer
	buf.Grow(int(b.Size()))
	if _, err := io.Copy(&buf, b); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
