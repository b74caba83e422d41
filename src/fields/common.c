/* Columns every System V object has, and the shared formatters. Every
 * object struct starts with struct ipc_common, so these take any of them. */
#include <stdio.h>

#include "fields/kinds.h"
#include "ipctop/names.h"

#define COMMON(o) ((const struct ipc_common *)(o))

long long num_key(const void *o) { return COMMON(o)->key; }
long long num_id(const void *o) { return COMMON(o)->id; }
long long num_uid(const void *o) { return COMMON(o)->uid; }
long long num_gid(const void *o) { return COMMON(o)->gid; }
long long num_cuid(const void *o) { return COMMON(o)->cuid; }
long long num_cgid(const void *o) { return COMMON(o)->cgid; }
long long num_mode(const void *o) { return COMMON(o)->mode & 0777; }

void text_key(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	(void)c;
	snprintf(b, n, "0x%08x", (unsigned)COMMON(o)->key);
}

void text_perms(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	(void)c;
	snprintf(b, n, "%04o", COMMON(o)->mode & 0777);
}

void text_owner(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	snprintf(b, n, "%s", names_user(c->names, COMMON(o)->uid));
}

void text_cuser(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	snprintf(b, n, "%s", names_user(c->names, COMMON(o)->cuid));
}

void text_group(const void *o, const struct field_ctx *c, char *b, size_t n)
{
	snprintf(b, n, "%s", names_group(c->names, COMMON(o)->gid));
}

void cell_time(long long t, const struct field_ctx *c, char *b, size_t n)
{
	fmt_time(b, n, t, c->now, c->tfmt);
}

void cell_size(long long v, const struct field_ctx *c, char *b, size_t n)
{
	fmt_size(b, n, v, c->bytes);
}
