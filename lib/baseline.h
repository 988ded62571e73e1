/* baseline: rolling means of a series' volume over several trailing windows
 * (7, 14 and 30 days of candles), shared by cb-detect and cb-score.
 *
 * Each window keeps a compensated (Neumaier) running sum that is recomputed
 * from the stored values once per window length, and at once when a value
 * leaves that is over 2^20 times what remains (the compensation's own
 * rounding could then outweigh the rest), so the means stay exact to about
 * 1e-15 relative however long the stream, and a window of zeros has mean
 * exactly 0: a naive running sum drifts.
 * Memory is one ring per series that grows with the values pushed up to the
 * largest window, whatever the stream's length: a series of one candle
 * costs a few bytes, not a 30-day window of 1m candles. */
#ifndef CB_BASELINE_H
#define CB_BASELINE_H

#include <stddef.h>

#define BASELINE_MAX_WINDOWS 8

struct baseline {
	int nwin;
	size_t w[BASELINE_MAX_WINDOWS];    /* window lengths in values */
	double sum[BASELINE_MAX_WINDOWS];  /* Neumaier sum and compensation */
	double comp[BASELINE_MAX_WINDOWS];
	size_t since[BASELINE_MAX_WINDOWS];/* pushes since the last recompute */
	double *ring;                      /* the last cap values, alloc long */
	size_t cap, alloc, head;
	unsigned long long count;          /* values pushed in all */
};

/* Set up windows of w[0..nwin) values (nwin <= BASELINE_MAX_WINDOWS; a
 * length of 0 gives a window that is never full). Allocates the ring; dies
 * on allocation failure. */
void baseline_init(struct baseline *b, const size_t *w, int nwin);

/* Add the newest value; the oldest leaves each full window. */
void baseline_push(struct baseline *b, double v);

/* The mean of window i over its last w[i] values: returns 1 and stores it,
 * or 0 while fewer than w[i] values have been pushed. */
int baseline_mean(const struct baseline *b, int i, double *mean);

/* Free the ring. NULL is allowed; the struct may be initialised again. */
void baseline_release(struct baseline *b);

#endif
