/* act: the only code that changes the system — IPC_RMID on an object and
 * kill(2) on a process. Before acting it re-reads the target and refuses
 * if it is no longer what the user confirmed. It returns the outcome as
 * text for the caller to show; it never prints. */
#ifndef IPCTOP_ACT_H
#define IPCTOP_ACT_H

#include <stddef.h>
#include <stdint.h>

#include "ipctop/ident.h"
#include "ipctop/snapshot.h"

/* What the user confirmed removing: the object as the screen showed it
 * when it was tagged, the dialog opened or the detail view opened. */
struct act_target {
	struct ipc_ident ident;
};

/* Re-read the object by id; IPC_RMID only if its whole identity (key,
 * creator uid and pid, change time) still matches. Returns 0 on removal,
 * -ESTALE when it changed (skipped; msg names the field), or the kernel's
 * -errno; msg always receives a one-line description of the outcome. */
int act_remove(const struct act_target *t, char *msg, size_t len);

/* Send sig to pid if the pid still belongs to the process that started at
 * start_time (clock ticks since boot, as in /proc/PID/stat). Returns 0,
 * -ESTALE when the pid was reused, -ESRCH when gone, or the kernel's
 * -errno; msg receives a one-line description. */
int act_kill(int32_t pid, unsigned long long start_time, int sig,
	     char *msg, size_t len);

#endif
