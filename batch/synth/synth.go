// Package synth generates synthetic disclosures: valid, varied and
// deterministic for a seed, for batch runs, load tests and demonstrations.
// Every amount is built from whole cents and every score from hundredths
// of a point, so the figures are exact decimals.
package synth

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/shopspring/decimal"
)

// Options shape the generated disclosures.
type Options struct {
	// Seed makes the output reproducible.
	Seed uint64
	// Tables is the number of self-assessment tables per disclosure.
	Tables int
	// Projects is the number of project evaluation reports.
	Projects int
	// Department adds the department overall evaluation report.
	Department bool
	// Paragraphs is the number of paragraphs in each report section.
	Paragraphs int
}

// Default is a disclosure of the usual size: a department report, one
// project report and eight self-assessment tables.
var Default = Options{Seed: 1, Tables: 8, Projects: 1, Department: true, Paragraphs: 2}

// Table is the smallest useful disclosure: one self-assessment table.
var Table = Options{Seed: 1, Tables: 1}

// Disclosure returns the i-th disclosure of the sequence opts describe.
// Each depends only on opts and i, so they can be made in any order.
func Disclosure(opts Options, i int) *evaluation.Disclosure {
	g := gen{r: rand.New(rand.NewPCG(opts.Seed, uint64(i))), opts: opts}
	return g.disclosure(i)
}

// JSON returns the i-th disclosure as JSON on one line.
func JSON(opts Options, i int) []byte {
	data, err := json.Marshal(Disclosure(opts, i))
	if err != nil {
		panic(fmt.Sprintf("synth: marshal: %v", err)) // the types always marshal
	}
	return data
}

// Invalid returns the i-th disclosure spoiled: for even i a score over its
// weight (valid JSON, invalid content), for odd i JSON cut short.
func Invalid(opts Options, i int) []byte {
	if opts.Tables == 0 {
		opts.Tables = 1
	}
	if i%2 == 1 {
		data := JSON(opts, i)
		n := len(data) / 2
		for n > 0 && data[n]&0xC0 == 0x80 { // not inside a character
			n--
		}
		return data[:n]
	}
	d := Disclosure(opts, i)
	row := &d.SelfAssessments[0].Indicators[1] // a qualitative row
	row.Score = evaluation.N(row.Weight.Value.Add(decimal.NewFromInt(1)))
	data, err := json.Marshal(d)
	if err != nil {
		panic(fmt.Sprintf("synth: marshal: %v", err))
	}
	return data
}

type gen struct {
	r    *rand.Rand
	opts Options
}

var (
	districts = []string{"北京市", "北京市东城区", "北京市西城区", "北京市朝阳区", "北京市海淀区", "北京市丰台区",
		"北京市石景山区", "北京市门头沟区", "北京市房山区", "北京市通州区", "北京市顺义区", "北京市昌平区",
		"北京市大兴区", "北京市怀柔区", "北京市平谷区", "北京市密云区", "北京市延庆区"}
	bureaus = []string{"财政局", "发展和改革委员会", "教育委员会", "科学技术委员会", "经济和信息化局", "民政局",
		"司法局", "人力资源和社会保障局", "规划和自然资源委员会", "生态环境局", "住房和城乡建设委员会",
		"城市管理委员会", "交通委员会", "水务局", "农业农村局", "商务局", "文化和旅游局", "卫生健康委员会",
		"退役军人事务局", "应急管理局", "审计局", "市场监督管理局", "统计局", "体育局", "园林绿化局",
		"地方金融监督管理局", "医疗保障局", "政务服务管理局", "档案馆", "图书馆"}
	works = []string{"综合运转经费", "信息化系统运维", "专项业务培训", "政策研究课题", "宣传教育活动",
		"设备购置更新", "监督检查专项", "数据资源建设", "应急保障物资", "公共服务购买", "办公场所维修",
		"绩效评价第三方服务", "档案数字化", "统计调查", "安全生产检查"}
	phrases = []string{"按照年度工作计划有序推进各项任务", "严格执行预算管理和财务制度", "项目资金做到专款专用",
		"通过政府采购程序确定服务单位", "定期开展绩效监控并及时纠偏", "服务对象满意度保持较高水平",
		"项目实施过程中加强与相关部门的沟通协调", "建立健全项目管理制度和内部控制流程",
		"部分指标的支撑材料有待进一步完善", "下一步将进一步细化量化绩效目标", "预算执行进度总体符合序时要求",
		"项目产出数量和质量均达到预期目标", "有效提升了部门履职能力和公共服务水平"}
)

func (g *gen) pick(list []string) string { return list[g.r.IntN(len(list))] }

// cents returns a random amount in [lo, hi] yuan-cents as a decimal of
// two places.
func (g *gen) amount(lo, hi int64) decimal.Decimal {
	return decimal.New(lo+g.r.Int64N(hi-lo+1), -2)
}

func num(d decimal.Decimal) evaluation.Number { return evaluation.MustNumber(d.StringFixed(2)) }

func whole(n int64) evaluation.Number { return evaluation.MustNumber(fmt.Sprint(n)) }

// percentOf returns d × p / 100 rounded to cents.
func percentOf(d decimal.Decimal, p int64) decimal.Decimal {
	return d.Mul(decimal.NewFromInt(p)).Div(decimal.NewFromInt(100)).Round(2)
}

// score returns a score for a weight: mostly full marks, otherwise up to
// a fifth off, in hundredths of a point.
func (g *gen) score(weight int64) evaluation.Number {
	if g.r.IntN(10) < 6 {
		return whole(weight)
	}
	off := g.r.Int64N(weight*20 + 1) // hundredths: at most 20% of the weight
	return num(decimal.New(weight*100-off, -2))
}

func (g *gen) paragraph() string {
	n := 2 + g.r.IntN(4)
	parts := make([]string, n)
	for i := range parts {
		parts[i] = g.pick(phrases)
	}
	return strings.Join(parts, "，") + "。"
}

func (g *gen) disclosure(i int) *evaluation.Disclosure {
	d := &evaluation.Disclosure{
		Department: districts[i%len(districts)] + bureaus[(i/len(districts))%len(bureaus)],
		Year:       2019 + g.r.IntN(6),
		// The tables are filled in like the reference disclosure's, with
		// the 项目负责人 row its profile has.
		Profile: "beijing-2021",
		Unit:    "万元",
	}
	if g.opts.Department {
		d.DepartmentReport = g.departmentReport(d.Year)
	}
	for k := range g.opts.Projects {
		d.ProjectReports = append(d.ProjectReports, g.projectReport(k))
	}
	for k := range g.opts.Tables {
		d.SelfAssessments = append(d.SelfAssessments, g.table(d.Department, k))
	}
	return d
}

func (g *gen) sections(headings ...string) []evaluation.Section {
	out := make([]evaluation.Section, len(headings))
	for i, h := range headings {
		out[i].Heading = h
		for range g.opts.Paragraphs {
			out[i].Blocks = append(out[i].Blocks, evaluation.Block{Paragraph: g.paragraph()})
		}
	}
	if len(out) > 1 {
		out[1].Blocks = append(out[1].Blocks, evaluation.Block{List: &evaluation.List{
			Style: "paren", Items: []string{g.paragraph(), g.paragraph()}}})
	}
	return out
}

func leaf(g *gen, name string, weight int64) evaluation.Indicator {
	return evaluation.Indicator{Name: name, Weight: whole(weight), Score: g.score(weight)}
}

func (g *gen) departmentReport(year int) *evaluation.DepartmentReport {
	basic, project := g.amount(50000, 500000), g.amount(50000, 800000)
	spentBasic, spentProject := percentOf(basic, 90+g.r.Int64N(11)), percentOf(project, 80+g.r.Int64N(21))
	carry := func(y int) *evaluation.Carryover {
		b := g.amount(80000, 1000000)
		return &evaluation.Carryover{Year: y, Budget: num(b), Amount: num(percentOf(b, g.r.Int64N(8)))}
	}
	final := g.amount(80000, 1000000)
	return &evaluation.DepartmentReport{
		Budget: evaluation.DepartmentBudget{
			Budget:            evaluation.Split{Total: num(basic.Add(project)), Basic: num(basic), Project: num(project)},
			Spending:          evaluation.Split{Total: num(spentBasic.Add(spentProject)), Basic: num(spentBasic), Project: num(spentProject)},
			Carryover:         carry(year),
			PreviousCarryover: carry(year - 1),
			FinalAccounts:     &evaluation.FinalAccounts{Budget: num(final), Actual: num(percentOf(final, 95+g.r.Int64N(11)))},
		},
		Indicators: []evaluation.Indicator{
			{Name: "预算执行情况", Children: []evaluation.Indicator{{Name: "预算执行率", Weight: whole(20), Computed: "executionRate"}}},
			{Name: "整体绩效目标实现情况", Children: []evaluation.Indicator{
				{Name: "产出完成情况", Children: []evaluation.Indicator{
					leaf(g, "产出数量", 10), leaf(g, "产出质量", 10), leaf(g, "产出进度", 5), leaf(g, "产出成本", 5)}},
				{Name: "效果实现情况", Children: []evaluation.Indicator{
					leaf(g, "经济效益", 6), leaf(g, "社会效益", 8), leaf(g, "可持续性影响", 8), leaf(g, "服务对象满意度", 8)}},
			}},
			{Name: "预算管理情况", Children: []evaluation.Indicator{
				{Name: "财务管理", Children: []evaluation.Indicator{
					leaf(g, "财务管理制度健全性", 1), leaf(g, "资金使用合规性和安全性", 2), leaf(g, "会计基础信息完善性", 1)}},
				leaf(g, "资产管理", 4), leaf(g, "绩效管理", 4), leaf(g, "结转结余率", 4), leaf(g, "部门预决算差异率", 4),
			}},
		},
		Sections: g.sections("部门基本情况", "绩效评价工作开展情况", "综合评价结论", "存在的问题及改进措施"),
	}
}

func (g *gen) projectReport(k int) evaluation.ProjectReport {
	return evaluation.ProjectReport{
		Project: fmt.Sprintf("%s项目（%d）", g.pick(works), k+1),
		Indicators: []evaluation.Indicator{
			{Name: "项目决策", Children: []evaluation.Indicator{leaf(g, "项目立项", 2), leaf(g, "绩效目标", 5), leaf(g, "资金投入", 3)}},
			{Name: "项目过程", Children: []evaluation.Indicator{leaf(g, "资金管理", 10), leaf(g, "组织实施", 10)}},
			{Name: "项目产出", Children: []evaluation.Indicator{
				leaf(g, "产出数量", 15), leaf(g, "产出质量", 12), leaf(g, "产出时效", 10), leaf(g, "产出成本", 3)}},
			{Name: "项目效益", Children: []evaluation.Indicator{leaf(g, "项目实施效益", 25), leaf(g, "服务对象满意度", 5)}},
		},
		Sections: g.sections("基本情况", "绩效评价工作开展情况", "综合评价情况及评价结论", "绩效评价指标分析"),
	}
}

func (g *gen) table(dept string, k int) evaluation.SelfAssessment {
	budget := g.amount(1000, 500000)
	executed := percentOf(budget, 75+g.r.Int64N(26))
	other := g.r.Int64N(3) * 10 // percent from other sources
	otherBudget, otherExecuted := percentOf(budget, other), percentOf(executed, other)
	row := func(l1, l2, name string, weight int64) evaluation.TableIndicator {
		ind := evaluation.TableIndicator{Level1: l1, Level2: l2, Name: name, Target: name, Actual: name,
			Weight: whole(weight), Score: g.score(weight)}
		if ind.Score.Value.LessThan(ind.Weight.Value) {
			// As the forms ask: a row below its weight says why.
			ind.Deviation = "部分工作未按计划完成，已调整实施安排。"
		}
		return ind
	}
	na := func(l1, l2 string) evaluation.TableIndicator {
		return evaluation.TableIndicator{Level1: l1, Level2: l2, Name: "不涉及", Target: "不涉及", Actual: "不涉及", NotApplicable: true}
	}
	target := int64(100 + g.r.IntN(900))
	actual := target * int64(90+g.r.IntN(21)) / 100
	quantity := evaluation.TableIndicator{Level1: "产出指标", Level2: "数量指标", Name: "完成工作量",
		Target: fmt.Sprintf("%d项", target), Actual: fmt.Sprintf("%d项", actual), Weight: whole(15),
		Quantitative: &evaluation.Quantitative{Direction: "positive", Target: whole(target), Actual: whole(actual)}}
	t := evaluation.SelfAssessment{
		Project:             fmt.Sprintf("%s项目（%d）", g.pick(works), k+1),
		CompetentDepartment: dept,
		ImplementingUnit:    dept,
		Manager:             "张" + string([]rune("伟芳娜敏静丽强磊军洋")[g.r.IntN(10)]),
		Phone:               fmt.Sprintf("8%07d", g.r.IntN(10000000)),
		Funds: evaluation.Funds{
			Total:  evaluation.FundRow{InitialBudget: num(budget), Budget: num(budget), Executed: num(executed)},
			Fiscal: &evaluation.FundRow{InitialBudget: num(budget.Sub(otherBudget)), Budget: num(budget.Sub(otherBudget)), Executed: num(executed.Sub(otherExecuted))},
		},
		Goals: evaluation.Goals{Expected: g.paragraph(), Actual: g.paragraph()},
		Indicators: []evaluation.TableIndicator{
			quantity,
			row("产出指标", "质量指标", "工作质量达标率", 15),
			row("产出指标", "时效指标", "按期完成率", 10),
			row("产出指标", "成本指标", "预算控制数", 10),
			na("效益指标", "经济效益指标"),
			row("效益指标", "社会效益指标", "提升公共服务水平", 20),
			na("效益指标", "生态效益指标"),
			row("效益指标", "可持续影响指标", "长效机制建设", 10),
			row("满意度指标", "服务对象满意度指标", "服务对象满意度", 10),
		},
	}
	if other > 0 {
		t.Funds.Other = &evaluation.FundRow{InitialBudget: num(otherBudget), Budget: num(otherBudget), Executed: num(otherExecuted)}
	}
	return t
}
