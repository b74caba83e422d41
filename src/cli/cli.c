/* --check and --remove. Both start like --once (one collection, through
 * the same selection of rows, output_rows()), then either judge the
 * findings for monitoring or hand each selected object to act_remove(),
 * which re-reads it and compares its whole identity right before
 * removing it. Objects of another IPC namespace (--ns) come from a
 * collection made in that namespace: each run here takes its source and
 * works on what one collection lists. */
#define _GNU_SOURCE
#include "ipctop/cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ipctop/act.h"
#include "ipctop/collect.h"
#include "ipctop/errors.h"
#include "ipctop/health.h"
#include "ipctop/kind.h"
#include "ipctop/output.h"
#include "ipctop/procs.h"
#include "ipctop/vec.h"

/* One collection: the object lists (those c->out wants; every object
 * kind with all), the processes behind them, what the rules read beyond
 * that, and the findings. 0, or -errno with the cause in why. */
static int gather(const struct cli_opts *c, struct snapshot *s, bool all, unsigned needs,
		  bool limits, char *why, size_t len)
{
	struct collect_opts co;
	size_t nk;
	const struct kind *const *kinds = kinds_all(&nk);
	char warn[256];
	int r;

	collect_opts_init(&co);
	co.needs = needs;
	co.limits = limits;
	for (size_t i = 0; i < nk; i++)
		co.want[kinds[i]->id] = (kinds[i]->flags & KIND_OBJECT) && kinds[i]->list &&
					(all || c->out->want[kinds[i]->id]);
	snapshot_init(s);
	(void)collect_view(s, c->src, c->ns, &co, warn, sizeof(warn));
	if (warn[0])
		fprintf(c->err_f, "ipctop: %s\n", warn);
	for (size_t i = 0; i < nk; i++) {
		const struct objlist *l = &s->list[kinds[i]->id];

		if (co.want[kinds[i]->id] && l->err < 0) {
			snprintf(why, len, "cannot read the %s list: %s", kinds[i]->name,
				 ipctop_strerror(l->err));
			return l->err;
		}
	}
	if (limits && !s->have_limits) {
		snprintf(why, len, "cannot read the IPC limits");
		return -EIO;
	}
	if (needs & (NEED_USERS | NEED_PROCS)) {
		char bad[512] = "";
		struct procs_opts po = {
			.src = c->src, .users = (needs & NEED_USERS) != 0,
			.err_path = bad, .err_path_len = sizeof(bad),
		};

		r = procs_collect(s, &po, NULL);
		if (r < 0) {
			snprintf(why, len, "cannot read processes: %s%s%s", bad, *bad ? ": " : "",
				 procs_strerror(r));
			return r;
		}
	}
	r = collect_health(s, c->src, needs);
	if (r == 0)
		r = health_compute(s, c->health);
	if (r < 0) {
		snprintf(why, len, "%s", strerror(-r));
		return r;
	}
	c->out->ctx.snap = s;
	c->out->ctx.now = s->taken.tv_sec;
	return 0;
}

int cli_check(const struct cli_opts *c)
{
	struct snapshot s;
	char why[512];
	int r = gather(c, &s, true, health_needs(c->health), health_needs_limits(c->health),
		       why, sizeof(why));

	if (r < 0) {
		fprintf(c->out_f, "IPCTOP UNKNOWN - %s\n", why);
		snapshot_free(&s);
		return CHECK_UNKNOWN;
	}
	r = output_plugin(c->out_f, &s, c->out, c->health);
	c->out->ctx.snap = NULL;
	snapshot_free(&s);
	return r < 0 ? CHECK_UNKNOWN : r;
}

struct target {
	const struct kind *k;
	void *obj;
};

/* Add obj (of k) to the list once. */
static int add_target(struct target **v, size_t *n, size_t *cap, const struct kind *k,
		      const void *obj)
{
	struct target t = { k, (void *)obj };

	for (size_t i = 0; i < *n; i++)
		if ((*v)[i].obj == obj)
			return 0;
	return VEC_PUSH(*v, *n, *cap, t);
}

/* What -q ID and its kin name: each must be an object the selection
 * lists. 0, or 1 when some named nothing (said on err_f). */
static int pick_targets(const struct cli_opts *c, const struct snapshot *s,
			struct target **v, size_t *n, size_t *cap)
{
	int rc = 0;

	for (size_t p = 0; p < c->npicks; p++) {
		const struct kind *k = kind_get(c->picks[p].k);
		size_t m;
		const void **rows = k ? output_rows(s, k, c->out, &m) : NULL;
		bool found = false;

		if (!rows)
			return -ENOMEM;
		for (size_t i = 0; i < m && !found; i++) {
			if (k->id_field && k->id_field->num && k->id_field->num(rows[i]) == c->picks[p].id) {
				found = true;
				if (add_target(v, n, cap, k, rows[i]) < 0) {
					free(rows);
					return -ENOMEM;
				}
			}
		}
		free(rows);
		if (!found) {
			fprintf(c->err_f, "ipctop: no %s with id %lld%s: not removed\n", k->word,
				c->picks[p].id, c->out->uid >= 0 || c->out->has_key ||
				c->out->health_rules ? " that matches the selection" : "");
			rc = 1;
		}
	}
	return rc;
}

/* Every object of the kinds chosen that the selection lists. */
static int select_targets(const struct cli_opts *c, const struct snapshot *s,
			  struct target **v, size_t *n, size_t *cap)
{
	size_t nk;
	const struct kind *const *kinds = kinds_all(&nk);

	for (size_t i = 0; i < nk; i++) {
		const struct kind *k = kinds[i];
		size_t m;
		const void **rows;

		if (!(k->flags & KIND_OBJECT) || !k->remove || !c->out->want[k->id])
			continue;
		rows = output_rows(s, k, c->out, &m);
		if (!rows)
			return -ENOMEM;
		for (size_t j = 0; j < m; j++) {
			if (add_target(v, n, cap, k, rows[j]) < 0) {
				free(rows);
				return -ENOMEM;
			}
		}
		free(rows);
	}
	return 0;
}

/* The object's loss text, each line indented under it. */
static void print_loss(FILE *f, const struct kind *k, const struct field_ctx *ctx,
		       const void *obj)
{
	char buf[4096];
	const char *p = buf;

	if (!k->loss)
		return;
	buf[0] = '\0';
	k->loss(obj, ctx, buf, sizeof(buf));
	while (*p) {
		size_t len = strcspn(p, "\n");
		fprintf(f, "  %.*s\n", (int)len, p);
		p += len + (p[len] == '\n');
	}
}

int cli_remove(const struct cli_opts *c)
{
	struct snapshot s;
	struct target *v = NULL;
	size_t n = 0, cap = 0;
	char why[512];
	unsigned needs = output_needs(c->out) | NEED_USERS | NEED_PROCS;
	int rc, r;

	/* the health rules' needs only for --health RULE's findings */
	if (c->out->health_rules)
		needs |= health_needs(c->health);
	r = gather(c, &s, false, needs, false, why, sizeof(why));
	if (r < 0) {
		fprintf(c->err_f, "ipctop: %s: nothing removed\n", why);
		snapshot_free(&s);
		return 1;
	}
	rc = c->npicks ? pick_targets(c, &s, &v, &n, &cap) : select_targets(c, &s, &v, &n, &cap);
	if (rc < 0) {
		fprintf(c->err_f, "ipctop: %s: nothing removed\n", strerror(-rc));
		rc = 1;
		n = 0;
	}
	if (n == 0 && !c->npicks && rc == 0) {
		if (c->out->detail_id >= 0 || c->out->has_key) {
			fprintf(c->err_f, "ipctop: no object has that %s: nothing removed\n",
				c->out->detail_id >= 0 ? "id" : "key");
			rc = 1;
		} else {
			fprintf(c->out_f, "nothing selected: nothing removed\n");
		}
	}
	for (size_t i = 0; i < n; i++) {
		const struct kind *k = v[i].k;
		struct act_target t;
		char desc[1024], msg[1024];

		/* what the text says (a set's values) is read as it is now */
		collect_details(&s, c->src, k, &v[i].obj, 1);
		ident_of(&t.ident, k, v[i].obj);
		field_describe(k, &c->out->ctx, v[i].obj, desc, sizeof(desc));
		if (c->dry_run) {
			fprintf(c->out_f, "would remove %s\n", desc);
			print_loss(c->out_f, k, &c->out->ctx, v[i].obj);
			continue;
		}
		r = act_remove_in(&s, c->src, &t, msg, sizeof(msg));
		if (r == 0) {
			fprintf(c->out_f, "%s\n", msg);
			print_loss(c->out_f, k, &c->out->ctx, v[i].obj);
		} else {
			fprintf(c->err_f, "ipctop: %s\n", msg);
			rc = 1;
		}
	}
	free(v);
	c->out->ctx.snap = NULL;
	snapshot_free(&s);
	return rc;
}
