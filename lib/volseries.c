#include "volseries.h"

void volseries_init(struct volseries *s, const struct candle *first, const int64_t *win_ms,
		    int nwin, enum measure m)
{
	size_t w[BASELINE_MAX_WINDOWS];

	for (int i = 0; i < nwin; i++)
		w[i] = (size_t)(win_ms[i] / first->interval->ms);
	baseline_init(&s->bl, w, nwin);
	if (m == MEASURE_AUTO)
		m = first->has & CANDLE_QUOTE_VOLUME ? MEASURE_QUOTE : MEASURE_BASE;
	s->measure = m;
	s->have_last = 0;
	s->count_trades = 0;
}

void volseries_count_trades(struct volseries *s)
{
	baseline_init(&s->tr, s->bl.w, s->bl.nwin);
	s->count_trades = 1;
}

int volseries_trades_mean(const struct volseries *s, int i, double *mean)
{
	return s->count_trades && baseline_mean(&s->tr, i, mean);
}

/* The closed candle c joins the windows of trade counts. */
static void push_trades(struct volseries *s, const struct candle *c)
{
	if (c->has & CANDLE_TRADES) {
		baseline_push(&s->tr, (double)c->trades);
	} else {
		baseline_release(&s->tr);
		baseline_init(&s->tr, s->bl.w, s->bl.nwin);
	}
}

int volseries_add(struct volseries *s, const struct candle *c)
{
	int r = VOLSERIES_NEW;

	if (s->measure == MEASURE_QUOTE && !(c->has & CANDLE_QUOTE_VOLUME))
		return VOLSERIES_NO_QUOTE;
	if (s->have_last) {
		if (c->open_time < s->last.open_time)
			return VOLSERIES_OLDER;
		if (c->open_time > s->last.open_time) {
			/* The previous candle is complete: it joins the windows. */
			if (s->last.closed) {
				baseline_push(&s->bl, volseries_measure(s, &s->last));
				if (s->count_trades)
					push_trades(s, &s->last);
			}
		} else {
			r = VOLSERIES_UPDATE;
		}
	}
	s->last = *c;
	s->have_last = 1;
	return r;
}

void volseries_release(struct volseries *s)
{
	baseline_release(&s->bl);
	if (s->count_trades)
		baseline_release(&s->tr);
	s->count_trades = 0;
}
