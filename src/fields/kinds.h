/* The per-kind column tables; internal to fields/. */
#ifndef IPCTOP_FIELDS_KINDS_H
#define IPCTOP_FIELDS_KINDS_H

#include "ipctop/fields.h"

#include "ipctop/kind.h"

/* The kinds the table (registry.c) lists. */
extern const struct kind kind_msg, kind_sem, kind_shm, kind_proc, kind_pipe;

/* Cell formatters shared by the kinds. */
void text_key(const void *o, const struct field_ctx *c, char *b, size_t n);
void text_perms(const void *o, const struct field_ctx *c, char *b, size_t n);
void text_mode(const void *o, const struct field_ctx *c, char *b, size_t n);
void text_owner(const void *o, const struct field_ctx *c, char *b, size_t n);
void text_cuser(const void *o, const struct field_ctx *c, char *b, size_t n);
void text_group(const void *o, const struct field_ctx *c, char *b, size_t n);
void text_cgroup(const void *o, const struct field_ctx *c, char *b, size_t n);
void cell_time(long long t, const struct field_ctx *c, char *b, size_t n);
void cell_size(long long v, const struct field_ctx *c, char *b, size_t n);

long long num_key(const void *o);
long long num_id(const void *o);
long long num_uid(const void *o);
long long num_gid(const void *o);
long long num_cuid(const void *o);
long long num_cgid(const void *o);
long long num_mode(const void *o);

/* The columns every System V kind starts with. */
#define COMMON_FIELDS \
	{ .name = "KEY", .json = "key", .help = "Resource key", .width = 10, \
	  .flags = FIELD_DEFAULT | FIELD_MATCH | FIELD_MATCH_NUM, .type = FT_NUM, \
	  .num = num_key, .text = text_key }, \
	{ .name = "ID", .json = "id", .help = "Resource id", .width = 8, \
	  .flags = FIELD_RIGHT | FIELD_DEFAULT | FIELD_MATCH_NUM, .type = FT_NUM, .num = num_id }, \
	{ .name = "OWNER", .json = "owner", .help = "Owner's user name", .width = 10, \
	  .flags = FIELD_DEFAULT | FIELD_TEXTSORT | FIELD_MATCH, .type = FT_STR, \
	  .num = num_uid, .text = text_owner }, \
	{ .name = "PERMS", .json = "perms", .help = "Permissions (octal)", .width = 5, \
	  .flags = FIELD_DEFAULT, .type = FT_STR, .num = num_mode, .text = text_perms }, \
	{ .name = "MODE", .json = "mode", .help = "Permissions, symbolic (-rw-r-----)", .width = 10, \
	  .type = FT_STR, .num = num_mode, .text = text_mode }, \
	{ .name = "UID", .json = "uid", .help = "Owner's user id", .width = 6, \
	  .flags = FIELD_RIGHT | FIELD_OWNER, .type = FT_NUM, .num = num_uid }, \
	{ .name = "GID", .json = "gid", .help = "Owner's group id", .width = 6, \
	  .flags = FIELD_RIGHT, .type = FT_NUM, .num = num_gid }, \
	{ .name = "CUID", .json = "cuid", .help = "Creator's user id", .width = 6, \
	  .flags = FIELD_RIGHT, .type = FT_NUM, .num = num_cuid }, \
	{ .name = "CGID", .json = "cgid", .help = "Creator's group id", .width = 6, \
	  .flags = FIELD_RIGHT, .type = FT_NUM, .num = num_cgid }, \
	{ .name = "CUSER", .json = "cuser", .help = "Creator's user name", .width = 10, \
	  .flags = FIELD_TEXTSORT, .type = FT_STR, .num = num_cuid, .text = text_cuser }, \
	{ .name = "GROUP", .json = "group", .help = "Owner's group name", .width = 10, \
	  .flags = FIELD_TEXTSORT, .type = FT_STR, .num = num_gid, .text = text_group }, \
	{ .name = "CGROUP", .json = "cgroup", .help = "Creator's group name", .width = 10, \
	  .flags = FIELD_TEXTSORT, .type = FT_STR, .num = num_cgid, .text = text_cgroup }

/* The id column of a System V kind's table (the second). */
#define SYSV_ID_FIELD(table) (&(table)[1])

/* What the System V kinds share in their kind entry. */
void sysv_match(const void *obj, long long m[2]);
void sysv_label(const struct ident *id, char *buf, size_t len);

/* Accessor generators for the per-kind tables. */
#define FIELD_NUM(T, name, expr) \
	static long long num_##name(const void *o) { const T *x = o; return (expr); }
#define FIELD_TIME(T, name, member) \
	FIELD_NUM(T, name, x->member) \
	static void text_##name(const void *o, const struct field_ctx *c, char *b, size_t n) \
	{ cell_time(((const T *)o)->member, c, b, n); }
#define FIELD_SIZE(T, name, member) \
	FIELD_NUM(T, name, x->member) \
	static void text_##name(const void *o, const struct field_ctx *c, char *b, size_t n) \
	{ cell_size(((const T *)o)->member, c, b, n); }


#endif
