/* collect: one collection of the object lists (every kind's list hook,
 * side by side on worker threads) and the kernel limits into a snapshot.
 * It reads the kernel and /proc and nothing else: it never prints and
 * never changes the system. The processes behind the objects are procs.h's. */
#ifndef IPCTOP_COLLECT_H
#define IPCTOP_COLLECT_H

#include <stdbool.h>

#include "ipctop/ident.h"
#include "ipctop/snapshot.h"
#include "ipctop/source.h"

struct kind;

struct collect_opts {
	bool want[KIND_SLOTS];   /* which kinds' lists to read */
	unsigned needs;          /* NEED_* (fields.h): what the columns shown cost */
	bool limits;             /* the kernel's limits and use */
	/* the object whose detail to read too (a set's semaphores: GETALL
	 * and its kin), matched by kind and id; kind NULL: none */
	struct ident detail;
};

/* want nothing, need what the defaults show, no detail. */
void collect_opts_init(struct collect_opts *o);

/* Fill s (already snapshot_init'ed). Returns 0 when every wanted list was
 * read, else the first -errno; each list's own status is its err. */
int collect_objects(struct snapshot *s, const struct source *src,
		    const struct collect_opts *o);

/* Read what each of k's n objects (in s's list) keeps under it (a set's
 * semaphore values), through k->read_sub; nothing when k has none. For
 * objects chosen after listing: the exporter's. */
void collect_subrows(const struct source *src, const struct kind *k, void *const *objs,
		     size_t n);

#endif
