/* ipctop: command line, then either one snapshot (--once) or the live TUI.
 * The only place that exits. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "ipctop/collect.h"
#include "ipctop/errors.h"
#include "ipctop/fields.h"
#include "ipctop/kind.h"
#include "ipctop/names.h"
#include "ipctop/output.h"
#include "ipctop/procs.h"
#include "ipctop/source.h"
#include "ipctop/tui.h"
#include "ipctop/wstream.h"

#define EXIT_OPERR 1
#define EXIT_USAGE 2

#ifndef IPCTOP_VERSION
#define IPCTOP_VERSION "0.1"
#endif

enum {
	OPT_ONCE = 256, OPT_SORT, OPT_REVERSE, OPT_TIMEFMT, OPT_PROCFS,
	OPT_READONLY, OPT_NOCOLOR,
	OPT_SIGNALS, OPT_PIPES, OPT_THREADS, OPT_NOTRUNCATE,
};

struct cli {
	bool once;
	int nkinds;              /* kinds chosen by option (-q, --signals...) */
	const struct kind *first; /* the first of them: the live view's tab */
	long long detail_id;
	const char *procfs;
	long delay_ms;
	bool readonly, nocolor;
	bool threads;            /* --threads: signal rows per thread */
	bool help, version;      /* -h, -V: print that and nothing else */
	/* options given, to tell one meaningless in the mode chosen */
	bool given_delay, given_tfmt, given_notruncate;
	const char *implies_once;   /* the first option that does (-J...) */
	struct output_opts out;
};

static void usage(FILE *f)
{
	fputs("Usage: ipctop [options]\n"
	      "\n"
	      "A live inspector of System V message queues, semaphore sets and shared\n"
	      "memory segments. Without --once it opens an interactive screen.\n"
	      "\n"
	      "Objects:\n"
	      " -q, --queues            message queues\n"
	      " -s, --semaphores        semaphore sets\n"
	      " -m, --shmems            shared memory segments\n"
	      "                         (any combination; default all three)\n"
	      " -i, --id ID             one object in full (with exactly one kind option)\n"
	      " -l, --limits            kernel limits and current use\n"
	      " -u, --user NAME|UID     only objects owned by this user\n"
	      "     --signals           processes and their signal state\n"
	      "     --pipes             pipes and FIFOs with the pids at each end\n"
	      "     --threads           with --signals, one row per thread\n"
	      "                         (--signals/--pipes alone show only those)\n"
	      "\n"
	      "Columns and cells (both modes):\n"
	      " -o, --output LIST       columns to show, comma-separated; +COL,-COL\n"
	      "                         add to or take from the defaults\n"
	      "     --sort COL          sort rows by a column\n"
	      "     --reverse           sort in descending order\n"
	      " -b, --bytes             sizes in bytes\n"
	      "     --time-format FMT   relative (default), iso or unix (the default\n"
	      "                         of -r and -e)\n"
	      "\n"
	      "Snapshot output (--once; -n, -r, -e and -J imply it):\n"
	      "     --once              print a snapshot and exit\n"
	      " -n, --noheadings        no titles or column headers\n"
	      " -r, --raw               unaligned columns\n"
	      " -e, --export            KEY=\"value\" lines\n"
	      " -J, --json              JSON document\n"
	      "     --notruncate        on a terminal, long lists whole, not cut to fit\n"
	      "\n"
	      "Live view:\n"
	      " -d, --delay SECONDS     refresh interval (default 1; decimals allowed)\n"
	      "     --readonly          never remove objects or send signals\n"
	      "     --no-color          no colours (NO_COLOR is honoured too)\n"
	      "  -i opens that object's detail, -l the limits view.\n"
	      "  What is changed on screen (tab, interval, sort, columns) is kept in\n"
	      "  $XDG_CONFIG_HOME/ipctop/ipctoprc; -d, --sort, -o and the starting\n"
	      "  tab given here are for this run only.\n"
	      "\n"
	      "Other:\n"
	      "     --procfs DIR        read DIR instead of /proc\n"
	      " -h, --help              this help and the column names\n"
	      " -V, --version           version\n", f);
	output_list_columns(f);
}

/* A usage error is one line on stderr, so scripts can log it whole. */
static int usage_error(const char *fmt, const char *arg)
{
	fputs("ipctop: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs(" (see 'ipctop --help')\n", stderr);
	return EXIT_USAGE;
}

/* The options that choose a kind: a table, not a switch. */
static const struct {
	int opt;
	enum kind_id k;
} kind_opts[] = {
	{ 'q', KIND_MSG }, { 's', KIND_SEM }, { 'm', KIND_SHM },
	{ OPT_SIGNALS, KIND_PROC }, { OPT_PIPES, KIND_PIPE },
};

static bool choose_kind(struct cli *c, int ch)
{
	for (size_t i = 0; i < sizeof(kind_opts) / sizeof(kind_opts[0]); i++) {
		if (kind_opts[i].opt != ch)
			continue;
		if (!c->out.want[kind_opts[i].k])
			c->nkinds++;
		c->out.want[kind_opts[i].k] = true;
		if (!c->first)
			c->first = kind_get(kind_opts[i].k);
		return true;
	}
	return false;
}

/* -n, -r, -e and -J describe printed output: they mean --once. */
static void once_by(struct cli *c, const char *opt)
{
	if (!c->implies_once)
		c->implies_once = opt;
}

/* Options that mean nothing in the mode chosen are refused, each with a
 * reason, rather than ignored. 0 or EXIT_USAGE. */
static int check_mode(struct cli *c)
{
	if (c->implies_once)
		c->once = true;
	if (c->once && c->given_delay)
		return usage_error("%s", "-d sets the live view's refresh interval; "
				   "--once prints one snapshot");
	if (c->once && c->threads && !c->out.want[KIND_PROC])
		return usage_error("%s", "--threads needs --signals (one signal row per thread)");
	if (!c->once && c->given_notruncate)
		return usage_error("%s", "--notruncate is for --once: the live view fits cells "
				   "to the screen and shows them whole with Enter");
	return 0;
}

static int parse_args(int argc, char **argv, struct cli *c)
{
	static const struct option opts[] = {
		{ "queues", no_argument, NULL, 'q' },
		{ "semaphores", no_argument, NULL, 's' },
		{ "shmems", no_argument, NULL, 'm' },
		{ "id", required_argument, NULL, 'i' },
		{ "limits", no_argument, NULL, 'l' },
		{ "user", required_argument, NULL, 'u' },
		{ "once", no_argument, NULL, OPT_ONCE },
		{ "output", required_argument, NULL, 'o' },
		{ "sort", required_argument, NULL, OPT_SORT },
		{ "reverse", no_argument, NULL, OPT_REVERSE },
		{ "noheadings", no_argument, NULL, 'n' },
		{ "raw", no_argument, NULL, 'r' },
		{ "export", no_argument, NULL, 'e' },
		{ "json", no_argument, NULL, 'J' },
		{ "bytes", no_argument, NULL, 'b' },
		{ "time-format", required_argument, NULL, OPT_TIMEFMT },
		{ "delay", required_argument, NULL, 'd' },
		{ "readonly", no_argument, NULL, OPT_READONLY },
		{ "no-color", no_argument, NULL, OPT_NOCOLOR },
		{ "signals", no_argument, NULL, OPT_SIGNALS },
		{ "pipes", no_argument, NULL, OPT_PIPES },
		{ "threads", no_argument, NULL, OPT_THREADS },
		{ "notruncate", no_argument, NULL, OPT_NOTRUNCATE },
		{ "procfs", required_argument, NULL, OPT_PROCFS },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct output_opts *o = &c->out;
	int ch;

	while ((ch = getopt_long(argc, argv, ":qsmi:lu:o:nreJbd:hV", opts, NULL)) != -1) {
		char *end;
		long v;

		if (choose_kind(c, ch))
			continue;
		switch (ch) {
		case 'i':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end || errno || v < 0 || v > INT32_MAX)
				return usage_error("invalid id '%s'", optarg);
			c->detail_id = v;
			break;
		case 'l': o->limits = true; break;
		case 'u':
			o->uid = names_parse_user(optarg);
			if (o->uid < 0)
				return usage_error("unknown user '%s'", optarg);
			break;
		case OPT_ONCE: c->once = true; break;
		case 'o': o->columns = optarg; break;
		case OPT_SORT: o->sort = optarg; break;
		case OPT_REVERSE: o->reverse = true; break;
		case 'n': o->noheadings = true; once_by(c, "-n"); break;
		case 'r': o->format = OUT_RAW; once_by(c, "-r"); break;
		case 'e': o->format = OUT_EXPORT; once_by(c, "-e"); break;
		case 'J': o->format = OUT_JSON; once_by(c, "-J"); break;
		case 'b': o->ctx.bytes = true; break;
		case OPT_NOTRUNCATE: c->given_notruncate = o->notruncate = true; break;
		case OPT_TIMEFMT:
			c->given_tfmt = true;
			if (strcmp(optarg, "relative") == 0)
				o->ctx.tfmt = TIME_RELATIVE;
			else if (strcmp(optarg, "iso") == 0)
				o->ctx.tfmt = TIME_ISO;
			else if (strcmp(optarg, "unix") == 0)
				o->ctx.tfmt = TIME_UNIX;
			else
				return usage_error("unknown time format '%s'", optarg);
			break;
		case 'd':
			c->given_delay = true;
			c->delay_ms = fmt_parse_delay_ms(optarg);
			if (c->delay_ms < 0)
				return usage_error("invalid delay '%s'", optarg);
			break;
		case OPT_READONLY: c->readonly = true; break;
		case OPT_NOCOLOR: c->nocolor = true; break;
		case OPT_THREADS: c->threads = true; break;
		case OPT_PROCFS: c->procfs = optarg; break;
		case 'h': c->help = true; return 0;
		case 'V': c->version = true; return 0;
		case ':':
			return usage_error("option '%s' needs an argument", argv[optind - 1]);
		default: {
			/* getopt's own messages would take a second line */
			char opt[3] = { '-', (char)optopt, '\0' };
			return usage_error("unknown option '%s'",
					   optopt ? opt : argv[optind - 1]);
		}
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	if (c->detail_id >= 0 && c->nkinds != 1)
		return usage_error("%s", "-i needs exactly one of -q, -s, -m, --signals or --pipes");
	o->detail_id = c->detail_id;
	if (check_mode(c) != 0)
		return EXIT_USAGE;
	/* scripts read times as numbers, as lsipc writes them */
	if (!c->given_tfmt && (o->format == OUT_RAW || o->format == OUT_EXPORT))
		o->ctx.tfmt = TIME_UNIX;
	/* no kind chosen: every IPC object, like ipcs -a; but -l alone shows
	 * only limits, like ipcs -l (the live view: every tab) */
	if (c->nkinds == 0 && (!o->limits || !c->once)) {
		size_t nk;
		const struct kind *const *all = kinds_all(&nk);

		for (size_t i = 0; i < nk; i++)
			o->want[all[i]->id] = (all[i]->flags & KIND_OBJECT) != 0;
	}
	return 0;
}

/* What goes to stdout goes through a wstream, so that a failed write is
 * reported once, with its real cause, and the exit status says so. */
static FILE *out_open(struct wstream *w)
{
	FILE *f = wstream_open(w, STDOUT_FILENO);

	if (!f)
		fprintf(stderr, "ipctop: %s\n", strerror(errno));
	return f;
}

/* 0, or EXIT_OPERR after saying why the output was not written. */
static int out_close(FILE *f, struct wstream *w)
{
	int r = wstream_close(f, w);

	if (r < 0) {
		fprintf(stderr, "ipctop: write error: %s\n", strerror(-r));
		return EXIT_OPERR;
	}
	return 0;
}

/* Say on stderr what could not be read; EXIT_OPERR if a list is missing. */
static int report_lists(const struct snapshot *s, const struct source *src)
{
	size_t nk;
	const struct kind *const *all = kinds_all(&nk);
	int rc = 0;

	for (size_t i = 0; i < nk; i++) {
		const struct objlist *l = &s->list[all[i]->id];
		const char *kn = all[i]->name;

		if (l->err < 0) {
			/* a tree's list is its file; the live one may be either */
			char what[512];
			if (src->live)
				snprintf(what, sizeof(what), "%s list", kn);
			else
				snprintf(what, sizeof(what), "%s/sysvipc/%s", src->procfs, kn);
			fprintf(stderr, "ipctop: cannot read %s: %s\n", what, ipctop_strerror(l->err));
			rc = EXIT_OPERR;
		}
		if (l->bad_lines)
			fprintf(stderr, "ipctop: %s/sysvipc/%s: %zu malformed line%s skipped\n",
				src->procfs, kn, l->bad_lines, l->bad_lines == 1 ? "" : "s");
	}
	return rc;
}

/* The processes behind the objects, and --signals, --pipes. */
static int collect_processes(struct cli *c, struct snapshot *s, const struct source *src,
			     unsigned needs)
{
	char bad[512] = "";
	size_t nk;
	const struct kind *const *all = kinds_all(&nk);
	bool sigs = (needs & NEED_SIGNALS) != 0, pipes = (needs & NEED_PIPES) != 0;
	struct procs_opts po = {
		.src = src, .signals = sigs, .threads = c->threads,
		/* attached pids and waiters cost a scan of every thread:
		 * only when a column shows them */
		.users = (needs & NEED_USERS) != 0,
		.pipes = pipes,
		.cmdline = (needs & NEED_CMDLINE) != 0,
		.err_path = bad, .err_path_len = sizeof(bad),
	};
	int r = procs_collect(s, &po, NULL);

	if (r < 0) {
		fprintf(stderr, "ipctop: cannot read processes: %s%s%s\n", bad,
			*bad ? ": " : "", procs_strerror(r));
		return EXIT_OPERR;
	}
	if ((sigs || pipes) && !snap_have(s, KIND_PROC)) {
		fprintf(stderr, "ipctop: no processes under %s\n", src->procfs);
		return 0;
	}
	if (proc_lists_partial(s))
		fputs("ipctop: some processes could not be read: ATTACHED/WAITERS "
		      "lists marked '?' may be incomplete (root sees all)\n", stderr);
	for (size_t i = 0; i < nk; i++) {
		const struct objlist *l = &s->list[all[i]->id];
		if (c->out.want[all[i]->id] && l->have && l->partial)
			fprintf(stderr, "ipctop: other users' %ss could not be read: the %s "
				"list may be incomplete (root sees all)\n", all[i]->word, all[i]->word);
	}
	return 0;
}

/* An aligned table on a terminal fits its width, as lsipc's does: long
 * lists are cut and end in an ellipsis (--notruncate: whole). Piped or
 * redirected output is always whole. */
static void fit_terminal(struct output_opts *o)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");

	if (o->format != OUT_TABLE || o->notruncate || !isatty(STDOUT_FILENO))
		return;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		o->width = ws.ws_col;
	else if (cols && atoi(cols) > 0)
		o->width = atoi(cols);
	setlocale(LC_CTYPE, "");
	o->ellipsis = strcmp(nl_langinfo(CODESET), "UTF-8") == 0 ? "\xe2\x80\xa6" : ">";
}

static int run_once(struct cli *c, struct name_cache *names)
{
	struct collect_opts co;
	struct source src;
	struct snapshot s;
	struct wstream ws;
	FILE *out;
	char err[256] = "";
	unsigned needs;
	int r, rc = 0;

	/* a bad -o or --sort is a usage error before anything is read */
	if (output_check(&c->out, err, sizeof(err)) < 0) {
		fprintf(stderr, "ipctop: %s (see 'ipctop --help')\n", err);
		return EXIT_USAGE;
	}
	needs = output_needs(&c->out);
	fit_terminal(&c->out);
	source_init(&src, c->procfs);
	collect_opts_init(&co);
	co.limits = c->out.limits;
	/* a msgctl per queue only when a column shows max bytes; /proc/sysvipc/shm
	 * only when a column or the use totals need rss and swap */
	co.needs = needs | (c->out.limits ? NEED_RSS : 0);
	if (c->detail_id >= 0 && c->first) {
		co.detail.kind = c->first;
		co.detail.id = c->detail_id;
	}
	for (int k = 0; k < KIND_SLOTS; k++) {
		const struct kind *kd = kind_get((enum kind_id)k);
		co.want[k] = kd && (kd->flags & KIND_OBJECT) && (c->out.want[k] || c->out.limits);
	}
	snapshot_init(&s);
	(void)collect_objects(&s, &src, &co);
	rc = report_lists(&s, &src);
	if (c->out.limits && !s.have_limits) {
		fprintf(stderr, "ipctop: cannot read IPC limits\n");
		rc = EXIT_OPERR;
	}
	if (needs & (NEED_USERS | NEED_PROCS | NEED_SIGNALS | NEED_PIPES | NEED_CMDLINE)) {
		if (collect_processes(c, &s, &src, needs) != 0)
			rc = EXIT_OPERR;
		/* pid columns say "cat(1234)" or "1234(gone)" for people;
		 * raw and export stay bare numbers for scripts, like lsipc */
		if (c->out.format == OUT_TABLE || c->out.format == OUT_JSON)
			c->out.ctx.snap = &s;
	}
	c->out.ctx.names = names;
	c->out.ctx.now = s.taken.tv_sec;
	out = out_open(&ws);
	if (!out) {
		snapshot_free(&s);
		return EXIT_OPERR;
	}
	r = output_snapshot(out, &s, &c->out, err, sizeof(err));
	/* a failed write is the whole story: the output stopped there */
	if (out_close(out, &ws) != 0) {
		rc = EXIT_OPERR;
	} else if (r == -EINVAL) {
		fprintf(stderr, "ipctop: %s (see 'ipctop --help')\n", err);
		rc = EXIT_USAGE;
	} else if (r < 0) {
		fprintf(stderr, "ipctop: %s\n", *err ? err : strerror(-r));
		rc = EXIT_OPERR;
	}
	snapshot_free(&s);
	return rc;
}

/* The live view: only on a terminal that can draw it. */
static int run_live(struct cli *c, struct name_cache *names)
{
	struct tui_opts to;
	struct source src;
	char err[256];
	int r;

	/* a bad -o or --sort is a usage error here too, before the screen:
	 * checked against every tab's columns */
	struct output_opts every = c->out;
	size_t nk;
	const struct kind *const *all = kinds_all(&nk);
	for (size_t i = 0; i < nk; i++)
		every.want[all[i]->id] = all[i]->tab != NULL;
	if (output_check(&every, err, sizeof(err)) < 0) {
		fprintf(stderr, "ipctop: %s (see 'ipctop --help')\n", err);
		return EXIT_USAGE;
	}
	r = tui_check_terminal(err, sizeof(err));
	if (r < 0) {
		fprintf(stderr, "ipctop: %s\n", err);
		return EXIT_OPERR;
	}
	memset(&to, 0, sizeof(to));
	source_init(&src, c->procfs);
	to.src = &src;
	to.delay_ms = c->delay_ms;
	to.readonly = c->readonly;
	to.nocolor = c->nocolor;
	to.uid = c->out.uid;
	to.sort = c->out.sort;
	to.reverse = c->out.reverse;
	to.columns = c->out.columns;
	to.detail_id = c->detail_id;
	to.limits = c->out.limits;
	to.threads = c->threads;
	to.bytes = c->out.ctx.bytes;
	to.tfmt = (int)c->out.ctx.tfmt;
	to.names = names;
	to.first = c->first;
	r = tui_run(&to, err, sizeof(err));
	if (r < 0) {
		fprintf(stderr, "ipctop: %s\n", err);
		return EXIT_OPERR;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct cli c;
	struct name_cache *names;
	int r;

	memset(&c, 0, sizeof(c));
	c.detail_id = -1;
	c.procfs = "/proc";
	c.delay_ms = 0;   /* 0: the live view's saved interval, 1s at first */
	c.out.uid = -1;
	c.out.detail_id = -1;
	r = parse_args(argc, argv, &c);
	if (r != 0)
		return r;
	if (c.help || c.version) {
		struct wstream ws;
		FILE *out = out_open(&ws);

		if (!out)
			return EXIT_OPERR;
		if (c.help)
			usage(out);
		else
			fprintf(out, "ipctop %s\n", IPCTOP_VERSION);
		return out_close(out, &ws);
	}
	names = names_new();
	if (!names) {
		fputs("ipctop: out of memory\n", stderr);
		return EXIT_OPERR;
	}
	if (c.once) {
		r = run_once(&c, names);
	} else {
		r = run_live(&c, names);
	}
	names_free(names);
	return r;
}
