"""Shared helpers for the end-to-end tests: running ipctop, child
processes that are always reaped, and assertions with useful messages."""
import atexit
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time

IPCTOP = os.environ.get("IPCTOP", os.path.join(os.path.dirname(__file__), "../../ipctop"))
HELPERS = os.environ.get("HELPERS", "")

_procs = []    # Popen objects to kill at cleanup
_after = []    # callables cleanup() runs


class Skip(Exception):
    pass


def limit(seconds):
    """Decorator: this test's own time limit (the runner's default is
    120 s); past it the test fails and its objects are cleaned up."""
    def deco(fn):
        fn.limit = seconds
        return fn
    return deco


_shared_copy = []


def ipctop_for_others():
    """A copy of the binary that another user can execute: the build tree
    may sit under a directory only root can enter (/root is 0700)."""
    if not _shared_copy:
        d = tempfile.mkdtemp(prefix="ipctop-e2e-bin-")
        os.chmod(d, 0o755)
        path = os.path.join(d, "ipctop")
        shutil.copy2(IPCTOP, path)
        os.chmod(path, 0o755)
        atexit.register(shutil.rmtree, d, True)
        _shared_copy.append(path)
    return _shared_copy[0]


def run(*args, check=True, env=None, timeout=60):
    """Run ipctop with args; returns CompletedProcess (text)."""
    r = subprocess.run([IPCTOP] + list(args), capture_output=True, text=True,
                       env=env, timeout=timeout)
    if check and r.returncode != 0:
        raise AssertionError("ipctop %s exited %d\nstdout:\n%s\nstderr:\n%s"
                             % (" ".join(args), r.returncode, r.stdout, r.stderr))
    return r


def once_json(*args):
    return json.loads(run("--once", "-J", *args).stdout)


def find(objs, oid):
    for o in objs:
        if o["id"] == oid:
            return o
    raise AssertionError("id %d not in %r" % (oid, [o["id"] for o in objs]))


def eq(got, want, what=""):
    if got != want:
        raise AssertionError("%s: got %r, want %r" % (what, got, want))


def spawn(argv, **kw):
    """Start a process that cleanup() will kill and reap."""
    p = subprocess.Popen(argv, **kw)
    _procs.append(p)
    return p


def helper(name):
    return os.path.join(HELPERS, name)


def wait_for(pred, timeout=5.0, what="condition"):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        v = pred()
        if v:
            return v
        time.sleep(0.02)
    raise AssertionError("timed out waiting for " + what)


def on_cleanup(fn):
    """Run fn at this test's cleanup, pass or fail."""
    _after.append(fn)


def cleanup():
    while _after:
        _after.pop()()
    while _procs:
        p = _procs.pop()
        if p.poll() is None:
            try:
                p.send_signal(signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
