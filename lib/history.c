#include "history.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct point *history_push(struct history *h)
{
	if (h->start + h->len == h->cap) {
		if (h->start > h->cap / 2) {
			memmove(h->p, h->p + h->start, h->len * sizeof *h->p);
			h->start = 0;
		} else {
			h->cap = h->cap ? 2 * h->cap : 8;
			h->p = xreallocarray(h->p, h->cap, sizeof *h->p);
		}
	}
	return &h->p[h->start + h->len++];
}

size_t history_lower(const struct history *h, int64_t x)
{
	size_t lo = 0, hi = h->len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (history_at(h, mid)->t < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct point *history_find(const struct history *h, int64_t x)
{
	size_t i = history_lower(h, x);

	return i < h->len && history_at(h, i)->t == x ? history_at(h, i) : NULL;
}

const struct point *history_at_or_before(const struct history *h, int64_t x)
{
	size_t i = x == INT64_MAX ? h->len : history_lower(h, x + 1);

	return i ? history_at(h, i - 1) : NULL;
}

void history_trim(struct history *h, int64_t bound)
{
	size_t k = history_lower(h, bound);

	if (k > 1) {
		h->start += k - 1;
		h->len -= k - 1;
	}
}

void history_release(struct history *h)
{
	free(h->p);
	memset(h, 0, sizeof *h);
}
