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
var zlibPools sync.Map // level → *sync.Pool of *zlib.Writer

func getZlibWriter(w io.Writer, level int) (*zlib.Writer, error) {
	p, _ := zlibPools.LoadOrStore(level, &sync.Pool{})
	if zw, ok := p.(*sync.Pool).Get().(*zlib.Writer); ok {
		zw.Reset(w)
		return zw, nil
	}
	return zlib.NewWriterLevel(w, level)
}

func putZlibWriter(zw *zlib.Writer, level int) {
	if p, ok := zlibPools.Load(level); ok {
		p.(*sync.Pool).Put(zw)
	}
}
