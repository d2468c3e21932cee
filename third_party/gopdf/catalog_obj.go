package gopdf

import (
	"fmt"
	"io"
)

// CatalogObj : catalog dictionary
type CatalogObj struct { //impl IObj
	outlinesObjID int
	getRoot       func() *GoPdf
}

func (c *CatalogObj) init(funcGetRoot func() *GoPdf) {
	c.outlinesObjID = -1
	c.getRoot = funcGetRoot

}

func (c *CatalogObj) getType() string {
	return "Catalog"
}

func (c *CatalogObj) write(w io.Writer, objID int) error {
	io.WriteString(w, "<<\n")
	fmt.Fprintf(w, "  /Type /%s\n", c.getType())
	io.WriteString(w, "  /Pages 2 0 R\n")
	// Patched for Jixiao: the document language (PDF 32000 §14.9.2).
	if c.getRoot != nil && c.getRoot().language != "" {
		fmt.Fprintf(w, "  /Lang (%s)\n", c.getRoot().language)
	}
	// Patched for Jixiao: a document with a title asks viewers to show
	// it rather than the file name (PDF 32000 §12.2, DisplayDocTitle),
	// which for a preview in a browser is a blob's UUID.
	if root := c.getRoot; root != nil && root().info != nil && root().info.Title != "" {
		io.WriteString(w, "  /ViewerPreferences << /DisplayDocTitle true >>\n")
	}
	// Patched for Jixiao: further entries (archive.go).
	if c.getRoot != nil && c.getRoot().catalogEntries != "" {
		fmt.Fprintf(w, "  %s\n", c.getRoot().catalogEntries)
	}
	if c.outlinesObjID >= 0 {
		io.WriteString(w, "  /PageMode /UseOutlines\n")
		fmt.Fprintf(w, "  /Outlines %d 0 R\n", c.outlinesObjID)
	}
	io.WriteString(w, ">>\n")
	return nil
}

func (c *CatalogObj) SetIndexObjOutlines(index int) {
	c.outlinesObjID = index + 1
}
