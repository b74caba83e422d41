"""Real System V objects for the end-to-end tests, through libc (ctypes).

Every object created here is recorded and removed by cleanup(), which the
runner calls after each test whether it passed or not.
"""
import ctypes
import ctypes.util
import errno
import os

libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)

IPC_CREAT, IPC_EXCL, IPC_NOWAIT = 0o1000, 0o2000, 0o4000
IPC_RMID, IPC_SET, IPC_STAT = 0, 1, 2
IPC_PRIVATE = 0
SETVAL, SETALL, GETALL = 16, 17, 13

libc.msgget.argtypes = [ctypes.c_int, ctypes.c_int]
libc.msgsnd.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
libc.msgrcv.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t,
                        ctypes.c_long, ctypes.c_int]
libc.msgrcv.restype = ctypes.c_ssize_t
libc.msgctl.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_void_p]
libc.semget.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
libc.semctl.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
libc.shmget.argtypes = [ctypes.c_int, ctypes.c_size_t, ctypes.c_int]
libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
libc.shmat.restype = ctypes.c_void_p
libc.shmdt.argtypes = [ctypes.c_void_p]
libc.shmctl.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_void_p]

_created = []   # (kind, id)


def _check(r):
    if r == -1 or r is None:
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))
    return r


def unique_key():
    """A key no other test run is likely to hold (for runs outside a
    private IPC namespace)."""
    return (os.getpid() << 12 ^ len(_created) << 1 ^ 0x5a000000) & 0x7fffffff or 1


def msgget(key=None, mode=0o600):
    key = unique_key() if key is None else key
    qid = _check(libc.msgget(key, IPC_CREAT | IPC_EXCL | mode))
    _created.append(("msg", qid))
    return qid


def msgsnd(qid, data, mtype=1):
    buf = ctypes.create_string_buffer(8 + len(data))
    ctypes.memmove(buf, ctypes.byref(ctypes.c_long(mtype)), 8)
    ctypes.memmove(ctypes.addressof(buf) + 8, data, len(data))
    _check(libc.msgsnd(qid, buf, len(data), IPC_NOWAIT))


def msgrcv(qid, size=8192):
    buf = ctypes.create_string_buffer(8 + size)
    n = libc.msgrcv(qid, buf, size, 0, IPC_NOWAIT)
    _check(n)
    return buf.raw[8:8 + n]


def semget(nsems, key=None, mode=0o600):
    key = unique_key() if key is None else key
    sid = _check(libc.semget(key, nsems, IPC_CREAT | IPC_EXCL | mode))
    _created.append(("sem", sid))
    return sid


def setval(sid, num, value):
    _check(libc.semctl(sid, num, SETVAL, value))


def shmget(size, key=None, mode=0o600):
    key = unique_key() if key is None else key
    mid = _check(libc.shmget(key, size, IPC_CREAT | IPC_EXCL | mode))
    _created.append(("shm", mid))
    return mid


def shmat(mid):
    addr = libc.shmat(mid, None, 0)
    if addr in (None, ctypes.c_void_p(-1).value):
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))
    return addr


def shmdt(addr):
    _check(libc.shmdt(addr))


def rmid(kind, oid):
    """Remove one object; True if it existed."""
    if kind == "msg":
        r = libc.msgctl(oid, IPC_RMID, None)
    elif kind == "sem":
        r = libc.semctl(oid, 0, IPC_RMID, 0)
    else:
        r = libc.shmctl(oid, IPC_RMID, None)
    return r == 0


def exists(kind, oid):
    """Does id still name a live object (per /proc/sysvipc)?"""
    with open("/proc/sysvipc/" + kind) as f:
        next(f)
        for line in f:
            parts = line.split()
            if len(parts) > 1 and int(parts[1]) == oid:
                return True
    return False


def forget(kind, oid):
    if (kind, oid) in _created:
        _created.remove((kind, oid))


def cleanup():
    while _created:
        kind, oid = _created.pop()
        rmid(kind, oid)


def leftovers():
    """Every object in this IPC namespace, as (kind, id): in a private
    namespace a test should leave none behind."""
    found = []
    for kind in ("msg", "sem", "shm"):
        with open("/proc/sysvipc/" + kind) as f:
            next(f)
            for line in f:
                parts = line.split()
                if len(parts) > 1:
                    found.append((kind, int(parts[1])))
    return found
