/* Test helper: a process that blocks signals 32 and 33, the two glibc
 * keeps below SIGRTMIN for its threads (libc's sigprocmask refuses them,
 * so the kernel is asked directly), then sleeps. Prints "ready". */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	uint64_t mask = 1ull << 31 | 1ull << 32;

	if (syscall(SYS_rt_sigprocmask, SIG_BLOCK, &mask, NULL, sizeof(mask)) != 0)
		return 1;
	puts("ready");
	fflush(stdout);
	for (;;)
		pause();
}
