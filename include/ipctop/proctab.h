/* proctab: pure questions about a snapshot's process table — find a pid, is a
 * creator or last pid gone, is a process notable for its signals. No I/O;
 * the table itself comes from procs_collect() (procs.h). */
#ifndef IPCTOP_PROCTAB_H
#define IPCTOP_PROCTAB_H

#include <stdbool.h>
#include <stdint.h>

#include "ipctop/snapshot.h"

/* The process (tgid) or thread (pid) pid in s->procs, or NULL. */
const struct proc *proc_find(const struct snapshot *s, long long pid);

/* Did a pid recorded by the kernel (creator, last sender...) exit? Only
 * when the process table was collected and pid > 0, and never for a pid
 * the collector found alive but hidden (s->hidden_pids); false otherwise. */
bool proc_pid_gone(const struct snapshot *s, long long pid);

/* One pid as the tables show it: "producer(812)" when the process is
 * known by name, "812(gone)" when it exited, else "812" (alive but not
 * readable, or no process table; "?" unknown). */
void proc_pid_label(const struct snapshot *s, long long pid, char *buf, size_t len);

/* "cat(812),sleep(811)": each pid with its command name where the table
 * has one ("-" for an empty list), so a pipeline reads as a chain. */
void proc_pids_text(const struct snapshot *s, const int32_t *pids, size_t n,
		    char *buf, size_t len);

/* Could some process not be read or seen (another user's maps or
 * syscall, hidepid, fewer attaches found than the kernel counts), so that
 * an ATTACHED or WAITERS list may be short? */
bool proc_lists_partial(const struct snapshot *s);

/* Worth showing with the "notable only" filter: a signal pending (thread
 * or shared), or a signal whose default action ends the process blocked
 * (with a handler installed or not). */
bool proc_is_notable(const struct proc *p);

/* One line of a process's signal detail: every signal 1..64 with its
 * number, name, default action and where it stands for this process. */
struct sig_row {
	int sig;
	char name[16];              /* "USR1", "RTMIN+2" */
	const char *action;         /* "term", "core", "ignore", "stop", "cont" */
	bool pending;               /* thread-directed (SigPnd) */
	bool shdpnd;                /* process-directed (ShdPnd) */
	bool blocked, ignored, caught;
};

/* Fill rows[0..63] (rows[i].sig == i + 1) from p. */
void proc_sig_rows(const struct proc *p, struct sig_row rows[64]);

#endif
