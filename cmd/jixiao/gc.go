package main

import (
	"os"
	"runtime"
	"runtime/debug"
)

// firstCollection is the memory a short command reaches before its first
// collection. A render of the reference disclosure allocates 25–40 MB in
// all; collected from the runtime's 4 MB start, it ran several cycles,
// about a fifth of its instructions, to free memory the process was
// about to give back anyway. At 48 MiB its largest resident set stays
// what it was (docs/performance.md, issue 29).
const firstCollection = 48 << 20

// deferCollection lets a short command's heap grow to firstCollection
// before the collector first runs, then gives it back the runtime's
// defaults (GOGC 100, no limit): a large input is collected as before,
// once its heap has passed that size. GOGC or GOMEMLIMIT in the
// environment leave the collector alone.
func deferCollection() {
	if _, ok := os.LookupEnv("GOGC"); ok {
		return
	}
	if _, ok := os.LookupEnv("GOMEMLIMIT"); ok {
		return
	}
	gcPercent := debug.SetGCPercent(-1)
	limit := debug.SetMemoryLimit(firstCollection)
	// The first collection finds the sentinel unreachable and runs its
	// finalizer, which restores the defaults.
	sentinel := &struct{ _ *byte }{}
	runtime.SetFinalizer(sentinel, func(*struct{ _ *byte }) {
		debug.SetGCPercent(gcPercent)
		debug.SetMemoryLimit(limit)
	})
}
