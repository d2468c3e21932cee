// Package abuse builds the hostile and degenerate inputs that the
// hardening of the service is tested with: deep nesting, huge tables,
// long words in narrow columns, headers taller than a page, zero column
// widths, absurd magnitudes and text with invisible or bidi characters.
// Every input is a complete disclosure, so that it reaches whatever
// stage it is meant to stress. They are shared by the regression tests,
// the benchmarks, the fuzz seeds and `loadtest -mode abuse`.
package abuse

import (
	"encoding/json"
	"fmt"
	"strings"
)

// table is a minimal self-assessment table, valid as is.
func table(project string) map[string]any {
	return map[string]any{
		"project": project, "competentDepartment": "示例市财政局", "implementingUnit": "示例市财政局",
		"funds": map[string]any{"total": map[string]any{"budget": "50.00", "executed": "48.50"}},
		"indicators": []any{
			map[string]any{"level1": "产出指标", "level2": "数量指标", "name": "完成评价报告数量", "weight": "30", "score": "30"},
			map[string]any{"level1": "产出指标", "level2": "质量指标", "name": "报告验收合格率", "weight": "10", "score": "9"},
			map[string]any{"level1": "产出指标", "level2": "时效指标", "name": "按期完成率", "weight": "10", "score": "10"},
			map[string]any{"level1": "效益指标", "level2": "社会效益指标", "name": "评价结果应用情况", "weight": "30", "score": "26"},
			map[string]any{"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "服务对象满意度", "weight": "10", "score": "9"},
		},
	}
}

func disclosure(extra map[string]any) map[string]any {
	d := map[string]any{"department": "示例市财政局", "year": 2024}
	for k, v := range extra {
		d[k] = v
	}
	return d
}

func mustJSON(v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return data
}

// Valid is a small valid disclosure of one table.
func Valid() []byte {
	return mustJSON(disclosure(map[string]any{"selfAssessments": []any{table("示例项目")}}))
}

// IndicatorRows is one self-assessment table of n indicator rows: one
// scored row and n−1 not-applicable rows under the same 二级指标.
func IndicatorRows(n int) []byte {
	t := table("指标行")
	inds := []any{
		map[string]any{"level1": "产出指标", "level2": "数量指标", "name": "完成数量", "target": "100", "actual": "100", "weight": "90", "score": "88"},
	}
	for i := 1; i < n; i++ {
		inds = append(inds, map[string]any{"level1": "产出指标", "level2": "数量指标", "name": fmt.Sprintf("第%d项", i), "notApplicable": true})
	}
	t["indicators"] = inds
	return mustJSON(disclosure(map[string]any{"selfAssessments": []any{t}}))
}

// projectIndicators is a valid project report indicator tree.
func projectIndicators() []any {
	leaf := func(name, w string) map[string]any { return map[string]any{"name": name, "weight": w, "score": w} }
	return []any{
		map[string]any{"name": "项目决策", "children": []any{leaf("项目立项", "10")}},
		map[string]any{"name": "项目过程", "children": []any{leaf("资金管理", "20")}},
		map[string]any{"name": "项目产出", "children": []any{leaf("产出数量", "40")}},
		map[string]any{"name": "项目效益", "children": []any{leaf("项目实施效益", "30")}},
	}
}

// WithTable is a disclosure whose one project report holds the free
// table t (header, rows, widths as given).
func WithTable(t map[string]any) []byte {
	pr := map[string]any{
		"project":    "自由表格",
		"indicators": projectIndicators(),
		"sections":   []any{map[string]any{"heading": "绩效指标情况", "blocks": []any{map[string]any{"table": t}}}},
	}
	return mustJSON(disclosure(map[string]any{"projectReports": []any{pr}}))
}

// FreeTableRows is a free table of n one-cell rows.
func FreeTableRows(n int) []byte {
	rows := make([]any, n)
	for i := range rows {
		rows[i] = []any{fmt.Sprintf("第%d行", i+1)}
	}
	return WithTable(map[string]any{"rows": rows})
}

// LongWord is "a a a …" (n/2 characters) then one word of n/2 letters
// in the narrow column of a two-column free table.
func LongWord(n int) []byte {
	text := strings.Repeat("a ", n/4) + strings.Repeat("x", n/2)
	return WithTable(map[string]any{"widths": []any{"1", "30"}, "rows": []any{[]any{text, "说明"}}})
}

// TallHeader is a free table whose header row is taller than a page.
func TallHeader() []byte {
	head := strings.Repeat("表头文字很长，", 1500)
	return WithTable(map[string]any{"header": []any{[]any{head, "列二"}}, "rows": []any{[]any{"一", "二"}, []any{"三", "四"}}})
}

// ZeroWidths is a free table with widths [0, 0].
func ZeroWidths() []byte {
	return WithTable(map[string]any{"widths": []any{0, 0}, "rows": []any{[]any{"甲", "乙"}}})
}

// TinyBudget is a table whose budget is 10⁻³⁷.
func TinyBudget() []byte {
	t := table("预算极小")
	t["funds"] = map[string]any{"total": map[string]any{"budget": "0." + strings.Repeat("0", 36) + "1", "executed": "48.50"}}
	return mustJSON(disclosure(map[string]any{"selfAssessments": []any{t}}))
}

// DeepNesting is a disclosure whose title is an array nested depth
// deep: well-formed JSON that the decoder must refuse cheaply.
func DeepNesting(depth int) []byte {
	return []byte(`{"department":"示例","year":2024,"title":` + strings.Repeat("[", depth) + strings.Repeat("]", depth) + `}`)
}

// DeepNestingSized is DeepNesting repeated in many fields of a free table's
// rows until the body is about size bytes.
func DeepNestingSized(size, depth int) []byte {
	var b strings.Builder
	b.WriteString(`{"department":"示例","year":2024,"selfAssessments":[`)
	for i := 0; b.Len() < size; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strings.Repeat("[", depth) + strings.Repeat("]", depth))
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

// Text is a valid table with s as its project name (for text hygiene).
func Text(s string) []byte {
	return mustJSON(disclosure(map[string]any{"selfAssessments": []any{table(s)}}))
}

// LoneSurrogate is a table whose project name holds the escape \ud800.
func LoneSurrogate() []byte {
	return []byte(strings.Replace(string(Text("示例项目")), `"示例项目"`, `"示例\ud800项目"`, 1))
}

// BOM is Valid with a leading UTF-8 byte order mark.
func BOM() []byte { return append([]byte("\xef\xbb\xbf"), Valid()...) }

// Sized returns an input of about size bytes of the given kind: "deep"
// (deep nesting), "rows" (a free table of many rows), "word" (a long
// word in a narrow column) or "indicators" (many indicator rows).
func Sized(kind string, size int) []byte {
	switch kind {
	case "deep":
		return DeepNestingSized(size, 5000)
	case "rows":
		return FreeTableRows(size / 20)
	case "word":
		return LongWord(size)
	case "indicators":
		return IndicatorRows(size / 90)
	}
	panic("abuse: unknown kind " + kind)
}
