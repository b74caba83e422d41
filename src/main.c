/* ipctop: command line, then either one snapshot (--once) or the live TUI.
 * The only place that exits. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipctop/errors.h"
#include "ipctop/fields.h"
#include "ipctop/names.h"
#include "ipctop/output.h"
#include "ipctop/procs.h"
#include "ipctop/sysv.h"
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
	OPT_SIGNALS, OPT_PIPES, OPT_THREADS,
};

struct cli {
	bool once;
	bool want_any;
	int detail_id;
	const char *procfs;
	long delay_ms;
	bool readonly, nocolor;
	bool threads;            /* --threads: signal rows per thread */
	bool help, version;      /* -h, -V: print that and nothing else */
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
	      " -i, --id ID             one object in full (with exactly one of -q -s -m)\n"
	      " -l, --limits            kernel limits and current use\n"
	      " -u, --user NAME|UID     only objects owned by this user\n"
	      "     --signals           processes and their signal state\n"
	      "     --pipes             pipes and FIFOs with the pids at each end\n"
	      "     --threads           with --signals, one row per thread\n"
	      "                         (--signals/--pipes alone show only those)\n"
	      "\n"
	      "Snapshot output (--once):\n"
	      "     --once              print a snapshot and exit\n"
	      " -o, --output LIST       columns to show, comma-separated\n"
	      "     --sort COL          sort rows by a column\n"
	      "     --reverse           sort in descending order\n"
	      " -n, --noheadings        no titles or column headers\n"
	      " -r, --raw               unaligned columns\n"
	      " -e, --export            KEY=\"value\" lines\n"
	      " -J, --json              JSON document\n"
	      " -b, --bytes             sizes in bytes\n"
	      "     --time-format FMT   relative (default), iso or unix\n"
	      "\n"
	      "Live view:\n"
	      " -d, --delay SECONDS     refresh interval (default 1; decimals allowed)\n"
	      "     --readonly          never remove objects or send signals\n"
	      "     --no-color          no colours (NO_COLOR is honoured too)\n"
	      "  What is changed on screen (tab, interval, sort) is kept in\n"
	      "  $XDG_CONFIG_HOME/ipctop/ipctoprc; -d, --sort and the starting tab\n"
	      "  given here are for this run only.\n"
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

		switch (ch) {
		case 'q': o->want[KIND_MSG] = c->want_any = true; break;
		case 's': o->want[KIND_SEM] = c->want_any = true; break;
		case 'm': o->want[KIND_SHM] = c->want_any = true; break;
		case 'i':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end || errno || v < 0 || v > INT32_MAX)
				return usage_error("invalid id '%s'", optarg);
			c->detail_id = (int)v;
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
		case 'n': o->noheadings = true; break;
		case 'r': o->format = OUT_RAW; break;
		case 'e': o->format = OUT_EXPORT; break;
		case 'J': o->format = OUT_JSON; break;
		case 'b': o->ctx.bytes = true; break;
		case OPT_TIMEFMT:
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
			c->delay_ms = fmt_parse_delay_ms(optarg);
			if (c->delay_ms < 0)
				return usage_error("invalid delay '%s'", optarg);
			break;
		case OPT_READONLY: c->readonly = true; break;
		case OPT_NOCOLOR: c->nocolor = true; break;
		case OPT_SIGNALS: o->signals = true; break;
		case OPT_PIPES: o->pipes = true; break;
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
	if (!c->want_any)
		for (int k = 0; k < KIND_COUNT; k++)
			o->want[k] = true;
	if (c->detail_id >= 0) {
		int n = o->want[KIND_MSG] + o->want[KIND_SEM] + o->want[KIND_SHM];
		if (!c->want_any || n != 1)
			return usage_error("%s", "-i needs exactly one of -q, -s or -m");
	}
	o->detail_id = c->detail_id;
	/* -l alone shows only limits, like ipcs -l */
	o->lists = !(o->limits && !c->want_any);
	/* so do --signals and --pipes: only their sections */
	if ((o->signals || o->pipes) && !c->want_any)
		o->lists = false;
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

static int run_once(struct cli *c, struct name_cache *names)
{
	struct sysv_opts so;
	struct snapshot s;
	struct wstream ws;
	FILE *out;
	char err[256] = "";
	int r, rc = 0;

	sysv_opts_default(&so);
	so.procfs = c->procfs;
	so.limits = c->out.limits;
	/* one msgctl per queue: only when a column shows max bytes */
	so.msg_qbytes = output_uses_field(&c->out, KIND_MSG, "MAXBYTES");
	/* /proc/sysvipc/shm only when a column or the use totals need it */
	so.shm_rss = c->out.limits || output_uses_field(&c->out, KIND_SHM, "RSS") ||
		     output_uses_field(&c->out, KIND_SHM, "SWAP");
	for (int k = 0; k < KIND_COUNT; k++)
		so.want[k] = c->out.want[k] || c->out.limits;
	snapshot_init(&s);
	r = sysv_collect(&s, &so);
	bool live = sysv_procfs_is_live(c->procfs);
	for (int k = 0; k < KIND_COUNT; k++) {
		if (s.err[k] < 0) {
			/* a tree's list is its file; the live one may be either */
			const char *kn = kind_name((enum ipc_kind)k);
			char what[512];
			if (live)
				snprintf(what, sizeof(what), "%s list", kn);
			else
				snprintf(what, sizeof(what), "%s/sysvipc/%s", c->procfs, kn);
			fprintf(stderr, "ipctop: cannot read %s: %s\n", what, ipctop_strerror(s.err[k]));
			rc = EXIT_OPERR;
		}
		if (s.bad_lines[k])
			fprintf(stderr, "ipctop: %s/sysvipc/%s: %zu malformed line%s skipped\n",
				c->procfs, kind_name((enum ipc_kind)k), s.bad_lines[k],
				s.bad_lines[k] == 1 ? "" : "s");
	}
	if (c->out.limits && !s.have_limits) {
		fprintf(stderr, "ipctop: cannot read IPC limits\n");
		rc = EXIT_OPERR;
	}
	(void)r;
	/* per-semaphore values come from semctl: meaningful when the list
	 * describes the live kernel (this /proc, or the syscall fallback) */
	if (c->detail_id >= 0 && (live ||
				  s.source[KIND_SEM] == SRC_SYSCALL)) {
		for (size_t i = 0; i < s.nsem; i++)
			if (s.sem[i].c.id == c->detail_id)
				sysv_sem_detail(&s.sem[i]);
	}
	if (c->out.lists || c->out.signals || c->out.pipes) {
		/* who is attached, who waits, and --signals/--pipes */
		char bad[512] = "";
		struct procs_opts po = {
			/* --pipes names each end's command: from the signals pass */
			.procfs = c->procfs, .signals = c->out.signals || c->out.pipes,
			.threads = c->threads,
			/* attached pids and waiters cost a scan of every
			 * thread: only when a column shows them */
			.users = c->out.lists &&
				 (output_uses_field(&c->out, KIND_MSG, "WAITERS") ||
				  output_uses_field(&c->out, KIND_SEM, "WAITERS") ||
				  output_uses_field(&c->out, KIND_SHM, "ATTACHED")),
			.pipes = c->out.pipes,
			.err_path = bad, .err_path_len = sizeof(bad),
		};
		r = procs_collect(&s, &po, NULL);
		if (r < 0) {
			fprintf(stderr, "ipctop: cannot read processes: %s%s%s\n", bad,
				*bad ? ": " : "", procs_strerror(r));
			rc = EXIT_OPERR;
		} else if ((c->out.signals || c->out.pipes) && !s.have_procs) {
			fprintf(stderr, "ipctop: no processes under %s\n", c->procfs);
		} else {
			if (proc_lists_partial(&s))
				fputs("ipctop: some processes could not be read: ATTACHED/WAITERS "
				      "lists marked '?' may be incomplete (root sees all)\n", stderr);
			if (c->out.pipes && s.have_pipes && s.pipes_err)
				fputs("ipctop: other users' pipes could not be read: "
				      "the pipes list may be incomplete (root sees all)\n", stderr);
		}
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
	char err[256];
	int r = tui_check_terminal(err, sizeof(err));

	if (r < 0) {
		fprintf(stderr, "ipctop: %s\n", err);
		return EXIT_OPERR;
	}
	memset(&to, 0, sizeof(to));
	to.procfs = c->procfs;
	to.delay_ms = c->delay_ms;
	to.readonly = c->readonly;
	to.nocolor = c->nocolor;
	to.uid = c->out.uid;
	to.sort = c->out.sort;
	to.names = names;
	to.pane = c->out.signals ? PANE_SIGNALS : c->out.pipes ? PANE_PIPES : -1;
	for (int k = KIND_COUNT - 1; c->want_any && k >= 0; k--)
		if (c->out.want[k])
			to.pane = k;
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
