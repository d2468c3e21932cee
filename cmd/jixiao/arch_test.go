package main

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/jixiao/jixiao/batch/synth"
)

// TestSameBytesOnArm64 renders every example, as PDF, OFD and workbook,
// the summary of them all and a batch of synthetic disclosures, with
// this machine's build and with an arm64 build run under QEMU's
// user-mode emulator, and wants the same bytes. Go fuses a multiply and an add into one instruction on arm64
// (not on amd64's default target), which rounds once instead of twice:
// the layout's places can then differ by an ulp, and anything that
// depends on their bits rather than on what the page writes differs with
// them. The file identifier did until it hashed the places as written
// (render/pdf.fileID). Departments' servers run on either architecture.
func TestSameBytesOnArm64(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command for arm64")
	}
	qemu, err := exec.LookPath("qemu-aarch64")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("qemu-aarch64 not installed (scripts/ci-deps.sh installs qemu-user)")
		}
		t.Skip("qemu-aarch64 not installed")
	}
	native := jixiaoBinary(t)
	dir := t.TempDir()
	arm := filepath.Join(dir, "jixiao-arm64")
	build := exec.Command(goTool(), "build", "-o", arm, ".")
	build.Env = append(os.Environ(), "GOARCH=arm64", "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build for arm64: %v\n%s", err, out)
	}
	examples, err := filepath.Glob("../../examples/*.json")
	if err != nil || len(examples) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	arm64, host := []string{qemu, arm}, []string{native}
	// run runs a command of a build (its binary, after the emulator if
	// any), every output dated the same moment (SOURCE_DATE_EPOCH).
	run := func(build []string, args ...string) {
		t.Helper()
		cmd := exec.Command(build[0], slices.Concat(build[1:], args)...)
		cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=1767225600")
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", cmd.Args, err, msg)
		}
	}
	same := func(what, a, n string) {
		t.Helper()
		got, err := os.ReadFile(a)
		if err != nil {
			t.Errorf("%s: the arm64 build wrote nothing: %v", what, err)
			return
		}
		want, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the arm64 build writes other bytes (%d against %d)", what, len(got), len(want))
		}
	}
	compare := func(what, ext, command string, args ...string) {
		t.Helper()
		a, n := filepath.Join(dir, "arm64."+ext), filepath.Join(dir, "native."+ext)
		run(arm64, slices.Concat([]string{command, "-o", a}, args)...)
		run(host, slices.Concat([]string{command, "-o", n}, args)...)
		same(what, a, n)
	}
	for _, ex := range examples {
		for _, ext := range []string{"pdf", "ofd", "xlsx"} {
			compare(filepath.Base(ex)+" as "+ext, ext, "render", ex)
		}
	}
	for _, ext := range []string{"pdf", "xlsx"} {
		compare("the summary as "+ext, ext, "summary", examples...)
	}

	// Synthetic disclosures lay out texts of every length, so that a
	// line or page break that a last bit decides would show.
	opts := synth.Default
	opts.Seed = 7
	var nd bytes.Buffer
	for i := range 30 {
		nd.Write(synth.JSON(opts, i))
		nd.WriteByte('\n')
	}
	input := filepath.Join(dir, "synthetic.ndjson")
	if err := os.WriteFile(input, nd.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	a, n := filepath.Join(dir, "arm64-batch"), filepath.Join(dir, "native-batch")
	run(arm64, "batch", "-format", "pdf,ofd,xlsx", "-o", a, input)
	run(host, "batch", "-format", "pdf,ofd,xlsx", "-o", n, input)
	files := 0
	err = filepath.WalkDir(n, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(n, path)
		same(rel, filepath.Join(a, rel), path)
		files++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files != 3*30+1 { // three formats of each, and the manifest
		t.Errorf("the batch wrote %d files, want %d", files, 3*30+1)
	}
}
