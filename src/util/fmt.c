/* Display formatting of times, sizes and modes. */
#include "ipctop/fmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void fmt_time(char *buf, size_t len, long long t, long long now, enum time_fmt f)
{
	if (t < 0) {
		snprintf(buf, len, "?");
		return;
	}
	if (f == TIME_UNIX) {
		snprintf(buf, len, "%lld", t);
		return;
	}
	if (t == 0) {
		snprintf(buf, len, "-");
		return;
	}
	if (f == TIME_ISO) {
		time_t tt = (time_t)t;
		struct tm tm;

		if (localtime_r(&tt, &tm))
			strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
		else
			snprintf(buf, len, "%lld", t);
		return;
	}
	long long d = now - t;
	if (d < 0) {
		snprintf(buf, len, "in %llds", -d);
	} else if (d < 60) {
		snprintf(buf, len, "%llds ago", d);
	} else if (d < 3600) {
		snprintf(buf, len, "%lldm ago", d / 60);
	} else if (d < 86400) {
		snprintf(buf, len, "%lldh ago", d / 3600);
	} else {
		snprintf(buf, len, "%lldd ago", d / 86400);
	}
}

void fmt_size(char *buf, size_t len, long long bytes, int raw_bytes)
{
	static const char units[] = "BKMGTPE";
	double v;
	int u = 0;

	if (bytes < 0) {
		snprintf(buf, len, "?");
		return;
	}
	if (raw_bytes || bytes < 1024) {
		snprintf(buf, len, "%lld%s", bytes, raw_bytes ? "" : "B");
		return;
	}
	v = (double)bytes;
	while (v >= 1024.0 && u < 6) {
		v /= 1024.0;
		u++;
	}
	/* one decimal below 10, like lsipc/lsblk: 1.5K, 12K */
	if (v < 10.0 && fabs(v - floor(v)) >= 0.05)
		snprintf(buf, len, "%.1f%c", v, units[u]);
	else
		snprintf(buf, len, "%.0f%c", v, units[u]);
}

void fmt_perms(char *buf, size_t len, unsigned mode)
{
	static const char rwx[] = "rwxrwxrwx";
	char s[10];

	for (int i = 0; i < 9; i++)
		s[i] = (mode & (1u << (8 - i))) ? rwx[i] : '-';
	s[9] = '\0';
	snprintf(buf, len, "%s", s);
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
