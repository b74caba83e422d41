/* Message queue columns. */
#include "fields/kinds.h"

FIELD_SIZE(struct msq, cbytes, cbytes)
FIELD_NUM(struct msq, qnum, x->qnum)
FIELD_SIZE(struct msq, qbytes, qbytes)
FIELD_NUM(struct msq, lspid, x->lspid)
FIELD_NUM(struct msq, lrpid, x->lrpid)
FIELD_TIME(struct msq, stime, stime)
FIELD_TIME(struct msq, rtime, rtime)
FIELD_TIME(struct msq, ctime, ctime)

size_t list_msg_waiters(const void *o, const void **items, int *err)
{
	const struct msq *q = o;
	*items = q->waiters;
	*err = q->waiters_err;
	return q->nwaiters;
}

const struct field msg_fields[] = {
	COMMON_FIELDS,
	{ "USEDBYTES", "cbytes", "Bytes used by messages in the queue", 9, FIELD_RIGHT | FIELD_DEFAULT, FT_NUM, num_cbytes, text_cbytes, NULL },
	{ "MSGS", "qnum", "Number of messages", 6, FIELD_RIGHT | FIELD_DEFAULT, FT_NUM, num_qnum, NULL, NULL },
	{ "MAXBYTES", "qbytes", "Maximum bytes the queue may hold", 8, FIELD_RIGHT, FT_NUM, num_qbytes, text_qbytes, NULL },
	{ "LSPID", "lspid", "Pid of the last sender", 7, FIELD_RIGHT | FIELD_DEFAULT | FIELD_PID, FT_NUM, num_lspid, NULL, NULL },
	{ "LRPID", "lrpid", "Pid of the last receiver", 7, FIELD_RIGHT | FIELD_DEFAULT | FIELD_PID, FT_NUM, num_lrpid, NULL, NULL },
	{ "SEND", "stime", "Time of the last send", 9, FIELD_RIGHT | FIELD_DEFAULT, FT_NUM, num_stime, text_stime, NULL },
	{ "RECV", "rtime", "Time of the last receive", 9, FIELD_RIGHT | FIELD_DEFAULT, FT_NUM, num_rtime, text_rtime, NULL },
	{ "CTIME", "ctime", "Time of the last change", 9, FIELD_RIGHT | FIELD_DEFAULT, FT_NUM, num_ctime, text_ctime, NULL },
	{ "WAITERS", "waiters", "Processes blocked sending or receiving", 14, FIELD_DEFAULT | FIELD_PID, FT_WAITERS, NULL, NULL, list_msg_waiters },
};
const size_t msg_nfields = sizeof(msg_fields) / sizeof(msg_fields[0]);
