#!/usr/bin/env python3
"""Time ipctop --once against ipcs, lsipc and cat on the current IPC state.

Usage: timing.py RUNS IPCTOP POPULATE. Each command runs RUNS times,
interleaved so that drift in machine load hits all of them alike, with
stdout to /dev/null. Prints the median wall time of each, the ratios the
project targets (System V: ipctop <= 1.5x cat, <= 0.25x ipcs -a; POSIX,
when BENCH_MQDIR names a mount of the queues: ipctop <= 2x the floor of
cat-ing every queue file plus stat-ing every /dev/shm entry), the cost of
the holders/attached scan, and each command's peak RSS (wait4()'s rusage,
taken by populate's maxrss mode). Exit status 1 when a target is missed.
"""
import http.client
import glob
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time


def run_once(argv):
    """Wall seconds and max RSS (KiB) of one run."""
    with open(os.devnull, "wb") as null:
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, stdout=null, stderr=subprocess.PIPE)
        _, status, ru = os.wait4(p.pid, 0)
        t1 = time.perf_counter()
        err = p.stderr.read()
        p.stderr.close()
        p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit("bench: %s exited %d: %s" % (" ".join(argv), p.returncode,
                                              err.decode(errors="replace")))
    return t1 - t0, ru.ru_maxrss


def peak_rss_kib(populate, argv):
    """Peak RSS of one run, measured by populate's maxrss mode (a small
    parent: ru_maxrss of a child forked from Python counts Python)."""
    r = subprocess.run([populate, "maxrss"] + argv, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("bench: maxrss %s failed: %s" % (" ".join(argv), r.stderr))
    return int(r.stdout.split()[-1])


def vm(pid, key):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def scrape(ipctop, runs):
    """GET /metrics of ipctop --listen, each scrape a fresh collection
    (-d 0.001): median time and the server's peak RSS."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    p = subprocess.Popen([ipctop, "--listen", "127.0.0.1:%d" % port, "-d", "0.001"])
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.02)
        times, size = [], 0
        for i in range(runs + 1):
            t0 = time.perf_counter()
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            c.request("GET", "/metrics")
            body = c.getresponse().read()
            c.close()
            if i:   # the first warms the caches
                times.append(time.perf_counter() - t0)
            size = len(body)
        print("  %-30s %8.2f ms   %7.1f MiB  (%d bytes, %d series)"
              % ("GET /metrics (--listen)", statistics.median(times) * 1000,
                 vm(p.pid, "VmHWM") / 1024, size,
                 sum(1 for l in body.split(b"\n") if l and not l.startswith(b"#"))))
    finally:
        p.terminate()
        p.wait()


def history_rss(ipctop):
    """The live view's RSS after 150 refreshes with the history kept and
    without it (tmux; skipped without it)."""
    if not shutil.which("tmux"):
        return
    rss = {}
    for hist in ("0", "300"):
        sock = "ipctop-bench-%d" % os.getpid()
        subprocess.run(["tmux", "-L", sock, "-f", "/dev/null", "new-session", "-d", "-x",
                        "160", "-y", "50", ipctop, "-d", "0.1", "--history", hist],
                       check=True)
        try:
            time.sleep(1)
            shell = subprocess.run(["tmux", "-L", sock, "list-panes", "-F",
                                    "#{pane_pid}"], capture_output=True,
                                   text=True).stdout.strip()
            pid = int(shell)
            time.sleep(15)
            rss[hist] = vm(pid, "VmRSS")
        finally:
            subprocess.run(["tmux", "-L", sock, "kill-server"], capture_output=True)
    print("  live view RSS after 15 s at -d 0.1: --history 0 %.1f MiB, "
          "--history 300 %.1f MiB" % (rss["0"] / 1024, rss["300"] / 1024))


def main():
    runs = int(sys.argv[1])
    ipctop = sys.argv[2]
    populate = sys.argv[3]
    sysv = "ipctop --once -q -s -m"
    cmds = [
        (sysv, [ipctop, "--once", "-q", "-s", "-m"]),
        (sysv + " -J", [ipctop, "--once", "-q", "-s", "-m", "-J"]),
        ("ipctop --prometheus", [ipctop, "--prometheus"]),
        ("ipcs -a", ["ipcs", "-a"]),
        ("lsipc -q; lsipc -s; lsipc -m", ["sh", "-c", "lsipc -q; lsipc -s; lsipc -m"]),
        ("cat /proc/sysvipc/*", ["cat", "/proc/sysvipc/msg", "/proc/sysvipc/sem",
                                 "/proc/sysvipc/shm"]),
    ]
    mqdir = os.environ.get("BENCH_MQDIR")
    posix = "ipctop --once -Q -M -S"
    bare = posix + " -o <no process columns>"
    if mqdir:
        cols = "NAME,OWNER,PERMS,USEDBYTES,MSGS,MAXMSG,MSGSIZE,FILL,NOTIFY,SIZE,RSS,VALUE," \
               "NWAITERS,MTIME"
        cmds += [
            (posix, [ipctop, "--once", "-Q", "-M", "-S"]),
            (bare, [ipctop, "--once", "-Q", "-M", "-S", "-o", cols]),
            (posix + " -J", [ipctop, "--once", "-Q", "-M", "-S", "-J"]),
            ("cat <every queue file>", ["cat"] + sorted(glob.glob(mqdir + "/*"))),
            ("stat <every /dev/shm entry>", ["stat"] + sorted(glob.glob("/dev/shm/*"))),
            ("ipctop --once (all six kinds)", [ipctop, "--once"]),
        ]
        # util-linux 2.41 lists POSIX objects; 2.38 (Debian 12) does not
        if subprocess.run(["lsipc", "-Q"], capture_output=True).returncode == 0:
            cmds.append(("lsipc -Q; lsipc -M; lsipc -S",
                         ["sh", "-c", "lsipc -Q; lsipc -M; lsipc -S"]))
    times = {name: [] for name, _ in cmds}
    rss = {name: 0 for name, _ in cmds}
    for name, argv in cmds:
        rss[name] = max(peak_rss_kib(populate, argv) for _ in range(3))
    for name, argv in cmds:     # warm caches (NSS, page cache) once
        run_once(argv)
    for _ in range(runs):
        for name, argv in cmds:
            t, _ = run_once(argv)
            times[name].append(t)
    med = {name: statistics.median(v) for name, v in times.items()}
    print("bench: %d runs each, median wall time, peak RSS" % runs)
    for name, _ in cmds:
        print("  %-48s %8.2f ms   %7.1f MiB" % (name, med[name] * 1000, rss[name] / 1024))
    scrape(ipctop, runs)
    history_rss(ipctop)
    cat = med["cat /proc/sysvipc/*"]
    r_cat = med[sysv] / cat
    r_ipcs = med[sysv] / med["ipcs -a"]
    r_lsipc = med[sysv] / med["lsipc -q; lsipc -s; lsipc -m"]
    peak = rss[sysv] / 1024
    ok_cat, ok_ipcs, ok_rss = r_cat <= 1.5, r_ipcs <= 0.25, peak < 8
    print("ratio ipctop/cat    %.2f  (target <= 1.5)  %s" % (r_cat, "ok" if ok_cat else "MISSED"))
    print("ratio ipctop/ipcs   %.3f (target <= 0.25) %s" % (r_ipcs, "ok" if ok_ipcs else "MISSED"))
    print("ratio ipctop/lsipc  %.3f" % r_lsipc)
    print("peak RSS ipctop     %.1f MiB (target < 8) %s" % (peak, "ok" if ok_rss else "MISSED"))
    ok_posix = True
    if mqdir:
        floor = med["cat <every queue file>"] + med["stat <every /dev/shm entry>"]
        r_floor = med[posix] / floor
        ok_posix = r_floor <= 2
        print("POSIX floor         %.2f ms (cat of the queue files + stat of /dev/shm)"
              % (floor * 1000))
        print("ratio POSIX/floor   %.2f  (target <= 2)    %s"
              % (r_floor, "ok" if ok_posix else "MISSED"))
        print("ratio POSIX, no process columns/floor %.2f" % (med[bare] / floor))
        print("holders/attached scan %.2f ms (%s minus %s)"
              % ((med[posix] - med[bare]) * 1000, posix, bare))
        lsipc = "lsipc -Q; lsipc -M; lsipc -S"
        if lsipc in med:
            print("ratio POSIX/lsipc   %.3f" % (med[posix] / med[lsipc]))
    sys.exit(0 if ok_cat and ok_ipcs and ok_rss and ok_posix else 1)


if __name__ == "__main__":
    main()
