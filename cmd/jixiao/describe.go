package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"syscall"

	"github.com/jixiao/jixiao/evaluation"
)

// where is the place of a problem or finding for people: as the printed
// forms name it, with the imported file's cell or the input's line; the
// JSON Pointer only when nothing names it better.
func where(location, place, path string, line, column int) string {
	w := location
	if w == "" {
		w = path
	}
	if w == "" {
		w = "整个文件 (the whole input)"
	}
	if place != "" {
		w += "（单元格 " + place + "）"
	}
	if line > 0 {
		w += fmt.Sprintf("（第 %d 行第 %d 列 line %d column %d）", line, column, line, column)
	}
	return w
}

// detailLine is the pointer and code of a problem or finding, for whoever
// edits the input (--detail).
func detailLine(path, code string) string {
	if path == "" {
		path = `""`
	}
	return fmt.Sprintf("    %s [%s]", path, code)
}

// printProblem writes one problem as a line for people, indented by
// indent, with its pointer and code below when detail is set.
func printProblem(w io.Writer, indent string, p evaluation.Problem, detail bool) {
	fmt.Fprintf(w, "%s%s：%s (%s)\n", indent, where(p.Location, p.Place, p.Path, p.Line, p.Column), p.Message, p.MessageEN)
	if detail {
		fmt.Fprintf(w, "%s%s\n", indent, detailLine(p.Path, p.Code))
	}
}

var severityNames = map[bool]string{true: "警告", false: "提示"}

// printFinding writes one finding as printProblem does a problem; its
// message says the figures it compares.
func printFinding(w io.Writer, indent string, f evaluation.Finding, detail bool) {
	fmt.Fprintf(w, "%s[%s] %s：%s (%s)\n", indent, severityNames[f.Blocking()], where(f.Location, f.Place, f.Path, 0, 0), f.Message, f.MessageEN)
	if detail {
		fmt.Fprintf(w, "%s%s\n", indent, detailLine(f.Path, f.Code))
	}
}

// findingsNote says, after a render, what the audit found, by kind: a
// published figure that differs from the computed one, a figure in the
// prose that does, or a rule of the form not kept.
func findingsNote(fs []evaluation.Finding) string {
	var declared, prose, rules int
	for _, f := range fs {
		switch {
		case strings.HasPrefix(f.Code, "declared_"):
			declared++
		case f.Code == evaluation.FindingNarrative || f.Code == evaluation.FindingDocuments:
			prose++
		default:
			rules++
		}
	}
	var zh, en []string
	if declared > 0 {
		zh = append(zh, fmt.Sprintf("%d 处填报数与计算数不符", declared))
		en = append(en, fmt.Sprintf("%d declared figures differ from the computed ones", declared))
	}
	if prose > 0 {
		zh = append(zh, fmt.Sprintf("%d 处正文数字与计算数不符", prose))
		en = append(en, fmt.Sprintf("%d figures in the text differ", prose))
	}
	if rules > 0 {
		zh = append(zh, fmt.Sprintf("%d 处不合表单规则", rules))
		en = append(en, fmt.Sprintf("%d break the form's rules", rules))
	}
	return fmt.Sprintf("注意：审核发现 %d 处（%s），详见 jixiao validate (%d audit findings: %s; see jixiao validate)",
		len(fs), strings.Join(zh, "，"), len(fs), strings.Join(en, ", "))
}

// readError says in Chinese and English why an input could not be read.
func readError(name string, err error) error {
	why := "无法读取"
	switch {
	case errors.Is(err, fs.ErrNotExist):
		why = "文件不存在"
	case errors.Is(err, fs.ErrPermission):
		why = "没有读取权限"
	case errors.Is(err, syscall.EISDIR):
		why = "这是文件夹，不是文件"
	}
	return fmt.Errorf("无法读取 %s：%s (read %s: %w)", name, why, name, err)
}
