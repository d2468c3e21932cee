package layout

import (
	"fmt"
	"io"
)

// PageFill is what a page holds, for checking the page economy of a
// layout: how many lines of text, whether they are only the notes under
// a table or only a table's header block, and how far down the type
// area the text goes.
type PageFill struct {
	Page  int // 1-based
	Lines int // lines of text, not counting the page number
	// NotesOnly: the page holds notes and no row of a table.
	NotesOnly bool
	// HeadOnly: the page holds a table's header block (or its repeated
	// header) and no other row of the table, and no notes.
	HeadOnly bool
	// Ink is how far the text reaches down the type area: 0 at its top,
	// 1 at its bottom.
	Ink float64
}

// Fill measures every page of res.
func Fill(res *Result) []PageFill {
	out := make([]PageFill, len(res.Pages))
	for i := range res.Pages {
		p := &res.Pages[i]
		f := PageFill{Page: i + 1}
		var count [KindPageNumber + 1]int
		var low float64
		for _, ln := range p.Lines {
			count[ln.Kind]++
			if ln.Kind != KindPageNumber {
				f.Lines++
				low = max(low, ln.Y+ln.Height)
			}
		}
		f.NotesOnly = count[KindNote] > 0 && count[KindTable] == 0 && count[KindTableHead] == 0
		f.HeadOnly = count[KindTableHead] > 0 && count[KindTable] == 0 && count[KindNote] == 0
		top, bottom := p.Margins.Top, p.Height-p.Margins.Bottom
		if f.Lines > 0 && bottom > top {
			f.Ink = (low - top) / (bottom - top)
		}
		out[i] = f
	}
	return out
}

// WriteFill writes fills as a table, a page a line, for reading.
func WriteFill(w io.Writer, fills []PageFill) error {
	if _, err := fmt.Fprintln(w, "page\tlines\tink\tonly"); err != nil {
		return err
	}
	for _, f := range fills {
		only := ""
		switch {
		case f.NotesOnly:
			only = "notes"
		case f.HeadOnly:
			only = "header block"
		}
		if _, err := fmt.Fprintf(w, "%d\t%d\t%.2f\t%s\n", f.Page, f.Lines, f.Ink, only); err != nil {
			return err
		}
	}
	return nil
}
