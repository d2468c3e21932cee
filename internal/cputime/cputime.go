// Package cputime reports the processor time a benchmark used, which a
// busy shared machine distorts much less than the wall-clock time/op.
package cputime

import (
	"syscall"
	"testing"
	"time"
)

// Process returns the user and system time the process has used.
func Process() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Report runs from the call to the returned function's, and reports
// the processor time per operation as "cpu-ms/op".
func Report(b *testing.B) func() {
	start := Process()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64(Process()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
		}
	}
}
