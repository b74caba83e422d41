"""Every kind through one column system and one collector side: the
signals and pipes sections take -o, --sort, -r, -e and -J like the
System V kinds, --help lists their columns, and the live view's screen
thread makes no IPC or signal system call of its own."""
import json
import os
import re
import shutil
import signal
import subprocess
import time

import ipc
import util
from tmuxscreen import Screen, row_of
from test_tui import goto, new_queue, new_set


def sleeper():
    p = util.spawn(["sleep", "300"])
    util.wait_for(lambda: os.path.exists("/proc/%d/stat" % p.pid), what="sleep to start")
    return p


def test_signals_take_columns_sort_and_every_format():
    p = sleeper()
    out = util.run("--once", "--signals", "-o", "PID,COMM", "--sort", "COMM").stdout
    lines = out.splitlines()
    util.eq(lines[1].split(), ["PID", "COMM"], "header")
    comms = [ln.split()[1] for ln in lines[2:] if len(ln.split()) == 2]
    util.eq(comms, sorted(comms), "sorted by COMM")
    util.eq("%d sleep" % p.pid in [" ".join(ln.split()) for ln in lines], True,
            "the sleeper's row:\n" + out)
    # raw and export, without headings
    raw = util.run("--once", "--signals", "-r", "-n", "-o", "PID,STATE,COMM").stdout
    util.eq("%d S sleep" % p.pid in raw.splitlines(), True, "raw row:\n" + raw)
    exp = util.run("--once", "--signals", "-e", "-o", "PID,COMM").stdout
    util.eq('TYPE="signal" PID="%d" COMM="sleep"' % p.pid in exp.splitlines(), True,
            "export row:\n" + exp)
    doc = json.loads(util.run("--once", "--signals", "-J", "-o", "PID,COMM,BLOCKED").stdout)
    mine = [r for r in doc["signals"] if r["pid"] == p.pid]
    util.eq(mine, [{"pid": p.pid, "comm": "sleep", "blocked": []}], "JSON row")
    # reversed, by a column not shown
    rev = util.run("--once", "--signals", "-r", "-n", "-o", "PID", "--sort", "PID",
                   "--reverse").stdout.split()
    util.eq([int(x) for x in rev], sorted((int(x) for x in rev), reverse=True), "--reverse")


def test_pipes_take_columns_sort_and_every_format():
    r, w = os.pipe()
    writer = util.spawn(["sleep", "300"], stdout=w)
    reader = util.spawn(["cat"], stdin=r, stdout=subprocess.DEVNULL)
    os.close(r)
    os.close(w)

    def mine(rows):
        return [x for x in rows if writer.pid in x["writers"] and reader.pid in x["readers"]]

    doc = util.wait_for(lambda: (lambda d: mine(d["pipes"]) and d)(
        util.once_json("--pipes")), what="the pipe listed")
    pipe = mine(doc["pipes"])[0]
    util.eq((pipe["type"], pipe["path"], pipe["readers"]), ("pipe", None, [reader.pid]),
            "JSON of the pipe")
    out = util.run("--once", "--pipes", "-o", "TYPE,WRITERS", "--sort", "INODE").stdout
    util.eq(out.splitlines()[1].split(), ["TYPE", "WRITERS"], "header")
    util.eq(("pipe sleep(%d)" % writer.pid) in [" ".join(ln.split()) for ln in out.splitlines()],
            True, "table row:\n" + out)
    raw = util.run("--once", "--pipes", "-r", "-n", "-o", "INODE,WRITERS,READERS").stdout
    util.eq("%d %d %d" % (pipe["inode"], writer.pid, reader.pid) in raw.splitlines(), True,
            "raw row (bare pids):\n" + raw)
    exp = util.run("--once", "--pipes", "-e", "-o", "INODE,TYPE").stdout
    util.eq('TYPE="pipe" INODE="%d" TYPE="pipe"' % pipe["inode"] in exp.splitlines(), True,
            "export row:\n" + exp)
    bad = util.run("--once", "--pipes", "-o", "INODE,NOPE", check=False)
    util.eq((bad.returncode, "unknown column 'NOPE'" in bad.stderr), (2, True), bad.stderr)


def test_help_lists_every_kinds_columns():
    out = util.run("--help").stdout
    for title, cols in (("Signal columns (--signals)", ("PID", "TGID", "COMM", "SIGQ", "WCHAN")),
                        ("Pipe columns (--pipes)", ("INODE", "TYPE", "PATH", "WRITERS"))):
        util.eq(title in out, True, title)
        part = out.split(title, 1)[1]
        for c in cols:
            if not re.search(r"^ +%s  " % c, part, re.M):
                raise AssertionError("%s not listed under %s" % (c, title))


def test_signals_tab_has_the_once_columns():
    with Screen("--signals", width=200) as s:
        text = s.wait("PENDING")
        header = row_of(text, "PENDING").split()
        for c in ("PID^", "TGID", "USER", "STATE", "COMM", "SIGQ", "WCHAN"):
            util.eq(c in header, True, "%s in the signals tab's header %r" % (c, header))
        s.keys("q")
        s.check_clean_exit()


CALL = re.compile(r"^(\d+)\s+(?:<\.\.\. )?(\w+)")


def calls_of(lines, tid):
    """(syscall, line) of strace -f lines ("TID syscall(...") of one thread."""
    out = []
    for ln in lines:
        m = CALL.match(ln)
        if m and m.group(1) == str(tid):
            out.append((m.group(2), ln))
    return out


@util.limit(150)
def test_screen_thread_makes_no_ipc_or_kill_calls():
    if not shutil.which("strace"):
        raise util.Skip("strace not installed")
    qid, qk = new_queue()
    sid, sk = new_set(nsems=2)
    victim = sleeper()
    with Screen() as s:
        s.wait(qk)
        pid = s.pid()
        out = os.path.join(s.tmp, "strace.out")
        calls = ("msgctl,semctl,shmctl,msgget,semget,shmget,msgsnd,msgrcv,semop,"
                 "semtimedop,kill,tgkill,tkill,pidfd_open,pidfd_send_signal,openat")
        st = util.spawn(["strace", "-f", "-qq", "-p", str(pid), "-o", out, "-e",
                         "trace=" + calls])
        # attached once a refresh is in the file: the collector lists queues
        util.wait_for(lambda: os.path.exists(out) and "msgctl" in open(out).read(),
                      timeout=20, what="strace to see a refresh")
        s.keys("F5")
        # a set's detail: its values come from the collector
        s.keys("2")
        s.wait(sk)
        goto(s, sk)
        s.keys("Enter")
        s.wait(lambda t: re.search(r"\n│ +1 +0 +0 +0 ", t))
        s.keys("Escape")
        # a removal, confirmed
        s.keys("1")
        s.wait(qk)
        goto(s, qk)
        s.keys("F9")
        s.wait("Remove 1 object?")
        s.keys("y")
        s.wait("removed queue")
        ipc.forget("msg", qid)
        # a signal, confirmed
        s.keys("4")
        # the row, once a collection with the signal state has come
        s.wait(lambda t: "PENDING" in t and "collecting the processes" not in t)
        # the full rows (start times, names), not the light pass's
        goto(s, str(victim.pid))
        s.wait(lambda t: re.search(r"\b%d +%d +root +S +sleep\b" % (victim.pid, victim.pid), t))
        goto(s, str(victim.pid))
        s.keys("F9")
        s.wait("Send signal to pid %d" % victim.pid)
        s.keys("Enter")
        s.wait("Send TERM (15) to pid %d" % victim.pid)
        s.keys("y")
        s.wait("sent SIGTERM to %d" % victim.pid)
        util.wait_for(lambda: victim.poll() is not None, what="the sleeper to end")
        st.send_signal(signal.SIGINT)
        st.wait(timeout=10)
        lines = open(out).read().splitlines()
        mine = calls_of(lines, pid)
        ipc_calls = [ln for call, ln in mine if call != "openat"]
        util.eq(ipc_calls, [], "IPC or signal calls on the screen's thread")
        proc_opens = [ln for call, ln in mine if '"/proc' in ln]
        util.eq(proc_opens, [], "/proc opened on the screen's thread")
        # and the work was done, by another thread of ipctop
        done = [ln for ln in lines if "msgctl(%d, IPC_RMID" % qid in ln]
        util.eq(len(done) == 1 and CALL.match(done[0]).group(1) != str(pid), True,
                "IPC_RMID on the collector's thread: %r" % done)
        sent = [ln for ln in lines if "pidfd_send_signal" in ln and "SIGTERM" in ln]
        util.eq(len(sent), 1, "the signal went through a pidfd: %r" % sent)
        s.keys("q")
        s.check_clean_exit()
