/* prom: renders a snapshot in the Prometheus text exposition format
 * (version 0.0.4, no timestamps): build and collection facts, object
 * counts, every limit and its use (limtab.h), and per-object series for
 * the kinds and columns that declare a metric (kind.h, fields.h), capped
 * per kind. Walks the kind table and never names a kind. Writes only to
 * the FILE it is given; never reads the kernel, never collects. */
#ifndef IPCTOP_PROM_H
#define IPCTOP_PROM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ipctop/fields.h"
#include "ipctop/snapshot.h"

/* --metrics-max-objects: per-object series for at most this many objects
 * of each kind (the largest by their FIELD_RANK columns), so a host with
 * 30,000 objects cannot flood a Prometheus server. */
#define PROM_DEFAULT_MAX_OBJECTS 200

/* The objects of each kind that get series, chosen by prom_select(). */
struct prom_sel {
	void **objs[KIND_SLOTS];  /* in id order */
	size_t n[KIND_SLOTS];
	size_t total[KIND_SLOTS]; /* objects in the list */
};

/* Choose, for every kind with a metric, its max objects with the largest
 * rank values (ties: the lower id). 0 or -ENOMEM (sel then empty). */
int prom_select(struct prom_sel *sel, struct snapshot *s, size_t max);
void prom_sel_free(struct prom_sel *sel);

struct prom_opts {
	const struct field_ctx *ctx;  /* owner names and the like */
	size_t max_objects;           /* also caps the rows under objects */
	double collect_seconds;       /* how long collecting took; < 0 unknown */
	unsigned long long collections, errors;  /* since start, counters */
};

/* Write s to f. 0, -EIO once a write failed, or -ENOMEM. */
int prom_write(FILE *f, const struct snapshot *s, const struct prom_sel *sel,
	       const struct prom_opts *o);

/* v as a label value: backslash, double quote and newline escaped
 * (\\, \", \n), into buf (always NUL-terminated, cut at a whole escape).
 * Returns the length written. */
size_t prom_escape_label(char *buf, size_t len, const char *v);

/* The ns label of the objects in s's namespace ns: its label ("host"
 * for ipctop's own, "docker:3f2a9c1b7e4d"...; "host" when s lists no
 * such namespace, as a fixture tree's snapshot does). */
const char *prom_ns_label(const struct snapshot *s, unsigned long long ns);

#endif
