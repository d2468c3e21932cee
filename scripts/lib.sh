# lib.sh: what the measuring scripts in this folder share. Source it:
#
#   . scripts/lib.sh    # from the repository's root

# workdir PREFIX makes $work, a temporary folder that is removed at exit
# together with the background processes whose ids are added to pids.
workdir() {
	work=$(mktemp -d "/tmp/$1-XXXXXX")
	pids=()
	trap cleanup EXIT
}

cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$work"
}

# copy_pair BEFORE AFTER copies two binaries to $work/before and
# $work/after: run from the file go build just wrote, a binary maps about
# 20 MB more of itself than an installed copy does.
copy_pair() {
	cp "$1" "$work/before"
	cp "$2" "$work/after"
}

# freeport prints a TCP port free on 127.0.0.1.
freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# rss_at_exit CMD ARGS... prints the peak resident set, and the anonymous
# and file pages resident as the run exits, in kB (gdb stops it at
# exit_group and reads /proc/PID/status).
rss_at_exit() {
	gdb -q -batch -ex 'catch syscall exit_group' -ex run \
		-ex 'python import gdb; print(open("/proc/%d/status" % gdb.selected_inferior().pid).read())' \
		--args "$@" 2>/dev/null | awk '/^VmHWM/ {h=$2} /^RssAnon/ {a=$2} /^RssFile/ {f=$2} END {print h, a, f}'
}

# faults RUNS BIN ARGS... prints the page faults of BIN ARGS without the
# collector and with one thread (every page the run allocates; they
# repeat within 0.1%), the page faults and task-clock of RUNS ordinary
# runs, and the median peak resident set of five.
faults() {
	local runs=$1 det pf tc peak
	shift
	GOGC=off GOMAXPROCS=1 perf stat -x, -o "$work/perf" -e page-faults -r 10 "$@" >/dev/null 2>&1 || true
	det=$(grep page-faults "$work/perf" | cut -d, -f1)
	perf stat -x, -o "$work/perf" -e page-faults,task-clock -r "$runs" "$@" >/dev/null 2>&1 || true
	pf=$(grep page-faults "$work/perf" | cut -d, -f1)
	tc=$(grep task-clock "$work/perf" | cut -d, -f1)
	peak=$(for n in 1 2 3 4 5; do /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1; done | sort -n | sed -n 3p)
	printf 'faults %s (GOGC=off, 1 thread), %s; task-clock %s ms; peak RSS %s kB (median of 5)' "$det" "$pf" "$tc" "$peak"
}

# as_nobody runs a command as nobody when this runs as root (PostgreSQL
# refuses root), with the root group when the root directory is not
# searchable by others, as internal/pgtest does.
as_nobody() {
	if [ "$(id -u)" != 0 ]; then
		"$@"
	elif [ "$(( $(stat -c %a /) % 2 ))" = 1 ]; then
		setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
	else
		setpriv --reuid=nobody --regid=nogroup --groups=0 "$@"
	fi
}
