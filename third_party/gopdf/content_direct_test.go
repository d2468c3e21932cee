package gopdf

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// Patched for Jixiao: tests of the text written directly (TextAt).

const testFont = "../../fonts/NotoSerifSC-Regular.ttf"

// textRun is a run of text drawn by the tests.
type textRun struct {
	x, y, size, spacing float64
	text                string
	line                bool // a line drawn before the run
}

var textRuns = []textRun{
	{72, 100, 12, 0, "项目支出绩效自评表", false},
	{72, 120, 12, 0, "（2021年度）", false},
	{72, 140, 9, 0, "预算执行率 98.5%", true},
	{200, 140, 9, 0.5, "(括号) \\ 反斜杠", false},
	{72, 160, 9, 0.5, "新字：龘", false},
	{72, 180, 12, 0, "", true},
	{72, 200, 12, 0, "末行", false},
	{72, 220, 12, 0, "坏\xe4\xb8字\xed\xa0\x80节\xe0\x80\x80𠀀\xff尾\xe4", false},
}

// writeRuns writes a one-page document of the runs, drawn with TextAt
// when direct is set, else with SetXY and Text.
func writeRuns(t *testing.T, runs []textRun, direct bool) []byte {
	t.Helper()
	data, err := os.ReadFile(testFont)
	if err != nil {
		t.Skip("no test font:", err)
	}
	var pdf GoPdf
	pdf.Start(Config{PageSize: *PageSizeA4})
	pdf.SetNoCompression()
	pdf.AddPage()
	if err := pdf.AddTTFFontData("serif", data); err != nil {
		t.Fatal(err)
	}
	for _, r := range runs {
		if r.line {
			pdf.SetLineWidth(0.6)
			pdf.Line(10, r.y, 500, r.y)
		}
		if err := pdf.SetFont("serif", "", r.size); err != nil {
			t.Fatal(err)
		}
		if err := pdf.SetCharSpacing(r.spacing); err != nil {
			t.Fatal(err)
		}
		if direct {
			err = pdf.TextAt(r.x, r.y, r.text)
		} else {
			pdf.SetXY(r.x, r.y)
			err = pdf.Text(r.text)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if _, err := pdf.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestTextAtAsText checks that TextAt writes the document that SetXY and
// Text write: the same operators, text state and subset.
func TestTextAtAsText(t *testing.T) {
	want := writeRuns(t, textRuns, false)
	got := writeRuns(t, textRuns, true)
	if !bytes.Equal(got, want) {
		t.Errorf("TextAt wrote a different document:\n%s\nwant:\n%s", contentOf(got), contentOf(want))
	}
}

// TestMarkedContentKeepsTextState checks that marked content between
// runs keeps the text state: the font is set once.
func TestMarkedContentKeepsTextState(t *testing.T) {
	data, err := os.ReadFile(testFont)
	if err != nil {
		t.Skip("no test font:", err)
	}
	var pdf GoPdf
	pdf.Start(Config{PageSize: *PageSizeA4})
	pdf.SetNoCompression()
	pdf.AddPage()
	if err := pdf.AddTTFFontData("serif", data); err != nil {
		t.Fatal(err)
	}
	if err := pdf.SetFont("serif", "", 12); err != nil {
		t.Fatal(err)
	}
	for i, s := range []string{"一", "二", "三"} {
		pdf.BeginMarkedContent("P", i)
		if err := pdf.TextAt(72, float64(100+20*i), s); err != nil {
			t.Fatal(err)
		}
		pdf.MarkedContent("EMC")
	}
	var b bytes.Buffer
	if _, err := pdf.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	c := contentOf(b.Bytes())
	if n := strings.Count(c, " Tf "); n != 1 {
		t.Errorf("font set %d times, want once:\n%s", n, c)
	}
	if !strings.Contains(c, "/P<</MCID 2>>BDC\nBT\n72.00 702.00 TD\n[(") {
		t.Errorf("marked content or text not where expected:\n%s", c)
	}
}

// contentOf returns the first content stream of an uncompressed PDF.
func contentOf(pdf []byte) string {
	s := string(pdf)
	i := strings.Index(s, "BT\n")
	if i < 0 {
		return s
	}
	j := strings.Index(s[i:], "endstream")
	if j < 0 {
		return s[i:]
	}
	return s[max(0, i-200) : i+j]
}

// TestTextAtManyPages checks TextAt against Text over pages whose
// content outgrows the arrays the bytes are written in, with lines and
// marked content between the runs.
func TestTextAtManyPages(t *testing.T) {
	data, err := os.ReadFile(testFont)
	if err != nil {
		t.Skip("no test font:", err)
	}
	write := func(direct bool) []byte {
		var pdf GoPdf
		pdf.Start(Config{PageSize: *PageSizeA4})
		pdf.SetNoCompression()
		if err := pdf.AddTTFFontData("serif", data); err != nil {
			t.Fatal(err)
		}
		for page := 0; page < 30; page++ {
			pdf.AddPage()
			pdf.SetStrokeColor(0, 0, 0)
			for i := 0; i < 40*page; i++ {
				if i%7 == 0 {
					pdf.SetLineWidth(0.6)
					pdf.Line(10, float64(i), 500, float64(i))
				}
				if err := pdf.SetFont("serif", "", float64(9+i%3)); err != nil {
					t.Fatal(err)
				}
				s := strings.Repeat("项目支出绩效自评表（2021年度）", 1+i%5)
				if direct {
					err = pdf.TextAt(float64(i%50), float64(i%700), s)
				} else {
					pdf.SetXY(float64(i%50), float64(i%700))
					err = pdf.Text(s)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
		}
		var b bytes.Buffer
		if _, err := pdf.WriteTo(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	if want, got := write(false), write(true); !bytes.Equal(got, want) {
		t.Errorf("TextAt wrote a different document (%d bytes, want %d)", len(got), len(want))
	}
}

// TestDecodeRune checks decodeRune against ranging over a string.
func TestDecodeRune(t *testing.T) {
	for _, s := range []string{"", "a", "项目（2021）", "\xe4\xb8", "\xed\xa0\x80", "\xe0\x80\x80", "\xef\xbf\xbd", "𠀀\xff\xe4", "\xe4\xb8\xe4\xb8\x80"} {
		i := 0
		for j, r := range s {
			got, n := decodeRune(s, i)
			if i != j || got != r {
				t.Fatalf("%q: decodeRune at %d = %q, range gives %q at %d", s, i, got, r, j)
			}
			i += n
		}
		if i != len(s) {
			t.Fatalf("%q: decodeRune ends at %d", s, i)
		}
	}
}
