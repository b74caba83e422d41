/* The top of the screen: title line, usage-against-limit meters (like
 * htop's CPU bars) and the tab row. */
#define _GNU_SOURCE
#include <curses.h>
#include <stdio.h>
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

static void meters(struct tui *t, int y)
{
	const struct snapshot *s = t->cur;
	const struct ipc_limits *l = s ? &s->limits : NULL;
	char a[16], b[16], txt[40];
	int w = COLS / 3;

	if (!s || !s->have_limits) {
		crt_put(y, 0, COLS, s ? "limits: not readable" : "collecting...", crt_attr(C_MSG));
		return;
	}
	long long page = l->pagesize > 0 ? l->pagesize : 4096;
	/* shmall is "unlimited" by default: no meaningful bar then */
	unsigned long long shmall = (unsigned long long)l->shmall;
	long long shm_max = shmall > 0 && shmall < (1ULL << 52) / 4096 ?
		(long long)shmall * page : -1;
	struct { const char *label; long long used, max; bool bytes; } m[5] = {
		{ "Queues", l->msg_queues, l->msgmni, false },
		{ "Sem sets", l->sem_sets, l->semmni, false },
		{ "Sems", l->sem_sems, l->semmns, false },
		{ "Segments", l->shm_segs, l->shmmni, false },
		{ "Shm mem", l->shm_pages * page, shm_max, true },
	};
	for (int i = 0; i < 5; i++) {
		if (m[i].bytes) {
			fmt_size(a, sizeof(a), m[i].used, 0);
			if (m[i].max < 0)
				snprintf(b, sizeof(b), "-");
			else
				fmt_size(b, sizeof(b), m[i].max, 0);
		} else {
			compact(a, sizeof(a), m[i].used);
			compact(b, sizeof(b), m[i].max);
		}
		snprintf(txt, sizeof(txt), "%s/%s", a, b);
		meter(y + i / 3, (i % 3) * w, w - 1, m[i].label, m[i].used,
		      m[i].max, txt);
	}
	/* the sixth slot: bytes waiting in queues (no system-wide limit) */
	fmt_size(a, sizeof(a), l->msg_bytes, 0);
	snprintf(txt, sizeof(txt), "Queued %s in %lld msgs", a, l->msg_msgs);
	crt_put(y + 1, 2 * w, w - 1, txt, crt_attr(C_TITLE));
}

static void tabs(struct tui *t, int y, int title_w)
{
	int x = 0;

	crt_fill(y, 0, COLS, crt_attr(C_TAB));
	for (int i = 0; i < t->npanes; i++) {
		const struct pane *p = &t->panes[i];
		char b[48];
		/* a count only when known: not "0" for "not yet" */
		if (t->count[i] >= 0)
			snprintf(b, sizeof(b), " %d %s (%lld) ", i + 1, p->kind->tab, t->count[i]);
		else
			snprintf(b, sizeof(b), " %d %s ", i + 1, p->kind->tab);
		t->tab_x[i] = x;
		x += crt_put(y, x, COLS - x, b, crt_attr(i == t->pane ? C_TAB_ACTIVE : C_TAB));
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
	char host[128] = "?", shost[160], line[320], clock[16];
	time_t now = time(NULL);
	struct tm tm;

	if (gethostname(host, sizeof(host) - 1) == 0)
		host[sizeof(host) - 1] = '\0';
	sanitize(shost, sizeof(shost), host, strlen(host));
	localtime_r(&now, &tm);
	strftime(clock, sizeof(clock), "%H:%M:%S", &tm);
	snprintf(line, sizeof(line), "ipctop on %s  %s  refresh %.1fs (took %lldms)%s%s",
		 shost, clock, (double)t->delay_ms / 1000.0, t->collect_ms,
		 t->paused ? "  [PAUSED]" : "", t->readonly ? "  [read-only]" : "");
	crt_fill(0, 0, COLS, crt_attr(C_NORMAL));
	int title_w = crt_put(0, 0, COLS, line, crt_attr(C_TITLE));
	crt_fill(1, 0, COLS, crt_attr(C_NORMAL));
	crt_fill(2, 0, COLS, crt_attr(C_NORMAL));
	meters(t, 1);
	tabs(t, t->tabs_y, title_w);
}
