/* lifecycle: the rules that follow a signal after its detection, candle by
 * candle (cb-validate(1)). Pure: no I/O, no clock; the same candles in the
 * same order always give the same transitions, so replaying history gives
 * what live running gave.
 *
 *	DETECTED --(age 4h)--> MONITORING
 *	DETECTED or MONITORING --(max gain >= 10%)--> CONFIRMED
 *	DETECTED or MONITORING --(drawdown >= 15% | age 168h)--> FAILED
 *	CONFIRMED or FAILED --(prune)--> ARCHIVED
 *
 * Gains are measured from the reference price (the signal candle's close)
 * over candles that open at or after the signal candle's close. Times are
 * event times: a candle's event time is its close_time + 1, never the wall
 * clock. */
#ifndef CB_LIFECYCLE_H
#define CB_LIFECYCLE_H

#include <stdint.h>

enum lc_status { LC_NONE = -1, LC_DETECTED, LC_MONITORING, LC_CONFIRMED, LC_FAILED,
		 LC_ARCHIVED, LC_NSTATUS };

/* Why a transition happened. */
enum lc_reason { LC_R_NONE, LC_R_AGE, LC_R_PUMP, LC_R_DRAWDOWN, LC_R_EXPIRED, LC_R_PRUNE,
		 LC_NREASONS };

struct lc_rules {
	double pump_pct;         /* CONFIRMED at max gain >= this (10) */
	double drawdown_pct;     /* FAILED at drawdown >= this (15) */
	double follow_pct;       /* FOLLOW_THROUGH at a gain >= this (5) ... */
	int64_t follow_ms;       /* ... by a candle closing within this of the start (24h) */
	int64_t monitoring_ms;   /* DETECTED to MONITORING at this age (4h) */
	int64_t monitor_ms;      /* FAILED (expired) at this age (168h) */
};

/* The lifecycle of one signal. A zeroed state is not valid: use lc_init. */
struct lc_state {
	enum lc_status status;
	enum lc_status outcome;  /* LC_CONFIRMED or LC_FAILED once final (kept when
				    ARCHIVED); LC_NONE before */
	enum lc_reason reason;   /* of the last transition; LC_R_NONE before any */
	int64_t status_time;     /* event time of the last transition (detected_at before) */
	int64_t final_time;      /* event time of the final transition; 0 before */
	double price;            /* reference price */
	int64_t detected_at;     /* origin of the age */
	int64_t start;           /* tracking candles open at or after this (the
				    signal candle's close_time + 1) */
	long tracked;            /* candles applied */
	double max_high, min_low, last_close;  /* over the candles applied */
	int64_t last_time;       /* event time of the last candle applied */
	int follow;              /* the follow-through was seen */
};

/* One candle as the rules see it: [open_time, end) with end = close_time + 1. */
struct lc_bar {
	int64_t open_time, end;
	double high, low, close;
};

struct lc_transition {
	enum lc_status from, to;
	enum lc_reason reason;
	int64_t time;            /* event time of the transition */
	long tracked;            /* candles applied by then; if > 0, the gains then: */
	double max_gain_pct, drawdown_pct;
};

/* What one candle did. */
struct lc_result {
	int applied;             /* the candle's prices were taken into the tracking */
	int ntrans;
	struct lc_transition t[3];
	int follow;              /* it brought the follow-through ... */
	double follow_value;     /* ... at this gain (percent) */
};

/* Fill r with the defaults above. */
void lc_rules_default(struct lc_rules *r);

/* Start the lifecycle of a signal: DETECTED, nothing tracked. */
void lc_init(struct lc_state *s, double price, int64_t detected_at, int64_t start);

/* 1 if the status is CONFIRMED, FAILED or ARCHIVED. */
int lc_final(enum lc_status st);

/* Apply one closed candle of the signal's symbol to s, filling *res.
 * Nothing happens (returns 0, res->applied 0, no transitions) when s is
 * final, when the candle opens before s->start (the signal candle itself
 * or earlier), or when its end is not later than s->last_time (a replay).
 * Otherwise returns 1. In one candle, in this order:
 *  - age transitions whose time is at or before the candle's open (a gap
 *    in the candles): MONITORING, then FAILED "expired", in which case the
 *    candle's prices are not applied (they came after the expiry);
 *  - the prices: drawdown >= drawdown_pct is FAILED "drawdown", else max
 *    gain >= pump_pct is CONFIRMED "pump" (both in one candle: FAILED, as
 *    the order inside the candle is unknown), at the candle's end;
 *  - age transitions reached by the candle's end, if still not final. */
int lc_apply(struct lc_state *s, const struct lc_rules *r, const struct lc_bar *b,
	     struct lc_result *res);

/* Archive a final signal at time t (the prune job). Returns 1 and fills *tr
 * if s was CONFIRMED or FAILED, else 0 and changes nothing. */
int lc_archive(struct lc_state *s, int64_t t, struct lc_transition *tr);

/* Percent gains from the reference price, by pct_change (pct.h); valid when
 * s->tracked > 0. max gain: pct_change(price, max_high); drawdown: minus
 * pct_change(price, min_low); current: pct_change(price, last_close). Each may be negative (a
 * drawdown is negative when the price never fell below the reference). */
double lc_max_gain_pct(const struct lc_state *s);
double lc_drawdown_pct(const struct lc_state *s);
double lc_current_gain_pct(const struct lc_state *s);

/* "DETECTED", "MONITORING", "CONFIRMED", "FAILED", "ARCHIVED"; NULL otherwise. */
const char *lc_status_name(enum lc_status st);
/* The status named s, or LC_NONE. */
enum lc_status lc_status_find(const char *s);
/* "age", "pump", "drawdown", "expired", "prune"; NULL for LC_R_NONE. */
const char *lc_reason_name(enum lc_reason r);
/* The reason named s, or LC_R_NONE. */
enum lc_reason lc_reason_find(const char *s);

#endif
