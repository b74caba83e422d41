/* The per-kind column tables; internal to fields/. */
#ifndef IPCTOP_FIELDS_KINDS_H
#define IPCTOP_FIELDS_KINDS_H

#include "ipctop/fields.h"

extern const struct field msg_fields[];
extern const size_t msg_nfields;
extern const struct field sem_fields[];
extern const size_t sem_nfields;
extern const struct field shm_fields[];
extern const size_t shm_nfields;

/* Cell formatters shared by the kinds. */
void text_key(const void *o, const struct field_ctx *c, char *b, size_t n);
void text_perms(const void *o, const struct field_ctx *c, char *b, size_t n);
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

/* The columns every kind starts with. */
#define COMMON_FIELDS \
	{ "KEY", "key", "Resource key", 10, FIELD_DEFAULT, FT_NUM, num_key, text_key, NULL }, \
	{ "ID", "id", "Resource id", 8, FIELD_RIGHT | FIELD_DEFAULT, FT_NUM, num_id, NULL, NULL }, \
	{ "OWNER", "owner", "Owner's user name", 10, FIELD_DEFAULT | FIELD_TEXTSORT, FT_STR, num_uid, text_owner, NULL }, \
	{ "PERMS", "perms", "Permissions (octal)", 5, FIELD_DEFAULT, FT_STR, num_mode, text_perms, NULL }, \
	{ "UID", "uid", "Owner's user id", 6, FIELD_RIGHT, FT_NUM, num_uid, NULL, NULL }, \
	{ "GID", "gid", "Owner's group id", 6, FIELD_RIGHT, FT_NUM, num_gid, NULL, NULL }, \
	{ "CUID", "cuid", "Creator's user id", 6, FIELD_RIGHT, FT_NUM, num_cuid, NULL, NULL }, \
	{ "CGID", "cgid", "Creator's group id", 6, FIELD_RIGHT, FT_NUM, num_cgid, NULL, NULL }, \
	{ "CUSER", "cuser", "Creator's user name", 10, FIELD_TEXTSORT, FT_STR, num_cuid, text_cuser, NULL }, \
	{ "GROUP", "group", "Owner's group name", 10, FIELD_TEXTSORT, FT_STR, num_gid, text_group, NULL }, \
	{ "CGROUP", "cgroup", "Creator's group name", 10, FIELD_TEXTSORT, FT_STR, num_cgid, text_cgroup, NULL }



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

/* Lists of waiters (queues, sets) and attached pids (segments). */
size_t list_msg_waiters(const void *o, const void **items, int *err);
size_t list_sem_waiters(const void *o, const void **items, int *err);
size_t list_shm_attached(const void *o, const void **items, int *err);
#endif
