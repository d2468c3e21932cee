#!/bin/bash
# Instructions per operation of a Go benchmark, counted by callgrind, which
# load on the machine does not move:
#
#   go test -c -o /tmp/api.test ./api
#   cd api && ../scripts/bench-instructions.sh /tmp/api.test 'ServeRender/reference-table1$' 11 41
#
# runs the test binary at -test.benchtime N1x and N2x, GOMAXPROCS=1 and
# without asynchronous preemption, and prints (Ir(N2) - Ir(N1)) / (N2 - N1):
# the set-up and the first operations cancel out. Run it from the package's
# folder, as go test would. Needs valgrind.
set -euo pipefail
[ $# -ge 4 ] || { echo "usage: $0 TEST-BINARY BENCH N1 N2 [test flags]" >&2; exit 2; }
bin=$1 bench=$2 n1=$3 n2=$4
shift 4
extra=("$@")
ir() {
	GOMAXPROCS=1 GODEBUG=asyncpreemptoff=1 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
		"$bin" -test.run '^$' -test.bench "$bench" -test.benchtime "${1}x" -test.cpu 1 "${extra[@]}" 2>&1 |
		sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
a=$(ir "$n1" "$@")
b=$(ir "$n2" "$@")
echo "$b $a" | awk -v n=$((n2 - n1)) '{printf "%.2f M instructions/op\n", ($1 - $2) / n / 1e6}'
