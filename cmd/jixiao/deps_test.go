package main

import (
	"bytes"
	"os"
	"os/exec"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
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

// initBudget is what package initialisation may allocate in all. Below
// about 3 MB the runtime starts no collection before main: at 2.7 MB
// (excelize's tables and regular expressions built at start-up) a
// collection ran during initialisation in half of the runs of `jixiao`
// with no arguments, and start-up allocated for a command that never
// touched a workbook (docs/performance.md, issue 29).
const initBudget = 2 << 20

// workbookInitBudget is what excelize's own initialisation may allocate:
// third_party/excelize builds its tables and expressions on first use
// (145 KB left, its map literals; 1.35 MB as released).
const workbookInitBudget = 256 << 10

// TestStartupAllocations runs the command without arguments and holds
// what package initialisation allocates (GODEBUG=inittrace=1) to the
// budgets above, and checks that no collection ran before main.
func TestStartupAllocations(t *testing.T) {
	cmd := exec.Command(jixiaoBinary(t))
	// The collector's settings from the environment would move its first
	// collection; the runtime's defaults are what a user runs with.
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); k != "GOGC" && k != "GOMEMLIMIT" && k != "GODEBUG" {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "GODEBUG=inittrace=1,gctrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Run() // without arguments the usage goes out with status 2
	type pkgInit struct {
		pkg   string
		bytes int
	}
	var inits []pkgInit
	total := 0
	for line := range strings.Lines(stderr.String()) {
		if strings.HasPrefix(line, "gc ") {
			t.Errorf("a collection ran during start-up: %s", strings.TrimSpace(line))
		}
		// init PKG @T ms, T ms clock, N bytes, N allocs
		f := strings.Fields(line)
		if len(f) < 11 || f[0] != "init" || f[8] != "bytes," {
			continue
		}
		n, err := strconv.Atoi(f[7])
		if err != nil {
			t.Fatalf("inittrace line %q: %v", line, err)
		}
		inits = append(inits, pkgInit{f[1], n})
		total += n
	}
	if len(inits) == 0 {
		t.Fatalf("no inittrace lines in the output:\n%s", stderr.String())
	}
	slices.SortFunc(inits, func(a, b pkgInit) int { return b.bytes - a.bytes })
	for _, in := range inits {
		if in.pkg == "github.com/xuri/excelize/v2" && in.bytes > workbookInitBudget {
			t.Errorf("excelize's initialisation allocates %d bytes, budget %d: is third_party/excelize still replacing the release?", in.bytes, workbookInitBudget)
		}
	}
	if total > initBudget {
		t.Errorf("package initialisation allocates %d bytes, budget %d; the most: %v", total, initBudget, inits[:min(5, len(inits))])
	}
}
