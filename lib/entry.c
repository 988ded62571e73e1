/* entry: where a signal's position starts (entry.h). */
#include "entry.h"

int bt_entry_find(const struct bt_series *s, const struct signal_in *g, enum bt_entry_mode m,
		  struct bt_entry *e)
{
	size_t i = bt_series_first_open(s, g->detected_at);

	if (i >= s->n)
		return -1;
	e->bar = i;
	if (m == BT_ENTRY_CLOSE) {
		e->time = g->detected_at;
		e->price = g->price;
		e->at_open = 0;
	} else {
		e->time = s->bar[i].open_time;
		e->price = s->bar[i].open;
		e->at_open = 1;
	}
	return 0;
}
