package gopdf

import "io"

type listCacheContent struct {
	caches []ICacheContent
	// ts is the text state at the end of the list, for the operators
	// appended directly, and tw their writer (content_direct.go;
	// patched for Jixiao).
	ts textState
	tw tailWriter
}

func (l *listCacheContent) last() ICacheContent {
	max := len(l.caches)
	if max > 0 {
		return l.caches[max-1]
	}
	return nil
}

func (l *listCacheContent) append(cache ICacheContent) {
	l.caches = append(l.caches, cache)
	l.ts = textState{} // patched for Jixiao: see write
}

func (l *listCacheContent) appendContentText(cache cacheContentText, text string) (float64, float64, error) {

	x := cache.x
	y := cache.y

	mustMakeNewCache := true
	var cacheFont *cacheContentText
	var ok bool
	last := l.last()
	if cacheFont, ok = last.(*cacheContentText); ok {
		if cacheFont != nil {
			if cacheFont.isSame(cache) {
				mustMakeNewCache = false
			}
		}
	}

	if mustMakeNewCache { //make new cell
		l.caches = append(l.caches, &cache)
		cacheFont = &cache
	}
	l.ts = textState{} // patched for Jixiao: see write

	//start add text
	cacheFont.text += text

	//re-create content
	textWidthPdfUnit, textHeightPdfUnit, err := cacheFont.createContent()
	if err != nil {
		return x, y, err
	}

	if cacheFont.cellOpt.Float == 0 || cacheFont.cellOpt.Float&Right == Right || cacheFont.contentType == ContentTypeText {
		x = cacheFont.x + textWidthPdfUnit
	}
	if cacheFont.cellOpt.Float&Bottom == Bottom {
		y = cacheFont.y + textHeightPdfUnit
	}

	return x, y, nil
}

func (l *listCacheContent) write(w io.Writer, protection *PDFProtection) error {
	// Patched for Jixiao: consecutive text runs share the text state
	// they set (see textState). Anything else in between may save and
	// restore the graphics state, so it makes the state unknown.
	var ts textState
	for _, cache := range l.caches {
		var err error
		if t, ok := cache.(*cacheContentText); ok {
			err = t.writeInState(w, protection, &ts)
		} else {
			// Operators written directly (cacheContentBytes) were
			// made in the state the list tracked (ts of the list),
			// and leave this one unknown too.
			ts = textState{}
			err = cache.write(w, protection)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
