"""The snapshot sees an object the test created."""
import ipc
import util


def test_queue_listed():
    qid = ipc.msgget(mode=0o640)
    doc = util.once_json("-q")
    q = util.find(doc["msg"], qid)
    util.eq(q["perms"], "0640", "perms")
