package main

import (
	"bytes"
	"os"
	"os/exec"
	"regexp"
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

// leftOut are packages that the documented build's tags keep out of the
// binary (third_party/README.md): linked, each would run its package
// initialisation and map its code in every command.
var leftOut = []string{
	"github.com/ugorji/go/codec",          // gin, nomsgpack
	"github.com/goccy/go-yaml",            // gin, noyaml
	"github.com/pelletier/go-toml/v2",     // gin, notoml
	"go.mongodb.org/mongo-driver/v2/bson", // gin, nobson
	"github.com/quic-go/quic-go",          // gin, noquic
	"github.com/go-playground/validator/v10",
	"expvar", // client_golang, noexpvar
}

// TestDocumentedBuild reads the build command of README.md and checks
// that the Dockerfile builds with the same tags and that with them the
// command links none of leftOut.
func TestDocumentedBuild(t *testing.T) {
	tags := func(file string) string {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(`go build (?:-trimpath )?-tags (\S+) -o jixiao \./cmd/jixiao`).FindSubmatch(b)
		if m == nil {
			t.Fatalf("%s: no go build -tags … ./cmd/jixiao command", file)
		}
		return string(m[1])
	}
	readme := tags("../../README.md")
	if docker := tags("../../Dockerfile"); docker != readme {
		t.Errorf("the Dockerfile builds with -tags %s, README.md with %s", docker, readme)
	}
	out, err := exec.Command(goTool(), "list", "-tags", readme, "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	for _, p := range leftOut {
		for _, d := range deps {
			if d == p || strings.HasPrefix(d, p+"/") {
				t.Errorf("with -tags %s the command links %s", readme, d)
				break
			}
		}
	}
}
