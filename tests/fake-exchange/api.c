/* api: the Binance market data endpoints of the fake exchange. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbtime.h"
#include "fake.h"
#include "interval.h"
#include "jsonw.h"
#include "xalloc.h"

#define OI_HISTORY_MS (30 * MS_PER_DAY)   /* openInterestHist keeps 30 days */

const char *fixed(char *dst, double v, int d)
{
	snprintf(dst, 64, "%.*f", d, v);
	if (dst[0] == '-' && strspn(dst + 1, "0.") == strlen(dst + 1))
		memmove(dst, dst + 1, strlen(dst));
	return dst;
}

/* Append a further member ,"key":"v" with v written with d decimals. */
static void jstr_num(struct buf *b, const char *key, double v, int d)
{
	char s[64];

	buf_printf(b, ",\"%s\":\"%s\"", key, fixed(s, v, d));
}

int parse_uint(const char *s, int64_t *out)
{
	size_t n = strspn(s, "0123456789");

	if (n == 0 || n > 19 || s[n])
		return -1;
	*out = strtoll(s, NULL, 10);
	return 0;
}

void api_missing(struct response *res, const char *name)
{
	char msg[128];

	snprintf(msg, sizeof msg, "Mandatory parameter '%s' was not sent, was empty/null, or malformed.", name);
	api_error(res, 400, -1102, msg);
}

static void illegal(struct response *res, const char *name)
{
	char msg[128];

	snprintf(msg, sizeof msg, "Illegal characters found in parameter '%s'; legal range is '^[0-9]{1,20}$'.",
		 name);
	api_error(res, 400, -1100, msg);
}

static void invalid(struct response *res, const char *name)
{
	char msg[128];

	snprintf(msg, sizeof msg, "Data sent for parameter '%s' is not valid.", name);
	api_error(res, 400, -1130, msg);
}

/* Read the optional integer parameter name into *v (set *has), at most
 * TIME_MAX_MS. Returns -1 after setting the error response. */
static int opt_int(const struct params *p, const char *name, int64_t *v, int *has,
		   struct response *res)
{
	const char *s = param(p, name);

	*has = s != NULL;
	if (s && parse_uint(s, v)) {
		illegal(res, name);
		return -1;
	}
	if (s && *v > TIME_MAX_MS)
		*v = TIME_MAX_MS;   /* far beyond any candle; keeps the arithmetic small */
	return 0;
}

/* Read limit: default def, at most max (larger values are cut to max). */
static int get_limit(const struct params *p, long def, long max, long *limit, struct response *res)
{
	int64_t v;
	int has;

	if (opt_int(p, "limit", &v, &has, res))
		return -1;
	if (has && v < 1) {
		invalid(res, "limit");
		return -1;
	}
	*limit = !has ? def : v > max ? max : (long)v;
	return 0;
}

/* The symbol named by the mandatory parameter "symbol", or NULL after
 * setting the error response. */
static const struct symbol *get_symbol(struct fake *f, const struct endpoint *ep,
				       const struct params *p, struct response *res)
{
	const char *name = param(p, "symbol");
	const struct symbol *s;

	if (!name) {
		api_missing(res, "symbol");
		return NULL;
	}
	s = market_find(&f->market, name, ep->spot);
	if (!s)
		api_error(res, 400, -1121, "Invalid symbol.");
	return s;
}

/* The name a symbol has on the endpoint's market. */
static const char *sym_name(const struct symbol *s, const struct endpoint *ep)
{
	return ep->spot ? s->spot : s->name;
}

/* ---- klines ---- */

static long w_klines_futures(const struct params *p)
{
	const char *s = param(p, "limit");
	int64_t limit = 500;

	if (s)
		parse_uint(s, &limit);
	return limit < 100 ? 1 : limit < 500 ? 2 : limit <= 1000 ? 5 : 10;
}

static long w_klines_spot(const struct params *p)
{
	(void)p;
	return 2;
}

static void kline_row(struct buf *b, const struct symbol *s, const struct interval *iv, int64_t t,
		      const struct ohlcv *x)
{
	char o[64], h[64], l[64], c[64], v[64], q[64], tb[64], tq[64];
	int qd = s->qd;

	buf_printf(b, "[%lld,\"%s\",\"%s\",\"%s\",\"%s\",\"%s\",%lld,\"%s\",%lld,\"%s\",\"%s\",\"0\"]",
	     (long long)t, fixed(o, x->open, s->pd), fixed(h, x->high, s->pd), fixed(l, x->low, s->pd),
	     fixed(c, x->close, s->pd), fixed(v, x->volume, s->vd),
	     (long long)(iv_next(iv, t) - 1), fixed(q, x->quote, qd), (long long)llround(x->trades),
	     fixed(tb, x->taker_base, s->vd), fixed(tq, x->taker_quote, qd));
}

/* The candle of s opening at t, as far as it has formed at now. */
static int candle_at(const struct symbol *s, const struct interval *iv, int64_t t, int64_t now,
		     struct ohlcv *x)
{
	int64_t next = iv_next(iv, t);

	return sym_range(s, t, next < now ? next : now, x);
}

/* The candles of s at iv opening in [start, end] (each bound if given) up
 * to now: at most limit of them, the oldest (oldest 1) or the newest, into
 * opens and xs (limit each) in ascending order. Returns how many. */
static long collect(const struct fake *f, const struct symbol *s, const struct interval *iv,
		    int has_start, int64_t start, int has_end, int64_t end, long limit, int oldest,
		    int64_t *opens, struct ohlcv *xs)
{
	int64_t now = fake_now(f), lo, hi;
	long n = 0;

	/* open times from lo to hi can exist */
	lo = iv_floor(iv, s->start);
	if (has_start) {
		int64_t t = iv_floor(iv, start);

		if (t < start)
			t = iv_next(iv, t);
		lo = t > lo ? t : lo;
	}
	hi = iv_floor(iv, has_end && end < now ? end : now);
	if (s->end != NO_END && iv_floor(iv, s->end - 1) < hi)
		hi = iv_floor(iv, s->end - 1);
	if (oldest) {
		for (int64_t t = lo; t <= hi && n < limit; t = iv_next(iv, t))
			if (candle_at(s, iv, t, now, &xs[n]))
				opens[n++] = t;
		return n;
	}
	for (int64_t t = hi; t >= lo && n < limit; t = iv_prev(iv, t))
		if (candle_at(s, iv, t, now, &xs[n]))
			opens[n++] = t;
	for (long i = 0; i < n / 2; i++) {   /* collected newest first */
		int64_t t = opens[i];
		struct ohlcv x = xs[i];

		opens[i] = opens[n - 1 - i];
		xs[i] = xs[n - 1 - i];
		opens[n - 1 - i] = t;
		xs[n - 1 - i] = x;
	}
	return n;
}

/* A MEXC row: 8 fields, close_time the next open (as MEXC sends it). */
static void mexc_row(struct buf *b, const struct symbol *s, const struct interval *iv, int64_t t,
		     const struct ohlcv *x)
{
	char o[64], h[64], l[64], c[64], v[64], q[64];

	buf_printf(b, "[%lld,\"%s\",\"%s\",\"%s\",\"%s\",\"%s\",%lld,\"%s\"]", (long long)t,
	     fixed(o, x->open, s->pd), fixed(h, x->high, s->pd), fixed(l, x->low, s->pd),
	     fixed(c, x->close, s->pd), fixed(v, x->volume, s->vd), (long long)iv_next(iv, t),
	     fixed(q, x->quote, s->qd));
}

/* MEXC's interval names: 1m 5m 15m 30m 60m 4h 1d 1W 1M. */
static const struct interval *mexc_interval(const char *name)
{
	static const char *const names[][2] = {
		{ "1m", "1m" }, { "5m", "5m" }, { "15m", "15m" }, { "30m", "30m" },
		{ "60m", "1h" }, { "4h", "4h" }, { "1d", "1d" }, { "1W", "1w" }, { "1M", "1M" }
	};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(names[i][0], name))
			return interval_find(names[i][1]);
	return NULL;
}

/* Binance's klines and MEXC's (/mexc/api/v3/klines: its interval names,
 * 8-field rows, limit max 1000). */
static void serve_klines(struct fake *f, const struct endpoint *ep, const struct params *p,
			 struct response *res)
{
	const struct symbol *s;
	const struct interval *iv;
	const char *ivname;
	int64_t start, end, *opens;
	int has_start, has_end;
	long limit, n;
	struct ohlcv *xs;

	if (!param(p, "symbol")) {
		api_missing(res, "symbol");
		return;
	}
	ivname = param(p, "interval");
	if (!ivname) {
		api_missing(res, "interval");
		return;
	}
	s = get_symbol(f, ep, p, res);
	if (!s)
		return;
	iv = ep->foreign ? mexc_interval(ivname) : interval_find(ivname);
	if (!iv) {
		api_error(res, 400, -1120, "Invalid interval.");
		return;
	}
	if (opt_int(p, "startTime", &start, &has_start, res) || opt_int(p, "endTime", &end, &has_end, res) ||
	    get_limit(p, 500, ep->spot ? 1000 : 1500, &limit, res))
		return;
	if (has_start && has_end && start > end) {
		api_error(res, 400, -1023, "Start time is greater than end time.");
		return;
	}
	opens = xmalloc((size_t)limit * sizeof *opens);
	xs = xmalloc((size_t)limit * sizeof *xs);
	n = collect(f, s, iv, has_start, start, has_end, end, limit, has_start, opens, xs);
	buf_addc(&res->body, '[');
	for (long i = 0; i < n; i++) {
		if (i)
			buf_addc(&res->body, ',');
		if (ep->foreign)
			mexc_row(&res->body, s, iv, opens[i] + f->shift_ms, &xs[i]);
		else
			kline_row(&res->body, s, iv, opens[i] + f->shift_ms, &xs[i]);
	}
	buf_addc(&res->body, ']');
	free(opens);
	free(xs);
}

/* ---- Bybit V5 kline ---- */

/* A Bybit error envelope, with HTTP 200 as Bybit sends it. */
static void bybit_error(struct fake *f, struct response *res, int code, const char *msg)
{
	res->status = 200;
	buf_reset(&res->body);
	buf_printf(&res->body, "{\"retCode\":%d,\"retMsg\":", code);
	jw_strval(&res->body, msg, strlen(msg));
	buf_printf(&res->body, ",\"result\":{},\"retExtInfo\":{},\"time\":%lld}", (long long)fake_now(f));
}

/* Bybit's interval names: 1 3 5 15 30 60 120 240 360 720 D W M. */
static const struct interval *bybit_interval(const char *name)
{
	static const char *const names[][2] = {
		{ "1", "1m" }, { "3", "3m" }, { "5", "5m" }, { "15", "15m" }, { "30", "30m" },
		{ "60", "1h" }, { "120", "2h" }, { "240", "4h" }, { "360", "6h" }, { "720", "12h" },
		{ "D", "1d" }, { "W", "1w" }, { "M", "1M" }
	};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(names[i][0], name))
			return interval_find(names[i][1]);
	return NULL;
}

/* GET /bybit/v5/market/kline: the newest limit candles (default 200, at
 * most 1000) of [start, end], newest first, every field a string. */
static void serve_bybit_kline(struct fake *f, const struct endpoint *ep, const struct params *p,
			      struct response *res)
{
	const char *cat = param(p, "category"), *name = param(p, "symbol");
	const char *ivname = param(p, "interval");
	const struct symbol *s;
	const struct interval *iv;
	int64_t start = 0, end = 0, lim = 0, *opens;
	int has_start = 0, has_end = 0, spot;
	long limit = 200, n;
	struct ohlcv *xs;

	(void)ep;
	if (!cat || (strcmp(cat, "linear") && strcmp(cat, "spot"))) {
		bybit_error(f, res, 10001, "params error: category invalid");
		return;
	}
	spot = !strcmp(cat, "spot");
	s = name ? market_find(&f->market, name, spot) : NULL;
	if (!s) {
		bybit_error(f, res, 10001, "params error: symbol invalid");
		return;
	}
	iv = ivname ? bybit_interval(ivname) : NULL;
	if (!iv) {
		bybit_error(f, res, 10001, "params error: interval invalid");
		return;
	}
	if ((param(p, "start") && parse_uint(param(p, "start"), &start)) ||
	    (param(p, "end") && parse_uint(param(p, "end"), &end)) ||
	    (param(p, "limit") && (parse_uint(param(p, "limit"), &lim) || lim < 1))) {
		bybit_error(f, res, 10001, "params error: start, end or limit invalid");
		return;
	}
	has_start = param(p, "start") != NULL;
	has_end = param(p, "end") != NULL;
	if (param(p, "limit"))
		limit = lim > 1000 ? 1000 : (long)lim;
	start = start > TIME_MAX_MS ? TIME_MAX_MS : start;
	end = end > TIME_MAX_MS ? TIME_MAX_MS : end;
	opens = xmalloc((size_t)limit * sizeof *opens);
	xs = xmalloc((size_t)limit * sizeof *xs);
	n = collect(f, s, iv, has_start, start, has_end, end, limit, 0, opens, xs);
	buf_printf(&res->body, "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":\"%s\","
			 "\"symbol\":\"%s\",\"list\":[", cat, spot ? s->spot : s->name);
	for (long i = n - 1; i >= 0; i--) {
		char o[64], h[64], l[64], c[64], v[64], q[64];
		const struct ohlcv *x = &xs[i];

		buf_printf(&res->body, "%s[\"%lld\",\"%s\",\"%s\",\"%s\",\"%s\",\"%s\",\"%s\"]",
		     i == n - 1 ? "" : ",", (long long)opens[i], fixed(o, x->open, s->pd),
		     fixed(h, x->high, s->pd), fixed(l, x->low, s->pd), fixed(c, x->close, s->pd),
		     fixed(v, x->volume, s->vd), fixed(q, x->quote, s->qd));
	}
	buf_printf(&res->body, "]},\"retExtInfo\":{},\"time\":%lld}", (long long)fake_now(f));
	free(opens);
	free(xs);
}

/* GET /bybit/v5/market/instruments-info: every symbol of category linear
 * (futures) or spot, as Bybit V5 lists them: statuses Trading or
 * Delivering, contract types LinearPerpetual or LinearFutures; the
 * filters as decimal strings (one page: cursors are not served). */
static void serve_bybit_info(struct fake *f, const struct endpoint *ep, const struct params *p,
			     struct response *res)
{
	const char *cat = param(p, "category");
	struct buf *b = &res->body;
	int spot, first = 1;

	(void)ep;
	if (!cat || (strcmp(cat, "linear") && strcmp(cat, "spot"))) {
		bybit_error(f, res, 10001, "params error: category invalid");
		return;
	}
	spot = !strcmp(cat, "spot");
	buf_printf(b, "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":\"%s\",\"list\":[", cat);
	for (size_t i = 0; i < f->market.n; i++) {
		const struct symbol *s = &f->market.sym[i];
		char tick[64], qty[64];
		int trading = !strcmp(s->status, "TRADING");

		if (spot && !s->spot[0])
			continue;
		fixed(tick, pow(10, -s->pd), s->pd);
		fixed(qty, pow(10, -s->vd), s->vd);
		buf_adds(b, first ? "" : ",");
		first = 0;
		if (spot) {
			size_t blen = strlen(s->spot) - strlen(s->quote);

			buf_printf(b, "{\"symbol\":\"%s\",\"baseCoin\":\"%.*s\",\"quoteCoin\":\"%s\","
				"\"innovation\":\"0\",\"status\":\"Trading\",\"marginTrading\":\"none\","
				"\"lotSizeFilter\":{\"basePrecision\":\"%s\",\"quotePrecision\":\"0.00000001\","
				"\"minOrderQty\":\"%s\",\"maxOrderQty\":\"9000000\",\"minOrderAmt\":\"1\","
				"\"maxOrderAmt\":\"2000000\"},\"priceFilter\":{\"tickSize\":\"%s\"}}",
			     s->spot, (int)blen, s->spot, s->quote, qty, qty, tick);
			continue;
		}
		buf_printf(b, "{\"symbol\":\"%s\",\"contractType\":\"%s\",\"status\":\"%s\","
			"\"baseCoin\":\"%s\",\"quoteCoin\":\"%s\",\"launchTime\":\"%lld\","
			"\"deliveryTime\":\"%lld\",\"priceScale\":\"%d\",\"leverageFilter\":"
			"{\"minLeverage\":\"1\",\"maxLeverage\":\"100.00\",\"leverageStep\":\"0.01\"},"
			"\"priceFilter\":{\"minPrice\":\"%s\",\"maxPrice\":\"1000000\",\"tickSize\":\"%s\"},"
			"\"lotSizeFilter\":{\"maxOrderQty\":\"1000000\",\"minOrderQty\":\"%s\","
			"\"qtyStep\":\"%s\",\"postOnlyMaxOrderQty\":\"1000000\",\"maxMktOrderQty\":"
			"\"100000\",\"minNotionalValue\":\"5\"},\"settleCoin\":\"%s\"}",
		     s->name, !strcmp(s->contract, "PERPETUAL") ? "LinearPerpetual" : "LinearFutures",
		     trading ? "Trading" : "Delivering", s->base, s->quote, (long long)s->start,
		     (long long)s->delivery, s->pd, tick, tick, qty, qty, s->quote);
	}
	buf_printf(b, "],\"nextPageCursor\":\"\"},\"retExtInfo\":{},\"time\":%lld}", (long long)fake_now(f));
}

/* ---- exchangeInfo ---- */

static long w_info_futures(const struct params *p)
{
	(void)p;
	return 1;
}

static long w_info_spot(const struct params *p)
{
	(void)p;
	return 20;
}

/* 10^-d as Binance writes a step: "0.001", "1"; spot pads to 8 decimals. */
static const char *step(char *dst, int d, int spot)
{
	return fixed(dst, pow(10, -d), spot ? 8 : d);
}

static void info_futures_symbol(struct buf *b, const struct symbol *s)
{
	char tick[64], qty[64];

	step(tick, s->pd, 0);
	step(qty, s->vd, 0);
	buf_printf(b, "{\"symbol\":\"%s\",\"pair\":\"%s\",\"contractType\":\"%s\",\"deliveryDate\":%lld,"
		"\"onboardDate\":%lld,\"status\":\"%s\",\"maintMarginPercent\":\"2.5000\","
		"\"requiredMarginPercent\":\"5.0000\",\"baseAsset\":\"%s\",\"quoteAsset\":\"%s\","
		"\"marginAsset\":\"%s\",\"pricePrecision\":%d,\"quantityPrecision\":%d,"
		"\"baseAssetPrecision\":8,\"quotePrecision\":8,\"underlyingType\":\"COIN\","
		"\"underlyingSubType\":[],\"settlePlan\":0,\"triggerProtect\":\"0.0500\","
		"\"liquidationFee\":\"0.012500\",\"marketTakeBound\":\"0.05\",\"maxMoveOrderLimit\":10000,",
	     s->name, s->pair, s->contract, (long long)s->delivery, (long long)s->start, s->status,
	     s->base, s->quote, s->quote, s->pd, s->vd);
	buf_printf(b, "\"filters\":[{\"filterType\":\"PRICE_FILTER\",\"minPrice\":\"%s\",\"maxPrice\":\"1000000\","
		"\"tickSize\":\"%s\"},{\"filterType\":\"LOT_SIZE\",\"minQty\":\"%s\",\"maxQty\":\"1000000\","
		"\"stepSize\":\"%s\"},{\"filterType\":\"MARKET_LOT_SIZE\",\"minQty\":\"%s\","
		"\"maxQty\":\"100000\",\"stepSize\":\"%s\"},{\"filterType\":\"MAX_NUM_ORDERS\",\"limit\":200},"
		"{\"filterType\":\"MAX_NUM_ALGO_ORDERS\",\"limit\":10},{\"filterType\":\"MIN_NOTIONAL\","
		"\"notional\":\"5\"},{\"filterType\":\"PERCENT_PRICE\",\"multiplierUp\":\"1.0500\","
		"\"multiplierDown\":\"0.9500\",\"multiplierDecimal\":\"4\"}],",
	     tick, tick, qty, qty, qty, qty);
	buf_adds(b, "\"orderTypes\":[\"LIMIT\",\"MARKET\",\"STOP\",\"STOP_MARKET\",\"TAKE_PROFIT\","
		    "\"TAKE_PROFIT_MARKET\",\"TRAILING_STOP_MARKET\"],"
		    "\"timeInForce\":[\"GTC\",\"IOC\",\"FOK\",\"GTX\",\"GTD\"]}");
}

static void info_spot_symbol(struct buf *b, const struct symbol *s)
{
	char tick[64], qty[64];
	size_t blen = strlen(s->spot) - strlen(s->quote);

	step(tick, s->pd, 1);
	step(qty, s->vd, 1);
	buf_printf(b, "{\"symbol\":\"%s\",\"status\":\"TRADING\",\"baseAsset\":\"%.*s\",\"baseAssetPrecision\":8,"
		"\"quoteAsset\":\"%s\",\"quotePrecision\":8,\"quoteAssetPrecision\":8,"
		"\"baseCommissionPrecision\":8,\"quoteCommissionPrecision\":8,",
	     s->spot, (int)blen, s->spot, s->quote);
	buf_adds(b, "\"orderTypes\":[\"LIMIT\",\"LIMIT_MAKER\",\"MARKET\",\"STOP_LOSS_LIMIT\","
		    "\"TAKE_PROFIT_LIMIT\"],\"icebergAllowed\":true,\"ocoAllowed\":true,\"otoAllowed\":true,"
		    "\"quoteOrderQtyMarketAllowed\":true,\"allowTrailingStop\":true,"
		    "\"cancelReplaceAllowed\":true,\"isSpotTradingAllowed\":true,"
		    "\"isMarginTradingAllowed\":false,");
	buf_printf(b, "\"filters\":[{\"filterType\":\"PRICE_FILTER\",\"minPrice\":\"%s\","
		"\"maxPrice\":\"1000000.00000000\",\"tickSize\":\"%s\"},{\"filterType\":\"LOT_SIZE\","
		"\"minQty\":\"%s\",\"maxQty\":\"9000000.00000000\",\"stepSize\":\"%s\"},"
		"{\"filterType\":\"NOTIONAL\",\"minNotional\":\"5.00000000\",\"applyMinToMarket\":true,"
		"\"maxNotional\":\"9000000.00000000\",\"applyMaxToMarket\":false,\"avgPriceMins\":5},"
		"{\"filterType\":\"MARKET_LOT_SIZE\",\"minQty\":\"0.00000000\",\"maxQty\":\"100000.00000000\","
		"\"stepSize\":\"0.00000000\"},{\"filterType\":\"MAX_NUM_ORDERS\",\"maxNumOrders\":200}],",
	     tick, tick, qty, qty);
	buf_adds(b, "\"permissions\":[],\"permissionSets\":[[\"SPOT\"]],"
		    "\"defaultSelfTradePreventionMode\":\"EXPIRE_MAKER\","
		    "\"allowedSelfTradePreventionModes\":[\"NONE\",\"EXPIRE_TAKER\",\"EXPIRE_MAKER\","
		    "\"EXPIRE_BOTH\"]}");
}

/* The spot symbols named by symbol=X or symbols=["X","Y"]: marks sel[i].
 * Returns the count, 0 for "all", -1 after an error response. */
static int spot_selection(struct fake *f, const struct params *p, char *sel, struct response *res)
{
	const char *one = param(p, "symbol"), *many = param(p, "symbols");
	char name[SYM_MAX];
	int count = 0;

	if (one && many) {
		api_error(res, 400, -1128, "Combination of optional parameters invalid.");
		return -1;
	}
	if (!one && !many)
		return 0;
	for (const char *q = one ? one : many; *q;) {
		const struct symbol *s = NULL;
		size_t n;

		q += strspn(q, "[]\", ");
		n = strcspn(q, "[]\", ");
		if (!n)
			break;
		if (n < SYM_MAX) {
			memcpy(name, q, n);
			name[n] = '\0';
			s = market_find(&f->market, name, 1);
		}
		if (!s) {
			api_error(res, 400, -1121, "Invalid symbol.");
			return -1;
		}
		sel[s - f->market.sym] = 1;
		count++;
		q += n;
	}
	if (!count)
		api_error(res, 400, -1121, "Invalid symbol.");
	return count ? count : -1;
}

static void serve_info(struct fake *f, const struct endpoint *ep, const struct params *p,
		       struct response *res)
{
	struct buf *b = &res->body;
	struct market *m = &f->market;
	char *sel = xcalloc(m->n ? m->n : 1, 1);
	int count = ep->spot ? spot_selection(f, p, sel, res) : 0, first = 1;

	if (count < 0) {
		free(sel);
		return;
	}
	buf_printf(b, "{\"timezone\":\"UTC\",\"serverTime\":%lld,", (long long)fake_now(f));
	if (ep->spot)
		buf_printf(b, "\"rateLimits\":[{\"rateLimitType\":\"REQUEST_WEIGHT\",\"interval\":\"MINUTE\","
			"\"intervalNum\":1,\"limit\":%ld},{\"rateLimitType\":\"ORDERS\",\"interval\":\"SECOND\","
			"\"intervalNum\":10,\"limit\":100},{\"rateLimitType\":\"ORDERS\",\"interval\":\"DAY\","
			"\"intervalNum\":1,\"limit\":200000},{\"rateLimitType\":\"RAW_REQUESTS\","
			"\"interval\":\"MINUTE\",\"intervalNum\":5,\"limit\":61000}],\"exchangeFilters\":[],"
			"\"symbols\":[",
		     f->spot.limit);
	else
		buf_printf(b, "\"futuresType\":\"U_MARGINED\",\"rateLimits\":[{\"rateLimitType\":\"REQUEST_WEIGHT\","
			"\"interval\":\"MINUTE\",\"intervalNum\":1,\"limit\":%ld},{\"rateLimitType\":\"ORDERS\","
			"\"interval\":\"MINUTE\",\"intervalNum\":1,\"limit\":1200},{\"rateLimitType\":\"ORDERS\","
			"\"interval\":\"SECOND\",\"intervalNum\":10,\"limit\":300}],\"exchangeFilters\":[],"
			"\"assets\":[{\"asset\":\"USDT\",\"marginAvailable\":true,\"autoAssetExchange\":\"-10000\"},"
			"{\"asset\":\"BUSD\",\"marginAvailable\":true,\"autoAssetExchange\":\"-10000\"}],"
			"\"symbols\":[",
		     f->fut.limit);
	for (size_t i = 0; i < m->n; i++) {
		if (ep->spot && (!m->sym[i].spot[0] || (count && !sel[i])))
			continue;
		if (!first)
			buf_addc(b, ',');
		first = 0;
		if (ep->spot)
			info_spot_symbol(b, &m->sym[i]);
		else
			info_futures_symbol(b, &m->sym[i]);
	}
	buf_adds(b, "]}");
	free(sel);
}

/* ---- ticker/24hr ---- */

static long w_ticker_futures(const struct params *p)
{
	return param(p, "symbol") ? 1 : 40;
}

static long w_ticker_spot(const struct params *p)
{
	return param(p, "symbol") ? 2 : 80;
}

static void ticker(struct buf *b, const struct fake *f, const struct endpoint *ep, const struct symbol *s)
{
	int64_t now = fake_now(f), t1 = now < s->end ? now : s->end, t0 = t1 - MS_PER_DAY;
	struct ohlcv x = { 0 };
	long long count, last_id;
	double qty, tick = pow(10, -s->pd);
	int pd = s->pd, qd = s->qd;

	if (!sym_range(s, t0, t1, &x))
		x = (struct ohlcv){ 0 };
	count = llround(x.trades);
	last_id = count ? (long long)((t1 - s->start) / 1000) + count : -1;
	qty = count ? x.volume / (double)count : 0;
	qty = fmax(round(qty * pow(10, s->vd)) / pow(10, s->vd), count ? pow(10, -s->vd) : 0);
	buf_printf(b, "{\"symbol\":\"%s\"", sym_name(s, ep));
	jstr_num(b, "priceChange", x.close - x.open, pd);
	jstr_num(b, "priceChangePercent", x.open > 0 ? (x.close / x.open - 1) * 100 : 0, 3);
	jstr_num(b, "weightedAvgPrice", x.volume > 0 ? x.quote / x.volume : x.close, pd + 2 > 8 ? 8 : pd + 2);
	if (ep->spot)
		jstr_num(b, "prevClosePrice", x.open, pd);
	jstr_num(b, "lastPrice", x.close, pd);
	jstr_num(b, "lastQty", qty, s->vd);
	if (ep->spot) {
		jstr_num(b, "bidPrice", x.close > tick ? x.close - tick : x.close, pd);
		jstr_num(b, "bidQty", qty * 3, s->vd);
		jstr_num(b, "askPrice", x.close + tick, pd);
		jstr_num(b, "askQty", qty * 2, s->vd);
	}
	jstr_num(b, "openPrice", x.open, pd);
	jstr_num(b, "highPrice", x.high, pd);
	jstr_num(b, "lowPrice", x.low, pd);
	jstr_num(b, "volume", x.volume, s->vd);
	jstr_num(b, "quoteVolume", x.quote, qd);
	buf_printf(b, ",\"openTime\":%lld,\"closeTime\":%lld,\"firstId\":%lld,\"lastId\":%lld,\"count\":%lld}",
	     (long long)t0, (long long)t1, count ? last_id - count + 1 : -1LL, last_id, count);
}

static void serve_ticker(struct fake *f, const struct endpoint *ep, const struct params *p,
			 struct response *res)
{
	const struct market *m = &f->market;
	int first = 1;

	if (param(p, "symbol")) {
		const struct symbol *s = get_symbol(f, ep, p, res);

		if (s)
			ticker(&res->body, f, ep, s);
		return;
	}
	buf_addc(&res->body, '[');
	for (size_t i = 0; i < m->n; i++) {
		if (ep->spot && !m->sym[i].spot[0])
			continue;
		if (!first)
			buf_addc(&res->body, ',');
		first = 0;
		ticker(&res->body, f, ep, &m->sym[i]);
	}
	buf_addc(&res->body, ']');
}

/* ---- openInterestHist ---- */

static long w_zero(const struct params *p)
{
	(void)p;
	return 0;
}

static int64_t period_ms(const char *s)
{
	static const char *const names[] = { "5m", "15m", "30m", "1h", "2h", "4h", "6h", "12h", "1d" };

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(s, names[i]))
			return interval_find(s)->ms;
	return 0;
}

static void serve_oi(struct fake *f, const struct endpoint *ep, const struct params *p,
		     struct response *res)
{
	const struct symbol *s;
	const char *pname;
	int64_t now = fake_now(f), start, end, lo, hi, period, first, last;
	int has_start, has_end, n = 0;
	long limit;

	if (!param(p, "symbol")) {
		api_missing(res, "symbol");
		return;
	}
	pname = param(p, "period");
	if (!pname) {
		api_missing(res, "period");
		return;
	}
	s = get_symbol(f, ep, p, res);
	if (!s)
		return;
	period = period_ms(pname);
	if (!period) {
		invalid(res, "period");
		return;
	}
	if (opt_int(p, "startTime", &start, &has_start, res) || opt_int(p, "endTime", &end, &has_end, res) ||
	    get_limit(p, 30, 500, &limit, res))
		return;
	if (has_start && start < now - OI_HISTORY_MS) {
		api_error(res, 400, -1130, "parameter 'startTime' is invalid.");
		return;
	}
	if (has_start && has_end && start > end) {
		api_error(res, 400, -1023, "Start time is greater than end time.");
		return;
	}
	lo = now - OI_HISTORY_MS;
	lo = has_start && start > lo ? start : lo;
	lo = s->start > lo ? s->start : lo;
	hi = has_end && end < now ? end : now;
	hi = s->end - 1 < hi ? s->end - 1 : hi;
	/* the newest limit points of the period grid inside [lo, hi] */
	first = (lo + period - 1) / period * period;
	last = hi / period * period;
	if (last - first >= limit * period)
		first = last - (limit - 1) * period;
	buf_addc(&res->body, '[');
	for (int64_t t = first; t <= last && lo <= hi; t += period) {
		char a[64], v[64], c[64];
		double price, oi = sym_open_interest(s, t);

		if (!sym_price_at(s, t, &price))
			continue;
		buf_printf(&res->body, "%s{\"symbol\":\"%s\",\"sumOpenInterest\":\"%s\",\"sumOpenInterestValue\":\"%s\","
				 "\"CMCCirculatingSupply\":\"%s\",\"timestamp\":%lld}",
		     n++ ? "," : "", s->name, fixed(a, oi, 8), fixed(v, oi * price, 8),
		     fixed(c, s->oi0 * 40, 3), (long long)(t + f->shift_ms));
	}
	buf_addc(&res->body, ']');
}

/* ---- fundingRate ---- */

#define FUNDING_MS (8 * 3600 * 1000LL)
#define FUNDING_MARK_FROM 1672531200000LL  /* 2023-01-01: older rows have markPrice "" */

/* GET /fapi/v1/fundingRate: a funding every 8 hours (00:00, 08:00, 16:00
 * UTC) while the symbol has candles, up to now: fundingRate 0.00001 * (k %
 * 21 - 5) for the k-th 8 hours since 1970 (-0.00005 .. 0.00015), markPrice
 * the price at that time ("" before 2023). limit default 100, max 1000;
 * with startTime the oldest rows from it, else the newest up to endTime (or
 * now), ascending. */
static void serve_funding(struct fake *f, const struct endpoint *ep, const struct params *p,
			  struct response *res)
{
	const struct symbol *s;
	int64_t now = fake_now(f), start, end, lo, hi, first, last;
	int has_start, has_end, n = 0;
	long limit;

	if (!param(p, "symbol")) {
		api_missing(res, "symbol");
		return;
	}
	s = get_symbol(f, ep, p, res);
	if (!s)
		return;
	if (opt_int(p, "startTime", &start, &has_start, res) || opt_int(p, "endTime", &end, &has_end, res) ||
	    get_limit(p, 100, 1000, &limit, res))
		return;
	if (has_start && has_end && start > end) {
		api_error(res, 400, -1023, "Start time is greater than end time.");
		return;
	}
	lo = has_start && start > s->start ? start : s->start;
	hi = has_end && end < now ? end : now;
	hi = s->end - 1 < hi ? s->end - 1 : hi;
	first = (lo + FUNDING_MS - 1) / FUNDING_MS * FUNDING_MS;
	last = hi / FUNDING_MS * FUNDING_MS;
	if (last - first >= limit * FUNDING_MS) {
		if (has_start)
			last = first + (limit - 1) * FUNDING_MS;
		else
			first = last - (limit - 1) * FUNDING_MS;
	}
	buf_addc(&res->body, '[');
	for (int64_t t = first; t <= last && lo <= hi; t += FUNDING_MS) {
		char r[64], m[64];
		double price;

		if (!sym_price_at(s, t, &price))
			continue;
		buf_printf(&res->body, "%s{\"symbol\":\"%s\",\"fundingTime\":%lld,\"fundingRate\":\"%s\","
				 "\"markPrice\":\"%s\"}",
		     n++ ? "," : "", s->name, (long long)(t + f->shift_ms),
		     fixed(r, 0.00001 * (double)((t / FUNDING_MS) % 21 - 5), 8),
		     t < FUNDING_MARK_FROM ? "" : fixed(m, price, 8));
	}
	buf_addc(&res->body, ']');
}

/* ---- ping, time ---- */

static long w_one(const struct params *p)
{
	(void)p;
	return 1;
}

static void serve_ping(struct fake *f, const struct endpoint *ep, const struct params *p,
		       struct response *res)
{
	(void)f, (void)ep, (void)p;
	buf_adds(&res->body, "{}");
}

static void serve_time(struct fake *f, const struct endpoint *ep, const struct params *p,
		       struct response *res)
{
	(void)ep, (void)p;
	buf_printf(&res->body, "{\"serverTime\":%lld}", (long long)fake_now(f));
}

static const struct endpoint endpoints[] = {
	{ "/fapi/v1/klines", 0, 0, w_klines_futures, serve_klines, NULL, 0 },
	{ "/api/v3/klines", 1, 0, w_klines_spot, serve_klines, NULL, 0 },
	{ "/bybit/v5/market/kline", 0, 1, w_one, serve_bybit_kline, NULL, 0 },
	{ "/mexc/api/v3/klines", 1, 1, w_one, serve_klines, NULL, 0 },
	{ "/bybit/v5/market/instruments-info", 0, 1, w_one, serve_bybit_info, NULL, 0 },
	{ "/fapi/v1/exchangeInfo", 0, 0, w_info_futures, serve_info, NULL, 0 },
	{ "/api/v3/exchangeInfo", 1, 0, w_info_spot, serve_info, NULL, 0 },
	{ "/fapi/v1/ticker/24hr", 0, 0, w_ticker_futures, serve_ticker, NULL, 0 },
	{ "/api/v3/ticker/24hr", 1, 0, w_ticker_spot, serve_ticker, NULL, 0 },
	{ "/futures/data/openInterestHist", 0, 0, w_zero, serve_oi, NULL, 0 },
	{ "/fapi/v1/fundingRate", 0, 0, w_one, serve_funding, NULL, 0 },
	{ "/fapi/v1/ping", 0, 0, w_one, serve_ping, NULL, 0 },
	{ "/api/v3/ping", 1, 0, w_one, serve_ping, NULL, 0 },
	{ "/fapi/v1/time", 0, 0, w_one, serve_time, NULL, 0 },
	{ "/api/v3/time", 1, 0, w_one, serve_time, NULL, 0 },
};

const struct endpoint *api_find(const char *path)
{
	for (size_t i = 0; i < sizeof endpoints / sizeof endpoints[0]; i++)
		if (!strcmp(endpoints[i].path, path))
			return &endpoints[i];
	return trade_find(path);
}
