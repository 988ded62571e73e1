/* lcbase: the base rate a signal's confirmation rate is measured against
 * (cb-report(1), statistics): a hypothetical signal on every closed candle
 * of a series, followed by the lifecycle rules (lifecycle.h) exactly as
 * cb-validate follows a real one, reference price the candle's close,
 * detected at its end. The base rate is the share of those that end
 * CONFIRMED among those that reached a final status (CONFIRMED or FAILED),
 * as the confirmation rate counts only decided signals. Pure: values in,
 * values out. */
#ifndef CB_LCBASE_H
#define CB_LCBASE_H

#include <stddef.h>

#include "lifecycle.h"

/* Hypothetical signals that reached a final status, and of them the
 * CONFIRMED ones. */
struct lc_base_count {
	size_t decided, confirmed;
};

/* Add to *c the hypothetical signals of one series: bar[0..n) are its
 * closed candles in open_time order (as lc_apply takes them); for each
 * candle i with a close above 0, a signal detected at bar[i].end with
 * reference price bar[i].close, followed over bar[i + 1 ..] until it is
 * final. One that the candles end before is not counted. Allocates
 * nothing; takes time in n times the candles a signal is followed. */
void lc_base_series(const struct lc_bar *bar, size_t n, const struct lc_rules *r,
		    struct lc_base_count *c);

#endif
