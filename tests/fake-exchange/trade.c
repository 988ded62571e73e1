/* trade: the Binance USD-M trading endpoints of the fake exchange and the
 * account they act on (README.md, "Trading"). */
#include "trade.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "cbtime.h"
#include "fake.h"
#include "jsonw.h"
#include "strmap.h"
#include "xalloc.h"

#define FEE 0.0005               /* taker commission on every fill */
#define MIN_NOTIONAL 5.0         /* the MIN_NOTIONAL filter of exchangeInfo */
#define DEFAULT_LEVERAGE 20
#define MAX_LEVERAGE 125
#define RECV_WINDOW 5000         /* default recvWindow, ms */
#define RECV_WINDOW_MAX 60000
#define AHEAD_MS 1000            /* a timestamp this far ahead of the clock is refused */
#define ORDER_ID0 100000000LL    /* the first orderId is ORDER_ID0 + 1 */
#define ALGO_ID0 200000000LL
#define FILL_ID0 300000000LL
#define ORDERS_10S 300           /* exchangeInfo's ORDERS limits */
#define ORDERS_1M 1200
#define TRADES_WINDOW (7 * MS_PER_DAY)
#define EPS 1e-9

static const char *const st_names[] = { "NEW", "PARTIALLY_FILLED", "FILLED", "CANCELED", "EXPIRED" };
static const char *const al_names[] = { "NEW", "FINISHED", "CANCELED", "EXPIRED" };

/* ---- state ---- */

void trade_init(struct trade *t, size_t nsym, double balance, const char *key, const char *secret)
{
	memset(t, 0, sizeof *t);
	snprintf(t->key, sizeof t->key, "%s", key);
	snprintf(t->secret, sizeof t->secret, "%s", secret);
	t->balance0 = balance;
	t->nsym = nsym;
	trade_reset(t);
}

void trade_reset(struct trade *t)
{
	free(t->pos);
	free(t->orders);
	free(t->algos);
	free(t->fills);
	strmap_free(t->cids);
	strmap_free(t->algo_cids);
	t->pos = xcalloc(t->nsym ? t->nsym : 1, sizeof *t->pos);
	for (size_t i = 0; i < t->nsym; i++)
		t->pos[i].leverage = DEFAULT_LEVERAGE;
	t->orders = NULL;
	t->algos = NULL;
	t->fills = NULL;
	t->norders = t->nalgos = t->nfills = 0;
	t->realized = t->fees = 0;
	t->cids = strmap_new(sizeof(long));
	t->algo_cids = strmap_new(sizeof(long));
	t->has_checked = 0;
	t->win10 = t->win60 = 0;
	t->n10 = t->n60 = 0;
}

void trade_release(struct trade *t)
{
	free(t->pos);
	free(t->orders);
	free(t->algos);
	free(t->fills);
	strmap_free(t->cids);
	strmap_free(t->algo_cids);
	memset(t, 0, sizeof *t);
}

static double rnd(double v, int d)
{
	double m = pow(10, d);

	return round(v * m) / m;
}

/* The mark of symbol i at time t: the /_fake/mark override, else the
 * market's price rounded to the tick; 0 if there is no price at t. */
static double mark_at(const struct fake *f, size_t i, int64_t t)
{
	const struct symbol *s = &f->market.sym[i];
	double price;

	if (f->trade.pos[i].has_mark)
		return f->trade.pos[i].mark;
	if (!sym_price_at(s, t, &price))
		return 0;
	return rnd(price, s->pd);
}

static int order_open(const struct order *o)
{
	return o->status == ST_NEW || o->status == ST_PARTIALLY_FILLED;
}

static double wallet(const struct trade *t)
{
	return t->balance0 + t->realized - t->fees;
}

/* Unrealized PnL of the positions, and the initial margin of positions
 * and open orders, at time now. */
static void exposure(const struct fake *f, int64_t now, double *upnl, double *margin)
{
	const struct trade *t = &f->trade;

	*upnl = *margin = 0;
	for (size_t i = 0; i < t->nsym; i++) {
		const struct pos *ps = &t->pos[i];
		double mark;

		if (ps->amt == 0)
			continue;
		mark = mark_at(f, i, now);
		*upnl += ps->amt * (mark - ps->entry);
		*margin += fabs(ps->amt) * mark / ps->leverage;
	}
	for (size_t k = 0; k < t->norders; k++) {
		const struct order *o = &t->orders[k];

		if (order_open(o) && !o->reduce_only)
			*margin += (o->qty - o->executed) * o->price / t->pos[o->sym].leverage;
	}
}

static double available(const struct fake *f, int64_t now)
{
	double upnl, margin;

	exposure(f, now, &upnl, &margin);
	return wallet(&f->trade) + upnl - margin;
}

static long *cid_count(struct strmap *m, const char *cid)
{
	return strmap_get(m, cid, strlen(cid), NULL);
}

/* A new order of symbol i; its client id is cid, or one made from its id. */
static struct order *add_order(struct trade *t, size_t i, const char *cid, int buy, int64_t now)
{
	struct order *o;

	t->orders = xreallocarray(t->orders, t->norders + 1, sizeof *t->orders);
	o = &t->orders[t->norders++];
	memset(o, 0, sizeof *o);
	o->id = ORDER_ID0 + (int64_t)t->norders;
	if (cid)
		snprintf(o->client, sizeof o->client, "%s", cid);
	else
		snprintf(o->client, sizeof o->client, "auto-%lld", (long long)o->id);
	o->sym = i;
	o->buy = buy;
	o->time = o->update = now;
	snprintf(o->tif, sizeof o->tif, "GTC");
	return o;
}

/* Fill q of order o at price px: the position, the fill, the commission. */
static void fill(struct fake *f, struct order *o, double q, double px, int maker, int64_t now)
{
	struct trade *t = &f->trade;
	struct pos *ps = &t->pos[o->sym];
	const struct symbol *s = &f->market.sym[o->sym];
	double sq = o->buy ? q : -q, realized = 0;
	struct fill *x;

	if (ps->amt == 0 || (ps->amt > 0) == (sq > 0)) {
		ps->entry = (ps->entry * fabs(ps->amt) + px * q) / (fabs(ps->amt) + q);
		ps->amt = rnd(ps->amt + sq, s->vd);
	} else {
		double closed = fmin(q, fabs(ps->amt));

		realized = rnd((px - ps->entry) * closed * (ps->amt > 0 ? 1 : -1), 8);
		ps->amt = rnd(ps->amt + sq, s->vd);
		if (ps->amt == 0)
			ps->entry = 0;
		else if ((ps->amt > 0) == (sq > 0))
			ps->entry = px;   /* turned around: the rest opens at px */
	}
	ps->update = now;
	t->fills = xreallocarray(t->fills, t->nfills + 1, sizeof *t->fills);
	x = &t->fills[t->nfills++];
	*x = (struct fill){ FILL_ID0 + (int64_t)t->nfills, o->id, o->sym, o->buy, maker, px, q,
			    rnd(q * px * FEE, 8), realized, now };
	t->realized += realized;
	t->fees += x->commission;
	o->executed = rnd(o->executed + q, s->vd);
	o->quote += q * px;
	o->update = now;
	o->status = o->executed >= o->qty - EPS ? ST_FILLED : ST_PARTIALLY_FILLED;
}

/* Fill what is left of order o at px, at most share of it (0: all), a
 * reduce-only order at most the position it reduces. What a MARKET or
 * reduce-only order cannot fill expires; a LIMIT order's rest stays open. */
static void fill_rest(struct fake *f, struct order *o, double px, int maker, int64_t now, double share)
{
	const struct symbol *s = &f->market.sym[o->sym];
	double amt = f->trade.pos[o->sym].amt, q = rnd(o->qty - o->executed, s->vd), m = pow(10, s->vd);

	if (o->reduce_only)
		q = (o->buy ? amt < 0 : amt > 0) ? fmin(q, fabs(amt)) : 0;
	if (share > 0)
		q = floor(q * share * m + EPS) / m;
	if (q > 0)
		fill(f, o, q, px, maker, now);
	if (o->executed < o->qty - EPS && (!o->limit || o->reduce_only)) {
		o->status = ST_EXPIRED;
		o->update = now;
	}
}

/* ---- triggers ---- */

/* Whether algo a fires at mark price m: STOP_MARKET BUY at m >= trigger,
 * SELL at m <= trigger; TAKE_PROFIT_MARKET the other way round. */
static int fires(const struct algo *a, double m)
{
	int up = a->buy != a->take_profit;   /* fires when the price rises to the trigger */

	return up ? m >= a->trigger - EPS : m <= a->trigger + EPS;
}

/* Algo a has fired at mark m: a reduce-only MARKET order for the position
 * (closePosition) or its quantity, filled at m. Without a position to
 * reduce, the algo order expires. */
static void trigger(struct fake *f, struct algo *a, double m, int64_t now)
{
	struct trade *t = &f->trade;
	double amt = t->pos[a->sym].amt, q = a->qty;
	int reduces = a->buy ? amt < 0 : amt > 0;
	struct order *o;

	a->update = a->trigger_time = now;
	if (a->close_position || a->reduce_only)
		q = reduces ? (a->close_position ? fabs(amt) : fmin(q, fabs(amt))) : 0;
	if (q <= 0) {
		a->status = AL_EXPIRED;
		return;
	}
	o = add_order(t, a->sym, a->client, a->buy, now);
	o->qty = q;
	o->reduce_only = a->reduce_only || a->close_position;
	o->close_position = a->close_position;
	fill(f, o, q, m, 0, now);
	a->status = AL_FINISHED;
	a->actual_id = o->id;
	a->actual_qty = q;
	a->actual_price = m;
}

/* The mark of symbol i is m at time now: fire its algo orders, fill its
 * resting LIMIT orders the mark has crossed (at their price). */
static void check_symbol(struct fake *f, size_t i, double m, int64_t now)
{
	struct trade *t = &f->trade;

	if (m <= 0)
		return;
	for (size_t k = 0; k < t->nalgos; k++) {
		struct algo *a = &t->algos[k];

		if (a->sym == i && a->status == AL_NEW && fires(a, m))
			trigger(f, a, m, now);
	}
	for (size_t k = 0; k < t->norders; k++) {
		struct order *o = &t->orders[k];

		if (o->sym == i && o->limit && order_open(o) && (o->buy ? m <= o->price : m >= o->price))
			fill_rest(f, o, o->price, 1, now, 0);
	}
}

/* Mark in watch[i] (nsym bytes) the symbols with open orders a moving
 * mark can fill and no mark override. Returns how many. */
static size_t watched(const struct trade *t, char *watch)
{
	size_t n = 0;

	for (size_t k = 0; k < t->nalgos; k++)
		if (t->algos[k].status == AL_NEW)
			watch[t->algos[k].sym] = 1;
	for (size_t k = 0; k < t->norders; k++)
		if (t->orders[k].limit && order_open(&t->orders[k]))
			watch[t->orders[k].sym] = 1;
	for (size_t i = 0; i < t->nsym; i++) {
		watch[i] = watch[i] && !t->pos[i].has_mark;
		n += (size_t)watch[i];
	}
	return n;
}

void trade_advance(struct fake *f, int64_t now)
{
	struct trade *t = &f->trade;
	int64_t from = t->checked;
	char *watch;

	if (!t->has_checked || now <= from) {
		t->checked = now;
		t->has_checked = 1;
		return;
	}
	t->checked = now;
	watch = xcalloc(t->nsym ? t->nsym : 1, 1);
	if (!watched(t, watch)) {
		free(watch);
		return;
	}
	/* symbol by symbol (the market caches one path), minute by minute;
	 * what fires places only MARKET orders, so nothing new is watched */
	for (size_t i = 0; i < t->nsym; i++) {
		if (!watch[i])
			continue;
		for (int64_t m = (from / MS_PER_MIN + 1) * MS_PER_MIN; m <= now; m += MS_PER_MIN)
			check_symbol(f, i, mark_at(f, i, m), m);
		if (now % MS_PER_MIN)
			check_symbol(f, i, mark_at(f, i, now), now);
	}
	free(watch);
}

/* ---- authentication ---- */

/* Whether the last parameter of s[0..n) is signature=...; *cut is where
 * the text before it ends (without its '&'). */
static int signature_last(const char *s, size_t n, size_t *cut)
{
	size_t i = n;

	while (i > 0 && s[i - 1] != '&')
		i--;
	if (n - i < 10 || memcmp(s + i, "signature=", 10))
		return 0;
	*cut = i ? i - 1 : 0;
	return 1;
}

int trade_auth(struct fake *f, const struct request *req, const struct params *p, struct response *res)
{
	struct trade *t = &f->trade;
	const char *sig = param(p, "signature"), *ts = param(p, "timestamp"), *rw = param(p, "recvWindow");
	int64_t stamp, window = RECV_WINDOW, now = fake_now(f);
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int maclen = 0;
	char hex[2 * EVP_MAX_MD_SIZE + 1];
	struct buf msg = BUF_INIT;
	size_t cut, qn = strlen(req->query);
	int ok;

	if (strcmp(req->api_key, t->key)) {
		api_error(res, 401, -2015, "Invalid API-key, IP, or permissions for action.");
		return -1;
	}
	if (!sig || !ts) {
		api_missing(res, sig ? "timestamp" : "signature");
		return -1;
	}
	if (parse_uint(ts, &stamp) || (rw && parse_uint(rw, &window))) {
		api_error(res, 400, -1130, rw && parse_uint(rw, &window) ?
			  "Data sent for parameter 'recvWindow' is not valid." :
			  "Data sent for parameter 'timestamp' is not valid.");
		return -1;
	}
	if (window > RECV_WINDOW_MAX) {
		api_error(res, 400, -1131, "recvWindow must be less than 60000");
		return -1;
	}
	/* the signed text: query string then body, the signature (the last
	 * parameter of either) cut out */
	buf_grow(&msg, qn + req->body_len + 1);   /* never a NULL buffer, even empty */
	if (req->body_len && signature_last(req->body, req->body_len, &cut)) {
		buf_add(&msg, req->query, qn);
		buf_add(&msg, req->body, cut);
	} else if (signature_last(req->query, qn, &cut)) {
		buf_add(&msg, req->query, cut);
		buf_add(&msg, req->body, req->body_len);
	} else {
		buf_release(&msg);
		api_error(res, 400, -1022, "Signature for this request is not valid.");
		return -1;
	}
	HMAC(EVP_sha256(), t->secret, (int)strlen(t->secret), (const unsigned char *)msg.p, msg.len, mac,
	     &maclen);
	buf_release(&msg);
	for (unsigned int k = 0; k < maclen; k++)
		snprintf(hex + 2 * k, 3, "%02x", mac[k]);
	hex[2 * maclen] = '\0';
	ok = !strcasecmp(hex, sig);
	if (!ok) {
		api_error(res, 400, -1022, "Signature for this request is not valid.");
		return -1;
	}
	if (stamp >= now + AHEAD_MS) {
		api_error(res, 400, -1021, "Timestamp for this request was 1000ms ahead of the server's time.");
		return -1;
	}
	if (now - stamp > window) {
		api_error(res, 400, -1021, "Timestamp for this request is outside of the recvWindow.");
		return -1;
	}
	return 0;
}

/* ---- parameters ---- */

/* The index of the symbol of the mandatory parameter "symbol", or -1 after
 * setting the error. */
static long symbol_arg(struct fake *f, const struct params *p, struct response *res)
{
	const char *name = param(p, "symbol");
	const struct symbol *s;

	if (!name) {
		api_missing(res, "symbol");
		return -1;
	}
	s = market_find(&f->market, name, 0);
	if (!s) {
		api_error(res, 400, -1121, "Invalid symbol.");
		return -1;
	}
	return (long)(s - f->market.sym);
}

/* The optional "symbol": -2 when absent, -1 after an error, else its index. */
static long opt_symbol(struct fake *f, const struct params *p, struct response *res)
{
	return param(p, "symbol") ? symbol_arg(f, p, res) : -2;
}

/* A positive decimal parameter with at most d decimals (trailing zeros
 * aside). Returns 0, or -1 after setting Binance's error. */
static int decimal_arg(const struct params *p, const char *name, int d, int mandatory, double *out,
		       struct response *res)
{
	const char *s = param(p, name), *q;
	int decimals = 0, sig = 0, dot = 0, digits = 0;
	char msg[160];

	*out = 0;
	if (!s) {
		if (mandatory)
			api_missing(res, name);
		return mandatory ? -1 : 0;
	}
	for (q = s + (*s == '-'); *q; q++) {
		if (*q == '.' && !dot) {
			dot = 1;
		} else if (*q >= '0' && *q <= '9') {
			digits++;
			decimals += dot;
			sig = dot && *q != '0' ? decimals : sig;
		} else {
			break;
		}
	}
	if (*q || !digits) {
		snprintf(msg, sizeof msg, "Illegal characters found in parameter '%s'; legal range is "
			 "'^([0-9]{1,20})(\\.[0-9]{1,20})?$'.", name);
		api_error(res, 400, -1100, msg);
		return -1;
	}
	*out = strtod(s, NULL);
	if (sig > d) {
		api_error(res, 400, -1111, "Precision is over the maximum defined for this asset.");
		return -1;
	}
	return 0;
}

/* An optional "true"/"false" parameter. */
static int bool_arg(const struct params *p, const char *name, int *out, struct response *res)
{
	const char *s = param(p, name);
	char msg[128];

	*out = s && !strcmp(s, "true");
	if (s && strcmp(s, "true") && strcmp(s, "false")) {
		snprintf(msg, sizeof msg, "Data sent for parameter '%s' is not valid.", name);
		api_error(res, 400, -1130, msg);
		return -1;
	}
	return 0;
}

/* Whether s matches ^[\.A-Z\:/a-z0-9_-]{1,36}$. */
static int client_id_ok(const char *s)
{
	size_t n = strlen(s);

	return n >= 1 && n <= 36 &&
	       strspn(s, ".:/_-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") == n;
}

/* side=BUY|SELL into *buy. */
static int side_arg(const struct params *p, int *buy, struct response *res)
{
	const char *side = param(p, "side");

	if (!side) {
		api_missing(res, "side");
		return -1;
	}
	if (strcmp(side, "BUY") && strcmp(side, "SELL")) {
		api_error(res, 400, -1117, "Invalid side.");
		return -1;
	}
	*buy = !strcmp(side, "BUY");
	return 0;
}

/* Count a new order in the windows of the real clock: -1 after a -1015
 * error when a limit is reached. */
static int count_order(struct trade *t, struct response *res)
{
	int64_t now = real_ms();

	if (t->win10 != now / 10000) {
		t->win10 = now / 10000;
		t->n10 = 0;
	}
	if (t->win60 != now / 60000) {
		t->win60 = now / 60000;
		t->n60 = 0;
	}
	if (t->n10 >= ORDERS_10S || t->n60 >= ORDERS_1M) {
		char msg[100];

		snprintf(msg, sizeof msg, "Too many new orders; current limit is %d orders per %s.",
			 t->n10 >= ORDERS_10S ? ORDERS_10S : ORDERS_1M,
			 t->n10 >= ORDERS_10S ? "10 SECOND" : "1 MINUTE");
		api_error(res, 429, -1015, msg);
		return -1;
	}
	t->n10++;
	t->n60++;
	return 0;
}

/* X-MBX-ORDER-COUNT-10S and -1M: the orders of the current windows. */
static void order_count_headers(struct trade *t, struct response *res)
{
	int64_t now = real_ms();

	buf_printf(&res->headers, "X-MBX-ORDER-COUNT-10S: %ld\r\nX-MBX-ORDER-COUNT-1M: %ld\r\n",
		   t->win10 == now / 10000 ? t->n10 : 0, t->win60 == now / 60000 ? t->n60 : 0);
}

/* ---- answers ---- */

static int quote_decimals(const struct symbol *s)
{
	return s->pd + s->vd > 8 ? 8 : s->pd + s->vd;
}

/* An order as Binance writes it; ack: as accepted (status NEW, nothing
 * executed yet); query: with its creation time. */
static void order_json(struct buf *b, const struct fake *f, const struct order *o, int ack, int query)
{
	const struct symbol *s = &f->market.sym[o->sym];
	double exec = ack ? 0 : o->executed, quote = ack ? 0 : o->quote;
	const char *type = o->limit ? "LIMIT" : "MARKET";
	char pr[64], avg[64], orig[64], ex[64], cq[64];

	buf_printf(b, "{\"orderId\":%lld,\"symbol\":\"%s\",\"status\":\"%s\",\"clientOrderId\":", (long long)o->id,
		   s->name, st_names[ack ? ST_NEW : o->status]);
	jw_strval(b, o->client, strlen(o->client));
	fixed(pr, o->price, s->pd);
	fixed(avg, exec > 0 ? quote / exec : 0, s->pd);
	fixed(orig, o->qty, s->vd);
	fixed(ex, exec, s->vd);
	fixed(cq, quote, quote_decimals(s));
	buf_printf(b, ",\"price\":\"%s\",\"avgPrice\":\"%s\",\"origQty\":\"%s\",\"executedQty\":\"%s\","
		   "\"cumQty\":\"%s\",\"cumQuote\":\"%s\",\"timeInForce\":\"%s\",\"type\":\"%s\","
		   "\"reduceOnly\":%s,\"closePosition\":%s,\"side\":\"%s\",\"positionSide\":\"BOTH\","
		   "\"stopPrice\":\"0\",\"workingType\":\"CONTRACT_PRICE\",\"priceProtect\":false,"
		   "\"origType\":\"%s\",\"priceMatch\":\"NONE\",\"selfTradePreventionMode\":\"EXPIRE_MAKER\","
		   "\"goodTillDate\":0,",
		   pr, avg, orig, ex, ex, cq, o->tif, type, o->reduce_only ? "true" : "false",
		   o->close_position ? "true" : "false", o->buy ? "BUY" : "SELL", type);
	if (query)
		buf_printf(b, "\"time\":%lld,", (long long)o->time);
	buf_printf(b, "\"updateTime\":%lld}", (long long)o->update);
}

/* An algo order as Binance writes it; query: with the actual* members of
 * the order it placed. */
static void algo_json(struct buf *b, const struct fake *f, const struct algo *a, int query)
{
	const struct symbol *s = &f->market.sym[a->sym];
	char q[64], tr[64], ap[64], aq[64];

	buf_printf(b, "{\"algoId\":%lld,\"clientAlgoId\":", (long long)a->id);
	jw_strval(b, a->client, strlen(a->client));
	buf_printf(b, ",\"algoType\":\"CONDITIONAL\",\"orderType\":\"%s\",\"symbol\":\"%s\",\"side\":\"%s\","
		   "\"positionSide\":\"BOTH\",\"timeInForce\":\"GTC\",\"quantity\":\"%s\",\"algoStatus\":\"%s\",",
		   a->take_profit ? "TAKE_PROFIT_MARKET" : "STOP_MARKET", s->name, a->buy ? "BUY" : "SELL",
		   fixed(q, a->qty, s->vd), al_names[a->status]);
	if (query) {
		if (a->actual_id)
			buf_printf(b, "\"actualOrderId\":\"%lld\",\"actualType\":\"MARKET\",\"actualQty\":\"%s\","
				   "\"actualPrice\":\"%s\",", (long long)a->actual_id,
				   fixed(aq, a->actual_qty, s->vd), fixed(ap, a->actual_price, s->pd));
		else
			buf_adds(b, "\"actualOrderId\":\"\",\"actualPrice\":\"0\",");
	}
	buf_printf(b, "\"triggerPrice\":\"%s\",\"price\":\"0\",\"icebergQuantity\":null,"
		   "\"selfTradePreventionMode\":\"NONE\",\"workingType\":\"%s\",\"priceMatch\":\"NONE\","
		   "\"closePosition\":%s,\"priceProtect\":%s,\"reduceOnly\":%s,\"createTime\":%lld,"
		   "\"updateTime\":%lld,\"triggerTime\":%lld,\"goodTillDate\":0}",
		   fixed(tr, a->trigger, s->pd), a->mark_price ? "MARK_PRICE" : "CONTRACT_PRICE",
		   a->close_position ? "true" : "false", a->price_protect ? "true" : "false",
		   a->reduce_only ? "true" : "false", (long long)a->create, (long long)a->update,
		   (long long)a->trigger_time);
}

/* ---- /fapi/v1/order ---- */

static int conditional_type(const char *type)
{
	return !strcmp(type, "STOP") || !strcmp(type, "STOP_MARKET") || !strcmp(type, "TAKE_PROFIT") ||
	       !strcmp(type, "TAKE_PROFIT_MARKET") || !strcmp(type, "TRAILING_STOP_MARKET");
}

/* Checks of a new order's size against the account: -4164 below the min
 * notional (reduce-only exempt), -2022 a reduce-only order that would not
 * reduce, -2019 not enough margin. 0 if it may go. */
static int account_checks(struct fake *f, size_t i, int buy, int reduce, double qty, double ref,
			  int64_t now, struct response *res)
{
	double amt = f->trade.pos[i].amt, grow;

	if (!reduce && qty * ref < MIN_NOTIONAL - EPS) {
		api_error(res, 400, -4164, "Order's notional must be no smaller than 5 (unless you choose reduce only).");
		return -1;
	}
	if (reduce && (buy ? amt >= 0 : amt <= 0)) {
		api_error(res, 400, -2022, "ReduceOnly Order is rejected.");
		return -1;
	}
	grow = amt == 0 || (amt > 0) == buy ? qty : fmax(0, qty - fabs(amt));
	if (!reduce && grow * ref / f->trade.pos[i].leverage > available(f, now) + EPS) {
		api_error(res, 400, -2019, "Margin is insufficient.");
		return -1;
	}
	return 0;
}

static void new_order(struct fake *f, const struct params *p, struct response *res)
{
	struct trade *t = &f->trade;
	const char *type = param(p, "type"), *cid = param(p, "newClientOrderId");
	const char *resp = param(p, "newOrderRespType"), *tif = param(p, "timeInForce");
	const char *pside = param(p, "positionSide");
	int64_t now = fake_now(f);
	long i;
	int buy, reduce, limit;
	double qty, price, mark;
	const struct symbol *s;
	struct order *o;

	if (count_order(t, res))
		return;
	order_count_headers(t, res);
	if ((i = symbol_arg(f, p, res)) < 0 || side_arg(p, &buy, res))
		return;
	s = &f->market.sym[i];
	if (!type) {
		api_missing(res, "type");
		return;
	}
	if (conditional_type(type)) {
		api_error(res, 400, -4120, "Order type not supported for this endpoint. "
			  "Please use the Algo Order API endpoints instead.");
		return;
	}
	if (strcmp(type, "MARKET") && strcmp(type, "LIMIT")) {
		api_error(res, 400, -1116, "Invalid orderType.");
		return;
	}
	limit = !strcmp(type, "LIMIT");
	if (pside && strcmp(pside, "BOTH")) {
		api_error(res, 400, -4061, "Order's position side does not match user's setting.");
		return;
	}
	if (bool_arg(p, "reduceOnly", &reduce, res) || decimal_arg(p, "quantity", s->vd, 1, &qty, res) ||
	    decimal_arg(p, "price", s->pd, limit, &price, res))
		return;
	if (qty <= 0) {
		api_error(res, 400, -4003, "Quantity less than or equal to zero.");
		return;
	}
	if (limit && price <= 0) {
		api_error(res, 400, -4013, "Price less than min price.");
		return;
	}
	if (limit && !tif) {
		api_missing(res, "timeInForce");
		return;
	}
	if (limit && strcmp(tif, "GTC") && strcmp(tif, "IOC") && strcmp(tif, "FOK") && strcmp(tif, "GTX") &&
	    strcmp(tif, "GTD")) {
		api_error(res, 400, -1115, "Invalid timeInForce.");
		return;
	}
	if (resp && strcmp(resp, "ACK") && strcmp(resp, "RESULT")) {
		api_error(res, 400, -1130, "Data sent for parameter 'newOrderRespType' is not valid.");
		return;
	}
	if (cid && !client_id_ok(cid)) {
		api_error(res, 400, -4015, "Client order id is not valid.");
		return;
	}
	for (size_t k = 0; cid && k < t->norders; k++) {
		if (order_open(&t->orders[k]) && !strcmp(t->orders[k].client, cid)) {
			api_error(res, 400, -4116, "ClientOrderId is duplicated.");
			return;
		}
	}
	mark = mark_at(f, (size_t)i, now);
	if (mark <= 0) {
		api_error(res, 400, -1121, "Invalid symbol.");
		return;
	}
	if (account_checks(f, (size_t)i, buy, reduce, qty, limit ? price : mark, now, res))
		return;
	o = add_order(t, (size_t)i, cid, buy, now);
	o->limit = limit;
	o->qty = qty;
	o->price = limit ? price : 0;
	o->reduce_only = reduce;
	if (limit)
		snprintf(o->tif, sizeof o->tif, "%s", tif);
	if (cid)
		(*cid_count(t->cids, cid))++;
	if (!limit || (buy ? mark <= price : mark >= price))
		fill_rest(f, o, mark, 0, now, t->partial);   /* a taker at the mark */
	else if (!strcmp(o->tif, "IOC") || !strcmp(o->tif, "FOK"))
		o->status = ST_EXPIRED;
	order_json(&res->body, f, o, !resp || !strcmp(resp, "ACK"), 0);
}

/* The order of symbol i named by orderId or origClientOrderId (the newest
 * with that client id), or NULL; -1 after a parameter error. */
static int find_order(struct fake *f, size_t i, const struct params *p, struct order **out,
		      struct response *res)
{
	struct trade *t = &f->trade;
	const char *id = param(p, "orderId"), *cid = param(p, "origClientOrderId");
	int64_t v = 0;

	*out = NULL;
	if (!id && !cid) {
		api_error(res, 400, -1102, "Param 'origClientOrderId' or 'orderId' must be sent, "
			  "but both were empty/null!");
		return -1;
	}
	if (id && parse_uint(id, &v)) {
		api_error(res, 400, -1100, "Illegal characters found in parameter 'orderId'; "
			  "legal range is '^[0-9]{1,20}$'.");
		return -1;
	}
	for (size_t k = t->norders; k-- > 0;) {
		struct order *o = &t->orders[k];

		if (o->sym == i && (id ? o->id == v : !strcmp(o->client, cid))) {
			*out = o;
			break;
		}
	}
	return 0;
}

static void query_order(struct fake *f, const struct params *p, struct response *res, int cancel)
{
	struct order *o;
	long i;

	order_count_headers(&f->trade, res);
	if ((i = symbol_arg(f, p, res)) < 0 || find_order(f, (size_t)i, p, &o, res))
		return;
	if (cancel && (!o || !order_open(o))) {
		api_error(res, 400, -2011, "Unknown order sent.");
		return;
	}
	if (!o) {
		api_error(res, 400, -2013, "Order does not exist.");
		return;
	}
	if (cancel) {
		o->status = ST_CANCELED;
		o->update = fake_now(f);
	}
	order_json(&res->body, f, o, 0, !cancel);
}

static void serve_order(struct fake *f, const struct endpoint *ep, const struct params *p,
			struct response *res)
{
	(void)ep;
	if (!strcmp(p->method, "POST"))
		new_order(f, p, res);
	else
		query_order(f, p, res, !strcmp(p->method, "DELETE"));
}

static void serve_open_orders(struct fake *f, const struct endpoint *ep, const struct params *p,
			      struct response *res)
{
	struct trade *t = &f->trade;
	long i = opt_symbol(f, p, res);
	int n = 0;

	(void)ep;
	if (i == -1)
		return;
	buf_addc(&res->body, '[');
	for (size_t k = 0; k < t->norders; k++) {
		const struct order *o = &t->orders[k];

		if (!order_open(o) || (i >= 0 && o->sym != (size_t)i))
			continue;
		if (n++)
			buf_addc(&res->body, ',');
		order_json(&res->body, f, o, 0, 1);
	}
	buf_addc(&res->body, ']');
}

/* ---- /fapi/v1/algoOrder ---- */

static void new_algo(struct fake *f, const struct params *p, struct response *res)
{
	struct trade *t = &f->trade;
	const char *type = param(p, "type"), *cid = param(p, "clientAlgoId"), *wt = param(p, "workingType");
	const char *atype = param(p, "algoType"), *pside = param(p, "positionSide");
	struct algo a = { 0 }, *ap;
	int64_t now = fake_now(f);
	const struct symbol *s;
	double mark;
	long i;

	if (count_order(t, res))
		return;
	order_count_headers(t, res);
	if (!atype) {
		api_missing(res, "algoType");
		return;
	}
	if (strcmp(atype, "CONDITIONAL")) {
		api_error(res, 400, -1130, "Data sent for parameter 'algoType' is not valid.");
		return;
	}
	if ((i = symbol_arg(f, p, res)) < 0 || side_arg(p, &a.buy, res))
		return;
	s = &f->market.sym[i];
	if (!type) {
		api_missing(res, "type");
		return;
	}
	if (strcmp(type, "STOP_MARKET") && strcmp(type, "TAKE_PROFIT_MARKET")) {
		api_error(res, 400, -1116, "Invalid orderType.");
		return;
	}
	a.take_profit = !strcmp(type, "TAKE_PROFIT_MARKET");
	if (pside && strcmp(pside, "BOTH")) {
		api_error(res, 400, -4061, "Order's position side does not match user's setting.");
		return;
	}
	if (bool_arg(p, "closePosition", &a.close_position, res) ||
	    bool_arg(p, "reduceOnly", &a.reduce_only, res) || bool_arg(p, "priceProtect", &a.price_protect, res) ||
	    decimal_arg(p, "triggerPrice", s->pd, 1, &a.trigger, res) ||
	    decimal_arg(p, "quantity", s->vd, !a.close_position, &a.qty, res))
		return;
	if (a.close_position && (param(p, "quantity") || a.reduce_only)) {
		api_error(res, 400, -1106, param(p, "quantity") ? "Parameter 'quantity' sent when not required." :
				   "Parameter 'reduceOnly' sent when not required.");
		return;
	}
	if (!a.close_position && a.qty <= 0) {
		api_error(res, 400, -4003, "Quantity less than or equal to zero.");
		return;
	}
	if (a.trigger <= 0) {
		api_error(res, 400, -4013, "Price less than min price.");
		return;
	}
	if (wt && strcmp(wt, "MARK_PRICE") && strcmp(wt, "CONTRACT_PRICE")) {
		api_error(res, 400, -1130, "Data sent for parameter 'workingType' is not valid.");
		return;
	}
	a.mark_price = wt && !strcmp(wt, "MARK_PRICE");
	if (cid && !client_id_ok(cid)) {
		api_error(res, 400, -4015, "Client order id is not valid.");
		return;
	}
	for (size_t k = 0; cid && k < t->nalgos; k++) {
		if (t->algos[k].status == AL_NEW && !strcmp(t->algos[k].client, cid)) {
			api_error(res, 400, -4116, "ClientOrderId is duplicated.");
			return;
		}
	}
	mark = mark_at(f, (size_t)i, now);
	if (mark <= 0) {
		api_error(res, 400, -1121, "Invalid symbol.");
		return;
	}
	if (fires(&a, mark)) {
		api_error(res, 400, -2021, "Order would immediately trigger.");
		return;
	}
	t->algos = xreallocarray(t->algos, t->nalgos + 1, sizeof *t->algos);
	ap = &t->algos[t->nalgos++];
	*ap = a;
	ap->id = ALGO_ID0 + (int64_t)t->nalgos;
	if (cid)
		snprintf(ap->client, sizeof ap->client, "%s", cid);
	else
		snprintf(ap->client, sizeof ap->client, "auto-algo-%lld", (long long)ap->id);
	ap->sym = (size_t)i;
	ap->status = AL_NEW;
	ap->create = ap->update = now;
	ap->hidden = t->hide;
	if (cid)
		(*cid_count(t->algo_cids, cid))++;
	algo_json(&res->body, f, ap, 0);
}

/* The algo order named by algoId or clientAlgoId (the newest), or NULL;
 * -1 after a parameter error. */
static int find_algo(struct fake *f, const struct params *p, struct algo **out, struct response *res)
{
	struct trade *t = &f->trade;
	const char *id = param(p, "algoId"), *cid = param(p, "clientAlgoId");
	int64_t v = 0;

	*out = NULL;
	if (!id && !cid) {
		api_error(res, 400, -1102, "Param 'clientAlgoId' or 'algoId' must be sent, but both were empty/null!");
		return -1;
	}
	if (id && parse_uint(id, &v)) {
		api_error(res, 400, -1100, "Illegal characters found in parameter 'algoId'; "
			  "legal range is '^[0-9]{1,20}$'.");
		return -1;
	}
	for (size_t k = t->nalgos; k-- > 0;) {
		if (id ? t->algos[k].id == v : !strcmp(t->algos[k].client, cid)) {
			*out = &t->algos[k];
			break;
		}
	}
	return 0;
}

static void serve_algo(struct fake *f, const struct endpoint *ep, const struct params *p,
		       struct response *res)
{
	struct algo *a;

	(void)ep;
	if (!strcmp(p->method, "POST")) {
		new_algo(f, p, res);
		return;
	}
	order_count_headers(&f->trade, res);
	if (find_algo(f, p, &a, res))
		return;
	if (!strcmp(p->method, "DELETE")) {
		if (!a || a->status != AL_NEW) {
			api_error(res, 400, -2011, "Unknown order sent.");
			return;
		}
		a->status = AL_CANCELED;
		a->update = fake_now(f);
		buf_printf(&res->body, "{\"algoId\":%lld,\"clientAlgoId\":", (long long)a->id);
		jw_strval(&res->body, a->client, strlen(a->client));
		buf_adds(&res->body, ",\"code\":\"200\",\"msg\":\"success\"}");
		return;
	}
	if (!a || a->hidden > 0) {
		if (a)
			a->hidden--;
		api_error(res, 400, -2013, "Order does not exist.");
		return;
	}
	algo_json(&res->body, f, a, 1);
}

static void serve_open_algos(struct fake *f, const struct endpoint *ep, const struct params *p,
			     struct response *res)
{
	struct trade *t = &f->trade;
	long i = opt_symbol(f, p, res);
	int n = 0;

	(void)ep;
	if (i == -1)
		return;
	buf_addc(&res->body, '[');
	for (size_t k = 0; k < t->nalgos; k++) {
		const struct algo *a = &t->algos[k];

		if (a->status != AL_NEW || (i >= 0 && a->sym != (size_t)i))
			continue;
		if (n++)
			buf_addc(&res->body, ',');
		algo_json(&res->body, f, a, 1);
	}
	buf_addc(&res->body, ']');
}

/* ---- leverage, marginType ---- */

static void serve_leverage(struct fake *f, const struct endpoint *ep, const struct params *p,
			   struct response *res)
{
	const char *lev = param(p, "leverage");
	int64_t v;
	long i;
	char msg[80];

	(void)ep;
	if ((i = symbol_arg(f, p, res)) < 0)
		return;
	if (!lev) {
		api_missing(res, "leverage");
		return;
	}
	if (parse_uint(lev, &v) || v < 1 || v > MAX_LEVERAGE) {
		snprintf(msg, sizeof msg, "Leverage %.20s is not valid", lev);
		api_error(res, 400, -4028, msg);
		return;
	}
	f->trade.pos[i].leverage = (int)v;
	buf_printf(&res->body, "{\"leverage\":%d,\"maxNotionalValue\":\"1000000\",\"symbol\":\"%s\"}", (int)v,
		   f->market.sym[i].name);
}

static void serve_margin_type(struct fake *f, const struct endpoint *ep, const struct params *p,
			      struct response *res)
{
	const char *mt = param(p, "marginType");
	struct pos *ps;
	int isolated;
	long i;

	(void)ep;
	if ((i = symbol_arg(f, p, res)) < 0)
		return;
	if (!mt) {
		api_missing(res, "marginType");
		return;
	}
	if (strcmp(mt, "ISOLATED") && strcmp(mt, "CROSSED")) {
		api_error(res, 400, -1130, "Data sent for parameter 'marginType' is not valid.");
		return;
	}
	ps = &f->trade.pos[i];
	isolated = !strcmp(mt, "ISOLATED");
	if (isolated == ps->isolated) {
		api_error(res, 400, -4046, "No need to change margin type.");
		return;
	}
	if (ps->amt != 0) {
		api_error(res, 400, -4048, "Margin type cannot be changed if there exists position.");
		return;
	}
	ps->isolated = isolated;
	buf_adds(&res->body, "{\"code\":200,\"msg\":\"success\"}");
}

/* ---- positionRisk, account, userTrades, premiumIndex ---- */

static int has_open_orders(const struct trade *t, size_t i)
{
	for (size_t k = 0; k < t->norders; k++)
		if (t->orders[k].sym == i && order_open(&t->orders[k]))
			return 1;
	for (size_t k = 0; k < t->nalgos; k++)
		if (t->algos[k].sym == i && t->algos[k].status == AL_NEW)
			return 1;
	return 0;
}

static void position_json(struct buf *b, const struct fake *f, size_t i, int64_t now)
{
	const struct pos *ps = &f->trade.pos[i];
	const struct symbol *s = &f->market.sym[i];
	double mark = mark_at(f, i, now), notional = ps->amt * mark, im = fabs(notional) / ps->leverage;
	char amt[64], entry[64], be[64], mk[64], up[64], nt[64], m1[64], m2[64];

	fixed(amt, ps->amt, s->vd);
	fixed(entry, ps->entry, 8);
	fixed(be, ps->amt ? ps->entry * (1 + (ps->amt > 0 ? FEE : -FEE)) : 0, 8);
	fixed(mk, mark, 8);
	fixed(up, ps->amt * (mark - ps->entry), 8);
	fixed(nt, notional, 8);
	fixed(m1, im, 8);
	fixed(m2, 0, 8);
	buf_printf(b, "{\"symbol\":\"%s\",\"positionSide\":\"BOTH\",\"positionAmt\":\"%s\",\"entryPrice\":\"%s\","
		   "\"breakEvenPrice\":\"%s\",\"markPrice\":\"%s\",\"unRealizedProfit\":\"%s\","
		   "\"liquidationPrice\":\"0\",\"isolatedMargin\":\"%s\",\"notional\":\"%s\","
		   "\"marginAsset\":\"USDT\",\"isolatedWallet\":\"%s\",\"initialMargin\":\"%s\","
		   "\"maintMargin\":\"%s\",\"positionInitialMargin\":\"%s\",\"openOrderInitialMargin\":\"0\","
		   "\"adl\":0,\"bidNotional\":\"0\",\"askNotional\":\"0\",\"updateTime\":%lld}",
		   s->name, amt, entry, be, mk, up, ps->isolated ? m1 : "0", nt, ps->isolated ? m1 : "0", m1, m2,
		   m1, (long long)ps->update);
}

static void serve_position_risk(struct fake *f, const struct endpoint *ep, const struct params *p,
				struct response *res)
{
	struct trade *t = &f->trade;
	long i = opt_symbol(f, p, res);
	int64_t now = fake_now(f);
	int n = 0;

	(void)ep;
	if (i == -1)
		return;
	buf_addc(&res->body, '[');
	for (size_t k = 0; k < t->nsym; k++) {
		if ((i >= 0 && k != (size_t)i) || (t->pos[k].amt == 0 && !has_open_orders(t, k)))
			continue;
		if (n++)
			buf_addc(&res->body, ',');
		position_json(&res->body, f, k, now);
	}
	buf_addc(&res->body, ']');
}

static void serve_account(struct fake *f, const struct endpoint *ep, const struct params *p,
			  struct response *res)
{
	struct trade *t = &f->trade;
	struct buf *b = &res->body;
	int64_t now = fake_now(f);
	double upnl, margin, w = wallet(t);
	char wb[64], up[64], mb[64], im[64], av[64];
	int n = 0;

	(void)ep, (void)p;
	exposure(f, now, &upnl, &margin);
	fixed(wb, w, 8);
	fixed(up, upnl, 8);
	fixed(mb, w + upnl, 8);
	fixed(im, margin, 8);
	fixed(av, w + upnl - margin, 8);
	buf_printf(b, "{\"totalInitialMargin\":\"%s\",\"totalMaintMargin\":\"0\",\"totalWalletBalance\":\"%s\","
		   "\"totalUnrealizedProfit\":\"%s\",\"totalMarginBalance\":\"%s\","
		   "\"totalPositionInitialMargin\":\"%s\",\"totalOpenOrderInitialMargin\":\"0\","
		   "\"totalCrossWalletBalance\":\"%s\",\"totalCrossUnPnl\":\"%s\",\"availableBalance\":\"%s\","
		   "\"maxWithdrawAmount\":\"%s\",\"assets\":[{\"asset\":\"USDT\",\"walletBalance\":\"%s\","
		   "\"unrealizedProfit\":\"%s\",\"marginBalance\":\"%s\",\"maintMargin\":\"0\","
		   "\"initialMargin\":\"%s\",\"positionInitialMargin\":\"%s\",\"openOrderInitialMargin\":\"0\","
		   "\"crossWalletBalance\":\"%s\",\"crossUnPnl\":\"%s\",\"availableBalance\":\"%s\","
		   "\"maxWithdrawAmount\":\"%s\",\"updateTime\":%lld}],\"positions\":[",
		   im, wb, up, mb, im, wb, up, av, av, wb, up, mb, im, im, wb, up, av, av, (long long)now);
	for (size_t k = 0; k < t->nsym; k++) {
		const struct pos *ps = &t->pos[k];
		const struct symbol *s = &f->market.sym[k];
		double mark, notional;
		char amt[64], u[64], nt[64], m1[64];

		if (ps->amt == 0)
			continue;
		mark = mark_at(f, k, now);
		notional = ps->amt * mark;
		fixed(m1, fabs(notional) / ps->leverage, 8);
		buf_printf(b, "%s{\"symbol\":\"%s\",\"positionSide\":\"BOTH\",\"positionAmt\":\"%s\","
			   "\"unrealizedProfit\":\"%s\",\"isolatedMargin\":\"%s\",\"notional\":\"%s\","
			   "\"isolatedWallet\":\"%s\",\"initialMargin\":\"%s\",\"maintMargin\":\"0\","
			   "\"updateTime\":%lld}",
			   n++ ? "," : "", s->name, fixed(amt, ps->amt, s->vd),
			   fixed(u, ps->amt * (mark - ps->entry), 8), ps->isolated ? m1 : "0",
			   fixed(nt, notional, 8), ps->isolated ? m1 : "0", m1, (long long)ps->update);
	}
	buf_adds(b, "]}");
}

static void fill_json(struct buf *b, const struct fake *f, const struct fill *x)
{
	const struct symbol *s = &f->market.sym[x->sym];
	char pr[64], q[64], qq[64], c[64], r[64];

	buf_printf(b, "{\"id\":%lld,\"orderId\":%lld,\"symbol\":\"%s\",\"side\":\"%s\",\"price\":\"%s\","
		   "\"qty\":\"%s\",\"quoteQty\":\"%s\",\"commission\":\"%s\",\"commissionAsset\":\"USDT\","
		   "\"realizedPnl\":\"%s\",\"positionSide\":\"BOTH\",\"buyer\":%s,\"maker\":%s,\"time\":%lld}",
		   (long long)x->id, (long long)x->order_id, s->name, x->buy ? "BUY" : "SELL",
		   fixed(pr, x->price, s->pd), fixed(q, x->qty, s->vd),
		   fixed(qq, x->price * x->qty, quote_decimals(s)), fixed(c, x->commission, 8),
		   fixed(r, x->realized, 8), x->buy ? "true" : "false", x->maker ? "true" : "false",
		   (long long)x->time);
}

/* GET /fapi/v1/userTrades: symbol [orderId startTime endTime fromId limit]. */
static void serve_user_trades(struct fake *f, const struct endpoint *ep, const struct params *p,
			      struct response *res)
{
	struct trade *t = &f->trade;
	const char *names[] = { "orderId", "startTime", "endTime", "fromId", "limit" };
	int64_t v[5] = { 0, 0, 0, 0, 500 }, lo, hi;
	int has[5], n = 0;
	long i;

	(void)ep;
	if ((i = symbol_arg(f, p, res)) < 0)
		return;
	for (int k = 0; k < 5; k++) {
		const char *s = param(p, names[k]);
		char msg[128];

		has[k] = s != NULL;
		if (s && parse_uint(s, &v[k])) {
			snprintf(msg, sizeof msg, "Illegal characters found in parameter '%s'; legal range is "
				 "'^[0-9]{1,20}$'.", names[k]);
			api_error(res, 400, -1100, msg);
			return;
		}
	}
	if (v[4] < 1 || v[4] > 1000) {
		api_error(res, 400, -1130, "Data sent for parameter 'limit' is not valid.");
		return;
	}
	if (has[1] && has[2] && v[1] > v[2]) {
		api_error(res, 400, -1023, "Start time is greater than end time.");
		return;
	}
	if (has[1] && has[2] && v[2] - v[1] > TRADES_WINDOW) {
		api_error(res, 400, -4166, "The time between startTime and endTime can't be longer than 7 days.");
		return;
	}
	/* [lo, hi]: the window asked for, 7 days from the bound given, or the
	 * last 7 days; fromId ignores times */
	hi = has[2] ? v[2] : has[1] ? v[1] + TRADES_WINDOW : fake_now(f);
	lo = has[1] ? v[1] : hi - TRADES_WINDOW;
	buf_addc(&res->body, '[');
	for (size_t k = 0; k < t->nfills && n < v[4]; k++) {
		const struct fill *x = &t->fills[k];

		if (x->sym != (size_t)i || (has[0] && x->order_id != v[0]))
			continue;
		if (has[3] ? x->id < v[3] : (x->time < lo || x->time > hi))
			continue;
		if (n++)
			buf_addc(&res->body, ',');
		fill_json(&res->body, f, x);
	}
	buf_addc(&res->body, ']');
}

static void premium_json(struct buf *b, const struct fake *f, size_t i, int64_t now)
{
	const struct symbol *s = &f->market.sym[i];
	double mark = mark_at(f, i, now);
	char m[64];
	int64_t next = (now / (8 * 3600000LL) + 1) * 8 * 3600000LL;

	fixed(m, mark, 8);
	buf_printf(b, "{\"symbol\":\"%s\",\"markPrice\":\"%s\",\"indexPrice\":\"%s\","
		   "\"estimatedSettlePrice\":\"%s\","
		   "\"lastFundingRate\":\"0.00010000\",\"interestRate\":\"0.00010000\",\"nextFundingTime\":%lld,"
		   "\"time\":%lld}",
		   s->name, m, m, m, (long long)next, (long long)now);
}

static void serve_premium(struct fake *f, const struct endpoint *ep, const struct params *p,
			  struct response *res)
{
	long i = opt_symbol(f, p, res);
	int64_t now = fake_now(f);

	(void)ep;
	if (i == -1)
		return;
	if (i >= 0) {
		premium_json(&res->body, f, (size_t)i, now);
		return;
	}
	buf_addc(&res->body, '[');
	for (size_t k = 0; k < f->market.n; k++) {
		if (k)
			buf_addc(&res->body, ',');
		premium_json(&res->body, f, k, now);
	}
	buf_addc(&res->body, ']');
}

/* ---- control ---- */

void trade_control_mark(struct fake *f, const struct params *p, struct response *res)
{
	const char *name = param(p, "symbol"), *price = param(p, "price");
	const struct symbol *s = name ? market_find(&f->market, name, 0) : NULL;
	int64_t now = fake_now(f);
	struct pos *ps;
	char *end, m[64];
	double v = price ? strtod(price, &end) : -1;
	size_t i;

	if (!s || !price || *end || !(v >= 0) || v > 1e12) {
		res->status = 400;
		buf_adds(&res->body, "{\"error\":\"symbol: a futures symbol and price: a price (0 clears) are required\"}");
		return;
	}
	trade_advance(f, now);
	i = (size_t)(s - f->market.sym);
	ps = &f->trade.pos[i];
	ps->has_mark = v > 0;
	ps->mark = rnd(v, s->pd);
	check_symbol(f, i, mark_at(f, i, now), now);
	buf_printf(&res->body, "{\"symbol\":\"%s\",\"markPrice\":\"%s\",\"override\":%s}", s->name,
		   fixed(m, mark_at(f, i, now), s->pd), ps->has_mark ? "true" : "false");
}

static void count_json(void *ctx, const char *key, size_t len, void *val)
{
	struct buf *b = ctx;

	if (b->p[b->len - 1] != '{')
		buf_addc(b, ',');
	jw_strval(b, key, len);
	buf_printf(b, ":%ld", *(long *)val);
}

void trade_control_account(struct fake *f, const struct params *p, struct response *res)
{
	struct trade *t = &f->trade;
	struct buf *b = &res->body;
	int64_t now = fake_now(f);
	char w[64], r[64], c[64];
	int n = 0;

	trade_advance(f, now);
	buf_printf(b, "{\"now\":%lld,\"walletBalance\":\"%s\",\"realizedPnl\":\"%s\",\"commission\":\"%s\","
		   "\"positions\":[",
		   (long long)now, fixed(w, wallet(t), 8), fixed(r, t->realized, 8), fixed(c, t->fees, 8));
	for (size_t i = 0; i < t->nsym; i++) {
		const struct pos *ps = &t->pos[i];
		const struct symbol *s = &f->market.sym[i];
		char amt[64], e[64], m[64];

		if (ps->amt == 0)
			continue;
		buf_printf(b, "%s{\"symbol\":\"%s\",\"positionAmt\":\"%s\",\"entryPrice\":\"%s\",\"markPrice\":\"%s\","
			   "\"leverage\":%d,\"marginType\":\"%s\"}",
			   n++ ? "," : "", s->name, fixed(amt, ps->amt, s->vd), fixed(e, ps->entry, 8),
			   fixed(m, mark_at(f, i, now), 8), ps->leverage, ps->isolated ? "ISOLATED" : "CROSSED");
	}
	buf_adds(b, "],\"openOrders\":[");
	n = 0;
	for (size_t k = 0; k < t->norders; k++) {
		if (!order_open(&t->orders[k]))
			continue;
		if (n++)
			buf_addc(b, ',');
		order_json(b, f, &t->orders[k], 0, 1);
	}
	buf_adds(b, "],\"openAlgoOrders\":[");
	n = 0;
	for (size_t k = 0; k < t->nalgos; k++) {
		if (t->algos[k].status != AL_NEW)
			continue;
		if (n++)
			buf_addc(b, ',');
		algo_json(b, f, &t->algos[k], 1);
	}
	buf_adds(b, "],\"clientOrderIds\":{");
	strmap_each(t->cids, count_json, b);
	buf_adds(b, "},\"clientAlgoIds\":{");
	strmap_each(t->algo_cids, count_json, b);
	buf_printf(b, "},\"orders\":%zu,\"algoOrders\":%zu,\"trades\":%zu", t->norders, t->nalgos, t->nfills);
	if (param(p, "all") && !strcmp(param(p, "all"), "1")) {
		buf_adds(b, ",\"allOrders\":[");
		for (size_t k = 0; k < t->norders; k++) {
			buf_adds(b, k ? "," : "");
			order_json(b, f, &t->orders[k], 0, 1);
		}
		buf_adds(b, "],\"allAlgoOrders\":[");
		for (size_t k = 0; k < t->nalgos; k++) {
			buf_adds(b, k ? "," : "");
			algo_json(b, f, &t->algos[k], 1);
		}
		buf_adds(b, "],\"fills\":[");
		for (size_t k = 0; k < t->nfills; k++) {
			buf_adds(b, k ? "," : "");
			fill_json(b, f, &t->fills[k]);
		}
		buf_addc(b, ']');
	}
	buf_addc(b, '}');
}

/* ---- endpoints ---- */

static long w_order(const struct params *p)
{
	return !strcmp(p->method, "POST") ? 0 : 1;
}

static long w_one(const struct params *p)
{
	(void)p;
	return 1;
}

static long w_five(const struct params *p)
{
	(void)p;
	return 5;
}

static long w_open(const struct params *p)
{
	return param(p, "symbol") ? 1 : 40;
}

static long w_premium(const struct params *p)
{
	return param(p, "symbol") ? 1 : 10;
}

static const struct endpoint endpoints[] = {
	{ "/fapi/v1/leverage", 0, 0, w_one, serve_leverage, "POST", 1 },
	{ "/fapi/v1/marginType", 0, 0, w_one, serve_margin_type, "POST", 1 },
	{ "/fapi/v1/order", 0, 0, w_order, serve_order, "POST GET DELETE", 1 },
	{ "/fapi/v1/openOrders", 0, 0, w_open, serve_open_orders, "GET", 1 },
	{ "/fapi/v1/algoOrder", 0, 0, w_order, serve_algo, "POST GET DELETE", 1 },
	{ "/fapi/v1/openAlgoOrders", 0, 0, w_open, serve_open_algos, "GET", 1 },
	{ "/fapi/v3/positionRisk", 0, 0, w_five, serve_position_risk, "GET", 1 },
	{ "/fapi/v3/account", 0, 0, w_five, serve_account, "GET", 1 },
	{ "/fapi/v1/userTrades", 0, 0, w_five, serve_user_trades, "GET", 1 },
	{ "/fapi/v1/premiumIndex", 0, 0, w_premium, serve_premium, NULL, 0 },
};

const struct endpoint *trade_find(const char *path)
{
	for (size_t i = 0; i < sizeof endpoints / sizeof endpoints[0]; i++)
		if (!strcmp(endpoints[i].path, path))
			return &endpoints[i];
	return NULL;
}
