/* Prefaulting of large buffers (see mem.h for why). */
#define _GNU_SOURCE
#include "ipctop/mem.h"

#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

/* Below this, a few faults cost less than the system call. */
#define PREFAULT_MIN (64u * 1024u)

void mem_prefault(void *p, size_t len)
{
	long ps = sysconf(_SC_PAGESIZE);
	uintptr_t page = ps > 0 ? (uintptr_t)ps : 4096u;
	uintptr_t start = ((uintptr_t)p + page - 1) & ~(page - 1);
	uintptr_t end = ((uintptr_t)p + len) & ~(page - 1);

	if (len < PREFAULT_MIN || end <= start)
		return;
	/* advisory: on failure the pages fault in on first touch as usual */
	(void)madvise((void *)start, end - start, MADV_POPULATE_WRITE);
}
