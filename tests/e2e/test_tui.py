"""The live view, driven through tmux against real kernel objects."""
import ctypes
import os
import re
import signal
import subprocess
import time

import ipc
import util
from tmuxscreen import Screen, row_of


def hexkey(k):
    return "0x%08x" % k


def new_queue(msgs=0, mode=0o600):
    key = ipc.unique_key()
    qid = ipc.msgget(key=key, mode=mode)
    for i in range(msgs):
        ipc.msgsnd(qid, b"x" * (i + 1))
    return qid, hexkey(key)


def new_set(nsems=2, mode=0o600):
    key = ipc.unique_key()
    return ipc.semget(nsems, key=key, mode=mode), hexkey(key)


def new_segment(size=4096, mode=0o600):
    key = ipc.unique_key()
    return ipc.shmget(size, key=key, mode=mode), hexkey(key)


def goto(s, key):
    """Put the cursor on the row with this key (other tests' leftovers
    may sort before it)."""
    s.keys("/")
    s.wait("Search:")
    s.type(key)
    s.keys("Enter")
    s.wait("Search:", gone=True)


def remove_dialog(s, key, press="F9"):
    """Put the cursor on key's row, press the remove key, and return the
    screen once the one-object confirmation is up."""
    goto(s, key)
    s.keys(press)
    return s.wait("Remove 1 object?")


def row_of_id(text, oid):
    """The table row whose ID cell (second column) is oid, or None."""
    for line in text.split("\n"):
        cells = line.lstrip("*~+- ").split()
        if len(cells) > 1 and cells[1] == str(oid):
            return line
    return None


def quit_clean(s):
    s.keys("q")
    s.check_clean_exit()


def test_each_pane_shows_its_objects():
    _, qk = new_queue(msgs=2)
    _, sk = new_set()
    _, gk = new_segment()
    with Screen() as s:
        text = s.wait(qk)
        for col in ("KEY", "ID", "OWNER", "PERMS", "MSGS"):
            util.eq(col in row_of(text, "OWNER"), True, "column " + col)
        s.keys("2")
        text = s.wait(sk)
        util.eq("NSEMS" in text, True, "sem columns")
        s.keys("3")
        text = s.wait(gk)
        util.eq("NATTCH" in text, True, "shm columns")
        s.keys("Tab")
        s.wait("PENDING")            # the signals pane's table
        s.keys("BTab", "BTab")
        s.wait(sk)
        quit_clean(s)


def keys_in_order(text, keys):
    pos = [text.find(k) for k in keys]
    if min(pos) < 0:
        raise AssertionError("keys %r not all on screen:\n%s" % (keys, text))
    return sorted(keys, key=lambda k: text.find(k))


def test_sort_column_and_invert():
    qs = [new_queue(msgs=n) for n in (2, 0, 3)]
    keys = [k for _, k in qs]
    with Screen() as s:
        s.wait(keys[2])
        for _ in range(20):
            if "MSGS^" in s.text():
                break
            s.keys(">")
            time.sleep(0.05)
        text = s.wait("MSGS^")
        util.eq(keys_in_order(text, keys), [keys[1], keys[0], keys[2]], "ascending MSGS")
        s.keys("I")
        text = s.wait("MSGSv")
        util.eq(keys_in_order(text, keys), [keys[2], keys[0], keys[1]], "descending MSGS")
        quit_clean(s)


def test_search_jumps_to_match_and_detail_opens():
    qs = [new_queue() for _ in range(3)]
    with Screen() as s:
        s.wait(qs[2][1])
        goto(s, qs[1][1])
        s.keys("Enter")
        text = s.wait("Message queue " + qs[1][1])
        util.eq("USEDBYTES" in text, True, "detail lists every column")
        s.keys("Escape")
        s.wait("Message queue", gone=True)
        quit_clean(s)


def test_filter_hides_other_rows():
    qs = [new_queue() for _ in range(3)]
    with Screen() as s:
        s.wait(qs[2][1])
        s.keys("\\")
        s.type(qs[0][1])
        text = s.wait(lambda t: qs[1][1] not in t and qs[2][1] not in t)
        util.eq(qs[0][1] in text, True, "matching row stays")
        s.keys("Enter")
        s.wait("filter:" + qs[0][1])
        # an empty filter shows everything again
        s.keys("\\")
        for _ in qs[0][1]:
            s.keys("BSpace")
        s.keys("Enter")
        s.wait(qs[2][1])
        quit_clean(s)


def test_user_filter():
    _, qk = new_queue()
    with Screen() as s:
        s.wait(qk)
        s.keys("u")
        s.type("nobody")
        s.keys("Enter")
        s.wait(qk, gone=True)
        s.keys("u", "Enter")
        s.wait(qk)
        quit_clean(s)


def test_user_option():
    _, qk = new_queue()
    with Screen("-u", "nobody") as s:
        s.wait("no queues match the filter")
        util.eq(qk in s.text(), False, "root's queue hidden by -u nobody")
        quit_clean(s)


def test_detail_of_a_set_shows_each_semaphore():
    sid, sk = new_set(nsems=3)
    ipc.setval(sid, 1, 42)
    with Screen("-s") as s:
        s.wait(sk)
        goto(s, sk)
        s.keys("Enter")
        text = s.wait("SEMNUM")
        line = [l for l in text.split("\n") if l.split()[1:3] == ["1", "42"]]
        util.eq(len(line), 1, "semaphore 1 with value 42 in\n" + text)
        s.keys("q")
        s.wait("SEMNUM", gone=True)
        quit_clean(s)


def test_help_lists_keys_and_closes():
    with Screen() as s:
        s.wait("F1Help")
        s.keys("F1")
        text = s.wait("ipctop help")
        for k in ("F9, x", "Space", "F6"):
            util.eq(k in text, True, "help mentions " + k)
        s.keys("NPage")
        text = s.wait("p, Z")
        util.eq("ipctop help" in text, True, "still the help, scrolled")
        s.keys("Escape")
        s.wait("ipctop help", gone=True)
        s.keys("?")
        s.wait("ipctop help")
        s.keys("x")
        s.wait("ipctop help", gone=True)
        quit_clean(s)


def test_tagged_objects_removed_exactly():
    qs = [new_queue() for _ in range(3)]
    with Screen() as s:
        s.wait(qs[2][1])
        for qid, key in (qs[0], qs[2]):
            goto(s, key)
            s.keys("Space")
            s.wait(lambda t: (row_of(t, key) or "").startswith("*"))
        s.keys("F9")
        text = s.wait("Remove 2 objects?")
        util.eq(qs[0][1] in text and qs[2][1] in text, True, "dialog lists the tagged")
        dialog = [l for l in text.split("\n") if " (id " in l]
        util.eq(len(dialog), 2, "dialog lines")
        util.eq(any(qs[1][1] in l for l in dialog), False, "untagged not listed")
        s.keys("y")
        s.wait("removed 2 objects")
        util.eq(ipc.exists("msg", qs[0][0]), False, "tagged queue 1 removed")
        util.eq(ipc.exists("msg", qs[2][0]), False, "tagged queue 3 removed")
        util.eq(ipc.exists("msg", qs[1][0]), True, "untagged queue kept")
        quit_clean(s)
    for qid, _ in (qs[0], qs[2]):
        ipc.forget("msg", qid)


def test_remove_cursor_segment_shows_nattch():
    gid, gk = new_segment()
    addr = ipc.shmat(gid)
    try:
        with Screen("-m") as s:
            s.wait(gk)
            text = remove_dialog(s, gk, "x")
            util.eq("nattch 1" in row_of(text, gk + " (id "), True, "nattch shown")
            util.eq("destroyed only after its last" in text, True, "attach note")
            s.keys("y")
            s.wait("marked for removal")
            # attached: it lingers with the dest flag until detached
            # and its key turns private: find its row by id
            s.wait(lambda t: "dest" in (row_of_id(t, gid) or ""))
            quit_clean(s)
    finally:
        ipc.shmdt(addr)
    util.eq(ipc.exists("shm", gid), False, "gone after the last detach")
    ipc.forget("shm", gid)


def test_remove_takes_this_tabs_tags_or_the_detailed_object():
    (q1, k1), (q2, k2) = new_queue(), new_queue()
    gid, gk = new_segment()
    with Screen() as s:
        s.wait(k2)
        goto(s, k1)
        s.keys("Space")
        s.wait(lambda t: (row_of(t, k1) or "").startswith("*"))
        # a queue tagged on tab 1 is not removed from tab 3
        s.keys("3")
        s.wait(gk)
        text = remove_dialog(s, gk, "x")
        util.eq(gk in text and k1 not in text, True, "dialog lists the segment only")
        util.eq("1 tagged row on another tab is not included" in text, True, "says so")
        s.keys("n")
        s.wait("nothing removed")
        # in the detail view F9 removes the object shown, not the tags
        s.keys("1")
        s.wait(k2)
        goto(s, k2)
        s.keys("Enter")
        s.wait("Message queue")
        s.keys("F9")
        text = s.wait("Remove 1 object?")
        dialog = [ln for ln in text.split("\n") if " (id " in ln]
        util.eq(len(dialog) == 1 and k2 in dialog[0], True,
                "dialog lists the detailed queue only:\n" + text)
        s.keys("y")
        s.wait("removed")
        util.eq(ipc.exists("msg", q2), False, "detailed queue removed")
        util.eq(ipc.exists("msg", q1), True, "tagged queue kept")
        util.eq(ipc.exists("shm", gid), True, "segment kept")
        quit_clean(s)
    ipc.forget("msg", q2)


def test_remove_dialog_scrolls_through_every_object():
    qs = [new_queue() for _ in range(20)]
    with Screen(width=80, height=24) as s:
        s.wait("Queues (20)")
        s.keys("Home")
        for _ in qs:
            s.keys("Space")
        s.wait(lambda t: "tagged:20" in t or t.count("\n*") >= 15)
        s.keys("x")
        text = s.wait("Remove 20 objects?")
        seen = set(k for _, k in qs if k in text)
        util.eq(len(seen) < 20 and "of 20: Up/Down" in text, True, "a first page")
        for _ in range(20):
            s.keys("Down")
        text = s.wait(lambda t: "of 20: Up/Down" in t and "-20 of 20" in t)
        seen |= set(k for _, k in qs if k in text)
        util.eq(len(seen), 20, "every tagged object listed on some page")
        s.keys("n")
        s.wait("nothing removed")
        util.eq(all(ipc.exists("msg", q) for q, _ in qs), True, "nothing removed")
        quit_clean(s)


def test_columns_scroll_sideways_at_80_columns():
    _, qk = new_queue()
    with Screen(width=80, height=24) as s:
        text = s.wait(qk)
        util.eq("WAITERS" in text, False, "WAITERS off screen at first")
        for _ in range(12):
            s.keys("Right")
        text = s.wait("WAITERS")
        # the key stays, so the row is still recognisable
        util.eq(qk in (row_of(text, qk) or ""), True, "key column pinned")
        util.eq(row_of(text, "WAITERS").startswith("<"), True, "marked as scrolled")
        for _ in range(12):
            s.keys("Left")
        s.wait("WAITERS", gone=True)
        s.wait("OWNER")
        quit_clean(s)


def test_help_fits_80_columns():
    with Screen(width=80, height=24) as s:
        s.wait("F1Help")
        s.keys("F1")
        text = s.wait("ipctop help")
        util.eq("move the cursor" in text and "one per line)" in text, True,
                "help lines whole at 80 columns:\n" + text)
        s.keys("Escape")
        s.wait("ipctop help", gone=True)
        quit_clean(s)


def test_home_and_end_as_xterm_sends_them():
    new_queue()
    with Screen(env={"TERM": "xterm-256color"}) as s:
        s.wait("F1Help")
        # unknown, "\e[4~" would end as the key 4 (the signals tab) and
        # "\e[1~" as 1 (back to the queues): look after each
        for key in ("End", "Home"):
            s.keys(key)
            time.sleep(0.5)
            text = s.text()
            util.eq("PENDING" in text, False, key + " switched tabs:\n" + text)
        quit_clean(s)


def test_remove_cancelled_with_n():
    qid, qk = new_queue()
    with Screen() as s:
        s.wait(qk)
        remove_dialog(s, qk)
        s.keys("n")
        s.wait("nothing removed")
        util.eq(ipc.exists("msg", qid), True, "queue kept after n")
        s.keys("F9")
        s.wait("Remove 1 object?")
        s.keys("Escape")
        s.wait("nothing removed")
        util.eq(ipc.exists("msg", qid), True, "queue kept after Esc")
        quit_clean(s)


def test_readonly_never_removes():
    qid, qk = new_queue()
    with Screen("--readonly") as s:
        s.wait(qk)
        goto(s, qk)
        s.keys("F9")
        s.wait("read-only")
        s.keys("y")
        util.eq(ipc.exists("msg", qid), True, "queue kept in read-only mode")
        util.eq("Remove 1 object?" in s.text(), False, "no dialog")
        quit_clean(s)


def test_kernel_refusal_is_shown():
    if os.geteuid() != 0:
        raise util.Skip("needs root to run ipctop as another user")
    qid, qk = new_queue(mode=0o666)
    with Screen(user=65534) as s:
        s.wait(qk)
        remove_dialog(s, qk)
        s.keys("y")
        text = s.wait("Operation not permitted")
        util.eq("cannot remove" in text, True, "refusal message")
        util.eq(ipc.exists("msg", qid), True, "queue kept after EPERM")
        quit_clean(s)


def test_every_refusal_counted_and_kept_tagged():
    if os.geteuid() != 0:
        raise util.Skip("needs root to run ipctop as another user")
    qs = [new_queue(mode=0o666) for _ in range(2)]
    with Screen(user=65534) as s:
        s.wait(qs[1][1])
        for _, key in qs:
            goto(s, key)
            s.keys("Space")
            s.wait(lambda t, k=key: (row_of(t, k) or "").startswith("*"))
        s.keys("F9")
        s.wait("Remove 2 objects?")
        s.keys("y")
        text = s.wait("2 not (still tagged)")
        util.eq("removed 0 of 2" in text and "Operation not permitted" in text, True,
                "refusals said:\n" + text)
        for _, key in qs:
            util.eq((row_of(text, key) or "").startswith("*"), True, key + " still tagged")
        util.eq(all(ipc.exists("msg", q) for q, _ in qs), True, "both kept")
        quit_clean(s)


def test_narrow_header_never_shows_a_cut_number():
    new_queue()
    with Screen(width=50, height=20) as s:
        text = s.wait("Queues (1)")
        meter = row_of(text, "Queues [")
        if not re.search(r"Queues \[[| ]*1\]", meter):
            raise AssertionError("queues meter should show the use alone: %r" % meter)
        quit_clean(s)


def test_filter_indicator_whole_at_80_columns():
    _, qk = new_queue()
    with Screen(width=80, height=24) as s:
        s.wait(qk)
        filter_to(s, qk)
        title = row_of(s.text(), "ipctop on")
        util.eq(("filter:" + qk) in title, True, "filter on the title line: %r" % title)
        quit_clean(s)


def test_semaphore_detail_stays_in_its_box_at_80x24():
    _, sk = new_set(nsems=3)
    with Screen("-s", width=80, height=24) as s:
        s.wait(sk)
        goto(s, sk)
        s.keys("Enter")
        s.wait("Semaphore set")
        for _ in range(20):
            text = s.text()
            for ln in text.split("\n"):
                if "SEMNUM" in ln and not ln.startswith("\u2502"):
                    raise AssertionError("SEMNUM header outside the box:\n" + text)
            if re.search(r"^\u2502\s+2\s", text, re.M):
                break
            s.keys("Down")
        else:
            raise AssertionError("semaphore 2 never shown:\n" + text)
        s.keys("Escape")
        quit_clean(s)


def test_pause_stops_refreshing():
    with Screen("-d", "0.2") as s:
        s.wait("refresh 0.2s")
        s.keys("p")
        s.wait("[PAUSED]")
        qid, qk = new_queue()
        time.sleep(1.5)        # several intervals: nothing may show up
        util.eq(qk in s.text(), False, "no refresh while paused")
        s.keys("p")
        s.wait(qk)
        quit_clean(s)


def test_new_and_gone_marks():
    _, first = new_queue()
    with Screen() as s:
        s.wait(first)
        qid, qk = new_queue()
        s.wait(lambda t: (row_of(t, qk) or "").startswith("+"))
        ipc.rmid("msg", qid)
        ipc.forget("msg", qid)
        s.wait(lambda t: (row_of(t, qk) or "").startswith("-"))
        s.wait(qk, gone=True)
        quit_clean(s)


def test_cursor_follows_object_across_refresh():
    qs = [new_queue() for _ in range(2)]
    with Screen() as s:
        s.wait(qs[1][1])
        s.keys("I")                    # ID descending: new queues go on top
        goto(s, qs[0][1])
        _, nk = new_queue()
        s.wait(nk)
        s.keys("Enter")
        s.wait("Message queue " + qs[0][1])
        s.keys("Escape")
        s.wait("Message queue", gone=True)
        quit_clean(s)


def test_resize_to_tiny_and_back():
    _, qk = new_queue()
    with Screen() as s:
        s.wait(qk)
        s.resize(20, 5)
        s.wait("too small")
        s.resize(80, 24)
        s.wait(qk)
        s.resize(200, 60)
        s.wait(qk)
        # a burst of resizes, some tiny, while the help and a dialog are up
        s.keys("h")
        for w, h in ((1, 1), (300, 100), (39, 9), (40, 10), (2, 50), (120, 3)) * 3:
            s.resize(w, h)
        s.resize(100, 30)
        s.wait("ipctop help")
        s.keys("Escape")
        s.wait("ipctop help", gone=True)
        remove_dialog(s, qk)
        for w, h in ((10, 4), (81, 25), (20, 5)):
            s.resize(w, h)
        s.resize(100, 30)
        s.wait("Remove 1 object?")
        s.keys("n")
        s.wait("nothing removed")
        util.eq(s.status(), None, "still running")
        quit_clean(s)


def test_settings_persist():
    with Screen() as s:
        cfg = s.config
        s.wait("ID^")
        s.keys("3", ">")
        s.wait("OWNER^")
        s.keys("q")
        s.check_clean_exit()
        with open(os.path.join(cfg, "ipctop", "ipctoprc")) as f:
            rc = f.read()
        util.eq("pane = shmems" in rc, True, "pane saved:\n" + rc)
        with Screen(config_dir=cfg) as s2:
            text = s2.wait("OWNER^")
            util.eq("NATTCH" in text, True, "starts on the segments pane")
            quit_clean(s2)
        with open(os.path.join(cfg, "ipctop", "ipctoprc"), "w") as f:
            f.write("pane = nowhere\n")
        with Screen(config_dir=cfg) as s3:
            s3.wait("not understood")
            s3.wait("ID^")
            quit_clean(s3)


def test_not_a_terminal():
    r = util.run(check=False)
    util.eq(r.returncode, 1, "exit status without a terminal")
    util.eq("--once" in r.stderr, True, "suggests --once: " + r.stderr)


def test_dumb_terminal():
    with Screen(env={"TERM": "dumb"}) as s:
        util.eq(s.wait_exit(), 1, "exit status with TERM=dumb")
        util.eq("--once" in s.stderr(), True, "suggests --once: " + s.stderr())


def test_mouse_click_tab():
    _, sk = new_set()
    # the SGR mouse reports below are what xterm's terminfo asks for
    with Screen(env={"TERM": "xterm-256color"}) as s:
        text = s.wait("2 Sem sets")
        lines = text.split("\n")
        y = next(i for i, l in enumerate(lines) if "2 Sem sets" in l)
        x = lines[y].index("2 Sem sets")
        # SGR mouse press and release at (x+1, y+1), 1-based
        seq = "\x1b[<0;%d;%dM\x1b[<0;%d;%dm" % (x + 2, y + 1, x + 2, y + 1)
        s.type(seq)
        text = s.wait(sk)
        util.eq("NSEMS" in text, True, "clicked tab shows sets")
        quit_clean(s)


def test_signal_sent_from_signals_pane():
    p = util.spawn(["sleep", "300"])
    pid = str(p.pid)
    with Screen("--signals") as s:
        s.wait("PENDING")
        goto(s, pid)
        s.keys("F9")
        s.wait("Send signal to pid %s (sleep)" % pid)
        # typing a name switches the picker to the prompt
        s.type("USR1")
        s.wait("Enter sends: USR1")
        s.keys("Enter")
        s.wait("Send USR1 (10) to pid %s (sleep)?" % pid)
        s.keys("y")
        util.wait_for(lambda: p.poll() is not None, 10, "sleep to die of SIGUSR1")
        util.eq(p.returncode, -10, "killed by SIGUSR1")
        quit_clean(s)


def test_readonly_sends_no_signal():
    p = util.spawn(["sleep", "300"])
    with Screen("--signals", "--readonly") as s:
        s.wait("PENDING")
        goto(s, str(p.pid))
        s.keys("F9")
        s.wait("sending signals is disabled")
        util.eq("Send signal" in s.text(), False, "no signal prompt")
        util.eq(p.poll(), None, "process still running")
        quit_clean(s)


def test_click_column_header_sorts():
    qs = [new_queue(msgs=n) for n in (1, 3, 2)]
    with Screen(env={"TERM": "xterm-256color"}) as s:
        text = s.wait(qs[2][1])
        lines = text.split("\n")
        y = next(i for i, l in enumerate(lines) if " MSGS" in l and "KEY" in l)
        x = lines[y].index(" MSGS") + 2
        seq = "\x1b[<0;%d;%dM\x1b[<0;%d;%dm" % (x + 1, y + 1, x + 1, y + 1)
        s.type(seq)
        text = s.wait("MSGS^")
        util.eq(keys_in_order(text, [k for _, k in qs]), [qs[0][1], qs[2][1], qs[1][1]],
                "ascending MSGS after a click")
        quit_clean(s)


def help_columns(title):
    """Column names of one kind, in table order, from ipctop --help."""
    out = util.run("--help").stdout.split("\n")
    start = next(i for i, l in enumerate(out) if l.startswith(title))
    names = []
    for line in out[start + 1:]:
        if not line.strip():
            break
        names.append(line.split()[0])
    return names


def test_sort_menu_f6():
    qs = [new_queue(msgs=n) for n in (3, 1, 2)]
    keys = [k for _, k in qs]
    idx = help_columns("Message queue columns").index("MSGS")
    with Screen() as s:
        s.wait(keys[2])
        s.keys("F6")
        text = s.wait("Sort by")
        util.eq("USEDBYTES" in text and "CUID" in text, True, "menu lists the columns")
        s.keys("Home")
        for _ in range(idx):
            s.keys("Down")
        s.keys("Enter")
        text = s.wait("MSGS^")
        util.eq(keys_in_order(text, keys), [keys[1], keys[2], keys[0]], "sorted by MSGS")
        s.keys("F6")
        s.wait("Sort by")
        s.keys("Escape")
        s.wait("Sort by", gone=True)
        quit_clean(s)


def test_term_unset_on_a_real_tty():
    import pty
    master, slave = pty.openpty()
    try:
        env = {k: v for k, v in os.environ.items() if k != "TERM"}
        r = subprocess.run([util.IPCTOP], stdin=slave, stdout=slave,
                           stderr=subprocess.PIPE, text=True, env=env, timeout=20)
    finally:
        os.close(slave)
        os.close(master)
    util.eq(r.returncode, 1, "exit status with TERM unset")
    util.eq("TERM is unset" in r.stderr and "--once" in r.stderr, True, r.stderr)


def test_no_color():
    _, qk = new_queue()
    for args, env, want in (([], {}, True), (["--no-color"], {}, False),
                            ([], {"NO_COLOR": "1"}, False)):
        with Screen(*args, env=env) as s:
            s.wait(qk)
            raw = s.text_with_attributes()
            colours = re.findall(r"\x1b\[[0-9;]*m", raw)
            # 39/49 reset to the default colours; anything else sets one
            colour_params = {str(n) for n in list(range(30, 39)) + list(range(40, 49))
                             + list(range(90, 98)) + list(range(100, 108))}
            coloured = [c for c in colours
                        if colour_params & set(c[2:-1].split(";"))]
            util.eq(bool(coloured), want, "colour codes with %r %r" % (args, env))
            if not want:
                util.eq(bool(re.search(r"\x1b\[([0-9;]*;)?7[;m]", raw)), True,
                        "cursor row still shown (reverse)")
            quit_clean(s)


def test_ctrl_c_and_sigterm_quit_cleanly():
    with Screen() as s:
        s.wait("F1Help")
        s.keys("C-c")
        s.check_clean_exit()
    with Screen() as s:
        s.wait("F1Help")
        os.kill(s.pid(), 15)
        s.check_clean_exit()


def test_interval_key_and_refresh_now():
    with Screen() as s:
        cfg = s.config
        s.wait("refresh 1.0s")
        s.keys("d")
        s.wait("Refresh interval")
        for _ in range(4):
            s.keys("BSpace")
        s.type("0.3")
        s.keys("Enter")
        s.wait("refresh 0.3s")
        # paused, only F5 brings a new object in
        s.keys("Z")
        s.wait("[PAUSED]")
        _, qk = new_queue()
        s.keys("F5")
        s.wait(qk)
        quit_clean(s)
        with open(os.path.join(cfg, "ipctop", "ipctoprc")) as f:
            util.eq("delay = 0.300" in f.read(), True, "interval saved")


def test_clear_tags():
    qs = [new_queue() for _ in range(2)]
    with Screen() as s:
        s.wait(qs[1][1])
        goto(s, qs[0][1])
        s.keys("Space")
        s.wait("tagged:1")
        s.keys("c")
        s.wait("Clear 1 tag")
        s.keys("y")
        s.wait("tagged:1", gone=True)
        text = remove_dialog(s, qs[1][1])
        util.eq(qs[0][1] in row_of(text, " (id "), False, "cleared tag not listed")
        util.eq(qs[1][1] in row_of(text, " (id "), True, "cursor object listed")
        s.keys("n")
        s.wait("nothing removed")
        quit_clean(s)


def test_mouse_click_row():
    qs = [new_queue() for _ in range(3)]
    with Screen(env={"TERM": "xterm-256color"}) as s:
        text = s.wait(qs[2][1])
        lines = text.split("\n")
        y = next(i for i, l in enumerate(lines) if qs[1][1] in l)
        seq = "\x1b[<0;5;%dM\x1b[<0;5;%dm" % (y + 1, y + 1)
        s.type(seq)
        s.keys("Enter")
        s.wait("Message queue " + qs[1][1])
        s.keys("Escape")
        s.wait("Message queue", gone=True)
        quit_clean(s)


def test_process_detail_lists_signals():
    p = util.spawn(["sleep", "300"])
    with Screen("--signals") as s:
        s.wait("PENDING")
        goto(s, str(p.pid))
        s.keys("Enter")
        text = s.wait("Process %d" % p.pid)
        util.eq(re.search(r"COMM +sleep ", text) is not None, True, "identity line")
        for _ in range(70):
            s.keys("Down")
        text = s.wait("RTMAX")
        s.keys("Escape")
        s.wait("Process %d" % p.pid, gone=True)
        quit_clean(s)


def test_unknown_terminal_type():
    with Screen(env={"TERM": "no-such-terminal"}) as s:
        util.eq(s.wait_exit(), 1, "exit status with an unknown TERM")
        err = s.stderr()
        util.eq("cannot start the terminal" in err and "--once" in err, True, err)
        util.eq("ERROR: " in err, False, "no sanitizer report: " + err)


def test_signal_picker():
    p = util.spawn(["sleep", "300"])
    with Screen("--signals") as s:
        s.wait("PENDING")
        goto(s, str(p.pid))
        s.keys("F9")
        title = "Send signal to pid %d (sleep)" % p.pid
        # the title and the list may reach tmux in separate writes
        text = s.wait(lambda t: title in t and "15 TERM" in t)
        util.eq("SIG NAME" in text, True, "picker header")
        # the common signals first, TERM at the top, then by number
        # a picker line: the row mark of the table behind (" ", "~"...),
        # the box's border, the number and the name
        order = [ln.split()[1:3] for ln in text.split("\n")
                 if re.match(r"\s*[~+*-]?\s*\S\s+\d+ [A-Z]", ln)]
        util.eq(order[:9], [["15", "TERM"], ["9", "KILL"], ["1", "HUP"], ["2", "INT"],
                            ["3", "QUIT"], ["10", "USR1"], ["12", "USR2"], ["19", "STOP"],
                            ["18", "CONT"]], "common signals first")
        util.eq(order[9][:2], ["4", "ILL"], "then the rest by number")
        s.keys("Escape")
        s.wait("no signal sent")
        util.eq(p.poll(), None, "Esc sends nothing")
        for answer in ("n", "y"):
            s.keys("F9")
            s.wait("SIG NAME")
            s.keys("Home")
            for _ in range(6):        # TERM KILL HUP INT QUIT USR1 USR2
                s.keys("Down")
            s.keys("Enter")
            s.wait("Send USR2 (12) to pid %d (sleep)?" % p.pid)
            s.keys(answer)
            if answer == "n":
                s.wait("no signal sent")
                util.eq(p.poll(), None, "n sends nothing")
        util.wait_for(lambda: p.poll() is not None, 10, "sleep to die of SIGUSR2")
        util.eq(p.returncode, -12, "killed by SIGUSR2")
        quit_clean(s)


FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "sysv")


def test_fixture_proc_tree_and_malformed_lines():
    with Screen("--procfs", os.path.join(FIXTURES, "good")) as s:
        s.wait("0x00001234")
        quit_clean(s)
    with Screen("--procfs", os.path.join(FIXTURES, "malformed")) as s:
        s.wait("malformed line")
        s.wait("0x00001234")
        quit_clean(s)


def start_helper(name, *args):
    p = util.spawn([util.helper(name)] + list(args), stdout=subprocess.PIPE, text=True)
    util.eq(p.stdout.readline().strip(), "ready", name + " ready")
    return p


def filter_to(s, text):
    s.keys("\\")
    for _ in range(24):          # the prompt starts with the current filter
        s.keys("BSpace")
    s.type(text)
    s.keys("Enter")
    s.wait("filter:" + text)


def default_signals():
    """Every disposition back to default, nothing blocked. The C library
    refuses its own signals 32 and 33, so those go to the kernel directly
    (rt_sigaction with a zeroed struct: SIG_DFL)."""
    for sig in range(1, signal.NSIG):
        try:
            signal.signal(sig, signal.SIG_DFL)
        except (OSError, ValueError):
            pass
    libc = ctypes.CDLL(None, use_errno=True)
    act = ctypes.create_string_buffer(32)
    for sig in range(32, signal.SIGRTMIN):
        libc.syscall(13, sig, act, None, 8)     # SYS_rt_sigaction on x86_64
    signal.pthread_sigmask(signal.SIG_SETMASK, [])


def test_notable_toggle_hides_quiet_processes():
    loud = start_helper("sigstate")          # pending, blocked, ignored TERM
    # nothing of note: not even the ignored INT/QUIT a background job
    # inherits from its shell
    quiet = util.spawn(["sleep", "300"], preexec_fn=default_signals)
    with Screen("--signals") as s:
        s.wait("PENDING")
        filter_to(s, str(quiet.pid))
        s.wait(" sleep ")
        s.keys("a")
        s.wait("no process has a signal pending")
        filter_to(s, str(loud.pid))
        s.wait(" sigstate ")
        s.keys("a")
        s.wait("showing all processes")
        filter_to(s, str(quiet.pid))
        s.wait(" sleep ")
        quit_clean(s)


def test_threads_toggle_and_k_opens_the_picker():
    qid, _ = new_queue()
    p = start_helper("ipcwait", "thread-msgrcv", str(qid))
    with Screen("--signals") as s:
        s.wait("PENDING")
        filter_to(s, "ipcwait")
        s.wait(lambda t: t.count(" ipcwait ") == 1)
        s.keys("H")
        s.wait(lambda t: t.count(" ipcwait ") == 2)
        s.keys("H")
        s.wait(lambda t: t.count(" ipcwait ") == 1)
        s.keys("k")
        s.wait("Send signal to pid %d (ipcwait)" % p.pid)
        s.keys("Escape")
        s.wait("no signal sent")
        util.eq(p.poll(), None, "Esc sends nothing")
        quit_clean(s)


def test_pipes_tab_shows_a_pipeline_as_a_chain():
    r, w = os.pipe()
    # nothing else inherited: a runner's stdin or stderr may be a pipe too
    writer = util.spawn(["sleep", "300"], stdout=w, stdin=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL)
    reader = util.spawn(["cat"], stdin=r, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(r)
    os.close(w)
    with Screen() as s:
        s.keys("5")
        s.wait("WRITERS")
        filter_to(s, str(writer.pid))
        text = s.wait("sleep(%d)" % writer.pid)
        row = [ln for ln in text.splitlines() if "sleep(%d)" % writer.pid in ln]
        util.eq(len(row), 1, "one pipe row for the pipeline:\n" + text)
        util.eq("cat(%d)" % reader.pid in row[0], True, "reader on the same row: %r" % row[0])
        quit_clean(s)
