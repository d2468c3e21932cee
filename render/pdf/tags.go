package pdf

import (
	"io"
	"strconv"

	"github.com/jixiao/jixiao/render/layout"
	"github.com/signintech/gopdf"
)

// tagger makes the PDF tagged (ISO 32000 §14.7, §14.8): it marks the
// content of each page as it is painted — each run of text as marked
// content of its logical element, or as an artifact — and then writes
// the structure tree of the layout's elements, with the parent tree
// that leads from marked content back to its element.
type tagger struct {
	elems []layout.Elem
	// marks are the marked-content sequences in the order they begin;
	// first[i] is the first of element i's plus one (0: it has none),
	// last[i] its last plus one, and next[k] the sequence of the same
	// element after marks[k] plus one (0: none), so that an element's
	// sequences are listed without a slice for each.
	marks             []mark
	next, first, last []int32
	// pages are the page objects; parents, for each page, the element
	// of each marked-content identifier (MCID) on it, in order.
	pages   []int
	parents [][]int
}

// mark is one marked-content sequence: a page and an MCID on it.
type mark struct{ page, mcid int }

// newTagger makes the tagger of res, which has its elements.
func newTagger(res *layout.Result) *tagger {
	runs := 0
	for i := range res.Pages {
		runs += len(res.Pages[i].Runs)
	}
	n := len(res.Elems)
	ends := make([]int32, 2*n)
	return &tagger{elems: res.Elems, marks: make([]mark, 0, runs), next: make([]int32, 0, runs),
		first: ends[:n:n], last: ends[n:]}
}

// startPage is called after a page is added, before it is painted.
func (t *tagger) startPage(pdf *gopdf.GoPdf) {
	n := len(t.pages)
	t.pages = append(t.pages, pdf.PageObjectNumber())
	t.parents = append(t.parents, nil)
	pdf.SetPageEntries("/StructParents " + strconv.Itoa(n) + " /Tabs /S")
}

// begin starts the marked content of elem on the current page: an
// artifact for element 0.
func (t *tagger) begin(pdf *gopdf.GoPdf, elem int) {
	if elem == 0 {
		pdf.MarkedContent("/Artifact<</Type/Pagination>>BDC")
		return
	}
	p := len(t.pages) - 1
	mcid := len(t.parents[p])
	t.parents[p] = append(t.parents[p], elem)
	t.marks = append(t.marks, mark{p, mcid})
	t.next = append(t.next, 0)
	k := int32(len(t.marks))
	if t.first[elem] == 0 {
		t.first[elem] = k
	} else {
		t.next[t.last[elem]-1] = k
	}
	t.last[elem] = k
	pdf.BeginMarkedContent(t.elems[elem].Type, mcid)
}

// finish adds the structure tree to pdf, in object streams, and returns
// the catalog entries that refer to it.
func (t *tagger) finish(pdf *gopdf.GoPdf) string {
	nums := make([]int, len(t.elems)) // object number of each element
	kids := t.kids()
	// The parent tree is a number tree with a leaf per page, added
	// after the last element marked on the page: its references repeat
	// those of the elements' /K arrays just before it, which the object
	// stream's compression then takes for a few bytes.
	after := make([][]int, len(t.elems)) // the pages whose leaf follows element i
	for p, elems := range t.parents {
		last := 0
		for _, e := range elems {
			last = max(last, e)
		}
		after[last] = append(after[last], p)
	}
	// items are the objects in order: element i as i, the leaf of page
	// p as -1-p.
	items := make([]int, 0, len(t.elems)+len(t.parents))
	for i := range t.elems {
		items = append(items, i)
		for _, p := range after[i] {
			items = append(items, -1-p)
		}
	}
	leaves := make([]int, len(t.parents))
	var root int
	first := pdf.AddPackedObjects(len(items), func(k int, w io.Writer) error {
		b := availableBuffer(w)
		if i := items[k]; i >= 0 {
			b = t.appendElement(b, i, nums, kids(i), root)
		} else {
			b = t.appendParentLeaf(b, -1-i, nums)
		}
		_, err := w.Write(b)
		return err
	})
	for k, i := range items {
		if i >= 0 {
			nums[i] = first + k
		} else {
			leaves[-1-i] = first + k
		}
	}
	add := pdf.AddPackedObject
	tree := add(func(w io.Writer) error {
		b := []byte("<</Kids[")
		for _, l := range leaves {
			b = append(appendRef(b, l), ' ')
		}
		b = append(b, "]>>\n"...)
		_, err := w.Write(b)
		return err
	})
	root = add(func(w io.Writer) error {
		b := []byte("<< /Type /StructTreeRoot /K ")
		b = appendRef(b, nums[0])
		b = append(b, "/ParentTree "...)
		b = appendRef(b, tree)
		b = append(b, "/ParentTreeNextKey "...)
		b = strconv.AppendInt(b, int64(len(t.pages)), 10)
		b = append(b, " >>\n"...)
		_, err := w.Write(b)
		return err
	})
	return "/MarkInfo << /Marked true >>\n  /StructTreeRoot " + strconv.Itoa(root) + " 0 R"
}

// kids returns a function that gives the children of an element, in
// order: they are listed together in one slice.
func (t *tagger) kids() func(i int) []int {
	n := len(t.elems)
	start := make([]int, n+2) // children of i: list[start[i+1]:start[i+2]] while filled
	for _, el := range t.elems {
		if el.Parent >= 0 {
			start[el.Parent+2]++
		}
	}
	for i := 2; i < len(start); i++ {
		start[i] += start[i-1]
	}
	list := make([]int, start[n+1])
	for i, el := range t.elems {
		if p := el.Parent; p >= 0 {
			list[start[p+1]] = i
			start[p+1]++
		}
	}
	return func(i int) []int { return list[start[i]:start[i+1]] }
}

// availableBuffer is w's free space when w offers it (a bytes.Buffer),
// to append an object to without allocating.
func availableBuffer(w io.Writer) []byte {
	if b, ok := w.(interface{ AvailableBuffer() []byte }); ok {
		return b.AvailableBuffer()
	}
	return nil
}

// appendParentLeaf appends the parent tree's leaf of page p: the
// element of each marked-content identifier on it.
func (t *tagger) appendParentLeaf(b []byte, p int, nums []int) []byte {
	b = append(b, "<</Limits["...)
	b = strconv.AppendInt(b, int64(p), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(p), 10)
	b = append(b, "]/Nums["...)
	b = strconv.AppendInt(b, int64(p), 10)
	b = append(b, " ["...)
	for _, e := range t.parents[p] {
		b = append(appendRef(b, nums[e]), ' ')
	}
	return append(b, "]]>>"...)
}

// appendElement appends the dictionary of element i.
func (t *tagger) appendElement(b []byte, i int, nums, kids []int, root int) []byte {
	el := &t.elems[i]
	// Written tight, without the optional /Type: a document has
	// thousands of elements.
	b = append(b, "<</S/"...)
	b = append(b, el.Type...)
	b = append(b, "/P "...)
	if el.Parent < 0 {
		b = appendRef(b, root)
	} else {
		b = appendRef(b, nums[el.Parent])
	}
	first := t.first[i]
	var m0 mark
	if first > 0 {
		m0 = t.marks[first-1]
		b = append(b, "/Pg "...)
		b = appendRef(b, t.pages[m0.page])
	}
	switch {
	case len(kids) == 0 && first > 0 && t.next[first-1] == 0:
		b = append(b, "/K "...)
		b = strconv.AppendInt(b, int64(m0.mcid), 10)
	case first > 0 || len(kids) > 0:
		b = append(b, "/K["...)
		for _, k := range kids {
			b = append(appendRef(b, nums[k]), ' ')
		}
		for k := first; k > 0; k = t.next[k-1] {
			m := t.marks[k-1]
			if m.page == m0.page {
				b = strconv.AppendInt(b, int64(m.mcid), 10)
				b = append(b, ' ')
				continue
			}
			b = append(b, "<</Type/MCR/Pg "...)
			b = appendRef(b, t.pages[m.page])
			b = append(b, "/MCID "...)
			b = strconv.AppendInt(b, int64(m.mcid), 10)
			b = append(b, ">>"...)
		}
		b = append(b, ']')
	}
	if el.Alt != "" {
		b = append(b, "/Alt"...)
		b = append(b, textString(el.Alt)...)
	}
	if el.RowSpan > 1 || el.ColSpan > 1 || el.Scope != "" {
		b = append(b, "/A<</O/Table"...)
		if el.RowSpan > 1 {
			b = append(b, "/RowSpan "...)
			b = strconv.AppendInt(b, int64(el.RowSpan), 10)
		}
		if el.ColSpan > 1 {
			b = append(b, "/ColSpan "...)
			b = strconv.AppendInt(b, int64(el.ColSpan), 10)
		}
		if el.Scope != "" {
			b = append(b, "/Scope/"...)
			b = append(b, el.Scope...)
		}
		b = append(b, ">>"...)
	}
	return append(b, ">>"...)
}

// appendRef appends "n 0 R".
func appendRef(b []byte, n int) []byte {
	b = strconv.AppendInt(b, int64(n), 10)
	return append(b, " 0 R"...)
}
