/* Worker threads for the collectors: start, join, and run the job of a
 * thread that could not start on the caller's own. */
#include "ipctop/pool.h"

#include <unistd.h>

unsigned pool_workers(size_t items)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (items < 64 || n < 2)
		return 1;
	return n > POOL_MAX_WORKERS ? POOL_MAX_WORKERS : (unsigned)n;
}

void pool_start(struct pool *p, unsigned n, void *(*fn)(void *), void *const *args)
{
	p->n = n > POOL_MAX_WORKERS ? POOL_MAX_WORKERS : n;
	p->started[0] = false;
	for (unsigned i = 1; i < p->n; i++)
		p->started[i] = pthread_create(&p->tid[i], NULL, fn, args[i]) == 0;
}

void pool_join(struct pool *p, void *(*fn)(void *), void *const *args)
{
	for (unsigned i = 1; i < p->n; i++) {
		if (p->started[i])
			pthread_join(p->tid[i], NULL);
		else
			fn(args[i]);
	}
}

void pool_run(unsigned n, void *(*fn)(void *), void *const *args)
{
	struct pool p;

	pool_start(&p, n, fn, args);
	if (n > 0)
		fn(args[0]);
	pool_join(&p, fn, args);
	/* jobs past the pool's size run here, in order */
	for (unsigned i = p.n; i < n; i++)
		fn(args[i]);
}
