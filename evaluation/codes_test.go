package evaluation

import (
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// codePackages are the directories whose codes a client may meet in a
// problem or finding.
var codePackages = []string{".", "../profile"}

// TestEveryCodeIsTested guards the promise of stable codes: each Code* and
// Finding* constant of every non-test file of evaluation and profile is
// asserted by at least one test of its package, no two codes share a
// value, and the fuzz test's lists of known codes are exactly these. A
// list of codes is no assertion of them, so those lists do not count.
func TestEveryCodeIsTested(t *testing.T) {
	codes := map[string]map[string]string{} // dir → name → value
	byValue := map[string]string{}
	for _, dir := range codePackages {
		codes[dir] = map[string]string{}
		for name, value := range codeConsts(t, dir) {
			if other, ok := byValue[value]; ok {
				t.Errorf("%s and %s are both %q", other, name, value)
			}
			byValue[value] = name
			codes[dir][name] = value
		}
	}
	if len(codes["."]) < 40 {
		t.Fatalf("found only %d codes: %v", len(codes["."]), slices.Sorted(maps.Keys(codes["."])))
	}
	for _, dir := range codePackages {
		used := testIdents(t, dir)
		for _, n := range slices.Sorted(maps.Keys(codes[dir])) {
			if !used[n] {
				t.Errorf("code %s (%s) is asserted by no test", n, dir)
			}
		}
	}
	known := map[string]bool{}
	for c := range knownCodes {
		known[c] = true
	}
	for c := range knownFindings {
		known[c] = true
	}
	for v, n := range byValue {
		if !known[v] {
			t.Errorf("code %s (%q) is missing from the fuzz test's known codes", n, v)
		}
	}
	for v := range known {
		if _, ok := byValue[v]; !ok {
			t.Errorf("the fuzz test knows %q, which no constant declares", v)
		}
	}
}

// codeConsts returns the string constants named Code… or Finding… that
// the non-test files of dir declare, with their values.
func codeConsts(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, f := range parseDir(t, dir, false) {
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, s := range g.Specs {
				vs := s.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if !strings.HasPrefix(n.Name, "Code") && !strings.HasPrefix(n.Name, "Finding") {
						continue
					}
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						t.Errorf("%s: code %s is not a string literal", dir, n.Name)
						continue
					}
					v, err := strconv.Unquote(lit.Value)
					if err != nil {
						t.Fatal(err)
					}
					out[n.Name] = v
				}
			}
		}
	}
	return out
}

// testIdents returns the identifiers the test files of dir use (a
// qualified evaluation.X counts as X), leaving out this file and the
// fuzz test's lists of known codes.
func testIdents(t *testing.T, dir string) map[string]bool {
	t.Helper()
	used := map[string]bool{}
	for name, f := range parseDirNamed(t, dir, true) {
		if filepath.Base(name) == "codes_test.go" {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				for _, id := range n.Names {
					if id.Name == "knownCodes" || id.Name == "knownFindings" {
						return false
					}
				}
			case *ast.Ident:
				used[n.Name] = true
			}
			return true
		})
	}
	return used
}

func parseDir(t *testing.T, dir string, tests bool) []*ast.File {
	t.Helper()
	return slices.Collect(maps.Values(parseDirNamed(t, dir, tests)))
}

// parseDirNamed parses the Go files of dir: its tests, or the rest.
func parseDirNamed(t *testing.T, dir string, tests bool) map[string]*ast.File {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	out := map[string]*ast.File{}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") != tests {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = f
	}
	if len(out) == 0 {
		t.Fatalf("no files in %s", dir)
	}
	return out
}

// taggedRules are the validate tag rules fieldProblem gives a declared
// code; any other rule would reach a client as the tag's own name.
var taggedRules = []string{"required", "max", "min", "oneof", "dive", "omitempty", "-"}

// TestTagRulesHaveCodes guards the one way a code can escape the
// constants: a struct tag rule that fieldProblem does not know.
func TestTagRulesHaveCodes(t *testing.T) {
	n := 0
	for _, dir := range codePackages {
		for _, f := range parseDir(t, dir, false) {
			ast.Inspect(f, func(node ast.Node) bool {
				field, ok := node.(*ast.Field)
				if !ok || field.Tag == nil {
					return true
				}
				tag, err := strconv.Unquote(field.Tag.Value)
				if err != nil {
					t.Fatal(err)
				}
				rules, ok := reflect.StructTag(tag).Lookup("validate")
				if !ok {
					return true
				}
				for rule := range strings.SplitSeq(rules, ",") {
					name, _, _ := strings.Cut(rule, "=")
					if !slices.Contains(taggedRules, name) {
						t.Errorf("%s: rule %q has no code of its own", dir, name)
					}
					n++
				}
				return true
			})
		}
	}
	if n == 0 {
		t.Fatal("found no validate tags")
	}
}
