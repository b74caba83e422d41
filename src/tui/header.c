/* The top of the screen: title line, usage-against-limit meters (like
 * htop's CPU bars) and the tab row. */
#define _GNU_SOURCE
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ipctop/fmt.h"
#include "ipctop/names.h"
#include "ipctop/sanitize.h"
#include "tui/state.h"

/* 12345 -> "12345", 1234567 -> "1.2M": counts must fit a narrow meter. */
static void compact(char *b, size_t n, long long v)
{
	static const char suf[] = "KMGTPE";
	double d = (double)v;
	int i = -1;

	if (v < 0) {
		snprintf(b, n, "?");
		return;
	}
	if (v < 100000) {
		snprintf(b, n, "%lld", v);
		return;
	}
	while (d >= 1000 && i < 5) {
		d /= 1000;
		i++;
	}
	snprintf(b, n, "%.1f%c", d, suf[i]);
}

static void meter(int y, int x, int w, const char *label, long long used,
		  long long max, const char *text)
{
	int lw = (int)strlen(label) + 1;
	int inner = w - lw - 3;

	if (inner < 4)
		return;
	crt_put(y, x, lw, label, crt_attr(C_TITLE));
	crt_put(y, x + lw, 1, "[", crt_attr(C_METER_FRAME));
	double frac = max > 0 && used >= 0 ? (double)used / (double)max : 0;
	if (frac > 1)
		frac = 1;
	int bars = (int)(frac * inner + 0.5);
	if (used > 0 && bars == 0)
		bars = 1;
	/* too narrow for "used/max": the use alone, never a number cut
	 * from the left ("3/32000" read as "32000") */
	char shown[48];
	snprintf(shown, sizeof(shown), "%s", text);
	if ((int)strlen(shown) > inner && strchr(shown, '/'))
		*strchr(shown, '/') = '\0';
	if ((int)strlen(shown) > inner)
		shown[0] = '\0';
	text = shown;
	int tl = (int)strlen(text);
	int a = crt_attr(frac >= 0.9 ? C_METER_HIGH : frac >= 0.6 ? C_METER_MID : C_METER_LOW);
	for (int i = 0; i < inner; i++) {
		int ti = i - (inner - tl);
		char ch[2] = { ti >= 0 ? text[ti] : (i < bars ? '|' : ' '), 0 };
		crt_put(y, x + lw + 1 + i, 1, ch, ti >= 0 ? crt_attr(C_NORMAL) | (int)A_BOLD : a);
	}
	crt_put(y, x + lw + 1 + inner, 1, "]", crt_attr(C_METER_FRAME));
}

const char *header_meter(const struct ipc_limits *l, int i, long long *used, long long *max,
			 bool *bytes)
{
	long long page = l->pagesize > 0 ? l->pagesize : 4096;
	/* shmall is "unlimited" by default: no meaningful bar then */
	unsigned long long shmall = (unsigned long long)l->shmall;
	long long shm_max = shmall > 0 && shmall < (1ULL << 52) / 4096 ?
		(long long)shmall * page : -1;
	/* System V, then POSIX: queues against queues_max, and the shared
	 * memory file system (/dev/shm) filling up, the usual failure */
	const struct { const char *label; long long used, max; bool bytes; } m[HEADER_METERS] = {
		{ "Queues", l->msg_queues, l->msgmni, false },
		{ "Sem sets", l->sem_sets, l->semmni, false },
		{ "Sems", l->sem_sems, l->semmns, false },
		{ "Segments", l->shm_segs, l->shmmni, false },
		{ "Shm mem", l->shm_pages * page, shm_max, true },
		{ "POSIX mq", l->mq_queues, l->mq_queues_max, false },
		{ "/dev/shm", l->devshm_used, l->devshm_size, true },
	};

	*used = m[i].used;
	*max = m[i].max;
	*bytes = m[i].bytes;
	return m[i].label;
}

static void meter_slot(int y, int x, int w, const char *label, long long used,
		       long long max, bool bytes)
{
	char a[16], b[16], txt[40];

	if (bytes) {
		fmt_size(a, sizeof(a), used, 0);
		if (max < 0)
			snprintf(b, sizeof(b), "-");
		else
			fmt_size(b, sizeof(b), max, 0);
	} else {
		compact(a, sizeof(a), used);
		compact(b, sizeof(b), max);
	}
	snprintf(txt, sizeof(txt), "%s/%s", a, b);
	meter(y, x, w, label, used, max, txt);
}

/* Room for a sparkline beside a meter of slot width w: none on a narrow
 * screen, where the meter needs all of it. */
#define SPARK_MIN 6
#define SPARK_MAX 30
static int spark_width(int w)
{
	int sw = w - 1 - 28;

	return sw < SPARK_MIN ? 0 : sw > SPARK_MAX ? SPARK_MAX : sw;
}

/* Meter i (or, for HEADER_METERS, the bytes queued) over the history:
 * use against its limit, or against the most it reached when there is
 * none. */
static void spark(struct tui *t, int y, int x, int w, int i)
{
	size_t n = hist_nframes(&t->hist);
	long long *v;
	int levels[SPARK_MAX];
	/* parts per million: 3 queues of 32000 must not round to nothing */
	long long scale = 1000000;

	if (w <= 0 || n == 0 || !(v = malloc(n * sizeof(*v))))
		return;
	for (size_t f = 0; f < n; f++) {
		const struct hist_frame *fr = hist_frame(&t->hist, f);
		long long used, max;
		bool bytes;

		v[f] = IPC_UNKNOWN;
		if (!fr->have_limits)
			continue;
		if (i == HEADER_METERS) {
			used = fr->limits.msg_bytes;
			max = -1;
		} else {
			header_meter(&fr->limits, i, &used, &max, &bytes);
		}
		if (used < 0)
			continue;
		if (max > 0)
			v[f] = (long long)((double)used * 1e6 / (double)max);
		else {
			v[f] = used;
			scale = 0;
		}
	}
	hist_spark(v, n, scale, levels, (size_t)w);
	crt_spark(y, x, levels, w, crt_attr(C_METER_LOW));
	free(v);
}

static void meters(struct tui *t, int y)
{
	const struct snapshot *s = t->cur;
	const struct ipc_limits *l = s ? &s->limits : NULL;
	char a[16], txt[40];
	/* four to a line where they fit; on a narrow screen three, the
	 * System V ones */
	int per = COLS >= 80 ? 4 : 3, nm = per == 4 ? HEADER_METERS : 5;
	int w = COLS / per, sw = t->history_s > 0 ? spark_width(w) : 0;

	if (!s || !s->have_limits) {
		crt_put(y, 0, COLS, s ? "limits: not readable" : "collecting...", crt_attr(C_MSG));
		return;
	}
	for (int i = 0; i < nm; i++) {
		long long used, max;
		bool bytes;
		const char *label = header_meter(l, i, &used, &max, &bytes);
		int x = (i % per) * w, mw = sw ? w - 2 - sw : w - 1;

		meter_slot(y + i / per, x, mw, label, used, max, bytes);
		if (sw)
			spark(t, y + i / per, x + mw + 1, sw, i);
	}
	/* the last slot: bytes waiting in queues (no system-wide limit) */
	fmt_size(a, sizeof(a), l->msg_bytes, 0);
	snprintf(txt, sizeof(txt), "Queued %s in %lld msgs", a, l->msg_msgs);
	crt_put(y + 1, (per - 1) * w, w - 1 - (sw ? sw + 1 : 0), txt, crt_attr(C_TITLE));
	if (sw)
		spark(t, y + 1, (per - 1) * w + w - 1 - sw, sw, HEADER_METERS);
}

/* A tab's label: " 3 Segments (12) ", short ("Segs") or without its
 * count when the row would not fit otherwise. */
static void tab_label(struct tui *t, int i, bool shorter, bool count, char *b, size_t n)
{
	const struct kind *k = t->panes[i].kind;
	const char *name = shorter && k->tab_short ? k->tab_short : k->tab;
	/* short names go without the padding too */
	const char *pad = shorter ? "" : " ";

	/* a count only when known: not "0" for "not yet" */
	if (count && t->count[i] >= 0)
		snprintf(b, n, "%s%d %s (%lld)%s", pad, i + 1, name, t->count[i], pad);
	else
		snprintf(b, n, "%s%d %s%s", pad, i + 1, name, pad);
}

/* Labels that read best in the width there is: every tab in full with
 * its count; else the counts only on the current tab; else short names
 * for the others; else short names everywhere. */
static int tab_style(struct tui *t)
{
	for (int style = 0; style < 3; style++) {
		int x = 0;

		for (int i = 0; i < t->npanes; i++) {
			char b[64];
			bool cur = i == t->pane;

			tab_label(t, i, style >= 2 && !cur, style == 0 || cur, b, sizeof(b));
			x += (int)strlen(b) + 1;
		}
		if (x - 1 <= COLS)
			return style;
	}
	return 3;
}

static void tabs(struct tui *t, int y, int title_w)
{
	int x = 0, style = tab_style(t), first = 0;
	char b[64];

	crt_fill(y, 0, COLS, crt_attr(C_TAB));
	/* still too wide: start at a tab that keeps the current one in view */
	if (style == 3) {
		for (int w = COLS + 1; first < t->pane && w > COLS; first++) {
			w = 0;
			for (int i = first; i <= t->pane; i++) {
				tab_label(t, i, true, i == t->pane, b, sizeof(b));
				w += (int)strlen(b) + 1;
			}
			if (w <= COLS)
				break;
		}
	}
	for (int i = 0; i < t->npanes; i++) {
		bool cur = i == t->pane;

		t->tab_x[i] = x;
		if (i < first)
			continue;
		tab_label(t, i, style >= 2 && (style == 3 || !cur), style == 0 || cur, b, sizeof(b));
		x += crt_put(y, x, COLS - x, b, crt_attr(cur ? C_TAB_ACTIVE : C_TAB));
		if (x < COLS)
			x++;
	}
	t->tab_x[t->npanes] = x;
	/* what narrows the view, so nobody wonders where rows went */
	char f[IDENT_NAME_MAX + 256] = "";
	size_t o = 0;
	if (t->filter[0])
		o += (size_t)snprintf(f + o, sizeof(f) - o, " filter:%s", t->filter);
	if (t->tags.n && o < sizeof(f))
		o += (size_t)snprintf(f + o, sizeof(f) - o, " tagged:%zu", t->tags.n);
	if (t->uid >= 0 && o < sizeof(f))
		o += (size_t)snprintf(f + o, sizeof(f) - o, " user:%s",
				      names_user(t->ctx.names, (uint32_t)t->uid));
	if (t->panes[t->pane].only && o < sizeof(f))
		o += (size_t)snprintf(f + o, sizeof(f) - o, " of:%s", t->panes[t->pane].only_what);
	if (t->panes[t->pane].tree && o < sizeof(f))
		o += (size_t)snprintf(f + o, sizeof(f) - o, " tree");
	const struct pane *cp = &t->panes[t->pane];
	if (!cp->sort_seen && cp->sortf && t->mode != MODE_DETAIL && o < sizeof(f))
		snprintf(f + o, sizeof(f) - o, " sort:%s%s", cp->sortf->name, cp->reverse ? "v" : "^");
	int fl = (int)strlen(f);
	if (f[0] && x + 1 + fl <= COLS) {
		crt_put(y, x + 1, COLS - x - 1, f, crt_attr(C_TAB_ACTIVE));
	} else if (f[0]) {
		/* no room beside the tabs: at the end of the title line,
		 * whole, rather than cut to "   f" */
		int fx = COLS - fl > title_w + 1 ? COLS - fl : title_w + 1;
		crt_put(0, fx, COLS - fx, f, crt_attr(C_TAB_ACTIVE));
	}
}

void header_draw(struct tui *t)
{
	char host[128] = "?", shost[160], line[512], clock[16];
	time_t now = time(NULL);
	struct tm tm;

	if (gethostname(host, sizeof(host) - 1) == 0)
		host[sizeof(host) - 1] = '\0';
	sanitize(shost, sizeof(shost), host, strlen(host));
	localtime_r(&now, &tm);
	strftime(clock, sizeof(clock), "%H:%M:%S", &tm);
	/* the namespace in view, when it is not just ipctop's own */
	char nsv[NS_LABEL_MAX + 24] = "";
	if (t->cur && t->cur->nns > 1)
		snprintf(nsv, sizeof(nsv), "  ns: all (%zu)", t->cur->nns);
	else if (t->cur && t->cur->nns == 1 && !t->cur->ns[0].info.self)
		snprintf(nsv, sizeof(nsv), "  ns: %s", t->cur->ns[0].info.label);
	snprintf(line, sizeof(line), "ipctop on %s  %s  refresh %.1fs (took %lldms)%s%s%s",
		 shost, clock, (double)t->delay_ms / 1000.0, t->collect_ms, nsv,
		 t->paused ? "  [PAUSED]" : "", t->readonly ? "  [read-only]" : "");
	crt_fill(0, 0, COLS, crt_attr(C_NORMAL));
	int title_w = crt_put(0, 0, COLS, line, crt_attr(C_TITLE));
	crt_fill(1, 0, COLS, crt_attr(C_NORMAL));
	crt_fill(2, 0, COLS, crt_attr(C_NORMAL));
	meters(t, 1);
	tabs(t, t->tabs_y, title_w);
}
