package importer

import (
	"os"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the process's user and system CPU time: on a shared,
// loaded machine the wall time per operation says more about the
// neighbours than about the code.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkImportReference imports the reference disclosure's workbook
// (the 汇总, 35 tables and two report sheets: 38 sheets).
func BenchmarkImportReference(b *testing.B) {
	input, err := os.ReadFile("../examples/beijing-finance-2021.json")
	if err != nil {
		b.Fatal(err)
	}
	book := workbookOf(b, input, "")
	b.SetBytes(int64(len(book)))
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		if _, err := Import([]File{{Name: "reference.xlsx", Data: book}}, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((cpuTime()-start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}
