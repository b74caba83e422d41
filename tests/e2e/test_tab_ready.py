"""A tab of the signal pass's rows (signals, pipes) shows no rows until a
snapshot made with that pass arrives: the rows collected before it are
bare pids without a start time, and a signal picked on one of them would
be refused as if the pid had been reused."""
import os
import shutil
import signal

import util
from tmuxscreen import Screen
from test_tui import new_queue


@util.limit(120)
def test_signals_tab_waits_for_its_rows():
    if not shutil.which("strace"):
        raise util.Skip("strace not installed")
    _, qk = new_queue()
    with Screen("-d", "60") as s:
        s.wait(qk)
        out = os.path.join(s.tmp, "strace.out")
        # every file the collector opens from now on takes a second: the
        # signals tab's first collection runs long
        st = util.spawn(["strace", "-f", "-qq", "-p", str(s.pid()), "-o", out,
                         "-e", "trace=openat", "-e", "inject=openat:delay_enter=1000000"])
        util.wait_for(lambda: os.path.exists(out), timeout=20, what="strace to attach")
        s.keys("F5")
        util.wait_for(lambda: "openat" in open(out).read(), timeout=20,
                      what="a delayed refresh")
        s.keys("4")
        text = s.wait("PENDING")
        util.eq("collecting the processes..." in text, True,
                "rows without signal state shown:\n" + text)
        st.send_signal(signal.SIGINT)
        st.wait(timeout=30)
        # then the rows, and none of the bare ones shown as gone
        text = s.wait(lambda t: "collecting the processes" not in t and " root " in t,
                      timeout=60)
        util.eq([ln for ln in text.splitlines() if ln.startswith("- ")], [],
                "bare rows shown as gone")
        s.keys("q")
        s.check_clean_exit()
