#!/usr/bin/env python3
"""Time ipctop --once --ns all against reading each namespace by hand.

Usage: ns_timing.py RUNS IPCTOP PID...  (one holder pid per namespace)
The by-hand commands run nsenter once per namespace, as one does today.
Commands are interleaved RUNS times, stdout to /dev/null; prints medians
and the ratio the project targets (ipctop <= 0.2x the ipcs loop).
Exit status 1 when the target is missed.
"""
import os
import statistics
import subprocess
import sys
import time


def run_once(argv):
    with open(os.devnull, "wb") as null:
        t0 = time.perf_counter()
        r = subprocess.run(argv, stdout=null, stderr=subprocess.PIPE)
        t1 = time.perf_counter()
    if r.returncode != 0:
        sys.exit("bench-ns: %s exited %d: %s" % (argv[0], r.returncode,
                                                 r.stderr.decode(errors="replace")))
    return t1 - t0


def main():
    runs = int(sys.argv[1])
    ipctop = sys.argv[2]
    pids = " ".join(sys.argv[3:])
    loop = "for p in %s; do nsenter -t $p --ipc %%s || exit 1; done" % pids
    cmds = [
        ("ipctop --once --ns all", [ipctop, "--once", "--ns", "all"]),
        ("ipctop --once --ns all -J", [ipctop, "--once", "--ns", "all", "-J"]),
        ("ipctop --once (own namespace)", [ipctop, "--once"]),
        ("nsenter ... ipcs -a, each", ["sh", "-c", loop % "ipcs -a"]),
        ("nsenter ... lsipc (3x), each",
         ["sh", "-c", loop % "sh -c 'lsipc -q; lsipc -s; lsipc -m'"]),
        ("nsenter ... cat /proc/sysvipc/*, each",
         ["sh", "-c", loop % "cat /proc/sysvipc/msg /proc/sysvipc/sem /proc/sysvipc/shm"]),
    ]
    times = {name: [] for name, _ in cmds}
    for _, argv in cmds:
        run_once(argv)
    for _ in range(runs):
        for name, argv in cmds:
            times[name].append(run_once(argv))
    med = {name: statistics.median(v) for name, v in times.items()}
    print("bench-ns: %d runs each, median wall time" % runs)
    for name, _ in cmds:
        print("  %-40s %9.2f ms" % (name, med[name] * 1000))
    ours = med["ipctop --once --ns all"]
    r_ipcs = ours / med["nsenter ... ipcs -a, each"]
    r_lsipc = ours / med["nsenter ... lsipc (3x), each"]
    r_cat = ours / med["nsenter ... cat /proc/sysvipc/*, each"]
    ok = r_ipcs <= 0.2
    print("ratio ipctop/ipcs loop   %.3f (target <= 0.2) %s" % (r_ipcs, "ok" if ok else "MISSED"))
    print("ratio ipctop/lsipc loop  %.3f" % r_lsipc)
    print("ratio ipctop/cat loop    %.3f" % r_cat)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
