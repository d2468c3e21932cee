// Package layout places a render.Document on pages: it breaks text into
// lines with render/text on the fonts' advance widths, paginates
// paragraphs and tables (repeating header rows and spanning labels on
// continuation pages, splitting rows taller than a page), numbers the
// pages and collects the outline. The result is a list of positioned
// text runs and rules that a backend paints as is, and that tests check
// for overflow and line-breaking rules without reading a PDF.
package layout

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"sync"

	"github.com/jixiao/jixiao/fonts"
	"github.com/jixiao/jixiao/templates"
)

// Style is how a kind of text is set.
type Style struct {
	Role        fonts.Role `json:"role"`
	Size        float64    `json:"size"`
	LineHeight  float64    `json:"lineHeight"`
	Align       string     `json:"align"`  // left, center, justify
	Indent      float64    `json:"indent"` // first-line indent, in characters
	Padding     float64    `json:"padding"`
	SpaceBefore float64    `json:"spaceBefore"`
	SpaceAfter  float64    `json:"spaceAfter"`
}

// Layout is a house style: page geometry and text styles
// (templates/layout.json). Lengths are in points, origin top left.
type Layout struct {
	Comment string `json:"comment"`
	Page    struct {
		Width  float64 `json:"width"`
		Height float64 `json:"height"`
	} `json:"page"`
	Margins Margins `json:"margins"`
	// PartMargins are the margins of parts with a named style, such as
	// the wider pages of the self-assessment tables.
	PartMargins map[string]Margins `json:"partMargins"`
	Styles      map[string]Style   `json:"styles"`
	TableRule   float64            `json:"tableRule"`
	PageNumber  struct {
		Format string  `json:"format"`
		Below  float64 `json:"below"` // distance below the type area
		Inset  float64 `json:"inset"` // in characters from the type area's edge
	} `json:"pageNumber"`
}

// Margins are a page's margins; the type area lies inside them.
type Margins struct {
	// Landscape turns the page: width and height swap.
	Landscape bool    `json:"landscape"`
	Top       float64 `json:"top"`
	Left      float64 `json:"left"`
	Right     float64 `json:"right"`
	Bottom    float64 `json:"bottom"`
}

// requiredStyles are the styles the document builder uses.
var requiredStyles = []string{"title", "heading1", "heading2", "heading3", "heading4", "body",
	"caption", "tableTitle", "tableYear", "table", "tableText", "note", "pageNumber"}

// Parse reads a layout from JSON and checks it.
func Parse(data []byte) (*Layout, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var l Layout
	if err := dec.Decode(&l); err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	for name, m := range l.PartMargins {
		if l.Page.Width-m.Left-m.Right < 100 || l.Page.Height-m.Top-m.Bottom < 100 {
			return nil, fmt.Errorf("parse layout: partMargins %q leave no room on the page", name)
		}
	}
	if l.Page.Width <= 0 || l.Page.Height <= 0 || l.Width() <= 0 || l.bottom() <= l.Margins.Top {
		return nil, fmt.Errorf("parse layout: the page has no room inside its margins")
	}
	for _, name := range requiredStyles {
		s, ok := l.Styles[name]
		if !ok {
			return nil, fmt.Errorf("parse layout: style %q is missing", name)
		}
		if s.Size <= 0 || s.LineHeight < s.Size*0.9 {
			return nil, fmt.Errorf("parse layout: style %q needs a size and a line height of at least 0.9 × size", name)
		}
		if s.LineHeight > l.bottom()-l.Margins.Top {
			return nil, fmt.Errorf("parse layout: style %q: line taller than the page", name)
		}
	}
	return &l, nil
}

var defaultLayout = sync.OnceValues(func() (*Layout, error) {
	data, err := fs.ReadFile(templates.FS, "layout.json")
	if err != nil {
		return nil, err
	}
	return Parse(data)
})

// Default returns the embedded GB/T 9704 layout, parsed once.
func Default() (*Layout, error) { return defaultLayout() }

// Width is the width of the type area.
func (l *Layout) Width() float64 { return l.Page.Width - l.Margins.Left - l.Margins.Right }

func (l *Layout) bottom() float64 { return l.Page.Height - l.Margins.Bottom }
