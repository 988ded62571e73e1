/* input: cb-backtest's input in compact per-series arrays (input.h). */
#include "input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "symbolinfo.h"
#include "xalloc.h"

/* Room for "exchange:market:symbol". */
#define SYMBOL_KEY_MAX (3 * CANDLE_NAME_MAX)

void bt_input_init(struct bt_input *in)
{
	memset(in, 0, sizeof *in);
	in->series = strmap_new(sizeof(struct bt_series));
	in->signals = strmap_new(sizeof(struct signal_in));
	in->symbols = strmap_new(sizeof(struct risk_filters));
}

/* Put b into s in open_time order; a candle already there is replaced.
 * Returns 1 if it replaced one, else 0. Input in order appends; only a
 * candle out of order pays for a search and a move. */
static int put_bar(struct bt_series *s, const struct candle_bar *b)
{
	size_t lo = 0, hi = s->n;

	if (s->n && b->open_time <= s->bar[s->n - 1].open_time) {
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (s->bar[mid].open_time < b->open_time)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (s->bar[lo].open_time == b->open_time) {
			s->bar[lo] = *b;
			return 1;
		}
	} else {
		lo = s->n;
	}
	if (s->n == s->cap) {
		s->cap += s->cap / 4 + 16;
		s->bar = xreallocarray(s->bar, s->cap, sizeof *s->bar);
	}
	memmove(s->bar + lo + 1, s->bar + lo, (s->n - lo) * sizeof *s->bar);
	s->bar[lo] = *b;
	s->n++;
	return 0;
}

static void on_candle(struct bt_input *in, const struct candle *c)
{
	char key[CANDLE_KEY_MAX];
	size_t len = candle_series_key(c, key);
	struct candle_bar b = { c->open_time, c->close_time, c->open, c->high, c->low,
				c->close };
	struct bt_series *s;
	int created;

	if (!c->closed) {
		in->forming++;
		return;
	}
	in->candles++;
	s = strmap_get(in->series, key, len, &created);
	if (created) {
		memcpy(s->key, key, len + 1);
		memcpy(s->exchange, c->exchange, sizeof s->exchange);
		memcpy(s->market, c->market, sizeof s->market);
		memcpy(s->symbol, c->symbol, sizeof s->symbol);
		s->interval = c->interval;
	}
	in->replaced += put_bar(s, &b);
}

static size_t symbol_key(char *dst, const char *exchange, const char *market,
			 const char *symbol)
{
	int n = snprintf(dst, SYMBOL_KEY_MAX, "%s:%s:%s", exchange, market, symbol);

	return n > 0 && n < SYMBOL_KEY_MAX ? (size_t)n : SYMBOL_KEY_MAX - 1;
}

static void on_symbol(struct bt_input *in, const struct symbol_info *si)
{
	char key[SYMBOL_KEY_MAX];
	size_t len = symbol_key(key, si->exchange, si->market, si->symbol);
	struct risk_filters *f = strmap_get(in->symbols, key, len, NULL);

	f->step_size = si->step_size;
	f->min_qty = si->min_qty;
	f->min_notional = si->min_notional;
	in->symbol_recs++;
}

static void on_label(struct bt_input *in, const struct label_in *l)
{
	struct bt_label *b;

	if (in->nlabels == in->labels_cap) {
		in->labels_cap += in->labels_cap / 2 + 16;
		in->labels = xreallocarray(in->labels, in->labels_cap, sizeof *in->labels);
	}
	b = &in->labels[in->nlabels++];
	memset(b->key, 0, sizeof b->key);
	label_series_key(l, b->key);
	b->time = l->time;
	b->end_time = l->end_time;
	in->label_recs++;
}

int bt_input_line(struct bt_input *in, const char *line, size_t len, char *err,
		  size_t errlen)
{
	union { struct candle c; struct signal_in g; struct symbol_info s; struct label_in l; } u;
	int r;

	r = candle_parse(&u.c, line, len, err, errlen);
	if (r == REC_OK)
		on_candle(in, &u.c);
	if (r != REC_OTHER)
		return r;
	r = signal_parse(&u.g, line, len, err, errlen);
	if (r == REC_OK) {
		*(struct signal_in *)strmap_get(in->signals, u.g.id, strlen(u.g.id), NULL) = u.g;
		in->signal_recs++;
	}
	if (r != REC_OTHER)
		return r;
	r = symbol_parse(&u.s, line, len, err, errlen);
	if (r == REC_OK)
		on_symbol(in, &u.s);
	if (r != REC_OTHER)
		return r;
	r = label_parse(&u.l, line, len, err, errlen);
	if (r == REC_OK)
		on_label(in, &u.l);
	return r;
}

struct collect {
	void **v;
	size_t n;
};

static void collect(void *ctx, const char *key, size_t len, void *val)
{
	struct collect *c = ctx;

	(void)key;
	(void)len;
	c->v[c->n++] = val;
}

static int by_key(const void *a, const void *b)
{
	const struct bt_series *const *x = a, *const *y = b;

	return strcmp((*x)->key, (*y)->key);
}

static int by_id(const void *a, const void *b)
{
	const struct signal_in *const *x = a, *const *y = b;

	return strcmp((*x)->id, (*y)->id);
}

static int label_cmp(const void *a, const void *b)
{
	const struct bt_label *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c)
		return c;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	if (x->end_time != y->end_time)
		return x->end_time < y->end_time ? -1 : 1;
	return 0;
}

void bt_input_finish(struct bt_input *in)
{
	struct collect c;
	size_t k = 0;

	in->nseries = strmap_count(in->series);
	in->by_key = xcalloc(in->nseries + 1, sizeof *in->by_key);
	c.v = (void **)in->by_key;
	c.n = 0;
	strmap_each(in->series, collect, &c);
	qsort(in->by_key, in->nseries, sizeof *in->by_key, by_key);

	in->nsignals = strmap_count(in->signals);
	in->by_id = xcalloc(in->nsignals + 1, sizeof *in->by_id);
	c.v = (void **)in->by_id;
	c.n = 0;
	strmap_each(in->signals, collect, &c);
	qsort(in->by_id, in->nsignals, sizeof *in->by_id, by_id);

	for (size_t i = 0; i < in->nseries; i++) {
		struct bt_series *s = in->by_key[i];
		char key[SYMBOL_KEY_MAX];
		size_t len = symbol_key(key, s->exchange, s->market, s->symbol);

		s->filters = strmap_find(in->symbols, key, len);
	}

	if (in->nlabels)
		qsort(in->labels, in->nlabels, sizeof *in->labels, label_cmp);
	for (size_t i = 0; i < in->nlabels; i++)
		if (!k || label_cmp(&in->labels[k - 1], &in->labels[i]))
			in->labels[k++] = in->labels[i];
	in->nlabels = k;
}

struct bt_series *bt_input_series(const struct bt_input *in, const char *key)
{
	return strmap_find(in->series, key, strlen(key));
}

size_t bt_series_first_open(const struct bt_series *s, int64_t t)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->bar[mid].open_time < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void free_bars(void *ctx, const char *key, size_t len, void *val)
{
	(void)ctx;
	(void)key;
	(void)len;
	free(((struct bt_series *)val)->bar);
}

void bt_input_free(struct bt_input *in)
{
	if (in->series)
		strmap_each(in->series, free_bars, NULL);
	strmap_free(in->series);
	strmap_free(in->signals);
	strmap_free(in->symbols);
	free(in->by_key);
	free(in->by_id);
	free(in->labels);
	memset(in, 0, sizeof *in);
}
