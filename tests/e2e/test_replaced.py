"""Objects removed and recreated behind ipctop's back under the same id
(forced through /proc/sys/kernel/*_next_id, which belong to the test's
private IPC namespace): removal must refuse the replacement whichever way
the object was chosen, a tag must not move to it, and the semaphore
detail must neither write past its buffer nor show the new set's values
as the old set's.

The kernel keeps ctime in whole seconds, so every replacement here is
made once the wall-clock second is past the original's ctime."""
import os
import subprocess
import sys
import time

import ipc
import util
from tmuxscreen import Screen, row_of

HERE = os.path.dirname(os.path.abspath(__file__))
CLOCK_REALTIME_COARSE = 5     # <linux/time.h>; not in the time module
ID_COLUMN = {"msg": "msqid", "sem": "semid", "shm": "shmid"}


def private_namespace():
    if os.environ.get("IPCTOP_E2E_NS") != "1":
        raise util.Skip("needs root in a private IPC namespace (*_next_id)")


def write_sysctl(name, value):
    with open("/proc/sys/kernel/" + name, "w") as f:
        f.write(str(value))


def read_sysctl(name):
    with open("/proc/sys/kernel/" + name) as f:
        return f.read().split()


def sysvipc_field(kind, oid, column):
    with open("/proc/sysvipc/" + kind) as f:
        names = next(f).split()
        for line in f:
            v = line.split()
            if int(v[names.index(ID_COLUMN[kind])]) == oid:
                return int(v[names.index(column)])
    raise AssertionError("%s id %d not in /proc/sysvipc" % (kind, oid))


def consume_next_id(kind):
    """Put kind's next_id back to -1 (automatic ids). The file takes only
    0 and up; the kernel itself goes back to -1 once it has used the
    value, so an unused one is spent on a throwaway object."""
    if int(read_sysctl(kind + "_next_id")[0]) < 0:
        return
    if kind == "msg":
        oid = ipc.msgget(key=ipc.IPC_PRIVATE)
    elif kind == "sem":
        oid = ipc.semget(1, key=ipc.IPC_PRIVATE)
    else:
        oid = ipc.shmget(4096, key=ipc.IPC_PRIVATE)
    ipc.rmid(kind, oid)
    ipc.forget(kind, oid)


def replace(kind, oid, make):
    """Remove object oid and have make() create another that gets the same
    id, in a later second than the original's ctime."""
    ctime = sysvipc_field(kind, oid, "ctime")
    util.eq(ipc.rmid(kind, oid), True, "original removed")
    ipc.forget(kind, oid)
    # ctime comes from the kernel's tick-granular clock, which can trail
    # CLOCK_REALTIME by a tick across a second boundary
    util.wait_for(lambda: int(time.clock_gettime(CLOCK_REALTIME_COARSE)) > ctime,
                  timeout=3, what="a wall-clock second after the original's ctime")
    util.on_cleanup(lambda: consume_next_id(kind))
    write_sysctl(kind + "_next_id", oid)
    new = make()
    util.eq(new, oid, "replacement's id")
    util.eq(sysvipc_field(kind, new, "ctime") > ctime, True, "replacement's ctime is later")
    return new


def segment_from_child(key):
    """A segment created by another process (so another creator pid); it
    outlives the child and is recorded for cleanup here."""
    code = ("import sys; sys.path.insert(0, %r); import ipc; "
            "print(ipc.shmget(4096, key=%d))" % (HERE, key))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=30).stdout
    mid = int(out)
    ipc._created.append(("shm", mid))
    return mid


def set_with_marker(nsems, marker):
    sid = ipc.semget(nsems, key=0)
    ipc.setval(sid, 0, marker)
    return sid


def row_of_id(text, oid):
    """The table row whose ID cell (second column) is oid, or None."""
    for line in text.split("\n"):
        cells = line.lstrip("*~+- ").split()
        if len(cells) > 1 and cells[1] == str(oid):
            return line
    return None


def shows_value(text, num, value):
    """Does the detail list semaphore num with this value?"""
    for line in text.split("\n"):
        if line.replace("\u2502", " ").split()[0:2] == [str(num), str(value)]:
            return True
    return False


def quit_clean(s):
    s.keys("q")
    s.check_clean_exit()


def skipped_line(s):
    text = s.wait("skipped")
    return row_of(text, "skipped")


def test_dialog_refuses_a_queue_replaced_while_open():
    private_namespace()
    qid = ipc.msgget(key=ipc.IPC_PRIVATE)
    with Screen() as s:
        s.wait(lambda t: row_of_id(t, qid))
        s.keys("F9")
        s.wait("Remove 1 object?")
        replace("msg", qid, lambda: ipc.msgget(key=ipc.IPC_PRIVATE))
        s.keys("y")
        line = skipped_line(s)
        util.eq("changed" in line and "change time" in line, True,
                "the message says what changed: " + line)
        util.eq(ipc.exists("msg", qid), True, "the replacement survives")
        quit_clean(s)


def test_tag_refuses_a_queue_replaced_before_f9():
    private_namespace()
    qid = ipc.msgget(key=ipc.IPC_PRIVATE)
    # no refresh between the replacement and F9: the tag is still there
    with Screen("-d", "60") as s:
        s.wait(lambda t: row_of_id(t, qid))
        s.keys("Space")
        s.wait(lambda t: (row_of_id(t, qid) or "").startswith("*"))
        replace("msg", qid, lambda: ipc.msgget(key=ipc.IPC_PRIVATE))
        s.keys("F9")
        s.wait("Remove 1 object?")
        s.keys("y")
        line = skipped_line(s)
        util.eq("changed" in line, True, "the message says it changed: " + line)
        util.eq(ipc.exists("msg", qid), True, "the replacement survives")
        quit_clean(s)


def test_tag_does_not_move_to_a_replacement():
    private_namespace()
    qid = ipc.msgget(key=ipc.IPC_PRIVATE)
    with Screen("-d", "60") as s:
        s.wait(lambda t: row_of_id(t, qid))
        s.keys("Space")
        s.wait(lambda t: (row_of_id(t, qid) or "").startswith("*"))
        replace("msg", qid, lambda: ipc.msgget(key=ipc.IPC_PRIVATE))
        proof = ipc.msgget(key=0x5a5a0001)
        s.keys("F5")
        text = s.wait(lambda t: row_of_id(t, proof))    # a refresh since
        row = row_of_id(text, qid) or ""
        util.eq(row.startswith("*"), False, "the replacement is not tagged:\n" + text)
        util.eq("tagged:" in text, False, "no tag left:\n" + text)
        util.eq("dropped" in (row_of(text, "tag") or ""), True,
                "the message line says the tag was dropped:\n" + text)
        quit_clean(s)


def test_detail_view_refuses_a_queue_replaced_while_open():
    private_namespace()
    qid = ipc.msgget(key=ipc.IPC_PRIVATE)
    with Screen("-d", "60") as s:
        s.wait(lambda t: row_of_id(t, qid))
        s.keys("Enter")
        s.wait("Message queue")
        replace("msg", qid, lambda: ipc.msgget(key=ipc.IPC_PRIVATE))
        s.keys("F9")
        s.wait("Remove 1 object?")
        s.keys("y")
        line = skipped_line(s)
        util.eq("changed" in line, True, "the message says it changed: " + line)
        util.eq(ipc.exists("msg", qid), True, "the replacement survives")
        quit_clean(s)


def test_detail_view_after_a_refresh_removes_nothing():
    private_namespace()
    qid = ipc.msgget(key=ipc.IPC_PRIVATE)
    with Screen() as s:
        s.wait(lambda t: row_of_id(t, qid))
        s.keys("Enter")
        s.wait("Message queue")
        replace("msg", qid, lambda: ipc.msgget(key=ipc.IPC_PRIVATE))
        s.keys("F5")
        s.wait("changed since this view opened")
        s.keys("F9")
        s.wait("nothing to remove")
        util.eq(ipc.exists("msg", qid), True, "the replacement survives")
        s.keys("Escape")
        s.wait("Message queue", gone=True)
        quit_clean(s)


def test_dialog_refuses_a_segment_from_another_creator():
    private_namespace()
    key = 0x5a5a0002
    gid = ipc.shmget(4096, key=key)
    with Screen("-m") as s:
        s.wait(lambda t: row_of_id(t, gid))
        s.keys("F9")
        s.wait("Remove 1 object?")
        replace("shm", gid, lambda: segment_from_child(key))
        util.eq(sysvipc_field("shm", gid, "cpid") != os.getpid(), True, "another creator")
        s.keys("y")
        line = skipped_line(s)
        util.eq("creator pid" in line, True, "the message names the creator pid: " + line)
        util.eq(ipc.exists("shm", gid), True, "the replacement survives")
        quit_clean(s)


def big_sets():
    """Semaphore counts for the replacements: 64, and 30000 where the
    namespace's SEMMSL can be raised to allow it (restored at cleanup)."""
    old = read_sysctl("sem")
    semmsl, semmns = int(old[0]), int(old[1])
    if semmsl < 30000 or semmns < 30100:
        util.on_cleanup(lambda: write_sysctl("sem", " ".join(old)))
        write_sysctl("sem", "%d %d %s %s" % (max(semmsl, 30000), max(semmns, 30100),
                                             old[2], old[3]))
    return (64, 30000) if int(read_sysctl("sem")[0]) >= 30000 else (64,)


@util.limit(180)
def test_set_detail_open_never_shows_a_replacement():
    private_namespace()
    sid = set_with_marker(1, 7)
    with Screen("-s", "-d", "60") as s:
        for nsems, marker in zip(big_sets(), (4242, 31313)):
            s.wait(lambda t: row_of_id(t, sid))
            s.keys("Enter")
            s.wait("SEMNUM")
            sid = replace("sem", sid, lambda: set_with_marker(nsems, marker))
            s.keys("F5")
            text = s.wait(lambda t: "changed since this view opened" in t or
                          shows_value(t, 0, marker))
            util.eq(shows_value(text, 0, marker), False,
                    "%d-semaphore replacement's value shown as the old set's:\n%s"
                    % (nsems, text))
            s.keys("Escape")
            s.wait("SEMNUM", gone=True)
        quit_clean(s)


@util.limit(180)
def test_set_detail_opened_from_a_stale_screen_reads_nothing():
    private_namespace()
    sid = set_with_marker(1, 7)
    with Screen("-s") as s:
        s.wait(lambda t: row_of_id(t, sid))
        s.keys("p")
        s.wait("[PAUSED]")
        # the screen still shows the 1-semaphore set; its id now names a
        # bigger one when Enter reads the values
        for nsems, marker in zip(big_sets(), (4242, 31313)):
            sid = replace("sem", sid, lambda: set_with_marker(nsems, marker))
            s.keys("Enter")
            # paused, nothing is read; or the set is seen to have changed
            text = s.wait(lambda t: "changed while it was read" in t or
                          "changed since this view opened" in t or
                          "not read while paused" in t or
                          shows_value(t, 0, marker))
            util.eq(shows_value(text, 0, marker), False,
                    "%d-semaphore replacement's value shown as the old set's:\n%s"
                    % (nsems, text))
            util.eq("Sanitizer" in s.stderr(), False, s.stderr())
            s.keys("Escape")
            s.wait("SEMNUM", gone=True)
        quit_clean(s)
