/* ident: which System V object the user chose. The kernel hands a removed
 * object's id to a new one (once its sequence wraps, or at once through
 * /proc/sys/kernel/msg_next_id and its kin) and most keys are 0
 * (IPC_PRIVATE), so an id and a key alone can name a different object
 * from one refresh to the next. Pure data and comparisons: no I/O, no
 * kernel calls, no screen. */
#ifndef IPCTOP_IDENT_H
#define IPCTOP_IDENT_H

#include <stddef.h>
#include <stdint.h>

#include "ipctop/snapshot.h"

/* Everything the kernel reports that tells one object from another under
 * the same id. ctime is in whole seconds, and it also moves when the
 * object is reconfigured (IPC_SET; for a set, SETVAL and SETALL): a
 * reconfigured object counts as another one, and an object recreated in
 * the same second by the same process with the same key cannot be told
 * from the original. */
struct ipc_ident {
	enum ipc_kind kind;
	int32_t id;
	int32_t key;
	uint32_t cuid;
	int32_t cpid;        /* segments' creator; 0 for kinds without one */
	long long ctime;     /* last change, Unix seconds */
};

/* The first field that differs, in the order a person checks them. */
enum ident_diff {
	IDENT_SAME, IDENT_KIND, IDENT_ID, IDENT_KEY, IDENT_CUID, IDENT_CPID, IDENT_CTIME,
};

/* obj is a struct msq, semset or shmseg, as k says. */
void ipc_ident_of(struct ipc_ident *out, enum ipc_kind k, const void *obj);

enum ident_diff ipc_ident_cmp(const struct ipc_ident *was, const struct ipc_ident *now);

/* What differs, for a message: "change time 1700000001, was 1700000000"
 * (what it is now, then what was chosen); "" when nothing differs. */
void ipc_ident_diff_text(const struct ipc_ident *was, const struct ipc_ident *now,
			 char *buf, size_t len);

#endif
