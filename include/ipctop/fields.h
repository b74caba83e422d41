/* fields: one table of columns per object kind (name, help, JSON key, type,
 * value and text). The TUI and --once both draw from it, so a column, its
 * sort order and its -o name are defined once. Pure: no I/O. */
#ifndef IPCTOP_FIELDS_H
#define IPCTOP_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#include "ipctop/fmt.h"
#include "ipctop/snapshot.h"

struct name_cache;

struct field_ctx {
	struct name_cache *names;
	long long now;           /* Unix seconds, for relative times */
	enum time_fmt tfmt;
	bool bytes;              /* sizes as raw byte counts */
	/* For pid columns: a pid not in snap's process table is shown as
	 * "1234(gone)". NULL, or a snapshot without processes: plain pids. */
	const struct snapshot *snap;
};

enum field_type {
	FT_NUM,                  /* JSON number (null when unknown) */
	FT_STR,                  /* JSON string */
	FT_BOOL,                 /* JSON true/false */
	FT_PIDS,                 /* JSON array of numbers (see field.list) */
	FT_WAITERS,              /* JSON array of {"pid","op"} */
};

#define FIELD_RIGHT   (1u << 0)  /* right-aligned */
#define FIELD_DEFAULT (1u << 1)  /* shown when no -o is given */
#define FIELD_NOJSON  (1u << 2)  /* display only; JSON carries it otherwise */
#define FIELD_TEXTSORT (1u << 3) /* sort by text, not by number */
#define FIELD_PID     (1u << 4)  /* holds pids: the filter matches them */

struct field {
	const char *name;        /* -o / --sort name, upper case */
	const char *json;        /* JSON key */
	const char *help;
	int width;               /* width hint for the TUI */
	unsigned flags;
	enum field_type type;
	/* Numeric value for sorting and JSON; IPC_UNKNOWN when unknown. */
	long long (*num)(const void *obj);
	/* Display text; NULL means the number formatted per type. */
	void (*text)(const void *obj, const struct field_ctx *ctx,
		     char *buf, size_t len);
	/* FT_PIDS / FT_WAITERS: the list; count returned, err in *err. */
	size_t (*list)(const void *obj, const void **items, int *err);
};

const struct field *fields_of(enum ipc_kind k, size_t *n);
const struct field *field_find(enum ipc_kind k, const char *name);
size_t kind_objsize(enum ipc_kind k);

/* Text of one cell. */
void field_text(const struct field *f, const struct field_ctx *ctx,
		const void *obj, char *buf, size_t len);

/* Compare two objects by field f (unknown sorts first); ties by id. */
int field_cmp(const struct field *f, const struct field_ctx *ctx,
	      const void *a, const void *b);

/* Stable sort of an array of object pointers by f. */
void fields_sort(const struct field *f, const struct field_ctx *ctx,
		 const void **rows, size_t n, bool reverse);

/* Parse a comma-separated column list for kind k into idx (max entries).
 * Names not of this kind are skipped when skip_foreign, else an error.
 * Returns the count, or -1 with the bad name copied into bad. */
int fields_parse_list(enum ipc_kind k, const char *list, const struct field **out,
		      size_t max, bool skip_foreign, char *bad, size_t badlen);

/* Object pointer i of kind k in s. */
const void *snap_obj(const struct snapshot *s, enum ipc_kind k, size_t i);
size_t snap_count(const struct snapshot *s, enum ipc_kind k);
const struct ipc_common *obj_common(const void *obj);

/* Does obj match a filter text (key in hex or decimal, id, owner, pids)? */
bool field_match(enum ipc_kind k, const struct field_ctx *ctx,
		 const void *obj, const char *needle);

const char *wait_op_name(enum wait_op op);

#endif
