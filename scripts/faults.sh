#!/bin/bash
# faults.sh BEFORE AFTER: page faults and memory of whole-process runs of
# two jixiao binaries (go build -tags as in README.md), for docs/performance.md.
# Each binary is copied first: run from the file go build just wrote, a
# binary maps about 20 MB more of itself than an installed copy does.
# Needs perf, gdb and GNU time.
set -eu
[ $# -eq 2 ] || { echo "usage: $0 BEFORE AFTER" >&2; exit 2; }
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$1" "$tmp/before"
cp "$2" "$tmp/after"
ref=examples/beijing-finance-2021.json
names=(pdf ofd validate)
runs=("render -o $tmp/out.pdf $ref" "render -o $tmp/out.ofd $ref" "validate examples/minimal-self-assessment.json")

# rss prints RssAnon and RssFile of a run as it exits.
rss() {
	gdb -q -batch -ex 'catch syscall exit_group' -ex run \
		-ex 'python import gdb; print(open("/proc/%d/status" % gdb.selected_inferior().pid).read())' \
		--args "$@" 2>/dev/null | awk '/^Rss(Anon|File)/ {printf "%s %s kB  ", $1, $2}'
}

for i in "${!runs[@]}"; do
	args=${runs[$i]}
	for b in before after; do
		bin=$tmp/$b
		# Without the collector and with one thread, the faults count
		# every page the run allocates and repeat within 0.1%.
		GOGC=off GOMAXPROCS=1 perf stat -x, -o "$tmp/p" -e page-faults -r 10 $bin $args >/dev/null 2>&1
		det=$(grep page-faults "$tmp/p" | cut -d, -f1)
		perf stat -x, -o "$tmp/p" -e page-faults,task-clock -r 20 $bin $args >/dev/null 2>&1
		pf=$(grep page-faults "$tmp/p" | cut -d, -f1)
		tc=$(grep task-clock "$tmp/p" | cut -d, -f1)
		peak=$(for n in 1 2 3 4 5; do /usr/bin/time -f '%M' $bin $args 2>&1 >/dev/null | tail -1; done | sort -n | sed -n 3p)
		printf '%-9s %-6s faults %s (GOGC=off, 1 thread), %s; task-clock %s ms; peak RSS %s kB (median of 5); %s\n' \
			"${names[$i]}" "$b" "$det" "$pf" "$tc" "$peak" "$(rss $bin $args)"
	done
done
