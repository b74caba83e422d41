/* fields: the columns of every kind of row — System V objects, processes,
 * pipes — described once each (name, JSON key, help, width, type, value,
 * text). --once's table, raw, export and JSON, the TUI's tabs, -o, --sort,
 * F6, the filter and --help all read these tables, so a column, its sort
 * order and its name are defined in one place. No kernel calls and no
 * /proc: the only lookups are user and group names, through the name
 * cache (which asks the password database once per id). */
#ifndef IPCTOP_FIELDS_H
#define IPCTOP_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#include "ipctop/fmt.h"
#include "ipctop/snapshot.h"

struct name_cache;
struct kind;

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
	FT_SIGSET,               /* a signal mask (num): names, JSON array of names */
};

#define FIELD_RIGHT    (1u << 0)  /* right-aligned */
#define FIELD_DEFAULT  (1u << 1)  /* shown when no -o is given */
#define FIELD_NOJSON   (1u << 2)  /* display only; JSON carries it otherwise */
#define FIELD_TEXTSORT (1u << 3)  /* sort by text, not by number */
#define FIELD_PID      (1u << 4)  /* holds pids: the filter matches a pid or its command */
#define FIELD_MATCH    (1u << 5)  /* the filter matches inside its text */
#define FIELD_MATCH_NUM (1u << 6) /* the filter matches its number, whole */
#define FIELD_OWNER    (1u << 7)  /* the owner's uid: -u and u select by it */
#define FIELD_OPTSTR   (1u << 8)  /* text "" is "-" on screen, null in JSON */
#define FIELD_MULTINS  (1u << 13) /* the namespace: a default column only when
				   * the rows come from more than one */
/* The Prometheus exporter (output/prom.c) and the live view's history
 * read these, never a kind's name. */
#define FIELD_LABEL    (1u << 9)  /* a label of each of its object's series (key, id, owner) */
#define FIELD_INFO     (1u << 10) /* a label of its object's _info series only (perms) */
#define FIELD_HISTORY  (1u << 11) /* the live view keeps its past values (a queue's depth) */
#define FIELD_RANK     (1u << 12) /* larger first when only some objects are exported */
#define FIELD_KEY      (1u << 14) /* the object's key: -k selects by it */
#define FIELD_TREE     (1u << 15) /* the tree view indents it (a command name) */
#define FIELD_LONG     (1u << 16) /* a long text (a command line, a path): cut first to fit */


/* What showing a column costs the collector beyond the lists. */
#define NEED_QBYTES   (1u << 0)   /* a queue's max bytes: a msgctl per queue */
#define NEED_RSS      (1u << 1)   /* segments' rss/swap: /proc/sysvipc/shm */
#define NEED_USERS    (1u << 2)   /* who attaches and waits: a scan of /proc */
#define NEED_PROCS    (1u << 3)   /* the process table, for command names */
#define NEED_SIGNALS  (1u << 4)   /* every process's signal state (libproc2) */
#define NEED_PIPES    (1u << 5)   /* every process's open pipes and FIFOs */
/* What health rules (health.h) need beyond the columns. */
#define NEED_SEMHOLDERS (1u << 6) /* each semaphore's last operator and waiter
				   * counts, for the sets with waiters */
#define NEED_ACCOUNTS (1u << 7)   /* whether owners have an account and a
				   * running process */
#define NEED_CMDLINE  (1u << 8)   /* a creator's command line: a read each */

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
	unsigned needs;          /* NEED_* */
	/* Its per-object series in the Prometheus exporter, in base units:
	 * "used_bytes" makes ipctop_<kind's metric>_used_bytes, a gauge of
	 * field_value(); NULL: not exported. */
	const char *metric;
};

/* How readily a column is cut to fit a screen: lists and long texts
 * first (0), then other text (1); what names a row (key, id, owner,
 * command name: FIELD_MATCH) never (2). */
int field_cut_rank(const struct field *f);

/* k's column called name (any case), or NULL. */
const struct field *field_find(const struct kind *k, const char *name);

/* Text of one cell. */
void field_text(const struct field *f, const struct field_ctx *ctx,
		const void *obj, char *buf, size_t len);

/* Compare two objects of k by field f (unknown sorts first); ties by the
 * kind's id column. */
int field_cmp(const struct kind *k, const struct field *f, const struct field_ctx *ctx,
	      const void *a, const void *b);

/* Stable sort of an array of object pointers by f. */
void fields_sort(const struct kind *k, const struct field *f, const struct field_ctx *ctx,
		 const void **rows, size_t n, bool reverse);

/* Parse a comma-separated column list for kind k into out (max entries).
 * Names of another kind in the table are skipped when skip_foreign, else
 * an error. Returns the count, or -1 with the bad name copied into bad. */
int fields_parse_list(const struct kind *k, const char *list, const struct field **out,
		      size_t max, bool skip_foreign, char *bad, size_t badlen);

/* Like fields_parse_list(), or, when spec starts with + or -, k's
 * default columns with each "+COL" added at the end and each "-COL" taken
 * out ("+MAXBYTES,-LSPID"); then every item must start with one of them
 * (-2 with the item in bad when one does not). */
int fields_parse_spec(const struct kind *k, const char *spec, const struct field **out,
		      size_t max, bool skip_foreign, char *bad, size_t badlen);

/* Object i of k in s, and how many there are. */
const void *snap_obj(const struct snapshot *s, const struct kind *k, size_t i);
size_t snap_count(const struct snapshot *s, const struct kind *k);

/* Does obj match a filter text? Each column says how (FIELD_MATCH,
 * FIELD_MATCH_NUM, FIELD_PID): a key in hex or decimal, an id, an owner,
 * a pid or the command it names. */
bool field_match(const struct kind *k, const struct field_ctx *ctx,
		 const void *obj, const char *needle);

/* A number for f of obj: num() for numbers and booleans, the length of a
 * list (FT_PIDS, FT_WAITERS; IPC_UNKNOWN when nothing could be read);
 * IPC_UNKNOWN for text. */
long long field_value(const struct field *f, const void *obj);

/* The owner uid of obj (its FIELD_OWNER column), or -1 when k has none. */
long long field_owner(const struct kind *k, const void *obj);
/* obj's key (its FIELD_KEY column) into *key: false when k has none or
 * obj's is unknown. */
bool field_key(const struct kind *k, const void *obj, long long *key);

const char *wait_op_name(enum wait_op op);

/* Is f among the default columns for rows of snapshot s (NULL: one
 * namespace)? FIELD_DEFAULT, and for FIELD_MULTINS more than one
 * namespace in s. */
bool field_default(const struct field *f, const struct snapshot *s);

/* "docker:3f2a9c1b7e4d": the label of namespace ns in s, or "ipc:[ns]". */
void field_ns_label(const struct snapshot *s, unsigned long long ns, char *buf, size_t len);
/* How the remove dialog and --remove name an object: its kind's word and
 * label, owner and summary ("segment 0x00001234 (id 5)  owner root
 * nattch 2"). */
void field_describe(const struct kind *k, const struct field_ctx *ctx, const void *obj,
		    char *buf, size_t len);

#endif
