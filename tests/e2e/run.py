#!/usr/bin/env python3
"""End-to-end test runner: real kernel objects, the real ipctop binary.

Runs every test_* function of every tests/e2e/test_*.py module, each with
its objects and processes cleaned up afterwards, pass or fail. As root it
re-runs itself in a fresh IPC namespace (unshare --ipc) so the tests see
only their own objects and never touch the machine's.

Environment: IPCTOP (the binary), HELPERS (directory of helper programs).
Arguments: optional substrings; only tests whose name contains one run.
Each test has a time limit: TEST_LIMIT seconds (default 120), or the
function's own `limit` attribute (see util.limit); a test past it fails.
Ends with the line "N passed, N failed, N skipped".
"""
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import ipc  # noqa: E402
import util  # noqa: E402


def in_private_namespace():
    if os.geteuid() != 0 or os.environ.get("IPCTOP_E2E_NS") == "1":
        return False
    if not shutil.which("unshare"):
        return False
    env = dict(os.environ, IPCTOP_E2E_NS="1")
    r = subprocess.run(["unshare", "--ipc", sys.executable] + sys.argv, env=env)
    sys.exit(r.returncode)


DEFAULT_LIMIT = int(os.environ.get("TEST_LIMIT", "120"))


class TimeLimit(Exception):
    pass


def _on_alarm(signum, frame):
    raise TimeLimit("test ran past its time limit")


def main():
    in_private_namespace()
    if os.environ.get("IPCTOP_E2E_NS") == "1":
        print("e2e: running in a private IPC namespace")
    else:
        print("e2e: not root: running with unique keys in the host namespace")
    wanted = sys.argv[1:]
    tests = []
    for name in sorted(os.listdir(HERE)):
        if not (name.startswith("test_") and name.endswith(".py")):
            continue
        spec = importlib.util.spec_from_file_location(name[:-3], os.path.join(HERE, name))
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        for attr in sorted(dir(mod)):
            fn = getattr(mod, attr)
            full = name[:-3] + "." + attr
            if attr.startswith("test_") and callable(fn):
                if not wanted or any(w in full for w in wanted):
                    tests.append((full, fn))
    private = os.environ.get("IPCTOP_E2E_NS") == "1"
    passed = failed = skipped = 0
    signal.signal(signal.SIGALRM, _on_alarm)
    for full, fn in tests:
        try:
            signal.alarm(getattr(fn, "limit", DEFAULT_LIMIT))
            try:
                fn()
            finally:
                signal.alarm(0)
        except util.Skip as e:
            print("SKIP", full, "-", e)
            skipped += 1
            result = "skip"
        except Exception:  # noqa: BLE001 - report every failure
            print("FAIL", full)
            traceback.print_exc()
            result = "fail"
        else:
            result = "ok"
        finally:
            util.cleanup()
            ipc.cleanup()
        # alone in the namespace, anything still there is this test's leak:
        # it fails, and the objects go so the next test starts clean
        left = ipc.leftovers() if private else []
        if left and result != "fail":
            print("FAIL", full, "- left objects behind:", left)
            result = "fail"
        for kind, oid in left:
            ipc.rmid(kind, oid)
        if result == "ok":
            passed += 1
            print("ok  ", full)
        elif result == "fail":
            failed += 1
        sys.stdout.flush()
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    sys.exit(1 if failed or not tests else 0)


if __name__ == "__main__":
    main()
