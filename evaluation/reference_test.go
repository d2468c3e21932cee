package evaluation

import (
	"os"
	"path/filepath"
	"testing"
)

// The reference disclosure: the 2021 performance disclosure of 北京市地方金融
// 监督管理局 (../shared/reference/beijing-finance-2021-disclosure.txt),
// transcribed in examples/beijing-finance-2021.json with the published
// figures as declared values.

func loadReference(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "examples", "beijing-finance-2021.json"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestReferenceDisclosure(t *testing.T) {
	data := loadReference(t)
	r := Evaluate(data, beijing)
	if !r.Valid() {
		t.Fatalf("the reference disclosure has problems: %v", r.Problems)
	}
	res := r.Result

	t.Run("department report", func(t *testing.T) {
		d := res.Department
		eq(t, "total", d.Total, "90.71") // printed 90.70: a finding below
		eq(t, "预算执行率", d.ExecutionRate, "96.91")
		eq(t, "结转结余率", *d.CarryoverRate, "3.57")
		eq(t, "上年结转结余率", *d.PreviousCarryoverRate, "2.33")
		eq(t, "变动", *d.CarryoverRateChange, "1.24")
		eq(t, "预决算差异", *d.FinalAccountsDifference, "979.56")
		eq(t, "预决算差异率", *d.FinalAccountsDifferenceRate, "15.66")
		for i, want := range []string{"19.38", "51.83", "19.50"} {
			eq(t, d.Indicators[i].Name, d.Indicators[i].Score, want)
		}
		if d.Grade != "优" {
			t.Errorf("grade %s", d.Grade)
		}
	})

	t.Run("project report", func(t *testing.T) {
		if len(res.Projects) != 1 {
			t.Fatalf("%d project reports", len(res.Projects))
		}
		p := res.Projects[0]
		eq(t, "total", p.Total, "87.76")
		for i, want := range []struct{ score, rate string }{{"8.58", "85.80"}, {"18.80", "94.00"}, {"36.28", "90.70"}, {"24.10", "80.33"}} {
			eq(t, p.Indicators[i].Name, p.Indicators[i].Score, want.score)
			eq(t, p.Indicators[i].Name+" 得分率", p.Indicators[i].Rate, want.rate)
		}
		if p.Grade != "良" {
			t.Errorf("grade %s", p.Grade)
		}
	})

	t.Run("self-assessment totals", func(t *testing.T) {
		// The computed totals of the 35 tables, in order; each equals
		// the printed 总分 except table 30 (index 29), printed 91.69.
		want := []string{
			"94.62", "92.00", "93.68", "94.00", "93.00", "96.00", "94.45", "95.00", "87.00", "94.90",
			"88.00", "95.00", "94.00", "96.00", "88.06", "88.00", "86.87", "89.93", "86.48", "87.97",
			"89.00", "96.00", "92.00", "98.00", "87.53", "91.00", "83.00", "87.29", "92.00", "91.68",
			"89.25", "89.55", "89.89", "91.97", "89.00",
		}
		if len(res.Tables) != len(want) {
			t.Fatalf("%d tables, want %d", len(res.Tables), len(want))
		}
		for i, w := range want {
			eq(t, res.Tables[i].Project, res.Tables[i].Total, w)
		}
	})

	t.Run("findings", func(t *testing.T) {
		// Each checked by hand against the source text.
		want := []fd{
			// Lines 212–214: 全年预算数 printed 7,235.39 while 基本支出 3,843.86 + 项目支出 3,391.54 = 7,235.40.
			{"/departmentReport/budget/budget/total", FindingAmount, "7235.39", "7235.40"},
			// Line 792: printed 51.82; its parts 9.49 + 9.73 + 4.61 + 4.00 + 4 × 6.00 (lines 226–686) sum to 51.83.
			{"/departmentReport/indicators/1/declaredScore", FindingScore, "51.82", "51.83"},
			// Line 790: printed 90.70, built on the 51.82; 19.38 + 51.83 + 19.50 = 90.71.
			{"/departmentReport/declaredTotal", FindingTotal, "90.70", "90.71"},
			// Lines 1213–1215: 项目过程 scored 18.80 of 20, printed 得分率 98.29%; 18.80 / 20 = 94.00%.
			{"/projectReports/0/indicators/1/declaredRate", FindingRate, "98.29%", "94.00%"},
			// Table 4 (金融服务首都经济社会发展研究课题研究): 效益指标（40分） over two rows of 25.
			{"/selfAssessments/3/declared/points/效益指标", FindingPoints, "40", "50"},
			// Table 4: 满意度指标（10分） while its only row is 不涉及, so it carries no points.
			{"/selfAssessments/3/declared/points/满意度指标", FindingPoints, "10", "0"},
			// Table 5 (推动银行保险业服务首都经济社会发展): 产出指标（40分） over rows 15 + 15 + 5 + 5 + 10 = 50.
			{"/selfAssessments/4/declared/points/产出指标", FindingPoints, "40", "50"},
			// Table 8 (小贷、融担…): executed 128.21 of 128.24 is 99.98%, printed 100%.
			{"/selfAssessments/7/declared/executionRate", FindingRate, "100%", "99.98%"},
			// Table 16 (推进科技金融发展经费): 产出指标（40分） over rows 15 + 15 + 10 + 10 = 50.
			{"/selfAssessments/15/declared/points/产出指标", FindingPoints, "40", "50"},
			// Table 18 (推进金融服务首都经济社会发展协调工作项目): 37.75 / 38.00 = 99.342%, printed 99.33%.
			{"/selfAssessments/17/declared/executionRate", FindingRate, "99.33%", "99.34%"},
			// Table 30 (首都金融文化与交流合作项目): 50.38 / 52.02 = 96.847%, printed 96.86%.
			{"/selfAssessments/29/declared/executionRate", FindingRate, "96.86%", "96.85%"},
			// Table 30: 96.847% × 10 = 9.68, printed 9.69.
			{"/selfAssessments/29/declared/executionScore", FindingScore, "9.69", "9.68"},
			// Table 30: printed 91.69 = 9.69 + 82; with the execution score 9.68 the total is 91.68.
			{"/selfAssessments/29/declared/total", FindingTotal, "91.69", "91.68"},
			// Table 31 (金融发展与创新研究项目): 60.35 / 61.92 = 97.464%, printed 97.47%.
			{"/selfAssessments/30/declared/executionRate", FindingRate, "97.47%", "97.46%"},
			// Table 33 (局机关基础网络安全防护项目): 效益指标（40分） over one row of 30.
			{"/selfAssessments/32/declared/points/效益指标", FindingPoints, "40", "30"},
			// Table 34 (首都金融综合信息服务平台等级保护测评…): 产出指标（40分） over rows 5 + 5 + 5 + 15 + 10 + 10 = 50.
			{"/selfAssessments/33/declared/points/产出指标", FindingPoints, "40", "50"},
			// Table 34: 效益指标（40分） over one row of 30.
			{"/selfAssessments/33/declared/points/效益指标", FindingPoints, "40", "30"},
			// Table 35 (局政务云租赁项目): 148.98 / 149.05 = 99.953%, printed 99.96%.
			{"/selfAssessments/34/declared/executionRate", FindingRate, "99.96%", "99.95%"},
			// Table 35: score printed unrounded as 9.99582006; 99.953% × 10 rounds to 10.00 (the total 89.00 uses 10).
			{"/selfAssessments/34/declared/executionScore", FindingScore, "9.99582006", "10.00"},
		}
		got := findingsOf(r.Findings)
		for i := range max(len(got), len(want)) {
			switch {
			case i >= len(got):
				t.Errorf("missing finding %+v", want[i])
			case i >= len(want):
				t.Errorf("unexpected finding %+v", got[i])
			case got[i] != want[i]:
				t.Errorf("finding %d:\n got  %+v\n want %+v", i, got[i], want[i])
			}
		}
	})

	t.Run("every total is as published or a finding", func(t *testing.T) {
		d := r.Disclosure
		found := map[string]bool{}
		for _, f := range r.Findings {
			found[f.Path] = true
		}
		check := func(path string, declared Number, computed string) {
			t.Helper()
			if !declared.Valid {
				t.Errorf("%s: no published total in the transcription", path)
				return
			}
			if !declared.Value.Equal(dec(computed)) && !found[path] {
				t.Errorf("%s: published %s, computed %s, and no finding", path, declared.Raw, computed)
			}
			if declared.Value.Equal(dec(computed)) && found[path] {
				t.Errorf("%s: a finding although published %s = computed %s", path, declared.Raw, computed)
			}
		}
		check("/departmentReport/declaredTotal", d.DepartmentReport.DeclaredTotal, res.Department.Total.String())
		check("/projectReports/0/declaredTotal", d.ProjectReports[0].DeclaredTotal, res.Projects[0].Total.String())
		for i := range d.SelfAssessments {
			check(child("/selfAssessments", i)+"/declared/total", d.SelfAssessments[i].Declared.Total, res.Tables[i].Total.String())
		}
	})
}
