#!/usr/bin/env python3
"""How fast does the live view answer a key while it refreshes many objects?

Creates N System V objects (default 20,000: queues, semaphore sets and
segments) in a private IPC namespace, runs ipctop in tmux with a short
refresh interval so that collections run nearly back to back, then sends
keys that open and close the help screen and times, for each, how long
until the screen shows the change (polling tmux capture-pane). The time
includes tmux's own delivery and capture, so it is an upper bound.

Usage (as root): IPCTOP=build/rel/ipctop python3 tests/bench/tui_latency.py [N] [PRESSES]
"""
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))

import ipc  # noqa: E402


def reexec_private():
    if os.geteuid() != 0:
        sys.exit("tui_latency: needs root (for a private IPC namespace)")
    if os.environ.get("IPCTOP_BENCH_NS") != "1":
        env = dict(os.environ, IPCTOP_BENCH_NS="1")
        r = subprocess.run(["unshare", "--ipc", sys.executable] + sys.argv, env=env)
        sys.exit(r.returncode)


def populate(n):
    nshm = min(n // 10, 4000)          # shmmni defaults to 4096
    nsem = n // 4
    nmsg = n - nshm - nsem
    for i in range(nmsg):
        ipc.msgget(key=0x10000000 + i)
    for i in range(nsem):
        ipc.semget(2, key=0x20000000 + i)
    for i in range(nshm):
        ipc.shmget(4096, key=0x30000000 + i)
    return nmsg, nsem, nshm


def main():
    reexec_private()
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    presses = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    ipctop = os.environ.get("IPCTOP", os.path.join(HERE, "..", "..", "ipctop"))
    sock = "ipctop-bench-%d" % os.getpid()
    tmux = ["tmux", "-L", sock, "-f", "/dev/null"]
    cfg = "/tmp/ipctop-bench-cfg-%d" % os.getpid()
    t0 = time.time()
    counts = populate(n)
    print("created %d queues, %d sets, %d segments in %.1fs"
          % (counts + (time.time() - t0,)))
    try:
        subprocess.run(tmux + ["new-session", "-d", "-x", "160", "-y", "50",
                               "env XDG_CONFIG_HOME=%s %s -d 0.1; sleep 600" % (cfg, ipctop)],
                       check=True)

        def screen():
            return subprocess.run(tmux + ["capture-pane", "-p", "-t", "0"],
                                  capture_output=True, text=True).stdout

        def wait(pred, timeout=30):
            end = time.time() + timeout
            while time.time() < end:
                s = screen()
                if pred(s):
                    return s
            raise SystemExit("timed out; screen:\n" + screen())

        s = wait(lambda s: "Queues (%d)" % counts[0] in s)
        took = s.split("took ")[1].split("ms")[0] if "took " in s else "?"
        print("first full snapshot shown; a collection took %sms" % took)
        times = []
        for i in range(presses):
            opening = i % 2 == 0
            key = "h" if opening else "Escape"
            start = time.perf_counter()
            subprocess.run(tmux + ["send-keys", "-t", "0", key])
            wait(lambda s: ("ipctop help" in s) == opening)
            times.append((time.perf_counter() - start) * 1000)
            time.sleep(0.037 * (i % 5))   # land at different points of a refresh
        s = screen()
        took = s.split("took ")[1].split("ms")[0] if "took " in s else "?"
        times.sort()
        print("objects: %d; refresh every 0.1s, each collection ~%sms" % (sum(counts), took))
        print("key -> screen change over %d presses: median %.1fms, p95 %.1fms, max %.1fms"
              % (len(times), statistics.median(times),
                 times[int(len(times) * 0.95) - 1], times[-1]))
        subprocess.run(tmux + ["send-keys", "-t", "0", "q"])
    finally:
        subprocess.run(tmux + ["kill-server"], capture_output=True)
        shutil.rmtree(cfg, ignore_errors=True)
        ipc.cleanup()


if __name__ == "__main__":
    main()
