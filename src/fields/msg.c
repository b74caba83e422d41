/* Message queues: columns, what the health rules and the remove dialog
 * read of one, and the kind's entry. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "fields/kinds.h"

#include "ipctop/act.h"
#include "ipctop/health.h"
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
	  .width = 9, .flags = FIELD_RIGHT | FIELD_DEFAULT | FIELD_HISTORY | FIELD_RANK, .type = FT_NUM,
	  .num = num_cbytes, .text = text_cbytes, .metric = "used_bytes" },
	{ .name = "MSGS", .json = "qnum", .help = "Number of messages", .width = 6,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT | FIELD_HISTORY | FIELD_RANK, .type = FT_NUM,
	  .num = num_qnum, .metric = "messages" },
	{ .name = "MAXBYTES", .json = "qbytes", .help = "Maximum bytes the queue may hold",
	  .width = 8, .flags = FIELD_RIGHT, .type = FT_NUM, .num = num_qbytes,
	  .text = text_qbytes, .needs = NEED_QBYTES, .metric = "max_bytes" },
	{ .name = "LSPID", .json = "lspid", .help = "Pid of the last sender", .width = 7,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT | FIELD_PID, .type = FT_NUM, .num = num_lspid,
	  .needs = NEED_PROCS },
	{ .name = "LRPID", .json = "lrpid", .help = "Pid of the last receiver", .width = 7,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT | FIELD_PID, .type = FT_NUM, .num = num_lrpid,
	  .needs = NEED_PROCS },
	{ .name = "SEND", .json = "stime", .help = "Time of the last send", .width = 9,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT, .type = FT_NUM, .num = num_stime,
	  .text = text_stime, .metric = "last_send_timestamp_seconds" },
	{ .name = "RECV", .json = "rtime", .help = "Time of the last receive", .width = 9,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT, .type = FT_NUM, .num = num_rtime,
	  .text = text_rtime, .metric = "last_receive_timestamp_seconds" },
	{ .name = "CTIME", .json = "ctime", .help = "Time of the last change", .width = 9,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT, .type = FT_NUM, .num = num_ctime,
	  .text = text_ctime, .metric = "last_change_timestamp_seconds" },
	{ .name = "WAITERS", .json = "waiters", .help = "Processes blocked sending or receiving",
	  .width = 14, .flags = FIELD_DEFAULT | FIELD_PID, .type = FT_WAITERS,
	  .list = list_waiters, .needs = NEED_USERS, .metric = "waiters" },
};

static void msg_ident(const void *obj, struct ident *out)
{
	const struct msq *q = obj;

	out->id = q->c.id;
	out->ns = q->c.ns;
	out->key = q->c.key;
	out->cuid = q->c.cuid;
	out->ctime = q->ctime;
}

#define Q(o) ((const struct msq *)(o))

static long long max3(long long a, long long b, long long c)
{
	long long m = a > b ? a : b;
	return m > c ? m : c;
}

static bool msg_fill(const void *o, long long *used, long long *limit)
{
	*used = Q(o)->cbytes;
	*limit = Q(o)->qbytes;
	return *used >= 0 && *limit > 0;
}

static const struct waitlist *msg_waiters(const void *o)
{
	return &Q(o)->waiters;
}

static long long msg_progress(const void *o)
{
	return max3(Q(o)->stime, Q(o)->rtime, Q(o)->ctime);
}

static const struct health_hooks msg_health = {
	.orphan = HR_COUNT, .fill = msg_fill, .fill_bytes = true, .waiters = msg_waiters,
	.last_progress = msg_progress, .progress = "send or receive",
};

/* What removal destroys: the messages; whom it hurts: the processes
 * blocked on it, whose msgsnd/msgrcv fail with EIDRM. */
static void msg_loss(const void *o, const struct field_ctx *ctx, char *b, size_t n)
{
	char size[32], who[1024];
	size_t off = 0;
	int w = 0;

	b[0] = '\0';
	fmt_size(size, sizeof(size), Q(o)->cbytes, 0);
	if (Q(o)->qnum > 0)
		w = snprintf(b, n, "destroys %lld message%s, %s (%lld bytes)\n", Q(o)->qnum,
			     Q(o)->qnum == 1 ? "" : "s", size, Q(o)->cbytes);
	if (w < 0 || (size_t)w >= n)
		return;
	off = (size_t)w;
	field_text(field_find(&kind_msg, "WAITERS"), ctx, o, who, sizeof(who));
	if (Q(o)->waiters.n)
		snprintf(b + off, n - off, "blocked on it, their calls fail (EIDRM): %s", who);
	else if (Q(o)->waiters.err && Q(o)->waiters.err != -ENODATA)
		snprintf(b + off, n - off, "processes blocked on it: not all could be read");
}

static void msg_free(void *obj)
{
	free(((struct msq *)obj)->waiters.v);
}

const struct kind kind_msg = {
	.id = KIND_MSG, .name = "msg", .type = "msg", .title = "Message Queues",
	.one = "Message Queue msqid", .word = "queue", .noun = "Message queue", .tab = "Queues", .rc = "queues",
	.columns = "Message queue columns (-q)", .section = 0, .flags = KIND_OBJECT,
	.tab_short = "Queues",
	.fields = msg_fields, .nfields = sizeof(msg_fields) / sizeof(msg_fields[0]),
	.id_field = SYSV_ID_FIELD(msg_fields), .objsize = sizeof(struct msq),
	.ident = msg_ident, .match = sysv_match, .label = sysv_label, .free_obj = msg_free,
	.list = sysv_list_msg, .count = sysv_count_msg,
	.restat = sysv_restat_msg, .remove = act_rmid_msg,
	.metric = "msg_queue",
	.loss = msg_loss, .health = &msg_health,
};
