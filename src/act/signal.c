/* Signals, after checking the pid still names the process the user chose:
 * pids are reused, and the start time in /proc/PID/stat tells a new
 * process from the old one. A pidfd opened before the check refers to one
 * process for good, so the signal cannot reach a process that took the
 * pid after the check; kernels without pidfds (before 5.3) get kill(2)
 * and that small window. */
#define _GNU_SOURCE
#include "ipctop/act.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include "ipctop/procs.h"
#include "ipctop/signals.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

static int send_sig(int pidfd, int32_t pid, int sig)
{
	long r = pidfd >= 0 ? syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0)
			    : kill(pid, sig);
	return r < 0 ? -errno : 0;
}

int act_kill(const struct source *src, int32_t pid, unsigned long long start_time, int sig,
	     char *msg, size_t len)
{
	char name[16];
	unsigned long long now;
	int pidfd = -1, r;

	if (len)
		msg[0] = '\0';
	if (pid <= 0 || sig < 0 || sig > SIG_COUNT) {
		snprintf(msg, len, "invalid pid %d or signal %d", pid, sig);
		return -EINVAL;
	}
	sig_name(sig, name, sizeof(name));
	if (src->live) {
		pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
		if (pidfd < 0 && errno == ESRCH) {
			snprintf(msg, len, "process %d is gone", pid);
			return -ESRCH;
		}
	}
	r = procs_start_time(src, pid, &now);
	if (r == -ENOENT || r == -ESRCH) {
		snprintf(msg, len, "process %d is gone", pid);
		r = -ESRCH;
		goto out;
	}
	if (r < 0) {
		snprintf(msg, len, "cannot check process %d: %s", pid, strerror(-r));
		goto out;
	}
	if (now != start_time) {
		snprintf(msg, len, "pid %d now belongs to another process: not signalled", pid);
		r = -ESTALE;
		goto out;
	}
	r = send_sig(pidfd, pid, sig);
	if (r == -ESRCH)
		snprintf(msg, len, "process %d is gone", pid);
	else if (r < 0)
		snprintf(msg, len, "SIG%s to %d: %s", name, pid, strerror(-r));
	else
		snprintf(msg, len, "sent SIG%s to %d", name, pid);
out:
	if (pidfd >= 0)
		close(pidfd);
	return r;
}
