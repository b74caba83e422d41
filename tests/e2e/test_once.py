"""Snapshot mode (ipctop --once) on real kernel objects.

Every field is checked twice: against what the test created, and against
what ipcs says about the same objects (its lists and its -i detail). Every
collection path is covered: the *_STAT_ANY calls (queues and sets on the
live kernel, everything when /proc/sysvipc is hidden) and /proc/sysvipc
text (segments, and a copy of the kernel's files through --procfs).
"""
import ctypes
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

import ipc
import util

GETPID, GETVAL, GETALL, GETNCNT, GETZCNT = 11, 12, 13, 14, 15
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
# A release build of our own for the tests that cannot use the sanitizer
# binary (valgrind) or that install (make install builds ./ipctop).
REL_E2E = "build/rel-e2e-once"

_tmpdirs = []


def tmpdir():
    d = tempfile.mkdtemp(prefix="ipctop-once-")
    _tmpdirs.append(d)
    return d


def _cleanup_tmp():
    while _tmpdirs:
        shutil.rmtree(_tmpdirs.pop(), ignore_errors=True)


# util.cleanup() runs after every test; remove our temporary trees with it.
_util_cleanup = util.cleanup


def _cleanup_all():
    _cleanup_tmp()
    _util_cleanup()


util.cleanup = _cleanup_all


# ---- helpers -------------------------------------------------------------

CHILD_PRELUDE = r"""
import ctypes, ctypes.util, os, signal, sys, time
libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
libc.shmat.restype = ctypes.c_void_p
libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
class sembuf(ctypes.Structure):
    _fields_ = [("num", ctypes.c_ushort), ("op", ctypes.c_short), ("flg", ctypes.c_short)]
"""

SEMOP_CHILD = CHILD_PRELUDE + r"""
sid, num, op = map(int, sys.argv[1:4])
b = sembuf(num, op, 0)
print("ready", flush=True)
libc.semop(sid, ctypes.byref(b), 1)
time.sleep(600)
"""

ATTACH_CHILD = CHILD_PRELUDE + r"""
addr = libc.shmat(int(sys.argv[1]), None, 0)
if addr in (None, ctypes.c_void_p(-1).value):
    sys.exit("shmat failed")
ctypes.memset(addr, 1, 4096)
print("ready", flush=True)
time.sleep(600)
"""

# Creates and removes objects as fast as it can until SIGTERM, then
# removes what it holds: the race the snapshot must survive.
CHURN_CHILD = CHILD_PRELUDE + r"""
held = []
def stop(*_):
    for kind, i in held:
        if kind == "msg": libc.msgctl(i, 0, None)
        elif kind == "sem": libc.semctl(i, 0, 0, 0)
        else: libc.shmctl(i, 0, None)
    sys.exit(0)
signal.signal(signal.SIGTERM, stop)
print("ready", flush=True)
# SIGTERM waits while an object exists but is not yet in `held`: an
# IPC_PRIVATE object leaked there would outlive the test.
term = {signal.SIGTERM}
while True:
    signal.pthread_sigmask(signal.SIG_BLOCK, term)
    q = libc.msgget(0, 0o1600); held.append(("msg", q))
    s = libc.semget(0, 3, 0o1600); held.append(("sem", s))
    m = libc.shmget(0, 8192, 0o1600); held.append(("shm", m))
    signal.pthread_sigmask(signal.SIG_UNBLOCK, term)
    libc.msgctl(q, 0, None); held.remove(("msg", q))
    libc.semctl(s, 0, 0, 0); held.remove(("sem", s))
    libc.shmctl(m, 0, None); held.remove(("shm", m))
"""


def child(script, *args):
    p = util.spawn([sys.executable, "-c", script] + [str(a) for a in args],
                   stdout=subprocess.PIPE, text=True)
    line = p.stdout.readline().strip()
    if line != "ready":
        raise AssertionError("child did not start: %r" % line)
    return p


def semctl(sid, num, cmd):
    r = ipc.libc.semctl(sid, num, cmd, 0)
    if r < 0:
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))
    return r


def ipcs(*args):
    r = subprocess.run(["ipcs"] + list(args), capture_output=True, text=True,
                       env=dict(os.environ, LC_ALL="C"))
    if r.returncode != 0:
        raise AssertionError("ipcs %s: %s" % (" ".join(args), r.stderr))
    return r.stdout


def ipcs_time(s):
    s = s.strip()
    if s == "Not set":
        return 0
    return int(time.mktime(time.strptime(s, "%a %b %d %H:%M:%S %Y")))


def ipcs_detail(flag, oid):
    """ipcs -q/-s/-m -i ID as a dict of its key=value fields (numbers as
    ints, times as Unix seconds) plus "sems" rows for a set."""
    out = ipcs(flag, "-i", str(oid))
    d = {}
    sems = []
    in_sems = False
    for line in out.splitlines():
        if line.startswith("semnum"):
            in_sems = True
            continue
        if in_sems:
            parts = line.split()
            if len(parts) == 5:
                sems.append([int(x) for x in parts])
            continue
        if "time" in line and "=" in line:
            k, v = line.split("=", 1)
            d[k.strip()] = ipcs_time(v)
            continue
        for part in line.replace(",", "\t").split("\t"):
            if "=" in part:
                k, v = part.split("=", 1)
                v = v.strip()
                d[k.strip()] = int(v, 8) if k.strip() in ("mode", "access_perms") else int(v)
    if sems:
        d["sems"] = sems
    return d


def ipcs_rows(flag):
    """Data rows of ipcs -q/-s/-m (after the header line), split."""
    rows = []
    for line in ipcs(flag).splitlines():
        parts = line.split()
        if parts and parts[0].startswith("0x"):
            rows.append(parts)
    return rows


def json_doc(*args, env=None):
    r = util.run("--once", "-J", *args, env=env)
    if r.stderr:
        raise AssertionError("unexpected stderr: %r" % r.stderr)
    return json.loads(r.stdout)


def now():
    return int(time.time())


def check_common(o, oid, key, mode, uid=0, gid=0):
    util.eq(o["id"], oid, "id")
    util.eq(o["key"], key if key < 2**31 else key - 2**32, "key")
    util.eq(o["perms"], "%04o" % mode, "perms")
    for f, want in (("uid", uid), ("gid", gid), ("cuid", uid), ("cgid", gid)):
        util.eq(o[f], want, f)
    if not isinstance(o["owner"], str) or not o["owner"]:
        raise AssertionError("owner %r" % o["owner"])


def within(t, lo, hi, what):
    if not (lo <= t <= hi):
        raise AssertionError("%s: %r not within [%d, %d]" % (what, t, lo, hi))


def table_rows(text):
    """{title: [header, rows...]} of a table/raw output (split cells)."""
    sections = {}
    cur = None
    for line in text.splitlines():
        if line.startswith("------ "):
            cur = line.strip("- ")
            sections[cur] = []
        elif line.strip() and cur is not None:
            sections[cur].append(line.split())
    return sections


# ---- queues, sets, segments ------------------------------------------------

def test_queue_fields():
    key = ipc.unique_key()
    t0 = now()
    qid = ipc.msgget(key=key, mode=0o640)
    empty = ipc.msgget(mode=0o600)
    for data in (b"x" * 10, b"y" * 20, b"z" * 5):
        ipc.msgsnd(qid, data)
    ipc.msgrcv(qid)          # takes the 10-byte message
    t1 = now()
    doc = json_doc("-q")
    if set(doc) != {"msg", "namespaces"}:
        raise AssertionError("keys %r" % list(doc))
    # one namespace, ours, which every object names
    ours = os.stat("/proc/self/ns/ipc").st_ino
    util.eq([(n["ns"], n["label"], n["error"]) for n in doc["namespaces"]],
            [(ours, "host", None)], "namespaces")
    q = util.find(doc["msg"], qid)
    util.eq(q["ns"], ours, "the queue's namespace")
    check_common(q, qid, key, 0o640)
    util.eq(q["owner"], "root" if os.geteuid() == 0 else q["owner"], "owner")
    util.eq(q["cbytes"], 25, "cbytes")
    util.eq(q["qnum"], 2, "qnum")
    util.eq(q["lspid"], os.getpid(), "lspid")
    util.eq(q["lrpid"], os.getpid(), "lrpid")
    within(q["stime"], t0, t1, "stime")
    within(q["rtime"], t0, t1, "rtime")
    within(q["ctime"], t0, t1, "ctime")
    msgmnb = int(open("/proc/sys/kernel/msgmnb").read())
    util.eq(q["qbytes"], msgmnb, "qbytes")
    e = util.find(doc["msg"], empty)
    for f in ("cbytes", "qnum", "lspid", "lrpid", "stime", "rtime"):
        util.eq(e[f], 0, "empty queue " + f)
    # the same as ipcs -i, field for field
    for obj in (q, e):
        d = ipcs_detail("-q", obj["id"])
        for mine, theirs in (("uid", "uid"), ("gid", "gid"), ("cuid", "cuid"),
                             ("cgid", "cgid"), ("cbytes", "cbytes"), ("qbytes", "qbytes"),
                             ("qnum", "qnum"), ("lspid", "lspid"), ("lrpid", "lrpid"),
                             ("stime", "send_time"), ("rtime", "rcv_time"),
                             ("ctime", "change_time")):
            util.eq(obj[mine], d[theirs], "%s vs ipcs %s" % (mine, theirs))
        util.eq(int(obj["perms"], 8), d["mode"] & 0o777, "perms vs ipcs")
    # the detail view shows every field of the one queue
    out = util.run("--once", "-q", "-i", str(qid), "-b", "--time-format", "unix").stdout
    lines = dict(l.split(None, 1) for l in out.splitlines()[1:] if l.strip())
    util.eq(out.splitlines()[0], "Message Queue msqid=%d" % qid, "detail title")
    util.eq(lines["USEDBYTES"].strip(), "25", "detail cbytes")
    util.eq(lines["MAXBYTES"].strip(), str(msgmnb), "detail qbytes")
    util.eq(lines["SEND"].strip(), str(q["stime"]), "detail stime")


def pid_in_cell(cell):
    """812 from "812", "812(gone)" or "comm(812)"."""
    if cell.endswith("(gone)"):
        return int(cell[:-len("(gone)")])
    if cell.endswith(")"):
        return int(cell.rsplit("(", 1)[1][:-1])
    return int(cell)


def test_set_fields_and_semaphores():
    key = ipc.unique_key()
    t0 = now()
    sid = ipc.semget(4, key=key, mode=0o600)
    for num, val in ((0, 3), (1, 0), (2, 7), (3, 1)):
        ipc.setval(sid, num, val)
    # one process waits for semaphore 1 to rise, one for 2 to reach zero
    child(SEMOP_CHILD, sid, 1, -1)
    child(SEMOP_CHILD, sid, 2, 0)
    util.wait_for(lambda: semctl(sid, 1, GETNCNT) == 1 and semctl(sid, 2, GETZCNT) == 1,
                  what="two waiters")
    t1 = now()
    doc = json_doc("-s", "-i", str(sid))
    util.eq(len(doc["sem"]), 1, "one set with -i")
    s = doc["sem"][0]
    check_common(s, sid, key, 0o600)
    util.eq(s["nsems"], 4, "nsems")
    util.eq(s["otime"], 0, "otime (no semop completed)")
    within(s["ctime"], t0, t1, "ctime")
    want = []
    for num in range(4):
        want.append({"num": num, "value": semctl(sid, num, GETVAL),
                     "ncnt": semctl(sid, num, GETNCNT), "zcnt": semctl(sid, num, GETZCNT),
                     "pid": semctl(sid, num, GETPID)})
    util.eq([x["value"] for x in want], [3, 0, 7, 1], "values set by SETVAL")
    util.eq(s["sems"], want, "sems")
    d = ipcs_detail("-s", sid)
    util.eq(d["nsems"], 4, "ipcs nsems")
    util.eq(s["otime"], d["otime"], "otime vs ipcs")
    util.eq(s["ctime"], d["ctime"], "ctime vs ipcs")
    util.eq([[x["num"], x["value"], x["ncnt"], x["zcnt"], x["pid"]] for x in s["sems"]],
            d["sems"], "semaphores vs ipcs -i")
    # the table form says the same
    out = util.run("--once", "-s", "-i", str(sid)).stdout
    rows = [l.split() for l in out.splitlines()]
    start = rows.index(["SEMNUM", "VALUE", "NCOUNT", "ZCOUNT", "PID"])
    # the last operator is named where its process is known: "python3(812)"
    got = [[int(c) for c in r[:4]] + [pid_in_cell(r[4])] for r in rows[start + 1:start + 5]]
    util.eq(got, d["sems"], "detail table vs ipcs -i")
    # without -i the list has no per-semaphore detail
    doc = json_doc("-s")
    if "sems" in util.find(doc["sem"], sid):
        raise AssertionError("sems present without -i")


def test_segment_fields():
    key = ipc.unique_key()
    t0 = now()
    mid = ipc.shmget(40960, key=key, mode=0o640)
    p = child(ATTACH_CHILD, mid)
    t1 = now()
    doc = json_doc("-m")
    g = util.find(doc["shm"], mid)
    check_common(g, mid, key, 0o640)
    util.eq(g["size"], 40960, "size")
    util.eq(g["nattch"], 1, "nattch")
    util.eq(g["cpid"], os.getpid(), "cpid")
    util.eq(g["lpid"], p.pid, "lpid")
    within(g["atime"], t0, t1, "atime")
    util.eq(g["dtime"], 0, "dtime")
    within(g["ctime"], t0, t1, "ctime")
    util.eq(g["dest"], False, "dest")
    util.eq(g["locked"], False, "locked")
    if not (isinstance(g["rss"], int) and g["rss"] >= 4096):
        raise AssertionError("rss %r after the child wrote a page" % g["rss"])
    util.eq(g["swap"], 0, "swap")
    d = ipcs_detail("-m", mid)
    for mine, theirs in (("size", "bytes"), ("nattch", "nattch"), ("cpid", "cpid"),
                         ("lpid", "lpid"), ("atime", "att_time"), ("dtime", "det_time"),
                         ("ctime", "change_time"), ("uid", "uid"), ("cgid", "cgid")):
        util.eq(g[mine], d[theirs], "%s vs ipcs %s" % (mine, theirs))
    # removed while attached: marked for removal, key gone, still listed
    ipc.rmid("shm", mid)
    doc = json_doc("-m")
    g = util.find(doc["shm"], mid)
    util.eq(g["dest"], True, "dest after IPC_RMID")
    util.eq(g["key"], 0, "key after IPC_RMID")
    out = util.run("--once", "-m", "-o", "ID,STATUS", "-n").stdout.split()
    util.eq(out[out.index(str(mid)) + 1], "dest", "STATUS column")
    ipc.forget("shm", mid)


def test_lists_match_ipcs():
    qs = [ipc.msgget(mode=0o600 + i) for i in range(3)]
    ipc.msgsnd(qs[1], b"hello")
    sets = [ipc.semget(n) for n in (1, 5)]
    segs = [ipc.shmget(s) for s in (4096, 123456)]
    doc = json_doc()
    by_id = {k: {o["id"]: o for o in doc[k]} for k in ("msg", "sem", "shm")}
    rows = ipcs_rows("-q")
    if len(rows) < 3:
        raise AssertionError("ipcs -q shows %d rows" % len(rows))
    for key, mid, owner, perms, used, msgs in rows:
        o = by_id["msg"][int(mid)]
        util.eq("0x%08x" % (o["key"] & 0xffffffff), key, "key")
        util.eq(o["owner"], owner, "owner")
        util.eq(int(o["perms"], 8), int(perms, 8), "perms")
        util.eq(o["cbytes"], int(used), "used-bytes")
        util.eq(o["qnum"], int(msgs), "messages")
    for key, sid, owner, perms, nsems in ipcs_rows("-s"):
        o = by_id["sem"][int(sid)]
        util.eq("0x%08x" % (o["key"] & 0xffffffff), key, "key")
        util.eq(o["owner"], owner, "owner")
        util.eq(o["nsems"], int(nsems), "nsems")
    for parts in ipcs_rows("-m"):
        key, mid, owner, perms, size, nattch = parts[:6]
        o = by_id["shm"][int(mid)]
        util.eq("0x%08x" % (o["key"] & 0xffffffff), key, "key")
        util.eq(o["size"], int(size), "bytes")
        util.eq(o["nattch"], int(nattch), "nattch")
        util.eq(o["dest"], "dest" in parts[6:], "status dest")
    # ipcs -p: pids
    for line in ipcs("-q", "-p").splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[0].isdigit():
            o = by_id["msg"][int(parts[0])]
            util.eq([o["lspid"], o["lrpid"]], [int(parts[2]), int(parts[3])], "ipcs -p")
    # ipcs -c: creator and owner, user and group names
    for flag, kind in (("-q", "msg"), ("-s", "sem"), ("-m", "shm")):
        for line in ipcs(flag, "-c").splitlines():
            parts = line.split()
            if len(parts) == 6 and parts[0].isdigit():
                o = by_id[kind][int(parts[0])]
                util.eq([o["cuser"], o["cgroup"], o["owner"], o["group"]], parts[2:],
                        "ipcs %s -c" % flag)
    # the table lists the same ids in ipcs -a's order of sections, then
    # the POSIX kinds
    out = util.run("--once").stdout
    sec = table_rows(out)
    util.eq(list(sec), ["Message Queues", "Shared Memory Segments", "Semaphore Arrays",
                        "POSIX Message Queues", "POSIX Shared Memory",
                        "POSIX Named Semaphores"], "sections")
    for title, kind, ids in (("Message Queues", "msg", qs), ("Semaphore Arrays", "sem", sets),
                             ("Shared Memory Segments", "shm", segs)):
        header = sec[title][0]
        util.eq(header[:4], ["KEY", "ID", "OWNER", "PERMS"], title + " header")
        listed = sorted(int(r[1]) for r in sec[title][1:])
        util.eq(listed, sorted(by_id[kind]), title + " ids")


def test_formats():
    qid = ipc.msgget(mode=0o600)
    ipc.msgsnd(qid, b"a" * 1500)
    mid = ipc.shmget(3 * 1024 * 1024)
    sid = ipc.semget(2)
    # raw: one line per object, cells without blanks
    out = util.run("--once", "-r", "-q", "--time-format", "relative").stdout.splitlines()
    util.eq(out[0], "------ Message Queues --------", "raw title")
    header = out[1].split(" ")
    row = [l.split(" ") for l in out[2:] if l.split(" ")[1] == str(qid)][0]
    util.eq(len(row), len(header), "raw cells")
    util.eq(row[header.index("USEDBYTES")], "1.5K", "human size")
    util.eq(row[header.index("CTIME")][-7:], "\\x20ago", "raw escapes the blank")
    # --bytes
    out = util.run("--once", "-r", "-n", "-b", "-m", "-o", "ID,SIZE").stdout.split()
    util.eq(out[out.index(str(mid)) + 1], str(3 * 1024 * 1024), "--bytes")
    out = util.run("--once", "-r", "-n", "-m", "-o", "ID,SIZE").stdout.split()
    util.eq(out[out.index(str(mid)) + 1], "3M", "human size")
    # noheadings: no titles, no header line
    out = util.run("--once", "-n").stdout
    if "------" in out or "KEY" in out:
        raise AssertionError("headings with -n:\n" + out)
    util.eq(len([l for l in out.splitlines() if l.strip()]), 3, "-n rows")
    # export: KEY="value" pairs a shell can read
    out = util.run("--once", "-e").stdout.splitlines()
    util.eq(len(out), 3, "export lines")
    for line in out:
        pairs = dict(p.split("=", 1) for p in shlex.split(line))
        want = {"msg": qid, "sem": sid, "shm": mid}[pairs["TYPE"]]
        util.eq(pairs["ID"], str(want), "export ID")
        util.eq(pairs["PERMS"], "0600", "export PERMS")
    # -o: only those columns, in that order
    out = util.run("--once", "-q", "-o", "ID,MSGS,KEY").stdout.splitlines()
    util.eq(out[1].split(), ["ID", "MSGS", "KEY"], "-o header")
    util.eq(out[2].split()[:2], [str(qid), "1"], "-o row")
    # --time-format
    doc = json_doc("-q")
    ct = util.find(doc["msg"], qid)["ctime"]
    cell = lambda fmt: [l.split() for l in util.run(
        "--once", "-q", "-n", "-o", "ID,CTIME", "--time-format", fmt).stdout.splitlines()
        if l.split()[0] == str(qid)][0][1:]
    util.eq(cell("unix"), [str(ct)], "unix time")
    util.eq(cell("iso"), [time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(ct))], "iso time")
    rel = cell("relative")
    if rel[1:] != ["ago"] or not rel[0].endswith("s"):
        raise AssertionError("relative time %r" % rel)
    # JSON: only the kinds asked for; times are Unix seconds
    doc = json_doc("-q", "-m")
    util.eq(sorted(doc), ["msg", "namespaces", "shm"], "JSON keys")
    util.eq(util.find(doc["shm"], mid)["atime"], 0, "never attached")


def test_sort_and_user():
    ids = [ipc.msgget() for _ in range(4)]
    for n, qid in enumerate(ids):
        for _ in range((n * 3) % 4):
            ipc.msgsnd(qid, b"m")
    order = lambda *a: [int(l.split()[0]) for l in util.run(
        "--once", "-q", "-n", "-o", "ID,MSGS", *a).stdout.splitlines()]
    doc = json_doc("-q")
    by_msgs = sorted(doc["msg"], key=lambda o: (o["qnum"], o["id"]))
    util.eq(order("--sort", "MSGS"), [o["id"] for o in by_msgs], "--sort MSGS")
    util.eq(order("--sort", "msgs", "--reverse"),
            [o["id"] for o in sorted(doc["msg"], key=lambda o: (-o["qnum"], -o["id"]))],
            "--sort MSGS --reverse")
    util.eq(order("--sort", "ID"), sorted(o["id"] for o in doc["msg"]), "--sort ID")
    # the sort key applies where the column exists; others keep their order
    util.run("--once", "--sort", "NSEMS")
    me = os.geteuid()
    util.eq(sorted(o["id"] for o in json_doc("-q", "-u", str(me))["msg"]),
            sorted(o["id"] for o in doc["msg"]), "-u me")
    other = 65534 if me != 65534 else 0
    util.eq(json_doc("-q", "-u", str(other))["msg"], [], "-u someone else")
    if me == 0:
        util.eq(len(json_doc("-q", "-u", "root")["msg"]), len(doc["msg"]), "-u root")


def test_limits():
    ipc.msgget()
    ipc.msgget()
    ipc.semget(3)
    ipc.shmget(8192)
    doc = json_doc("-l")
    util.eq(sorted(doc), ["limits", "namespaces"], "-l alone: only limits")
    l = doc["limits"]
    k = lambda name: int(open("/proc/sys/kernel/" + name).read().split()[0])
    sem = [int(x) for x in open("/proc/sys/kernel/sem").read().split()]
    for name in ("msgmni", "msgmax", "msgmnb", "shmmni", "shmmax", "shmall"):
        util.eq(l[name], k(name), name)
    util.eq([l["semmsl"], l["semmns"], l["semopm"], l["semmni"]], sem, "sem")
    util.eq(l["pagesize"], os.sysconf("SC_PAGESIZE"), "pagesize")
    util.eq([l["msg_queues"], l["sem_sets"], l["sem_sems"], l["shm_segs"]],
            [2, 1, 3, 1] if os.environ.get("IPCTOP_E2E_NS") == "1"
            else [l["msg_queues"], l["sem_sets"], l["sem_sems"], l["shm_segs"]], "use")
    # ipcs -l says the same
    text = ipcs("-l")
    want = {
        "max queues system wide": l["msgmni"],
        "max size of message (bytes)": l["msgmax"],
        "default max size of queue (bytes)": l["msgmnb"],
        "max number of segments": l["shmmni"],
        "max seg size (kbytes)": l["shmmax"] // 1024,
        "max number of arrays": l["semmni"],
        "max semaphores per array": l["semmsl"],
        "max semaphores system wide": l["semmns"],
        "max ops per semop call": l["semopm"],
    }
    for line in text.splitlines():
        if "=" in line:
            name, val = [x.strip() for x in line.split("=", 1)]
            if name in want:
                util.eq(int(val), want.pop(name), "ipcs -l " + name)
    util.eq(want, {}, "ipcs -l lines not found")
    # ipcs -u: use
    text = ipcs("-u")
    use = {}
    for line in text.splitlines():
        if "=" in line:
            name, val = [x.strip() for x in line.rsplit("=", 1)]
            use[name] = val
    util.eq(l["msg_queues"], int(use["allocated queues"]), "ipcs -u queues")
    util.eq(l["sem_sets"], int(use["used arrays"]), "ipcs -u arrays")
    util.eq(l["sem_sems"], int(use["allocated semaphores"]), "ipcs -u semaphores")
    m = re.search(r"segments allocated\s+(\d+)", text)
    util.eq(l["shm_segs"], int(m.group(1)), "ipcs -u segments")
    m = re.search(r"pages allocated\s+(\d+)", text)
    util.eq(l["shm_pages"], int(m.group(1)), "ipcs -u pages")
    # the table: exact limits with -b, unsigned shmmax as the kernel says
    out = util.run("--once", "-l", "-b", "-r", "-n").stdout.splitlines()
    rows = {r.split(" ")[0]: r.split(" ") for r in out}
    util.eq(rows["SHMMAX"][2], open("/proc/sys/kernel/shmmax").read().strip(), "SHMMAX")
    util.eq(rows["MSGMNB"][2], str(l["msgmnb"]), "MSGMNB")
    util.eq(rows["MSGMNI"][3], str(l["msg_queues"]), "MSGMNI used")
    # -l with a kind: limits and that kind's list
    doc = json_doc("-l", "-q")
    util.eq(sorted(doc), ["limits", "msg", "namespaces"], "-l -q")


def strip_volatile(o):
    o = dict(o)
    # /proc has rss and swap, the ctl calls do not
    o.pop("rss", None)
    o.pop("swap", None)
    # who waits or attaches is the process collector's to say (and needs
    # the processes' /proc files): not what these comparisons are about
    o.pop("waiters", None)
    o.pop("attached", None)
    o.pop("command", None)
    return o


def without_sysvipc(*args):
    """ipctop --once ARGS on the live /proc with its sysvipc directory
    hidden (a tmpfs over it, in a private mount namespace): the
    *_STAT_ANY fallback. None where that needs root we do not have."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return None
    script = 'mount -t tmpfs none /proc/sysvipc && exec "$@"'
    r = subprocess.run(["unshare", "--mount", "sh", "-c", script, "sh", util.IPCTOP,
                        "--once"] + list(args), capture_output=True, text=True, timeout=60)
    if r.returncode != 0 or r.stderr:
        raise AssertionError("without sysvipc %r: exit %d, stderr %r"
                             % (args, r.returncode, r.stderr))
    return r.stdout


def test_every_source_gives_same_objects():
    qid = ipc.msgget(mode=0o644)
    ipc.msgsnd(qid, b"fallback")
    sid = ipc.semget(3)
    ipc.setval(sid, 2, 9)
    mid = ipc.shmget(16384)
    a = json_doc()
    util.eq(util.find(a["shm"], mid)["rss"], 0, "rss from /proc/sysvipc/shm")
    util.eq(util.find(a["msg"], qid)["qbytes"] > 0, True, "max bytes from the live kernel")
    # the live run lists queues and sets by ctl calls: the kernel's own
    # /proc/sysvipc text, parsed from a copy, must give the same objects
    # (a copy is not the live kernel: no max bytes, no semaphore values)
    copy = tmpdir()
    os.mkdir(os.path.join(copy, "sysvipc"))
    for kind in ("msg", "sem", "shm"):
        shutil.copy("/proc/sysvipc/" + kind, os.path.join(copy, "sysvipc", kind))
    p = json_doc("--procfs", copy)

    def listed(o):
        o = strip_volatile(o)
        o.pop("qbytes", None)
        o.pop("ns", None)    # a tree is no namespace: null there
        return o
    util.eq({o["ns"] for kind in ("msg", "sem", "shm") for o in p[kind]}, {None},
            "a tree's objects have no namespace")
    util.eq("namespaces" in p, False, "a tree lists no namespaces")
    for kind in ("msg", "sem", "shm"):
        util.eq([listed(o) for o in p[kind]], [listed(o) for o in a[kind]],
                kind + ": /proc/sysvipc text vs the live kernel")
    # segments by ctl calls when no column needs their rss
    cols = ["-m", "--time-format", "unix", "-o", "KEY,ID,OWNER,PERMS,SIZE,NATTCH,CTIME"]
    util.eq(util.run("--once", *cols).stdout,
            util.run("--once", "--procfs", copy, *cols).stdout, "segments by ctl calls")
    # a /proc without sysvipc: everything by ctl calls, the same objects
    b = without_sysvipc("-J")
    if b is None:
        raise util.Skip("hiding /proc/sysvipc needs root and unshare")
    b = json.loads(b)
    for kind in ("msg", "sem", "shm"):
        util.eq([strip_volatile(o) for o in b[kind]], [strip_volatile(o) for o in a[kind]],
                kind + ": fallback vs /proc")
    util.eq(util.find(b["shm"], mid)["rss"], None, "rss unknown by syscalls")
    # the per-semaphore detail too
    d = json.loads(without_sysvipc("-J", "-s", "-i", str(sid)))
    util.eq([x["value"] for x in d["sem"][0]["sems"]], [0, 0, 9], "fallback -i values")
    # and the table
    t1 = util.run("--once", "--time-format", "unix", "-o", "KEY,ID,OWNER,PERMS").stdout
    t2 = without_sysvipc("--time-format", "unix", "-o", "KEY,ID,OWNER,PERMS")
    util.eq(t2, t1, "table: fallback vs /proc")


def test_missing_tree_is_an_error_not_the_live_kernel():
    ipc.msgget()
    for tree in (os.path.join(tmpdir(), "nonexistent"), tmpdir()):
        r = util.run("--once", "-J", "--procfs", tree, check=False)
        util.eq(r.returncode, 1, "exit for %s" % tree)
        util.eq(json.loads(r.stdout), {"msg": None, "sem": None, "shm": None},
                "lists of a tree without sysvipc")
        if "%s/sysvipc/msg" % tree not in r.stderr:
            raise AssertionError("stderr does not name the file: %r" % r.stderr)
        r = util.run("--once", "--procfs", tree, check=False)
        util.eq(r.stdout, "", "no empty tables for lists that could not be read")


def test_removal_races():
    keep = ipc.msgget()
    p = child(CHURN_CHILD)
    try:
        for i in range(12):
            # every third run lists segments by ctl calls too
            extra = ["-o", "ID,KEY,MAXBYTES,PERMS,CTIME"] if i % 3 == 2 else []
            r = util.run("--once", "-J", *extra)
            if r.stderr:
                raise AssertionError("stderr during churn: %r" % r.stderr)
            doc = json.loads(r.stdout)
            for kind in ("msg", "sem", "shm"):
                for o in doc[kind]:
                    if not (isinstance(o["id"], int) and o["id"] >= 0
                            and isinstance(o["key"], int) and len(o["perms"]) == 4
                            and isinstance(o["ctime"], int) and o["ctime"] > 0):
                        raise AssertionError("garbage row %r" % o)
                    if kind == "msg" and o["qbytes"] is not None and o["qbytes"] <= 0:
                        raise AssertionError("garbage qbytes %r" % o)
            util.find(doc["msg"], keep)
            # the table: every row as many cells as the header
            r = util.run("--once", "-r", "--time-format", "unix",
                         *(["-o", "KEY,ID,OWNER,PERMS,NATTCH"] if extra else []))
            for title, rows in table_rows(r.stdout).items():
                for row in rows[1:]:
                    if len(row) != len(rows[0]):
                        raise AssertionError("%s: row %r vs header %r" % (title, row, rows[0]))
            if r.stderr:
                raise AssertionError("stderr during churn: %r" % r.stderr)
    finally:
        p.terminate()
        p.wait(timeout=10)


def test_usage_errors():
    cases = [
        ["--once", "--no-such-option"],
        ["--once", "-Z"],
        ["--once", "-i"],
        ["--once", "-i", "abc", "-q"],
        ["--once", "-i", "3"],
        ["--once", "-q", "-s", "-i", "3"],
        ["--once", "-o", "KEY,NOPE"],
        ["--once", "--sort", "NOPE"],
        ["--once", "--time-format", "fortnightly"],
        ["--once", "-u", "no-such-user-xyz"],
        ["--once", "surplus"],
    ]
    for args in cases:
        r = util.run(*args, check=False)
        util.eq(r.returncode, 2, "exit of %r" % args)
        lines = r.stderr.splitlines()
        util.eq(len(lines), 1, "stderr lines of %r: %r" % (args, r.stderr))
        if not lines[0].startswith("ipctop: "):
            raise AssertionError("message %r" % lines[0])
        util.eq(r.stdout, "", "stdout of %r" % args)
    # no such object: not a usage error, but nothing to show
    r = util.run("--once", "-q", "-i", "2147483647", check=False)
    util.eq(r.returncode, 1, "-i of a missing id")
    util.eq(len(r.stderr.splitlines()), 1, "one line")


def test_unreadable_state_exits_1():
    d = tmpdir()
    os.makedirs(os.path.join(d, "sysvipc", "msg"))    # a directory, not a file
    for name in ("sem", "shm"):
        shutil.copy("/proc/sysvipc/" + name, os.path.join(d, "sysvipc", name))
    r = util.run("--once", "--procfs", d, check=False)
    util.eq(r.returncode, 1, "exit with sysvipc/msg a directory")
    util.eq(len(r.stderr.splitlines()), 1, "stderr: %r" % r.stderr)
    if "msg" not in r.stderr:
        raise AssertionError("message does not say which list: %r" % r.stderr)
    # not a sysvipc file at all
    d = tmpdir()
    os.makedirs(os.path.join(d, "sysvipc"))
    for name in ("msg", "sem", "shm"):
        with open(os.path.join(d, "sysvipc", name), "w") as f:
            f.write("this is not\na sysvipc table\n")
    r = util.run("--once", "-J", "--procfs", d, check=False)
    util.eq(r.returncode, 1, "exit with junk files")
    # a malformed line is skipped and reported; the rest is shown
    d = tmpdir()
    os.makedirs(os.path.join(d, "sysvipc"))
    for name in ("msg", "sem", "shm"):
        shutil.copy("/proc/sysvipc/" + name, os.path.join(d, "sysvipc", name))
    with open(os.path.join(d, "sysvipc", "msg"), "a") as f:
        f.write("1 2 3 garbage\n")
    r = util.run("--once", "-q", "--procfs", d, check=False)
    util.eq(r.returncode, 0, "exit with one bad line")
    if "1 malformed line skipped" not in r.stderr:
        raise AssertionError("stderr %r" % r.stderr)


def nobody_can_run():
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        return False
    r = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                        util.ipctop_for_others(), "--version"], capture_output=True)
    return r.returncode == 0


def as_nobody(*args):
    r = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                        util.ipctop_for_others()] + list(args), capture_output=True, text=True,
                       env=dict(os.environ, ASAN_OPTIONS="detect_leaks=0"))
    return r


def test_unprivileged_sees_but_cannot_read():
    if not nobody_can_run():
        raise util.Skip("needs root, setpriv and a binary user 65534 can run")
    qid = ipc.msgget(mode=0o600)
    ipc.msgsnd(qid, b"secret")
    sid = ipc.semget(2, mode=0o600)
    ipc.setval(sid, 0, 5)
    mid = ipc.shmget(4096, mode=0o600)
    r = as_nobody("--once", "-J")
    util.eq(r.returncode, 0, "exit as nobody: %s" % r.stderr)
    doc = json.loads(r.stdout)
    root = json_doc()
    # listed from /proc whatever the permissions, same fields
    for kind, oid in (("msg", qid), ("sem", sid), ("shm", mid)):
        mine = util.find(doc[kind], oid)
        util.eq(strip_volatile(mine), strip_volatile(util.find(root[kind], oid)),
                kind + " as nobody vs root")
    # semaphore values need read permission: unknown, never made up
    r = as_nobody("--once", "-J", "-s", "-i", str(sid))
    util.eq(r.returncode, 0, "exit of -i as nobody: %s" % r.stderr)
    sems = json.loads(r.stdout)["sem"][0]["sems"]
    util.eq(len(sems), 2, "one entry per semaphore")
    for s in sems:
        for f in ("value", "ncnt", "zcnt", "pid"):
            util.eq(s[f], None, "%s of semaphore %d as nobody" % (f, s["num"]))
    r = as_nobody("--once", "-s", "-i", str(sid))
    if "?" not in r.stdout.split() or "Permission denied" not in r.stdout:
        raise AssertionError("table as nobody:\n" + r.stdout)
    # root reads them
    util.eq(json_doc("-s", "-i", str(sid))["sem"][0]["sems"][0]["value"], 5, "as root")


def opened(*args):
    """What ipctop --once ARGS opens, by strace's openat lines."""
    if not shutil.which("strace"):
        raise util.Skip("strace not installed")
    r = subprocess.run(["strace", "-f", "-e", "trace=openat", util.IPCTOP, "--once"] +
                       list(args), capture_output=True, text=True,
                       env=dict(os.environ, ASAN_OPTIONS="detect_leaks=0"))
    util.eq(r.returncode, 0, "exit under strace")
    return r


def test_lists_by_ctl_calls_on_the_live_kernel():
    ipc.msgget()
    ipc.semget(1)
    ipc.shmget(4096)
    trace = opened().stderr
    for kind, read in (("msg", False), ("sem", False), ("shm", True)):
        util.eq('"/proc/sysvipc/%s"' % kind in trace, read, "/proc/sysvipc/%s opened" % kind)
    # without RSS or SWAP shown, segments come by ctl calls too
    trace = opened("-m", "-o", "KEY,ID,SIZE").stderr
    util.eq('"/proc/sysvipc/shm"' in trace, False, "/proc/sysvipc/shm opened for -o KEY,ID,SIZE")


def test_names_resolved_once_per_id():
    for _ in range(30):
        ipc.msgget()
    r = opened("-o", "KEY,OWNER,CUSER,GROUP")
    passwd = r.stderr.count('"/etc/passwd"')
    group = r.stderr.count('"/etc/group"')
    # one uid and one gid among 30 objects: one lookup each
    if passwd > 1 or group > 1:
        raise AssertionError("/etc/passwd opened %d times, /etc/group %d times"
                             % (passwd, group))


def test_install_with_destdir():
    if not shutil.which("make"):
        raise util.Skip("make not installed")
    dest = tmpdir()
    r = subprocess.run(["make", "-C", REPO, "--no-print-directory", "install",
                        "DESTDIR=" + dest, "PREFIX=/usr", "REL=" + REL_E2E],
                       capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        raise AssertionError("make install failed:\n" + r.stdout + r.stderr)
    binary = os.path.join(dest, "usr/bin/ipctop")
    man = os.path.join(dest, "usr/share/man/man1/ipctop.1")
    for path, mode in ((binary, 0o755), (man, 0o644)):
        st = os.stat(path)
        util.eq(st.st_mode & 0o777, mode, path + " mode")
    if subprocess.run([binary, "--version"], capture_output=True).returncode != 0:
        raise AssertionError("installed binary does not run")
    text = open(man).read()
    for section in (".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH EXIT STATUS",
                    ".SH FILES", ".SH EXAMPLES", r"\-\-once", r"\-\-json",
                    r"\-\-limits", ".SH JSON", ".SH COLUMNS"):
        if section not in text:
            raise AssertionError("man page lacks %r" % section)
    if shutil.which("man"):
        r = subprocess.run(["man", "--warnings", "-l", man], capture_output=True, text=True,
                           env=dict(os.environ, MANPAGER="cat", MANWIDTH="80"))
        util.eq(r.returncode, 0, "man -l")
        if r.stderr.strip():
            raise AssertionError("man warnings:\n" + r.stderr)
    r = subprocess.run(["make", "-C", REPO, "--no-print-directory", "uninstall",
                        "DESTDIR=" + dest, "PREFIX=/usr"], capture_output=True, text=True)
    util.eq(r.returncode, 0, "make uninstall")
    if os.path.exists(binary) or os.path.exists(man):
        raise AssertionError("uninstall left files")


def release_binary():
    r = subprocess.run(["make", "-C", REPO, "--no-print-directory",
                        "REL=" + REL_E2E, REL_E2E + "/ipctop"],
                       capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        raise AssertionError("release build failed:\n" + r.stdout + r.stderr)
    return os.path.join(REPO, REL_E2E, "ipctop")


def test_valgrind_no_leaks():
    if not shutil.which("valgrind") or not shutil.which("make"):
        raise util.Skip("valgrind or make not installed")
    binary = release_binary()
    for i in range(100):
        qid = ipc.msgget()
        if i % 3 == 0:
            ipc.msgsnd(qid, b"v" * i)
        ipc.semget(1 + i % 4)
        ipc.shmget(4096 * (1 + i % 3))
    sid = ipc.semget(3)
    for args in (["--once"], ["--once", "-J"], ["--once", "-l", "-r"],
                 ["--once", "-e", "-o", "KEY,ID,MAXBYTES"],
                 ["--once", "-s", "-i", str(sid)],
                 ["--once", "-m", "-o", "KEY,ID,SIZE"]):
        r = subprocess.run(["valgrind", "--leak-check=full", "--error-exitcode=3",
                            "--errors-for-leak-kinds=definite,indirect,possible",
                            binary] + args, capture_output=True, text=True, timeout=300)
        if r.returncode != 0 or "ERROR SUMMARY: 0 errors" not in r.stderr:
            raise AssertionError("valgrind %s: exit %d\n%s" % (" ".join(args), r.returncode,
                                                              r.stderr[-3000:]))
