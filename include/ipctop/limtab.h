/* limtab: every member of struct ipc_limits (a limit or a use) described
 * once — its JSON key, its Prometheus metric in base units and what it
 * means — so the exporter and the live view's history walk a table
 * instead of naming members. The resources as --once -l, --check and the
 * near-limit rule pair them (a limit with the use counted against it)
 * are limits.h's. Pure: no I/O. */
#ifndef IPCTOP_LIMTAB_H
#define IPCTOP_LIMTAB_H

#include <stdbool.h>
#include <stddef.h>

#include "ipctop/snapshot.h"

#define LIM_UNSIGNED (1u << 0)  /* an unsigned long long member (shmmax) */
#define LIM_PAGES    (1u << 1)  /* in pages: times pagesize makes bytes */
#define LIM_USE      (1u << 2)  /* current use, not a limit */

struct limit_metric {
	const char *json;        /* "msgmni": its key in JSON's "limits" */
	const char *metric;      /* "msg_queues_limit": ipctop_msg_queues_limit */
	const char *help;
	size_t off;              /* offset in struct ipc_limits */
	unsigned flags;          /* LIM_* */
};

/* Every row, limits first, then the use. */
const struct limit_metric *limtab_all(size_t *n);

/* d's value in l, in base units (pages made bytes): false when the
 * kernel did not say. *exact is the integer when it fits, and *is_exact
 * says so; *approx always holds it as a double. */
bool limtab_value(const struct limit_metric *d, const struct ipc_limits *l,
		  unsigned long long *exact, bool *is_exact, double *approx);

#endif
