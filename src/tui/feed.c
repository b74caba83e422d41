/* The collector thread. Collecting 20,000 objects takes long enough that
 * doing it on the screen's thread would leave key presses unanswered, so
 * snapshots are made here and handed over through a mutex-guarded slot;
 * an eventfd wakes the screen's poll() beside stdin. Every other kernel
 * call the live view needs is made here too, since this thread owns the
 * source: the detail's semaphore values (read with each snapshot), and
 * the removals and signals the user confirmed (a request, done before
 * the next collection, its outcome handed back like a snapshot).
 * A refresh reads what the screen shows (feed_want): the tab's kind in
 * full, the others counted, processes only for a column that needs them. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "ipctop/collect.h"
#include "ipctop/ns.h"
#include "ipctop/procs.h"
#include "tui/state.h"

static long long mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* How a kind is listed is decided by measurement: the first two
 * collections of a kind time one source each, then the cheaper per
 * object is kept, and the other is timed again every FEED_RECHECK
 * collections of it (system calls cost more on some days than others). */
#define FEED_RECHECK 30

static enum list_source pick_source(struct feed_src *st)
{
	double per[2];

	if (!st->have[0])
		return SRC_SYSCALL;
	if (!st->have[1])
		return SRC_PROCFS;
	for (int i = 0; i < 2; i++)
		per[i] = (double)st->ns[i] / (double)(st->n[i] + 1);
	enum list_source fast = per[0] <= per[1] ? SRC_SYSCALL : SRC_PROCFS;
	if (++st->since >= FEED_RECHECK) {
		st->since = 0;
		return fast == SRC_SYSCALL ? SRC_PROCFS : SRC_SYSCALL;
	}
	return fast;
}

static void note_source(struct feed_src *st, const struct objlist *l)
{
	int i = l->source == SRC_SYSCALL ? 0 : l->source == SRC_PROCFS ? 1 : -1;

	if (i < 0 || l->err < 0)
		return;
	st->have[i] = true;
	st->ns[i] = l->cpu_ns;
	st->n[i] = l->n;
}

/* A kind that cannot be counted without being collected (processes,
 * pipes) is collected in the background now and then for its tab's
 * count: every FEED_BG_MS at most, and never more than 1/FEED_BG_SHARE
 * of the time, so a machine where that pass is slow pays little. */
#define FEED_BG_MS 10000
#define FEED_BG_FIRST_MS 1000
#define FEED_BG_SHARE 500

/* One collection: the shown tab's kind in full, with what its columns
 * need; every other kind counted (the header and the tabs' counts), or
 * collected in the background. Processes only when some column needs
 * them. */
static struct snapshot *collect(struct feed *f, const struct feed_want *w,
				struct ns_spec *spec)
{
	struct snapshot *s = malloc(sizeof(*s));
	char warn[TUI_MSG_LEN];
	struct collect_opts co = f->co;
	size_t nk;
	const struct kind *const *all = kinds_all(&nk);
	unsigned needs = w->needs, bg = 0;
	long long now = mono_ms(), t0;

	/* a tab whose rows are made from every object list (the findings)
	 * has them all listed, and what their rules read */
	bool every = w->show && (w->show->flags & KIND_DERIVED);

	if (!s)
		return NULL;
	snapshot_init(s);
	co.counts = true;
	for (size_t i = 0; i < nk; i++) {
		const struct kind *k = all[i];
		bool list = k->list && (k == w->show || (every && (k->flags & KIND_OBJECT)));

		co.want[k->id] = list;
		if (list)
			co.source[k->id] = pick_source(&f->srcs[k->id]);
		if (k != w->show && !k->count && !k->list && k->tab && now >= f->bg_due[k->id])
			bg |= k->needs;
	}
	if (every)
		needs |= NEED_USERS | NEED_PROCS | health_needs(&f->health);
	co.needs = needs;
	/* each list's error stays in it for the screen to show */
	(void)collect_view(s, f->src, spec, &co, warn, sizeof(warn));
	snprintf(s->warn, sizeof(s->warn), "%s", warn);
	/* a removal needs a member of the object's namespace: the last
	 * collection's are what the user chose from */
	pthread_mutex_lock(&f->mu);
	free(f->ns);
	f->ns = s->nns ? malloc(s->nns * sizeof(*f->ns)) : NULL;
	f->nns = f->ns ? s->nns : 0;
	if (f->ns)
		memcpy(f->ns, s->ns, s->nns * sizeof(*f->ns));
	pthread_mutex_unlock(&f->mu);
	for (size_t i = 0; i < nk; i++)
		if (co.want[all[i]->id])
			note_source(&f->srcs[all[i]->id], &s->list[all[i]->id]);
	needs |= bg;
	if (needs & (NEED_PROCS | NEED_USERS | NEED_SIGNALS | NEED_PIPES | NEED_CMDLINE)) {
		struct procs_opts po = {
			.src = f->src, .signals = (needs & NEED_SIGNALS) != 0,
			.users = (needs & NEED_USERS) != 0, .pipes = (needs & NEED_PIPES) != 0,
			.cmdline = (needs & NEED_CMDLINE) != 0,
			.threads = w->threads,
		};

		if (!f->procs_cache)
			f->procs_cache = procs_cache_new();
		t0 = mono_ms();
		(void)procs_collect(s, &po, f->procs_cache);
		if (bg) {
			long long cost = mono_ms() - t0, wait = cost * FEED_BG_SHARE;
			for (size_t i = 0; i < nk; i++)
				if (all[i]->needs & bg)
					f->bg_due[all[i]->id] = now + (wait > FEED_BG_MS ? wait : FEED_BG_MS);
		}
	}
	/* the findings mark rows: what their rules read too, then the rules
	 * themselves, off the screen's thread, over the lists collected.
	 * Only a collection of every list makes them rows to show (and a
	 * count for their tab) */
	(void)collect_health(s, f->src, co.needs);
	(void)health_compute(s, &f->health);
	for (size_t i = 0; i < nk; i++)
		if ((all[i]->flags & KIND_DERIVED) && !every)
			s->list[all[i]->id].light = true;
	return s;
}

void feed_req_free(struct feed_req *r)
{
	if (!r)
		return;
	free(r->targets);
	free(r->codes);
	free(r->msgs);
	free(r->nsl);
	free(r);
}

static void wake_screen(struct feed *f)
{
	uint64_t one = 1;
	ssize_t w = write(f->event_fd, &one, sizeof(one));

	(void)w;  /* the counter only saturates; the slots hold the data */
}

/* Every namespace with its objects counted, for the picker: one
 * collection of every list in every namespace, nothing else. */
static int list_namespaces(struct feed *f, struct feed_req *r)
{
	struct ns_spec all = { .kind = NS_SPEC_ALL };
	struct collect_opts co;
	struct snapshot tmp;
	int e;

	pthread_mutex_lock(&f->mu);
	co = f->co;
	pthread_mutex_unlock(&f->mu);
	memset(&co.detail, 0, sizeof(co.detail));
	co.limits = false;
	co.needs = 0;
	/* every object list, whichever tab is shown */
	size_t nk;
	const struct kind *const *kinds = kinds_all(&nk);
	for (size_t k = 0; k < nk; k++)
		co.want[kinds[k]->id] = kinds[k]->list && (kinds[k]->flags & KIND_OBJECT);
	snapshot_init(&tmp);
	e = collect_view(&tmp, f->src, &all, &co, r->msgs[0], sizeof(r->msgs[0]));
	r->nsl = calloc(tmp.nns ? tmp.nns : 1, sizeof(*r->nsl));
	if (!r->nsl) {
		snapshot_free(&tmp);
		return -ENOMEM;
	}
	r->nnsl = tmp.nns;
	for (size_t i = 0; i < tmp.nns; i++) {
		r->nsl[i].info = tmp.ns[i].info;
		r->nsl[i].err = tmp.ns[i].err;
	}
	for (size_t k = 0; k < nk; k++) {
		if (!(kinds[k]->flags & KIND_OBJECT) || !kinds[k]->ident)
			continue;
		for (size_t o = 0; o < snap_count(&tmp, kinds[k]); o++) {
			struct ident id;
			ident_of(&id, kinds[k], snap_obj(&tmp, kinds[k], o));
			for (size_t i = 0; i < tmp.nns; i++)
				if (tmp.ns[i].info.inode == id.ns)
					r->nsl[i].n[kinds[k]->id]++;
		}
	}
	snapshot_free(&tmp);
	return e;
}

/* Carry out what the user confirmed; outcome codes and messages into r. */
static void run_request(struct feed *f, struct feed_req *r)
{
	size_t n = r->n;

	r->codes = calloc(n ? n : 1, sizeof(*r->codes));
	r->msgs = calloc(n ? n : 1, sizeof(*r->msgs));
	if (!r->codes || !r->msgs) {
		free(r->codes);
		free(r->msgs);
		r->codes = NULL;
		r->msgs = NULL;
		r->n = 0;
		return;
	}
	if (r->kind == FEED_NAMESPACES) {
		r->codes[0] = list_namespaces(f, r);
		return;
	}
	struct snapshot view;

	/* each object is removed inside its own namespace */
	snapshot_init(&view);
	pthread_mutex_lock(&f->mu);
	view.ns = f->nns ? malloc(f->nns * sizeof(*view.ns)) : NULL;
	view.nns = view.ns ? f->nns : 0;
	if (view.ns)
		memcpy(view.ns, f->ns, f->nns * sizeof(*view.ns));
	pthread_mutex_unlock(&f->mu);
	for (size_t i = 0; i < r->n; i++) {
		const struct ident *id = &r->targets[i].ident;
		if (r->kind == FEED_KILL)
			r->codes[i] = act_kill(f->src, (int32_t)id->id, (unsigned long long)id->ctime,
					       r->sig, r->msgs[i], sizeof(r->msgs[i]));
		else
			r->codes[i] = act_remove_in(&view, f->src, &r->targets[i], r->msgs[i],
						    sizeof(r->msgs[i]));
	}
	snapshot_free(&view);
}

static void *feed_main(void *arg)
{
	struct feed *f = arg;

	pthread_mutex_lock(&f->mu);
	while (!f->stop) {
		struct feed_want w = f->want;
		struct ns_spec spec = f->spec;
		bool own = !f->have_spec;
		struct feed_req *req = f->req;
		long long t0 = mono_ms();

		f->now = false;
		f->req = NULL;
		pthread_mutex_unlock(&f->mu);
		if (req) {
			run_request(f, req);
			pthread_mutex_lock(&f->mu);
			feed_req_free(f->done);
			f->done = req;
			wake_screen(f);
			pthread_mutex_unlock(&f->mu);
		}
		/* then a fresh snapshot: it shows what the request did */
		struct snapshot *s = collect(f, &w, own ? NULL : &spec);
		pthread_mutex_lock(&f->mu);
		f->last_ms = mono_ms() - t0;
		if (s) {
			if (f->ready) {
				snapshot_free(f->ready);
				free(f->ready);
			}
			f->ready = s;
			wake_screen(f);
		}
		/* sleep for the interval, or until told to refresh or stop; the
		 * interval may change while we wait */
		while (!f->stop && !f->now && !f->req) {
			long long due = t0 + f->delay_ms, left = due - mono_ms();
			if (!f->paused && left <= 0)
				break;
			struct timespec ts;
			clock_gettime(CLOCK_MONOTONIC, &ts);
			long long add = f->paused ? 3600000 : left;
			ts.tv_sec += add / 1000;
			ts.tv_nsec += (add % 1000) * 1000000;
			if (ts.tv_nsec >= 1000000000) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000;
			}
			pthread_cond_timedwait(&f->cv, &f->mu, &ts);
		}
	}
	pthread_mutex_unlock(&f->mu);
	return NULL;
}

int feed_start(struct feed *f, const struct source *src, const struct ns_spec *spec,
	       long delay_ms, const struct health_opts *health)
{
	pthread_condattr_t ca;
	int r;

	memset(f, 0, sizeof(*f));
	f->src = src;
	f->have_spec = spec != NULL;
	if (spec)
		f->spec = *spec;
	collect_opts_init(&f->co);
	f->co.limits = true;
	if (health)
		f->health = *health;
	else
		health_opts_init(&f->health);
	f->delay_ms = delay_ms;
	/* the first screen waits for the tab shown only; the background
	 * kinds come a moment later */
	for (int k = 0; k < KIND_SLOTS; k++)
		f->bg_due[k] = mono_ms() + FEED_BG_FIRST_MS;
	f->event_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (f->event_fd < 0)
		return -errno;
	pthread_mutex_init(&f->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&f->cv, &ca);
	pthread_condattr_destroy(&ca);
	r = pthread_create(&f->thread, NULL, feed_main, f);
	if (r != 0) {
		close(f->event_fd);
		pthread_cond_destroy(&f->cv);
		pthread_mutex_destroy(&f->mu);
		return -r;
	}
	f->started = true;
	return 0;
}

void feed_stop(struct feed *f)
{
	if (!f->started)
		return;
	pthread_mutex_lock(&f->mu);
	f->stop = true;
	pthread_cond_signal(&f->cv);
	pthread_mutex_unlock(&f->mu);
	pthread_join(f->thread, NULL);
	if (f->ready) {
		snapshot_free(f->ready);
		free(f->ready);
	}
	feed_req_free(f->req);
	feed_req_free(f->done);
	free(f->ns);
	procs_cache_free(f->procs_cache);
	f->procs_cache = NULL;
	close(f->event_fd);
	pthread_cond_destroy(&f->cv);
	pthread_mutex_destroy(&f->mu);
	f->started = false;
}

struct snapshot *feed_take(struct feed *f, long long *took_ms)
{
	struct snapshot *s;
	uint64_t v;
	ssize_t r = read(f->event_fd, &v, sizeof(v));

	(void)r;
	pthread_mutex_lock(&f->mu);
	s = f->ready;
	f->ready = NULL;
	*took_ms = f->last_ms;
	pthread_mutex_unlock(&f->mu);
	return s;
}

struct feed_req *feed_take_done(struct feed *f)
{
	struct feed_req *r;

	pthread_mutex_lock(&f->mu);
	r = f->done;
	f->done = NULL;
	pthread_mutex_unlock(&f->mu);
	return r;
}

void feed_request(struct feed *f, struct feed_req *r)
{
	pthread_mutex_lock(&f->mu);
	/* one at a time: the screen waits for the outcome before another */
	feed_req_free(f->req);
	f->req = r;
	pthread_cond_signal(&f->cv);
	pthread_mutex_unlock(&f->mu);
}

void feed_set_ns(struct feed *f, const struct ns_spec *spec)
{
	pthread_mutex_lock(&f->mu);
	f->have_spec = spec != NULL;
	if (spec)
		f->spec = *spec;
	f->now = true;
	pthread_cond_signal(&f->cv);
	pthread_mutex_unlock(&f->mu);
}

void feed_want_detail(struct feed *f, const struct ident *id)
{
	pthread_mutex_lock(&f->mu);
	if (id)
		f->co.detail = *id;
	else
		memset(&f->co.detail, 0, sizeof(f->co.detail));
	/* at once, unless paused: a paused screen stays as it was */
	if (id && !f->paused)
		f->now = true;
	pthread_cond_signal(&f->cv);
	pthread_mutex_unlock(&f->mu);
}

void feed_set_delay(struct feed *f, long delay_ms)
{
	pthread_mutex_lock(&f->mu);
	f->delay_ms = delay_ms;
	pthread_cond_signal(&f->cv);
	pthread_mutex_unlock(&f->mu);
}

void feed_set_paused(struct feed *f, bool paused)
{
	pthread_mutex_lock(&f->mu);
	f->paused = paused;
	pthread_cond_signal(&f->cv);
	pthread_mutex_unlock(&f->mu);
}

void feed_refresh_now(struct feed *f)
{
	pthread_mutex_lock(&f->mu);
	f->now = true;
	pthread_cond_signal(&f->cv);
	pthread_mutex_unlock(&f->mu);
}

void feed_want(struct feed *f, const struct feed_want *w)
{
	pthread_mutex_lock(&f->mu);
	bool more = w->show != f->want.show || (w->needs & ~f->want.needs) ||
		    w->threads != f->want.threads;
	f->want = *w;
	/* a tab that just opened, or a column that needs more, should not
	 * wait a whole interval */
	if (more && !f->paused)
		f->now = true;
	pthread_cond_signal(&f->cv);
	pthread_mutex_unlock(&f->mu);
}
