"""Processes ipctop may not read or see, as a user other than root: a
/proc mounted hidepid=2 (processes invisible), other users' pipes. Lists
that may be short say so ('?', JSON null, a hint), a hidden creator is
not called gone."""
import json
import os
import shutil
import subprocess
import sys

import ipc
import tmuxscreen
import util

NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]

# Runs as pid 1 of a new pid and mount namespace (the test's IPC
# namespace): mounts a hidepid=2 /proc, starts root's helpers, runs ipctop
# as nobody, --once and the live view's detail of a set. Its first line is
# the segment it made (for the cleanup), its second the results.
# Everything it started dies with it.
INNER = r"""
import ctypes, json, re, subprocess, sys, time
a = json.loads(sys.argv[1])
subprocess.run(["mount", "-t", "proc", "-o", "hidepid=2", "proc", "/proc"], check=True)
libc = ctypes.CDLL(None, use_errno=True)
GETNCNT, SETVAL = 14, 16

def say(**kw):
    print(json.dumps(kw), flush=True)

def start(*argv):
    return subprocess.Popen([a["ipcwait"]] + list(argv), stdout=subprocess.PIPE, text=True)

# this process (pid 1, root, alive) becomes the free set's last operator
assert libc.semctl(a["free"], 0, SETVAL, 0) == 0
owner = start("shmown")
mid = int(owner.stdout.readline())
say(mid=mid)
assert owner.stdout.readline().strip() == "ready"
recv = start("msgrcv", str(a["qid"]))
semw = start("semop", str(a["busy"]))
for p in (recv, semw):
    assert p.stdout.readline().strip() == "ready"

def blocked():
    with open("/proc/%d/wchan" % recv.pid) as f:
        return "msgrcv" in f.read() and libc.semctl(a["busy"], 0, GETNCNT) == 1

end = time.monotonic() + 10
while not blocked():
    if time.monotonic() > end:
        raise SystemExit("helpers did not block")
    time.sleep(0.02)
runs = {}
for name, args in (("json", ["-J", "-q", "-s", "-m"]),
                   ("msg", ["-q", "-o", "ID,WAITERS"]),
                   ("sem", ["-s", "-o", "ID,WAITERS"]),
                   ("semi", ["-s", "-i", str(a["free"])]),
                   ("shm", ["-m", "-o", "ID,CPID,ATTACHED"]),
                   ("pipes", ["--pipes"])):
    r = subprocess.run(a["nobody"] + [a["ipctop"], "--once"] + args,
                       capture_output=True, text=True, timeout=60)
    runs[name] = {"rc": r.returncode, "out": r.stdout, "err": r.stderr}
# the live view's detail of the free set, as nobody
sys.path.insert(0, a["e2e"])
import tmuxscreen, util
util._shared_copy.append(a["ipctop"])
row = re.compile(r"^\u2502\s+0\s+0\s+0\s+0\s+(\S+)", re.M)
with tmuxscreen.Screen("-s", user=65534) as scr:
    scr.wait(a["freekey"])
    scr.keys("/")
    scr.wait("Search:")
    scr.type(a["freekey"])
    scr.keys("Enter")
    scr.wait("Search:", gone=True)
    scr.keys("Enter")
    detail = row.search(scr.wait(lambda t: row.search(t))).group(1)
    scr.keys("Escape", "q")
    scr.check_clean_exit()
say(owner=owner.pid, runs=runs, detail=detail)
"""

HINT = "some processes could not be read: ATTACHED/WAITERS lists marked '?' may be incomplete"
PIPES_HINT = "other users' pipes could not be read"


def need_root(*tools):
    if os.geteuid() != 0 or not all(shutil.which(t) for t in ("setpriv",) + tools):
        raise util.Skip("needs root and %s" % ", ".join(("setpriv",) + tools))


def table_cells(out, oid):
    rows = [ln.split() for ln in out.splitlines() if ln.split()[:1] == [str(oid)]]
    util.eq(len(rows), 1, "rows for id %d in\n%s" % (oid, out))
    return rows[0][1:]


@util.limit(90)
def test_hidepid_lists_are_unknown_and_creator_not_gone():
    need_root("unshare", "mount")
    qid = ipc.msgget(mode=0o644)
    busy = ipc.semget(1, mode=0o644)      # a root task waits on it
    freekey = ipc.unique_key()
    free = ipc.semget(1, key=freekey, mode=0o644)     # nobody waits on it
    closed = ipc.semget(1, mode=0o600)    # nobody may read its counts
    args = {"ipcwait": util.helper("ipcwait"), "ipctop": util.ipctop_for_others(),
            "qid": qid, "busy": busy, "free": free, "freekey": "0x%08x" % freekey,
            "nobody": NOBODY, "e2e": os.path.dirname(os.path.abspath(__file__))}
    ns = util.spawn(["unshare", "--mount", "--pid", "--fork", "--kill-child",
                     sys.executable, "-c", INNER, json.dumps(args)],
                    stdout=subprocess.PIPE, text=True)
    first = ns.stdout.readline()
    if not first:
        raise AssertionError("the namespace's script failed before making its segment")
    mid = json.loads(first)["mid"]
    ipc._created.append(("shm", mid))
    line = ns.stdout.readline()
    # its pid 1 exited: every process of the namespace is gone with it
    util.eq(ns.wait(timeout=30), 0, "namespace script status")
    got = json.loads(line)
    runs, owner = got["runs"], got["owner"]
    for name, r in runs.items():
        util.eq(r["rc"], 0, "exit status of %s (stderr %r)" % (name, r["err"]))
    doc = json.loads(runs["json"]["out"])
    seg = util.find(doc["shm"], mid)
    util.eq(seg["nattch"], 1, "nattch")
    util.eq(seg["cpid"], owner, "cpid in JSON")
    # the attacher is invisible: unknown, not "nobody"
    util.eq(seg["attached"], None, "attached")
    util.eq(util.find(doc["msg"], qid)["waiters"], None, "queue waiters")
    # the kernel counts a waiter on busy (readable) and none on free;
    # closed's count is not ours to read
    util.eq(util.find(doc["sem"], busy)["waiters"], None, "waiters of the busy set")
    util.eq(util.find(doc["sem"], free)["waiters"], [], "waiters of the free set")
    util.eq(util.find(doc["sem"], closed)["waiters"], None, "waiters of the closed set")
    if HINT not in runs["json"]["err"]:
        raise AssertionError("no hint on stderr: %r" % runs["json"]["err"])
    util.eq(table_cells(runs["msg"]["out"], qid), ["?"], "queue row")
    util.eq(table_cells(runs["sem"]["out"], busy), ["?"], "busy set row")
    util.eq(table_cells(runs["sem"]["out"], free), ["-"], "free set row")
    # alive but hidden: the bare pid, not "(gone)"; the free set's last
    # operator is the namespace's pid 1, in -i and in the live view
    util.eq(table_cells(runs["shm"]["out"], mid), [str(owner), "?"], "segment row")
    util.eq(table_cells(runs["semi"]["out"], 0), ["0", "0", "0", "1"], "-i semaphore 0")
    util.eq(got["detail"], "1", "last operator in the live view's detail")
    if PIPES_HINT not in runs["pipes"]["err"]:
        raise AssertionError("no pipes hint on stderr: %r" % runs["pipes"]["err"])


def children_of(pid):
    with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
        return [int(x) for x in f.read().split()]


def kill_all(pids):
    for pid in pids:
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass


def test_pipes_of_other_users_are_said_to_be_missing():
    need_root()
    sh = util.spawn(["sh", "-c", "sleep 60 | cat"], stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL)
    kids = util.wait_for(lambda: len(children_of(sh.pid)) == 2 and children_of(sh.pid),
                         what="root's pipeline")
    util.on_cleanup(lambda: kill_all(kids))
    r = subprocess.run(NOBODY + [util.ipctop_for_others(), "--once", "--pipes", "-J"],
                       capture_output=True, text=True, timeout=60)
    util.eq(r.returncode, 0, "exit status (stderr %r)" % r.stderr)
    pids = {p for x in json.loads(r.stdout)["pipes"] for p in x["writers"] + x["readers"]}
    util.eq(pids & set(kids), set(), "root's pipeline as nobody")
    if PIPES_HINT not in r.stderr:
        raise AssertionError("no hint on stderr: %r" % r.stderr)
    # root reads them all, and says nothing
    r = util.run("--once", "--pipes")
    util.eq(PIPES_HINT in r.stderr, False, "hint as root")


def test_live_view_says_lists_may_be_short():
    need_root()
    qid = ipc.msgget(mode=0o644)
    p = util.spawn([util.helper("ipcwait"), "msgrcv", str(qid)], stdout=subprocess.PIPE,
                   text=True)
    util.eq(p.stdout.readline().strip(), "ready", "receiver")
    util.wait_for(lambda: "msgrcv" in open("/proc/%d/wchan" % p.pid).read(),
                  what="receiver blocked")
    with tmuxscreen.Screen(user=65534) as s:
        s.wait("some processes could not be read")
        s.keys("q")
        s.check_clean_exit()


def test_live_view_says_pipes_may_be_short():
    need_root()
    with tmuxscreen.Screen("--pipes", user=65534) as s:
        text = s.wait(PIPES_HINT)
        # an empty tab says why rather than "no objects"
        if "no objects" in text:
            raise AssertionError("an empty pipes tab as nobody says 'no objects':\n" + text)
        s.keys("q")
        s.check_clean_exit()
