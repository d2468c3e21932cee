package evaluation

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestEveryCodeIsTested guards the promise of stable codes: each Code* and
// Finding* constant is asserted by at least one test of this package, so
// a new code cannot arrive without a test.
func TestEveryCodeIsTested(t *testing.T) {
	fset := token.NewFileSet()
	var names []string
	for _, file := range []string{"errors.go", "audit.go"} {
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, s := range g.Specs {
				for _, n := range s.(*ast.ValueSpec).Names {
					if strings.HasPrefix(n.Name, "Code") || strings.HasPrefix(n.Name, "Finding") {
						names = append(names, n.Name)
					}
				}
			}
		}
	}
	if len(names) < 25 {
		t.Fatalf("found only %d codes: %v", len(names), names)
	}
	tests, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, f := range tests {
		if f == "codes_test.go" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
	}
	src := all.String()
	for _, n := range names {
		if !regexp.MustCompile(`\b` + n + `\b`).MatchString(src) {
			t.Errorf("code %s is asserted by no test", n)
		}
	}
}
