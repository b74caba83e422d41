#!/bin/bash
# Cost of --ns all on a container host: NNS IPC namespaces (default 50),
# each held by one sleeping process and holding NOBJ objects (default 200:
# a third each queues, semaphore sets and segments). Then
#   - ipctop --once --ns all against what people do today, running
#     `nsenter -t PID --ipc ipcs -a` once per namespace (target <= 0.2x),
#     and against `nsenter ... cat /proc/sysvipc/*` per namespace, the floor;
#   - the live view's refresh with every namespace against ipctop's own
#     alone, and the difference per namespace (tests/bench/ns_refresh.c).
#
# Root only (joining a namespace needs CAP_SYS_ADMIN). Each namespace dies
# with its holder, and every holder is killed on exit, even when
# interrupted: nothing is left behind.
# Environment: IPCTOP, POPULATE, REFRESH (ns_refresh binary), RUNS
# (default 15), NNS, NOBJ.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
: "${IPCTOP:?set IPCTOP to the ipctop binary}"
: "${POPULATE:?set POPULATE to the populate helper}"
: "${REFRESH:?set REFRESH to the ns_refresh binary}"
RUNS=${RUNS:-15}
NNS=${NNS:-50}
NOBJ=${NOBJ:-200}

if [ "$(id -u)" != 0 ]; then
	echo "bench-ns: needs root (joining IPC namespaces needs CAP_SYS_ADMIN); skipped"
	exit 0
fi

DIR=$(mktemp -d)
PIDS=()
cleanup() {
	set +e
	[ ${#PIDS[@]} -gt 0 ] && kill -9 "${PIDS[@]}" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$DIR"
}
trap cleanup EXIT INT TERM

nq=$((NOBJ / 3)); ns=$((NOBJ / 3)); nm=$((NOBJ - nq - ns))
for i in $(seq "$NNS"); do
	# the holder creates its objects, says so, and sleeps in the namespace
	unshare --ipc sh -c "'$POPULATE' create $nq $ns $nm >/dev/null && echo ready && exec sleep 3600" \
		>"$DIR/$i" 2>&1 </dev/null &
	PIDS+=($!)
done
deadline=$((SECONDS + 120))
for i in $(seq "$NNS"); do
	until grep -q ready "$DIR/$i"; do
		if [ "$SECONDS" -ge "$deadline" ] || ! kill -0 "${PIDS[$((i - 1))]}" 2>/dev/null; then
			echo "bench-ns: holder $i did not get ready: $(cat "$DIR/$i")" >&2
			exit 1
		fi
		sleep 0.05
	done
done
echo "bench-ns: $NNS namespaces of $NOBJ objects each ($nq queues, $ns sets, $nm segments)"

python3 "$HERE/ns_timing.py" "$RUNS" "$IPCTOP" "${PIDS[@]}"
"$REFRESH" "$RUNS"
