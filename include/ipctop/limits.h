/* limits: the table of kernel IPC limits, each with the kind it limits
 * and the use that counts against it (struct ipc_limits), so --once -l,
 * the near-limit health rule and --check's performance data read the
 * same rows. A kind joins by adding its rows. Pure data and arithmetic. */
#ifndef IPCTOP_LIMITS_H
#define IPCTOP_LIMITS_H

#include <stdbool.h>
#include <stddef.h>

#include "ipctop/snapshot.h"

#define LIMIT_NO_USE ((size_t)-1)
#define LIMIT_NONE LIMIT_NO_USE

struct limit_desc {
	enum kind_id k;          /* the kind it limits */
	const char *res;         /* "SEMMNI" */
	const char *desc;        /* "Number of semaphore sets" */
	const char *what;        /* "semaphore sets": what is counted */
	/* offsets into struct ipc_limits; used LIMIT_NO_USE: a per-object
	 * limit; limit LIMIT_NONE: a use with no limit (ipcs -u's bytes
	 * queued, pages resident) */
	size_t limit, used;
	bool bytes;              /* the limit is a size */
	const char *perf;        /* the use's name in performance data and
				  * JSON ("sem_sets"); NULL with no use */
	bool used_bytes;         /* the use is a size */
	bool used_pages;         /* the use is kept in bytes, shown in pages */
};

const struct limit_desc *limits_table(size_t *n);

/* Row d's limit and use in l: true when both are known and the limit is
 * above zero. The limit may exceed LLONG_MAX (shmall), hence unsigned. */
bool limit_use(const struct ipc_limits *l, const struct limit_desc *d,
	       unsigned long long *limit, long long *used);
/* Row d's value at offset off (limit or used), as its 64 bits. */
long long limit_at(const struct ipc_limits *l, size_t off);

#endif
