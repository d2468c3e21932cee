package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestProfileFlags(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "region.json"), []byte(`{"extends": "national", "title": "某地", "scheme": {"grades": [{"min": "60", "grade": "合格"}, {"min": "0", "grade": "不合格"}]}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "bad")
	if err := os.MkdirAll(bad, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bad, "x.json"), []byte(`{"extends": "national", "colour": "red"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	example := "../../examples/minimal-self-assessment.json"
	out := filepath.Join(t.TempDir(), "t.pdf")
	for _, tt := range []struct {
		name   string
		args   []string
		status int
		want   string // in stdout or stderr
	}{
		{"the input's profile", []string{"validate", example}, exitOK, "profile national"},
		{"an override", []string{"validate", "--profile", "integer", example}, exitOK, "总分 94，等级 优"},
		{"an operator's profile", []string{"validate", "--profiles", dir, "--profile", "region", example}, exitOK, "等级 合格"},
		{"an unknown profile", []string{"validate", "--profile", "mars", example}, exitInvalid, `"mars"`},
		{"a profile file with a mistake", []string{"validate", "--profiles", bad, example}, exitUnread, "x.json: /colour: unknown key"},
		{"render an unknown profile", []string{"render", "--profile", "mars", "-o", out, example}, exitInvalid, `"mars"`},
		{"render on a form whose weights the input misses", []string{"render", "--profile", "execution-20", "-o", out, example}, exitInvalid, "各指标分值之和为 110，应为 100"},
		{"render with the right profile", []string{"render", "--profile", "integer", "-o", out, example}, exitOK, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if got := run(tt.args, strings.NewReader(""), &stdout, &stderr); got != tt.status {
				t.Errorf("exit %d, want %d\n%s%s", got, tt.status, stdout.String(), stderr.String())
			}
			if !strings.Contains(stdout.String()+stderr.String(), tt.want) {
				t.Errorf("output lacks %q:\n%s%s", tt.want, stdout.String(), stderr.String())
			}
		})
	}
	// The minimal example names no unit, so on the yuan form its
	// amounts are 元; --json names the profile.
	var stdout bytes.Buffer
	if got := run([]string{"validate", "--json", "--profile", "yuan", example}, nil, &stdout, &bytes.Buffer{}); got != exitOK {
		t.Fatalf("exit %d: %s", got, stdout.String())
	}
	var reports []struct{ Profile string }
	if err := json.Unmarshal(stdout.Bytes(), &reports); err != nil || len(reports) != 1 || reports[0].Profile != "yuan" {
		t.Errorf("--json reports %s (%v)", stdout.String(), err)
	}
}

// TestStrict: in strict mode a warning makes the input invalid in the
// text, the JSON and the exit status alike.
func TestStrict(t *testing.T) {
	example := "../../examples/beijing-finance-2021.json"
	var text, js bytes.Buffer
	if got := run([]string{"validate", "--strict", example}, nil, &text, &bytes.Buffer{}); got != exitInvalid {
		t.Errorf("exit %d", got)
	}
	if !strings.Contains(text.String(), "无效 invalid") || strings.Contains(text.String(), "有效 valid") {
		t.Errorf("text says %q", text.String()[max(0, text.Len()-200):])
	}
	if got := run([]string{"validate", "--strict", "--json", example}, nil, &js, &bytes.Buffer{}); got != exitInvalid {
		t.Errorf("--json: exit %d", got)
	}
	var reports []struct{ Valid bool }
	if err := json.Unmarshal(js.Bytes(), &reports); err != nil || len(reports) != 1 || reports[0].Valid {
		t.Errorf("--json says %s", js.String()[:min(200, js.Len())])
	}
}

// TestImportBindFigures binds the reference's prose figures: the JSON
// written holds placeholders, and validates.
func TestImportBindFigures(t *testing.T) {
	out := filepath.Join(t.TempDir(), "bound.json")
	var stderr bytes.Buffer
	if got := run([]string{"import", "--bind-figures", "-o", out, "../../examples/beijing-finance-2021.json"}, nil, &bytes.Buffer{}, &stderr); got != exitOK {
		t.Fatalf("exit %d: %s", got, stderr.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), "{{"); n != 89 || !strings.Contains(stderr.String(), "89") {
		t.Errorf("%d placeholders: %s", n, stderr.String())
	}
	if got := run([]string{"validate", out}, nil, &bytes.Buffer{}, &bytes.Buffer{}); got != exitOK {
		t.Errorf("the bound input does not validate: exit %d", got)
	}
}
