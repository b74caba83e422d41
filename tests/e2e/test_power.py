"""The live view for power users: every option either works there or is
refused, column setup (F2, -o +COL/-COL), whole lists (growing columns,
cut cells marked, wrapped detail views, --once fitted to a terminal),
htop's habits (unknown keys, tags, owners, processes of an object, tree),
and what the collector reads while a tab is shown."""
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time

import ipc
import util
from tmuxscreen import Screen, row_of
from test_tui import goto, hexkey, new_queue, new_segment, new_set

ELLIPSIS = "\u2026"
UTF8 = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}


def quit_clean(s):
    s.keys("q")
    s.check_clean_exit()


def header_line(text, first="KEY"):
    for line in text.split("\n"):
        if line.lstrip().startswith(first):
            return line
    raise AssertionError("no header starting %r:\n%s" % (first, text))


def helper(*args):
    p = util.spawn([util.helper(args[0])] + list(args[1:]), stdout=subprocess.PIPE,
                   stdin=subprocess.PIPE, text=True)
    util.eq(p.stdout.readline().strip(), "ready", "helper %s ready" % args[0])
    return p


def attachers(mid, n):
    return [helper("ipcwait", "shmhold", str(mid)) for _ in range(n)]


def no_tty(*args):
    """ipctop with stdin and stdout not a terminal."""
    return subprocess.run([util.IPCTOP] + list(args), capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=60)


# ---- options never silently ignored --------------------------------------

def test_limits_option_opens_the_limits_view():
    with Screen("-l") as s:
        text = s.wait("SEMVMX")
        for row in ("Limits and use", "MSGMNI", "SHMMIN", "MSGBYTES", "SHMRSS"):
            util.eq(row in text, True, row + " in the limits view")
        s.keys("Escape")
        s.wait("Limits and use", gone=True)
        quit_clean(s)


def test_id_option_opens_that_objects_detail():
    mid, mk = new_segment()
    with Screen("-m", "-i", str(mid)) as s:
        text = s.wait("Shared memory segment %s (id %d)" % (mk, mid))
        util.eq("NATTCH" in text, True, "the detail lists the columns")
        s.keys("Escape")
        quit_clean(s)


def test_output_formats_imply_once():
    qid, qk = new_queue()
    doc = json.loads(no_tty("-J", "-q").stdout)
    util.eq(any(q["id"] == qid for q in doc["msg"]), True, "-J alone prints JSON")
    for opt in ("-r", "-e", "-n"):
        r = no_tty(opt, "-q")
        util.eq(r.returncode, 0, "%s alone: %s" % (opt, r.stderr))
        util.eq(str(qid) in r.stdout, True, "%s alone prints the queues" % opt)


def test_meaningless_options_are_refused_with_a_reason():
    for args, why in ((["--once", "-d", "2"], "refresh interval"),
                      (["--sort", "NOPE"], "unknown sort column 'NOPE'"),
                      (["--once", "--sort", "NOPE"], "unknown sort column 'NOPE'"),
                      (["-o", "NOPE"], "unknown column 'NOPE'"),
                      (["--notruncate"], "--notruncate is for --once"),
                      (["--once", "--threads"], "--threads needs --signals"),
                      (["--once", "-o", "+MAXBYTES,ID"], "'ID' in -o")):
        r = no_tty(*args)
        util.eq(r.returncode, 2, "exit status of %r (%s)" % (args, r.stderr))
        util.eq(why in r.stderr and r.stderr.count("\n") == 1, True,
                "one line saying why for %r: %r" % (args, r.stderr))


def test_columns_bytes_and_time_format_in_the_live_view():
    qid, qk = new_queue(msgs=3)
    with Screen("-q", "-o", "KEY,ID,USEDBYTES,CTIME,MAXBYTES", "-b", "--time-format", "iso",
                width=160) as s:
        text = s.wait(qk)
        head = header_line(text)
        util.eq(head.split(), ["KEY", "ID^", "USEDBYTES", "CTIME", "MAXBYTES"], "-o's columns")
        row = row_of(text, qk).split()
        util.eq(row[2], "6", "-b: bytes exactly")
        util.eq(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$", row[3]) is not None, True,
                "--time-format iso: %r" % row[3])
        util.eq(row[4], "16384", "MAXBYTES, in bytes")
        quit_clean(s)


def test_sort_and_reverse_in_the_live_view():
    qs = [new_queue(msgs=n) for n in (1, 3, 2)]
    with Screen("-q", "--reverse", width=160) as s:
        text = s.wait(qs[2][1])
        util.eq("IDv" in header_line(text).split(), True, "--reverse alone: id descending")
        quit_clean(s)
    with Screen("-q", "--sort", "MSGS", "--reverse", width=160) as s:
        text = s.wait(lambda t: all(k in t for _, k in qs))
        util.eq("MSGSv" in header_line(text).split(), True, "--sort and --reverse")
        order = sorted((text.find(k), k) for _, k in qs)
        util.eq([k for _, k in order], [qs[1][1], qs[2][1], qs[0][1]], "most messages first")
        quit_clean(s)


# ---- column setup -----------------------------------------------------------

def test_f2_adds_a_column_and_saves_it():
    qid, qk = new_queue()
    cfg = tempfile.mkdtemp(prefix="ipctop-power-")
    util.on_cleanup(lambda: shutil.rmtree(cfg, ignore_errors=True))
    with Screen(width=200, config_dir=cfg) as s:
        s.wait(qk)
        util.eq("MAXBYTES" in header_line(s.text()), False, "not a default column")
        s.keys("F2")
        s.wait("Columns of the Queues tab")
        # after the last shown column; MAXBYTES is the last of the others
        s.keys("End", "Right", "End")
        s.wait("MAXBYTES: Maximum bytes")
        s.keys("Enter")
        s.keys("Escape")
        text = s.wait(lambda t: "Columns of" not in t and "MAXBYTES" in header_line(t))
        util.eq(row_of(text, qk).split()[-1], "16K", "the queue's limit shown")
        quit_clean(s)
        with open(os.path.join(s.config, "ipctop", "ipctoprc")) as f:
            rc = f.read()
        util.eq(re.search(r"^columns\.queues = KEY,ID,.*MAXBYTES$", rc, re.M) is not None,
                True, "saved as columns.queues:\n" + rc)
    with Screen(width=200, config_dir=cfg) as s:
        text = s.wait(qk)
        util.eq("MAXBYTES" in header_line(text), True, "kept for the next run")
        # remove it again, and move a column
        s.keys("F2")
        s.wait("Columns of the Queues tab")
        s.keys("End", "Enter", "Home", "]", "Escape")
        text = s.wait(lambda t: "Columns of" not in t)
        head = header_line(text, "ID").split()
        util.eq(head[:2], ["ID^", "KEY"], "KEY moved after ID")
        util.eq("MAXBYTES" in head, False, "removed")
        quit_clean(s)


def test_output_adds_to_and_takes_from_the_defaults():
    qid, qk = new_queue()
    out = util.run("--once", "-q", "-o", "+MAXBYTES,-LSPID,-LRPID").stdout
    head = out.split("\n")[1].split()
    util.eq("MAXBYTES" in head and "LSPID" not in head and "LRPID" not in head
            and "OWNER" in head, True, "defaults changed: %r" % head)
    with Screen("-o", "+MAXBYTES", width=200) as s:
        text = s.wait(qk)
        head = header_line(text).split()
        util.eq(head[-1] == "MAXBYTES" and "OWNER" in head, True, "live: %r" % head)
        quit_clean(s)


def test_sorting_by_a_hidden_column_says_so():
    _, qk = new_queue(msgs=1)
    with Screen(width=120) as s:
        s.wait(qk)
        s.keys("F6")
        s.wait("Sort by")
        for _ in range(40):
            if re.search(r"MAXBYTES", s.text()) and "MAXBYTES" in highlighted(s):
                break
            s.keys("Down")
        s.keys("Enter")
        text = s.wait("sort:MAXBYTES^")
        util.eq("MAXBYTES" in header_line(text).split("sort:")[0], False,
                "the column is not shown")
        quit_clean(s)


def highlighted(s):
    """Lines drawn in reverse video (the highlighted entry of a list)."""
    out = []
    for line in s.text_with_attributes().split("\n"):
        if "\x1b[7m" in line or "\x1b[30m" in line or "46m" in line:
            out.append(re.sub(r"\x1b\[[0-9;]*m", "", line))
    return "\n".join(out)


# ---- whole lists ---------------------------------------------------------------

@util.limit(180)
def test_long_lists_use_the_width_and_cut_ones_say_so():
    mid, mk = new_segment()
    procs = attachers(mid, 6)
    pids = [str(p.pid) for p in procs]
    with Screen("-m", width=250, env=UTF8) as s:
        text = s.wait(lambda t: all(p in t for p in pids))
        row = row_of(text, mk)
        cell = row.split()[-1]
        util.eq(len(cell) > 40 and ELLIPSIS not in row, True,
                "the whole list at 250 columns: %r" % row)
        s.resize(80, 24)
        # scrolled to the list, which no longer fits: cut, and says so
        for _ in range(12):
            s.keys("Right")
        text = s.wait(lambda t: row_of(t, mk) and "ipcwait(" in row_of(t, mk) and
                      ELLIPSIS in row_of(t, mk))
        util.eq(len(row_of(text, mk).rstrip()) <= 80, True, "the row fits")
        # Enter: the list whole, wrapped, and its meaning apart from it
        goto(s, mk)
        s.keys("Enter")
        text = s.wait("Shared memory segment")
        s.keys("End")
        text = s.wait(lambda t: all(p in t for p in pids))
        util.eq("Processes that have it attached" in text, True, "the meaning shown")
        for line in text.split("\n"):
            if "ipcwait(" in line:
                util.eq("Processes" in line, False, "a list line holds no help: %r" % line)
        s.keys("Escape")
        quit_clean(s)


def test_detail_end_and_more_below_and_sticky_semaphore_header():
    sid, sk = new_set(nsems=40)
    with Screen("-s", width=100, height=24) as s:
        s.wait(sk)
        goto(s, sk)
        s.keys("Enter")
        text = s.wait("more below")
        util.eq("SEMNUM" in text, False, "the values are below the first page")
        s.keys("End")
        text = s.wait(lambda t: re.search(r"\n│ +39 ", t))
        util.eq("more below" in text, False, "nothing below the end")
        util.eq("SEMNUM" in text, True, "the values' header stays in view:\n" + text)
        s.keys("g")
        s.wait(lambda t: "KEY " in t and "more below" in t)
        s.keys("G")
        s.wait(lambda t: re.search(r"\n│ +39 ", t))
        s.keys("Escape")
        quit_clean(s)


def test_every_tab_has_a_detail_view():
    r, w = os.pipe()
    sl = util.spawn(["sleep", "300"], stdout=w, stdin=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL)
    os.close(w)
    util.on_cleanup(lambda: os.close(r))
    with Screen("--pipes", width=160) as s:
        s.wait("WRITERS")
        goto(s, str(sl.pid))
        s.wait("sleep(%d)" % sl.pid)
        s.keys("Enter")
        text = s.wait("Pipe ")
        util.eq("WRITERS" in text and "sleep(%d)" % sl.pid in text, True, "the pipe's ends")
        s.keys("Escape")
        quit_clean(s)


def test_once_fits_a_terminal_and_never_drops_a_column():
    helper("sigstate", "sigstate-power")

    def screen_of(*args):
        with Screen("--once", "--signals", *args, width=80, height=50, env=UTF8) as s:
            util.eq(s.wait_exit(), 0, "--once exit status")
            # -J: lines the terminal wrapped, joined again
            return s._tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "0").stdout
    lines = screen_of().split("\n")
    head = [ln for ln in lines if ln.lstrip().startswith("PID")][0]
    util.eq(head.split(), ["PID", "TGID", "USER", "STATE", "COMM", "SIGQ", "PENDING", "SHDPND",
                           "BLOCKED", "IGNORED", "CAUGHT", "WCHAN"], "every column")
    mine = [ln for ln in lines if "sigstate-power" in ln]
    util.eq(len(mine), 1, "the helper's row")
    util.eq(len(mine[0].split()), 12, "a cell for every column: %r" % mine[0])
    util.eq(ELLIPSIS in mine[0], True, "its long lists cut to fit, marked: %r" % mine[0])
    util.eq("USR1,RTMIN+2" in mine[0], False, "cut")
    # --notruncate: every list whole
    mine = [ln for ln in screen_of("--notruncate").split("\n") if "sigstate-power" in ln]
    util.eq("USR1,RTMIN+2" in mine[0] and ELLIPSIS not in mine[0], True, "whole: %r" % mine[0])
    # not a terminal: nothing cut either
    util.eq(ELLIPSIS in util.run("--once", "--signals").stdout, False, "piped: whole")


# ---- htop habits and the signals tab -------------------------------------

def test_unknown_keys_say_so():
    with Screen() as s:
        s.wait("Queues")
        for key in ("e", "F", "l", "s"):
            s.keys("Escape")
            s.wait("unknown key", gone=True)
            s.keys(key)
            s.wait("unknown key, F1 for help")
        quit_clean(s)


def test_clearing_tags_asks_first():
    _, qk = new_queue()
    with Screen() as s:
        s.wait(qk)
        goto(s, qk)
        s.keys("Space")
        s.wait("tagged:1")
        s.keys("c")
        s.wait("Clear 1 tag (1 on this tab, 0 on others)?")
        s.keys("n")
        s.wait("nothing changed")
        util.eq("tagged:1" in s.text(), True, "still tagged")
        s.keys("3", "U")
        s.wait("Clear 1 tag (0 on this tab, 1 on others)?")
        s.keys("y")
        s.wait("1 tag cleared")
        s.wait("tagged:", gone=True)
        quit_clean(s)


def test_u_offers_the_owners_present():
    import pwd
    nobody = pwd.getpwnam("nobody")
    qid, qk = new_queue()
    other, ok = new_queue()
    set_owner(other, nobody.pw_uid, nobody.pw_gid)
    with Screen(width=120) as s:
        s.wait(ok)
        s.keys("u")
        text = s.wait("(everyone)")
        util.eq("nobody" in text and "root" in text, True, "the owners of the rows:\n" + text)
        for _ in range(20):
            if "nobody" in highlighted(s):
                break
            s.keys("Down")
        s.keys("Enter")
        text = s.wait("user:nobody")
        s.wait(lambda t: qk not in t and ok in t)
        quit_clean(s)


def set_owner(qid, uid, gid):
    """IPC_SET a queue's owner: struct ipc_perm starts struct msqid_ds
    (key, uid, gid... as 32-bit numbers)."""
    import ctypes
    buf = ctypes.create_string_buffer(256)
    ipc._check(ipc.libc.msgctl(qid, ipc.IPC_STAT, buf))
    ctypes.memmove(ctypes.addressof(buf) + 4, ctypes.byref(ctypes.c_uint32(uid)), 4)
    ctypes.memmove(ctypes.addressof(buf) + 8, ctypes.byref(ctypes.c_uint32(gid)), 4)
    ipc._check(ipc.libc.msgctl(qid, ipc.IPC_SET, buf))


def test_T_tags_every_row_the_filter_shows():
    qs = [new_queue() for _ in range(3)]
    with Screen() as s:
        s.wait(qs[2][1])
        s.keys("\\")
        s.type(qs[1][1])
        s.keys("Enter")
        s.wait(lambda t: qs[0][1] not in t)
        s.keys("T")
        s.wait("tagged the 1 queues shown")
        s.wait("tagged:1")
        quit_clean(s)


def test_filter_and_search_match_command_names_in_pid_columns():
    qid, qk = new_queue()
    w = helper("ipcwait", "msgrcv", str(qid))
    _, other = new_queue()
    with Screen(width=160) as s:
        s.wait("ipcwait(%d):recv" % w.pid)
        s.keys("\\")
        s.type("ipcwait")
        s.keys("Enter")
        text = s.wait(lambda t: other not in t)
        util.eq(qk in text, True, "the queue whose waiter is ipcwait stays")
        quit_clean(s)


@util.limit(150)
def test_w_jumps_to_an_objects_processes_and_F9_signals_them():
    qid, qk = new_queue()
    waiters = [helper("ipcwait", "msgrcv", str(qid)) for _ in range(2)]
    bystander = util.spawn(["sleep", "300"])
    with Screen(width=160) as s:
        s.wait("ipcwait(%d):recv" % waiters[1].pid)
        goto(s, qk)
        s.keys("w")
        text = s.wait("of:queue %s" % qk)
        s.wait(lambda t: all(" %d " % p.pid in t for p in waiters))
        util.eq(" %d " % bystander.pid in s.text(), False, "only the queue's processes")
        s.keys("T")
        s.wait("tagged the 2 processes shown")
        s.keys("F9")
        s.wait("Send signal to 2 processes")
        s.keys("Enter")
        s.wait("Send TERM (15) to 2 processes")
        s.keys("y")
        s.wait("signalled 2 processes")
        for p in waiters:
            util.wait_for(lambda: p.poll() is not None, what="the waiter to end")
        util.eq(bystander.poll(), None, "the bystander untouched")
        s.keys("Escape")
        s.wait(lambda t: "of:queue" not in t)
        quit_clean(s)


def test_ppid_column_and_tree():
    sh = util.spawn(["sh", "-c", "sleep 300 & sleep 301 & wait"])
    kids = util.wait_for(lambda: [int(x) for x in subprocess.run(
        ["pgrep", "-P", str(sh.pid)], capture_output=True, text=True).stdout.split()]
        if len(subprocess.run(["pgrep", "-P", str(sh.pid)], capture_output=True,
                              text=True).stdout.split()) == 2 else None,
        what="two children")
    with Screen("--signals", "-o", "+PPID", width=200) as s:
        text = s.wait(str(kids[1]))
        util.eq("PPID" in header_line(text, "PID"), True, "PPID column")
        util.eq(str(sh.pid) in row_of(text, " %d " % kids[0]).split(), True,
                "a child's PPID is its shell")
        s.keys("t")
        s.wait("tree")
        # the shell and its children (their PPID matches) on one screen
        filter_to(s, str(sh.pid))
        text = s.wait(lambda t: re.search(r"└─ sleep", t))
        lines = text.split("\n")
        at = [i for i, ln in enumerate(lines) if re.match(r"[\s~+*-]*%d\s" % sh.pid, ln)][0]
        util.eq(re.search(r"├─ sleep", lines[at + 1]) is not None, True,
                "first child under its parent:\n" + "\n".join(lines[at:at + 3]))
        util.eq(re.search(r"└─ sleep", lines[at + 2]) is not None, True, "last child")
        quit_clean(s)


def filter_to(s, text):
    s.keys("\\")
    s.wait("Filter:")
    s.keys("C-u")
    for _ in range(12):
        s.keys("BSpace")
    s.type(text)
    s.keys("Enter")
    s.wait("Filter:", gone=True)


def test_notable_means_pending_or_a_fatal_signal_blocked():
    ign = util.spawn(["sleep", "300"], preexec_fn=lambda: [
        signal.signal(sg, signal.SIG_IGN) for sg in (signal.SIGINT, signal.SIGQUIT,
                                                     signal.SIGPIPE)])
    busy = helper("sigstate", "notable-one")
    with Screen("--signals", width=200) as s:
        s.wait("PENDING")
        filter_to(s, str(ign.pid))
        text = s.wait(" %d " % ign.pid)
        util.eq("INT,QUIT,PIPE" in row_of(text, " %d " % ign.pid), True, "it ignores them")
        s.keys("a")
        s.wait("only processes with a signal pending, or a fatal signal blocked")
        s.wait("no process has a signal pending or a fatal signal blocked")
        filter_to(s, "notable-one")
        s.wait(" %d " % busy.pid)
        s.keys("F1")
        s.wait("ipctop help")
        for _ in range(30):
            s.keys("Down")
        s.wait("ignored ones are not notable")
        s.keys("Escape")
        quit_clean(s)


def test_keys_act_only_on_a_row_drawn():
    with Screen(width=120) as s:
        s.wait("1 Queues (")
        # the tab and the key in one write: the key comes before any row
        # of the tab was drawn
        s.keys("4", "Enter")
        s.wait(lambda t: "PENDING" in t or "not shown yet" in t)
        time.sleep(1.5)   # a refresh or two: whatever the Enter did is on screen
        text = s.text()
        for bad in ("no longer exists", "changed since this view opened"):
            util.eq(bad in text, False, "no detail of a row never shown:\n" + text)
        s.keys("Escape", "1")
        s.wait("KEY")
        s.keys("4", "F9", "Enter")
        s.wait(lambda t: "PENDING" in t)
        time.sleep(1.0)
        text = s.text()
        util.eq("Send signal" in text, False, "no signal offered for a row never shown:\n" + text)
        # once drawn, the same keys work
        s.keys("F9")
        s.wait("Send signal to pid")
        s.keys("Escape")
        s.wait("no signal sent")
        quit_clean(s)


def test_signals_32_and_33_named_as_glibc_reserves_them():
    p = helper("sigreserved")
    out = util.run("--once", "--signals", "-i", str(p.pid)).stdout
    util.eq(re.search(r"BLOCKED\s+CANCEL,SETXID", out) is not None, True, out)
    util.eq(re.search(r"\n\s*32 CANCEL ", out) is not None, True, "the signal rows")
    util.eq(re.search(r"\n\s*33 SETXID ", out) is not None, True, "the signal rows")


# ---- smaller things ---------------------------------------------------------------

def test_messages_stay_on_their_tab_and_read_right():
    _, qk = new_queue()
    mid, mk = new_segment()
    with Screen(width=120) as s:
        s.wait(qk)
        s.keys("5", "F9")
        s.wait("nothing to remove here: pipes cannot be removed")
        s.keys("1")
        s.wait("nothing to remove here", gone=True)
        goto(s, qk)
        s.keys("Space", "3")
        s.wait(mk)
        goto(s, mk)
        s.keys("F9")
        s.wait("1 tagged row on another tab is not included.")
        s.keys("n")
        s.keys("4", "\\")
        s.type("zzzzzz")
        s.keys("Enter")
        s.wait("no processes match the filter")
        quit_clean(s)


def test_every_tab_counts_before_it_is_visited():
    with Screen(width=160) as s:
        s.wait(lambda t: re.search(r"5 Pipes \(\d+\)", t) and re.search(r"4 Signals \(\d+\)", t),
               timeout=20)
        quit_clean(s)


def test_once_small_things():
    qid, qk = new_queue(msgs=1)
    mid, mk = new_segment()
    # -o naming no column of a kind leaves its section out
    out = util.run("--once", "-o", "MSGS,SIZE").stdout
    util.eq("Semaphore Arrays" in out, False, "no empty section:\n" + out)
    util.eq("Message Queues" in out and "Shared Memory" in out, True, "the others stay")
    # -r and -e: times as Unix seconds, as lsipc writes them
    raw = util.run("--once", "-q", "-r", "-n", "-o", "ID,SEND").stdout
    util.eq(re.search(r"^%d \d{9,}$" % qid, raw, re.M) is not None, True, raw)
    exp = util.run("--once", "-q", "-e", "-o", "ID,SEND").stdout
    util.eq(re.search(r'SEND="\d{9,}"', exp) is not None, True, exp)
    # -l: lsipc -g's rows and ipcs -u's use, sizes alike
    lim = util.run("--once", "-l").stdout
    for res in ("SHMMIN", "SEMVMX", "MSGS", "MSGBYTES", "SHMRSS", "SHMSWAP"):
        util.eq(re.search(r"^%s " % res, lim, re.M) is not None, True, res + "\n" + lim)
    shmmax = re.search(r"^SHMMAX .*$", lim, re.M).group(0)
    util.eq(re.search(r"\d+(\.\d)?[KMGTPE] ", shmmax) is not None, True,
            "SHMMAX in sizes like MSGMAX: %r" % shmmax)
    shmmax = re.search(r"^SHMMAX .*$", util.run("--once", "-l", "-b").stdout, re.M).group(0)
    util.eq(re.search(r" \d{4,} ", shmmax) is not None, True, "-b: bytes %r" % shmmax)


def test_command_and_symbolic_permissions_columns():
    p = util.spawn([util.helper("ipcwait"), "shmown"], stdout=subprocess.PIPE, text=True)
    mid = int(p.stdout.readline())
    util.on_cleanup(lambda: ipc.rmid("shm", mid))
    util.eq(p.stdout.readline().strip(), "ready", "the helper attached")
    out = util.run("--once", "-m", "-o", "ID,MODE,COMMAND").stdout
    row = [ln for ln in out.split("\n") if ln.split()[:1] == [str(mid)]][0]
    util.eq(row.split()[1], "-rw-r--r--", "symbolic permissions")
    util.eq(row.split()[2:], [util.helper("ipcwait"), "shmown"], "creator's command line")
    doc = util.once_json("-m", "-o", "ID,COMMAND,MODE")
    g = [x for x in doc["shm"] if x["id"] == mid][0]
    util.eq((g["command"], g["mode"]), (util.helper("ipcwait") + " shmown", "-rw-r--r--"), "JSON")


def test_demo_script_runs_directly():
    here = os.path.dirname(os.path.abspath(__file__))
    util.eq(os.access(os.path.join(here, "../../scripts/demo.sh"), os.X_OK), True,
            "scripts/demo.sh is executable")


def test_man_page_names_every_column_and_json_key():
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "../../doc/ipctop.1")) as f:
        man = f.read().replace("\\-", "-").replace("\\(dq", '"')
    cols = re.findall(r"^ +([A-Z][A-Z0-9%]+)  ", util.run("--help").stdout, re.M)
    util.eq(len(cols) > 50, True, "columns from --help")
    missing = [c for c in cols if not re.search(r"\b%s\b" % re.escape(c), man)]
    util.eq(missing, [], "columns the man page does not name")
    for key in ("waiters", "attached", "cgroup", "command", "mode", "ppid", "shmmin", "semvmx"):
        util.eq('"%s"' % key in man or "B %s" % key in man or key in man, True,
                "JSON key %s in the man page" % key)
    for words in ("ipctoprc", "Left", "mouse", "columns.", "F2", "--notruncate"):
        util.eq(words in man, True, words + " in the man page")


# ---- lighter refresh ---------------------------------------------------------------

def strace_calls(s, seconds_refreshes, calls):
    out = os.path.join(s.tmp, "strace.out")
    st = util.spawn(["strace", "-f", "-qq", "-p", str(s.pid()), "-o", out, "-e",
                     "trace=" + calls])
    util.wait_for(lambda: os.path.exists(out) and open(out).read().count("MSG_INFO")
                  >= seconds_refreshes, timeout=30, what="refreshes under strace")
    st.send_signal(signal.SIGINT)
    st.wait(timeout=10)
    return open(out).read()


@util.limit(150)
def test_the_live_view_collects_only_the_tab_shown():
    if not shutil.which("strace"):
        raise util.Skip("strace not installed")
    _, qk = new_queue()
    new_set()
    new_segment()
    with Screen("-q", "-o", "KEY,ID,MSGS", "-d", "0.3") as s:
        s.wait(qk)
        text = strace_calls(s, 4, "msgctl,semctl,shmctl,openat")
        util.eq("SEM_STAT_ANY" in text or "sysvipc/sem" in text, False,
                "the sets are counted, not listed")
        util.eq("SHM_STAT_ANY" in text or "sysvipc/shm" in text, False,
                "the segments are counted, not listed")
        util.eq("SEM_INFO" in text and "SHM_INFO" in text, True, "the header's counts")
        util.eq(re.search(r'openat\([^)]*"/proc/\d+/', text) is None, True,
                "no process read while no column needs one")
        # both list sources were timed on the first refreshes
        util.eq("MSG_STAT_ANY" in text or "sysvipc/msg" in text, True, "the queues listed")
        quit_clean(s)
