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

/* A position carried from one run to the next (cb-order): what the loop
 * knows of it besides its series and signal. */
struct bt_open {
	char key[CANDLE_KEY_MAX];       /* its series */
	char signal_id[SIGNAL_ID_MAX];  /* the signal it was entered for */
	struct pf_position pos;         /* pos.tag is the loop's */
	int exiting;                    /* its exit, decided at a close, is exit */
	int flatten;                    /* it exits at its next open (halt) */
	int has_mark;                   /* a close to mark at mark_time */
	struct exit exit;
	int64_t mark_time;
	double mark_close;
};

/* The last exit of a symbol (exchange:market:symbol), for --cooldown. */
struct bt_cooldown {
	char key[CANDLE_KEY_MAX];
	int64_t last_exit;
};

/* Everything one run of the loop hands to the next, so that running it
 * over consecutive parts of a stream gives the trades of one run over
 * the whole (cb-order(1)): the steps done, the portfolio, the day and the
 * cooldowns. */
struct bt_state {
	int64_t done;             /* every step at or before it is done;
				     INT64_MIN: none */
	double balance, cash, realized, fees, slippage, funding;
	struct risk_day day;
	struct bt_open *open;     /* in the order opened */
	size_t nopen;
	struct bt_cooldown *cool;
	size_t ncool;
};

/* Free what s holds and empty it (done INT64_MIN). */
void bt_state_release(struct bt_state *s);

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
	/* Resuming (cb-order): the state of the run before (NULL: start
	 * afresh with balance), and the signals acted on in runs before
	 * (sorted by strcmp; they are never entered again). */
	const struct bt_state *resume;
	const char *const *acted;
	size_t nacted;
	int halted;               /* a manual halt: no entry (skipped: halted) */
	int64_t now;              /* with max_entry_delay_ms > 0: a signal whose
				     entry time lies more than that before now
				     is skipped as stale */
	int64_t max_entry_delay_ms;
};

/* Fill c with the defaults of cb-backtest(1). */
void bt_config_default(struct bt_config *c);

/* A closed trade. Its id is its signal's: a signal is traded once. */
struct bt_trade {
	struct pf_trade t;          /* the money: prices, fees, pnl (t.tag: series) */
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
	long late;      /* resuming: the entry candle was in a step done before */
	long stale;     /* the entry time was too long before now */
	long halted;    /* a manual halt was in force */
};

/* What became of a signal whose entry time came (resuming only). */
struct bt_decision {
	const struct signal_in *sig;
	int64_t time;                /* its entry time */
	int entered;
	const char *reason;          /* why not: a reason of strategy_check or
					risk_decide by name, or "late" */
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
	/* Resuming (c->resume not NULL): each signal decided in this run, in
	 * the order decided, and those still waiting for their entry candle
	 * (sorted by id). */
	struct bt_decision *decided;
	size_t ndecided, decided_cap;
	const struct signal_in **waiting;
	size_t nwaiting;
	/* Over the series traded (in the window): */
	struct base_count base;     /* the base rate's trades and hits */
	double market_change_pct;   /* mean (last close - first close) * 100 /
				       first close; NaN without trades */
};

/* Simulate configuration c over in (finished), into r (initialised here),
 * and measure the base rate and the market change of the series traded.
 * Reads in only, so that runs may go on in threads at once. Dies if
 * memory runs out.
 *
 * If save is not NULL the run is one of a chain (cb-order): it starts from
 * c->resume (or afresh), leaves out candles and funding at or before
 * c->resume->done, never enters a signal of c->acted, decides a signal
 * only once its entry candle is in the input (else it waits: r->waiting),
 * and ends without the exits at the end of the input: the positions still
 * open go to *save (initialised here; free it with bt_state_release) with
 * everything the next run needs. in must then hold the series of every
 * position of c->resume (bt_input_add_series) and the signal each was
 * entered for. */
void bt_run(const struct bt_input *in, const struct bt_config *c, struct bt_result *r,
	    struct bt_state *save);

/* 1 if series s is one the strategy of c may trade: its market, interval
 * and symbol are chosen. */
int bt_series_chosen(const struct bt_config *c, const struct bt_series *s);

/* The candles of s in the window [from, to): indexes [*lo, *hi). */
void bt_window(const struct bt_series *s, int64_t from, int64_t to, size_t *lo, size_t *hi);

/* Free what r holds. */
void bt_result_free(struct bt_result *r);

#endif
