#!/bin/bash
# faults.sh BEFORE AFTER: page faults and memory of whole-process runs of
# two jixiao binaries (go build -tags as in README.md), for docs/performance.md.
# Each binary is copied first: run from the file go build just wrote, a
# binary maps about 20 MB more of itself than an installed copy does.
# Needs perf, gdb and GNU time.
set -eu
[ $# -eq 2 ] || { echo "usage: $0 BEFORE AFTER" >&2; exit 2; }
cd "$(dirname "$0")/.."
. scripts/lib.sh
workdir jixiao-faults
copy_pair "$1" "$2"
ref=examples/beijing-finance-2021.json
names=(pdf ofd validate)
runs=("render -o $work/out.pdf $ref" "render -o $work/out.ofd $ref" "validate examples/minimal-self-assessment.json")

for i in "${!runs[@]}"; do
	args=${runs[$i]}
	for b in before after; do
		bin=$work/$b
		read -r _ anon file <<<"$(rss_at_exit $bin $args)"
		printf '%-9s %-6s %s; RssAnon %s kB, RssFile %s kB at exit\n' "${names[$i]}" "$b" "$(faults 20 $bin $args)" "$anon" "$file"
	done
done
