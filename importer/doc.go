// Package importer turns the files finance staff already have — 自评表
// workbooks filled by hand from the 财政部 template or exported from a
// budget system, and workbooks Jixiao wrote itself — into Jixiao's input
// JSON, with a provenance map that says which cell every value came from.
//
// The importer knows no coordinates. It finds a 项目支出绩效自评表 by the
// labels of the profile's form (profile.Forms.SelfAssessment): the header
// labels (项目名称, 主管部门 …), the fund columns and rows, the goal labels,
// the indicator column heads, the 总分 label, the text blocks and the
// signature lines. A region's new profile is therefore importable without
// new code. Labels match after normalisation (spaces and line breaks
// removed, full-width letters, digits and brackets folded to half-width),
// so 项 目 名 称 and 项目资金(万元) are found too.
//
// Figures are read as the text the cell shows and parsed as exact
// decimals (evaluation.Number), never through float64 arithmetic; the
// figures a form prints but Jixiao computes (执行率, 得分 of 预算执行, the
// 总分, a level's points) become declared values, so the audit checks
// them.
//
// Every file is bounded before it is parsed (limits.go): its size, the
// unpacked size and compression ratio of the archive; and as it is read:
// the rows of a sheet, the cells of the file (a merged range or a spanning
// Word cell counting as the cells it covers) and its text. Formulas are
// never calculated. Every reading loop watches the import's context
// (ImportContext). A file that is not a workbook — a legacy .xls, an
// encrypted workbook, HTML or SpreadsheetML saved under an .xls name — is
// named as what it is, with the way to save it as .xlsx.
package importer
