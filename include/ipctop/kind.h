/* kind: one kind of row — a System V queue, set or segment, a POSIX
 * queue, shared memory object or named semaphore, a process, a pipe —
 * described once, as a table entry (htop's RowClass is the model):
 * its names and titles, its columns, its identity, how the collector lists
 * it and re-reads one, how act/ removes one, and what its detail adds.
 * Every generic part of ipctop (output, diff, tags, filter, sort, the
 * TUI's tabs, detail and dialogs) walks the table and never branches on a
 * kind. The table itself is src/fields/registry.c; adding a kind is one
 * collector, one column table with its entry, and one line there. */
#ifndef IPCTOP_KIND_H
#define IPCTOP_KIND_H

#include <stdbool.h>
#include <stddef.h>

#include "ipctop/fields.h"
#include "ipctop/ident.h"
#include "ipctop/snapshot.h"

struct source;
struct collect_opts;
struct health_hooks;

/* How many numbers follow a row from one refresh to the next (match). */
#define MATCH_N 3

#define KIND_OBJECT  (1u << 0)   /* an IPC object: tagged, removed, listed by --once */
#define KIND_PROCESS (1u << 1)   /* a process: signalled, never removed */
#define KIND_DERIVED (1u << 2)   /* rows made from every object list (findings):
				  * showing them has every list collected */

/* Rows shown under one object in its detail: a set's semaphores, a
 * process's 64 signals. */
struct subtable {
	const char *what;                  /* "semaphore values": what they are */
	const char *json;                  /* JSON key with -i ("sems"); NULL: none */
	const struct field *fields;
	size_t nfields;
	size_t rowsize;
	/* obj's rows copied into *rows (malloc'd, the caller frees): the
	 * count; with *err set (-errno) when they could not be read */
	size_t (*rows)(const void *obj, void **rows, int *err);
	const char *(*strerror)(int err);  /* *err for a person */
	/* Its rows in the Prometheus exporter: fields with a metric make
	 * ipctop_<metric>_<field's metric>, each row told apart by a label
	 * called metric_label holding the first field's value. NULL: none. */
	const char *metric;
	const char *metric_label;
};

struct kind {
	enum kind_id id;         /* its list in a snapshot */
	const char *name;        /* "msg": JSON key */
	const char *type;        /* "msg": export's TYPE column */
	const char *title;       /* "Message Queues": --once's section */
	const char *one;         /* "Message Queue msqid": -i's heading */
	const char *word;        /* "queue": messages and dialogs */
	const char *plural;      /* "processes"; NULL: word + "s" */
	const char *noun;        /* "Message queue": the detail view's title */
	const char *tab;         /* "Queues": the live view's tab */
	const char *rc;          /* "queues": the tab in the settings file */
	const char *columns;     /* "Message queue columns (-q)": --help */
	int section;             /* --once's order (ipcs -a: queues, segments, sets) */
	unsigned flags;          /* KIND_* */
	unsigned needs;          /* NEED_* (fields.h): what listing it costs */
	const struct field *fields;
	size_t nfields;
	const struct field *id_field;   /* what -i and ties compare: ID, PID, INODE */
	size_t objsize;
	/* fills the kind's part of an ident (ident.h) */
	void (*ident)(const void *obj, struct ident *out);
	/* MATCH_N numbers that follow an object from one refresh to the
	 * next, for diff marks and the cursor (namespace, id and key; pid
	 * and start time); unused ones 0 */
	void (*match)(const void *obj, long long m[MATCH_N]);
	/* what tells it from its kin, after its word: "0x00001234 (id 5)" */
	void (*label)(const struct ident *id, char *buf, size_t len);
	/* The value of the id column of obj's parent (a process's parent
	 * pid), for the tree view; <= 0 for none. NULL: no tree. */
	long long (*parent)(const void *obj);
	void (*free_obj)(void *obj);      /* what one object owns; NULL: nothing */
	/* For the remove dialog: what removing obj takes with it ("nattch
	 * 2"), and whether its memory outlives the removal (then the note
	 * that says so); either NULL. */
	void (*summary)(const void *obj, char *buf, size_t len);
	const char *(*lingers)(const void *obj);
	const struct subtable *sub;       /* detail rows; NULL: none */
	/* The collector's side (collect/): fill s's list for this kind;
	 * NULL for kinds the process collector fills. 0 or -errno. */
	int (*list)(struct snapshot *s, const struct source *src, const struct collect_opts *o);
	/* How many of the kind exist, without listing them (for a tab's
	 * count and the header's use totals): fills s's list's count and
	 * counted, and the use fields of s->limits it knows. NULL: nothing
	 * cheaper than the list. 0 or -errno (then the kind is listed). */
	int (*count)(struct snapshot *s, const struct source *src);
	/* Re-read the object id names into out (objsize bytes): 0, or
	 * -EINVAL/-EIDRM/-ENOENT when it is gone, or -errno. */
	int (*restat)(const struct source *src, const struct ident *id, void *out);
	/* act/'s side, called only after restat matched: 0 or -errno. */
	int (*remove)(const struct source *src, const struct ident *id);
	/* What removing obj (as re-read just before) did, when more than
	 * "removed": a segment still attached is only marked. NULL: nothing
	 * more to say; else writes the message and returns true. */
	bool (*removed)(const void *obj, const struct ident *id, char *buf, size_t len);
	/* The Prometheus exporter's name for its objects' series
	 * ("msg_queue": ipctop_msg_queue_used_bytes...); NULL: no
	 * per-object series. Which columns export is their metric. */
	const char *metric;
	/* For the remove dialog and --remove: what removing obj destroys and
	 * whom it hurts, one line per '\n' ("2 messages, 16K lost", the
	 * processes blocked on it, who keeps its memory); ctx names the
	 * processes. NULL: nothing beyond summary. */
	void (*loss)(const void *obj, const struct field_ctx *ctx, char *buf, size_t len);
	/* The collector's side: read what the detail view, the remove dialog,
	 * the health rules and the exporter need beyond the list (a set's
	 * semaphores, what sub shows) into obj, from src's namespace (the
	 * object's: collect_details() joins it). NULL: nothing to read. */
	void (*read_detail)(const struct source *src, void *obj);
	/* For diff: is now (which match did not pair) was after a change the
	 * kernel makes in place that moves a match number (a segment removed
	 * while attached gets key 0)? NULL: never. */
	bool (*continues)(const void *was, const void *now);
	/* The object a row is about (a finding's): true with its ident in
	 * out, false when it is about no object. NULL: the row itself. */
	bool (*target)(const void *row, struct ident *out);
	/* What the health rules read of its objects (health.h); NULL: none. */
	const struct health_hooks *health;
	/* The tab's label where the full one does not fit ("Sets"); NULL:
	 * the full one. */
	const char *tab_short;
	/* The column of the processes that keep a removed object's memory
	 * (they hold or map it): the remove dialog names them. NULL: none. */
	const struct field *holders;
};

/* The table's kind with this id (NULL for an id not in it). */
const struct kind *kind_get(enum kind_id id);
/* Every kind in the table, in its order (tabs, JSON). */
const struct kind *const *kinds_all(size_t *n);
/* By name ("msg") or settings name ("queues"); NULL if none. */
const struct kind *kind_find(const char *name);
/* "queues", "processes": k's word for several, into buf. */
const char *kind_plural(const struct kind *k, char *buf, size_t len);

#endif
