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

struct collect_opts {
	bool want[KIND_SLOTS];   /* which kinds' lists to read */
	unsigned needs;          /* NEED_* (fields.h): what the columns shown cost */
	bool limits;             /* the kernel's limits and use */
	/* the object whose detail to read too (a set's semaphores: GETALL
	 * and its kin), matched by kind and id; kind NULL: none */
	struct ident detail;
	/* the kinds not listed are counted (their count hook); the use
	 * totals then come from those counts */
	bool counts;
	/* where each kind's list comes from: SRC_NONE lets the collector
	 * choose (on the live kernel, what a short probe finds cheaper) */
	enum list_source source[KIND_SLOTS];
};

/* want nothing, need what the defaults show, no detail. */
void collect_opts_init(struct collect_opts *o);

/* Fill s (already snapshot_init'ed). Returns 0 when every wanted list was
 * read, else the first -errno; each list's own status is its err. */
int collect_objects(struct snapshot *s, const struct source *src,
		    const struct collect_opts *o);

#endif
