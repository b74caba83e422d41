/* The collector thread. Collecting 20,000 objects takes long enough that
 * doing it on the screen's thread would leave key presses unanswered, so
 * snapshots are made here and handed over through a mutex-guarded slot;
 * an eventfd wakes the screen's poll() beside stdin. Every other kernel
 * call the live view needs is made here too, since this thread owns the
 * source: the detail's semaphore values (read with each snapshot), and
 * the removals and signals the user confirmed (a request, done before
 * the next collection, its outcome handed back like a snapshot). */
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

/* Process data (signal masks, pipes, who attaches or waits) comes from
 * the process collector; signal queues and pipes cost extra reads per
 * process, so only while their pane shows them. */
static int collect_procs(struct feed *f, struct snapshot *s, bool sigs, bool pipes,
			 bool threads)
{
	struct procs_opts po = {
		.src = f->src, .signals = sigs, .users = true, .pipes = pipes,
		.threads = threads,
	};

	if (!f->procs_cache)
		f->procs_cache = procs_cache_new();
	return procs_collect(s, &po, f->procs_cache);
}

static long long mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct snapshot *collect(struct feed *f, const struct collect_opts *co,
				struct ns_spec *spec, bool sigs, bool pipes, bool threads)
{
	struct snapshot *s = malloc(sizeof(*s));
	char warn[TUI_MSG_LEN];

	if (!s)
		return NULL;
	snapshot_init(s);
	/* each list's error stays in it for the screen to show */
	(void)collect_view(s, f->src, spec, co, warn, sizeof(warn));
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
	/* who waits on or attaches what fills default columns: always */
	(void)collect_procs(f, s, sigs, pipes, threads);
	/* the findings mark rows on every tab: what their rules read too,
	 * then the rules themselves, off the screen's thread */
	(void)collect_health(s, f->src, co->needs);
	(void)health_compute(s, &f->health);
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
	size_t nk;
	const struct kind *const *kinds = kinds_all(&nk);
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
	size_t n = r->kind == FEED_REMOVE ? r->n : 1;

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
	if (r->kind == FEED_KILL) {
		r->codes[0] = act_kill(f->src, r->pid, r->start, r->sig, r->msgs[0],
				       sizeof(r->msgs[0]));
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
	for (size_t i = 0; i < r->n; i++)
		r->codes[i] = act_remove_in(&view, f->src, &r->targets[i], r->msgs[i],
					    sizeof(r->msgs[i]));
	snapshot_free(&view);
}

static void *feed_main(void *arg)
{
	struct feed *f = arg;

	pthread_mutex_lock(&f->mu);
	while (!f->stop) {
		bool sigs = f->want_procs, pipes = f->want_pipes, threads = f->want_threads;
		struct collect_opts co = f->co;
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
		struct snapshot *s = collect(f, &co, own ? NULL : &spec, sigs, pipes, threads);
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
	size_t nk;
	const struct kind *const *all = kinds_all(&nk);
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
	f->co.needs = NEED_QBYTES | NEED_RSS | NEED_USERS | NEED_PROCS | health_needs(&f->health);
	for (size_t i = 0; i < nk; i++)
		f->co.want[all[i]->id] = all[i]->list != NULL;
	f->delay_ms = delay_ms;
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

void feed_want_procs(struct feed *f, bool procs, bool pipes)
{
	pthread_mutex_lock(&f->mu);
	bool more = (procs && !f->want_procs) || (pipes && !f->want_pipes);
	f->want_procs = procs;
	f->want_pipes = pipes;
	/* a pane that just opened should not wait a whole interval */
	if (more)
		f->now = true;
	pthread_cond_signal(&f->cv);
	pthread_mutex_unlock(&f->mu);
}

void feed_want_threads(struct feed *f, bool threads)
{
	pthread_mutex_lock(&f->mu);
	f->want_threads = threads;
	f->now = true;
	pthread_cond_signal(&f->cv);
	pthread_mutex_unlock(&f->mu);
}
