"""The live view's history, driven through tmux: sparklines beside the
header's meters and, in a queue's detail, its depth over the kept
refreshes with the net change per second."""
import os

import ipc
import util
from tmuxscreen import Screen, row_of

# the sparkline's levels 0 to 8 without a UTF-8 locale, and with one
ASCII = "_.:-=+*#@"
BLOCKS = "_\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588"
LEVELS = ASCII + BLOCKS
FULL = "@\u2588"
SLIVER = "._\u2581"


def spark_of(line, after):
    """The run of sparkline characters at the end of line, past after."""
    tail = line[line.index(after) + len(after):].rstrip()
    run = ""
    for ch in reversed(tail):
        if ch not in LEVELS:
            break
        run = ch + run
    return run


def hist_row(t, name):
    """The detail's history line of column name."""
    for line in t.split("\n"):
        if name + " " in line and " now " in line:
            return line
    return ""


def fill_queue(s, qid, key, n):
    """One message a refresh, each seen on screen before the next."""
    for i in range(1, n + 1):
        ipc.msgsnd(qid, b"m" * 100)
        s.wait(lambda t, i=i: (row_of(t, key) or "").split()[5:6] == [str(i)], timeout=15)


def test_sparklines_and_detail_history():
    key = ipc.unique_key()
    hexkey = "0x%08x" % key
    qid = ipc.msgget(key=key)
    with Screen("-d", "0.2", "--history", "60", width=140, height=45) as s:
        s.wait(hexkey)
        fill_queue(s, qid, hexkey, 8)
        # the bytes queued grew from nothing to their most: the slot's
        # sparkline rises to a full cell at its right end
        t = s.wait(lambda t: spark_of(row_of(t, "Queued") or "Queued", "msgs")[-1:] in tuple(FULL))
        sp = spark_of(row_of(t, "Queued"), "msgs")
        if len(sp) < 4 or sp[0] in FULL:
            raise AssertionError("sparkline %r does not rise:\n%s" % (sp, t))
        # beside each meter: one queue of msgmni is a sliver, never nothing
        meter = row_of(t, "Queues [")
        if not spark_of(meter, "]") or set(spark_of(meter, "]")) - set(SLIVER):
            raise AssertionError("no sparkline beside the queue meter: %r" % meter)
        s.keys("/")
        s.wait("Search:")
        s.type(hexkey)
        s.keys("Enter")
        s.keys("Enter")
        t = s.wait("History, last")
        msgs = hist_row(t, "MSGS")
        if "now 8" not in msgs or "max 8" not in msgs:
            raise AssertionError("MSGS history: %r\n%s" % (msgs, t))
        rate = msgs.split()[-2]
        if not rate.startswith("+") or not rate.endswith("/s") or float(rate[1:-2]) <= 0:
            raise AssertionError("MSGS rate %r in %r" % (rate, msgs))
        used = hist_row(t, "USEDBYTES")
        if "now 800" not in used:
            raise AssertionError("USEDBYTES history: %r" % used)
        line = used[used.index("USEDBYTES") + 9:used.index("now")].strip()
        if not line or set(line) - set(LEVELS) or line[-1] not in FULL or line[0] in FULL:
            raise AssertionError("USEDBYTES sparkline %r" % line)
        # drained: now 0, the most still 8, and the net change from the
        # first kept refresh (an empty queue) to the last is none
        for _ in range(8):
            ipc.msgrcv(qid)
        t = s.wait(lambda t: "now 0 " in hist_row(t, "MSGS"), timeout=15)
        msgs = hist_row(t, "MSGS")
        if "max 8" not in msgs or msgs.split()[-2] != "+0.00/s":
            raise AssertionError("MSGS after draining: %r" % msgs)
        s.keys("q")
        s.keys("q")
        s.check_clean_exit()


def test_history_off_by_option_and_settings():
    key = ipc.unique_key()
    hexkey = "0x%08x" % key
    qid = ipc.msgget(key=key)
    ipc.msgsnd(qid, b"x")
    with Screen("-d", "0.2", "--history", "0", width=140) as s:
        s.wait(hexkey)
        t = s.wait("refresh 0.2s")
        # a later refresh, proven by the clock of a new message
        ipc.msgsnd(qid, b"y")
        t = s.wait(lambda t: (row_of(t, hexkey) or "").split()[5:6] == ["2"])
        if spark_of(row_of(t, "Queues ["), "]"):
            raise AssertionError("a sparkline with --history 0:\n" + t)
        s.keys("/")
        s.wait("Search:")
        s.type(hexkey)
        s.keys("Enter")
        s.keys("Enter")
        t = s.wait("Resource key")
        if "History" in t:
            raise AssertionError("a history block with --history 0:\n" + t)
        s.keys("q")
        s.keys("q")
        s.check_clean_exit()
    # the settings file's key does the same
    cfg = os.path.join(os.environ.get("TMPDIR", "/tmp"), "ipctop-hist-%d" % os.getpid())
    os.makedirs(os.path.join(cfg, "ipctop"), mode=0o700)
    util.on_cleanup(lambda: __import__("shutil").rmtree(cfg, ignore_errors=True))
    with open(os.path.join(cfg, "ipctop", "ipctoprc"), "w") as f:
        f.write("history = 0\n")
    with Screen("-d", "0.2", width=140, config_dir=cfg) as s:
        s.wait(hexkey)
        ipc.msgsnd(qid, b"z")
        t = s.wait(lambda t: (row_of(t, hexkey) or "").split()[5:6] == ["3"])
        if spark_of(row_of(t, "Queues ["), "]"):
            raise AssertionError("a sparkline with history = 0:\n" + t)
        if "not understood" in t:
            raise AssertionError("the settings key was refused:\n" + t)
        s.keys("q")
        s.check_clean_exit()
