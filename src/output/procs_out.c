/* --once sections for processes: signal state (--signals) and pipes
 * (--pipes), as a table (table, raw, export: written by table.c, as the
 * object lists are) or as JSON keys "signals" and "pipes". Reads only the
 * snapshot. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipctop/json.h"
#include "ipctop/output.h"
#include "ipctop/proc.h"
#include "ipctop/signals.h"

static bool proc_wanted(const struct proc *p, const struct output_opts *o)
{
	return o->uid < 0 || p->uid == (uint32_t)o->uid;
}

static void mask_text(uint64_t mask, char *buf, size_t len)
{
	if (!mask)
		snprintf(buf, len, "-");
	else
		sig_mask_names(mask, buf, len);
}

static void free_cells(char **cells, size_t n)
{
	for (size_t i = 0; cells && i < n; i++)
		free(cells[i]);
	free(cells);
}

#define NSIGCOLS 12

static int print_signals(FILE *f, const struct snapshot *s, const struct output_opts *o)
{
	static const char *const cols[NSIGCOLS] = {
		"PID", "TGID", "USER", "STATE", "COMM", "SIGQ",
		"PENDING", "SHDPND", "BLOCKED", "IGNORED", "CAUGHT", "WCHAN"
	};
	static const bool right[NSIGCOLS] = { true, true, false, false, false, true };
	char **cells = calloc(s->nprocs * NSIGCOLS + 1, sizeof(*cells));
	size_t n = 0;
	int r = 0;

	if (!cells)
		return -ENOMEM;
	for (size_t i = 0; i < s->nprocs && r == 0; i++) {
		const struct proc *p = &s->procs[i];
		char buf[NSIGCOLS][1024];
		uint64_t masks[5] = { p->pending, p->shdpnd, p->blocked, p->ignored, p->caught };

		if (!proc_wanted(p, o))
			continue;
		snprintf(buf[0], sizeof(buf[0]), "%d", p->pid);
		snprintf(buf[1], sizeof(buf[1]), "%d", p->tgid);
		snprintf(buf[2], sizeof(buf[2]), "%s", p->user);
		snprintf(buf[3], sizeof(buf[3]), "%c", p->state);
		snprintf(buf[4], sizeof(buf[4]), "%s", p->comm);
		if (p->sigq == IPC_UNKNOWN)
			snprintf(buf[5], sizeof(buf[5]), "?");
		else
			snprintf(buf[5], sizeof(buf[5]), "%lld/%lld", p->sigq, p->sigq_max);
		for (int m = 0; m < 5; m++)
			mask_text(masks[m], buf[6 + m], sizeof(buf[6 + m]));
		snprintf(buf[11], sizeof(buf[11]), "%s",
			 p->wchan[0] && strcmp(p->wchan, "0") != 0 ? p->wchan : "-");
		for (size_t c = 0; c < NSIGCOLS && r == 0; c++) {
			cells[n * NSIGCOLS + c] = strdup(buf[c]);
			if (!cells[n * NSIGCOLS + c])
				r = -ENOMEM;
		}
		n++;
	}
	if (r == 0)
		r = output_text_section(f, o, "Signals", "signal", cols, right, NSIGCOLS, cells, n);
	free_cells(cells, n * NSIGCOLS);
	return r;
}

#define NPIPECOLS 4

static int print_pipes(FILE *f, const struct snapshot *s, const struct output_opts *o)
{
	static const char *const cols[NPIPECOLS] = { "INODE", "PATH", "WRITERS", "READERS" };
	static const bool right[NPIPECOLS] = { true, false, false, false };
	char **cells = calloc(s->npipes * NPIPECOLS + 1, sizeof(*cells));
	size_t n = 0;
	int r = 0;

	if (!cells)
		return -ENOMEM;
	for (size_t i = 0; i < s->npipes && r == 0; i++) {
		const struct pipe_info *p = &s->pipes[i];
		char buf[NPIPECOLS][4096];

		snprintf(buf[0], sizeof(buf[0]), "%llu", p->inode);
		snprintf(buf[1], sizeof(buf[1]), "%s", p->path ? p->path : "-");
		proc_pids_text(s, p->writers, p->nwriters, buf[2], sizeof(buf[2]));
		proc_pids_text(s, p->readers, p->nreaders, buf[3], sizeof(buf[3]));
		for (size_t c = 0; c < NPIPECOLS && r == 0; c++) {
			cells[n * NPIPECOLS + c] = strdup(buf[c]);
			if (!cells[n * NPIPECOLS + c])
				r = -ENOMEM;
		}
		n++;
	}
	if (r == 0)
		r = output_text_section(f, o, "Pipes and FIFOs", "pipe", cols, right, NPIPECOLS, cells, n);
	free_cells(cells, n * NPIPECOLS);
	return r;
}

int output_procs_table(FILE *f, const struct snapshot *s, const struct output_opts *o)
{
	int r = 0;

	if (o->signals && s->have_procs)
		r = print_signals(f, s, o);
	if (r == 0 && o->pipes && s->have_pipes)
		r = print_pipes(f, s, o);
	return r;
}

static void json_mask(struct json *j, const char *key, uint64_t mask)
{
	char name[16];

	json_key(j, key);
	json_open(j, '[');
	for (int sig = 1; sig <= SIG_COUNT; sig++)
		if (sig_in(mask, sig))
			json_str(j, sig_name(sig, name, sizeof(name)));
	json_close(j, ']');
}

static void json_pids(struct json *j, const char *key, const int32_t *pids, size_t n)
{
	json_key(j, key);
	json_open(j, '[');
	for (size_t i = 0; i < n; i++)
		json_num(j, pids[i]);
	json_close(j, ']');
}

static void json_signals(struct json *j, const struct snapshot *s, const struct output_opts *o)
{
	json_key(j, "signals");
	json_open(j, '[');
	for (size_t i = 0; i < s->nprocs; i++) {
		const struct proc *p = &s->procs[i];
		char st[2] = { p->state, '\0' };

		if (!proc_wanted(p, o))
			continue;
		json_open(j, '{');
		json_key(j, "pid");
		json_num(j, p->pid);
		json_key(j, "tgid");
		json_num(j, p->tgid);
		json_key(j, "user");
		json_str(j, p->user);
		json_key(j, "comm");
		json_str(j, p->comm);
		json_key(j, "state");
		json_str(j, st);
		json_opt_num(j, "sigq", p->sigq);
		json_opt_num(j, "sigq_max", p->sigq_max);
		json_mask(j, "pending", p->pending);
		json_mask(j, "shdpnd", p->shdpnd);
		json_mask(j, "blocked", p->blocked);
		json_mask(j, "ignored", p->ignored);
		json_mask(j, "caught", p->caught);
		json_key(j, "wchan");
		if (p->wchan[0] && strcmp(p->wchan, "0") != 0)
			json_str(j, p->wchan);
		else
			json_null(j);
		json_close(j, '}');
	}
	json_close(j, ']');
}

static void json_pipes(struct json *j, const struct snapshot *s)
{
	json_key(j, "pipes");
	json_open(j, '[');
	for (size_t i = 0; i < s->npipes; i++) {
		const struct pipe_info *p = &s->pipes[i];

		json_open(j, '{');
		json_key(j, "inode");
		json_num(j, (long long)p->inode);
		json_key(j, "path");
		if (p->path)
			json_str(j, p->path);
		else
			json_null(j);
		json_pids(j, "writers", p->writers, p->nwriters);
		json_pids(j, "readers", p->readers, p->nreaders);
		json_close(j, '}');
	}
	json_close(j, ']');
}

void output_procs_json(struct json *j, const struct snapshot *s, const struct output_opts *o)
{
	if (o->signals && s->have_procs)
		json_signals(j, s, o);
	if (o->pipes && s->have_pipes)
		json_pipes(j, s);
}
