package main

import (
	"runtime/debug"
	"testing"
)

// TestLinksNoWidthTable checks that the command does not link
// go-runewidth, which pdfcpu's api package brings in: its package
// initialisation builds a width table that took 21 ms of every command's
// start (docs/performance.md, issue 29). Read PDFs with pdfcpu's reader
// and validator instead, as importer and render/pdf/pades do.
func TestLinksNoWidthTable(t *testing.T) {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		t.Fatal("no build information")
	}
	for _, m := range bi.Deps {
		if m.Path == "github.com/mattn/go-runewidth" {
			t.Errorf("jixiao links %s; a pdfcpu/pkg/api import is back", m.Path)
		}
	}
}
