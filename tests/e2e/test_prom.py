"""The Prometheus exporter against real kernel objects: --prometheus
checked by promtool, its values against what the test created, the
atomic --output-file, --listen's pages and limits, a real Prometheus
server scraping it, and a load of good, malformed and half-open
connections."""
import ctypes
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request

import ipc
import util


def need(prog):
    path = shutil.which(prog)
    if not path:
        raise util.Skip("%s not installed (Debian package prometheus)" % prog)
    return path


def tmp_dir():
    d = tempfile.mkdtemp(prefix="ipctop-prom-")
    os.chmod(d, 0o755)
    util.on_cleanup(lambda: shutil.rmtree(d, ignore_errors=True))
    return d


def start(*argv):
    """Start a helper and wait for its "ready" line."""
    p = util.spawn([util.helper(argv[0])] + list(argv[1:]), stdout=subprocess.PIPE,
                   text=True)
    line = p.stdout.readline().strip()
    if line != "ready":
        raise AssertionError("%s: got %r instead of ready" % (argv[0], line))
    return p


def promtool_check(text):
    r = subprocess.run([need("promtool"), "check", "metrics"], input=text,
                       capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        raise AssertionError("promtool check metrics failed:\n%s%s\n--- text:\n%s"
                             % (r.stdout, r.stderr, text[:3000]))


_LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def unescape(v):
    return re.sub(r'\\(.)', lambda m: {"n": "\n"}.get(m.group(1), m.group(1)), v)


def samples(text):
    """[(name, {label: value}, value)] of every sample line."""
    out = []
    for line in text.split("\n"):
        if not line or line.startswith("#"):
            continue
        m = re.match(r'([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$', line)
        if not m:
            raise AssertionError("not a sample line: %r" % line)
        labels = {k: unescape(v) for k, v in _LABEL.findall(m.group(3) or "")}
        out.append((m.group(1), labels, float(m.group(4))))
    return out


def value(ss, name, **labels):
    found = [v for n, l, v in ss if n == name and all(l.get(k) == w for k, w in labels.items())]
    if len(found) != 1:
        raise AssertionError("%d samples of %s%r" % (len(found), name, labels))
    return found[0]


def check_no_sanitizer(err):
    if "Sanitizer" in err or "runtime error" in err:
        raise AssertionError("sanitizer report:\n" + err)


def test_every_kind_checked_by_promtool_with_the_kernels_values():
    need("promtool")
    qid = ipc.msgget()
    for n in (10, 20, 30):
        ipc.msgsnd(qid, b"m" * n)
    waitq = ipc.msgget()
    sid = ipc.semget(3)
    ipc.setval(sid, 0, 4)
    ipc.setval(sid, 2, 9)
    mid = ipc.shmget(3 * 4096)
    addr = ipc.shmat(mid)
    util.on_cleanup(lambda: ipc.shmdt(addr))
    waiter = start("ipcwait", "msgrcv", str(waitq))
    # the waiter is seen blocked before the scrape counts it
    util.wait_for(lambda: util.find(util.once_json("-q")["msg"], waitq)["waiters"],
                  what="the receiver to block")
    r = util.run("--prometheus")
    check_no_sanitizer(r.stderr)
    promtool_check(r.stdout)
    ss = samples(r.stdout)
    q = {"kind": "msg", "ns": "host", "id": str(qid)}
    util.eq(value(ss, "ipctop_msg_queue_used_bytes", **q), 60, "queue bytes")
    util.eq(value(ss, "ipctop_msg_queue_messages", **q), 3, "queue messages")
    util.eq(value(ss, "ipctop_msg_queue_max_bytes", **q),
            float(open("/proc/sys/kernel/msgmnb").read()), "queue max bytes")
    util.eq(value(ss, "ipctop_msg_queue_waiters", kind="msg", id=str(waitq)), 1, "waiters")
    util.eq(value(ss, "ipctop_msg_queue_waiters", **q), 0, "no waiters")
    util.eq(value(ss, "ipctop_msg_queue_info", **q), 1, "info")
    s = {"kind": "sem", "id": str(sid)}
    util.eq(value(ss, "ipctop_sem_set_semaphores", **s), 3, "nsems")
    for num, want in ((0, 4), (1, 0), (2, 9)):
        util.eq(value(ss, "ipctop_sem_semaphore_value", semnum=str(num), **s), want,
                "semaphore %d" % num)
    g = {"kind": "shm", "id": str(mid)}
    util.eq(value(ss, "ipctop_shm_segment_size_bytes", **g), 3 * 4096, "segment size")
    util.eq(value(ss, "ipctop_shm_segment_attaches", **g), 1, "attaches")
    util.eq(value(ss, "ipctop_shm_segment_marked_for_removal", **g), 0, "dest")
    # the owner label is the owner's name, the key ipcs's hex
    labels = [l for n, l, v in ss if n == "ipctop_msg_queue_messages" and l["id"] == str(qid)]
    util.eq(labels[0]["owner"], "root", "owner label")
    want_key = [l.split()[0] for l in open("/proc/sysvipc/msg").read().split("\n")[1:]
                if l.split() and l.split()[1] == str(qid)][0]
    util.eq(int(labels[0]["key"], 16), int(want_key) & 0xffffffff, "key label")
    # counts and limits equal the kernel's
    util.eq(value(ss, "ipctop_objects", kind="msg"), 2, "queues")
    util.eq(value(ss, "ipctop_msg_queues_limit"),
            float(open("/proc/sys/kernel/msgmni").read()), "msgmni")
    util.eq(value(ss, "ipctop_msg_queued_messages"), 3, "messages in all queues")
    util.eq(value(ss, "ipctop_sem_semaphores"), 3, "semaphores in all sets")
    util.eq(value(ss, "ipctop_shm_segments_limit"),
            float(open("/proc/sys/kernel/shmmni").read()), "shmmni")
    util.eq(value(ss, "ipctop_list_error", kind="shm"), 0, "list error")
    ipc.msgsnd(waitq, b"go")
    waiter.wait(timeout=10)


def test_untrusted_owner_names_are_escaped():
    """An owner name with a double quote and a backslash (a password
    database is not ours to trust), through a passwd file bind-mounted in
    a mount namespace of ipctop's own."""
    need("promtool")
    if not shutil.which("unshare"):
        raise util.Skip("unshare not installed")
    d = tmp_dir()
    passwd = os.path.join(d, "passwd")
    with open("/etc/passwd") as f:
        base = f.read()
    name = 'we"ird\\name'
    with open(passwd, "w") as f:
        f.write(base + "%s:x:4242:4242::/nonexistent:/usr/sbin/nologin\n" % name)
    os.chmod(passwd, 0o644)
    # a queue owned by uid 4242: created by that user
    out = subprocess.run(["setpriv", "--reuid=4242", "--regid=4242", "--clear-groups",
                          "python3", "-c",
                          "import ctypes; l = ctypes.CDLL(None, use_errno=True); "
                          "print(l.msgget(0, 0o1600))"],
                         capture_output=True, text=True, check=True, timeout=30).stdout
    qid = int(out)
    ipc._created.append(("msg", qid))
    ipc.msgsnd(qid, b"12345")
    r = subprocess.run(["unshare", "-m", "sh", "-c",
                        'mount --bind "$1" /etc/passwd && exec "$2" --prometheus',
                        "sh", passwd, util.IPCTOP],
                       capture_output=True, text=True, timeout=60)
    check_no_sanitizer(r.stderr)
    util.eq(r.returncode, 0, "exit status (stderr %r)" % r.stderr)
    # sanitised when read (the backslash as \x5c), escaped when written
    if 'owner="we\\"ird\\\\x5cname"' not in r.stdout:
        raise AssertionError("owner label not escaped:\n" +
                             "\n".join(l for l in r.stdout.split("\n") if "4242" in l or
                                       "ird" in l))
    promtool_check(r.stdout)
    ss = samples(r.stdout)
    util.eq(value(ss, "ipctop_msg_queue_used_bytes", id=str(qid)), 5, "bytes")
    util.eq([l["owner"] for n, l, v in ss
             if n == "ipctop_msg_queue_used_bytes" and l["id"] == str(qid)],
            ['we"ird\\x5cname'], "owner read back")


def test_output_file_is_replaced_whole():
    d = tmp_dir()
    path = os.path.join(d, "ipctop.prom")
    qid = ipc.msgget()
    ipc.msgsnd(qid, b"x" * 7)
    util.run("--prometheus", "--output-file", path)
    full = open(path).read()
    promtool_check(full)
    families = full.count("# TYPE ")
    if families < 20:
        raise AssertionError("only %d families:\n%s" % (families, full))
    util.eq(oct(os.stat(path).st_mode & 0o777), oct(0o644), "mode")
    # a reader in a loop never sees a partial file while it is rewritten
    stop = threading.Event()
    seen, bad = [0], []

    def reader():
        while not stop.is_set():
            with open(path) as f:
                t = f.read()
            seen[0] += 1
            if t.count("# TYPE ") != families or not t.endswith("\n"):
                bad.append(t)
    th = threading.Thread(target=reader)
    th.start()
    try:
        for i in range(15):
            ipc.msgsnd(qid, b"y")
            util.run("--prometheus", "--output-file", path)
    finally:
        stop.set()
        th.join()
    if bad:
        raise AssertionError("a reader saw a partial file:\n%s" % bad[0][-500:])
    if seen[0] < 15:
        raise AssertionError("the reader ran only %d times" % seen[0])
    util.eq(value(samples(open(path).read()), "ipctop_msg_queue_messages", id=str(qid)),
            16, "messages after the last write")
    util.eq(sorted(os.listdir(d)), ["ipctop.prom"], "files left in the directory")
    # a link, a directory, a FIFO: refused, nothing written through them
    target = os.path.join(d, "target")
    open(target, "w").close()
    link = os.path.join(d, "link.prom")
    os.symlink(target, link)
    fifo = os.path.join(d, "fifo.prom")
    os.mkfifo(fifo)
    for bad_path in (link, d, fifo):
        r = util.run("--prometheus", "--output-file", bad_path, check=False)
        util.eq(r.returncode, 1, "exit status for %s" % bad_path)
        if "not a regular file" not in r.stderr:
            raise AssertionError("stderr for %s: %r" % (bad_path, r.stderr))
    util.eq(os.path.getsize(target), 0, "the link's target")
    util.eq(sorted(os.listdir(d)), ["fifo.prom", "ipctop.prom", "link.prom", "target"],
            "files after the refusals")
    r = util.run("--output-file", path, check=False)
    util.eq(r.returncode, 2, "--output-file without --prometheus")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def serve(*extra, env=None):
    """ipctop --listen on a free localhost port: (process, port)."""
    for _ in range(5):
        port = free_port()
        errf = tempfile.TemporaryFile(mode="w+")
        p = util.spawn([util.IPCTOP, "--listen", "127.0.0.1:%d" % port] + list(extra),
                       stdout=subprocess.DEVNULL, stderr=errf, env=env)
        p.errf = errf

        def up():
            if p.poll() is not None:
                return "exited"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return "up"
            except OSError:
                return None
        if util.wait_for(up, 20, "ipctop to listen") == "up":
            return p, port
    raise AssertionError("ipctop --listen never came up")


def stop(p):
    """SIGTERM: a clean exit, no sanitizer report."""
    p.send_signal(signal.SIGTERM)
    rc = p.wait(timeout=30)
    p.errf.seek(0)
    err = p.errf.read()
    check_no_sanitizer(err)
    util.eq(rc, 0, "exit status after SIGTERM (stderr %r)" % err)


def get(port, path, method="GET", timeout=30):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    c.request(method, path)
    r = c.getresponse()
    body = r.read().decode()
    headers = dict(r.getheaders())
    c.close()
    return r.status, headers, body


def raw(port, data, src="127.0.0.1", timeout=15):
    """Send raw bytes; what came back before the server closed."""
    s = socket.socket()
    s.settimeout(timeout)
    s.bind((src, 0))
    s.connect(("127.0.0.1", port))
    s.sendall(data)
    got = b""
    try:
        while True:
            b = s.recv(65536)
            if not b:
                break
            got += b
    except socket.timeout:
        pass
    s.close()
    return got


def test_listen_pages_methods_and_clean_stop():
    qid = ipc.msgget()
    ipc.msgsnd(qid, b"abc")
    p, port = serve()
    st, h, body = get(port, "/")
    util.eq(st, 200, "/")
    if 'href="/metrics"' not in body or not h["Content-Type"].startswith("text/html"):
        raise AssertionError("/ is %r %r" % (h, body))
    st, h, body = get(port, "/metrics")
    util.eq(st, 200, "/metrics")
    util.eq(h["Content-Type"], "text/plain; version=0.0.4; charset=utf-8", "content type")
    util.eq(value(samples(body), "ipctop_msg_queue_used_bytes", id=str(qid)), 3, "bytes")
    st, h, body = get(port, "/metrics", method="HEAD")
    util.eq((st, body), (200, ""), "HEAD")
    for path in ("/metricsx", "/metrics/", "/x", "/../etc/passwd"):
        util.eq(get(port, path)[0], 404, path)
    for method in ("POST", "PUT", "DELETE", "OPTIONS"):
        st, h, body = get(port, "/metrics", method=method)
        util.eq(st, 405, method)
        util.eq(h.get("Allow"), "GET, HEAD", "Allow header")
    # nothing was removed by any of that
    if not ipc.exists("msg", qid):
        raise AssertionError("the queue is gone")
    got = raw(port, b"NOT HTTP AT ALL\r\n\r\n")
    if not got.startswith(b"HTTP/1.1 400"):
        raise AssertionError("garbage got %r" % got[:200])
    stop(p)
    # an address is required, and a numeric one
    for spec in ("9184", ":9184", "localhost:9184", "127.0.0.1"):
        r = util.run("--listen", spec, check=False)
        util.eq(r.returncode, 2, "--listen %s" % spec)
    r = util.run("--listen", "127.0.0.1:%d" % port, "--prometheus", check=False)
    util.eq(r.returncode, 2, "--listen with --prometheus")


@util.limit(150)
def test_prometheus_server_scrapes_the_queue_depth():
    prom = need("prometheus")
    qid = ipc.msgget()
    for i in range(5):
        ipc.msgsnd(qid, b"z" * 10)
    p, port = serve("-d", "0.5")
    d = tmp_dir()
    web = free_port()
    with open(os.path.join(d, "prometheus.yml"), "w") as f:
        f.write("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                "scrape_configs:\n  - job_name: ipctop\n    static_configs:\n"
                "      - targets: ['127.0.0.1:%d']\n" % port)
    log = open(os.path.join(d, "log"), "w")
    server = util.spawn([prom, "--config.file=" + os.path.join(d, "prometheus.yml"),
                         "--storage.tsdb.path=" + os.path.join(d, "data"),
                         "--web.listen-address=127.0.0.1:%d" % web],
                        stdout=log, stderr=subprocess.STDOUT, cwd=d)

    def query(q):
        url = "http://127.0.0.1:%d/api/v1/query?query=%s" % (web, urllib.request.quote(q))
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                res = json.loads(r.read())
        except OSError:
            return None
        if res.get("status") != "success":
            return None
        return res["data"]["result"]

    def depth():
        if server.poll() is not None:
            raise AssertionError("prometheus exited:\n" + open(os.path.join(d, "log")).read())
        # two scrapes of ours at least, then the queue's depth
        n = query('count_over_time(ipctop_collections_total[5m])')
        if not n or float(n[0]["value"][1]) < 2:
            return None
        r = query('ipctop_msg_queue_messages{id="%d"}' % qid)
        return r and r[0]
    found = util.wait_for(depth, 90, "Prometheus to hold two scrapes and the depth")
    util.eq(float(found["value"][1]), 5, "depth in Prometheus")
    util.eq(found["metric"]["job"], "ipctop", "job label")
    util.eq(found["metric"]["kind"], "msg", "kind label")
    util.eq(found["metric"]["ns"], "host", "ns label")
    up = query('up{job="ipctop"}')
    util.eq(float(up[0]["value"][1]), 1, "up")
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)
    stop(p)


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


@util.limit(240)
def test_load_good_malformed_and_half_open():
    """50 concurrent scrapes while malformed and half-open connections
    stream in (from another loopback address, as another client would):
    every good scrape is answered in full, memory stays flat, and the
    server stops cleanly."""
    for i in range(20):
        ipc.msgsnd(ipc.msgget(), b"q" * (i + 1))
    # a small allocator quarantine, so RSS says what the program holds
    env = dict(os.environ, ASAN_OPTIONS="quarantine_size_mb=1:detect_leaks=1")
    p, port = serve("-d", "0.2", env=env)

    def good():
        st, h, body = get(port, "/metrics", timeout=60)
        if st != 200 or not body.endswith("\n") or "ipctop_build_info" not in body \
                or "ipctop_msg_queue_used_bytes{" not in body:
            return "status %d, %d bytes" % (st, len(body))
        return None

    def round_of_scrapes(n):
        errs = []

        def one():
            try:
                e = good()
            except Exception as ex:  # noqa: BLE001 - every failure counts
                e = repr(ex)
            if e:
                errs.append(e)
        ts = [threading.Thread(target=one) for _ in range(n)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        return errs

    # warm up: caches, name lookups, libmicrohttpd's pools
    util.eq(round_of_scrapes(50), [], "warm-up scrapes")
    before = rss_kib(p.pid)
    stop_bad = threading.Event()
    bad_answers = []

    def malformed():
        reqs = [b"GARBAGE\r\n\r\n", b"GET /metrics HTTP/9.9\r\n\r\n",
                b"GET /metrics HTTP/1.1\r\nHost: x\r\nX: " + b"a" * 40000 + b"\r\n\r\n",
                b"\x00\x01\x02\xff\r\n\r\n", b"GET\r\n\r\n"]
        i = 0
        while not stop_bad.is_set() and i < 400:
            got = raw(port, reqs[i % len(reqs)], src="127.0.0.2", timeout=15)
            if got and not re.match(rb"HTTP/1\.[01] [45]\d\d", got):
                bad_answers.append(got[:100])
            i += 1

    half = []

    def half_open():
        # connections that send half a request and then nothing
        for i in range(40):
            s = socket.socket()
            s.bind(("127.0.0.2", 0))
            s.connect(("127.0.0.1", port))
            s.sendall(b"GET /metr")
            half.append(s)
    util.on_cleanup(lambda: [s.close() for s in half])
    bt = threading.Thread(target=malformed)
    ht = threading.Thread(target=half_open)
    bt.start()
    ht.start()
    errs = []
    try:
        ht.join()
        for r in range(4):
            errs += round_of_scrapes(50)
    finally:
        stop_bad.set()
        bt.join()
    util.eq(errs, [], "good scrapes under load")
    util.eq(bad_answers, [], "answers to malformed requests")
    util.eq(p.poll(), None, "ipctop still running")
    for s in half:
        s.close()
    util.eq(round_of_scrapes(50), [], "scrapes after the load")
    after = rss_kib(p.pid)
    print("      RSS before the load %d KiB, after %d KiB" % (before, after))
    if after > before + 16 * 1024:
        raise AssertionError("RSS grew from %d KiB to %d KiB" % (before, after))
    stop(p)


def test_http_library_is_loaded_only_by_listen():
    """libmicrohttpd pulls in GnuTLS and its kin: linked, every --once
    would map them. It is loaded by --listen alone."""
    if not shutil.which("ldd"):
        raise util.Skip("ldd not installed")
    libs = subprocess.run(["ldd", util.IPCTOP], capture_output=True, text=True).stdout
    for lib in ("libmicrohttpd", "libgnutls"):
        if lib in libs:
            raise AssertionError("ipctop is linked with %s:\n%s" % (lib, libs))
    p, port = serve()
    with open("/proc/%d/maps" % p.pid) as f:
        if "libmicrohttpd" not in f.read():
            raise AssertionError("--listen runs without libmicrohttpd mapped")
    stop(p)
