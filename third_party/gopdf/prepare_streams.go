package gopdf

import (
	"runtime"
	"sync"
)

// Patched for Jixiao: the streams of a document (page contents and font
// programs) are compressed on all cores before the document is written
// out in order. Each stream is made by the same code whether or not this
// runs, so the output is the same byte for byte; only the time differs.

// streamPreparer is an object whose stream can be made before it is
// written, independently of every other object.
type streamPreparer interface {
	prepareStream()
}

// prepareStreams makes the streams of the document's objects on up to
// GOMAXPROCS goroutines, and runs also alongside them. With one
// processor, or fewer than two streams, it only runs also, and each
// stream is made as it is written, which keeps at most one stream in
// memory.
func (gp *GoPdf) prepareStreams(also func()) {
	workers := runtime.GOMAXPROCS(0)
	var objs []streamPreparer
	for _, o := range gp.pdfObjs {
		switch o := o.(type) {
		case streamPreparer:
			objs = append(objs, o)
		case *SubsetFontObj:
			// The streams read the subset's glyph numbers; give
			// every glyph one now, so that they only read.
			o.cidGlyphs()
			o.syncKeyCIDs()
		}
	}
	if workers < 2 || len(objs) < 2 {
		also()
		return
	}
	if workers > len(objs) {
		workers = len(objs)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		also()
	}()
	next := make(chan streamPreparer)
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for o := range next {
				o.prepareStream()
			}
		}()
	}
	for _, o := range objs {
		next <- o
	}
	close(next)
	wg.Wait()
}
