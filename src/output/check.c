/* --check: the findings as one status line for monitoring (Nagios and
 * Icinga plugins, Zabbix, cron): "IPCTOP <STATE> - <text> | <perfdata>",
 * each performance value "label=value;warn;crit;min;max" as the
 * monitoring-plugins guidelines describe. Only writes to its FILE. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipctop/health.h"
#include "ipctop/kind.h"
#include "ipctop/limits.h"
#include "ipctop/output.h"

/* How many findings the text names before "and N more". */
#define NAMED 3

/* Text of the line may not hold '|', which starts the performance data. */
static void put_text(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc(*s == '|' ? '/' : *s, f);
}

/* pct of limit, rounded up: the first use the rule reports. */
static unsigned long long threshold(unsigned long long limit, int pct)
{
	unsigned long long p = (unsigned long long)pct;

	return limit / 100 * p + (limit % 100 * p + 99) / 100;
}

static void perf_limits(FILE *f, const struct snapshot *s, const struct health_opts *h)
{
	size_t n;
	const struct limit_desc *rows = limits_table(&n);

	if (!s->have_limits)
		return;
	for (size_t i = 0; i < n; i++) {
		unsigned long long limit;
		long long used;

		if (!rows[i].perf || !s->list[rows[i].k].have ||
		    !limit_use(&s->limits, &rows[i], &limit, &used))
			continue;
		fprintf(f, " %s=%lld;%llu;%llu;0;%llu", rows[i].perf, used,
			threshold(limit, h->limit_warn_pct), threshold(limit, h->limit_crit_pct), limit);
	}
}

int output_plugin(FILE *f, const struct snapshot *s, const struct output_opts *o,
		  const struct health_opts *h)
{
	const struct kind *k = kind_get(KIND_HEALTH);
	size_t n, per[HR_COUNT] = { 0 }, count[SEV_CRITICAL + 1] = { 0 };
	const void **rows = output_rows(s, k, o, &n);
	enum health_sev worst = SEV_OK;
	static const char *const state[] = { "OK", "WARNING", "CRITICAL" };

	if (!rows)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const struct finding *fd = rows[i];
		per[fd->rule]++;
		count[fd->sev]++;
		if (fd->sev > worst)
			worst = fd->sev;
	}
	fprintf(f, "IPCTOP %s - ", state[worst]);
	if (n == 0) {
		fputs("no findings", f);
	} else {
		size_t named = 0;

		fprintf(f, "%zu finding%s (%zu critical, %zu warning):", n, n == 1 ? "" : "s",
			count[SEV_CRITICAL], count[SEV_WARNING]);
		/* the worst first */
		for (int sev = SEV_CRITICAL; sev > SEV_OK; sev--) {
			for (size_t i = 0; i < n && named < NAMED; i++) {
				const struct finding *fd = rows[i];
				if ((int)fd->sev != sev)
					continue;
				fprintf(f, "%s %s: ", named ? ";" : "", health_rule(fd->rule)->name);
				put_text(f, fd->message);
				named++;
			}
		}
		if (n > named)
			fprintf(f, "; and %zu more", n - named);
	}
	fprintf(f, " | findings=%zu;;;0 critical=%zu;;;0 warning=%zu;;;0", n,
		count[SEV_CRITICAL], count[SEV_WARNING]);
	for (int r = 0; r < HR_COUNT; r++)
		if (h->rules & (1u << r))
			fprintf(f, " %s=%zu;;;0", health_rule(r)->name, per[r]);
	perf_limits(f, s, h);
	fputc('\n', f);
	free(rows);
	return ferror(f) ? -EIO : (int)worst;
}
