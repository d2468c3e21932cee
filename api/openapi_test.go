package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/export"
)

var (
	catchAll  = regexp.MustCompile(`\*(\w+)$`)
	pathParam = regexp.MustCompile(`:(\w+)`)
)

// TestOpenAPIRoutes checks that the router and the description agree on
// every path and method.
func TestOpenAPIRoutes(t *testing.T) {
	s, err := New(Config{Write: fakeRender})
	if err != nil {
		t.Fatal(err)
	}
	var routes []string
	for _, r := range s.engine.Routes() {
		// gin's catch-all parameter is OpenAPI's path parameter.
		path := catchAll.ReplaceAllString(r.Path, "{$1}")
		path = pathParam.ReplaceAllString(path, "{$1}")
		routes = append(routes, r.Method+" "+path)
	}
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(s.openapi, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	var documented []string
	for path, ops := range doc.Paths {
		for method := range ops {
			documented = append(documented, strings.ToUpper(method)+" "+path)
		}
	}
	sort.Strings(routes)
	sort.Strings(documented)
	if !slices.Equal(routes, documented) {
		t.Errorf("router:\n%s\ndescription:\n%s", strings.Join(routes, "\n"), strings.Join(documented, "\n"))
	}
}

// refs collects every $ref in a JSON value.
func refs(v any, out *[]string) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok && k == "$ref" {
				*out = append(*out, s)
			}
			refs(e, out)
		}
	case []any:
		for _, e := range x {
			refs(e, out)
		}
	}
}

// resolve follows a local JSON Pointer reference in doc.
func resolve(doc any, ref string) bool {
	ptr, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return false
	}
	cur := doc
	for _, seg := range strings.Split(ptr, "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return false
		}
		if cur, ok = m[strings.NewReplacer("~1", "/", "~0", "~").Replace(seg)]; !ok {
			return false
		}
	}
	return true
}

func TestOpenAPIReferencesResolve(t *testing.T) {
	s, err := New(Config{Write: fakeRender})
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(s.openapi, &doc); err != nil {
		t.Fatal(err)
	}
	var all []string
	refs(doc, &all)
	if len(all) < 50 {
		t.Errorf("only %d references", len(all))
	}
	for _, r := range all {
		if !resolve(doc, r) {
			t.Errorf("unresolved reference %s", r)
		}
	}
	if bytes.Contains(s.openapi, []byte("#/$defs/")) {
		t.Error("a schema reference still points at $defs")
	}
}

// TestProblemTypesDocumented checks that docs/api.md explains every
// problem type, under a heading that its type URI's fragment names, and
// that the description lists each problem's status.
func TestProblemTypesDocumented(t *testing.T) {
	md, err := os.ReadFile("../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]struct {
			Responses map[string]any `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(openAPIJSON, &doc); err != nil {
		t.Fatal(err)
	}
	statuses := map[string]bool{}
	for _, ops := range doc.Paths {
		for _, op := range ops {
			for code := range op.Responses {
				statuses[code] = true
			}
		}
	}
	for _, p := range problemTypes {
		if !bytes.Contains(md, []byte("\n### "+p.slug+"\n")) {
			t.Errorf("docs/api.md has no heading for %s", p.slug)
		}
		if p.slug != "not-found" && p.slug != "method-not-allowed" && !statuses[fmt.Sprint(p.status)] {
			t.Errorf("no operation documents status %d (%s)", p.status, p.slug)
		}
	}
}

// TestSchemaServed checks that the disclosure schema is served as it is.
// Every answer of the tests' servers is checked against the description
// by newTestServer's contract (contract_test.go).
func TestSchemaServed(t *testing.T) {
	ts := newTestServer(t, Config{})
	resp, body := ts.do(t, http.MethodGet, pathSchema, "", nil)
	if resp.StatusCode != 200 || !bytes.Equal(body, schemaJSON()) {
		t.Errorf("%d: the served schema differs from schema.json", resp.StatusCode)
	}
}

// TestOpenAPIFormats: every list of formats in the description is the
// registry's (export.Formats), so that a new format cannot be offered in
// one place and refused in another.
func TestOpenAPIFormats(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(openAPIJSON, &doc); err != nil {
		t.Fatal(err)
	}
	want := export.FormatNames()
	var enums [][]string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if e, ok := x["enum"].([]any); ok && slices.Contains(e, any(export.DefaultFormat().Name)) {
				var names []string
				for _, n := range e {
					names = append(names, n.(string))
				}
				enums = append(enums, names)
			}
			if p, ok := x["pattern"].(string); ok && strings.Contains(p, export.DefaultFormat().Name+"|") {
				alt := "(" + strings.Join(want, "|") + ")"
				if p != "^"+alt+"(,"+alt+")*$" {
					t.Errorf("pattern %s, want the formats %v", p, want)
				}
			}
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(doc)
	if len(enums) < 3 {
		t.Fatalf("found %d format enums in the description", len(enums))
	}
	for _, e := range enums {
		if !slices.Equal(e, want) {
			t.Errorf("enum %v, want the registry's %v", e, want)
		}
	}
	ts := newTestServer(t, Config{})
	resp, body := ts.do(t, http.MethodGet, pathFormats, "", nil)
	var list formatList
	if err := json.Unmarshal(body, &list); resp.StatusCode != 200 || err != nil || len(list.Formats) != len(want) || list.Formats[0].Name != want[0] {
		t.Errorf("GET %s: %d %s", pathFormats, resp.StatusCode, body)
	}
}
