package render

import (
	"fmt"
	"strings"
)

var chineseDigits = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// chineseNumber writes n (1–99) in Chinese numerals: 一, 十, 十一, 二十三.
func chineseNumber(n int) string {
	switch {
	case n < 10:
		return chineseDigits[n]
	case n < 20:
		return "十" + strings.TrimPrefix(chineseDigits[n%10], "零")
	case n < 100:
		s := chineseDigits[n/10] + "十"
		if n%10 != 0 {
			s += chineseDigits[n%10]
		}
		return s
	}
	return fmt.Sprint(n)
}

// Marker formats the n-th (from 1) number in a numbering style.
func Marker(style string, n int) string {
	switch style {
	case "chinese":
		return chineseNumber(n) + "、"
	case "paren-chinese":
		return "（" + chineseNumber(n) + "）"
	case "decimal-dot":
		return fmt.Sprintf("%d.", n)
	case "paren-decimal":
		return fmt.Sprintf("（%d）", n)
	case "decimal-paren":
		return fmt.Sprintf("%d）", n)
	case "circled":
		if n >= 1 && n <= 20 {
			return string(rune('①' + n - 1))
		}
		return fmt.Sprintf("（%d）", n)
	}
	return style // a literal marker such as ●
}
