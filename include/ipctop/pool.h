/* pool: the worker threads a collection splits its work over. Reading
 * /proc and the ctl calls is mostly kernel time, so on a machine with
 * several CPUs a few threads shorten a refresh; each job is a function
 * and an argument, run on pool threads or, failing those, on the caller's
 * thread. Never more than POOL_MAX_WORKERS threads at once. */
#ifndef IPCTOP_POOL_H
#define IPCTOP_POOL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#define POOL_MAX_WORKERS 4

/* How many threads a job over items things deserves (1: no thread; a
 * thread costs ~0.1 ms to start, not worth it for a handful of files). */
unsigned pool_workers(size_t items);

struct pool {
	pthread_t tid[POOL_MAX_WORKERS];
	bool started[POOL_MAX_WORKERS];
	unsigned n;
};

/* Start fn(args[i]) for i in 1..n-1 on new threads (at most
 * POOL_MAX_WORKERS - 1 of them); args[0] is for the caller, which runs it
 * itself and then pool_join()s. A thread that cannot start leaves its
 * job undone: pool_join() runs it on the caller's thread. */
void pool_start(struct pool *p, unsigned n, void *(*fn)(void *), void *const *args);
void pool_join(struct pool *p, void *(*fn)(void *), void *const *args);

/* fn(args[i]) for every i < n, spread over at most n threads, all done
 * when it returns. */
void pool_run(unsigned n, void *(*fn)(void *), void *const *args);

#endif
