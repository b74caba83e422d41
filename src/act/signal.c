/* kill(2), after checking the pid still names the process the user chose:
 * pids are reused, and the start time in /proc/PID/stat tells a new
 * process from the old one. */
#define _GNU_SOURCE
#include "ipctop/act.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "collect/readfile.h"
#include "ipctop/procs.h"

int act_kill(int32_t pid, unsigned long long start_time, int sig,
	     char *msg, size_t len)
{
	char path[64], name[16];
	struct file_buf fb;
	unsigned long long now;
	char state;
	int r;

	if (len)
		msg[0] = '\0';
	if (pid <= 0 || sig < 0 || sig > SIG_COUNT) {
		snprintf(msg, len, "invalid pid %d or signal %d", pid, sig);
		return -EINVAL;
	}
	sig_name(sig, name, sizeof(name));
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	r = read_whole_file(path, &fb, 65536);
	if (r == -ENOENT || r == -ESRCH) {
		snprintf(msg, len, "process %d is gone", pid);
		return -ESRCH;
	}
	if (r < 0) {
		snprintf(msg, len, "cannot check process %d: %s", pid, strerror(-r));
		return r;
	}
	r = procs_parse_stat(fb.data, &state, &now);
	file_buf_free(&fb);
	if (r < 0) {
		snprintf(msg, len, "cannot check process %d: unreadable stat", pid);
		return r;
	}
	if (now != start_time) {
		snprintf(msg, len, "pid %d now belongs to another process: not signalled", pid);
		return -ESTALE;
	}
	if (kill(pid, sig) < 0) {
		r = -errno;
		snprintf(msg, len, "SIG%s to %d: %s", name, pid, strerror(-r));
		return r;
	}
	snprintf(msg, len, "sent SIG%s to %d", name, pid);
	return 0;
}
