/* The namespace picker (N): every IPC namespace with a process in it, its
 * label (host, docker:3f2a9c1b7e4d, comm(pid)...), its member, how many
 * processes and how many objects of each kind it holds; "all" above them.
 * The list is the collector's to make (joining each namespace is a kernel
 * call): asked when the picker opens, drawn when it comes. */
#include <curses.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/state.h"

#define KEY_ESC 27

void nspick_open(struct tui *t)
{
	struct feed_req *r = calloc(1, sizeof(*r));

	if (!r) {
		tui_message(t, true, "out of memory");
		return;
	}
	feed_req_free(t->nspick);
	t->nspick = NULL;
	t->nspick_at = 0;
	t->mode = MODE_NSPICK;
	r->kind = FEED_NAMESPACES;
	feed_request(&t->feed, r);
}

void nspick_done(struct tui *t, struct feed_req *r)
{
	if (t->mode != MODE_NSPICK) {
		feed_req_free(r);
		return;
	}
	feed_req_free(t->nspick);
	t->nspick = r;
	/* the cursor starts on the namespace in view: one, or "all" */
	t->nspick_at = 0;
	for (size_t i = 0; t->cur && t->cur->nns == 1 && i < r->nnsl; i++)
		if (r->nsl[i].info.inode == t->cur->ns[0].info.inode)
			t->nspick_at = i + 1;
	if (r->msgs && r->msgs[0][0])
		tui_message(t, true, "%s", r->msgs[0]);
}

static size_t rows(const struct tui *t)
{
	return 1 + (t->nspick ? t->nspick->nnsl : 0);
}

/* Show row at: 0 every namespace, else that one (ipctop's own: "host"). */
static void choose(struct tui *t, size_t at)
{
	struct ns_spec spec;

	memset(&spec, 0, sizeof(spec));
	if (at == 0) {
		spec.kind = NS_SPEC_ALL;
	} else {
		const struct ipcns *n = &t->nspick->nsl[at - 1].info;
		spec.kind = n->self ? NS_SPEC_HOST : NS_SPEC_INODE;
		spec.inode = n->inode;
	}
	t->ns_view = spec;
	t->ns_chosen = spec.kind != NS_SPEC_HOST;
	feed_set_ns(&t->feed, t->ns_chosen ? &spec : NULL);
	tui_message(t, false, "collecting %s...", at == 0 ? "every namespace" :
		    t->nspick->nsl[at - 1].info.label);
}

void nspick_key(struct tui *t, int ch)
{
	size_t n = rows(t);

	switch (ch) {
	case KEY_UP: case 'k': if (t->nspick_at > 0) t->nspick_at--; break;
	case KEY_DOWN: case 'j': if (t->nspick_at + 1 < n) t->nspick_at++; break;
	case KEY_HOME: case 'g': t->nspick_at = 0; break;
	case KEY_END: case 'G': t->nspick_at = n - 1; break;
	case '\n': case '\r': case KEY_ENTER:
		if (!t->nspick)
			break;      /* still listing */
		choose(t, t->nspick_at);
		/* fall through */
	case KEY_ESC: case 'q': case 'N':
		t->mode = MODE_TABLE;
		feed_req_free(t->nspick);
		t->nspick = NULL;
		break;
	default:
		break;
	}
}

/* Row r of the picker: 0 is "all", with the totals of the namespaces
 * read (a namespace we could not read has no counts: "?"). */
static void pick_line(const struct feed_req *pk, size_t r, const struct kind *const *kinds,
		      size_t nk, char *line, size_t size)
{
	size_t from = r ? r - 1 : 0, to = r ? r : pk->nnsl, procs = 0;
	bool unread = false;
	int len;

	for (size_t i = from; i < to; i++) {
		procs += pk->nsl[i].info.nproc;
		unread |= pk->nsl[i].err != 0;
	}
	if (r == 0)
		len = snprintf(line, size, " %-22s %10s %7s %5zu", "all", "", "", procs);
	else
		len = snprintf(line, size, " %-22.22s %10llu %7d %5zu", pk->nsl[from].info.label,
			       pk->nsl[from].info.inode, (int)pk->nsl[from].info.pid, procs);
	for (size_t k = 0; k < nk && len > 0 && (size_t)len < size; k++) {
		char num[24];
		size_t sum = 0;

		if (!(kinds[k]->flags & KIND_OBJECT) || !kinds[k]->tab)
			continue;
		for (size_t i = from; i < to; i++)
			sum += pk->nsl[i].n[kinds[k]->id];
		if (unread && r != 0)
			snprintf(num, sizeof(num), "?");
		else
			snprintf(num, sizeof(num), "%zu%s", sum, unread ? "+?" : "");
		len += snprintf(line + len, size - (size_t)len, " %8s", num);
	}
}

void nspick_draw(struct tui *t)
{
	int w = COLS - 2 < 128 ? COLS - 2 : 128;
	int h = LINES - t->rows_y - 1;
	int inner = h - 3;
	size_t n = rows(t), top = 0;
	char line[256], head[160];
	size_t nk;
	const struct kind *const *kinds = kinds_all(&nk);

	if (inner < 1)
		return;
	crt_box(t->rows_y - 1, 1, h + 1, w, " IPC namespaces (Enter shows, Esc closes) ");
	/* the header: a count column per kind of object */
	int o = snprintf(head, sizeof(head), " %-22s %10s %7s %5s", "NAMESPACE", "INODE", "PID",
			 "PROCS");
	for (size_t k = 0; k < nk && o > 0 && (size_t)o < sizeof(head); k++)
		if ((kinds[k]->flags & KIND_OBJECT) && kinds[k]->tab)
			o += snprintf(head + o, sizeof(head) - (size_t)o, " %8.8s", kinds[k]->tab);
	crt_put(t->rows_y, 3, w - 4, head, crt_attr(C_DIALOG_TITLE));
	if (!t->nspick) {
		crt_put(t->rows_y + 1, 3, w - 4, "listing the namespaces...", crt_attr(C_DIALOG));
		return;
	}
	if (t->nspick_at >= top + (size_t)inner)
		top = t->nspick_at - (size_t)inner + 1;
	for (int i = 0; i < inner && top + (size_t)i < n; i++) {
		size_t r = top + (size_t)i;
		int a = crt_attr(r == t->nspick_at ? C_CURSOR : C_DIALOG);

		pick_line(t->nspick, r, kinds, nk, line, sizeof(line));
		crt_fill(t->rows_y + 1 + i, 2, w - 2, a);
		crt_put(t->rows_y + 1 + i, 3, w - 4, line, a);
	}
}
