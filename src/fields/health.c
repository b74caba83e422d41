/* Findings (health.h): columns and the kind's entry. Model code fills the
 * list after a collection; a finding is never removed itself, but Enter
 * on one in the live view goes to the object it is about (target). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields/kinds.h"
#include "ipctop/health.h"

#define F(o) ((const struct finding *)(o))

/* Severity as a rank, so that the column sorts the worst first (and
 * ties of other columns follow it): 0 critical, 1 warning. */
FIELD_NUM(struct finding, sev, SEV_CRITICAL - (long long)x->sev)
FIELD_NUM(struct finding, rule, x->rule)
FIELD_NUM(struct finding, fid, x->id)
FIELD_NUM(struct finding, fkey, x->key)
FIELD_NUM(struct finding, fuid, x->uid)
FIELD_NUM(struct finding, fns, x->ns ? (long long)x->ns : IPC_UNKNOWN)

static void put(char *b, size_t n, const char *s)
{
	snprintf(b, n, "%s", s);
}

static void text_sev(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	(void)c;
	put(b, n, health_sev_name(F(o)->sev));
}

static void text_rule(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	const struct health_rule_desc *d = health_rule(F(o)->rule);

	(void)c;
	put(b, n, d ? d->name : "?");
}

/* The object's kind ("shm"), or "limit" for a kernel limit. */
static void text_kind(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	(void)c;
	put(b, n, F(o)->obj.kind ? F(o)->obj.kind->name : "limit");
}

/* A number a finding may not have: "-" then, null in JSON. */
static void opt_num(long long v, char *b, size_t n)
{
	if (v == IPC_UNKNOWN)
		put(b, n, "-");
	else
		snprintf(b, n, "%lld", v);
}

static void text_fid(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	(void)c;
	opt_num(F(o)->id, b, n);
}

static void text_fkey(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	(void)c;
	if (F(o)->key == IPC_UNKNOWN)
		put(b, n, "-");
	else
		fmt_hex32(b, n, (unsigned)F(o)->key);
}

static void text_fuid(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	(void)c;
	opt_num(F(o)->uid, b, n);
}

static void text_fns(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	field_ns_label(c->snap, F(o)->ns, b, n);
}

/* A POSIX object's name or a limit's ("SEMMNI"); "" for System V. */
static void text_name(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	(void)c;
	put(b, n, F(o)->obj.name);
}

static void text_message(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	(void)c;
	put(b, n, F(o)->message ? F(o)->message : "");
}

static const struct field health_fields[] = {
	{ .name = "NS", .json = "ns", .help = "IPC namespace (container); its inode in JSON",
	  .width = 10, .flags = FIELD_DEFAULT | FIELD_MULTINS | FIELD_MATCH | FIELD_TEXTSORT,
	  .type = FT_NUM, .num = num_fns, .text = text_fns },
	{ .name = "SEVERITY", .json = "severity", .help = "critical or warning (sorts critical first)",
	  .width = 8, .flags = FIELD_DEFAULT | FIELD_MATCH, .type = FT_STR,
	  .num = num_sev, .text = text_sev },
	{ .name = "RULE", .json = "rule", .help = "The rule that found it (Health rules, above)", .width = 18,
	  .flags = FIELD_DEFAULT | FIELD_TEXTSORT | FIELD_MATCH, .type = FT_STR,
	  .num = num_rule, .text = text_rule },
	{ .name = "KIND", .json = "kind", .help = "The object's kind (msg, sem, shm...), or limit",
	  .width = 5, .flags = FIELD_DEFAULT | FIELD_TEXTSORT, .type = FT_STR, .text = text_kind },
	{ .name = "ID", .json = "id", .help = "The object's id", .width = 6,
	  .flags = FIELD_RIGHT | FIELD_DEFAULT | FIELD_MATCH_NUM, .type = FT_NUM,
	  .num = num_fid, .text = text_fid },
	{ .name = "KEY", .json = "key", .help = "The object's key", .width = 10,
	  .flags = FIELD_MATCH | FIELD_MATCH_NUM | FIELD_KEY, .type = FT_NUM,
	  .num = num_fkey, .text = text_fkey },
	{ .name = "NAME", .json = "name", .help = "A POSIX object's name, or the limit's",
	  .width = 10, .flags = FIELD_OPTSTR | FIELD_TEXTSORT | FIELD_MATCH, .type = FT_STR,
	  .text = text_name },
	{ .name = "UID", .json = "uid", .help = "The object's owner", .width = 6,
	  .flags = FIELD_RIGHT | FIELD_OWNER, .type = FT_NUM, .num = num_fuid, .text = text_fuid },
	{ .name = "MESSAGE", .json = "message", .help = "What is wrong, and who is involved",
	  .width = 60, .flags = FIELD_DEFAULT | FIELD_MATCH, .type = FT_STR,
	  .text = text_message },
};

/* Where a finding's object sorts: its kind, limits after every kind. */
static long long kind_rank(const struct finding *f)
{
	return f->obj.kind ? (long long)f->obj.kind->id : KIND_SLOTS;
}

static unsigned long long name_hash(const char *s)
{
	unsigned long long h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* A finding is its rule about its object: the same object keeps its
 * ident, so a finding is followed from one refresh to the next. */
static void health_ident(const void *obj, struct ident *out)
{
	const struct finding *f = obj;

	out->id = f->obj.id;
	out->key = kind_rank(f) << 8 | f->rule;
	out->cuid = f->obj.cuid;
	out->cpid = f->obj.cpid;
	out->ctime = f->obj.ctime;
	out->dev = f->obj.dev;
	out->ino = f->obj.ino;
	memcpy(out->name, f->obj.name, sizeof(out->name));
}

static void health_match(const void *obj, long long m[MATCH_N])
{
	const struct finding *f = obj;

	m[0] = (long long)f->ns;
	m[1] = kind_rank(f) << 8 | f->rule;
	m[2] = f->obj.id ^ (long long)(name_hash(f->obj.name) >> 1);
}

/* "orphaned-segment on 0x00001234 (id 5)", "near-limit on SEMMNI" */
static void health_label(const struct ident *id, char *buf, size_t len)
{
	const struct health_rule_desc *d = health_rule((enum health_rule)(id->key & 0xff));
	const struct kind *k = kind_get((enum kind_id)(id->key >> 8));
	struct ident obj = *id;
	char what[IDENT_NAME_MAX + 64];

	obj.kind = k;
	if (k && k->label)
		k->label(&obj, what, sizeof(what));
	else if (k)
		snprintf(what, sizeof(what), "%s %lld", k->word, id->id);
	else
		snprintf(what, sizeof(what), "%s", id->name);
	snprintf(buf, len, "%s on %s", d ? d->name : "?", what);
}

static bool health_target(const void *row, struct ident *out)
{
	const struct finding *f = row;

	if (!f->obj.kind)
		return false;
	*out = f->obj;
	return true;
}

static void health_free(void *obj)
{
	free(((struct finding *)obj)->message);
}

const struct kind kind_health = {
	.id = KIND_HEALTH, .name = "health", .type = "finding", .title = "Health",
	.one = "Finding", .word = "finding", .noun = "Finding", .tab = "Health", .tab_short = "Hlth",
	.rc = "health",
	.columns = "Health columns (--health)", .section = 8, .flags = KIND_DERIVED,
	.fields = health_fields, .nfields = sizeof(health_fields) / sizeof(health_fields[0]),
	.id_field = &health_fields[1], .objsize = sizeof(struct finding),
	.ident = health_ident, .match = health_match, .label = health_label,
	.free_obj = health_free, .target = health_target,
};
