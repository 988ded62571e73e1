/* seriessel: the series a tool makes signals of, chosen by --market and
 * --interval (cb-detect, cb-score). The other series still pass through
 * and still serve as context; only their signals are left out. */
#ifndef CB_SERIESSEL_H
#define CB_SERIESSEL_H

#include "candle.h"
#include "interval.h"

#define SERIESSEL_MAX 16   /* markets, and intervals, in one list */

struct seriessel {
	const char *market_arg, *interval_arg;   /* as given, for messages */
	int nmarket;           /* 0: every market */
	char market[SERIESSEL_MAX][CANDLE_NAME_MAX];
	int ninterval;         /* 0: every interval */
	const struct interval *interval[SERIESSEL_MAX];
};

/* Take arg, a comma-separated list of market names (futures,spot; any
 * case, kept in lower case), as the markets of sel, replacing an earlier
 * list. A bad list is a usage error naming the option opt ("--market"). */
void seriessel_markets(struct seriessel *sel, const char *opt, const char *arg);

/* Take arg, a comma-separated list of interval names (4h,1d), as the
 * intervals of sel, replacing an earlier list. A bad list is a usage
 * error naming the option opt ("--interval"). */
void seriessel_intervals(struct seriessel *sel, const char *opt, const char *arg);

/* 1 if the series of market and interval iv is chosen by sel (an empty
 * list chooses all), else 0. Pure. */
int seriessel_match(const struct seriessel *sel, const char *market,
		    const struct interval *iv);

/* The options that made sel, as "--market spot --interval 1h" ("" for
 * none), into dst (cap bytes, NUL-terminated, truncated to fit). */
const char *seriessel_text(const struct seriessel *sel, char *dst, size_t cap);

#endif
