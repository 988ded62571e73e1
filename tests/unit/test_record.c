/* Unit tests for lib/record.h, the one table-driven record reader: a record
 * type that is only a table, the rules every type shares (member order,
 * whitespace, escapes, null as absent, unknown members, messages), the oi,
 * signal and symbol tables, layout independence of candles, and
 * pct_change of pct.h. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "candle.h"
#include "json.h"
#include "num.h"
#include "pct.h"
#include "oi.h"
#include "record.h"
#include "signalrec.h"
#include "symbolinfo.h"
#include "unit.h"

/* A record type made of a table alone, as order, trade or fill will be. */
struct order {
	char exchange[32];
	char symbol[32];
	char note[8];
	const struct interval *interval;
	int64_t time;
	double price, qty;
	int reduce_only;
	unsigned has;
};

enum { ORDER_QTY = 1 };

#define AT(f) offsetof(struct order, f)
#define CAP(f) sizeof(((struct order *)0)->f)
static const struct rec_member order_members[] = {
	{ .name = "exchange", .kind = RK_NAME, .off = AT(exchange), .cap = CAP(exchange),
	  .def_str = "binance" },
	{ .name = "symbol", .kind = RK_SYMBOL, .flags = REC_REQUIRED, .off = AT(symbol),
	  .cap = CAP(symbol) },
	{ .name = "note", .kind = RK_STRING, .off = AT(note), .cap = CAP(note) },
	{ .name = "interval", .kind = RK_INTERVAL, .off = AT(interval) },
	{ .name = "time", .kind = RK_INT, .flags = REC_REQUIRED | REC_NONNEG, .off = AT(time) },
	{ .name = "price", .kind = RK_NUMBER, .flags = REC_REQUIRED | REC_NONNEG, .off = AT(price) },
	{ .name = "qty", .kind = RK_NUMBER, .off = AT(qty), .has_off = AT(has),
	  .has_bit = ORDER_QTY },
	{ .name = "reduce_only", .kind = RK_BOOL, .off = AT(reduce_only), .has_def = 1,
	  .def_num = 1 },
};
static struct rec_type order_type = { "order", sizeof(struct order), order_members,
				      (int)(sizeof order_members / sizeof order_members[0]),
				      NULL, { 0 } };

static char err[256];
static struct order o;

/* rec_parse of an exact-size heap copy (overreads show under ASan). */
static int parse_order(const char *line)
{
	size_t n = strlen(line);
	char *t = malloc(n ? n : 1);
	int r;

	if (!t)
		abort();
	memcpy(t, line, n);
	memset(err, 'x', sizeof err);
	r = rec_parse(&order_type, &o, t, n, err, sizeof err);
	free(t);
	return r;
}

#define OK(line) CHECKF(parse_order(line) == REC_OK, "%s: %s", line, err)
#define BAD(line, msg)                                                   \
	do {                                                             \
		CHECKF(parse_order(line) == REC_BAD, "%s", line);        \
		CHECK_STR(err, msg);                                     \
	} while (0)

static void test_table_only_type(void)
{
	OK("{\"type\":\"order\",\"symbol\":\"BTCUSDT\",\"time\":5,\"price\":1.5}");
	CHECK_STR(o.exchange, "binance");
	CHECK_STR(o.symbol, "BTCUSDT");
	CHECK_STR(o.note, "");
	CHECK(o.interval == NULL);
	CHECK_INT(o.time, 5);
	CHECK_NUM(o.price, 1.5);
	CHECK_INT(o.has, 0);
	CHECK_INT(o.reduce_only, 1);

	/* Any order, any whitespace, escapes, unknown members of any shape. */
	OK(" {\t\"reduce_only\" : false ,\r\n \"x\": {\"a\": [1, {\"b\": null}]}, \"pr\\u0069ce\": 2e3,"
	   " \"qty\": 0.25, \"time\": 7.0, \"symbol\": \"ETH\\/USDT\", \"interval\": \"1\\u0068\","
	   " \"note\": \"a\\nb\", \"exchange\": \"okx\", \"z\": true } ");
	CHECK_STR(o.exchange, "okx");
	CHECK_STR(o.symbol, "ETH/USDT");
	CHECK_STR(o.note, "a\nb");
	CHECK(o.interval && !strcmp(o.interval->name, "1h"));
	CHECK_INT(o.time, 7);
	CHECK_NUM(o.price, 2000);
	CHECK_NUM(o.qty, 0.25);
	CHECK_INT(o.has, ORDER_QTY);
	CHECK_INT(o.reduce_only, 0);

	/* null is absent for every optional member: the default applies. */
	OK("{\"exchange\":null,\"symbol\":\"X\",\"note\":null,\"interval\":null,\"time\":0,"
	   "\"price\":0,\"qty\":null,\"reduce_only\":null}");
	CHECK_STR(o.exchange, "binance");
	CHECK_INT(o.has, 0);
	CHECK_INT(o.reduce_only, 1);
	/* Given twice: the last one counts, null included. */
	OK("{\"symbol\":\"X\",\"time\":1,\"price\":1,\"qty\":3,\"qty\":null,\"time\":2}");
	CHECK_INT(o.has, 0);
	CHECK_INT(o.time, 2);
	OK("{\"symbol\":\"X\",\"time\":1,\"price\":1,\"qty\":null,\"qty\":4}");
	CHECK_INT(o.has, ORDER_QTY);
	CHECK_NUM(o.qty, 4);

	/* Messages. */
	BAD("{\"time\":1,\"price\":1}", "order: 'symbol' is missing");
	BAD("{\"symbol\":\"X\",\"price\":1}", "order: 'time' is missing");
	BAD("{\"symbol\":null,\"time\":1,\"price\":1}", "order: 'symbol' is not a string");
	BAD("{\"symbol\":\"X\",\"time\":null,\"price\":1}", "order: 'time' is not a number");
	BAD("{\"symbol\":\"X\",\"time\":1.5,\"price\":1}", "order: 'time' is not an integer");
	BAD("{\"symbol\":\"X\",\"time\":-1,\"price\":1}", "order: 'time' is negative");
	BAD("{\"symbol\":\"X\",\"time\":1,\"price\":-0.5}", "order: 'price' is negative");
	BAD("{\"symbol\":\"X\",\"time\":1,\"price\":\"1\"}", "order: 'price' is not a number");
	BAD("{\"symbol\":\"X\",\"time\":1,\"price\":1,\"note\":\"12345678\"}",
	    "order: 'note' is longer than 7 bytes");
	BAD("{\"symbol\":\"X\",\"time\":1,\"price\":1,\"exchange\":\"O K\"}",
	    "order: 'exchange' \"O K\" has characters other than a-z 0-9 _ -");
	BAD("{\"symbol\":\"X\",\"time\":1,\"price\":1,\"interval\":\"2m\"}",
	    "order: 'interval' \"2m\" is not one of 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d "
	    "1w 1M");
	BAD("{\"symbol\":\"X\",\"time\":1,\"price\":1,\"reduce_only\":0}",
	    "order: 'reduce_only' is not true or false");
	BAD("{\"type\":7,\"symbol\":\"X\",\"time\":1,\"price\":1}", "record: 'type' is not a string");
	/* The first problem is the one reported. */
	BAD("{\"price\":-1,\"time\":-1}", "order: 'price' is negative");
	/* Invalid JSON wins, with its column. */
	BAD("{\"price\":-1,\"time\":01}", "invalid JSON at column 20: bad number");
	BAD("{\"symbol\":\"X\" \"time\":1}", "invalid JSON at column 15: ',' or '}' expected");
	BAD("{\"symbol\":\"X\",}", "invalid JSON at column 15: member name expected");
	BAD("{\"symbol\" 1}", "invalid JSON at column 11: ':' expected");
	BAD("{} {}", "invalid JSON at column 4: text after the end of the object");
	BAD("", "invalid JSON at column 1: a record must be a JSON object");
	BAD("{\"type\":\"trade\",\"a\":tru}", "invalid JSON at column 21: value expected");

	/* Another type: REC_OTHER, whatever else the line holds. */
	CHECK_INT(parse_order("{\"price\":-1,\"type\":\"trade\"}"), REC_OTHER);
	CHECK_INT(parse_order("{\"type\":\"ord\\u0065r\",\"symbol\":\"X\",\"time\":1,\"price\":1}"),
		  REC_OK);

	/* Lookups, escapes resolved. */
	CHECK_INT(rec_member_of(&order_type, "price", 5, 0), 5);
	CHECK_INT(rec_member_of(&order_type, "pric\\u0065", 10, 1), 5);
	CHECK_INT(rec_member_of(&order_type, "type", 4, 0), order_type.n);
	CHECK_INT(rec_member_of(&order_type, "pricey", 6, 0), -1);
	CHECK_INT(rec_member_of(&order_type, "", 0, 0), -1);
}

static void test_oi_signal_symbol(void)
{
	struct oi oi;
	struct signal_in g;
	struct symbol_info si, back;
	struct buf b = BUF_INIT;
	const char *line;

	/* null exchange: absent, binance (an oi record rejected it before). */
	line = "{\"type\":\"oi\",\"exchange\":null,\"symbol\":\"BTCUSDT\",\"period\":null,"
	       "\"time\":5,\"open_interest\":2,\"open_interest_value\":null}";
	CHECK_INT(oi_parse(&oi, line, strlen(line), err, sizeof err), REC_OK);
	CHECK_STR(oi.exchange, "binance");
	CHECK_STR(oi.period, "");
	CHECK_NUM(oi.open_interest_value, 0);
	line = "{\"type\":\"oi\",\"symbol\":\"BTCUSDT\",\"time\":5,\"open_interest\":-2}";
	CHECK_INT(oi_parse(&oi, line, strlen(line), err, sizeof err), REC_BAD);
	CHECK_STR(err, "oi: 'open_interest' is not a number of 0 or more");
	/* A period must be one of Binance's (issue 15: any string was taken). */
	line = "{\"type\":\"oi\",\"symbol\":\"BTCUSDT\",\"period\":\"7s\",\"time\":5,"
	       "\"open_interest\":2}";
	CHECK_INT(oi_parse(&oi, line, strlen(line), err, sizeof err), REC_BAD);
	CHECK_STR(err, "oi: 'period' \"7s\" is not one of 5m 15m 30m 1h 2h 4h 6h 12h 1d");
	CHECK_INT(oi_period_ok("12h"), 1);
	CHECK_INT(oi_period_ok("4H"), 0);

	line = "{\"type\":\"signal\",\"id\":\"binance:futures:X:4h:0\",\"exchange\":null,"
	       "\"symbol\":\"X\",\"interval\":\"4h\",\"open_time\":0,\"detected_at\":null,"
	       "\"price\":1,\"basis_pct\":null}";
	CHECK_INT(signal_parse(&g, line, strlen(line), err, sizeof err), REC_OK);
	CHECK_STR(g.exchange, "binance");
	CHECK_INT(g.detected_at, 14400000);
	CHECK_INT(g.strength, STRENGTH_NONE);
	CHECK_INT(g.cb_score_members, 1);
	line = "{\"type\":\"signal\",\"id\":\"a\",\"symbol\":\"X\",\"interval\":\"4h\","
	       "\"open_time\":-1,\"price\":1}";
	CHECK_INT(signal_parse(&g, line, strlen(line), err, sizeof err), REC_BAD);
	CHECK_STR(err, "signal: 'open_time' is not a time in epoch milliseconds");
	/* The id must name the signal's candle (issue 15: a foreign id took
	 * over another signal's row), and detection cannot precede the open. */
	line = "{\"type\":\"signal\",\"id\":\"a\",\"symbol\":\"X\",\"interval\":\"4h\","
	       "\"open_time\":0,\"price\":1}";
	CHECK_INT(signal_parse(&g, line, strlen(line), err, sizeof err), REC_BAD);
	CHECK_STR(err, "signal: 'id' is not exchange:market:symbol:interval:open_time "
		  "(binance:futures:X:4h:0)");
	line = "{\"type\":\"signal\",\"id\":\"binance:spot:X:1h:3600000:x\",\"market\":\"spot\","
	       "\"symbol\":\"X\",\"interval\":\"1h\",\"open_time\":3600000,\"price\":1}";
	CHECK_INT(signal_parse(&g, line, strlen(line), err, sizeof err), REC_BAD);
	CHECK_STR(err, "signal: 'id' is not exchange:market:symbol:interval:open_time "
		  "(binance:spot:X:1h:3600000)");
	line = "{\"type\":\"signal\",\"id\":\"binance:futures:X:4h:14400000\",\"symbol\":\"X\","
	       "\"interval\":\"4h\",\"open_time\":14400000,\"detected_at\":14399999,\"price\":1}";
	CHECK_INT(signal_parse(&g, line, strlen(line), err, sizeof err), REC_BAD);
	CHECK_STR(err, "signal: 'detected_at' 14399999 is before 'open_time' 14400000");

	/* The members cb-score writes, from the signal table. */
	{
		static const char *const scored[] = { "score", "confidence_level",
			"oi_change_pct", "spot_symbol", "spot_spike_ratio_7d", "has_spot_sync",
			"basis_pct", "confirmations", "missing" };
		static const char *const own[] = { "type", "id", "price", "strength",
			"spike_ratio_7d", "closed", "volume" };
		struct jfield f = { 0 };

		for (size_t i = 0; i < sizeof scored / sizeof scored[0]; i++) {
			f.key = scored[i];
			f.klen = strlen(scored[i]);
			CHECKF(signal_scored_member(&f) == 1, "%s", scored[i]);
		}
		for (size_t i = 0; i < sizeof own / sizeof own[0]; i++) {
			f.key = own[i];
			f.klen = strlen(own[i]);
			CHECKF(signal_scored_member(&f) == 0, "%s", own[i]);
		}
	}

	/* symbol: written and read back; null sizes are NaN. */
	memset(&si, 0, sizeof si);
	snprintf(si.exchange, sizeof si.exchange, "binance");
	snprintf(si.market, sizeof si.market, "spot");
	snprintf(si.symbol, sizeof si.symbol, "BTCUSDT");
	snprintf(si.status, sizeof si.status, "TRADING");
	snprintf(si.base_asset, sizeof si.base_asset, "BTC");
	snprintf(si.quote_asset, sizeof si.quote_asset, "USDT");
	si.tick_size = 0.01;
	si.step_size = 0.00001;
	si.min_qty = 0.00001;
	si.min_notional = NAN;
	symbol_write(&si, &b);
	CHECK_INT(symbol_parse(&back, b.p, b.len - 1, err, sizeof err), REC_OK);
	CHECK_STR(back.market, "spot");
	CHECK_STR(back.status, "TRADING");
	CHECK_STR(back.base_asset, "BTC");
	CHECK_STR(back.contract_type, "");
	CHECK_NUM(back.tick_size, 0.01);
	CHECK_NUM(back.step_size, 0.00001);
	CHECK_NUM(back.min_qty, 0.00001);
	CHECK(isnan(back.min_notional));
	CHECK_INT(back.onboard_date, 0);
	line = "{\"type\":\"symbol\",\"symbol\":\"X\",\"tick_size\":-0.1}";
	CHECK_INT(symbol_parse(&back, line, strlen(line), err, sizeof err), REC_BAD);
	CHECK_STR(err, "symbol: 'tick_size' is negative");
	line = "{\"type\":\"symbol\",\"exchange\":\"binance\"}";
	CHECK_INT(symbol_parse(&back, line, strlen(line), err, sizeof err), REC_BAD);
	CHECK_STR(err, "symbol: 'symbol' is missing");
	line = "{\"type\":\"candle\",\"symbol\":5}";
	CHECK_INT(symbol_parse(&back, line, strlen(line), err, sizeof err), REC_OTHER);
	buf_release(&b);
}

static uint64_t rng = 7;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Rewrite the flat record line[0..n) with its members in a random order
 * and Python's separators (", " and ": "), as bench/relayout does. */
static void shuffled(const char *line, size_t n, struct buf *out)
{
	struct jscan s;
	struct jfield f;
	const char *from[32], *to[32];
	int k = 0;

	jscan_init(&s, line, n);
	while (jscan_next(&s, &f) > 0 && k < 32) {
		from[k] = f.key - 1;
		to[k] = f.val + f.vlen + (f.type == JSON_STRING);
		k++;
	}
	for (int i = k - 1; i > 0; i--) {
		int j = (int)(next() % (uint64_t)(i + 1));
		const char *a = from[i], *b = to[i];

		from[i] = from[j];
		to[i] = to[j];
		from[j] = a;
		to[j] = b;
	}
	buf_reset(out);
	buf_addc(out, '{');
	for (int i = 0; i < k; i++) {
		const char *colon = memchr(from[i], ':', (size_t)(to[i] - from[i]));

		if (i)
			buf_add(out, ", ", 2);
		buf_add(out, from[i], (size_t)(colon - from[i]));
		buf_add(out, ": ", 2);
		buf_add(out, colon + 1, (size_t)(to[i] - colon - 1));
	}
	buf_addc(out, '}');
}

/* The same candles in cb's layout and shuffled give the same struct, byte
 * for byte (the reader clears it first). */
static void test_layouts_agree(void)
{
	static const char *const ivs[] = { "1m", "15m", "4h", "1d", "1w", "1M" };
	struct buf b = BUF_INIT, sh = BUF_INIT;
	long bad = 0;

	for (int i = 0; i < 3000; i++) {
		struct candle x, y, z;
		double v[8];

		for (int j = 0; j < 8; j++)
			v[j] = (double)(next() >> 11) * 0x1p-53 * (j % 3 == 0 ? 1e6 : 1e-2);
		memset(&x, 0, sizeof x);
		snprintf(x.exchange, sizeof x.exchange, "%s", i % 2 ? "binance" : "okx");
		snprintf(x.market, sizeof x.market, "%s", i % 3 ? "futures" : "spot");
		snprintf(x.symbol, sizeof x.symbol, "S%dUSDT", i);
		x.interval = interval_find(ivs[i % 6]);
		x.open_time = interval_open_time(x.interval, 1746057600000LL + (int64_t)i * 60000);
		x.close_time = interval_close_time(x.interval, x.open_time);
		x.low = v[0];
		x.open = v[0] + v[1];
		x.close = v[0] + v[2];
		x.high = v[0] + v[1] + v[2];
		x.high = x.high < x.open ? x.open : x.high < x.close ? x.close : x.high;
		x.volume = v[3];
		x.quote_volume = v[4];
		x.trades = (int64_t)(v[5] * 1000);
		x.taker_buy_volume = v[6];
		x.taker_buy_quote_volume = v[7];
		x.closed = i % 5 != 0;
		x.as_of = x.open_time + 1000;
		x.has = (unsigned)(next() & 31);
		if (x.closed)
			x.has &= ~(unsigned)CANDLE_AS_OF;
		buf_reset(&b);
		candle_write(&x, &b);
		shuffled(b.p, b.len - 1, &sh);
		if (candle_parse(&y, b.p, b.len - 1, err, sizeof err) != REC_OK ||
		    candle_parse(&z, sh.p, sh.len, err, sizeof err) != REC_OK ||
		    memcmp(&y, &z, sizeof y)) {
			if (bad++ < 3)
				printf("  layouts differ: %.*s\n", (int)sh.len, sh.p);
		}
	}
	CHECK_INT(bad, 0);
	buf_release(&b);
	buf_release(&sh);
}

static void test_pct_change(void)
{
	CHECK_NUM(pct_change(100, 107), 7);          /* divided first: 7.000000000000001 */
	CHECK_NUM(pct_change(100, 110), 10);
	CHECK_NUM(pct_change(200, 150), -25);
	CHECK_NUM(pct_change(3, 3), 0);
	CHECK_NUM(pct_change(0.1, 0.3), (0.3 - 0.1) * 100 / 0.1);
}

int main(void)
{
	test_table_only_type();
	test_oi_signal_symbol();
	test_layouts_agree();
	test_pct_change();
	UNIT_END();
}
