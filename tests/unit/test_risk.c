/* Unit tests of lib/risk.c: sizing by percent of equity and by risk,
 * leverage, each limit binding (positions, exposure, one per symbol,
 * cooldown, daily loss halt), rounding to the exchange's filters.
 * Expected values are worked out by hand in the comments. */
#include <stdint.h>

#include "risk.h"
#include "unit.h"

#define HOUR 3600000LL
#define DAY (24 * HOUR)
#define T0 1795996800000LL    /* 2026-11-30 00:00 UTC */

static struct risk_book book(double equity, double exposure, int positions)
{
	struct risk_book b = { equity, exposure, positions, 0 };

	return b;
}

static const struct risk_symbol idle = { 0, 0, 0 };

static void sizing(void)
{
	struct risk_rules r;

	risk_rules_default(&r);
	/* 10 % of 10000 = 1000. */
	CHECK_NUM(risk_notional(&r, 10000), 1000);
	/* Leverage 3: 10000 * 10 * 3 / 100 = 3000. */
	r.leverage = 3;
	CHECK_NUM(risk_notional(&r, 10000), 3000);
	/* Risk 1 % with a 15 % stop: 15000 * 1 / 15 = 1000 (the stop costs
	 * 1000 * 15 % = 150 = 1 % of 15000), whatever the leverage. */
	r.risk_pct = 1;
	CHECK_NUM(risk_notional(&r, 15000), 1000);
	r.leverage = 1;
	CHECK_NUM(risk_notional(&r, 15000), 1000);
	/* Risk 2 % with a 10 % stop: 10000 * 2 / 10 = 2000. */
	r.risk_pct = 2;
	r.stop_loss_pct = 10;
	CHECK_NUM(risk_notional(&r, 10000), 2000);
	/* Leverage 0 counts as 1. */
	r.risk_pct = 0;
	r.leverage = 0;
	CHECK_NUM(risk_notional(&r, 10000), 1000);
	r.risk_pct = 2;
	/* Risk sizing without a stop cannot size. */
	r.stop_loss_pct = 0;
	CHECK(isnan(risk_notional(&r, 10000)));
}

static void accept(void)
{
	struct risk_rules r;
	struct risk_book b = book(10000, 0, 0);
	struct risk_filters f = { 0.001, 0.001, 5 };
	struct risk_decision d;

	risk_rules_default(&r);
	/* No filters: 1000 / 100 = 10 exactly, notional 1000. */
	CHECK_INT(risk_decide(&r, &b, &idle, NULL, T0, 100, &d), RISK_OK);
	CHECK_INT(d.reason, RISK_OK);
	CHECK_NUM(d.quantity, 10);
	CHECK_NUM(d.notional, 1000);
	/* Fill 100.05: 1000 / 100.05 = 9.99500249875..., notional back to
	 * 1000 (within rounding). */
	CHECK_INT(risk_decide(&r, &b, &idle, NULL, T0, 100.05, &d), RISK_OK);
	CHECK_NEAR(d.quantity, 9.995002498750625, 1e-15);
	CHECK_NEAR(d.notional, 1000, 1e-15);
	/* Step 0.001: down to 9.995; notional 9.995 * 100.05 = 999.99975. */
	CHECK_INT(risk_decide(&r, &b, &idle, &f, T0, 100.05, &d), RISK_OK);
	CHECK_NUM(d.quantity, 9.995);
	CHECK_NEAR(d.notional, 999.99975, 1e-15);
	/* Step 1 at price 7: 1000 / 7 = 142.857... down to 142; 994. */
	f.step_size = 1;
	CHECK_INT(risk_decide(&r, &b, &idle, &f, T0, 7, &d), RISK_OK);
	CHECK_NUM(d.quantity, 142);
	CHECK_NUM(d.notional, 994);
	/* Filters of NaN (unknown, symbol_info's null) are no rules. */
	f.step_size = f.min_qty = f.min_notional = NAN;
	CHECK_INT(risk_decide(&r, &b, &idle, &f, T0, 7, &d), RISK_OK);
	CHECK_NEAR(d.quantity, 1000.0 / 7, 1e-15);
	/* Risk sizing: 1 % of 15000 with a 15 % stop: 1000 at 100 = 10. */
	r.risk_pct = 1;
	b.equity = 15000;
	CHECK_INT(risk_decide(&r, &b, &idle, NULL, T0, 100, &d), RISK_OK);
	CHECK_NUM(d.quantity, 10);
}

static void filters(void)
{
	struct risk_rules r;
	struct risk_book b = book(40, 0, 0);
	struct risk_filters f = { 0.001, 0.001, 5 };
	struct risk_decision d;

	risk_rules_default(&r);
	/* Equity 40: notional 4 at 100 = 0.04, below the min notional 5. */
	CHECK_INT(risk_decide(&r, &b, &idle, &f, T0, 100, &d), RISK_MIN_NOTIONAL);
	CHECK_INT(d.reason, RISK_MIN_NOTIONAL);
	CHECK_NUM(d.quantity, 0);
	CHECK_NUM(d.notional, 0);
	/* Equity 50: notional 5 exactly, 0.05 at 100: at the minimum, taken. */
	b.equity = 50;
	CHECK_INT(risk_decide(&r, &b, &idle, &f, T0, 100, &d), RISK_OK);
	CHECK_NUM(d.quantity, 0.05);
	/* Price 30000, step 1: 1000 / 30000 = 0.033 rounds to 0. */
	b.equity = 10000;
	f.step_size = 1;
	f.min_qty = 0;
	f.min_notional = 0;
	CHECK_INT(risk_decide(&r, &b, &idle, &f, T0, 30000, &d), RISK_MIN_QTY);
	/* Step 0.001 and min_qty 0.1: 0.033 < 0.1. */
	f.step_size = 0.001;
	f.min_qty = 0.1;
	CHECK_INT(risk_decide(&r, &b, &idle, &f, T0, 30000, &d), RISK_MIN_QTY);
	/* Min qty 0.033 is met by 0.033 (notional 990). */
	f.min_qty = 0.033;
	CHECK_INT(risk_decide(&r, &b, &idle, &f, T0, 30000, &d), RISK_OK);
	CHECK_NUM(d.quantity, 0.033);
	CHECK_NEAR(d.notional, 990, 1e-15);
	/* A step that is not a decimal cannot round: refused as min_qty. */
	f.step_size = 1.0 / 3;
	CHECK_INT(risk_decide(&r, &b, &idle, &f, T0, 30000, &d), RISK_MIN_QTY);
}

static void limits(void)
{
	struct risk_rules r;
	struct risk_book b = book(10000, 0, 0);
	struct risk_symbol s = idle;
	struct risk_decision d;

	risk_rules_default(&r);
	/* Max positions 4: with 3 open one more fits, with 4 not. */
	b.positions = 3;
	CHECK_INT(risk_decide(&r, &b, &idle, NULL, T0, 100, &d), RISK_OK);
	b.positions = 4;
	CHECK_INT(risk_decide(&r, &b, &idle, NULL, T0, 100, &d), RISK_MAX_POSITIONS);
	r.max_positions = 0;   /* no limit */
	b.positions = 100;
	CHECK_INT(risk_decide(&r, &b, &idle, NULL, T0, 100, &d), RISK_OK);
	r.max_positions = 4;
	b.positions = 0;

	/* Max exposure 50 % of 10000 = 5000: exposure 4000 + 1000 = 5000 fits
	 * (at the limit), 4000.5 + 1000 does not. */
	b.exposure = 4000;
	CHECK_INT(risk_decide(&r, &b, &idle, NULL, T0, 100, &d), RISK_OK);
	b.exposure = 4000.5;
	CHECK_INT(risk_decide(&r, &b, &idle, NULL, T0, 100, &d), RISK_MAX_EXPOSURE);
	r.max_exposure_pct = 0;  /* no limit */
	b.exposure = 1e9;
	CHECK_INT(risk_decide(&r, &b, &idle, NULL, T0, 100, &d), RISK_OK);
	r.max_exposure_pct = 50;
	/* Leverage 2: notional 2000, margin (8000 + 2000) / 2 = 5000 fits;
	 * exposure 8001: (8001 + 2000) / 2 = 5000.5 does not. */
	r.leverage = 2;
	b.exposure = 8000;
	CHECK_INT(risk_decide(&r, &b, &idle, NULL, T0, 100, &d), RISK_OK);
	CHECK_NUM(d.quantity, 20);
	CHECK_NUM(d.notional, 2000);
	b.exposure = 8001;
	CHECK_INT(risk_decide(&r, &b, &idle, NULL, T0, 100, &d), RISK_MAX_EXPOSURE);
	r.leverage = 1;
	b.exposure = 0;

	/* One position per symbol: busy (open, or exiting at this time). */
	s.busy = 1;
	CHECK_INT(risk_decide(&r, &b, &s, NULL, T0, 100, &d), RISK_SYMBOL_BUSY);
	s.busy = 0;

	/* Cooldown 4h after an exit at T0: T0 + 4h - 1 ms is too soon,
	 * T0 + 4h is fine. Without a previous exit there is none. */
	r.cooldown_ms = 4 * HOUR;
	s.has_exit = 1;
	s.last_exit = T0;
	CHECK_INT(risk_decide(&r, &b, &s, NULL, T0 + 4 * HOUR - 1, 100, &d), RISK_COOLDOWN);
	CHECK_INT(risk_decide(&r, &b, &s, NULL, T0 + 4 * HOUR, 100, &d), RISK_OK);
	s.has_exit = 0;
	CHECK_INT(risk_decide(&r, &b, &s, NULL, T0 + 1, 100, &d), RISK_OK);
	r.cooldown_ms = 0;    /* none: an exit at this very time is no bar */
	s.has_exit = 1;
	CHECK_INT(risk_decide(&r, &b, &s, NULL, T0, 100, &d), RISK_OK);

	/* No equity. */
	b.equity = 0;
	CHECK_INT(risk_decide(&r, &b, &idle, NULL, T0, 100, &d), RISK_NO_EQUITY);
	b.equity = -5;
	CHECK_INT(risk_decide(&r, &b, &idle, NULL, T0, 100, &d), RISK_NO_EQUITY);
	b.equity = 10000;
	r.risk_pct = 1;
	r.stop_loss_pct = 0;
	CHECK_INT(risk_decide(&r, &b, &idle, NULL, T0, 100, &d), RISK_NO_EQUITY);
	risk_rules_default(&r);

	/* Order of the checks: halted beats busy beats cooldown beats
	 * positions beats exposure. */
	b.halted = 1;
	b.positions = 4;
	b.exposure = 9000;
	s.busy = 1;
	r.cooldown_ms = HOUR;
	s.last_exit = T0;
	CHECK_INT(risk_decide(&r, &b, &s, NULL, T0, 100, &d), RISK_HALT);
	b.halted = 0;
	CHECK_INT(risk_decide(&r, &b, &s, NULL, T0, 100, &d), RISK_SYMBOL_BUSY);
	s.busy = 0;
	CHECK_INT(risk_decide(&r, &b, &s, NULL, T0, 100, &d), RISK_COOLDOWN);
	s.has_exit = 0;
	CHECK_INT(risk_decide(&r, &b, &s, NULL, T0, 100, &d), RISK_MAX_POSITIONS);
	b.positions = 0;
	CHECK_INT(risk_decide(&r, &b, &s, NULL, T0, 100, &d), RISK_MAX_EXPOSURE);
}

static void daily_halt(void)
{
	struct risk_rules r;
	struct risk_day d = { 0 };

	risk_rules_default(&r);
	CHECK_INT(risk_utc_day(0), 0);
	CHECK_INT(risk_utc_day(DAY - 1), 0);
	CHECK_INT(risk_utc_day(DAY), 1);
	CHECK_INT(risk_utc_day(-1), -1);
	CHECK_INT(risk_utc_day(-DAY), -1);
	CHECK_INT(risk_utc_day(T0), T0 / DAY);

	/* Nothing started: a mark does nothing. */
	CHECK_INT(risk_day_mark(&d, &r, 1), 0);
	CHECK_INT(d.halted, 0);

	/* The day of T0 starts with 10000. Marked at 9600 (-4 %): no halt;
	 * at 9500: (9500 - 10000) * 100 / 10000 = -5, that far: halt. */
	CHECK_INT(risk_day_start(&d, T0, 10000), 1);
	CHECK_NUM(d.start_equity, 10000);
	CHECK_INT(risk_day_mark(&d, &r, 9600), 0);
	CHECK_INT(d.halted, 0);
	CHECK_INT(risk_day_mark(&d, &r, 9500), 1);
	CHECK_INT(d.halted, 1);
	CHECK_INT(risk_day_mark(&d, &r, 9000), 0);   /* already in force */
	/* Later the same day, even at 23:59:59.999: the halt holds, the
	 * start stays. Recovering equity does not lift it. */
	CHECK_INT(risk_day_start(&d, T0 + 4 * HOUR, 9000), 0);
	CHECK_INT(risk_day_start(&d, T0 + DAY - 1, 11000), 0);
	CHECK_INT(risk_day_mark(&d, &r, 11000), 0);
	CHECK_INT(d.halted, 1);
	CHECK_NUM(d.start_equity, 10000);
	/* The next UTC day starts with 9400 and lifts the halt; 8930 is
	 * (8930 - 9400) * 100 / 9400 = -47000 / 9400 = -5: halt again. */
	CHECK_INT(risk_day_start(&d, T0 + DAY, 9400), 1);
	CHECK_INT(d.halted, 0);
	CHECK_NUM(d.start_equity, 9400);
	CHECK_INT(risk_day_mark(&d, &r, 8931), 0);
	CHECK_INT(risk_day_mark(&d, &r, 8930), 1);
	/* A gap of days: the first time seen starts its day. */
	CHECK_INT(risk_day_start(&d, T0 + 5 * DAY + 8 * HOUR, 8000), 1);
	CHECK_INT(d.day, T0 / DAY + 5);
	CHECK_INT(d.halted, 0);
	/* A time of an earlier day starts nothing. */
	CHECK_INT(risk_day_start(&d, T0, 1), 0);
	/* Daily loss 0: never halts. */
	r.daily_loss_pct = 0;
	CHECK_INT(risk_day_mark(&d, &r, 1), 0);
	CHECK_INT(d.halted, 0);
}

static void names(void)
{
	CHECK_STR(risk_reason_name(RISK_HALT), "daily_loss");
	CHECK_STR(risk_reason_name(RISK_SYMBOL_BUSY), "symbol_busy");
	CHECK_STR(risk_reason_name(RISK_COOLDOWN), "cooldown");
	CHECK_STR(risk_reason_name(RISK_MAX_POSITIONS), "max_positions");
	CHECK_STR(risk_reason_name(RISK_NO_EQUITY), "no_equity");
	CHECK_STR(risk_reason_name(RISK_MAX_EXPOSURE), "max_exposure");
	CHECK_STR(risk_reason_name(RISK_MIN_QTY), "min_qty");
	CHECK_STR(risk_reason_name(RISK_MIN_NOTIONAL), "min_notional");
	CHECK_STR(risk_reason_name(RISK_OK), NULL);
	CHECK_STR(risk_reason_name(RISK_NREASONS), NULL);
}

int main(void)
{
	sizing();
	accept();
	filters();
	limits();
	daily_halt();
	names();
	UNIT_END();
}
