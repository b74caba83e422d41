"""The live view's settings file: written only through a new file in a
directory nobody else controls, every line the user wrote kept, only what
was changed on screen saved, and a failed save said once."""
import os
import shutil
import signal
import subprocess
import tempfile

import util
from tmuxscreen import Screen

NOBODY = 65534


def config_home(mode=0o755):
    """A fresh XDG_CONFIG_HOME, removed after the test."""
    d = tempfile.mkdtemp(prefix="ipctop-e2e-cfg-")
    os.chmod(d, mode)
    util.on_cleanup(lambda: shutil.rmtree(d, ignore_errors=True))
    return d


def rc_dir(cfg, mode=0o700, owner=None):
    d = os.path.join(cfg, "ipctop")
    os.mkdir(d)
    os.chmod(d, mode)
    if owner is not None:
        os.chown(d, owner, owner)
    return d


def write(path, text, mode=0o600, owner=None):
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)
    if owner is not None:
        os.chown(path, owner, owner)


def read(path):
    with open(path) as f:
        return f.read()


def quit_clean(s):
    s.keys("q")
    s.check_clean_exit()


def sort_by_owner(s):
    """Change the queues tab's sort on screen: ID to OWNER."""
    s.wait("ID^")
    s.keys(">")
    s.wait("OWNER^")


def test_save_never_writes_through_a_planted_link():
    cfg = config_home()
    d = rc_dir(cfg)
    outside = config_home(0o700)
    victim = os.path.join(outside, "victim")
    write(victim, "precious\n", mode=0o644)
    os.symlink(victim, os.path.join(d, "ipctoprc.tmp"))
    with Screen(config_dir=cfg) as s:
        sort_by_owner(s)
        quit_clean(s)
    util.eq(read(victim), "precious\n", "file behind the planted link")
    rc = os.path.join(d, "ipctoprc")
    util.eq(os.path.islink(rc), False, "ipctoprc is a file of its own")
    util.eq("sort.queues = OWNER" in read(rc), True, "sort saved:\n" + read(rc))
    util.eq(os.stat(rc).st_mode & 0o777, 0o600, "new file's mode")
    # the link is someone else's doing: left, and no temporary file behind
    util.eq(sorted(os.listdir(d)), ["ipctoprc", "ipctoprc.tmp"], "directory")
    util.eq(os.path.islink(os.path.join(d, "ipctoprc.tmp")), True, "planted link left")


def test_lines_not_understood_are_kept_and_the_rest_applies():
    cfg = config_home()
    d = rc_dir(cfg)
    lines = [
        "# my ipctop settings",
        "#" + "x" * 299,
        "colour = blue",
        "",
        "delay = 2",
        "   # indented comment",
        "delay = soon",
    ]
    util.eq(len(lines[1]), 300, "long comment")
    write(os.path.join(d, "ipctoprc"), "\n".join(lines) + "\n", mode=0o640)
    with Screen(config_dir=cfg, width=160) as s:
        s.wait("refresh 2.0s")
        text = s.wait("not understood")
        util.eq("ipctoprc lines 3, 7 not understood (line 3: unknown setting \"colour\")"
                in text, True, "the lines not understood, by number:\n" + text)
        sort_by_owner(s)
        quit_clean(s)
    rc = os.path.join(d, "ipctoprc")
    util.eq(read(rc).split("\n"), lines + ["sort.queues = OWNER", ""], "file after the save")
    util.eq(os.stat(rc).st_mode & 0o777, 0o640, "the file's mode kept")
    # again: the sort line is rewritten where it is, not added twice
    with Screen(config_dir=cfg, width=160) as s:
        s.wait("OWNER^")
        s.keys(">")
        s.wait("PERMS^")
        quit_clean(s)
    util.eq(read(rc).split("\n"), lines + ["sort.queues = PERMS", ""], "file after a second save")


def test_command_line_values_are_not_saved():
    cfg = config_home()
    d = rc_dir(cfg)
    rc = os.path.join(d, "ipctoprc")
    write(rc, "delay = 2\n")
    with Screen("-d", "0.3", "-m", config_dir=cfg) as s:
        s.wait("refresh 0.3s")
        s.wait("NATTCH")
        sort_by_owner(s)
        quit_clean(s)
    util.eq(read(rc), "delay = 2\nsort.shmems = OWNER\n", "only the sort changed on screen")
    with Screen("--sort", "SIZE", "-m", config_dir=cfg) as s:
        s.wait("SIZE^")
        s.keys("I")
        s.wait("SIZEv")
        quit_clean(s)
    util.eq(read(rc), "delay = 2\nsort.shmems = OWNER\nreverse.shmems = 1\n",
            "--sort stays out, the inverted order is saved")
    # what was saved applies; what was given on the command line did not stick
    with Screen(config_dir=cfg) as s:
        s.wait("refresh 2.0s")
        s.wait("ID^")
        s.keys("3")
        s.wait("OWNERv")
        quit_clean(s)


def refused(cfg, why, check_dir):
    """Run ipctop on cfg: the refusal is said, the file's delay = 3 not
    applied, and nothing in check_dir changes after a change on screen."""
    before = {n: read(os.path.join(check_dir, n)) for n in os.listdir(check_dir)}
    with Screen(config_dir=cfg, width=160) as s:
        text = s.wait("settings file not used")
        util.eq(why in text, True, "reason %r said:\n%s" % (why, text))
        s.wait("refresh 1.0s")
        sort_by_owner(s)
        s.keys("3")
        s.wait("NATTCH")
        quit_clean(s)
    after = {n: read(os.path.join(check_dir, n)) for n in os.listdir(check_dir)}
    util.eq(after, before, "directory untouched")


def test_refuses_a_directory_others_control():
    if os.geteuid() != 0:
        raise util.Skip("needs root to give a directory to another user")
    # owned by another user: root refuses it too
    cfg = config_home()
    d = rc_dir(cfg, owner=NOBODY)
    write(os.path.join(d, "ipctoprc"), "delay = 3\n", owner=NOBODY)
    refused(cfg, "ipctop is owned by uid %d, not 0" % NOBODY, d)
    # writable by everyone, sticky or not
    for mode in (0o777, 0o1777, 0o770):
        cfg = config_home()
        d = rc_dir(cfg, mode=mode)
        write(os.path.join(d, "ipctoprc"), "delay = 3\n")
        refused(cfg, "ipctop is writable by", d)
    # a link to such a directory
    cfg = config_home()
    target = config_home(0o700)
    write(os.path.join(target, "ipctoprc"), "delay = 3\n")
    os.chown(target, NOBODY, NOBODY)
    os.symlink(target, os.path.join(cfg, "ipctop"))
    refused(cfg, "is owned by uid %d" % NOBODY, target)
    # a directory of root's, through a link another user made
    cfg = config_home()
    target = config_home(0o700)
    write(os.path.join(target, "ipctoprc"), "delay = 3\n")
    link = os.path.join(cfg, "ipctop")
    os.symlink(target, link)
    os.lchown(link, NOBODY, NOBODY)
    refused(cfg, "ipctop is a symbolic link owned by uid %d, not 0" % NOBODY, target)


def test_refuses_a_file_others_control():
    if os.geteuid() != 0:
        raise util.Skip("needs root to give a file to another user")
    cfg = config_home()
    d = rc_dir(cfg)
    write(os.path.join(d, "ipctoprc"), "delay = 3\n", mode=0o644, owner=NOBODY)
    refused(cfg, "ipctoprc is owned by uid %d, not 0" % NOBODY, d)
    cfg = config_home()
    d = rc_dir(cfg)
    write(os.path.join(d, "ipctoprc"), "delay = 3\n", mode=0o620)
    refused(cfg, "ipctoprc is writable by its group", d)


def test_a_link_to_our_own_directory_is_used():
    cfg = config_home()
    target = config_home(0o700)
    write(os.path.join(target, "ipctoprc"), "delay = 2\n")
    os.symlink(target, os.path.join(cfg, "ipctop"))
    with Screen(config_dir=cfg) as s:
        s.wait("refresh 2.0s")
        sort_by_owner(s)
        quit_clean(s)
    util.eq(read(os.path.join(target, "ipctoprc")), "delay = 2\nsort.queues = OWNER\n",
            "saved through the link to the directory")
    # a relative link, as dotfile managers make them
    cfg = config_home()
    target = rc_dir(cfg)
    os.rename(target, os.path.join(cfg, "real"))
    os.symlink("real", os.path.join(cfg, "ipctop"))
    with Screen(config_dir=cfg) as s:
        sort_by_owner(s)
        quit_clean(s)
    util.eq(read(os.path.join(cfg, "real", "ipctoprc")).endswith("sort.queues = OWNER\n"), True,
            "saved through the relative link")


@util.limit(180)
def test_failed_save_said_once_and_not_retried():
    if os.geteuid() != 0:
        raise util.Skip("needs root to run ipctop as another user")
    if not shutil.which("strace"):
        raise util.Skip("strace not installed")
    cfg = config_home()
    d = rc_dir(cfg, mode=0o500, owner=NOBODY)
    with Screen(user=NOBODY, config_dir=cfg, width=160) as s:
        sort_by_owner(s)
        text = s.wait("cannot save settings")
        util.eq("cannot save settings to %s/ipctoprc: Permission denied" % d in text, True,
                "failure said:\n" + text)
        # idle: the main loop keeps waking (poll) but tries no save
        out = os.path.join(cfg, "strace.out")
        st = util.spawn(["strace", "-p", str(s.pid()), "-o", out,
                         "-e", "trace=poll,openat,rename,renameat,renameat2,unlink,unlinkat"],
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # the main loop's poll (terminal and collector, 1 s), not curses' own
        util.wait_for(lambda: os.path.exists(out) and
                      read(out).count("], 2, 1000) = ") >= 3, 20,
                      "three passes of the main loop")
        st.send_signal(signal.SIGINT)
        st.wait(timeout=10)
        trace = read(out)
        util.eq("ipctoprc" in trace, False, "no save tried while idle:\n" + trace)
        util.eq("OWNER^" in s.text(), True, "still running")
        quit_clean(s)
    util.eq(os.listdir(d), [], "nothing written")
