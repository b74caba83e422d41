"""Health findings, --check, --remove and the remove dialog against real
objects and processes: a segment whose creator exited, a removed segment
still attached, a full queue with a sender blocked, a semaphore whose last
operator was killed while another process waits on it."""
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile

import ipc
import util
from tmuxscreen import Screen, row_of
from test_tui import goto, hexkey, new_queue, new_set, row_of_id

HOUR_OPTS = []                 # the default --min-age (1h)
NOW_OPTS = ["--min-age", "0"]  # every age counts


def private_namespace():
    """--check's OK needs a namespace holding nothing but our objects."""
    if os.environ.get("IPCTOP_E2E_NS") != "1":
        raise util.Skip("needs root in a private IPC namespace")
    util.eq(ipc.leftovers(), [], "objects left by earlier tests")


def helper(*args):
    """An ipcwait process, once it says it is ready."""
    p = util.spawn([util.helper("ipcwait")] + [str(a) for a in args],
                   stdout=subprocess.PIPE, stdin=subprocess.PIPE, text=True)
    util.eq(p.stdout.readline().strip(), "ready", "ipcwait %r ready" % (args,))
    return p


def orphan_segment():
    """A segment whose creator has exited, never attached."""
    out = subprocess.run([util.helper("ipcwait"), "shmget"], capture_output=True,
                         text=True, check=True).stdout
    gid = int(out.split()[0])
    ipc._created.append(("shm", gid))
    return gid


def destroyed_attached():
    """A segment removed while a process has it attached."""
    gid = ipc.shmget(8192)
    holder = helper("shmhold", gid)
    util.eq(ipc.rmid("shm", gid), True, "IPC_RMID")
    return gid, holder


def full_queue():
    """A queue holding 16K in two messages (its limit), a sender blocked."""
    qid = ipc.msgget()
    ipc.msgsnd(qid, b"x" * 8192)
    ipc.msgsnd(qid, b"y" * 8192)
    sender = helper("msgsnd", qid)
    util.wait_for(lambda: waiting_in(sender.pid, "msgsnd"), what="the sender to block")
    return qid, sender


def dead_holder():
    """A set whose semaphore 0 was taken by a process since killed, and
    another process waiting for it."""
    sid = ipc.semget(2)
    ipc.setval(sid, 0, 1)
    taker = helper("semtake", sid)
    taker.send_signal(signal.SIGKILL)
    taker.wait()
    waiter = helper("semop", sid)
    util.wait_for(lambda: waiting_in(waiter.pid, "semtimedop", "semop"),
                  what="the waiter to block")
    return sid, taker.pid, waiter


def waiting_in(pid, *calls):
    """Is pid asleep in one of these system calls (per its wchan)?"""
    try:
        with open("/proc/%d/wchan" % pid) as f:
            w = f.read()
    except OSError:
        return False
    return any(c in w for c in calls)


def findings(*args):
    doc = json.loads(util.run("--once", "--health", "-J", *args).stdout)
    util.eq([k for k in doc if k != "namespaces"], ["health"], "only the health section")
    return doc["health"]


def keyed(found):
    return sorted((f["rule"], f["kind"], f["id"], f["severity"]) for f in found)


def check(*args, env=None):
    r = util.run("--check", *args, check=False, env=env)
    util.eq(r.stdout.count("\n"), 1, "one line:\n" + r.stdout)
    util.eq(bool(re.match(r"^IPCTOP (OK|WARNING|CRITICAL|UNKNOWN) - [^|]*\| "
                          r"(\S+=\d+(;\d*){0,4})( \S+=\d+(;\d*){0,4})*\n$",
                          r.stdout)), True, "plugin format:\n" + r.stdout)
    return r


@util.limit(120)
def test_once_health_lists_exactly_the_findings():
    private_namespace()
    orphan = orphan_segment()
    dest, holder = destroyed_attached()
    qid, sender = full_queue()
    sid, dead, waiter = dead_holder()
    got = findings(*NOW_OPTS)
    util.eq(keyed(got), sorted([
        ("orphaned-segment", "shm", orphan, "warning"),
        ("destroyed-attached", "shm", dest, "warning"),
        ("full-queue", "msg", qid, "critical"),
        ("stuck-waiters", "msg", qid, "warning"),
        ("dead-holder", "sem", sid, "critical"),
        ("stuck-waiters", "sem", sid, "warning"),
    ]), "findings with --min-age 0:\n" + json.dumps(got, indent=1))
    by = {(f["rule"], f["id"]): f for f in got}
    ns = os.stat("/proc/self/ns/ipc").st_ino
    util.eq({f["ns"] for f in got}, {ns}, "every finding in our namespace")
    util.eq("ipcwait(%d)" % holder.pid in by[("destroyed-attached", dest)]["message"], True,
            "the attached process named")
    util.eq("ipcwait(%d):send" % sender.pid in by[("full-queue", qid)]["message"], True,
            "the blocked sender named")
    msg = by[("dead-holder", sid)]["message"]
    util.eq(("%d(gone)" % dead in msg, "ipcwait(%d):semop" % waiter.pid in msg), (True, True),
            "the dead holder and the waiter named: " + msg)
    util.eq("(gone)" in by[("orphaned-segment", orphan)]["message"], True, "creator gone")
    # at the default --min-age (1h) the young objects are not yet orphans
    # or stuck; the rest does not wait
    util.eq(keyed(findings(*HOUR_OPTS)), sorted([
        ("destroyed-attached", "shm", dest, "warning"),
        ("full-queue", "msg", qid, "critical"),
        ("dead-holder", "sem", sid, "critical"),
    ]), "findings at the default --min-age")
    # the other formats list the same rows
    raw = util.run("--once", "--health", "-r", "-n", "-o", "RULE,KIND,ID", *NOW_OPTS).stdout
    util.eq(sorted(raw.split("\n")[:-1]), sorted("%s %s %d" % (r, k, i)
                                                  for r, k, i, _ in keyed(got)), "raw rows")
    exp = util.run("--once", "--health", "-e", "-o", "SEVERITY,RULE,ID", *NOW_OPTS).stdout
    util.eq('TYPE="finding" SEVERITY="critical" RULE="dead-holder" ID="%d"' % sid
            in exp.splitlines(), True, "export row:\n" + exp)
    table = util.run("--once", "--health", *NOW_OPTS).stdout
    util.eq(table.startswith("------ Health --------\nSEVERITY"), True, "table:\n" + table)
    # --health RULE: its findings, and the objects they are about
    doc = json.loads(util.run("--once", "-J", "-m", "--health", "orphaned-segment",
                              *NOW_OPTS).stdout)
    util.eq(([s["id"] for s in doc["shm"]], [f["rule"] for f in doc["health"]]),
            ([orphan], ["orphaned-segment"]), "one rule's selection")


@util.limit(120)
def test_check_states_and_exit_codes():
    private_namespace()
    r = check()
    util.eq((r.returncode, r.stdout.startswith("IPCTOP OK - no findings | ")), (0, True),
            "a clean namespace:\n" + r.stdout)
    util.eq(" msg_queues=0;" in r.stdout, True, "limits in the performance data")
    orphan_segment()
    r = check(*HOUR_OPTS)
    util.eq(r.returncode, 0, "an orphan younger than --min-age:\n" + r.stdout)
    r = check(*NOW_OPTS)
    util.eq((r.returncode, r.stdout.startswith("IPCTOP WARNING - 1 finding ")), (1, True),
            "one warning:\n" + r.stdout)
    util.eq(" orphaned-segment=1;;;0" in r.stdout, True, "per-rule count:\n" + r.stdout)
    full_queue()
    r = check(*NOW_OPTS)
    util.eq((r.returncode, r.stdout.startswith("IPCTOP CRITICAL - ")), (2, True),
            "critical:\n" + r.stdout)
    # only the rules asked for
    r = check("--health", "orphaned-segment", *NOW_OPTS)
    util.eq(r.returncode, 1, "orphans only:\n" + r.stdout)
    # a usage error is UNKNOWN, on stdout, for the monitoring system
    r = util.run("--check", "--min-age", "soon", check=False)
    util.eq((r.returncode, r.stdout.startswith("IPCTOP UNKNOWN - usage error")), (3, True),
            "usage error:\n" + r.stdout)


def settings_dir(text):
    d = tempfile.mkdtemp(prefix="ipctop-health-rc-")
    util.on_cleanup(lambda: shutil.rmtree(d, ignore_errors=True))
    os.makedirs(os.path.join(d, "ipctop"), mode=0o700)
    with open(os.path.join(d, "ipctop", "ipctoprc"), "w") as f:
        f.write(text)
    return dict(os.environ, XDG_CONFIG_HOME=d)


def test_thresholds_from_the_settings_file():
    private_namespace()
    orphan = orphan_segment()
    env = settings_dir("# thresholds\nhealth.min-age = 0\nhealth.queue-full = 50\n")
    r = util.run("--once", "--health", "-J", env=env)
    util.eq([f["id"] for f in json.loads(r.stdout)["health"]], [orphan], "min-age 0 from the file")
    # the command line wins
    r = util.run("--once", "--health", "-J", "--min-age", "1h", env=env)
    util.eq(json.loads(r.stdout)["health"], [], "--min-age over the file")
    r = check(env=settings_dir("health.min-age = 0\n"))
    util.eq(r.returncode, 1, "--check reads it too:\n" + r.stdout)
    bad = util.run("--once", "--health", env=settings_dir("health.min-age = later\n"))
    util.eq("bad value for health.min-age" in bad.stderr, True, bad.stderr)


def test_remove_health_rule_removes_only_the_orphan():
    private_namespace()
    orphan = orphan_segment()
    alive = ipc.shmget(4096)              # unattached, but its creator lives
    dest, _ = destroyed_attached()
    r = util.run("--remove", "--health", "orphaned-segment", *NOW_OPTS)
    util.eq(r.stdout.splitlines()[0], "removed segment 0x00000000 (id %d)" % orphan, r.stdout)
    util.eq(ipc.exists("shm", orphan), False, "the orphan removed")
    ipc.forget("shm", orphan)
    util.eq((ipc.exists("shm", alive), ipc.exists("shm", dest)), (True, True), "others kept")
    r = util.run("--remove", "--health", "orphaned-segment", *NOW_OPTS)
    util.eq((r.returncode, r.stdout), (0, "nothing selected: nothing removed\n"), "again")


def test_remove_by_ipcrm_forms():
    qid, _ = new_queue()
    gid = ipc.shmget(4096)
    sid = ipc.semget(1)
    r = util.run("--remove", "-q", str(qid), "-m", str(gid), "-s", str(sid))
    util.eq(sorted(ln.split(" (id")[0].split()[1] for ln in r.stdout.splitlines()
                   if ln.startswith("removed")), ["queue", "segment", "semaphore"], r.stdout)
    for kind, oid in (("msg", qid), ("shm", gid), ("sem", sid)):
        util.eq(ipc.exists(kind, oid), False, "%s %d removed" % (kind, oid))
        ipc.forget(kind, oid)
    r = util.run("--remove", "-q", "2147483000", check=False)
    util.eq((r.returncode, r.stderr), (1, "ipctop: no queue with id 2147483000: not removed\n"),
            "a missing id")
    # ipcrm's -Q KEY: here -Q is the POSIX queues, and keys go by -k
    r = util.run("--remove", "-Q", "1", check=False)
    util.eq((r.returncode, "ipcrm's -Q/-M/-S KEY by -k KEY" in r.stderr), (2, True), r.stderr)
    r = util.run("--remove", check=False)
    util.eq((r.returncode, "needs a selection" in r.stderr), (2, True), r.stderr)


def test_remove_by_key_and_dry_run_says_what_is_lost():
    qid, key = new_queue()
    ipc.msgsnd(qid, b"x" * 8192)
    ipc.msgsnd(qid, b"y" * 8192)
    sender = helper("msgsnd", qid)
    util.wait_for(lambda: waiting_in(sender.pid, "msgsnd"), what="the sender to block")
    r = util.run("--remove", "--dry-run", "-k", key)
    util.eq(r.stdout.splitlines(), [
        "would remove queue %s (id %d)  owner root" % (key, qid),
        "  destroys 2 messages, 16K (16384 bytes)",
        "  blocked on it, their calls fail (EIDRM): ipcwait(%d):send" % sender.pid,
    ], "dry run")
    util.eq(ipc.exists("msg", qid), True, "a dry run removes nothing")
    r = util.run("--remove", "-k", key)
    util.eq(r.stdout.splitlines()[0], "removed queue %s (id %d)" % (key, qid), r.stdout)
    util.eq(ipc.exists("msg", qid), False, "removed by key")
    ipc.forget("msg", qid)
    util.wait_for(lambda: sender.poll() is not None, what="the sender to get EIDRM")
    r = util.run("--remove", "-k", key, check=False)
    util.eq((r.returncode, "no object has that key" in r.stderr), (1, True), r.stderr)


def test_remove_refused_when_read_only():
    qid, key = new_queue()
    r = util.run("--remove", "--readonly", "-q", str(qid), check=False)
    util.eq((r.returncode, "read-only (--readonly): nothing removed" in r.stderr), (1, True),
            r.stderr)
    env = settings_dir("readonly = 1\n")
    r = util.run("--remove", "-q", str(qid), check=False, env=env)
    util.eq((r.returncode, "readonly = 1 in the settings file" in r.stderr), (1, True),
            r.stderr)
    r = util.run("--remove", "--dry-run", "-q", str(qid), env=env)
    util.eq(r.stdout.startswith("would remove queue %s" % key), True, "a dry run still lists")
    util.eq(ipc.exists("msg", qid), True, "never removed")


def test_remove_dialog_names_messages_bytes_and_blocked_processes():
    qid, key = new_queue()
    ipc.msgsnd(qid, b"x" * 8192)
    ipc.msgsnd(qid, b"y" * 8192)
    sender = helper("msgsnd", qid)
    util.wait_for(lambda: waiting_in(sender.pid, "msgsnd"), what="the sender to block")
    with Screen() as s:
        s.wait(key)
        goto(s, key)
        s.keys("F9")
        text = s.wait("Remove 1 object?")
        util.eq("destroys 2 messages, 16K (16384 bytes)" in text, True, "messages and bytes:\n" + text)
        util.eq("blocked on it, their calls fail (EIDRM): ipcwait(%d):send" % sender.pid in text,
                True, "the blocked sender:\n" + text)
        s.keys("n")
        s.wait("nothing removed")
        s.keys("q")
        s.check_clean_exit()
    util.eq(ipc.exists("msg", qid), True, "cancelled")


def test_remove_dialog_shows_a_sets_values():
    sid, key = new_set(3)
    ipc.setval(sid, 0, 7)
    ipc.setval(sid, 2, 5)
    with Screen("-s") as s:
        s.wait(key)
        goto(s, key)
        s.keys("F9")
        text = s.wait("values 7,0,5")
        util.eq("destroys 3 semaphores, values 7,0,5" in text, True, text)
        s.keys("n")
        s.keys("q")
        s.check_clean_exit()


def test_removed_attached_segment_stays_one_row():
    k = ipc.unique_key()
    gid = ipc.shmget(4096, key=k)
    key = hexkey(k)
    helper("shmhold", gid)
    with Screen("-m") as s:
        s.wait(key)
        util.eq(ipc.rmid("shm", gid), True, "IPC_RMID")
        # the refresh that sees it removed: the same row, changed
        text = s.wait(lambda t: "dest" in (row_of_id(t, gid) or ""))
        row = row_of_id(text, gid)
        util.eq((row.startswith("~"), "0x00000000" in row), (True, True), "changed in place: " + row)
        util.eq(row_of(text, key), None, "no row gone with the old key:\n" + text)
        util.eq([ln for ln in text.split("\n") if ln.startswith("+")], [],
                "no new row:\n" + text)
        s.keys("q")
        s.check_clean_exit()


def test_health_tab_and_marks_lead_to_the_object():
    private_namespace()
    orphan = orphan_segment()
    with Screen("--health", "--min-age", "0") as s:
        text = s.wait("orphaned-segment")
        util.eq("Health (1)" in text, True, "the tab counts its findings:\n" + text)
        goto(s, "orphaned-segment")
        s.keys("Enter")
        # on the segments tab, the cursor on the orphan, its row marked
        text = s.wait(lambda t: "Segments (" in t and row_of_id(t, orphan))
        util.eq(row_of_id(text, orphan)[1], "!", "marked:\n" + text)
        s.keys("F9")
        text = s.wait("Remove 1 object?")
        util.eq("segment 0x00000000 (id %d)" % orphan in text, True, "the orphan chosen:\n" + text)
        s.keys("n")
        s.keys("q")
        s.check_clean_exit()


def test_extra_reads_only_when_asked():
    """The default --once reads no account and no semaphore values; what
    the rules need is read for --check."""
    if not shutil.which("strace"):
        raise util.Skip("strace not installed")
    sid, _, _ = dead_holder()
    out = os.path.join(tempfile.mkdtemp(prefix="ipctop-strace-"), "out")
    util.on_cleanup(lambda: shutil.rmtree(os.path.dirname(out), ignore_errors=True))

    def traced(*args):
        subprocess.run(["strace", "-f", "-qq", "-o", out, "-e", "trace=openat,semctl",
                        util.IPCTOP] + list(args), capture_output=True, check=False)
        with open(out) as f:
            return f.read()

    plain = traced("--once")
    util.eq(("GETPID" in plain, "login.defs" in plain), (False, False),
            "--once read more than its columns")
    health = traced("--check", "--min-age", "0")
    util.eq(("semctl(%d, 0, GETPID" % sid in health, "login.defs" in health), (True, True),
            "--check reads what its rules need")


def test_near_limit_warns_then_is_critical_and_has_a_detail():
    private_namespace()
    path = "/proc/sys/kernel/msgmni"
    with open(path) as f:
        old = f.read().strip()

    def set_msgmni(v):
        with open(path, "w") as f:
            f.write(str(v))

    util.on_cleanup(lambda: set_msgmni(old))
    set_msgmni(5)
    for _ in range(3):
        ipc.msgget()
    util.eq(findings(), [], "3 of 5 queues (60%)")
    ipc.msgget()
    got = findings()
    util.eq([(f["rule"], f["kind"], f["name"], f["id"], f["severity"]) for f in got],
            [("near-limit", "limit", "MSGMNI", None, "warning")], "4 of 5 (80%)")
    util.eq(got[0]["message"], "MSGMNI: 4 of 5 message queues in use (80.0%)", "message")
    r = check()
    util.eq((r.returncode, " msg_queues=4;4;5;0;5" in r.stdout), (1, True), r.stdout)
    ipc.msgget()
    r = check()
    util.eq((r.returncode, " msg_queues=5;4;5;0;5" in r.stdout), (2, True), r.stdout)
    # a limit's finding is about no object: Enter shows it in full
    with Screen("--health") as s:
        s.wait("near-limit")
        goto(s, "near-limit")
        s.keys("Enter")
        text = s.wait(" Finding near-limit on MSGMNI ")
        util.eq("MSGMNI: 5 of 5 message queues in use (100.0%)" in text, True, text)
        s.keys("Escape")
        s.keys("q")
        s.check_clean_exit()


def test_exporter_counts_findings_per_rule_and_severity():
    private_namespace()
    import test_prom
    orphan_segment()
    text = util.run("--prometheus", "--min-age", "0").stdout
    if shutil.which("promtool"):
        test_prom.promtool_check(text)
    ss = test_prom.samples(text)
    util.eq(test_prom.value(ss, "ipctop_health_findings", rule="orphaned-segment",
                            severity="warning", ns="host"), 1, "the orphan, counted")
    util.eq(test_prom.value(ss, "ipctop_health_findings", rule="dead-holder",
                            severity="critical", ns="host"), 0, "a rule with nothing: 0")
    # the same thresholds as --once: an hour's age makes it no orphan
    ss = test_prom.samples(util.run("--prometheus", "--min-age", "1h").stdout)
    util.eq(test_prom.value(ss, "ipctop_health_findings", rule="orphaned-segment",
                            severity="warning", ns="host"), 0, "younger than --min-age")
