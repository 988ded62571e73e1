/* cb-order --live: the signals traded on Binance USD-M futures, never
 * twice, never blind (cb-order(1), "Live trading").
 *
 * The journal (store/live.h) is the spine: every order's intent is
 * committed before its request leaves, its outcome after the answer, and
 * the store is never held while the network is waited for. A run:
 *  1. syncs the clock, and resolves every order whose outcome the journal
 *     does not know (an intent without outcome: a crash; an unknown one: a
 *     timeout, a dropped connection, a 503 "unknown") by a query, before
 *     anything else is sent;
 *  2. reconciles the positions with the exchange: a position gone is a
 *     protective order that fired (its trade is booked, the other leg
 *     cancelled), a position without protection gets it, an algo order of
 *     cb-order's that protects nothing is cancelled;
 *  3. closes the positions whose time is up (reduce-only MARKET);
 *  4. enters the signals whose entry candle has come, in the priority
 *     order of the strategy, with the risk rules of lib/risk.c against the
 *     account, and protects each fill with a stop-loss and a take-profit
 *     on the Algo Order API, computed from the fills' average price.
 * If an outcome stays unknown after its query, or the exchange limits or
 * bans this IP, nothing more is sent in this run. */
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cbtime.h"
#include "fill.h"
#include "filters.h"
#include "keys.h"
#include "msg.h"
#include "net/futures.h"
#include "out.h"
#include "pct.h"
#include "rejects.h"
#include "report.h"
#include "risk.h"
#include "signalrec.h"
#include "store/live.h"
#include "store/orders.h"
#include "strategy.h"
#include "traderec.h"
#include "xalloc.h"

#include "order.h"

#define MODE "live"
#define ID_PREFIX "cb"

struct live {
	struct store *s;
	struct fut_client *c;
	struct symbol_info *syms;
	long nsyms;
	struct live_position *pos;   /* the open positions */
	size_t npos;
	struct live_order *ord;      /* a scratch list of orders */
	size_t nord;
	struct report rep;
	int blocked;                 /* an outcome stays unknown */
	int stopped;                 /* rate limited or banned */
	long sent;                   /* order requests this run */
	long limit_10s, limit_1m;    /* the exchange's ORDERS limits, 0 unknown */
	long entered, skipped, closed, repaired;
	int manual;                  /* place: say why an entry is refused */
};

static struct live L;

/* Transactions: short, never across a request. */
static void begin(void)
{
	if (store_begin(L.s) < 0)
		exit(CB_EXIT_FATAL);
}

static void commit(void)
{
	if (store_commit(L.s) < 0)
		exit(CB_EXIT_FATAL);
}

static void must(int rc)
{
	if (rc < 0) {
		store_rollback(L.s);
		exit(CB_EXIT_FATAL);
	}
}

/* The audit hook: every request and answer, each in its own transaction;
 * a request whose row cannot be written is not sent. */
static int audit(void *ctx, const struct fut_audit *a)
{
	int rc;

	(void)ctx;
	if (store_begin(L.s) < 0)
		return -1;
	rc = store_audit_put(L.s, MODE, a->event, a->method, a->path, a->params,
			     a->reply ? a->reply->http_status : -1, a->reply ? a->body : NULL,
			     a->reply ? a->body_len : 0, a->time_ms);
	if (rc < 0 || store_commit(L.s) < 0) {
		store_rollback(L.s);
		return -1;
	}
	return 0;
}

static void journal(struct live_order *w)
{
	w->updated = time_now();
	begin();
	must(store_live_order_put(L.s, w));
	commit();
}

static const struct symbol_info *symbol_of(const char *sym)
{
	for (long i = 0; i < L.nsyms; i++)
		if (!strcmp(L.syms[i].symbol, sym))
			return &L.syms[i];
	return NULL;
}

/* Say why a request did not go as asked, and stop sending when the
 * exchange limits or bans this IP. */
static void said_no(const char *what, const struct fut_reply *r)
{
	if (r->outcome == FUT_RATE_LIMITED || r->outcome == FUT_BANNED) {
		L.stopped = 1;
		error("%s: %s (HTTP %ld%s%s): nothing more is sent in this run", what,
		      r->outcome == FUT_BANNED ? "this IP is banned" : "rate limited",
		      r->http_status, r->msg[0] ? ", " : "", r->msg);
		return;
	}
	warn("%s: %s (HTTP %ld, code %d%s%s)", what, fut_outcome_name(r->outcome), r->http_status,
	     r->code, r->msg[0] ? ": " : "", r->msg);
}

static int algo_kind(enum live_kind k)
{
	return k == LIVE_STOP || k == LIVE_TAKE_PROFIT;
}

static enum live_state order_state(enum fut_order_status st)
{
	switch (st) {
	case FUT_ST_NEW:
	case FUT_ST_PARTIALLY_FILLED: return LS_OPEN;
	case FUT_ST_FILLED: return LS_FILLED;
	case FUT_ST_CANCELED: return LS_CANCELED;
	case FUT_ST_REJECTED: return LS_REJECTED;
	default: return LS_EXPIRED;
	}
}

static enum live_state algo_state(enum fut_algo_status st)
{
	switch (st) {
	case FUT_ALGO_NEW:
	case FUT_ALGO_TRIGGERING:
	case FUT_ALGO_TRIGGERED: return LS_OPEN;
	case FUT_ALGO_FINISHED: return LS_FILLED;
	case FUT_ALGO_CANCELED: return LS_CANCELED;
	case FUT_ALGO_REJECTED: return LS_REJECTED;
	default: return LS_EXPIRED;
	}
}

/* The fills of order_id on sym: quantity, average price, commission. */
static int fills_of(const char *sym, int64_t order_id, double *qty, double *avg, double *fee)
{
	struct fut_trade *t = NULL;
	struct fut_reply r;
	long n = fut_user_trades(L.c, sym, 0, 0, 1000, &t, &r);
	double q = 0, quote = 0, f = 0;

	if (n < 0) {
		said_no("the fills (GET /fapi/v1/userTrades)", &r);
		free(t);
		return -1;
	}
	for (long i = 0; i < n; i++) {
		if (t[i].order_id != order_id)
			continue;
		q += atof(t[i].qty);
		quote += atof(t[i].qty) * atof(t[i].price);
		f += atof(t[i].commission);
	}
	free(t);
	*qty = q;
	*avg = q > 0 ? quote / q : NAN;
	*fee = f;
	return 0;
}

/* Ask the exchange what became of order w (intent or unknown). Returns 0
 * with w updated and journaled, or -1 if the query could not tell. */
static int resolve(struct live_order *w)
{
	struct fut_reply r;

	if (algo_kind(w->kind)) {
		struct fut_algo a;
		struct fut_algo *open = NULL;
		long n;

		if (fut_query_algo(L.c, 0, w->client_id, &r, &a) == 0) {
			w->state = algo_state(a.status);
			w->exchange_id = a.algo_id;
			journal(w);
			return 0;
		}
		if (r.outcome != FUT_NOT_FOUND) {
			said_no(w->client_id, &r);
			return -1;
		}
		/* Freshly made algo orders were seen "not found" for a while
		 * (trading-facts 1.6): the open list has the last word. */
		n = fut_open_algo_orders(L.c, w->symbol, &open, &r);
		if (n < 0) {
			said_no(w->client_id, &r);
			return -1;
		}
		w->state = LS_GONE;
		for (long i = 0; i < n; i++)
			if (!strcmp(open[i].client_algo_id, w->client_id)) {
				w->state = LS_OPEN;
				w->exchange_id = open[i].algo_id;
			}
		free(open);
		journal(w);
		return 0;
	}
	{
		struct fut_order od;

		if (fut_query_order(L.c, w->symbol, 0, w->client_id, &r, &od) == 0) {
			w->state = order_state(od.status);
			w->exchange_id = od.order_id;
			w->filled_qty = atof(od.executed_qty);
			journal(w);
			return 0;
		}
		if (r.outcome == FUT_NOT_FOUND) {
			w->state = LS_GONE;
			journal(w);
			return 0;
		}
		said_no(w->client_id, &r);
		return -1;
	}
}

/* After a request: the journal takes its outcome. An unknown one is
 * queried at once; if the query cannot tell, the run sends nothing more. */
static void outcome(struct live_order *w, const struct fut_reply *r)
{
	/* The account's order count, from the answer's headers: stop well
	 * before the exchange's limits, which other tools share. */
	if ((L.limit_10s > 0 && r->order_count_10s >= L.limit_10s * 8 / 10) ||
	    (L.limit_1m > 0 && r->order_count_1m >= L.limit_1m * 8 / 10)) {
		L.stopped = 1;
		warn("the account has sent %ld orders in 10 s and %ld in a minute, near the "
		     "exchange's limits (%ld, %ld): nothing more is sent in this run",
		     r->order_count_10s, r->order_count_1m, L.limit_10s, L.limit_1m);
	}
	switch (r->outcome) {
	case FUT_OK:
		journal(w);
		return;
	case FUT_REJECTED:
	case FUT_CLOCK:
		w->state = LS_REJECTED;
		snprintf(w->error, sizeof w->error, "%d %.200s", r->code, r->msg);
		msg_printable(w->error);
		journal(w);
		return;
	case FUT_NOT_SENT:
	case FUT_RATE_LIMITED:
	case FUT_BANNED:
		w->state = LS_GONE;
		journal(w);
		said_no(w->client_id, r);
		return;
	default:   /* unknown, a duplicate id, a malformed answer */
		w->state = LS_UNKNOWN;
		journal(w);
		if (resolve(w) < 0 || w->state == LS_UNKNOWN) {
			L.blocked = 1;
			error("order %s: its outcome is unknown and a query could not tell; nothing "
			      "more is sent until a run resolves it", w->client_id);
		}
	}
}

/* Start order w: its intent, committed. Returns -1 if nothing may be sent. */
static int intent(struct live_order *w, const char *signal_id, enum live_kind kind,
		  const char *sym, const char *side, char id_kind, int seq)
{
	if (L.blocked || L.stopped)
		return -1;
	if (o.max_orders_per_min > 0 && L.sent >= o.max_orders_per_min) {
		L.stopped = 1;
		warn("--max-orders-per-min %ld reached: nothing more is sent in this run",
		     o.max_orders_per_min);
		return -1;
	}
	memset(w, 0, sizeof *w);
	if (fut_client_id(ID_PREFIX, signal_id, id_kind, (unsigned)seq, w->client_id) < 0)
		die("signal %s: no client id can be made for it", signal_id);
	{
		/* Never twice: an order of this id that exists, or may, is
		 * never sent again (an id is unique only among open orders). */
		struct live_order old;
		int found;

		begin();
		must(store_live_order_get(L.s, w->client_id, &old, &found));
		commit();
		if (found && old.state != LS_GONE && old.state != LS_REJECTED) {
			error("order %s is already in the journal (%s): not sent again",
			      w->client_id, live_state_name(old.state));
			L.blocked = 1;
			return -1;
		}
	}
	snprintf(w->signal_id, sizeof w->signal_id, "%s", signal_id);
	w->kind = kind;
	snprintf(w->symbol, sizeof w->symbol, "%s", sym);
	snprintf(w->side, sizeof w->side, "%s", side);
	w->state = LS_INTENT;
	w->avg_price = NAN;
	w->created = time_now();
	journal(w);
	L.sent++;
	return 0;
}

/* A MARKET order for a position (entry, or a reduce-only exit) of qty. */
static int market(struct live_order *w, const char *signal_id, const char *sym, int side,
		  const char *qty, enum live_kind kind, int seq)
{
	struct fut_order_req q = { 0 };
	struct fut_order od;
	struct fut_reply r;

	if (intent(w, signal_id, kind, sym, side > 0 ? "BUY" : "SELL",
		   kind == LIVE_ENTRY ? 'e' : 'x', seq) < 0)
		return -1;
	snprintf(w->quantity, sizeof w->quantity, "%s", qty);
	q.symbol = sym;
	q.side = side > 0 ? FUT_BUY : FUT_SELL;
	q.type = FUT_MARKET;
	q.quantity = qty;
	q.reduce_only = kind == LIVE_EXIT;
	q.client_id = w->client_id;
	q.want_result = 1;
	if (fut_new_order(L.c, &q, &r, &od) == 0) {
		w->state = order_state(od.status);
		w->exchange_id = od.order_id;
		w->filled_qty = atof(od.executed_qty);
	}
	outcome(w, &r);
	return 0;
}

static void collect_order(void *ctx, const struct live_order *w)
{
	(void)ctx;
	L.ord = xreallocarray(L.ord, L.nord + 1, sizeof *L.ord);
	L.ord[L.nord++] = *w;
}

/* The journal's orders of signal_id (NULL: all), open ones only or all,
 * into L.ord. */
static void orders_of(const char *signal_id, int open_only)
{
	L.nord = 0;
	begin();
	must(store_live_order_each(L.s, signal_id, open_only, collect_order, NULL));
	commit();
}

static void collect_position(void *ctx, const struct live_position *p)
{
	(void)ctx;
	L.pos = xreallocarray(L.pos, L.npos + 1, sizeof *L.pos);
	L.pos[L.npos++] = *p;
}

static void load_positions(void)
{
	L.npos = 0;
	begin();
	must(store_live_position_each(L.s, collect_position, NULL));
	commit();
}

/* Cancel algo order w if it is open; its state afterwards journaled. */
static void cancel_algo(struct live_order *w)
{
	struct fut_reply r;
	struct fut_algo a;

	if (w->state != LS_OPEN || L.blocked || L.stopped)
		return;
	if (fut_cancel_algo(L.c, w->exchange_id, w->exchange_id ? NULL : w->client_id, &r,
			    &a) == 0) {
		w->state = LS_CANCELED;
		journal(w);
		return;
	}
	if (r.outcome == FUT_NOT_FOUND || r.outcome == FUT_UNKNOWN) {
		/* Gone (fired, expired) or not known: a query tells. */
		if (resolve(w) < 0)
			L.blocked = 1;
		return;
	}
	said_no(w->client_id, &r);
}

/* Book the trade of position p, whose last exit filled q at average
 * price avg with commission fee at exit_time, for reason (with the exits
 * that filled in part before it); drop the position. */
static void book(const struct live_position *p, double q, double avg, double fee,
		 int64_t exit_time, enum exit_reason reason)
{
	struct trade_rec t;
	double qty = p->closed_qty + q;

	memset(&t, 0, sizeof t);
	t.id = p->signal_id;
	t.signal_id = p->signal_id;
	t.symbol = p->symbol;
	t.side = p->side;
	t.entry_time = p->entry_time;
	t.exit_time = exit_time;
	t.entry_price = p->entry_price;
	t.exit_price = (p->closed_quote + q * avg) / qty;
	t.quantity = qty;
	t.notional = qty * p->entry_price;
	t.fees = p->fees + p->exit_fees + fee;
	t.slippage = 0;
	t.funding = 0;
	t.pnl = fill_gross_pnl(p->side, qty, p->entry_price, t.exit_price) - t.fees;
	t.pnl_pct = t.pnl * 100 / t.notional;
	t.reason = reason;
	t.mfe_pct = NAN;
	t.mae_pct = NAN;
	begin();
	must(store_order_trade_put(L.s, MODE, &t));
	must(store_live_position_del(L.s, p->signal_id));
	commit();
	t.mode = MODE;
	trade_rec_write(&L.rep, &t);
	report_flush(&L.rep);
	L.closed++;
}

/* The position of p on the exchange, signed, or NaN if it cannot be read. */
static double exchange_amount(const char *sym)
{
	struct fut_position *fp = NULL;
	struct fut_reply r;
	long n = fut_position_risk(L.c, sym, &fp, &r);
	double amt = 0;

	if (n < 0) {
		said_no("the positions (GET /fapi/v3/positionRisk)", &r);
		free(fp);
		return NAN;
	}
	for (long i = 0; i < n; i++)
		if (!strcmp(fp[i].symbol, sym))
			amt += atof(fp[i].position_amt);
	free(fp);
	return amt;
}

/* Close position p at market (time exit, flatten) after cancelling its
 * protective orders; a protection that fired meanwhile closes it instead.
 * An exit that fills in part leaves the rest in the book, and another
 * exit (the next sequence number) goes for it, at most three in a run. */
static void close_position(struct live_position *p, enum exit_reason reason)
{
	const struct symbol_info *si = symbol_of(p->symbol);
	struct live_order w;
	double amt, q, avg, fee;
	char qty[LIVE_DEC_MAX];

	orders_of(p->signal_id, 1);
	for (size_t k = 0; k < L.nord; k++)
		if (algo_kind(L.ord[k].kind))
			cancel_algo(&L.ord[k]);
	for (int tries = 0; tries < 3; tries++) {
		amt = exchange_amount(p->symbol);
		if (!isfinite(amt) || L.blocked || L.stopped)
			return;
		if (amt == 0)
			return;   /* a protection fired: the next reconciliation books it */
		snprintf(qty, sizeof qty, "%s", p->quantity);
		p->protect_seq++;
		begin();
		must(store_live_position_put(L.s, p));
		commit();
		if (market(&w, p->signal_id, p->symbol, -p->side, qty, LIVE_EXIT, p->protect_seq) < 0)
			return;
		if (w.state != LS_FILLED && w.state != LS_EXPIRED)
			return;   /* refused, or unknown: the next run takes it from here */
		if (fills_of(p->symbol, w.exchange_id, &q, &avg, &fee) < 0)
			return;
		if (q >= atof(p->quantity) || !(q > 0 || w.state == LS_FILLED)) {
			if (q > 0)
				book(p, q, avg, fee, time_now(), reason);
			return;
		}
		/* In part: the rest stays open. */
		p->closed_qty += q;
		p->closed_quote += q * avg;
		p->exit_fees += fee;
		filter_format(p->quantity, atof(p->quantity) - q, si ? si->step_size : 0);
		begin();
		must(store_live_position_put(L.s, p));
		commit();
		note("%s: the exit filled %g of %g: %s left, sent again", p->symbol, q, q + atof(p->quantity),
		     p->quantity);
	}
}

/* Place the stop-loss and take-profit of position p that are not open:
 * closePosition, MARK_PRICE, triggers from the fills' average price. A
 * trigger that would fire at once (-2021) closes the position at market. */
static void protect(struct live_position *p)
{
	const struct symbol_info *si = symbol_of(p->symbol);
	double stop, target;
	int have[2] = { 0, 0 };

	fill_protect_levels(p->side, p->entry_price, &o.cfg.exits, si ? si->tick_size : NAN,
			    &stop, &target);
	filter_format(p->stop, stop, si ? si->tick_size : 0);
	filter_format(p->take_profit, target, si ? si->tick_size : 0);
	if (!isfinite(stop))
		p->stop[0] = '\0';
	if (!isfinite(target))
		p->take_profit[0] = '\0';
	begin();
	must(store_live_position_put(L.s, p));
	commit();
	orders_of(p->signal_id, 1);
	for (size_t k = 0; k < L.nord; k++)
		if (L.ord[k].state == LS_OPEN && algo_kind(L.ord[k].kind))
			have[L.ord[k].kind == LIVE_TAKE_PROFIT] = 1;
	for (int leg = 0; leg < 2; leg++) {
		const char *trig = leg ? p->take_profit : p->stop;
		struct fut_algo_req q = { 0 };
		struct live_order w;
		struct fut_algo a;
		struct fut_reply r;

		if (have[leg] || !trig[0])
			continue;
		if (intent(&w, p->signal_id, leg ? LIVE_TAKE_PROFIT : LIVE_STOP, p->symbol,
			   p->side > 0 ? "SELL" : "BUY", leg ? 't' : 's', p->protect_seq) < 0)
			return;
		snprintf(w.trigger, sizeof w.trigger, "%s", trig);
		q.symbol = p->symbol;
		q.side = p->side > 0 ? FUT_SELL : FUT_BUY;
		q.type = leg ? FUT_TAKE_PROFIT_MARKET : FUT_STOP_MARKET;
		q.trigger_price = trig;
		q.close_position = 1;
		q.working_type = FUT_MARK_PRICE;
		q.client_algo_id = w.client_id;
		if (fut_new_algo(L.c, &q, &r, &a) == 0) {
			w.state = algo_state(a.status);
			w.exchange_id = a.algo_id;
		}
		outcome(&w, &r);
		if (r.code == -2021) {
			note("%s: its %s at %s would trigger at once: closing at market", p->symbol,
			     leg ? "take-profit" : "stop-loss", trig);
			close_position(p, leg ? EXIT_TAKE_PROFIT : EXIT_STOP);
			return;
		}
	}
}

/* The position of entry w (filled, wholly or in part): its fills give
 * the quantity and the average price; then it is protected. The signal
 * counts as entered. */
static void open_position(const struct live_order *w, int64_t entry_time)
{
	const struct symbol_info *si = symbol_of(w->symbol);
	struct live_position p;
	double q, avg, fee;
	const char *line = order_signal_line(w->signal_id);

	if (fills_of(w->symbol, w->exchange_id, &q, &avg, &fee) < 0 || !(q > 0))
		return;   /* the next run tries again */
	memset(&p, 0, sizeof p);
	snprintf(p.signal_id, sizeof p.signal_id, "%s", w->signal_id);
	snprintf(p.symbol, sizeof p.symbol, "%s", w->symbol);
	p.side = !strcmp(w->side, "BUY") ? 1 : -1;
	filter_format(p.quantity, q, si ? si->step_size : 0);   /* a partial fill: what filled */
	p.entry_price = avg;
	p.entry_time = entry_time;
	p.opened = time_now();
	p.fees = fee;
	begin();
	must(store_live_position_put(L.s, &p));
	if (line)
		must(store_order_signal_put(L.s, MODE, w->signal_id, OSIG_ENTERED, NULL, entry_time,
					    line, strlen(line)));
	commit();
	protect(&p);
}

/* Entries that filled without a position or a trade (a run stopped
 * between the fill and the book): their positions. */
static void book_unbooked(void)
{
	struct live_order *w;
	size_t n;

	L.nord = 0;
	begin();
	must(store_live_unbooked_each(L.s, collect_order, NULL));
	commit();
	n = L.nord;
	w = xcalloc(n + 1, sizeof *w);
	if (n)   /* memcpy may not be given NULL, even for nothing */
		memcpy(w, L.ord, n * sizeof *w);
	for (size_t k = 0; k < n && !L.blocked && !L.stopped; k++) {
		const char *line = order_signal_line(w[k].signal_id);
		struct signal_in g;
		char err[256];
		int64_t t = w[k].created;

		if (line && signal_parse(&g, line, strlen(line), err, sizeof err) == REC_OK)
			t = g.detected_at;
		note("%s: entry %s filled in a run that stopped before its position: booking "
		     "and protecting it", w[k].symbol, w[k].client_id);
		L.repaired++;
		open_position(&w[k], t);
	}
	free(w);
}

/* Step 1: every order whose outcome the journal does not know. */
static void resolve_all(void)
{
	orders_of(NULL, 1);
	for (size_t k = 0; k < L.nord; k++) {
		struct live_order *w = &L.ord[k];

		if (w->state != LS_INTENT && w->state != LS_UNKNOWN)
			continue;
		if (resolve(w) < 0) {
			L.blocked = 1;
			error("order %s: its outcome is unknown and a query could not tell; nothing "
			      "more is sent until a run resolves it", w->client_id);
			return;
		}
		note("order %s: its outcome was unknown; the exchange says %s", w->client_id,
		     live_state_name(w->state));
		L.repaired++;
	}
	book_unbooked();
}

/* Step 2: positions against the exchange. */
static void reconcile(void)
{
	struct fut_position *fp = NULL;
	struct fut_algo *open = NULL;
	struct fut_reply r;
	long n, na;

	load_positions();
	n = fut_position_risk(L.c, NULL, &fp, &r);
	if (n < 0) {
		said_no("the positions (GET /fapi/v3/positionRisk)", &r);
		L.blocked = 1;
		return;
	}
	for (size_t i = 0; i < L.npos && !L.blocked && !L.stopped; i++) {
		struct live_position *p = &L.pos[i];
		double amt = 0;
		int fired = -1;
		double exit_price = NAN, q = 0, fee = 0;
		int64_t exit_time = time_now();

		for (long k = 0; k < n; k++)
			if (!strcmp(fp[k].symbol, p->symbol))
				amt += atof(fp[k].position_amt);
		orders_of(p->signal_id, 0);
		if (amt != 0) {
			/* Open: is it protected? */
			int ok[2] = { 0, 0 };

			for (size_t k = 0; k < L.nord; k++) {
				struct live_order *w = &L.ord[k];

				if (!algo_kind(w->kind) || w->state != LS_OPEN)
					continue;
				if (resolve(w) < 0) {
					L.blocked = 1;
					break;
				}
				if (w->state == LS_OPEN)
					ok[w->kind == LIVE_TAKE_PROFIT] = 1;
			}
			if ((!ok[0] && p->stop[0]) || (!ok[1] && p->take_profit[0])) {
				note("%s: position without its %s: protecting it", p->symbol,
				     !ok[0] ? "stop-loss" : "take-profit");
				p->protect_seq++;
				L.repaired++;
				protect(p);
			}
			continue;
		}
		/* Gone: which protection fired? */
		for (size_t k = 0; k < L.nord; k++) {
			struct live_order *w = &L.ord[k];

			if (!algo_kind(w->kind) || (w->state != LS_OPEN && w->state != LS_FILLED))
				continue;
			if (w->state == LS_OPEN && resolve(w) < 0) {
				L.blocked = 1;
				break;
			}
			if (w->state == LS_FILLED) {
				struct fut_algo a;
				struct fut_reply ar;

				fired = w->kind == LIVE_TAKE_PROFIT;
				if (fut_query_algo(L.c, w->exchange_id, NULL, &ar, &a) == 0 &&
				    a.actual_order_id[0]) {
					double avg;

					if (fills_of(p->symbol, atoll(a.actual_order_id), &q, &avg, &fee) == 0 &&
					    q > 0)
						exit_price = avg;
					if (a.trigger_time)
						exit_time = a.trigger_time;
				}
			}
		}
		/* Or its exit at market filled, in a run that stopped before
		 * the book. */
		for (size_t k = 0; k < L.nord && fired < 0; k++) {
			struct live_order *w = &L.ord[k];
			double avg;

			if (w->kind != LIVE_EXIT || (w->state != LS_FILLED && w->state != LS_EXPIRED) ||
			    !w->exchange_id)
				continue;
			if (fills_of(p->symbol, w->exchange_id, &q, &avg, &fee) == 0 && q > 0) {
				fired = 2;
				exit_price = avg;
				exit_time = w->updated;
			}
		}
		for (size_t k = 0; k < L.nord; k++)
			if (algo_kind(L.ord[k].kind))
				cancel_algo(&L.ord[k]);
		if (fired < 0 || !isfinite(exit_price)) {
			warn("%s: the position of signal %s is gone from the exchange without a "
			     "protective order of cb-order firing: dropped from the book, no trade "
			     "booked", p->symbol, p->signal_id);
			begin();
			must(store_live_position_del(L.s, p->signal_id));
			commit();
			continue;
		}
		book(p, q, exit_price, fee, exit_time,
		     fired == 2 ? (exit_time >= p->entry_time + o.cfg.exits.max_hold_ms ? EXIT_TIME :
				   EXIT_HALT) :
		     fired ? EXIT_TAKE_PROFIT : EXIT_STOP);
	}
	/* Positions cb-order did not open: said, left alone. */
	for (long k = 0; k < n; k++) {
		int ours = 0;

		if (atof(fp[k].position_amt) == 0)
			continue;
		for (size_t i = 0; i < L.npos; i++)
			ours |= !strcmp(L.pos[i].symbol, fp[k].symbol);
		if (!ours)
			warn("%s: a position of %s that cb-order did not open: left alone",
			     fp[k].symbol, fp[k].position_amt);
	}
	free(fp);
	/* Algo orders of cb-order protecting nothing: cancelled. */
	load_positions();
	na = fut_open_algo_orders(L.c, NULL, &open, &r);
	if (na < 0) {
		said_no("the open algo orders (GET /fapi/v1/openAlgoOrders)", &r);
		L.blocked = 1;
		return;
	}
	for (long k = 0; k < na && !L.blocked && !L.stopped; k++) {
		int mine = 0;
		struct fut_reply cr;
		struct fut_algo a;

		if (strncmp(open[k].client_algo_id, ID_PREFIX "-", sizeof ID_PREFIX))
			continue;
		for (size_t i = 0; i < L.npos; i++)
			mine |= !strcmp(L.pos[i].symbol, open[k].symbol);
		if (mine)
			continue;
		note("%s: algo order %s protects no position: cancelling it", open[k].symbol,
		     open[k].client_algo_id);
		L.repaired++;
		if (fut_cancel_algo(L.c, open[k].algo_id, NULL, &cr, &a) < 0 &&
		    cr.outcome != FUT_NOT_FOUND)
			said_no(open[k].client_algo_id, &cr);
	}
	free(open);
}

/* Step 3: positions whose time is up. */
static void time_exits(void)
{
	int64_t now = time_now();

	if (!(o.cfg.exits.max_hold_ms > 0))
		return;
	load_positions();
	for (size_t i = 0; i < L.npos && !L.blocked && !L.stopped; i++)
		if (now >= L.pos[i].entry_time + o.cfg.exits.max_hold_ms) {
			note("%s: held for --max-hold: closing at market", L.pos[i].symbol);
			close_position(&L.pos[i], EXIT_TIME);
		}
}

/* A signal that may be entered now. */
struct cand {
	struct strategy_key key;
	const struct signal_in *sig;
	int64_t entry_time;
};

static int cand_cmp(const void *a, const void *b)
{
	return strategy_key_cmp(&((const struct cand *)a)->key, &((const struct cand *)b)->key);
}

static void decide(const struct signal_in *g, enum order_signal_status st, const char *reason,
		   int64_t t)
{
	const char *line = order_signal_line(g->id);

	begin();
	must(store_order_signal_put(L.s, MODE, g->id, st, reason, t, line, strlen(line)));
	commit();
	if (st == OSIG_SKIPPED)
		L.skipped++;
}

/* The account's equity and the day's halt (risk_day, kept in the book). */
static int day_halted(double equity)
{
	struct bt_state st;
	char halt[256];
	int found, halted;

	begin();
	must(store_book_get(L.s, MODE, &st, halt, sizeof halt, &found));
	if (!found) {
		st.balance = equity;
		st.cash = equity;
	}
	risk_day_start(&st.day, time_now(), equity);
	risk_day_mark(&st.day, &o.cfg.risk, equity);
	halted = st.day.halted;
	must(store_book_put(L.s, MODE, &st, time_now()));
	commit();
	if (halt[0]) {
		note("live: halted (%s): no new entries until cb-order resume", halt);
		halted = 1;
	}
	bt_state_release(&st);
	return halted;
}

/* Whether sym had its leverage and margin type set in this run. */
static char **set_up;
static size_t nset_up;

static int is_set_up(const char *sym)
{
	for (size_t k = 0; k < nset_up; k++)
		if (!strcmp(set_up[k], sym))
			return 1;
	return 0;
}

static void enter(const struct cand *cd, int halted, double equity)
{
	const struct signal_in *g = cd->sig;
	const struct symbol_info *si = symbol_of(g->symbol);
	struct risk_filters f = { NAN, NAN, NAN };
	struct risk_book b = { 0 };
	struct risk_symbol rs = { 0 };
	struct risk_decision d;
	struct fut_mark mk;
	struct fut_reply r;
	struct live_order w;
	char qty[FILTER_FMT_MAX];
	double mark;

	if (!si) {
		decide(g, OSIG_SKIPPED, "unknown_symbol", cd->entry_time);
		warn("%s: not a symbol of the exchange: signal %s skipped", g->symbol, g->id);
		return;
	}
	f.step_size = si->step_size;
	f.min_qty = si->min_qty;
	f.min_notional = si->min_notional;
	b.equity = equity;
	b.halted = halted;
	begin();
	must(store_order_last_exit(L.s, MODE, g->symbol, &rs.has_exit, &rs.last_exit));
	commit();
	load_positions();
	for (size_t i = 0; i < L.npos; i++) {
		b.exposure += atof(L.pos[i].quantity) * L.pos[i].entry_price;
		b.positions++;
		rs.busy |= !strcmp(L.pos[i].symbol, g->symbol);
	}
	if (fut_mark_price(L.c, g->symbol, &mk, &r) < 0) {
		said_no("the mark price (GET /fapi/v1/premiumIndex)", &r);
		return;   /* undecided: the next run tries again */
	}
	mark = atof(mk.mark_price);
	if (o.max_deviation_pct > 0 && fabs(pct_change(g->price, mark)) > o.max_deviation_pct) {
		decide(g, OSIG_SKIPPED, "deviation", cd->entry_time);
		note("%s: the mark %s is more than %g%% from the signal's price %g: signal %s "
		     "skipped", g->symbol, mk.mark_price, o.max_deviation_pct, g->price, g->id);
		return;
	}
	if (risk_decide(&o.cfg.risk, &b, &rs, &f, time_now(), mark, &d) != RISK_OK) {
		decide(g, OSIG_SKIPPED, risk_reason_name(d.reason), cd->entry_time);
		if (L.manual)
			error("%s: refused by the risk rules: %s", g->symbol, risk_reason_name(d.reason));
		return;
	}
	if (!is_set_up(g->symbol)) {
		/* Leverage and margin type before the symbol's first entry. */
		if (fut_set_leverage(L.c, g->symbol, (int)o.cfg.risk.leverage, &r) < 0 ||
		    fut_set_margin_type(L.c, g->symbol, o.margin_isolated ? FUT_ISOLATED : FUT_CROSSED,
					&r) < 0) {
			said_no(g->symbol, &r);
			return;
		}
		set_up = xreallocarray(set_up, nset_up + 1, sizeof *set_up);
		set_up[nset_up++] = xstrdup(g->symbol);
	}
	filter_format(qty, d.quantity, si->step_size);
	if (market(&w, g->id, g->symbol, o.cfg.side, qty, LIVE_ENTRY, 0) < 0)
		return;
	if (w.state == LS_GONE)
		return;   /* never left: undecided, the next run may try */
	if (w.state == LS_REJECTED) {
		decide(g, OSIG_SKIPPED, "rejected", cd->entry_time);
		warn("%s: the entry of signal %s was refused: %s", g->symbol, g->id, w.error);
		return;
	}
	decide(g, OSIG_ENTERED, NULL, cd->entry_time);
	L.entered++;
	if (w.state == LS_FILLED || w.state == LS_EXPIRED)
		open_position(&w, cd->entry_time);
	/* Else the next run's resolution takes it from here. */
}

static void on_entered(void *ctx, const char *signal_id)
{
	order_ids_add(ctx, signal_id);
}

/* Step 4: the signals whose entry candle has come. */
static void entries(void)
{
	struct order_ids acted = { NULL, 0 };
	struct cand *cand = xcalloc(input.nsignals + 1, sizeof *cand);
	size_t nc = 0;
	struct fut_account acc;
	struct fut_reply r;
	double equity;
	int halted;
	int64_t now = time_now();

	begin();
	must(store_order_signal_each(L.s, MODE, OSIG_ENTERED, order_on_id, &acted));
	must(store_order_signal_each(L.s, MODE, OSIG_SKIPPED, order_on_id, &acted));
	must(store_live_entered_each(L.s, on_entered, &acted));
	commit();
	order_ids_sort(&acted);
	for (size_t j = 0; j < input.nsignals; j++) {
		const struct signal_in *g = input.by_id[j];
		const char *id = g->id;
		char key[CANDLE_KEY_MAX + 8];
		const struct bt_series *s;
		int64_t t = INT64_MIN, delay;
		enum strategy_reason why;

		if (order_ids_has(&acted, id))
			continue;
		snprintf(key, sizeof key, "%s:%s:%s:%s", g->exchange, g->market, g->symbol,
			 g->interval->name);
		s = bt_input_series(&input, key);
		if (s) {
			size_t k = bt_series_first_open(s, g->detected_at);

			if (k < s->n)
				t = s->bar[k].open_time;
		}
		if (t == INT64_MIN && bt_input_forming(&input, key) >= g->detected_at)
			t = bt_input_forming(&input, key);
		if (t == INT64_MIN) {
			decide(g, OSIG_WAITING, NULL, g->detected_at);
			continue;
		}
		delay = o.has_delay ? o.cfg.max_entry_delay_ms : g->interval->ms;
		if (now - t > delay) {
			decide(g, OSIG_SKIPPED, "stale", t);
			continue;
		}
		why = strategy_check(&o.cfg.strat, g);
		if (why != STRAT_OK) {
			decide(g, OSIG_SKIPPED, strategy_reason_name(why), t);
			continue;
		}
		cand[nc].sig = g;
		cand[nc].entry_time = t;
		strategy_key_of(&cand[nc].key, g);
		nc++;
	}
	if (nc)
		qsort(cand, nc, sizeof *cand, cand_cmp);
	if (nc && !L.blocked && !L.stopped) {
		if (fut_account(L.c, &acc, &r) < 0) {
			said_no("the account (GET /fapi/v3/account)", &r);
			nc = 0;
		}
	}
	equity = nc ? atof(acc.total_margin_balance) : 0;
	halted = nc ? day_halted(equity) : 0;
	for (size_t i = 0; i < nc && !L.blocked && !L.stopped; i++)
		enter(&cand[i], halted, equity);
	for (size_t k = 0; k < nset_up; k++)
		free(set_up[k]);
	free(set_up);
	order_ids_free(&acted);
	free(cand);
}

/* One live run at a time: an fcntl lock on the store's file, next to
 * it (FILE.live-lock), held until the process ends, however it ends. */
static int take_run_lock(const char *db)
{
	struct buf name = BUF_INIT;
	struct flock fl;
	int fd;

	buf_printf(&name, "%s.live-lock", db);
	fd = open(buf_cstr(&name), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		error("cannot open the lock '%s':", buf_cstr(&name));
		buf_release(&name);
		return -1;
	}
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, F_SETLK, &fl) < 0) {
		error("another cb-order --live run is working on '%s' (its lock '%s' is held): "
		      "this one stops without sending anything", db, buf_cstr(&name));
		close(fd);
		buf_release(&name);
		return -1;
	}
	buf_release(&name);
	return 0;   /* fd stays open: the lock lives as long as the process */
}

/* Open the client with the keys, sync the clock, read exchangeInfo. */
static int start(struct buf *path)
{
	struct api_keys k;
	struct fut_config cfg = { 0 };
	struct fut_reply r;
	struct fut_rate_limit lim[8];
	size_t nlim;
	char err[256];

	if (keys_load(o.key_file, &k, err, sizeof err) < 0) {
		error("live trading needs the API key and secret: %s", err);
		return -1;
	}
	L.s = order_open_store(1, path);
	if (take_run_lock(store_file(L.s)) < 0) {
		keys_wipe(&k);
		return -1;
	}
	cfg.api_key = k.key;
	cfg.api_secret = k.secret;
	cfg.audit = audit;
	L.c = fut_open(&cfg);
	keys_wipe(&k);
	report_init(&L.rep, REPORT_JSON);
	if (fut_sync_time(L.c, &r) < 0) {
		said_no("the server time (GET /fapi/v1/time)", &r);
		return -1;
	}
	L.nsyms = fut_exchange_info(L.c, &L.syms, lim, sizeof lim / sizeof lim[0], &nlim, &r);
	if (L.nsyms < 0) {
		said_no("the symbols (GET /fapi/v1/exchangeInfo)", &r);
		return -1;
	}
	for (size_t i = 0; i < nlim; i++) {
		if (strcmp(lim[i].type, "ORDERS"))
			continue;
		if (!strcmp(lim[i].interval, "SECOND") && lim[i].interval_num == 10)
			L.limit_10s = lim[i].limit;
		if (!strcmp(lim[i].interval, "MINUTE") && lim[i].interval_num == 1) {
			L.limit_1m = lim[i].limit;
			if (o.max_orders_per_min <= 0 || o.max_orders_per_min > lim[i].limit / 2)
				o.max_orders_per_min = lim[i].limit / 2;
		}
	}
	return 0;
}

static int finish(struct buf *path, int rc)
{
	report_release(&L.rep);
	fut_close(L.c);
	free(L.syms);
	free(L.pos);
	free(L.ord);
	if (L.s)
		store_close(L.s);
	buf_release(path);
	if (L.blocked || L.stopped)
		return CB_EXIT_FATAL;
	return rc;
}

static void summary(void)
{
	note("live: %ld signals entered, %ld skipped; %ld trades closed, %zu positions open; "
	     "%ld differences with the exchange repaired; %ld orders sent",
	     L.entered, L.skipped, L.closed, L.npos, L.repaired, L.sent);
}

int live_run(char **files, int nfiles)
{
	struct buf path = BUF_INIT;
	int rc;

	order_read(files, nfiles);
	if (start(&path) < 0) {
		order_read_free();
		return finish(&path, CB_EXIT_FATAL);
	}
	begin();
	must(store_order_signal_each(L.s, MODE, OSIG_WAITING, order_on_stored, NULL));
	commit();
	bt_input_finish(&input);
	resolve_all();
	if (!L.blocked && !L.stopped)
		reconcile();
	if (!L.blocked && !L.stopped)
		time_exits();
	if (!L.blocked && !L.stopped)
		entries();
	load_positions();
	summary();
	order_read_free();
	rc = rejects_end();
	return finish(&path, rc);
}

/* Steps 1 and 2 of every live command: start, resolve, reconcile.
 * Returns 0, or -1 if the command must stop. */
static int settle(struct buf *path)
{
	if (start(path) < 0) {
		L.stopped = 1;   /* said: nothing more is sent */
		return -1;
	}
	resolve_all();
	if (!L.blocked && !L.stopped)
		reconcile();
	return L.blocked || L.stopped ? -1 : 0;
}

int live_reconcile(void)
{
	struct buf path = BUF_INIT;

	settle(&path);
	load_positions();
	summary();
	return finish(&path, 0);
}

int live_flatten(void)
{
	struct buf path = BUF_INIT;

	if (settle(&path) == 0) {
		load_positions();
		for (size_t i = 0; i < L.npos && !L.blocked && !L.stopped; i++)
			if (!o.symbol || !strcmp(o.symbol, L.pos[i].symbol))
				close_position(&L.pos[i], EXIT_HALT);
	}
	load_positions();
	summary();
	return finish(&path, 0);
}

/* place: a manual entry on o.symbol now, as a signal of its own
 * (binance:futures:SYMBOL:1m:MINUTE), through every guard of a signal's:
 * the halts, the risk rules, the deviation guard (none: its price is the
 * mark), the journal and the protection. */
int live_place(void)
{
	struct buf path = BUF_INIT, line = BUF_INIT;
	struct fut_account acc;
	struct fut_mark mk;
	struct fut_reply r;
	struct cand cd;
	const struct signal_in *g;
	int64_t t = time_now() / 60000 * 60000;
	char id[SIGNAL_ID_MAX];

	order_read_init();
	if (settle(&path) < 0 || fut_mark_price(L.c, o.symbol, &mk, &r) < 0) {
		if (!L.blocked && !L.stopped)
			said_no("the mark price (GET /fapi/v1/premiumIndex)", &r);
		order_read_free();
		return finish(&path, CB_EXIT_FATAL);
	}
	snprintf(id, sizeof id, "binance:futures:%s:1m:%lld", o.symbol, (long long)t);
	buf_printf(&line, "{\"type\":\"signal\",\"id\":\"%s\",\"symbol\":\"%s\",\"interval\":\"1m\","
		   "\"open_time\":%lld,\"detected_at\":%lld,\"price\":%s,\"strength\":\"EXTREME\"}",
		   id, o.symbol, (long long)t, (long long)t, mk.mark_price);
	order_read_stored(id, buf_cstr(&line));
	bt_input_finish(&input);
	g = strmap_find(input.signals, id, strlen(id));
	if (!g || fut_account(L.c, &acc, &r) < 0) {
		if (g)
			said_no("the account (GET /fapi/v3/account)", &r);
		buf_release(&line);
		order_read_free();
		return finish(&path, CB_EXIT_FATAL);
	}
	memset(&cd, 0, sizeof cd);
	cd.sig = g;
	cd.entry_time = t;
	L.manual = 1;
	enter(&cd, day_halted(atof(acc.total_margin_balance)), atof(acc.total_margin_balance));
	load_positions();
	summary();
	buf_release(&line);
	order_read_free();
	return finish(&path, L.entered ? 0 : CB_EXIT_FATAL);
}

/* cancel CLIENT_ID: cancel an open order of the journal, the protective
 * ones included (their position stays; the next run protects it again
 * unless it is flattened). */
int live_cancel(const char *client_id)
{
	struct buf path = BUF_INIT;
	struct live_order w;
	struct fut_reply r;
	struct fut_order od;
	int found;

	if (start(&path) < 0)
		return finish(&path, CB_EXIT_FATAL);
	begin();
	must(store_live_order_get(L.s, client_id, &w, &found));
	commit();
	if (!found) {
		error("no order '%s' in the journal (cb-order orders lists them)", client_id);
		return finish(&path, CB_EXIT_FATAL);
	}
	if (w.state == LS_INTENT || w.state == LS_UNKNOWN) {
		if (resolve(&w) < 0)
			return finish(&path, CB_EXIT_FATAL);
	}
	if (w.state != LS_OPEN) {
		note("order %s is %s: nothing to cancel", client_id, live_state_name(w.state));
		return finish(&path, 0);
	}
	if (algo_kind(w.kind)) {
		cancel_algo(&w);
	} else if (fut_cancel_order(L.c, w.symbol, w.exchange_id, NULL, &r, &od) == 0) {
		w.state = order_state(od.status);
		journal(&w);
	} else if (r.outcome == FUT_NOT_FOUND || r.outcome == FUT_UNKNOWN) {
		if (resolve(&w) < 0)
			L.blocked = 1;
	} else {
		said_no(client_id, &r);
	}
	note("order %s: %s", client_id, live_state_name(w.state));
	return finish(&path, w.state == LS_CANCELED ? 0 : CB_EXIT_FATAL);
}
