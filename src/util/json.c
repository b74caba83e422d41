/* Streaming JSON writer. The nested shape ipctop documents ("sems" inside a
 * set, "waiters" inside a queue, several kinds in one document) is beyond
 * what libsmartcols' JSON mode can express, hence this small writer. It
 * writes through the unlocked stdio calls and formats numbers by hand:
 * a 22,000-object document is some 400,000 tokens. */
#define _GNU_SOURCE
#include "ipctop/json.h"

#include <string.h>

#include "ipctop/fmt.h"

void json_init(struct json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->first[0] = true;
	j->after_key = false;
}

static void put(struct json *j, const char *s, size_t n)
{
	fwrite_unlocked(s, 1, n, j->f);
}

static void indent(struct json *j)
{
	static const char spaces[2 * JSON_MAX_DEPTH] =
		"                                ";
	put(j, spaces, 2 * (size_t)j->depth);
}

/* Separator and indentation before a value or key at the current depth. */
static void prefix(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->depth > 0) {
		if (!j->first[j->depth])
			fputc_unlocked(',', j->f);
		fputc_unlocked('\n', j->f);
		indent(j);
	}
	j->first[j->depth] = false;
}

static void put_string(FILE *f, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s, *run = p;

	fputc_unlocked('"', f);
	for (; *p; p++) {
		const char *esc = NULL;
		char u[6];

		if (*p >= 0x20 && *p != '"' && *p != '\\' && *p != 0x7f)
			continue;
		/* flush the plain run before the byte needing escape */
		fwrite_unlocked(run, 1, (size_t)(p - run), f);
		run = p + 1;
		switch (*p) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\n': esc = "\\n"; break;
		case '\t': esc = "\\t"; break;
		default:
			memcpy(u, "\\u00", 4);
			u[4] = hex[*p >> 4];
			u[5] = hex[*p & 15];
			fwrite_unlocked(u, 1, 6, f);
			continue;
		}
		fwrite_unlocked(esc, 1, 2, f);
	}
	fwrite_unlocked(run, 1, (size_t)(p - run), f);
	fputc_unlocked('"', f);
}

void json_key(struct json *j, const char *key)
{
	prefix(j);
	put_string(j->f, key);
	put(j, ": ", 2);
	j->after_key = true;
}

void json_open(struct json *j, char brace)
{
	prefix(j);
	fputc_unlocked(brace, j->f);
	if (j->depth + 1 < JSON_MAX_DEPTH) {
		j->depth++;
		j->first[j->depth] = true;
	}
}

void json_close(struct json *j, char brace)
{
	bool empty = j->first[j->depth];

	if (j->depth > 0)
		j->depth--;
	if (!empty) {
		fputc_unlocked('\n', j->f);
		indent(j);
	}
	fputc_unlocked(brace, j->f);
}

void json_str(struct json *j, const char *s)
{
	prefix(j);
	put_string(j->f, s);
}

void json_num(struct json *j, long long v)
{
	char buf[FMT_NUM_MAX];

	prefix(j);
	put(j, buf, fmt_ll(buf, v));
}

void json_unum(struct json *j, unsigned long long v)
{
	char buf[FMT_NUM_MAX];

	prefix(j);
	put(j, buf, fmt_ull(buf, v));
}

void json_bool(struct json *j, bool v)
{
	prefix(j);
	if (v)
		put(j, "true", 4);
	else
		put(j, "false", 5);
}

void json_null(struct json *j)
{
	prefix(j);
	put(j, "null", 4);
}

void json_end(struct json *j)
{
	fputc_unlocked('\n', j->f);
}
