/* output: renders a snapshot for --once: aligned table, raw, export
 * (KEY="value") and JSON; one object in full (-i); limits (-l). Writes only
 * to the FILE it is given and never reads the kernel. */
#ifndef IPCTOP_OUTPUT_H
#define IPCTOP_OUTPUT_H

#include <stdio.h>

#include "ipctop/fields.h"
#include "ipctop/snapshot.h"

enum out_format { OUT_TABLE, OUT_RAW, OUT_EXPORT, OUT_JSON };

struct output_opts {
	enum out_format format;
	bool noheadings;
	bool want[KIND_COUNT];
	const char *columns;     /* -o list, or NULL for the defaults */
	const char *sort;        /* column name, or NULL */
	bool reverse;
	long long uid;           /* only objects owned by this uid; -1 for all */
	bool limits;             /* -l: limits and use */
	bool lists;              /* sections of objects (off for -l alone) */
	int detail_id;           /* -i: one object in full; -1 for none */
	bool signals, pipes;     /* process sections, when collected */
	struct field_ctx ctx;
};

/* Print s to f. Returns 0, -ENOENT when -i names no object, -EINVAL for a
 * bad column name (message in err), -EIO once a write to f has failed
 * (stdio keeps no errno: a stream from wstream_open() knows the real
 * error), or -errno. */
int output_snapshot(FILE *f, const struct snapshot *s, const struct output_opts *o,
		    char *err, size_t errlen);

/* The rows of kind k that pass the filters, sorted as asked; caller frees. */
const void **output_rows(const struct snapshot *s, enum ipc_kind k,
			 const struct output_opts *o, size_t *n);

/* Will output_snapshot() show or sort by column name of kind k? Lets the
 * caller skip collecting what nobody will see. */
bool output_uses_field(const struct output_opts *o, enum ipc_kind k, const char *name);

/* "key": v, or "key": null when v is IPC_UNKNOWN (JSON output's rule). */
struct json;
void json_opt_num(struct json *j, const char *key, long long v);

/* Column names and help for --help. */
void output_list_columns(FILE *f);

/* Process sections (--signals, --pipes; src/output/procs_out.c): the
 * tables after the object lists, and the "signals"/"pipes" JSON keys. */
struct json;
int output_procs_table(FILE *f, const struct snapshot *s, const struct output_opts *o);
void output_procs_json(struct json *j, const struct snapshot *s, const struct output_opts *o);

/* Internal to output/: each format's renderer, and a section of text
 * cells (cells[row * ncols + col], sanitised) in o's table, raw or export
 * format, titled name, export lines typed type: the process sections. */
int output_text_section(FILE *f, const struct output_opts *o, const char *name,
			const char *type, const char *const *cols, const bool *right,
			size_t ncols, char *const *cells, size_t nrows);
int output_table(FILE *f, const struct snapshot *s, const struct output_opts *o,
		 const struct field **cols[KIND_COUNT], const size_t ncols[KIND_COUNT]);
int output_json(FILE *f, const struct snapshot *s, const struct output_opts *o,
		const struct field **cols[KIND_COUNT], const size_t ncols[KIND_COUNT]);

#endif
