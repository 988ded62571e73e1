/* baserate: the base rate the hit rate is measured against (cb-backtest(1),
 * summary: hit_rate_pct, base_rate_pct, lift). A hypothetical signal on
 * every candle of a series enters at the next candle's open, with the
 * same exit rules and slippage, and no portfolio limits; the base rate is
 * the share of those trades that exit by take-profit, leaving out those
 * the input ends before (an "end" exit), as the hit rate does. */
#ifndef CB_BASERATE_H
#define CB_BASERATE_H

#include <stddef.h>

#include "fill.h"

/* Trades counted (end exits left out) and, of them, take-profit exits. */
struct base_count {
	size_t trades, hits;
};

/* Add to *c the hypothetical trades of a series: for each candle i but the
 * last, a side (+1 long, -1 short) entry at the open of candle i + 1 (the
 * first opening at or after candle i's close_time + 1, as bar[] holds one
 * series' closed candles in open_time order), filled with slippage_bps
 * against the trade, then fill_exit_in_candle candle by candle from the
 * entry candle on. Allocates nothing; takes time in n times the candles a
 * trade is held. */
void base_rate_series(const struct candle_bar *bar, size_t n, int side,
		      const struct exit_rules *r, double slippage_bps, struct base_count *c);

#endif
