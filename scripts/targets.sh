#!/bin/bash
# Measures issue 29's whole-process targets for one or more jixiao
# binaries, each measure alternating between them, so that two builds are
# compared under the same conditions:
#
#   scripts/targets.sh                 # a binary built from this tree
#   scripts/targets.sh OLD NEW         # two binaries, alternated
#
# Prints, for each binary: hyperfine means of `render` of the reference to
# PDF, OFD and XLSX, `validate` of the minimal example and `jixiao` with no
# arguments; the median peak RSS of five runs of the PDF render and of
# validate; HTTP renders a second of the reference's `part=table:1` at
# c=8 (cmd/loadtest); and the wall time of `POST /api/v1/batch` of 1,000
# synthetic disclosures to PDF and XLSX (N to change it; RUNS, 30, the hyperfine runs). Run it from the
# repository's root with nothing else running: these are wall-clock
# figures. SKIP_HTTP=1 and SKIP_BATCH=1 leave those out.
set -euo pipefail
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1767225600} # the same bytes each run

. "$(dirname "$0")/lib.sh"
workdir jixiao-targets

bins=("$@")
if [ ${#bins[@]} = 0 ]; then
	# README's build command, whose tags TestDocumentedBuild checks.
	CGO_ENABLED=0 go build $(grep -o -m1 -- '-tags [^ ]*' README.md) -o "$work/jixiao" ./cmd/jixiao
	bins=("$work/jixiao")
fi
ref=examples/beijing-finance-2021.json
min=examples/minimal-self-assessment.json
n=${N:-1000}
uptime

echo "== whole process (hyperfine -N, means)"
cmds=()
for b in "${bins[@]}"; do
	cmds+=("$b render -o $work/o.pdf $ref" "$b render --format ofd -o $work/o.ofd $ref"
		"$b render --format xlsx -o $work/o.xlsx $ref" "$b validate $min")
done
hyperfine -N -i -w 3 -r "${RUNS:-30}" --export-markdown "$work/h.md" "${cmds[@]}" >/dev/null 2>&1
cat "$work/h.md"
noargs=()
for b in "${bins[@]}"; do noargs+=("$b"); done
hyperfine -N -i -w 5 -r "$((2 * ${RUNS:-30}))" --export-markdown "$work/n.md" "${noargs[@]}" >/dev/null 2>&1
cat "$work/n.md"

echo "== peak RSS, median of 5 (KB)"
median() { sort -n | sed -n 3p; }
for b in "${bins[@]}"; do
	pdf=$(for i in 1 2 3 4 5; do /usr/bin/time -f %M "$b" render -o "$work/o.pdf" "$ref" 2>&1 >/dev/null | tail -1; done | median)
	val=$(for i in 1 2 3 4 5; do /usr/bin/time -f %M "$b" validate "$min" 2>&1 >/dev/null | tail -1; done | median)
	echo "$b: render PDF $pdf KB, validate $val KB"
done

if [ "${SKIP_HTTP:-}" != 1 ]; then
	echo "== HTTP, part=table:1, c=8"
	go build -o "$work/loadtest" ./cmd/loadtest
	for b in "${bins[@]}"; do
		mkdir -p "$work/data"
		echo "$b:"
		"$work/loadtest" -bin "$b" -mode render -input "$ref" -part table:1 -n 6000 -c 8 \
			-duration 15s -server-args "--data $work/data" 2>&1 | grep -E '^(requests|throughput|latency):'
		rm -rf "$work/data"
	done
fi

if [ "${SKIP_BATCH:-}" != 1 ]; then
	echo "== batch of $n, PDF and XLSX"
	go run ./cmd/gendata -n "$n" -o "$work/in.ndjson"
	for b in "${bins[@]}"; do
		addr=127.0.0.1:$(freeport)
		"$b" serve --addr "$addr" --data off --log-level warn 2>"$work/serve.log" &
		pids+=($!)
		until curl -sf -o /dev/null "http://$addr/readyz"; do sleep 0.1; done
		for r in 1 2; do
			t0=$(date +%s.%N)
			curl -sf -o "$work/b.zip" -H 'Content-Type: application/x-ndjson' --data-binary "@$work/in.ndjson" \
				"http://$addr/api/v1/batch?format=pdf,xlsx"
			t1=$(date +%s.%N)
			printf '%s: %.2f s, %s bytes, %s\n' "$b" "$(echo "$t1 - $t0" | bc)" "$(stat -c %s "$work/b.zip")" \
				"$(sha256sum <"$work/b.zip" | cut -c1-16)"
		done
		kill "${pids[-1]}"
		wait "${pids[-1]}" 2>/dev/null || true
		unset 'pids[-1]'
	done
fi
