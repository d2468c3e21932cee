package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
)

// TestSameBytesOnArm64 renders every example, as PDF, OFD and workbook,
// and the summary of them all, with this machine's build and with an
// arm64 build run under QEMU's user-mode emulator, and wants the same
// bytes. Go fuses a multiply and an add into one instruction on arm64
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
	// run runs a command of a build, its output to the file name.
	run := func(build []string, name, command string, args ...string) []byte {
		t.Helper()
		out := filepath.Join(dir, name)
		argv := slices.Concat(build[1:], []string{command, "-o", out}, args)
		cmd := exec.Command(build[0], argv...)
		cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=1767225600")
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", cmd.Args, err, msg)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	compare := func(what, ext string, args ...string) {
		t.Helper()
		a := run([]string{qemu, arm}, "arm64."+ext, args[0], args[1:]...)
		n := run([]string{native}, "native."+ext, args[0], args[1:]...)
		if !bytes.Equal(a, n) {
			t.Errorf("%s: the arm64 build writes other bytes (%d against %d)", what, len(a), len(n))
		}
	}
	for _, ex := range examples {
		for _, ext := range []string{"pdf", "ofd", "xlsx"} {
			compare(filepath.Base(ex)+" as "+ext, ext, "render", ex)
		}
	}
	for _, ext := range []string{"pdf", "xlsx"} {
		compare("the summary as "+ext, ext, append([]string{"summary"}, examples...)...)
	}
}
