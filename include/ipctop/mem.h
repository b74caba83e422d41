/* mem: memory helpers for the big per-snapshot arrays. Page faults cost
 * several microseconds each on virtual machines, and a 22,000-object
 * snapshot touches a thousand pages, so large buffers are populated in
 * one system call instead of one fault per page. */
#ifndef IPCTOP_MEM_H
#define IPCTOP_MEM_H

#include <stddef.h>

/* Ask the kernel to back p[0..len) with memory now. Only whole pages
 * inside the range are touched; a kernel without MADV_POPULATE_WRITE
 * (before 5.14) simply faults them in later. Never fails. */
void mem_prefault(void *p, size_t len);

#endif
