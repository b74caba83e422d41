/* signals: names, numbers and default actions of Linux signals 1..64,
 * including the real-time ones as RTMIN+n (SIGRTMIN as libc reports it at
 * run time). Pure: never sends a signal, never touches /proc. */
#ifndef IPCTOP_SIGNALS_H
#define IPCTOP_SIGNALS_H

#include <stddef.h>
#include <stdint.h>

#define SIG_COUNT 64     /* signals 1..SIG_COUNT, bit sig-1 of a mask */

/* Name without "SIG": "INT", "RTMIN", "RTMIN+3", "RTMAX"; the two glibc
 * reserves below SIGRTMIN by glibc's names, "CANCEL" (32) and "SETXID"
 * (33). Writes into buf and returns it. */
const char *sig_name(int sig, char *buf, size_t len);
/* Signal number from "TERM", "SIGTERM", "term", "15", "RTMIN+2",
 * "SIGRTMAX-1"; -1 if none. */
int sig_parse(const char *s);
/* Default action of a signal: "term", "core", "ignore", "stop", "cont";
 * "?" outside 1..64. */
const char *sig_default_action(int sig);
/* Does the default action end the process (term or core)? */
int sig_default_kills(int sig);

/* Is sig in mask (bit sig-1)? */
static inline int sig_in(uint64_t mask, int sig)
{
	return sig >= 1 && sig <= SIG_COUNT && (mask >> (sig - 1) & 1u);
}

/* A mask as "USR1,RTMIN+2" (empty string for none). Returns the length
 * written, truncated to len-1. */
size_t sig_mask_names(uint64_t mask, char *buf, size_t len);

#endif
