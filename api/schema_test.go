package api

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/batch/synth"
	"github.com/jixiao/jixiao/evaluation"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/shopspring/decimal"
)

// compileDescription compiles the schema name of the OpenAPI description
// the server serves, with the disclosure schema merged in.
func compileDescription(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	doc, err := openAPIDocument()
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("openapi.json", instance(t, doc)); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("openapi.json#/components/schemas/" + name)
	if err != nil {
		t.Fatalf("compile %s: %v", name, err)
	}
	return sch
}

func instance(t *testing.T, data []byte) any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestExamplesMatchDescription checks that every bundled example decodes
// cleanly and conforms to the Disclosure of the OpenAPI description (the
// disclosure schema once moved into the components), as do generated
// disclosures and the readiness sample.
func TestExamplesMatchDescription(t *testing.T) {
	sch := compileDescription(t, "Disclosure")
	files, err := filepath.Glob("../examples/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := evaluation.DecodeBytes(data); err != nil {
			t.Errorf("%s does not decode: %v", f, err)
		}
		if err := sch.Validate(instance(t, data)); err != nil {
			t.Errorf("%s does not match the description: %v", f, err)
		}
	}
	for i, opts := range []synth.Options{synth.Default, synth.Table, {Seed: 9, Tables: 3, Projects: 2, Department: true, Paragraphs: 1}} {
		if err := sch.Validate(instance(t, synth.JSON(opts, i))); err != nil {
			t.Errorf("synthetic disclosure %d does not match the description: %v", i, err)
		}
	}
	if err := sch.Validate(instance(t, warmupJSON)); err != nil {
		t.Errorf("warmup.json does not match the description: %v", err)
	}
	for _, doc := range []string{
		`{"year": 2021, "selfAssessments": []}`,
		`{"department": "甲", "year": 2021, "colour": "red", "departmentReport": {"indicators": [{"name": "n"}]}}`,
		`{"department": "甲", "year": "2021", "departmentReport": {"indicators": [{"name": "n"}]}}`,
	} {
		if err := sch.Validate(instance(t, []byte(doc))); err == nil {
			t.Errorf("the description accepts %s", doc)
		}
	}
}

// jsonKeys returns the JSON keys of a struct type.
func jsonKeys(t reflect.Type) (keys []string) {
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		keys = append(keys, name)
	}
	sort.Strings(keys)
	return keys
}

// objectSchema is the part of a schema the struct test reads.
type objectSchema struct {
	Ref                  string                  `json:"$ref"`
	Type                 string                  `json:"type"`
	Properties           map[string]objectSchema `json:"properties"`
	Required             []string                `json:"required"`
	AdditionalProperties any                     `json:"additionalProperties"`
	Items                *objectSchema           `json:"items"`
	OneOf                []objectSchema          `json:"oneOf"`
	AnyOf                []objectSchema          `json:"anyOf"`
}

// object returns the object form of a schema, which may be one branch of
// a oneOf (a Cell or a Block may also be a string).
func (s objectSchema) object() objectSchema {
	for _, b := range s.OneOf {
		if b.Type == "object" {
			return b
		}
	}
	return s
}

var (
	numberType  = reflect.TypeFor[evaluation.Number]()
	decimalType = reflect.TypeFor[decimal.Decimal]()
)

// checkStructs walks the Go types reachable from root and checks that
// each struct has a schema in defs (under the name rename gives it) whose
// properties are exactly its JSON keys, with matching types.
func checkStructs(t *testing.T, root reflect.Type, defs map[string]objectSchema, refPrefix string, rename map[string]string, checkTypes bool) {
	t.Helper()
	seen := map[reflect.Type]bool{}
	name := func(ty reflect.Type) string {
		if n, ok := rename[ty.Name()]; ok {
			return n
		}
		return ty.Name()
	}
	var walk func(ty reflect.Type)
	walk = func(ty reflect.Type) {
		if seen[ty] || ty == numberType || ty == decimalType {
			return
		}
		seen[ty] = true
		def, ok := defs[name(ty)]
		if !ok {
			t.Errorf("no schema %s for %v", name(ty), ty)
			return
		}
		obj := def.object()
		keys := jsonKeys(ty)
		var props []string
		for k := range obj.Properties {
			props = append(props, k)
		}
		sort.Strings(props)
		if !slices.Equal(keys, props) {
			t.Errorf("%s: JSON keys %v, schema properties %v", name(ty), keys, props)
		}
		if !checkTypes && obj.AdditionalProperties != false {
			t.Errorf("%s: additionalProperties is not false", name(ty))
		}
		for i := range ty.NumField() {
			f := ty.Field(i)
			key, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || key == "-" {
				continue
			}
			if checkTypes {
				checkField(t, name(ty)+"."+key, f.Type, obj.Properties[key], refPrefix, name)
			}
			for ft := f.Type; ; {
				switch ft.Kind() {
				case reflect.Pointer, reflect.Slice, reflect.Map:
					ft = ft.Elem()
					continue
				case reflect.Struct:
					walk(ft)
				}
				break
			}
		}
	}
	walk(root)
}

// checkField checks that a property's schema fits the field's Go type.
func checkField(t *testing.T, where string, ty reflect.Type, s objectSchema, refPrefix string, name func(reflect.Type) string) {
	t.Helper()
	if ty.Kind() == reflect.Pointer {
		ty = ty.Elem()
	}
	want := ""
	switch {
	case ty == numberType:
		want = "$ref " + refPrefix + "Number"
	case ty == decimalType:
		want = "$ref " + refPrefix + "Decimal"
	case ty.Kind() == reflect.Struct:
		want = "$ref " + refPrefix + name(ty)
	case ty.Kind() == reflect.String:
		want = "string"
	case ty.Kind() == reflect.Int:
		want = "integer"
	case ty.Kind() == reflect.Bool:
		want = "boolean"
	case ty.Kind() == reflect.Slice:
		want = "array"
		if s.Items != nil {
			checkField(t, where+"[]", ty.Elem(), *s.Items, refPrefix, name)
		} else {
			t.Errorf("%s: an array without items", where)
		}
	case ty.Kind() == reflect.Map:
		want = "object"
	}
	if len(s.AnyOf) == 2 && s.AnyOf[1].Type == "null" {
		s = s.AnyOf[0] // a value or null: a part left out of a result
	}
	got := s.Type
	if s.Ref != "" {
		got = "$ref " + s.Ref
	}
	if got != want {
		t.Errorf("%s: schema %q, Go type %v wants %q", where, got, ty, want)
	}
}

// TestDescriptionCoversModel checks that the description's input schemas
// have every JSON key of the input types, and no other. (evaluation's own
// tests check the schema's types and rules.)
func TestDescriptionCoversModel(t *testing.T) {
	doc, err := openAPIDocument()
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Components struct {
			Schemas map[string]objectSchema `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		t.Fatal(err)
	}
	checkStructs(t, reflect.TypeFor[evaluation.Disclosure](), d.Components.Schemas, "#/components/schemas/", nil, false)
}

// TestOpenAPICoversResults checks the documented output types the same
// way: the validation report, its figures, errors and findings.
func TestOpenAPICoversResults(t *testing.T) {
	var doc struct {
		Components struct {
			Schemas map[string]objectSchema `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openAPIJSON, &doc); err != nil {
		t.Fatal(err)
	}
	rename := map[string]string{"Problem": "FieldError"}
	for _, root := range []reflect.Type{reflect.TypeFor[evaluation.Result](), reflect.TypeFor[evaluation.Problem](), reflect.TypeFor[evaluation.Finding]()} {
		checkStructs(t, root, doc.Components.Schemas, "#/components/schemas/", rename, true)
	}
}
