/* factors: the measures behind cb-score's open-interest, spot-sync and
 * confirmation factors, read from the histories of a signal's series and
 * of its context (history.h). Pure: values in, values out, no I/O, no
 * clock, so a replay and a live run measure the same.
 *
 * Times are epoch ms; a signal's candle opens at t and ends at end
 * (close_time + 1). Percentages use pct_change (pct.h). */
#ifndef CB_FACTORS_H
#define CB_FACTORS_H

#include <stddef.h>
#include <stdint.h>

#include "history.h"
#include "interval.h"

/* The spot symbol of a futures symbol into spot (cap bytes, NUL-terminated)
 * and the price multiplier between them: a leading "1000", "10000", ... or
 * "1M" followed by a capital letter is a multiplier (1000PEPEUSDT is
 * PEPEUSDT at 1000 times its price, 1MBABYDOGEUSDT is BABYDOGEUSDT at 1e6
 * times); any other symbol is its own spot symbol with multiplier 1. */
double spot_pair(const char *futures_symbol, char *spot, size_t cap);

/* The basis of a futures price over the spot price (already times the
 * multiplier), in percent of the spot price. */
double basis_pct(double futures, double spot);

/* The open-interest change over a candle [t, end): from the value at or
 * before t to the value at or before end, in percent. Returns 1 and *pct,
 * or 0 when either value is missing or the first is not positive. */
int oi_change(const struct history *oi, int64_t t, int64_t end, double *pct);

/* The mean |basis_pct| over the n candles before t of a futures series at
 * interval iv, each paired with the spot candle of the same open time
 * (spot closes times mult). Returns 1 and *mean, or 0 if any of those
 * candles, or a positive spot close, is missing. */
int basis_mean(const struct history *futures, const struct history *spot, double mult,
	       const struct interval *iv, int64_t t, int n, double *mean);

/* LTF_VOLUME over the histories lower[0..n) of the lower intervals of the
 * signal's instrument: 1 if a candle of one of them opening in [t, end) has
 * a compared volume above ratio times that series' 7-day mean before t (the
 * mean of its first candle at or after t); 0 if none has; -1 if none of
 * them has a candle in [t, end) with a known mean (cannot tell). */
int ltf_volume(const struct history *const *lower, int n, int64_t t, int64_t end,
	       double ratio);

#endif
