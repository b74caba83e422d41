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
};

/* want nothing, need what the defaults show, no detail. */
void collect_opts_init(struct collect_opts *o);

/* Fill s (already snapshot_init'ed). Returns 0 when every wanted list was
 * read, else the first -errno; each list's own status is its err. */
int collect_objects(struct snapshot *s, const struct source *src,
		    const struct collect_opts *o);

/* What the health rules (health.h) need beyond the lists and the
 * processes (after procs_collect): with NEED_SEMHOLDERS each object with
 * a process blocked on it has its detail read (a set's semaphores), with
 * NEED_ACCOUNTS the objects' owners are looked up (s->owners: account,
 * system user, processes running as them). 0 or -ENOMEM. */
int collect_health(struct snapshot *s, const struct source *src, unsigned needs);

/* The inode of the IPC namespace ipctop is in: what findings carry as
 * their namespace until a collection can be of another one. 0 on a
 * fixture tree or when it cannot be read. */
unsigned long long collect_own_ipcns(const struct source *src);

#endif
