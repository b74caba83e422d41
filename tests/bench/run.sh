#!/bin/bash
# Benchmark ipctop --once against ipcs -a, lsipc and the cat floor on a
# populated IPC state: 10,000 queues, 10,000 semaphore sets, 2,000 segments.
#
# As root it runs in a private IPC namespace (unshare --ipc), so the
# machine's objects are untouched and everything vanishes with the
# namespace; otherwise it creates IPC_PRIVATE objects in the host namespace
# and removes them by id afterwards, even when interrupted.
#
# Then both ways of listing against the floor (SOURCES: tests/bench/sources.c
# built) and the live view's CPU per tab (tests/bench/tui_cpu.py, LIVE=0
# skips it, CPU_SECONDS per run, default 30).
#
# Environment: IPCTOP (binary), POPULATE (tests/bench/populate.c built),
# RUNS (timed runs per command, default 15), NQ NS NM (object counts),
# VALGRIND=0 to skip the leak check.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
: "${IPCTOP:?set IPCTOP to the ipctop binary}"
: "${POPULATE:?set POPULATE to the populate helper}"
RUNS=${RUNS:-15}
NQ=${NQ:-10000}
NS=${NS:-10000}
NM=${NM:-2000}

if [ "$(id -u)" = 0 ] && [ "${IPCTOP_BENCH_NS:-}" != 1 ] && command -v unshare >/dev/null; then
	IPCTOP_BENCH_NS=1 exec unshare --ipc bash "$0" "$@"
fi

if [ "${IPCTOP_BENCH_NS:-}" = 1 ]; then
	echo "bench: private IPC namespace"
	# Limits are per namespace: make room for the objects if the defaults
	# are lower than the counts asked for.
	raise() {
		local f=/proc/sys/kernel/$1 want=$2
		if [ "$(cat "$f")" -lt "$want" ]; then echo "$want" >"$f"; fi
	}
	raise msgmni "$NQ"
	raise shmmni "$NM"
	read -r semmsl semmns semopm semmni </proc/sys/kernel/sem
	if [ "$semmni" -lt "$NS" ]; then
		echo "$semmsl $semmns $semopm $NS" >/proc/sys/kernel/sem
	fi
else
	echo "bench: host IPC namespace (objects removed afterwards)"
fi

status=0
IDS=$(mktemp)
cleanup() {
	"$POPULATE" remove "$IDS" || true
	rm -f "$IDS"
}
trap cleanup EXIT INT TERM

start=$(date +%s.%N)
"$POPULATE" create "$NQ" "$NS" "$NM" >"$IDS"
end=$(date +%s.%N)
printf 'bench: created %d queues, %d sets, %d segments in %.2fs\n' \
	"$NQ" "$NS" "$NM" "$(echo "$end - $start" | bc)"

python3 "$HERE/timing.py" "$RUNS" "$IPCTOP" "$POPULATE" || status=$?
# both list paths against the floor, and the collector's choice
if [ -n "${SOURCES:-}" ]; then "$SOURCES" "$RUNS" || status=$?; fi
# what the live view costs between key presses (CPU_SECONDS per run)
if [ "${LIVE:-1}" != 0 ]; then
	python3 "$HERE/tui_cpu.py" "$IPCTOP" "${CPU_SECONDS:-30}" || status=$?
fi

if [ "${VALGRIND:-1}" != 0 ] && command -v valgrind >/dev/null; then
	echo "bench: valgrind --leak-check=full ipctop --once (populated state)"
	log=$(mktemp)
	if valgrind --leak-check=full --show-leak-kinds=definite,indirect,possible \
		--errors-for-leak-kinds=definite,indirect,possible \
		--error-exitcode=3 "$IPCTOP" --once >/dev/null 2>"$log"; then
		echo "valgrind: no errors, no leaks"
	else
		echo "valgrind: FAILED"
		cat "$log"
		rm -f "$log"
		exit 1
	fi
	grep -E 'in use at exit|definitely lost|indirectly lost|possibly lost|ERROR SUMMARY' "$log" |
		sed 's/^==[0-9]*== */valgrind: /'
	rm -f "$log"
fi
exit $status
