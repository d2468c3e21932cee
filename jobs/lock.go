//go:build unix

package jobs

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockDir takes the data folder for this process: SQLite and the blobs
// beside it are one process's. The lock ends with the process, however
// it ends.
func lockDir(dir string) (unlock func(), err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("data folder: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(dir, "lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("data folder: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("data folder %s is in use by another process (for many processes, use PostgreSQL): %w", dir, err)
	}
	return func() { f.Close() }, nil
}
