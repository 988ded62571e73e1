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
	int resuming;            /* a run of a chain (bt_run's save) */
	int64_t done;            /* resuming: steps at or before it are done */
	int64_t last;            /* the last step */
	int64_t frontier;        /* the last open_time of a chosen candle */
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

static void decide(struct sim *m, const struct signal_in *g, int64_t t, int entered,
		   const char *reason)
{
	struct bt_result *r = m->r;

	if (!m->resuming)
		return;
	if (r->ndecided == r->decided_cap) {
		r->decided_cap += r->decided_cap / 2 + 16;
		r->decided = xreallocarray(r->decided, r->decided_cap, sizeof *r->decided);
	}
	r->decided[r->ndecided].sig = g;
	r->decided[r->ndecided].time = t;
	r->decided[r->ndecided].entered = entered;
	r->decided[r->ndecided++].reason = reason;
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

	if (c->halted) {
		m->r->skips.halted++;
		decide(m, cd->sig, t, 0, "halted");
		return;
	}
	b.equity = pf_equity(&m->pf);
	b.exposure = pf_exposure(&m->pf);
	b.positions = (int)m->pf.n;
	b.halted = m->day.halted;
	if (risk_decide(&c->risk, &b, &rs, m->in->by_key[cd->series]->filters, t, fill,
			&d) != RISK_OK) {
		m->r->skips.risk[d.reason]++;
		decide(m, cd->sig, t, 0, risk_reason_name(d.reason));
		return;
	}
	decide(m, cd->sig, t, 1, NULL);
	pf_open(&m->pf, c->side, cd->e.price, d.quantity, c->slippage_bps, c->fee_bps,
		cd->e.time, cd->e.at_open, cd->series);
	s->open = 1;
	s->exiting = s->flatten = s->has_mark = 0;
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
	/* Funding outside the period of the chosen series (resuming: at or
	 * before the steps done) meets no position. */
	int64_t lo = m->resuming && m->done != INT64_MIN ? m->done + 1 : m->r->start;


	while (m->fi < m->in->nfunding && (m->in->funding[m->fi].time < lo ||
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

static int id_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether signal id was acted on in a run before. */
static int acted(const struct bt_config *c, const char *id)
{
	return c->nacted && bsearch(&id, c->acted, c->nacted, sizeof *c->acted, id_cmp);
}

/* The index in by_key of the series of key, or in->nseries. */
static size_t series_index(const struct bt_input *in, const char *key)
{
	size_t lo = 0, hi = in->nseries;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(in->by_key[mid]->key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < in->nseries && !strcmp(in->by_key[lo]->key, key) ? lo : in->nseries;
}

static void wait_for_candle(struct bt_result *r, const struct signal_in *g)
{
	r->waiting = xreallocarray(r->waiting, r->nwaiting + 1, sizeof *r->waiting);
	r->waiting[r->nwaiting++] = g;
}

/* The signals that qualify and have a candle to enter at, sorted by entry
 * time and priority; the others counted by reason. Resuming, a signal is
 * decided only once its entry candle is there: before, it waits. */
static void candidates(struct sim *m)
{
	const struct bt_input *in = m->in;

	m->cand = xcalloc(in->nsignals + 1, sizeof *m->cand);
	for (size_t j = 0; j < in->nsignals; j++) {
		const struct signal_in *g = in->by_id[j];
		enum strategy_reason why;
		char key[CANDLE_KEY_MAX + 8];
		struct cand *cd = &m->cand[m->ncand];
		size_t i;
		int found;

		if (g->detected_at < m->c->from || g->detected_at >= m->c->to)
			continue;   /* another window's */
		if (m->resuming && acted(m->c, g->id))
			continue;
		snprintf(key, sizeof key, "%s:%s:%s:%s", g->exchange, g->market, g->symbol,
			 g->interval->name);
		/* Detected at or before the last step done: the candle it
		 * would enter at was traded over (or never came). */
		if (m->resuming && m->done != INT64_MIN && g->detected_at <= m->done) {
			m->r->skips.late++;
			decide(m, g, g->detected_at, 0, "late");
			continue;
		}
		i = series_index(in, key);
		found = i < in->nseries && bt_entry_find(in->by_key[i], g, m->c->entry, &cd->e) == 0 &&
			cd->e.bar < m->slot[i].end;
		if (m->resuming && !found) {
			wait_for_candle(m->r, g);
			continue;
		}
		if (found && m->c->max_entry_delay_ms > 0 &&
		    cd->e.time < m->c->now - m->c->max_entry_delay_ms) {
			m->r->skips.stale++;
			decide(m, g, cd->e.time, 0, "stale");
			continue;
		}
		m->r->signals++;
		why = strategy_check(&m->c->strat, g);
		if (why != STRAT_OK) {
			m->r->skips.strategy[why]++;
			decide(m, g, found ? cd->e.time : g->detected_at, 0, strategy_reason_name(why));
			continue;
		}
		if (!found) {
			m->r->skips.no_candle++;
			continue;
		}
		cd->series = i;
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
		bt_window(s, m->resuming && m->done != INT64_MIN ? m->done + 1 : m->c->from, m->c->to,
			  &sl->cur, &sl->end);
		if (!sl->chosen || sl->cur == sl->end)
			continue;
		heap_push(&m->series, s->bar[sl->cur].open_time, i);
		if (s->bar[sl->cur].open_time < m->r->start)
			m->r->start = s->bar[sl->cur].open_time;
		if (s->bar[sl->end - 1].close_time + 1 > m->r->end)
			m->r->end = s->bar[sl->end - 1].close_time + 1;
		if (s->bar[sl->end - 1].open_time > m->frontier)
			m->frontier = s->bar[sl->end - 1].open_time;
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

/* The symbol key (exchange:market:symbol) of series s, for cooldowns. */
static void symbol_key(const struct bt_series *s, char *key, size_t n)
{
	snprintf(key, n, "%s:%s:%s", s->exchange, s->market, s->symbol);
}

/* Take over the state of the run before: the portfolio, its positions
 * with what the loop knows of them, the day and the cooldowns. */
static void restore(struct sim *m, const struct bt_state *st)
{
	const struct bt_input *in = m->in;

	m->done = st->done;
	m->day = st->day;
	m->pf.balance = st->balance;
	m->pf.cash = st->cash;
	m->pf.realized = st->realized;
	m->pf.fees = st->fees;
	m->pf.slippage = st->slippage;
	m->pf.funding = st->funding;
	for (size_t k = 0; k < st->nopen; k++) {
		const struct bt_open *o = &st->open[k];
		size_t i = series_index(in, o->key);
		struct slot *sl;
		struct pf_position p = o->pos;

		if (i == in->nseries)
			abort();   /* bt_run's contract: the caller adds the series */
		sl = &m->slot[i];
		p.tag = i;
		pf_restore(&m->pf, &p);
		sl->open = 1;
		sl->exiting = o->exiting;
		sl->flatten = o->flatten;
		sl->has_mark = o->has_mark;
		sl->exit = o->exit;
		sl->mark_time = o->mark_time;
		sl->mark_close = o->mark_close;
		sl->sig = strmap_find(in->signals, o->signal_id, strlen(o->signal_id));
		if (!sl->sig)
			abort();   /* likewise its signal */
		m->sym[sl->sym].busy = 1;
		if (sl->has_mark)
			heap_push(&m->pending, sl->mark_time, 0);
		if (sl->exiting)
			heap_push(&m->pending, sl->exit.time, 0);
	}
	for (size_t k = 0; k < st->ncool; k++)
		for (size_t i = 0; i < in->nseries; i++) {
			char key[CANDLE_KEY_MAX];

			symbol_key(in->by_key[i], key, sizeof key);
			if (!strcmp(key, st->cool[k].key)) {
				m->sym[m->slot[i].sym].has_exit = 1;
				m->sym[m->slot[i].sym].last_exit = st->cool[k].last_exit;
			}
		}
}

static void add_cool(struct bt_state *st, const char *key, int64_t last_exit)
{
	for (size_t k = 0; k < st->ncool; k++)
		if (!strcmp(st->cool[k].key, key))
			return;
	st->cool = xreallocarray(st->cool, st->ncool + 1, sizeof *st->cool);
	snprintf(st->cool[st->ncool].key, sizeof st->cool[st->ncool].key, "%s", key);
	st->cool[st->ncool++].last_exit = last_exit;
}

/* What the next run needs: the positions still open, the day, the
 * cooldowns (also those of symbols this input did not hold). */
static void save_state(struct sim *m, struct bt_state *st)
{
	const struct bt_input *in = m->in;
	const struct bt_state *old = m->c->resume;

	memset(st, 0, sizeof *st);
	st->done = m->last;
	st->balance = m->pf.balance;
	st->cash = m->pf.cash;
	st->realized = m->pf.realized;
	st->fees = m->pf.fees;
	st->slippage = m->pf.slippage;
	st->funding = m->pf.funding;
	st->day = m->day;
	st->open = xcalloc(m->pf.n + 1, sizeof *st->open);
	for (size_t k = 0; k < m->pf.n; k++) {
		struct bt_open *o = &st->open[st->nopen++];
		const struct slot *sl = &m->slot[m->pf.pos[k].tag];

		snprintf(o->key, sizeof o->key, "%s", in->by_key[m->pf.pos[k].tag]->key);
		snprintf(o->signal_id, sizeof o->signal_id, "%s", sl->sig->id);
		o->pos = m->pf.pos[k];
		o->exiting = sl->exiting;
		o->flatten = sl->flatten;
		o->has_mark = sl->has_mark;
		o->exit = sl->exit;
		o->mark_time = sl->mark_time;
		o->mark_close = sl->mark_close;
	}
	for (size_t i = 0; i < in->nseries; i++) {
		char key[CANDLE_KEY_MAX];

		if (!m->sym[m->slot[i].sym].has_exit)
			continue;
		symbol_key(in->by_key[i], key, sizeof key);
		add_cool(st, key, m->sym[m->slot[i].sym].last_exit);
	}
	for (size_t k = 0; old && k < old->ncool; k++)
		add_cool(st, old->cool[k].key, old->cool[k].last_exit);
}

void bt_state_release(struct bt_state *s)
{
	free(s->open);
	free(s->cool);
	memset(s, 0, sizeof *s);
	s->done = INT64_MIN;
}

void bt_run(const struct bt_input *in, const struct bt_config *c, struct bt_result *r,
	    struct bt_state *save)
{
	struct sim m;
	int64_t t, last = 0;

	memset(r, 0, sizeof *r);
	memset(&m, 0, sizeof m);
	m.in = in;
	m.c = c;
	m.r = r;
	m.resuming = save != NULL;
	m.done = c->resume ? c->resume->done : INT64_MIN;
	m.last = m.done;
	m.frontier = INT64_MIN;
	pf_init(&m.pf, c->resume ? c->resume->balance : c->balance);
	r->balance = m.pf.balance;
	r->from = c->from;
	r->to = c->to;
	setup(&m);
	if (save && c->resume)
		restore(&m, c->resume);
	candidates(&m);
	/* A chain's run stops at its last candle: a later step (a mark, an exit
	 * decided, funding) waits for the candles opening then, which the next
	 * part of the stream brings. */
	while ((t = next_time(&m)) != INT64_MAX && (!save || t <= m.frontier)) {
		step(&m, t);
		last = m.last = t;
	}
	if (save) {
		save_state(&m, save);
	} else {
		if (r->ncurve && m.pf.n && r->end > last)
			r->exposed_ms += r->end - last;
		end_exits(&m);
	}
	if (r->start > r->end) {   /* no candle chosen */
		r->start = r->end = 0;
	}
	r->final_equity = pf_equity(&m.pf);
	if (r->ncurve && !save) {
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
	if (!save)
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
	free(r->decided);
	free(r->waiting);
	free(r->trades);
	free(r->curve);
	free(r->daily);
	memset(r, 0, sizeof *r);
}
