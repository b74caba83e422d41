/* The settings file's lines (see rcdoc.h). Lengths travel with every line
 * so that a stray NUL or an unterminated last line survives a rewrite
 * like any other byte. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tui/rcdoc.h"

void rc_doc_free(struct rc_doc *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->lines[i].text);
	free(d->lines);
	d->lines = NULL;
	d->n = d->cap = 0;
}

static int push(struct rc_doc *d, const char *text, size_t len, bool known)
{
	char *copy;

	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		struct rc_line *l = realloc(d->lines, cap * sizeof(*l));
		if (!l)
			return -ENOMEM;
		d->lines = l;
		d->cap = cap;
	}
	copy = malloc(len + 1);
	if (!copy)
		return -ENOMEM;
	if (len)
		memcpy(copy, text, len);
	copy[len] = '\0';
	d->lines[d->n].text = copy;
	d->lines[d->n].len = len;
	d->lines[d->n].known = known;
	d->n++;
	return 0;
}

int rc_doc_parse(struct rc_doc *d, const char *buf, size_t len)
{
	size_t at = 0;

	while (at < len) {
		const char *nl = memchr(buf + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - (buf + at)) : len - at;
		if (push(d, buf + at, n, false) < 0) {
			rc_doc_free(d);
			return -ENOMEM;
		}
		at += n + (nl ? 1 : 0);
	}
	return 0;
}

int rc_doc_append(struct rc_doc *d, const char *text)
{
	return push(d, text, strlen(text), false);
}

/* Copy s[0..n) without its surrounding blanks into out (size cap). */
static int trimmed(const char *s, size_t n, char *out, size_t cap)
{
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (n >= cap)
		return -EINVAL;
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

int rc_line_split(const struct rc_line *l, char *name, char *val)
{
	const char *s = l->text, *eq;
	size_t n = l->len;

	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	if (!n || *s == '#')
		return 0;
	if (memchr(s, '\0', n))
		return -EINVAL;
	eq = memchr(s, '=', n);
	if (!eq)
		return -EINVAL;
	if (trimmed(s, (size_t)(eq - s), name, RC_NAME_MAX) < 0 || !name[0])
		return -EINVAL;
	if (trimmed(eq + 1, n - (size_t)(eq + 1 - s), val, RC_VALUE_MAX) < 0)
		return -EINVAL;
	return 1;
}

int rc_doc_set(struct rc_doc *d, const char *name, const char *val)
{
	size_t len = strlen(name) + strlen(val) + 3;
	char *text = malloc(len + 1), nm[RC_NAME_MAX], v[RC_VALUE_MAX];

	if (!text)
		return -ENOMEM;
	strcpy(text, name);
	strcat(text, " = ");
	strcat(text, val);
	for (size_t i = d->n; i-- > 0;) {
		struct rc_line *l = &d->lines[i];
		if (l->known && rc_line_split(l, nm, v) == 1 && strcmp(nm, name) == 0) {
			free(l->text);
			l->text = text;
			l->len = len;
			return 0;
		}
	}
	int r = push(d, text, len, true);
	free(text);
	return r;
}

char *rc_doc_render(const struct rc_doc *d, size_t *len)
{
	size_t total = 0;
	char *out, *p;

	for (size_t i = 0; i < d->n; i++)
		total += d->lines[i].len + 1;
	out = malloc(total + 1);
	if (!out)
		return NULL;
	p = out;
	for (size_t i = 0; i < d->n; i++) {
		if (d->lines[i].len)
			memcpy(p, d->lines[i].text, d->lines[i].len);
		p += d->lines[i].len;
		*p++ = '\n';
	}
	*p = '\0';
	*len = total;
	return out;
}
