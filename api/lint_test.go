package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// redoclyPath finds the linter scripts/ci-deps.sh installs: the one
// JIXIAO_REDOCLY names, else bin/redocly in the user's cache.
func redoclyPath() (string, error) {
	if p := os.Getenv("JIXIAO_REDOCLY"); p != "" {
		return p, nil
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	p := filepath.Join(cache, "jixiao", "bin", "redocly")
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("%w (bash scripts/ci-deps.sh installs it, or set JIXIAO_REDOCLY)", err)
	}
	return p, nil
}

// lintReport is what redocly lint --format=json prints.
type lintReport struct {
	Totals struct {
		Errors, Warnings, Ignored int
	} `json:"totals"`
	Problems []struct {
		RuleID   string `json:"ruleId"`
		Severity string `json:"severity"`
		Message  string `json:"message"`
		Location []struct {
			Pointer string `json:"pointer"`
		} `json:"location"`
	} `json:"problems"`
}

// lint runs redocly lint on an OpenAPI document with the rules of
// redocly.yaml and the problems .redocly.lint-ignore.yaml accepts, which
// the linter reads from its working directory.
func lint(t *testing.T, bin string, doc []byte) lintReport {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"redocly.yaml", ".redocly.lint-ignore.yaml"} {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "openapi.json"), doc, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "lint", "--format=json", "openapi.json")
	cmd.Dir = dir
	// No telemetry and no update check: the test needs no network.
	cmd.Env = append(os.Environ(), "REDOCLY_TELEMETRY=off", "REDOCLY_SUPPRESS_UPDATE_NOTICE=true")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var report lintReport
	if jerr := json.Unmarshal(stdout.Bytes(), &report); jerr != nil {
		t.Fatalf("redocly lint: %v, %v\n%s\n%s", err, jerr, stdout.Bytes(), stderr.Bytes())
	}
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && report.Totals.Errors > 0) {
		t.Fatalf("redocly lint: %v\n%s", err, stderr.Bytes())
	}
	return report
}

// TestOpenAPILint lints the description as served, with redocly's
// recommended rules: it must have no error, and no warning but those
// .redocly.lint-ignore.yaml accepts and explains.
func TestOpenAPILint(t *testing.T) {
	bin, err := redoclyPath()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("redocly: %v", err)
		}
		t.Skipf("redocly is not installed: %v", err)
	}
	doc, err := openAPIDocument()
	if err != nil {
		t.Fatal(err)
	}
	report := lint(t, bin, doc)
	for _, p := range report.Problems {
		var where []string
		for _, l := range p.Location {
			where = append(where, l.Pointer)
		}
		t.Errorf("%s %s at %s: %s", p.Severity, p.RuleID, strings.Join(where, ", "), p.Message)
	}
	if report.Totals.Errors+report.Totals.Warnings != len(report.Problems) {
		t.Errorf("totals %+v, problems listed %d", report.Totals, len(report.Problems))
	}
}
