/* act: the only code that changes the system — removing an IPC object
 * (through its kind's remove hook: IPC_RMID for System V, unlinking the
 * name for POSIX) and sending a signal. Before acting it re-reads the
 * target and refuses if it is no longer what the user confirmed. It
 * returns the outcome as text for the caller to show; it never prints.
 * The live view calls it only from its collector thread, never from the
 * screen's. */
#ifndef IPCTOP_ACT_H
#define IPCTOP_ACT_H

#include <stddef.h>
#include <stdint.h>

#include "ipctop/ident.h"
#include "ipctop/snapshot.h"
#include "ipctop/source.h"

/* What the user confirmed removing: the object as the screen showed it
 * when it was tagged, the dialog opened or the detail view opened. */
struct act_target {
	struct ident ident;
};

/* Re-read the object (its kind's restat); remove it only if its whole
 * identity (ident.h) still matches. Returns 0 on removal, -ESTALE when it
 * changed (skipped; msg names the field), -EINVAL/-EIDRM/-ENOENT when it
 * is gone, or the kernel's -errno; msg always receives a one-line
 * description of the outcome. */
int act_remove(const struct source *src, const struct act_target *t, char *msg, size_t len);

/* act_remove() inside the object's own IPC namespace: through a member
 * of it as s (the snapshot the user chose from) lists it, when it is not
 * base's (ipctop's own). -ESRCH with a message when the namespace is gone. */
int act_remove_in(const struct snapshot *s, const struct source *base,
		  const struct act_target *t, char *msg, size_t len);

/* The System V kinds' remove hooks: IPC_RMID on id->id. 0 or -errno. */
int act_rmid_msg(const struct source *src, const struct ident *id);
int act_rmid_sem(const struct source *src, const struct ident *id);
int act_rmid_shm(const struct source *src, const struct ident *id);

/* The POSIX kinds' remove hooks: mq_unlink, shm_unlink and sem_unlink
 * of id->name in the source's directories (posix.h), after checking once
 * more that the name still leads to id's device and inode (and change
 * time, except for queues). 0 or -errno (-ESTALE: replaced). */
int act_unlink_mq(const struct source *src, const struct ident *id);
int act_unlink_shm(const struct source *src, const struct ident *id);
int act_unlink_sem(const struct source *src, const struct ident *id);

/* What those hooks do, for a directory already open: unlink the object
 * the caller listed from dirfd (the directory it was listed from), after
 * checking that its name still leads to the same inode (dev, ino; and
 * ctime, except for queues, whose ctime moves with every message). 0;
 * -ESTALE when the name now names something else; -ENOENT when gone;
 * -EINVAL for a raw name that is not "/NAME"; or the kernel's -errno. A
 * replacement in the instant between the check and the unlink cannot be
 * seen: the kernel has no unlink-if-this-inode. */
struct pmq;
struct pshm;
struct psem;
int posix_unlink_mq(int dirfd, const struct pmq *q);
int posix_unlink_shm(int dirfd, const struct pshm *s);
int posix_unlink_sem(int dirfd, const struct psem *s);

/* Send sig to pid if the pid still belongs to the process that started at
 * start_time (clock ticks since boot, as in /proc/PID/stat): through a
 * pidfd where the kernel has them, so the check and the signal concern
 * the same process. Returns 0, -ESTALE when the pid was reused, -ESRCH
 * when gone, or the kernel's -errno; msg receives a one-line description. */
int act_kill(const struct source *src, int32_t pid, unsigned long long start_time, int sig,
	     char *msg, size_t len);

#endif
