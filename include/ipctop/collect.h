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
	/* the kinds not listed are counted (their count hook); the use
	 * totals then come from those counts */
	bool counts;
	/* where each kind's list comes from: SRC_NONE lets the collector
	 * choose (on the live kernel, what a short probe finds cheaper) */
	enum list_source source[KIND_SLOTS];
};

/* want nothing, need what the defaults show, no detail. */
void collect_opts_init(struct collect_opts *o);

/* Fill s (already snapshot_init'ed) from src's one namespace. Returns 0
 * when every wanted list was read, else the first -errno; each list's own
 * status is its err. */
int collect_objects(struct snapshot *s, const struct source *src,
		    const struct collect_opts *o);

struct ns_spec;

/* Fill s from the IPC namespaces spec names (NULL, or "host": ipctop's
 * own; "all": every one with a process in it; else the one it names),
 * each read from inside through a member (source_run) and its objects
 * put together, s->ns listing them with their labels and limits. base is
 * ipctop's own source. A namespace that cannot be read (-EPERM without
 * CAP_SYS_ADMIN; -ESRCH gone meanwhile) is listed with its error, and
 * *warn (may be NULL) gets a sentence for the user. Returns what
 * collect_objects() does for the namespaces read, or -errno when spec
 * names none (a sentence in *warn). */
int collect_view(struct snapshot *s, const struct source *base, struct ns_spec *spec,
		 const struct collect_opts *o, char *warn, size_t warnlen);
/* Read what each of k's n objects (of s's lists) needs beyond the list
 * (a set's semaphore values), through k->read_detail, each inside its
 * own namespace (s->ns names a member to join it through; base is
 * ipctop's own source). Nothing when k has no read_detail; an object
 * whose namespace is gone or refused keeps its values unknown. */
void collect_details(const struct snapshot *s, const struct source *base,
		     const struct kind *k, void *const *objs, size_t n);

/* src for namespace ns of s: base with the namespace and a member of it
 * (none for ipctop's own). false when s does not have ns in view. */
bool collect_source_of(const struct snapshot *s, const struct source *base,
		       unsigned long long ns, struct source *src);
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
