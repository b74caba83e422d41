/* cli: the command-line runs beyond printing one snapshot — --check (one
 * status line for monitoring) and --remove (removing exactly what a
 * --once selection lists, each object through act_remove()). Each
 * collects, decides, prints what it did to the streams it is given and
 * returns the exit status; main.c parses the options and exits. */
#ifndef IPCTOP_CLI_H
#define IPCTOP_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "ipctop/snapshot.h"

struct source;
struct output_opts;
struct health_opts;

/* ipcrm's lowercase forms: "-q ID" names one object of a kind by id. */
struct cli_pick {
	enum kind_id k;
	long long id;
};

struct ns_spec;

struct cli_opts {
	const struct source *src;
	/* The selection, as --once takes it: kinds (want), -u, -i, -k,
	 * --health RULE; and the cell context (names). */
	struct output_opts *out;
	const struct health_opts *health;   /* rules, thresholds, namespace */
	struct ns_spec *ns;                 /* --ns: the namespaces; NULL: ours */
	bool dry_run;                       /* --remove --dry-run */
	const struct cli_pick *picks;       /* --remove -q ID ... */
	size_t npicks;
	FILE *out_f, *err_f;                /* stdout, stderr */
};

/* Monitoring-plugin exit states. */
enum { CHECK_OK, CHECK_WARNING, CHECK_CRITICAL, CHECK_UNKNOWN };

/* --check: collect what the rules need, print one line, return the
 * plugin state (CHECK_UNKNOWN when the state could not be read). */
int cli_check(const struct cli_opts *c);

/* --remove: remove (or with dry_run, list) every object the selection
 * lists, saying for each what it destroys and whom it hurts, and what
 * became of it. 0 when every object went (or nothing was selected), 1
 * when any was refused, vanished or could not be found. */
int cli_remove(const struct cli_opts *c);

#endif
