"""Drive the real ipctop binary in a detached tmux session.

Each Screen gets its own tmux server (a unique -L socket name), its own
settings directory (XDG_CONFIG_HOME) and a file for ipctop's stderr, so
sanitizer reports are seen. Use it as a context manager: the tmux server
is killed on the way out whether the test passed or not.
"""
import os
import shlex
import shutil
import subprocess
import tempfile
import time

import util

_count = [0]


class Screen:
    def __init__(self, *args, width=120, height=40, user=None, env=None,
                 config_dir=None):
        _count[0] += 1
        self.sock = "ipctop-e2e-%d-%d" % (os.getpid(), _count[0])
        self.tmp = tempfile.mkdtemp(prefix="ipctop-tui-")
        os.chmod(self.tmp, 0o755)
        self.config = config_dir or os.path.join(self.tmp, "config")
        self.errfile = os.path.join(self.tmp, "stderr")
        self.statusfile = os.path.join(self.tmp, "status")
        envs = {"XDG_CONFIG_HOME": self.config, "TERM": "screen-256color",
                "ASAN_OPTIONS": "detect_leaks=1"}
        envs.update(env or {})
        cmd = ["env"] + ["%s=%s" % kv for kv in envs.items()]
        if user is not None:
            cmd = ["setpriv", "--reuid=%d" % user, "--regid=%d" % user,
                   "--clear-groups"] + cmd
        cmd += [util.IPCTOP if user is None else util.ipctop_for_others()] + list(args)
        # the shell stays after ipctop exits so its status can be read
        shell = "%s 2>%s; echo $? >%s; sleep 600" % (
            " ".join(shlex.quote(c) for c in cmd), shlex.quote(self.errfile),
            shlex.quote(self.statusfile))
        self._tmux("new-session", "-d", "-x", str(width), "-y", str(height),
                   shell)

    def _tmux(self, *args, check=True):
        return subprocess.run(["tmux", "-L", self.sock, "-f", "/dev/null"] + list(args),
                              capture_output=True, text=True, check=check, timeout=20)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def text(self):
        return self._tmux("capture-pane", "-p", "-t", "0").stdout

    def text_with_attributes(self):
        """The screen with its SGR escape sequences (colours, bold...)."""
        return self._tmux("capture-pane", "-p", "-e", "-t", "0").stdout

    def lines(self):
        return self.text().split("\n")

    def keys(self, *keys):
        """tmux key names ("F9", "Enter", "Escape") or literal text."""
        self._tmux("send-keys", "-t", "0", *keys)

    def type(self, text):
        self._tmux("send-keys", "-t", "0", "-l", text)

    def resize(self, width, height):
        self._tmux("resize-window", "-t", "0", "-x", str(width), "-y", str(height))

    def wait(self, want, timeout=10.0, gone=False):
        """Poll the screen until want (text, or a predicate of the text)
        appears (or, with gone=True, disappears). Returns the screen."""
        pred = want if callable(want) else (lambda t: want in t)
        end = time.monotonic() + timeout
        last = ""
        while time.monotonic() < end:
            last = self.text()
            if bool(pred(last)) != gone:
                # ncurses' update can reach tmux in several writes: hand
                # back a screen that has stopped changing, so the caller
                # does not read a half-drawn dialog
                for _ in range(10):
                    time.sleep(0.03)
                    again = self.text()
                    if again == last or bool(pred(again)) == gone:
                        break
                    last = again
                if bool(pred(last)) != gone:
                    return last
            time.sleep(0.05)
        raise AssertionError("timed out waiting for %s%r; screen:\n%s"
                             % ("absence of " if gone else "", want, last))

    def pid(self):
        """ipctop's pid: the child of the pane's shell."""
        shell = self._tmux("list-panes", "-t", "0", "-F", "#{pane_pid}").stdout.strip()
        kids = subprocess.run(["pgrep", "-P", shell], capture_output=True,
                              text=True).stdout.split()
        if len(kids) != 1:
            raise AssertionError("pane shell %s has children %r" % (shell, kids))
        return int(kids[0])

    def status(self):
        """ipctop's exit status, or None while it runs."""
        try:
            with open(self.statusfile) as f:
                return int(f.read().strip())
        except (OSError, ValueError):
            return None

    def wait_exit(self, timeout=10.0):
        return util.wait_for(lambda: self.status() is not None and [self.status()],
                             timeout, "ipctop to exit")[0]

    def stderr(self):
        try:
            with open(self.errfile) as f:
                return f.read()
        except OSError:
            return ""

    def check_clean_exit(self):
        """Quit must restore the terminal and leave no sanitizer report."""
        st = self.wait_exit()
        err = self.stderr()
        if st != 0 or "Sanitizer" in err or "runtime error" in err:
            raise AssertionError("ipctop exited %s\nstderr:\n%s" % (st, err))

    def close(self):
        self._tmux("kill-server", check=False)
        shutil.rmtree(self.tmp, ignore_errors=True)


def row_of(screen_text, needle):
    """The screen line that holds needle, or None."""
    for line in screen_text.split("\n"):
        if needle in line:
            return line
    return None
