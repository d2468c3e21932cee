package profile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/jixiao/jixiao/templates"
	"github.com/shopspring/decimal"
)

// Set is the profiles one process serves, each resolved and checked
// once. It is safe for concurrent use.
type Set struct {
	raw     map[string]*source
	entries map[string]*entry
}

// entry is one profile of a set, resolved on first use.
type entry struct {
	once sync.Once
	p    *Profile
	err  error
}

// ErrUnknown reports a profile name that the set does not have.
var ErrUnknown = errors.New("unknown profile")

// Get returns the profile named name, or the default for "".
func (s *Set) Get(name string) (*Profile, error) {
	if name == "" {
		name = Default
	}
	e, ok := s.entries[name]
	if !ok {
		return nil, fmt.Errorf("%w %q (available: %s)", ErrUnknown, name, strings.Join(s.Names(), ", "))
	}
	e.once.Do(func() { e.p, e.err = resolve(s.raw, name) })
	return e.p, e.err
}

// Names lists the profiles, sorted.
func (s *Set) Names() []string {
	return slices.Sorted(maps.Keys(s.entries))
}

// Summaries describe the profiles, sorted by name. A set from Load has
// no profile that fails to resolve; the built-in set has none either
// (TestBuiltin resolves each), so none is left out in practice.
func (s *Set) Summaries() []Summary {
	var out []Summary
	for _, n := range s.Names() {
		if p, err := s.Get(n); err == nil {
			out = append(out, Summary{Name: n, Title: p.Title, Unit: p.Money.Unit})
		}
	}
	return out
}

// Builtin returns the profiles embedded in the binary
// (templates/profiles). The set is read once and shared: it is what a nil
// configuration means everywhere (evaluation.Evaluate, importer.Import,
// batch.Run).
//
// Unlike Load's, its profiles are resolved and checked one by one, on
// first use: they are part of the binary and the tests check every one
// (TestBuiltin), so a command that needs one profile, as most do, does
// not pay to check all of them at every start (18 ms for the six).
func Builtin() (*Set, error) { return builtin() }

var builtin = sync.OnceValues(func() (*Set, error) {
	sub, err := fs.Sub(templates.FS, "profiles")
	if err != nil {
		return nil, err
	}
	return read(true, sub)
})

// LoadDir loads the built-in profiles and then the *.json files of dir,
// which may extend the built-in ones or replace one of the same name.
func LoadDir(dir string) (*Set, error) {
	if dir == "" {
		return Builtin()
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("profiles: %s is not a readable directory", dir)
	}
	sub, err := fs.Sub(templates.FS, "profiles")
	if err != nil {
		return nil, err
	}
	return Load(sub, os.DirFS(dir))
}

// Load reads every *.json file of each fsys as a profile named after the
// file; a later fsys replaces a profile of the same name. Every profile is
// resolved (extends) and checked; the first mistake fails the load.
func Load(fsyss ...fs.FS) (*Set, error) {
	set, err := read(false, fsyss...)
	if err != nil {
		return nil, err
	}
	for _, n := range set.Names() {
		if _, err := set.Get(n); err != nil {
			return nil, err
		}
	}
	return set, nil
}

// read reads the profiles of fsyss as Load does, but resolves none.
// The files of a builtin set are read and decoded when first resolved
// (the national profile's never: it is generated code), each operator's
// file at once.
func read(builtin bool, fsyss ...fs.FS) (*Set, error) {
	raw := map[string]*source{}
	for _, fsys := range fsyss {
		files, err := fs.Glob(fsys, "*.json")
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			data := sync.OnceValues(func() ([]byte, error) {
				data, err := readFile(fsys, f)
				if err != nil {
					return nil, fmt.Errorf("profile %s: %w", f, err)
				}
				return data, nil
			})
			src := newSource(f, data, builtin)
			if !builtin {
				if _, err := src.object(); err != nil {
					return nil, err
				}
			}
			raw[strings.TrimSuffix(f, ".json")] = src
		}
	}
	if _, ok := raw[Default]; !ok {
		return nil, fmt.Errorf("profile: the default profile %q is missing", Default)
	}
	set := &Set{raw: raw, entries: make(map[string]*entry, len(raw))}
	for n := range raw {
		set.entries[n] = &entry{}
	}
	return set, nil
}

// MaxFileSize is the largest profile file read (the national profile is
// 16 KB), and MaxDepth the deepest nesting of its JSON (it has 6 levels):
// an operator's file is bounded like any input.
const (
	MaxFileSize = 1 << 20
	MaxDepth    = 32
)

// readFile reads a profile file of at most MaxFileSize bytes.
func readFile(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("larger than %d KiB", MaxFileSize>>10)
	}
	return data, nil
}

// source is one profile file.
type source struct {
	file string
	data func() ([]byte, error) // reads the file once
	// builtin marks a file of the binary: TestBuiltin checks that each
	// resolves through decodeObject, checkKeys and merge to the same
	// profile as straight from data, so resolve may take the shorter way
	// for a builtin profile that extends none.
	builtin bool
	// object returns data decoded by decodeObject, decoding once.
	object func() (map[string]any, error)
}

func newSource(file string, data func() ([]byte, error), builtin bool) *source {
	return &source{file: file, data: data, builtin: builtin, object: sync.OnceValues(func() (map[string]any, error) {
		b, err := data()
		if err != nil {
			return nil, err
		}
		obj, err := decodeObject(b)
		if err != nil {
			return nil, fmt.Errorf("profile %s: %w", file, err)
		}
		return obj, nil
	})}
}

// decodeObject reads a JSON object, keeping numbers exact and refusing
// duplicate keys, which would otherwise silently keep the last.
func decodeObject(data []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeValue(dec, "", 0)
	if err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("data after the profile object")
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("a profile is a JSON object")
	}
	return obj, nil
}

func decodeValue(dec *json.Decoder, at string, depth int) (any, error) {
	if depth > MaxDepth {
		return nil, fmt.Errorf("%s: nested deeper than %d levels", at[:min(len(at), 200)], MaxDepth)
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", orRoot(at), err)
	}
	switch tok {
	case json.Delim('{'):
		obj := map[string]any{}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return nil, fmt.Errorf("%s: %w", orRoot(at), err)
			}
			k := kt.(string)
			if _, dup := obj[k]; dup {
				return nil, fmt.Errorf("%s/%s: key given twice", at, k)
			}
			if obj[k], err = decodeValue(dec, at+"/"+k, depth+1); err != nil {
				return nil, err
			}
		}
		_, err = dec.Token()
		return obj, err
	case json.Delim('['):
		var arr []any
		for dec.More() {
			v, err := decodeValue(dec, fmt.Sprintf("%s/%d", at, len(arr)), depth+1)
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
		_, err = dec.Token()
		return arr, err
	}
	return tok, nil
}

func orRoot(at string) string {
	if at == "" {
		return "(root)"
	}
	return at
}

//go:generate go test -run TestGeneratedBuiltins -update .

// resolve builds the profile name from its chain of extends.
func resolve(raw map[string]*source, name string) (*Profile, error) {
	if src := raw[name]; src.builtin {
		// The national profile, which every command of the default
		// configuration uses, is made by code generated from its file
		// (builtin_gen.go, held to the file by TestGeneratedBuiltins):
		// its mistakes are found by the tests, not at every start, and
		// a command does not decode it. Decoding it with encoding/json
		// built the reflection tables of every Profile type, 0.3 MB,
		// and took the stack deep enough to be copied.
		if p := generatedBuiltin(src.file); p != nil {
			return finish(p, name, src.file)
		}
		data, err := src.data()
		if err != nil {
			return nil, err
		}
		if p, err := decodeProfile(data); err == nil && p.Extends == "" {
			return finish(p, name, src.file)
		}
	}
	return resolveChecked(raw, name)
}

// resolveChecked resolves name through the JSON objects of its chain,
// checking every key of every file.
func resolveChecked(raw map[string]*source, name string) (*Profile, error) {
	var chain []map[string]any
	var files []string
	seen := map[string]bool{}
	for n := name; n != ""; {
		src, ok := raw[n]
		if !ok {
			return nil, fmt.Errorf("profile %s: /extends: no profile %q", raw[name].file, n)
		}
		if seen[n] {
			return nil, fmt.Errorf("profile %s: /extends: %q extends itself", raw[name].file, n)
		}
		seen[n] = true
		obj, err := src.object()
		if err != nil {
			return nil, err
		}
		chain, files = append(chain, obj), append(files, src.file)
		ext, _ := obj["extends"].(string)
		if v, ok := obj["extends"]; ok && ext == "" {
			return nil, fmt.Errorf("profile %s: /extends: want a profile name, got %v", src.file, v)
		}
		n = ext
	}
	// Keys are checked file by file, so the error names the file.
	for i, obj := range chain {
		if err := checkKeys(obj, reflect.TypeFor[Profile](), ""); err != nil {
			return nil, fmt.Errorf("profile %s: %w", files[i], err)
		}
	}
	merged := map[string]any{}
	for _, obj := range slices.Backward(chain) {
		merged = merge(merged, obj)
	}
	data, err := json.Marshal(merged)
	if err != nil {
		return nil, fmt.Errorf("profile %s: %w", raw[name].file, err)
	}
	p, err := decodeProfile(data)
	if err != nil {
		return nil, fmt.Errorf("profile %s: %w", raw[name].file, err)
	}
	if p, err = finish(p, name, raw[name].file); err != nil {
		return nil, err
	}
	if err := p.prepare(); err != nil {
		return nil, fmt.Errorf("profile %s: %w", raw[name].file, err)
	}
	return p, nil
}

// decodeProfile decodes data, refusing keys that name no field.
func decodeProfile(data []byte) (*Profile, error) {
	p := &Profile{}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(p); err != nil {
		return nil, err
	}
	return p, nil
}

// finish names and checks a decoded profile.
func finish(p *Profile, name, file string) (*Profile, error) {
	p.Name = name
	if err := p.check(); err != nil {
		return nil, fmt.Errorf("profile %s: %w", file, err)
	}
	return p, nil
}

// merge lays over on base: objects merge key by key, anything else
// (arrays included) is replaced.
func merge(base, over map[string]any) map[string]any {
	out := make(map[string]any, len(base)+len(over))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		if k == "extends" {
			continue
		}
		bo, ok1 := out[k].(map[string]any)
		oo, ok2 := v.(map[string]any)
		if ok1 && ok2 {
			out[k] = merge(bo, oo)
		} else {
			out[k] = v
		}
	}
	return out
}

var (
	decimalType   = reflect.TypeFor[decimal.Decimal]()
	unmarshalType = reflect.TypeFor[json.Unmarshaler]()
)

// checkKeys refuses keys that name no field of t, with the JSON Pointer of
// the first one, and values of the wrong JSON kind.
func checkKeys(v any, t reflect.Type, at string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if v == nil {
		return nil
	}
	if t == decimalType || reflect.PointerTo(t).Implements(unmarshalType) {
		switch v.(type) {
		case json.Number, string:
			return nil
		}
		return fmt.Errorf("%s: want a number", orRoot(at))
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: want an object", orRoot(at))
		}
		fields := jsonFields(t)
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			ft, ok := fields[k]
			if !ok {
				return fmt.Errorf("%s/%s: unknown key (known: %s)", at, k, strings.Join(slices.Sorted(maps.Keys(fields)), ", "))
			}
			if err := checkKeys(obj[k], ft, at+"/"+k); err != nil {
				return err
			}
		}
	case reflect.Map:
		obj, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: want an object", orRoot(at))
		}
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			if err := checkKeys(obj[k], t.Elem(), at+"/"+k); err != nil {
				return err
			}
		}
	case reflect.Slice, reflect.Array:
		arr, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%s: want an array", orRoot(at))
		}
		for i, e := range arr {
			if err := checkKeys(e, t.Elem(), fmt.Sprintf("%s/%d", at, i)); err != nil {
				return err
			}
		}
	case reflect.String:
		if _, ok := v.(string); !ok {
			return fmt.Errorf("%s: want a string", orRoot(at))
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("%s: want true or false", orRoot(at))
		}
	case reflect.Int, reflect.Int32, reflect.Int64, reflect.Float64:
		if _, ok := v.(json.Number); !ok {
			return fmt.Errorf("%s: want a number", orRoot(at))
		}
	}
	return nil
}

// jsonFields maps the JSON names of t's fields, embedded ones included,
// to their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case name == "-" || !f.IsExported():
		case f.Anonymous && name == "":
			for k, v := range jsonFields(f.Type) {
				out[k] = v
			}
		case name == "":
			out[f.Name] = f.Type
		default:
			out[name] = f.Type
		}
	}
	return out
}
