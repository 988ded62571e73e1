/* Unit tests of src/backtest/entry.c: where a signal's position starts. */
#include <string.h>

#include "entry.h"
#include "unit.h"

#define H 14400000LL
#define T0 1795996800000LL    /* 2026-11-30 00:00 UTC */

int main(void)
{
	/* Candles 0, 1 and 3 of a 4h series (2 is missing). */
	struct candle_bar bars[] = {
		{ T0, T0 + H - 1, 100, 105, 99, 104 },
		{ T0 + H, T0 + 2 * H - 1, 104.5, 110, 103, 108 },
		{ T0 + 3 * H, T0 + 4 * H - 1, 107, 109, 101, 102 },
	};
	struct bt_series s;
	struct signal_in g;
	struct bt_entry e;

	memset(&s, 0, sizeof s);
	s.bar = bars;
	s.n = 3;
	memset(&g, 0, sizeof g);

	/* A signal on candle 0, detected at its close_time + 1 = T0 + 4h:
	 * next-open enters at candle 1's open 104.5 at T0 + 4h; close enters
	 * at the signal's price 104 at T0 + 4h, exits tested from candle 1. */
	g.open_time = T0;
	g.detected_at = T0 + H;
	g.price = 104;
	CHECK_INT(bt_entry_find(&s, &g, BT_ENTRY_NEXT_OPEN, &e), 0);
	CHECK_INT(e.bar, 1);
	CHECK_INT(e.time, T0 + H);
	CHECK_NUM(e.price, 104.5);
	CHECK_INT(e.at_open, 1);
	CHECK_INT(bt_entry_find(&s, &g, BT_ENTRY_CLOSE, &e), 0);
	CHECK_INT(e.bar, 1);
	CHECK_INT(e.time, T0 + H);
	CHECK_NUM(e.price, 104);
	CHECK_INT(e.at_open, 0);

	/* A signal on candle 1: candle 2 is missing, so the first candle
	 * opening at or after T0 + 8h is candle 3 (T0 + 12h), open 107. */
	g.open_time = T0 + H;
	g.detected_at = T0 + 2 * H;
	CHECK_INT(bt_entry_find(&s, &g, BT_ENTRY_NEXT_OPEN, &e), 0);
	CHECK_INT(e.bar, 2);
	CHECK_INT(e.time, T0 + 3 * H);
	CHECK_NUM(e.price, 107);

	/* A forming signal detected inside candle 1 (as_of T0 + 5h): the
	 * next open is candle 3's. */
	g.detected_at = T0 + H + 3600000LL;
	CHECK_INT(bt_entry_find(&s, &g, BT_ENTRY_NEXT_OPEN, &e), 0);
	CHECK_INT(e.bar, 2);

	/* A signal on the last candle: the input ends first. */
	g.open_time = T0 + 3 * H;
	g.detected_at = T0 + 4 * H;
	CHECK_INT(bt_entry_find(&s, &g, BT_ENTRY_NEXT_OPEN, &e), -1);
	CHECK_INT(bt_entry_find(&s, &g, BT_ENTRY_CLOSE, &e), -1);
	UNIT_END();
}
