package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"slices"
	"testing"
)

func TestNorm(t *testing.T) {
	for in, want := range map[string]string{
		"项 目 名 称":        "项目名称",
		"项目资金\n（万元）":     "项目资金(万元)",
		"其中：当年财政拨款":      "其中:当年财政拨款",
		"\u3000总\u3000分": "总分",
		"产出指标\r\n(５０分)":  "产出指标(50分)",
	} {
		if got := norm(in); got != want {
			t.Errorf("norm(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseNumber(t *testing.T) {
	for _, c := range []struct{ in, raw, value string }{
		{"96.16%", "96.16%", "96.16"},
		{"96.16％", "96.16%", "96.16"},
		{"１２３４．５０", "1234.50", "1234.5"},
		{"1,234.50", "1,234.50", "1234.5"},
		{" 20 ", "20", "20"},
		{"１，２３４.５", "1,234.5", "1234.5"},
	} {
		n, err := parseNumber(c.in)
		if err != nil || n.Raw != c.raw || n.Value.String() != c.value {
			t.Errorf("parseNumber(%q) = %q %s %v; want %q %s", c.in, n.Raw, n.Value, err, c.raw, c.value)
		}
	}
	for _, bad := range []string{"五十", "12,34", "1e3", "", "—"} {
		if _, err := parseNumber(bad); err == nil {
			t.Errorf("parseNumber(%q) succeeded", bad)
		}
	}
}

// Cells show their stored decimal text in their number format, computed
// with decimals: no float rounding on the way.
func TestNumberFormats(t *testing.T) {
	for _, c := range []struct{ code, v, want string }{
		{"0.00", "1234.5", "1234.50"},
		{"#,##0.00", "1234567.125", "1,234,567.13"},
		{"#,##0.00_ ;[Red]-#,##0.00 ", "-1234.5", "-1,234.50"},
		{"0.00%", "0.9616", "96.16%"},
		{"0%", "0.995", "100%"},
		{"[$-804]0.0", "2.25", "2.3"},
		{"General", "0.30000000000000004", "0.3"},
		{"General", "9.99582006", "9.99582006"},
		{"yyyy-mm-dd", "45000", "45000"},
		{"@", "12", "12"},
	} {
		if got := parseFormat(c.code).show(c.v); got != c.want {
			t.Errorf("%q of %s = %q, want %q", c.code, c.v, got, c.want)
		}
	}
}

func TestCellRef(t *testing.T) {
	for _, c := range []struct {
		sheet string
		r, c  int
		want  string
	}{
		{"自评表3", 6, 7, "自评表3!H7"},
		{"My Sheet", 0, 26, "'My Sheet'!AA1"},
		{"It's", 9, 0, "'It''s'!A10"},
	} {
		if got := cellRef(c.sheet, c.r, c.c); got != c.want {
			t.Errorf("cellRef = %q, want %q", got, c.want)
		}
	}
	if c, r, ok := cellIndex([]byte("AB12")); !ok || c != 27 || r != 11 {
		t.Errorf("cellIndex(AB12) = %d %d %v", c, r, ok)
	}
}

func TestProvenancePlace(t *testing.T) {
	p := Provenance{"/selfAssessments/2": "表3!B3", "/selfAssessments/2/funds/total/budget": "表3!E7"}
	for ptr, want := range map[string]string{
		"/selfAssessments/2/funds/total/budget":   "表3!E7",
		"/selfAssessments/2/funds/total/executed": "表3!B3",
		"/selfAssessments/2/indicators/4/score":   "表3!B3",
		"/department":                             "",
	} {
		if got := p.Place(ptr); got != want {
			t.Errorf("Place(%s) = %q, want %q", ptr, got, want)
		}
	}
}

func TestUnescapeX(t *testing.T) {
	for in, want := range map[string]string{
		"第一行_x000D_\n第二行": "第一行\n第二行",
		"a_x0009_b":       "a\tb",
		"_x_ plain":       "_x_ plain",
	} {
		if got := unescapeX(in); got != want {
			t.Errorf("unescapeX(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSharedStringsAsExcelWrites reads shared strings in the forms Excel
// and WPS write them: rich-text runs joined, phonetic guides (the pinyin
// a Chinese or Japanese Excel keeps in rPh) left out, preserved spaces
// kept, and _x000D_ dropped from a typed line break.
func TestSharedStringsAsExcelWrites(t *testing.T) {
	const sst = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">
<si><t>项目名称</t><rPh sb="0" eb="4"><t>xiàng mù míng chēng</t></rPh><phoneticPr fontId="1" type="noConversion"/></si>
<si><r><rPr><b/><sz val="11"/><rFont val="宋体"/><charset val="134"/></rPr><t>年度</t></r><r><rPr><sz val="11"/></rPr><t xml:space="preserve">资金总额 </t></r><rPh sb="0" eb="2"><t>nián dù</t></rPh></si>
<si><t xml:space="preserve">  项 目 名 称  </t></si>
<si><t>偏差原因分析_x000D_
及改进措施</t></si>
</sst>`
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.Create("xl/sharedStrings.xml")
	w.Write([]byte(sst))
	zw.Close()
	zr, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	bk, err := readBook(map[string]*zip.File{"xl/sharedStrings.xml": zr.File[0]}, newMeter(context.Background(), DefaultLimits))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"项目名称", "年度资金总额 ", "  项 目 名 称  ", "偏差原因分析\n及改进措施"}
	if !slices.Equal(bk.strings, want) {
		t.Errorf("strings %q, want %q", bk.strings, want)
	}
}
