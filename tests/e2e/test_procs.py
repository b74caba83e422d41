"""Processes behind the objects: signal state (--signals), who has a
segment attached, who waits on a queue or a set, pipes (--pipes), and
process names that carry escape sequences."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

import ipc
import util


def start(*argv, stdin=None):
    """Start a helper and wait for its "ready" line."""
    p = util.spawn([util.helper(argv[0])] + list(argv[1:]), stdout=subprocess.PIPE,
                   stdin=stdin, text=True)
    line = p.stdout.readline().strip()
    if line != "ready":
        raise AssertionError("%s: got %r instead of ready" % (argv[0], line))
    return p


def tmp_dir():
    d = tempfile.mkdtemp(prefix="ipctop-procs-")
    util.on_cleanup(lambda: shutil.rmtree(d, ignore_errors=True))
    return d


def signals_of(pid, *args):
    doc = util.once_json("--signals", *args)
    for p in doc["signals"]:
        if p["pid"] == pid:
            return p
    raise AssertionError("pid %d not in --signals" % pid)


def test_signal_state_exact():
    p = start("sigstate")
    s = signals_of(p.pid)
    util.eq(s["pending"], ["USR1"], "pending")
    util.eq(s["shdpnd"], ["RTMIN+2"], "shdpnd")
    util.eq(s["blocked"], ["USR1", "RTMIN+2"], "blocked")
    util.eq(s["ignored"], ["TERM"], "ignored")
    util.eq(s["caught"], ["INT"], "caught")
    util.eq(s["comm"], "sigstate", "comm")
    util.eq(s["user"], "root" if os.geteuid() == 0 else s["user"], "user")
    util.eq(s["state"], "S", "state")
    if not (isinstance(s["sigq"], int) and s["sigq"] >= 1 and s["sigq_max"] > 0):
        raise AssertionError("sigq %r/%r" % (s["sigq"], s["sigq_max"]))
    # the table says the same in words
    out = util.run("--once", "--signals").stdout
    row = [ln for ln in out.splitlines() if ln.split()[:1] == [str(p.pid)]]
    util.eq(len(row), 1, "table rows for the helper")
    for word in ("USR1", "RTMIN+2", "USR1,RTMIN+2", "TERM", "INT"):
        if word not in row[0].split():
            raise AssertionError("%r not a cell of %r" % (word, row[0]))


def test_thread_pending_folds_into_its_process():
    # USR2 is pending for the second thread alone (its SigPnd)
    p = start("sigstate", "-", "thread")
    util.eq(signals_of(p.pid)["pending"], ["USR1", "USR2"], "process row")
    rows = [x for x in util.once_json("--signals", "--threads")["signals"]
            if x["tgid"] == p.pid]
    util.eq(sorted(x["pending"] for x in rows), [["USR1"], ["USR2"]], "thread rows")


def test_signals_alone_shows_no_objects():
    ipc.msgget()
    doc = util.once_json("--signals")
    if "msg" in doc or "shm" in doc or "sem" in doc:
        raise AssertionError("--signals alone printed object lists: %r" % list(doc))
    doc = util.once_json("--signals", "-q")
    if "msg" not in doc or "signals" not in doc:
        raise AssertionError("--signals -q: %r" % list(doc))


def test_signals_user_filter():
    p = start("sigstate")
    doc = util.once_json("--signals", "-u", "0")
    pids = [x["pid"] for x in doc["signals"]]
    if os.geteuid() == 0 and p.pid not in pids:
        raise AssertionError("root's helper missing with -u 0")
    doc = util.once_json("--signals", "-u", "65534")
    if p.pid in [x["pid"] for x in doc["signals"]]:
        raise AssertionError("-u 65534 listed root's helper")


def attached(mid):
    return util.find(util.once_json("-m")["shm"], mid)["attached"]


def test_attached_listed_and_gone_after_detach():
    mid = ipc.shmget(4096)
    a = start("ipcwait", "shmat", str(mid), stdin=subprocess.PIPE)
    b = start("ipcwait", "shmat", str(mid), stdin=subprocess.PIPE)
    util.eq(sorted(attached(mid)), sorted([a.pid, b.pid]), "attached")
    a.stdin.write("detach\n")
    a.stdin.flush()
    util.eq(a.stdout.readline().strip(), "detached", "helper a")
    util.eq(attached(mid), [b.pid], "attached after a detached")
    # the table shows the same list
    out = util.run("--once", "-m").stdout
    if "ipcwait(%d)" % b.pid not in out.split():
        raise AssertionError("ipcwait(%d) not in the ATTACHED column:\n%s" % (b.pid, out))
    # raw output keeps bare pids for scripts
    out = util.run("--once", "-m", "-r", "-o", "ID,ATTACHED").stdout
    util.eq([ln.split() for ln in out.splitlines() if ln.split()[0] == str(mid)],
            [[str(mid), str(b.pid)]], "raw ATTACHED")
    b.stdin.write("detach\n")
    b.stdin.flush()
    util.eq(b.stdout.readline().strip(), "detached", "helper b")
    util.eq(attached(mid), [], "attached after both detached")


def test_attached_none_is_empty_not_unknown():
    mid = ipc.shmget(4096)
    util.eq(attached(mid), [], "attached of an unused segment")


def waiters(kind, oid, *args):
    return util.find(util.once_json(*args)[kind], oid)["waiters"]


def test_msgrcv_waiter_listed_then_released():
    qid = ipc.msgget()
    p = start("ipcwait", "msgrcv", str(qid))
    want = [{"pid": p.pid, "op": "recv"}]
    util.wait_for(lambda: waiters("msg", qid, "-q") == want, what="recv waiter")
    out = util.run("--once", "-q").stdout
    if "ipcwait(%d):recv" % p.pid not in out:
        raise AssertionError("no ipcwait(%d):recv in the table:\n%s" % (p.pid, out))
    ipc.msgsnd(qid, b"go")
    p.wait(timeout=10)
    util.eq(waiters("msg", qid, "-q"), [], "waiters after the message")


def test_msgsnd_waiter_on_full_queue():
    qid = ipc.msgget()
    try:
        while True:
            ipc.msgsnd(qid, b"x" * 4096)
    except OSError:
        pass
    p = start("ipcwait", "msgsnd", str(qid))
    want = [{"pid": p.pid, "op": "send"}]
    util.wait_for(lambda: waiters("msg", qid, "-q") == want, what="send waiter")
    ipc.msgrcv(qid)
    p.wait(timeout=10)
    util.eq(waiters("msg", qid, "-q"), [], "waiters after room was made")


def test_thread_waiter_counts_for_its_process():
    qid = ipc.msgget()
    p = start("ipcwait", "thread-msgrcv", str(qid))
    want = [{"pid": p.pid, "op": "recv"}]
    util.wait_for(lambda: waiters("msg", qid, "-q") == want, what="thread waiter")
    ipc.msgsnd(qid, b"go")
    p.wait(timeout=10)
    util.eq(waiters("msg", qid, "-q"), [], "waiters after release")


def test_two_blocked_threads_list_their_process_once():
    qid = ipc.msgget()
    p = start("ipcwait", "two-msgrcv", str(qid))
    want = [{"pid": p.pid, "op": "recv"}]
    util.wait_for(lambda: len(os.listdir("/proc/%d/task" % p.pid)) == 2 and
                  waiters("msg", qid, "-q") == want, what="one waiter for two threads")
    # --threads is about the signals rows: waiters stay per process
    util.eq(waiters("msg", qid, "-q", "--signals", "--threads"), want, "with --threads")
    ipc.msgsnd(qid, b"1")
    ipc.msgsnd(qid, b"2")
    p.wait(timeout=10)


def unknown_as_nobody(flag, kind, oid, key, column):
    """As user nobody, root's processes cannot be read: the object's
    list is unknown (JSON null, table '?') with a hint, never empty."""
    nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
              util.ipctop_for_others()]
    r = subprocess.run(nobody + ["--once", flag, "-J"], capture_output=True, text=True,
                       timeout=60, check=True)
    util.eq(util.find(json.loads(r.stdout)[kind], oid)[key], None, key + " as nobody")
    if "could not be read" not in r.stderr:
        raise AssertionError("no hint on stderr: %r" % r.stderr)
    r = subprocess.run(nobody + ["--once", flag, "-o", "ID," + column], capture_output=True,
                       text=True, timeout=60, check=True)
    row = [ln.split() for ln in r.stdout.splitlines() if ln.split()[:1] == [str(oid)]]
    util.eq(row, [[str(oid), "?"]], "table row as nobody")


def test_unreadable_waiters_are_unknown_not_none():
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        raise util.Skip("needs root and setpriv")
    qid = ipc.msgget(mode=0o644)
    p = start("ipcwait", "msgrcv", str(qid))
    util.wait_for(lambda: waiters("msg", qid, "-q") == [{"pid": p.pid, "op": "recv"}],
                  what="recv waiter as root")
    unknown_as_nobody("-q", "msg", qid, "waiters", "WAITERS")
    ipc.msgsnd(qid, b"go")
    p.wait(timeout=10)


def test_pid_two_in_a_pid_namespace_is_a_process():
    if os.geteuid() != 0 or not shutil.which("unshare"):
        raise util.Skip("needs root and unshare")
    mid = ipc.shmget(4096)
    # in a new pid namespace the shell is pid 1 and the holder pid 2
    script = ('%s shmhold %d >"$1" & while ! grep -q ready "$1"; do sleep 0.02; done; '
              '%s --once -m -J --signals; kill $!' % (util.helper("ipcwait"), mid, util.IPCTOP))
    out = os.path.join(tmp_dir(), "ready")
    r = subprocess.run(["unshare", "--pid", "--fork", "--mount-proc", "sh", "-c", script,
                        "sh", out], capture_output=True, text=True, timeout=60, check=True)
    doc = json.loads(r.stdout)
    util.eq(util.find(doc["shm"], mid)["attached"], [2], "pid 2 attached")
    util.eq([x["comm"] for x in doc["signals"] if x["pid"] == 2], ["ipcwait"], "pid 2's row")


def test_semop_waiter_listed_then_released():
    sid = ipc.semget(1)
    ipc.setval(sid, 0, 0)
    p = start("ipcwait", "semop", str(sid))
    want = [{"pid": p.pid, "op": "semop"}]
    util.wait_for(lambda: waiters("sem", sid, "-s") == want, what="semop waiter")
    ipc.setval(sid, 0, 1)
    p.wait(timeout=10)
    util.eq(waiters("sem", sid, "-s"), [], "waiters after release")


def test_creator_gone_is_marked():
    r = subprocess.run([util.helper("ipcwait"), "shmget"], capture_output=True,
                       text=True, check=True)
    mid = int(r.stdout)
    ipc._created.append(("shm", mid))
    seg = util.find(util.once_json("-m")["shm"], mid)
    util.eq(seg["cpid"] > 0, True, "cpid is a number in JSON")
    out = util.run("--once", "-m", "-o", "ID,CPID").stdout
    if "%d(gone)" % seg["cpid"] not in out:
        raise AssertionError("creator not marked gone:\n" + out)
    # a live creator is not
    out = util.run("--once", "-m", "-o", "ID,CPID,LPID").stdout
    mine = ipc.shmget(4096)
    out = util.run("--once", "-m", "-o", "ID,CPID").stdout
    line = [ln for ln in out.splitlines() if ln.split()[:1] == [str(mine)]][0]
    if "gone" in line:
        raise AssertionError("live creator marked gone: " + line)


def children(pid):
    kids = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            # other processes' names may be any bytes
            with open("/proc/%s/stat" % name, errors="replace") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            comm = stat.split("(", 1)[1].rsplit(")", 1)[0]
            kids.append((comm, int(name)))
    return dict(kids)


def test_pipe_between_sleep_and_cat():
    sh = util.spawn(["sh", "-c", "sleep 60 | cat"], stdout=subprocess.DEVNULL)
    kids = util.wait_for(lambda: (lambda k: k if {"sleep", "cat"} <= set(k) else None)(
        children(sh.pid)), what="sleep and cat")
    try:
        doc = util.once_json("--pipes")
        found = [p for p in doc["pipes"] if kids["sleep"] in p["writers"]
                 and kids["cat"] in p["readers"]]
        util.eq(len(found), 1, "pipes from sleep to cat")
        util.eq(found[0]["writers"], [kids["sleep"]], "writers")
        util.eq(found[0]["readers"], [kids["cat"]], "readers")
        util.eq(found[0]["path"], None, "path of an anonymous pipe")
        out = util.run("--once", "--pipes").stdout
        row = [ln for ln in out.splitlines()
               if ln.split()[:1] == [str(found[0]["inode"])]]
        # the table names each end, so the pipeline reads as a chain
        util.eq(row[0].split()[1:], ["pipe", "-", "sleep(%d)" % kids["sleep"], "cat(%d)" % kids["cat"]],
                "table row")
    finally:
        for pid in kids.values():
            try:
                os.kill(pid, 9)
            except ProcessLookupError:
                pass


def test_fifo_has_its_path():
    d = "/tmp/ipctop-e2e-fifo-%d" % os.getpid()
    os.mkfifo(d)
    try:
        # opening both ends in one process does not block
        fd = os.open(d, os.O_RDWR)
        try:
            doc = util.once_json("--pipes")
            mine = [p for p in doc["pipes"] if p["path"] == d]
            util.eq(len(mine), 1, "FIFO entries")
            util.eq(mine[0]["writers"], [os.getpid()], "writers")
            util.eq(mine[0]["readers"], [os.getpid()], "readers")
        finally:
            os.close(fd)
    finally:
        os.unlink(d)


EVIL = "\x1b[31mEV\x07IL"


def test_escape_sequences_in_names_are_harmless():
    p = start("sigstate", EVIL)
    with open("/proc/%d/comm" % p.pid, "rb") as f:
        if b"\x1b" not in f.read():
            raise util.Skip("kernel refused the name")
    for fmt in ([], ["-r"], ["-e"], ["-J"], ["-n"]):
        for sect in (["--signals"], ["--signals", "--threads"], ["--pipes"]):
            r = subprocess.run([util.IPCTOP, "--once"] + sect + fmt,
                               capture_output=True, timeout=60)
            util.eq(r.returncode, 0, "exit status of %s" % (sect + fmt))
            if b"\x1b" in r.stdout or b"\x07" in r.stdout or b"\x1b" in r.stderr:
                raise AssertionError("raw control byte in --once %s" % (sect + fmt))
            if sect[0] == "--signals" and b"EV" not in r.stdout:
                raise AssertionError("the helper is missing from %s" % (sect + fmt))
    s = signals_of(p.pid)
    if "\x1b" in s["comm"] or "EV" not in s["comm"]:
        raise AssertionError("comm %r" % s["comm"])


def test_escape_sequences_in_argv_are_harmless():
    # argv[0] carrying escapes: comm comes from the file name, and nothing
    # of argv reaches the output raw
    p = util.spawn([EVIL], executable=util.helper("sigstate"), stdout=subprocess.PIPE)
    util.eq(p.stdout.readline().strip(), b"ready", "helper")
    for fmt in ([], ["-r"], ["-e"], ["-J"]):
        r = subprocess.run([util.IPCTOP, "--once", "--signals"] + fmt,
                           capture_output=True, timeout=60)
        if b"\x1b" in r.stdout:
            raise AssertionError("raw ESC in --once --signals %s" % fmt)


def test_threads_option_lists_each_thread():
    qid = ipc.msgget()
    p = start("ipcwait", "thread-msgrcv", str(qid))
    doc = util.once_json("--signals", "--threads")
    rows = [x for x in doc["signals"] if x["tgid"] == p.pid]
    if len(rows) != 2 or sorted(x["pid"] == p.pid for x in rows) != [False, True]:
        raise AssertionError("thread rows %r" % rows)
    doc = util.once_json("--signals")
    util.eq(len([x for x in doc["signals"] if x["tgid"] == p.pid]), 1, "process rows")


INNER = r"""
import ctypes, json, subprocess, sys
libc = ctypes.CDLL(None, use_errno=True)
mid = libc.shmget(0, 4096, 0o1600)
h = subprocess.Popen([sys.argv[1], "shmhold", str(mid)], stdout=subprocess.PIPE, text=True)
try:
    h.stdout.readline()
    out = subprocess.run([sys.argv[2], "--once", "-m", "-J"], capture_output=True,
                         text=True, check=True).stdout
    print(json.dumps({"mid": mid, "pid": h.pid, "doc": json.loads(out)}))
finally:
    h.kill()
    h.wait()
"""


def test_same_id_in_another_ipc_namespace_is_not_ours():
    if os.geteuid() != 0 or not shutil.which("unshare"):
        raise util.Skip("needs root and unshare")
    # a process in a third namespace maps that namespace's segment 0
    code = ("import ctypes,sys; l=ctypes.CDLL(None); m=l.shmget(0,4096,0o1600);"
            "import os; os.execv(sys.argv[1], [sys.argv[1], 'shmhold', str(m)])")
    other = util.spawn(["unshare", "--ipc", sys.executable, "-c", code, util.helper("ipcwait")],
                       stdout=subprocess.PIPE, text=True)
    util.eq(other.stdout.readline().strip(), "ready", "helper in the other namespace")
    r = subprocess.run(["unshare", "--ipc", sys.executable, "-c", INNER,
                        util.helper("ipcwait"), util.IPCTOP],
                       capture_output=True, text=True, timeout=60, check=True)
    got = json.loads(r.stdout)
    seg = util.find(got["doc"]["shm"], got["mid"])
    util.eq(seg["attached"], [got["pid"]], "attached (the other namespace's user left out)")


def test_unreadable_maps_are_unknown_not_none():
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        raise util.Skip("needs root and setpriv")
    mid = ipc.shmget(4096, mode=0o644)
    start("ipcwait", "shmhold", str(mid))
    unknown_as_nobody("-m", "shm", mid, "attached", "ATTACHED")


def test_signals_show_the_wait_channel():
    qid = ipc.msgget()
    p = start("ipcwait", "msgrcv", str(qid))
    # with the queue listed (waiters found in a light pass) and without
    for args in (["-q"], []):
        util.wait_for(lambda: "msgrcv" in (signals_of(p.pid, *args)["wchan"] or ""),
                      what="wchan of the receiver with %r" % args)


def test_last_pids_carry_the_command_name():
    qid = ipc.msgget()
    ipc.msgsnd(qid, b"hello")
    with open("/proc/self/comm") as f:
        me = f.read().strip()
    out = util.run("--once", "-q", "-o", "ID,LSPID,LRPID").stdout
    row = [ln.split() for ln in out.splitlines() if ln.split()[:1] == [str(qid)]]
    util.eq(row, [[str(qid), "%s(%d)" % (me, os.getpid()), "0"]], "table row")
    q = util.find(util.once_json("-q")["msg"], qid)
    util.eq(q["lspid"], os.getpid(), "JSON keeps the number")
    # the set's last operator in -i, by name too
    sid = ipc.semget(1)
    ipc.setval(sid, 0, 2)
    out = util.run("--once", "-s", "-i", str(sid)).stdout
    if "%s(%d)" % (me, os.getpid()) not in out:
        raise AssertionError("last operator not named:\n" + out)
