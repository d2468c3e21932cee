package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"testing"
)

// TestDeferCollection checks that the collector is off until the first
// collection and back to its defaults after it.
func TestDeferCollection(t *testing.T) {
	for _, env := range []string{"GOGC", "GOMEMLIMIT"} {
		if _, ok := os.LookupEnv(env); ok {
			t.Skipf("%s is set: deferCollection leaves the collector alone", env)
		}
	}
	percent, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64)
	defer func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}()
	deferCollection()
	if p := debug.SetGCPercent(-1); p != -1 {
		t.Fatalf("GC percent %d before the first collection, want -1 (off)", p)
	}
	if l := debug.SetMemoryLimit(-1); l != firstCollection {
		t.Fatalf("memory limit %d before the first collection, want %d", l, firstCollection)
	}
	// The finalizer runs on its own goroutine after a collection.
	for i := 0; i < 1000 && debug.SetMemoryLimit(-1) != math.MaxInt64; i++ {
		runtime.GC()
		runtime.Gosched()
	}
	if l := debug.SetMemoryLimit(-1); l != math.MaxInt64 {
		t.Fatalf("memory limit %d after collections, want none", l)
	}
	if p := debug.SetGCPercent(100); p != 100 {
		t.Fatalf("GC percent %d after collections, want 100", p)
	}
}
