"""Input and output that can go wrong: a full output device, a proc tree
holding a FIFO or a device where a file should be, rebuilding the binary
while it runs, and process names that carry escape sequences or
backslashes."""
import json
import os
import pty
import select
import shutil
import stat
import subprocess
import tempfile

import ipc
import util
from tmuxscreen import Screen

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
FIXTURES = os.path.join(TOP, "tests", "fixtures")
ENOSPC = "No space left on device"


def tmp_dir(prefix="ipctop-io-"):
    d = tempfile.mkdtemp(prefix=prefix)
    util.on_cleanup(lambda: shutil.rmtree(d, ignore_errors=True))
    return d


def run_to_full(*args):
    """ipctop with stdout on /dev/full: (exit status, stderr)."""
    with open("/dev/full", "w") as full:
        r = subprocess.run([util.IPCTOP] + list(args), stdout=full,
                           stderr=subprocess.PIPE, text=True, timeout=60)
    return r.returncode, r.stderr


def check_write_error(args):
    rc, err = run_to_full(*args)
    what = "ipctop %s >/dev/full" % " ".join(args)
    util.eq(rc, 1, "exit status of " + what)
    lines = [ln for ln in err.splitlines() if "write error" in ln]
    util.eq(lines, ["ipctop: write error: " + ENOSPC], "write error of " + what)
    if "Input/output error" in err or "Sanitizer" in err:
        raise AssertionError("%s: stderr %r" % (what, err))


def test_once_to_a_full_device_names_the_error():
    # more than any stdio buffer, so the first write fails mid-output
    for _ in range(150):
        ipc.msgget()
    big = ipc.semget(600)
    ipc.shmget(4096)
    for args in (["--once"], ["--once", "-r"], ["--once", "-e"], ["--once", "-J"],
                 ["--once", "-l"], ["--once", "-s", "-i", str(big)],
                 ["--once", "--signals"], ["--once", "--pipes"],
                 ["--once", "-J", "--signals", "--pipes"]):
        check_write_error(args)


def test_help_and_version_to_a_full_device_fail():
    check_write_error(["--help"])
    check_write_error(["-V"])
    # and to a working stdout they still succeed
    util.eq(util.run("-V").stdout.startswith("ipctop "), True, "-V output")


def proc_tree():
    """A --procfs tree with the good System V lists and three processes."""
    d = tmp_dir()
    shutil.copytree(os.path.join(FIXTURES, "sysv", "good"), d, dirs_exist_ok=True)
    shutil.copytree(os.path.join(FIXTURES, "proc", "tree"), d, symlinks=True,
                    dirs_exist_ok=True)
    return d


def replace(path, kind):
    """Put a FIFO, a character device (/dev/zero's) or a directory where
    the regular file path was."""
    os.unlink(path)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 5))
    else:
        os.mkdir(path)


def run_bounded(*args):
    """ipctop that must end on its own: a hang fails the test."""
    try:
        return subprocess.run([util.IPCTOP] + list(args), capture_output=True,
                              text=True, timeout=15)
    except subprocess.TimeoutExpired:
        raise AssertionError("ipctop %s hung" % " ".join(args))


def test_non_regular_sysvipc_file_is_refused():
    d = proc_tree()
    util.eq(run_bounded("--once", "--procfs", d).returncode, 0, "the intact tree")
    for kind in ("fifo", "device", "directory"):
        path = os.path.join(d, "sysvipc", "msg")
        replace(path, kind)
        r = run_bounded("--once", "--procfs", d)
        util.eq(r.returncode, 1, "exit status with a %s for sysvipc/msg" % kind)
        want = "ipctop: cannot read %s: not a regular file" % path
        if want not in r.stderr.splitlines():
            raise AssertionError("%s: stderr %r" % (kind, r.stderr))
        # the other lists are still shown
        if "Semaphore Arrays" not in r.stdout:
            raise AssertionError("%s: stdout %r" % (kind, r.stdout))
        if os.path.isdir(path):
            os.rmdir(path)
        else:
            os.unlink(path)
        shutil.copy(os.path.join(FIXTURES, "sysv", "good", "sysvipc", "msg"), path)


def test_non_regular_status_file_is_refused():
    d = proc_tree()
    r = run_bounded("--once", "--signals", "--procfs", d)
    util.eq(r.returncode, 0, "the intact tree (stderr %r)" % r.stderr)
    for kind in ("fifo", "device"):
        path = os.path.join(d, "100", "status")
        saved = open(path, "rb").read()
        replace(path, kind)
        r = run_bounded("--once", "--signals", "--procfs", d)
        util.eq(r.returncode, 1, "exit status with a %s for 100/status" % kind)
        want = "ipctop: cannot read processes: %s: not a regular file" % path
        if want not in r.stderr.splitlines():
            raise AssertionError("%s: stderr %r" % (kind, r.stderr))
        os.unlink(path)
        with open(path, "wb") as f:
            f.write(saved)


def test_fifo_as_maps_leaves_attached_unknown():
    d = proc_tree()
    replace(os.path.join(d, "100", "maps"), "fifo")
    r = run_bounded("--once", "-J", "-m", "--procfs", d)
    util.eq(r.returncode, 0, "exit status (stderr %r)" % r.stderr)
    seg = util.find(json.loads(r.stdout)["shm"], 0)
    # two attaches, none readable: unknown, never "nobody"
    util.eq(seg["attached"], None, "attached")


class Pty:
    """A process on a pseudo-terminal of its own, so the live view runs."""

    def __init__(self, argv, cwd, env):
        self.master, slave = pty.openpty()
        self.p = util.spawn(argv, cwd=cwd, env=env, stdin=slave, stdout=slave,
                            stderr=slave, start_new_session=True)
        os.close(slave)
        util.on_cleanup(self.close)
        self.seen = b""

    def read(self):
        while select.select([self.master], [], [], 0)[0]:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                break
            if not chunk:
                break
            self.seen += chunk
        return self.seen

    def close(self):
        if self.p.poll() is None:
            self.p.kill()
            self.p.wait(timeout=10)
        os.close(self.master)


@util.limit(600)
def test_make_replaces_a_running_binary():
    d = tmp_dir("ipctop-build-")
    for sub in ("src", "include"):
        shutil.copytree(os.path.join(TOP, sub), os.path.join(d, sub))
    shutil.copy(os.path.join(TOP, "Makefile"), d)
    env = dict(os.environ, MAKEFLAGS="", MFLAGS="")
    make = ["make", "--no-print-directory", "-j2", "ipctop"]
    r = subprocess.run(make, cwd=d, capture_output=True, text=True, env=env, timeout=500)
    util.eq(r.returncode, 0, "first build (stderr %s)" % r.stderr[-2000:])
    binary = os.path.join(d, "ipctop")
    old_ino = os.stat(binary).st_ino
    term = Pty(["./ipctop"], d, dict(env, TERM="xterm", XDG_CONFIG_HOME=os.path.join(d, "cfg")))
    # the live view has drawn its tabs: ./ipctop is executing
    util.wait_for(lambda: b"Queues" in term.read() or term.p.poll() is not None,
                  30, "the live view to draw")
    util.eq(term.p.poll(), None, "live view running (output %r)" % term.read()[-500:])
    util.eq(os.readlink("/proc/%d/exe" % term.p.pid), binary, "the running binary")
    os.utime(os.path.join(d, "src", "main.c"))
    r = subprocess.run(make + ["VERSION=e2e-rebuilt"], cwd=d, capture_output=True,
                       text=True, env=env, timeout=300)
    util.eq(r.returncode, 0, "make while ./ipctop runs (stderr %r)" % r.stderr[-2000:])
    util.eq(os.stat(binary).st_ino != old_ino, True, "./ipctop replaced")
    v = subprocess.run([binary, "-V"], capture_output=True, text=True, timeout=30)
    util.eq(v.stdout, "ipctop e2e-rebuilt\n", "the new binary's version")
    util.eq(term.p.poll(), None, "the old one still running")
    util.eq(os.path.exists(binary + ".tmp"), False, "no temporary left")


ESC_NAME = "\x1b]0;pwned\x07"
ESC_SHOWN = "\\x1b]0;pwned\\x07"


def start_named(name):
    p = util.spawn([util.helper("sigstate"), name], stdout=subprocess.PIPE, text=True)
    util.eq(p.stdout.readline().strip(), "ready", "sigstate")
    with open("/proc/%d/comm" % p.pid, "rb") as f:
        util.eq(f.read(), name.encode() + b"\n", "the helper's comm")
    return p


def signal_row(text, pid):
    for line in text.splitlines():
        cells = line.split()
        if cells and cells[0] == str(pid):
            return line
    raise AssertionError("pid %d not in:\n%s" % (pid, text))


def test_escape_sequence_name_shows_escaped_once():
    p = start_named(ESC_NAME)
    table = util.run("--once", "--signals").stdout
    util.eq(signal_row(table, p.pid).split()[4], ESC_SHOWN, "COMM in the table")
    # raw and export add no second layer: each \\xNN is one byte of the name
    raw = util.run("--once", "--signals", "-r").stdout
    util.eq(signal_row(raw, p.pid).split()[4], ESC_SHOWN, "COMM in raw output")
    export = util.run("--once", "--signals", "-e").stdout
    line = [ln for ln in export.splitlines() if ' PID="%d" ' % p.pid in ln]
    util.eq(len(line), 1, "export line")
    if ' COMM="%s" ' % ESC_SHOWN not in line[0]:
        raise AssertionError("export: %r" % line[0])
    doc = util.once_json("--signals")
    comm = [s["comm"] for s in doc["signals"] if s["pid"] == p.pid]
    util.eq(comm, [ESC_SHOWN], "JSON comm")


def test_backslash_in_a_name_is_escaped():
    p = start_named("a\\x1b\\b")
    want = "a\\x5cx1b\\x5cb"
    table = util.run("--once", "--signals").stdout
    util.eq(signal_row(table, p.pid).split()[4], want, "COMM in the table")
    doc = util.once_json("--signals")
    comm = [s["comm"] for s in doc["signals"] if s["pid"] == p.pid]
    util.eq(comm, [want], "JSON comm")


def test_escape_sequence_name_in_the_signals_tab():
    p = start_named(ESC_NAME)
    with Screen("--signals") as s:
        s.wait("PENDING")
        s.keys("/")
        s.wait("Search:")
        s.type(str(p.pid))
        s.keys("Enter")
        text = s.wait(ESC_SHOWN)
        row = [ln for ln in text.splitlines() if str(p.pid) in ln.split()[:2]]
        util.eq(len(row), 1, "the helper's row")
        if ESC_SHOWN not in row[0]:
            raise AssertionError("signals tab row %r" % row[0])
        s.keys("q")
        s.check_clean_exit()
