/* Columns every System V object has, and the shared formatters. Every
 * object struct starts with struct ipc_common, so these take any of them. */
#include <stdio.h>
#include <string.h>

#include "fields/kinds.h"
#include "ipctop/names.h"

#define COMMON(o) ((const struct ipc_common *)(o))

long long num_key(const void *o) { return COMMON(o)->key; }
/* 0: not known (a fixture tree has no namespaces) */
long long num_ns(const void *o)
{
	return COMMON(o)->ns ? (long long)COMMON(o)->ns : IPC_UNKNOWN;
}


void text_ns(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	field_ns_label(c->snap, COMMON(o)->ns, b, n);
}
long long num_id(const void *o) { return COMMON(o)->id; }
long long num_uid(const void *o) { return COMMON(o)->uid; }
long long num_gid(const void *o) { return COMMON(o)->gid; }
long long num_cuid(const void *o) { return COMMON(o)->cuid; }
long long num_cgid(const void *o) { return COMMON(o)->cgid; }
long long num_mode(const void *o) { return COMMON(o)->mode & 0777; }

void text_key(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	(void)c;
	fmt_hex32(b, n, (unsigned)COMMON(o)->key);
}

void text_perms(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	(void)c;
	fmt_octal(b, n, COMMON(o)->mode & 0777);
}

/* As ls and lsipc show it: the type (none here) then rwx for each class. */
void text_mode(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	char p[12];

	(void)c;
	p[0] = '-';
	fmt_perms(p + 1, sizeof(p) - 1, COMMON(o)->mode & 0777);
	snprintf(b, n, "%s", p);
}

/* Copy a cached name, truncating to the buffer. */
static void put_name(char *b, size_t n, const char *name)
{
	size_t len = strlen(name);

	if (n == 0)
		return;
	if (len >= n)
		len = n - 1;
	memcpy(b, name, len);
	b[len] = '\0';
}

/* Without a name cache (a caller that only wants numbers) the id stands
 * in for the name. */
static void id_or_name(char *b, size_t n, const char *name, uint32_t id)
{
	char num[FMT_NUM_MAX];

	if (name) {
		put_name(b, n, name);
	} else {
		fmt_ull(num, id);
		put_name(b, n, num);
	}
}

void cell_user(uint32_t uid, const struct field_ctx *c, char *b, size_t n)
{
	id_or_name(b, n, c->names ? names_user(c->names, uid) : NULL, uid);
}

void cell_group(uint32_t gid, const struct field_ctx *c, char *b, size_t n)
{
	id_or_name(b, n, c->names ? names_group(c->names, gid) : NULL, gid);
}

void text_owner(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	uint32_t id = COMMON(o)->uid;
	id_or_name(b, n, c->names ? names_user(c->names, id) : NULL, id);
}

void text_cuser(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	uint32_t id = COMMON(o)->cuid;
	id_or_name(b, n, c->names ? names_user(c->names, id) : NULL, id);
}

void text_group(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	uint32_t id = COMMON(o)->gid;
	id_or_name(b, n, c->names ? names_group(c->names, id) : NULL, id);
}

void text_cgroup(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	uint32_t id = COMMON(o)->cgid;
	id_or_name(b, n, c->names ? names_group(c->names, id) : NULL, id);
}

void cell_time(long long t, const struct field_ctx *c, char *b, size_t n)
{
	fmt_time(b, n, t, c->now, c->tfmt);
}

void cell_size(long long v, const struct field_ctx *c, char *b, size_t n)
{
	fmt_size(b, n, v, c->bytes);
}

void sysv_match(const void *obj, long long m[MATCH_N])
{
	m[0] = (long long)COMMON(obj)->ns;
	m[1] = COMMON(obj)->id;
	m[2] = COMMON(obj)->key;
}

void sysv_label(const struct ident *id, char *buf, size_t len)
{
	snprintf(buf, len, "0x%08x (id %lld)", (unsigned)id->key, id->id);
}
