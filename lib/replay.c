/* run: one configuration in event time (run.h).
 *
 * The step times are the open times of the chosen series' candles, the
 * entry times of the signals, the funding times and the close times of
 * the candles positions live in. At each step t, in this order:
 *  1. a new UTC day starts (its equity marked at the closes ending at
 *     00:00), then the marks of the closes ending at or before t;
 *  2. funding payments at t, for positions entered before t;
 *  3. the daily loss check of the equity so marked (with
 *     --flatten-on-halt, open positions exit at their next open);
 *  4. the entries at t, in priority order, against the risk rules;
 *  5. the exits: first those decided earlier at a close ending at t
 *     (a time exit), then every open position with a candle opening at t,
 *     in series key order.
 * Everything is walked in an order fixed by the sorted input, never by
 * the order records came in. */
#include "replay.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pct.h"
#include "xalloc.h"

#define DAY_MS 86400000LL

void bt_config_default(struct bt_config *c)
{
	memset(c, 0, sizeof *c);
	strategy_rules_default(&c->strat);
	exit_rules_default(&c->exits);
	risk_rules_default(&c->risk);
	c->side = 1;
	c->entry = BT_ENTRY_NEXT_OPEN;
	c->slippage_bps = 5;
	c->fee_bps = 5;
	c->balance = 10000;
	c->from = INT64_MIN;
	c->to = INT64_MAX;
}

void bt_window(const struct bt_series *s, int64_t from, int64_t to, size_t *lo, size_t *hi)
{
	*lo = from == INT64_MIN ? 0 : bt_series_first_open(s, from);
	*hi = to == INT64_MAX ? s->n : bt_series_first_open(s, to);
	if (*hi < *lo)
		*hi = *lo;
}

int bt_series_chosen(const struct bt_config *c, const struct bt_series *s)
{
	const struct strategy_rules *r = &c->strat;

	if (r->market && strcmp(r->market, s->market))
		return 0;
	if (r->interval && r->interval != s->interval)
		return 0;
	if (r->symbols) {
		for (size_t i = 0; i < r->nsymbols; i++)
			if (!strcmp(r->symbols[i], s->symbol))
				return 1;
		return 0;
	}
	return 1;
}

/* A min-heap of (time, index), ties by index. */
struct heap_item {
	int64_t t;
	size_t i;
};

struct heap {
	struct heap_item *a;
	size_t n, cap;
};

static int item_less(const struct heap_item *x, const struct heap_item *y)
{
	return x->t < y->t || (x->t == y->t && x->i < y->i);
}

static void heap_push(struct heap *h, int64_t t, size_t i)
{
	size_t k;

	if (h->n == h->cap) {
		h->cap += h->cap / 2 + 16;
		h->a = xreallocarray(h->a, h->cap, sizeof *h->a);
	}
	k = h->n++;
	h->a[k].t = t;
	h->a[k].i = i;
	while (k && item_less(&h->a[k], &h->a[(k - 1) / 2])) {
		struct heap_item x = h->a[k];

		h->a[k] = h->a[(k - 1) / 2];
		h->a[(k - 1) / 2] = x;
		k = (k - 1) / 2;
	}
}

static struct heap_item heap_pop(struct heap *h)
{
	struct heap_item top = h->a[0];
	size_t k = 0;

	h->a[0] = h->a[--h->n];
	for (;;) {
		size_t l = 2 * k + 1, m = k;
		struct heap_item x;

		if (l < h->n && item_less(&h->a[l], &h->a[m]))
			m = l;
		if (l + 1 < h->n && item_less(&h->a[l + 1], &h->a[m]))
			m = l + 1;
		if (m == k)
			break;
		x = h->a[k];
		h->a[k] = h->a[m];
		h->a[m] = x;
		k = m;
	}
	return top;
}

/* A signal that may be entered. */
struct cand {
	struct strategy_key key;
	struct bt_entry e;
	size_t series;
	const struct signal_in *sig;
};

static int cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->e.time != y->e.time)
		return x->e.time < y->e.time ? -1 : 1;
	return strategy_key_cmp(&x->key, &y->key);
}

/* What a series holds during the run. */
struct slot {
	size_t cur;            /* its next candle */
	size_t end;            /* the end of its candles in the window */
	size_t sym;            /* its symbol's index */
	int chosen;
	int open;              /* a position is open on it */
	int exiting;           /* ... whose exit at a close is decided: exit */
	int flatten;           /* ... which exits at its next open (halt) */
	struct exit exit;
	int has_mark;          /* a close to mark at mark_time */
	int64_t mark_time;
	double mark_close;
	long id;
	const struct signal_in *sig;
};

struct symstate {
	int busy;
	int has_exit;
	int64_t last_exit;
};

struct sim {
	const struct bt_input *in;
	const struct bt_config *c;
	struct bt_result *r;
	struct portfolio pf;
	struct slot *slot;
	struct symstate *sym;
	struct heap series, pending;
	struct cand *cand;
	size_t ncand, ci, fi;
	struct risk_day day;
	long next_id;
};

static size_t pf_index(const struct sim *m, size_t series)
{
	for (size_t k = 0; k < m->pf.n; k++)
		if (m->pf.pos[k].tag == series)
			return k;
	abort();   /* a slot marked open always has its position */
}

static void push_point(struct bt_result *r, int64_t t, double eq)
{
	if (r->ncurve == r->curve_cap) {
		r->curve_cap += r->curve_cap / 2 + 64;
		r->curve = xreallocarray(r->curve, r->curve_cap, sizeof *r->curve);
	}
	r->curve[r->ncurve].t = t;
	r->curve[r->ncurve++].equity = eq;
}

static void push_daily(struct bt_result *r, double eq)
{
	if (r->ndaily == r->daily_cap) {
		r->daily_cap += r->daily_cap / 2 + 64;
		r->daily = xreallocarray(r->daily, r->daily_cap, sizeof *r->daily);
	}
	r->daily[r->ndaily++] = eq;
}

/* Book the exit e of the position on series i. */
static void realize(struct sim *m, size_t i, const struct exit *e)
{
	struct slot *s = &m->slot[i];
	struct bt_result *r = m->r;
	size_t k = pf_index(m, i);
	struct bt_trade *t;

	if (r->ntrades == r->trades_cap) {
		r->trades_cap += r->trades_cap / 2 + 16;
		r->trades = xreallocarray(r->trades, r->trades_cap, sizeof *r->trades);
	}
	t = &r->trades[r->ntrades++];
	memset(t, 0, sizeof *t);
	t->mfe_pct = fill_mfe_pct(&m->pf.pos[k].p);
	t->mae_pct = fill_mae_pct(&m->pf.pos[k].p);
	t->entry_time = m->pf.pos[k].p.entry_time;
	pf_close(&m->pf, k, e->price, m->c->slippage_bps, m->c->fee_bps, &t->t);
	t->id = s->id;
	t->sig = s->sig;
	t->series = m->in->by_key[i];
	t->exit_time = e->time;
	t->reason = e->reason;
	m->sym[s->sym].busy = 0;
	m->sym[s->sym].has_exit = 1;
	m->sym[s->sym].last_exit = e->time;
	s->open = s->exiting = s->flatten = s->has_mark = 0;
}

/* Take in the marks of the closes ending at or before bound. */
static void apply_marks(struct sim *m, int64_t bound)
{
	for (size_t k = 0; k < m->pf.n; k++) {
		struct slot *s = &m->slot[m->pf.pos[k].tag];

		if (s->has_mark && s->mark_time <= bound) {
			pf_mark(&m->pf, k, s->mark_close);
			s->has_mark = 0;
		}
	}
}

/* Start the UTC days up to that of t, each with the equity marked at the
 * closes ending at its 00:00. */
static void start_days(struct sim *m, int64_t t)
{
	int64_t day = risk_utc_day(t);
	double eq;

	if (!m->day.started) {
		risk_day_start(&m->day, t, pf_equity(&m->pf));
		push_daily(m->r, pf_equity(&m->pf));
		return;
	}
	if (day <= m->day.day)
		return;
	apply_marks(m, day * DAY_MS);
	eq = pf_equity(&m->pf);
	for (int64_t d = m->day.day; d < day; d++)
		push_daily(m->r, eq);
	risk_day_start(&m->day, t, eq);
}

static void pay_funding(struct sim *m, int64_t t)
{
	const struct bt_input *in = m->in;

	for (; m->fi < in->nfunding && in->funding[m->fi].time == t; m->fi++) {
		const struct bt_funding *f = &in->funding[m->fi];

		for (size_t k = 0; k < m->pf.n; k++) {
			struct pf_position *q = &m->pf.pos[k];
			const struct bt_series *s = in->by_key[q->tag];
			size_t cur = m->slot[q->tag].cur;
			double price = f->mark_price;

			if (s->fsym < 0 || (size_t)s->fsym != f->sym || q->p.entry_time >= t)
				continue;
			if (!(price > 0))
				price = cur < m->slot[q->tag].end && s->bar[cur].open_time == t ? s->bar[cur].open :
					q->mark;
			m->r->funding += pf_fund(&m->pf, k, price, f->rate);
		}
	}
}

static void enter(struct sim *m, const struct cand *cd, int64_t t)
{
	const struct bt_config *c = m->c;
	struct slot *s = &m->slot[cd->series];
	struct symstate *y = &m->sym[s->sym];
	struct risk_book b;
	struct risk_symbol rs = { y->busy, y->has_exit, y->last_exit };
	struct risk_decision d;
	double fill = fill_entry_price(c->side, cd->e.price, c->slippage_bps);

	b.equity = pf_equity(&m->pf);
	b.exposure = pf_exposure(&m->pf);
	b.positions = (int)m->pf.n;
	b.halted = m->day.halted;
	if (risk_decide(&c->risk, &b, &rs, m->in->by_key[cd->series]->filters, t, fill,
			&d) != RISK_OK) {
		m->r->skips.risk[d.reason]++;
		return;
	}
	pf_open(&m->pf, c->side, cd->e.price, d.quantity, c->slippage_bps, c->fee_bps,
		cd->e.time, cd->e.at_open, cd->series);
	s->open = 1;
	s->exiting = s->flatten = s->has_mark = 0;
	s->id = ++m->next_id;
	s->sig = cd->sig;
	y->busy = 1;
}

/* The candle of series i opening at t, for its open position. */
static void candle_exit(struct sim *m, size_t i, const struct candle_bar *bar, int64_t t)
{
	struct slot *s = &m->slot[i];
	struct pf_position *q = &m->pf.pos[pf_index(m, i)];
	struct exit e;
	int out;

	if (s->flatten)
		out = fill_exit_forced(bar, EXIT_HALT, &e);
	else
		out = fill_exit_in_candle(&q->p, bar, &m->c->exits, &e);
	fill_after_candle(&q->p, bar, out ? &e : NULL);
	if (out && e.time <= t) {
		realize(m, i, &e);
		return;
	}
	s->has_mark = 1;
	s->mark_time = bar->close_time + 1;
	s->mark_close = bar->close;
	heap_push(&m->pending, s->mark_time, 0);
	if (out) {
		s->exiting = 1;
		s->exit = e;
		heap_push(&m->pending, e.time, 0);
	}
}

static void exits(struct sim *m, int64_t t)
{
	const struct bt_input *in = m->in;

	/* Exits decided at a close ending at or before t, in entry order. */
	for (size_t k = 0; k < m->pf.n;) {
		struct slot *s = &m->slot[m->pf.pos[k].tag];

		if (s->exiting && s->exit.time <= t)
			realize(m, m->pf.pos[k].tag, &s->exit);
		else
			k++;
	}
	while (m->series.n && m->series.a[0].t == t) {
		size_t i = heap_pop(&m->series).i;
		struct slot *s = &m->slot[i];
		const struct bt_series *se = in->by_key[i];

		if (s->open && !s->exiting)
			candle_exit(m, i, &se->bar[s->cur], t);
		if (++s->cur < s->end)
			heap_push(&m->series, se->bar[s->cur].open_time, i);
	}
}

/* The earliest time anything happens, or INT64_MAX. */
static int64_t next_time(struct sim *m)
{
	int64_t t = INT64_MAX;

	/* Funding outside the period of the chosen series meets no position. */
	while (m->fi < m->in->nfunding && (m->in->funding[m->fi].time < m->r->start ||
					   m->in->funding[m->fi].time > m->r->end))
		m->fi++;
	if (m->series.n)
		t = m->series.a[0].t;
	if (m->ci < m->ncand && m->cand[m->ci].e.time < t)
		t = m->cand[m->ci].e.time;
	if (m->fi < m->in->nfunding && m->in->funding[m->fi].time < t)
		t = m->in->funding[m->fi].time;
	if (m->pending.n && m->pending.a[0].t < t)
		t = m->pending.a[0].t;
	return t;
}

static void step(struct sim *m, int64_t t)
{
	struct bt_result *r = m->r;

	if (r->ncurve && m->pf.n)
		r->exposed_ms += t - r->curve[r->ncurve - 1].t;
	while (m->pending.n && m->pending.a[0].t <= t)
		heap_pop(&m->pending);
	start_days(m, t);
	apply_marks(m, t);
	pay_funding(m, t);
	if (risk_day_mark(&m->day, &m->c->risk, pf_equity(&m->pf))) {
		r->halts++;
		if (m->c->flatten_on_halt)
			for (size_t k = 0; k < m->pf.n; k++)
				m->slot[m->pf.pos[k].tag].flatten = 1;
	}
	for (; m->ci < m->ncand && m->cand[m->ci].e.time == t; m->ci++)
		enter(m, &m->cand[m->ci], t);
	exits(m, t);
	push_point(r, t, pf_equity(&m->pf));
}

/* The signals that qualify and have a candle to enter at, sorted by entry
 * time and priority; the others counted by reason. */
static void candidates(struct sim *m)
{
	const struct bt_input *in = m->in;

	m->cand = xcalloc(in->nsignals + 1, sizeof *m->cand);
	for (size_t j = 0; j < in->nsignals; j++) {
		const struct signal_in *g = in->by_id[j];
		enum strategy_reason why = strategy_check(&m->c->strat, g);
		char key[CANDLE_KEY_MAX + 8];
		const struct bt_series *s;
		struct cand *cd = &m->cand[m->ncand];
		size_t lo = 0, hi = in->nseries;

		if (g->detected_at < m->c->from || g->detected_at >= m->c->to)
			continue;   /* another window's */
		m->r->signals++;
		if (why != STRAT_OK) {
			m->r->skips.strategy[why]++;
			continue;
		}
		snprintf(key, sizeof key, "%s:%s:%s:%s", g->exchange, g->market, g->symbol,
			 g->interval->name);
		s = bt_input_series(in, key);
		if (s) {
			while (lo < hi) {   /* its index in by_key */
				size_t mid = lo + (hi - lo) / 2;

				if (strcmp(in->by_key[mid]->key, s->key) < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
		}
		if (!s || bt_entry_find(s, g, m->c->entry, &cd->e) < 0 ||
		    cd->e.bar >= m->slot[lo].end) {
			m->r->skips.no_candle++;
			continue;
		}
		cd->series = lo;
		cd->sig = g;
		strategy_key_of(&cd->key, g);
		m->ncand++;
	}
	qsort(m->cand, m->ncand, sizeof *m->cand, cand_cmp);
}

static void setup(struct sim *m)
{
	const struct bt_input *in = m->in;
	size_t nsym = 0;

	m->slot = xcalloc(in->nseries + 1, sizeof *m->slot);
	m->sym = xcalloc(in->nseries + 1, sizeof *m->sym);
	m->r->start = INT64_MAX;
	m->r->end = INT64_MIN;
	for (size_t i = 0; i < in->nseries; i++) {
		const struct bt_series *s = in->by_key[i], *p = i ? in->by_key[i - 1] : NULL;

		/* Sorted by key, the series of one symbol are adjacent. */
		if (p && (strcmp(p->exchange, s->exchange) || strcmp(p->market, s->market) ||
			  strcmp(p->symbol, s->symbol)))
			nsym++;
		struct slot *sl = &m->slot[i];

		sl->sym = nsym;
		sl->chosen = bt_series_chosen(m->c, s);
		bt_window(s, m->c->from, m->c->to, &sl->cur, &sl->end);
		if (!sl->chosen || sl->cur == sl->end)
			continue;
		heap_push(&m->series, s->bar[sl->cur].open_time, i);
		if (s->bar[sl->cur].open_time < m->r->start)
			m->r->start = s->bar[sl->cur].open_time;
		if (s->bar[sl->end - 1].close_time + 1 > m->r->end)
			m->r->end = s->bar[sl->end - 1].close_time + 1;
	}
}

/* Positions still open when the input ends: a decided exit is booked, the
 * others exit at their series' last close. */
static void end_exits(struct sim *m)
{
	while (m->pf.n) {
		size_t i = m->pf.pos[0].tag;
		struct slot *s = &m->slot[i];
		const struct bt_series *se = m->in->by_key[i];
		struct exit e;

		if (s->exiting) {
			realize(m, i, &s->exit);
			continue;
		}
		fill_exit_forced(&se->bar[s->end - 1], EXIT_END, &e);
		realize(m, i, &e);
	}
}

static int series_ptr_cmp(const void *a, const void *b)
{
	const struct bt_series *const *x = a, *const *y = b;

	return strcmp((*x)->key, (*y)->key);
}

/* The base rate and the market change over the series traded. */
static void traded_series(const struct bt_config *c, struct bt_result *r)
{
	size_t n = r->ntrades, k = 0;
	const struct bt_series **s = xcalloc(n + 1, sizeof *s);
	double sum = 0;

	for (size_t i = 0; i < n; i++)
		s[i] = r->trades[i].series;
	qsort(s, n, sizeof *s, series_ptr_cmp);
	for (size_t i = 0; i < n; i++)
		if (!k || s[k - 1] != s[i])
			s[k++] = s[i];
	for (size_t i = 0; i < k; i++) {
		size_t lo, hi;

		bt_window(s[i], r->from, r->to, &lo, &hi);
		base_rate_series(s[i]->bar + lo, hi - lo, c->side, &c->exits, c->slippage_bps,
				 &r->base);
		sum += pct_change(s[i]->bar[lo].close, s[i]->bar[hi - 1].close);
	}
	r->market_change_pct = k ? sum / (double)k : NAN;
	free(s);
}

void bt_run(const struct bt_input *in, const struct bt_config *c, struct bt_result *r)
{
	struct sim m;
	int64_t t, last = 0;

	memset(r, 0, sizeof *r);
	memset(&m, 0, sizeof m);
	m.in = in;
	m.c = c;
	m.r = r;
	pf_init(&m.pf, c->balance);
	r->balance = c->balance;
	r->from = c->from;
	r->to = c->to;
	setup(&m);
	candidates(&m);
	while ((t = next_time(&m)) != INT64_MAX) {
		step(&m, t);
		last = t;
	}
	if (r->ncurve && m.pf.n && r->end > last)
		r->exposed_ms += r->end - last;
	end_exits(&m);
	if (r->start > r->end) {   /* no candle chosen */
		r->start = r->end = 0;
	}
	r->final_equity = pf_equity(&m.pf);
	if (r->ncurve) {
		int64_t tend = r->end > last ? r->end : last;
		double eq = r->curve[r->ncurve - 1].equity;

		/* The days the input ends in, at 00:00: the last step's equity;
		 * at the end, the final one. */
		for (int64_t d = m.day.day + 1; d * DAY_MS <= tend; d++)
			push_daily(r, d * DAY_MS == tend ? r->final_equity : eq);
		if (tend % DAY_MS)
			push_daily(r, r->final_equity);
		if (r->curve[r->ncurve - 1].t == tend)
			r->curve[r->ncurve - 1].equity = r->final_equity;
		else
			push_point(r, tend, r->final_equity);
	}
	r->fees = m.pf.fees;
	r->slippage = m.pf.slippage;
	traded_series(c, r);
	pf_release(&m.pf);
	free(m.slot);
	free(m.sym);
	free(m.series.a);
	free(m.pending.a);
	free(m.cand);
}

void bt_result_free(struct bt_result *r)
{
	free(r->trades);
	free(r->curve);
	free(r->daily);
	memset(r, 0, sizeof *r);
}
