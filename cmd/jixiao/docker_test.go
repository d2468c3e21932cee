package main

import (
	"bufio"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestDockerBuild holds the image's build to the module: the Go image
// is the exact version go.mod requires, and the build context leaves out
// the history and the binary a local build leaves at the root.
func TestDockerBuild(t *testing.T) {
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	want := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(mod)
	if want == nil {
		t.Fatal("go.mod has no go directive")
	}
	docker, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	from := regexp.MustCompile(`(?m)^FROM golang:(\S+)`).FindSubmatch(docker)
	if from == nil || string(from[1]) != string(want[1]) {
		t.Errorf("Dockerfile builds with golang:%s, go.mod requires go %s", from[1:], want[1])
	}
	f, err := os.Open("../../.dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var ignored []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			ignored = append(ignored, line)
		}
	}
	for _, p := range []string{".git", "/jixiao"} {
		if !slices.Contains(ignored, p) {
			t.Errorf(".dockerignore does not leave out %s", p)
		}
	}
}
