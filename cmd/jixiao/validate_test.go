package main

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// table is a disclosure of one self-assessment table whose funds, rows
// and declared figures are the given JSON.
func table(funds, rows, declared string) string {
	return `{"department": "示例局", "year": 2024, "selfAssessments": [{
	"project": "示例项目", "competentDepartment": "示例局", "implementingUnit": "示例局",
	"funds": ` + funds + `,
	"indicators": ` + rows + `,
	"declared": ` + declared + `}]}`
}

const (
	goodFunds = `{"total": {"budget": "50.00", "executed": "48.00"}}`
	goodRows  = `[{"level1": "产出指标", "level2": "数量指标", "weight": "50", "score": "50"},
		{"level1": "效益指标", "level2": "社会效益指标", "weight": "30", "score": "30"},
		{"level1": "满意度指标", "level2": "服务对象满意度指标", "weight": "10", "score": "10"}]`
)

// TestValidateMessages: what jixiao validate prints, as text and as
// JSON, of inputs with several problems at once, of problems that follow
// from others, of a rate typed as a fraction and of a syntax error.
func TestValidateMessages(t *testing.T) {
	const sa = "/selfAssessments/0"
	tests := []struct {
		name     string
		in       string
		status   int
		lines    []string // the problem and finding lines of the text, in order
		errors   []string // path and code of each error of --json
		findings []string // path and code of each finding of --json
	}{
		{"a type error hides neither a missing field nor a score over its weight",
			strings.Replace(strings.Replace(table(goodFunds, strings.Replace(goodRows, `"score": "30"`, `"score": "31"`, 1), `{}`),
				`"project": "示例项目"`, `"project": 2024`, 1), `"competentDepartment": "示例局", `, ``, 1),
			exitInvalid,
			[]string{
				"错误 errors (3):",
				`自评表 1「主管部门」：必填字段缺失或为空 (required field is missing or empty)`,
				`自评表 1「项目名称」：应为字符串，实际为数字 (must be a string, got a number)`,
				`自评表 1「效益指标」第 1 行 得分：得分 31 超过分值 30 (score 31 exceeds the weight 30)`,
			},
			[]string{sa + "/competentDepartment required", sa + "/project type", sa + "/indicators/1/score score_over_weight"}, nil},
		{"a missing fund total is one error, not one per amount and column",
			table(`{"fiscal": {"initialBudget": "50", "budget": "50.00", "executed": "48.00"}}`, goodRows, `{}`),
			exitInvalid,
			[]string{"错误 errors (1):", "自评表 1「年度资金总额」：年度资金总额缺失"},
			[]string{sa + "/funds/total required"}, nil},
		{"an empty indicator list is one error, not also weight_sum",
			table(goodFunds, `[]`, `{}`),
			exitInvalid,
			[]string{"错误 errors (1):", "自评表 1「绩效指标」：至少需要 1 项 (at least 1 item is required)"},
			[]string{sa + "/indicators required"}, nil},
		{"a rate typed as a fraction",
			table(goodFunds, goodRows, `{"executionRate": "0.96"}`),
			exitOK,
			[]string{"审核发现 findings (1):",
				"[警告] 自评表 1「年度资金总额」执行率：执行率看似小数：0.96 → 96%？",
				"(execution rate looks like a fraction: 0.96 → 96%?"},
			nil, []string{sa + "/declared/executionRate declared_fraction"}},
		{"a syntax error in Chinese, with line and column",
			"{\n  \"department\": \"示例局\",\n  \"year\": ,\n}",
			exitInvalid,
			[]string{"错误 errors (1):", "整个文件 (the whole input)（第 3 行第 11 列 line 3 column 11）：JSON 语法错误：此处应为值，却是 ',' (malformed JSON: expected a value, found ',')"},
			[]string{" syntax"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var text, stderr bytes.Buffer
			if got := run([]string{"validate", "-"}, strings.NewReader(tt.in), &text, &stderr); got != tt.status {
				t.Errorf("exit %d, want %d\n%s%s", got, tt.status, text.String(), stderr.String())
			}
			out := text.String()
			at := 0
			for _, l := range tt.lines {
				i := strings.Index(out[at:], l)
				if i < 0 {
					t.Fatalf("text lacks, after what came before, %q:\n%s", l, out)
				}
				at += i + len(l)
			}
			// Pointers and codes are for programs: in the text only
			// with --detail, each under its line.
			var detail bytes.Buffer
			run([]string{"validate", "--detail", "-"}, strings.NewReader(tt.in), &detail, &stderr)
			for _, pc := range append(slices.Clone(tt.errors), tt.findings...) {
				path, code, _ := strings.Cut(pc, " ")
				if path == "" {
					path = `""`
				}
				if strings.Contains(out, "["+code+"]") || !strings.Contains(detail.String(), path+" ["+code+"]") {
					t.Errorf("%s [%s]: want it with --detail only:\n%s\n--detail:\n%s", path, code, out, detail.String())
				}
			}
			var js bytes.Buffer
			if got := run([]string{"validate", "--json", "-"}, strings.NewReader(tt.in), &js, &stderr); got != tt.status {
				t.Errorf("--json: exit %d, want %d", got, tt.status)
			}
			var reports []struct {
				Errors []struct {
					Path, Code, Message, MessageEN string
					Line, Column                   int
				}
				Findings []struct{ Path, Code, Message, MessageEN string }
			}
			if err := json.Unmarshal(js.Bytes(), &reports); err != nil || len(reports) != 1 {
				t.Fatalf("--json: %v\n%s", err, js.String())
			}
			var errs, finds []string
			for _, e := range reports[0].Errors {
				errs = append(errs, e.Path+" "+e.Code)
				if e.Message == "" || e.MessageEN == "" || e.Code == "syntax" && (e.Line != 3 || e.Column != 11 || strings.Contains(e.Message, "invalid")) {
					t.Errorf("--json error %+v", e)
				}
			}
			for _, f := range reports[0].Findings {
				finds = append(finds, f.Path+" "+f.Code)
			}
			if !slices.Equal(errs, tt.errors) || !slices.Equal(finds, tt.findings) {
				t.Errorf("--json errors %q findings %q, want %q and %q", errs, finds, tt.errors, tt.findings)
			}
		})
	}
	// --strict: the fraction is a warning, and fails the input.
	in := table(goodFunds, goodRows, `{"executionRate": "0.96"}`)
	if got := run([]string{"validate", "--strict", "-"}, strings.NewReader(in), &bytes.Buffer{}, &bytes.Buffer{}); got != exitInvalid {
		t.Errorf("--strict: exit %d, want %d", got, exitInvalid)
	}
}

// TestValidateInvalidParts: of a file whose first table is invalid and
// whose second is valid, validate prints the valid table's figures and
// names the invalid part, as text and as JSON (without the figures of an
// invalid disclosure).
func TestValidateInvalidParts(t *testing.T) {
	const input = "../../export/testdata/partial.json"
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{[]string{"validate", input}, []string{"自评表  2 乙项目", "无效部分 invalid parts: table:1（", "错误 errors (1):"}},
		{[]string{"validate", "--json", input}, []string{`"invalidParts": [`, `"part": "table:1"`, `"pointer": "/selfAssessments/0"`}},
	} {
		var out, stderr bytes.Buffer
		if got := run(tt.args, nil, &out, &stderr); got != exitInvalid {
			t.Errorf("%v: exit %d: %s", tt.args, got, stderr.String())
		}
		for _, s := range tt.want {
			if !strings.Contains(out.String(), s) {
				t.Errorf("%v: the output lacks %q:\n%s", tt.args, s, out.String())
			}
		}
		if strings.Contains(out.String(), "自评表  1") || strings.Contains(out.String(), `"result"`) {
			t.Errorf("%v: figures of an invalid part or disclosure:\n%s", tt.args, out.String())
		}
	}
}

// TestValidateUnreadable: a file that cannot be read is named, with why,
// in Chinese and English.
func TestValidateUnreadable(t *testing.T) {
	var out, stderr bytes.Buffer
	if got := run([]string{"validate", "/nonexistent.json"}, nil, &out, &stderr); got != exitUnread {
		t.Errorf("exit %d, want %d", got, exitUnread)
	}
	if msg := stderr.String(); !strings.Contains(msg, "无法读取 /nonexistent.json：文件不存在") || !strings.Contains(msg, "no such file") {
		t.Errorf("stderr %q", msg)
	}
}
