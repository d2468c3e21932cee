// Command gentables prepares the tables of each TrueType font in the
// current directory (fonts/, through go generate there): for F.ttf it
// writes F.tables, which the fonts package embeds beside the font so that
// no process parses the font's tables. fonts' TestPreparedTables checks
// that the committed files are what this writes.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/jixiao/jixiao/fonts/internal/tables"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gentables:", err)
		os.Exit(1)
	}
}

func run() error {
	files, err := filepath.Glob("*.ttf")
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no *.ttf in the current directory")
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		t, err := tables.Build(data)
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		if err := os.WriteFile(strings.TrimSuffix(file, ".ttf")+".tables", []byte(t), 0o644); err != nil {
			return err
		}
	}
	return nil
}
