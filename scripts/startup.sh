#!/bin/bash
# startup.sh BEFORE AFTER: the start-up of two jixiao binaries (go build
# -tags as in README.md), `jixiao` without arguments and `jixiao validate` of the
# minimal example, for docs/performance.md. Each binary is copied first, as
# scripts/faults.sh does. Needs perf, GNU time, hyperfine and python3.
set -eu
[ $# -eq 2 ] || { echo "usage: $0 BEFORE AFTER" >&2; exit 2; }
cd "$(dirname "$0")/.."
. scripts/lib.sh
workdir jixiao-startup
copy_pair "$1" "$2"
names=(no-args validate)
runs=("" "validate examples/minimal-self-assessment.json")

for i in "${!runs[@]}"; do
	args=${runs[$i]}
	for b in before after; do
		bin=$work/$b
		# What package initialisation allocates (the same in every run),
		# and in how many of 20 runs a collection started: main defers
		# the collector (cmd/jixiao/gc.go), so these ran before it.
		init=$(GODEBUG=inittrace=1 $bin $args 2>&1 >/dev/null |
			awk '$1 == "init" {by += $8; n += $10} END {printf "%.0f KB, %d allocs", by/1024, n}')
		gcs=0
		for n in $(seq 20); do
			if GODEBUG=gctrace=1 $bin $args 2>&1 >/dev/null | grep -q '^gc '; then
				gcs=$((gcs + 1))
			fi
		done
		printf '%-9s %-6s init %s; collections in 20 runs %d; %s\n' "${names[$i]}" "$b" "$init" "$gcs" "$(faults 40 $bin $args)"
	done
	# Wall clock: trust it only on a quiet machine.
	hyperfine -N -i -w 5 -r 60 --style none --export-json "$work/h.json" \
		"$work/before $args" "$work/after $args" >/dev/null 2>&1
	python3 - "$work/h.json" "${names[$i]}" <<-'EOF'
		import json, sys
		for r, b in zip(json.load(open(sys.argv[1]))["results"], ("before", "after")):
		    print("%-9s %-6s hyperfine: median %.1f ms, mean %.1f ± %.1f ms, min %.1f ms (user %.1f / system %.1f ms)" % (
		        sys.argv[2], b, r["median"] * 1e3, r["mean"] * 1e3, r["stddev"] * 1e3, r["min"] * 1e3,
		        r["user"] * 1e3, r["system"] * 1e3))
	EOF
done
