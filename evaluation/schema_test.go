package evaluation

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

const schemaURL = "urn:jixiao:schema:disclosure"

func compileSchema(t testing.TB, loc string) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(schemaURL, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(loc)
	if err != nil {
		t.Fatalf("compile %s: %v", loc, err)
	}
	return s
}

func schemaValid(t testing.TB, s *jsonschema.Schema, data []byte) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("instance %s: %v", data, err)
	}
	return s.Validate(inst)
}

func TestSchemaIsSelfContained(t *testing.T) {
	var m map[string]any
	if err := json.Unmarshal(Schema(), &m); err != nil {
		t.Fatal(err)
	}
	if m["$schema"] != "https://json-schema.org/draft/2020-12/schema" || m["$id"] != schemaURL {
		t.Errorf("$schema %v, $id %v", m["$schema"], m["$id"])
	}
	s := Schema()
	s[0] = 'x'
	if Schema()[0] != '{' {
		t.Error("Schema() hands out the embedded bytes")
	}
}

func TestSchemaValidatesExamples(t *testing.T) {
	s := compileSchema(t, schemaURL)
	files, err := filepath.Glob(filepath.Join("..", "examples", "*.json"))
	if err != nil || len(files) < 2 {
		t.Fatalf("examples: %v %v", files, err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := schemaValid(t, s, data); err != nil {
			t.Errorf("%s: %v", f, err)
		}
		if r := Evaluate(data, &Config{Profiles: builtin()}); !r.Valid() {
			t.Errorf("%s: %v", f, r.Problems)
		}
	}
}

// TestSchemaAgreesWithDecoder: a document the schema accepts decodes and
// validates as far as structure goes, and the documents below that the
// decoder refuses, the schema refuses too.
func TestSchemaAgreesWithDecoder(t *testing.T) {
	s := compileSchema(t, schemaURL)
	valid := map[string][]byte{
		"table":                 tableDoc(t, ""),
		"department":            departmentDoc(t, ""),
		"project":               projectDoc(t, ""),
		"JSON numbers":          tableDoc(t, `{"funds": {"total": {"budget": 100, "executed": 96.5}}, "executionWeight": 10}`),
		"percent and thousands": tableDoc(t, `{"funds": {"total": {"budget": "1,000.00", "executed": "960"}}, "declared": {"executionRate": "96%", "points": {"产出指标": 50}}}`),
		"cells and blocks":      departmentDoc(t, `{"sections": [{"heading": "一", "blocks": ["段", {"list": {"style": "bullet", "items": ["a"]}}, {"table": {"rows": [["a", {"text": "b", "colSpan": 2}]], "widths": [1, "1", 2]}}]}]}`),
		"quantitative":          rowsDoc(t, `[{"level1": "产出指标", "level2": "数量指标", "weight": "90", "quantitative": {"direction": "negative", "target": "1", "actual": ".5"}}]`),
	}
	for name, doc := range valid {
		if err := schemaValid(t, s, doc); err != nil {
			t.Errorf("%s: schema refuses: %v", name, err)
		}
		if ps := decodeProblems(t, doc); ps != nil {
			t.Errorf("%s: decoder refuses: %v", name, ps)
		}
	}
	invalid := map[string][]byte{
		"unknown key":          tableDoc(t, `{"projekt": "x"}`),
		"nested unknown key":   tableDoc(t, `{"funds": {"total": {"spent": "1"}}}`),
		"number as word":       tableDoc(t, `{"funds": {"total": {"budget": "abc"}}}`),
		"decimal comma":        tableDoc(t, `{"funds": {"total": {"budget": "96,16"}}}`),
		"number too long":      tableDoc(t, `{"funds": {"total": {"budget": "12345678901234567890.12345678901234567890"}}}`),
		"number as boolean":    tableDoc(t, `{"executionWeight": true}`),
		"year as string":       docWith(t, `{"year": "2021", "selfAssessments": [`+baseTable+`]}`),
		"control character":    tableDoc(t, `{"project": "a\u0007"}`),
		"newline in paragraph": departmentDoc(t, `{"sections": [{"heading": "一", "blocks": ["a\nb"]}]}`),
		"cell as number":       departmentDoc(t, `{"sections": [{"heading": "一", "blocks": [{"table": {"rows": [[1]]}}]}]}`),
		"bool as string":       tableDoc(t, `{"omitNotes": "yes"}`),
		"points as array":      tableDoc(t, `{"declared": {"points": []}}`),
	}
	for name, doc := range invalid {
		if schemaValid(t, s, doc) == nil {
			t.Errorf("%s: schema accepts", name)
		}
		if decodeProblems(t, doc) == nil {
			t.Errorf("%s: decoder accepts", name)
		}
	}
	// Rules the schema states beyond structure, that Validate checks.
	for name, doc := range map[string][]byte{
		"nothing to evaluate":   docWith(t, ``),
		"required string empty": tableDoc(t, `{"project": ""}`),
		"fund total":            tableDoc(t, `{"funds": {"total": {"executed": null}}}`),
		"list style":            departmentDoc(t, `{"sections": [{"heading": "一", "blocks": [{"list": {"style": "roman", "items": ["a"]}}]}]}`),
		"block of two kinds":    departmentDoc(t, `{"sections": [{"heading": "一", "blocks": [{"paragraph": "a", "list": {"style": "bullet", "items": ["b"]}}]}]}`),
		"scoreRows":             rowsDoc(t, `[{"level1": "产出指标", "level2": "数量指标", "weight": "90", "score": "90", "scoreRows": 101}]`),
	} {
		if schemaValid(t, s, doc) == nil {
			t.Errorf("%s: schema accepts", name)
		}
		if len(validProblems(t, doc)) == 0 {
			t.Errorf("%s: Validate accepts", name)
		}
	}
}

// TestSchemaNumberPattern checks the schema's Number against ParseNumber:
// whatever the schema accepts, ParseNumber reads to the same value.
func TestSchemaNumberPattern(t *testing.T) {
	s := compileSchema(t, schemaURL+"#/$defs/Number")
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{`96.16`, true}, {`-3`, true}, {`0`, true},
		{`"96.16"`, true}, {`"96.16%"`, true}, {`"100%"`, true}, {`"-3"`, true}, {`"+3"`, true},
		{`".5"`, true}, {`"5."`, true}, {`"7,235.39"`, true}, {`"1,000,000"`, true}, {`"-1,000%"`, true},
		{`""`, false}, {`"%"`, false}, {`"."`, false}, {`"abc"`, false}, {`"1e3"`, false}, {`"96,16"`, false},
		{`",5"`, false}, {`"1,2,3"`, false}, {`"5%%"`, false}, {`"5 %"`, false}, {`" 5"`, false},
		{`"0x10"`, false}, {`"NaN"`, false}, {`"1234,567"`, false},
		{`"` + strings.Repeat("1", 41) + `"`, false},
		{`true`, false}, {`null`, false}, {`{}`, false}, {`[]`, false},
	} {
		err := schemaValid(t, s, []byte(tt.in))
		if (err == nil) != tt.want {
			t.Errorf("schema on %s: valid %v, want %v", tt.in, err == nil, tt.want)
		}
		if err == nil {
			var n Number
			if err := json.Unmarshal([]byte(tt.in), &n); err != nil || !n.Valid {
				t.Errorf("schema accepts %s but ParseNumber does not: %v", tt.in, err)
			}
		}
	}
}

// crossRequired lists the properties the schema requires beyond the
// `required` struct tags: Validate requires them through cross-field
// rules.
var crossRequired = map[string]bool{
	"DepartmentReport.budget": true, "DepartmentBudget.budget": true, "DepartmentBudget.spending": true,
	"Split.total": true, "Carryover.budget": true, "Carryover.amount": true,
	"FinalAccounts.budget": true, "FinalAccounts.actual": true,
	"SelfAssessment.funds": true, "Funds.total": true,
	"Quantitative.target": true, "Quantitative.actual": true,
}

// schemaStricter lists the constraints the schema states beyond the
// struct tags, for rules Validate checks across fields.
var schemaStricter = map[string]bool{
	"Block.paragraph minLength": true, // a block must be exactly one thing: an empty paragraph is none
}

// TestSchemaMatchesModel walks the Go types of the input by reflection and
// checks that the schema has exactly their JSON keys, with the JSON types,
// lengths, ranges, enums and required keys of their struct tags.
func TestSchemaMatchesModel(t *testing.T) {
	var root map[string]any
	if err := json.Unmarshal(Schema(), &root); err != nil {
		t.Fatal(err)
	}
	defs := root["$defs"].(map[string]any)
	w := &schemaWalker{t: t, defs: defs, seen: map[string]bool{"Number": true, "Text": true}}
	if ref, _ := root["$ref"].(string); ref != "#/$defs/Disclosure" {
		t.Fatalf("root $ref %q", ref)
	}
	w.structType(reflect.TypeFor[Disclosure]())
	for name := range defs {
		if !w.seen[name] {
			t.Errorf("$defs/%s matches no Go type of the input", name)
		}
	}
}

type schemaWalker struct {
	t    *testing.T
	defs map[string]any
	seen map[string]bool
}

func (w *schemaWalker) def(name string) map[string]any {
	d, ok := w.defs[name].(map[string]any)
	if !ok {
		w.t.Fatalf("$defs/%s missing", name)
	}
	return d
}

// object returns the object form of a definition (Cell and Block also
// accept a bare string).
func (w *schemaWalker) object(name string) map[string]any {
	d := w.def(name)
	if alts, ok := d["oneOf"].([]any); ok {
		for _, a := range alts {
			if m := a.(map[string]any); m["type"] == "object" {
				return m
			}
		}
		w.t.Fatalf("$defs/%s has no object form", name)
	}
	return d
}

func (w *schemaWalker) structType(t reflect.Type) {
	name := t.Name()
	if w.seen[name] {
		return
	}
	w.seen[name] = true
	obj := w.object(name)
	if obj["type"] != "object" || obj["additionalProperties"] != false {
		w.t.Errorf("$defs/%s: want type object and additionalProperties false", name)
	}
	props, _ := obj["properties"].(map[string]any)
	fields := jsonFields(t)
	var goKeys, schemaKeys []string
	for k := range fields {
		goKeys = append(goKeys, k)
	}
	for k := range props {
		schemaKeys = append(schemaKeys, k)
	}
	sort.Strings(goKeys)
	sort.Strings(schemaKeys)
	if !slices.Equal(goKeys, schemaKeys) {
		w.t.Errorf("$defs/%s keys:\n schema %v\n Go     %v", name, schemaKeys, goKeys)
	}
	required := map[string]bool{}
	if rs, ok := obj["required"].([]any); ok {
		for _, r := range rs {
			required[r.(string)] = true
		}
	}
	for i := range t.NumField() {
		f := t.Field(i)
		key, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		p, ok := props[key].(map[string]any)
		if !ok {
			continue
		}
		tags := strings.Split(f.Tag.Get("validate"), ",")
		tagRequired := slices.Contains(tags, "required")
		where := name + "." + key
		if tagRequired && !required[key] {
			w.t.Errorf("%s: required by its tag, not by the schema", where)
		}
		if required[key] && !tagRequired && !crossRequired[where] {
			w.t.Errorf("%s: required by the schema, not by its tag", where)
		}
		w.value(f.Type, p, tags, where)
	}
}

// value checks the property schema p against the Go type t and the
// field's validate tags (up to the first dive for slices).
func (w *schemaWalker) value(t reflect.Type, p map[string]any, tags []string, where string) {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	ref, _ := p["$ref"].(string)
	tag := func(name string) (string, bool) {
		for _, tg := range tags {
			if tg == "dive" {
				break
			}
			if v, ok := strings.CutPrefix(tg, name+"="); ok {
				return v, true
			}
		}
		return "", false
	}
	num := func(key string) string {
		switch v := p[key].(type) {
		case float64:
			return strconv.FormatFloat(v, 'f', -1, 64)
		case nil:
			return ""
		default:
			return fmt.Sprint(v)
		}
	}
	expect := func(key, want string) {
		if got := num(key); got != want && !schemaStricter[where+" "+key] {
			w.t.Errorf("%s: %s is %q, the tags say %q", where, key, got, want)
		}
	}
	max, _ := tag("max")
	min, _ := tag("min")
	switch {
	case t == numberType:
		if ref != "#/$defs/Number" {
			w.t.Errorf("%s: want $ref Number, got %v", where, p)
		}
	case t.Kind() == reflect.String:
		if oneof, ok := tag("oneof"); ok {
			var enum []string
			for _, e := range p["enum"].([]any) {
				enum = append(enum, e.(string))
			}
			if want := strings.Fields(oneof); !slices.Equal(enum, want) {
				w.t.Errorf("%s: enum %v, oneof %v", where, enum, want)
			}
			return
		}
		if ref != "#/$defs/Text" {
			w.t.Errorf("%s: want $ref Text, got %v", where, p)
		}
		expect("maxLength", max)
		if slices.Contains(tags, "required") {
			expect("minLength", "1")
		} else {
			expect("minLength", "")
		}
	case t.Kind() == reflect.Int:
		if p["type"] != "integer" {
			w.t.Errorf("%s: want integer, got %v", where, p)
		}
		expect("maximum", max)
		if min == "" && slices.Contains(tags, "required") {
			min = "1"
		}
		if min != "" {
			expect("minimum", min)
		}
	case t.Kind() == reflect.Bool:
		if p["type"] != "boolean" {
			w.t.Errorf("%s: want boolean, got %v", where, p)
		}
	case t.Kind() == reflect.Slice:
		if p["type"] != "array" {
			w.t.Errorf("%s: want array, got %v", where, p)
			return
		}
		expect("minItems", min)
		items, _ := p["items"].(map[string]any)
		var itemTags []string
		if i := slices.Index(tags, "dive"); i >= 0 {
			itemTags = tags[i+1:]
		}
		w.value(t.Elem(), items, itemTags, where+"[]")
	case t.Kind() == reflect.Map:
		if p["type"] != "object" || p["propertyNames"] == nil {
			w.t.Errorf("%s: want an object with propertyNames, got %v", where, p)
			return
		}
		w.value(t.Elem(), p["additionalProperties"].(map[string]any), nil, where+"{}")
	case t.Kind() == reflect.Struct:
		if ref != "#/$defs/"+t.Name() {
			w.t.Errorf("%s: want $ref %s, got %v", where, t.Name(), p)
			return
		}
		w.structType(t)
	default:
		w.t.Errorf("%s: unexpected Go type %s", where, t)
	}
}
