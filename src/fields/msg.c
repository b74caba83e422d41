/* Message queues: columns and the kind's entry. */
#include <stdlib.h>

#include "fields/kinds.h"

#include "ipctop/act.h"
#include "ipctop/sysv.h"

FIELD_SIZE(struct msq, cbytes, cbytes)
FIELD_NUM(struct msq, qnum, x->qnum)
FIELD_SIZE(struct msq, qbytes, qbytes)
FIELD_NUM(struct msq, lspid, x->lspid)
FIELD_NUM(struct msq, lrpid, x->lrpid)
FIELD_TIME(struct msq, stime, stime)
FIELD_TIME(struct msq, rtime, rtime)
FIELD_TIME(struct msq, ctime, ctime)

static size_t list_waiters(const void *o, const void **items, int *err)
{
	const struct msq *q = o;
	*items = q->waiters.v;
	*err = q->waiters.err;
	return q->waiters.n;
}

static const struct field msg_fields[] = {
	COMMON_FIELDS,
	{ .name = "USEDBYTES", .json = "cbytes", .help = "Bytes used by messages in the queue",
	  .width = 9, .flags = FIELD_RIGHT | FIELD_DEFAULT, .type = FT_NUM,
	  .num = num_cbytes, .text = text_cbytes },
	{ .name = "MSGS", .json = "qnum", .help = "Number of messages", .width = 6,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT, .type = FT_NUM, .num = num_qnum },
	{ .name = "MAXBYTES", .json = "qbytes", .help = "Maximum bytes the queue may hold",
	  .width = 8, .flags = FIELD_RIGHT, .type = FT_NUM, .num = num_qbytes,
	  .text = text_qbytes, .needs = NEED_QBYTES },
	{ .name = "LSPID", .json = "lspid", .help = "Pid of the last sender", .width = 7,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT | FIELD_PID, .type = FT_NUM, .num = num_lspid,
	  .needs = NEED_PROCS },
	{ .name = "LRPID", .json = "lrpid", .help = "Pid of the last receiver", .width = 7,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT | FIELD_PID, .type = FT_NUM, .num = num_lrpid,
	  .needs = NEED_PROCS },
	{ .name = "SEND", .json = "stime", .help = "Time of the last send", .width = 9,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT, .type = FT_NUM, .num = num_stime,
	  .text = text_stime },
	{ .name = "RECV", .json = "rtime", .help = "Time of the last receive", .width = 9,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT, .type = FT_NUM, .num = num_rtime,
	  .text = text_rtime },
	{ .name = "CTIME", .json = "ctime", .help = "Time of the last change", .width = 9,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT, .type = FT_NUM, .num = num_ctime,
	  .text = text_ctime },
	{ .name = "WAITERS", .json = "waiters", .help = "Processes blocked sending or receiving",
	  .width = 14, .flags = FIELD_DEFAULT | FIELD_PID, .type = FT_WAITERS,
	  .list = list_waiters, .needs = NEED_USERS },
};

static void msg_ident(const void *obj, struct ident *out)
{
	const struct msq *q = obj;

	out->id = q->c.id;
	out->key = q->c.key;
	out->cuid = q->c.cuid;
	out->ctime = q->ctime;
}

static void msg_free(void *obj)
{
	free(((struct msq *)obj)->waiters.v);
}

const struct kind kind_msg = {
	.id = KIND_MSG, .name = "msg", .type = "msg", .title = "Message Queues",
	.one = "Message Queue msqid", .word = "queue", .noun = "Message queue", .tab = "Queues", .rc = "queues",
	.columns = "Message queue columns (-q)", .section = 0, .flags = KIND_OBJECT,
	.fields = msg_fields, .nfields = sizeof(msg_fields) / sizeof(msg_fields[0]),
	.id_field = SYSV_ID_FIELD(msg_fields), .objsize = sizeof(struct msq),
	.ident = msg_ident, .match = sysv_match, .label = sysv_label, .free_obj = msg_free,
	.list = sysv_list_msg, .count = sysv_count_msg, .restat = sysv_restat_msg, .remove = act_rmid_msg,
};
