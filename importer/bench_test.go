package importer

import (
	"os"
	"testing"
)

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
	for b.Loop() {
		if _, err := Import([]File{{Name: "reference.xlsx", Data: book}}, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
