#!/bin/bash
# Times a batch of synthetic disclosures (PDF and XLSX) rendered as a job,
# the figures of docs/jobs.md:
#
#   scripts/jobs-speed.sh sqlite   # POST /api/v1/batch against a job, one
#                                  # serve on SQLite, alternated
#   scripts/jobs-speed.sh pg       # a job with one worker process against
#                                  # two, on one PostgreSQL, alternated
#
# N (1000) disclosures, ROUNDS (2) rounds of the two variants in turn
# (A B B A, …), a job's state polled every POLL (0.5) seconds. Prints one
# line a run: wall seconds, processor seconds of the jixiao processes,
# archive bytes and SHA-256; every archive must be the same bytes. Run
# from the repository's root; pg needs Debian's postgresql (as
# scripts/ci-deps.sh installs it).
set -euo pipefail

mode=${1:-sqlite}
n=${N:-1000}
rounds=${ROUNDS:-2}
poll=${POLL:-0.5}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1767225600}

. "$(dirname "$0")/lib.sh"
workdir jixiao-speed
chmod 711 "$work" # postgres runs as nobody when this runs as root

go build -o "$work/jixiao" ./cmd/jixiao
go run ./cmd/gendata -n "$n" -o "$work/in.ndjson"


# cpu PID...: the processor seconds (user and system) of the processes.
cpu() {
	local t=0 p
	for p in "$@"; do
		t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat")))
	done
	echo "$t"
}

waitready() {
	until curl -sf -o /dev/null "http://$addr/readyz"; do sleep 0.1; done
}

now() { date +%s.%N; }

report() { # name start end cpu0 cpu1 zip
	local hz
	hz=$(getconf CLK_TCK)
	printf '%-12s wall %6.2f s  cpu %6.2f s  %s bytes  %s  %s\n' "$1" \
		"$(echo "$3 - $2" | bc)" "$(echo "($5 - $4) / $hz" | bc -l)" \
		"$(stat -c %s "$6")" "$(sha256sum <"$6" | cut -c1-16)" "$phases"
	phases=
}
phases=

sync_batch() { # out.zip
	curl -sf -o "$1" -H 'Content-Type: application/x-ndjson' --data-binary "@$work/in.ndjson" \
		"http://$addr/api/v1/batch?format=pdf,xlsx"
}

job() { # out.zip
	local id state t0 t1 t2
	t0=$(now)
	id=$(curl -sf -H 'Content-Type: application/x-ndjson' --data-binary "@$work/in.ndjson" \
		"http://$addr/api/v1/jobs?format=pdf,xlsx" | sed -n 's/^{"id":"\([0-9a-f]*\)".*/\1/p')
	t1=$(now)
	while :; do
		state=$(curl -sf "http://$addr/api/v1/jobs/$id" | sed -n 's/.*"state":"\([a-z]*\)".*/\1/p')
		case $state in
		done) break ;;
		queued | running) sleep "$poll" ;;
		*) echo "job $id: $state" >&2; exit 1 ;;
		esac
	done
	t2=$(now)
	curl -sf -o "$1" "http://$addr/api/v1/jobs/$id/result"
	phases="submitted in $(echo "$t1 - $t0" | bc) s, done after $(echo "$t2 - $t0" | bc) s, downloaded in $(echo "$(now) - $t2" | bc) s"
	curl -sf -o /dev/null -X DELETE "http://$addr/api/v1/jobs/$id"
}

uptime
case $mode in
sqlite)
	addr=127.0.0.1:$(freeport)
	"$work/jixiao" serve --addr "$addr" --data "$work/data" --log-level warn 2>"$work/serve.log" &
	pids+=($!)
	serve=$!
	waitready
	run() { # variant round
		local t0 t1 c0 c1 out=$work/$1-$2.zip
		c0=$(cpu "$serve"); t0=$(now)
		if [ "$1" = batch ]; then sync_batch "$out"; else job "$out"; fi
		t1=$(now); c1=$(cpu "$serve")
		report "$1" "$t0" "$t1" "$c0" "$c1" "$out"
	}
	for r in $(seq "$rounds"); do
		if [ $((r % 2)) = 1 ]; then run batch "$r"; run job "$r"; else run job "$r"; run batch "$r"; fi
	done
	;;
pg)
	bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
	mkdir "$work/pg"
	if [ "$(id -u)" = 0 ]; then chown nobody "$work/pg"; fi
	as_nobody "$bin/initdb" -D "$work/pg/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >/dev/null
	pgport=$(freeport)
	as_nobody "$bin/postgres" -D "$work/pg/data" -p "$pgport" -h 127.0.0.1 -c unix_socket_directories= \
		-c fsync=off -c synchronous_commit=off -c full_page_writes=off >"$work/pg/log" 2>&1 &
	pids+=($!)
	postmaster=$!
	# pgcpu: the processor ticks of PostgreSQL's processes so far.
	pgcpu() { cpu $postmaster $(pgrep -P $postmaster); }
	db="postgres://postgres@127.0.0.1:$pgport/postgres?sslmode=disable"
	until "$bin/pg_isready" -q -h 127.0.0.1 -p "$pgport"; do sleep 0.1; done
	addr=127.0.0.1:$(freeport)
	# The server only answers: the workers render.
	"$work/jixiao" serve --addr "$addr" --database "$db" --job-workers -1 --log-level warn 2>"$work/serve.log" &
	pids+=($!)
	serve=$!
	waitready
	run() { # workers round
		local t0 t1 c0 c1 p0 p1 w ws=() out=$work/w$1-$2.zip
		for w in $(seq "$1"); do
			"$work/jixiao" worker --database "$db" --log-level warn 2>>"$work/worker.log" &
			ws+=($!)
		done
		sleep 2 # the workers connect and start polling
		c0=$(cpu "$serve" "${ws[@]}"); p0=$(pgcpu); t0=$(now)
		job "$out"
		t1=$(now); c1=$(cpu "$serve" "${ws[@]}"); p1=$(pgcpu)
		phases="$phases; PostgreSQL cpu $(echo "($p1 - $p0) / $(getconf CLK_TCK)" | bc -l | cut -c1-5) s"
		kill -TERM "${ws[@]}"
		wait "${ws[@]}" || true
		report "$1 worker(s)" "$t0" "$t1" "$c0" "$c1" "$out"
	}
	for r in $(seq "$rounds"); do
		if [ $((r % 2)) = 1 ]; then run 1 "$r"; run 2 "$r"; else run 2 "$r"; run 1 "$r"; fi
	done
	;;
*)
	echo "usage: $0 sqlite|pg" >&2
	exit 2
	;;
esac
uptime
[ "$(sha256sum "$work"/*.zip | cut -d' ' -f1 | sort -u | wc -l)" = 1 ] || { echo "the archives differ" >&2; exit 1; }
echo "every archive is the same bytes"
