/* baserate: take-profit share of a signal on every candle (baserate.h). */
#include "baserate.h"

void base_rate_series(const struct candle_bar *bar, size_t n, int side,
		      const struct exit_rules *r, double slippage_bps, struct base_count *c)
{
	for (size_t j = 1; j < n; j++) {
		struct position p;
		struct exit e;

		fill_open(&p, side, fill_entry_price(side, bar[j].open, slippage_bps), 1,
			  bar[j].open_time, 1);
		for (size_t k = j; k < n; k++) {
			if (fill_exit_in_candle(&p, &bar[k], r, &e)) {
				c->trades++;
				c->hits += e.reason == EXIT_TAKE_PROFIT;
				break;
			}
			fill_after_candle(&p, &bar[k], &e);
		}
	}
}
