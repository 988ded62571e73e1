/* strategy: which signals a strategy trades and in what order, shared by
 * cb-backtest and cb-order (cb-backtest(1), "Which signals" and the
 * event-time loop). Pure: values in, values out, no I/O, no allocation.
 *
 * A signal qualifies when it passes every rule of struct strategy_rules;
 * the entries that fall due at one time are taken in the order of
 * strategy_key_cmp: score.total descending, signals with a score before
 * those without; then spike_ratio_7d descending, signals with a ratio
 * first; then id ascending (bytes). The order is total: two different ids
 * never compare equal, so any sort gives the same sequence. */
#ifndef CB_STRATEGY_H
#define CB_STRATEGY_H

#include <stddef.h>

#include "interval.h"
#include "signalrec.h"
#include "strength.h"

/* Why a signal does not qualify, in the order strategy_check tests. */
enum strategy_reason { STRAT_OK, STRAT_FORMING, STRAT_MARKET, STRAT_INTERVAL,
		       STRAT_SYMBOL, STRAT_STRENGTH, STRAT_NO_SCORE, STRAT_MIN_SCORE,
		       STRAT_LEVEL, STRAT_NREASONS };

/* The rules. Strings and arrays belong to the caller and must outlive
 * the calls that use them. */
struct strategy_rules {
	enum strength min_strength;  /* STRENGTH_WEAK */
	int has_min_score;           /* 0: --min-score not given ... */
	double min_score;            /* ... else score.total >= this */
	int min_level;               /* -1: --level not given, else the
					level's rank (score_level_rank):
					confidence_level at least this */
	const char *market;          /* "futures"; NULL: any */
	const struct interval *interval;  /* NULL: any */
	const char *const *symbols;  /* NULL: any, else one of these nsymbols */
	size_t nsymbols;
	int closed_only;             /* 1: a forming signal is ignored */
};

/* Fill r with the defaults: WEAK, no score rules, futures, any interval,
 * any symbol, closed only. */
void strategy_rules_default(struct strategy_rules *r);

/* Whether the signal s (the last record of its id) qualifies under r:
 * STRAT_OK, or the first rule it fails, in the order: forming (closed_only
 * and not closed), market, interval (by pointer, as interval_find gives),
 * symbol, strength (below min_strength, or none), then, when min_score or
 * a level is asked for, no score (s has no score member; for a level, no
 * confidence_level either), min_score (total below it), level (rank below
 * min_level). */
enum strategy_reason strategy_check(const struct strategy_rules *r, const struct signal_in *s);

/* "forming", "market", "interval", "symbol", "strength", "no_score",
 * "min_score", "level"; NULL for STRAT_OK or out of range. */
const char *strategy_reason_name(enum strategy_reason why);

/* What the priority order looks at. id belongs to the caller. */
struct strategy_key {
	int scored;          /* score.total is known ... */
	double total;        /* ... and is this */
	int has_ratio;       /* spike_ratio_7d is known ... */
	double ratio;        /* ... and is this */
	const char *id;      /* the signal id */
};

/* The key of s; k->id points into s. */
void strategy_key_of(struct strategy_key *k, const struct signal_in *s);

/* Negative if a comes before b in the priority order, positive if after,
 * 0 only for equal ids. A NaN total or ratio counts as unknown. */
int strategy_key_cmp(const struct strategy_key *a, const struct strategy_key *b);

/* strategy_key_cmp for qsort over an array of struct strategy_key. */
int strategy_key_qsort(const void *a, const void *b);

#endif
