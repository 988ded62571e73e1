/* run: one configuration of cb-backtest simulated over the loaded input,
 * in event time (cb-backtest(1), "The event-time loop"): the signals a
 * strategy trades, entered in priority order against the risk rules and
 * the portfolio, then the exits of every open position with a candle at
 * that time, funding payments, the daily loss halt, and the exits at the
 * end of the input. The input is only read: a sweep runs many
 * configurations over one input. Time O((candles + signals + funding) *
 * log(series) + steps * open positions). */
#ifndef CB_REPLAY_H
#define CB_REPLAY_H

#include <stddef.h>
#include <stdint.h>

#include "baserate.h"
#include "entry.h"
#include "fill.h"
#include "replayin.h"
#include "portfolio.h"
#include "risk.h"
#include "strategy.h"

/* A configuration: every rule of cb-backtest(1). */
struct bt_config {
	struct strategy_rules strat;
	struct exit_rules exits;
	struct risk_rules risk;   /* risk.stop_loss_pct is set from exits */
	int side;                 /* +1 long, -1 short */
	enum bt_entry_mode entry;
	double slippage_bps, fee_bps;
	double balance;
	int flatten_on_halt;
	int64_t from, to;         /* the window simulated (--split): candles
				     opening in [from, to), signals detected
				     in it; INT64_MIN, INT64_MAX: all */
};

/* Fill c with the defaults of cb-backtest(1). */
void bt_config_default(struct bt_config *c);

/* A closed trade. */
struct bt_trade {
	struct pf_trade t;          /* the money: prices, fees, pnl (t.tag: series) */
	long id;                    /* 1, 2, ... in the order entered */
	const struct signal_in *sig;
	const struct bt_series *series;
	int64_t entry_time, exit_time;
	enum exit_reason reason;
	double mfe_pct, mae_pct;
};

/* Equity at a time: after the step at t (marks, funding, entries, exits). */
struct bt_point {
	int64_t t;
	double equity;
};

/* Why signals were not traded: the reasons of strategy_check, no candle
 * to enter at (the input ends first), and the reasons of risk_decide. */
struct bt_skips {
	long strategy[STRAT_NREASONS];
	long no_candle;
	long risk[RISK_NREASONS];
};

struct bt_result {
	struct bt_trade *trades;    /* in the order they closed */
	size_t ntrades, trades_cap;
	struct bt_point *curve;     /* after every step, then the end */
	size_t ncurve, curve_cap;
	double *daily;              /* equity at the start, at every 00:00 UTC
				       after it, and at the end if not at 00:00 */
	size_t ndaily, daily_cap;
	struct bt_skips skips;
	long signals;               /* signals read (last record of each id) */
	int64_t start, end;         /* the period: first open_time, last
				       close_time + 1 of the chosen series */
	int64_t exposed_ms;         /* time with a position open */
	double balance, final_equity;
	double fees, slippage, funding;  /* paid (funding: received) */
	long halts;                 /* days the daily loss halt came into force */
	int64_t from, to;           /* the configuration's window */
	/* Over the series traded (in the window): */
	struct base_count base;     /* the base rate's trades and hits */
	double market_change_pct;   /* mean (last close - first close) * 100 /
				       first close; NaN without trades */
};

/* Simulate configuration c over in (finished), into r (initialised here),
 * and measure the base rate and the market change of the series traded.
 * Reads in only, so that runs may go on in threads at once. Dies if
 * memory runs out. */
void bt_run(const struct bt_input *in, const struct bt_config *c, struct bt_result *r);

/* 1 if series s is one the strategy of c may trade: its market, interval
 * and symbol are chosen. */
int bt_series_chosen(const struct bt_config *c, const struct bt_series *s);

/* The candles of s in the window [from, to): indexes [*lo, *hi). */
void bt_window(const struct bt_series *s, int64_t from, int64_t to, size_t *lo, size_t *hi);

/* Free what r holds. */
void bt_result_free(struct bt_result *r);

#endif
