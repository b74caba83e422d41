/* diff: what changed between two snapshots of System V objects — new,
 * changed and vanished objects, matched by kind, id and key. Pure code:
 * no I/O, no kernel calls, no screen; views decide how to show it. */
#ifndef IPCTOP_DIFF_H
#define IPCTOP_DIFF_H

#include <stddef.h>

#include "ipctop/snapshot.h"

enum diff_mark {
	DIFF_SAME,       /* in both, every column equal */
	DIFF_NEW,        /* not in the previous snapshot */
	DIFF_CHANGED,    /* in both, some column differs */
};

struct snap_diff {
	/* one mark per object of the current snapshot, in its order */
	unsigned char *mark[KIND_COUNT];
	/* indexes into the previous snapshot of objects that vanished */
	size_t *gone[KIND_COUNT];
	size_t ngone[KIND_COUNT];
	size_t nnew[KIND_COUNT], nchanged[KIND_COUNT];
};

void snap_diff_init(struct snap_diff *d);
void snap_diff_free(struct snap_diff *d);

/* Compare cur against prev (prev NULL: a first snapshot, nothing is new).
 * An id reused with another key counts as one object gone and one new.
 * d is freed and refilled. Returns 0 or -ENOMEM (d then empty). */
int snap_diff(const struct snapshot *prev, const struct snapshot *cur,
	      struct snap_diff *d);

/* Mark of object i of kind k (DIFF_SAME when d holds no marks). */
enum diff_mark snap_diff_mark(const struct snap_diff *d, enum ipc_kind k, size_t i);

#endif
