/* volseries: the per-series state of spike detection, shared by cb-detect
 * and cb-score so both compute a series' baselines the same way: candles in
 * time order, the volume measure fixed by the series' first candle, and a
 * candle joining the windows once it is closed and a later one arrives. */
#ifndef CB_VOLSERIES_H
#define CB_VOLSERIES_H

#include <stdint.h>

#include "baseline.h"
#include "candle.h"

enum measure { MEASURE_AUTO, MEASURE_QUOTE, MEASURE_BASE };

struct volseries {
	struct baseline bl;
	struct candle last;       /* the newest candle: not yet in the windows */
	int have_last;
	enum measure measure;     /* MEASURE_QUOTE or MEASURE_BASE */
	int count_trades;         /* tr holds the trade counts (volseries_count_trades) */
	struct baseline tr;       /* the same windows over trades */
};

/* Set up s for the series of its first candle, with windows of win_ms[0..nwin)
 * milliseconds (counted in candles of the series' interval). With
 * MEASURE_AUTO the measure is quote volume if first has quote_volume, else
 * base volume. Dies on allocation failure. */
void volseries_init(struct volseries *s, const struct candle *first, const int64_t *win_ms,
		    int nwin, enum measure m);

/* Also keep the trade counts of the closed candles in windows of the same
 * lengths as the volume's, for volseries_trades_mean; call once, right
 * after volseries_init. A closed candle without trades empties these
 * windows, so that a mean is always over full windows of counts. Dies on
 * allocation failure. */
void volseries_count_trades(struct volseries *s);

/* The mean trade count of window i: returns 1 and stores it, or 0 while
 * the window is not full (or the counts are not kept). */
int volseries_trades_mean(const struct volseries *s, int i, double *mean);

/* Results of volseries_add. */
enum { VOLSERIES_NEW, VOLSERIES_UPDATE, VOLSERIES_OLDER, VOLSERIES_NO_QUOTE };

/* Take c, a candle of the series: VOLSERIES_NEW if it opens after the last
 * one (which joined the windows if it was closed), VOLSERIES_UPDATE if it is
 * the last one again (an update of a forming candle). A candle that opens
 * before the last one (VOLSERIES_OLDER) or lacks the quote_volume the series
 * compares (VOLSERIES_NO_QUOTE) is not taken; the caller rejects it. */
int volseries_add(struct volseries *s, const struct candle *c);

/* The volume of c that the series compares. */
static inline double volseries_measure(const struct volseries *s, const struct candle *c)
{
	return s->measure == MEASURE_QUOTE ? c->quote_volume : c->volume;
}

/* Free the windows; s may be set up again. */
void volseries_release(struct volseries *s);

#endif
