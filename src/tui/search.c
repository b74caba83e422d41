/* Matching rows against search and filter text. System V rows use
 * field_match() (key, id, owner, pids), the same rule --once's users
 * know; the process panes match pid, command, user or path. */
#include <string.h>

#include "tui/state.h"

bool search_row_matches(struct tui *t, const struct pane *p, const void *obj,
			const char *needle)
{
	if (!needle[0])
		return true;
	if (pane_is_sysv(p))
		return field_match(pane_kind(p), &t->ctx, obj, needle);
	return procpane_match(p->id, t->cur, obj, needle);
}

/* Move the cursor to the first matching row at or after it (after it for
 * "next"), wrapping around. */
void search_jump(struct tui *t, bool from_next)
{
	struct pane *p = &t->panes[t->pane];

	if (!t->search[0] || p->nrows == 0)
		return;
	for (size_t i = 0; i < p->nrows; i++) {
		size_t r = (p->cursor + i + (from_next ? 1 : 0)) % p->nrows;
		if (search_row_matches(t, p, p->rows[r].obj, t->search)) {
			pane_set_cursor(p, r);
			t->msg[0] = '\0';
			return;
		}
	}
	tui_message(t, true, "no match for \"%s\"", t->search);
}
