package pades

import (
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// structure tags the annotations an update adds to a tagged PDF, as
// PDF/UA-1 asks of annotations (ISO 14289-1 §7.18.1): each becomes a
// structure element — Form for the signature field, Annot for a stamp —
// whose content is an object reference to it, with an alternative
// description, keyed in the parent tree by the annotation's
// /StructParent. The elements join the document's top element, after
// its content.
type structure struct {
	rootNum int
	root    types.Dict
	// parent is the element the annotations join: the structure tree's
	// only top element (Document), or the root itself.
	parentNum int
	parent    types.Dict
	// tree is the parent tree, a number tree: its entries are appended
	// to a flat one, or a new leaf is added to one with kids.
	treeNum int
	tree    types.Dict
	next    int
	elems   []elem
}

type elem struct {
	num, key, annot int
	kind, alt       string
	page            types.IndirectRef
}

// readStructure reads what tagging needs of a PDF's structure tree; nil
// when the PDF is not tagged, or its tree is not one this reads (a
// direct root or parent tree), which leaves its annotations untagged.
func readStructure(ctx *model.Context, catalog types.Dict) (*structure, error) {
	rootRef, ok := catalog["StructTreeRoot"].(types.IndirectRef)
	if !ok {
		return nil, nil
	}
	s := &structure{rootNum: rootRef.ObjectNumber.Value()}
	var err error
	if s.root, err = ctx.DereferenceDict(rootRef); err != nil || s.root == nil {
		return nil, fmt.Errorf("%w: structure tree: %v", ErrPDF, err)
	}
	s.parentNum, s.parent = s.rootNum, s.root
	if k, ok := s.root["K"].(types.IndirectRef); ok {
		if d, err := ctx.DereferenceDict(k); err == nil && d != nil && d.NameEntry("S") != nil {
			s.parentNum, s.parent = k.ObjectNumber.Value(), d
		}
	}
	treeRef, ok := s.root["ParentTree"].(types.IndirectRef)
	if !ok {
		return nil, nil
	}
	s.treeNum = treeRef.ObjectNumber.Value()
	if s.tree, err = ctx.DereferenceDict(treeRef); err != nil || s.tree == nil {
		return nil, fmt.Errorf("%w: structure parent tree: %v", ErrPDF, err)
	}
	if n := s.root.IntEntry("ParentTreeNextKey"); n != nil {
		s.next = *n
	}
	// The keys in use, should ParentTreeNextKey be missing or short.
	for i, o := range s.tree.ArrayEntry("Nums") {
		if k, ok := o.(types.Integer); ok && i%2 == 0 {
			s.next = max(s.next, int(k)+1)
		}
	}
	for _, kid := range s.tree.ArrayEntry("Kids") {
		if d, err := ctx.DereferenceDict(kid); err == nil && d != nil {
			if l := d.ArrayEntry("Limits"); len(l) == 2 {
				if k, ok := l[1].(types.Integer); ok {
					s.next = max(s.next, int(k)+1)
				}
			}
		}
	}
	return s, nil
}

// add tags an annotation; it returns the annotation's /StructParent.
func (s *structure) add(u *update, kind string, annot int, page types.IndirectRef, alt string) int {
	e := elem{num: u.alloc(), key: s.next + len(s.elems), annot: annot, kind: kind, alt: alt, page: page}
	s.elems = append(s.elems, e)
	return e.key
}

// write writes the elements and the changed tree objects.
func (s *structure) write(u *update) {
	if len(s.elems) == 0 {
		return
	}
	parentRef := types.NewIndirectRef(s.parentNum, 0)
	var kids types.Array
	switch k := s.parent["K"].(type) {
	case nil:
	case types.Array:
		kids = append(kids, k...)
	default:
		kids = append(kids, k)
	}
	var nums types.Array
	for _, e := range s.elems {
		u.object(e.num, types.Dict{
			"Type": types.Name("StructElem"),
			"S":    types.Name(e.kind),
			"P":    *parentRef,
			"Pg":   e.page,
			"Alt":  types.HexLiteral(textHex(e.alt)),
			"K":    types.Dict{"Type": types.Name("OBJR"), "Obj": *types.NewIndirectRef(e.annot, 0), "Pg": e.page},
		}.PDFString())
		kids = append(kids, *types.NewIndirectRef(e.num, 0))
		nums = append(nums, types.Integer(e.key), *types.NewIndirectRef(e.num, 0))
	}
	parent := maps.Clone(s.parent) // shallow: only its K changes
	parent.Update("K", kids)
	if s.parentNum == s.rootNum {
		s.root = parent
	} else {
		u.object(s.parentNum, string(appendObject(nil, parent)))
	}

	tree := maps.Clone(s.tree)
	if old, ok := tree["Kids"].(types.Array); ok {
		leaf := u.alloc()
		first, last := s.elems[0].key, s.elems[len(s.elems)-1].key
		u.object(leaf, types.Dict{"Limits": types.Array{types.Integer(first), types.Integer(last)}, "Nums": nums}.PDFString())
		tree.Update("Kids", append(append(types.Array{}, old...), *types.NewIndirectRef(leaf, 0)))
	} else {
		tree.Update("Nums", append(append(types.Array{}, tree.ArrayEntry("Nums")...), nums...))
	}
	u.object(s.treeNum, string(appendObject(nil, tree)))

	root := maps.Clone(s.root)
	root.Update("ParentTreeNextKey", types.Integer(s.next+len(s.elems)))
	u.object(s.rootNum, root.PDFString())
}

// appendObject appends o in PDF syntax, as o.PDFString() does, without
// building a string for every element: a parent tree holds an entry for
// each page's marked content, thousands of references.
func appendObject(b []byte, o types.Object) []byte {
	switch o := o.(type) {
	case types.Integer:
		return strconv.AppendInt(b, int64(o), 10)
	case types.IndirectRef:
		b = strconv.AppendInt(b, int64(o.ObjectNumber), 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(o.GenerationNumber), 10)
		return append(b, " R"...)
	case types.Array:
		b = append(b, '[')
		for i, e := range o {
			if i > 0 {
				b = append(b, ' ')
			}
			b = appendObject(b, e)
		}
		return append(b, ']')
	case types.Dict:
		b = append(b, "<<"...)
		for _, k := range slices.Sorted(maps.Keys(o)) {
			b = append(b, types.Name(k).PDFString()...)
			b = append(b, ' ')
			b = appendObject(b, o[k])
			b = append(b, ' ')
		}
		return append(b, ">>"...)
	case nil:
		return append(b, "null"...)
	}
	return append(b, o.PDFString()...)
}
