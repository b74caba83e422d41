/* Matching rows against search and filter text, through field_match():
 * each kind's columns say how they match (a key in hex or decimal, an id,
 * an owner, a pid or its command, a path). */
#include <string.h>

#include "tui/state.h"

bool search_row_matches(struct tui *t, const struct pane *p, const void *obj,
			const char *needle)
{
	if (!needle[0])
		return true;
	return field_match(p->kind, &t->ctx, obj, needle);
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
