/* Display formatting of times, sizes and modes. These run once per cell of
 * a 20,000-row snapshot, so they build text by hand instead of through
 * snprintf, whose format parsing dominated the --once profile. */
#include "ipctop/fmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

size_t fmt_ull(char *buf, unsigned long long v)
{
	char tmp[FMT_NUM_MAX];
	size_t n = 0, i = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		buf[i++] = tmp[--n];
	buf[i] = '\0';
	return i;
}

size_t fmt_ll(char *buf, long long v)
{
	if (v < 0) {
		buf[0] = '-';
		/* negate in unsigned arithmetic: LLONG_MIN has no positive twin */
		return 1 + fmt_ull(buf + 1, 0ull - (unsigned long long)v);
	}
	return fmt_ull(buf, (unsigned long long)v);
}

/* Copy src (n bytes) and a suffix into buf of size len, truncating. */
static void put2(char *buf, size_t len, const char *a, size_t na, const char *b)
{
	size_t nb = strlen(b);

	if (len == 0)
		return;
	if (na >= len)
		na = len - 1;
	memcpy(buf, a, na);
	if (nb > len - 1 - na)
		nb = len - 1 - na;
	memcpy(buf + na, b, nb);
	buf[na + nb] = '\0';
}

void fmt_time(char *buf, size_t len, long long t, long long now, enum time_fmt f)
{
	char num[FMT_NUM_MAX];
	const char *unit;

	if (t < 0) {
		put2(buf, len, "?", 1, "");
		return;
	}
	if (f == TIME_UNIX) {
		put2(buf, len, num, fmt_ll(num, t), "");
		return;
	}
	if (t == 0) {
		put2(buf, len, "-", 1, "");
		return;
	}
	if (f == TIME_ISO) {
		time_t tt = (time_t)t;
		struct tm tm;

		if (localtime_r(&tt, &tm) && len > 0 &&
		    strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm) > 0)
			return;
		put2(buf, len, num, fmt_ll(num, t), "");
		return;
	}
	long long d = now - t;
	if (d < 0) {
		/* the object's clock is ahead of ours (set time, other host) */
		size_t n = fmt_ll(num + 3, -d);
		memcpy(num, "in ", 3);
		put2(buf, len, num, n + 3, "s");
		return;
	}
	if (d < 60) {
		unit = "s ago";
	} else if (d < 3600) {
		d /= 60;
		unit = "m ago";
	} else if (d < 86400) {
		d /= 3600;
		unit = "h ago";
	} else {
		d /= 86400;
		unit = "d ago";
	}
	put2(buf, len, num, fmt_ll(num, d), unit);
}

void fmt_size(char *buf, size_t len, long long bytes, int raw_bytes)
{
	static const char units[] = "BKMGTPE";
	char num[FMT_NUM_MAX + 4];
	double v;
	int u = 0;

	if (bytes < 0) {
		put2(buf, len, "?", 1, "");
		return;
	}
	if (raw_bytes || bytes < 1024) {
		put2(buf, len, num, fmt_ll(num, bytes), raw_bytes ? "" : "B");
		return;
	}
	v = (double)bytes;
	while (v >= 1024.0 && u < 6) {
		v /= 1024.0;
		u++;
	}
	char unit[2] = { units[u], '\0' };
	long long tenths = (long long)(v * 10.0 + 0.5);
	/* one decimal below 10, like lsipc/lsblk: 1.5K, 12K; whole numbers
	 * round half up */
	if (v < 10.0 && tenths % 10 != 0) {
		size_t n = fmt_ll(num, tenths / 10);
		num[n++] = '.';
		num[n++] = (char)('0' + tenths % 10);
		put2(buf, len, num, n, unit);
	} else {
		put2(buf, len, num, fmt_ll(num, (long long)(v + 0.5)), unit);
	}
}

void fmt_perms(char *buf, size_t len, unsigned mode)
{
	static const char rwx[] = "rwxrwxrwx";
	char s[10];

	for (int i = 0; i < 9; i++)
		s[i] = (mode & (1u << (8 - i))) ? rwx[i] : '-';
	put2(buf, len, s, 9, "");
}

void fmt_octal(char *buf, size_t len, unsigned mode)
{
	char s[5] = {
		(char)('0' + ((mode >> 9) & 7)), (char)('0' + ((mode >> 6) & 7)),
		(char)('0' + ((mode >> 3) & 7)), (char)('0' + (mode & 7)), '\0',
	};
	if (len >= sizeof(s))
		memcpy(buf, s, sizeof(s));
	else
		put2(buf, len, s, 4, "");
}

void fmt_hex32(char *buf, size_t len, unsigned v)
{
	static const char hex[] = "0123456789abcdef";
	char s[11] = { '0', 'x' };

	for (int i = 0; i < 8; i++)
		s[2 + i] = hex[(v >> (28 - 4 * i)) & 15];
	s[10] = '\0';
	if (len >= sizeof(s))
		memcpy(buf, s, sizeof(s));   /* the usual case: no measuring */
	else
		put2(buf, len, s, 10, "");
}

long fmt_parse_delay_ms(const char *s)
{
	char *end;
	double v;

	if (!s || !*s)
		return -1;
	v = strtod(s, &end);
	if (*end != '\0' || !(v > 0.0) || v > 86400.0)
		return -1;
	long ms = (long)(v * 1000.0 + 0.5);
	return ms < 10 ? 10 : ms;
}

long long fmt_parse_duration(const char *s)
{
	static const struct { char unit; long long secs; } units[] = {
		{ 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 },
	};
	const long long most = 10LL * 366 * 86400;
	long long total = 0;

	if (!s || !*s)
		return -1;
	while (*s) {
		long long v = 0, mul = 1;

		if (*s < '0' || *s > '9')
			return -1;
		for (; *s >= '0' && *s <= '9'; s++) {
			v = v * 10 + (*s - '0');
			if (v > most)
				return -1;
		}
		if (*s) {
			size_t i;
			for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
				if (units[i].unit == *s)
					break;
			if (i == sizeof(units) / sizeof(units[0]))
				return -1;
			mul = units[i].secs;
			s++;
		}
		total += v * mul;
		if (total > most)
			return -1;
	}
	return total;
}

void fmt_duration(char *buf, size_t len, long long secs)
{
	if (len == 0)
		return;
	if (secs < 0)
		snprintf(buf, len, "?");
	else if (secs < 60)
		snprintf(buf, len, "%llds", secs);
	else if (secs < 3600)
		snprintf(buf, len, "%lldm", secs / 60);
	else if (secs < 86400)
		snprintf(buf, len, "%lldh%02lldm", secs / 3600, secs % 3600 / 60);
	else
		snprintf(buf, len, "%lldd%lldh", secs / 86400, secs % 86400 / 3600);
}
