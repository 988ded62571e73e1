/* pct: the one percent-change formula of every cb tool (price_change_pct,
 * gains and drawdowns, open-interest change, basis). */
#ifndef CB_PCT_H
#define CB_PCT_H

/* The change from from to to in percent of from: (to - from) * 100 / from.
 * Multiplying first keeps round inputs round: 100 to 107 is 7 and 1000 to
 * 1300 is 30, where dividing first gives 7.000000000000001 and
 * 29.999999999999996. from must not be 0 (the result is then inf or NaN). */
static inline double pct_change(double from, double to)
{
	return (to - from) * 100 / from;
}

#endif
