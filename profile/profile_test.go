package profile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/jixiao/jixiao/templates"
	"github.com/shopspring/decimal"
)

func builtinFS(t *testing.T) fs.FS {
	t.Helper()
	sub, err := fs.Sub(templates.FS, "profiles")
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

func TestBuiltin(t *testing.T) {
	set, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"beijing-2021", "execution-20", "extended-columns", "integer", "national", "yuan"}
	if got := set.Names(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("Names = %v, want %v", got, want)
	}
	// The built-in profiles are resolved on first use, not at load: each
	// must resolve and pass the checks Load makes, here, once — from
	// several goroutines at a time, as the service asks.
	var wg sync.WaitGroup
	for range 4 {
		for _, n := range want {
			wg.Go(func() {
				if _, err := set.Get(n); err != nil {
					t.Errorf("built-in profile %s: %v", n, err)
				}
			})
		}
	}
	wg.Wait()
	// A built-in profile is taken straight from its file when it extends
	// none; it must be the profile that every key's check gives.
	for _, n := range want {
		got, _ := set.Get(n)
		checked, err := resolveChecked(set.raw, n)
		if err == nil {
			err = got.prepare()
		}
		if err != nil {
			t.Errorf("built-in profile %s, every key checked: %v", n, err)
		} else if !reflect.DeepEqual(got, checked) {
			t.Errorf("built-in profile %s differs from the one with every key checked", n)
		}
	}
	if len(set.Summaries()) != len(want) {
		t.Errorf("Summaries = %v", set.Summaries())
	}
	def, err := set.Get("")
	if err != nil || def.Name != Default {
		t.Fatalf("Get(\"\") = %v, %v", def, err)
	}
	if _, err := set.Get("mars"); !errors.Is(err, ErrUnknown) || !strings.Contains(err.Error(), "national") {
		t.Errorf("Get(mars) = %v", err)
	}
	for _, s := range set.Summaries() {
		if s.Title == "" || s.Unit == "" {
			t.Errorf("summary %+v", s)
		}
	}
	bj, _ := set.Get("beijing-2021")
	// A profile that extends another keeps what it does not say …
	if bj.Money.Unit != "万元" || len(bj.Forms.SelfAssessment.Indicators.Columns) != 8 || bj.Layout.Page.Width == 0 {
		t.Errorf("beijing-2021 lost the national form: %+v", bj.Money)
	}
	// … and replaces what it does.
	if !bj.Forms.SelfAssessment.HasHeader("manager") || len(bj.Scheme.SelfAssessment.LowTargetBands) != 2 {
		t.Error("beijing-2021 lacks its 项目负责人 row or its deduction bands")
	}
	nat, _ := set.Get("national")
	if nat.Forms.SelfAssessment.HasHeader("manager") || len(nat.Scheme.SelfAssessment.LowTargetBands) != 0 {
		t.Error("the national form has beijing's rows or bands")
	}
	if strings.Contains(strings.Join(nat.Forms.SelfAssessment.Notes, ""), "5000%") {
		t.Error("the national notes repeat beijing's")
	}
}

// withFile loads the built-in profiles and one more file.
func withFile(t *testing.T, name, data string) error {
	t.Helper()
	_, err := Load(builtinFS(t), fstest.MapFS{name: {Data: []byte(data)}})
	return err
}

func TestLoadRefusesMistakes(t *testing.T) {
	const cols = `"forms": {"selfAssessment": {"indicators": {"columns": [
		{"field": "level1", "label": "一级指标", "width": 50, "sheetWidth": 9},
		{"field": "level2", "label": "二级指标", "width": 50, "sheetWidth": 9},
		{"field": %s, "label": "x", "width": 100, "sheetWidth": 9},
		{"field": "weight", "label": "分值", "width": 50, "sheetWidth": 6},
		{"field": "score", "label": "得分", "width": 50, "sheetWidth": 6},
		{"field": "deviation", "label": "偏差", "width": %s, "sheetWidth": 9}]},
		"header": [[{"label": "项目名称"}, {"field": "project", "span": 6}],
			[{"label": "主管部门"}, {"field": "competentDepartment", "span": 2}, {"label": "实施单位"}, {"field": "implementingUnit", "span": 3}]],
		"funds": {"rowLabelSpan": 1, "columns": [{"field": "budget", "label": "预算"}, {"field": "executed", "label": "执行"},
			{"field": "weight", "label": "分值"}, {"field": "rate", "label": "执行率"}, {"field": "score", "label": "得分"}]}}}`
	fill := func(field, width string) string {
		return `{"extends": "national", ` + strings.Replace(strings.Replace(cols, "%s", field, 1), "%s", width, 1) + `}`
	}
	width := "168.576" // 521.576 − 53.18 (label) − 300
	for _, tt := range []struct {
		name, data, want string
	}{
		{"a good new form", fill(`"name"`, width), ""},
		{"unknown key", `{"extends": "national", "scheme": {"rounding": "half-up", "gardes": []}}`, "/scheme/gardes: unknown key"},
		{"unknown key deep", `{"extends": "national", "forms": {"selfAssessment": {"funds": {"rows": [{"key": "total", "lable": "x"}]}}}}`, "/forms/selfAssessment/funds/rows/0/lable: unknown key"},
		{"wrong kind", `{"extends": "national", "money": {"unit": 1}}`, "/money/unit: want a string"},
		{"a column with no field", fill(`"levl3"`, width), `/forms/selfAssessment/indicators/columns/2/field: "levl3" is no indicator field`},
		{"widths that do not fill the page", fill(`"name"`, "100"), "/forms/selfAssessment/indicators/columns: the widths add up to"},
		{"weights that cannot add up", `{"extends": "national", "scheme": {"selfAssessment": {"executionWeight": "100"}}}`, "/scheme/selfAssessment/executionWeight: 100 leaves no weight"},
		{"grades out of order", `{"extends": "national", "scheme": {"grades": [{"min": "60", "grade": "合格"}, {"min": "80", "grade": "良"}]}}`, "/scheme/grades/1/min"},
		{"rounding", `{"extends": "national", "scheme": {"rounding": "banker"}}`, `/scheme/rounding: "banker"`},
		{"a template that does not parse", `{"extends": "national", "forms": {"selfAssessment": {"year": "{{.Year"}}}`, "/forms/selfAssessment/year"},
		{"a header row that does not fill the grid", `{"extends": "national", "forms": {"selfAssessment": {"header": [[{"label": "项目名称"}, {"field": "project", "span": 7}]]}}}`, "/forms/selfAssessment/header/0: the cells span 8 columns; the grid has 9"},
		{"an unknown fund row", `{"extends": "national", "forms": {"selfAssessment": {"funds": {"rows": [{"key": "total", "label": "合计"}, {"key": "loans", "label": "贷款"}]}}}}`, `/forms/selfAssessment/funds/rows/1/key: "loans"`},
		{"an unknown way of breaking cells", `{"extends": "national", "layout": {"styles": {"table": {"lines": "even"}}}}`, `/layout/styles/table/lines: "even": want balanced, filled or nothing`},
		{"a negative side padding", `{"extends": "national", "layout": {"styles": {"tableText": {"sidePadding": -1}}}}`, "/layout/styles/tableText: padding, indent and spacing must not be negative"},
		{"a negative margin", `{"extends": "national", "layout": {"margins": {"left": -300}}}`, "/layout/margins/left: -300"},
		{"a negative part margin", `{"extends": "national", "layout": {"partMargins": {"table": {"top": -5, "left": 36.85, "right": 36.85, "bottom": 56.693}}}}`, "/layout/partMargins/table/top"},
		{"margins that leave no type area", `{"extends": "national", "layout": {"margins": {"left": 300, "right": 250}}}`, "/layout/margins: leaves less than 100 points"},
		{"a page of a mile", `{"extends": "national", "layout": {"page": {"width": 100000}}}`, "/layout/page"},
		{"an unknown punctuation", `{"extends": "national", "layout": {"punctuation": "half"}}`, "/layout/punctuation: \"half\""},
		{"keeping a field the grid lacks", `{"extends": "national", "layout": {"keepWhole": ["level2", "level9"]}}`, "/layout/keepWhole/1: \"level9\""},
		{"a text size of a page", `{"extends": "national", "layout": {"styles": {"body": {"size": 600, "lineHeight": 650}}}}`, "/layout/styles/body"},
		{"a sheet margin of a yard", `{"extends": "national", "sheet": {"page": {"margins": {"left": 36}}}}`, "/sheet/page/margins: 36"},
		{"a sheet font of 1000 points", `{"extends": "national", "sheet": {"sizes": {"title": 1000}}}`, "/sheet/sizes"},
		{"a template that calls itself", `{"extends": "national", "forms": {"documentTitle": "{{define \"t\"}}{{template \"t\"}}{{end}}{{template \"t\"}}"}}`, "/forms/documentTitle: defines templates"},
		{"a template that calls a missing template", `{"extends": "national", "forms": {"documentTitle": "{{template \"x\"}}"}}`, `/forms/documentTitle: {{template "x"}} is not allowed`},
		{"a template that calls a missing function", `{"extends": "national", "forms": {"documentTitle": "{{nosuch .Year}}"}}`, `/forms/documentTitle: template: /forms/documentTitle:1: function "nosuch" not defined`},
		{"a template with printf", `{"extends": "national", "forms": {"selfAssessment": {"year": "{{printf \"%01000000d\" .Year}}"}}}`, "/forms/selfAssessment/year: the function printf is not allowed"},
		{"a template with range", `{"extends": "national", "forms": {"selfAssessment": {"year": "{{range 1000000000}}{{end}}"}}}`, "/forms/selfAssessment/year: {{range}} is not allowed"},
		{"a page number with call", `{"extends": "national", "layout": {"pageNumber": {"format": "{{call .}}"}}}`, "/layout/pageNumber/format: the function call"},
		{"100,000 nested arrays", `{"extends": "national", "comment": ` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + `}`, "nested deeper than 32 levels"},
		{"a file of 2 MiB", `{"extends": "national", "title": "` + strings.Repeat("x", 2<<20) + `"}`, "larger than 1024 KiB"},
		{"a missing base", `{"extends": "mars"}`, `/extends: no profile "mars"`},
		{"a key given twice", `{"title": "a", "title": "b"}`, "/title: key given twice"},
		{"not JSON", `{"title": `, "/title: "},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := withFile(t, "region.json", tt.data)
			switch {
			case tt.want == "" && err != nil:
				t.Fatal(err)
			case tt.want == "":
			case err == nil:
				t.Fatalf("loaded; want an error with %q", tt.want)
			case !strings.Contains(err.Error(), "profile region.json: ") || !strings.Contains(err.Error(), tt.want):
				t.Errorf("error %q, want the file and %q", err, tt.want)
			}
		})
	}
	// A cycle names the file it starts from.
	_, err := Load(builtinFS(t), fstest.MapFS{
		"a.json": {Data: []byte(`{"extends": "b"}`)}, "b.json": {Data: []byte(`{"extends": "a"}`)}})
	if err == nil || !strings.Contains(err.Error(), "extends itself") {
		t.Errorf("cycle: %v", err)
	}
	if _, err := Load(fstest.MapFS{"x.json": {Data: []byte(`{}`)}}); err == nil {
		t.Error("a set without the default profile loaded")
	}
}

func TestLoadDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "shanghai.json"), []byte(`{"extends": "national", "title": "上海"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	set, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	p, err := set.Get("shanghai")
	if err != nil || p.Title != "上海" || p.Name != "shanghai" {
		t.Fatalf("%v %v", p, err)
	}
	if _, err := set.Get("beijing-2021"); err != nil {
		t.Error("the built-in profiles are gone")
	}
}

func TestPrint(t *testing.T) {
	d := decimal.RequireFromString
	s := &Scheme{Rounding: HalfUp, Figures: Figures{
		Money: Format{Decimals: 2, Grouping: true}, Rate: Format{Decimals: 2}, Score: Format{Decimals: 0}, Weight: Format{Decimals: 2, Trim: true}}}
	for _, tt := range []struct {
		k    Kind
		v    string
		want string
	}{
		{KindMoney, "1234567.8", "1,234,567.80"}, {KindMoney, "-1234.5", "-1,234.50"}, {KindMoney, "123", "123.00"},
		{KindRate, "96.155", "96.16%"}, {KindScore, "9.5", "10"}, {KindScore, "9.49", "9"},
		{KindWeight, "50.00", "50"}, {KindWeight, "2.5", "2.5"},
	} {
		if got := s.Print(tt.k, d(tt.v)); got != tt.want {
			t.Errorf("Print(%s, %s) = %q, want %q", tt.k, tt.v, got, tt.want)
		}
	}
	if !s.Fits(KindScore, d("10.00")) || s.Fits(KindScore, d("9.5")) || !s.Fits(KindWeight, d("2.5")) {
		t.Error("Fits")
	}
}

func TestRounding(t *testing.T) {
	d := decimal.RequireFromString
	for _, tt := range []struct {
		r        Rounding
		num, den string
		places   int32
		want     string
	}{
		{HalfUp, "1", "3", 2, "0.33"},
		{HalfUp, "2", "3", 2, "0.67"},
		{HalfUp, "1", "200", 2, "0.01"},   // 0.005 → 0.01
		{HalfUp, "-1", "200", 2, "-0.01"}, // halves away from zero
		{HalfUp, "1", "-200", 2, "-0.01"},
		{HalfUp, "-1", "-200", 2, "0.01"},
		{HalfUp, "150.45", "30", 2, "5.02"}, // 5.015, exact: decimal.Div would stop at 5.0149999…
		{HalfUp, "1", "8", 2, "0.13"},
		{HalfUp, "5", "2", 0, "3"},
		{Down, "2", "3", 2, "0.66"},
		{Down, "-2", "3", 2, "-0.66"},
		{Down, "5", "2", 0, "2"},
	} {
		if got := tt.r.Quo(d(tt.num), d(tt.den), tt.places); !got.Equal(d(tt.want)) {
			t.Errorf("%s %s/%s at %d = %s, want %s", tt.r, tt.num, tt.den, tt.places, got, tt.want)
		}
	}
	if got := Down.Round(d("9.999"), 2); !got.Equal(d("9.99")) {
		t.Errorf("Down.Round = %s", got)
	}
	if got := HalfUp.Round(d("2.675"), 2); !got.Equal(d("2.68")) {
		t.Errorf("HalfUp.Round = %s", got)
	}
}

func TestFill(t *testing.T) {
	set, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	p, _ := set.Get("national")
	if got := p.Fill(p.Forms.SelfAssessment.Year, map[string]any{"Year": 2024}); got != "（ 2024 年度）" {
		t.Errorf("Fill = %q", got)
	}
	// A wording is cut at MaxFill bytes, at a character's start.
	long := strings.Repeat("{{.Department}}", 100)
	if _, err := parseTemplate("/x", long); err != nil {
		t.Fatal(err)
	}
	q, err := Load(builtinFS(t), fstest.MapFS{"long.json": {Data: []byte(`{"extends": "national", "forms": {"documentTitle": "` + long + `"}}`)}})
	if err != nil {
		t.Fatal(err)
	}
	lp, _ := q.Get("long")
	if got := lp.Fill(long, map[string]any{"Department": strings.Repeat("财政", 1000)}); len(got) > MaxFill || len(got) < MaxFill-3 || !utf8.ValidString(got) {
		t.Errorf("Fill of 600 KB gave %d bytes (valid UTF-8: %v), want at most %d", len(got), utf8.ValidString(got), MaxFill)
	}
	// A template whose data lacks a key prints its own text.
	if got := p.Fill(p.Forms.SelfAssessment.Year, map[string]any{}); got != p.Forms.SelfAssessment.Year {
		t.Errorf("Fill with no year = %q", got)
	}
}

// BenchmarkResolve compares the two ways of resolving the national
// profile: straight from its file (a built-in profile that extends none)
// and through the checked JSON objects (every operator's profile).
func BenchmarkResolve(b *testing.B) {
	set, err := Builtin()
	if err != nil {
		b.Fatal(err)
	}
	for _, bm := range []struct {
		name    string
		resolve func(map[string]*source, string) (*Profile, error)
	}{{"direct", resolve}, {"checked", resolveChecked}} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := bm.resolve(set.raw, Default); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
