#!/usr/bin/env bash
# xlsx-recalc.sh — recalculate the reference workbook with LibreOffice and
# check that every formula gives the value Jixiao computed.
#
# The workbook of examples/beijing-finance-2021.json is written twice: as
# rendered, and with every cached formula value replaced by 0. LibreOffice
# (headless, with a private profile set to recalculate on load) converts
# the second copy to XLSX; render/xlsx's TestLibreOfficeRecalc then checks
# every formula cell of the converted copy against the rendered workbook,
# whose cached values TestReferenceWorkbook compares with the model.
#
# Usage: scripts/xlsx-recalc.sh [--pdf DIR]
#   --pdf DIR  also convert the reference workbook to DIR/reference.pdf,
#              with 宋体 mapped to Noto Serif CJK SC when it is installed,
#              to look at the printed pages (pdftoppm -r 70 -png).
#
# LibreOffice is installed with apt-get (libreoffice-calc-nogui) when it is
# missing and the machine allows it. If it cannot be had, the check is
# skipped with exit status 0, unless XLSX_RECALC_REQUIRED=1.
# Exit status: 0 all values agree (or skipped), 1 a mismatch or failure.
set -euo pipefail

cd "$(dirname "$0")/.."
pdfdir=""
if [[ "${1:-}" == "--pdf" ]]; then
	pdfdir="$(mkdir -p "${2:?--pdf needs a directory}" && cd "$2" && pwd)"
fi

log() { echo "xlsx-recalc: $*" >&2; }

if ! command -v soffice >/dev/null 2>&1; then
	installer=()
	if [[ "$(id -u)" == 0 ]]; then
		installer=(env DEBIAN_FRONTEND=noninteractive)
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		installer=(sudo env DEBIAN_FRONTEND=noninteractive)
	fi
	if [[ ${#installer[@]} -gt 0 ]] && command -v apt-get >/dev/null 2>&1; then
		log "installing LibreOffice (libreoffice-calc-nogui)"
		"${installer[@]}" apt-get update -qq || true
		"${installer[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -q libreoffice-calc-nogui >&2 || true
	fi
fi
if ! command -v soffice >/dev/null 2>&1; then
	if [[ "${XLSX_RECALC_REQUIRED:-0}" == 1 ]]; then
		log "LibreOffice (soffice) is not installed and could not be installed"
		exit 1
	fi
	log "SKIPPED: LibreOffice (soffice) is not installed and could not be installed"
	exit 0
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# A private LibreOffice profile that recalculates OOXML files on load
# (OOXMLRecalcMode 0 = always) instead of trusting the cached values.
mkdir -p "$tmp/profile/user" "$tmp/out"
cat >"$tmp/profile/user/registrymodifications.xcu" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
EOF

office="$(command -v soffice)"
soffice() {
	timeout 300 "$office" -env:UserInstallation="file://$tmp/profile" --headless --norestore "$@" >&2
}

log "rendering the reference workbook"
JIXIAO_XLSX_EXPORT="$tmp" go test ./render/xlsx -run '^TestLibreOfficeExport$' -count=1 >&2

log "recalculating with $("$office" --version 2>/dev/null | head -1)"
soffice --convert-to xlsx:"Calc MS Excel 2007 XML" --outdir "$tmp/out" "$tmp/poisoned.xlsx"
if [[ ! -s "$tmp/out/poisoned.xlsx" ]]; then
	log "LibreOffice did not write the converted workbook"
	exit 1
fi

status=0
JIXIAO_XLSX_RECALCULATED="$tmp/out/poisoned.xlsx" \
	go test ./render/xlsx -run '^TestLibreOfficeRecalc$' -count=1 -v | grep -v '^=== RUN' || status=1

if [[ -n "$pdfdir" ]]; then
	fc="$tmp/fonts.conf"
	cat >"$fc" <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <alias binding="same"><family>宋体</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>SimSun</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
</fontconfig>
EOF
	FONTCONFIG_FILE="$fc" soffice --convert-to pdf --outdir "$pdfdir" "$tmp/reference.xlsx"
	log "wrote $pdfdir/reference.pdf"
fi

if [[ $status != 0 ]]; then
	log "FAILED: LibreOffice's values differ from Jixiao's"
	exit 1
fi
log "OK: every formula recalculates to the computed value"
