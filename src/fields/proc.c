/* Processes (the signals view): columns, each signal's columns (the
 * detail's rows), and the kind's entry. The process collector fills the
 * list; processes are signalled, never removed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields/kinds.h"
#include "ipctop/proctab.h"
#include "ipctop/signals.h"

#define P(o) ((const struct proc *)(o))

FIELD_NUM(struct proc, pid, x->pid)
FIELD_NUM(struct proc, tgid, x->tgid)
FIELD_NUM(struct proc, ppid, x->ppid)
FIELD_NUM(struct proc, puid, x->uid)
FIELD_NUM(struct proc, sigq, x->sigq)
FIELD_NUM(struct proc, sigq_max, x->sigq_max)
FIELD_NUM(struct proc, pending, (long long)x->pending)
FIELD_NUM(struct proc, shdpnd, (long long)x->shdpnd)
FIELD_NUM(struct proc, blocked, (long long)x->blocked)
FIELD_NUM(struct proc, ignored, (long long)x->ignored)
FIELD_NUM(struct proc, caught, (long long)x->caught)
FIELD_NUM(struct proc, state, x->state)

static void put(char *b, size_t n, const char *s)
{
	snprintf(b, n, "%s", s);
}

static void text_user(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	(void)c;
	put(b, n, P(o)->user);
}

static void text_comm(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	(void)c;
	put(b, n, P(o)->comm);
}

/* One letter, as ps shows it; anything else from the kernel is "?". */
static void text_state(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	char s = P(o)->state;
	char t[2] = { (s >= 'A' && s <= 'Z') || (s >= 'a' && s <= 'z') ? s : '?', '\0' };

	(void)c;
	put(b, n, t);
}

static void text_sigq(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	(void)c;
	if (P(o)->sigq == IPC_UNKNOWN)
		put(b, n, "?");
	else
		snprintf(b, n, "%lld/%lld", P(o)->sigq, P(o)->sigq_max);
}

/* The kernel function the task sleeps in; "" (shown "-", JSON null) when
 * it runs. */
static void text_wchan(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	(void)c;
	put(b, n, strcmp(P(o)->wchan, "0") == 0 ? "" : P(o)->wchan);
}

FIELD_NUM(struct proc, pns, x->ns ? (long long)x->ns : IPC_UNKNOWN)

static void text_pns(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	field_ns_label(c->snap, P(o)->ns, b, n);
}

static const struct field proc_fields[] = {
	{ .name = "NS", .json = "ns", .help = "IPC namespace (container); its inode in JSON",
	  .width = 10, .flags = FIELD_DEFAULT | FIELD_MULTINS | FIELD_MATCH | FIELD_TEXTSORT,
	  .type = FT_NUM, .num = num_pns, .text = text_pns },
	{ .name = "PID", .json = "pid", .help = "Process id (thread id with --threads)",
	  .width = 7, .flags = FIELD_RIGHT | FIELD_DEFAULT | FIELD_MATCH_NUM, .type = FT_NUM,
	  .num = num_pid },
	{ .name = "TGID", .json = "tgid", .help = "Thread group (process) id", .width = 7,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT, .type = FT_NUM, .num = num_tgid },
	{ .name = "PPID", .json = "ppid", .help = "Parent process id", .width = 7,
	  .flags = FIELD_RIGHT | FIELD_MATCH_NUM, .type = FT_NUM, .num = num_ppid },
	{ .name = "USER", .json = "user", .help = "Effective user", .width = 8,
	  .flags = FIELD_DEFAULT | FIELD_TEXTSORT | FIELD_MATCH, .type = FT_STR,
	  .text = text_user },
	{ .name = "UID", .json = "uid", .help = "Effective user id", .width = 6,
	  .flags = FIELD_RIGHT | FIELD_OWNER, .type = FT_NUM, .num = num_puid },
	{ .name = "STATE", .json = "state", .help = "State (R running, S sleeping, D disk, T stopped...)",
	  .width = 5, .flags = FIELD_DEFAULT | FIELD_TEXTSORT, .type = FT_STR,
	  .num = num_state, .text = text_state },
	{ .name = "COMM", .json = "comm", .help = "Command name", .width = 12,
	  .flags = FIELD_DEFAULT | FIELD_TEXTSORT | FIELD_MATCH | FIELD_TREE, .type = FT_STR,
	  .text = text_comm },
	{ .name = "SIGQ", .json = "sigq", .help = "Signals queued for the user / the user's limit",
	  .width = 8, .flags = FIELD_RIGHT | FIELD_DEFAULT, .type = FT_NUM, .num = num_sigq,
	  .text = text_sigq },
	{ .name = "SIGQMAX", .json = "sigq_max", .help = "The user's limit of queued signals",
	  .width = 7, .flags = FIELD_RIGHT, .type = FT_NUM, .num = num_sigq_max },
	{ .name = "PENDING", .json = "pending", .help = "Signals pending for the thread",
	  .width = 8, .flags = FIELD_DEFAULT, .type = FT_SIGSET, .num = num_pending },
	{ .name = "SHDPND", .json = "shdpnd", .help = "Signals pending for the process",
	  .width = 8, .flags = FIELD_DEFAULT, .type = FT_SIGSET, .num = num_shdpnd },
	{ .name = "BLOCKED", .json = "blocked", .help = "Signals blocked", .width = 8,
	  .flags = FIELD_DEFAULT, .type = FT_SIGSET, .num = num_blocked },
	{ .name = "IGNORED", .json = "ignored", .help = "Signals ignored", .width = 8,
	  .flags = FIELD_DEFAULT, .type = FT_SIGSET, .num = num_ignored },
	{ .name = "CAUGHT", .json = "caught", .help = "Signals with a handler", .width = 8,
	  .flags = FIELD_DEFAULT, .type = FT_SIGSET, .num = num_caught },
	{ .name = "WCHAN", .json = "wchan", .help = "Kernel function the process sleeps in",
	  .width = 10, .flags = FIELD_DEFAULT | FIELD_OPTSTR | FIELD_TEXTSORT, .type = FT_STR,
	  .text = text_wchan },
};

/* ---- a process's 64 signals, in its detail ---- */

#define R(o) ((const struct sig_row *)(o))

FIELD_NUM(struct sig_row, sig, x->sig)

static void text_signame(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	(void)c;
	put(b, n, R(o)->name);
}

static void text_action(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	(void)c;
	put(b, n, R(o)->action);
}

static void text_where(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	(void)c;
	put(b, n, R(o)->pending ? "thread" : R(o)->shdpnd ? "process" : "-");
}

#define YESNO(name, member) \
	static void text_##name(const void *o, const struct field_ctx *c, char *b, size_t n) \
	{ (void)c; put(b, n, R(o)->member ? "yes" : "-"); }
YESNO(blk, blocked)
YESNO(ign, ignored)
YESNO(cgt, caught)

static const struct field sig_fields[] = {
	{ .name = "SIG", .json = "sig", .help = "Signal number", .width = 3,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT, .type = FT_NUM, .num = num_sig },
	{ .name = "NAME", .json = "name", .help = "Signal name", .width = 11,
	  .flags = FIELD_DEFAULT, .type = FT_STR, .text = text_signame },
	{ .name = "ACTION", .json = "action", .help = "Default action", .width = 7,
	  .flags = FIELD_DEFAULT, .type = FT_STR, .text = text_action },
	{ .name = "PENDING", .json = "pending", .help = "Pending for the thread or the process",
	  .width = 7, .flags = FIELD_DEFAULT, .type = FT_STR, .text = text_where },
	{ .name = "BLOCKED", .json = "blocked", .help = "Blocked", .width = 7,
	  .flags = FIELD_DEFAULT, .type = FT_STR, .text = text_blk },
	{ .name = "IGNORED", .json = "ignored", .help = "Ignored", .width = 7,
	  .flags = FIELD_DEFAULT, .type = FT_STR, .text = text_ign },
	{ .name = "CAUGHT", .json = "caught", .help = "Caught by a handler", .width = 6,
	  .flags = FIELD_DEFAULT, .type = FT_STR, .text = text_cgt },
};

static size_t sig_rows(const void *obj, void **rows, int *err)
{
	struct sig_row *r = malloc(SIG_COUNT * sizeof(*r));

	*err = 0;
	*rows = r;
	if (!r) {
		*err = -ENOMEM;
		return 0;
	}
	proc_sig_rows(obj, r);
	return SIG_COUNT;
}

static const char *sig_strerror(int err)
{
	return strerror(-err);
}

static const struct subtable proc_signals = {
	.what = "signals", .json = NULL, .fields = sig_fields, .nfields = sizeof(sig_fields) / sizeof(sig_fields[0]),
	.rowsize = sizeof(struct sig_row), .rows = sig_rows, .strerror = sig_strerror,
};

static void proc_ident(const void *obj, struct ident *out)
{
	out->id = P(obj)->pid;
	out->ctime = (long long)P(obj)->start_time;
}

static void proc_match(const void *obj, long long m[MATCH_N])
{
	m[0] = P(obj)->pid;
	m[1] = (long long)P(obj)->start_time;
	m[2] = 0;
}

/* A thread's parent in the tree is its process; a process's, its parent. */
static long long proc_parent(const void *obj)
{
	return P(obj)->pid != P(obj)->tgid ? P(obj)->tgid : P(obj)->ppid;
}

static void proc_label(const struct ident *id, char *buf, size_t len)
{
	snprintf(buf, len, "%lld", id->id);
}

const struct kind kind_proc = {
	.id = KIND_PROC, .name = "signals", .type = "signal", .title = "Signals",
	.one = "Process pid", .word = "process", .plural = "processes", .noun = "Process",
	.tab = "Signals", .rc = "signals",
	.columns = "Signal columns (--signals)", .section = 6, .flags = KIND_PROCESS,
	.needs = NEED_PROCS | NEED_SIGNALS,
	.tab_short = "Sigs",
	.fields = proc_fields, .nfields = sizeof(proc_fields) / sizeof(proc_fields[0]),
	.id_field = &proc_fields[1], .objsize = sizeof(struct proc),
	.ident = proc_ident, .match = proc_match, .parent = proc_parent, .label = proc_label,
	.sub = &proc_signals,
};
