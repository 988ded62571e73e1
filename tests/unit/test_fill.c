/* Unit tests of lib/fill.c: fill prices with slippage, fees, funding, and
 * the exits of one candle (gaps at the open, levels inside a candle, the
 * trailing stop from completed candles, time), long and short. Expected
 * values are worked out by hand in the comments. */
#include <stdint.h>

#include "fill.h"
#include "unit.h"

#define H 14400000LL          /* one 4h candle in ms */
#define T0 1795996800000LL    /* 2026-11-30 00:00 UTC */

/* The 4h candle k after T0, with its prices. */
static struct candle_bar bar(int k, double o, double h, double l, double c)
{
	struct candle_bar b = { T0 + k * H, T0 + (k + 1) * H - 1, o, h, l, c };

	return b;
}

/* Rules: stop 15, target 10, trailing tr, max hold hold. */
static struct exit_rules rules(double tr, int64_t hold)
{
	struct exit_rules r;

	exit_rules_default(&r);
	r.trailing_pct = tr;
	r.max_hold_ms = hold;
	return r;
}

static void prices_and_costs(void)
{
	/* 100 * (10000 + 5) / 10000 = 1000500 / 10000 = 100.05 (a long buys). */
	CHECK_NUM(fill_entry_price(1, 100, 5), 100.05);
	/* A long sells at 110 * 9995 / 10000 = 109.945. */
	CHECK_NUM(fill_exit_price(1, 110, 5), 109.945);
	/* A short sells at entry: 100 * 9995 / 10000 = 99.95; buys back at
	 * 90 * 10005 / 10000 = 90.045. */
	CHECK_NUM(fill_entry_price(-1, 100, 5), 99.95);
	CHECK_NUM(fill_exit_price(-1, 90, 5), 90.045);
	CHECK_NUM(fill_entry_price(1, 100, 0), 100);
	/* Fee 5 bps on 1000.5: 1000.5 * 5 / 10000 = 0.50025. */
	CHECK_NUM(fill_fee(1000.5, 5), 0.50025);
	CHECK_NUM(fill_fee(1000, 0), 0);
	/* Slippage paid: 10 * (100.05 - 100) = 0.5. */
	CHECK_NEAR(fill_slippage_cost(10, 100, 100.05), 0.5, 1e-12);
	CHECK_NEAR(fill_slippage_cost(10, 100, 99.95), 0.5, 1e-12);
	/* Gross: long 10 * (110 - 100) = 100; short 10 * (100 - 90) = 100;
	 * short losing 10 * (100 - 115) = -150. */
	CHECK_NUM(fill_gross_pnl(1, 10, 100, 110), 100);
	CHECK_NUM(fill_gross_pnl(-1, 10, 100, 90), 100);
	CHECK_NUM(fill_gross_pnl(-1, 10, 100, 115), -150);
	/* Funding at rate 0.0001 on 10 at 100: notional 1000, payment 0.1; a
	 * long pays it, a short receives it; a negative rate the other way. */
	CHECK_NEAR(fill_funding(1, 10, 100, 0.0001), -0.1, 1e-12);
	CHECK_NEAR(fill_funding(-1, 10, 100, 0.0001), 0.1, 1e-12);
	CHECK_NEAR(fill_funding(1, 10, 100, -0.0002), 0.2, 1e-12);
}

static void levels(void)
{
	struct exit_rules r = rules(5, 0);
	struct position p;

	/* Long at 100: stop 100 * 85 / 100 = 85, target 100 * 110 / 100 = 110,
	 * trailing from the entry 100 * 95 / 100 = 95. */
	fill_open(&p, 1, 100, 10, T0, 1);
	CHECK_NUM(fill_stop_level(&p, &r), 85);
	CHECK_NUM(fill_target_level(&p, &r), 110);
	CHECK_NUM(fill_trailing_level(&p, &r), 95);
	CHECK_NUM(p.hi, 100);
	CHECK_NUM(p.lo, 100);
	CHECK_NUM(p.last_close, 100);
	/* Best high 120: trailing 120 * 95 / 100 = 114. */
	p.hi = 120;
	CHECK_NUM(fill_trailing_level(&p, &r), 114);
	/* Short at 100: stop 115, target 90, trailing from lowest low 80:
	 * 80 * 105 / 100 = 84. */
	fill_open(&p, -1, 100, 10, T0, 1);
	CHECK_NUM(fill_stop_level(&p, &r), 115);
	CHECK_NUM(fill_target_level(&p, &r), 90);
	p.lo = 80;
	CHECK_NUM(fill_trailing_level(&p, &r), 84);
	/* Rules off: NaN levels. */
	r.stop_loss_pct = 0;
	r.take_profit_pct = 0;
	r.trailing_pct = 0;
	CHECK(isnan(fill_stop_level(&p, &r)));
	CHECK(isnan(fill_target_level(&p, &r)));
	CHECK(isnan(fill_trailing_level(&p, &r)));
	/* Entry fill 100.05: target 100.05 * 110 / 100 = 110.055. */
	exit_rules_default(&r);
	fill_open(&p, 1, 100.05, 10, T0, 1);
	CHECK_NEAR(fill_target_level(&p, &r), 110.055, 1e-15);
	CHECK_NEAR(fill_stop_level(&p, &r), 85.0425, 1e-15);
}

/* Long at 100 entered at the open of candle 0 (T0). Stop 85, target 110. */
static void long_exits(void)
{
	struct exit_rules r = rules(0, 0);
	struct position p;
	struct exit e;
	struct candle_bar b;

	fill_open(&p, 1, 100, 10, T0, 1);

	/* The entry candle, inside the levels: stays open. */
	b = bar(0, 100, 105, 95, 102);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 0);
	CHECK_INT(e.reason, EXIT_NONE);
	CHECK(isnan(e.price));

	/* The entry candle's own open is no gap, even below the stop: the
	 * low 80 reaches the stop inside the candle, at 85. */
	b = bar(0, 80, 101, 80, 90);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 1);
	CHECK_INT(e.reason, EXIT_STOP);
	CHECK_INT(e.at_open, 0);
	CHECK_NUM(e.price, 85);
	CHECK_INT(e.time, T0);

	/* Candle 1 gaps down through the stop: out at the open 80. */
	b = bar(1, 80, 82, 78, 81);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 1);
	CHECK_INT(e.reason, EXIT_STOP);
	CHECK_INT(e.at_open, 1);
	CHECK_NUM(e.price, 80);
	CHECK_INT(e.time, T0 + H);

	/* An open exactly at the stop is "at or beyond": out at 85. */
	b = bar(1, 85, 90, 84, 88);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 1);
	CHECK_INT(e.reason, EXIT_STOP);
	CHECK_INT(e.at_open, 1);
	CHECK_NUM(e.price, 85);

	/* Candle 1 gaps up through the target: out at the open 115, even
	 * though its low 84 is below the stop (the open comes first). */
	b = bar(1, 115, 118, 84, 117);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 1);
	CHECK_INT(e.reason, EXIT_TAKE_PROFIT);
	CHECK_INT(e.at_open, 1);
	CHECK_NUM(e.price, 115);
	CHECK_INT(e.time, T0 + H);

	/* Inside: the low 84 reaches the stop: at 85. */
	b = bar(1, 100, 105, 84, 86);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 1);
	CHECK_INT(e.reason, EXIT_STOP);
	CHECK_INT(e.at_open, 0);
	CHECK_NUM(e.price, 85);
	CHECK_INT(e.time, T0 + H);

	/* Inside: the high 111 reaches the target: at 110. */
	b = bar(1, 100, 111, 90, 108);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 1);
	CHECK_INT(e.reason, EXIT_TAKE_PROFIT);
	CHECK_INT(e.at_open, 0);
	CHECK_NUM(e.price, 110);

	/* Exactly at the levels counts: low 85 is the stop, high 110 the target. */
	b = bar(1, 100, 109, 85, 100);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 1);
	CHECK_INT(e.reason, EXIT_STOP);
	b = bar(1, 100, 110, 86, 100);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 1);
	CHECK_INT(e.reason, EXIT_TAKE_PROFIT);

	/* Both in one candle (low 84, high 111): the stop wins, at 85. */
	b = bar(1, 100, 111, 84, 108);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 1);
	CHECK_INT(e.reason, EXIT_STOP);
	CHECK_NUM(e.price, 85);

	/* Rules off: no stop, no target. */
	r.stop_loss_pct = 0;
	r.take_profit_pct = 0;
	b = bar(1, 1, 1000, 0.5, 2);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 0);
}

/* Short at 100 entered at the open of candle 0. Stop 115, target 90. */
static void short_exits(void)
{
	struct exit_rules r = rules(0, 0);
	struct position p;
	struct exit e;
	struct candle_bar b;

	fill_open(&p, -1, 100, 10, T0, 1);

	b = bar(0, 100, 105, 95, 98);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 0);

	/* Gap up through the stop: out at the open 120. */
	b = bar(1, 120, 125, 118, 121);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 1);
	CHECK_INT(e.reason, EXIT_STOP);
	CHECK_INT(e.at_open, 1);
	CHECK_NUM(e.price, 120);

	/* Gap down through the target: out at the open 85. */
	b = bar(1, 85, 87, 80, 86);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 1);
	CHECK_INT(e.reason, EXIT_TAKE_PROFIT);
	CHECK_INT(e.at_open, 1);
	CHECK_NUM(e.price, 85);

	/* Inside: the high 116 reaches the stop, at 115. */
	b = bar(1, 100, 116, 95, 110);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 1);
	CHECK_INT(e.reason, EXIT_STOP);
	CHECK_INT(e.at_open, 0);
	CHECK_NUM(e.price, 115);

	/* Inside: the low 89 reaches the target, at 90. */
	b = bar(1, 100, 105, 89, 92);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 1);
	CHECK_INT(e.reason, EXIT_TAKE_PROFIT);
	CHECK_INT(e.at_open, 0);
	CHECK_NUM(e.price, 90);

	/* Both: the stop wins, at 115. */
	b = bar(1, 100, 116, 89, 100);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 1);
	CHECK_INT(e.reason, EXIT_STOP);
	CHECK_NUM(e.price, 115);
}

/* Trailing 5 %, target off (so the run-up does not take profit). */
static void trailing(void)
{
	struct exit_rules r = rules(5, 0);
	struct position p;
	struct exit e;
	struct candle_bar b;

	r.take_profit_pct = 0;
	fill_open(&p, 1, 100, 10, T0, 1);

	/* Entry candle: trailing level from the entry, 95; the candle's own
	 * high 120 does not move it, and the low 101 stays above 95. */
	b = bar(0, 100, 120, 101, 118);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 0);
	fill_after_candle(&p, &b, &e);
	CHECK_NUM(p.hi, 120);
	CHECK_NUM(p.lo, 100);   /* the entry fill 100 is below the low 101 */
	CHECK_NUM(p.last_close, 118);

	/* Candle 1: level 120 * 95 / 100 = 114 from the completed candle 0.
	 * Its own high 130 would make 123.5 and take it out at the low 123;
	 * it must not: 123 > 114, it stays. */
	b = bar(1, 118, 130, 123, 128);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 0);
	/* A low of 113 reaches 114: trailing exit at 114. */
	b = bar(1, 118, 125, 113, 115);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 1);
	CHECK_INT(e.reason, EXIT_TRAILING);
	CHECK_INT(e.at_open, 0);
	CHECK_NUM(e.price, 114);
	CHECK_INT(e.time, T0 + H);
	/* An open of 112 is already below 114: out at the open. */
	b = bar(1, 112, 116, 110, 115);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 1);
	CHECK_INT(e.reason, EXIT_TRAILING);
	CHECK_INT(e.at_open, 1);
	CHECK_NUM(e.price, 112);
	/* The stop comes before the trailing stop: low 84 reaches both the
	 * stop 85 and the trailing level 114; the order gives stop. */
	b = bar(1, 118, 119, 84, 90);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 1);
	CHECK_INT(e.reason, EXIT_STOP);
	CHECK_NUM(e.price, 85);

	/* Candle 1 completed without exit (high 130, low 123): now the level
	 * is 130 * 95 / 100 = 123.5. */
	b = bar(1, 118, 130, 123, 128);
	fill_after_candle(&p, &b, NULL);
	CHECK_NUM(p.hi, 130);
	CHECK_NUM(fill_trailing_level(&p, &r), 123.5);

	/* Short, trailing 5 %: lowest low 80 gives 84; a high of 85 reaches it. */
	fill_open(&p, -1, 100, 10, T0, 1);
	b = bar(0, 100, 100, 80, 82);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 0);
	fill_after_candle(&p, &b, &e);
	CHECK_NUM(p.lo, 80);
	b = bar(1, 82, 85, 81, 84);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 1);
	CHECK_INT(e.reason, EXIT_TRAILING);
	CHECK_NUM(e.price, 84);
	/* Gap: open 86 is at or beyond 84: out at 86. */
	b = bar(1, 86, 87, 83, 84);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 1);
	CHECK_INT(e.reason, EXIT_TRAILING);
	CHECK_INT(e.at_open, 1);
	CHECK_NUM(e.price, 86);
}

static void time_exit(void)
{
	/* Max hold 12h, entry at the open of candle 0 (T0): the first candle
	 * with close_time + 1 >= T0 + 12h is candle 2 (close_time + 1 = T0 +
	 * 3 * 4h); it exits at its close 103, at T0 + 12h. */
	struct exit_rules r = rules(0, 12 * 3600000LL);
	struct position p;
	struct exit e;
	struct candle_bar b;

	fill_open(&p, 1, 100, 10, T0, 1);
	b = bar(1, 100, 104, 96, 101);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 0);
	b = bar(2, 101, 105, 97, 103);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 1);
	CHECK_INT(e.reason, EXIT_TIME);
	CHECK_INT(e.at_open, 0);
	CHECK_NUM(e.price, 103);
	CHECK_INT(e.time, T0 + 3 * H);
	/* A level in that candle comes first: high 111 is the target. */
	b = bar(2, 101, 111, 97, 103);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 1);
	CHECK_INT(e.reason, EXIT_TAKE_PROFIT);

	/* Max hold 4h: the entry candle itself is the first to reach it
	 * (close_time + 1 = T0 + 4h): out at its close. */
	r.max_hold_ms = 4 * 3600000LL;
	b = bar(0, 100, 104, 96, 102);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 1);
	CHECK_INT(e.reason, EXIT_TIME);
	CHECK_NUM(e.price, 102);
	CHECK_INT(e.time, T0 + H);

	/* Default 7 days of 4h candles: 42 candles; candle 40 stays, candle
	 * 41 (close_time + 1 = T0 + 42 * 4h = T0 + 7d) exits. */
	r.max_hold_ms = 7 * 86400000LL;
	b = bar(40, 100, 101, 99, 100);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 0);
	b = bar(41, 100, 101, 99, 100.5);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 1);
	CHECK_INT(e.reason, EXIT_TIME);
	CHECK_INT(e.time, T0 + 7 * 86400000LL);

	/* Entry at a close (--entry close): entered at detected_at = T0, not
	 * at an open, so the first candle's open (T0) is a gap: open 80 is
	 * beyond the stop 85. With max hold 4h, that candle is also the
	 * time exit; the stop at the open comes first. */
	fill_open(&p, 1, 100, 10, T0, 0);
	r.max_hold_ms = 4 * 3600000LL;
	b = bar(0, 80, 90, 79, 88);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 1);
	CHECK_INT(e.reason, EXIT_STOP);
	CHECK_INT(e.at_open, 1);
	CHECK_NUM(e.price, 80);
	b = bar(0, 99, 101, 98, 100.5);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 1);
	CHECK_INT(e.reason, EXIT_TIME);
	CHECK_NUM(e.price, 100.5);
	CHECK_INT(e.time, T0 + H);

	/* Max hold 0: no time limit. */
	r.max_hold_ms = 0;
	b = bar(1000, 100, 101, 99, 100);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 0);
}

static void excursions(void)
{
	struct exit_rules r = rules(0, 0);
	struct position p;
	struct exit e;
	struct candle_bar b;

	/* Long at 100: candle 0 (high 105, low 95) completes; candle 1 opens
	 * at 90 and falls to the stop 85 (its low 70 is after the exit and is
	 * not the trade's). hi 105, lo 85: MFE 5 %, MAE 15 %. */
	fill_open(&p, 1, 100, 10, T0, 1);
	b = bar(0, 100, 105, 95, 98);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 0);
	fill_after_candle(&p, &b, &e);
	b = bar(1, 90, 108, 70, 75);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 1);
	CHECK_NUM(e.price, 85);
	fill_after_candle(&p, &b, &e);
	CHECK_NUM(p.hi, 105);
	CHECK_NUM(p.lo, 85);
	CHECK_NUM(p.last_close, 75);
	CHECK_NUM(fill_mfe_pct(&p), 5);
	CHECK_NUM(fill_mae_pct(&p), 15);

	/* A gap exit at the open takes in only the open: open 80, low 60. */
	fill_open(&p, 1, 100, 10, T0, 1);
	b = bar(1, 80, 82, 60, 70);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 1);
	fill_after_candle(&p, &b, &e);
	CHECK_NUM(p.lo, 80);
	CHECK_NUM(fill_mae_pct(&p), 20);
	CHECK_NUM(fill_mfe_pct(&p), 0);
	CHECK(!signbit(fill_mfe_pct(&p)));

	/* A time exit takes in the whole candle: 12h hold, candle 2 high 108,
	 * low 93 → MFE 8, MAE 7. */
	r = rules(0, 12 * 3600000LL);
	fill_open(&p, 1, 100, 10, T0, 1);
	b = bar(2, 100, 108, 93, 101);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 1);
	CHECK_INT(e.reason, EXIT_TIME);
	fill_after_candle(&p, &b, &e);
	CHECK_NUM(fill_mfe_pct(&p), 8);
	CHECK_NUM(fill_mae_pct(&p), 7);

	/* Short at 100: candle 0 low 92 completes; candle 1 opens 104 and
	 * rises to the stop 115. MFE (100 - 92) = 8 %, MAE (115 - 100) = 15 %. */
	r = rules(0, 0);
	fill_open(&p, -1, 100, 10, T0, 1);
	b = bar(0, 100, 101, 92, 99);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 0);
	fill_after_candle(&p, &b, &e);
	b = bar(1, 104, 120, 103, 118);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 1);
	CHECK_INT(e.reason, EXIT_STOP);
	CHECK_NUM(e.price, 115);
	fill_after_candle(&p, &b, &e);
	CHECK_NUM(fill_mfe_pct(&p), 8);
	CHECK_NUM(fill_mae_pct(&p), 15);
}

/* One whole trade, as cb-backtest prices it: long, market open 100,
 * slippage 5 bps, fee 5 bps, quantity 10, exit at the target. */
static void whole_trade(void)
{
	struct exit_rules r = rules(0, 0);
	struct position p;
	struct exit e;
	struct candle_bar b;
	double entry, exitp, fees, pnl;

	/* Entry fill 100.05; notional 1000.5; fee 0.50025. */
	entry = fill_entry_price(1, 100, 5);
	fill_open(&p, 1, entry, 10, T0, 1);
	/* Target 100.05 * 110 / 100 = 110.055; the high 111 reaches it. */
	b = bar(0, 100, 111, 99, 109);
	CHECK_INT(fill_exit_in_candle(&p, &b, &r, &e), 1);
	CHECK_INT(e.reason, EXIT_TAKE_PROFIT);
	CHECK_NEAR(e.price, 110.055, 1e-15);
	/* Exit fill 110.055 * 9995 / 10000 = 109.9999725; its notional
	 * 1099.999725 and fee 0.5499998625. */
	exitp = fill_exit_price(1, e.price, 5);
	CHECK_NEAR(exitp, 109.9999725, 1e-15);
	fees = fill_fee(10 * entry, 5) + fill_fee(10 * exitp, 5);
	CHECK_NEAR(fees, 0.50025 + 0.5499998625, 1e-14);
	/* Gross 10 * (109.9999725 - 100.05) = 10 * 9.9499725 = 99.499725;
	 * net 99.499725 - 1.0502498625 = 98.4494751375. Slippage 10 * 0.05 + 10 * 0.0550275
	 * = 1.050275. */
	pnl = fill_gross_pnl(1, 10, entry, exitp) - fees;
	CHECK_NEAR(pnl, 98.4494751375, 1e-12);
	CHECK_NEAR(fill_slippage_cost(10, 100, entry) + fill_slippage_cost(10, e.price, exitp),
		   1.050275, 1e-12);
}

static void forced(void)
{
	struct position p;
	struct exit e;
	struct candle_bar b = bar(3, 101, 104, 95, 97);

	/* Halt: at the open 101, at its open_time T0 + 3 * 4h; it takes in
	 * only the open. End: at the close 97, at close_time + 1 = T0 + 4 * 4h;
	 * it takes in the whole candle. */
	fill_open(&p, 1, 100, 10, T0, 1);
	CHECK_INT(fill_exit_forced(&b, EXIT_HALT, &e), 1);
	CHECK_INT(e.reason, EXIT_HALT);
	CHECK_INT(e.at_open, 1);
	CHECK_NUM(e.price, 101);
	CHECK_INT(e.time, T0 + 3 * H);
	fill_after_candle(&p, &b, &e);
	CHECK_NUM(p.hi, 101);
	CHECK_NUM(p.lo, 100);
	CHECK_INT(fill_exit_forced(&b, EXIT_END, &e), 1);
	CHECK_INT(e.reason, EXIT_END);
	CHECK_INT(e.at_open, 0);
	CHECK_NUM(e.price, 97);
	CHECK_INT(e.time, T0 + 4 * H);
	fill_after_candle(&p, &b, &e);
	CHECK_NUM(p.hi, 104);
	CHECK_NUM(p.lo, 95);
	CHECK_INT(fill_exit_forced(&b, EXIT_STOP, &e), 0);
	CHECK_INT(e.reason, EXIT_NONE);
}

static void names(void)
{
	CHECK_STR(exit_reason_name(EXIT_STOP), "stop");
	CHECK_STR(exit_reason_name(EXIT_TAKE_PROFIT), "take_profit");
	CHECK_STR(exit_reason_name(EXIT_TRAILING), "trailing");
	CHECK_STR(exit_reason_name(EXIT_TIME), "time");
	CHECK_STR(exit_reason_name(EXIT_END), "end");
	CHECK_STR(exit_reason_name(EXIT_HALT), "halt");
	CHECK_STR(exit_reason_name(EXIT_NONE), NULL);
	CHECK_STR(exit_reason_name(EXIT_NREASONS), NULL);
}

/* Protective triggers: the levels rounded to the tick toward the entry. */
static void protect_levels(void)
{
	struct exit_rules r;
	double stop, target;

	exit_rules_default(&r);   /* stop 15, target 10 */
	/* Long at 100.03, tick 0.1: stop 85.0255 up to 85.1, target
	 * 110.033 down to 110.0. */
	fill_protect_levels(1, 100.03, &r, 0.1, &stop, &target);
	CHECK_NUM(stop, 85.1);
	CHECK_NUM(target, 110.0);
	/* Short at 100.03: stop 115.0345 down to 115.0, target 90.027 up to
	 * 90.1. */
	fill_protect_levels(-1, 100.03, &r, 0.1, &stop, &target);
	CHECK_NUM(stop, 115.0);
	CHECK_NUM(target, 90.1);
	/* No tick: the levels as they are; a rule off: NaN. */
	r.take_profit_pct = 0;
	fill_protect_levels(1, 200, &r, 0, &stop, &target);
	CHECK_NUM(stop, 170);
	CHECK(isnan(target));
	/* A tick so coarse that the stop would round onto the entry: NaN. */
	r.stop_loss_pct = 1;
	fill_protect_levels(1, 100, &r, 10, &stop, &target);
	CHECK(isnan(stop));
}

int main(void)
{
	protect_levels();
	prices_and_costs();
	levels();
	long_exits();
	short_exits();
	trailing();
	time_exit();
	excursions();
	whole_trade();
	forced();
	names();
	UNIT_END();
}
