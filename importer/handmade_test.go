package importer

import (
	"context"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/profile"
)

// The hand-made workbooks are built outside Jixiao's writer: an HTML page
// laid out as people lay out the 自评表 — a blank row and column around
// the table, spaced labels (项 目 名 称), line breaks in cells, half-width
// brackets, amounts as text with grouping commas or in full-width digits,
// rates with a full-width ％, 一级/二级 labels merged over their rows —
// converted to .xlsx by LibreOffice, as a finance office's own file would
// be.

// handMade is the HTML of the tables of d on p's form, stacked on one
// page (LibreOffice makes it one sheet). rep gives the figures the form
// prints but the input may leave to computation.
func handMade(d *evaluation.Disclosure, rep *evaluation.Report, p *profile.Profile) string {
	var b strings.Builder
	b.WriteString("<html><head><meta charset=\"utf-8\"></head><body><table border=\"1\">\n")
	f := &p.Forms.SelfAssessment
	cols := 1 + len(f.Indicators.Columns)
	row := func(cells ...string) {
		b.WriteString("<tr><td></td>") // the blank column left of the table
		for _, c := range cells {
			b.WriteString(c)
		}
		b.WriteString("</tr>\n")
	}
	td := func(text string, attrs ...any) string {
		a := ""
		for i := 0; i+1 < len(attrs); i += 2 {
			if n := attrs[i+1].(int); n > 1 {
				a += fmt.Sprintf(` %s="%d"`, attrs[i], n)
			}
		}
		t := strings.ReplaceAll(html.EscapeString(text), "\n", "<br>")
		return "<td" + a + ">" + t + "</td>"
	}
	spaced := func(s string) string { // 项目名称 → 项 目 名 称
		r := []rune(s)
		if len(r) != 4 {
			return s
		}
		return strings.Join(strings.Split(s, ""), " ")
	}
	for ti := range d.SelfAssessments {
		t := &d.SelfAssessments[ti]
		res := &rep.Result.Tables[ti]
		money := func(n evaluation.Number, k int) string {
			if !n.Valid {
				return ""
			}
			s := p.Scheme.Print(profile.KindMoney, n.Value)
			switch k % 3 {
			case 0:
				return s // with grouping commas where the profile prints them
			case 1:
				return fullWidth(strings.ReplaceAll(s, ",", ""))
			}
			return strings.ReplaceAll(s, ",", "")
		}
		b.WriteString("<tr><td></td></tr>\n") // blank rows above every table
		row(td(f.Title, "colspan", cols))
		row(td(p.Fill(f.Year, d), "colspan", cols))
		for _, hr := range f.Header {
			var cells []string
			for _, hc := range hr {
				if hc.Label != "" {
					cells = append(cells, td(spaced(hc.Label), "colspan", hc.Span))
					continue
				}
				v := map[string]string{"project": t.Project, "competentDepartment": t.CompetentDepartment,
					"implementingUnit": t.ImplementingUnit, "manager": t.Manager, "phone": t.Phone}[hc.Field]
				cells = append(cells, td(v, "colspan", hc.Span))
			}
			row(cells...)
		}
		ff := &f.Funds
		unit := d.Unit
		if unit == "" {
			unit = p.Money.Unit
		}
		fundLabel := strings.NewReplacer("（", "(", "）", ")").Replace(p.Fill(ff.Label, map[string]string{"Unit": unit}))
		head := []string{td(strings.Replace(fundLabel, "(", "\n(", 1), "rowspan", len(ff.Rows)+1), td("", "colspan", ff.RowLabelSpan)}
		for _, c := range ff.Columns {
			head = append(head, td(c.Label, "colspan", c.Span))
		}
		row(head...)
		for k, fr := range ff.Rows {
			cells := []string{td(fr.Label, "colspan", ff.RowLabelSpan)}
			src := t.Funds.Source(fr.Key)
			for _, c := range ff.Columns {
				v := c.Mark
				switch {
				case c.Field == "initialBudget" && src != nil:
					v = money(src.InitialBudget, k)
				case c.Field == "budget" && src != nil:
					v = money(src.Budget, k+1)
				case c.Field == "executed" && src != nil:
					v = money(src.Executed, k+2)
				case c.Field == "initialBudget" || c.Field == "budget" || c.Field == "executed":
					v = ""
				case fr.Key != "total":
				case c.Field == "weight":
					v = p.Scheme.Print(profile.KindWeight, res.ExecutionWeight)
				case c.Field == "rate":
					v = strings.Replace(printed(t.Declared.ExecutionRate, p.Scheme.Print(profile.KindRate, res.ExecutionRate)), "%", "％", 1)
				case c.Field == "score":
					v = printed(t.Declared.ExecutionScore, p.Scheme.Print(profile.KindScore, res.ExecutionScore))
				}
				cells = append(cells, td(v, "colspan", c.Span))
			}
			row(cells...)
		}
		left := len(f.Indicators.Columns) / 2
		row(td(f.Goals.Label, "rowspan", 2), td(f.Goals.Expected, "colspan", left), td(f.Goals.Actual, "colspan", len(f.Indicators.Columns)-left))
		row(td(t.Goals.Expected, "colspan", left), td(t.Goals.Actual, "colspan", len(f.Indicators.Columns)-left))
		inds := t.Indicators
		head = []string{td(f.Indicators.Label, "rowspan", len(inds)+1)}
		for _, c := range f.Indicators.Columns {
			head = append(head, td(c.Label))
		}
		row(head...)
		covered := 0
		for i := range inds {
			ind := &inds[i]
			var cells []string
			for _, c := range f.Indicators.Columns {
				switch c.Field {
				case "level1":
					if i == 0 || inds[i-1].Level1 != ind.Level1 {
						cells = append(cells, td(levelLabel(t, res, p, ind.Level1), "rowspan", evaluation.LevelRun(inds, i, true)))
					}
				case "level2":
					if i == 0 || inds[i-1].Level1 != ind.Level1 || inds[i-1].Level2 != ind.Level2 {
						cells = append(cells, td(ind.Level2, "rowspan", evaluation.LevelRun(inds, i, false)))
					}
				case "weight", "score":
					switch {
					case covered > 0:
					case ind.NotApplicable && ind.Name == "" && ind.Target == "" && ind.Actual == "":
						cells = append(cells, td(""))
					case ind.NotApplicable:
						cells = append(cells, td(f.Indicators.NotApplicable))
					case c.Field == "weight":
						cells = append(cells, td(ind.Weight.Raw, "rowspan", ind.ScoreRows))
					default:
						cells = append(cells, td(printed(ind.Score, p.Scheme.Print(profile.KindScore, res.Rows[i].Score)), "rowspan", ind.ScoreRows))
					}
				default:
					v := map[string]string{"name": ind.Name, "target": ind.Target, "actual": ind.Actual, "deviation": ind.Deviation,
						"nature": ind.Nature, "unit": ind.Unit}[c.Field]
					cells = append(cells, td(v))
				}
			}
			switch {
			case covered > 0:
				covered--
			case !ind.NotApplicable:
				covered = max(ind.ScoreRows, 1) - 1
			}
			row(cells...)
		}
		wi := slices.IndexFunc(f.Indicators.Columns, func(c profile.Column) bool { return c.Field == "weight" })
		totalWeight := res.ExecutionWeight
		for _, r := range res.Rows {
			if r.Scored {
				totalWeight = totalWeight.Add(r.Weight)
			}
		}
		total := []string{td(spaced(f.Total), "colspan", wi+1), td(p.Scheme.Print(profile.KindWeight, totalWeight)),
			td(printed(t.Declared.Total, p.Scheme.Print(profile.KindScore, res.Total)))}
		if rest := len(f.Indicators.Columns) - wi - 2; rest > 0 {
			total = append(total, td("", "colspan", rest))
		}
		row(total...)
		for _, tx := range f.Texts {
			row(td(tx.Label), td(t.Texts[tx.Key], "colspan", cols-1))
		}
		if len(f.Signatures) > 0 {
			var parts []string
			for _, s := range f.Signatures {
				parts = append(parts, s.Label+"："+t.Signatures[s.Key])
			}
			row(td(strings.Join(parts, "\u3000\u3000"), "colspan", cols))
		}
		if !t.OmitNotes {
			row(td(f.NotesTitle, "colspan", cols))
			for _, n := range f.Notes {
				row(td(n, "colspan", cols))
			}
		}
		b.WriteString("<tr><td></td></tr>\n")
	}
	b.WriteString("</table></body></html>\n")
	return b.String()
}

// printed is a declared figure as published, else the computed one.
func printed(declared evaluation.Number, computed string) string {
	if declared.Valid {
		return declared.Raw
	}
	return computed
}

func levelLabel(t *evaluation.SelfAssessment, res *evaluation.TableResult, p *profile.Profile, name string) string {
	for _, l := range res.Levels {
		if l.Name != name {
			continue
		}
		pts := p.Scheme.Print(profile.KindWeight, l.Weight)
		if d, ok := t.Declared.Points[name]; ok {
			pts = d.Raw
		} else if !l.Scored {
			return name
		}
		return strings.Replace(p.Fill(p.Forms.SelfAssessment.Indicators.LevelPoints, map[string]string{"Name": name, "Points": pts}), "（", "\n（", 1)
	}
	return name
}

// fullWidth writes digits and the decimal point in full width: １２３．４５.
func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r == '.' {
			return r + 0xFEE0
		}
		return r
	}, s)
}

// office returns the soffice binary; without it the test fails in CI and
// is skipped elsewhere.
func office(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("soffice not found: CI must install LibreOffice (scripts/ci-deps.sh)")
		}
		t.Skip("soffice not found: install libreoffice-calc-nogui")
	}
	return bin
}

// convert has LibreOffice turn every HTML file in names into .xlsx, in
// one run (each start costs seconds), with a private user profile.
func convert(t *testing.T, dir string, names []string) {
	t.Helper()
	bin := office(t)
	args := []string{"-env:UserInstallation=file://" + filepath.Join(dir, "lo-profile"), "--headless", "--norestore",
		"--infilter=HTML (StarCalc)", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", dir}
	for _, n := range names {
		args = append(args, filepath.Join(dir, n))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if msg, err := exec.CommandContext(ctx, bin, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}
}

// handMadeCases are one input per built-in profile; the reference
// disclosure contributes its first three tables, stacked on one sheet.
func handMadeCases(t *testing.T) map[string]*evaluation.Disclosure {
	t.Helper()
	files, _ := filepath.Glob("../examples/*.json")
	out := map[string]*evaluation.Disclosure{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d, err := evaluation.DecodeBytes(data)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.SelfAssessments) > 3 {
			d.SelfAssessments = d.SelfAssessments[:3]
			d.DepartmentReport, d.ProjectReports = nil, nil
		}
		out[strings.TrimSuffix(filepath.Base(f), ".json")] = d
	}
	if len(out) < 6 {
		t.Fatalf("examples: %d", len(out))
	}
	return out
}

// TestHandMadeWorkbooks converts a hand-laid 自评表 page per profile with
// LibreOffice and imports the workbook: every text and figure of every
// table, the declared figures, and the audit's findings are those of the
// input the page was laid out from, and values carry their cells.
func TestHandMadeWorkbooks(t *testing.T) {
	cases := handMadeCases(t)
	set, err := profile.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var names []string
	reps := map[string]*evaluation.Report{}
	for name, d := range cases {
		input, _ := encodeJSON(d)
		rep := evaluation.Evaluate(input, nil)
		if !rep.Valid() {
			t.Fatalf("%s: %v", name, rep.Problems)
		}
		reps[name] = rep
		if err := os.WriteFile(filepath.Join(dir, name+".html"), []byte(handMade(d, rep, rep.Profile)), 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, name+".html")
	}
	slices.Sort(names)
	convert(t, dir, names)
	for name, want := range cases {
		t.Run(name, func(t *testing.T) {
			book, err := os.ReadFile(filepath.Join(dir, name+".xlsx"))
			if err != nil {
				t.Fatal(err)
			}
			if os.Getenv("JIXIAO_KEEP_HANDMADE") != "" { // refreshes testdata/
				os.WriteFile(filepath.Join("testdata", name+".xlsx"), book, 0o644)
			}
			checkHandMade(t, name, book, want, reps[name], set)
		})
	}
}

// checkHandMade imports a hand-made workbook laid out from want and
// checks it against want and its evaluation.
func checkHandMade(t *testing.T, name string, book []byte, want *evaluation.Disclosure, wantRep *evaluation.Report, set *profile.Set) {
	t.Helper()
	checkHandMadeAs(t, name, book, want, wantRep, set, func(g, w string) bool { return g == w })
}

// checkHandMadeAs is checkHandMade with the indicators' texts compared by
// sameText.
func checkHandMadeAs(t *testing.T, name string, book []byte, want *evaluation.Disclosure, wantRep *evaluation.Report, set *profile.Set, sameText func(got, want string) bool) {
	t.Helper()
	res, err := Import([]File{{Name: name + ".xlsx", Data: book}}, Options{Profiles: set, Profile: wantRep.Profile.Name})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) > 0 {
		t.Fatalf("problems: %v", res.Problems)
	}
	got := res.Disclosure
	if got.Year != want.Year || len(got.SelfAssessments) != len(want.SelfAssessments) {
		t.Fatalf("year %d, %d tables; want %d, %d", got.Year, len(got.SelfAssessments), want.Year, len(want.SelfAssessments))
	}
	unit := want.Unit
	if unit == "" {
		unit = wantRep.Profile.Money.Unit
	}
	if got.Unit != unit {
		t.Errorf("unit %q, want %q", got.Unit, unit)
	}
	for i := range want.SelfAssessments {
		sameCellsAs(t, fmt.Sprintf("table %d", i+1), &got.SelfAssessments[i], &want.SelfAssessments[i], sameText)
		g, w := &got.SelfAssessments[i], &want.SelfAssessments[i]
		for _, key := range profile.FundKeys[1:] {
			gs, ws := g.Funds.Source(key), w.Funds.Source(key)
			if (gs == nil) != (ws == nil) || (gs != nil && (!gs.Budget.Value.Equal(ws.Budget.Value) || !gs.Executed.Value.Equal(ws.Executed.Value))) {
				t.Errorf("table %d funds %s: got %+v, want %+v", i+1, key, gs, ws)
			}
		}
		for k, v := range w.Texts {
			if g.Texts[k] != v {
				t.Errorf("table %d text %s: %q, want %q", i+1, k, g.Texts[k], v)
			}
		}
		for k, v := range w.Signatures {
			if g.Signatures[k] != v {
				t.Errorf("table %d signature %s: %q, want %q", i+1, k, g.Signatures[k], v)
			}
		}
		if g.OmitNotes != w.OmitNotes {
			t.Errorf("table %d omitNotes %v", i+1, g.OmitNotes)
		}
		if w.Declared.Total.Valid && !g.Declared.Total.Value.Equal(w.Declared.Total.Value) {
			t.Errorf("table %d declared total %s, want %s", i+1, g.Declared.Total.Raw, w.Declared.Total.Raw)
		}
	}
	// Provenance: the total budget of the first table is a cell of the
	// sheet, in the column of 全年预算数.
	if at := res.Provenance["/selfAssessments/0/funds/total/budget"]; !strings.Contains(at, "!") {
		t.Errorf("no place for the first budget: %q", at)
	}
	// The same findings as the input's (the imported declared figures
	// are the ones the page printed), each with its cell.
	rep := res.Evaluate(&evaluation.Config{Profiles: set})
	if !rep.Valid() {
		t.Fatalf("invalid: %v", rep.Problems)
	}
	key := func(fs []evaluation.Finding) []string {
		var out []string
		for _, f := range fs {
			out = append(out, f.Path+" "+f.Code)
		}
		slices.Sort(out)
		return out
	}
	if g, w := key(rep.Findings), key(wantRep.Findings); !slices.Equal(g, w) {
		t.Errorf("findings\n got %v\nwant %v", g, w)
	}
	for _, f := range rep.Findings {
		if !strings.Contains(f.Place, "!") {
			t.Errorf("finding %s has no place", f.Path)
		}
	}
	for i := range rep.Result.Tables {
		if g, w := rep.Result.Tables[i].Total, wantRep.Result.Tables[i].Total; !g.Equal(w) {
			t.Errorf("table %d total %s, want %s", i+1, g, w)
		}
	}
}

// handMadeCasesNoOffice is handMadeCases for tests that need no office.
func handMadeCasesNoOffice(t *testing.T) map[string]*evaluation.Disclosure { return handMadeCases(t) }

func mustJSON(t *testing.T, d *evaluation.Disclosure) []byte {
	t.Helper()
	b, err := encodeJSON(d)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCommittedLibreOfficeWorkbooks imports the workbooks LibreOffice
// made from the hand-laid pages (testdata/, refreshed by running
// TestHandMadeWorkbooks with JIXIAO_KEEP_HANDMADE=1), so that files made
// outside Jixiao are read even where LibreOffice is not installed; and
// the profile is detected from the labels where the form tells.
func TestCommittedLibreOfficeWorkbooks(t *testing.T) {
	set, err := profile.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	detected := map[string]string{"beijing-finance-2021": "beijing-2021", "extended-columns-self-assessment": "extended-columns",
		"minimal-self-assessment": "national"}
	for name, want := range handMadeCases(t) {
		t.Run(name, func(t *testing.T) {
			book, err := os.ReadFile(filepath.Join("testdata", name+".xlsx"))
			if err != nil {
				t.Fatal(err)
			}
			rep := evaluation.Evaluate(mustJSON(t, want), nil)
			checkHandMade(t, name, book, want, rep, set)
			if p, ok := detected[name]; ok {
				res, err := Import([]File{{Name: name + ".xlsx", Data: book}}, Options{})
				if err != nil {
					t.Fatal(err)
				}
				if res.Disclosure.Profile != p {
					t.Errorf("detected profile %s, want %s", res.Disclosure.Profile, p)
				}
			}
		})
	}
}

// TestCommittedGnumericWorkbooks imports the same hand-laid pages as
// saved by another spreadsheet program, Gnumeric (`ssconvert
// --import-type=Gnumeric_html:html page.html page.xlsx`, files under
// testdata/gnumeric): its packages differ from LibreOffice's (inline
// strings, its own styles, amounts as binary fractions such as
// 1287654.32000000000005) and must read the same. Gnumeric turns a typed
// "100%" into the number 1 shown as 0.00%, so the workbook shows, and the
// import reads, "100.00%": such a text may differ from the typed one in
// its percentage's trailing zeros, nothing else.
func TestCommittedGnumericWorkbooks(t *testing.T) {
	set, err := profile.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	samePercent := func(got, want string) bool {
		if got == want {
			return true
		}
		g, w := strings.TrimSuffix(got, "%"), strings.TrimSuffix(want, "%")
		if g == got || w == want || !strings.HasPrefix(g, w) {
			return false
		}
		rest := strings.TrimPrefix(g, w)
		if !strings.Contains(w, ".") {
			var ok bool
			if rest, ok = strings.CutPrefix(rest, "."); !ok {
				return false // 1000% is not 100%
			}
		}
		return strings.Trim(rest, "0") == ""
	}
	for name, want := range handMadeCases(t) {
		t.Run(name, func(t *testing.T) {
			book, err := os.ReadFile(filepath.Join("testdata", "gnumeric", name+".xlsx"))
			if err != nil {
				t.Fatal(err)
			}
			checkHandMadeAs(t, name, book, want, evaluation.Evaluate(mustJSON(t, want), nil), set, samePercent)
		})
	}
}
