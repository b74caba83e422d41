"""Every IPC namespace on the host: objects of other namespaces listed with
their namespace, labelled by container, chosen with --ns, removed in
place; a namespace that goes drops out, and none is kept alive."""
import json
import os
import re
import secrets
import shutil
import signal
import subprocess

import util
from tmuxscreen import Screen, row_of

NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def need_root():
    if os.geteuid() != 0:
        raise util.Skip("joining IPC namespaces needs root")


class Ns:
    """A helper alone in a new IPC namespace with a queue, a set and a
    segment (keys key, key+1, key+2)."""

    def __init__(self, key, wait=False):
        argv = [util.helper("nsobj"), "0x%x" % key] + (["wait"] if wait else [])
        self.p = util.spawn(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        line = self.p.stdout.readline().split()
        if not line or line[0] != "ready":
            raise AssertionError("nsobj: %r" % line)
        self.key = key
        self.pid = self.p.pid
        self.ns, self.msg, self.sem, self.shm = (int(x) for x in line[1:5])

    def sysvipc(self, kind):
        """Rows of /proc/sysvipc/KIND as the namespace itself sees them."""
        out = subprocess.run(["nsenter", "-t", str(self.pid), "--ipc", "cat",
                              "/proc/sysvipc/" + kind], capture_output=True, text=True,
                             check=True, timeout=20).stdout.splitlines()
        return [ln.split() for ln in out[1:] if ln.strip()]

    def end(self):
        self.p.stdin.close()
        self.p.wait(timeout=10)


def cgroup2():
    with open("/proc/self/mountinfo") as f:
        for ln in f:
            parts = ln.split()
            sep = parts.index("-")
            if parts[sep + 1] == "cgroup2":
                return parts[4]
    return None


def docker_cgroup(pid):
    """Put pid in a cgroup named as Docker names a container's; its id."""
    root = cgroup2()
    if not root or not os.access(root, os.W_OK):
        raise util.Skip("no writable cgroup2")
    cid = secrets.token_hex(32)
    # a bare prefix of digits reads as a pid or an inode, as documented
    while cid[:12].isdigit():
        cid = secrets.token_hex(32)
    d = os.path.join(root, "docker-%s.scope" % cid)
    os.mkdir(d)

    def remove():
        # out of it first (back to the root group), then the group goes
        try:
            with open(os.path.join(d, "cgroup.procs")) as f:
                for p in f.read().split():
                    with open(os.path.join(root, "cgroup.procs"), "w") as g:
                        g.write(p)
        except OSError:
            pass
        os.rmdir(d)
    util.on_cleanup(remove)
    with open(os.path.join(d, "cgroup.procs"), "w") as f:
        f.write(str(pid))
    return cid


def objects(doc, kind, ns):
    return [o for o in doc[kind] if o["ns"] == ns]


@util.limit(120)
def test_all_lists_each_namespace_with_its_label():
    need_root()
    a, b, c = Ns(0x5a10), Ns(0x5b10, wait=True), Ns(0x5c10)
    cid = docker_cgroup(c.pid)
    doc = util.once_json("--ns", "all")
    labels = {n["ns"]: n for n in doc["namespaces"]}
    for h in (a, b, c):
        util.eq(h.ns in labels, True, "namespace %d listed" % h.ns)
        for kind, oid, key in (("msg", h.msg, h.key), ("sem", h.sem, h.key + 1),
                               ("shm", h.shm, h.key + 2)):
            got = objects(doc, kind, h.ns)
            util.eq([(o["id"], o["key"]) for o in got], [(oid, key)],
                    "%s of namespace %s" % (kind, labels[h.ns]["label"]))
            # the namespace's own view agrees, field by field
            rows = [r for r in h.sysvipc(kind) if int(r[1]) == oid]
            util.eq(len(rows), 1, "%s %d in its own /proc/sysvipc" % (kind, oid))
            col, name = {"msg": (4, "qnum"), "sem": (3, "nsems"), "shm": (3, "size")}[kind]
            util.eq((int(rows[0][0]), int(rows[0][2], 8), int(rows[0][col])),
                    (got[0]["key"], int(got[0]["perms"], 8), got[0][name]),
                    "%s %d: key, perms, %s as its namespace sees them" % (kind, oid, name))
        q = objects(doc, "msg", h.ns)[0]
        util.eq(q["waiters"] != [] , h is b, "waiter of namespace %d" % h.ns)
    util.eq(labels[c.ns]["label"], "docker:" + cid[:12], "the Docker-like label")
    util.eq((labels[c.ns]["runtime"], labels[c.ns]["container"]), ("docker", cid),
            "runtime and container id")
    util.eq(labels[a.ns]["label"], "nsobj(%d)" % a.pid, "an unnamed namespace's label")
    util.eq(labels[a.ns]["pid"], a.pid, "member")
    # B's waiter is B's own process, named
    util.eq(objects(doc, "msg", b.ns)[0]["waiters"], [{"pid": b.pid, "op": "recv"}],
            "B's queue's waiter")
    # the table says which namespace each row is in
    out = util.run("--once", "--ns", "all", "-q").stdout
    row = row_of(out, "0x%08x" % c.key)
    util.eq(row.split()[0], "docker:" + cid[:12], "NS column:\n" + out)


def test_one_namespace_by_pid_label_or_container():
    need_root()
    a, c = Ns(0x6a10), Ns(0x6c10)
    cid = docker_cgroup(c.pid)
    for spec, h in ((str(a.pid), a), ("nsobj(%d)" % a.pid, a), ("docker:" + cid[:8], c),
                    (cid[:10], c), ("ipc:[%d]" % c.ns, c)):
        doc = util.once_json("--ns", spec)
        util.eq([n["ns"] for n in doc["namespaces"]], [h.ns], "--ns %s" % spec)
        util.eq([(o["ns"], o["id"], o["key"]) for o in doc["msg"]], [(h.ns, h.msg, h.key)],
                "--ns %s lists that namespace's queue only" % spec)
        out = util.run("--once", "--ns", spec, "-q").stdout
        util.eq("NS " in out.splitlines()[1], False, "no NS column for one namespace")
    bad = util.run("--once", "--ns", "docker:ffffffffffff", check=False)
    util.eq((bad.returncode, "ipctop:" in bad.stderr), (2, True), bad.stderr)


@util.limit(150)
def test_removing_in_one_namespace_leaves_the_same_id_elsewhere():
    need_root()
    hs = [Ns(0x7a10), Ns(0x7b10), Ns(0x7c10)]
    util.eq(len({h.msg for h in hs}), 1, "the three queues share their id")
    a, b, c = hs
    with Screen("--ns", "all", width=160) as s:
        s.wait("0x%08x" % c.key)
        s.keys("\\")
        s.type("%08x" % b.key)
        s.keys("Enter")
        s.wait(lambda t: "0x%08x" % a.key not in t and "0x%08x" % b.key in t)
        s.keys("F9")
        text = s.wait("Remove 1 object?")
        util.eq(row_of(text, "(id %d) in nsobj(%d)" % (b.msg, b.pid)) is not None, True,
                "the dialog names the namespace:\n" + text)
        s.keys("y")
        s.wait("removed queue 0x%08x" % b.key)
        s.keys("q")
        s.check_clean_exit()
    util.eq(b.sysvipc("msg"), [], "B's queue removed")
    for h in (a, c):
        util.eq([int(r[0]) for r in h.sysvipc("msg")], [h.key], "queue of %d kept" % h.ns)


@util.limit(90)
def test_remove_and_findings_in_their_own_namespace():
    need_root()
    a, b = Ns(0x5a20), Ns(0x5b20, wait=True)
    util.eq(a.sem == b.sem, True, "the sets share their id")
    # --remove --ns B: B's set goes, A's of the same id stays
    r = util.run("--remove", "--ns", str(b.pid), "-s", str(b.sem))
    util.eq("removed semaphore set 0x%08x" % (b.key + 1) in r.stdout, True,
            "the removal said:\n" + r.stdout)
    util.eq(b.sysvipc("sem"), [], "B's set removed")
    util.eq([int(x[0]) for x in a.sysvipc("sem")], [a.key + 1], "A's set kept")
    # the dry run names the namespace
    r = util.run("--remove", "--dry-run", "--ns", "all", "-q")
    for h in (a, b):
        util.eq("(id %d) in nsobj(%d)" % (h.msg, h.pid) in r.stdout, True,
                "dry run names nsobj(%d):\n%s" % (h.pid, r.stdout))
    util.eq([int(x[0]) for x in b.sysvipc("msg")], [b.key], "a dry run removes nothing")
    # findings carry their object's namespace
    doc = util.once_json("--health", "--ns", "all", "--min-age", "0")
    got = {(f["rule"], f["ns"]) for f in doc["health"] if f["kind"] == "msg"}
    util.eq(("stuck-waiters", b.ns) in got, True, "B's stuck waiter, in B: %r" % got)
    util.eq(("stuck-waiters", a.ns) in got, False, "no waiter in A: %r" % got)


def ns_refs(inode):
    """Every task or fd of the machine that refers to IPC namespace inode."""
    want = "ipc:[%d]" % inode
    refs = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        for sub in ("task", "fd"):
            try:
                names = os.listdir("/proc/%s/%s" % (pid, sub))
            except OSError:
                continue
            for n in names:
                path = ("/proc/%s/task/%s/ns/ipc" if sub == "task" else "/proc/%s/fd/%s") % (pid, n)
                try:
                    if os.readlink(path) == want:
                        refs.append(path)
                except OSError:
                    pass
    return refs


@util.limit(150)
def test_namespace_that_goes_drops_out_and_nothing_pins_it():
    need_root()
    a, c = Ns(0x8a10), Ns(0x8c10)
    with Screen("--ns", "all", "-d", "0.3", width=160) as s:
        s.wait("0x%08x" % c.key)
        ipctop = s.pid()
        c.end()
        # the next refresh without it: C's objects go, A's stay drawn
        s.wait(lambda t: "0x%08x" % c.key not in t and "0x%08x" % a.key in t, timeout=15)
        util.eq(ns_refs(c.ns), [], "nothing refers to the gone namespace")
        # and ipctop itself never holds A's, between refreshes or during
        for _ in range(5):
            mine = [r for r in ns_refs(a.ns) if r.startswith("/proc/%d/" % ipctop)]
            util.eq(mine, [], "ipctop's threads and fds in A's namespace")
        s.keys("q")
        s.check_clean_exit()


def fs_types_of_fds(pid):
    """The file system type behind each open fd of pid."""
    out = []
    for fd in os.listdir("/proc/%d/fd" % pid):
        r = subprocess.run(["stat", "-L", "-f", "-c", "%T", "/proc/%d/fd/%s" % (pid, fd)],
                           capture_output=True, text=True, timeout=10)
        if r.returncode == 0:
            out.append(r.stdout.strip())
    return out


@util.limit(120)
def test_posix_queues_of_other_namespaces_leave_no_mount_open():
    need_root()
    a = Ns(0x8b10)
    # the POSIX queues tab: each refresh mounts every namespace's queues
    with Screen("--ns", "all", "-Q", "-d", "0.3", width=160) as s:
        s.wait("POSIX mq (")
        ipctop = s.pid()
        for _ in range(5):
            # after a later refresh (the title's clock or timing moved)
            first = s.text().split("\n")[0]
            s.wait(lambda t: t.split("\n")[0] != first, timeout=10)
            util.eq("mqueue" in fs_types_of_fds(ipctop), False,
                    "an mqueue mount left open between refreshes")
            mine = [r for r in ns_refs(a.ns) if r.startswith("/proc/%d/" % ipctop)]
            util.eq(mine, [], "ipctop's threads and fds in A's namespace")
        s.keys("q")
        s.check_clean_exit()


def test_not_root_says_what_it_needs():
    need_root()
    a = Ns(0x9a10)
    r = subprocess.run(NOBODY + [util.ipctop_for_others(), "--once", "--ns", "all", "-J"],
                       capture_output=True, text=True, timeout=60)
    util.eq(r.returncode, 0, "exit status (stderr %r)" % r.stderr)
    util.eq("need CAP_SYS_ADMIN" in r.stderr, True, "the hint: %r" % r.stderr)
    doc = json.loads(r.stdout)
    util.eq(a.ns in [n["ns"] for n in doc["namespaces"]], False, "no other namespace")


@util.limit(120)
def test_picker_lists_namespaces_and_shows_one():
    need_root()
    a, b = Ns(0xaa10), Ns(0xab10)
    with Screen(width=160, height=40) as s:
        s.wait("F1Help")
        s.keys("N")
        text = s.wait("nsobj(%d)" % b.pid)
        row = row_of(text, "nsobj(%d)" % b.pid)
        util.eq(row.split()[2:8], [str(b.ns), str(b.pid), "1", "1", "1", "1"],
                "B's row: inode, pid, processes, a queue, a set, a segment:\n" + text)
        # rows from "all" down: B's is that many Downs from the top
        names = [ln.split()[1] for ln in text.split("\n")
                 if ln.startswith(" \u2502  ") and len(ln.split()) > 2]
        s.keys("Home")
        for _ in range(names.index("nsobj(%d)" % b.pid)):
            s.keys("Down")
        s.keys("Enter")
        s.wait("ns: nsobj(%d)" % b.pid)
        text = s.wait("0x%08x" % b.key)
        util.eq("0x%08x" % a.key in text, False, "only B's objects:\n" + text)
        s.keys("q")
        s.check_clean_exit()


@util.limit(90)
def test_exporter_labels_every_namespace():
    need_root()
    import test_prom
    a, c = Ns(0x7a10), Ns(0x7c10)
    cid = docker_cgroup(c.pid)
    # every object gets series: others' namespaces may hold many more
    text = util.run("--prometheus", "--ns", "all", "--metrics-max-objects", "10000000").stdout
    if shutil.which("promtool"):
        test_prom.promtool_check(text)
    ss = test_prom.samples(text)
    for h, label in ((a, "nsobj(%d)" % a.pid), (c, "docker:" + cid[:12])):
        for kind in ("msg", "sem", "shm"):
            util.eq(test_prom.value(ss, "ipctop_objects", kind=kind, ns=label), 1,
                    "%s objects in %s" % (kind, label))
        util.eq(test_prom.value(ss, "ipctop_namespace_error", ns=label), 0, "read " + label)
        # the namespace's own limits
        util.eq(test_prom.value(ss, "ipctop_msg_queues_limit", ns=label) > 0, True,
                "limits of " + label)
        # the same ids in both: each series is its own namespace's object,
        # and the semaphore value was read inside that namespace
        util.eq(test_prom.value(ss, "ipctop_msg_queue_info", ns=label, id=str(h.msg),
                                key="0x%08x" % h.key), 1, "queue of " + label)
        util.eq(test_prom.value(ss, "ipctop_sem_semaphore_value", ns=label, id=str(h.sem),
                                semnum="0"), (h.key & 0x7f) + 1, "semaphore 0 of " + label)
    # --ns picks one: the others' series are not there
    ss = test_prom.samples(util.run("--prometheus", "--ns", str(a.pid)).stdout)
    util.eq({lb.get("ns") for n, lb, v in ss if "ns" in lb}, {"nsobj(%d)" % a.pid},
            "--ns PID: that namespace's series only")


def posix_in_own_namespace(*actions):
    """posixobj in a new IPC and mount namespace with its own /dev/shm, as a
    container has: (process, IPC namespace inode)."""
    script = 'mount -t tmpfs -o size=1m tmpfs /dev/shm && exec "$0" "$@"'
    argv = ["unshare", "--ipc", "--mount", "--propagation", "private", "sh", "-c", script,
            util.helper("posixobj")] + [str(a) for a in actions]
    p = util.spawn(argv, stdout=subprocess.PIPE, text=True)
    line = p.stdout.readline().split()
    if not line or line[0] != "ready":
        raise AssertionError("posixobj in a namespace: %r" % line)
    return p, os.stat("/proc/%d/ns/ipc" % p.pid).st_ino


@util.limit(90)
def test_posix_objects_of_each_namespace():
    need_root()
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    ours = os.stat("/proc/self/ns/ipc").st_ino
    # a queue of the same name here, in our IPC namespace
    mine = util.spawn([util.helper("posixobj"), "mq", "/nsq", "8", "128", "600"],
                      stdout=subprocess.PIPE, text=True)
    util.on_cleanup(lambda: libc.mq_unlink(b"/nsq"))
    util.eq(mine.stdout.readline().split()[0], "ready", "our queue")
    p, ns = posix_in_own_namespace("mq", "/nsq", "4", "64", "600", "shm", "/nsshm", "4096",
                                   "600", "sem", "/nssem", "3", "600")
    doc = util.once_json("--ns", "all", "-Q", "-M", "-S")
    q = [(o["ns"], o["maxmsg"]) for o in doc["posix_msg"] if o["name"] == "/nsq"]
    util.eq(sorted(q), sorted([(ours, 8), (ns, 4)]), "each namespace's /nsq")
    # its /dev/shm is its own: its objects there, and only those, once
    util.eq(sorted(o["name"] for o in doc["posix_shm"] if o["ns"] == ns), ["/nsshm"],
            "the namespace's shared memory")
    util.eq([(o["name"], o["value"]) for o in doc["posix_sem"] if o["ns"] == ns],
            [("/nssem", 3)], "the namespace's semaphore")
    for kind in ("posix_shm", "posix_sem"):
        names = [(o["ns"], o["name"]) for o in doc[kind]]
        util.eq(len(names), len(set(names)), "%s listed once each" % kind)
    util.eq([n["label"] for n in doc["namespaces"] if n["ns"] == ns], ["posixobj(%d)" % p.pid],
            "its label")
    # removed in its namespace; ours of the same name stays
    r = util.run("--remove", "--ns", str(p.pid), "-Q", "-i", "/nsq")
    util.eq("in posixobj(%d)" % p.pid in r.stdout, True, "the removal names it:\n" + r.stdout)
    doc = util.once_json("--ns", "all", "-Q")
    util.eq(sorted(o["ns"] for o in doc["posix_msg"] if o["name"] == "/nsq"), [ours],
            "only our /nsq is left")
