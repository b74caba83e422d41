/* ident: which object the user chose. The kernel hands a removed System V
 * object's id to a new one (once its sequence wraps, or at once through
 * /proc/sys/kernel/msg_next_id and its kin), most keys are 0
 * (IPC_PRIVATE), a pid is reused, a POSIX name can be removed and created
 * again: so a number or a name alone can name a different object from one
 * refresh to the next. An ident records everything the kernel reports
 * that tells them apart; each kind fills the part that applies to it.
 * Pure data and comparisons: no I/O, no kernel calls, no screen. */
#ifndef IPCTOP_IDENT_H
#define IPCTOP_IDENT_H

#include <stddef.h>
#include <stdint.h>

#include "ipctop/snapshot.h"

/* a POSIX name as the directory holds it: '/', NAME_MAX bytes, NUL */
#define IDENT_NAME_MAX 260

/* What a kind does not have stays 0 (or ""). ctime is in whole seconds,
 * and it also moves when a System V object is reconfigured (IPC_SET; for
 * a set, SETVAL and SETALL): a reconfigured object counts as another one,
 * and an object recreated in the same second by the same process with the
 * same key cannot be told from the original. */
struct ident {
	const struct kind *kind;
	unsigned long long ns;   /* the IPC namespace (inode; 0 unknown) */
	long long id;            /* System V id; pid; pipe inode */
	long long key;           /* System V key */
	uint32_t cuid;           /* creator uid */
	int32_t cpid;            /* creator pid (segments) */
	long long ctime;         /* last change, Unix seconds; a process's start time */
	unsigned long long dev, ino;    /* a file's device and inode (POSIX objects) */
	char name[IDENT_NAME_MAX];      /* a POSIX object's raw name ("/foo"):
					 * untrusted bytes, sanitise to show */
};

/* The first field that differs, in the order a person checks them. */
enum ident_diff {
	IDENT_SAME, IDENT_KIND, IDENT_NS, IDENT_ID, IDENT_NAME, IDENT_KEY, IDENT_CUID, IDENT_CPID,
	IDENT_DEV, IDENT_INO, IDENT_CTIME,
};

/* k's ident of obj (k->ident fills the kind's part). */
void ident_of(struct ident *out, const struct kind *k, const void *obj);

enum ident_diff ident_cmp(const struct ident *was, const struct ident *now);

/* What differs, for a message: "change time 1700000001, was 1700000000"
 * (what it is now, then what was chosen); "" when nothing differs. */
void ident_diff_text(const struct ident *was, const struct ident *now,
		     char *buf, size_t len);

/* "queue 0x00001234 (id 5)", "pid 812 (sleep)": the object for a person,
 * through its kind's label hook. */
void ident_label(const struct ident *id, char *buf, size_t len);

#endif
