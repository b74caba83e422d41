/* Lookups and judgements over a snapshot's process table. */
#include <stdio.h>
#include <string.h>

#include "ipctop/proctab.h"

#include <errno.h>

#include "ipctop/fields.h"
#include "ipctop/kind.h"
#include "ipctop/fmt.h"
#include "ipctop/signals.h"

const struct proc *proc_find(const struct snapshot *s, long long pid)
{
	size_t lo = 0, hi = snap_n(s, KIND_PROC);

	if (!snap_procs(s) || pid <= 0)
		return NULL;
	/* sorted by tgid: binary search for the process */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int32_t t = snap_procs(s)[mid].tgid;

		if (t == pid)
			return &snap_procs(s)[mid];
		if (t < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* a thread id, when there are per-thread rows: without them a pid
	 * that is no tgid is no row (a gone creator, every lookup of a big
	 * list's last pids) and a walk over the table would find nothing */
	for (size_t i = 0; s->proc_threads && i < snap_n(s, KIND_PROC); i++)
		if (snap_procs(s)[i].pid == pid)
			return &snap_procs(s)[i];
	return NULL;
}

/* Append n bytes of s at *o in buf (len), cut to fit, NUL-terminated. */
static void append(char *buf, size_t len, size_t *o, const char *s, size_t n)
{
	if (*o + 1 >= len)
		return;
	if (n > len - 1 - *o)
		n = len - 1 - *o;
	memcpy(buf + *o, s, n);
	*o += n;
	buf[*o] = '\0';
}

/* Two of these per row of a 22,000-object table: built by hand, not by
 * snprintf, which showed in the profile. */
void proc_pid_label(const struct snapshot *s, long long pid, char *buf, size_t len)
{
	const struct proc *p = s && pid > 0 ? proc_find(s, pid) : NULL;
	char num[FMT_NUM_MAX];
	size_t o = 0, n;

	if (len == 0)
		return;
	buf[0] = '\0';
	if (pid == IPC_UNKNOWN) {
		append(buf, len, &o, "?", 1);
		return;
	}
	n = fmt_ll(num, pid);
	if (p && p->comm[0]) {
		append(buf, len, &o, p->comm, strnlen(p->comm, sizeof(p->comm)));
		append(buf, len, &o, "(", 1);
		append(buf, len, &o, num, n);
		append(buf, len, &o, ")", 1);
	} else {
		append(buf, len, &o, num, n);
		if (s && proc_pid_gone(s, pid))
			append(buf, len, &o, "(gone)", 6);
	}
}

void proc_pids_text(const struct snapshot *s, const int32_t *pids, size_t n,
		    char *buf, size_t len)
{
	size_t o = 0;

	if (len == 0)
		return;
	snprintf(buf, len, "-");
	for (size_t i = 0; i < n && o + 1 < len; i++) {
		char one[PROC_COMM_MAX + 16];
		int w;

		proc_pid_label(s, pids[i], one, sizeof(one));
		w = snprintf(buf + o, len - o, "%s%s", i ? "," : "", one);
		if (w < 0)
			break;
		o += (size_t)w;
	}
}

static bool pid_hidden(const struct snapshot *s, long long pid)
{
	size_t lo = 0, hi = s->nhidden_pids;

	while (s->hidden_pids && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->hidden_pids[mid] == pid)
			return true;
		if (s->hidden_pids[mid] < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

bool proc_pid_gone(const struct snapshot *s, long long pid)
{
	return snap_have(s, KIND_PROC) && pid > 0 && !proc_find(s, pid) && !pid_hidden(s, pid);
}

/* -ENODATA: not collected at all, which no view calls partial */
static bool partial(int err)
{
	return err < 0 && err != -ENODATA;
}

bool proc_lists_partial(const struct snapshot *s)
{
	size_t nk;
	const struct kind *const *all = kinds_all(&nk);

	/* every kind's columns of processes found by the scan */
	for (size_t k = 0; k < nk; k++) {
		for (size_t f = 0; f < all[k]->nfields; f++) {
			const struct field *fl = &all[k]->fields[f];

			if (!fl->list || !(fl->needs & NEED_USERS))
				continue;
			for (size_t i = 0; i < snap_count(s, all[k]); i++) {
				const void *items;
				int err;

				fl->list(snap_obj(s, all[k], i), &items, &err);
				if (partial(err))
					return true;
			}
		}
	}
	return false;
}

bool proc_is_notable(const struct proc *p)
{
	if (p->pending || p->shdpnd)
		return true;
	/* a fatal signal held back (handled or not) waits for the process
	 * to unblock it; ignoring INT, QUIT or PIPE, or blocking CHLD around
	 * a wait, is what background jobs and shells do all day */
	for (int sig = 1; sig <= SIG_COUNT; sig++)
		if (sig_in(p->blocked, sig) && sig_default_kills(sig))
			return true;
	return false;
}

void proc_sig_rows(const struct proc *p, struct sig_row rows[64])
{
	for (int sig = 1; sig <= SIG_COUNT; sig++) {
		struct sig_row *r = &rows[sig - 1];

		r->sig = sig;
		sig_name(sig, r->name, sizeof(r->name));
		r->action = sig_default_action(sig);
		r->pending = sig_in(p->pending, sig);
		r->shdpnd = sig_in(p->shdpnd, sig);
		r->blocked = sig_in(p->blocked, sig);
		r->ignored = sig_in(p->ignored, sig);
		r->caught = sig_in(p->caught, sig);
	}
}
