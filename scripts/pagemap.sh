#!/bin/bash
# pagemap.sh BINARY [ARGS...]: the pages of its own executable that a run of
# jixiao maps, for docs/performance.md ("The executable's pages that
# validate maps"). The kernel maps a 64 KB window around each read fault
# on the file, so each window counted here costs up to 64 KB of resident
# memory. Prints the median of 5 peak and exit resident sets, the page
# faults (perf stat, 10 runs), and the 64 KB windows faulted in per
# section and, for .text, per package of the code run. Run it on a copy
# of the binary, not the file go build just wrote (scripts/faults.sh).
# Needs perf, gdb, python3 and go.
set -eu
[ $# -ge 1 ] || { echo "usage: $0 BINARY [ARGS...] (default: validate examples/minimal-self-assessment.json)" >&2; exit 2; }
cd "$(dirname "$0")/.."
bin=$1; shift
[ $# -gt 0 ] || set -- validate examples/minimal-self-assessment.json
. scripts/lib.sh
workdir jixiao-pagemap
cp "$bin" "$work/jixiao"
bin=$work/jixiao

for i in 1 2 3 4 5; do rss_at_exit "$bin" "$@"; done | sort -n | sed -n 3p |
	awk '{printf "peak resident %s kB (median of 5); at exit: anonymous %s kB, file %s kB\n", $1, $2, $3}'
perf stat -x, -o "$work/stat" -e page-faults -r 10 "$bin" "$@" >/dev/null 2>&1 || true
echo "page faults $(grep page-faults "$work/stat" | cut -d, -f1) (mean of 10); binary $(stat -c %s "$bin") bytes"
perf record -q -e page-faults -c 1 -d -o "$work/perf.data" "$bin" "$@" >/dev/null 2>&1 || true
perf script -i "$work/perf.data" -F addr,ip 2>/dev/null >"$work/faults"
readelf -S -W "$bin" >"$work/sections"
go tool nm -n -size "$bin" >"$work/symbols"
python3 - "$work/faults" "$work/sections" "$work/symbols" <<'PY'
import bisect, collections, re, sys
faults, sections, symbols = sys.argv[1:]
secs = []
for line in open(sections):
    m = re.match(r'\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)', line)
    if m and int(m.group(2), 16):
        start = int(m.group(2), 16)
        secs.append((start, start + int(m.group(3), 16), m.group(1)))
syms = []
for line in open(symbols):
    f = line.rstrip("\n").split(None, 3)
    if len(f) == 4:
        syms.append((int(f[0], 16), f[3]))
syms.sort()
addrs = [a for a, _ in syms]
def package(addr):
    i = bisect.bisect_right(addrs, addr) - 1
    name = syms[i][1] if i >= 0 else '?'
    m = re.match(r'^((?:[^/]*/)*[^.]*)', name)
    return m.group(1) if m else name
seen, by_section, by_package = set(), collections.Counter(), collections.Counter()
for line in open(faults):
    f = line.split()
    if len(f) < 2:
        continue
    addr = int(f[0], 16)
    sec = next((n for s, e, n in secs if s <= addr < e), None)
    if sec is None or addr >> 16 in seen:
        continue
    seen.add(addr >> 16)
    by_section[sec] += 1
    if sec == '.text':
        by_package[package(addr)] += 1
print('64 KB windows of the executable: %d (%s)' % (sum(by_section.values()),
      ', '.join('%s %d' % kv for kv in by_section.most_common())))
print('.text windows by package (the code run from each):')
for p, n in by_package.most_common():
    print('  %3d %s' % (n, p))
PY
