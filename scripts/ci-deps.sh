#!/usr/bin/env bash
# ci-deps.sh — installs the Debian packages the tests drive: LibreOffice
# (XLSX recalculation, test workbooks and documents made outside Jixiao),
# Chromium (browser tests of the web page, the OFD reader test),
# poppler-utils (PDF text and page images) and qpdf. A package already
# installed is not fetched again; a machine without apt-get must have them.
set -euo pipefail
pkgs=(chromium poppler-utils qpdf libreoffice-calc-nogui libreoffice-writer-nogui)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
sudo=()
[[ "$(id -u)" == 0 ]] || sudo=(sudo)
echo "ci-deps: installing ${missing[*]}" >&2
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}" >&2
