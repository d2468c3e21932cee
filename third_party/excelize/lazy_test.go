package excelize

import (
	"bytes"
	"encoding/xml"
	"reflect"
	"regexp"
	"testing"
)

// Patched for Jixiao: tests of the tables and expressions built on first
// use instead of at package initialisation.

// TestColumnNames checks the lazily built table against the names spelled
// out digit by digit, for every column.
func TestColumnNames(t *testing.T) {
	for num := MinColumns; num <= MaxColumns; num++ {
		var want []byte
		for n := num; n > 0; n = (n - 1) / 26 {
			want = append([]byte{byte((n-1)%26 + 'A')}, want...)
		}
		got, err := ColumnNumberToName(num)
		if err != nil || got != string(want) {
			t.Fatalf("ColumnNumberToName(%d) = %q, %v; want %q", num, got, err, want)
		}
		if back, err := ColumnNameToNumber(got); err != nil || back != num {
			t.Fatalf("ColumnNameToNumber(%q) = %d, %v; want %d", got, back, err, num)
		}
	}
	for _, num := range []int{MinColumns - 1, MaxColumns + 1} {
		if _, err := ColumnNumberToName(num); err != ErrColumnNumber {
			t.Errorf("ColumnNumberToName(%d) error %v, want %v", num, err, ErrColumnNumber)
		}
	}
	if &columnNames()[1] != &columnNames()[1] {
		t.Error("columnNames built twice")
	}
}

// TestLazyRegexps checks that each expression compiles once, to the
// expression it was written as.
func TestLazyRegexps(t *testing.T) {
	for expr, re := range map[string]func() *regexp.Regexp{
		`_x[a-fA-F\d]{4}_`:   bstrExp,
		`x[a-fA-F\d]{4}_`:    bstrEscapeExp,
		`"(?:[^"]|"")*"|\S+`: expressionFormat,
		`(or|\|\|)`:          conditionFormat,
		"blanks|nonblanks":   blankFormat,
		"[*?]":               matchFormat,
		`~[*?~]|[*?]|[\s\S]`: wildcardTokenRE,
	} {
		if re() != re() {
			t.Errorf("%s compiled twice", expr)
		}
		if re().String() != expr {
			t.Errorf("expression %s, want %s", re(), expr)
		}
	}
	if len(dateFormats()) != 4 || len(timeFormats()) != 4 || len(dateOnlyFormats()) != 4 || len(formulaFormats()) != len(formulaCriterias) {
		t.Error("a table of expressions lost an entry")
	}
}

// TestLazyRegexpUses exercises each use of the expressions.
func TestLazyRegexpUses(t *testing.T) {
	if got := bstrUnmarshal("a_x0041_b_x005F_c"); got != "aAb_c" {
		t.Errorf("bstrUnmarshal = %q", got)
	}
	for s, want := range map[string]string{
		"*_x0008_*":       "*_x005F_x0008_*",
		"*_x005F_*":       "*_x005F_x005F_*",
		"*_x005F_x0006_*": "*_x005F_x005F_x005F_x0006_*",
	} {
		if got := bstrMarshal(s); got != want {
			t.Errorf("bstrMarshal(%q) = %q, want %q", s, got, want)
		}
	}
	for s, want := range map[string]bool{"2019-01-02": true, "01/02/2019": true, "x": false} {
		if isDateOnlyFmt(s) != want {
			t.Errorf("isDateOnlyFmt(%q) = %v", s, !want)
		}
	}
	for s, want := range map[string]bool{"10:30": true, "10 am": true, "x": false} {
		if isTimeOnlyFmt(s) != want {
			t.Errorf("isTimeOnlyFmt(%q) = %v", s, !want)
		}
	}
	if y, m, d, _, err := strToDate("2019-01-02"); err.Type != ArgEmpty || y != 2019 || m != 1 || d != 2 {
		t.Errorf("strToDate = %d-%d-%d, %v", y, m, d, err.Value())
	}
	if h, m, s, _, _, err := strToTime("10:30:15"); err.Type != ArgEmpty || h != 10 || m != 30 || s != 15 {
		t.Errorf("strToTime = %d:%d:%v, %v", h, m, s, err.Value())
	}
	for val, want := range map[string]byte{">=5": criteriaGe, "<>a": criteriaNe, "12": criteriaEq} {
		if fc := formulaCriteriaParser(newStringFormulaArg(val)); fc.Type != want {
			t.Errorf("formulaCriteriaParser(%q) type %d, want %d", val, fc.Type, want)
		}
	}
	if fc := formulaCriteriaParser(newStringFormulaArg("a*b")); fc.Type != criteriaRegexp {
		t.Errorf("formulaCriteriaParser(a*b) type %d, want %d", fc.Type, criteriaRegexp)
	}
	f := NewFile()
	defer f.Close()
	if err := f.AutoFilter("Sheet1", "A1:B3", []AutoFilterOptions{{Column: "A", Expression: "x == blanks or x == b*"}}); err != nil {
		t.Errorf("AutoFilter: %v", err)
	}
}

// TestSharedTheme checks that a new file's theme, decoded once and
// shared, is written as the template's theme decoded and encoded for the
// file alone, and that a file whose theme is its own is still encoded.
func TestSharedTheme(t *testing.T) {
	f := NewFile()
	if f.Theme != sharedTheme() || NewFile().Theme != f.Theme {
		t.Fatal("NewFile does not share the template's theme")
	}
	f.themeWriter()
	got, _ := f.Pkg.Load(defaultXMLPathTheme)

	alone := newFile()
	alone.Pkg.Store(defaultXMLPathTheme, []byte(xml.Header+templateTheme))
	theme, err := alone.themeReader()
	if err != nil {
		t.Fatal(err)
	}
	alone.Theme = theme
	alone.themeWriter() // not the shared theme: encoded
	want, _ := alone.Pkg.Load(defaultXMLPathTheme)
	if !bytes.Equal(got.([]byte), want.([]byte)) {
		t.Errorf("shared theme written as\n%s\nwant\n%s", got, want)
	}
	if b := got.([]byte); cap(b) != len(b) {
		t.Errorf("shared theme's bytes have room to append in place: len %d, cap %d", len(b), cap(b))
	}
}

// TestLazyMaps checks that the map literals built on first use are built
// once, whole, and still reach the functions that read them.
func TestLazyMaps(t *testing.T) {
	for name, c := range map[string]struct {
		first, again any
		n, want      int
	}{
		"supportedLanguageInfo":     {supportedLanguageInfo(), supportedLanguageInfo(), len(supportedLanguageInfo()), 416},
		"supportedFontWidthFactors": {supportedFontWidthFactors(), supportedFontWidthFactors(), len(supportedFontWidthFactors()), 295},
		"conversionUnits":           {conversionUnits(), conversionUnits(), len(conversionUnits()), 153},
		"unitConversions":           {unitConversions(), unitConversions(), len(unitConversions()), 12},
	} {
		if reflect.ValueOf(c.first).UnsafePointer() != reflect.ValueOf(c.again).UnsafePointer() {
			t.Errorf("%s built twice", name)
		}
		if c.n != c.want {
			t.Errorf("%s has %d entries, want %d", name, c.n, c.want)
		}
	}
	if tags := supportedLanguageInfo()[2052].tags; len(tags) != 1 || tags[0] != "zh-CN" {
		t.Errorf("language 2052 tags %v, want [zh-CN]", tags)
	}
	f := NewFile()
	if err := f.SetCellFormula("Sheet1", "A1", `CONVERT(1.5,"km","m")`); err != nil {
		t.Fatal(err)
	}
	if v, err := f.CalcCellValue("Sheet1", "A1"); err != nil || v != "1500" {
		t.Errorf("CONVERT(1.5,\"km\",\"m\") = %q, %v; want 1500", v, err)
	}
}
