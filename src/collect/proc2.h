/* proc2: libproc2, loaded on first use. Only the signal state (--signals,
 * --threads) needs it, and linking it would make every start pay for
 * mapping it and what it pulls in (libsystemd, libgcrypt, liblzma,
 * libzstd, liblz4). Internal to collect/. */
#ifndef IPCTOP_COLLECT_PROC2_H
#define IPCTOP_COLLECT_PROC2_H

#include <libproc2/pids.h>

struct proc2 {
	int (*pids_new)(struct pids_info **info, enum pids_item *items, int numitems);
	struct pids_fetch *(*pids_reap)(struct pids_info *info, enum pids_fetch_type which);
	int (*pids_unref)(struct pids_info **info);
};

/* The functions, or NULL when libproc2.so.0 cannot be loaded (then
 * proc2_error() says why). Loaded once; safe from any thread. */
const struct proc2 *proc2_get(void);
const char *proc2_error(void);

#endif
