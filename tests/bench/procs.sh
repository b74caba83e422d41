#!/bin/bash
# Cost of the process views: 1,000 extra processes (300 attached to a
# segment, 200 blocked in msgrcv, 100 blocked in semop, 400 idle), then
#   - ipctop --once with and without the columns that need processes
#     (ATTACHED, WAITERS and the pid columns' "(gone)" marks), and with
#     --signals --pipes as well;
#   - the live view's refresh (tests/bench/procs_refresh.c), whose
#     per-process cache skips the maps of unchanged processes.
# Prints the ratios; the target is < 2x.
#
# As root it runs in a private IPC namespace; every process it starts is
# killed and every object removed on exit, even when interrupted.
# Environment: IPCTOP, HELPERS (tests/e2e helpers), REFRESH (procs_refresh
# binary), RUNS (default 15), NPROC (default 1000).
set -euo pipefail

: "${IPCTOP:?set IPCTOP to the ipctop binary}"
: "${HELPERS:?set HELPERS to the e2e helper directory}"
: "${REFRESH:?set REFRESH to the procs_refresh binary}"
RUNS=${RUNS:-15}
NPROC=${NPROC:-1000}

if [ "$(id -u)" = 0 ] && [ "${IPCTOP_BENCH_NS:-}" != 1 ] && command -v unshare >/dev/null; then
	IPCTOP_BENCH_NS=1 exec unshare --ipc bash "$0" "$@"
fi

PIDS=()
IDS=()
cleanup() {
	set +e
	[ ${#PIDS[@]} -gt 0 ] && kill -9 "${PIDS[@]}" 2>/dev/null
	wait 2>/dev/null
	for spec in "${IDS[@]}"; do ipcrm "${spec%%:*}" "${spec#*:}" 2>/dev/null; done
}
trap cleanup EXIT INT TERM

mkid() { ipcmk "$@" | grep -o '[0-9]*$'; }
shm=$(mkid -M 1048576); IDS+=("-m:$shm")
queues=(); sets=()
for _ in $(seq 10); do q=$(mkid -Q); queues+=("$q"); IDS+=("-q:$q"); done
for _ in $(seq 10); do s=$(mkid -S 1); sets+=("$s"); IDS+=("-s:$s"); done

n_att=$((NPROC * 3 / 10)); n_msg=$((NPROC / 5)); n_sem=$((NPROC / 10))
n_idle=$((NPROC - n_att - n_msg - n_sem))
spawn() { "$@" >/dev/null </dev/null & PIDS+=($!); }
for i in $(seq "$n_att"); do spawn "$HELPERS/ipcwait" shmhold "$shm"; done
for i in $(seq "$n_msg"); do spawn "$HELPERS/ipcwait" msgrcv "${queues[$((i % 10))]}"; done
for i in $(seq "$n_sem"); do spawn "$HELPERS/ipcwait" semop "${sets[$((i % 10))]}"; done
for i in $(seq "$n_idle"); do spawn sleep 3600; done
# wait until the attaches and waits are in place
for _ in $(seq 200); do
	att=$(awk -v id="$shm" '$2 == id { print $7 }' /proc/sysvipc/shm)
	[ "${att:-0}" -ge "$n_att" ] && break
	sleep 0.05
done
echo "bench: $NPROC extra processes ($n_att attached, $n_msg in msgrcv, $n_sem in semop, $n_idle idle); $(ls /proc | grep -c '^[0-9]') in all"

python3 - "$RUNS" "$IPCTOP" <<'PY'
import statistics, subprocess, sys, time
runs, ipctop = int(sys.argv[1]), sys.argv[2]
base = "KEY,ID,OWNER,PERMS,USEDBYTES,MSGS,NSEMS,SIZE,NATTCH"
cmds = [
    ("--once, no process columns", [ipctop, "--once", "-o", base]),
    ("--once, + ATTACHED,WAITERS,pids", [ipctop, "--once", "-o",
                                         base + ",ATTACHED,WAITERS,LSPID,LRPID,CPID,LPID"]),
    ("--once (default columns)", [ipctop, "--once"]),
    ("--once --signals --pipes -q -s -m", [ipctop, "--once", "--signals", "--pipes", "-q", "-s", "-m"]),
]
times = {n: [] for n, _ in cmds}
for n, argv in cmds:
    subprocess.run(argv, stdout=subprocess.DEVNULL, check=True)
for _ in range(runs):
    for n, argv in cmds:        # interleaved: load drift hits all alike
        t0 = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, check=True)
        times[n].append(time.perf_counter() - t0)
med = {n: statistics.median(v) * 1000 for n, v in times.items()}
b = med[cmds[0][0]]
print("bench: ipctop --once, %d runs each, median wall time" % runs)
for n, _ in cmds:
    print("  %-44s %8.2f ms  %.2fx" % (n, med[n], med[n] / b))
PY
"$REFRESH" "$RUNS"
