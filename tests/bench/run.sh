#!/bin/bash
# Benchmark ipctop --once against ipcs -a, lsipc and the cat floor on a
# populated IPC state: 10,000 queues, 10,000 semaphore sets, 2,000 segments;
# as root also 2,000 POSIX queues, 2,000 shared memory objects and 2,000
# named semaphores, against the floor of reading each queue's file and
# stat()ing each /dev/shm entry.
#
# As root it runs in a private IPC and mount namespace (unshare --ipc
# --mount, a tmpfs on /dev/shm), so the machine's objects are untouched and
# everything vanishes with the namespaces; otherwise it creates System V
# IPC_PRIVATE objects in the host namespace and removes them by id
# afterwards, even when interrupted, and skips the POSIX part.
#
# Then both ways of listing against the floor (SOURCES: tests/bench/sources.c
# built) and the live view's CPU per tab (tests/bench/tui_cpu.py, LIVE=0
# skips it, CPU_SECONDS per run, default 30).
#
# Environment: IPCTOP (binary), POPULATE (tests/bench/populate.c built),
# RUNS (timed runs per command, default 15), NQ NS NM (object counts),
# NPQ NPM NPS (POSIX counts), NHOLD (objects a holder process maps and
# queues it keeps open, default 100), VALGRIND=0 to skip the leak check.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
: "${IPCTOP:?set IPCTOP to the ipctop binary}"
: "${POPULATE:?set POPULATE to the populate helper}"
RUNS=${RUNS:-15}
NQ=${NQ:-10000}
NS=${NS:-10000}
NM=${NM:-2000}
NPQ=${NPQ:-2000}
NPM=${NPM:-2000}
NPS=${NPS:-2000}
NHOLD=${NHOLD:-100}

if [ "$(id -u)" = 0 ] && [ "${IPCTOP_BENCH_NS:-}" != 1 ] && command -v unshare >/dev/null; then
	IPCTOP_BENCH_NS=1 exec unshare --ipc --mount --propagation private bash "$0" "$@"
fi

if [ "${IPCTOP_BENCH_NS:-}" = 1 ]; then
	echo "bench: private IPC and mount namespace"
	# Limits are per namespace: make room for the objects if the defaults
	# are lower than the counts asked for.
	raise() {
		local f=/proc/sys/$1 want=$2
		if [ "$(cat "$f")" -lt "$want" ]; then echo "$want" >"$f"; fi
	}
	raise kernel/msgmni "$NQ"
	raise kernel/shmmni "$NM"
	raise fs/mqueue/queues_max "$NPQ"
	read -r semmsl semmns semopm semmni </proc/sys/kernel/sem
	if [ "$semmni" -lt "$NS" ]; then
		echo "$semmsl $semmns $semopm $NS" >/proc/sys/kernel/sem
	fi
	# POSIX objects on a tmpfs of the namespace's own; the queues' files
	# readable for the floor through a mount no other process sees
	mount -t tmpfs -o size=256m,mode=1777 tmpfs /dev/shm
	BENCH_MQDIR=$(mktemp -d)
	mount -t mqueue none "$BENCH_MQDIR"
	export BENCH_MQDIR
else
	echo "bench: host IPC namespace (objects removed afterwards)"
fi

status=0
IDS=$(mktemp)
HOLDER=
cleanup() {
	"$POPULATE" remove "$IDS" || true
	rm -f "$IDS"
	if [ -n "$HOLDER" ]; then kill "$HOLDER" 2>/dev/null || true; fi
	if [ -n "${BENCH_MQDIR:-}" ]; then
		umount "$BENCH_MQDIR" && rmdir "$BENCH_MQDIR" || true
	fi
}
trap cleanup EXIT INT TERM

start=$(date +%s.%N)
"$POPULATE" create "$NQ" "$NS" "$NM" >"$IDS"
end=$(date +%s.%N)
printf 'bench: created %d queues, %d sets, %d segments in %.2fs\n' \
	"$NQ" "$NS" "$NM" "$(echo "$end - $start" | bc)"

if [ -n "${BENCH_MQDIR:-}" ]; then
	start=$(date +%s.%N)
	"$POPULATE" posix "$NPQ" "$NPM" "$NPS"
	end=$(date +%s.%N)
	printf 'bench: created %d POSIX queues, %d shm objects, %d semaphores in %.2fs\n' \
		"$NPQ" "$NPM" "$NPS" "$(echo "$end - $start" | bc)"
	# a process for the holders and attached scan to find
	coproc HOLD { exec "$POPULATE" hold "$NHOLD"; }
	HOLDER=$HOLD_PID
	read -r ready <&"${HOLD[0]}"
	[ "$ready" = ready ] || { echo "bench: holder failed"; exit 1; }
fi

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
