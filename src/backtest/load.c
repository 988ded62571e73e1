/* load: reading cb-backtest's input into per-series arrays (load.h). */
#include "load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interval.h"
#include "msg.h"
#include "record.h"
#include "strmap.h"
#include "xalloc.h"

void load_init(struct load *ld)
{
	memset(ld, 0, sizeof *ld);
	ld->series_map = strmap_new(sizeof(struct series));
	ld->signal_map = strmap_new(sizeof(struct signal_entry));
	ld->symbol_map = strmap_new(sizeof(struct symbol_info));
}

/* Room for one more element in an array of cap elements of size bytes:
 * grows by half, so that unused capacity stays under a third of it. */
static void *grow(void *p, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return p;
	*cap = *cap < 16 ? 16 : *cap + *cap / 2;
	return xreallocarray(p, *cap, size);
}

static void add_bar(struct load *ld, const struct candle *c)
{
	char key[CANDLE_KEY_MAX];
	size_t klen = candle_series_key(c, key);
	int created;
	struct series *s = strmap_get(ld->series_map, key, klen, &created);
	struct bar b = { c->open_time, c->open, c->high, c->low, c->close };

	if (created) {
		memcpy(s->exchange, c->exchange, sizeof s->exchange);
		memcpy(s->market, c->market, sizeof s->market);
		memcpy(s->symbol, c->symbol, sizeof s->symbol);
		s->iv = c->interval;
	}
	if (!s->unsorted && s->n) {
		struct bar *last = &s->bar[s->n - 1];

		if (last->t == b.t) {
			*last = b;  /* given again: the last one counts */
			return;
		}
		if (last->t > b.t) {
			/* Out of order: from now on remember arrival order, to
			 * sort by time and keep the last of equal times. */
			s->unsorted = 1;
			s->seq = xreallocarray(NULL, s->cap, sizeof *s->seq);
			for (size_t i = 0; i < s->n; i++)
				s->seq[i] = (uint32_t)i;
		}
	}
	if (s->n == s->cap) {
		size_t cap = s->cap;

		s->bar = grow(s->bar, &cap, s->n, sizeof *s->bar);
		if (s->unsorted)
			s->seq = xreallocarray(s->seq, cap, sizeof *s->seq);
		s->cap = cap;
	}
	if (s->unsorted)
		s->seq[s->n] = (uint32_t)s->n;
	s->bar[s->n++] = b;
}

static void add_signal(struct load *ld, const struct signal_in *in)
{
	int created;
	struct signal_entry *e = strmap_get(ld->signal_map, in->id, strlen(in->id), &created);

	if (created)
		e->first_seen = ld->seq;
	e->s = *in;
}

void load_line(struct load *ld, const char *line, size_t len, const char *name, long no)
{
	union {
		struct candle c;
		struct signal_in s;
		struct label_in l;
		struct funding f;
		struct symbol_info y;
	} u;
	char err[256];
	int r;

	ld->lines++;
	ld->seq++;
	if ((r = candle_parse(&u.c, line, len, err, sizeof err)) == REC_OK) {
		ld->candles++;
		if (!u.c.closed)
			ld->forming++;
		else
			add_bar(ld, &u.c);
		return;
	}
	if (r == REC_OTHER && (r = signal_parse(&u.s, line, len, err, sizeof err)) == REC_OK) {
		ld->signals++;
		add_signal(ld, &u.s);
		return;
	}
	if (r == REC_OTHER && (r = label_parse(&u.l, line, len, err, sizeof err)) == REC_OK) {
		ld->labels = grow(ld->labels, &ld->labels_cap, ld->nlabels, sizeof *ld->labels);
		ld->labels[ld->nlabels++] = u.l;
		return;
	}
	if (r == REC_OTHER && (r = funding_parse(&u.f, line, len, err, sizeof err)) == REC_OK) {
		ld->funding = grow(ld->funding, &ld->funding_cap, ld->nfunding, sizeof *ld->funding);
		ld->funding[ld->nfunding++] = u.f;
		return;
	}
	if (r == REC_OTHER && (r = symbol_parse(&u.y, line, len, err, sizeof err)) == REC_OK) {
		char key[CANDLE_KEY_MAX];
		int n = snprintf(key, sizeof key, "%s:%s:%s", u.y.exchange, u.y.market, u.y.symbol);

		*(struct symbol_info *)strmap_get(ld->symbol_map, key, (size_t)n, NULL) = u.y;
		return;
	}
	if (r == REC_OTHER) {
		ld->others++;
		return;
	}
	reject(name, no, "%s", err);
}

/* Order of bars by time, then arrival: the sort of an out-of-order series. */
struct ranked {
	struct bar b;
	uint32_t seq;
};

static int by_time_then_arrival(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->b.t != y->b.t)
		return x->b.t < y->b.t ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

static void sort_series(void *ctx, const char *key, size_t len, void *val)
{
	struct series *s = val;
	struct ranked *r;
	size_t k = 0;

	(void)ctx;
	(void)key;
	(void)len;
	if (!s->unsorted)
		return;
	r = xreallocarray(NULL, s->n, sizeof *r);
	for (size_t i = 0; i < s->n; i++) {
		r[i].b = s->bar[i];
		r[i].seq = s->seq[i];
	}
	qsort(r, s->n, sizeof *r, by_time_then_arrival);
	/* Of equal times the last given is last: keep it. */
	for (size_t i = 0; i < s->n; i++)
		if (i + 1 == s->n || r[i + 1].b.t != r[i].b.t)
			s->bar[k++] = r[i].b;
	s->n = k;
	free(r);
	free(s->seq);
	s->seq = NULL;
	s->unsorted = 0;
}

static int by_funding_time(const void *a, const void *b)
{
	const struct funding *x = a, *y = b;
	int c;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	if ((c = strcmp(x->exchange, y->exchange)))
		return c;
	return strcmp(x->symbol, y->symbol);
}

void load_finish(struct load *ld)
{
	strmap_each(ld->series_map, sort_series, NULL);
	if (ld->nfunding)
		qsort(ld->funding, ld->nfunding, sizeof *ld->funding, by_funding_time);
}

struct series *load_series(const struct load *ld, const char *exchange, const char *market,
			   const char *symbol, const struct interval *iv)
{
	char key[CANDLE_KEY_MAX + 8];
	int n = snprintf(key, sizeof key, "%s:%s:%s:%s", exchange, market, symbol, iv->name);

	if (n < 0 || (size_t)n >= sizeof key)
		return NULL;
	return strmap_find(ld->series_map, key, (size_t)n);
}

size_t series_at_or_after(const struct series *s, int64_t t)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->bar[mid].t < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void release_series(void *ctx, const char *key, size_t len, void *val)
{
	struct series *s = val;

	(void)ctx;
	(void)key;
	(void)len;
	free(s->bar);
	free(s->seq);
}

void load_release(struct load *ld)
{
	strmap_each(ld->series_map, release_series, NULL);
	strmap_free(ld->series_map);
	strmap_free(ld->signal_map);
	strmap_free(ld->symbol_map);
	free(ld->labels);
	free(ld->funding);
	memset(ld, 0, sizeof *ld);
}
