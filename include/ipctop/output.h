/* output: renders a snapshot for --once: aligned table, raw, export
 * (KEY="value") and JSON, for every kind through the same column tables;
 * one object in full (-i); limits (-l). Writes only to the FILE it is
 * given and never reads the kernel. */
#ifndef IPCTOP_OUTPUT_H
#define IPCTOP_OUTPUT_H

#include <stdio.h>

#include "ipctop/fields.h"
#include "ipctop/snapshot.h"

struct kind;
struct health_opts;

enum out_format { OUT_TABLE, OUT_RAW, OUT_EXPORT, OUT_JSON };

struct output_opts {
	enum out_format format;
	bool noheadings;
	/* A section for each kind chosen (by -q, --signals...; by default
	 * every IPC object kind; none for -l alone). -l's rows are those of
	 * the object kinds chosen, or all when none is. */
	bool want[KIND_SLOTS];
	const char *columns;     /* -o list, or NULL for the defaults */
	const char *sort;        /* column name, or NULL */
	bool reverse;
	long long uid;           /* only rows owned by this uid; -1 for all */
	bool limits;             /* -l: limits and use */
	long long detail_id;     /* -i: one row in full; -1 for none */
	bool has_key;            /* -k: only rows with this key */
	long long key;
	/* --health RULE: only findings of these rules (1u << HR_*, health.h)
	 * and objects that have one; 0 for all */
	unsigned health_rules;
	/* -i for a kind whose id is a name (POSIX objects: its NAME column,
	 * as shown): the name, detail_id then 0. NULL: by number. */
	const char *detail_text;
	bool notruncate;         /* --notruncate */
	/* The table's width, when it should fit a terminal that wide: the
	 * columns wider than their hint are cut (ending in ellipsis), never
	 * left out. 0: every cell whole. */
	int width;
	const char *ellipsis;    /* what ends a cut cell ("…", or ">") */
	struct field_ctx ctx;
};

/* Print s to f. Returns 0, -ENOENT when -i names no object, -EINVAL for a
 * bad column name (message in err), -EIO once a write to f has failed
 * (stdio keeps no errno: a stream from wstream_open() knows the real
 * error), or -errno. */
int output_snapshot(FILE *f, const struct snapshot *s, const struct output_opts *o,
		    char *err, size_t errlen);

/* The rows of kind k that pass the filters, sorted as asked; caller frees. */
const void **output_rows(const struct snapshot *s, const struct kind *k,
			 const struct output_opts *o, size_t *n);

/* What the columns output_snapshot() will show or sort by cost the
 * collector (NEED_* of fields.h), so the caller collects only that. */
unsigned output_needs(const struct output_opts *o);

/* Does -o or --sort name a column of some kind chosen? 0, or -EINVAL
 * with a message in err. */
int output_check(const struct output_opts *o, char *err, size_t errlen);

/* --check's one line in the monitoring-plugin format, of s's findings
 * that pass o's filters (-u, --health RULE) and the use of each limit
 * against h's thresholds. Returns the plugin state, 0 OK, 1 WARNING or
 * 2 CRITICAL, or -EIO once a write to f has failed. */
int output_plugin(FILE *f, const struct snapshot *s, const struct output_opts *o,
		  const struct health_opts *h);
/* One row of -l's table: a limit and its use, as text. */
struct limit_line {
	const char *res, *desc;
	char limit[32], used[32], pct[16];
};
#define OUTPUT_LIMIT_LINES 32
/* -l's rows for the kinds o->want names (every kind when none does),
 * formatted as o asks (-b): into out (max), the count returned. */
size_t output_limit_lines(const struct snapshot *s, const struct output_opts *o,
			  struct limit_line *out, size_t max);

/* Column names and help of every kind, for --help. */
void output_list_columns(FILE *f);

/* Each format's renderer over n kinds (output_snapshot() gives the kind
 * table), with each chosen kind's columns in cols[k->id], ncols[k->id]. */
int output_table_kinds(FILE *f, const struct snapshot *s, const struct output_opts *o,
		       const struct kind *const *kinds, size_t n,
		       const struct field **cols[KIND_SLOTS], const size_t ncols[KIND_SLOTS]);
int output_json_kinds(FILE *f, const struct snapshot *s, const struct output_opts *o,
		      const struct kind *const *kinds, size_t n,
		      const struct field **cols[KIND_SLOTS], const size_t ncols[KIND_SLOTS]);

#endif
