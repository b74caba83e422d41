/* json: a small streaming JSON writer (objects, arrays, strings, numbers,
 * booleans, null) with two-space indentation. Strings are escaped fully. */
#ifndef IPCTOP_JSON_H
#define IPCTOP_JSON_H

#include <stdbool.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct json {
	FILE *f;
	int depth;
	bool first[JSON_MAX_DEPTH];
	bool after_key;
};

void json_init(struct json *j, FILE *f);
void json_key(struct json *j, const char *key);
void json_open(struct json *j, char brace);    /* '{' or '[' */
void json_close(struct json *j, char brace);   /* '}' or ']' */
void json_str(struct json *j, const char *s);
void json_num(struct json *j, long long v);
void json_unum(struct json *j, unsigned long long v);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);
/* Finish the document with a newline. */
void json_end(struct json *j);

#endif
