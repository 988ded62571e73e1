/* input: cb-backtest's input in compact per-series arrays (input.h). */
#include "replayin.h"

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
	in->forming_at = strmap_new(sizeof(int64_t));
	in->symbols = strmap_new(sizeof(struct risk_filters));
	in->fsym = strmap_new(sizeof(size_t));
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

/* The series of key, made from its parts if it is new. */
static struct bt_series *get_series(struct bt_input *in, const char *key, size_t len,
				    const char *exchange, const char *market, const char *symbol,
				    const struct interval *iv)
{
	int created;
	struct bt_series *s = strmap_get(in->series, key, len, &created);

	if (created) {
		memcpy(s->key, key, len + 1);
		snprintf(s->exchange, sizeof s->exchange, "%s", exchange);
		snprintf(s->market, sizeof s->market, "%s", market);
		snprintf(s->symbol, sizeof s->symbol, "%s", symbol);
		s->interval = iv;
	}
	return s;
}

void bt_input_add_series(struct bt_input *in, const struct signal_in *g)
{
	char key[CANDLE_KEY_MAX];
	int len = snprintf(key, sizeof key, "%s:%s:%s:%s", g->exchange, g->market, g->symbol,
			   g->interval->name);

	if (len > 0 && (size_t)len < sizeof key)
		get_series(in, key, (size_t)len, g->exchange, g->market, g->symbol, g->interval);
}

static void on_candle(struct bt_input *in, const struct candle *c)
{
	char key[CANDLE_KEY_MAX];
	size_t len = candle_series_key(c, key);
	struct candle_bar b = { c->open_time, c->close_time, c->open, c->high, c->low,
				c->close };
	struct bt_series *s;

	if (!c->closed) {
		int created;
		int64_t *f = strmap_get(in->forming_at, key, len, &created);

		if (created || c->open_time > *f)
			*f = c->open_time;
		in->forming++;
		return;
	}
	in->candles++;
	s = get_series(in, key, len, c->exchange, c->market, c->symbol, c->interval);
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
	label_span(l, &b->lo, &b->hi);
	b->end_time = l->has_end_time ? l->end_time : b->hi;
	in->label_recs++;
}

/* The key of a funding symbol, "exchange:symbol". */
static size_t fsym_key(char *dst, const char *exchange, const char *symbol)
{
	int n = snprintf(dst, SYMBOL_KEY_MAX, "%s:%s", exchange, symbol);

	return n > 0 && n < SYMBOL_KEY_MAX ? (size_t)n : SYMBOL_KEY_MAX - 1;
}

static void on_funding(struct bt_input *in, const struct funding *f)
{
	char key[SYMBOL_KEY_MAX];
	size_t len = fsym_key(key, f->exchange, f->symbol);
	int created;
	size_t *k = strmap_get(in->fsym, key, len, &created);
	struct bt_funding *b;

	if (created)
		*k = strmap_count(in->fsym) - 1;
	if (in->nfunding == in->funding_cap) {
		in->funding_cap += in->funding_cap / 2 + 16;
		in->funding = xreallocarray(in->funding, in->funding_cap, sizeof *in->funding);
	}
	b = &in->funding[in->nfunding];
	b->time = f->time;
	b->rate = f->rate;
	b->mark_price = f->mark_price;
	b->sym = *k;
	b->seq = in->nfunding++;
	in->funding_recs++;
}

int bt_input_line(struct bt_input *in, const char *line, size_t len, char *err,
		  size_t errlen)
{
	union { struct candle c; struct signal_in g; struct symbol_info s; struct label_in l;
		struct funding f; } u;
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
	if (r != REC_OTHER)
		return r;
	r = funding_parse(&u.f, line, len, err, errlen);
	if (r == REC_OK)
		on_funding(in, &u.f);
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

/* Time, then symbol, then input order. */
static int funding_cmp(const void *a, const void *b)
{
	const struct bt_funding *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	if (x->sym != y->sym)
		return x->sym < y->sym ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The funding symbols' indexes are in order of first appearance, which
 * depends on the interleaving; renumber them in key order. */
struct fsym_sort {
	const char **key;
	size_t *idx;
};

static void fsym_collect(void *ctx, const char *key, size_t len, void *val)
{
	struct fsym_sort *c = ctx;

	(void)len;
	c->key[*(size_t *)val] = key;
}

static int str_ptr_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void finish_funding(struct bt_input *in)
{
	size_t n = strmap_count(in->fsym), k = 0;
	struct fsym_sort c;
	const char **sorted;
	size_t *renum;

	c.key = xcalloc(n + 1, sizeof *c.key);
	strmap_each(in->fsym, fsym_collect, &c);
	sorted = xcalloc(n + 1, sizeof *sorted);
	memcpy(sorted, c.key, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, str_ptr_cmp);
	renum = xcalloc(n + 1, sizeof *renum);
	for (size_t i = 0; i < n; i++) {
		size_t *v = strmap_find(in->fsym, sorted[i], strlen(sorted[i]));

		renum[*v] = i;
	}
	for (size_t i = 0; i < n; i++)
		*(size_t *)strmap_find(in->fsym, c.key[i], strlen(c.key[i])) = renum[i];
	for (size_t i = 0; i < in->nfunding; i++)
		in->funding[i].sym = renum[in->funding[i].sym];
	free(renum);
	free(sorted);
	free(c.key);
	if (in->nfunding)
		qsort(in->funding, in->nfunding, sizeof *in->funding, funding_cmp);
	/* Of one symbol and time, the last record wins. */
	for (size_t i = 0; i < in->nfunding; i++) {
		if (k && in->funding[k - 1].time == in->funding[i].time &&
		    in->funding[k - 1].sym == in->funding[i].sym)
			k--;
		in->funding[k++] = in->funding[i];
	}
	in->nfunding = k;
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
	finish_funding(in);

	for (size_t i = 0; i < in->nseries; i++) {
		struct bt_series *s = in->by_key[i];
		char key[SYMBOL_KEY_MAX];
		size_t len = symbol_key(key, s->exchange, s->market, s->symbol);

		size_t *f;

		s->filters = strmap_find(in->symbols, key, len);
		s->fsym = -1;
		len = fsym_key(key, s->exchange, s->symbol);
		f = strmap_find(in->fsym, key, len);
		if (f && !strcmp(s->market, "futures"))
			s->fsym = (long)*f;
	}

	if (in->nlabels)
		qsort(in->labels, in->nlabels, sizeof *in->labels, label_cmp);
	for (size_t i = 0; i < in->nlabels; i++)
		if (!k || label_cmp(&in->labels[k - 1], &in->labels[i]))
			in->labels[k++] = in->labels[i];
	in->nlabels = k;
}

int64_t bt_input_forming(const struct bt_input *in, const char *key)
{
	const int64_t *f = strmap_find(in->forming_at, key, strlen(key));

	return f ? *f : INT64_MIN;
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
	strmap_free(in->forming_at);
	strmap_free(in->symbols);
	strmap_free(in->fsym);
	free(in->funding);
	free(in->by_key);
	free(in->by_id);
	free(in->labels);
	memset(in, 0, sizeof *in);
}
