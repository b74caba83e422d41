/* Signal names and default actions. The classic signals have fixed numbers
 * on Linux; the real-time range starts where libc says (SIGRTMIN is a
 * function call in glibc, usually 34, because it keeps 32 and 33). */
#define _GNU_SOURCE
#include "ipctop/signals.h"

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum act { A_TERM, A_CORE, A_IGN, A_STOP, A_CONT };

static const struct {
	int sig;
	const char *name;
	enum act act;
} classic[] = {
	{ SIGHUP, "HUP", A_TERM }, { SIGINT, "INT", A_TERM },
	{ SIGQUIT, "QUIT", A_CORE }, { SIGILL, "ILL", A_CORE },
	{ SIGTRAP, "TRAP", A_CORE }, { SIGABRT, "ABRT", A_CORE },
	{ SIGBUS, "BUS", A_CORE }, { SIGFPE, "FPE", A_CORE },
	{ SIGKILL, "KILL", A_TERM }, { SIGUSR1, "USR1", A_TERM },
	{ SIGSEGV, "SEGV", A_CORE }, { SIGUSR2, "USR2", A_TERM },
	{ SIGPIPE, "PIPE", A_TERM }, { SIGALRM, "ALRM", A_TERM },
	{ SIGTERM, "TERM", A_TERM }, { SIGSTKFLT, "STKFLT", A_TERM },
	{ SIGCHLD, "CHLD", A_IGN }, { SIGCONT, "CONT", A_CONT },
	{ SIGSTOP, "STOP", A_STOP }, { SIGTSTP, "TSTP", A_STOP },
	{ SIGTTIN, "TTIN", A_STOP }, { SIGTTOU, "TTOU", A_STOP },
	{ SIGURG, "URG", A_IGN }, { SIGXCPU, "XCPU", A_CORE },
	{ SIGXFSZ, "XFSZ", A_CORE }, { SIGVTALRM, "VTALRM", A_TERM },
	{ SIGPROF, "PROF", A_TERM }, { SIGWINCH, "WINCH", A_IGN },
	{ SIGIO, "IO", A_TERM }, { SIGPWR, "PWR", A_TERM },
	{ SIGSYS, "SYS", A_CORE },
};
#define NCLASSIC (sizeof(classic) / sizeof(classic[0]))

/* Extra spellings sig_parse accepts. */
static const struct {
	const char *name;
	int sig;
} aliases[] = {
	{ "IOT", SIGABRT }, { "POLL", SIGIO }, { "CLD", SIGCHLD },
};

/* What glibc's threads keep below SIGRTMIN for themselves (nptl's
 * SIGCANCEL, also its timers' signal, and SIGSETXID, which makes every
 * thread take a setuid() together). */
static const char *reserved_name(int sig)
{
	return sig == 32 ? "CANCEL" : sig == 33 ? "SETXID" : NULL;
}

static int classic_index(int sig)
{
	for (size_t i = 0; i < NCLASSIC; i++)
		if (classic[i].sig == sig)
			return (int)i;
	return -1;
}

const char *sig_name(int sig, char *buf, size_t len)
{
	int i = classic_index(sig), lo = SIGRTMIN, hi = SIGRTMAX;

	if (len == 0)
		return buf;
	if (i >= 0)
		snprintf(buf, len, "%s", classic[i].name);
	else if (sig < lo && reserved_name(sig))
		snprintf(buf, len, "%s", reserved_name(sig));
	else if (sig == lo)
		snprintf(buf, len, "RTMIN");
	else if (sig == hi)
		snprintf(buf, len, "RTMAX");
	else if (sig > lo && sig < hi)
		snprintf(buf, len, "RTMIN+%d", sig - lo);
	else
		snprintf(buf, len, "%d", sig);
	return buf;
}

/* Parse a decimal number filling all of s; -1 if not one. */
static int parse_small(const char *s)
{
	char *end;
	long v;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end || errno || v > 1000)
		return -1;
	return (int)v;
}

static int parse_rt(const char *s)
{
	int lo = SIGRTMIN, hi = SIGRTMAX, base, n = 0, sign = 0;

	if (strncasecmp(s, "RTMIN", 5) == 0)
		base = lo;
	else if (strncasecmp(s, "RTMAX", 5) == 0)
		base = hi;
	else
		return -1;
	s += 5;
	if (*s == '+' || *s == '-') {
		sign = *s == '+' ? 1 : -1;
		n = parse_small(s + 1);
		if (n < 0)
			return -1;
	} else if (*s) {
		return -1;
	}
	base += sign * n;
	return base >= lo && base <= hi ? base : -1;
}

int sig_parse(const char *s)
{
	int v;

	if (!s || !*s)
		return -1;
	v = parse_small(s);
	if (v >= 0)
		return v >= 1 && v <= SIG_COUNT ? v : -1;
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (size_t i = 0; i < NCLASSIC; i++)
		if (strcasecmp(s, classic[i].name) == 0)
			return classic[i].sig;
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcasecmp(s, aliases[i].name) == 0)
			return aliases[i].sig;
	for (int r = 32; r < SIGRTMIN; r++)
		if (reserved_name(r) && strcasecmp(s, reserved_name(r)) == 0)
			return r;
	return parse_rt(s);
}

static int sig_act(int sig)
{
	int i = classic_index(sig);

	if (sig < 1 || sig > SIG_COUNT)
		return -1;
	/* real-time and reserved signals terminate by default */
	return i >= 0 ? (int)classic[i].act : A_TERM;
}

const char *sig_default_action(int sig)
{
	static const char *const names[] = { "term", "core", "ignore", "stop", "cont" };
	int a = sig_act(sig);

	return a < 0 ? "?" : names[a];
}

int sig_default_kills(int sig)
{
	int a = sig_act(sig);

	return a == A_TERM || a == A_CORE;
}

size_t sig_mask_names(uint64_t mask, char *buf, size_t len)
{
	size_t o = 0;

	if (len == 0)
		return 0;
	buf[0] = '\0';
	for (int sig = 1; sig <= SIG_COUNT; sig++) {
		char name[16];
		int w;

		if (!sig_in(mask, sig))
			continue;
		w = snprintf(buf + o, len - o, "%s%s", o ? "," : "",
			     sig_name(sig, name, sizeof(name)));
		if (w < 0 || (size_t)w >= len - o) {
			buf[len - 1] = '\0';
			return len - 1;
		}
		o += (size_t)w;
	}
	return o;
}
