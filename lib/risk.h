/* risk: the portfolio and risk rules of an entry, shared by cb-backtest and
 * cb-order (cb-backtest(1), "Portfolio and risk"): the size of a position
 * (a percent of equity, or the percent of equity its stop-loss may cost),
 * leverage, the position and exposure limits, one position per symbol, the
 * cooldown after an exit, the daily loss halt, and rounding to the
 * exchange's filters. Pure: the caller keeps the portfolio and passes a
 * summary of it; values in, values out, no I/O, no clock, no allocation.
 *
 * Leverage multiplies the position, not the capital it ties up: the
 * notional is size_pct % of equity times leverage, and the exposure limit
 * bounds the margin (notional / leverage), so that with leverage 1 both are
 * as the issue states them: notional = size_pct % of equity, exposure +
 * notional <= max_exposure_pct % of equity. Risk sizing does not depend on
 * leverage: the stop costs notional * stop_loss_pct / 100 whatever the
 * margin. */
#ifndef CB_RISK_H
#define CB_RISK_H

#include <stdint.h>

/* Why an entry is refused, in the order risk_decide checks. The names are
 * the keys of the summary's skipped signals by reason. */
enum risk_reason { RISK_OK, RISK_HALT, RISK_SYMBOL_BUSY, RISK_COOLDOWN,
		   RISK_MAX_POSITIONS, RISK_NO_EQUITY, RISK_MAX_EXPOSURE, RISK_MIN_QTY,
		   RISK_MIN_NOTIONAL, RISK_NREASONS };

/* The rules; a 0 turns a limit off. */
struct risk_rules {
	double size_pct;          /* 10: notional in percent of equity ... */
	double risk_pct;          /* 0: ... unless this is set: size so that the
				     stop-loss costs this percent of equity */
	double stop_loss_pct;     /* the exit rules' stop, for risk_pct (15) */
	double leverage;          /* 1 (not positive: 1) */
	int max_positions;        /* 4 */
	double max_exposure_pct;  /* 50 */
	int64_t cooldown_ms;      /* 0 */
	double daily_loss_pct;    /* 5 */
};

/* The exchange's filters for the symbol (symbol_info's); NaN or 0: no rule. */
struct risk_filters {
	double step_size, min_qty, min_notional;
};

/* The portfolio as it stands for one entry: before the entry's time, plus
 * the entries already taken at that time. */
struct risk_book {
	double equity;     /* cash + unrealized PnL, marked at the latest closes */
	double exposure;   /* sum of open positions' quantity * entry fill */
	int positions;     /* open positions */
	int halted;        /* the daily loss halt is in force (risk_day) */
};

/* The candidate's symbol. */
struct risk_symbol {
	int busy;            /* a position is open on it, or exits at this time */
	int has_exit;        /* it had an exit before ... */
	int64_t last_exit;   /* ... at this time */
};

/* The outcome: RISK_OK with the quantity and notional, or the reason. */
struct risk_decision {
	enum risk_reason reason;
	double quantity;     /* rounded down to the step; 0 when refused */
	double notional;     /* quantity * price */
};

/* Fill r with the defaults: size 10 %, no risk sizing, stop 15, leverage
 * 1, 4 positions, 50 % exposure, no cooldown, 5 % daily loss. */
void risk_rules_default(struct risk_rules *r);

/* The notional of a new position at equity, before rounding: equity *
 * risk_pct / stop_loss_pct if risk_pct is set (with stop 15 and risk 1,
 * 1/15 of equity), else equity * size_pct * leverage / 100. NaN if
 * risk_pct is set and stop_loss_pct is not positive. */
double risk_notional(const struct risk_rules *r, double equity);

/* Decide an entry at time t at fill price price (> 0) for the symbol sym
 * with filters f (NULL: none) and the portfolio b. Checks, in order: the
 * halt; the symbol busy; the cooldown (t < last_exit + cooldown_ms); the
 * number of positions (positions >= max_positions); equity (not positive,
 * a notional that is not positive and finite, or a price that is not
 * positive); the size: quantity =
 * notional / price rounded down to the step, notional = quantity * price;
 * the exposure ((exposure + notional) / leverage > max_exposure_pct % of
 * equity); the filters' min_qty and min_notional (a quantity rounded to 0
 * is below min_qty, or without one below min_notional; so is a quantity
 * the step cannot round, filter_round_down's NaN). Fills *d and
 * returns d->reason. */
enum risk_reason risk_decide(const struct risk_rules *r, const struct risk_book *b,
			     const struct risk_symbol *sym, const struct risk_filters *f,
			     int64_t t, double price, struct risk_decision *d);

/* "daily_loss", "symbol_busy", "cooldown", "max_positions", "no_equity",
 * "max_exposure", "min_qty", "min_notional"; NULL for RISK_OK or out of
 * range. */
const char *risk_reason_name(enum risk_reason r);

/* The daily loss halt. A UTC day starts with the equity at its 00:00,
 * marked at the closes ending then, before that time's entries; when the
 * equity marked at a later candle close falls daily_loss_pct or more
 * below it, entries stop until the next UTC day. */
struct risk_day {
	int64_t day;          /* the UTC day (floor(t / 86400000)) ... */
	double start_equity;  /* ... and its starting equity */
	int started;          /* a day has started */
	int halted;           /* the halt is in force */
};

/* The UTC day of time t (ms): floor(t / 86400000), also for t < 0. */
int64_t risk_utc_day(int64_t t);

/* Start the day of time t if it is later than d's (or none started):
 * start_equity = equity, halted = 0. The caller passes the equity marked
 * at every close ending at or before the day's 00:00, before any entry at
 * t. Returns 1 if a day started, else 0 (nothing changes). */
int risk_day_start(struct risk_day *d, int64_t t, double equity);

/* Take the equity marked at a candle close into d: if a day has started
 * with a positive equity, daily_loss_pct is set and
 * pct_change(start_equity, equity) <=
 * -daily_loss_pct, the halt comes into force. Returns 1 if this call
 * brought it, else 0. */
int risk_day_mark(struct risk_day *d, const struct risk_rules *r, double equity);

#endif
