package xlsx

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/shopspring/decimal"
)

// declaredCell is a cell of a table sheet that shows a declared figure.
type declaredCell struct {
	c, r int
	want evaluation.Number
	rate bool // held as a fraction
	text string
	// alone is a declared figure with nothing computed to keep: the
	// points of a level no row scores, which the computed workbook
	// leaves out of the label.
	alone bool
}

// declaredCells finds, on the sheet of table in, the cells of the figures
// the input declares, from the form's places: the funds' total row, the
// quantitative indicators' 得分, the 一级指标 labels and the 总分.
func declaredCells(t *testing.T, b *book, total, sheet string, in *evaluation.SelfAssessment, r *evaluation.TableResult) []declaredCell {
	t.Helper()
	var out []declaredCell
	dec := &in.Declared
	ft := b.find(sheet, colLevel1, 0, "年度资金总额")
	if dec.ExecutionRate.Valid {
		out = append(out, declaredCell{c: colRate, r: ft, want: dec.ExecutionRate, rate: true})
	}
	if dec.ExecutionScore.Valid {
		out = append(out, declaredCell{c: colFundS, r: ft, want: dec.ExecutionScore})
	}
	head := b.find(sheet, colLevel1, ft, "一级指标")
	row := head + 1
	for k := range in.Indicators {
		ind := &in.Indicators[k]
		if k == 0 || in.Indicators[k-1].Level1 != ind.Level1 {
			if n, ok := dec.Points[ind.Level1]; ok {
				if levelResult(r, ind.Level1).Scored {
					out = append(out, declaredCell{c: colLevel1, r: row, text: ind.Level1 + "\n（" + n.Raw + "分）"})
				} else {
					out = append(out, declaredCell{c: colLevel1, r: row, text: ind.Level1 + "（" + n.Raw + "分）", alone: true})
				}
			}
		}
		if ind.Quantitative != nil && ind.Score.Valid && !ind.NotApplicable {
			out = append(out, declaredCell{c: colScore, r: row, want: ind.Score})
		}
		if a, ok := b.mergeAt(sheet, colIndicator, row); ok {
			row = a.r2
		}
		row++
	}
	if dec.Total.Valid {
		out = append(out, declaredCell{c: colScore, r: b.find(sheet, colLabel, row, total), want: dec.Total})
	}
	return out
}

// cellRefs matches the cell references of a formula, with their sheet and
// as ranges.
var cellRefs = regexp.MustCompile(`('(?:[^']|'')*'!)?\$?([A-Z]{1,3})\$?([0-9]+)(?::\$?([A-Z]{1,3})\$?([0-9]+))?`)

// normalise writes every reference of formula f as single cells, ranges
// expanded, each twin (sheet!cell) replaced by the cell it stands for; a
// reference to a declared cell itself is marked, for formulas must use
// the computed twin.
func normalise(f, sheet string, twins map[string]string, declared map[string]bool) string {
	return cellRefs.ReplaceAllStringFunc(f, func(m string) string {
		s := cellRefs.FindStringSubmatch(m)
		prefix := s[1]
		target := sheet
		if prefix != "" {
			target = strings.ReplaceAll(strings.TrimSuffix(strings.Trim(prefix, "!"), "'")[1:], "''", "'")
		}
		col, r1, r2 := s[2], 0, 0
		fmt.Sscan(s[3], &r1)
		r2 = r1
		if s[4] != "" {
			if s[4] != col {
				return m // a block of columns: kept as written
			}
			fmt.Sscan(s[5], &r2)
		}
		var cells []string
		for r := r1; r <= r2; r++ {
			c := fmt.Sprintf("%s%d", col, r)
			if declared[target+"!"+c] {
				c = "declared:" + c
			}
			if v, ok := twins[target+"!"+c]; ok {
				c = v
			}
			cells = append(cells, target+"!"+c)
		}
		return strings.Join(cells, ",")
	})
}

// TestDeclaredWorkbook compares the reference workbook with declared
// figures to the computed one: they differ exactly at the cells of the
// declared figures, which hold the declared values with no formula; each
// such cell's computed content, formula and cached value, is in a hidden
// column of its row; and every other cell of every sheet holds the same
// value and the same formula, its references to a declared figure going
// to that figure's hidden twin.
func TestDeclaredWorkbook(t *testing.T) {
	rep := reference(t)
	comp := newBook(t, open(t, writeBook(t, rep, Options{})))
	decl := newBook(t, open(t, writeBookAs(t, rep, Options{}, true)))
	sheets := comp.f.GetSheetList()
	if !slices.Equal(sheets, decl.f.GetSheetList()) {
		t.Fatalf("sheets differ: %q and %q", sheets, decl.f.GetSheetList())
	}
	form := &rep.Profile.Forms.SelfAssessment
	formCols := len(form.Indicators.Columns) + 1
	twins := map[string]string{} // sheet!twin → the cell it stands for
	isDeclared := map[string]bool{}
	n := 0
	for i := range rep.Disclosure.SelfAssessments {
		sheet := sheets[i+1]
		cells := declaredCells(t, comp, form.Total, sheet, &rep.Disclosure.SelfAssessments[i], &rep.Result.Tables[i])
		byRow := map[int][]declaredCell{}
		for _, d := range cells {
			byRow[d.r] = append(byRow[d.r], d)
		}
		for r, ds := range byRow {
			slices.SortFunc(ds, func(a, b declaredCell) int { return a.c - b.c })
			k := -1 // the hidden column of the row's last twin
			for _, d := range ds {
				n++
				at := cellName(d.c, d.r)
				isDeclared[sheet+"!"+at] = true
				if f := decl.formula(sheet, d.c, r); f != "" {
					t.Errorf("%s!%s: declared figure has formula %s", sheet, at, f)
				}
				got := decl.value(sheet, d.c, r)
				if d.text != "" {
					if got != d.text {
						t.Errorf("%s!%s = %q, want the declared %q", sheet, at, got, d.text)
					}
				} else {
					want := d.want.Value
					if d.rate {
						want = hundredth(want)
					}
					if v, err := decimal.NewFromString(got); err != nil || !v.Equal(want) {
						t.Errorf("%s!%s = %q, want the declared %s", sheet, at, got, want)
					}
				}
				if d.alone {
					continue
				}
				k++
				twin := formCols + k
				tw := cellName(twin, r)
				twins[sheet+"!"+tw] = at
				if visible, err := decl.f.GetColVisible(sheet, colLetters(twin)); err != nil || visible {
					t.Errorf("%s: column %s of computed twins is visible", sheet, colLetters(twin))
				}
				if g, w := decl.value(sheet, twin, r), comp.value(sheet, d.c, r); g != w {
					t.Errorf("%s!%s (twin of %s) = %q, want the computed %q", sheet, tw, at, g, w)
				}
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d declared cells", n)
	}
	// Twins' formulas, and every other cell, against the computed book.
	for _, sheet := range sheets {
		rows := decl.sheetRows(sheet)
		for r := range rows {
			for c := range rows[r] {
				at := cellName(c, r)
				tw, isTwin := twins[sheet+"!"+at]
				wantC, wantR := c, r
				if isTwin {
					wantC, wantR, _ = cellCoords(t, tw)
				} else if isDeclared[sheet+"!"+at] {
					continue
				}
				if g, w := decl.value(sheet, c, r), comp.value(sheet, wantC, wantR); !isTwin && g != w {
					t.Errorf("%s!%s = %q, computed workbook %q", sheet, at, g, w)
				}
				g := normalise(decl.formula(sheet, c, r), sheet, twins, isDeclared)
				w := normalise(comp.formula(sheet, wantC, wantR), sheet, nil, nil)
				if sheet == rep.Profile.Sheet.Audit.Sheet {
					// The findings link to the cells that show the
					// declared figures.
					g, w = decl.formula(sheet, c, r), comp.formula(sheet, c, r)
				}
				if g != w {
					t.Errorf("%s!%s: formula %s, computed workbook %s", sheet, at, decl.formula(sheet, c, r), comp.formula(sheet, wantC, wantR))
				}
			}
		}
	}
}

func cellCoords(t *testing.T, name string) (c, r int, err error) {
	t.Helper()
	var col string
	for i, ch := range name {
		if ch >= '0' && ch <= '9' {
			col = name[:i]
			fmt.Sscan(name[i:], &r)
			break
		}
	}
	for _, ch := range col {
		c = c*26 + int(ch-'A') + 1
	}
	return c - 1, r - 1, nil
}
