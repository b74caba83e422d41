#!/usr/bin/env python3
"""CPU the live view costs between key presses, on the current IPC state.

Usage: tui_cpu.py IPCTOP [SECONDS]. Runs IPCTOP in a detached tmux (200x50)
on each tab in turn, refreshing every 2 s (and the queues tab every 1 s
too), and reads the process's CPU time (user + system, every thread's,
from /proc/PID/stat) over SECONDS (default 30) after the first refreshes.
Prints the share of one core each way; the target is under 1 % at 2 s
with the benchmark's 22,000 objects. The settings file is a fresh one, so
every tab shows its default columns.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def measure(ipctop, args, seconds, n=[0]):
    n[0] += 1
    sock = "ipctop-cpu-%d-%d" % (os.getpid(), n[0])
    cfg = tempfile.mkdtemp(prefix="ipctop-cpu-")
    tmux = ["tmux", "-L", sock, "-f", "/dev/null"]
    try:
        cmd = "env XDG_CONFIG_HOME=%s TERM=screen-256color %s %s; sleep 600" % (
            cfg, ipctop, " ".join(args))
        subprocess.run(tmux + ["new-session", "-d", "-x", "200", "-y", "50", cmd], check=True)
        shell = subprocess.run(tmux + ["list-panes", "-F", "#{pane_pid}"], capture_output=True,
                               text=True, check=True).stdout.strip()
        pid = None
        for _ in range(100):
            kids = subprocess.run(["pgrep", "-P", shell], capture_output=True,
                                  text=True).stdout.split()
            if kids:
                pid = int(kids[0])
                break
            time.sleep(0.05)
        if pid is None:
            sys.exit("tui_cpu: ipctop did not start")
        time.sleep(5)          # the first refreshes time both list sources
        c0, t0 = cpu_seconds(pid), time.monotonic()
        time.sleep(seconds)
        c1, t1 = cpu_seconds(pid), time.monotonic()
        return 100.0 * (c1 - c0) / (t1 - t0)
    finally:
        subprocess.run(tmux + ["kill-server"], capture_output=True)
        shutil.rmtree(cfg, ignore_errors=True)


def main():
    ipctop = sys.argv[1]
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 30.0
    if not shutil.which("tmux"):
        print("tui_cpu: tmux not installed, skipped")
        return
    runs = [("queues tab, 2 s", ["-q", "-d", "2"]),
            ("queues tab, 1 s", ["-q", "-d", "1"]),
            ("semaphore sets tab, 2 s", ["-s", "-d", "2"]),
            ("segments tab, 2 s", ["-m", "-d", "2"]),
            ("signals tab, 2 s", ["--signals", "-d", "2"])]
    print("live view: CPU over %.0f s per run (user + system, all threads), %% of one core"
          % seconds)
    for name, args in runs:
        print("  %-28s %6.2f %%" % (name, measure(ipctop, args, seconds)))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
