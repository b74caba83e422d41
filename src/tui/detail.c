/* The detail view: one object in full, as --once -i shows it — every
 * column of its kind and, for a semaphore set, each semaphore's value,
 * waiters and last pid (read through the collector's sysv_sem_detail). */
#define _GNU_SOURCE
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipctop/proc.h"
#include "ipctop/procs.h"
#include "tui/state.h"

/* The object the view opened on, in the snapshot on screen: never
 * another one that took its id since. */
static const void *find(const struct tui *t, const struct detail *d, const void **same_id)
{
	return snap_find_ident(t->cur, &d->ident, same_id);
}

static void free_sems(struct detail *d)
{
	free(d->sems);
	d->sems = NULL;
	d->nsems = 0;
	d->sems_err = 0;
}

/* The last operators were read after the snapshot: one that exists but
 * is hidden from us must not read "(gone)" (the collector decides). */
static void note_hidden_operators(struct tui *t, const struct detail *d)
{
	int32_t *pids;
	size_t n = 0;

	if (!d->nsems || !t->cur || !sysv_procfs_is_live(t->o->procfs ? t->o->procfs : "/proc"))
		return;
	pids = malloc(d->nsems * sizeof(*pids));
	if (!pids)
		return;     /* the worst is a "(gone)" too many */
	for (size_t i = 0; i < d->nsems; i++)
		if (d->sems[i].pid > 0 && d->sems[i].pid <= INT32_MAX)
			pids[n++] = (int32_t)d->sems[i].pid;
	(void)procs_note_hidden(t->cur, pids, n);
	free(pids);
}

/* Re-read per-semaphore values: on opening and on every refresh. */
void detail_refresh(struct tui *t)
{
	struct detail *d = &t->detail;

	if (t->mode != MODE_DETAIL || d->pane != PANE_SEM)
		return;
	free_sems(d);
	const struct semset *s = find(t, d, NULL);
	if (!s)
		return;
	struct semset copy = *s;
	copy.sems = NULL;
	sysv_sem_detail(&copy);
	d->sems = copy.sems;
	d->nsems = copy.sems ? (size_t)copy.nsems : 0;
	d->sems_err = copy.sems_err;
	note_hidden_operators(t, d);
}

void detail_open(struct tui *t)
{
	struct pane *p = &t->panes[t->pane];
	const void *o = p->rows[p->cursor].obj;

	free_sems(&t->detail);
	t->detail.pane = p->id;
	if (p->id == PANE_SIGNALS) {
		const struct proc *pr = o;
		t->detail.pid = pr->pid;
		t->detail.start = pr->start_time;
		t->detail.scroll = 0;
		t->mode = MODE_DETAIL;
		return;
	}
	ipc_ident_of(&t->detail.ident, pane_kind(p), o);
	t->detail.scroll = 0;
	t->mode = MODE_DETAIL;
	detail_refresh(t);
}

void detail_close(struct tui *t)
{
	free_sems(&t->detail);
	t->mode = MODE_TABLE;
}

static const char *const titles[KIND_COUNT] = {
	"Message queue", "Semaphore set", "Shared memory segment"
};

static const struct proc *find_proc(const struct tui *t, const struct detail *d)
{
	for (size_t i = 0; t->cur && t->cur->have_procs && i < t->cur->nprocs; i++)
		if (t->cur->procs[i].pid == d->pid && t->cur->procs[i].start_time == d->start)
			return &t->cur->procs[i];
	return NULL;
}

/* A process in full: its identity, then all 64 signals with where each
 * stands (pending, blocked, ignored, caught) and its default action. */
static void draw_proc(struct tui *t)
{
	struct detail *d = &t->detail;
	const struct proc *p = find_proc(t, d);
	int top = t->tabs_y + 1, h = LINES - 2 - top, w = COLS;
	int inner = h - 2, y = top + 1;
	char title[96], line[160];
	struct sig_row rows[64];

	snprintf(title, sizeof(title), " Process %d ", d->pid);
	crt_box(top, 0, h, w, title);
	if (!p) {
		crt_put(y, 2, w - 4, "This process no longer exists.", crt_attr(C_DIALOG_TITLE));
		return;
	}
	proc_sig_rows(p, rows);
	int total = 4 + 64;
	if (d->scroll > total - inner)
		d->scroll = total - inner > 0 ? total - inner : 0;
	char sigq[48];
	if (p->sigq == IPC_UNKNOWN)
		snprintf(sigq, sizeof(sigq), "?");
	else
		snprintf(sigq, sizeof(sigq), "%lld of %lld", p->sigq, p->sigq_max);
	const char *head[3];
	char h0[320], h1[160];
	snprintf(h0, sizeof(h0), "PID %d  TGID %d  USER %s  COMM %s  STATE %c",
		 p->pid, p->tgid, p->user, p->comm,
		 p->state >= 'A' && p->state <= 'z' ? p->state : '?');
	snprintf(h1, sizeof(h1), "queued signals %s  wchan %s", sigq, p->wchan[0] ? p->wchan : "-");
	head[0] = h0;
	head[1] = h1;
	head[2] = "";
	for (int r = 0; r < total && y < top + 1 + inner; r++) {
		if (r < d->scroll)
			continue;
		int a = crt_attr(C_DIALOG);
		if (r < 3) {
			crt_put(y++, 2, w - 4, head[r], r < 2 ? crt_attr(C_DIALOG_TITLE) : a);
			continue;
		}
		if (r == 3) {
			crt_put(y++, 2, w - 4, " SIG NAME        ACTION  PENDING BLOCKED IGNORED CAUGHT",
				crt_attr(C_DIALOG_TITLE));
			continue;
		}
		const struct sig_row *s = &rows[r - 4];
		bool any = s->pending || s->shdpnd || s->blocked || s->ignored || s->caught;
		snprintf(line, sizeof(line), " %3d %-11s %-7s %-7s %-7s %-7s %s", s->sig, s->name,
			 s->action, s->pending ? "thread" : s->shdpnd ? "process" : "-",
			 s->blocked ? "yes" : "-", s->ignored ? "yes" : "-", s->caught ? "yes" : "-");
		crt_put(y++, 2, w - 4, line, any ? a | (int)A_BOLD : a);
	}
}

void detail_draw(struct tui *t)
{
	struct detail *d = &t->detail;
	if (d->pane == PANE_SIGNALS) {
		draw_proc(t);
		return;
	}
	enum ipc_kind k = d->ident.kind;
	const void *same_id;
	const void *o = find(t, d, &same_id);
	int top = t->tabs_y + 1, h = LINES - 2 - top, w = COLS;
	char title[96], buf[512], line[640];
	int y = top + 1, inner = h - 2, row = 0;

	snprintf(title, sizeof(title), " %s 0x%08x (id %d) ", titles[k],
		 (unsigned)d->ident.key, d->ident.id);
	crt_box(top, 0, h, w, title);
	if (!o && same_id) {
		struct ipc_ident now;
		ipc_ident_of(&now, k, same_id);
		ipc_ident_diff_text(&d->ident, &now, buf, sizeof(buf));
		snprintf(line, sizeof(line), "This object changed since this view opened (%s):", buf);
		crt_put(y++, 2, w - 4, line, crt_attr(C_DIALOG_TITLE));
		crt_put(y, 2, w - 4, "its id may name another object now; Esc, then Enter on "
			"its row shows that one.", crt_attr(C_DIALOG));
		return;
	}
	if (!o) {
		crt_put(y, 2, w - 4, "This object no longer exists.", crt_attr(C_DIALOG_TITLE));
		return;
	}
	size_t n;
	const struct field *f = fields_of(k, &n);
	/* keep the last page full: scrolling stops at the end */
	int total = k == KIND_SEM ? 2 + (d->sems_err ? 1 : 0) + (int)d->nsems : 0;
	for (size_t i = 0; i < n; i++)
		total += !((f[i].type == FT_PIDS || f[i].type == FT_WAITERS) &&
			   !t->cur->have_procs);
	if (d->scroll > total - inner)
		d->scroll = total - inner > 0 ? total - inner : 0;
	/* the lines, scrolled: fields first, then semaphores */
	for (size_t i = 0; i < n; i++) {
		bool listy = f[i].type == FT_PIDS || f[i].type == FT_WAITERS;
		if (listy && !t->cur->have_procs)
			continue;
		if (row++ < d->scroll)
			continue;
		if (y >= top + 1 + inner)
			break;
		field_text(&f[i], &t->ctx, o, buf, sizeof(buf));
		snprintf(line, sizeof(line), "%-10s %-24s %s", f[i].name, buf, f[i].help);
		crt_put(y++, 2, w - 4, line, crt_attr(C_DIALOG));
	}
	if (k != KIND_SEM)
		return;
	const char *hdr = "    SEMNUM      VALUE     NCOUNT     ZCOUNT  PID";
	if (row++ >= d->scroll && y + 1 < top + 1 + inner) {
		y++;        /* a blank line, then the header: both inside the box */
		crt_put(y++, 2, w - 4, hdr, crt_attr(C_DIALOG_TITLE));
	}
	if (d->sems_err && row++ >= d->scroll && y < top + 1 + inner) {
		snprintf(line, sizeof(line), "semaphore values: %s", sems_strerror(d->sems_err));
		crt_put(y++, 2, w - 4, line, crt_attr(C_DIALOG_TITLE));
	}
	for (size_t i = 0; i < d->nsems && y < top + 1 + inner; i++) {
		const struct sem_value *v = &d->sems[i];
		long long vals[4] = { v->num, v->value, v->ncnt, v->zcnt };
		size_t off = 0;
		char who[PROC_COMM_MAX + 24];
		if (row++ < d->scroll)
			continue;
		for (int c = 0; c < 4 && off < sizeof(line); c++) {
			int wr;
			if (vals[c] == IPC_UNKNOWN)
				wr = snprintf(line + off, sizeof(line) - off, " %10s", "?");
			else
				wr = snprintf(line + off, sizeof(line) - off, " %10lld", vals[c]);
			if (wr < 0)
				break;
			off += (size_t)wr;
		}
		/* the last operator, by name where the process is known */
		proc_pid_label(t->cur, v->pid, who, sizeof(who));
		if (off < sizeof(line))
			snprintf(line + off, sizeof(line) - off, "  %s", who);
		crt_put(y++, 2, w - 4, line, crt_attr(C_DIALOG));
	}
}
