/* Terminal hygiene in one place: curses start and end, colours (or plain
 * attributes when colour is off), and the clipped, width-aware text
 * drawing every other file uses. */
#define _XOPEN_SOURCE_EXTENDED 1
#define _GNU_SOURCE
#include <curses.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "tui/state.h"

/* Attributes per role; filled by crt_init, read-only afterwards. Part of
 * the screen state, like curses' own. */
static int attrs[C_COUNT];
static SCREEN *screen;
/* What ends a cut cell: "…" where the terminal's character set has it. */
static const char *ellipsis = "\xe2\x80\xa6";

struct role {
	short fg, bg;
	int extra;      /* added to the colour pair */
	int mono;       /* used instead when colour is off */
};

static const struct role roles[C_COUNT] = {
	[C_NORMAL]       = { -1, -1, 0, A_NORMAL },
	[C_TITLE]        = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
	[C_METER_LOW]    = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[C_METER_MID]    = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[C_METER_HIGH]   = { COLOR_RED, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[C_METER_FRAME]  = { COLOR_WHITE, -1, A_BOLD, A_BOLD },
	[C_TAB]          = { COLOR_WHITE, COLOR_BLUE, 0, A_NORMAL },
	[C_TAB_ACTIVE]   = { COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE | A_BOLD },
	[C_COLHDR]       = { COLOR_BLACK, COLOR_GREEN, 0, A_REVERSE },
	[C_COLHDR_SORT]  = { COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE | A_BOLD | A_UNDERLINE },
	[C_CURSOR]       = { COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE },
	[C_NEW]          = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[C_CHANGED]      = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[C_GONE]         = { COLOR_RED, -1, 0, A_DIM },
	[C_TAGGED]       = { COLOR_MAGENTA, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[C_KEY]          = { COLOR_WHITE, -1, A_BOLD, A_BOLD },
	[C_KEYLABEL]     = { COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE },
	[C_MSG]          = { COLOR_CYAN, -1, 0, A_NORMAL },
	[C_MSG_ERR]      = { COLOR_WHITE, COLOR_RED, A_BOLD, A_BOLD | A_REVERSE },
	[C_DIALOG]       = { COLOR_WHITE, COLOR_BLUE, 0, A_NORMAL },
	[C_DIALOG_TITLE] = { COLOR_YELLOW, COLOR_BLUE, A_BOLD, A_BOLD },
};

int crt_init(bool color)
{
	/* newterm, not initscr: an unknown TERM must be an error we report,
	 * not an exit inside curses */
	screen = newterm(NULL, stdout, stdin);
	if (!screen)
		return -1;
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		ellipsis = ">";
	set_term(screen);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	/* Home and End as terminals send them whatever TERM claims (xterm's
	 * terminfo inside tmux or screen, rxvt): unknown, their bytes would
	 * arrive as keys of their own ("\e[4~" as 4: the signals tab) */
	static const struct { const char *seq; int key; } alt_keys[] = {
		{ "\033[1~", KEY_HOME }, { "\033[7~", KEY_HOME }, { "\033[H", KEY_HOME },
		{ "\033OH", KEY_HOME }, { "\033[4~", KEY_END }, { "\033[8~", KEY_END },
		{ "\033[F", KEY_END }, { "\033OF", KEY_END },
	};
	for (size_t i = 0; i < sizeof(alt_keys) / sizeof(alt_keys[0]); i++)
		if (key_defined(alt_keys[i].seq) == 0)
			define_key(alt_keys[i].seq, alt_keys[i].key);
	nodelay(stdscr, TRUE);
	curs_set(0);
	/* Esc alone closes things; don't wait a second to see if it starts
	 * a function key sequence */
	set_escdelay(25);
	mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
		  | BUTTON5_PRESSED
#endif
		  , NULL);
	mouseinterval(0);
	color = color && has_colors();
	if (color) {
		start_color();
		use_default_colors();
	}
	for (int i = 0; i < C_COUNT; i++) {
		if (!color) {
			attrs[i] = roles[i].mono;
			continue;
		}
		init_pair((short)(i + 1), roles[i].fg, roles[i].bg);
		attrs[i] = (int)COLOR_PAIR(i + 1) | roles[i].extra;
	}
	return 0;
}

void crt_end(void)
{
	if (!screen)
		return;
	curs_set(1);
	endwin();
	delscreen(screen);
	screen = NULL;
}

int crt_attr(enum crt_color c)
{
	return attrs[c];
}

int crt_put(int y, int x, int w, const char *s, int attr)
{
	mbstate_t st;
	int used = 0;
	const char *p = s;
	size_t left = strlen(s);

	if (w <= 0 || y < 0 || y >= LINES || x >= COLS)
		return 0;
	if (x + w > COLS)
		w = COLS - x;
	memset(&st, 0, sizeof(st));
	move(y, x);
	attron(attr);
	while (left > 0 && used < w) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, p, left, &st);
		int cw;

		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			/* strings are sanitised already; this is a last guard */
			wc = L'?';
			n = 1;
			memset(&st, 0, sizeof(st));
		}
		/* strings are sanitised where they are read; anything that
		 * still is not printable is drawn as '?', never sent raw */
		cw = iswprint((wint_t)wc) ? wcwidth(wc) : -1;
		if (cw < 0) {
			cw = 1;
			wc = L'?';
		}
		if (used + cw > w)
			break;
		cchar_t cc;
		wchar_t str[2] = { wc, 0 };
		setcchar(&cc, str, 0, 0, NULL);
		add_wch(&cc);
		used += cw;
		p += n;
		left -= n;
	}
	attroff(attr);
	return used;
}

/* The next character of s (n bytes left): its byte length and columns;
 * what crt_put would draw as '?' counts as one column. */
static size_t next_char(const char *s, size_t n, mbstate_t *st, int *cols)
{
	wchar_t wc;
	size_t len = mbrtowc(&wc, s, n, st);

	if (len == (size_t)-1 || len == (size_t)-2 || len == 0) {
		memset(st, 0, sizeof(*st));
		*cols = 1;
		return 1;
	}
	*cols = iswprint((wint_t)wc) ? wcwidth(wc) : -1;
	if (*cols < 0)
		*cols = 1;
	return len;
}

int crt_width(const char *s)
{
	mbstate_t st;
	size_t left = strlen(s);
	int w = 0, c;

	memset(&st, 0, sizeof(st));
	while (left > 0) {
		size_t n = next_char(s, left, &st, &c);
		s += n;
		left -= n;
		w += c;
	}
	return w;
}

int crt_put_cut(int y, int x, int w, const char *s, int attr, bool right)
{
	int tw = crt_width(s);

	if (w <= 0)
		return 0;
	if (tw <= w)
		return crt_put(y, right ? x + w - tw : x, tw, s, attr) + (right ? w - tw : 0);
	/* the columns that fit, less one for the mark that says so */
	mbstate_t st;
	size_t left = strlen(s), bytes = 0;
	int used = 0, c;
	char buf[1024];

	memset(&st, 0, sizeof(st));
	while (left > 0) {
		size_t n = next_char(s + bytes, left, &st, &c);
		if (used + c > w - 1 || bytes + n >= sizeof(buf))
			break;
		bytes += n;
		left -= n;
		used += c;
	}
	memcpy(buf, s, bytes);
	buf[bytes] = '\0';
	used = crt_put(y, x, used, buf, attr);
	return used + crt_put(y, x + used, 1, ellipsis, attr);
}

void crt_fill(int y, int x, int w, int attr)
{
	if (y < 0 || y >= LINES || x >= COLS || w <= 0)
		return;
	if (x + w > COLS)
		w = COLS - x;
	attron(attr);
	mvhline(y, x, ' ', w);
	attroff(attr);
}

void crt_box(int y, int x, int h, int w, const char *title)
{
	int a = crt_attr(C_DIALOG);

	for (int i = 0; i < h; i++)
		crt_fill(y + i, x, w, a);
	attron(a);
	mvaddch(y, x, ACS_ULCORNER);
	mvhline(y, x + 1, ACS_HLINE, w - 2);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	mvvline(y + 1, x, ACS_VLINE, h - 2);
	mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
	attroff(a);
	if (title)
		crt_put(y, x + 2, w - 4, title, crt_attr(C_DIALOG_TITLE));
}

void crt_spark(int y, int x, const int *levels, int n, int attr)
{
	static const char *const blocks[9] = {
		"_", "\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588",
	};
	static const char ascii[] = "_.:-=+*#@";
	const char *cs = nl_langinfo(CODESET);
	bool utf8 = cs && strcmp(cs, "UTF-8") == 0;

	for (int i = 0; i < n; i++) {
		char one[2] = { ' ', '\0' };
		const char *c = one;

		if (levels[i] >= 0 && levels[i] <= 8) {
			if (utf8)
				c = blocks[levels[i]];
			else
				one[0] = ascii[levels[i]];
		}
		crt_put(y, x + i, 1, c, attr);
	}
}
