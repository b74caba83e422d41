/* ipctop: command line, then either one snapshot (--once) or the live TUI.
 * The only place that exits. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "ipctop/cli.h"
#include "ipctop/collect.h"
#include "ipctop/errors.h"
#include "ipctop/fields.h"
#include "ipctop/health.h"
#include "ipctop/kind.h"
#include "ipctop/names.h"
#include "ipctop/ns.h"
#include "ipctop/output.h"
#include "ipctop/procs.h"
#include "ipctop/prom.h"
#include "ipctop/serve.h"
#include "ipctop/source.h"
#include "ipctop/tui.h"
#include "ipctop/wstream.h"

#define EXIT_OPERR 1
#define EXIT_USAGE 2

#ifndef IPCTOP_VERSION
#define IPCTOP_VERSION "0.1"
#endif

enum {
	OPT_ONCE = 256, OPT_SORT, OPT_REVERSE, OPT_TIMEFMT, OPT_PROCFS, OPT_NS,
	OPT_READONLY, OPT_NOCOLOR,
	OPT_SIGNALS, OPT_PIPES, OPT_THREADS,
	OPT_PROMETHEUS, OPT_OUTPUT_FILE, OPT_LISTEN, OPT_MAX_OBJECTS, OPT_HISTORY,
	OPT_HEALTH, OPT_CHECK, OPT_REMOVE, OPT_DRYRUN, OPT_MINAGE, OPT_QFULL, OPT_LWARN,
	OPT_LCRIT, OPT_NOTRUNCATE,
};

#define MAX_PICKS 256

struct cli {
	bool once;
	int nkinds;              /* kinds chosen by option (-q, --signals...) */
	const struct kind *first; /* the first of them: the live view's tab */
	long long detail_id;
	const char *detail_arg;   /* -i as given */
	const char *procfs;
	bool have_ns;            /* --ns given */
	struct ns_spec ns;       /* which IPC namespaces */
	long delay_ms;
	bool readonly, nocolor;
	bool readonly_cli;       /* --readonly itself, not the settings file */
	bool threads;            /* --threads: signal rows per thread */
	bool help, version;      /* -h, -V: print that and nothing else */
	/* options given, to tell one meaningless in the mode chosen */
	bool given_delay, given_tfmt, given_notruncate;
	const char *implies_once;   /* the first option that does (-J...) */
	struct output_opts out;
	/* the exporter: --prometheus, --output-file, --listen */
	bool prometheus;
	const char *output_file;
	const char *listen;
	long long max_objects;
	long history_s;          /* the live view's history; -1: from the rc file */
	bool check, remove, dry_run;
	/* health thresholds given here (-1 / 0: not given): they win over
	 * the settings file */
	long long min_age;
	int queue_full, limit_warn, limit_crit;
	unsigned rules;          /* --health RULE,... */
	struct health_opts health;   /* the settings file's, then these */
	/* --remove's ipcrm forms (-q ID) and the kind options given bare */
	struct cli_pick picks[MAX_PICKS];
	size_t npicks;
	int bare[KIND_SLOTS];
	bool formats;            /* an option only --once uses (-o, -J, -l...) */
};

static void usage(FILE *f)
{
	fputs("Usage: ipctop [options]\n"
	      "\n"
	      "A live inspector of System V message queues, semaphore sets and shared\n"
	      "memory segments, and of POSIX message queues, shared memory and named\n"
	      "semaphores. Without --once it opens an interactive screen.\n"
	      "\n"
	      "Objects:\n"
	      " -q, --queues            message queues\n"
	      " -s, --semaphores        semaphore sets\n"
	      " -m, --shmems            shared memory segments\n"
	      " -Q, --posix-queues      POSIX message queues\n"
	      " -M, --posix-shmems      POSIX shared memory objects\n"
	      " -S, --posix-semaphores  POSIX named semaphores\n"
	      "                         (any combination; default all six)\n"
	      " -i, --id ID|NAME        one object in full (with exactly one kind option;\n"
	      "                         a POSIX object by its name, /NAME)\n"
	      " -l, --limits            kernel limits and current use\n"
	      " -u, --user NAME|UID     only objects owned by this user\n"
	      " -k, --key KEY           only the object with this key (0x... or decimal)\n"
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
	      "Health:\n"
	      "     --health [RULE,...] findings (a section, a tab); with RULE only those\n"
	      "                         rules, and only objects they find (--once, --remove)\n"
	      "     --check             one status line for monitoring; exit 0 OK, 1 WARNING,\n"
	      "                         2 CRITICAL, 3 UNKNOWN\n"
	      "     --min-age DURATION  age at which unused objects and stuck waiters count\n"
	      "                         (0, 90s, 15m, 1h, 2d; default 1h)\n"
	      "     --queue-full PCT    full-queue from this fill (default 90)\n"
	      "     --limit-warn PCT    near-limit warning from this use (default 80)\n"
	      "     --limit-crit PCT    near-limit critical from this use (default 95)\n"
	      "\n"
	      "Removing (ipcrm):\n"
	      "     --remove            remove what the selection lists (kinds, -i, -k, -u,\n"
	      "                         --health RULE), each re-checked right before\n"
	      "     --remove -q ID      ipcrm's forms: -q ID, -s ID, -m ID (keys: -k KEY)\n"
	      "     --dry-run           list what --remove would remove, and what it destroys\n"
	      "  Exit status 0 when everything selected went, 1 when something was refused\n"
	      "  or not found, 2 for a usage error.\n", f);
	fputs("\n"
	      "Live view:\n"
	      " -d, --delay SECONDS     refresh interval (default 1; decimals allowed)\n"
	      "     --history SECONDS   how far back sparklines and the detail's history\n"
	      "                         go (default 300; 0: none)\n"
	      "     --readonly          never remove objects or send signals (in every\n"
	      "                         mode; also readonly = 1 in the settings file)\n"
	      "     --no-color          no colours (NO_COLOR is honoured too)\n"
	      "  -i opens that object's detail, -l the limits view.\n"
	      "  What is changed on screen (tab, interval, sort, columns) is kept in\n"
	      "  $XDG_CONFIG_HOME/ipctop/ipctoprc; -d, --sort, -o and the starting\n"
	      "  tab given here are for this run only.\n"
	      "\n"
	      "Prometheus exporter:\n"
	      "     --prometheus        print one scrape in the Prometheus text format\n"
	      "     --output-file FILE  with --prometheus: write FILE atomically (a new\n"
	      "                         file renamed over it), for a textfile collector\n"
	      "     --listen ADDR:PORT  serve /metrics over HTTP, e.g. 127.0.0.1:9184\n"
	      "                         (an address is required; [::1]:9184 for IPv6);\n"
	      "                         scrapes within -d of each other share one\n"
	      "                         collection; SIGINT or SIGTERM stops it\n"
	      "     --metrics-max-objects N\n"
	      "                         series for at most N objects of each kind, the\n"
	      "                         largest (default 200; the rest are counted in\n"
	      "                         ipctop_objects_omitted)\n"
	      "\n"
	      "Other:\n"
	      "     --ns SPEC           IPC namespaces: host (ipctop's own, the default),\n"
	      "                         all, a pid, an inode (ipc:[N]), or a container\n"
	      "                         (docker:ID, podman:ID, k8s-pod:UID, an id prefix)\n"
	      "     --procfs DIR        read DIR instead of /proc\n"
	      " -h, --help              this help and the column names\n"
	      " -V, --version           version\n", f);
	fputs("\nHealth rules (--health RULE):\n", f);
	for (int r = 0; r < HR_COUNT; r++)
		fprintf(f, " %-18s  %s\n", health_rule(r)->name, health_rule(r)->help);
	output_list_columns(f);
}

/* A usage error is one line on stderr, so scripts can log it whole. */
static char last_usage[512];

static int usage_error(const char *fmt, const char *arg)
{
	snprintf(last_usage, sizeof(last_usage), fmt, arg);
	fprintf(stderr, "ipctop: %s (see 'ipctop --help')\n", last_usage);
	return EXIT_USAGE;
}

static bool asks_check(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--check") == 0)
			return true;
	return false;
}

/* The options that choose a kind: a table, not a switch. */
static const struct {
	int opt;
	enum kind_id k;
} kind_opts[] = {
	{ 'q', KIND_MSG }, { 's', KIND_SEM }, { 'm', KIND_SHM },
	{ OPT_SIGNALS, KIND_PROC }, { OPT_PIPES, KIND_PIPE },
	{ 'Q', KIND_PMQ }, { 'M', KIND_PSHM }, { 'S', KIND_PSEM }, { OPT_HEALTH, KIND_HEALTH },
};

static bool choose_kind(struct cli *c, int ch)
{
	for (size_t i = 0; i < sizeof(kind_opts) / sizeof(kind_opts[0]); i++) {
		if (kind_opts[i].opt != ch)
			continue;
		if (!c->out.want[kind_opts[i].k])
			c->nkinds++;
		c->out.want[kind_opts[i].k] = true;
		c->bare[kind_opts[i].k]++;
		if (!c->first)
			c->first = kind_get(kind_opts[i].k);
		return true;
	}
	return false;
}

/* "0x1234" or "4660" (a key is 32 bits, shown unsigned or signed). */
static bool parse_key(const char *s, long long *key)
{
	bool hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	const char *digits = hex ? s + 2 : s;
	char *end;
	long long v;

	/* strtoll would take blanks and signs; hex as ipcs prints keys, else
	 * decimal (never octal: "010" is ten) */
	if (!(hex ? isxdigit((unsigned char)*digits) : isdigit((unsigned char)*digits)))
		return false;
	errno = 0;
	v = strtoll(digits, &end, hex ? 16 : 10);
	if (*end || errno || v > 0xffffffffLL)
		return false;
	*key = (int32_t)(uint32_t)v;
	return true;
}

static int parse_pct(const char *s, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || (*end && strcmp(end, "%") != 0) || errno || v < 1 || v > 100)
		return -1;
	*out = (int)v;
	return 0;
}

/* An argument after an option that takes one only sometimes: an id
 * after -q, -s, -m under --remove (ipcrm's forms), rules after --health. */
static int optional_value(struct cli *c, int last, const char *arg)
{
	for (size_t i = 0; c->remove && i < sizeof(kind_opts) / sizeof(kind_opts[0]); i++) {
		const struct kind *k = kind_get(kind_opts[i].k);
		char *end;
		long v;

		if (kind_opts[i].opt != last || !k || !(k->flags & KIND_OBJECT) ||
		    kind_opts[i].k == KIND_HEALTH)
			continue;
		/* ipcrm's uppercase forms take a key; ours are the POSIX kinds */
		if (!k->id_field || k->id_field->type != FT_NUM)
			return usage_error("%s: a POSIX object goes by -i /NAME, and ipcrm's "
					   "-Q/-M/-S KEY by -k KEY", arg);
		errno = 0;
		v = strtol(arg, &end, 10);
		if (*arg == '\0' || *end || errno || v < 0 || v > INT32_MAX)
			return usage_error("invalid id '%s'", arg);
		if (c->npicks == MAX_PICKS)
			return usage_error("%s", "too many ids: remove them in several runs");
		c->picks[c->npicks++] = (struct cli_pick){ kind_opts[i].k, v };
		c->bare[kind_opts[i].k]--;
		return 0;
	}
	if (last == OPT_HEALTH) {
		char buf[256], *save = NULL;

		if (strlen(arg) >= sizeof(buf))
			return usage_error("unknown health rule '%s'", arg);
		snprintf(buf, sizeof(buf), "%s", arg);
		for (char *r = strtok_r(buf, ",", &save); r; r = strtok_r(NULL, ",", &save)) {
			int rule = health_rule_find(r);
			if (rule < 0)
				return usage_error("unknown health rule '%s' (see --help)", r);
			c->rules |= 1u << rule;
		}
		if (!c->rules)
			return usage_error("unknown health rule '%s' (see --help)", arg);
		return 0;
	}
	return usage_error("unexpected argument '%s'", arg);
}

/* Checks of the options together, once all are read. */
static int check_modes(struct cli *c)
{
	bool picks = c->npicks > 0, bare = false;

	for (int k = 0; k < KIND_SLOTS; k++)
		bare |= c->bare[k] > 0 && k != KIND_HEALTH;
	if (c->once + c->check + c->remove > 1)
		return usage_error("%s", "--once, --check and --remove are separate runs: choose one");
	if (c->dry_run && !c->remove)
		return usage_error("%s", "--dry-run goes with --remove");
	if (c->out.has_key && !c->once && !c->remove)
		return usage_error("%s", "-k selects for --once and --remove");
	if (c->check && (c->formats || c->detail_arg || c->out.has_key ||
			 c->nkinds > (c->out.want[KIND_HEALTH] ? 1 : 0)))
		return usage_error("%s", "--check takes only -u, --health RULE and the thresholds");
	if (!c->remove)
		return 0;
	if (c->formats)
		return usage_error("%s", "--remove prints one line per object: -o, -J, -r, -e, -l, "
				   "--sort are for --once");
	for (int k = 0; k < KIND_SLOTS; k++) {
		const struct kind *kd = kind_get((enum kind_id)k);
		if (c->out.want[k] && kd && k != KIND_HEALTH && !(kd->flags & KIND_OBJECT))
			return usage_error("--remove removes IPC objects, not %ss", kd->word);
	}
	if (c->out.want[KIND_HEALTH] && !c->rules)
		return usage_error("%s", "--remove --health needs a rule (--remove --health orphaned-segment)");
	if (picks && (bare || c->detail_arg))
		return usage_error("%s", "-q ID, -s ID, -m ID name objects: not with -q, -s, -m "
				   "alone or -i");
	if (c->out.has_key && c->out.key == 0)
		return usage_error("%s", "key 0 is IPC_PRIVATE, shared by every private object: "
				   "choose them by -i ID");
	if (!picks && !bare && !c->detail_arg && !c->out.has_key && c->out.uid < 0 && !c->rules)
		return usage_error("%s", "--remove needs a selection: -q, -s, -m, -Q, -M, -S (all of a kind), "
				   "-i, -k, -u or --health RULE");
	return 0;
}

/* -n, -r, -e and -J describe printed output: they mean --once. */
static void once_by(struct cli *c, const char *opt)
{
	if (!c->implies_once)
		c->implies_once = opt;
}

/* Options that mean nothing in the mode chosen are refused, each with a
 * reason, rather than ignored. 0 or EXIT_USAGE. */
static int check_options(struct cli *c)
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
		{ "posix-queues", no_argument, NULL, 'Q' },
		{ "posix-shmems", no_argument, NULL, 'M' },
		{ "posix-semaphores", no_argument, NULL, 'S' },
		{ "id", required_argument, NULL, 'i' },
		{ "key", required_argument, NULL, 'k' },
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
		{ "health", no_argument, NULL, OPT_HEALTH },
		{ "check", no_argument, NULL, OPT_CHECK },
		{ "remove", no_argument, NULL, OPT_REMOVE },
		{ "dry-run", no_argument, NULL, OPT_DRYRUN },
		{ "min-age", required_argument, NULL, OPT_MINAGE },
		{ "queue-full", required_argument, NULL, OPT_QFULL },
		{ "limit-warn", required_argument, NULL, OPT_LWARN },
		{ "limit-crit", required_argument, NULL, OPT_LCRIT },
		{ "notruncate", no_argument, NULL, OPT_NOTRUNCATE },
		{ "procfs", required_argument, NULL, OPT_PROCFS },
		{ "ns", required_argument, NULL, OPT_NS },
		{ "prometheus", no_argument, NULL, OPT_PROMETHEUS },
		{ "output-file", required_argument, NULL, OPT_OUTPUT_FILE },
		{ "listen", required_argument, NULL, OPT_LISTEN },
		{ "metrics-max-objects", required_argument, NULL, OPT_MAX_OBJECTS },
		{ "history", required_argument, NULL, OPT_HISTORY },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct output_opts *o = &c->out;
	int ch, last = 0, r;

	/* ipcrm's "-q ID" is an option whose value is there only sometimes:
	 * which options came first decides, so they are not reordered
	 * ('+'), and an argument that stops them is looked at here */
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		c->remove |= strcmp(argv[i], "--remove") == 0;
	for (;;) {
		char *end;
		long v;

		ch = getopt_long(argc, argv, "+:qsmQMSi:k:lu:o:nreJbd:hV", opts, NULL);
		if (ch == -1) {
			if (optind >= argc)
				break;
			if (strcmp(argv[optind - 1], "--") == 0)
				return usage_error("unexpected argument '%s'", argv[optind]);
			r = optional_value(c, last, argv[optind]);
			if (r != 0)
				return r;
			optind++;
			last = 0;
			continue;
		}
		last = ch;
		if (choose_kind(c, ch))
			continue;
		switch (ch) {
		case 'i':
			/* a number or a name, as the kind's id column is */
			c->detail_arg = optarg;
			break;
		case 'k':
			if (!parse_key(optarg, &o->key))
				return usage_error("invalid key '%s'", optarg);
			o->has_key = true;
			break;
		case 'l': o->limits = true; c->formats = true; break;
		case 'u':
			o->uid = names_parse_user(optarg);
			if (o->uid < 0)
				return usage_error("unknown user '%s'", optarg);
			break;
		case OPT_ONCE: c->once = true; break;
		case OPT_CHECK: c->check = true; break;
		case OPT_REMOVE: c->remove = true; break;
		case OPT_DRYRUN: c->dry_run = true; break;
		case OPT_MINAGE:
			c->min_age = fmt_parse_duration(optarg);
			if (c->min_age < 0)
				return usage_error("invalid duration '%s' (0, 90s, 15m, 1h, 2d)", optarg);
			break;
		case OPT_QFULL: case OPT_LWARN: case OPT_LCRIT:
			if (parse_pct(optarg, ch == OPT_QFULL ? &c->queue_full : ch == OPT_LWARN ?
				      &c->limit_warn : &c->limit_crit) < 0)
				return usage_error("invalid percentage '%s' (1 to 100)", optarg);
			break;
		case 'o': o->columns = optarg; c->formats = true; break;
		case OPT_SORT: o->sort = optarg; c->formats = true; break;
		case OPT_REVERSE: o->reverse = true; break;
		case 'n': o->noheadings = true; once_by(c, "-n"); break;
		case 'r': o->format = OUT_RAW; c->formats = true; once_by(c, "-r"); break;
		case 'e': o->format = OUT_EXPORT; c->formats = true; once_by(c, "-e"); break;
		case 'J': o->format = OUT_JSON; c->formats = true; once_by(c, "-J"); break;
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
		case OPT_READONLY: c->readonly = c->readonly_cli = true; break;
		case OPT_NOCOLOR: c->nocolor = true; break;
		case OPT_THREADS: c->threads = true; break;
		case OPT_PROCFS: c->procfs = optarg; break;
		case OPT_NS: {
			int e = ns_parse_spec(optarg, &c->ns);
			if (e < 0) {
				fprintf(stderr, "ipctop: --ns '%s': %s (see 'ipctop --help')\n",
					optarg, ns_spec_strerror(e));
				return EXIT_USAGE;
			}
			c->have_ns = true;
			break;
		}
		case OPT_PROMETHEUS: c->prometheus = true; break;
		case OPT_OUTPUT_FILE: c->output_file = optarg; break;
		case OPT_LISTEN: c->listen = optarg; break;
		case OPT_MAX_OBJECTS:
			errno = 0;
			c->max_objects = strtoll(optarg, &end, 10);
			if (*optarg < '0' || *optarg > '9' || *end || errno ||
			    c->max_objects > 100000000)
				return usage_error("invalid object count '%s'", optarg);
			break;
		case OPT_HISTORY:
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (*optarg < '0' || *optarg > '9' || *end || errno || v > 86400)
				return usage_error("invalid history '%s' (seconds, at most 86400)",
						   optarg);
			c->history_s = v;
			break;
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
	if (c->output_file && !c->prometheus)
		return usage_error("%s", "--output-file needs --prometheus");
	if (c->prometheus && c->listen)
		return usage_error("%s", "--prometheus and --listen do not go together");
	if ((c->prometheus || c->listen) && (c->once || c->nkinds || c->detail_arg))
		return usage_error("%s", "the exporter takes no --once, kind or -i option: "
				   "it exports every object kind");
	r = check_modes(c);
	if (r != 0)
		return r;
	/* --remove --health RULE selects objects; the findings are no rows
	 * to remove */
	if (c->remove && c->out.want[KIND_HEALTH]) {
		c->out.want[KIND_HEALTH] = false;
		c->nkinds--;
	}
	if (c->detail_arg && c->nkinds != 1)
		return usage_error("%s", "-i needs exactly one of -q, -s, -m, -Q, -M, -S, "
				   "--signals or --pipes");
	if (c->detail_arg && c->first->id_field && c->first->id_field->type != FT_NUM) {
		if (!*c->detail_arg)
			return usage_error("invalid name '%s'", c->detail_arg);
		c->detail_id = 0;
		o->detail_text = c->detail_arg;
	} else if (c->detail_arg) {
		char *end;
		long v;

		errno = 0;
		v = strtol(c->detail_arg, &end, 10);
		if (*c->detail_arg == '\0' || *end || errno || v < 0 || v > INT32_MAX)
			return usage_error("invalid id '%s'", c->detail_arg);
		c->detail_id = v;
	}
	o->detail_id = c->detail_id;
	if (check_options(c) != 0)
		return EXIT_USAGE;
	/* scripts read times as numbers, as lsipc writes them */
	if (!c->given_tfmt && (o->format == OUT_RAW || o->format == OUT_EXPORT))
		o->ctx.tfmt = TIME_UNIX;
	o->health_rules = c->rules;
	/* ipcrm's forms choose their kinds; the objects are the ids */
	if (c->npicks) {
		for (size_t i = 0; i < c->npicks; i++)
			o->want[c->picks[i].k] = true;
		return 0;
	}
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

/* Say on stderr what could not be read; EXIT_OPERR if a list is missing,
 * except one that cannot be had on this system (no queue directory: its
 * hint says how to get one) when no option asked for it by name. */
static int report_lists(const struct cli *c, const struct snapshot *s, const struct source *src)
{
	size_t nk;
	const struct kind *const *all = kinds_all(&nk);
	int rc = 0;

	for (size_t i = 0; i < nk; i++) {
		const struct objlist *l = &s->list[all[i]->id];
		const char *kn = all[i]->name;
		bool shown = c->out.want[all[i]->id] || c->out.limits;

		if (l->err < 0 && l->hint) {
			fprintf(stderr, "ipctop: cannot list %s: %s\n", all[i]->title, l->hint);
			if (c->nkinds > 0)
				rc = EXIT_OPERR;
		} else if (l->err < 0) {
			/* a tree's list is its file; the live one may be either */
			char what[512];
			if (src->live)
				snprintf(what, sizeof(what), "%s list", kn);
			else
				snprintf(what, sizeof(what), "%s/sysvipc/%s", src->procfs, kn);
			fprintf(stderr, "ipctop: cannot read %s: %s\n", what, ipctop_strerror(l->err));
			rc = EXIT_OPERR;
		} else if (l->hint && shown) {
			fprintf(stderr, "ipctop: %s\n", l->hint);
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
	/* findings come from every object list, and what their rules need */
	bool health = c->out.want[KIND_HEALTH] || c->rules;
	if (health)
		needs |= health_needs(&c->health);
	fit_terminal(&c->out);
	source_init(&src, c->procfs);
	c->health.ns = collect_own_ipcns(&src);
	collect_opts_init(&co);
	co.limits = c->out.limits || (health && health_needs_limits(&c->health));
	/* a msgctl per queue only when a column shows max bytes; /proc/sysvipc/shm
	 * only when a column or the use totals need rss and swap */
	co.needs = needs | (c->out.limits ? NEED_RSS : 0);
	if (c->detail_id >= 0 && c->first) {
		co.detail.kind = c->first;
		co.detail.id = c->detail_id;
	}
	for (int k = 0; k < KIND_SLOTS; k++) {
		const struct kind *kd = kind_get((enum kind_id)k);
		co.want[k] = kd && (kd->flags & KIND_OBJECT) &&
			     (c->out.want[k] || c->out.limits || health);
	}
	snapshot_init(&s);
	r = collect_view(&s, &src, c->have_ns ? &c->ns : NULL, &co, err, sizeof(err));
	if (err[0])
		fprintf(stderr, "ipctop: %s\n", err);
	/* --ns naming no namespace is no snapshot at all */
	if (s.nns == 0) {
		snapshot_free(&s);
		return r == -ENOENT || r == -ENOTUNIQ || r == -ESRCH || r == -EACCES ? EXIT_USAGE
										       : EXIT_OPERR;
	}
	err[0] = '\0';
	rc = report_lists(c, &s, &src);
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
	if (health && (collect_health(&s, &src, needs) < 0 ||
		       health_compute(&s, &c->health) < 0)) {
		fputs("ipctop: out of memory judging the objects' health\n", stderr);
		rc = EXIT_OPERR;
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

/* --prometheus and --listen: every object kind, its limits and use. */
static int run_exporter(struct cli *c, struct name_cache *names)
{
	struct source src;
	struct scrape sc = {
		.src = &src, .names = names,
		.max_objects = c->max_objects >= 0 ? (size_t)c->max_objects
						   : PROM_DEFAULT_MAX_OBJECTS,
		.ns = c->have_ns ? &c->ns : NULL,
		.health = &c->health,
	};
	char err[256];
	int r, rc = 0;

	source_init(&src, c->procfs);
	if (c->listen) {
		struct sockaddr_storage ss;
		socklen_t len;

		if (serve_parse_addr(c->listen, &ss, &len) < 0)
			return usage_error("--listen wants ADDR:PORT with a numeric address, "
					   "such as 127.0.0.1:9184 or [::1]:9184, not '%s'",
					   c->listen);
		sc.cache = procs_cache_new();
		r = serve_run(&sc, &ss, len, c->delay_ms > 0 ? c->delay_ms : 1000,
			      err, sizeof(err));
		procs_cache_free(sc.cache);
		if (r < 0) {
			fprintf(stderr, "ipctop: %s: %s\n", c->listen, err);
			return EXIT_OPERR;
		}
		return 0;
	}
	if (c->output_file) {
		r = scrape_to_file(&sc, c->output_file);
		if (r < 0) {
			fprintf(stderr, "ipctop: cannot write %s: %s\n", c->output_file,
				ipctop_strerror(r));
			return EXIT_OPERR;
		}
	} else {
		struct wstream ws;
		FILE *out = out_open(&ws);

		if (!out)
			return EXIT_OPERR;
		r = scrape_write(&sc, out);
		rc = out_close(out, &ws);
		if (r < 0 && rc == 0) {
			fprintf(stderr, "ipctop: %s\n", ipctop_strerror(r));
			rc = EXIT_OPERR;
		}
	}
	if (rc == 0 && sc.errors) {
		fputs("ipctop: some of the state could not be read "
		      "(ipctop_list_error, ipctop_limits_error say what)\n", stderr);
		rc = EXIT_OPERR;
	}
	return rc;
}

/* The settings file's thresholds and readonly, then the command line's
 * over them. Problems with the file are said on stderr (the live view
 * says them on its message line); a file there but refused keeps
 * --remove from running, since it may be the one that says readonly. */
static int settings(struct cli *c)
{
	char why[512];
	bool readonly = false;
	int r;

	health_opts_init(&c->health);
	r = rc_read_shared(&c->health, &readonly, why, sizeof(why));
	if (r != 0 && (c->once || c->check || c->remove))
		fprintf(stderr, "ipctop: settings file %s%s\n", r < 0 ? "not used: " : "", why);
	if (r < 0 && c->remove && !c->dry_run) {
		fputs("ipctop: --remove reads readonly from the settings file: "
		      "nothing removed\n", stderr);
		return EXIT_OPERR;
	}
	c->readonly |= readonly;
	if (c->min_age >= 0)
		c->health.min_age = c->min_age;
	if (c->queue_full)
		c->health.queue_full_pct = c->queue_full;
	if (c->limit_warn)
		c->health.limit_warn_pct = c->limit_warn;
	if (c->limit_crit)
		c->health.limit_crit_pct = c->limit_crit;
	if (c->rules)
		c->health.rules = c->rules;
	if (c->health.limit_warn_pct > c->health.limit_crit_pct)
		return usage_error("%s", "--limit-warn is above --limit-crit");
	return 0;
}

/* --check and --remove (cli.h): stdout through a wstream like --once. */
static int run_cli(struct cli *c, struct name_cache *names)
{
	struct source src;
	struct wstream ws;
	struct cli_opts co = {
		.src = &src, .out = &c->out, .health = &c->health, .dry_run = c->dry_run,
		.picks = c->picks, .npicks = c->npicks, .err_f = stderr,
		.ns = c->have_ns ? &c->ns : NULL,
	};
	int r, w;

	if (c->remove && c->readonly && !c->dry_run) {
		fprintf(stderr, "ipctop: read-only (%s): nothing removed\n",
			c->readonly_cli ? "--readonly" : "readonly = 1 in the settings file");
		return EXIT_OPERR;
	}
	source_init(&src, c->procfs);
	c->health.ns = collect_own_ipcns(&src);
	c->out.ctx.names = names;
	co.out_f = out_open(&ws);
	if (!co.out_f)
		return c->check ? CHECK_UNKNOWN : EXIT_OPERR;
	r = c->check ? cli_check(&co) : cli_remove(&co);
	w = out_close(co.out_f, &ws);
	if (w != 0)
		return c->check ? CHECK_UNKNOWN : EXIT_OPERR;
	return r;
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
	to.ns = c->have_ns ? &c->ns : NULL;
	to.history_s = c->history_s;
	c->health.ns = collect_own_ipcns(&src);
	to.health = &c->health;
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
	c.min_age = -1;
	c.procfs = "/proc";
	c.delay_ms = 0;   /* 0: the live view's saved interval, 1s at first */
	c.out.uid = -1;
	c.out.detail_id = -1;
	c.max_objects = -1;
	c.history_s = -1;
	r = parse_args(argc, argv, &c);
	if (r != 0) {
		/* a monitoring system reads stdout and knows 3 as UNKNOWN */
		if (asks_check(argc, argv)) {
			printf("IPCTOP UNKNOWN - usage error: %s\n", last_usage);
			return CHECK_UNKNOWN;
		}
		return r;
	}
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
	r = settings(&c);
	if (r != 0) {
		if (c.check && r == EXIT_USAGE) {
			printf("IPCTOP UNKNOWN - usage error: %s\n", last_usage);
			return CHECK_UNKNOWN;
		}
		return c.check ? CHECK_UNKNOWN : r;
	}
	names = names_new();
	if (!names) {
		fputs("ipctop: out of memory\n", stderr);
		return c.check ? CHECK_UNKNOWN : EXIT_OPERR;
	}
	if (c.prometheus || c.listen) {
		r = run_exporter(&c, names);
	} else if (c.once) {
		r = run_once(&c, names);
	} else if (c.check || c.remove) {
		r = run_cli(&c, names);
	} else {
		r = run_live(&c, names);
	}
	names_free(names);
	return r;
}
