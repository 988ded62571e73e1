/* history: the recent points of one series in time order, with binary
 * search by time and trimming from the old end. A point is a candle (its
 * close, its compared volume and the 7-day mean volume before it) or an
 * open-interest value (in close). cb-score keeps one per candle series and
 * per open-interest source; the factor measures (factors.h) read them.
 *
 * The history owns its array; points are addressed by index from the
 * oldest kept (0) to the newest (len - 1). A pointer to a point is valid
 * until the next history_push or history_trim. */
#ifndef CB_HISTORY_H
#define CB_HISTORY_H

#include <stddef.h>
#include <stdint.h>

struct point {
	int64_t t;             /* open_time; for open interest its time */
	double close;          /* the close; for open interest the value */
	double vol, mean;      /* the compared volume and the 7-day mean before it */
	unsigned char has_mean, closed;
};

/* Points p[start .. start + len); zero-initialised is an empty history. */
struct history {
	struct point *p;
	size_t start, len, cap;
};

/* The point at index i (0 <= i < len). */
static inline struct point *history_at(const struct history *h, size_t i)
{
	return &h->p[h->start + i];
}

/* The newest point; the history must not be empty. */
static inline struct point *history_newest(const struct history *h)
{
	return &h->p[h->start + h->len - 1];
}

/* Append a point (uninitialised) after the newest and return it; the caller
 * keeps times increasing. Dies on allocation failure. */
struct point *history_push(struct history *h);

/* The index of the first point with t >= x (len if there is none). */
size_t history_lower(const struct history *h, int64_t x);

/* The point with t == x, or NULL. */
const struct point *history_find(const struct history *h, int64_t x);

/* The newest point with t <= x, or NULL. */
const struct point *history_at_or_before(const struct history *h, int64_t x);

/* Drop the points older than bound except the newest of them, so that
 * history_at_or_before still answers for any time >= bound. */
void history_trim(struct history *h, int64_t bound);

/* Free the array; h is then empty and may be used again. */
void history_release(struct history *h);

#endif
