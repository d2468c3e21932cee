package text

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/internal/cputime"
)

// mono measures CJK as 1 and everything narrower as 0.5, like a real
// font's em and half-em.
func mono(r rune) float64 {
	if r < 0x2000 {
		return 0.5
	}
	return 1
}

func lineStrings(ls []Line) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.String()
	}
	return out
}

func TestBreak(t *testing.T) {
	tests := []struct {
		name         string
		in           string
		first, width float64
		want         []string
	}{
		{"fits", "项目支出", 5, 5, []string{"项目支出"}},
		{"plain wrap", "一二三四五六七", 3, 3, []string{"一二三", "四五六", "七"}},
		{"indent", "一二三四五六", 2, 4, []string{"一二", "三四五六"}},
		{"no comma at line start", "一二三，四五", 3, 3, []string{"一二", "三，四", "五"}},
		{"no full stop at line start", "一二三。", 3, 3, []string{"一二", "三。"}},
		{"no open quote at line end", "一二“三”四", 3, 3, []string{"一二", "“三”", "四"}},
		{"no open paren at line end", "一二（三）", 3, 3, []string{"一二", "（三）"}},
		{"closing chain", "一二三）。四", 4, 4, []string{"一二", "三）。四"}},
		{"number stays whole", "金额7,235.39万元", 5, 5, []string{"金额", "7,235.39万", "元"}},
		{"latin word whole", "印发QFLP管理", 3.5, 3.5, []string{"印发", "QFLP管", "理"}},
		{"dash pair unsplit, not at line start", "一二——三", 3, 3, []string{"一", "二——", "三"}},
		{"ellipsis unsplit, not at line start", "一二……", 3, 3, []string{"一", "二……"}},
		{"percent glued", "增长了98.5%", 5, 5, []string{"增长了", "98.5%"}},
		{"spaces dropped at edges", "截至 2021 年 12 月", 4, 4, []string{"截至", "2021 年", "12 月"}},
		{"long word split", "ABCDEFGHIJ", 2, 2, []string{"ABCD", "EFGH", "IJ"}},
		{"no comma after a space at line start", "普惠 、农村", 2.5, 2.5, []string{"普", "惠 、", "农村"}},
		{"newline", "一二\n三", 5, 5, []string{"一二", "三"}},
		{"empty", "", 5, 5, []string{""}},
		{"glyph wider than line", "一二", 0.5, 0.5, []string{"一", "二"}},
		{"all punctuation", "，，，，，，", 2, 2, []string{"，，", "，，", "，，"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := lineStrings(Break(tt.in, tt.first, tt.width, mono))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Break(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestBreakRules checks the invariants on a long real paragraph at many
// widths: no text lost, no line over the width unless it is one glyph,
// and no forbidden character at a line edge when the line has a choice.
func TestBreakRules(t *testing.T) {
	para := "根据《北京市委办公厅 北京市人民政府办公厅关于印发<北京市地方金融监督管理局职能配置、内设机构和人员编制规定>的通知》（京办字〔2019〕2 号），北京市地方金融监督管理局（简称市金融监管局）是市政府直属机构，为正局级。2021 年全年预算数 7,235.39 万元，预算执行率为 96.91%。“两区”建设——金融领域……QFLP 试点额度 3 亿美元。"
	for w := 3.0; w <= 30; w++ {
		lines := Break(para, w-2, w, mono)
		var joined strings.Builder
		for i, l := range lines {
			joined.WriteString(l.String())
			limit := w
			if i == 0 {
				limit = w - 2
			}
			if l.Width > limit+1e-9 && len(l.Runes) > 1 {
				t.Errorf("width %v line %d %q is %v wide", w, i, l.String(), l.Width)
			}
			if i > 0 && IsNoStart(l.Runes[0]) && w >= 6 {
				t.Errorf("width %v line %d starts with %q", w, i, l.Runes[0])
			}
			if !l.Last && len(l.Runes) > 0 && IsNoEnd(l.Runes[len(l.Runes)-1]) && w >= 6 {
				t.Errorf("width %v line %d ends with %q", w, i, l.Runes[len(l.Runes)-1])
			}
			if l.Last != (i == len(lines)-1) {
				t.Errorf("width %v line %d Last = %v", w, i, l.Last)
			}
		}
		strip := func(s string) string { return strings.ReplaceAll(s, " ", "") }
		if strip(joined.String()) != strip(para) {
			t.Fatalf("width %v lost text:\n got %q\nwant %q", w, joined.String(), para)
		}
	}
}

func FuzzBreak(f *testing.F) {
	f.Add("项目支出绩效自评表（2021 年度）", 3.0)
	f.Add("，。“”（）——……7,235.39", 1.5)
	f.Fuzz(func(t *testing.T, s string, w float64) {
		if w != w || w < 0.5 || w > 1000 || strings.ContainsRune(s, '\n') {
			return
		}
		lines := Break(s, w, w, mono)
		var n int
		for _, l := range lines {
			n += len(l.Runes)
		}
		if n > len([]rune(s)) {
			t.Fatalf("more runes out than in")
		}
	})
}

// benchInputs are paragraphs of n characters: Chinese prose with
// punctuation, and the adversarial "a a a … " followed by one word of
// n/2 letters that must be split across many lines.
func benchInputs(n int) map[string]string {
	const prose = "北京市地方金融监督管理局2021年度项目支出绩效自评，预算执行率为96.16%，（一）产出指标全部完成。"
	var b strings.Builder
	for b.Len() < 3*n {
		b.WriteString(prose)
	}
	cjk := string([]rune(b.String())[:n])
	word := strings.Repeat("a ", n/4) + strings.Repeat("x", n/2)
	return map[string]string{"prose": cjk, "longword": word}
}

func BenchmarkBreak(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		for _, kind := range []string{"prose", "longword"} {
			s := benchInputs(n)[kind]
			b.Run(fmt.Sprintf("%s/%d", kind, n), func(b *testing.B) {
				defer cputime.Report(b)()
				for b.Loop() {
					Break(s, 20, 20, mono)
				}
			})
		}
	}
}

// TestBreakLongWordLinear is the regression test of a quadratic split:
// a long word in a narrow column splits into the expected lines, all
// of them within the width, and every character is kept once.
func TestBreakLongWordLinear(t *testing.T) {
	s := strings.Repeat("a ", 2000) + strings.Repeat("x", 40000)
	lines := Break(s, 3, 3, mono)
	var got strings.Builder
	for _, l := range lines {
		if l.Width > 3+1e-9 {
			t.Fatalf("line %q is %.1f wide, over 3", l.String(), l.Width)
		}
		got.WriteString(l.String())
	}
	if want := strings.Repeat("a", 2000) + strings.Repeat("x", 40000); strings.ReplaceAll(got.String(), " ", "") != want {
		t.Fatalf("characters lost or repeated")
	}
	if n := len(lines); n != 667+6667 { // three a a line, six x a line
		t.Errorf("%d lines, want %d", n, 667+6667)
	}
}

func TestBreakBalanced(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		width float64
		want  []string
	}{
		{"fits", "总分", 5, []string{"总分"}},
		{"no lone last character", "偏差原因分析及改进措施", 10, []string{"偏差原因分析", "及改进措施"}},
		{"even halves", "年度总体目标", 5, []string{"年度总", "体目标"}},
		{"figure kept whole", "满意度指标（10分）", 4, []string{"满意度", "指标", "（10分）"}},
		{"figure on its own line", "满意度指标（10分）", 5, []string{"满意度指标", "（10分）"}},
		{"percent figure", "执行率（100%）", 4, []string{"执行率", "（100%）"}},
		{"lone character moves into the last line", "一二三四五六七", 3, []string{"一二三", "四五", "六七"}},
		{"lone character when nothing else fits", "一二三", 2, []string{"一二", "三"}},
		{"no comma at line start", "一二三四，五六", 4, []string{"一二三", "四，五六"}},
		{"no open paren at line end", "一二（三）四", 4, []string{"一二", "（三）四"}},
		{"spaces dropped at edges", "截至 2021 年", 4, []string{"截至", "2021 年"}},
		{"newline", "项目资金\n（万元）", 10, []string{"项目资金", "（万元）"}},
		{"not a figure: no number", "项目资金（万元）", 4, []string{"项目资金", "（万元）"}},
		{"figure wider than the line", "得分（100分）", 3, []string{"得分", "（100", "分）"}},
		{"empty", "", 5, []string{""}},
		{"lines too long to search are Break's", strings.Repeat("一", 600), 300,
			[]string{strings.Repeat("一", 300), strings.Repeat("一", 300)}},
		{"long lines searched up to their bound", strings.Repeat("一", 601), 300,
			[]string{strings.Repeat("一", 201), strings.Repeat("一", 200), strings.Repeat("一", 200)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := lineStrings(BreakBalanced(tt.in, tt.width, mono))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("BreakBalanced(%q, %v) = %q, want %q", tt.in, tt.width, got, tt.want)
			}
		})
	}
}

func TestBreakFilled(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		width float64
		want  []string
	}{
		{"fits", "不涉及", 5, []string{"不涉及"}},
		{"full lines kept", "一二三四五六七八九十", 4, []string{"一二三四", "五六七八", "九十"}},
		{"lone last character moves down with one more", "单位面积改造成本", 7, []string{"单位面积改造", "成本"}},
		{"lines stay full above", "一二三四五六七八九", 4, []string{"一二三四", "五六七", "八九"}},
		{"figure kept whole", "产出指标（50分）", 6, []string{"产出指标", "（50分）"}},
		{"no comma at line start", "一二三四，五六七八", 4, []string{"一二三", "四，五六", "七八"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := lineStrings(BreakFilled(tt.in, tt.width, mono))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("BreakFilled(%q, %v) = %q, want %q", tt.in, tt.width, got, tt.want)
			}
		})
	}
}

// TestBreakBalancedRules checks the invariants of balanced and filled
// lines, at alternate widths, on a long real paragraph with no
// parenthesised figure: as many lines as Break, none over the width, no
// text lost, the line-edge rules kept, and no lone last character when
// the last two lines can share their characters otherwise.
func TestBreakBalancedRules(t *testing.T) {
	para := "根据《北京市委办公厅 北京市人民政府办公厅关于印发<北京市地方金融监督管理局职能配置、内设机构和人员编制规定>的通知》（京办字〔2019〕2 号），北京市地方金融监督管理局（简称市金融监管局）是市政府直属机构，为正局级。2021 年全年预算数 7,235.39 万元，预算执行率为 96.91%。“两区”建设——金融领域……QFLP 试点额度 3 亿美元。"
	strip := func(s string) string { return strings.ReplaceAll(s, " ", "") }
	for i, w := 0, 3.0; w <= 30; i, w = i+1, w+0.5 {
		lines := BreakBalanced(para, w, mono)
		if i%2 == 1 {
			lines = BreakFilled(para, w, mono)
		}
		if n := len(Break(para, w, w, mono)); len(lines) != n {
			t.Errorf("width %v: %d lines, Break gives %d", w, len(lines), n)
		}
		var joined strings.Builder
		for i, l := range lines {
			joined.WriteString(l.String())
			if l.Width > w+1e-9 {
				t.Errorf("width %v line %d %q is %v wide", w, i, l.String(), l.Width)
			}
			if i > 0 && IsNoStart(l.Runes[0]) && w >= 6 {
				t.Errorf("width %v line %d starts with %q", w, i, l.Runes[0])
			}
			if !l.Last && IsNoEnd(l.Runes[len(l.Runes)-1]) && w >= 6 {
				t.Errorf("width %v line %d ends with %q", w, i, l.Runes[len(l.Runes)-1])
			}
			if l.Last != (i == len(lines)-1) {
				t.Errorf("width %v line %d Last = %v", w, i, l.Last)
			}
		}
		if strip(joined.String()) != strip(para) {
			t.Fatalf("width %v lost text:\n got %q\nwant %q", w, joined.String(), para)
		}
		if last := lines[len(lines)-1]; len(last.Runes) == 1 && w >= 6 {
			t.Errorf("width %v: lone last character %q after %q", w, last.String(), lines[len(lines)-2].String())
		}
	}
}

// TestMaxLines: with MaxLines, breaking stops once a text has made more
// lines than that (at most twice as many: a paragraph stops past the
// limit, and the text after the paragraph that passed it), and the lines
// it made are those of the whole break.
func TestMaxLines(t *testing.T) {
	word := strings.Repeat("x", 40000)
	tests := []struct {
		name   string
		break_ func(m Metrics) []Line
	}{
		{"Break", func(m Metrics) []Line { return m.Break("甲乙 "+word, 3, 3) }},
		{"Break, paragraphs", func(m Metrics) []Line { return m.Break("甲乙\n"+word+"\n"+word, 3, 3) }},
		{"BreakBalanced", func(m Metrics) []Line { return m.BreakBalanced(word, 3) }},
		{"BreakFilled", func(m Metrics) []Line { return m.BreakFilled("甲乙\n"+word, 3) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			all := tt.break_(Metrics{Advance: mono})
			for _, max := range []int{1, 10, 5000} {
				got := tt.break_(Metrics{Advance: mono, MaxLines: max})
				// Each paragraph stops past the limit, and the text after
				// the paragraph that passed it.
				if len(got) <= max || len(got) > 2*max+1 {
					t.Errorf("MaxLines %d: %d lines, want more, and at most %d", max, len(got), 2*max+1)
				}
				if !slices.Equal(lineStrings(got), lineStrings(all[:len(got)])) {
					t.Errorf("MaxLines %d: the lines differ from the whole break's", max)
				}
			}
			if got := tt.break_(Metrics{Advance: mono, MaxLines: len(all)}); len(got) != len(all) {
				t.Errorf("MaxLines of all %d lines: %d lines", len(all), len(got))
			}
		})
	}
}
