package export

import (
	"fmt"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/fonts"
	"github.com/jixiao/jixiao/render"
)

// FindingMissingGlyph is the code of a character no embedded face can
// draw.
const FindingMissingGlyph = "missing_glyph"

// CheckGlyphs appends to rep.Findings a warning for every character of
// the valid parts of rep that no face of fs (nil: the embedded faces)
// can draw, for a caller that renders nothing (validation); a render
// checks its own document (NewPlan). It does nothing when no part is
// valid.
func CheckGlyphs(rep *evaluation.Report, fs *fonts.Set) error {
	if rep.Disclosure == nil || rep.Result == nil {
		return nil
	}
	if fs == nil {
		var err error
		if fs, err = fonts.Default(); err != nil {
			return err
		}
	}
	doc, err := render.Build(rep, render.Options{})
	if err != nil {
		return err
	}
	checkGlyphs(rep, doc, fs)
	return nil
}

// checkGlyphs appends to rep.Findings a warning for every character of
// doc that no face of fs can draw, with the JSON Pointer of the field
// holding it. The text is read from the document, not from its pages,
// so that the findings are known before a findings appendix is added.
func checkGlyphs(rep *evaluation.Report, doc *render.Document, fs *fonts.Set) {
	seen := map[string]bool{}
	check := func(text, path string) {
		for _, r := range text {
			if _, ok := fs.Resolve(fonts.RoleBody, r); ok || r == '\n' {
				continue
			}
			key := fmt.Sprintf("%s\x00%c", path, r)
			if seen[key] {
				continue
			}
			seen[key] = true
			rep.Findings = append(rep.Findings, evaluation.Finding{
				Path: path, Code: FindingMissingGlyph, Severity: "warning", Declared: string(r),
				Message:   fmt.Sprintf("字符 %q（%U）没有可用字形，将无法显示", r, r),
				MessageEN: fmt.Sprintf("no embedded font has a glyph for %q (%U); it cannot be printed", r, r),
			})
		}
	}
	for _, p := range doc.Parts {
		for _, b := range p.Blocks {
			switch b := b.(type) {
			case render.Heading:
				check(b.Text, b.Path)
			case render.Paragraph:
				check(b.Text, b.Path)
			case render.Table:
				for _, row := range b.Rows {
					for _, c := range row {
						check(c.Text, c.Path)
					}
				}
			}
		}
	}
}
