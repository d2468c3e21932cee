package gopdf

import (
	"io"
	"sync"

	"github.com/klauspost/compress/zlib"
)

// Patched for Jixiao: zlib writers are pooled per compression level. A
// writer holds about 1 MB of state; creating one per stream was half of
// all the bytes allocated while writing a document, which drives the
// memory of a server rendering many documents at once.
//
// Patched for Jixiao: the writers are github.com/klauspost/compress/zlib,
// a drop-in replacement for compress/zlib with the same levels that
// compressed a document's font and page streams in about two thirds of
// the time at the fastest level, to within 1% of the size. Compressing
// was the largest part of the time to write a document.
//
// Patched for Jixiao: the pool is a short free list per level rather
// than a sync.Pool, which the garbage collector empties: a large
// document's render collects garbage several times, and each time its
// next streams made new writers, a megabyte each. At most keptWriters
// of a level are kept.
var zlibPools sync.Map // level → *writerList

// keptWriters bounds the idle writers kept per level: enough for the
// streams compressed at once on a few cores.
const keptWriters = 4

type writerList struct {
	mu   sync.Mutex
	free []*zlib.Writer
}

func getZlibWriter(w io.Writer, level int) (*zlib.Writer, error) {
	p, _ := zlibPools.LoadOrStore(level, &writerList{})
	l := p.(*writerList)
	l.mu.Lock()
	var zw *zlib.Writer
	if n := len(l.free); n > 0 {
		zw, l.free = l.free[n-1], l.free[:n-1]
	}
	l.mu.Unlock()
	if zw != nil {
		zw.Reset(w)
		return zw, nil
	}
	return zlib.NewWriterLevel(w, level)
}

func putZlibWriter(zw *zlib.Writer, level int) {
	p, ok := zlibPools.Load(level)
	if !ok {
		return
	}
	l := p.(*writerList)
	l.mu.Lock()
	if len(l.free) < keptWriters {
		l.free = append(l.free, zw)
	}
	l.mu.Unlock()
}
