package ofd_test

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/jixiao/jixiao/export"
	"github.com/jixiao/jixiao/render/ofd"
	"golang.org/x/image/font/sfnt"
)

// TestArchival checks the rules of OFD-A (GB/T 42133-2022) a package can
// be checked for without an archive's records system: the document type,
// the document information, one document, fonts embedded, nothing the
// profile takes out (permissions, view preferences, extensions,
// encryption, actions other than a Goto in the document), and a DocID
// that is a digest of the content.
func TestArchival(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	rep := reference(t)
	for _, part := range []string{"all", "table:1"} {
		t.Run(part, func(t *testing.T) {
			data := renderTo(t, rep, export.OFD, part)
			p := openPackage(t, data)
			if got := p.root.Attr["DocType"]; got != "OFD-A" {
				t.Errorf("DocType = %q, want OFD-A", got)
			}
			if n := len(p.root.all("DocBody")); n != 1 {
				t.Errorf("%d DocBody, want one document (6.2.1)", n)
			}
			info := p.root.child("DocBody").child("DocInfo")
			want := map[string]string{
				"Author": rep.Disclosure.Department, "Subject": "预算绩效评价",
				"CreationDate": "2023-11-14", "ModDate": "2023-11-14", "Creator": "Jixiao",
			}
			for name, v := range want {
				if c := info.child(name); c == nil || c.Text != v {
					t.Errorf("DocInfo/%s = %v, want %q", name, c, v)
				}
			}
			if c := info.child("Title"); c == nil || c.Text == "" {
				t.Errorf("DocInfo/Title = %v", c)
			}
			var keywords []string
			if k := info.child("Keywords"); k != nil {
				for _, e := range k.all("Keyword") {
					keywords = append(keywords, e.Text)
				}
			}
			for _, k := range []string{"预算绩效评价", rep.Disclosure.Department, strconv.Itoa(rep.Disclosure.Year) + "年度"} {
				if !slices.Contains(keywords, k) {
					t.Errorf("Keywords %q lack %q", keywords, k)
				}
			}
			if c := info.child("CreatorVersion"); c != nil && c.Text == "" {
				t.Error("an empty CreatorVersion")
			}
			if c := info.child("DocID"); c == nil || c.Text != contentDigest(t, data) {
				t.Errorf("DocID = %v, want the digest of the other entries %s", c, contentDigest(t, data))
			}

			// Nothing GB/T 42133 6.2.2 and 6.16 take out.
			for _, name := range []string{"Permissions", "VPreferences", "Extensions", "Encryptions"} {
				if len(p.document.all(name)) > 0 || len(p.root.all(name)) > 0 {
					t.Errorf("the package has %s", name)
				}
			}
			if _, ok := p.files["META-INF/encryptions.xml"]; ok {
				t.Error("the package is encrypted")
			}
			// Every action is a Goto within the document (6.2.2 c, 6.2.5 a).
			for _, a := range p.document.all("Action") {
				g := a.child("Goto")
				for _, c := range a.Children {
					if c.Name != "Goto" && c.Name != "Region" {
						t.Errorf("an action %s", c.Name)
					}
				}
				if g == nil {
					t.Error("an action with no Goto")
					continue
				}
				if d := g.child("Dest"); d == nil || !p.isPage(d.Attr["PageID"]) {
					t.Errorf("a Goto to %v, not a page of the document", d)
				}
			}

			// Fonts embedded: every text object names a font of the
			// document's resources whose file is in the package and is a
			// font program.
			for id, f := range p.fonts {
				data, ok := p.files[f.File]
				if !ok {
					t.Errorf("font %s (%s): no file %s in the package", id, f.Name, f.File)
					continue
				}
				if _, err := sfnt.Parse(data); err != nil {
					t.Errorf("font %s: %s is not a font program: %v", id, f.File, err)
				}
			}
			for _, pg := range p.pages {
				for _, o := range pg.Content.all("TextObject") {
					if _, ok := p.fonts[o.Attr["Font"]]; !ok {
						t.Errorf("%s: text object %s draws with font %q, not embedded", pg.Loc, o.Attr["ID"], o.Attr["Font"])
					}
				}
			}
			// The document's page area is the size most pages have, and
			// a page carries its own only when it differs (6.2.3 a, b).
			area := p.document.child("CommonData").child("PageArea").child("PhysicalBox").Text
			sizes := map[string]int{area: 0}
			for _, pg := range p.pages {
				box := area
				if a := pg.Content.child("Area"); a != nil {
					if box = a.child("PhysicalBox").Text; box == area {
						t.Errorf("%s repeats the document's page area", pg.Loc)
					}
				}
				sizes[box]++
			}
			for box, n := range sizes {
				if n > sizes[area] {
					t.Errorf("%d pages are %s, %d the page area %s", n, box, sizes[area], area)
				}
			}
			// The data the document was made from, attached (6.15).
			if _, ok := p.files[ofd.SourcePath]; !ok {
				t.Errorf("no %s", ofd.SourcePath)
			}
		})
	}
}

// TestArchivalUndated: without SOURCE_DATE_EPOCH the package carries no
// date, so that the same input still gives the same bytes; the DocID
// follows the content.
func TestArchivalUndated(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "")
	os.Unsetenv("SOURCE_DATE_EPOCH") // t.Setenv restores it
	rep := reference(t)
	a := renderTo(t, rep, export.OFD, "table:1")
	b := renderTo(t, rep, export.OFD, "table:1")
	if !bytes.Equal(a, b) {
		t.Error("two undated renders of the same input differ")
	}
	info := openPackage(t, a).root.child("DocBody").child("DocInfo")
	for _, name := range []string{"CreationDate", "ModDate"} {
		if c := info.child(name); c != nil {
			t.Errorf("undated, DocInfo/%s = %q", name, c.Text)
		}
	}
	other := openPackage(t, renderTo(t, rep, export.OFD, "table:2")).root.child("DocBody").child("DocInfo")
	if info.child("DocID").Text == other.child("DocID").Text {
		t.Error("two tables have the same DocID")
	}
}

// contentDigest is the first 128 bits of SHA-256 over every entry but
// OFD.xml, in the package's order, each as name, NUL, length, NUL, bytes.
func contentDigest(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	for _, f := range zr.File {
		if f.Name == "OFD.xml" {
			continue
		}
		b, err := fs.ReadFile(zr, f.Name)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "%s\x00%d\x00", f.Name, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

func (p *pkg) isPage(id string) bool {
	for _, pg := range p.pages {
		if pg.ID == id {
			return true
		}
	}
	return false
}
