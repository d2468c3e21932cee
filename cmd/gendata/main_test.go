package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/jixiao/jixiao/evaluation"
)

func TestNDJSON(t *testing.T) {
	var out bytes.Buffer
	if code := run([]string{"-n", "12", "-tables", "2", "-invalid-every", "4"}, &out, io.Discard); code != 0 {
		t.Fatalf("exit %d", code)
	}
	sc := bufio.NewScanner(&out)
	sc.Buffer(nil, 1<<20)
	valid, invalid := 0, 0
	for sc.Scan() {
		if evaluation.Evaluate(sc.Bytes(), nil).Valid() {
			valid++
		} else {
			invalid++
		}
	}
	if valid != 9 || invalid != 3 {
		t.Errorf("%d valid, %d invalid; want 9 and 3", valid, invalid)
	}
}

func TestArrayAndFiles(t *testing.T) {
	dir := t.TempDir()
	arr := filepath.Join(dir, "a.json")
	if code := run([]string{"-n", "3", "-format", "array", "-o", arr}, io.Discard, io.Discard); code != 0 {
		t.Fatalf("exit %d", code)
	}
	data, _ := os.ReadFile(arr)
	var docs []json.RawMessage
	if err := json.Unmarshal(data, &docs); err != nil || len(docs) != 3 {
		t.Fatalf("array: %v, %d elements", err, len(docs))
	}
	for i, d := range docs {
		if rep := evaluation.Evaluate(d, nil); !rep.Valid() {
			t.Errorf("element %d: %v", i, rep.Problems)
		}
	}
	files := filepath.Join(dir, "files")
	if code := run([]string{"-n", "2", "-format", "files", "-o", files}, io.Discard, io.Discard); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if names, _ := filepath.Glob(filepath.Join(files, "*.json")); len(names) != 2 {
		t.Errorf("files %v", names)
	}
	if code := run([]string{"-format", "files"}, io.Discard, io.Discard); code != 2 {
		t.Errorf("files without -o: exit %d", code)
	}
	var empty bytes.Buffer
	if code := run([]string{"-n", "0", "-format", "array"}, &empty, io.Discard); code != 0 || !json.Valid(empty.Bytes()) {
		t.Errorf("empty array %q", empty.String())
	}
}
