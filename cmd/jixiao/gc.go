package main

import (
	"os"
	"runtime"
	"runtime/debug"
)

// firstCollection is the memory a short command reaches before its first
// collection. A render of the reference disclosure allocates 25–40 MB in
// all; collected from the runtime's 4 MB start, it ran several cycles,
// a quarter of its instructions, to free memory the process was about to
// give back anyway. At 32 MiB the largest resident set of the reference's
// renders stays within 2 MB of what it was; at 48 MiB the instructions
// fell a few points more, but an OFD or PDF render took 8–10 MB more
// (docs/performance.md, issue 29).
const firstCollection = 32 << 20

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
