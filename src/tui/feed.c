/* The collector thread. Collecting 20,000 objects takes long enough that
 * doing it on the screen's thread would leave key presses unanswered, so
 * snapshots are made here and handed over through a mutex-guarded slot;
 * an eventfd wakes the screen's poll() beside stdin. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "ipctop/procs.h"
#include "tui/state.h"

/* Process data (signal masks, pipes, who attaches or waits) comes from
 * the process collector; signal queues and pipes cost extra reads per
 * process, so only while their pane shows them. */
static int collect_procs(struct feed *f, struct snapshot *s, bool sigs, bool pipes,
			 bool threads)
{
	struct procs_opts po = {
		.procfs = f->so.procfs, .signals = sigs, .users = true, .pipes = pipes,
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

static struct snapshot *collect(struct feed *f, bool sigs, bool pipes, bool threads)
{
	struct snapshot *s = malloc(sizeof(*s));

	if (!s)
		return NULL;
	snapshot_init(s);
	/* per-kind errors stay in s->err for the screen to show */
	(void)sysv_collect(s, &f->so);
	/* who waits on or attaches what fills default columns: always */
	(void)collect_procs(f, s, sigs, pipes, threads);
	return s;
}

static void *feed_main(void *arg)
{
	struct feed *f = arg;

	pthread_mutex_lock(&f->mu);
	while (!f->stop) {
		bool sigs = f->want_procs, pipes = f->want_pipes, threads = f->want_threads;
		long long t0 = mono_ms();

		f->now = false;
		pthread_mutex_unlock(&f->mu);
		struct snapshot *s = collect(f, sigs, pipes, threads);
		pthread_mutex_lock(&f->mu);
		f->last_ms = mono_ms() - t0;
		if (s) {
			if (f->ready) {
				snapshot_free(f->ready);
				free(f->ready);
			}
			f->ready = s;
			uint64_t one = 1;
			ssize_t w = write(f->event_fd, &one, sizeof(one));
			(void)w;  /* the counter only saturates; the slot holds the data */
		}
		/* sleep for the interval, or until told to refresh or stop; the
		 * interval may change while we wait */
		while (!f->stop && !f->now) {
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

int feed_start(struct feed *f, const char *procfs, long delay_ms)
{
	pthread_condattr_t ca;
	int r;

	memset(f, 0, sizeof(*f));
	sysv_opts_default(&f->so);
	f->so.procfs = procfs;
	f->so.limits = true;
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
