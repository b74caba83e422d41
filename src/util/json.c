/* Streaming JSON writer. The nested shape ipctop documents ("sems" inside a
 * set, "waiters" inside a queue, several kinds in one document) is beyond
 * what libsmartcols' JSON mode can express, hence this small writer. */
#include "ipctop/json.h"

void json_init(struct json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->first[0] = true;
	j->after_key = false;
}

static void indent(struct json *j)
{
	for (int i = 0; i < j->depth; i++)
		fputs("  ", j->f);
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
			fputc(',', j->f);
		fputc('\n', j->f);
		indent(j);
	}
	j->first[j->depth] = false;
}

static void put_string(FILE *f, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (*p < 0x20 || *p == 0x7f) {
				fputs("\\u00", f);
				fputc(hex[*p >> 4], f);
				fputc(hex[*p & 15], f);
			} else {
				fputc(*p, f);
			}
		}
	}
	fputc('"', f);
}

void json_key(struct json *j, const char *key)
{
	prefix(j);
	put_string(j->f, key);
	fputs(": ", j->f);
	j->after_key = true;
}

void json_open(struct json *j, char brace)
{
	prefix(j);
	fputc(brace, j->f);
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
		fputc('\n', j->f);
		indent(j);
	}
	fputc(brace, j->f);
}

void json_str(struct json *j, const char *s)
{
	prefix(j);
	put_string(j->f, s);
}

void json_num(struct json *j, long long v)
{
	prefix(j);
	fprintf(j->f, "%lld", v);
}

void json_bool(struct json *j, bool v)
{
	prefix(j);
	fputs(v ? "true" : "false", j->f);
}

void json_null(struct json *j)
{
	prefix(j);
	fputs("null", j->f);
}

void json_end(struct json *j)
{
	fputc('\n', j->f);
}
