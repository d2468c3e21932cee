package importer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/profile"
)

// form is a profile's 自评表 as the importer looks for it: every label
// normalised once.
type form struct {
	p      *profile.Profile
	f      *profile.SelfAssessmentForm
	anchor string // the first header label: where a table starts
	labels []string
	// unit matches the funds label with the unit in it, 项目资金(万元).
	unitPrefix, unitSuffix string
	// level matches a 一级指标 label with its points, 产出指标(50分).
	level *regexp.Regexp
	year  *regexp.Regexp
	na    string
	total string
	notes string
	// levels and children map the normalised names of the scheme's
	// 一级 and 二级指标 to their spelling.
	levels, children map[string]string
}

func newForm(p *profile.Profile) *form {
	f := &p.Forms.SelfAssessment
	fm := &form{p: p, f: f, na: norm(f.Indicators.NotApplicable), total: norm(f.Total), notes: norm(f.NotesTitle),
		levels: map[string]string{}, children: map[string]string{}}
	for _, l := range p.Scheme.SelfAssessment.Levels {
		fm.levels[norm(l.Name)] = l.Name
		for _, c := range l.Children {
			fm.children[norm(c)] = c
		}
	}
	for _, row := range f.Header {
		for _, c := range row {
			if c.Label != "" {
				if fm.anchor == "" {
					fm.anchor = norm(c.Label)
				}
				fm.labels = append(fm.labels, norm(c.Label))
			}
		}
	}
	for _, c := range f.Funds.Columns {
		fm.labels = append(fm.labels, norm(c.Label))
	}
	for _, r := range f.Funds.Rows {
		fm.labels = append(fm.labels, norm(r.Label))
	}
	for _, c := range f.Indicators.Columns {
		fm.labels = append(fm.labels, norm(c.Label))
	}
	for _, t := range f.Texts {
		fm.labels = append(fm.labels, norm(t.Label))
	}
	fm.labels = append(fm.labels, fm.total, norm(f.Goals.Expected), norm(f.Goals.Actual))
	const mark = "\x00"
	if pre, suf, ok := strings.Cut(norm(p.Fill(f.Funds.Label, map[string]string{"Unit": mark})), mark); ok {
		fm.unitPrefix, fm.unitSuffix = pre, suf
	}
	lp := norm(p.Fill(f.Indicators.LevelPoints, map[string]string{"Name": "\x01", "Points": "\x02"}))
	lp = regexp.QuoteMeta(lp)
	lp = strings.Replace(lp, "\x01", "(.+?)", 1)
	lp = strings.Replace(lp, "\x02", `([0-9]+(?:\.[0-9]+)?)`, 1)
	fm.level = regexp.MustCompile("^" + lp + "$")
	yp := regexp.QuoteMeta(norm(p.Fill(f.Year, map[string]string{"Year": "\x00"})))
	yp = strings.Replace(yp, "\x00", `([0-9]{4})`, 1)
	fm.year = regexp.MustCompile(yp)
	return fm
}

// score counts the form's labels found on the sheet: how well the
// profile describes it.
func (fm *form) score(seen map[string]bool) int {
	n := 0
	for _, l := range fm.labels {
		if seen[l] {
			n++
		}
	}
	return n
}

// table is a self-assessment table found on a sheet: the value, where
// each field came from (pointers relative to the table), and what could
// not be read.
type table struct {
	t        evaluation.SelfAssessment
	prov     map[string]string
	year     int
	unit     string
	at       string // the anchor cell
	problems []cellProblem
}

type cellProblem struct {
	path, place, text string
	formula           bool // a formula without a cached value
}

// uncached records that the cell at (r, c), read for path, holds a
// formula without a cached value: an error naming the cell, since the
// importer does not calculate formulas.
func (t *table) uncached(g *grid, r, c int, path string) {
	t.prov[path] = g.ref(r, c)
	for _, p := range t.problems {
		if p.formula && p.place == g.ref(r, c) {
			return // a merged 一级指标 labels several rows, a figure is read twice
		}
	}
	t.problems = append(t.problems, cellProblem{path: path, place: g.ref(r, c), formula: true})
}

// tables finds every table on the grid: one per anchor label, stacked
// tables each ending where the next begins.
func (fm *form) tables(g *grid) []*table {
	var anchors []int
	for r, row := range g.cells {
		for c := range row {
			if g.is(r, c, fm.anchor) {
				if or, oc := g.origin(r, c); or == r && oc == c {
					anchors = append(anchors, r)
				}
				break
			}
		}
	}
	var out []*table
	prev := 0
	for i, a := range anchors {
		bottom := len(g.cells)
		if i+1 < len(anchors) {
			bottom = anchors[i+1]
		}
		t := fm.read(g, prev, a, bottom)
		if t != nil {
			out = append(out, t)
		}
		prev = a + 1
	}
	return out
}

// find is the first cell in rows [r1, r2) whose normalised text is label.
func find(g *grid, r1, r2 int, label string) (int, int, bool) {
	if label == "" {
		return 0, 0, false
	}
	for r := max(r1, 0); r < r2 && r < len(g.cells); r++ {
		for c := range g.cells[r] {
			if g.is(r, c, label) {
				return r, c, true
			}
		}
	}
	return 0, 0, false
}

// findIn is the column of label in row r, searching from column c0.
func findIn(g *grid, r, c0 int, label string) (int, bool) {
	if r < 0 || r >= len(g.cells) || label == "" {
		return 0, false
	}
	for c := c0; c < len(g.cells[r]); c++ {
		if g.is(r, c, label) {
			return c, true
		}
	}
	return 0, false
}

// read reads the table whose anchor label is on row a; above is the first
// row after the previous table (for the title and year lines), bottom the
// first row of the next.
func (fm *form) read(g *grid, above, a, bottom int) *table {
	f := fm.f
	t := &table{prov: map[string]string{}}
	ac, _ := findIn(g, a, 0, fm.anchor)
	t.at = g.ref(a, ac)
	for r := a - 1; r >= above && t.year == 0; r-- {
		for c := range g.cells[r] {
			if m := fm.year.FindStringSubmatch(g.normed(r, c)); m != nil {
				t.year, _ = strconv.Atoi(m[1])
				break
			}
		}
	}
	if t.year == 0 { // a year written some other way: 2021年度
		for r := a - 1; r >= above && t.year == 0; r-- {
			for c := range g.cells[r] {
				if m := yearAny().FindStringSubmatch(g.normed(r, c)); m != nil {
					t.year, _ = strconv.Atoi(m[1])
					break
				}
			}
		}
	}

	// The fund columns' head row ends the header.
	fundHead, fundCols := -1, map[string]int{}
	for r := a; r < bottom && fundHead < 0; r++ {
		hits := 0
		for _, c := range f.Funds.Columns {
			if c.Field == "initialBudget" || c.Field == "budget" || c.Field == "executed" {
				if _, ok := findIn(g, r, 0, norm(c.Label)); ok {
					hits++
				}
			}
		}
		if hits > 0 {
			fundHead = r
		}
	}
	headerEnd := bottom
	if fundHead >= 0 {
		headerEnd = fundHead
		c0 := 0
		for _, c := range f.Funds.Columns {
			if col, ok := findIn(g, fundHead, c0, norm(c.Label)); ok {
				fundCols[c.Field] = col
				c0 = g.end(fundHead, col) + 1
			}
		}
	}
	fm.header(g, t, a, headerEnd)

	// The goals' labels end the funds, the indicator heads the goals.
	goals := -1
	if fundHead >= 0 {
		for r := fundHead + 1; r < bottom && goals < 0; r++ {
			if _, ok := findIn(g, r, 0, norm(f.Goals.Expected)); ok {
				if _, ok := findIn(g, r, 0, norm(f.Goals.Actual)); ok {
					goals = r
				}
			}
		}
	}
	start := max(fundHead, a)
	if goals >= 0 {
		start = goals
	}
	indHead := -1
	var l1, l2 string
	for _, c := range f.Indicators.Columns {
		switch c.Field {
		case "level1":
			l1 = norm(c.Label)
		case "level2":
			l2 = norm(c.Label)
		}
	}
	for r := start; r < bottom && indHead < 0; r++ {
		if _, ok := findIn(g, r, 0, l1); ok {
			if _, ok := findIn(g, r, 0, l2); ok {
				indHead = r
			}
		}
	}
	if indHead < 0 {
		// No indicator grid: a 项目名称 column of some other list (the 汇总, a
		// roster): not a self-assessment table.
		return nil
	}
	if fundHead >= 0 {
		end := bottom
		for _, e := range []int{goals, indHead} {
			if e >= 0 {
				end = min(end, e)
			}
		}
		fm.funds(g, t, a, fundHead, end, fundCols)
	}
	if goals >= 0 {
		ec, _ := findIn(g, goals, 0, norm(f.Goals.Expected))
		xc, _ := findIn(g, goals, 0, norm(f.Goals.Actual))
		t.t.Goals.Expected = clean(g.text(goals+1, ec))
		t.t.Goals.Actual = clean(g.text(goals+1, xc))
		t.prov["/goals/expected"] = g.ref(goals+1, ec)
		t.prov["/goals/actual"] = g.ref(goals+1, xc)
	}
	end := bottom
	if indHead >= 0 {
		end = fm.indicators(g, t, indHead, bottom)
	}
	fm.tail(g, t, end, bottom)
	return t
}

var yearAny = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`([12][0-9]{3})年`) })

// header reads the header rows: each label's value is the first filled
// cell to its right that is not another label.
func (fm *form) header(g *grid, t *table, a, end int) {
	labels := map[string]bool{}
	for _, l := range fm.labels {
		labels[l] = true
	}
	for _, row := range fm.f.Header {
		for i := 0; i+1 < len(row); i++ {
			if row[i].Label == "" || row[i+1].Field == "" {
				continue
			}
			field := row[i+1].Field
			r, c, ok := find(g, a, end, norm(row[i].Label))
			if !ok {
				continue
			}
			vc := g.end(r, c) + 1
			for ; vc < len(g.cells[r]); vc = g.end(r, vc) + 1 {
				v := g.text(r, vc)
				if v == "" {
					continue
				}
				if labels[norm(v)] {
					vc = -1
				}
				break
			}
			if vc < 0 || vc >= len(g.cells[r]) {
				t.prov["/"+field] = g.ref(r, c)
				continue
			}
			v := clean(g.text(r, vc))
			if f := t.t.HeaderField(field); f != nil {
				*f = v
			}
			t.prov["/"+field] = g.ref(r, vc)
		}
	}
}

// funds reads the money unit from the block's label and a row per source.
func (fm *form) funds(g *grid, t *table, a, head, end int, cols map[string]int) {
	ff := &fm.f.Funds
	if fm.unitPrefix != "" || fm.unitSuffix != "" {
	unit:
		for r := a; r < end; r++ {
			for c := range g.cells[r] {
				n := g.normed(r, c)
				if len(n) > len(fm.unitPrefix)+len(fm.unitSuffix) && strings.HasPrefix(n, fm.unitPrefix) && strings.HasSuffix(n, fm.unitSuffix) {
					t.unit = n[len(fm.unitPrefix) : len(n)-len(fm.unitSuffix)]
					break unit
				}
			}
		}
	}
	found := map[string]bool{}
	for r := head + 1; r < end; r++ {
		key := ""
		for c := range g.cells[r] {
			n := strings.TrimPrefix(g.normed(r, c), "其中:")
			for _, fr := range ff.Rows {
				if n != "" && n == strings.TrimPrefix(norm(fr.Label), "其中:") && !found[fr.Key] {
					key = fr.Key
				}
			}
			if key != "" {
				break
			}
		}
		if key == "" {
			continue
		}
		found[key] = true
		row := &evaluation.FundRow{}
		base := "/funds/" + key + "/"
		for _, fc := range ff.Columns {
			c, ok := cols[fc.Field]
			if !ok {
				continue
			}
			switch fc.Field {
			case "initialBudget", "budget", "executed":
				n := t.number(g, r, c, base+fc.Field)
				switch fc.Field {
				case "initialBudget":
					row.InitialBudget = n
				case "budget":
					row.Budget = n
				case "executed":
					row.Executed = n
				}
				continue
			}
			if key != "total" {
				continue // the sources print marks here
			}
			switch fc.Field {
			case "weight":
				t.t.ExecutionWeight = t.number(g, r, c, "/executionWeight")
			case "rate":
				t.t.Declared.ExecutionRate = t.number(g, r, c, "/declared/executionRate")
			case "score":
				t.t.Declared.ExecutionScore = t.number(g, r, c, "/declared/executionScore")
			}
		}
		if key != "total" && !row.InitialBudget.Valid && !row.Budget.Valid && !row.Executed.Valid {
			continue // a source the table does not use
		}
		switch key {
		case "total":
			t.t.Funds.Total = *row
		case "fiscal":
			t.t.Funds.Fiscal = row
		case "carryover":
			t.t.Funds.Carryover = row
		case "other":
			t.t.Funds.Other = row
		case "specialAccount":
			t.t.Funds.SpecialAccount = row
		case "own":
			t.t.Funds.Own = row
		}
	}
}

// number reads a figure cell; an empty cell is an absent figure, and a
// cell that is not a number is recorded as a problem at its place.
func (t *table) number(g *grid, r, c int, path string) evaluation.Number {
	s, uncached := g.figure(r, c)
	if uncached {
		t.uncached(g, r, c, path)
	}
	if strings.TrimSpace(s) == "" {
		return evaluation.Number{}
	}
	t.prov[path] = g.ref(r, c)
	n, err := parseNumber(s)
	if err != nil {
		t.problems = append(t.problems, cellProblem{path: path, place: g.ref(r, c), text: s})
		return evaluation.Number{}
	}
	return n
}

// indicators reads the grid's rows below its head row, up to the 总分 row
// or a text block, and returns the row it stopped at.
func (fm *form) indicators(g *grid, t *table, head, bottom int) int {
	f := fm.f
	cols := map[string]int{}
	for _, c := range f.Indicators.Columns {
		if col, ok := findIn(g, head, 0, norm(c.Label)); ok {
			cols[c.Field] = col
		}
	}
	stops := map[string]bool{fm.total: true}
	for _, tx := range f.Texts {
		stops[norm(tx.Label)] = true
	}
	if fm.notes != "" {
		stops[fm.notes] = true
	}
	at := func(r int, field string) (string, int, bool) {
		c, ok := cols[field]
		if !ok {
			return "", 0, false
		}
		// figure: a label may be a formula too, 产出指标（50分） built
		// with SUM over the level's weights.
		v, uncached := g.figure(r, c)
		if uncached {
			t.uncached(g, r, c, fmt.Sprintf("/indicators/%d/%s", len(t.t.Indicators), field))
		}
		return v, c, true
	}
	// A merged 分值 spans sheet rows; scoreRows counts the indicators
	// that start within it (a tall indicator takes several sheet rows).
	var spans [][3]int // indicator, first sheet row, row after the merge
	var starts []int   // each indicator's sheet row
	defer func() {
		for _, sp := range spans {
			n := 0
			for _, s := range starts {
				if s >= sp[1] && s < sp[2] {
					n++
				}
			}
			if n > 1 && sp[0] < len(t.t.Indicators) {
				t.t.Indicators[sp[0]].ScoreRows = n
			}
		}
	}()
	r := head + 1
	for ; r < bottom; r++ {
		stop := false
		for c, v := range g.cells[r] {
			if v != "" && stops[g.normed(r, c)] {
				stop = true
				break
			}
		}
		if stop {
			break
		}
		if continues(g, r, cols) {
			continue // a tall row the sheet splits over several rows
		}
		var ind evaluation.TableIndicator
		i := len(t.t.Indicators)
		p := fmt.Sprintf("/indicators/%d/", i)
		empty := true
		rel := map[string]string{}
		for _, f := range evaluation.IndicatorFields {
			if f.Of == nil {
				continue // a figure, read below
			}
			v, c, ok := at(r, f.Name)
			if !ok {
				continue
			}
			v = clean(v)
			if v != "" {
				empty = false
				rel[p+f.Name] = g.ref(r, c)
			}
			switch f.Name {
			case "level1":
				v = fm.levelName(t, v, g.ref(r, c))
			case "level2":
				v = fm.childName(ind.Level1, v)
			default:
				v = f.Read(v, norm)
			}
			*f.Of(&ind) = v
		}
		wv, wc, hasW := at(r, "weight")
		sv, sc, _ := at(r, "score")
		covered := false
		if hasW {
			if m, ok := g.mergeOf(r, wc); ok {
				covered = m.r < r
				if m.r == r && m.rows > 1 {
					spans = append(spans, [3]int{len(t.t.Indicators), r, r + m.rows})
				}
			}
		}
		if (wv != "" || sv != "") && !covered {
			empty = false
		}
		if empty {
			continue // a blank line between or around tables
		}
		nw, ns := norm(wv), norm(sv)
		switch {
		case covered:
		case (fm.na != "" && (nw == fm.na || ns == fm.na)) || nw == "不涉及":
			ind.NotApplicable = true
		case wv == "" && sv == "" && ind.Name == "" && ind.Target == "" && ind.Actual == "":
			// An unused line of the form: no weight, no score.
			ind.NotApplicable = true
		default:
			ind.Weight = t.number(g, r, wc, p+"weight")
			ind.Score = t.number(g, r, sc, p+"score")
		}
		if ind.NotApplicable && wv != "" {
			rel[p+"notApplicable"] = g.ref(r, wc)
		}
		rel[p[:len(p)-1]] = g.ref(r, cols["level1"])
		for k, v := range rel {
			t.prov[k] = v
		}
		t.t.Indicators = append(t.t.Indicators, ind)
		starts = append(starts, r)
	}
	if r < bottom {
		if c, ok := cols["score"]; ok {
			if _, tc, ok := find(g, r, r+1, fm.total); ok && tc < c {
				t.t.Declared.Total = t.number(g, r, c, "/declared/total")
			}
		}
	}
	return r
}

// levelName reads a 一级指标 label: 产出指标（50分） gives the name and
// its declared points; the name is the scheme's where it matches.
func (fm *form) levelName(t *table, v, place string) string {
	n := norm(v)
	name := n
	if m := fm.level.FindStringSubmatch(n); m != nil {
		name = m[1]
		if pts, err := evaluation.ParseNumber(m[2]); err == nil {
			if t.t.Declared.Points == nil {
				t.t.Declared.Points = map[string]evaluation.Number{}
			}
			if _, ok := t.t.Declared.Points[name]; !ok {
				t.t.Declared.Points[name] = pts
				t.prov["/declared/points/"+pointerSegment(name)] = place
			}
		}
	}
	if l, ok := fm.levels[name]; ok {
		return l
	}
	if name == n {
		return clean(v) // not a scheme name: as written
	}
	return name
}

// childName is the scheme's spelling of a 二级指标, or the text as written.
func (fm *form) childName(level1, v string) string {
	if c, ok := fm.children[norm(v)]; ok {
		return c
	}
	return v
}

// tail reads what follows the grid: the text blocks, the signature line
// and whether the 填报注意事项 are there.
func (fm *form) tail(g *grid, t *table, from, bottom int) {
	f := fm.f
	for _, tx := range f.Texts {
		r, c, ok := find(g, from, bottom, norm(tx.Label))
		if !ok {
			continue
		}
		vc := g.end(r, c) + 1
		for vc < len(g.cells[r]) && g.text(r, vc) == "" {
			vc = g.end(r, vc) + 1
		}
		v := clean(g.text(r, vc))
		if v == "" {
			continue
		}
		if t.t.Texts == nil {
			t.t.Texts = map[string]string{}
		}
		t.t.Texts[tx.Key] = v
		t.prov["/texts/"+tx.Key] = g.ref(r, vc)
	}
	if len(f.Signatures) > 0 {
		fm.signatures(g, t, from, bottom)
	}
	if fm.notes != "" {
		if _, _, ok := find(g, from, bottom, fm.notes); !ok {
			t.t.OmitNotes = true
		}
	}
}

// signatures reads the names on the signature line: 填报人：张三　　审核人：
func (fm *form) signatures(g *grid, t *table, from, bottom int) {
	for r := from; r < bottom && r < len(g.cells); r++ {
		for c, v := range g.cells[r] {
			text := []rune(v)
			hits := signatureLabels(text, fm.f.Signatures)
			if len(hits) == 0 {
				continue
			}
			for _, h := range hits {
				end := len(text)
				for _, o := range hits {
					if o.at > h.at && o.at < end {
						end = o.at
					}
				}
				name := clean(string(text[h.after:end]))
				if name == "" {
					continue
				}
				if t.t.Signatures == nil {
					t.t.Signatures = map[string]string{}
				}
				t.t.Signatures[h.key] = name
				t.prov["/signatures/"+h.key] = g.ref(r, c)
			}
			return
		}
	}
}

// signatureLabel is a label found in a cell's text: where it starts and
// where the name after its colon begins.
type signatureLabel struct {
	key       string
	at, after int
}

// signatureLabels finds each signature's first label that a colon follows.
func signatureLabels(text []rune, sigs []profile.Signature) []signatureLabel {
	var hits []signatureLabel
	for _, s := range sigs {
		lab := []rune(s.Label)
		for i := 0; i+len(lab) <= len(text); i++ {
			if string(text[i:i+len(lab)]) != s.Label {
				continue
			}
			j := i + len(lab)
			for j < len(text) && (text[j] == ' ' || text[j] == '\u3000') {
				j++
			}
			if j < len(text) && (text[j] == '：' || text[j] == ':') {
				hits = append(hits, signatureLabel{s.Key, i, j + 1})
			}
			break
		}
	}
	return hits
}

// continues reports whether sheet row r carries on the indicator above:
// its 三级指标 (or, on a form without one, its 年度指标值) is a cell merged
// down from an earlier row. Jixiao's writer, and people, merge a tall
// row's cells over several sheet rows.
func continues(g *grid, r int, cols map[string]int) bool {
	for _, field := range []string{"name", "target"} {
		if c, ok := cols[field]; ok {
			m, merged := g.mergeOf(r, c)
			return merged && m.r < r
		}
	}
	return false
}

// pointerSegment escapes a key for a JSON Pointer (RFC 6901).
func pointerSegment(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}
