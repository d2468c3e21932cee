#!/usr/bin/env bash
# ci-deps.sh — installs what the tests drive beyond Go: Debian's
# LibreOffice (XLSX recalculation, test workbooks and documents made
# outside Jixiao), Chromium (browser tests of the web page, the OFD reader
# test), poppler-utils (PDF text and page images, pdfsig), qpdf,
# exiftool (PDF metadata), OpenSSL (SM2/SM3 checks of OFD seals),
# PostgreSQL (the jobs tests run their own server, internal/pgtest),
# QEMU's user-mode emulator (an arm64 build's output compared with this
# machine's, cmd/jixiao/arch_test.go); and
# npm's @redocly/cli, the linter of the API description
# (api/lint_test.go), and pdfjs-dist (the tagged-PDF test).
# What is already installed is not fetched again; a machine without
# apt-get must have the Debian packages, one without npm the linter.
set -euo pipefail

# The linter goes to the user's cache, one folder per version, and
# bin/redocly there points at the pinned one: the test looks for it there.
redocly_version=2.77.0
cache="${XDG_CACHE_HOME:-$HOME/.cache}/jixiao"
redocly_dir="$cache/redocly-cli@$redocly_version"
if [[ ! -x "$redocly_dir/node_modules/.bin/redocly" ]]; then
	echo "ci-deps: installing @redocly/cli@$redocly_version into $redocly_dir" >&2
	rm -rf "$redocly_dir.tmp"
	npm install --prefix "$redocly_dir.tmp" --no-audit --no-fund --no-save --loglevel=error "@redocly/cli@$redocly_version" >&2
	rm -rf "$redocly_dir"
	mv "$redocly_dir.tmp" "$redocly_dir"
fi
mkdir -p "$cache/bin"
ln -sfn "$redocly_dir/node_modules/.bin/redocly" "$cache/bin/redocly"

# pdf.js, whose getStructTree() the tagged-PDF test reads as Firefox's
# accessibility layer does (export/archive_test.go); the test looks for
# lib/pdfjs-dist in the cache. The optional canvas package is not needed.
pdfjs_version=4.9.155
pdfjs_dir="$cache/pdfjs-dist@$pdfjs_version"
if [[ ! -f "$pdfjs_dir/node_modules/pdfjs-dist/legacy/build/pdf.mjs" ]]; then
	echo "ci-deps: installing pdfjs-dist@$pdfjs_version into $pdfjs_dir" >&2
	rm -rf "$pdfjs_dir.tmp"
	npm install --prefix "$pdfjs_dir.tmp" --no-audit --no-fund --no-save --omit=optional --loglevel=error "pdfjs-dist@$pdfjs_version" >&2
	rm -rf "$pdfjs_dir"
	mv "$pdfjs_dir.tmp" "$pdfjs_dir"
fi
mkdir -p "$cache/lib"
ln -sfn "$pdfjs_dir/node_modules/pdfjs-dist" "$cache/lib/pdfjs-dist"

pkgs=(chromium poppler-utils qpdf libimage-exiftool-perl postgresql openssl libreoffice-calc-nogui libreoffice-writer-nogui qemu-user)
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
