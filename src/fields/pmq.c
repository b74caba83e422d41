/* POSIX message queues: columns and the kind's entry. */
#include <stdio.h>
#include <string.h>

#include "fields/kinds.h"
#include "ipctop/act.h"
#include "ipctop/health.h"
#include "ipctop/posix.h"
#include "ipctop/signals.h"

#define Q(o) ((const struct pmq *)(o))

FIELD_SIZE(struct pmq, cbytes, cbytes)
FIELD_NUM(struct pmq, qnum, x->qnum)
FIELD_NUM(struct pmq, maxmsg, x->maxmsg)
FIELD_SIZE(struct pmq, msgsize, msgsize)
FIELD_NUM(struct pmq, notify_pid, x->notify_pid)
FIELD_NUM(struct pmq, signo, x->signo)
FIELD_NUM(struct pmq, notify, x->notify)

/* Messages queued, in percent of the most the queue holds. */
static long long num_fill(const void *o)
{
	const struct pmq *q = o;

	if (q->qnum < 0 || q->maxmsg <= 0)
		return IPC_UNKNOWN;
	return q->qnum >= q->maxmsg ? 100 : q->qnum * 100 / q->maxmsg;
}

static void text_fill(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	long long v = num_fill(o);

	(void)c;
	if (v == IPC_UNKNOWN)
		snprintf(b, n, "?");
	else
		snprintf(b, n, "%lld%%", v);
}

/* How the owner of a registration hears of a message arriving in the
 * empty queue (mq_notify): "signal", "thread", "quiet" (SIGEV_NONE:
 * nothing is sent, yet nobody else may register), "none" when nobody has
 * registered; unknown ("?", JSON null) when the queue could not be read. */
static void text_notify(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	static const char *const names[] = {
		[PMQ_NOTIFY_NONE] = "none", [PMQ_NOTIFY_SIGNAL] = "signal",
		[PMQ_NOTIFY_THREAD] = "thread", [PMQ_NOTIFY_QUIET] = "quiet",
	};
	int v = Q(o)->notify;

	(void)c;
	snprintf(b, n, "%s", v >= 0 && (size_t)v < sizeof(names) / sizeof(names[0]) &&
		 names[v] ? names[v] : "?");
}

/* notify's IPC_UNKNOWN is PMQ_NOTIFY_UNKNOWN: JSON null */
static long long num_notify_json(const void *o)
{
	return Q(o)->notify == PMQ_NOTIFY_UNKNOWN ? IPC_UNKNOWN : num_notify(o);
}

/* The signal's name ("USR1"); the number in JSON. */
static void text_signo(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	long long v = Q(o)->signo;
	char name[16];

	(void)c;
	if (v == IPC_UNKNOWN)
		snprintf(b, n, "?");
	else if (v <= 0 || v > SIG_COUNT)
		snprintf(b, n, "%s", v == 0 ? "-" : "?");
	else
		snprintf(b, n, "%s", sig_name((int)v, name, sizeof(name)));
}

static size_t list_holders(const void *o, const void **items, int *err)
{
	*items = Q(o)->holders.v;
	*err = Q(o)->holders.err;
	return Q(o)->holders.n;
}

static size_t list_waiters(const void *o, const void **items, int *err)
{
	*items = Q(o)->waiters.v;
	*err = Q(o)->waiters.err;
	return Q(o)->waiters.n;
}

static const struct field pmq_fields[] = {
	POSIX_FIELDS,
	{ .name = "USEDBYTES", .json = "cbytes", .help = "Bytes in the messages queued (QSIZE)",
	  .width = 9, .flags = FIELD_RIGHT | FIELD_DEFAULT | FIELD_HISTORY | FIELD_RANK,
	  .type = FT_NUM, .num = num_cbytes, .text = text_cbytes, .metric = "used_bytes" },
	{ .name = "MSGS", .json = "qnum", .help = "Number of messages", .width = 5,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT | FIELD_HISTORY | FIELD_RANK, .type = FT_NUM,
	  .num = num_qnum, .metric = "messages" },
	{ .name = "MAXMSG", .json = "maxmsg", .help = "Most messages the queue holds",
	  .width = 6, .flags = FIELD_RIGHT | FIELD_DEFAULT, .type = FT_NUM, .num = num_maxmsg,
	  .metric = "max_messages" },
	{ .name = "MSGSIZE", .json = "msgsize", .help = "Largest message it takes",
	  .width = 7, .flags = FIELD_RIGHT | FIELD_DEFAULT, .type = FT_NUM, .num = num_msgsize,
	  .text = text_msgsize, .metric = "message_max_bytes" },
	{ .name = "FILL", .json = "fill", .help = "Messages queued, in % of MAXMSG",
	  .width = 4, .flags = FIELD_RIGHT | FIELD_DEFAULT, .type = FT_NUM, .num = num_fill,
	  .text = text_fill },
	{ .name = "NOTIFY", .json = "notify",
	  .help = "mq_notify registration: signal, thread, quiet (SIGEV_NONE) or none",
	  .width = 6, .flags = FIELD_DEFAULT | FIELD_TEXTSORT, .type = FT_STR,
	  .num = num_notify_json, .text = text_notify },
	{ .name = "SIGNO", .json = "signo", .help = "The signal a registration sends",
	  .width = 5, .flags = FIELD_RIGHT, .type = FT_NUM, .num = num_signo,
	  .text = text_signo },
	{ .name = "NOTIFY_PID", .json = "notify_pid", .help = "Process registered for it",
	  .width = 10, .flags = FIELD_RIGHT | FIELD_DEFAULT | FIELD_PID, .type = FT_NUM,
	  .num = num_notify_pid, .needs = NEED_PROCS },
	POSIX_MTIME_FIELD("Time of the last send or receive"),
	{ .name = "HOLDERS", .json = "holders", .help = "Processes that have it open",
	  .width = 14, .flags = FIELD_DEFAULT | FIELD_PID, .type = FT_PIDS,
	  .list = list_holders, .needs = NEED_USERS, .metric = "holders" },
	{ .name = "WAITERS", .json = "waiters",
	  .help = "Processes blocked in mq_timedsend or mq_timedreceive",
	  .width = 14, .flags = FIELD_DEFAULT | FIELD_PID, .type = FT_WAITERS,
	  .list = list_waiters, .needs = NEED_USERS, .metric = "waiters" },
};

#define NFIELDS (sizeof(pmq_fields) / sizeof(pmq_fields[0]))

static void pmq_summary(const void *obj, char *buf, size_t len)
{
	const struct pmq *q = obj;

	if (q->qnum == IPC_UNKNOWN)
		snprintf(buf, len, "messages ?");
	else
		snprintf(buf, len, "%lld message%s", q->qnum, q->qnum == 1 ? "" : "s");
}

static const char *pmq_lingers(const void *obj)
{
	(void)obj;
	return "The name goes at once, the queue when its last holder closes it.";
}

/* A queue filling up (in messages: MAXMSG is its limit), and the
 * processes blocked on it. */
static bool pmq_fill(const void *o, long long *used, long long *limit)
{
	if (Q(o)->qnum == IPC_UNKNOWN || Q(o)->maxmsg == IPC_UNKNOWN || Q(o)->maxmsg <= 0)
		return false;
	*used = Q(o)->qnum;
	*limit = Q(o)->maxmsg;
	return true;
}

static const struct waitlist *pmq_waiters(const void *o)
{
	return &Q(o)->waiters;
}

/* the last send or receive: the file's mtime */
static long long pmq_progress(const void *o)
{
	return Q(o)->c.mtime;
}

static const struct health_hooks pmq_health = {
	.orphan = HR_COUNT, .fill = pmq_fill, .fill_bytes = false, .waiters = pmq_waiters,
	.last_progress = pmq_progress, .progress = "send or receive",
};

static void pmq_free_obj(void *obj)
{
	pmq_free(obj);
}

const struct kind kind_pmq = {
	.id = KIND_PMQ, .name = "posix_msg", .type = "posix_msg",
	.title = "POSIX Message Queues", .one = "POSIX Message Queue name",
	.word = "POSIX queue", .noun = "POSIX message queue", .tab = "POSIX mq",
	.tab_short = "mq", .rc = "posix_queues",
	.columns = "POSIX message queue columns (-Q)", .section = 3, .flags = KIND_OBJECT,
	.fields = pmq_fields, .nfields = NFIELDS, .id_field = POSIX_ID_FIELD(pmq_fields),
	.objsize = sizeof(struct pmq),
	.ident = posix_ident, .match = posix_match, .label = posix_label,
	.free_obj = pmq_free_obj, .summary = pmq_summary, .lingers = pmq_lingers,
	.holders = &pmq_fields[NFIELDS - 2], .health = &pmq_health, .metric = "posix_mq_queue",
	.list = posix_list_mq_hook, .restat = posix_restat_mq, .remove = act_unlink_mq,
};
