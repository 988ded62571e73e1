/* Unit tests of src/backtest/baserate.c: the take-profit share of a
 * hypothetical signal on every candle, worked out by hand. */
#include "baserate.h"
#include "unit.h"

#define H 14400000LL
#define T0 1795996800000LL    /* 2026-11-30 00:00 UTC */

/* Six 4h candles (open, high, low, close):
 *   0: 100    101    99   100
 *   1: 100    110.03 99   110
 *   2: 110    110.04 108  109
 *   3: 109    110    90   92
 *   4: 92     102    91   101
 *   5: 101    105    100  104
 * Stop 15 %, target 10 %, 7 days (never reached here). */
static const struct candle_bar bars[] = {
	{ T0, T0 + H - 1, 100, 101, 99, 100 },
	{ T0 + H, T0 + 2 * H - 1, 100, 110.03, 99, 110 },
	{ T0 + 2 * H, T0 + 3 * H - 1, 110, 110.04, 108, 109 },
	{ T0 + 3 * H, T0 + 4 * H - 1, 109, 110, 90, 92 },
	{ T0 + 4 * H, T0 + 5 * H - 1, 92, 102, 91, 101 },
	{ T0 + 5 * H, T0 + 6 * H - 1, 101, 105, 100, 104 },
};

int main(void)
{
	struct exit_rules r;
	struct base_count c = { 0, 0 };

	exit_rules_default(&r);

	/* Long, no slippage. Signal on candle
	 *   0: in at 100 (candle 1), target 110: high 110.03 reaches it: hit;
	 *   1: in at 110, stop 93.5: candle 3's low 90: stop;
	 *   2: in at 109, stop 92.65: candle 3's low 90: stop;
	 *   3: in at 92, target 101.2: candle 4's high 102: hit;
	 *   4: in at 101 (candle 5): nothing by the end: left out;
	 *   5: no next candle: no trade.
	 * 2 hits of 4. */
	base_rate_series(bars, 6, 1, &r, 0, &c);
	CHECK_INT(c.trades, 4);
	CHECK_INT(c.hits, 2);

	/* Long, 5 bps: signal 0 enters at 100.05, target 110.055: candles 1
	 * (110.03) and 2 (110.04) fall short, nothing hits: left out. Signal 3
	 * enters at 92.046, target 101.2506: high 102: hit. 1 hit of 3. */
	c.trades = c.hits = 0;
	base_rate_series(bars, 6, 1, &r, 5, &c);
	CHECK_INT(c.trades, 3);
	CHECK_INT(c.hits, 1);

	/* Short, no slippage. Signal on candle
	 *   0: short at 100, target 90: candle 3's low 90: hit;
	 *   1: short at 110, target 99: candle 3: hit;
	 *   2: short at 109, target 98.1: candle 3 (its entry candle): hit;
	 *   3: short at 92, target 82.8, stop 105.8: nothing: left out;
	 *   4: short at 101: left out.
	 * 3 hits of 3; the counts add to what c held. */
	c.trades = 10;
	c.hits = 1;
	base_rate_series(bars, 6, -1, &r, 0, &c);
	CHECK_INT(c.trades, 13);
	CHECK_INT(c.hits, 4);

	/* Time exits count as trades that did not hit: max hold 4h exits
	 * every trade at its entry candle's close unless a level comes first:
	 * signal 0 hits in candle 1; 1 (in at 110, candle 2): time; 2 (in at
	 * 109, candle 3): stop; 3 (in at 92, candle 4): hit; 4 (in at 101,
	 * candle 5): time. 2 hits of 5. */
	r.max_hold_ms = 4 * 3600000LL;
	c.trades = c.hits = 0;
	base_rate_series(bars, 6, 1, &r, 0, &c);
	CHECK_INT(c.trades, 5);
	CHECK_INT(c.hits, 2);

	/* Fewer than two candles: no trade. */
	c.trades = c.hits = 0;
	base_rate_series(bars, 1, 1, &r, 0, &c);
	base_rate_series(bars, 0, 1, &r, 0, &c);
	CHECK_INT(c.trades, 0);
	UNIT_END();
}
