#include "baseline.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static void nadd(double *s, double *c, double x)
{
	double t = *s + x;

	if (fabs(*s) >= fabs(x))
		*c += (*s - t) + x;
	else
		*c += (x - t) + *s;
	*s = t;
}

void baseline_init(struct baseline *b, const size_t *w, int nwin)
{
	memset(b, 0, sizeof *b);
	b->nwin = nwin;
	for (int i = 0; i < nwin; i++) {
		b->w[i] = w[i];
		if (w[i] > b->cap)
			b->cap = w[i];
	}
	/* The ring grows with the values pushed, up to cap: a series that
	 * gets few candles costs little, however long its windows. */
	b->alloc = b->cap < 8 ? b->cap : 8;
	b->ring = xcalloc(b->alloc ? b->alloc : 1, sizeof *b->ring);
}

/* The value pushed k pushes ago (k = 1: the newest), 1 <= k <= count and
 * k <= cap. Until the ring is as long as cap it has not wrapped: the values
 * are ring[0 .. count) and head is count. */
static double back(const struct baseline *b, size_t k)
{
	size_t i = b->head >= k ? b->head - k : b->head + b->alloc - k;

	return b->ring[i];
}

static void recompute(struct baseline *b, int i)
{
	double s = 0, c = 0;

	for (size_t k = 1; k <= b->w[i]; k++)
		nadd(&s, &c, back(b, k));
	b->sum[i] = s;
	b->comp[i] = c;
	b->since[i] = 0;
}

void baseline_push(struct baseline *b, double v)
{
	unsigned fresh = 0;

	if (!b->cap)
		return;
	for (int i = 0; i < b->nwin; i++) {
		size_t w = b->w[i];
		double old;

		if (!w)
			continue;
		if (b->count < w) {
			nadd(&b->sum[i], &b->comp[i], v);
			continue;
		}
		old = back(b, w);
		nadd(&b->sum[i], &b->comp[i], -old);
		nadd(&b->sum[i], &b->comp[i], v);
		/* What is left is far smaller than what left: the rounding of
		 * the compensation may now outweigh it (a window of zeros would
		 * keep a residue such as 3e-20), so sum the window afresh. */
		if (fabs(old) > 0x1p20 * fabs(b->sum[i] + b->comp[i]))
			fresh |= 1u << i;
	}
	if (b->head == b->alloc) {
		/* Full before it has wrapped: longer, up to cap. */
		b->alloc = 2 * b->alloc < b->cap ? 2 * b->alloc : b->cap;
		b->ring = xreallocarray(b->ring, b->alloc, sizeof *b->ring);
	}
	b->ring[b->head] = v;
	if (++b->head == b->cap)
		b->head = 0;
	b->count++;
	for (int i = 0; i < b->nwin; i++)
		if (b->w[i] && (++b->since[i] >= b->w[i] || (fresh >> i & 1)) &&
		    b->count >= b->w[i])
			recompute(b, i);
}

int baseline_mean(const struct baseline *b, int i, double *mean)
{
	if (!b->w[i] || b->count < b->w[i])
		return 0;
	*mean = (b->sum[i] + b->comp[i]) / (double)b->w[i];
	return 1;
}

void baseline_release(struct baseline *b)
{
	if (!b)
		return;
	free(b->ring);
	b->ring = NULL;
}
