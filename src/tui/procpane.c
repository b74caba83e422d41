/* Columns of the signals pane (one row per process, its signal masks) and
 * the pipes pane (one row per pipe or FIFO, who holds each end). The data
 * comes from the process collector through the snapshot. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ipctop/proc.h"
#include "ipctop/signals.h"
#include "tui/state.h"

#define P(o) ((const struct proc *)(o))
#define PI(o) ((const struct pipe_info *)(o))

static long long n_pid(const void *o) { return P(o)->pid; }
static long long n_pending(const void *o) { return (long long)P(o)->pending; }
static long long n_shdpnd(const void *o) { return (long long)P(o)->shdpnd; }
static long long n_blocked(const void *o) { return (long long)P(o)->blocked; }
static long long n_ignored(const void *o) { return (long long)P(o)->ignored; }
static long long n_caught(const void *o) { return (long long)P(o)->caught; }
static long long n_sigq(const void *o) { return P(o)->sigq; }

static void t_pid(const void *o, const struct snapshot *s, char *b, size_t n) { (void)s; snprintf(b, n, "%d", P(o)->pid); }
static void t_user(const void *o, const struct snapshot *s, char *b, size_t n) { (void)s; snprintf(b, n, "%s", P(o)->user); }
static void t_comm(const void *o, const struct snapshot *s, char *b, size_t n) { (void)s; snprintf(b, n, "%s", P(o)->comm); }
static void t_state(const void *o, const struct snapshot *s, char *b, size_t n)
{
	(void)s;
	char c = P(o)->state;
	snprintf(b, n, "%c", c >= 'A' && c <= 'z' ? c : '?');
}
static void mask(uint64_t m, char *b, size_t n)
{
	if (!m)
		snprintf(b, n, "-");
	else
		sig_mask_names(m, b, n);
}
static void t_pending(const void *o, const struct snapshot *s, char *b, size_t n) { (void)s; mask(P(o)->pending, b, n); }
static void t_shdpnd(const void *o, const struct snapshot *s, char *b, size_t n) { (void)s; mask(P(o)->shdpnd, b, n); }
static void t_blocked(const void *o, const struct snapshot *s, char *b, size_t n) { (void)s; mask(P(o)->blocked, b, n); }
static void t_ignored(const void *o, const struct snapshot *s, char *b, size_t n) { (void)s; mask(P(o)->ignored, b, n); }
static void t_caught(const void *o, const struct snapshot *s, char *b, size_t n) { (void)s; mask(P(o)->caught, b, n); }
static void t_sigq(const void *o, const struct snapshot *s, char *b, size_t n)
{
	(void)s;
	if (P(o)->sigq == IPC_UNKNOWN)
		snprintf(b, n, "?");
	else
		snprintf(b, n, "%lld/%lld", P(o)->sigq, P(o)->sigq_max);
}
static void t_wchan(const void *o, const struct snapshot *s, char *b, size_t n) { (void)s; snprintf(b, n, "%s", P(o)->wchan[0] ? P(o)->wchan : "-"); }

static const struct pcol proc_cols[] = {
	{ "PID", 7, true, n_pid, t_pid },
	{ "USER", 8, false, NULL, t_user },
	{ "STATE", 5, false, NULL, t_state },
	{ "COMM", 12, false, NULL, t_comm },
	{ "SIGQ", 8, true, n_sigq, t_sigq },
	{ "PENDING", 8, false, n_pending, t_pending },
	{ "SHDPND", 8, false, n_shdpnd, t_shdpnd },
	{ "BLOCKED", 8, false, n_blocked, t_blocked },
	{ "IGNORED", 8, false, n_ignored, t_ignored },
	{ "CAUGHT", 8, false, n_caught, t_caught },
	{ "WCHAN", 10, false, NULL, t_wchan },
};

static long long n_inode(const void *o) { return (long long)PI(o)->inode; }
static long long n_writers(const void *o) { return (long long)PI(o)->nwriters; }
static long long n_readers(const void *o) { return (long long)PI(o)->nreaders; }
static void t_inode(const void *o, const struct snapshot *s, char *b, size_t n) { (void)s; snprintf(b, n, "%llu", PI(o)->inode); }
static void t_type(const void *o, const struct snapshot *s, char *b, size_t n) { (void)s; snprintf(b, n, "%s", PI(o)->path ? "fifo" : "pipe"); }
static void t_path(const void *o, const struct snapshot *s, char *b, size_t n) { (void)s; snprintf(b, n, "%s", PI(o)->path ? PI(o)->path : "-"); }

static void t_writers(const void *o, const struct snapshot *s, char *b, size_t n) { proc_pids_text(s, PI(o)->writers, PI(o)->nwriters, b, n); }
static void t_readers(const void *o, const struct snapshot *s, char *b, size_t n) { proc_pids_text(s, PI(o)->readers, PI(o)->nreaders, b, n); }

static const struct pcol pipe_cols[] = {
	{ "INODE", 10, true, n_inode, t_inode },
	{ "TYPE", 4, false, NULL, t_type },
	{ "PATH", 20, false, NULL, t_path },
	{ "WRITERS", 14, false, n_writers, t_writers },
	{ "READERS", 14, false, n_readers, t_readers },
};

const struct pcol *procpane_cols(enum tui_pane id, size_t *n)
{
	if (id == PANE_SIGNALS) {
		*n = sizeof(proc_cols) / sizeof(proc_cols[0]);
		return proc_cols;
	}
	*n = sizeof(pipe_cols) / sizeof(pipe_cols[0]);
	return pipe_cols;
}

size_t procpane_count(const struct snapshot *s, enum tui_pane id)
{
	if (id == PANE_SIGNALS)
		return s->have_procs ? s->nprocs : 0;
	return s->have_pipes ? s->npipes : 0;
}

const void *procpane_obj(const struct snapshot *s, enum tui_pane id, size_t i)
{
	return id == PANE_SIGNALS ? (const void *)&s->procs[i] : (const void *)&s->pipes[i];
}

long long procpane_id(enum tui_pane id, const void *obj)
{
	return id == PANE_SIGNALS ? P(obj)->pid : (long long)PI(obj)->inode;
}

static bool has_pid(const int32_t *v, size_t n, const char *needle)
{
	char b[16];
	for (size_t i = 0; i < n; i++) {
		snprintf(b, sizeof(b), "%d", v[i]);
		if (strcmp(b, needle) == 0)
			return true;
	}
	return false;
}

/* A pid list matches by a whole pid or by a holder's command name. */
static bool ends_match(const struct snapshot *s, const int32_t *v, size_t n,
		       const char *needle)
{
	if (has_pid(v, n, needle))
		return true;
	for (size_t i = 0; s && i < n; i++) {
		const struct proc *p = proc_find(s, v[i]);
		if (p && strcasestr(p->comm, needle))
			return true;
	}
	return false;
}

bool procpane_match(enum tui_pane id, const struct snapshot *s, const void *obj,
		    const char *needle)
{
	char b[32];

	if (id == PANE_SIGNALS) {
		snprintf(b, sizeof(b), "%d", P(obj)->pid);
		return strcmp(b, needle) == 0 || strcasestr(P(obj)->comm, needle) ||
		       strcasestr(P(obj)->user, needle);
	}
	snprintf(b, sizeof(b), "%llu", PI(obj)->inode);
	return strcmp(b, needle) == 0 || (PI(obj)->path && strcasestr(PI(obj)->path, needle)) ||
	       ends_match(s, PI(obj)->writers, PI(obj)->nwriters, needle) ||
	       ends_match(s, PI(obj)->readers, PI(obj)->nreaders, needle);
}
