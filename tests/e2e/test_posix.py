"""POSIX message queues, shared memory objects and named semaphores
against the kernel. Each test runs in a private mount and pid namespace
of its own (inside the runner's private IPC namespace): a fresh tmpfs on
/dev/shm, no mqueue file system mounted anywhere (as on a fresh Debian
12), a /proc of that pid namespace, so every process ipctop looks at is
one the test started. Objects are made by the posixobj helper with known
sizes, messages, registrations, mappings and waiters; every field is
checked in every format against what was made and what the kernel
reports (a queue file's QSIZE line, stat). Removal from the live view
takes exactly the object chosen. As nobody: what cannot be read is
unknown, with a hint."""
import ctypes
import json
import os
import re
import select
import shutil
import signal
import stat
import subprocess
import tempfile
import time

import util
from tmuxscreen import Screen, row_of

libc = ctypes.CDLL(None, use_errno=True)
libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
                       ctypes.c_ulong, ctypes.c_char_p]
libc.umount2.argtypes = [ctypes.c_char_p, ctypes.c_int]

CLONE_NEWNS, CLONE_NEWPID = 0x00020000, 0x20000000
MS_NOSUID, MS_NODEV, MS_REC, MS_PRIVATE = 2, 4, 16384, 1 << 18
MNT_DETACH = 2
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
SHM_SIZE = 64 << 20


def _check(r, what):
    if r != 0:
        e = ctypes.get_errno()
        raise OSError(e, "%s: %s" % (what, os.strerror(e)))


def _read_ready(p, what):
    """The pid a helper prints once set up ("ready PID"), as its own pid
    namespace numbers it."""
    end = time.monotonic() + 15
    line = b""
    while not line.endswith(b"\n"):
        left = end - time.monotonic()
        if left <= 0 or not select.select([p.stdout], [], [], left)[0]:
            raise AssertionError("%s did not get ready" % what)
        c = os.read(p.stdout.fileno(), 1)
        if not c:
            raise AssertionError("%s exited: %s" % (what, p.wait()))
        line += c
    words = line.decode().split()
    util.eq(words[0], "ready", what)
    return int(words[1])


class Space:
    """The test's own mount and pid namespaces; left (and everything in
    them killed, every queue unlinked) on the way out."""

    def __enter__(self):
        self.old_mnt = os.open("/proc/self/ns/mnt", os.O_RDONLY)
        self.old_pid = os.open("/proc/self/ns/pid", os.O_RDONLY)
        self.mounts = []
        self.dirs = []
        self.init = None
        try:
            _check(libc.unshare(CLONE_NEWNS), "unshare mount")
            _check(libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None), "private /")
            _check(libc.mount(b"tmpfs", b"/dev/shm", b"tmpfs", MS_NOSUID | MS_NODEV,
                              b"size=%d,mode=1777" % SHM_SIZE), "tmpfs /dev/shm")
            # no mqueue mounted: ipctop as root must manage without one
            for mp in self._mqueue_mounts("/proc/self/mountinfo"):
                _check(libc.umount2(mp.encode(), MNT_DETACH), "umount " + mp)
            _check(libc.unshare(CLONE_NEWPID), "unshare pid")
            # the first child is the namespace's init: it mounts its /proc
            self.init = util.spawn([util.helper("posixobj"), "init"], stdout=subprocess.PIPE)
            util.eq(_read_ready(self.init, "init"), 1, "init's pid")
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc):
        if self.init is not None:
            # The namespace's processes die with its init, which waits
            # until every one of them is reaped, ours by us: reap them
            # before waiting for it.
            self.init.kill()
            for p in util._procs:
                if p is not self.init:
                    p.kill()
                    p.wait()
            self.init.wait()
        try:
            d = self.mqueue()
            for name in os.listdir(d):
                os.unlink(os.path.join(d, name))
        except OSError:
            pass
        for mp in reversed(self.mounts):
            libc.umount2(mp.encode(), MNT_DETACH)
        for d in self.dirs:
            shutil.rmtree(d, ignore_errors=True)
        try:
            libc.setns(self.old_pid, CLONE_NEWPID)
            _check(libc.setns(self.old_mnt, CLONE_NEWNS), "back to the mount namespace")
        finally:
            os.close(self.old_pid)
            os.close(self.old_mnt)

    @staticmethod
    def _mqueue_mounts(path):
        out = []
        with open(path) as f:
            for line in f:
                parts = line.split(" - ")
                if len(parts) == 2 and parts[1].split()[0] == "mqueue":
                    out.append(parts[0].split()[4].encode().decode("unicode_escape"))
        return out

    def mqueue_mounts(self):
        """Where an mqueue file system is mounted in this namespace."""
        return self._mqueue_mounts("/proc/1/mountinfo")

    def mqueue(self):
        """A directory of this IPC namespace's queues (mounted on first
        use: after that, ipctop can find it in mountinfo)."""
        if not self.dirs:
            d = tempfile.mkdtemp(prefix="ipctop-mq-")
            os.chmod(d, 0o755)
            self.dirs.append(d)
            _check(libc.mount(b"none", d.encode(), b"mqueue", 0, None), "mount mqueue")
            self.mounts.append(d)
        return self.dirs[0]

    def start(self, *actions, user=None):
        """A posixobj helper doing actions; returns its pid (ours, to kill)
        and its pid in the namespace (what ipctop shows)."""
        argv = [util.helper("posixobj")] + [str(a) for a in actions]
        if user is not None:
            argv = NOBODY + argv
        p = util.spawn(argv, stdout=subprocess.PIPE)
        return p, _read_ready(p, " ".join(argv[-len(actions) - 1:]))


def qfile(space, name):
    """A queue's file, as the kernel writes it for a reader in the pid
    namespace (NOTIFY_PID is a pid of the reader's): {"QSIZE": 18, ...}."""
    text = subprocess.run(["cat", os.path.join(space.mqueue(), name.lstrip("/"))],
                          capture_output=True, text=True, check=True).stdout
    return {k: int(v) for k, v in re.findall(r"(\w+):(\d+)", text)}


def qstat(space, name):
    return os.stat(os.path.join(space.mqueue(), name.lstrip("/")))


def by_name(rows):
    return {r["name"]: r for r in rows}


def run_nobody(*args, check=True):
    r = subprocess.run(NOBODY + [util.ipctop_for_others()] + list(args),
                       capture_output=True, text=True, timeout=60)
    if check and r.returncode != 0:
        raise AssertionError("ipctop %s as nobody exited %d:\n%s" % (args, r.returncode, r.stderr))
    return r


def wait_blocked(space, nspid, func):
    """Until task nspid sleeps in func (its wchan), through the namespace's
    /proc."""
    def blocked():
        try:
            with open("/proc/%d/wchan" % nspid) as f:
                return func in f.read()
        except OSError:
            return False
    util.wait_for(blocked, 10, "pid %d to block in %s" % (nspid, func))


def cells(out, first):
    """The table row whose first cell is first, split on blanks."""
    for line in out.splitlines():
        parts = line.split()
        if parts and parts[0] == first:
            return parts
    raise AssertionError("no row %r in:\n%s" % (first, out))


def test_queues_every_field_in_every_format():
    with Space() as sp:
        util.eq(sp.mqueue_mounts(), [], "no mqueue mount before ipctop runs")
        _, a = sp.start("mq", "/q1", 8, 128, "0640", "send", "/q1", "hello",
                        "send", "/q1", "world!", "send", "/q1", "1234567",
                        "mq", "/q2", 4, 64, "0600", "notify", "/q2", "signal", 10,
                        "mq", "/q3", 4, 64, "0600", "notify", "/q3", "thread",
                        "mq", "/q4", 4, 64, "0600", "notify", "/q4", "none",
                        "mq", "/q5", 2, 32, "0600",
                        "mq", "/q6", 1, 32, "0660", "send", "/q6", "full", "close", "/q6")
        _, recv = sp.start("wait-recv", "/q5")
        _, send = sp.start("wait-send", "/q6", "more")
        wait_blocked(sp, recv, "wq_sleep")
        wait_blocked(sp, send, "wq_sleep")
        # root lists the queues with nothing mounted (a private mount)
        doc = util.once_json("-Q")
        util.eq([k for k in doc if k != "namespaces"], ["posix_msg"], "-Q alone")
        util.eq(sp.mqueue_mounts(), [], "ipctop's own mount is seen by nobody")
        q = by_name(doc["posix_msg"])
        util.eq(sorted(q), ["/q1", "/q2", "/q3", "/q4", "/q5", "/q6"], "names")
        for name, o in q.items():
            f, st = qfile(sp, name), qstat(sp, name)
            util.eq((o["owner"], o["group"], o["uid"], o["gid"]),
                    ("root", "root", st.st_uid, st.st_gid), name + " owner")
            util.eq(o["perms"], "%04o" % stat.S_IMODE(st.st_mode), name + " perms")
            util.eq(o["mtime"], int(st.st_mtime), name + " mtime")
            util.eq(o["cbytes"], f["QSIZE"], name + " cbytes (QSIZE)")
            util.eq(o["notify_pid"], f["NOTIFY_PID"], name + " notify_pid")
            util.eq(o["signo"], f["SIGNO"], name + " signo")
            notify = {0: "signal", 1: "quiet", 2: "thread"}[f["NOTIFY"]]
            util.eq(o["notify"], notify if f["NOTIFY_PID"] else "none", name + " notify")
        util.eq({k: q["/q1"][k] for k in ("cbytes", "qnum", "maxmsg", "msgsize", "fill",
                                          "notify", "holders", "waiters")},
                {"cbytes": 18, "qnum": 3, "maxmsg": 8, "msgsize": 128, "fill": 37,
                 "notify": "none", "holders": [a], "waiters": []}, "/q1")
        util.eq((q["/q2"]["notify"], q["/q2"]["signo"], q["/q2"]["notify_pid"]),
                ("signal", 10, a), "/q2 notification")
        util.eq((q["/q3"]["notify"], q["/q3"]["notify_pid"]), ("thread", a), "/q3")
        util.eq((q["/q4"]["notify"], q["/q4"]["notify_pid"]), ("quiet", a), "/q4")
        util.eq((q["/q5"]["holders"], q["/q5"]["waiters"]),
                (sorted([a, recv]), [{"pid": recv, "op": "recv"}]), "/q5 receiver")
        util.eq((q["/q6"]["holders"], q["/q6"]["waiters"], q["/q6"]["fill"]),
                ([send], [{"pid": send, "op": "send"}], 100), "/q6 sender")
        # the table, with commands beside pids
        out = util.run("--once", "-Q", "-o", "NAME,USEDBYTES,MSGS,MAXMSG,MSGSIZE,FILL,NOTIFY,"
                       "SIGNO,NOTIFY_PID,HOLDERS,WAITERS", "-b").stdout
        util.eq(out.splitlines()[1].split(),
                ["NAME", "USEDBYTES", "MSGS", "MAXMSG", "MSGSIZE", "FILL", "NOTIFY", "SIGNO",
                 "NOTIFY_PID", "HOLDERS", "WAITERS"], "header")
        util.eq(cells(out, "/q1"), ["/q1", "18", "3", "8", "128", "37%", "none", "-", "0",
                                    "posixobj(%d)" % a, "-"], "/q1 row")
        util.eq(cells(out, "/q2")[6:9], ["signal", "USR1", "posixobj(%d)" % a], "/q2 row")
        util.eq(cells(out, "/q5")[9:], ["posixobj(%d),posixobj(%d)" % tuple(sorted([a, recv])),
                                        "posixobj(%d):recv" % recv], "/q5 row")
        # raw and export: bare numbers
        raw = util.run("--once", "-Q", "-r", "-n", "-o", "NAME,MSGS,MSGSIZE,HOLDERS", "-b").stdout
        util.eq("/q1 3 128 %d" % a in raw.splitlines(), True, "raw:\n" + raw)
        exp = util.run("--once", "-Q", "-e", "-o", "NAME,NOTIFY,WAITERS").stdout
        util.eq('TYPE="posix_msg" NAME="/q6" NOTIFY="none" WAITERS="%d:send"' % send
                in exp.splitlines(), True, "export:\n" + exp)
        # one queue in full by its name; a name not there
        one = util.run("--once", "-Q", "-i", "/q2").stdout
        util.eq(one.splitlines()[0], "POSIX Message Queue name=/q2", "-i heading")
        util.eq(cells(one, "MAXMSG"), ["MAXMSG", "4"], "-i row")
        doc = util.once_json("-Q", "-i", "/q2")
        util.eq([o["name"] for o in doc["posix_msg"]], ["/q2"], "-i JSON")
        bad = util.run("--once", "-Q", "-i", "/nope", check=False)
        util.eq((bad.returncode, "no object named /nope" in bad.stderr), (1, True), bad.stderr)
        # --sort, --reverse, -u
        srt = util.run("--once", "-Q", "-r", "-n", "-o", "NAME", "--sort", "MSGS",
                       "--reverse").stdout.split()
        util.eq(srt[0], "/q1", "most messages first")
        util.eq(util.run("--once", "-Q", "-n", "-u", "nobody").stdout.strip(), "", "-u nobody")


def test_shared_memory_every_field_and_deleted_mappings():
    with Space() as sp:
        _, a = sp.start("shm", "/pg.1", 1 << 20, "0600", "map", "/pg.1", 1 << 20, 65536,
                        "closeshm", "/pg.1",
                        "shm", "/pg.2", 4096, "0644",
                        "shm", "/gone", 8192, "0600", "map", "/gone", 8192, 4096,
                        "shmunlink", "/gone")
        # the name again, a new object: a mapping of the old one is not its
        _, b = sp.start("shm", "/gone", 12288, "0600")
        _, c = sp.start("map", "/pg.1", 4096, 0)
        doc = util.once_json("-M")
        h = by_name(doc["posix_shm"])
        util.eq(sorted(h), ["/gone", "/pg.1", "/pg.2"], "names")
        for name, o in h.items():
            st = os.stat("/dev/shm" + name)
            util.eq((o["size"], o["rss"], o["mtime"], o["ctime"], o["uid"], o["perms"]),
                    (st.st_size, st.st_blocks * 512, int(st.st_mtime), int(st.st_ctime),
                     st.st_uid, "%04o" % stat.S_IMODE(st.st_mode)), name + " vs stat")
        util.eq((h["/pg.1"]["size"], h["/pg.1"]["rss"]), (1 << 20, 65536), "/pg.1 written")
        util.eq(h["/pg.1"]["attached"], sorted([a, c]), "/pg.1 mapped (fd closed)")
        util.eq(h["/pg.2"]["attached"], [a], "/pg.2 held open, not mapped")
        util.eq(h["/gone"]["attached"], [b], "/gone: only the new object's holder")
        out = util.run("--once", "-M", "-o", "NAME,SIZE,RSS,PERMS,ATTACHED").stdout
        util.eq(cells(out, "/pg.1"), ["/pg.1", "1M", "64K", "0600",
                                      "posixobj(%d),posixobj(%d)" % tuple(sorted([a, c]))],
                "table row")
        raw = util.run("--once", "-M", "-r", "-n", "-b", "-o", "NAME,SIZE,ATTACHED").stdout
        util.eq("/pg.2 4096 %d" % a in raw.splitlines(), True, "raw:\n" + raw)
        exp = util.run("--once", "-M", "-e", "-b", "-o", "NAME,RSS").stdout
        util.eq('TYPE="posix_shm" NAME="/pg.1" RSS="65536"' in exp.splitlines(), True, exp)


def test_named_semaphores_value_waiters_and_odd_files():
    with Space() as sp:
        _, a = sp.start("sem", "/lock", 3, "0644", "sem", "/busy", 0, "0600")
        _, w = sp.start("wait-sem", "/busy")
        wait_blocked(sp, w, "futex")
        # a sem.* file glibc did not write: size and contents unknown
        with open("/dev/shm/sem.odd", "wb") as f:
            f.write(b"\x01" * 16)
        doc = util.once_json("-S")
        m = by_name(doc["posix_sem"])
        util.eq(sorted(m), ["/busy", "/lock", "/odd"], "names")
        util.eq({k: m["/lock"][k] for k in ("value", "nwaiters", "perms", "owner", "attached")},
                {"value": 3, "nwaiters": 0, "perms": "0644", "owner": "root", "attached": [a]},
                "/lock")
        util.eq((m["/busy"]["value"], m["/busy"]["nwaiters"], m["/busy"]["attached"]),
                (0, 1, sorted([a, w])), "/busy with a waiter")
        util.eq((m["/odd"]["value"], m["/odd"]["nwaiters"], m["/odd"]["attached"]),
                (None, None, []), "/odd: not a sem_t")
        for name, o in m.items():
            st = os.stat("/dev/shm/sem." + name[1:])
            util.eq((o["mtime"], o["ctime"], o["uid"]),
                    (int(st.st_mtime), int(st.st_ctime), st.st_uid), name + " vs stat")
        # semaphores are not shared memory objects, nor the reverse
        util.eq(util.once_json("-M")["posix_shm"], [], "no sem.* among shm objects")
        out = util.run("--once", "-S", "-o", "NAME,VALUE,NWAITERS,ATTACHED").stdout
        util.eq(cells(out, "/odd"), ["/odd", "?", "?", "-"], "unknown is ?")
        util.eq(cells(out, "/busy")[:3], ["/busy", "0", "1"], "table row")
        one = util.run("--once", "-S", "-i", "/lock").stdout
        util.eq(one.splitlines()[0], "POSIX Named Semaphore name=/lock", "-i")


def test_names_with_control_bytes_are_escaped_everywhere():
    name = "/a\x1b]0;pwned\x07b\\c"
    shown = "/a\\x1b]0;pwned\\x07b\\x5cc"
    with Space() as sp:
        sp.start("mq", name, 2, 16, "0600", "shm", name, 4096, "0600", "sem", name, 1, "0600")
        for opt, key in (("-Q", "posix_msg"), ("-M", "posix_shm"), ("-S", "posix_sem")):
            for fmt in ((), ("-r",), ("-e",), ("-J",)):
                out = util.run("--once", opt, *fmt).stdout
                util.eq(any(ord(ch) < 0x20 and ch != "\n" for ch in out), False,
                        "%s %s: a control byte reached the output:\n%r" % (opt, fmt, out))
                util.eq(shown in out or json.dumps(shown)[1:-1] in out, True,
                        "%s %s: %r shown as %r:\n%s" % (opt, fmt, name, shown, out))
            doc = util.once_json(opt)
            util.eq([o["name"] for o in doc[key]], [shown], key + " JSON name")
            # -i takes the name as shown
            one = util.run("--once", opt, "-i", shown).stdout
            util.eq(shown in one.splitlines()[0], True, "-i " + one)


def sections(doc):
    """A document's object sections: "namespaces" describes them."""
    return sorted(k for k in doc if k != "namespaces")


def test_once_shows_every_kind_and_options_narrow_it():
    with Space() as sp:
        sp.start("mq", "/only", 2, 16, "0600")
        doc = util.once_json()
        util.eq(sorted(doc), ["msg", "namespaces", "posix_msg", "posix_sem", "posix_shm", "sem",
                          "shm"],
                "every kind by default")
        util.eq([o["name"] for o in doc["posix_msg"]], ["/only"], "the queue")
        util.eq(sections(util.once_json("-q", "-Q")), ["msg", "posix_msg"], "-q -Q")
        titles = re.findall(r"^------ (.*) --------$", util.run("--once").stdout, re.M)
        util.eq(titles, ["Message Queues", "Shared Memory Segments", "Semaphore Arrays",
                         "POSIX Message Queues", "POSIX Shared Memory",
                         "POSIX Named Semaphores"], "sections")
        # a column only the POSIX kinds have: only their sections
        titles = re.findall(r"^------ (.*) --------$", util.run("--once", "-o", "NAME").stdout,
                            re.M)
        util.eq(titles, ["POSIX Message Queues", "POSIX Shared Memory",
                         "POSIX Named Semaphores"], "-o NAME")
        util.eq(sections(util.once_json("-o", "NAME")), ["posix_msg", "posix_sem", "posix_shm"],
                "-o NAME -J")
        two = util.run("--once", "-i", "/only", check=False)
        util.eq((two.returncode, "-i needs exactly one of" in two.stderr), (2, True), two.stderr)
        helptext = util.run("--help").stdout
        for opt in ("-Q, --posix-queues", "-M, --posix-shmems", "-S, --posix-semaphores"):
            util.eq(opt in helptext, True, opt + " in --help")
        for title, cols in (("POSIX message queue columns (-Q)",
                             ("NAME", "MAXMSG", "MSGSIZE", "FILL", "NOTIFY", "NOTIFY_PID",
                              "HOLDERS", "WAITERS")),
                            ("POSIX shared memory columns (-M)", ("SIZE", "RSS", "ATTACHED")),
                            ("POSIX named semaphore columns (-S)",
                             ("VALUE", "NWAITERS", "ATTACHED"))):
            part = helptext.split(title, 1)[1].split("\n\n", 1)[0]
            for c in cols:
                util.eq(bool(re.search(r"^ +%s  " % c, part, re.M)), True, c + " under " + title)


def test_limits_and_use():
    with Space() as sp:
        path = "/proc/sys/fs/mqueue/queues_max"
        with open(path) as f:
            was = f.read().strip()

        def put_back():
            with open(path, "w") as f:
                f.write(was)
        # per IPC namespace: the runner's, put back afterwards
        util.on_cleanup(put_back)
        with open(path, "w") as f:
            f.write("300")
        sp.start("mq", "/l1", 2, 16, "0600", "mq", "/l2", 2, 16, "0600",
                 "shm", "/big", 4 << 20, "0600", "map", "/big", 4 << 20, 2 << 20)
        lim = util.once_json("-l")["limits"]
        vfs = os.statvfs("/dev/shm")
        want = {"mq_queues_max": 300, "mq_queues": 2,
                "devshm_size": vfs.f_blocks * vfs.f_frsize,
                "devshm_used": (vfs.f_blocks - vfs.f_bfree) * vfs.f_frsize}
        for name in ("msg_max", "msgsize_max", "msg_default", "msgsize_default"):
            with open("/proc/sys/fs/mqueue/" + name) as f:
                want["mq_" + name] = int(f.read())
        util.eq({k: lim[k] for k in want}, want, "limits")
        util.eq((lim["devshm_size"], lim["devshm_used"] >= 2 << 20), (SHM_SIZE, True), "tmpfs")
        out = util.run("--once", "-l", "-Q", "-M").stdout
        util.eq(cells(out, "QUEUES_MAX")[-3:], ["300", "2", "0.67%"], "QUEUES_MAX row")
        util.eq(cells(out, "DEVSHM")[-3], "64M", "DEVSHM row:\n" + out)
        for row in ("MSG_MAX", "MSGSIZE_MAX", "MSG_DEFAULT", "MSGSIZE_DEFAULT"):
            cells(out, row)
        util.eq("MSGMNI" in out, False, "only the POSIX kinds' rows with -Q -M")


def test_non_root_sees_what_it_may():
    with Space() as sp:
        # another user's objects (root's), and nobody's own
        _, a = sp.start("mq", "/rootq", 4, 64, "0600", "send", "/rootq", "secret",
                        "mq", "/openq", 5, 32, "0622",
                        "shm", "/rootshm", 8192, "0600", "sem", "/rootsem", 2, "0600")
        _, n = sp.start("mq", "/mine", 3, 16, "0600", "send", "/mine", "hi",
                        "sem", "/minesem", 1, "0600", user=65534)
        # without an mqueue mount nobody cannot list queues at all
        r = run_nobody("--once", "-J")
        doc = json.loads(r.stdout)
        util.eq(doc["posix_msg"], None, "queues unknown, not none")
        hint = "cannot list POSIX Message Queues: no mqueue file system mounted"
        util.eq(hint in r.stderr and "mount -t mqueue" in r.stderr, True, r.stderr)
        r = run_nobody("--once", "-Q", check=False)
        util.eq((r.returncode, hint in r.stderr), (1, True), "asked for by name: " + r.stderr)
        sp.mqueue()
        r = run_nobody("--once", "-J", "-Q", "-M", "-S")
        doc = json.loads(r.stdout)
        q = by_name(doc["posix_msg"])
        util.eq({k: q["/rootq"][k] for k in ("owner", "perms", "maxmsg", "msgsize", "qnum",
                                             "cbytes", "notify")},
                {"owner": "root", "perms": "0600", "maxmsg": None, "msgsize": None,
                 "qnum": None, "cbytes": None, "notify": None}, "root's queue")
        # write permission gives the attributes, not the QSIZE line
        util.eq({k: q["/openq"][k] for k in ("maxmsg", "msgsize", "qnum", "cbytes")},
                {"maxmsg": 5, "msgsize": 32, "qnum": 0, "cbytes": None}, "writable queue")
        util.eq({k: q["/mine"][k] for k in ("owner", "maxmsg", "qnum", "cbytes", "holders")},
                {"owner": "nobody", "maxmsg": 3, "qnum": 1, "cbytes": 2, "holders": [n]},
                "nobody's own queue")
        # root's processes' fds cannot be read: may be held by more
        util.eq(q["/rootq"]["holders"], None, "holders unknown")
        m = by_name(doc["posix_sem"])
        util.eq((m["/rootsem"]["value"], m["/minesem"]["value"]), (None, 1), "semaphores")
        h = by_name(doc["posix_shm"])
        util.eq(h["/rootshm"]["size"], 8192, "stat needs no permission")
        for part in ("some POSIX queues could not be read",
                     "some named semaphores could not be read",
                     "some processes could not be read"):
            util.eq(part in r.stderr, True, part + ":\n" + r.stderr)
        out = run_nobody("--once", "-Q", "-o", "NAME,MAXMSG,USEDBYTES,HOLDERS").stdout
        util.eq(cells(out, "/rootq"), ["/rootq", "?", "?", "?"], "unknown is ?")
        util.eq(a > 0, True, "root's helper")


@util.limit(180)
def test_live_view_tabs_detail_and_exact_removal():
    with Space() as sp:
        holder, a = sp.start("mq", "/keep", 4, 64, "0600", "mq", "/drop", 4, 64, "0600",
                             "shm", "/pgdyn", 65536, "0600", "map", "/pgdyn", 65536, 4096,
                             "sem", "/s1", 1, "0600")
        with Screen(width=200, height=60) as s:
            text = s.wait("6 POSIX mq (2)")
            for tab in ("7 POSIX shm (1)", "8 POSIX sem (1)", "2 Sem sets (0)"):
                util.eq(tab in text, True, tab + " in the tab row")
            s.keys("6")
            s.wait("/drop")
            # the detail: every column with its meaning
            s.keys("/")
            s.type("drop")
            s.keys("Enter")
            s.keys("Enter")
            text = s.wait("POSIX message queue /drop")
            util.eq("Processes that have it open" in text and
                    "posixobj(%d)" % a in text, True, "detail:\n" + text)
            s.keys("Escape")
            s.wait("POSIX message queue /drop", gone=True)
            # tag /drop only, remove it: the dialog names the holder
            s.keys("Space")
            s.wait("tagged:1")
            s.keys("F9")
            text = s.wait("Remove 1 object?")
            util.eq("POSIX queue /drop" in text and "held by posixobj(%d)" % a in text and
                    "The name goes at once" in text, True, "dialog:\n" + text)
            util.eq("POSIX queue /keep" in text, False, "only the tagged one")
            s.keys("y")
            s.wait("removed POSIX queue /drop")
            util.eq(sorted(os.listdir(sp.mqueue())), ["keep"], "exactly the tagged queue")
            # chosen, then replaced under the same name before the removal:
            # the new object stays
            s.keys("7")
            s.wait("/pgdyn")
            s.keys("F9")
            s.wait("Remove 1 object?")
            os.unlink("/dev/shm/pgdyn")
            fd = os.open("/dev/shm/pgdyn", os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600)
            os.ftruncate(fd, 4096)
            os.close(fd)
            s.keys("y")
            text = s.wait("skipped POSIX shm object /pgdyn")
            util.eq("changed since it was chosen (inode" in text, True, text)
            util.eq(os.path.exists("/dev/shm/pgdyn"), True, "the new object kept")
            # a semaphore, from its tab, with the cursor
            s.keys("8")
            s.wait("/s1")
            s.keys("x")
            text = s.wait("Remove 1 object?")
            util.eq("named semaphore /s1" in text, True, text)
            s.keys("y")
            s.wait("removed named semaphore /s1")
            util.eq(os.path.exists("/dev/shm/sem.s1"), False, "semaphore unlinked")
            s.keys("q")
            s.check_clean_exit()
        with Screen("-Q", "--readonly", width=120, height=30) as s:
            s.wait("/keep")
            s.keys("x")
            s.wait("read-only mode (--readonly): removing is disabled")
            s.keys("q")
            s.check_clean_exit()
        util.eq(sorted(os.listdir(sp.mqueue())), ["keep"], "read-only removed nothing")
        holder.kill()


def test_tab_row_fits_80_columns():
    with Space() as sp:
        sp.start("mq", "/t", 2, 16, "0600")
        with Screen(width=80, height=24) as s:
            text = s.wait("1 Queues (")
            row = row_of(text, "1 Queues (")
            for tab in (" 2 Sets ", " 3 Segs ", " 4 Sigs ", " 5 Pipes ", " 6 mq ", " 7 shm ",
                        " 8 sem "):
                util.eq(tab in row + " ", True, "%r in %r" % (tab, row))
            util.eq(len(row.rstrip()) <= 80, True, "fits")
            s.keys("6")
            text = s.wait("6 POSIX mq (1)")
            util.eq(row_of(text, "/t") is not None, True, "the queue's row")
            meters = row_of(text, "POSIX mq [")
            util.eq(bool(re.search(r"POSIX mq \[\|* *1(/256)?\]", meters)), True, meters)
            util.eq("/dev/shm [" in meters, True, meters)
            s.keys("q")
            s.check_clean_exit()


CALL = re.compile(r"^(\d+)\s+(?:<\.\.\. )?(\w+)")


@util.limit(150)
def test_screen_thread_lists_and_removes_nothing_itself():
    if not shutil.which("strace"):
        raise util.Skip("strace not installed")
    with Space() as sp:
        sp.start("mq", "/st", 2, 16, "0600", "shm", "/stshm", 4096, "0600")
        with Screen("-Q") as s:
            s.wait("/st ")
            pid = s.pid()
            out = os.path.join(s.tmp, "strace.out")
            st = util.spawn(["strace", "-f", "-qq", "-p", str(pid), "-o", out, "-e",
                             "trace=openat,unlinkat,unlink,mq_unlink,fsopen,fsmount,mount"])
            # attached once a refresh is in the file: the collector mounts
            util.wait_for(lambda: os.path.exists(out) and "fsmount" in open(out).read(),
                          timeout=20, what="strace to see a refresh")
            s.keys("x")
            s.wait("Remove 1 object?")
            s.keys("y")
            s.wait("removed POSIX queue /st")
            s.keys("7")
            s.wait("/stshm")
            s.keys("x")
            s.wait("Remove 1 object?")
            s.keys("y")
            s.wait("removed POSIX shm object /stshm")
            st.send_signal(signal.SIGINT)
            st.wait(timeout=10)
            lines = open(out).read().splitlines()
            mine = [ln for ln in lines
                    if CALL.match(ln) and CALL.match(ln).group(1) == str(pid)]
            bad = [ln for ln in mine if CALL.match(ln).group(2) != "openat" or
                   '"/proc' in ln or '"/dev/shm' in ln or '"st"' in ln]
            util.eq(bad, [], "the screen's thread listed or removed")
            for name in ('"st"', '"stshm"'):
                done = [ln for ln in lines if "unlinkat(" in ln and name in ln]
                util.eq(len(done) == 1 and CALL.match(done[0]).group(1) != str(pid), True,
                        "%s unlinked once, by the collector: %r" % (name, done))
            s.keys("q")
            s.check_clean_exit()
        util.eq(os.listdir(sp.mqueue()), [], "the queue is gone")
        util.eq(os.path.exists("/dev/shm/stshm"), False, "the object is gone")


def test_health_and_exporter_see_posix_objects():
    with Space() as sp:
        gone, _ = sp.start("shm", "/orph", 4096, "0600", "sem", "/osem", 1, "0600")
        gone.kill()
        gone.wait()
        held, hpid = sp.start("shm", "/held", 8192, "0600", "map", "/held", 8192, 4096,
                              "mq", "/full", 2, 16, "0600", "send", "/full", "a",
                              "send", "/full", "b")
        found = util.once_json("--health", "--min-age", "0")["health"]
        got = sorted((f["rule"], f["kind"], f["name"]) for f in found
                     if f["kind"] in ("posix_msg", "posix_shm", "posix_sem"))
        util.eq(got, [("full-queue", "posix_msg", "/full"),
                      ("posix-orphan", "posix_sem", "/osem"),
                      ("posix-orphan", "posix_shm", "/orph")],
                "the POSIX findings: nobody maps /orph or /osem, /full is full")
        # a younger object than --min-age is no orphan yet
        found = util.once_json("--health", "posix-orphan", "--min-age", "1h")["health"]
        util.eq([f["name"] for f in found], [], "not an hour old")
        # the exporter: a series per object, labelled by name
        text = util.run("--prometheus").stdout
        want = re.compile(r'^ipctop_posix_shm_object_size_bytes\{kind="posix_shm",ns="host",'
                          r'name="/held",owner="root"\} 8192$', re.M)
        util.eq(bool(want.search(text)), True, "/held's size series in:\n" +
                "\n".join(ln for ln in text.splitlines() if "posix" in ln))
        util.eq(bool(re.search(r'^ipctop_posix_mq_queue_messages\{[^}]*name="/full"[^}]*\} 2$',
                               text, re.M)), True, "/full's depth")
        util.eq(bool(re.search(r'^ipctop_objects\{kind="posix_sem",ns="host"\} 1$', text,
                               re.M)), True, "one semaphore counted")
        held.kill()
