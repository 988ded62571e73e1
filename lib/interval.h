/* interval: candle intervals, Binance's set: 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h
 * 12h 1d 3d 1w 1M. "1M" is a calendar month (UTC); "1w" starts on Monday. */
#ifndef CB_INTERVAL_H
#define CB_INTERVAL_H

#include <stdint.h>

struct interval {
	const char *name;  /* canonical name, e.g. "4h" (static storage) */
	int64_t ms;        /* length; for 1M the nominal 30 days */
	int months;        /* 1 for 1M, else 0 */
};

/* Look up an interval by name. Returns a pointer to static storage, or NULL
 * if the name is not one of the set. */
const struct interval *interval_find(const char *name);

/* The close_time of a candle that opens at open_ms: the last millisecond
 * inside it (open + length - 1; for 1M, the last millisecond of the month). */
int64_t interval_close_time(const struct interval *iv, int64_t open_ms);

/* The open time of the candle of iv that contains t: weeks start on
 * Monday, months on the 1st, all in UTC. */
int64_t interval_open_time(const struct interval *iv, int64_t t);

/* The open time of the candle after the one opening at open_ms. */
int64_t interval_next_open(const struct interval *iv, int64_t open_ms);

/* The open time of the first candle opening at or after t. */
int64_t interval_first_open(const struct interval *iv, int64_t t);

/* The open time n candles (n >= 0) before the candle opening at open_ms. */
int64_t interval_back(const struct interval *iv, int64_t open_ms, long n);

/* The list of names separated by spaces, for messages and help. */
const char *interval_names(void);

#endif
