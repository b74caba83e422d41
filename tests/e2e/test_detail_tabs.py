"""Enter opens a row's detail on the tabs whose kind has no label of its
own (pipes), and the live view survives it."""
import os
import subprocess

import util
from tmuxscreen import Screen
from test_tui import filter_to


def test_enter_on_a_pipe_opens_its_detail():
    r, w = os.pipe()
    writer = util.spawn(["sleep", "300"], stdout=w, stdin=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL)
    os.close(w)
    util.on_cleanup(lambda: os.close(r))
    with Screen("--pipes") as s:
        s.wait("WRITERS")
        filter_to(s, str(writer.pid))
        s.wait("sleep(%d)" % writer.pid)
        s.keys("Enter")
        s.wait(" Pipe ")
        s.wait("WRITERS")
        s.keys("Escape")
        s.wait("5 Pipes (")
        s.keys("q")
        s.check_clean_exit()
